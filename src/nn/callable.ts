// Helpers of the nn classes: Python's str() of values in reprs.

export { callableClass, type CallableClass } from '../callable.js';

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
