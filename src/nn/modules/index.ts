// Every layer class of torch.nn, as torch/nn/modules/__init__.py gathers them.
// A layer is `class FooImpl extends _ModuleImpl` (src/nn/module.ts) whose constructor calls super()
// first, binds its arguments with bindArgs (src/nn/callable.ts: Python's errors, unknown keys
// refused), assigns Parameters/Modules/buffers as attributes, and overrides forward and
// extra_repr; it is exported as `export const Foo = callableClass(FooImpl)` (with and without new,
// named Foo in reprs) and listed here.
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container.js';
export { Identity, Linear, Bilinear } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export {
  ReLU, ReLU6, LeakyReLU, PReLU, ELU, CELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Hardtanh, Hardswish, Hardsigmoid,
  Softplus, Softmax, LogSoftmax, Softmin, Softsign, Tanhshrink, Threshold, LogSigmoid,
} from './activation.js';
export {
  L1Loss, MSELoss, SmoothL1Loss, HuberLoss, SoftMarginLoss, KLDivLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
  CosineEmbeddingLoss, MarginRankingLoss, HingeEmbeddingLoss, PoissonNLLLoss, GaussianNLLLoss, TripletMarginLoss, MultiLabelSoftMarginLoss,
  MultiMarginLoss, MultiLabelMarginLoss,
} from './loss.js';
export { PairwiseDistance, CosineSimilarity } from './distance.js';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './dropout.js';
export { Embedding, EmbeddingBag } from './sparse.js';
export { LayerNorm, GroupNorm } from './normalization.js';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d } from './batchnorm.js';
export { MultiheadAttention } from './attention.js';
export { TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer } from './transformer.js';
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
