// torch.optim.NAdam: Adam with Nesterov momentum and momentum decay. mu_product is a float32
// tensor in PyTorch's state, so it is multiplied (and rounded) in float32 here too.
import { zeros_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, DECAY } from './kernels.js';
import { checkAdamArgs } from './adam.js';
import { Optimizer, bumpStep, check, keep, optimizerArgs, scalarTensor, tensorState, stepOf, type ParamGroup, type ParamsInput } from './optimizer.js';

class NAdamImpl extends Optimizer {
  /** torch.optim.NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3): `torch.optim.NAdam(params)` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('NAdam', args,
      ['lr', 'betas', 'eps', 'weight_decay', 'momentum_decay', 'foreach'], [2e-3, [0.9, 0.999], 1e-8, 0, 4e-3, null]);
    checkAdamArgs(o);
    check((o.momentum_decay as number) >= 0, 'momentum_decay value', o.momentum_decay);
    super(params, o);
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    const lr = group.lr as number, wd = group.weight_decay as number, md = group.momentum_decay as number;
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0);
        state.mu_product = scalarTensor(1);
        state.exp_avg = keep(zeros_like(p));
        state.exp_avg_sq = keep(zeros_like(p));
      }
      const step = bumpStep(tensorState(state, 'step'));
      const bc2 = 1 - beta2 ** step;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * md));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * md));
      const mp = tensorState(state, 'mu_product');
      const muProduct = Math.fround(stepOf(mp) * Math.fround(mu));
      setScalar(mp, muProduct);
      const muProductNext = Math.fround(Math.fround(muProduct * Math.fround(mu)) * Math.fround(muNext));
      runUpdate(OPTIM.nadam, [p, g, state.exp_avg as Tensor, state.exp_avg_sq as Tensor],
        [wd, beta1, 1 - beta1, beta2, 1 - beta2, bc2, group.eps as number, -lr * (1 - mu) / (1 - muProduct), -lr * muNext / (1 - muProductNext)],
        wd !== 0 ? DECAY : 0);
    }
  }
}

/** `t.fill_(v)` on a cpu 0-d state tensor without an op. */
function setScalar(t: Tensor, v: number): void {
  t._willWrite();
  const a = t.storage.backend.array(t.storage);
  (a as Float32Array)[t.offset] = v;
  t._bumpVersion();
}

/** torch.optim.NAdam, with or without `new`: `const opt = torch.optim.NAdam(params, {lr: 2e-3})` */
export const NAdam = callableClass(NAdamImpl);
export type NAdam = NAdamImpl;
