// PyTorch users call classes without `new` (`nn.Linear(3, 1)`); JavaScript classes throw when
// called. `callableClass` wraps a class in a Proxy that constructs on a plain call and otherwise
// is the class itself: `new`, `extends`, `instanceof` and static members all go to the class.

/** @internal A class constructor that may also be called without `new`. */
export type CallableClass<C extends abstract new (...args: never[]) => unknown> = C &
  (C extends new (...args: infer A) => infer R ? (...args: A) => R : never);

/** @internal wraps `cls` so that `cls(...args)` means `new cls(...args)`. */
export function callableClass<C extends new (...args: never[]) => unknown>(cls: C): CallableClass<C> {
  // the implementation classes are named FooImpl; reprs and error messages use the class name
  if (cls.name.endsWith('Impl')) Object.defineProperty(cls, 'name', { value: cls.name.slice(0, -4) });
  return new Proxy(cls, {
    apply(target, _thisArg, args) {
      return Reflect.construct(target, args);
    },
  }) as CallableClass<C>;
}

/**
 * @internal PyTorch's check on keyword arguments: `opts` keys outside `names` are a TypeError
 * naming the callee, as Python's `Linear.__init__() got an unexpected keyword argument 'biass'`.
 */
export function checkKeys(where: string, opts: Record<string, unknown>, names: readonly string[]): void {
  for (const k of Object.keys(opts)) {
    if (!names.includes(k)) throw new TypeError(`${where}() got an unexpected keyword argument '${k}'`);
  }
}

/** @internal a trailing options object (not a Tensor, array, Map or dtype) */
export function isOptionsObject(a: unknown): a is Record<string, unknown> {
  return a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype;
}

/**
 * @internal Python-style argument binding for constructors: positional `args`, then an optional
 * trailing options object; returns the values in `names` order, defaults filled in. Unknown keys,
 * too many positionals, and a missing required argument (default `REQUIRED`) raise Python's errors.
 */
export const REQUIRED = Symbol('required');
export function bindArgs(where: string, args: readonly unknown[], names: readonly string[], defaults: readonly unknown[]): unknown[] {
  let positional = args;
  let opts: Record<string, unknown> = {};
  if (args.length && isOptionsObject(args[args.length - 1])) {
    opts = args[args.length - 1] as Record<string, unknown>;
    positional = args.slice(0, -1);
  }
  if (positional.length > names.length) {
    throw new TypeError(`${where}() takes from ${defaults.filter((d) => d === REQUIRED).length + 1} to ${names.length + 1} positional arguments but ${positional.length + 1} were given`);
  }
  checkKeys(where, opts, names);
  const out = defaults.slice();
  positional.forEach((v, i) => { if (v !== undefined) out[i] = v; });
  names.forEach((n, i) => {
    if (n in opts) {
      if (i < positional.length && positional[i] !== undefined) throw new TypeError(`${where}() got multiple values for argument '${n}'`);
      out[i] = opts[n];
    }
  });
  const missing = names.filter((_, i) => out[i] === REQUIRED);
  if (missing.length) {
    const q = missing.map((m) => `'${m}'`);
    const list = q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
    throw new TypeError(`${where}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return out;
}

/** @internal Python's str() of a float: `1.0`, `0.01`, `1e-05` */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = v.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return Number.isInteger(v) ? `${v}.0` : String(v);
}
/** @internal Python's str() of a value as it appears in extra_repr: numbers as given, booleans True/False, null None, arrays as tuples */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyStr(v[0])},)` : `(${v.map(pyStr).join(', ')})`;
  return String(v);
}
