// torch.optim: the optimizers (one file each, as torch/optim) and lr_scheduler.
export { Optimizer, OptimizerState, required } from './optimizer.js';
export type { ParamGroup, OptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export { Adamax } from './adamax.js';
export { NAdam } from './nadam.js';
export { RAdam } from './radam.js';
export { LBFGS } from './lbfgs.js';
export { Adadelta } from './adadelta.js';
export { Rprop } from './rprop.js';
export * as lr_scheduler from './lr_scheduler.js';
