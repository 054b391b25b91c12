// Reductions and scans: dim parsing, dtype rules, the backend call and the gradient, once per op.
// Kernel ops (sum prod max min argmax argmin all any cumsum cumprod) are rows of REDUCE / SCAN;
// the rest (mean std var norm logsumexp softmax log_softmax) are composed from them, with a node
// of their own so grad_fn reads as in PyTorch and the backward is the short closed form;
// softmax and log_softmax run as one backend kernel instead where the backend has it.
import { is_grad_enabled, no_grad, type BackwardFn } from '../autograd.js';
import { DType, float32, float64, int32, int64, bool, float16, int8, int16, toDType, type DTypeLike } from '../dtype.js';
import { normalizeDim, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { arange, eye, ones } from '../creation.js';
import { checkKeywords, invalidCombination, pyTypeName } from '../args.js';
import { needsGrad, record } from './autograd-record.js';
import { cat, copyRaw } from './shape.js';
import type { ReduceRow, ScanRow } from './table.js';

export interface ReduceOptions {
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  /** NumPy's spelling, which PyTorch accepts as an alias of keepdim */
  keepdims?: boolean;
  dtype?: DTypeLike;
}
export type DimArg = number | readonly number[] | ReduceOptions | null;
export type KeepArg = boolean | ReduceOptions;

/** max/min with NaN winning, as PyTorch propagates it. */
const extremum = (sign: 1 | -1) => (v: number[]): number => {
  let m = -sign * Infinity;
  for (const x of v) {
    if (x !== x) return NaN;
    if (sign * x > sign * m) m = x;
  }
  return m;
};
/** argmax/argmin: the first NaN, else the first best (ties keep the earliest). */
const argExtremum = (sign: 1 | -1) => (v: number[]): number => {
  let best = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== v[i]) return i;
    if (sign * v[i] > sign * v[best]) best = i;
  }
  return best;
};

export const REDUCE = {
  sum: { name: 'sum', kernel: 'sum', ref: (v: number[]) => pairwiseSum(v, 0, v.length) },
  prod: { name: 'prod', kernel: 'prod', ref: (v: number[]) => v.reduce((p, x) => p * x, 1) },
  max: { name: 'max', kernel: 'max', ref: extremum(1) },
  min: { name: 'min', kernel: 'min', ref: extremum(-1) },
  argmax: { name: 'argmax', kernel: 'argmax', ref: argExtremum(1), indices: true },
  argmin: { name: 'argmin', kernel: 'argmin', ref: argExtremum(-1), indices: true },
  all: { name: 'all', kernel: 'all', ref: (v: number[]) => +v.every((x) => x !== 0) },
  any: { name: 'any', kernel: 'any', ref: (v: number[]) => +v.some((x) => x !== 0) },
} satisfies Record<string, ReduceRow>;

export const SCAN = {
  cumsum: { name: 'cumsum', kernel: 'cumsum', ref: (acc: number, x: number) => acc + x, identity: 0 },
  cumprod: { name: 'cumprod', kernel: 'cumprod', ref: (acc: number, x: number) => acc * x, identity: 1 },
} satisfies Record<string, ScanRow>;

/** Pairwise summation: the JS reference's error grows like log n, close to the core's blocked sum. */
function pairwiseSum(v: number[], lo: number, hi: number): number {
  if (hi - lo <= 16) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += v[i];
    return s;
  }
  const mid = (lo + hi) >> 1;
  return pairwiseSum(v, lo, mid) + pairwiseSum(v, mid, hi);
}

// ---- arguments and shapes ----------------------------------------------------------------------

/** PyTorch's scalar type names, as its messages spell them. */
const isReduceOptions = (a: unknown): a is ReduceOptions => a !== null && typeof a === 'object' && !Array.isArray(a);

const REDUCE_KEYWORDS = ['dim', 'keepdim', 'keepdims', 'dtype'];

/** `dim`: an int, a list of ints, or null (PyTorch's parser words for anything else). */
function checkDim(fn: string, dim: unknown): void {
  if (dim === null || dim === undefined) return;
  const ok = (d: unknown) => typeof d === 'number' && Number.isInteger(d);
  if (Array.isArray(dim) ? !dim.every(ok) : !ok(dim)) {
    throw new TypeError(`${fn}(): argument 'dim' must be int or tuple of ints, not ${pyTypeName(dim)}`);
  }
}

