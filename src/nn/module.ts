// torch.nn.Module. A module is callable (`model(x)`), so an instance is a Proxy over a function
// whose prototype is the class's: `model(x)` runs the hooks and `forward`, `instanceof` and the
// methods work as usual, and attribute assignment goes through PyTorch's __setattr__ rules
// (Parameters, Modules and buffers register in assignment order). Parameters, buffers and child
// modules live in ordered Maps; reading `model.fc` finds them there, as Python's __getattr__ does.
import { Node, is_grad_enabled, no_grad } from '../autograd.js';
import { toDType, type DType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { callableClass, bindArgs } from './callable.js';
import { Parameter } from './parameter.js';
import { frame, publish, stepBoundary } from '../memory.js';

/** Python's torch.typename for a JavaScript value, for error messages. */
export function typename(v: unknown): string {
  if (v instanceof Tensor) return v._typeName();
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object' || typeof v === 'function') {
    const c = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return c === 'Object' || !c ? 'dict' : c;
  }
  return typeof v;
}

/** The handle a register_*_hook call returns: `handle.remove()` unregisters the hook. */
export class RemovableHandle {
  private static nextId = 0;
  /** @internal */
  readonly id = RemovableHandle.nextId++;
  constructor(private readonly dicts: Map<number, unknown>[]) {}
  /** handle.remove() */
  remove(): void {
    for (const d of this.dicts) d.delete(this.id);
  }
}

