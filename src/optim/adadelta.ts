// torch.optim.Adadelta: one fused kernel per parameter (kernels.ts, row `adadelta`). `step` is a
// Python int in PyTorch 1.13's Adadelta state, so it is a number here.
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, DECAY } from './kernels.js';
import { Optimizer, check, keep, optimizerArgs, type ParamGroup, type ParamsInput } from './optimizer.js';

class AdadeltaImpl extends Optimizer {
  /** torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False): `torch.optim.Adadelta(params)` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('Adadelta', args, ['lr', 'rho', 'eps', 'weight_decay', 'foreach', 'maximize'], [1, 0.9, 1e-6, 0, null, false]);
    check((o.lr as number) >= 0, 'learning rate', o.lr);
    check((o.rho as number) >= 0 && (o.rho as number) <= 1, 'rho value', o.rho);
    check((o.eps as number) >= 0, 'epsilon value', o.eps);
    check((o.weight_decay as number) >= 0, 'weight_decay value', o.weight_decay);
    const { lr, rho, eps, weight_decay, maximize, foreach } = o;
    super(params, { lr, rho, eps, weight_decay, maximize, foreach });
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const rho = group.rho as number, wd = group.weight_decay as number;
    const flags = (group.maximize ? MAXIMIZE : 0) | (wd !== 0 ? DECAY : 0);
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.square_avg = keep(zeros_like(p));
        state.acc_delta = keep(zeros_like(p));
      }
      state.step = (state.step as number) + 1;
      runUpdate(OPTIM.adadelta, [p, g, state.square_avg as Tensor, state.acc_delta as Tensor],
        [-(group.lr as number), wd, rho, 1 - rho, group.eps as number], flags);
    }
  }
}

/** torch.optim.Adadelta, with or without `new`: `const opt = torch.optim.Adadelta(params, {lr: 1.0})` */
export const Adadelta = callableClass(AdadeltaImpl);
export type Adadelta = AdadeltaImpl;
