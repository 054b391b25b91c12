// torch.optim.RAdam: rectified Adam; the rectification term is computed in double as PyTorch's
// Python floats, the update is one fused kernel per parameter (kernels.ts, row `radam`).
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, DECAY, RECTIFIED } from './kernels.js';
import { checkAdamArgs } from './adam.js';
import { Optimizer, bumpStep, keep, optimizerArgs, scalarTensor, tensorState, type ParamGroup, type ParamsInput } from './optimizer.js';

class RAdamImpl extends Optimizer {
  /** torch.optim.RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0): `torch.optim.RAdam(params)` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('RAdam', args, ['lr', 'betas', 'eps', 'weight_decay', 'foreach'], [1e-3, [0.9, 0.999], 1e-8, 0, null]);
    checkAdamArgs(o);
    super(params, o);
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    const lr = group.lr as number, wd = group.weight_decay as number;
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0);
        state.exp_avg = keep(zeros_like(p));
        state.exp_avg_sq = keep(zeros_like(p));
      }
      const step = bumpStep(tensorState(state, 'step'));
      const bc1 = 1 - beta1 ** step, bc2 = 1 - beta2 ** step;
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - 2 * step * beta2 ** step / bc2;
      const rect = rhoT > 5 ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
      runUpdate(OPTIM.radam, [p, g, state.exp_avg as Tensor, state.exp_avg_sq as Tensor],
        [wd, beta1, 1 - beta1, beta2, 1 - beta2, bc1, lr, Math.sqrt(bc2), rect, group.eps as number],
        (wd !== 0 ? DECAY : 0) | (rhoT > 5 ? RECTIFIED : 0));
    }
  }
}

/** torch.optim.RAdam, with or without `new`: `const opt = torch.optim.RAdam(params, {lr: 1e-3})` */
export const RAdam = callableClass(RAdamImpl);
export type RAdam = RAdamImpl;
