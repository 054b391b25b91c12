// torch.optim.Adamax: Adam with the infinity norm; one fused kernel per parameter (kernels.ts, row `adamax`).
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, DECAY } from './kernels.js';
import { checkAdamArgs } from './adam.js';
import { Optimizer, bumpStep, keep, optimizerArgs, scalarTensor, tensorState, type ParamGroup, type ParamsInput } from './optimizer.js';

class AdamaxImpl extends Optimizer {
  /** torch.optim.Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, *, maximize=False): `torch.optim.Adamax(params)` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('Adamax', args,
      ['lr', 'betas', 'eps', 'weight_decay', 'foreach', 'maximize'], [2e-3, [0.9, 0.999], 1e-8, 0, null, false]);
    checkAdamArgs(o);
    super(params, o);
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    const lr = group.lr as number, wd = group.weight_decay as number;
    const flags = (group.maximize ? MAXIMIZE : 0) | (wd !== 0 ? DECAY : 0);
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0);
        state.exp_avg = keep(zeros_like(p));
        state.exp_inf = keep(zeros_like(p));
      }
      const step = bumpStep(tensorState(state, 'step'));
      const clr = lr / (1 - beta1 ** step);
      runUpdate(OPTIM.adamax, [p, g, state.exp_avg as Tensor, state.exp_inf as Tensor], [-clr, wd, beta1, 1 - beta1, beta2, group.eps as number], flags);
    }
  }
}

/** torch.optim.Adamax, with or without `new`: `const opt = torch.optim.Adamax(params, {lr: 2e-3})` */
export const Adamax = callableClass(AdamaxImpl);
export type Adamax = AdamaxImpl;
