// torch.nn containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict.
// Python's `seq[0]` is `seq[0]` here too (the module's Proxy maps integer keys, negative ones
// included, to `_getitem`); `seq[1:3]` is `seq.slice(1, 3)`; `len(seq)` is `seq.length`.
import { Tensor } from '../../tensor.js';
import { callableClass } from '../callable.js';
import { Module, _ModuleImpl, typename } from '../module.js';
import { Parameter } from '../parameter.js';

/** Python's index check: -n <= idx < n, negative from the end. */
function absIndex(idx: number, n: number): number {
  if (!Number.isInteger(idx)) throw new TypeError(`'${typename(idx)}' object cannot be interpreted as an integer`);
  if (!(-n <= idx && idx < n)) throw new RangeError(`IndexError: index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/** Python's slice(start, stop) over n items: the kept positions. */
function sliceRange(n: number, start?: number | null, stop?: number | null, step = 1): number[] {
  const norm = (v: number | null | undefined, d: number) => (v === undefined || v === null ? d : v < 0 ? Math.max(v + n, step < 0 ? -1 : 0) : Math.min(v, step < 0 ? n - 1 : n));
  const out: number[] = [];
  if (step > 0) for (let i = norm(start, 0); i < norm(stop, n); i += step) out.push(i);
  else for (let i = norm(start, n - 1); i > norm(stop, -1); i += step) out.push(i);
  return out;
}

class SequentialImpl extends _ModuleImpl {
  /** torch.nn.Sequential(...modules) or Sequential(new Map([['fc', nn.Linear(2, 2)], ...])) */
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [key, module] of args[0] as Map<string, Module>) this.add_module(key, module);
    } else {
      args.forEach((m, i) => this.add_module(String(i), m as Module));
    }
  }
  /** @internal seq[i] */
  _getitem(idx: number): Module {
    const mods = [...this._modules.values()];
    return mods[absIndex(idx, mods.length)] as Module;
  }
  /** seq.at(i): seq[i] with negative indices, as Python's */
  at(idx: number): Module { return this._getitem(idx); }
  /** seq[start:stop:step] -> seq.slice(start, stop, step): a Sequential of the same modules */
  slice(start?: number | null, stop?: number | null, step = 1): this {
    const entries = [...this._modules.entries()];
    const picked = sliceRange(entries.length, start, stop, step).map((i) => entries[i]);
    const Cls = (Object.getPrototypeOf(this) as { constructor: new (m: Map<string, Module>) => unknown }).constructor;
    return new Cls(new Map(picked as [string, Module][])) as this;
  }
  /** len(seq) */
  get length(): number { return this._modules.size; }
  /** iter(seq): the modules in order */
  [Symbol.iterator](): Iterator<Module> { return ([...this._modules.values()] as Module[])[Symbol.iterator](); }
  /** seq.forward(input): each module on the previous one's output */
  override forward(input: unknown): unknown {
    for (const m of this) input = m(input);
    return input;
  }
  /** seq.append(module) */
  append(module: Module): this { this.add_module(String(this.length), module); return this; }
  /** seq.extend(modules) */
  extend(modules: Iterable<Module>): this { for (const m of [...modules]) this.append(m); return this; }
  /** seq.insert(index, module) */
  insert(index: number, module: Module): this {
    if (!(module instanceof _ModuleImpl)) throw new Error(`AssertionError: module should be of type: <class 'torch.nn.modules.module.Module'>`);
    const n = this._modules.size;
    if (!(-n <= index && index <= n)) throw new RangeError(`IndexError: Index out of range: ${index}`);
    if (index < 0) index += n;
    for (let i = n; i > index; i--) this._modules.set(String(i), this._modules.get(String(i - 1)) as Module);
    this._modules.set(String(index), module);
    return this;
  }
  /** seq.pop(index): removes and returns the module */
  pop(index: number): Module {
    const m = this._getitem(index);
    this._delitem(index);
    return m;
  }
  /** del seq[i] -> seq._delitem(i); renumbers as PyTorch does */
  _delitem(index: number): void {
    const keys = [...this._modules.keys()];
    this._modules.delete(keys[absIndex(index, keys.length)]);
    const vals = [...this._modules.values()];
    this._modules = new Map(vals.map((v, i) => [String(i), v]));
  }
}

class ModuleListImpl extends _ModuleImpl {
  /** torch.nn.ModuleList(modules?): `nn.ModuleList([nn.Linear(2, 2), nn.ReLU()])` */
  constructor(modules: Iterable<Module> | null = null) {
    super();
    if (modules !== null && modules !== undefined) this.extend(modules);
  }
  /** @internal list[i] */
  _getitem(idx: number): Module { return this._modules.get(String(absIndex(idx, this._modules.size))) as Module; }
  /** list.at(i) */
  at(idx: number): Module { return this._getitem(idx); }
  /** list[start:stop:step] -> list.slice(start, stop, step) */
  slice(start?: number | null, stop?: number | null, step = 1): this {
    const vals = [...this._modules.values()];
    const Cls = (Object.getPrototypeOf(this) as { constructor: new (m: Module[]) => unknown }).constructor;
    return new Cls(sliceRange(vals.length, start, stop, step).map((i) => vals[i] as Module)) as this;
  }
  /** len(list) */
  get length(): number { return this._modules.size; }
  [Symbol.iterator](): Iterator<Module> { return ([...this._modules.values()] as Module[])[Symbol.iterator](); }
  /** list.append(module) */
  append(module: Module): this { this.add_module(String(this.length), module); return this; }
  /** list.extend(modules) */
  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== 'function' || modules instanceof _ModuleImpl && !(Symbol.iterator in modules)) {
      throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${typename(modules)}`);
    }
    const offset = this.length;
    [...modules].forEach((m, i) => this.add_module(String(offset + i), m));
    return this;
  }
  /** list.insert(index, module) */
  insert(index: number, module: Module): void {
    const n = this._modules.size;
    for (let i = n; i > index; i--) this._modules.set(String(i), this._modules.get(String(i - 1)) as Module);
    this._modules.set(String(index), module);
  }
  /** list.pop(index) */
  pop(index: number): Module {
    const m = this._getitem(index);
    this._modules.delete(String(absIndex(index, this.length)));
    const vals = [...this._modules.values()];
    this._modules = new Map(vals.map((v, i) => [String(i), v]));
    return m;
  }
  /** ModuleList is not callable */
  override forward(): unknown { throw new Error(`NotImplementedError: Module [ModuleList] is missing the required "forward" function`); }
}

