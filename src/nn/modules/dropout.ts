// torch.nn's dropout modules (torch/nn/modules/dropout.py): active in training mode only, drawing
// the same bernoulli numbers as PyTorch from the global generator.
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

type DropoutFn = (x: Tensor, p: number, training: boolean, inplace: boolean) => Tensor;

class DropoutNdImpl extends _ModuleImpl {
  /** dropout.p: the probability of an element (or channel) being zeroed */
  declare p: number;
  /** dropout.inplace */
  declare inplace: boolean;
  /** @internal PyTorch's _DropoutNd.__init__(p=0.5, inplace=False) */
  _init(name: string, args: readonly unknown[]): void {
    const [p, inplace] = bindArgs(`${name}.__init__`, args, ['p', 'inplace'], [0.5, false]) as [number, boolean];
    if (p < 0 || p > 1) throw new Error(`ValueError: dropout probability has to be between 0 and 1, but got ${pyStr(p)}`);
    this.p = p;
    this.inplace = inplace;
  }
  /** @internal the functional form this module calls */
  _fn(): DropoutFn { return F.dropout as DropoutFn; }
  /** module(input): the functional dropout with this module's p, training flag and inplace */
  override forward(input: Tensor): Tensor { return this._fn()(input, this.p, this.training, this.inplace); }
  /** `p=0.5, inplace=False` */
  override extra_repr(): string { return `p=${pyFloat(this.p)}, inplace=${pyStr(this.inplace)}`; }
}

class DropoutImpl extends DropoutNdImpl {
  /** torch.nn.Dropout(p=0.5, inplace=False): `nn.Dropout(0.1)` */
  constructor(...args: unknown[]) { super(); this._init('Dropout', args); }
}
class Dropout1dImpl extends DropoutNdImpl {
  /** torch.nn.Dropout1d(p=0.5, inplace=False): zeroes whole channels of (N, C, L) input */
  constructor(...args: unknown[]) { super(); this._init('Dropout1d', args); }
  override _fn(): DropoutFn { return F.dropout1d as DropoutFn; }
}
class Dropout2dImpl extends DropoutNdImpl {
  /** torch.nn.Dropout2d(p=0.5, inplace=False): zeroes whole channels of (N, C, H, W) input */
  constructor(...args: unknown[]) { super(); this._init('Dropout2d', args); }
  override _fn(): DropoutFn { return F.dropout2d as DropoutFn; }
}
class Dropout3dImpl extends DropoutNdImpl {
  /** torch.nn.Dropout3d(p=0.5, inplace=False): zeroes whole channels of (N, C, D, H, W) input */
  constructor(...args: unknown[]) { super(); this._init('Dropout3d', args); }
  override _fn(): DropoutFn { return F.dropout3d as DropoutFn; }
}
class AlphaDropoutImpl extends DropoutNdImpl {
  /** torch.nn.AlphaDropout(p=0.5, inplace=False): dropout for SELU networks */
  constructor(...args: unknown[]) { super(); this._init('AlphaDropout', args); }
  override _fn(): DropoutFn { return F.alpha_dropout as DropoutFn; }
  /** module(input): alpha dropout in training (PyTorch's AlphaDropout.forward does not pass inplace) */
  override forward(input: Tensor): Tensor { return F.alpha_dropout(input, this.p, this.training); }
}
class FeatureAlphaDropoutImpl extends DropoutNdImpl {
  /** torch.nn.FeatureAlphaDropout(p=0.5, inplace=False): alpha dropout of whole channels */
  constructor(...args: unknown[]) { super(); this._init('FeatureAlphaDropout', args); }
  /** module(input): feature alpha dropout in training */
  override forward(input: Tensor): Tensor { return F.feature_alpha_dropout(input, this.p, this.training); }
}

/** torch.nn.Dropout: `const drop = nn.Dropout(0.2); drop(x)` (identity after `eval()`) */
export const Dropout = callableClass(DropoutImpl);
export type Dropout = DropoutImpl;
/** torch.nn.Dropout1d */
export const Dropout1d = callableClass(Dropout1dImpl);
export type Dropout1d = Dropout1dImpl;
/** torch.nn.Dropout2d */
export const Dropout2d = callableClass(Dropout2dImpl);
export type Dropout2d = Dropout2dImpl;
/** torch.nn.Dropout3d */
export const Dropout3d = callableClass(Dropout3dImpl);
export type Dropout3d = Dropout3dImpl;
/** torch.nn.AlphaDropout */
export const AlphaDropout = callableClass(AlphaDropoutImpl);
export type AlphaDropout = AlphaDropoutImpl;
/** torch.nn.FeatureAlphaDropout */
export const FeatureAlphaDropout = callableClass(FeatureAlphaDropoutImpl);
export type FeatureAlphaDropout = FeatureAlphaDropoutImpl;
