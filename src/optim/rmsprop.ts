// torch.optim.RMSprop: square average (centered: minus the squared gradient average), optional
// momentum; one fused kernel per parameter (kernels.ts, row `rmsprop`). `step` is a Python int in
// PyTorch 1.13's RMSprop state, so it is a number here.
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, CENTERED, MOMENTUM, DECAY } from './kernels.js';
import { Optimizer, check, keep, optimizerArgs, type ParamGroup, type ParamsInput } from './optimizer.js';

class RMSpropImpl extends Optimizer {
  /** torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False): `torch.optim.RMSprop(params, {lr: 0.01})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('RMSprop', args,
      ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'foreach', 'maximize', 'differentiable'],
      [1e-2, 0.99, 1e-8, 0, 0, false, null, false, false]);
    check((o.lr as number) >= 0, 'learning rate', o.lr);
    check((o.eps as number) >= 0, 'epsilon value', o.eps);
    check((o.momentum as number) >= 0, 'momentum value', o.momentum);
    check((o.weight_decay as number) >= 0, 'weight_decay value', o.weight_decay);
    check((o.alpha as number) >= 0, 'alpha value', o.alpha);
    const { lr, momentum, alpha, eps, centered, weight_decay, foreach, maximize, differentiable } = o;
    super(params, { lr, momentum, alpha, eps, centered, weight_decay, foreach, maximize, differentiable });
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const lr = group.lr as number, alpha = group.alpha as number, wd = group.weight_decay as number, momentum = group.momentum as number;
    const flags = (group.maximize ? MAXIMIZE : 0) | (group.centered ? CENTERED : 0) | (momentum > 0 ? MOMENTUM : 0) | (wd !== 0 ? DECAY : 0);
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.square_avg = keep(zeros_like(p));
        if (momentum > 0) state.momentum_buffer = keep(zeros_like(p));
        if (group.centered) state.grad_avg = keep(zeros_like(p));
      }
      state.step = (state.step as number) + 1;
      runUpdate(OPTIM.rmsprop, [p, g, state.square_avg as Tensor, group.centered ? state.grad_avg as Tensor : null,
        momentum > 0 ? state.momentum_buffer as Tensor : null], [-lr, wd, alpha, 1 - alpha, group.eps as number, momentum], flags);
    }
  }
}

/** torch.optim.RMSprop, with or without `new`: `const opt = torch.optim.RMSprop(params, {lr: 0.01, centered: true})` */
export const RMSprop = callableClass(RMSpropImpl);
export type RMSprop = RMSpropImpl;
