// The JS backend: every kernel as a plain loop over TypedArrays calling the ops table's reference
// lambdas. It is the oracle the wasm core is tested against and the baseline it is measured against.
import { Storage, type Backend, type View } from '../backend.js';
import type { ConvGeometry, PoolWindows } from '../backend.js';
import { col2imRef, im2colRef, poolBackwardRef, poolRef } from './conv-ref.js';
import { float16, float32, int32, int64, bool, type DType, type TypedArray } from '../dtype.js';
import { fromHalfBits, toHalfBits } from '../half.js';
import type { BinaryRow, ReduceRow, ScanRow, UnaryRow } from '../ops/table.js';
import { contiguousStrides, numelOf } from '../shape.js';
import { forEachOffset } from './strided.js';

type Read = (i: number) => number;
type Write = (i: number, v: number) => void;

const INT64_MIN = -(2n ** 63n);

/** Reads element i as a number, whatever the dtype's storage. */
export function reader(dtype: DType, arr: TypedArray): Read {
  if (dtype === float16) return (i) => fromHalfBits((arr as Uint16Array)[i]);
  if (dtype === int64) return (i) => Number((arr as BigInt64Array)[i]);
  return (i) => (arr as Float64Array)[i];
}

/** Writes a number into element i with PyTorch's conversion to the dtype. */
export function writer(dtype: DType, arr: TypedArray): Write {
  if (dtype === float16) return (i, v) => { (arr as Uint16Array)[i] = toHalfBits(v); };
  if (dtype === int64) {
    return (i, v) => { (arr as BigInt64Array)[i] = Number.isFinite(v) && Math.abs(v) < 2 ** 63 ? BigInt(Math.trunc(v)) : INT64_MIN; };
  }
  if (dtype === bool) return (i, v) => { (arr as Uint8Array)[i] = v !== 0 ? 1 : 0; };
  if (dtype.category === 1) {
    // as PyTorch on x86: NaN, inf and values outside int32 become INT32_MIN, then the store wraps
    // to the width (300 -> uint8 44, 1e10 -> uint8 0)
    return (i, v) => { (arr as Int32Array)[i] = Number.isFinite(v) && Math.abs(v) < 2 ** 31 ? Math.trunc(v) : -2147483648; };
  }
  return (i, v) => { (arr as Float64Array)[i] = v; };
}

/** A float view's storage elements (its own offset still applies). */
function dense(v: View): Float64Array {
  return v.storage.data as Float64Array;
}

function access(v: View): { read: Read; write: Write } {
  const arr = v.storage.data as TypedArray;
  return { read: reader(v.dtype, arr), write: writer(v.dtype, arr) };
}

export class JsBackend implements Backend {
  readonly name = 'js' as const;
  readonly device = 'cpu' as const;

  alloc(dtype: DType, numel: number): Storage {
    return new Storage(this, dtype, numel, 0, new dtype.array(numel));
  }
  free(_storage: Storage): void {
    // the garbage collector owns the TypedArray
  }
  spill(storage: Storage): TypedArray {
    // already a JS array: nothing to copy, the garbage collector frees it with the storage
    return storage.data as TypedArray;
  }
  restore(_storage: Storage, _values: TypedArray): void {}
  array(storage: Storage): TypedArray {
    return storage.data as TypedArray;
  }
  scalar(value: number, dtype: DType): View {
    const s = this.alloc(dtype, 1);
    writer(dtype, s.data as TypedArray)(0, value);
    return { storage: s, shape: [], strides: [], offset: 0, dtype };
  }

  unary(op: UnaryRow, x: View, out: View): void {
    if (denseFloat(x, out) && x.dtype === out.dtype) {
      const xd = x.storage.data as Float64Array, od = out.storage.data as Float64Array, f = op.ref;
      const n = numelOf(out.shape), xo = x.offset, oo = out.offset;
      for (let i = 0; i < n; i++) od[oo + i] = f(xd[xo + i]);
      return;
    }
    const X = access(x);
    // integer arithmetic wraps like C (a double's float->int cast rule does not apply)
    const f = out.dtype === int32 && op.name === 'square' ? (v: number) => Math.imul(v, v) : op.ref;
    if (out.dtype === int64 && op.dtypes === 'number') {
      const xd = x.storage.data as BigInt64Array, od = out.storage.data as BigInt64Array;
      const g = BIGINT_UNARY[op.name] ?? ((v: bigint) => BigInt(op.ref(Number(v))));
      forEachOffset(out.shape, [x, out], (o) => { od[o[1]] = BigInt.asIntN(64, g(xd[o[0]])); });
      return;
    }
    const O = out.dtype === int32 ? rawWriter(out) : access(out).write;
    forEachOffset(out.shape, [x, out], (o) => O(o[1], f(X.read(o[0]))));
  }

