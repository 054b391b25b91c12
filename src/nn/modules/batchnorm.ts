// torch.nn.BatchNorm1d/2d/3d (torch/nn/modules/batchnorm.py): running statistics as buffers
// (running_mean, running_var, num_batches_tracked int64), updated in training with momentum (or a
// cumulative average when momentum is null), used in eval.
import { tensor, zeros, ones } from '../../creation.js';
import { int64 } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import * as init from '../init.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';
import { factory } from './normalization.js';

const NAMES = ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'];

class NormBaseImpl extends _ModuleImpl {
  declare num_features: number;
  declare eps: number;
  declare momentum: number | null;
  declare affine: boolean;
  declare track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  /** @internal PyTorch's _NormBase.__init__ */
  _init(name: string, args: readonly unknown[]): void {
    const [num, eps, momentum, affine, track, device, dtype] = bindArgs(`${name}.__init__`, args, NAMES,
      [REQUIRED, 1e-5, 0.1, true, true, null, null]) as [number, number, number | null, boolean, boolean, unknown, unknown];
    const f = factory(device, dtype);
    this.num_features = num;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track;
    if (affine) {
      this.weight = new Parameter(zeros([num], f));
      this.bias = new Parameter(zeros([num], f));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    if (track) {
      this.register_buffer('running_mean', zeros([num], f));
      this.register_buffer('running_var', ones([num], f));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64, ...(f.device ? { device: f.device } : {}) }));
      for (const b of [this.running_mean, this.running_var, this.num_batches_tracked]) (b as Tensor)._kept = true;
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }

  /** bn.reset_running_stats(): running_mean 0, running_var 1, num_batches_tracked 0 */
  reset_running_stats(): void {
    if (this.track_running_stats) {
      (this.running_mean as Tensor).zero_();
      (this.running_var as Tensor).fill_(1);
      (this.num_batches_tracked as Tensor).zero_();
    }
  }

  /** bn.reset_parameters(): running stats reset, weight ones, bias zeros */
  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight as Tensor);
      init.zeros_(this.bias as Tensor);
    }
  }

  /** @internal raises PyTorch's ValueError for an input of the wrong rank */
  _check_input_dim(_input: Tensor): void {
    throw new Error('NotImplementedError');
  }

  /** `3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True` */
  override extra_repr(): string {
    const m = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyStr(this.affine)}, track_running_stats=${pyStr(this.track_running_stats)}`;
  }

  /** bn(input): batch statistics in training (updating the running ones), the running ones in eval */
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    let factor = this.momentum === null ? 0 : this.momentum;
    if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1 / (this.num_batches_tracked.item() as number) : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null,
      this.weight, this.bias, bnTraining, factor, this.eps);
  }
}

class BatchNorm1dImpl extends NormBaseImpl {
  /** torch.nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True): input (N, C) or (N, C, L) */
  constructor(...args: unknown[]) { super(); this._init('BatchNorm1d', args); }
  override _check_input_dim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new Error(`ValueError: expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}
class BatchNorm2dImpl extends NormBaseImpl {
  /** torch.nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True): input (N, C, H, W) */
  constructor(...args: unknown[]) { super(); this._init('BatchNorm2d', args); }
  override _check_input_dim(input: Tensor): void {
    if (input.ndim !== 4) throw new Error(`ValueError: expected 4D input (got ${input.ndim}D input)`);
  }
}
class BatchNorm3dImpl extends NormBaseImpl {
  /** torch.nn.BatchNorm3d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True): input (N, C, D, H, W) */
  constructor(...args: unknown[]) { super(); this._init('BatchNorm3d', args); }
  override _check_input_dim(input: Tensor): void {
    if (input.ndim !== 5) throw new Error(`ValueError: expected 5D input (got ${input.ndim}D input)`);
  }
}

/** torch.nn.BatchNorm1d: `const bn = nn.BatchNorm1d(16); bn(x); bn.eval()` */
export const BatchNorm1d = callableClass(BatchNorm1dImpl);
export type BatchNorm1d = BatchNorm1dImpl;
/** torch.nn.BatchNorm2d: `nn.BatchNorm2d(32)` */
export const BatchNorm2d = callableClass(BatchNorm2dImpl);
export type BatchNorm2d = BatchNorm2dImpl;
/** torch.nn.BatchNorm3d */
export const BatchNorm3d = callableClass(BatchNorm3dImpl);
export type BatchNorm3d = BatchNorm3dImpl;
/** @internal the _BatchNorm base, for subclasses (SyncBatchNorm-like modules, conv's helpers) */
export const _BatchNorm = NormBaseImpl;
