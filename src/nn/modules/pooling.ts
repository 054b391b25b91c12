// torch.nn's pooling layers (torch/nn/modules/pooling.py): arguments kept as given (the 1-D
// average pool stores tuples, as PyTorch's _single does), PyTorch's reprs.
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

type IntArg = number | number[];
const single = (v: IntArg): number[] => (typeof v === 'number' ? [v] : v.slice());

abstract class MaxPoolNdImpl extends _ModuleImpl {
  declare kernel_size: IntArg;
  declare stride: IntArg;
  declare padding: IntArg;
  declare dilation: IntArg;
  declare return_indices: boolean;
  declare ceil_mode: boolean;
  /** @internal */
  _setup(name: string, args: unknown[]): void {
    const [k, s, p, d, ri, ceil] = bindArgs(`${name}.__init__`, args, ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], [REQUIRED, null, 0, 1, false, false]) as
      [IntArg, IntArg | null, IntArg, IntArg, boolean, boolean];
    this.kernel_size = k;
    this.stride = s ?? k;
    this.padding = p;
    this.dilation = d;
    this.return_indices = ri;
    this.ceil_mode = ceil;
  }
  override extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}, dilation=${pyStr(this.dilation)}, ceil_mode=${pyStr(this.ceil_mode)}`;
  }
}

class MaxPool1dImpl extends MaxPoolNdImpl {
  /** torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False) */
  constructor(...args: unknown[]) { super(); this._setup('MaxPool1d', args); }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return F.max_pool1d(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
}
class MaxPool2dImpl extends MaxPoolNdImpl {
  /** torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False): `nn.MaxPool2d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('MaxPool2d', args); }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return F.max_pool2d(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
}