class ModuleDictImpl extends _ModuleImpl {
  /** torch.nn.ModuleDict(modules?): from a plain object, a Map or [key, module] pairs */
  constructor(modules: Record<string, Module> | Map<string, Module> | [string, Module][] | null = null) {
    super();
    if (modules !== null && modules !== undefined) this.update(modules);
  }
  /** md.get(key) = md[key] */
  get(key: string): Module { if (!this._modules.has(key)) throw new Error(`KeyError: '${key}'`); return this._modules.get(key) as Module; }
  /** md[key] = module -> md.set(key, module) */
  set(key: string, module: Module): void { this.add_module(key, module); }
  /** len(md) */
  get length(): number { return this._modules.size; }
  /** key in md */
  has(key: string): boolean { return this._modules.has(key); }
  /** iter(md): the keys, as Python */
  [Symbol.iterator](): Iterator<string> { return [...this._modules.keys()][Symbol.iterator](); }
  /** md.keys() */
  keys(): string[] { return [...this._modules.keys()]; }
  /** md.values() */
  values(): Module[] { return [...this._modules.values()] as Module[]; }
  /** md.items(): [key, module] pairs */
  items(): [string, Module][] { return [...this._modules.entries()] as [string, Module][]; }
  /** md.clear() */
  clear(): void { this._modules.clear(); }
  /** md.pop(key) */
  pop(key: string): Module { const m = this.get(key); this._modules.delete(key); return m; }
  /** md.update(modules) */
  update(modules: Record<string, Module> | Map<string, Module> | [string, Module][]): void {
    const entries = modules instanceof Map ? [...modules] : Array.isArray(modules) ? modules : Object.entries(modules);
    entries.forEach((e, j) => {
      if (!Array.isArray(e)) throw new TypeError(`ModuleDict update sequence element #${j} should be Iterable; is${typename(e)}`);
      if (e.length !== 2) throw new Error(`ValueError: ModuleDict update sequence element #${j} has length ${e.length}; 2 is required`);
      this.add_module(e[0], e[1]);
    });
  }
  override forward(): unknown { throw new Error(`NotImplementedError: Module [ModuleDict] is missing the required "forward" function`); }
}

function paramLine(k: string | number, p: unknown, typeText: (t: Tensor) => string): string {
  if (p instanceof Tensor) {
    const kind = p instanceof Parameter ? 'Parameter' : 'Tensor';
    return `  (${k}): ${kind} containing: [${typeText(p)} of size ${p.shape_.join('x')}]`;
  }
  return `  (${k}): Object of type: ${typename(p)}`;
}

