// torch.optim.Adagrad: the state (step, sum) is created for every parameter in the constructor, as
// PyTorch does; one fused kernel per parameter (kernels.ts, row `adagrad`).
import { full_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, DECAY } from './kernels.js';
import { Optimizer, bumpStep, check, keep, optimizerArgs, scalarTensor, tensorState, type ParamGroup, type ParamsInput } from './optimizer.js';

class AdagradImpl extends Optimizer {
  /** torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, *, maximize=False): `torch.optim.Adagrad(params, {lr: 0.1})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('Adagrad', args,
      ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps', 'foreach', 'maximize'],
      [1e-2, 0, 0, 0, 1e-10, null, false]);
    check((o.lr as number) >= 0, 'learning rate', o.lr);
    check((o.lr_decay as number) >= 0, 'lr_decay value', o.lr_decay);
    check((o.weight_decay as number) >= 0, 'weight_decay value', o.weight_decay);
    check((o.initial_accumulator_value as number) >= 0, 'initial_accumulator_value value', o.initial_accumulator_value);
    check((o.eps as number) >= 0, 'epsilon value', o.eps);
    const { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize } = o;
    super(params, { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize });
    // the constructor's value, not the group's: PyTorch 1.13 initialises every sum from its argument
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const state = this._stateOf(p);
        state.step = scalarTensor(0);
        state.sum = keep(full_like(p, initial_accumulator_value as number));
      }
    }
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const lr = group.lr as number, wd = group.weight_decay as number, lrDecay = group.lr_decay as number;
    const flags = (group.maximize ? MAXIMIZE : 0) | (wd !== 0 ? DECAY : 0);
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      const step = bumpStep(tensorState(state, 'step'));
      const clr = lr / (1 + (step - 1) * lrDecay);
      runUpdate(OPTIM.adagrad, [p, g, state.sum as Tensor], [-clr, wd, group.eps as number], flags);
    }
  }
}

/** torch.optim.Adagrad, with or without `new`: `const opt = torch.optim.Adagrad(params, {lr: 0.1})` */
export const Adagrad = callableClass(AdagradImpl);
export type Adagrad = AdagradImpl;
