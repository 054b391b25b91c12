// torch.nn's 2-D padding layers (torch/nn/modules/padding.py): padding as a 4-tuple
// (left, right, top, bottom), PyTorch's reprs.
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

const quadruple = (v: number | number[]): number[] => (typeof v === 'number' ? [v, v, v, v] : v.slice());

class ConstantPad2dImpl extends _ModuleImpl {
  declare padding: number[];
  declare value: number;
  /** torch.nn.ConstantPad2d(padding, value): `nn.ConstantPad2d(1, 3.5)` */
  constructor(...args: unknown[]) {
    super();
    const [p, v] = bindArgs('ConstantPad2d.__init__', args, ['padding', 'value'], [REQUIRED, REQUIRED]) as [number | number[], number];
    this.padding = quadruple(p);
    this.value = v;
  }
  override forward(input: Tensor): Tensor { return F.pad(input, this.padding, 'constant', this.value); }
  override extra_repr(): string { return `padding=${pyStr(this.padding)}, value=${pyStr(this.value)}`; }
}

class ZeroPad2dImpl extends ConstantPad2dImpl {
  /** torch.nn.ZeroPad2d(padding): `nn.ZeroPad2d([1, 1, 2, 0])` */
  constructor(...args: unknown[]) {
    const [p] = bindArgs('ZeroPad2d.__init__', args, ['padding'], [REQUIRED]) as [number | number[]];
    super(p, 0);
  }
  override extra_repr(): string { return pyStr(this.padding); }
}

abstract class ModePad2dImpl extends _ModuleImpl {
  declare padding: number[];
  /** @internal */
  abstract readonly _mode: string;
  /** @internal */
  _setup(name: string, args: unknown[]): void {
    const [p] = bindArgs(`${name}.__init__`, args, ['padding'], [REQUIRED]) as [number | number[]];
    this.padding = quadruple(p);
  }
  override forward(input: Tensor): Tensor { return F.pad(input, this.padding, this._mode); }
  override extra_repr(): string { return pyStr(this.padding); }
}
class ReflectionPad2dImpl extends ModePad2dImpl {
  /** @internal */
  get _mode(): string { return 'reflect'; }
  /** torch.nn.ReflectionPad2d(padding): `nn.ReflectionPad2d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReflectionPad2d', args); }
}
class ReplicationPad2dImpl extends ModePad2dImpl {
  /** @internal */
  get _mode(): string { return 'replicate'; }
  /** torch.nn.ReplicationPad2d(padding): `nn.ReplicationPad2d(2)` */
  constructor(...args: unknown[]) { super(); this._setup('ReplicationPad2d', args); }
}

/** torch.nn.ZeroPad2d: `nn.ZeroPad2d(2)` */
export const ZeroPad2d = callableClass(ZeroPad2dImpl);
export type ZeroPad2d = ZeroPad2dImpl;
/** torch.nn.ConstantPad2d: `nn.ConstantPad2d(1, 3.5)` */
export const ConstantPad2d = callableClass(ConstantPad2dImpl);
export type ConstantPad2d = ConstantPad2dImpl;
/** torch.nn.ReflectionPad2d: `nn.ReflectionPad2d(1)` */
export const ReflectionPad2d = callableClass(ReflectionPad2dImpl);
export type ReflectionPad2d = ReflectionPad2dImpl;
/** torch.nn.ReplicationPad2d: `nn.ReplicationPad2d(1)` */
export const ReplicationPad2d = callableClass(ReplicationPad2dImpl);
export type ReplicationPad2d = ReplicationPad2dImpl;