class ParameterListImpl extends _ModuleImpl {
  /** @internal */
  declare _size: number;
  /** torch.nn.ParameterList(values?): tensors become Parameters */
  constructor(values: Iterable<Tensor> | null = null) {
    super();
    Object.defineProperty(this, '_size', { value: 0, writable: true, enumerable: false });
    if (values !== null && values !== undefined) this.extend(values);
  }
  /** @internal plist[i] */
  _getitem(idx: number): Parameter { return (this as unknown as Record<string, Parameter>)[String(absIndex(idx, this._size))]; }
  /** plist.at(i) */
  at(idx: number): Parameter { return this._getitem(idx); }
  /** plist[i] = value -> plist.set(i, value) */
  set(idx: number, value: Tensor): void {
    const i = absIndex(idx, this._size);
    if (value instanceof Tensor && !(value instanceof Parameter)) value = new Parameter(value);
    (this as unknown as Record<string, unknown>)[String(i)] = value;
  }
  /** len(plist) */
  get length(): number { return this._size; }
  [Symbol.iterator](): Iterator<Parameter> {
    const out: Parameter[] = [];
    for (let i = 0; i < this._size; i++) out.push(this._getitem(i));
    return out[Symbol.iterator]();
  }
  /** plist.append(value) */
  append(value: Tensor): this { const i = this._size; this._size += 1; this.set(i, value); return this; }
  /** plist.extend(values) */
  extend(values: Iterable<Tensor>): this {
    if (values instanceof Tensor || values === null || typeof (values as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${typename(values)}`);
    }
    for (const v of [...values]) this.append(v);
    return this;
  }
  override extra_repr(): string {
    return [...this].map((p, k) => paramLine(k, p, (t) => String(t.dtype))).join('\n');
  }
  override _call_impl(): never { throw new Error('ParameterList should not be called.'); }
}

class ParameterDictImpl extends _ModuleImpl {
  /** @internal */
  declare _keys: Set<string>;
  /** torch.nn.ParameterDict(parameters?): from a plain object, a Map or [key, tensor] pairs */
  constructor(parameters: Record<string, Tensor> | Map<string, Tensor> | [string, Tensor][] | null = null) {
    super();
    Object.defineProperty(this, '_keys', { value: new Set(), writable: true, enumerable: false });
    if (parameters !== null && parameters !== undefined) this.update(parameters);
  }
  /** pdict[key] */
  get(key: string, dflt: unknown = undefined): Parameter {
    if (!this._keys.has(key)) {
      if (dflt !== undefined) return dflt as Parameter;
      throw new Error(`KeyError: '${key}'`);
    }
    return (this as unknown as Record<string, Parameter>)[key];
  }
  /** pdict[key] = value -> pdict.set(key, value) */
  set(key: string, value: Tensor): void {
    if (typeof key !== 'string') {
      throw new TypeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${typename(key)}'). Open an issue on github if you need non-string keys.`);
    }
    this._keys.add(key);
    if (value instanceof Tensor && !(value instanceof Parameter)) value = new Parameter(value);
    (this as unknown as Record<string, unknown>)[key] = value;
  }
  /** len(pdict) */
  get length(): number { return this._keys.size; }
  /** key in pdict */
  has(key: string): boolean { return this._keys.has(key); }
  [Symbol.iterator](): Iterator<string> { return [...this._keys][Symbol.iterator](); }
  /** pdict.keys() */
  keys(): string[] { return [...this._keys]; }
  /** pdict.values() */
  values(): Parameter[] { return this.keys().map((k) => this.get(k)); }
  /** pdict.items() */
  items(): [string, Parameter][] { return this.keys().map((k) => [k, this.get(k)]); }
  /** pdict.pop(key) */
  pop(key: string): Parameter {
    const v = this.get(key);
    this._keys.delete(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return v;
  }
  /** pdict.clear() */
  clear(): void { for (const k of this.keys()) this.pop(k); }
  /** pdict.update(parameters) */
  update(parameters: Record<string, Tensor> | Map<string, Tensor> | [string, Tensor][]): void {
    const entries = parameters instanceof Map ? [...parameters] : Array.isArray(parameters) ? parameters : Object.entries(parameters);
    entries.forEach((e, j) => {
      if (!Array.isArray(e)) throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${typename(e)}`);
      if (e.length !== 2) throw new Error(`ValueError: ParameterDict update sequence element #${j} has length ${e.length}; 2 is required`);
      this.set(e[0], e[1]);
    });
  }
  override extra_repr(): string {
    return this.items().map(([k, p]) => paramLine(k, p, (t) => t._typeName())).join('\n');
  }
  override _call_impl(): never { throw new Error('ParameterDict should not be called.'); }
}

/** torch.nn.Sequential(...modules): `nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))` */
export const Sequential = callableClass(SequentialImpl);
export type Sequential = SequentialImpl;
/** torch.nn.ModuleList([modules]) */
export const ModuleList = callableClass(ModuleListImpl);
export type ModuleList = ModuleListImpl;
/** torch.nn.ModuleDict({name: module}) */
export const ModuleDict = callableClass(ModuleDictImpl);
export type ModuleDict = ModuleDictImpl;
/** torch.nn.ParameterList([tensors]) */
export const ParameterList = callableClass(ParameterListImpl);
export type ParameterList = ParameterListImpl;
/** torch.nn.ParameterDict({name: tensor}) */
export const ParameterDict = callableClass(ParameterDictImpl);
export type ParameterDict = ParameterDictImpl;
