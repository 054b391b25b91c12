// torch.optim.Rprop: resilient backpropagation (per-element step sizes grown or shrunk by the sign
// of successive gradients); one fused kernel per parameter (kernels.ts, row `rprop`).
import { full_like, zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE } from './kernels.js';
import { Optimizer, check, keep, optimizerArgs, type ParamGroup, type ParamsInput } from './optimizer.js';

class RpropImpl extends Optimizer {
  /** torch.optim.Rprop(params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False): `torch.optim.Rprop(params)` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('Rprop', args, ['lr', 'etas', 'step_sizes', 'foreach', 'maximize'], [1e-2, [0.5, 1.2], [1e-6, 50], null, false]);
    check((o.lr as number) >= 0, 'learning rate', o.lr);
    const [em, ep] = o.etas as [number, number];
    if (!(em > 0 && em < 1 && ep > 1)) throw new Error(`Invalid eta values: ${em}, ${ep}`);
    super(params, o);
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const [em, ep] = group.etas as [number, number];
    const [lo, hi] = group.step_sizes as [number, number];
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.prev = keep(zeros_like(p));
        state.step_size = keep(full_like(g, group.lr as number));
      }
      state.step = (state.step as number) + 1;
      runUpdate(OPTIM.rprop, [p, g, state.prev as Tensor, state.step_size as Tensor], [em, ep, lo, hi], group.maximize ? MAXIMIZE : 0);
    }
  }
}

/** torch.optim.Rprop, with or without `new`: `const opt = torch.optim.Rprop(params, {lr: 0.01})` */
export const Rprop = callableClass(RpropImpl);
export type Rprop = RpropImpl;
