// torch.optim.AdamW: Adam with decoupled weight decay (p *= 1 - lr * weight_decay inside the same
// fused pass, before the moments, as PyTorch's `param.mul_` comes first).
import { callableClass } from '../nn/callable.js';
import { adamStep, checkAdamArgs } from './adam.js';
import { Optimizer, optimizerArgs, type ParamGroup, type ParamsInput } from './optimizer.js';

class AdamWImpl extends Optimizer {
  /** torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *, maximize=False): `torch.optim.AdamW(model.parameters(), {lr: 1e-3})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('AdamW', args,
      ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'maximize', 'foreach', 'capturable'],
      [1e-3, [0.9, 0.999], 1e-8, 1e-2, false, false, null, false]);
    checkAdamArgs(o);
    const { lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable } = o;
    super(params, { lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable });
  }

  /** @internal */
  override _update(group: ParamGroup): void { adamStep(this, group, true); }
}

/** torch.optim.AdamW, with or without `new`: `const opt = torch.optim.AdamW(params, {lr: 1e-3, weight_decay: 0.01})` */
export const AdamW = callableClass(AdamWImpl);
export type AdamW = AdamWImpl;
