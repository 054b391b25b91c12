// torch.nn.PixelShuffle and PixelUnshuffle (torch/nn/modules/pixelshuffle.py).
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

class PixelShuffleImpl extends _ModuleImpl {
  declare upscale_factor: number;
  /** torch.nn.PixelShuffle(upscale_factor): `nn.PixelShuffle(2)` */
  constructor(...args: unknown[]) {
    super();
    [this.upscale_factor] = bindArgs('PixelShuffle.__init__', args, ['upscale_factor'], [REQUIRED]) as [number];
  }
  override forward(input: Tensor): Tensor { return F.pixel_shuffle(input, this.upscale_factor); }
  override extra_repr(): string { return `upscale_factor=${this.upscale_factor}`; }
}

class PixelUnshuffleImpl extends _ModuleImpl {
  declare downscale_factor: number;
  /** torch.nn.PixelUnshuffle(downscale_factor): `nn.PixelUnshuffle(2)` */
  constructor(...args: unknown[]) {
    super();
    [this.downscale_factor] = bindArgs('PixelUnshuffle.__init__', args, ['downscale_factor'], [REQUIRED]) as [number];
  }
  override forward(input: Tensor): Tensor { return F.pixel_unshuffle(input, this.downscale_factor); }
  override extra_repr(): string { return `downscale_factor=${this.downscale_factor}`; }
}

/** torch.nn.PixelShuffle: `nn.PixelShuffle(3)` */
export const PixelShuffle = callableClass(PixelShuffleImpl);
export type PixelShuffle = PixelShuffleImpl;
/** torch.nn.PixelUnshuffle: `nn.PixelUnshuffle(3)` */
export const PixelUnshuffle = callableClass(PixelUnshuffleImpl);
export type PixelUnshuffle = PixelUnshuffleImpl;
