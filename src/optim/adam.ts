// torch.optim.Adam (and the shared Adam/AdamW step): moments, bias corrections computed in double
// as PyTorch's Python floats, then one fused kernel per parameter (kernels.ts, row `adam`).
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, AMSGRAD, DECOUPLED, DECAY } from './kernels.js';
import { Optimizer, bumpStep, check, keep, optimizerArgs, scalarTensor, tensorState, type ParamGroup, type ParamsInput } from './optimizer.js';

/** @internal The range checks of Adam, AdamW, Adamax, NAdam and RAdam (the same words in PyTorch's). */
export function checkAdamArgs(o: Record<string, unknown>): void {
  const betas = o.betas as [number, number];
  check((o.lr as number) >= 0, 'learning rate', o.lr);
  check((o.eps as number) >= 0, 'epsilon value', o.eps);
  check(betas[0] >= 0 && betas[0] < 1, 'beta parameter at index 0', betas[0]);
  check(betas[1] >= 0 && betas[1] < 1, 'beta parameter at index 1', betas[1]);
  check((o.weight_decay as number) >= 0, 'weight_decay value', o.weight_decay);
}

/** @internal one Adam (decoupled: AdamW) step over a group. */
export function adamStep(opt: Optimizer, group: ParamGroup, decoupled: boolean): void {
  const [beta1, beta2] = group.betas as [number, number];
  const lr = group.lr as number, wd = group.weight_decay as number, eps = group.eps as number, ams = !!group.amsgrad;
  if (group.capturable) throw new Error('If capturable=True, params and state_steps must be CUDA tensors.');
  const flags = (group.maximize ? MAXIMIZE : 0) | (ams ? AMSGRAD : 0) | (decoupled ? DECOUPLED : wd !== 0 ? DECAY : 0);
  for (const p of group.params) {
    const g = p.grad;
    if (g === null) continue;
    const state = opt._stateOf(p);
    if (Object.keys(state).length === 0) {
      state.step = scalarTensor(0);
      state.exp_avg = keep(zeros_like(p));
      state.exp_avg_sq = keep(zeros_like(p));
      if (ams) state.max_exp_avg_sq = keep(zeros_like(p));
    }
    const step = bumpStep(tensorState(state, 'step'));
    const bc1 = 1 - beta1 ** step, bc2 = 1 - beta2 ** step;
    const stepSize = lr / bc1;
    runUpdate(OPTIM.adam, [p, g, state.exp_avg as Tensor, state.exp_avg_sq as Tensor, ams ? state.max_exp_avg_sq as Tensor : null],
      [1 - lr * wd, wd, beta1, 1 - beta1, beta2, 1 - beta2, -stepSize, Math.sqrt(bc2), eps], flags);
  }
}

class AdamImpl extends Optimizer {
  /** torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *, maximize=False): `torch.optim.Adam(model.parameters(), {lr: 1e-3})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('Adam', args,
      ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'foreach', 'maximize', 'capturable', 'differentiable', 'fused'],
      [1e-3, [0.9, 0.999], 1e-8, 0, false, null, false, false, false, false]);
    checkAdamArgs(o);
    const { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused } = o;
    super(params, { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused });
    if (fused) {
      if (differentiable) throw new Error('`fused` cannot be `differentiable`');
      throw new Error('FusedAdam requires all the params to be CUDA, floating point');
    }
  }

  /** @internal */
  override _update(group: ParamGroup): void { adamStep(this, group, false); }
}

/** torch.optim.Adam, with or without `new`: `const opt = torch.optim.Adam(params, {lr: 1e-3, betas: [0.9, 0.999]})` */
export const Adam = callableClass(AdamImpl);
export type Adam = AdamImpl;
