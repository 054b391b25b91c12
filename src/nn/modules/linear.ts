// torch.nn.Identity, Linear, Bilinear: PyTorch's parameters, initialisation order and reprs.
import { empty } from '../../creation.js';
import { type DTypeLike } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import * as init from '../init.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';

const factory = (device: unknown, dtype: unknown) => {
  const o: { device?: string; dtype?: DTypeLike } = {};
  if (device !== null && device !== undefined) o.device = String(device);
  if (dtype !== null && dtype !== undefined) o.dtype = dtype as DTypeLike;
  return o;
};

class IdentityImpl extends _ModuleImpl {
  /** torch.nn.Identity(): returns its input (any arguments are ignored, as PyTorch's) */
  constructor(..._args: unknown[]) { super(); }
  override forward(input: Tensor): Tensor { return input; }
}

class LinearImpl extends _ModuleImpl {
  declare in_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;
  /** torch.nn.Linear(in_features, out_features, bias=True, device=None, dtype=None): `nn.Linear(4, 2)` */
  constructor(...args: unknown[]) {
    super();
    const [inF, outF, bias, device, dtype] = bindArgs('Linear.__init__', args, ['in_features', 'out_features', 'bias', 'device', 'dtype'], [REQUIRED, REQUIRED, true, null, null]) as [number, number, boolean, unknown, unknown];
    this.in_features = inF;
    this.out_features = outF;
    this.weight = new Parameter(empty([outF, inF], factory(device, dtype)));
    if (bias) this.bias = new Parameter(empty([outF], factory(device, dtype)));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }
  /** linear.reset_parameters(): kaiming_uniform_(weight, a=sqrt(5)), then bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(input: Tensor): Tensor { return F.linear(input, this.weight, this.bias); }
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyStr(this.bias !== null)}`;
  }
}

class BilinearImpl extends _ModuleImpl {
  declare in1_features: number;
  declare in2_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;
  /** torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True): y = x1^T A x2 + b */
  constructor(...args: unknown[]) {
    super();
    const [in1, in2, out, bias, device, dtype] = bindArgs('Bilinear.__init__', args, ['in1_features', 'in2_features', 'out_features', 'bias', 'device', 'dtype'], [REQUIRED, REQUIRED, REQUIRED, true, null, null]) as [number, number, number, boolean, unknown, unknown];
    this.in1_features = in1;
    this.in2_features = in2;
    this.out_features = out;
    this.weight = new Parameter(empty([out, in1, in2], factory(device, dtype)));
    if (bias) this.bias = new Parameter(empty([out], factory(device, dtype)));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }
  /** bilinear.reset_parameters(): U(-1/sqrt(in1), 1/sqrt(in1)) for weight then bias */
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape_[1]);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    // y[..., o] = sum_ij x1[..., i] W[o, i, j] x2[..., j]
    const y = input1.unsqueeze(-2).unsqueeze(-2).matmul(this.weight).matmul(input2.unsqueeze(-2).unsqueeze(-1)).squeeze(-1).squeeze(-1);
    return this.bias ? y.add(this.bias) : y;
  }
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyStr(this.bias !== null)}`;
  }
}

/** torch.nn.Identity() */
export const Identity = callableClass(IdentityImpl);
export type Identity = IdentityImpl;
/** torch.nn.Linear(in_features, out_features, bias=True): `const fc = nn.Linear(784, 10)` */
export const Linear = callableClass(LinearImpl);
export type Linear = LinearImpl;
/** torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True) */
export const Bilinear = callableClass(BilinearImpl);
export type Bilinear = BilinearImpl;
