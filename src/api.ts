// The public API: everything `torch.*` has. The entries add how the core is awaited: index.ts
// (ESM, ready on import) and browser.ts (script tag, torch.ready()).
import * as dtypes from './dtype.js';
import { DType } from './dtype.js';
import { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd.js';
import { grad, backward } from './functional.js';
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name, torch.autograd.Function
import { Function, FunctionCtx } from './autograd-function.js';
import { float32 } from './dtype.js';
import * as data from './utils/data/index.js';
import { tqdm } from './utils/tqdm.js';
import { make_dot, Digraph } from './viz.js';
import { Device } from './device.js';

export { Tensor } from './tensor.js';
export { Size } from './shape.js';
export { DType } from './dtype.js';
export * from './creation.js';
export * from './functional.js';
export { tidy, memory, keep } from './memory.js';
export { set_default_device, get_default_device } from './device.js';
export { webgl } from './webgl.js';
export { ready, set_backend, get_backend, set_num_threads, get_num_threads } from './backends/index.js';
export { manual_seed, initial_seed, seed, get_rng_state, set_rng_state, default_generator } from './random.js';
export { bernoulli, multinomial, normal } from './ops/distributions.js';
import { Generator as GeneratorClass } from './random.js';
import * as R from './random.js';
export { set_printoptions, get_printoptions } from './printing.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled };
/** torch.conv2d, torch.max_pool2d, ...: the same functions as torch.nn.functional's */
export {
  conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, max_pool1d, max_pool2d, avg_pool1d,
  adaptive_avg_pool1d, pixel_shuffle, pixel_unshuffle, instance_norm,
} from './nn/functional-conv.js';

/** PyTorch's dtypes `torch.float64`, `float16`, `int32`, `int64`, `uint8`, `int8`, `int16`, `bool`. Example: `torch.zeros(2, { dtype: torch.int64 })` */
export const { float64, float16, int32, int64, uint8, int8, int16, bool } = dtypes;
export { float32 };
/** PyTorch's dtype aliases `torch.float` (float32), `torch.double` (float64), `torch.half` (float16). Example: `x.to(torch.double)` */
export const float = dtypes.float32, double = dtypes.float64, half = dtypes.float16;
/** PyTorch's dtype aliases `torch.int` (int32), `torch.long` (int64), `torch.short` (int16). Example: `torch.tensor([1, 2], { dtype: torch.long })` */
export const int = dtypes.int32, long = dtypes.int64, short = dtypes.int16;

/** PyTorch's `torch.get_default_dtype()`: the dtype of floating-point tensors made from numbers (float32). Example: `torch.get_default_dtype()` */
export function get_default_dtype(): DType { return dtypes.defaultFloat; }

/** PyTorch's `torch.autograd`: `grad(outputs, inputs, options)`, `backward(tensors, grad_tensors)`, and `Function` for custom ops. Example: `torch.autograd.grad(y, x)` */
export const autograd = { grad, backward, Function, FunctionCtx };

/** torch.nn: Module, Parameter, the layers, init, and functional (`torch.nn.functional.relu(x)`). */
export * as nn from './nn/index.js';

/** torch.optim: SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam, and lr_scheduler (`torch.optim.lr_scheduler.StepLR`). */
export * as optim from './optim/index.js';

/** torch.device('cpu' | 'webgl'): callable with or without `new`, as in PyTorch; instanceof works. */
export const device = function device(type: string | Device, index?: number | null): Device { return new Device(type, index); } as unknown as
  { new (type: string | Device, index?: number | null): Device; (type: string | Device, index?: number | null): Device; readonly prototype: Device };
(device as unknown as { prototype: Device }).prototype = Device.prototype;
export type device = Device;

/** PyTorch's `torch.cuda`, present so ported code runs: no CUDA here (the GPU device is 'webgl'). Example: `torch.cuda.is_available()` is false */
export const cuda = { is_available: (): boolean => false, device_count: (): number => 0 };

/** torch.save(obj, path?) / torch.load(pathOrBytes, {map_location}) and torch.safetensors (src/serialization). */
export { save, load, safetensors } from './serialization/index.js';

/**
 * torch.Generator(device = 'cpu'): callable with or without `new`; instanceof works.
 * `const g = torch.Generator().manual_seed(0)`
 */
export const Generator = function Generator(device?: string | { type: string }): GeneratorClass { return new GeneratorClass(device); } as unknown as
  { new (device?: string | { type: string }): GeneratorClass; (device?: string | { type: string }): GeneratorClass; readonly prototype: GeneratorClass };
(Generator as unknown as { prototype: GeneratorClass }).prototype = GeneratorClass.prototype;
export type Generator = GeneratorClass;

/** torch.utils: `torch.utils.data` (Dataset, DataLoader, ...) and webtorch's progress bar `torch.utils.tqdm`. */
export const utils = { data, tqdm };

/** torch.viz: torchviz's `make_dot(output, {params})`, the autograd graph as Graphviz DOT (`.svg()` renders it). */
export const viz = { make_dot, Digraph };

/** torch.random: the default generator's functions, and fork_rng(fn). */
export const random = {
  manual_seed: R.manual_seed, seed: R.seed, initial_seed: R.initial_seed, get_rng_state: R.get_rng_state,
  set_rng_state: R.set_rng_state, fork_rng: R.fork_rng, default_generator: R.default_generator,
};
