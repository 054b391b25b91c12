// torch.nn.LayerNorm and GroupNorm (torch/nn/modules/normalization.py): affine parameters
// initialised to ones and zeros, reprs as PyTorch's.
import { empty } from '../../creation.js';
import type { DTypeLike } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import * as init from '../init.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';

/** @internal the {device, dtype} factory options of a constructor */
export function factory(device: unknown, dtype: unknown): { device?: string; dtype?: DTypeLike } {
  const o: { device?: string; dtype?: DTypeLike } = {};
  if (device !== null && device !== undefined) o.device = String(device);
  if (dtype !== null && dtype !== undefined) o.dtype = dtype as DTypeLike;
  return o;
}

class LayerNormImpl extends _ModuleImpl {
  declare normalized_shape: number[];
  declare eps: number;
  declare elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  /** torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, device=None, dtype=None): `nn.LayerNorm(64)` */
  constructor(...args: unknown[]) {
    super();
    const [shape, eps, affine, device, dtype] = bindArgs('LayerNorm.__init__', args, ['normalized_shape', 'eps', 'elementwise_affine', 'device', 'dtype'],
      [REQUIRED, 1e-5, true, null, null]) as [number | number[], number, boolean, unknown, unknown];
    this.normalized_shape = typeof shape === 'number' ? [shape] : [...shape];
    this.eps = eps;
    this.elementwise_affine = affine;
    if (affine) {
      this.weight = new Parameter(empty(this.normalized_shape, factory(device, dtype)));
      this.bias = new Parameter(empty(this.normalized_shape, factory(device, dtype)));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }
  /** layer_norm.reset_parameters(): weight ones, bias zeros */
  reset_parameters(): void {
    if (this.elementwise_affine) {
      init.ones_(this.weight as Tensor);
      init.zeros_(this.bias as Tensor);
    }
  }
  /** layer_norm(input): normalised over the trailing normalized_shape dims */
  override forward(input: Tensor): Tensor { return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps); }
  /** `(64,), eps=1e-05, elementwise_affine=True` */
  override extra_repr(): string {
    return `${pyStr(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyStr(this.elementwise_affine)}`;
  }
}

class GroupNormImpl extends _ModuleImpl {
  declare num_groups: number;
  declare num_channels: number;
  declare eps: number;
  declare affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  /** torch.nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None): `nn.GroupNorm(4, 32)` */
  constructor(...args: unknown[]) {
    super();
    const [groups, channels, eps, affine, device, dtype] = bindArgs('GroupNorm.__init__', args, ['num_groups', 'num_channels', 'eps', 'affine', 'device', 'dtype'],
      [REQUIRED, REQUIRED, 1e-5, true, null, null]) as [number, number, number, boolean, unknown, unknown];
    if (channels % groups !== 0) throw new Error('ValueError: num_channels must be divisible by num_groups');
    this.num_groups = groups;
    this.num_channels = channels;
    this.eps = eps;
    this.affine = affine;
    if (affine) {
      this.weight = new Parameter(empty([channels], factory(device, dtype)));
      this.bias = new Parameter(empty([channels], factory(device, dtype)));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }
  /** group_norm.reset_parameters(): weight ones, bias zeros */
  reset_parameters(): void {
    if (this.affine) {
      init.ones_(this.weight as Tensor);
      init.zeros_(this.bias as Tensor);
    }
  }
  /** group_norm(input): input (N, C, *) normalised per sample over each group of channels */
  override forward(input: Tensor): Tensor { return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps); }
  /** `4, 32, eps=1e-05, affine=True` */
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyStr(this.affine)}`;
  }
}

/** torch.nn.LayerNorm: `const ln = nn.LayerNorm([4, 8]); ln(x)` */
export const LayerNorm = callableClass(LayerNormImpl);
export type LayerNorm = LayerNormImpl;
/** torch.nn.GroupNorm */
export const GroupNorm = callableClass(GroupNormImpl);
export type GroupNorm = GroupNormImpl;
