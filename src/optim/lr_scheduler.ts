// torch.optim.lr_scheduler: PyTorch 1.13's schedulers, value for value. Each computes what 1.13
// computes: the chainable form (from the group's current lr) on step(), the closed form when an
// epoch is passed. Fields are declared, not initialised, so an instance's own properties appear
// in the order PyTorch's __dict__ has them, and state_dict() lists them in that order.
import { REQUIRED, bindArgs, callableClass } from '../nn/callable.js';
import { Optimizer } from './optimizer.js';

const EPOCH_DEPRECATION_WARNING = 'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
  'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used ' +
  'instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: ' +
  'https://github.com/pytorch/pytorch/issues/new/choose.';

/** Python warns once per call site: once per message here. */
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

/** Python's a % b (the sign of b). */
const pyMod = (a: number, b: number) => ((a % b) + b) % b;
/** Python's '{:.4e}'. */
const sci4 = (v: number) => v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');

function checkOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    const name = optimizer === null || optimizer === undefined ? 'NoneType' : (optimizer as object).constructor?.name ?? typeof optimizer;
    throw new TypeError(`${name} is not an Optimizer`);
  }
}

/** The JSON-like own fields of a scheduler, minus `skip` (PyTorch's `__dict__` minus the optimizer). */
function fields(obj: object, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!skip.includes(k) && typeof v !== 'function') out[k] = copy(v);
  return out;
}
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return fields(v, []);
  return v;
}

/**
 * torch.optim.lr_scheduler._LRScheduler (LRScheduler in later PyTorch): the base class.
 * `class MyLR extends torch.optim.lr_scheduler.LRScheduler { get_lr() { return this.base_lrs; } }`
 */
export class LRScheduler {
  declare optimizer: Optimizer;
  declare base_lrs: number[];
  declare last_epoch: number;
  declare verbose: boolean;
  declare _step_count: number;
  declare _get_lr_called_within_step: boolean;
  declare _last_lr: number[];

  /**
   * Subclasses set their own fields after super(optimizer) and then call `_init(last_epoch,
   * verbose)` (JavaScript cannot set fields before super(), PyTorch's subclasses do). Called with
   * last_epoch, the base initialises at once, as `_LRScheduler.__init__` does.
   */
  constructor(optimizer: Optimizer, last_epoch?: number, verbose?: boolean) {
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    if (last_epoch !== undefined) this._init(last_epoch, verbose ?? false);
  }

  /** @internal the body of PyTorch's _LRScheduler.__init__ after the subclass's fields */
  _init(last_epoch: number, verbose: boolean): void {
    const optimizer = this.optimizer;
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!('initial_lr' in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!('initial_lr' in group)) {
          throw new Error(`KeyError: "param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`);
        }
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
    this.verbose = verbose;
    this._initial_step();
  }

  /** @internal */
  _initial_step(): void {
    this.optimizer._step_count = 0;
    this._step_count = 0;
    this.step();
  }

  /** scheduler.state_dict(): every field but the optimizer. `const sd = sched.state_dict()` */
  state_dict(): Record<string, unknown> {
    return fields(this, ['optimizer']);
  }
  /** scheduler.load_state_dict(sd): `sched.load_state_dict(sd)` */
  load_state_dict(stateDict: Record<string, unknown>): void {
    Object.assign(this, copy(stateDict));
  }
  /** scheduler.get_last_lr(): the learning rates the last step set, one per group. `sched.get_last_lr()` */
  get_last_lr(): number[] {
    return this._last_lr;
  }
  /** scheduler.get_lr(): the chainable form (subclasses). */
  get_lr(): number[] {
    throw new Error(`${this.constructor.name}.get_lr() is not implemented`);
  }
  /** @internal the closed form used when step() is given an epoch; absent: get_lr() */
  _get_closed_form_lr?(): number[];

  /** scheduler.print_lr(is_verbose, group, lr, epoch=None) */
  print_lr(isVerbose: boolean, group: number, lr: number, epoch: number | null = null): void {
    if (!isVerbose) return;
    if (epoch === null) console.log(`Adjusting learning rate of group ${group} to ${sci4(lr)}.`);
    else console.log(`Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2)}: adjusting learning rate of group ${group} to ${sci4(lr)}.`);
  }

