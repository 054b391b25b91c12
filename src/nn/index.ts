// torch.nn: Module, Parameter, the layers (src/nn/modules/*), init and functional.
export * as functional from './functional.js';
export * as init from './init.js';
export { Parameter } from './parameter.js';
export { Module, RemovableHandle } from './module.js';
export * from './modules/index.js';
import * as layers from './modules/index.js';
import { markBuiltinModules } from './module.js';

markBuiltinModules(Object.values(layers));
