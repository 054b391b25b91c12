// PyTorch users call classes without `new` (`nn.Linear(3, 1)`); JavaScript classes throw when
// called. `callableClass` wraps a class in a Proxy that constructs on a plain call and otherwise
// is the class itself: `new`, `extends`, `instanceof` and static members all go to the class.

/** A class constructor that may also be called without `new`: `nn.Linear(3, 1)` as well as `new nn.Linear(3, 1)`. */
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

// the argument binder and its helpers live in src/args.ts, the one parser of the public API
export { bindArgs, REQUIRED } from '../args.js';

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
