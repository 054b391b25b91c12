// torch.optim.Optimizer: parameter groups with per-group hyperparameters, per-parameter state, and
// PyTorch 1.13's state_dict layout, so a checkpoint round-trips and matches PyTorch's structure.
// Subclasses give their defaults and a `_update(group)` that runs their fused kernel per parameter.
import { stepBoundary, withoutBoundaries } from '../memory.js';
import { enable_grad, no_grad } from '../autograd.js';
import { Tensor } from '../tensor.js';
import { float32 } from '../dtype.js';
import { tensor } from '../creation.js';
import { bindArgs } from '../nn/callable.js';

/** PyTorch's `required` default (SGD's lr). */
export const required: unique symbol = Symbol('required') as never;

/** One parameter group: its parameters and its hyperparameters (lr, ...). */
export interface ParamGroup {
  params: Tensor[];
  [option: string]: unknown;
}

/** A group as given to the constructor or add_param_group: params may be one tensor or any iterable. */
export type ParamGroupInput = { params: Tensor | Iterable<Tensor>; [option: string]: unknown };
export type ParamsInput = Iterable<Tensor> | Iterable<ParamGroupInput>;

/** What state_dict() returns: state keyed by parameter index, groups with params as indices. */
export interface OptimizerStateDict {
  state: Record<number, Record<string, unknown>>;
  param_groups: Record<string, unknown>[];
}

/** A state entry's value as Python's repr-free deepcopy sees it: tensors cloned, containers copied. */
function deepCopy(value: unknown, cast?: (t: Tensor, key?: string) => Tensor, key?: string): unknown {
  if (value instanceof Tensor) return cast ? cast(value, key) : keep(no_grad(() => value.clone()));
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, cast));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v, cast, k);
    return out;
  }
  return value;
}

/** @internal long-lived tensors (optimizer state) must survive every tidy scope. */
export function keep(t: Tensor): Tensor {
  t._kept = true;
  return t;
}

/** Python's repr of an option value, for Optimizer.__repr__. */
function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') {
    if (Number.isInteger(v) || !Number.isFinite(v)) return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
    const s = String(v);
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (Array.isArray(v)) return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** @internal the value of a float32 step counter tensor (cpu), read and written in place without an op. */
export function stepOf(t: Tensor): number {
  return t.storage.backend.array(t.storage)[t.offset] as number;
}
/** @internal `step_t += 1` on a float32 0-d tensor, returning the new value (its float32 rounding). */
export function bumpStep(t: Tensor): number {
  t._willWrite();
  const a = t.storage.backend.array(t.storage) as Float32Array;
  a[t.offset] += 1;
  t._bumpVersion();
  if (t.storage.backend.write) t.storage.backend.write(t.storage, a);
  return a[t.offset];
}
/**
 * @internal state[key] as a float32 0-d tensor: state from older checkpoints keeps `step` as a
 * number, which PyTorch's __setstate__ turns into a tensor.
 */
export function tensorState(state: Record<string, unknown>, key: string): Tensor {
  const v = state[key];
  if (v instanceof Tensor) return v;
  const t = scalarTensor(Number(v));
  state[key] = t;
  return t;
}
/**
 * @internal a fresh float32 scalar tensor, as `torch.tensor(0.)` in PyTorch's state: on the cpu
 * whatever the default device (the step count is read on the host every step, as in PyTorch 1.13).
 */
export function scalarTensor(v: number): Tensor {
  return keep(tensor(v, { dtype: float32, device: 'cpu' }));
}

/**
 * optimizer.state: PyTorch's defaultdict(dict) keyed by parameter. `get(p)` creates the empty
 * state object on first use, as `self.state[p]` does in Python; `has(p)` does not.
 */
export class OptimizerState extends Map<Tensor, Record<string, unknown>> {
  /** state.get(p): p's state object, created empty if missing. `opt.state.get(p).exp_avg` */
  override get(p: Tensor): Record<string, unknown> {
    let s = super.get(p);
    if (s === undefined) this.set(p, (s = {}));
    return s;
  }
}

/**
 * torch.optim.Optimizer(params, defaults): the base class.
 * `class MySGD extends torch.optim.Optimizer { constructor(params, lr) { super(params, {lr}); } step() {...} }`
 */
export class Optimizer {
  /** the defaults every group falls back to */
  defaults: Record<string, unknown>;
  /** per-parameter state (PyTorch's defaultdict(dict)); `optimizer.state.get(p)` */
  state: OptimizerState;
  /** the parameter groups: `{params, lr, ...}` */
  param_groups: ParamGroup[];
  /** @internal optimizer.step() calls, which learning-rate schedulers read (PyTorch's wrapped step counts them) */
  declare _step_count?: number;

