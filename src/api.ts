// The public API: everything `torch.*` has. The entries add how the core is awaited: index.ts
// (ESM, ready on import) and browser.ts (script tag, torch.ready()).
import * as dtypes from './dtype.js';
import { DType } from './dtype.js';
import { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd.js';
import { grad, backward } from './functional.js';
import { float32 } from './dtype.js';
import * as F from './nn/functional.js';

export { Tensor } from './tensor.js';
export { Size } from './shape.js';
export { DType } from './dtype.js';
export * from './creation.js';
export * from './functional.js';
export { tidy, memory } from './memory.js';
export { webgl } from './webgl.js';
export { ready, set_backend, get_backend, set_num_threads, get_num_threads } from './backends/index.js';
export { manual_seed, initial_seed } from './random.js';
export { set_printoptions, get_printoptions } from './printing.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled };

/** PyTorch's dtypes `torch.float64`, `float16`, `int32`, `int64`, `uint8`, `int8`, `int16`, `bool`. Example: `torch.zeros(2, { dtype: torch.int64 })` */
export const { float64, float16, int32, int64, uint8, int8, int16, bool } = dtypes;
export { float32 };
/** PyTorch's dtype aliases `torch.float` (float32), `torch.double` (float64), `torch.half` (float16). Example: `x.to(torch.double)` */
export const float = dtypes.float32, double = dtypes.float64, half = dtypes.float16;
/** PyTorch's dtype aliases `torch.int` (int32), `torch.long` (int64), `torch.short` (int16). Example: `torch.tensor([1, 2], { dtype: torch.long })` */
export const int = dtypes.int32, long = dtypes.int64, short = dtypes.int16;

/** PyTorch's `torch.get_default_dtype()`: the dtype of floating-point tensors made from numbers (float32). Example: `torch.get_default_dtype()` */
export function get_default_dtype(): DType { return dtypes.defaultFloat; }

/** PyTorch's `torch.autograd`: `grad(outputs, inputs, options)` and `backward(tensors, grad_tensors)`. Example: `torch.autograd.grad(y, x)` */
export const autograd = { grad, backward };

/** torch.nn: for now the functional interface, `torch.nn.functional.relu(x)` (import as F). */
export const nn = { functional: F };

/** A device object, as torch.device returns. */
class Device {
  /** `torch.device('cpu')`: type is 'cpu' or 'webgl' */
  constructor(readonly type: string) {}
  toString(): string { return this.type; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `device(type='${this.type}')`; }
}
/** torch.device('cpu' | 'webgl'): callable with or without `new`, as in PyTorch; instanceof works. */
export const device = function device(type: string): Device { return new Device(type); } as unknown as
  { new (type: string): Device; (type: string): Device; readonly prototype: Device };
(device as unknown as { prototype: Device }).prototype = Device.prototype;
export type device = Device;

/** PyTorch's `torch.cuda`, present so ported code runs: no CUDA here (the GPU device is 'webgl'). Example: `torch.cuda.is_available()` is false */
export const cuda = { is_available: (): boolean => false, device_count: (): number => 0 };
