// torch.nn.Conv1d/2d/3d and ConvTranspose1d/2d/3d (torch/nn/modules/conv.py): PyTorch's checks,
// parameter shapes, initialisation (kaiming_uniform_(a=sqrt(5)), then the bias from fan_in, on
// the global generator), padding modes and reprs.
import { empty } from '../../creation.js';
import type { DTypeLike } from '../../dtype.js';
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

/** _single/_pair/_triple: a number repeated n times, a list kept. */
const ntuple = (v: number | readonly number[], n: number): number[] => (typeof v === 'number' ? Array(n).fill(v) : v.slice());

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

abstract class ConvNdImpl extends _ModuleImpl {
  declare in_channels: number;
  declare out_channels: number;
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[] | string;
  declare dilation: number[];
  declare transposed: boolean;
  declare output_padding: number[];
  declare groups: number;
  declare padding_mode: string;
  /** @internal F.pad's argument for the non-zeros padding modes */
  declare _reversed_padding_repeated_twice: number[];
  declare weight: Parameter;
  declare bias: Parameter | null;

  /** @internal */
  _init(nd: number, transposed: boolean, inC: number, outC: number, k: number | number[], stride: number | number[], padding: number | number[] | string,
    dilation: number | number[], outputPadding: number | number[], groups: number, bias: boolean, paddingMode: string, device: unknown, dtype: unknown): void {
    if (groups <= 0) throw new Error('groups must be a positive integer');
    if (inC % groups !== 0) throw new Error('in_channels must be divisible by groups');
    if (outC % groups !== 0) throw new Error('out_channels must be divisible by groups');
    const st = ntuple(stride, nd);
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') throw new Error(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === 'same' && st.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
    }
    if (!PADDING_MODES.includes(paddingMode)) {
      throw new Error(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${paddingMode}'`);
    }
    this.in_channels = inC;
    this.out_channels = outC;
    this.kernel_size = ntuple(k, nd);
    this.stride = st;
    this.padding = typeof padding === 'string' ? padding : ntuple(padding, nd);
    this.dilation = ntuple(dilation, nd);
    this.transposed = transposed;
    this.output_padding = ntuple(outputPadding, nd);
    this.groups = groups;
    this.padding_mode = paddingMode;
    const rev: number[] = [];
    for (let i = nd - 1; i >= 0; i--) {
      if (this.padding === 'same') {
        const total = this.dilation[i] * (this.kernel_size[i] - 1), left = Math.floor(total / 2);
        rev.push(left, total - left);
      } else if (this.padding === 'valid') rev.push(0, 0);
      else rev.push((this.padding as number[])[i], (this.padding as number[])[i]);
    }
    this._reversed_padding_repeated_twice = rev;
    const shape = transposed ? [inC, outC / groups, ...this.kernel_size] : [outC, inC / groups, ...this.kernel_size];
    this.weight = new Parameter(empty(shape, factory(device, dtype)));
    if (bias) this.bias = new Parameter(empty([outC], factory(device, dtype)));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  /** conv.reset_parameters(): kaiming_uniform_(weight, a=sqrt(5)), then bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string' || p.some((v) => v !== 0)) s += `, padding=${pyStr(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyStr(this.dilation)}`;
    if (this.output_padding.some((v) => v !== 0)) s += `, output_padding=${pyStr(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

const CONV_NAMES = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode', 'device', 'dtype'];
const CONV_DEFAULTS = [REQUIRED, REQUIRED, REQUIRED, 1, 0, 1, 1, true, 'zeros', null, null];
const CONV_FNS = [F.conv1d, F.conv2d, F.conv3d];

abstract class ConvImpl extends ConvNdImpl {
  /** @internal */
  _setup(nd: number, name: string, args: unknown[]): void {
    const [inC, outC, k, stride, padding, dilation, groups, bias, mode, device, dtype] = bindArgs(`${name}.__init__`, args, CONV_NAMES, CONV_DEFAULTS) as
      [number, number, number | number[], number | number[], number | number[] | string, number | number[], number, boolean, string, unknown, unknown];
    this._init(nd, false, inC, outC, k, stride, padding, dilation, 0, groups, bias, mode, device, dtype);
  }
  /** @internal */
  _conv(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    const fn = CONV_FNS[this.kernel_size.length - 1];
    if (this.padding_mode !== 'zeros') {
      return fn(F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode), weight, bias, this.stride, 0, this.dilation, this.groups);
    }
    return fn(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  override forward(input: Tensor): Tensor { return this._conv(input, this.weight, this.bias); }
}

class Conv1dImpl extends ConvImpl {
  /** torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'): `nn.Conv1d(16, 33, 3, {stride: 2})` */
  constructor(...args: unknown[]) { super(); this._setup(1, 'Conv1d', args); }
}
class Conv2dImpl extends ConvImpl {
  /** torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'): `nn.Conv2d(1, 6, 5)` */
  constructor(...args: unknown[]) { super(); this._setup(2, 'Conv2d', args); }
}
class Conv3dImpl extends ConvImpl {
  /** torch.nn.Conv3d(in_channels, out_channels, kernel_size, ...): `nn.Conv3d(16, 33, 3)` */
  constructor(...args: unknown[]) { super(); this._setup(3, 'Conv3d', args); }
}

const T_NAMES = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode', 'device', 'dtype'];
const T_DEFAULTS = [REQUIRED, REQUIRED, REQUIRED, 1, 0, 0, 1, true, 1, 'zeros', null, null];
const T_FNS = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d];

abstract class ConvTransposeImpl extends ConvNdImpl {
  /** @internal */
  _setup(nd: number, name: string, args: unknown[]): void {
    const [inC, outC, k, stride, padding, outputPadding, groups, bias, dilation, mode, device, dtype] = bindArgs(`${name}.__init__`, args, T_NAMES, T_DEFAULTS) as
      [number, number, number | number[], number | number[], number | number[], number | number[], number, boolean, number | number[], string, unknown, unknown];
    if (mode !== 'zeros') throw new Error(`Only "zeros" padding mode is supported for ${name}`);
    this._init(nd, true, inC, outC, k, stride, padding, dilation, outputPadding, groups, bias, mode, device, dtype);
  }
  /** forward(input, output_size=None): output_size picks the output_padding, as PyTorch's _output_padding. */
  override forward(input: Tensor, outputSize: number[] | null = null): Tensor {
    const nd = this.kernel_size.length;
    let op = this.output_padding;
    if (outputSize) {
      const want = outputSize.slice(-nd), sp = input.shape_.slice(-nd), pad = this.padding as number[];
      op = want.map((w, i) => w - ((sp[i] - 1) * this.stride[i] - 2 * pad[i] + this.dilation[i] * (this.kernel_size[i] - 1) + 1));
      op.forEach((v, i) => {
        if (v < 0 || v >= Math.max(this.stride[i], this.dilation[i])) {
          throw new Error(`requested an output size of [${want.join(', ')}], but valid sizes range from [${want.map((w, j) => w - op[j]).join(', ')}] to [${want.map((w, j) => w - op[j] + this.stride[j] - 1).join(', ')}] (for an input of [${sp.join(', ')}])`);
        }
      });
    }
    return T_FNS[nd - 1](input, this.weight, this.bias, this.stride, this.padding, op, this.groups, this.dilation);
  }
}

class ConvTranspose1dImpl extends ConvTransposeImpl {
  /** torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1) */
  constructor(...args: unknown[]) { super(); this._setup(1, 'ConvTranspose1d', args); }
}
class ConvTranspose2dImpl extends ConvTransposeImpl {
  /** torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1): `nn.ConvTranspose2d(16, 8, 3, {stride: 2})` */
  constructor(...args: unknown[]) { super(); this._setup(2, 'ConvTranspose2d', args); }
}
class ConvTranspose3dImpl extends ConvTransposeImpl {
  /** torch.nn.ConvTranspose3d(in_channels, out_channels, kernel_size, ...) */
  constructor(...args: unknown[]) { super(); this._setup(3, 'ConvTranspose3d', args); }
}

/** torch.nn.Conv1d: `nn.Conv1d(16, 33, 3, {stride: 2})` */
export const Conv1d = callableClass(Conv1dImpl);
export type Conv1d = Conv1dImpl;
/** torch.nn.Conv2d: `const conv = nn.Conv2d(1, 6, 5)` */
export const Conv2d = callableClass(Conv2dImpl);
export type Conv2d = Conv2dImpl;
/** torch.nn.Conv3d: `nn.Conv3d(16, 33, [3, 5, 2])` */
export const Conv3d = callableClass(Conv3dImpl);
export type Conv3d = Conv3dImpl;
/** torch.nn.ConvTranspose1d: `nn.ConvTranspose1d(16, 33, 3, {stride: 2})` */
export const ConvTranspose1d = callableClass(ConvTranspose1dImpl);
export type ConvTranspose1d = ConvTranspose1dImpl;
/** torch.nn.ConvTranspose2d: `nn.ConvTranspose2d(16, 33, 3, {stride: 2})` */
export const ConvTranspose2d = callableClass(ConvTranspose2dImpl);
export type ConvTranspose2d = ConvTranspose2dImpl;
/** torch.nn.ConvTranspose3d: `nn.ConvTranspose3d(16, 33, 3)` */
export const ConvTranspose3d = callableClass(ConvTranspose3dImpl);
export type ConvTranspose3d = ConvTranspose3dImpl;
