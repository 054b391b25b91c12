// torch.nn.InstanceNorm1d/2d/3d and LocalResponseNorm (torch/nn/modules/instancenorm.py,
// normalization.py): parameters (ones/zeros when affine), running-stat buffers, reprs.
import { ones, tensor, zeros } from '../../creation.js';
import { int64 } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';

abstract class InstanceNormImpl extends _ModuleImpl {
  declare num_features: number;
  declare eps: number;
  declare momentum: number;
  declare affine: boolean;
  declare track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  /** @internal spatial dims of the batched input */
  declare _nd: number;
  /** @internal */
  _setup(name: string, nd: number, args: unknown[]): void {
    const [n, eps, momentum, affine, track, device, dtype] = bindArgs(`${name}.__init__`, args, ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'], [REQUIRED, 1e-5, 0.1, false, false, null, null]) as
      [number, number, number, boolean, boolean, unknown, unknown];
    const o: Record<string, unknown> = {};
    if (device !== null) o.device = device;
    if (dtype !== null) o.dtype = dtype;
    this._nd = nd;
    this.num_features = n;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track;
    if (affine) {
      this.weight = new Parameter(ones([n], o));
      this.bias = new Parameter(zeros([n], o));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    if (track) {
      this.register_buffer('running_mean', zeros([n], o));
      this.register_buffer('running_var', ones([n], o));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64, ...(o.device ? { device: o.device as string } : {}) }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
  }
  override forward(input: Tensor): Tensor {
    const unbatched = input.ndim === this._nd + 1;
    if (!unbatched && input.ndim !== this._nd + 2) {
      throw new Error(`expected ${this._nd + 1}D or ${this._nd + 2}D input (got ${input.ndim}D input)`);
    }
    const x = unbatched ? input.unsqueeze(0) : input;
    const y = F.instance_norm(x, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum, this.eps);
    return unbatched ? y.squeeze(0) : y;
  }
  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyStr(this.affine)}, track_running_stats=${pyStr(this.track_running_stats)}`;
  }
}

class InstanceNorm1dImpl extends InstanceNormImpl {
  /** torch.nn.InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False) */
  constructor(...args: unknown[]) { super(); this._setup('InstanceNorm1d', 1, args); }
}
class InstanceNorm2dImpl extends InstanceNormImpl {
  /** torch.nn.InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False): `nn.InstanceNorm2d(16)` */
  constructor(...args: unknown[]) { super(); this._setup('InstanceNorm2d', 2, args); }
}
class InstanceNorm3dImpl extends InstanceNormImpl {
  /** torch.nn.InstanceNorm3d(num_features, ...) */
  constructor(...args: unknown[]) { super(); this._setup('InstanceNorm3d', 3, args); }
}

class LocalResponseNormImpl extends _ModuleImpl {
  declare size: number;
  declare alpha: number;
  declare beta: number;
  declare k: number;
  /** torch.nn.LocalResponseNorm(size, alpha=0.0001, beta=0.75, k=1.0): `nn.LocalResponseNorm(2)` */
  constructor(...args: unknown[]) {
    super();
    [this.size, this.alpha, this.beta, this.k] = bindArgs('LocalResponseNorm.__init__', args, ['size', 'alpha', 'beta', 'k'], [REQUIRED, 1e-4, 0.75, 1]) as number[];
  }
  override forward(input: Tensor): Tensor { return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k); }
  override extra_repr(): string { return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`; }
}

/** torch.nn.InstanceNorm1d: `nn.InstanceNorm1d(8)` */
export const InstanceNorm1d = callableClass(InstanceNorm1dImpl);
export type InstanceNorm1d = InstanceNorm1dImpl;
/** torch.nn.InstanceNorm2d: `nn.InstanceNorm2d(16, {affine: true})` */
export const InstanceNorm2d = callableClass(InstanceNorm2dImpl);
export type InstanceNorm2d = InstanceNorm2dImpl;
/** torch.nn.InstanceNorm3d: `nn.InstanceNorm3d(4)` */
export const InstanceNorm3d = callableClass(InstanceNorm3dImpl);
export type InstanceNorm3d = InstanceNorm3dImpl;
/** torch.nn.LocalResponseNorm: `nn.LocalResponseNorm(2)` */
export const LocalResponseNorm = callableClass(LocalResponseNormImpl);
export type LocalResponseNorm = LocalResponseNormImpl;