  binary(op: BinaryRow, a: View, b: View, out: View): void {
    const f = op.ref;
    if (denseFloat(a, out) && a.dtype === out.dtype && b.dtype === out.dtype && (denseFloat(b, out) || isScalar(b))) {
      const ad = a.storage.data as Float64Array, bd = b.storage.data as Float64Array, od = out.storage.data as Float64Array;
      const n = numelOf(out.shape), ao = a.offset, oo = out.offset;
      if (isScalar(b)) {
        const bv = bd[b.offset];
        for (let i = 0; i < n; i++) od[oo + i] = f(ad[ao + i], bv);
      } else {
        const bo = b.offset;
        for (let i = 0; i < n; i++) od[oo + i] = f(ad[ao + i], bd[bo + i]);
      }
      return;
    }
    const A = access(a), B = access(b), O = access(out);
    if (a.dtype === int64 && op.dtypes === 'number') {
      // int64 arithmetic exact in BigInt where a double would round (add/sub/mul wrap like C)
      const exact = BIGINT_OPS[op.name];
      if (exact) {
        const ad = a.storage.data as BigInt64Array, bd = b.storage.data as BigInt64Array, od = out.storage.data as BigInt64Array;
        forEachOffset(out.shape, [a, b, out], (o) => { od[o[2]] = BigInt.asIntN(64, exact(ad[o[0]], bd[o[1]])); });
        return;
      }
    }
    if (out.dtype === int32 && op.dtypes === 'number') {
      const g = INT32_OPS[op.name] ?? f;
      const W = rawWriter(out);
      forEachOffset(out.shape, [a, b, out], (o) => W(o[2], g(A.read(o[0]), B.read(o[1]))));
      return;
    }
    forEachOffset(out.shape, [a, b, out], (o) => O.write(o[2], f(A.read(o[0]), B.read(o[1]))));
  }

  where(cond: View, a: View, b: View, out: View): void {
    const c = cond.storage.data as Uint8Array;
    const ad = a.storage.data as TypedArray, bd = b.storage.data as TypedArray, od = out.storage.data as TypedArray;
    forEachOffset(out.shape, [cond, a, b, out], (o) => { od[o[3]] = c[o[0]] ? ad[o[1]] : bd[o[2]]; });
  }

  copy(src: View, dst: View): void {
    if (src.dtype === dst.dtype) {
      // bit copy: exact for every dtype, int64 included
      const sd = src.storage.data as TypedArray, dd = dst.storage.data as TypedArray;
      forEachOffset(dst.shape, [src, dst], (o) => { dd[o[1]] = sd[o[0]]; });
      return;
    }
    if (src.dtype === int64 && dst.dtype.category === 1) {
      const sd = src.storage.data as BigInt64Array;
      const W = writer(dst.dtype, dst.storage.data as TypedArray);
      const bits = dst.dtype.itemsize * 8;
      forEachOffset(dst.shape, [src, dst], (o) => W(o[1], Number(BigInt.asIntN(bits, sd[o[0]]))));
      return;
    }
    const S = access(src), D = access(dst);
    forEachOffset(dst.shape, [src, dst], (o) => D.write(o[1], S.read(o[0])));
  }

  fill(dst: View, value: number | bigint): void {
    if (dst.dtype === int64) {
      const dd = dst.storage.data as BigInt64Array;
      const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
      forEachOffset(dst.shape, [dst], (o) => { dd[o[0]] = v; });
      return;
    }
    const D = access(dst);
    const v = Number(value);
    forEachOffset(dst.shape, [dst], (o) => D.write(o[0], v));
  }

  reduce(op: ReduceRow, x: View, dims: readonly number[], out: Storage): void {
    const X = access(x);
    const O = writer(out.dtype, out.data as TypedArray);
    const keptDims = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
    const keptShape = keptDims.map((d) => x.shape[d]);
    const redShape = dims.map((d) => x.shape[d]);
    const kept = { offset: x.offset, strides: keptDims.map((d) => x.strides[d]) };
    const outIdx = { offset: 0, strides: contiguousStrides(keptShape) };
    const redStrides = dims.map((d) => x.strides[d]);
    const values: number[] = new Array(numelOf(redShape));
    forEachOffset(keptShape, [kept, outIdx], (o) => {
      let k = 0;
      forEachOffset(redShape, [{ offset: o[0], strides: redStrides }], (r) => { values[k++] = X.read(r[0]); });
      O(o[1], op.ref(values));
    });
  }