/**
 * Resolves PyTorch's (dim, keepdim, {dim, keepdim, dtype}) argument forms for `fn`, which takes
 * the keywords `keywords` (an unknown one is Python's TypeError).
 */
export function reduceArgs(
  fn: string, x: Tensor, dimArg: DimArg | undefined, keepArg: KeepArg | undefined, opts?: ReduceOptions,
  keywords: readonly string[] = REDUCE_KEYWORDS,
): { dims: number[]; keepdim: boolean; dtype: DType | null; all: boolean; given: readonly number[] } {
  let o: ReduceOptions = {};
  let dim: number | readonly number[] | null | undefined = null;
  let keepdim = false;
  if (isReduceOptions(dimArg)) o = dimArg;
  else dim = dimArg;
  if (typeof keepArg === 'object') o = { ...o, ...keepArg };
  else if (keepArg !== undefined) keepdim = keepArg;
  if (opts) o = { ...o, ...opts };
  checkKeywords(fn, o as Record<string, unknown>, keywords);
  if (o.dim !== undefined) dim = o.dim;
  if (o.keepdims !== undefined) keepdim = o.keepdims;
  if (o.keepdim !== undefined) keepdim = o.keepdim;
  checkDim(fn, dim);
  const all = dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0);
  const list = all ? x.shape_.map((_, i) => i) : Array.isArray(dim) ? dim : [dim as number];
  const dims = list.map((d) => normalizeDim(d, x.ndim)).filter((d) => d < x.ndim);
  const seen = new Set<number>();
  for (const d of dims) {
    if (seen.has(d)) throw new Error(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  dims.sort((a, b) => a - b);
  return { dims, keepdim, dtype: o.dtype !== undefined ? toDType(o.dtype) : null, all, given: list };
}

function keptShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** A reduction's result (or its gradient) with the reduced dims back as size 1: broadcasts against the input. */
function restore(t: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return keepdim ? t : t.reshape(keptShape(shape, dims, true));
}

/** Gradient of a reduction: g (with reduced dims restored as size 1) broadcast to the input shape. */
export function expandBack(g: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return restore(g, shape, dims, keepdim).expand(shape);
}

// ---- kernel calls ------------------------------------------------------------------------------

/** Which dtypes the core's reduction kernels take: sums widen i32/u8 to i64; extremes keep the type. */
type Family = 'sum' | 'extreme' | 'logical';

function kernelInput(d: DType, family: Family): DType {
  if (family === 'logical') return bool;
  if (d === float16) return float32;
  if (d === int8 || d === int16) return int32;
  return d;
}

/** Runs `row` over `dims` of `x` outside autograd, returning `outDtype`. */
function reduceRaw(row: ReduceRow, family: Family, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  const inDtype = kernelInput(x.dtype, family);
  const input = x.dtype === inDtype ? x : copyRaw(x, inDtype);
  const kernelOut = row.indices ? int64 : family !== 'sum' ? inDtype : inDtype.is_floating_point ? inDtype : int64;
  const out = Tensor.empty(keptShape(x.shape_, dims, keepdim), kernelOut, x);
  if (out.numel() > 0) x.storage.backend.reduce(row, input, dims, out.storage);
  if (input !== x) input.dispose();
  if (kernelOut === outDtype) return out;
  const cast = copyRaw(out, outDtype);
  out.dispose();
  return cast;
}

/** PyTorch refuses max/min/argmax over nothing. */
/** `given`: the dims as the caller wrote them, which PyTorch's message repeats (-1, not 1). */
function checkNonEmpty(name: string, x: Tensor, dims: readonly number[], all: boolean, given: readonly number[] = dims): void {
  if (x.numel() !== 0) return;
  if (all) {
    const hint = name.startsWith('arg') ? '' : " Specify the reduction dim with the 'dim' argument.";
    throw new Error(`${name}(): Expected reduction dim to be specified for input.numel() == 0.${hint}`);
  }
  const d = given.find((k) => x.shape_[normalizeDim(k, x.ndim)] === 0);
  if (d !== undefined) throw new Error(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
}

// ---- sum, mean, prod ---------------------------------------------------------------------------

/** sum/prod: float stays float, integers and bool accumulate in int64, unless a dtype is given. */
function sumLike(row: ReduceRow, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType | null): { input: Tensor; out: Tensor } {
  const input = dtype ? x.to(dtype) : x;
  const outDtype = dtype ?? (input.dtype.is_floating_point ? input.dtype : int64);
  return { input, out: reduceRaw(row, 'sum', input, dims, keepdim, outDtype) };
}

export function sum(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs('sum', x, dimArg, keepArg, opts);
  const { input, out } = sumLike(REDUCE.sum, x, dims, keepdim, dtype);
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record(all && !keepdim ? 'SumBackward0' : 'SumBackward1', [input], [out], [], (gs) => [expandBack(gs[0] as Tensor, shape, dims, keepdim)]);
  }
  return out;
}

export function mean(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs('mean', x, dimArg, keepArg, opts);
  const input = dtype ? x.to(dtype) : x;
  if (!input.dtype.is_floating_point) {
    throw new Error(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${input.dtype.scalarName}`);
  }
  const count = dims.reduce((p, d) => p * input.shape_[d], 1);
  const s = sum(input.detach(), dims, keepdim);
  const out = s.div(count);
  s.dispose();
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record(all && !keepdim ? 'MeanBackward0' : 'MeanBackward1', [input], [out], [], (gs) => [expandBack((gs[0] as Tensor).div(count), shape, dims, keepdim)]);
  }
  return out;
}

export function prod(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs('prod', x, dimArg, keepArg, opts);
  // prod reduces one dim or all of them: PyTorch has no overload for a list
  const given = [dimArg, keepArg, opts].filter((a) => a !== undefined);
  if (given.some((a) => Array.isArray(a) || (isReduceOptions(a) && Array.isArray(a.dim)))) {
    const positional = given.filter((a) => !isReduceOptions(a));
    throw invalidCombination('prod', positional, Object.assign({}, ...given.filter(isReduceOptions)));
  }
  const { input, out } = sumLike(REDUCE.prod, x, dims, keepdim, dtype);
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record(all && !keepdim ? 'ProdBackward0' : 'ProdBackward1', [input], [out], [input, out], (gs, [sx, sy]) => {
      // d prod / d x_i is the product of the others: y / x_i unless some x is 0 (PyTorch's rule)
      const others = sx.eq(0)._anyTrue() ? productOfOthers(sx, dims) : restore(sy, shape, dims, keepdim).div(sx);
      return [restore(gs[0] as Tensor, shape, dims, keepdim).mul(others)];
    });
  }
  return out;
}

/**
 * For each element, the product of the other elements of its reduced slice, without dividing:
 * exclusive cumprods from both ends, multiplied (differentiable again, zeros or not).
 */
function productOfOthers(x: Tensor, dims: readonly number[]): Tensor {
  const kept = x.shape_.map((_, i) => i).filter((i) => !dims.includes(i));
  const order = [...kept, ...dims];
  const moved = x.permute(order);
  const n = dims.reduce((p, d) => p * x.shape_[d], 1);
  const rows = moved.reshape([...kept.map((d) => x.shape_[d]), n]);
  const first = ones([...rows.shape_.slice(0, -1), 1], { dtype: x.dtype, device: x.device });
  const exclusive = (t: Tensor) => cat([first, t.narrow(-1, 0, n - 1)], -1).cumprod(-1);
  const others = exclusive(rows).mul(exclusive(rows.flip(-1)).flip(-1));
  const inverse = order.map((_, i) => order.indexOf(i));
  return others.reshape(moved.shape_.slice()).permute(inverse);
}

// ---- max, min, argmax, argmin, all, any --------------------------------------------------------

/**
 * amax/amin and the full max()/min(): the gradient is shared evenly by every element equal to
 * the result (a NaN result picks the NaNs).
 */
function extreme(kind: 'max' | 'min', name: string, gradName: string, x: Tensor, dims: readonly number[], keepdim: boolean, all: boolean, given = dims): Tensor {
  checkNonEmpty(name, x, dims, all, given);
  const out = reduceRaw(REDUCE[kind], 'extreme', x, dims, keepdim, x.dtype);
  if (needsGrad(x)) {
    const shape = x.shape_.slice();
    record(gradName, [x], [out], [x, out], (gs, [sx, sy]) => {
      const y = restore(sy, shape, dims, keepdim);
      const hit = sx.eq(y).logical_or(sx.isnan().logical_and(y.isnan()));
      return [restore(gs[0] as Tensor, shape, dims, keepdim).mul(hit).div(hit.sum(dims, true))];
    });
  }
  return out;
}

export function amax(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, all, given } = reduceArgs('amax', x, dimArg, keepArg, opts);
  return extreme('max', 'amax', 'AmaxBackward0', x, dims, keepdim, all, given);
}
export function amin(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, all, given } = reduceArgs('amin', x, dimArg, keepArg, opts);
  return extreme('min', 'amin', 'AminBackward0', x, dims, keepdim, all, given);
}

/** torch.max(x, dim): PyTorch's (values, indices) named tuple; destructures as an array too. */
export interface ValuesIndices extends Iterable<Tensor> { readonly values: Tensor; readonly indices: Tensor }

function valuesIndices(kind: string, values: Tensor, indices: Tensor): ValuesIndices {
  const r = { values, indices } as ValuesIndices;
  const show = () => `torch.return_types.${kind}(\nvalues=${values},\nindices=${indices})`;
  Object.defineProperties(r, {
    [Symbol.iterator]: { value: function* () { yield values; yield indices; } },
    toString: { value: show },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: show },
  });
  return r;
}

/** PyTorch has no bool argmax kernel; over a dim of size 1 it answers 0 without running one. */
function checkArgBool(name: string, x: Tensor, dims: readonly number[], all: boolean): void {
  if (x.dtype === bool && (all || dims.some((d) => x.shape_[d] !== 1))) throw new Error(`"${name}_cpu" not implemented for 'Bool'`);
}

function argRaw(kind: 'argmax' | 'argmin', x: Tensor, dims: readonly number[], keepdim: boolean, all: boolean, name: string = kind): Tensor {
  checkNonEmpty(name, x, dims, all);
  return reduceRaw(REDUCE[kind], 'extreme', x, dims, keepdim, int64);
}

/** max(), max(dim, keepdim) -> {values, indices}, max(other) -> maximum. */
function maxMin(kind: 'max' | 'min', x: Tensor, dimArg?: DimArg | Tensor, keepArg?: KeepArg, opts?: ReduceOptions): Tensor | ValuesIndices {
  if (dimArg instanceof Tensor) return kind === 'max' ? x.maximum(dimArg) : x.minimum(dimArg);
  const { dims, keepdim, all } = reduceArgs(kind, x, dimArg, keepArg, opts);
  const Kind = kind === 'max' ? 'Max' : 'Min';
  if (all) return extreme(kind, kind, `${Kind}Backward1`, x, dims, false, true);
  if (dims.length > 1) throw new TypeError(`${kind}(): dim must be a single dimension`);
  const indices = argRaw(kind === 'max' ? 'argmax' : 'argmin', x, dims, keepdim, false, kind);
  const values = reduceRaw(REDUCE[kind], 'extreme', x, dims, keepdim, x.dtype);
  if (needsGrad(x)) {
    const shape = x.shape_.slice();
    const d = dims[0] ?? 0;
    // indices saved (PyTorch's indices_): a caller that keeps only .values (inside torch.tidy) frees them
    record(`${Kind}Backward0`, [x], [values], [indices], (gs, [si]) => {
      // the gradient goes to the position each value came from
      const along = arange(shape[d] ?? 1, { device: (gs[0] as Tensor).device }).reshape(shape.map((s, k) => (k === d ? s : 1)));
      const hit = along.eq(restore(si, shape, dims, keepdim));
      return [restore(gs[0] as Tensor, shape, dims, keepdim).where(hit, 0)];
    });
  }
  return valuesIndices(kind, values, indices);
}
export function max(x: Tensor, dimArg?: DimArg | Tensor, keepArg?: KeepArg, opts?: ReduceOptions): Tensor | ValuesIndices {
  return maxMin('max', x, dimArg, keepArg, opts);
}
export function min(x: Tensor, dimArg?: DimArg | Tensor, keepArg?: KeepArg, opts?: ReduceOptions): Tensor | ValuesIndices {
  return maxMin('min', x, dimArg, keepArg, opts);
}

export function argmax(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, all } = reduceArgs('argmax', x, dimArg, keepArg, opts);
  checkArgBool('argmax', x, dims, all);
  return argRaw('argmax', x, dims, keepdim, all);
}
export function argmin(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, all } = reduceArgs('argmin', x, dimArg, keepArg, opts);
  checkArgBool('argmin', x, dims, all);
  return argRaw('argmin', x, dims, keepdim, all);
}

/** all/any: bool results (uint8 stays uint8, as in PyTorch); no gradient. */
function logical(kind: 'all' | 'any', x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim } = reduceArgs(kind, x, dimArg, keepArg, opts);
  return reduceRaw(REDUCE[kind], 'logical', x, dims, keepdim, x.dtype.name === 'uint8' ? x.dtype : bool);
}
export const all = (x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor => logical('all', x, dimArg, keepArg, opts);
export const any = (x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor => logical('any', x, dimArg, keepArg, opts);

// ---- std, var ----------------------------------------------------------------------------------

export interface VarOptions extends ReduceOptions { unbiased?: boolean; correction?: number }
export type VarArg = number | readonly number[] | boolean | VarOptions | null | undefined;

/** std/var's forms: (unbiased), (dim, unbiased, keepdim), and {dim, unbiased, correction, keepdim}. */
function varArgs(fn: string, x: Tensor, args: readonly VarArg[]): { dims: number[]; keepdim: boolean; correction: number; all: boolean } {
  const positional: unknown[] = args.filter((a) => !isReduceOptions(a));
  const o: VarOptions = Object.assign({}, ...args.filter(isReduceOptions));
  checkKeywords(fn, o as Record<string, unknown>, [...REDUCE_KEYWORDS.filter((k) => k !== 'dtype'), 'unbiased', 'correction']);
  if (typeof positional[0] === 'boolean') positional.unshift(null);
  const [dim, unbiased, keepdim] = [o.dim ?? positional[0], o.unbiased ?? positional[1], o.keepdim ?? o.keepdims ?? positional[2]];
  const r = reduceArgs(fn, x, dim as DimArg, (keepdim as boolean | undefined) ?? false);
  return { ...r, correction: o.correction ?? (unbiased === false ? 0 : 1) };
}

function moments(kind: 'std' | 'var', x: Tensor, args: readonly VarArg[]): Tensor {
  if (!x.dtype.is_floating_point) throw new Error('std and var only support floating point and complex dtypes');
  const { dims, keepdim, correction } = varArgs(kind, x, args);
  const n = dims.reduce((p, d) => p * x.shape_[d], 1);
  const denom = Math.max(0, n - correction);
  const out = no_grad(() => {
    const dev = x.sub(x.mean(dims, true));
    const v = dev.mul(dev).sum(dims, keepdim).div_(denom);
    return kind === 'std' ? v.sqrt_() : v;
  });
  if (needsGrad(x)) {
    const shape = x.shape_.slice();
    record(kind === 'std' ? 'StdBackward0' : 'VarBackward0', [x], [out], [x, out], (gs, [sx, sy]) => {
      // PyTorch's var_backward for a scalar with no degrees of freedom: 2 / (n - correction) is +-inf
      if (kind === 'var' && shape.length === 0 && n - correction <= 0) return [(gs[0] as Tensor).mul(n === correction ? Infinity : -Infinity)];
      const g = restore(gs[0] as Tensor, shape, dims, keepdim);
      const dev = sx.sub(sx.mean(dims, true));
      if (kind === 'var') return [g.mul(dev).mul(2 / denom)];
      const y = restore(sy, shape, dims, keepdim);
      return [g.div(y.mul(denom)).mul(dev).masked_fill(y.eq(0), 0)];
    });
  }
  return out;
}
export const std = (x: Tensor, ...args: VarArg[]): Tensor => moments('std', x, args);
export const var_ = (x: Tensor, ...args: VarArg[]): Tensor => moments('var', x, args);

// ---- norm --------------------------------------------------------------------------------------

export interface NormOptions extends ReduceOptions { p?: number | 'fro' | null }

/** torch.norm(x, p='fro', dim=None, keepdim=False, dtype): a vector norm over dims. */
export function norm(x: Tensor, pArg?: number | 'fro' | null | NormOptions, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  let p: number | string | null | undefined = pArg as number | string | null | undefined;
  let o: NormOptions = opts ?? {};
  if (pArg !== null && typeof pArg === 'object') { o = { ...pArg, ...o }; p = pArg.p; }
  for (const a of [dimArg, keepArg]) if (a !== null && typeof a === 'object' && !Array.isArray(a)) o = { ...o, ...(a as NormOptions) };
  if (o.p !== undefined) p = o.p;
  if (p === 'nuc') throw new Error("norm: p='nuc' (the nuclear norm) is not supported");
  const order = p === undefined || p === null || p === 'fro' ? 2 : Number(p);
  const { dims, keepdim, dtype } = reduceArgs('norm', x, dimArg as DimArg, keepArg, o, ['p', ...REDUCE_KEYWORDS]);
  const input = dtype ? x.to(dtype) : x;
  if (!input.dtype.is_floating_point) throw new Error(`norm(): input dtype should be either floating point or complex. Got ${input.dtype.scalarName} instead.`);
  const out = no_grad(() => {
    const a = input.abs();
    if (order === Infinity) return amax(a, dims, keepdim);
    if (order === -Infinity) return amin(a, dims, keepdim);
    if (order === 0) return a.ne(0).sum(dims, keepdim, { dtype: input.dtype });
    if (order === 1) return a.sum(dims, keepdim);
    if (order === 2) return a.mul(a).sum(dims, keepdim).sqrt_();
    return a.pow(order).sum(dims, keepdim).pow(1 / order);
  });
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record('NormBackward1', [input], [out], [input, out], (gs, [sx, sy]) => {
      const g = restore(gs[0] as Tensor, shape, dims, keepdim);
      const y = restore(sy, shape, dims, keepdim);
      if (order === 0) return [sx.mul(0)];
      if (order === 1) return [g.mul(sx.sign())];
      if (order === Infinity || order === -Infinity) {
        const hit = sx.abs().eq(y);
        return [g.mul(sx.sign()).mul(hit).div(hit.sum(dims, true))];
      }
      // d|x|_p / dx = sign(x) |x|^(p-1) / |x|_p^(p-1); 0 where the norm is 0
      const scale = order === 2 ? sx.div(y) : sx.sign().mul(sx.abs().pow(order - 1)).div(y.pow(order - 1));
      return [g.mul(scale).masked_fill(y.eq(0), 0)];
    });
  }
  return out;
}

// ---- logsumexp, softmax, log_softmax -----------------------------------------------------------

export function logsumexp(x: Tensor, dimArg?: DimArg, keepArg?: KeepArg, opts?: ReduceOptions): Tensor {
  const { dims, keepdim } = reduceArgs('logsumexp', x, dimArg, keepArg, opts);
  const input = x.dtype.is_floating_point ? x : x.to(float32);
  const out = no_grad(() => {
    if (input.numel() === 0) return input.exp().sum(dims, keepdim).log();
    // shift by the max so exp cannot overflow; an infinite max shifts by 0 (PyTorch's rule)
    const m = amax(input, dims, true);
    const shift = m.masked_fill(m.isinf(), 0);
    const r = input.sub(shift).exp_().sum(dims, true).log().add_(shift);
    return keepdim ? r : r.reshape(keptShape(input.shape_, dims, false));
  });
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record('LogsumexpBackward0', [input], [out], [input, out], (gs, [sx, sy]) =>
      [restore(gs[0] as Tensor, shape, dims, keepdim).mul(sx.sub(restore(sy, shape, dims, keepdim)).exp())]);
  }
  return out;
}

export interface SoftmaxOptions { dim?: number | null; dtype?: DTypeLike | null }

/** PyTorch's implicit softmax dim (F.softmax without dim): 0 for 0-, 1- and 3-d inputs, else 1. */
export function softmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function softmaxArgs(x: Tensor, dimArg: number | SoftmaxOptions | null | undefined, dtypeArg?: DTypeLike | SoftmaxOptions | null): { input: Tensor; d: number } {
  let o: SoftmaxOptions = {};
  let dim: number | null | undefined = null;
  if (dimArg !== null && typeof dimArg === 'object') o = dimArg; else dim = dimArg;
  if (dtypeArg !== null && typeof dtypeArg === 'object' && !(dtypeArg instanceof DType)) o = { ...o, ...dtypeArg };
  else if (dtypeArg !== undefined && dtypeArg !== null) o = { ...o, dtype: dtypeArg as DTypeLike };
  if (o.dim !== undefined) dim = o.dim;
  const input = o.dtype ? x.to(toDType(o.dtype)) : x;
  const d = normalizeDim(dim ?? softmaxDim(x.ndim), input.ndim);
  if (!input.dtype.is_floating_point) {
    throw new Error(`"${d === input.ndim - 1 || input.ndim === 0 ? 'softmax_lastdim_kernel_impl' : 'softmax_kernel_impl'}" not implemented for '${input.dtype.scalarName}'`);
  }
  return { input, d };
}

/**
 * softmax and log_softmax along one dim, shifted by the max so large inputs stay finite: one
 * backend kernel for float32/float64 where the backend has it, else composed.
 */
function softmaxOp(log: boolean, x: Tensor, dimArg: number | SoftmaxOptions | null | undefined, dtypeArg?: DTypeLike | SoftmaxOptions | null): Tensor {
  const { input, d } = softmaxArgs(x, dimArg, dtypeArg);
  const dims = input.ndim ? [d] : [];
  const out = no_grad(() => {
    if (input.numel() === 0) return input.clone();
    const y = softmaxKernel(log, input, d);
    if (y) return y;
    const shifted = input.sub(amax(input, dims, true));
    if (log) return shifted.sub_(shifted.exp().sum(dims, true).log());
    shifted.exp_();
    return shifted.div_(shifted.sum(dims, true));
  });
  if (needsGrad(input)) record(log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [input], [out], [out], softmaxBackward(log, d, dims));
  return out;
}

/**
 * @internal (Log-)softmax of a non-empty float32/float64 tensor along `d` by the backend's one
 * kernel, unrecorded; null where the backend has none (the caller composes it).
 */
export function softmaxKernel(log: boolean, input: Tensor, d: number): Tensor | null {
  const backend = input.storage.backend;
  if (!backend.softmax || (input.dtype !== float32 && input.dtype !== float64)) return null;
  const y = Tensor.empty(input.shape_, input.dtype, input);
  // a 0-d tensor as one element along dim 0
  const view = (t: Tensor) => (t.ndim ? t : { storage: t.storage, dtype: t.dtype, shape: [1], strides: [1], offset: t.offset });
  backend.softmax(view(input), d, log, view(y));
  return y;
}

/** @internal The backward of (log-)softmax along `d` from its saved output y (LogSoftmaxBackward0, SoftmaxBackward0). */
export function softmaxBackward(log: boolean, d: number, dims: readonly number[]): BackwardFn {
  return (gs, [y]) => {
    const g = gs[0] as Tensor;
    const small = smallRowsBackward(log, g, y, d);
    if (small) return [small];
    return [log ? g.sub(y.exp().mul(g.sum(dims as number[], true))) : y.mul(g.sub(g.mul(y).sum(dims as number[], true)))];
  };
}
/** Above this many elements the composed backward's kernels beat a loop in JS. */
const SMALL_SOFTMAX_BACKWARD = 1 << 14;

/**
 * The (log-)softmax backward of a small dense float tensor along its last dim as one pass in JS:
 * g - exp(y) * sum(g), or y * (g - sum(g * y)), row by row. Composed it is four ops, each an
 * allocation and a kernel call on a few hundred elements (cross_entropy's [N, C] logits in every
 * training step). Null where the composition runs instead: other layouts, devices and sizes, and
 * under create_graph (the composition is differentiable).
 */
function smallRowsBackward(log: boolean, g: Tensor, y: Tensor, dim: number): Tensor | null {
  const n = y.numel();
  if (is_grad_enabled() || n > SMALL_SOFTMAX_BACKWARD || n === 0 || dim !== y.ndim - 1 || y.device !== 'cpu' || g.device !== 'cpu') return null;
  if (g.dtype !== y.dtype || (y.dtype !== float32 && y.dtype !== float64) || !y.is_contiguous() || !g.is_contiguous()) return null;
  if (g.ndim !== y.ndim || g.shape_.some((s, i) => s !== y.shape_[i])) return null;
  // exp(y) by the backend's kernel (SIMD on wasm; JS's Math.exp costs ~12 ns an element), into the result
  const out = log ? y.exp() : Tensor.empty(y.shape_, y.dtype, y);
  const round = y.dtype === float32 ? Math.fround : (v: number) => v;
  const Y = y.storage.backend.array(y.storage) as Float32Array, G = g.storage.backend.array(g.storage) as Float32Array;
  const O = out.storage.backend.array(out.storage) as Float32Array;
  const cols = y.shape_[y.ndim - 1], yo = y.offset, go = g.offset;
  for (let r = 0; r < n; r += cols) {
    let sum = 0;
    if (log) {
      for (let j = 0; j < cols; j++) sum += G[go + r + j];
      sum = round(sum);
      for (let j = 0; j < cols; j++) O[r + j] = G[go + r + j] - O[r + j] * sum;
    } else {
      for (let j = 0; j < cols; j++) sum += G[go + r + j] * Y[yo + r + j];
      sum = round(sum);
      for (let j = 0; j < cols; j++) O[r + j] = Y[yo + r + j] * round(G[go + r + j] - sum);
    }
  }
  return out;
}

export const softmax = (x: Tensor, dim?: number | SoftmaxOptions | null, dtype?: DTypeLike | SoftmaxOptions | null): Tensor => softmaxOp(false, x, dim, dtype);
export const log_softmax = (x: Tensor, dim?: number | SoftmaxOptions | null, dtype?: DTypeLike | SoftmaxOptions | null): Tensor => softmaxOp(true, x, dim, dtype);

// ---- cumsum, cumprod ---------------------------------------------------------------------------

export interface ScanOptions { dim?: number; dtype?: DTypeLike | null }

/** A scan along one dim: floats keep their dtype (half computes in float32), integers and bool give int64. */
function scanOp(row: ScanRow, x: Tensor, dimArg: number | ScanOptions | undefined, opts: ScanOptions | undefined): Tensor {
  const o: ScanOptions = { ...(typeof dimArg === 'object' ? dimArg : { dim: dimArg }), ...opts };
  if (o.dim === undefined) throw new TypeError(`${row.name}() missing 1 required positional arguments: "dim"`);
  const input = o.dtype ? x.to(toDType(o.dtype)) : x;
  const d = normalizeDim(o.dim, input.ndim);
  const outDtype = input.dtype.is_floating_point ? input.dtype : int64;
  const kernelDtype = outDtype === float16 ? float32 : outDtype;
  const src = input.dtype === kernelDtype ? input : copyRaw(input, kernelDtype);
  const shape = input.ndim ? input.shape_ : [1];
  let out = Tensor.empty(input.shape_, kernelDtype, input);
  if (numelOf(shape) > 0) {
    const view = (t: Tensor) => ({ storage: t.storage, dtype: t.dtype, shape, strides: t.ndim ? t.strides : [1], offset: t.offset });
    input.storage.backend.scan(row, view(src), d, view(out));
  }
  if (src !== input) src.dispose();
  if (kernelDtype !== outDtype) { const cast = copyRaw(out, outDtype); out.dispose(); out = cast; }
  if (needsGrad(input)) {
    const grad = row === SCAN.cumsum ? cumsumGrad : cumprodGrad;
    record(row === SCAN.cumsum ? 'CumsumBackward0' : 'CumprodBackward0', [input], [out], [input, out],
      (gs, [sx, sy]) => [input.ndim ? grad(gs[0] as Tensor, sx, sy, d) : gs[0]]);
  }
  return out;
}

/** The sum of g over positions at or after each one: the adjoint of cumsum. */
const reverseCumsum = (g: Tensor, d: number) => g.flip([d]).cumsum(d).flip([d]);

const cumsumGrad = (g: Tensor, _x: Tensor, _y: Tensor, d: number) => reverseCumsum(g, d);

function cumprodGrad(g: Tensor, x: Tensor, y: Tensor, d: number): Tensor {
  if (!x.eq(0)._anyTrue()) return reverseCumsum(g.mul(y), d).div(x);
  // with zeros, y / x is undefined: grad_i = sum_{k >= i} g_k * prod_{j <= k, j != i} x_j, built
  // as an n x n table per slice (row i: x with x_i replaced by 1, scanned)
  const n = x.shape_[d];
  const xt = x.transpose(d, -1), gt = g.transpose(d, -1);
  const rows = xt.unsqueeze(-2).expand([...xt.shape_.slice(0, -1), n, n]).masked_fill(eye(n, { dtype: bool, device: x.device }), 1);
  const terms = rows.cumprod(-1).triu().mul(gt.unsqueeze(-2));
  return terms.sum(-1).transpose(d, -1);
}

export const cumsum = (x: Tensor, dim?: number | ScanOptions, opts?: ScanOptions): Tensor => scanOp(SCAN.cumsum, x, dim, opts);
export const cumprod = (x: Tensor, dim?: number | ScanOptions, opts?: ScanOptions): Tensor => scanOp(SCAN.cumprod, x, dim, opts);

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.ndim === shape.length && g.shape_.every((d, i) => d === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape_[i] !== 1)) dims.push(i);
  let r = dims.length ? g.sum(dims, true) : g;
  if (lead > 0 || r.ndim !== shape.length) r = r.reshape(shape.slice());
  return r;
}
