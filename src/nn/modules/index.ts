// Every layer class of torch.nn, as torch/nn/modules/__init__.py gathers them.
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container.js';
