// Every layer class of torch.nn, as torch/nn/modules/__init__.py gathers them.
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container.js';
export { Identity, Linear, Bilinear } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export {
  ReLU, ReLU6, LeakyReLU, PReLU, ELU, CELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Hardtanh, Hardswish, Hardsigmoid,
  Softplus, Softmax, LogSoftmax, Softmin, Softsign, Tanhshrink, Threshold, LogSigmoid,
} from './activation.js';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from './conv.js';
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, LPPool2d, MaxUnpool2d,
} from './pooling.js';
export {
  ZeroPad2d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d,
  ReplicationPad2d, ReplicationPad3d,
} from './padding.js';
export { Unfold, Fold } from './fold.js';
export { PixelShuffle, PixelUnshuffle } from './pixelshuffle.js';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './upsampling.js';
export { InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm } from './instancenorm.js';