class MaxPool3dImpl extends MaxPoolNdImpl {
  /** torch.nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False): `nn.MaxPool3d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('MaxPool3d', args); }
  override forward(input: Tensor): Tensor {
    return F.max_pool3d(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
}

abstract class AvgPoolNdImpl extends _ModuleImpl {
  declare kernel_size: IntArg;
  declare stride: IntArg;
  declare padding: IntArg;
  declare ceil_mode: boolean;
  declare count_include_pad: boolean;
  override extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}`;
  }
}

class AvgPool1dImpl extends AvgPoolNdImpl {
  /** torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) */
  constructor(...args: unknown[]) {
    super();
    const [k, s, p, ceil, cip] = bindArgs('AvgPool1d.__init__', args, ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'], [REQUIRED, null, 0, false, true]) as
      [IntArg, IntArg | null, IntArg, boolean, boolean];
    this.kernel_size = single(k);
    this.stride = single(s ?? k);
    this.padding = single(p);
    this.ceil_mode = ceil;
    this.count_include_pad = cip;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
}
/** AvgPool2d and AvgPool3d: the same arguments (with divisor_override), bound under the class's name. */
abstract class AvgPoolDivisorImpl extends AvgPoolNdImpl {
  declare divisor_override: number | null;
  protected bind(name: string, args: unknown[]): void {
    const [k, s, p, ceil, cip, dov] = bindArgs(`${name}.__init__`, args, ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], [REQUIRED, null, 0, false, true, null]) as
      [IntArg, IntArg | null, IntArg, boolean, boolean, number | null];
    this.kernel_size = k;
    this.stride = s ?? k;
    this.padding = p;
    this.ceil_mode = ceil;
    this.count_include_pad = cip;
    this.divisor_override = dov;
  }
}

class AvgPool2dImpl extends AvgPoolDivisorImpl {
  /** torch.nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None): `nn.AvgPool2d(2)` */
  constructor(...args: unknown[]) {
    super();
    this.bind('AvgPool2d', args);
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
}

class AvgPool3dImpl extends AvgPoolDivisorImpl {
  /** torch.nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None): `nn.AvgPool3d(2)` */
  constructor(...args: unknown[]) {
    super();
    this.bind('AvgPool3d', args);
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool3d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
}

abstract class AdaptiveImpl extends _ModuleImpl {
  declare output_size: number | (number | null)[];
  /** @internal */
  _setup(name: string, args: unknown[], withIndices: boolean): void {
    const names = withIndices ? ['output_size', 'return_indices'] : ['output_size'];
    const v = bindArgs(`${name}.__init__`, args, names, withIndices ? [REQUIRED, false] : [REQUIRED]);
    this.output_size = v[0] as number | (number | null)[];
    if (withIndices) (this as unknown as { return_indices: boolean }).return_indices = v[1] as boolean;
  }
  override extra_repr(): string { return `output_size=${pyStr(this.output_size)}`; }
}

class AdaptiveAvgPool1dImpl extends AdaptiveImpl {
  /** torch.nn.AdaptiveAvgPool1d(output_size) */
  constructor(...args: unknown[]) { super(); this._setup('AdaptiveAvgPool1d', args, false); }
  override forward(input: Tensor): Tensor { return F.adaptive_avg_pool1d(input, this.output_size); }
}
class AdaptiveAvgPool2dImpl extends AdaptiveImpl {
  /** torch.nn.AdaptiveAvgPool2d(output_size): `nn.AdaptiveAvgPool2d([1, 1])` */
  constructor(...args: unknown[]) { super(); this._setup('AdaptiveAvgPool2d', args, false); }
  override forward(input: Tensor): Tensor { return F.adaptive_avg_pool2d(input, this.output_size); }
}
class AdaptiveAvgPool3dImpl extends AdaptiveImpl {
  /** torch.nn.AdaptiveAvgPool3d(output_size): `nn.AdaptiveAvgPool3d([1, 1, 1])` */
  constructor(...args: unknown[]) { super(); this._setup('AdaptiveAvgPool3d', args, false); }
  override forward(input: Tensor): Tensor { return F.adaptive_avg_pool3d(input, this.output_size); }
}
class AdaptiveMaxPool1dImpl extends AdaptiveImpl {
  declare return_indices: boolean;
  /** torch.nn.AdaptiveMaxPool1d(output_size, return_indices=False) */
  constructor(...args: unknown[]) { super(); this._setup('AdaptiveMaxPool1d', args, true); }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.adaptive_max_pool1d(input, this.output_size, this.return_indices); }
}
class AdaptiveMaxPool2dImpl extends AdaptiveImpl {
  declare return_indices: boolean;
  /** torch.nn.AdaptiveMaxPool2d(output_size, return_indices=False) */
  constructor(...args: unknown[]) { super(); this._setup('AdaptiveMaxPool2d', args, true); }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.adaptive_max_pool2d(input, this.output_size, this.return_indices); }
}

class MaxUnpool2dImpl extends _ModuleImpl {
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[];
  /** torch.nn.MaxUnpool2d(kernel_size, stride=None, padding=0): `unpool(output, indices)` undoes `nn.MaxPool2d(2, {return_indices: true})` */
  constructor(...args: unknown[]) {
    super();
    const [k, s, p] = bindArgs('MaxUnpool2d.__init__', args, ['kernel_size', 'stride', 'padding'], [REQUIRED, null, 0]) as [IntArg, IntArg | null, IntArg];
    const pair = (v: IntArg) => (typeof v === 'number' ? [v, v] : v.slice());
    this.kernel_size = pair(k);
    this.stride = pair(s ?? k);
    this.padding = pair(p);
  }
  override forward(input: Tensor, indices: Tensor, outputSize: number[] | null = null): Tensor {
    return F.max_unpool2d(input, indices, this.kernel_size, this.stride, this.padding, outputSize);
  }
  override extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}`;
  }
}

class LPPool2dImpl extends _ModuleImpl {
  declare norm_type: number;
  declare kernel_size: IntArg;
  declare stride: IntArg | null;
  declare ceil_mode: boolean;
  /** torch.nn.LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False) */
  constructor(...args: unknown[]) {
    super();
    const [n, k, s, c] = bindArgs('LPPool2d.__init__', args, ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], [REQUIRED, REQUIRED, null, false]) as [number, IntArg, IntArg | null, boolean];
    this.norm_type = n;
    this.kernel_size = k;
    this.stride = s;
    this.ceil_mode = c;
  }
  override forward(input: Tensor): Tensor { return F.lp_pool2d(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode); }
  override extra_repr(): string {
    return `norm_type=${pyStr(this.norm_type)}, kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, ceil_mode=${pyStr(this.ceil_mode)}`;
  }
}

/** torch.nn.MaxPool1d: `nn.MaxPool1d(3, {stride: 2})` */
export const MaxPool1d = callableClass(MaxPool1dImpl);
export type MaxPool1d = MaxPool1dImpl;
/** torch.nn.MaxPool2d: `nn.MaxPool2d(2)` */
export const MaxPool2d = callableClass(MaxPool2dImpl);
export type MaxPool2d = MaxPool2dImpl;
/** torch.nn.MaxPool3d: `nn.MaxPool3d(2)` */
export const MaxPool3d = callableClass(MaxPool3dImpl);
export type MaxPool3d = MaxPool3dImpl;
/** torch.nn.AvgPool3d: `nn.AvgPool3d(2)` */
export const AvgPool3d = callableClass(AvgPool3dImpl);
export type AvgPool3d = AvgPool3dImpl;
/** torch.nn.AvgPool1d: `nn.AvgPool1d(3)` */
export const AvgPool1d = callableClass(AvgPool1dImpl);
export type AvgPool1d = AvgPool1dImpl;
/** torch.nn.AvgPool2d: `nn.AvgPool2d(2)` */
export const AvgPool2d = callableClass(AvgPool2dImpl);
export type AvgPool2d = AvgPool2dImpl;
/** torch.nn.AdaptiveAvgPool1d: `nn.AdaptiveAvgPool1d(4)` */
export const AdaptiveAvgPool1d = callableClass(AdaptiveAvgPool1dImpl);
export type AdaptiveAvgPool1d = AdaptiveAvgPool1dImpl;
/** torch.nn.AdaptiveAvgPool2d: `nn.AdaptiveAvgPool2d([1, 1])` */
export const AdaptiveAvgPool2d = callableClass(AdaptiveAvgPool2dImpl);
export type AdaptiveAvgPool2d = AdaptiveAvgPool2dImpl;
/** torch.nn.AdaptiveAvgPool3d: `nn.AdaptiveAvgPool3d([1, 1, 1])` */
export const AdaptiveAvgPool3d = callableClass(AdaptiveAvgPool3dImpl);
export type AdaptiveAvgPool3d = AdaptiveAvgPool3dImpl;
/** torch.nn.AdaptiveMaxPool1d: `nn.AdaptiveMaxPool1d(4)` */
export const AdaptiveMaxPool1d = callableClass(AdaptiveMaxPool1dImpl);
export type AdaptiveMaxPool1d = AdaptiveMaxPool1dImpl;
/** torch.nn.AdaptiveMaxPool2d: `nn.AdaptiveMaxPool2d([2, null])` */
export const AdaptiveMaxPool2d = callableClass(AdaptiveMaxPool2dImpl);
export type AdaptiveMaxPool2d = AdaptiveMaxPool2dImpl;
/** torch.nn.MaxUnpool2d: `nn.MaxUnpool2d(2)` */
export const MaxUnpool2d = callableClass(MaxUnpool2dImpl);
export type MaxUnpool2d = MaxUnpool2dImpl;
/** torch.nn.LPPool2d: `nn.LPPool2d(2, 3)` */
export const LPPool2d = callableClass(LPPool2dImpl);
export type LPPool2d = LPPool2dImpl;