  scan(op: ScanRow, x: View, dim: number, out: View): void {
    const X = access(x), O = access(out);
    const outer = x.shape.map((s, d) => (d === dim ? 1 : s));
    const n = x.shape[dim];
    forEachOffset(outer, [x, out], (o) => {
      let acc = op.identity;
      for (let i = 0; i < n; i++) {
        acc = op.ref(acc, X.read(o[0] + i * x.strides[dim]));
        O.write(o[1] + i * out.strides[dim], acc);
      }
    });
  }

  softmax(x: View, dim: number, log: boolean, out: View): void {
    // the composed op's steps (max, x - max, exp, sum, then / sum or - log(sum)), each result
    // rounded to the dtype as a stored tensor would be
    const round = x.dtype === float32 ? Math.fround : (v: number) => v;
    const X = access(x), O = access(out);
    const n = x.shape[dim], sx = x.strides[dim], so = out.strides[dim];
    const shifted = new Float64Array(n), e = new Float64Array(n);
    forEachOffset(x.shape.map((s, d) => (d === dim ? 1 : s)), [x, out], (o) => {
      let m = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = X.read(o[0] + i * sx);
        if (v !== v) { m = NaN; break; }
        if (v > m) m = v;
      }
      let s = 0;
      for (let i = 0; i < n; i++) {
        shifted[i] = round(X.read(o[0] + i * sx) - m);
        e[i] = round(Math.exp(shifted[i]));
        s += e[i];
      }
      s = round(s);
      const l = round(Math.log(s));
      for (let i = 0; i < n; i++) O.write(o[1] + i * so, log ? shifted[i] - l : e[i] / s);
    });
  }

  layerNorm(x: View, w: View | null, b: View | null, y: View, mean: View, rstd: View, rows: number, n: number, eps: number): void {
    // assembly/layernorm.ts's arithmetic, each step rounded to the dtype (sums in row order)
    const f = x.dtype === float32 ? Math.fround : (v: number) => v;
    const X = dense(x), Y = dense(y), W = w && dense(w), B = b && dense(b), M = dense(mean), R = dense(rstd);
    const inv = f(1 / n);
    for (let r = 0; r < rows; r++) {
      const xo = x.offset + r * n, yo = y.offset + r * n;
      let s = 0;
      for (let j = 0; j < n; j++) s = f(s + X[xo + j]);
      const m = f(s * inv);
      let q = 0;
      for (let j = 0; j < n; j++) {
        const d = f(X[xo + j] - m);
        q = f(q + f(d * d));
      }
      const a = f(1 / f(Math.sqrt(f(f(q * inv) + eps))));
      const c = f(-a * m);
      M[mean.offset + r] = m;
      R[rstd.offset + r] = a;
      for (let j = 0; j < n; j++) {
        let v = f(f(X[xo + j] * a) + c);
        if (W) v = f(v * W[(w as View).offset + j]);
        if (B) v = f(v + B[(b as View).offset + j]);
        Y[yo + j] = v;
      }
    }
  }

  layerNormBackward(g: View, x: View, mean: View, rstd: View, w: View | null, dx: View | null, dw: View | null, db: View | null, rows: number, n: number): void {
    const f = x.dtype === float32 ? Math.fround : (v: number) => v;
    const G = dense(g), X = dense(x), M = dense(mean), R = dense(rstd), W = w && dense(w);
    const DX = dx && dense(dx), DW = dw && dense(dw), DB = db && dense(db);
    const scale = f(1 / n);
    const gw = (i: number, j: number) => (W ? f(G[i] * W[(w as View).offset + j]) : G[i]);
    for (let j = 0; j < n; j++) {
      if (DW) DW[(dw as View).offset + j] = 0;
      if (DB) DB[(db as View).offset + j] = 0;
    }
    for (let r = 0; r < rows; r++) {
      const go = g.offset + r * n, xo = x.offset + r * n;
      const m = M[mean.offset + r], a = R[rstd.offset + r];
      if (DX) {
        let ds = 0, dbs = 0;
        for (let j = 0; j < n; j++) {
          const v = gw(go + j, j);
          ds = f(ds + f(v * X[xo + j]));
          dbs = f(dbs + v);
        }
        const bb = f(f(f(f(f(f(dbs * m) - ds) * a) * a) * a) * scale);
        const cc = f(f(-bb * m) - f(f(dbs * a) * scale));
        const dxo = (dx as View).offset + r * n;
        for (let j = 0; j < n; j++) DX[dxo + j] = f(f(f(a * gw(go + j, j)) + f(bb * X[xo + j])) + cc);
      }
      const c = f(-a * m);
      for (let j = 0; j < n; j++) {
        if (DW) DW[(dw as View).offset + j] = f(DW[(dw as View).offset + j] + f(G[go + j] * f(f(X[xo + j] * a) + c)));
        if (DB) DB[(db as View).offset + j] = f(DB[(db as View).offset + j] + G[go + j]);
      }
    }
  }

  im2col(x: View, g: ConvGeometry, out: Storage): void {
    im2colRef(x.storage.data as Float32Array, x.offset, x.strides, g, out.data as Float32Array);
  }
  col2im(cols: View, g: ConvGeometry, out: Storage): void {
    col2imRef(cols.storage.data as Float32Array, cols.offset, g, out.data as Float32Array);
  }
  pool2d(x: View, p: PoolWindows, out: Storage, indices: Storage | null): void {
    poolRef(x.storage.data as Float32Array, x.offset, p, out.data as Float32Array, indices ? indices.data as BigInt64Array : null);
  }
  pool2dBackward(g: View, indices: View | null, p: PoolWindows, out: Storage): void {
    poolBackwardRef(g.storage.data as Float32Array, g.offset, indices ? indices.storage.data as BigInt64Array : null, indices?.offset ?? 0, p, out.data as Float32Array);
  }

  matmul(a: View, b: View, out: Storage, batch: number, m: number, n: number, k: number): void {
    const A = access(a), B = access(b);
    const O = writer(out.dtype, out.data as TypedArray);
    const [sa, rsa, csa] = a.strides, [sb, rsb, csb] = b.strides;
    for (let p = 0; p < batch; p++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let q = 0; q < k; q++) acc += A.read(a.offset + p * sa + i * rsa + q * csa) * B.read(b.offset + p * sb + q * rsb + j * csb);
          O((p * m + i) * n + j, acc);
        }
      }
    }
  }
}