type PreHook = (module: Module, input: unknown[]) => unknown;
type ForwardHook = (module: Module, input: unknown[], output: unknown) => unknown;
type BackwardHook = (module: Module, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => unknown;

/**
 * Full backward hooks (PyTorch's BackwardHook): the call's tensor inputs and outputs pass through
 * identity nodes (BackwardHookFunctionBackward); the outputs' node records grad_output, and the
 * inputs' node calls the hooks with (grad_input, grad_output) and passes on what they return.
 */
function withBackwardHooks(module: Module, args: unknown[], run: (args: unknown[]) => unknown): unknown {
  const hooks = () => [...(module._backward_hooks as Map<number, BackwardHook>).values()];
  let gradOutputs: (Tensor | null)[] = [];
  const inputIdx = args.flatMap((a, i) => (a instanceof Tensor && a.requires_grad ? [i] : []));
  const callHooks = (gradInputs: (Tensor | null)[]): (Tensor | null)[] => {
    for (const hook of hooks()) {
      const r = hook(module, gradInputs, gradOutputs);
      if (r !== undefined && r !== null) {
        const arr = (Array.isArray(r) ? r : [r]) as (Tensor | null)[];
        if (arr.length !== gradInputs.length) {
          throw new Error(`Backward hook returned an invalid number of grad_input, got ${arr.length}, but expected ${gradInputs.length}`);
        }
        gradInputs = arr;
      }
    }
    return gradInputs;
  };
  const identity = (tensors: Tensor[], backward: (gs: (Tensor | null)[]) => (Tensor | null)[]): Tensor[] => {
    const node = new Node('BackwardHookFunctionBackward', tensors.map((t) => t._gradEdge()), (gs) => backward(gs.slice()), [], tensors.length);
    return tensors.map((t, i) => { const a = t.detach(); a._setGradFn(node, i); return a; });
  };
  if (inputIdx.length && is_grad_enabled()) {
    const wrapped = identity(inputIdx.map((i) => args[i] as Tensor), (gs) => callHooks(gs));
    args = args.slice();
    inputIdx.forEach((i, k) => { args[i] = wrapped[k]; });
  }
  const result = run(args);
  const outs = Array.isArray(result) ? result : [result];
  const outIdx = outs.flatMap((o, i) => (o instanceof Tensor && o.requires_grad ? [i] : []));
  if (!outIdx.length || !is_grad_enabled()) return result;
  const wrappedOut = identity(outIdx.map((i) => outs[i] as Tensor), (gs) => {
    // the engine frees its gradients once a node has run: the hooks get aliases of their own
    gradOutputs = gs.map((g) => { if (!g) return null; const a = g.detach(); a._kept = true; return a; });
    // no input needs a gradient: the hooks run here, with None for grad_input (as PyTorch)
    if (!inputIdx.length) callHooks(args.filter((a) => a instanceof Tensor).map(() => null));
    return gs;
  });
  const newOuts = outs.slice();
  outIdx.forEach((i, k) => { newOuts[i] = wrappedOut[k]; });
  return Array.isArray(result) ? newOuts : newOuts[0];
}

/** Python's _addindent: every line after the first indented by `n` spaces. */
function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

/** how deep in module calls the program is: 0 outside any module's forward */
let callDepth = 0;

/** The prototypes of torch.nn's own layer classes (not of the program's subclasses): see libraryCall. */
const builtinPrototypes = new WeakSet<object>();
/** @internal Registers torch.nn's layer classes (src/nn/index.ts). */
export function markBuiltinModules(classes: readonly unknown[]): void {
  for (const c of classes) {
    const proto = typeof c === 'function' ? (c as { prototype?: unknown }).prototype : null;
    if (proto && typeof proto === 'object') builtinPrototypes.add(proto);
  }
}

const isPlainStateDict = (sd: unknown): sd is Record<string, unknown> =>
  sd !== null && typeof sd === 'object' && !(sd instanceof Map) && !Array.isArray(sd) && !(sd instanceof Tensor);

/** Names a module reads from its Maps before its own properties (the rest goes to the object). */
function lookup(target: ModuleImpl, prop: string): { found: boolean; value: unknown } {
  const st = target as unknown as ModuleState;
  const p = st._parameters;
  if (p === undefined) return { found: false, value: undefined };
  if (p.has(prop)) return { found: true, value: p.get(prop) };
  if (st._buffers.has(prop)) return { found: true, value: st._buffers.get(prop) };
  if (st._modules.has(prop)) return { found: true, value: st._modules.get(prop) };
  return { found: false, value: undefined };
}

interface ModuleState {
  _parameters: Map<string, Parameter | null>;
  _buffers: Map<string, Tensor | null>;
  _non_persistent_buffers_set: Set<string>;
  _modules: Map<string, Module | null>;
  _forward_hooks: Map<number, ForwardHook>;
  _forward_pre_hooks: Map<number, PreHook>;
  _backward_hooks: Map<number, BackwardHook>;
  training: boolean;
}

const handler: ProxyHandler<ModuleImpl> = {
  apply(target, _thisArg, args) {
    return (target as unknown as { _self: Module })._self._call_impl(...args);
  },
  get(target, prop, receiver) {
    if (typeof prop === 'string') {
      const r = lookup(target, prop);
      if (r.found) return r.value;
      const get = (target as unknown as { _getitem?: (i: number) => unknown })._getitem;
      if (get !== undefined && /^-?\d+$/.test(prop)) return get.call(receiver, Number(prop));
    }
    return Reflect.get(target, prop, receiver);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === 'string' && setattr(target, receiver as Module, prop, value)) return true;
    return Reflect.set(target, prop, value, receiver);
  },
  defineProperty(target, prop, desc) {
    // class fields of subclasses (`fc = nn.Linear(2, 2)`) define rather than assign
    if (typeof prop === 'string' && 'value' in desc && setattr(target, (target as unknown as { _self: Module })._self, prop, desc.value)) return true;
    return Reflect.defineProperty(target, prop, desc);
  },
  has(target, prop) {
    if (typeof prop === 'string' && lookup(target, prop).found) return true;
    return Reflect.has(target, prop);
  },
  deleteProperty(target, prop) {
    if (typeof prop === 'string') {
      const st = target as unknown as ModuleState;
      if (st._parameters.delete(prop)) return true;
      if (st._buffers.delete(prop)) { st._non_persistent_buffers_set.delete(prop); return true; }
      if (st._modules.delete(prop)) return true;
    }
    return Reflect.deleteProperty(target, prop);
  },
};

