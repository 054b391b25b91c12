// Python's printing where JavaScript has no equivalent, for the tutorial ports: print() with
// Python's str() of numbers (3.0, 1e-05), type(), and numpy's str() of a 1-D array.

/** Python's str() of a float: 16.0, 0.1, 1e-05, -6.2e-09 */
export function pyFloat(v) {
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

/** print(*args): non-integer numbers as Python floats (1e-05), integers as ints, booleans True/False */
export function print(...args) {
  const str = (a) => (typeof a === 'number' ? (Number.isInteger(a) ? String(a) : pyFloat(a)) : typeof a === 'boolean' ? (a ? 'True' : 'False') : String(a));
  console.log(args.map(str).join(' '));
}

/** type(v) as Python prints it, for a number from .item() (float) */
export function type(v) {
  return typeof v === 'number' ? "<class 'float'>" : typeof v === 'boolean' ? "<class 'bool'>" : `<class '${typeof v}'>`;
}

/** numpy's str() of a 1-D float array: [1. 2. 2.5] */
export function npstr(arr) {
  const items = Array.from(arr, (v) => (Number.isInteger(v) ? `${v}.` : String(v)));
  return `[${items.join(' ')}]`;
}
