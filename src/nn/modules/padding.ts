// torch.nn's padding layers (torch/nn/modules/padding.py): padding as a 2n-tuple
// (left, right, top, bottom, front, back), PyTorch's reprs.
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

/** _pair/_quadruple/_ntuple(6) of the padding. */
const tuple = (v: number | number[], n: number): number[] => (typeof v === 'number' ? Array(n).fill(v) : v.slice());

abstract class ConstantPadNdImpl extends _ModuleImpl {
  declare padding: number[];
  declare value: number;
  /** @internal */
  _setup(name: string, n: number, args: unknown[]): void {
    const [p, v] = bindArgs(`${name}.__init__`, args, ['padding', 'value'], [REQUIRED, REQUIRED]) as [number | number[], number];
    this.padding = tuple(p, 2 * n);
    this.value = v;
  }
  override forward(input: Tensor): Tensor { return F.pad(input, this.padding, 'constant', this.value); }
  override extra_repr(): string { return `padding=${pyStr(this.padding)}, value=${pyFloat(this.value)}`; }
}

class ConstantPad1dImpl extends ConstantPadNdImpl {
  /** torch.nn.ConstantPad1d(padding, value): `nn.ConstantPad1d(2, 3.5)` */
  constructor(...args: unknown[]) { super(); this._setup('ConstantPad1d', 1, args); }
}
class ConstantPad2dImpl extends ConstantPadNdImpl {
  /** torch.nn.ConstantPad2d(padding, value): `nn.ConstantPad2d(1, 3.5)` */
  constructor(...args: unknown[]) { super(); this._setup('ConstantPad2d', 2, args); }
}
class ConstantPad3dImpl extends ConstantPadNdImpl {
  /** torch.nn.ConstantPad3d(padding, value): `nn.ConstantPad3d(1, 3.5)` */
  constructor(...args: unknown[]) { super(); this._setup('ConstantPad3d', 3, args); }
}

class ZeroPad2dImpl extends ConstantPadNdImpl {
  /** torch.nn.ZeroPad2d(padding): `nn.ZeroPad2d([1, 1, 2, 0])` */
  constructor(...args: unknown[]) {
    super();
    const [p] = bindArgs('ZeroPad2d.__init__', args, ['padding'], [REQUIRED]) as [number | number[]];
    this._setup('ZeroPad2d', 2, [p, 0]);
  }
  override extra_repr(): string { return pyStr(this.padding); }
}

abstract class ModePad2dImpl extends _ModuleImpl {
  declare padding: number[];
  /** @internal */
  abstract readonly _mode: string;
  /** @internal */
  _setup(name: string, n: number, args: unknown[]): void {
    const [p] = bindArgs(`${name}.__init__`, args, ['padding'], [REQUIRED]) as [number | number[]];
    this.padding = tuple(p, 2 * n);
  }
  override forward(input: Tensor): Tensor { return F.pad(input, this.padding, this._mode); }
  override extra_repr(): string { return pyStr(this.padding); }
}
abstract class ReflectionPadImpl extends ModePad2dImpl {
  /** @internal */
  get _mode(): string { return 'reflect'; }
}
abstract class ReplicationPadImpl extends ModePad2dImpl {
  /** @internal */
  get _mode(): string { return 'replicate'; }
}
class ReflectionPad1dImpl extends ReflectionPadImpl {
  /** torch.nn.ReflectionPad1d(padding): `nn.ReflectionPad1d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReflectionPad1d', 1, args); }
}
class ReflectionPad2dImpl extends ReflectionPadImpl {
  /** torch.nn.ReflectionPad2d(padding): `nn.ReflectionPad2d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReflectionPad2d', 2, args); }
}
class ReflectionPad3dImpl extends ReflectionPadImpl {
  /** torch.nn.ReflectionPad3d(padding): `nn.ReflectionPad3d(1)` */
  constructor(...args: unknown[]) { super(); this._setup('ReflectionPad3d', 3, args); }
}
class ReplicationPad1dImpl extends ReplicationPadImpl {
  /** torch.nn.ReplicationPad1d(padding): `nn.ReplicationPad1d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReplicationPad1d', 1, args); }
}
class ReplicationPad2dImpl extends ReplicationPadImpl {
  /** torch.nn.ReplicationPad2d(padding): `nn.ReplicationPad2d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReplicationPad2d', 2, args); }
}
class ReplicationPad3dImpl extends ReplicationPadImpl {
  /** torch.nn.ReplicationPad3d(padding): `nn.ReplicationPad3d(1)` */
  constructor(...args: unknown[]) { super(); this._setup('ReplicationPad3d', 3, args); }
}

/** torch.nn.ZeroPad2d: `nn.ZeroPad2d(2)` */
export const ZeroPad2d = callableClass(ZeroPad2dImpl);
export type ZeroPad2d = ZeroPad2dImpl;
/** torch.nn.ConstantPad1d: `nn.ConstantPad1d(2, 3.5)` */
export const ConstantPad1d = callableClass(ConstantPad1dImpl);
export type ConstantPad1d = ConstantPad1dImpl;
/** torch.nn.ConstantPad2d: `nn.ConstantPad2d(1, 3.5)` */
export const ConstantPad2d = callableClass(ConstantPad2dImpl);
export type ConstantPad2d = ConstantPad2dImpl;
/** torch.nn.ConstantPad3d: `nn.ConstantPad3d(1, 3.5)` */
export const ConstantPad3d = callableClass(ConstantPad3dImpl);
export type ConstantPad3d = ConstantPad3dImpl;
/** torch.nn.ReflectionPad1d: `nn.ReflectionPad1d(2)` */
export const ReflectionPad1d = callableClass(ReflectionPad1dImpl);
export type ReflectionPad1d = ReflectionPad1dImpl;
/** torch.nn.ReflectionPad2d: `nn.ReflectionPad2d(1)` */
export const ReflectionPad2d = callableClass(ReflectionPad2dImpl);
export type ReflectionPad2d = ReflectionPad2dImpl;
/** torch.nn.ReflectionPad3d: `nn.ReflectionPad3d(1)` */
export const ReflectionPad3d = callableClass(ReflectionPad3dImpl);
export type ReflectionPad3d = ReflectionPad3dImpl;
/** torch.nn.ReplicationPad1d: `nn.ReplicationPad1d(2)` */
export const ReplicationPad1d = callableClass(ReplicationPad1dImpl);
export type ReplicationPad1d = ReplicationPad1dImpl;
/** torch.nn.ReplicationPad2d: `nn.ReplicationPad2d(1)` */
export const ReplicationPad2d = callableClass(ReplicationPad2dImpl);
export type ReplicationPad2d = ReplicationPad2dImpl;
/** torch.nn.ReplicationPad3d: `nn.ReplicationPad3d(1)` */
export const ReplicationPad3d = callableClass(ReplicationPad3dImpl);
export type ReplicationPad3d = ReplicationPad3dImpl;