/**
 * PyTorch's Module.__setattr__: returns true when `value` went into one of the Maps, false when it
 * is an ordinary attribute (which the caller stores on the object).
 */
function setattr(target: ModuleImpl, self: Module, name: string, value: unknown): boolean {
  const st = target as unknown as ModuleState;
  if (st._parameters === undefined) {
    if (value instanceof Parameter) throw new Error('cannot assign parameters before Module.__init__() call');
    if (value instanceof ModuleImpl) throw new Error('cannot assign module before Module.__init__() call');
    return false;
  }
  const removeFromAll = (except: Map<string, unknown>) => {
    for (const d of [st._parameters, st._buffers, st._modules] as Map<string, unknown>[]) if (d !== except) d.delete(name);
    if (except !== (st._buffers as Map<string, unknown>)) st._non_persistent_buffers_set.delete(name);
    if (Object.hasOwn(target, name)) Reflect.deleteProperty(target, name);
  };
  if (value instanceof Parameter) {
    removeFromAll(st._parameters);
    self.register_parameter(name, value);
    return true;
  }
  if (st._parameters.has(name)) {
    if (value !== null && value !== undefined) {
      throw new TypeError(`cannot assign '${typename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    }
    self.register_parameter(name, null);
    return true;
  }
  if (value instanceof ModuleImpl) {
    removeFromAll(st._modules);
    st._modules.set(name, value as Module);
    return true;
  }
  if (st._modules.has(name)) {
    if (value !== null && value !== undefined) {
      throw new TypeError(`cannot assign '${typename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    }
    st._modules.set(name, null);
    return true;
  }
  if (st._buffers.has(name)) {
    if (value !== null && value !== undefined && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    // a buffer lives as long as the module holds it (the step scope never frees it); the one it
    // replaces becomes an ordinary tensor again
    const old = st._buffers.get(name);
    if (old && old !== value) old._kept = false;
    if (value) (value as Tensor)._kept = true;
    st._buffers.set(name, (value ?? null) as Tensor | null);
    return true;
  }
  return false;
}

/** A state_dict entry: a plain object keyed like PyTorch's OrderedDict. */
export type StateDict = Record<string, Tensor>;

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below makes instances callable (they are Proxies over functions)
class ModuleImpl {
  /** @internal the proxy this object is the target of */
  declare _self: Module;
  /** module.training: true after train(), false after eval() */
  declare training: boolean;
  /** @internal */
  declare _parameters: Map<string, Parameter | null>;
  /** @internal */
  declare _buffers: Map<string, Tensor | null>;
  /** @internal */
  declare _non_persistent_buffers_set: Set<string>;
  /** @internal */
  declare _modules: Map<string, Module | null>;
  /** @internal */
  declare _forward_hooks: Map<number, ForwardHook>;
  /** @internal */
  declare _forward_pre_hooks: Map<number, PreHook>;
  /** @internal */
  declare _backward_hooks: Map<number, BackwardHook>;

  /** torch.nn.Module(): subclass it, `class Net extends torch.nn.Module { constructor() { super(); ... } forward(x) {...} }` */
  constructor(...args: unknown[]) {
    if (args.length) {
      // PyTorch 1.13: Module.__init__() takes no arguments
      const a = args[args.length - 1];
      if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
        const k = Object.keys(a)[0];
        if (k !== undefined) throw new TypeError(`Module.__init__() got an unexpected keyword argument '${k}'`);
      } else throw new TypeError(`Module.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    }
    // an arrow function has no own `prototype`; its `name` and `length` go so the class's show through
    const target = (() => undefined) as unknown as ModuleImpl;
    delete (target as unknown as { name?: string }).name;
    delete (target as unknown as { length?: number }).length;
    Object.setPrototypeOf(target, new.target.prototype);
    const init = (k: string, v: unknown) => Object.defineProperty(target, k, { value: v, writable: true, configurable: true, enumerable: false });
    init('training', true);
    init('_parameters', new Map());
    init('_buffers', new Map());
    init('_non_persistent_buffers_set', new Set());
    init('_modules', new Map());
    init('_forward_hooks', new Map());
    init('_forward_pre_hooks', new Map());
    init('_backward_hooks', new Map());
    const proxy = new Proxy(target, handler);
    init('_self', proxy);
    // biome-ignore lint/correctness/noConstructorReturn: a module is callable, so the instance is a Proxy over a function
    return proxy;
  }

  /** module.forward(...inputs): what the module computes; subclasses define it. */
  forward(..._args: unknown[]): unknown {
    throw new Error(`NotImplementedError: Module [${this._get_name()}] is missing the required "forward" function`);
  }

  /** @internal model(...args): forward pre-hooks, forward, forward hooks (PyTorch's _call_impl). */
  _call_impl(...args: unknown[]): unknown {
    // a model called from the program (not from another module's forward) marks an iteration of
    // its loop for the step scope: what bounds a sampling or inference loop with no backward()
    if (callDepth === 0) stepBoundary('forward');
    const outer = frame.library, library = this._libraryCall();
    // the program's code (a hook, a module of its own) sees these arguments: they are the program's now
    if (outer && !library) publish(args);
    frame.library = library;
    callDepth++;
    let result: unknown;
    try {
      result = this._callHooked(args);
    } finally {
      callDepth--;
      frame.library = outer;
    }
    if (library && !outer) publish(result);
    return result;
  }

  /**
   * @internal Whether this call runs only webtorch's code: a torch.nn layer class itself (not a
   * subclass of the program's), with no hook and no callable of the program's (memory.ts's frame).
   */
  _libraryCall(): boolean {
    return builtinPrototypes.has(Object.getPrototypeOf(this)) && !this._forward_pre_hooks.size && !this._forward_hooks.size
      && !this._backward_hooks.size && !this._runsProgramCode();
  }

  /** @internal A layer that calls a function the program gave it (an activation) says so. */
  _runsProgramCode(): boolean {
    return false;
  }

  private _callHooked(args: unknown[]): unknown {
    for (const hook of [...this._forward_pre_hooks.values()]) {
      const r = hook(this as unknown as Module, args);
      if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
    }
    const run = (a: unknown[]): unknown => {
      let result = this.forward(...a);
      for (const hook of [...this._forward_hooks.values()]) {
        const r = hook(this as unknown as Module, a, result);
        if (r !== undefined && r !== null) result = r;
      }
      return result;
    };
    if (this._backward_hooks.size) return withBackwardHooks(this as unknown as Module, args, run);
    return run(args);
  }

  /** @internal the class name, as PyTorch's _get_name */
  _get_name(): string {
    return (Object.getPrototypeOf(this) as { constructor: { name: string } }).constructor.name;
  }

  // ---- registration ----------------------------------------------------------------------------

  /** module.register_parameter(name, param): `m.register_parameter('w', nn.Parameter(torch.ones(2)))` */
  register_parameter(name: string, param: Parameter | null): void {
    if (typeof name !== 'string') throw new TypeError(`parameter name should be a string. Got ${typename(name)}`);
    if (name.includes('.')) throw new Error('KeyError: parameter name can\'t contain "."');
    if (name === '') throw new Error('KeyError: parameter name can\'t be empty string ""');
    if (name in this && !this._parameters.has(name)) throw new Error(`KeyError: attribute '${name}' already exists`);
    if (param === null || param === undefined) { this._parameters.set(name, null); return; }
    if (!(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param.grad_fn) {
      throw new Error(`ValueError: Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`);
    }
    this._parameters.set(name, param);
  }

  /** module.register_buffer(name, tensor, persistent=True): `this.register_buffer('running_mean', torch.zeros(3))` */
  register_buffer(name: string, tensor: Tensor | null, ...args: unknown[]): void {
    const [persistent] = bindArgs('register_buffer', args, ['persistent'], [true]) as [boolean];
    if (typeof name !== 'string') throw new TypeError(`buffer name should be a string. Got ${typename(name)}`);
    if (name.includes('.')) throw new Error('KeyError: buffer name can\'t contain "."');
    if (name === '') throw new Error('KeyError: buffer name can\'t be empty string ""');
    if (name in this && !this._buffers.has(name)) throw new Error(`KeyError: attribute '${name}' already exists`);
    if (tensor !== null && tensor !== undefined && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    if (tensor) tensor._kept = true;
    this._buffers.set(name, tensor ?? null);
    if (persistent) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
  }

  /** module.add_module(name, module): `seq.add_module('relu', nn.ReLU())` */
  add_module(name: string, module: Module | null): void {
    if (!(module instanceof ModuleImpl) && module !== null && module !== undefined) throw new TypeError(`${typename(module)} is not a Module subclass`);
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typename(name)}`);
    if (name in this && !this._modules.has(name)) throw new Error(`KeyError: attribute '${name}' already exists`);
    if (name.includes('.')) throw new Error(`KeyError: module name can't contain ".", got: ${name}`);
    if (name === '') throw new Error('KeyError: module name can\'t be empty string ""');
    this._modules.set(name, module ?? null);
  }
  /** module.register_module(name, module): alias of add_module */
  register_module(name: string, module: Module | null): void { this.add_module(name, module); }

  /** module.get_submodule('net.0'): the module at a dotted path */
  get_submodule(target: string): Module {
    if (target === '') return this as unknown as Module;
    let mod = this as unknown as ModuleImpl;
    for (const item of target.split('.')) {
      if (!(item in mod)) throw new Error(`AttributeError: ${mod._get_name()} has no attribute \`${item}\``);
      mod = (mod as unknown as Record<string, ModuleImpl>)[item];
      if (!(mod instanceof ModuleImpl)) throw new Error(`AttributeError: \`${item}\` is not an nn.Module`);
    }
    return mod as unknown as Module;
  }
  /** module.get_parameter('net.0.weight') */
  get_parameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    if (!(name in mod)) throw new Error(`AttributeError: ${mod._get_name()} has no attribute \`${name}\``);
    const p = (mod as unknown as Record<string, unknown>)[name];
    if (!(p instanceof Parameter)) throw new Error(`AttributeError: \`${name}\` is not an nn.Parameter`);
    return p;
  }
  /** module.get_buffer('bn.running_mean') */
  get_buffer(target: string): Tensor {
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    if (!(name in mod)) throw new Error(`AttributeError: ${mod._get_name()} has no attribute \`${name}\``);
    if (!mod._buffers.has(name)) throw new Error(`AttributeError: \`${name}\` is not a buffer`);
    return mod._buffers.get(name) as Tensor;
  }

  // ---- iteration -------------------------------------------------------------------------------

  /** module.named_modules(memo?, prefix='', remove_duplicate=true): yields [name, module] */
  *named_modules(memo: Set<Module> | null = null, prefix = '', remove_duplicate = true): Generator<[string, Module]> {
    if (memo !== null && !(memo instanceof Set)) {
      const o = memo as { memo?: Set<Module>; prefix?: string; remove_duplicate?: boolean };
      yield* this.named_modules(o.memo ?? null, o.prefix ?? '', o.remove_duplicate ?? true);
      return;
    }
    memo ??= new Set();
    const self = this as unknown as Module;
    if (remove_duplicate && memo.has(self)) return;
    if (remove_duplicate) memo.add(self);
    yield [prefix, self];
    for (const [name, m] of this._modules) {
      if (!m) continue;
      yield* m.named_modules(memo, prefix + (prefix ? '.' : '') + name, remove_duplicate);
    }
  }
  /** module.modules(): every module in the tree, itself first */
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }
  /** module.named_children(): yields [name, child] for the direct children */
  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, m] of this._modules) {
      if (m && !memo.has(m)) { memo.add(m); yield [name, m]; }
    }
  }
  /** module.children() */
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }

  private *_named_members<T>(get: (m: Module) => Iterable<[string, T | null]>, prefix: string, recurse: boolean): Generator<[string, T]> {
    const memo = new Set<T>();
    const mods: Iterable<[string, Module]> = recurse ? this.named_modules(null, prefix) : [[prefix, this as unknown as Module]];
    for (const [mp, m] of mods) {
      for (const [k, v] of get(m)) {
        if (v === null || v === undefined || memo.has(v)) continue;
        memo.add(v);
        yield [mp + (mp ? '.' : '') + k, v];
      }
    }
  }
  /** module.named_parameters(prefix='', recurse=true): yields [dotted name, parameter] */
  named_parameters(prefix: string | { prefix?: string; recurse?: boolean } = '', recurse = true): Generator<[string, Parameter]> {
    if (typeof prefix === 'object') return this.named_parameters(prefix.prefix ?? '', prefix.recurse ?? true);
    return this._named_members((m) => m._parameters, prefix, recurse);
  }
  /** module.parameters(recurse=true): `torch.optim.SGD(model.parameters(), {lr: 0.1})` */
  *parameters(recurse: boolean | { recurse?: boolean } = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters('', typeof recurse === 'object' ? recurse.recurse ?? true : recurse)) yield p;
  }
  /** module.named_buffers(prefix='', recurse=true) */
  named_buffers(prefix: string | { prefix?: string; recurse?: boolean } = '', recurse = true): Generator<[string, Tensor]> {
    if (typeof prefix === 'object') return this.named_buffers(prefix.prefix ?? '', prefix.recurse ?? true);
    return this._named_members((m) => m._buffers, prefix, recurse);
  }
  /** module.buffers(recurse=true) */
  *buffers(recurse: boolean | { recurse?: boolean } = true): Generator<Tensor> {
    for (const [, b] of this.named_buffers('', typeof recurse === 'object' ? recurse.recurse ?? true : recurse)) yield b;
  }

  // ---- modes and gradients -----------------------------------------------------------------------

  /** module.train(mode=true): sets training on the module and all descendants; returns the module */
  train(mode: boolean | { mode?: boolean } = true): this {
    if (typeof mode === 'object' && mode !== null) mode = mode.mode ?? true;
    if (typeof mode !== 'boolean') throw new Error('ValueError: training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  /** module.eval(): train(false) */
  eval(): this { return this.train(false); }

  /** module.requires_grad_(requires_grad=true) */
  requires_grad_(requiresGrad: boolean | { requires_grad?: boolean } = true): this {
    if (typeof requiresGrad === 'object') requiresGrad = requiresGrad.requires_grad ?? true;
    for (const p of this.parameters()) p.requires_grad_(requiresGrad);
    return this;
  }

  /** module.zero_grad(set_to_none=False): PyTorch 1.13 zeroes the gradients in place by default */
  zero_grad(setToNone: boolean | { set_to_none?: boolean } = false): void {
    if (typeof setToNone === 'object') setToNone = setToNone.set_to_none ?? false;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (!g) continue;
      if (setToNone) { p.grad = null; continue; }
      if (g.grad_fn) g.detach_();
      else g.requires_grad_(false);
      no_grad(() => g.zero_());
    }
  }

  // ---- conversion --------------------------------------------------------------------------------

  /** @internal PyTorch's _apply: children first, then each parameter (in place, via .data), its grad, and each buffer */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    for (const [key, p] of this._parameters) {
      if (!p) continue;
      const applied = no_grad(() => fn(p));
      if (applied !== p) p.data = applied;
      const g = p.grad;
      if (g) {
        const ga = no_grad(() => fn(g));
        if (ga !== g) g.data = ga;
      }
      void key;
    }
    for (const [key, b] of this._buffers) {
      if (!b) continue;
      const applied = fn(b);
      applied._kept = true;
      this._buffers.set(key, applied);
    }
    return this;
  }

  /** module.to(device | dtype | {device, dtype}): moves and casts parameters and buffers in place */
  to(target: string | DType | { device?: string; dtype?: DType | string }, dtypeArg?: DType | string): this {
    let device: string | undefined;
    let dtype: DType | undefined;
    if (typeof target === 'string' && (target === 'cpu' || target === 'webgl' || target.startsWith('cuda'))) {
      device = target;
      if (dtypeArg !== undefined) dtype = toDType(dtypeArg);
    } else if (typeof target === 'object' && target !== null && ('device' in target || 'dtype' in target) && !(target as { itemsize?: number }).itemsize) {
      const o = target as { device?: string; dtype?: DType | string };
      if (o.device !== undefined) device = String(o.device);
      if (o.dtype !== undefined) dtype = toDType(o.dtype);
    } else if (typeof target === 'object' && target !== null && typeof (target as { type?: unknown }).type === 'string' && !(target as { itemsize?: number }).itemsize) {
      device = (target as { type: string }).type; // torch.device(...)
    } else {
      dtype = toDType(target as DType);
    }
    if (dtype && !dtype.is_floating_point) {
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    }
    return this._apply((t) => t.to({ device: device ?? t.device, dtype: dtype && t.is_floating_point() ? dtype : t.dtype }));
  }
  /** module.float(): floating point parameters and buffers to float32 */
  float(): this { return this._apply((t) => (t.is_floating_point() ? t.float() : t)); }
  /** module.double() */
  double(): this { return this._apply((t) => (t.is_floating_point() ? t.double() : t)); }
  /** module.half() */
  half(): this { return this._apply((t) => (t.is_floating_point() ? t.half() : t)); }
  /** module.cpu() */
  cpu(): this { return this._apply((t) => t.cpu()); }
  /** module.apply(fn): fn on every submodule (children first) then on itself; returns the module */
  apply(fn: (m: Module) => unknown): this {
    for (const m of this.children()) m.apply(fn);
    fn(this as unknown as Module);
    return this;
  }

  // ---- state_dict ----------------------------------------------------------------------------------

  /** module.state_dict(destination=None, prefix='', keep_vars=False): detached tensors sharing storage, in PyTorch's key order */
  state_dict(destination?: Record<string, Tensor> | null | { destination?: Record<string, Tensor>; prefix?: string; keep_vars?: boolean }, prefix = '', keepVars = false): StateDict {
    if (destination && Object.keys(destination).some((k) => k === 'destination' || k === 'prefix' || k === 'keep_vars') &&
      !Object.values(destination).some((v) => v instanceof Tensor)) {
      const o = destination as { destination?: Record<string, Tensor>; prefix?: string; keep_vars?: boolean };
      return this.state_dict(o.destination ?? null, o.prefix ?? '', o.keep_vars ?? false);
    }
    const out = (destination ?? {}) as StateDict;
    for (const [name, p] of this._parameters) if (p) out[prefix + name] = keepVars ? p : p.detach();
    for (const [name, b] of this._buffers) {
      if (b && !this._non_persistent_buffers_set.has(name)) out[prefix + name] = keepVars ? b : b.detach();
    }
    for (const [name, m] of this._modules) if (m) m.state_dict(out, prefix + name + '.', keepVars);
    return out;
  }

  /**
   * module.load_state_dict(state_dict, strict=true): returns {missing_keys, unexpected_keys}.
   * Every check runs before anything is copied: on an error the module is unchanged.
   */
  load_state_dict(stateDict: Record<string, Tensor> | Map<string, Tensor>, ...args: unknown[]): { missing_keys: string[]; unexpected_keys: string[] } {
    const [strict] = bindArgs('load_state_dict', args, ['strict'], [true]) as [boolean];
    if (!(stateDict instanceof Map) && !isPlainStateDict(stateDict)) throw new TypeError(`Expected state_dict to be dict-like, got ${typename(stateDict)}.`);
    const sd = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict));
    const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
    const copies: [Tensor, Tensor][] = [];
    const load = (module: Module, local: Map<string, unknown>, prefix: string) => {
      const localState = new Map<string, Tensor>();
      for (const [k, v] of module._parameters) if (v) localState.set(k, v);
      for (const [k, v] of module._buffers) if (v && !module._non_persistent_buffers_set.has(k)) localState.set(k, v);
      for (const [name, param] of localState) {
        const key = prefix + name;
        if (local.has(key)) {
          let input = local.get(key);
          if (!(input instanceof Tensor)) {
            errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received <class '${typename(input)}'>`);
            continue;
          }
          if (param.ndim === 0 && input.ndim === 1) input = input.index(0);
          const inp = input as Tensor;
          if (inp.shape_.length !== param.shape_.length || inp.shape_.some((d, i) => d !== param.shape_[i])) {
            errors.push(`size mismatch for ${key}: copying a param with shape ${inp.shape} from checkpoint, the shape in current model is ${param.shape}.`);
            continue;
          }
          copies.push([param, inp]);
        } else if (strict) missing.push(key);
      }
      if (strict) {
        for (const key of local.keys()) {
          if (!key.startsWith(prefix)) continue;
          const inputName = key.slice(prefix.length).split('.')[0];
          if (!module._modules.has(inputName) && !localState.has(inputName)) unexpected.push(key);
        }
      }
      for (const [name, child] of module._modules) {
        if (!child) continue;
        const childPrefix = prefix + name + '.';
        const childSd = new Map([...local].filter(([k]) => k.startsWith(childPrefix)));
        load(child, childSd, childPrefix);
      }
    };
    load(this as unknown as Module, sd, '');
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length) throw new Error(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${errors.join('\n\t')}`);
    no_grad(() => { for (const [p, v] of copies) p.copy_(v); });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  // ---- hooks ---------------------------------------------------------------------------------------

  /** module.register_forward_pre_hook(hook(module, input) -> input | undefined): returns a handle with remove() */
  register_forward_pre_hook(hook: PreHook): RemovableHandle {
    const h = new RemovableHandle([this._forward_pre_hooks as Map<number, unknown>]);
    this._forward_pre_hooks.set(h.id, hook);
    return h;
  }
  /** module.register_forward_hook(hook(module, input, output) -> output | undefined) */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    const h = new RemovableHandle([this._forward_hooks as Map<number, unknown>]);
    this._forward_hooks.set(h.id, hook);
    return h;
  }
  /** module.register_full_backward_hook(hook(module, grad_input, grad_output) -> grad_input | undefined) */
  register_full_backward_hook(hook: BackwardHook): RemovableHandle {
    const h = new RemovableHandle([this._backward_hooks as Map<number, unknown>]);
    this._backward_hooks.set(h.id, hook);
    return h;
  }

  // ---- printing ------------------------------------------------------------------------------------

  /** module.extra_repr(): the text inside `Name(...)`; layers override it */
  extra_repr(): string { return ''; }

  /** repr(module): PyTorch's nested module repr, to the character */
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines: string[] = [];
    for (const [key, m] of this._modules) childLines.push(`(${key}): ${addIndent(m ? String(m) : 'None', 2)}`);
    const lines = [...extraLines, ...childLines];
    let main = this._get_name() + '(';
    if (lines.length) {
      if (extraLines.length === 1 && !childLines.length) main += extraLines[0];
      else main += '\n  ' + lines.join('\n  ') + '\n';
    }
    return main + ')';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  /** `${model}` and String(model) give the repr */
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? NaN : this.toString();
  }
}

/** Instances are callable: `model(x)` runs hooks and forward. */
interface ModuleImpl {
  // biome-ignore lint/suspicious/noExplicitAny: forward's arguments and result are the subclass's
  (...args: any[]): any;
  // biome-ignore lint/suspicious/noExplicitAny: attributes a subclass assigns in its constructor, as in Python
  [key: string]: any;
}

/** torch.nn.Module: the base class of every layer and model; `class Net extends torch.nn.Module {...}` */
export const Module = callableClass(ModuleImpl);
/** The type of a torch.nn.Module instance. */
export type Module = ModuleImpl;
export { ModuleImpl as _ModuleImpl };
