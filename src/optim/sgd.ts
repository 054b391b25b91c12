// torch.optim.SGD: stochastic gradient descent with momentum, dampening, Nesterov, weight decay
// and maximize; the update is one fused kernel per parameter (kernels.ts, row `sgd`).
import { empty_like } from '../creation.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { OPTIM, runUpdate, MAXIMIZE, NESTEROV, FIRST, MOMENTUM, DECAY } from './kernels.js';
import { Optimizer, check, keep, optimizerArgs, required, type ParamGroup, type ParamsInput } from './optimizer.js';

class SGDImpl extends Optimizer {
  /** torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False): `torch.optim.SGD(model.parameters(), {lr: 0.1, momentum: 0.9})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('SGD', args,
      ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize', 'foreach', 'differentiable'],
      [required, 0, 0, 0, false, false, null, false]);
    if (o.lr !== required) check((o.lr as number) >= 0, 'learning rate', o.lr);
    check((o.momentum as number) >= 0, 'momentum value', o.momentum);
    check((o.weight_decay as number) >= 0, 'weight_decay value', o.weight_decay);
    if (o.nesterov && ((o.momentum as number) <= 0 || o.dampening !== 0)) throw new Error('Nesterov momentum requires a momentum and zero dampening');
    super(params, o);
  }

  /** @internal */
  override _update(group: ParamGroup): void {
    const lr = group.lr as number, momentum = group.momentum as number, wd = group.weight_decay as number;
    const flags0 = (group.maximize ? MAXIMIZE : 0) | (group.nesterov ? NESTEROV : 0) | (momentum !== 0 ? MOMENTUM : 0) | (wd !== 0 ? DECAY : 0);
    for (const p of group.params) {
      const g = p.grad;
      if (g === null) continue;
      const state = this._stateOf(p);
      let buf = (state.momentum_buffer ?? null) as Tensor | null;
      let flags = flags0;
      if (momentum !== 0 && buf === null) {
        // the first step's buffer is a copy of the gradient, written by the kernel
        buf = keep(empty_like(p));
        flags |= FIRST;
      }
      runUpdate(OPTIM.sgd, [p, g, momentum !== 0 ? buf : null], [lr, wd, momentum, 1 - (group.dampening as number)], flags);
      state.momentum_buffer = buf;
    }
  }
}

/** torch.optim.SGD, with or without `new`: `const opt = torch.optim.SGD(params, {lr: 0.01, momentum: 0.9})` */
export const SGD = callableClass(SGDImpl);
export type SGD = SGDImpl;
