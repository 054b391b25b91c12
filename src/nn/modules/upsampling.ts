// torch.nn.Upsample, UpsamplingNearest2d, UpsamplingBilinear2d (torch/nn/modules/upsampling.py).
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

type Size = number | number[] | null;

class UpsampleImpl extends _ModuleImpl {
  declare size: Size;
  declare scale_factor: number | number[] | null;
  declare mode: string;
  declare align_corners: boolean | null;
  declare recompute_scale_factor: boolean | null;
  /** torch.nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None): `nn.Upsample({scale_factor: 2, mode: 'bilinear'})` */
  constructor(...args: unknown[]) {
    super();
    const [size, sf, mode, ac, rsf] = bindArgs(`${this._name()}.__init__`, args, ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'], [null, null, 'nearest', null, null]) as
      [Size, number | number[] | null, string, boolean | null, boolean | null];
    this._setup(size, sf, mode, ac, rsf);
  }
  /** @internal the class name for messages */
  _name(): string { return 'Upsample'; }
  /** @internal */
  _setup(size: Size, sf: number | number[] | null, mode: string, ac: boolean | null, rsf: boolean | null): void {
    this.size = size;
    this.scale_factor = sf === null ? null : sf;
    this.mode = mode;
    this.align_corners = ac;
    this.recompute_scale_factor = rsf;
  }
  override forward(input: Tensor): Tensor {
    return F.interpolate(input, this.size, this.scale_factor, this.mode, this.align_corners, { recompute_scale_factor: this.recompute_scale_factor });
  }
  override extra_repr(): string {
    // PyTorch stores scale_factor as float(s): 2 prints 2.0
    const sf = this.scale_factor;
    const info = sf !== null ? `scale_factor=${Array.isArray(sf) ? `(${sf.map(pyFloat).join(', ')})` : pyFloat(sf)}` : `size=${pyStr(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

class UpsamplingNearest2dImpl extends UpsampleImpl {
  /** torch.nn.UpsamplingNearest2d(size=None, scale_factor=None) */
  constructor(...args: unknown[]) {
    super();
    const [size, sf] = bindArgs('UpsamplingNearest2d.__init__', args, ['size', 'scale_factor'], [null, null]) as [Size, number | number[] | null];
    this._setup(size, sf, 'nearest', null, null);
  }
}
class UpsamplingBilinear2dImpl extends UpsampleImpl {
  /** torch.nn.UpsamplingBilinear2d(size=None, scale_factor=None): bilinear with align_corners=True */
  constructor(...args: unknown[]) {
    super();
    const [size, sf] = bindArgs('UpsamplingBilinear2d.__init__', args, ['size', 'scale_factor'], [null, null]) as [Size, number | number[] | null];
    this._setup(size, sf, 'bilinear', true, null);
  }
}

/** torch.nn.Upsample: `nn.Upsample({scale_factor: 2})` */
export const Upsample = callableClass(UpsampleImpl);
export type Upsample = UpsampleImpl;
/** torch.nn.UpsamplingNearest2d: `nn.UpsamplingNearest2d({scale_factor: 2})` */
export const UpsamplingNearest2d = callableClass(UpsamplingNearest2dImpl);
export type UpsamplingNearest2d = UpsamplingNearest2dImpl;
/** torch.nn.UpsamplingBilinear2d: `nn.UpsamplingBilinear2d({size: 4})` */
export const UpsamplingBilinear2d = callableClass(UpsamplingBilinear2dImpl);
export type UpsamplingBilinear2d = UpsamplingBilinear2dImpl;
