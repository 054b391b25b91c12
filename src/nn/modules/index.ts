// Every layer class of torch.nn, as torch/nn/modules/__init__.py gathers them.
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container.js';
export { Identity, Linear, Bilinear } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export {
  ReLU, ReLU6, LeakyReLU, PReLU, ELU, CELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Hardtanh, Hardswish, Hardsigmoid,
  Softplus, Softmax, LogSoftmax, Softmin, Softsign, Tanhshrink, Threshold, LogSigmoid,
} from './activation.js';
