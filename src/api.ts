// The public API: everything `torch.*` has. The entries add how the core is awaited: index.ts
// (ESM, ready on import) and browser.ts (script tag, torch.ready()).
import * as dtypes from './dtype.js';
import { DType } from './dtype.js';
import { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd.js';
import { grad, backward } from './functional.js';
import { Function, FunctionCtx } from './autograd-function.js';
import { float32 } from './dtype.js';

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
/** torch.conv2d, torch.max_pool2d, ...: the same functions as torch.nn.functional's */
export {
  conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, max_pool1d, max_pool2d, avg_pool1d,
  adaptive_avg_pool1d, pixel_shuffle, pixel_unshuffle, instance_norm,
} from './nn/functional-conv.js';

export const { float64, float16, int32, int64, uint8, int8, int16, bool } = dtypes;
export { float32 };
export const float = dtypes.float32, double = dtypes.float64, half = dtypes.float16;
export const int = dtypes.int32, long = dtypes.int64, short = dtypes.int16;

export function get_default_dtype(): DType { return dtypes.defaultFloat; }

/** torch.autograd: grad, backward, and Function for custom ops (`class F extends torch.autograd.Function {...}`). */
export const autograd = { grad, backward, Function, FunctionCtx };

/** torch.nn: Module, Parameter, the layers, init, and functional (`torch.nn.functional.relu(x)`). */
export * as nn from './nn/index.js';

/** A device object, as torch.device returns. */
class Device {
  constructor(readonly type: string) {}
  toString(): string { return this.type; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `device(type='${this.type}')`; }
}
/** torch.device('cpu' | 'webgl'): callable with or without `new`, as in PyTorch; instanceof works. */
export const device = function device(type: string): Device { return new Device(type); } as unknown as
  { new (type: string): Device; (type: string): Device; readonly prototype: Device };
(device as unknown as { prototype: Device }).prototype = Device.prototype;
export type device = Device;

export const cuda = { is_available: (): boolean => false, device_count: (): number => 0 };