  constructor(params: ParamsInput | Tensor, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${params._typeName()}`);
    }
    this.state = new OptimizerState();
    this.param_groups = [];
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${typeof params} object is not iterable`);
    }
    let groups = Array.from(params as Iterable<unknown>);
    if (groups.length === 0) throw new Error('optimizer got an empty parameter list');
    if (groups[0] instanceof Tensor || !isDict(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.add_param_group(g as ParamGroupInput);
  }

  /** @internal the state object of a parameter, created empty on first use (defaultdict). */
  _stateOf(p: Tensor): Record<string, unknown> {
    return this.state.get(p);
  }

  /** repr(optimizer): `SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1 ...)` */
  toString(): string {
    let out = `${this.constructor.name} (`;
    this.param_groups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(group).sort()) {
        if (key !== 'params') out += `    ${key}: ${pyRepr(group[key])}\n`;
      }
    });
    return out + ')';
  }
  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }

  /** optimizer.zero_grad(set_to_none=False): zeros every .grad in place (or sets it to null). `opt.zero_grad()` */
  zero_grad(...args: unknown[]): void {
    const [setToNone] = bindArgs('zero_grad', args, ['set_to_none'], [false]) as [boolean];
    stepBoundary('zero_grad');
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) { p.grad = null; continue; }
        if (g.grad_fn !== null) g.detach_();
        else g.requires_grad_(false);
        no_grad(() => g.zero_());
      }
    }
  }

  /** optimizer.step(closure?): one update; the closure re-evaluates the loss under enable_grad. `opt.step()` */
  step(closure?: (() => unknown) | null): unknown {
    let loss: unknown = null;
    // the closure's zero_grad() and backward() belong to this step, not iterations of their own
    if (closure) loss = withoutBoundaries(() => enable_grad(() => closure()));
    no_grad(() => { for (const group of this.param_groups) this._update(group); });
    this._step_count = (this._step_count ?? 0) + 1;
    stepBoundary('step');
    return loss;
  }

  /** @internal a subclass's update of one group (the base has none, as PyTorch's raises NotImplementedError) */
  _update(_group: ParamGroup): void {
    throw new Error(`${this.constructor.name}.step() is not implemented`);
  }

  /** optimizer.add_param_group({params, ...options}): `opt.add_param_group({params: [w2], lr: 0.01})` */
  add_param_group(paramGroup: ParamGroupInput): void {
    if (!isDict(paramGroup)) throw new Error('param group must be a dict');
    const params = paramGroup.params;
    let list: Tensor[];
    if (params instanceof Tensor) list = [params];
    else if (params instanceof Set) {
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    } else list = Array.from(params as Iterable<Tensor>);
    const group = paramGroup as ParamGroup;
    group.params = list;
    for (const p of list) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${pyTypeName(p)}`);
      if (!this.defaults.differentiable && !(p.is_leaf || p.retains_grad)) throw new Error("can't optimize a non-leaf Tensor");
    }
    for (const [name, dflt] of Object.entries(this.defaults)) {
      if (dflt === required && !(name in group)) {
        throw new Error(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (!(name in group)) group[name] = Array.isArray(dflt) ? dflt.slice() : dflt;
    }
    if (new Set(list).size !== list.length) {
      console.warn('UserWarning: optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    }
    const seen = new Set<Tensor>();
    for (const g of this.param_groups) for (const p of g.params) seen.add(p);
    if (list.some((p) => seen.has(p))) throw new Error('some parameters appear in more than one parameter group');
    this.param_groups.push(group);
  }

  /** optimizer.state_dict(): `{state: {0: {...}}, param_groups: [{lr, ..., params: [0, 1]}]}` (state values are the live objects, as PyTorch's) */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let start = 0;
    const groups = this.param_groups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== 'params') packed[k] = v;
      group.params.forEach((p, i) => { if (!index.has(p)) index.set(p, start + i); });
      packed.params = group.params.map((p) => index.get(p) as number);
      start += group.params.length;
      return packed;
    });
    const state: Record<number, Record<string, unknown>> = {};
    for (const [p, s] of this.state) state[index.get(p) as number] = s;
    return { state, param_groups: groups };
  }

  /** optimizer.load_state_dict(sd): restores state and hyperparameters (a deep copy, tensors cast to each parameter's dtype). `opt.load_state_dict(ckpt)` */
  load_state_dict(stateDict: OptimizerStateDict): void {
    const groups = this.param_groups;
    const saved = stateDict.param_groups;
    if (groups.length !== saved.length) throw new Error('loaded state dict has a different number of parameter groups');
    if (groups.some((g, i) => g.params.length !== (saved[i].params as unknown[]).length)) {
      throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const idMap = new Map<number, Tensor>();
    saved.forEach((g, i) => (g.params as number[]).forEach((id, j) => idMap.set(Number(id), groups[i].params[j])));
    const state = new OptimizerState();
    for (const [k, v] of Object.entries(stateDict.state)) {
      const p = idMap.get(Number(k));
      // state not tied to a parameter has no place in a Map keyed by tensors: PyTorch keeps it under its key
      if (!p) continue;
      const cast = (t: Tensor, key?: string): Tensor => keep(no_grad(() => {
        // the step counters keep their dtype (pytorch/pytorch#74424)
        const c = key !== 'step' && p.is_floating_point() ? t.to(p.dtype) : t;
        return c === t ? t.clone() : c;
      }));
      state.set(p, deepCopy(v, cast) as Record<string, unknown>);
    }
    this.state = state;
    this.param_groups = groups.map((g, i) => {
      const ng = deepCopy(saved[i]) as ParamGroup;
      ng.params = g.params;
      return ng;
    });
  }
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !(v instanceof Tensor) && !Array.isArray(v) && !(Symbol.iterator in (v as object));
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  return (v as object).constructor?.name ?? typeof v;
}

/**
 * @internal binds an optimizer constructor's arguments as Python would (positional, or keywords in
 * a trailing options object; unknown keywords are TypeErrors naming `${name}.__init__`).
 */
export function optimizerArgs(name: string, args: readonly unknown[], names: readonly string[], defaults: readonly unknown[]): Record<string, unknown> {
  const values = bindArgs(`${name}.__init__`, args, names, defaults);
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => { out[n] = values[i]; });
  return out;
}

/** @internal PyTorch's range checks: `Invalid learning rate: -1` */
export function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new Error(`Invalid ${what}: ${pyRepr(value)}`);
}
