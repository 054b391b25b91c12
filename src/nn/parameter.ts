// torch.nn.Parameter: a Tensor that a Module registers as a parameter when assigned to one of its
// attributes. It aliases the data it wraps (same storage, as PyTorch's `data.detach()`), is a leaf
// that requires grad by default, and prints as `Parameter containing:` plus the tensor.
import { float32 } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { defaultDevice } from '../device.js';
import { callableClass, bindArgs } from './callable.js';

class ParameterImpl extends Tensor {
  /** torch.nn.Parameter(data=None, requires_grad=True): `torch.nn.Parameter(torch.randn(3, 4))` */
  constructor(...args: unknown[]) {
    const [data, requiresGrad] = bindArgs('Parameter.__new__', args, ['data', 'requires_grad'], [null, true]) as [Tensor | null, boolean];
    if (data !== null && !(data instanceof Tensor)) {
      throw new TypeError(`Parameter.__new__(): argument 'data' must be Tensor, not ${typeof data}`);
    }
    const src = data ?? Tensor.empty([0], float32, defaultDevice()); // torch.empty(0): on the default device
    const s = src.storage;
    s.refs++;
    super(s, src.shape_, src.strides, src.offset, src.dtype);
    // parameters live as long as their module: no tidy scope may free them
    this._kept = true;
    if (requiresGrad) this.requires_grad_(true);
  }

  /** repr(param): `Parameter containing:\ntensor([...], requires_grad=True)` */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** torch.nn.Parameter(data, requires_grad=true); with or without `new`; `p instanceof torch.Tensor`. */
export const Parameter = callableClass(ParameterImpl);
/** The type of a torch.nn.Parameter. */
export type Parameter = ParameterImpl;
