// Reductions: dim parsing, dtype rules, the backend call and the gradient, once for every row.
import { float32, int32, int64, bool, uint8, float16, int8, int16, toDType, type DType, type DTypeLike } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { needsGrad, record } from './autograd-record.js';
import type { ReduceRow } from './table.js';

export interface ReduceOptions {
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: DTypeLike;
}

export const REDUCE = {
  sum: { name: 'sum', kernel: 'sum', ref: (v: number[]) => pairwiseSum(v, 0, v.length) },
} satisfies Record<string, ReduceRow>;

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

/** Resolves PyTorch's (dim, keepdim, {dim, keepdim, dtype}) argument forms. */
export function reduceArgs(
  x: Tensor, dimArg: number | number[] | ReduceOptions | null | undefined, keepArg: boolean | ReduceOptions | undefined, opts?: ReduceOptions,
): { dims: number[]; keepdim: boolean; dtype: DType | null; all: boolean } {
  let o: ReduceOptions = {};
  let dim: number | number[] | null | undefined = null;
  let keepdim = false;
  if (dimArg !== null && typeof dimArg === 'object' && !Array.isArray(dimArg)) o = dimArg;
  else dim = dimArg;
  if (typeof keepArg === 'object') o = { ...o, ...keepArg };
  else if (keepArg !== undefined) keepdim = keepArg;
  if (opts) o = { ...o, ...opts };
  if (o.dim !== undefined) dim = o.dim;
  if (o.keepdim !== undefined) keepdim = o.keepdim;
  const all = dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0);
  const list = all ? x.shape_.map((_, i) => i) : Array.isArray(dim) ? dim : [dim as number];
  const dims = list.map((d) => normalizeDim(d, x.ndim)).filter((d) => d < x.ndim);
  const seen = new Set<number>();
  for (const d of dims) {
    if (seen.has(d)) throw new Error(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  dims.sort((a, b) => a - b);
  return { dims, keepdim, dtype: o.dtype !== undefined ? toDType(o.dtype) : null, all };
}

function keptShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Runs a reduction kernel over `dims` of `x` (already in the kernel's input dtype) into `outDtype`. */
export function reduceRaw(row: ReduceRow, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  const out = Tensor.empty(keptShape(x.shape_, dims, keepdim), outDtype, x.device);
  x.storage.backend.reduce(row, x, dims, out.storage);
  return out;
}

/** Gradient of a reduction: g (with reduced dims restored as size 1) broadcast to the input shape. */
export function expandBack(g: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  let r = g;
  if (!keepdim) r = r.reshape(keptShape(shape, dims, true));
  return r.expand(shape);
}

export function sum(x: Tensor, dimArg?: number | number[] | ReduceOptions | null, keepArg?: boolean | ReduceOptions, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs(x, dimArg, keepArg, opts);
  let input = x;
  let outDtype: DType;
  if (dtype) {
    input = x.dtype === dtype ? x : x.to(dtype);
    outDtype = dtype;
  } else outDtype = x.dtype.is_floating_point ? x.dtype : int64;
  // the core sums f32, f64 and i64, and widens i32 / u8 into i64
  let kernelIn = input;
  if (input.dtype === float16) kernelIn = input.to(float32);
  else if (input.dtype === int8 || input.dtype === int16) kernelIn = input.to(int32);
  else if (input.dtype === bool) kernelIn = input.to(uint8);
  const kernelOut = outDtype === float16 ? float32 : outDtype.is_floating_point ? outDtype : int64;
  let out = reduceRaw(REDUCE.sum, kernelIn.detach(), dims, keepdim, kernelOut);
  if (kernelIn !== input) kernelIn.dispose();
  if (out.dtype !== outDtype) out = out.to(outDtype);
  if (needsGrad(input)) {
    const shape = input.shape_.slice();
    record(all && !keepdim ? 'SumBackward0' : 'SumBackward1', [input], [out], [], (gs) => [expandBack(gs[0] as Tensor, shape, dims, keepdim)]);
  }
  return out;
}

export function mean(x: Tensor, dimArg?: number | number[] | ReduceOptions | null, keepArg?: boolean | ReduceOptions, opts?: ReduceOptions): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs(x, dimArg, keepArg, opts);
  const input = dtype ? x.to(dtype) : x;
  if (!input.dtype.is_floating_point) {
    throw new Error(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${input.dtype.name === 'int64' ? 'Long' : input.dtype.name}`);
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
