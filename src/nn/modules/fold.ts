// torch.nn.Unfold and Fold (torch/nn/modules/fold.py).
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyStr, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

type IntArg = number | number[];

class UnfoldImpl extends _ModuleImpl {
  declare kernel_size: IntArg;
  declare dilation: IntArg;
  declare padding: IntArg;
  declare stride: IntArg;
  /** torch.nn.Unfold(kernel_size, dilation=1, padding=0, stride=1): `nn.Unfold([2, 3])` */
  constructor(...args: unknown[]) {
    super();
    const [k, d, p, s] = bindArgs('Unfold.__init__', args, ['kernel_size', 'dilation', 'padding', 'stride'], [REQUIRED, 1, 0, 1]) as IntArg[];
    this.kernel_size = k;
    this.dilation = d;
    this.padding = p;
    this.stride = s;
  }
  override forward(input: Tensor): Tensor { return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride); }
  override extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, dilation=${pyStr(this.dilation)}, padding=${pyStr(this.padding)}, stride=${pyStr(this.stride)}`;
  }
}

class FoldImpl extends _ModuleImpl {
  declare output_size: IntArg;
  declare kernel_size: IntArg;
  declare dilation: IntArg;
  declare padding: IntArg;
  declare stride: IntArg;
  /** torch.nn.Fold(output_size, kernel_size, dilation=1, padding=0, stride=1): `nn.Fold([4, 5], 2)` */
  constructor(...args: unknown[]) {
    super();
    const [o, k, d, p, s] = bindArgs('Fold.__init__', args, ['output_size', 'kernel_size', 'dilation', 'padding', 'stride'], [REQUIRED, REQUIRED, 1, 0, 1]) as IntArg[];
    this.output_size = o;
    this.kernel_size = k;
    this.dilation = d;
    this.padding = p;
    this.stride = s;
  }
  override forward(input: Tensor): Tensor { return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride); }
  override extra_repr(): string {
    return `output_size=${pyStr(this.output_size)}, kernel_size=${pyStr(this.kernel_size)}, dilation=${pyStr(this.dilation)}, padding=${pyStr(this.padding)}, stride=${pyStr(this.stride)}`;
  }
}

/** torch.nn.Unfold: `nn.Unfold([2, 3])` */
export const Unfold = callableClass(UnfoldImpl);
export type Unfold = UnfoldImpl;
/** torch.nn.Fold: `nn.Fold([4, 5], 2)` */
export const Fold = callableClass(FoldImpl);
export type Fold = FoldImpl;