  /** scheduler.step(epoch?): advances one epoch and sets every group's lr. `sched.step()` */
  step(epoch: number | null = null): void {
    if (this._step_count === 1 && (this.optimizer._step_count as number) < 1) {
      warnOnce('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
    }
    this._step_count++;
    this._get_lr_called_within_step = true;
    let values: number[];
    try {
      if (epoch === null || epoch === undefined) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        warnOnce(EPOCH_DEPRECATION_WARNING);
        this.last_epoch = epoch;
        values = this._get_closed_form_lr ? this._get_closed_form_lr() : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((group, i) => {
      if (i >= values.length) return;
      group.lr = values[i];
      this.print_lr(this.verbose, i, values[i], epoch ?? null);
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }

  /** @internal the groups' current learning rates */
  protected _lrs(): number[] {
    return this.optimizer.param_groups.map((g) => g.lr as number);
  }
}

type Lambda = (epoch: number) => number;

function lambdas(name: string, optimizer: Optimizer, lrLambda: Lambda | Lambda[]): Lambda[] {
  if (!Array.isArray(lrLambda)) return optimizer.param_groups.map(() => lrLambda);
  if (lrLambda.length !== optimizer.param_groups.length) {
    throw new Error(`Expected ${optimizer.param_groups.length} lr_lambdas, but got ${lrLambda.length}`);
  }
  void name;
  return lrLambda.slice();
}

/** state_dict of the lambda schedulers: lr_lambdas as nulls (functions are not saved), at the end as in PyTorch. */
function lambdaStateDict(s: LRScheduler & { lr_lambdas: Lambda[] }): Record<string, unknown> {
  const sd = fields(s, ['optimizer', 'lr_lambdas']);
  sd.lr_lambdas = s.lr_lambdas.map(() => null);
  return sd;
}
function lambdaLoad(s: LRScheduler, sd: Record<string, unknown>): void {
  const { lr_lambdas: _ignored, ...rest } = sd;
  Object.assign(s, copy(rest));
}

class LambdaLRImpl extends LRScheduler {
  declare lr_lambdas: Lambda[];
  /** LambdaLR(optimizer, lr_lambda, last_epoch=-1, verbose=False): lr = initial_lr * lr_lambda(epoch). `LambdaLR(opt, (e) => 0.95 ** e)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [lrLambda, lastEpoch, verbose] = bindArgs('LambdaLR.__init__', args, ['lr_lambda', 'last_epoch', 'verbose'], [REQUIRED, -1, false]) as [Lambda | Lambda[], number, boolean];
    super(optimizer);
    this.lr_lambdas = lambdas('LambdaLR', optimizer, lrLambda);
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    return this.base_lrs.map((b, i) => b * this.lr_lambdas[i](this.last_epoch));
  }
  override state_dict(): Record<string, unknown> { return lambdaStateDict(this); }
  override load_state_dict(sd: Record<string, unknown>): void { lambdaLoad(this, sd); }
}

class MultiplicativeLRImpl extends LRScheduler {
  declare lr_lambdas: Lambda[];
  /** MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1, verbose=False): lr *= lr_lambda(epoch) each step. `MultiplicativeLR(opt, () => 0.95)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [lrLambda, lastEpoch, verbose] = bindArgs('MultiplicativeLR.__init__', args, ['lr_lambda', 'last_epoch', 'verbose'], [REQUIRED, -1, false]) as [Lambda | Lambda[], number, boolean];
    super(optimizer);
    this.lr_lambdas = lambdas('MultiplicativeLR', optimizer, lrLambda);
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch > 0) return this._lrs().map((lr, i) => lr * this.lr_lambdas[i](this.last_epoch));
    return this._lrs();
  }
  override state_dict(): Record<string, unknown> { return lambdaStateDict(this); }
  override load_state_dict(sd: Record<string, unknown>): void { lambdaLoad(this, sd); }
}

class StepLRImpl extends LRScheduler {
  declare step_size: number;
  declare gamma: number;
  /** StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False): `StepLR(opt, 30, 0.1)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [stepSize, gamma, lastEpoch, verbose] = bindArgs('StepLR.__init__', args, ['step_size', 'gamma', 'last_epoch', 'verbose'], [REQUIRED, 0.1, -1, false]) as [number, number, number, boolean];
    super(optimizer);
    this.step_size = stepSize;
    this.gamma = gamma;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch === 0 || pyMod(this.last_epoch, this.step_size) !== 0) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma);
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

class MultiStepLRImpl extends LRScheduler {
  /** milestone -> how many times it was given (Python's Counter) */
  declare milestones: Record<number, number>;
  declare gamma: number;
  /** MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False): `MultiStepLR(opt, [30, 80], 0.1)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [milestones, gamma, lastEpoch, verbose] = bindArgs('MultiStepLR.__init__', args, ['milestones', 'gamma', 'last_epoch', 'verbose'], [REQUIRED, 0.1, -1, false]) as [number[], number, number, boolean];
    super(optimizer);
    const counter: Record<number, number> = {};
    for (const m of milestones) counter[m] = (counter[m] ?? 0) + 1;
    this.milestones = counter;
    this.gamma = gamma;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    const count = this.milestones[this.last_epoch];
    if (!count) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma ** count);
  }
  override _get_closed_form_lr(): number[] {
    let below = 0;
    for (const [m, c] of Object.entries(this.milestones)) if (Number(m) <= this.last_epoch) below += c;
    return this.base_lrs.map((b) => b * this.gamma ** below);
  }
}

class ConstantLRImpl extends LRScheduler {
  declare factor: number;
  declare total_iters: number;
  /** ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1, verbose=False): `ConstantLR(opt, {factor: 0.5, total_iters: 4})` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [factor, totalIters, lastEpoch, verbose] = bindArgs('ConstantLR.__init__', args, ['factor', 'total_iters', 'last_epoch', 'verbose'], [1 / 3, 5, -1, false]) as [number, number, number, boolean];
    if (factor > 1 || factor < 0) throw new Error('Constant multiplicative factor expected to be between 0 and 1.');
    super(optimizer);
    this.factor = factor;
    this.total_iters = totalIters;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch === 0) return this._lrs().map((lr) => lr * this.factor);
    if (this.last_epoch > this.total_iters || this.last_epoch !== this.total_iters) return this._lrs();
    return this._lrs().map((lr) => lr * (1 / this.factor));
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (this.factor + (this.last_epoch >= this.total_iters ? 1 : 0) * (1 - this.factor)));
  }
}

class LinearLRImpl extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;
  /** LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1, verbose=False): `LinearLR(opt, {start_factor: 0.1, total_iters: 10})` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [start, end, totalIters, lastEpoch, verbose] = bindArgs('LinearLR.__init__', args,
      ['start_factor', 'end_factor', 'total_iters', 'last_epoch', 'verbose'], [1 / 3, 1, 5, -1, false]) as [number, number, number, number, boolean];
    if (start > 1 || start < 0) throw new Error('Starting multiplicative factor expected to be between 0 and 1.');
    if (end > 1 || end < 0) throw new Error('Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer);
    this.start_factor = start;
    this.end_factor = end;
    this.total_iters = totalIters;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch === 0) return this._lrs().map((lr) => lr * this.start_factor);
    if (this.last_epoch > this.total_iters) return this._lrs();
    const d = this.end_factor - this.start_factor;
    return this._lrs().map((lr) => lr * (1 + d / (this.total_iters * this.start_factor + (this.last_epoch - 1) * d)));
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (this.start_factor +
      (this.end_factor - this.start_factor) * Math.min(this.total_iters, this.last_epoch) / this.total_iters));
  }
}

class ExponentialLRImpl extends LRScheduler {
  declare gamma: number;
  /** ExponentialLR(optimizer, gamma, last_epoch=-1, verbose=False): `ExponentialLR(opt, 0.9)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [gamma, lastEpoch, verbose] = bindArgs('ExponentialLR.__init__', args, ['gamma', 'last_epoch', 'verbose'], [REQUIRED, -1, false]) as [number, number, boolean];
    super(optimizer);
    this.gamma = gamma;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch === 0) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma);
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** this.last_epoch);
  }
}

class PolynomialLRImpl extends LRScheduler {
  declare total_iters: number;
  declare power: number;
  /** PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1, verbose=False): `PolynomialLR(opt, {total_iters: 10, power: 2})` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [totalIters, power, lastEpoch, verbose] = bindArgs('PolynomialLR.__init__', args, ['total_iters', 'power', 'last_epoch', 'verbose'], [5, 1, -1, false]) as [number, number, number, boolean];
    super(optimizer);
    this.total_iters = totalIters;
    this.power = power;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch > this.total_iters) return this._lrs();
    const f = ((1 - this.last_epoch / this.total_iters) / (1 - (this.last_epoch - 1) / this.total_iters)) ** this.power;
    return this._lrs().map((lr) => lr * f);
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (1 - Math.min(this.total_iters, this.last_epoch) / this.total_iters) ** this.power);
  }
}

class CosineAnnealingLRImpl extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;
  /** CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1, verbose=False): `CosineAnnealingLR(opt, 10)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [tMax, etaMin, lastEpoch, verbose] = bindArgs('CosineAnnealingLR.__init__', args, ['T_max', 'eta_min', 'last_epoch', 'verbose'], [REQUIRED, 0, -1, false]) as [number, number, number, boolean];
    super(optimizer);
    this.T_max = tMax;
    this.eta_min = etaMin;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    const e = this.last_epoch, T = this.T_max, m = this.eta_min;
    if (e === 0) return this._lrs();
    if (this._step_count === 1 && e > 0) return this.base_lrs.map((b) => m + (b - m) * (1 + Math.cos(e * Math.PI / T)) / 2);
    if (pyMod(e - 1 - T, 2 * T) === 0) return this._lrs().map((lr, i) => lr + (this.base_lrs[i] - m) * (1 - Math.cos(Math.PI / T)) / 2);
    return this._lrs().map((lr) => (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (lr - m) + m);
  }
  override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + (b - this.eta_min) * (1 + Math.cos(Math.PI * this.last_epoch / this.T_max)) / 2);
  }
}

class CosineAnnealingWarmRestartsImpl extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;
  /** CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1, verbose=False): `CosineAnnealingWarmRestarts(opt, 10, 2)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [t0, tMult, etaMin, lastEpoch, verbose] = bindArgs('CosineAnnealingWarmRestarts.__init__', args,
      ['T_0', 'T_mult', 'eta_min', 'last_epoch', 'verbose'], [REQUIRED, 1, 0, -1, false]) as [number, number, number, number, boolean];
    if (t0 <= 0 || !Number.isInteger(t0)) throw new Error(`Expected positive integer T_0, but got ${t0}`);
    if (tMult < 1 || !Number.isInteger(tMult)) throw new Error(`Expected integer T_mult >= 1, but got ${tMult}`);
    super(optimizer);
    this.T_0 = t0;
    this.T_i = t0;
    this.T_mult = tMult;
    this.eta_min = etaMin;
    this.T_cur = lastEpoch;
    this._init(lastEpoch, verbose);
  }
  override get_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + (b - this.eta_min) * (1 + Math.cos(Math.PI * this.T_cur / this.T_i)) / 2);
  }
  /** step(epoch?): fractional epochs allowed (`sched.step(epoch + i / iters)`), as PyTorch */
  override step(epoch: number | null = null): void {
    if ((epoch === null || epoch === undefined) && this.last_epoch < 0) epoch = 0;
    if (epoch === null || epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw new Error(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = pyMod(epoch, this.T_0);
        else {
          const n = Math.trunc(Math.log(epoch / this.T_0 * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - this.T_0 * (this.T_mult ** n - 1) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._get_lr_called_within_step = true;
    try {
      const values = this.get_lr();
      this.optimizer.param_groups.forEach((group, i) => {
        group.lr = values[i];
        this.print_lr(this.verbose, i, values[i], epoch);
      });
    } finally {
      this._get_lr_called_within_step = false;
    }
    this._last_lr = this._lrs();
  }
}

function formatParam<T>(name: string, optimizer: Optimizer, param: T | T[]): T[] {
  if (Array.isArray(param)) {
    if (param.length !== optimizer.param_groups.length) {
      throw new Error(`expected ${optimizer.param_groups.length} values for ${name}, got ${param.length}`);
    }
    return param;
  }
  return optimizer.param_groups.map(() => param);
}

class CyclicLRImpl extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare base_momentums: number[];
  declare max_momentums: number[];
  /** CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular', gamma=1., scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9): `CyclicLR(opt, 0.01, 0.1, {step_size_up: 5})` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [baseLr, maxLr, up, down, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum, lastEpoch, verbose] = bindArgs('CyclicLR.__init__', args,
      ['base_lr', 'max_lr', 'step_size_up', 'step_size_down', 'mode', 'gamma', 'scale_fn', 'scale_mode', 'cycle_momentum', 'base_momentum', 'max_momentum', 'last_epoch', 'verbose'],
      [REQUIRED, REQUIRED, 2000, null, 'triangular', 1, null, 'cycle', true, 0.8, 0.9, -1, false]) as
      [number | number[], number | number[], number, number | null, string, number, ((x: number) => number) | null, string, boolean, number | number[], number | number[], number, boolean];
    checkOptimizer(optimizer);
    super(optimizer);
    const baseLrs = formatParam('base_lr', optimizer, baseLr);
    if (lastEpoch === -1) optimizer.param_groups.forEach((g, i) => { g.lr = baseLrs[i]; });
    this.max_lrs = formatParam('max_lr', optimizer, maxLr);
    const stepUp = Number(up), stepDown = down !== null ? Number(down) : stepUp;
    this.total_size = stepUp + stepDown;
    this.step_ratio = stepUp / this.total_size;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) throw new Error('mode is invalid and scale_fn is None');
    this.mode = mode;
    this.gamma = gamma;
    if (scaleFn === null) {
      this._scale_fn_custom = null;
      this.scale_mode = mode === 'exp_range' ? 'iterations' : 'cycle';
    } else {
      this._scale_fn_custom = scaleFn;
      this.scale_mode = scaleMode;
    }
    this.cycle_momentum = cycleMomentum;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults)) throw new Error('optimizer must support momentum with `cycle_momentum` option enabled');
      const baseMomentums = formatParam('base_momentum', optimizer, baseMomentum);
      if (lastEpoch === -1) optimizer.param_groups.forEach((g, i) => { g.momentum = baseMomentums[i]; });
      this.base_momentums = optimizer.param_groups.map((g) => g.momentum as number);
      this.max_momentums = formatParam('max_momentum', optimizer, maxMomentum);
    }
    this._init(lastEpoch, verbose);
    this.base_lrs = baseLrs;
  }
  /** scheduler.scale_fn(x): the mode's scale (or the custom one) */
  scale_fn(x: number): number {
    if (this._scale_fn_custom) return this._scale_fn_custom(x);
    if (this.mode === 'triangular') return 1;
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    return this.gamma ** x;
  }
  override get_lr(): number[] {
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cycle;
    const scale = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const at = this.scale_mode === 'cycle' ? cycle : this.last_epoch;
    const lrs = this.base_lrs.map((b, i) => b + (this.max_lrs[i] - b) * scale * this.scale_fn(at));
    if (this.cycle_momentum) {
      const momentums = this.base_momentums.map((b, i) => this.max_momentums[i] - (this.max_momentums[i] - b) * scale * this.scale_fn(at));
      this.optimizer.param_groups.forEach((g, i) => { g.momentum = momentums[i]; });
    }
    return lrs;
  }
}

interface Phase { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string }

class OneCycleLRImpl extends LRScheduler {
  declare total_steps: number;
  declare _schedule_phases: Phase[];
  declare anneal_strategy: string;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  /** OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25., final_div_factor=1e4, three_phase=False): `OneCycleLR(opt, 0.1, {total_steps: 100})` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [maxLr, totalSteps, epochs, stepsPerEpoch, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase, lastEpoch, verbose] =
      bindArgs('OneCycleLR.__init__', args,
        ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase', 'last_epoch', 'verbose'],
        [REQUIRED, null, null, null, 0.3, 'cos', true, 0.85, 0.95, 25, 1e4, false, -1, false]) as
        [number | number[], number | null, number | null, number | null, number, string, boolean, number | number[], number | number[], number, number, boolean, number, boolean];
    checkOptimizer(optimizer);
    super(optimizer);
    if (totalSteps === null && epochs === null && stepsPerEpoch === null) throw new Error('You must define either total_steps OR (epochs AND steps_per_epoch)');
    if (totalSteps !== null) {
      if (totalSteps <= 0 || !Number.isInteger(totalSteps)) throw new Error(`Expected positive integer total_steps, but got ${totalSteps}`);
      this.total_steps = totalSteps;
    } else {
      if (epochs === null || epochs <= 0 || !Number.isInteger(epochs)) throw new Error(`Expected positive integer epochs, but got ${epochs}`);
      if (stepsPerEpoch === null || stepsPerEpoch <= 0 || !Number.isInteger(stepsPerEpoch)) throw new Error(`Expected positive integer steps_per_epoch, but got ${stepsPerEpoch}`);
      this.total_steps = epochs * stepsPerEpoch;
    }
    const T = this.total_steps;
    this._schedule_phases = threePhase ? [
      { end_step: pctStart * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
      { end_step: 2 * pctStart * T - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      { end_step: T - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
    ] : [
      { end_step: pctStart * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
      { end_step: T - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
    ];
    if (pctStart < 0 || pctStart > 1 || typeof pctStart !== 'number') throw new Error(`Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    if (anneal !== 'cos' && anneal !== 'linear') throw new Error(`anneal_strategy must by one of 'cos' or 'linear', instead got ${anneal}`);
    this.anneal_strategy = anneal;
    const maxLrs = formatParam('max_lr', optimizer, maxLr);
    if (lastEpoch === -1) {
      optimizer.param_groups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / divFactor;
        g.max_lr = maxLrs[i];
        g.min_lr = (g.initial_lr as number) / finalDivFactor;
      });
    }
    this.cycle_momentum = cycleMomentum;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) throw new Error('optimizer must support momentum with `cycle_momentum` option enabled');
      this.use_beta1 = 'betas' in optimizer.defaults;
      const maxMs = formatParam('max_momentum', optimizer, maxMomentum);
      const baseMs = formatParam('base_momentum', optimizer, baseMomentum);
      if (lastEpoch === -1) {
        optimizer.param_groups.forEach((g, i) => {
          if (this.use_beta1) g.betas = [maxMs[i], ...(g.betas as number[]).slice(1)];
          else g.momentum = maxMs[i];
          g.max_momentum = maxMs[i];
          g.base_momentum = baseMs[i];
        });
      }
    }
    this._init(lastEpoch, verbose);
  }
  /** @internal */
  _anneal(start: number, end: number, pct: number): number {
    if (this.anneal_strategy === 'cos') return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }
  override get_lr(): number[] {
    const stepNum = this.last_epoch;
    if (stepNum > this.total_steps) throw new Error(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.total_steps}`);
    return this.optimizer.param_groups.map((group) => {
      let start = 0, lr = 0, momentum = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const end = phases[i].end_step;
        if (stepNum <= end || i === phases.length - 1) {
          const pct = (stepNum - start) / (end - start);
          lr = this._anneal(group[phases[i].start_lr] as number, group[phases[i].end_lr] as number, pct);
          if (this.cycle_momentum) momentum = this._anneal(group[phases[i].start_momentum] as number, group[phases[i].end_momentum] as number, pct);
          break;
        }
        start = end;
      }
      if (this.cycle_momentum) {
        if (this.use_beta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
        else group.momentum = momentum;
      }
      return lr;
    });
  }
}

class SequentialLRImpl extends LRScheduler {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];
  /** SequentialLR(optimizer, schedulers, milestones, last_epoch=-1, verbose=False): `SequentialLR(opt, [warmup, decay], [5])` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [schedulers, milestones, lastEpoch] = bindArgs('SequentialLR.__init__', args, ['schedulers', 'milestones', 'last_epoch', 'verbose'], [REQUIRED, REQUIRED, -1, false]) as [LRScheduler[], number[], number];
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new Error(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      if (s.optimizer !== schedulers[0].optimizer) throw new Error(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new Error(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`);
    }
    super(optimizer);
    // PyTorch's SequentialLR does not run the base initialisation; its own fields, in its order
    delete (this as { optimizer?: Optimizer }).optimizer;
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.last_epoch = lastEpoch + 1;
    this.optimizer = optimizer;
    for (const g of optimizer.param_groups) g.lr = g.initial_lr;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0]._initial_step();
    this._last_lr = schedulers[0].get_last_lr();
  }
  override step(): void {
    this.last_epoch += 1;
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx] <= this.last_epoch) idx++;
    const s = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) s.step(0);
    else s.step();
    this._last_lr = s.get_last_lr();
  }
  override state_dict(): Record<string, unknown> {
    const sd = fields(this, ['optimizer', '_schedulers']);
    sd._schedulers = this._schedulers.map((s) => s.state_dict());
    return sd;
  }
  override load_state_dict(sd: Record<string, unknown>): void {
    const { _schedulers, ...rest } = sd;
    Object.assign(this, copy(rest));
    (_schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

class ChainedSchedulerImpl extends LRScheduler {
  declare _schedulers: LRScheduler[];
  /** ChainedScheduler(schedulers): steps every scheduler in turn. `ChainedScheduler([s1, s2])` */
  constructor(...args: unknown[]) {
    const [schedulers] = bindArgs('ChainedScheduler.__init__', args, ['schedulers'], [REQUIRED]) as [LRScheduler[]];
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i].optimizer !== schedulers[0].optimizer) {
        throw new Error(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
      }
    }
    super(schedulers[0].optimizer);
    delete (this as { optimizer?: Optimizer }).optimizer;
    this._schedulers = schedulers.slice();
    this.optimizer = schedulers[0].optimizer;
    this._last_lr = schedulers[schedulers.length - 1].optimizer.param_groups.map((g) => g.lr as number);
  }
  override step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr as number);
  }
  override state_dict(): Record<string, unknown> {
    const sd = fields(this, ['optimizer', '_schedulers']);
    sd._schedulers = this._schedulers.map((s) => s.state_dict());
    return sd;
  }
  override load_state_dict(sd: Record<string, unknown>): void {
    const { _schedulers, ...rest } = sd;
    Object.assign(this, copy(rest));
    (_schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

class ReduceLROnPlateauImpl {
  declare factor: number;
  declare optimizer: Optimizer;
  declare min_lrs: number[];
  declare patience: number;
  declare verbose: boolean;
  declare cooldown: number;
  declare cooldown_counter: number;
  declare mode: string;
  declare threshold: number;
  declare threshold_mode: string;
  declare best: number;
  declare num_bad_epochs: number;
  declare mode_worse: number;
  declare eps: number;
  declare last_epoch: number;
  declare _last_lr: number[];
  /** ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8, verbose=False): `ReduceLROnPlateau(opt, {patience: 2})`, then `sched.step(valLoss)` */
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const [mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, verbose] = bindArgs('ReduceLROnPlateau.__init__', args,
      ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps', 'verbose'],
      ['min', 0.1, 10, 1e-4, 'rel', 0, 0, 1e-8, false]) as [string, number, number, number, string, number, number | number[], number, boolean];
    if (factor >= 1) throw new Error('Factor should be < 1.0.');
    this.factor = factor;
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    if (Array.isArray(minLr)) {
      if (minLr.length !== optimizer.param_groups.length) throw new Error(`expected ${optimizer.param_groups.length} min_lrs, got ${minLr.length}`);
      this.min_lrs = minLr.slice();
    } else this.min_lrs = optimizer.param_groups.map(() => minLr);
    this.patience = patience;
    this.verbose = verbose;
    this.cooldown = cooldown;
    this.cooldown_counter = 0;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = thresholdMode;
    this.best = NaN;
    this.num_bad_epochs = 0;
    this.mode_worse = NaN;
    this.eps = eps;
    this.last_epoch = 0;
    this._init_is_better(mode, threshold, thresholdMode);
    this._reset();
  }
  /** @internal */
  _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }
  /** scheduler.step(metrics): `sched.step(valLoss)` (a number or a one-element tensor) */
  step(metrics: number | { item(): number | boolean }, epoch: number | null = null): void {
    const current = typeof metrics === 'number' ? metrics : Number(metrics.item());
    if (epoch === null || epoch === undefined) epoch = this.last_epoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs += 1;
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }
  /** @internal */
  _reduce_lr(epoch: number): void {
    this.optimizer.param_groups.forEach((g, i) => {
      const old = Number(g.lr);
      const lr = Math.max(old * this.factor, this.min_lrs[i]);
      if (old - lr > this.eps) {
        g.lr = lr;
        if (this.verbose) console.log(`Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2)}: reducing learning rate of group ${i} to ${sci4(lr)}.`);
      }
    });
  }
  /** scheduler.in_cooldown */
  get in_cooldown(): boolean { return this.cooldown_counter > 0; }
  /** scheduler.is_better(a, best) */
  is_better(a: number, best: number): boolean {
    if (this.mode === 'min' && this.threshold_mode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min' && this.threshold_mode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.threshold_mode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }
  /** @internal */
  _init_is_better(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new Error(`mode ${mode} is unknown!`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new Error(`threshold mode ${thresholdMode} is unknown!`);
    this.mode_worse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = thresholdMode;
  }
  /** scheduler.get_last_lr() (the lrs after the last step; PyTorch 1.13 keeps them in `_last_lr`) */
  get_last_lr(): number[] { return this._last_lr; }
  /** scheduler.state_dict(): every field but the optimizer */
  state_dict(): Record<string, unknown> { return fields(this, ['optimizer']); }
  /** scheduler.load_state_dict(sd) */
  load_state_dict(sd: Record<string, unknown>): void {
    Object.assign(this, copy(sd));
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}

/** torch.optim.lr_scheduler._LRScheduler: PyTorch 1.13's name of the base class. */
export const _LRScheduler = LRScheduler;
/** LambdaLR(optimizer, lr_lambda): `torch.optim.lr_scheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch)` */
export const LambdaLR = callableClass(LambdaLRImpl);
/** MultiplicativeLR(optimizer, lr_lambda): `MultiplicativeLR(opt, () => 0.95)` */
export const MultiplicativeLR = callableClass(MultiplicativeLRImpl);
/** StepLR(optimizer, step_size, gamma=0.1): `StepLR(opt, {step_size: 30, gamma: 0.1})` */
export const StepLR = callableClass(StepLRImpl);
/** MultiStepLR(optimizer, milestones, gamma=0.1): `MultiStepLR(opt, [30, 80])` */
export const MultiStepLR = callableClass(MultiStepLRImpl);
/** ConstantLR(optimizer, factor=1/3, total_iters=5): `ConstantLR(opt, {factor: 0.5})` */
export const ConstantLR = callableClass(ConstantLRImpl);
/** LinearLR(optimizer, start_factor=1/3, end_factor=1, total_iters=5): `LinearLR(opt, {start_factor: 0.1})` */
export const LinearLR = callableClass(LinearLRImpl);
/** ExponentialLR(optimizer, gamma): `ExponentialLR(opt, 0.9)` */
export const ExponentialLR = callableClass(ExponentialLRImpl);
/** PolynomialLR(optimizer, total_iters=5, power=1): `PolynomialLR(opt, {total_iters: 10})` */
export const PolynomialLR = callableClass(PolynomialLRImpl);
/** CosineAnnealingLR(optimizer, T_max, eta_min=0): `CosineAnnealingLR(opt, 10)` */
export const CosineAnnealingLR = callableClass(CosineAnnealingLRImpl);
/** CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0): `CosineAnnealingWarmRestarts(opt, 10, 2)` */
export const CosineAnnealingWarmRestarts = callableClass(CosineAnnealingWarmRestartsImpl);
/** CyclicLR(optimizer, base_lr, max_lr, ...): `CyclicLR(opt, 0.001, 0.1, {step_size_up: 4})` */
export const CyclicLR = callableClass(CyclicLRImpl);
/** OneCycleLR(optimizer, max_lr, {total_steps}): `OneCycleLR(opt, 0.1, {total_steps: 100})` */
export const OneCycleLR = callableClass(OneCycleLRImpl);
/** SequentialLR(optimizer, schedulers, milestones): `SequentialLR(opt, [warmup, decay], [5])` */
export const SequentialLR = callableClass(SequentialLRImpl);
/** ChainedScheduler(schedulers): `ChainedScheduler([s1, s2])` */
export const ChainedScheduler = callableClass(ChainedSchedulerImpl);
/** ReduceLROnPlateau(optimizer, {mode, factor, patience, ...}): `ReduceLROnPlateau(opt)`, `sched.step(loss)` */
export const ReduceLROnPlateau = callableClass(ReduceLROnPlateauImpl);
