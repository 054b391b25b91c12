// Argument checks shared by every public function, with the words of PyTorch's argument parser
// (torch/csrc/utils/python_arg_parser.cpp): a wrong type or an unknown keyword is a TypeError that
// names the function and the argument, raised before anything is computed or written.
import { DType } from './dtype.js';
import { Tensor } from './tensor.js';

/** The Python type name PyTorch's messages would print for a JavaScript value. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof Tensor) return 'Tensor';
  if (v instanceof DType) return 'torch.dtype';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  return 'dict';
}

/**
 * A trailing options object (PyTorch's keyword arguments): a plain object, as opposed to a tensor,
 * dtype, list, Map, TypedArray or any other class's instance.
 */
export function isOptions(a: unknown): a is Record<string, unknown> {
  if (a === null || typeof a !== 'object') return false;
  const proto = Object.getPrototypeOf(a);
  return proto === Object.prototype || proto === null;
}

/** Throws Python's TypeError for the first key of `opts` that `fn` does not take. */
export function checkKeywords(fn: string, opts: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

/** An integer argument: `narrow(): argument 'start' (position 2) must be int, not float`. */
export function intArg(fn: string, name: string, position: number, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be int, not ${pyTypeName(v)}`);
  }
  return v;
}

/** A tensor argument: `matmul(): argument 'other' (position 1) must be Tensor, not int`. */
export function tensorArg(fn: string, name: string, position: number, v: unknown): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${pyTypeName(v)}`);
  }
  return v;
}

/**
 * A size given as numbers one by one or as one list (`zeros(2, 3)`, `zeros([2, 3])`): every entry
 * an integer, as PyTorch's parser checks (`zeros(): argument 'size' must be tuple of SymInts, but
 * found element of type float at pos 2`). Negative entries are the caller's to judge (-1 infers).
 */
export function sizeArg(fn: string, name: string, dims: readonly unknown[], position?: number): number[] {
  const list = dims.length === 1 && Array.isArray(dims[0]) ? (dims[0] as unknown[]) : dims;
  if (dims.length === 1 && !Array.isArray(dims[0]) && typeof dims[0] === 'number' && !Number.isInteger(dims[0]) && position !== undefined) {
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be tuple of SymInts, not float`);
  }
  list.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`${fn}(): argument '${name}' must be tuple of SymInts, but found element of type ${pyTypeName(d)} at pos ${i + 1}`);
    }
  });
  return list as number[];
}

/**
 * PyTorch's parser message when no overload takes the arguments as given: their Python types,
 * positional first, then keywords (`prod() received an invalid combination of arguments - got
 * (dim=list, ), but expected one of:`).
 */
export function invalidCombination(fn: string, positional: readonly unknown[], keywords: Record<string, unknown> = {}): TypeError {
  // PyTorch lists the keywords last to first
  const parts = [...positional.map(pyTypeName), ...Object.entries(keywords).reverse().map(([k, v]) => `${k}=${pyTypeName(v)}`)];
  return new TypeError(`${fn}() received an invalid combination of arguments - got (${parts.map((p) => `${p}, `).join('')}), but expected one of:`);
}

/** A default that marks an argument as required (bindArgs raises Python's "missing ... argument"). */
export const REQUIRED = Symbol('required');

/**
 * The one argument binder of the public API, Python's rules: positional `args`, then an optional
 * trailing options object (keywords); returns the values in `names` order with `defaults` filled
 * in. Unknown keywords, too many positionals, a value given both ways and a missing required
 * argument (default REQUIRED) raise Python's TypeErrors naming `fn`.
 */
export function bindArgs(fn: string, args: readonly unknown[], names: readonly string[], defaults: readonly unknown[]): unknown[] {
  // methods pass their optional parameters on as undefined: x.flatten({start_dim: 1}) is ({..}, undefined)
  let given = args.length;
  while (given > 0 && args[given - 1] === undefined) given--;
  let positional = args.slice(0, given);
  let opts: Record<string, unknown> = {};
  if (given && isOptions(args[given - 1])) {
    opts = args[given - 1] as Record<string, unknown>;
    positional = args.slice(0, given - 1);
  }
  if (positional.length > names.length) {
    throw new TypeError(`${fn}() takes from ${defaults.filter((d) => d === REQUIRED).length + 1} to ${names.length + 1} positional arguments but ${positional.length + 1} were given`);
  }
  checkKeywords(fn, opts, names);
  const out = defaults.slice();
  positional.forEach((v, i) => { if (v !== undefined) out[i] = v; });
  names.forEach((n, i) => {
    if (n in opts) {
      if (i < positional.length && positional[i] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${n}'`);
      out[i] = opts[n];
    }
  });
  const missing = names.filter((_, i) => out[i] === REQUIRED);
  if (missing.length) {
    const q = missing.map((m) => `'${m}'`);
    const list = q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
    throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return out;
}