/**
 * A float32/float64 view walking the same dense run as `out`: the plain loop over TypedArrays
 * that the JS baseline should be, without per-element offset bookkeeping.
 */
function denseFloat(v: View, out: View): boolean {
  if (v.dtype.category !== 2 || v.dtype === float16) return false;
  let expected = 1;
  for (let i = out.shape.length - 1; i >= 0; i--) {
    const d = out.shape[i];
    if (d === 1) continue;
    if (v.strides[i] !== expected || out.strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

function isScalar(v: View): boolean {
  return v.strides.every((s) => s === 0);
}

/** Stores with the TypedArray's own wrapping (integer results of integer arithmetic). */
function rawWriter(v: View): Write {
  const arr = v.storage.data as Int32Array;
  return (i, x) => { arr[i] = x; };
}

/** Integer power by squaring: what C does, wrapping on overflow; negative exponents as PyTorch's kernel. */
function powInt<T extends number | bigint>(base: T, exp: T, mul: (x: T, y: T) => T, one: T): T {
  if (exp < 0) {
    const b = Number(base), odd = Number(exp) % 2 !== 0;
    return (b === 1 || (b === -1 && !odd) ? one : b === -1 ? base : typeof one === 'bigint' ? 0n : 0) as T;
  }
  let r = one, b = base, e = exp;
  while (e > 0) {
    if ((typeof e === 'bigint' ? e & 1n : (e as number) & 1)) r = mul(r, b);
    b = mul(b, b);
    e = (typeof e === 'bigint' ? e >> 1n : (e as number) >>> 1) as T;
  }
  return r;
}

/** int32 ops whose double result would lose bits before wrapping. */
const INT32_OPS: Record<string, ((a: number, b: number) => number) | undefined> = {
  mul: Math.imul,
  pow: (a, b) => powInt(a, b, Math.imul, 1),
};

const wrap64 = (x: bigint) => BigInt.asIntN(64, x);
const BIGINT_OPS: Record<string, ((a: bigint, b: bigint) => bigint) | undefined> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  maximum: (a, b) => (a > b ? a : b),
  minimum: (a, b) => (a < b ? a : b),
  pow: (a, b) => powInt(a, b, (x, y) => wrap64(x * y), 1n),
  floor_divide: (a, b) => { const q = a / b; return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q; },
  remainder: (a, b) => { const m = a % b; return m !== 0n && (m < 0n) !== (b < 0n) ? m + b : m; },
  fmod: (a, b) => (b === -1n ? 0n : a % b),
};

const BIGINT_UNARY: Record<string, ((x: bigint) => bigint) | undefined> = {
  neg: (x) => -x,
  abs: (x) => (x < 0n ? -x : x),
  square: (x) => x * x,
  sign: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
  relu: (x) => (x > 0n ? x : 0n),
};
