// The webgl device: every op as a fragment shader over WebGL2 textures. Storage lives in RGBA
// textures, 4 elements per texel in row-major order (webgl/glsl.ts): float32 and float16 in RGBA32F
// (float16 rounded to half on every write), every integer dtype and bool in RGBA32I, so integers are
// exact. int64 holds int32's range on this device (checked on upload); float64 does not exist here
// (WebGL2 has no doubles), as with PyTorch's MPS device. Kernels read inputs through their views'
// shape/strides/offset, so transposes, broadcasts and slices need no copies.
import { Storage, type Backend, type ConvGeometry, type PoolWindows, type View } from '../backend.js';
import { float16, float32, int64, type DType, type TypedArray } from '../dtype.js';
import { fromHalfBits, toHalfBits } from '../half.js';
import type { BinaryRow, ReduceRow, ScanRow, UnaryRow } from '../ops/table.js';
import { collapseDims, contiguousStrides, isContiguous, numelOf } from '../shape.js';
import { JsBackend } from './js.js';
import { GLContext, type Tex, type Uniform } from './webgl/context.js';
import * as convKernels from './webgl/conv.js';
import {
  accurate, convert, kindOf, mapShader, matmulShader, reduceShader, scalarT,
  type Access, type Fold, type Kind, type MapOperandSpec, type ReduceMode, type Source,
} from './webgl/glsl.js';

export const NO_FLOAT64 =
  "Cannot convert a webgl Tensor to float64 dtype as WebGL2 doesn't support float64. Please use float32 instead.";

/** A number operand: its value goes to the shader as a uniform, with no texture behind it. */
class ScalarStorage extends Storage {
  constructor(backend: Backend, dtype: DType, readonly value: number) {
    super(backend, dtype, 1, 0, null);
  }
}

/**
 * Integer kernels of the ops table's rows whose float snippet does not type-check on ints. Other
 * rows on integer inputs evaluate their float snippet (exact below 2^24) or, for comparisons, the
 * snippet as it is.
 */
const INT_GLSL: Record<string, string> = {
  neg: '-x', abs: 'abs(x)', sign: 'sign(x)', square: 'x * x', relu: 'max(x, 0)', logical_not: 'int(x == 0)',
  add: 'a + b', sub: 'a - b', mul: 'a * b', pow: 'ipow_(a, b)', maximum: 'max(a, b)', minimum: 'min(a, b)',
  remainder: 'imod_(a, b)', floor_divide: 'idiv_(a, b)',
  logical_and: 'int(a != 0 && b != 0)', logical_or: 'int(a != 0 || b != 0)',
};

/**
 * Float kernels replacing a row's GLSL snippet where its formula is not PyTorch's at the edges:
 * fmod/remainder exact (C's fmod: a - b * trunc(a / b) rounds, and is NaN for an infinite b) and
 * floor_divide as PyTorch's div_floor (floor(a / b) differs when a / b rounds to an integer).
 */
const FLOAT_GLSL: Record<string, string> = { fmod: 'fmod_(a, b)', remainder: 'remainder_(a, b)', floor_divide: 'floordiv_(a, b)' };

/** Reduction folds by REDUCE row name; rows not listed here run through the JS reference. */
const FOLDS: Record<string, Fold> = {
  sum: { acc: (k) => ({ type: scalarT(k), init: `${scalarT(k)}(0)` }), step: () => 'acc += v;', associative: true },
  prod: { acc: (k) => ({ type: scalarT(k), init: `${scalarT(k)}(1)` }), step: () => 'acc *= v;', associative: true },
  max: {
    acc: (k) => ({ type: scalarT(k), init: k === 'f' ? '-inf_()' : 'int(0x80000000u)' }),
    step: (k) => (k === 'f' ? 'if (isnan(v) || v > acc) acc = v;' : 'acc = max(acc, v);'), associative: true,
  },
  min: {
    acc: (k) => ({ type: scalarT(k), init: k === 'f' ? 'inf_()' : '0x7fffffff' }),
    step: (k) => (k === 'f' ? 'if (isnan(v) || v < acc) acc = v;' : 'acc = min(acc, v);'), associative: true,
  },
  all: { acc: () => ({ type: 'int', init: '1' }), step: (k) => `if (v == ${scalarT(k)}(0)) acc = 0;`, associative: true },
  any: { acc: () => ({ type: 'int', init: '0' }), step: (k) => `if (v != ${scalarT(k)}(0)) acc = 1;`, associative: true },
  // the first NaN, else the first best (ai < 0: nothing seen yet); NaN in acc stops the search
  argmax: {
    acc: (k) => ({ type: scalarT(k), init: `${scalarT(k)}(0)` }), index: true,
    step: (k) => (k === 'f' ? 'if (ai < 0 || (!isnan(acc) && (isnan(v) || v > acc))) { acc = v; ai = r; }' : 'if (ai < 0 || v > acc) { acc = v; ai = r; }'),
    result: () => ({ expr: 'ai', kind: 'i' }), associative: false,
  },
  argmin: {
    acc: (k) => ({ type: scalarT(k), init: `${scalarT(k)}(0)` }), index: true,
    step: (k) => (k === 'f' ? 'if (ai < 0 || (!isnan(acc) && (isnan(v) || v < acc))) { acc = v; ai = r; }' : 'if (ai < 0 || v < acc) { acc = v; ai = r; }'),
    result: () => ({ expr: 'ai', kind: 'i' }), associative: false,
  },
};

/** Scan folds by SCAN row name (`acc` and `v`). */
const SCANS: Record<string, string> = { cumsum: 'acc + v', cumprod: 'acc * v' };

/** Reduced elements per fragment in multi-pass reductions: short runs keep float sums accurate. */
const CHUNK = 64;

/** Whether every row of the [batch, rows, cols] operand starts a texel and runs dense (matmulShader's fast reads). */
function vecRows(v: View, cols: number, batch: number): boolean {
  const [sb, r, c] = v.strides;
  return (c === 1 || cols === 1) && v.offset % 4 === 0 && r % 4 === 0 && (batch === 1 || sb % 4 === 0);
}

/** How a reduction pass reads its input (ReduceMode in glsl.ts): texel-wide where alignment allows. */
function reduceMode(src: { off: number; ks: number[]; kst: number[]; rs: number[]; rst: number[]; R: number }, C: number): ReduceMode {
  const { off, ks, kst, rs, rst } = src;
  const by4 = (xs: number[]): boolean => xs.every((x) => x % 4 === 0);
  if (off % 4 !== 0) return 'scalar';
  const kl = ks.length - 1, rl = rs.length - 1;
  if (kl >= 0 && kst[kl] === 1 && ks[kl] % 4 === 0 && by4(kst.slice(0, kl)) && by4(rst)) return 'vecOut';
  const chunkStartsAligned = C % 4 === 0 || C >= src.R;
  if (rl >= 0 && rst[rl] === 1 && (rl === 0 || rs[rl] % 4 === 0) && chunkStartsAligned && by4(kst) && by4(rst.slice(0, rl))) return 'vecRed';
  return 'scalar';
}

/** Whether a reference lambda maps NaN to NaN (then the GPU kernel passes NaN through explicitly). */
function nanOut(f: () => number): boolean {
  try { return Number.isNaN(f()); } catch { return false; }
}

interface Operand { view: View; source: Source }

/** A plain copy of a view's fields (a Tensor is a View whose fields are getters: spreading one loses them). */
const viewOf = (v: View): View => ({ storage: v.storage, dtype: v.dtype, shape: v.shape, strides: v.strides, offset: v.offset });

/** Converts texture texels to the dtype's host array (the layout of the cpu backends). */
function fromTexels(dtype: DType, raw: Float32Array | Int32Array, numel: number): TypedArray {
  switch (dtype.name) {
    case 'float32': return (raw as Float32Array).slice(0, numel);
    case 'int32': return (raw as Int32Array).slice(0, numel);
    case 'float16': { const o = new Uint16Array(numel); for (let i = 0; i < numel; i++) o[i] = toHalfBits(raw[i]); return o; }
    case 'int64': { const o = new BigInt64Array(numel); for (let i = 0; i < numel; i++) o[i] = BigInt(raw[i]); return o; }
    default: { const o = new dtype.array(numel); (o as Int32Array).set(raw.subarray(0, numel)); return o; }
  }
}

export class WebGLBackend implements Backend {
  readonly name = 'webgl' as const;
  readonly device = 'webgl' as const;
  private state: GLContext | string | null = null;
  private readonly js = new JsBackend();
  /** host copies handed out by array(), written back (if changed) before the next GPU work */
  private readonly mapped = new Map<Storage, { arr: TypedArray; pristine: Uint8Array }>();
  /** @internal texture readbacks to the host (array(), readAsync()): tests check that GPU kernels make none */
  readbacks = 0;
  /** @internal textures the step scope copied to the host (memory management, not an op's readback) */
  spills = 0;

  /** The context, created on first use; throws the reason when WebGL2 cannot run here. */
  get ctx(): GLContext {
    if (this.state === null) this.state = GLContext.create();
    if (typeof this.state === 'string') throw new Error(this.state);
    return this.state;
  }
  /** Whether the device works here (creates the context on the first call). */
  available(): boolean {
    if (this.state === null) this.state = GLContext.create();
    return typeof this.state !== 'string';
  }
  /** The context if one was created, without creating it. */
  get started(): GLContext | null {
    return this.state !== null && typeof this.state !== 'string' ? this.state : null;
  }

  // ---- storage ------------------------------------------------------------------------------

  alloc(dtype: DType, numel: number): Storage {
    if (dtype.name === 'float64') throw new TypeError(NO_FLOAT64);
    const ctx = this.ctx;
    this.flush();
    ctx.check();
    return new Storage(this, dtype, numel, ctx.register(ctx.alloc(kindOf(dtype), numel)), null);
  }

  free(storage: Storage): void {
    // never throws: tensors are freed by finalizers and tidy, also after the context is lost
    this.mapped.delete(storage);
    this.started?.unregister(storage.ptr);
  }
  spill(storage: Storage): TypedArray {
    // a synchronous read: the texture is what is scarce, and JS memory is the garbage collector's
    return this.spillMany([storage])[0];
  }
  restore(storage: Storage, values: TypedArray): void {
    storage.ptr = this.alloc(storage.dtype, storage.numel).ptr;
    this.write(storage, values);
  }
  spillMany(storages: readonly Storage[]): TypedArray[] {
    // one wait for all: a training step's boundary spills several tensors at once
    this.flush();
    const ctx = this.ctx;
    const list = storages.filter((s) => s.numel > 0).map((s) => { const t = ctx.tex(s.ptr); return { t, rows: ctx.rows(t, s.numel) }; });
    const raws = list.length ? ctx.readMany(list) : [];
    this.spills += list.length;
    let k = 0;
    return storages.map((s) => {
      const values = s.numel === 0 ? new s.dtype.array(0) : fromTexels(s.dtype, raws[k++], s.numel);
      this.free(s);
      return values;
    });
  }

  /**
   * The storage's elements, read back synchronously. Like the wasm backend's view over linear
   * memory, the array is valid until the next other call into this backend, and writes into it
   * reach the texture then (so host-side element loops work on this device too).
   */
  array(storage: Storage): TypedArray {
    const m = this.mapped.get(storage);
    if (m) return m.arr;
    const ctx = this.ctx;
    const t = ctx.tex(storage.ptr);
    this.readbacks++;
    const raw = storage.numel === 0 ? new Float32Array(0) : ctx.read(t, ctx.rows(t, storage.numel));
    const arr = fromTexels(storage.dtype, raw, storage.numel);
    this.mapped.set(storage, { arr, pristine: new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).slice() });
    return arr;
  }

  /** Uploads a host array of the storage's dtype (all of its elements). */
  write(storage: Storage, values: TypedArray): void {
    this.flush();
    this.upload(storage, values);
  }

  /** The storage's elements without blocking: readPixels into a pixel-pack buffer, then a fence. */
  async readAsync(storage: Storage): Promise<TypedArray> {
    this.flush();
    const ctx = this.ctx;
    if (storage.numel === 0) return new storage.dtype.array(0);
    const t = ctx.tex(storage.ptr);
    this.readbacks++;
    const raw = await ctx.readAsync(t, ctx.rows(t, storage.numel));
    return fromTexels(storage.dtype, raw, storage.numel);
  }

  private upload(storage: Storage, values: TypedArray): void {
    const ctx = this.ctx;
    const t = ctx.tex(storage.ptr);
    const n = storage.numel;
    if (n === 0) return;
    const rows = ctx.rows(t, n);
    const len = t.w * rows * 4;
    let data: Float32Array | Int32Array;
    if (t.kind === 'f') {
      data = new Float32Array(len);
      if (storage.dtype === float16) for (let i = 0; i < n; i++) data[i] = fromHalfBits((values as Uint16Array)[i]);
      else data.set((values as Float32Array).subarray(0, n));
    } else {
      data = new Int32Array(len);
      if (storage.dtype === int64) {
        const v = values as BigInt64Array;
        for (let i = 0; i < n; i++) {
          const x = v[i];
          if (x > 2147483647n || x < -2147483648n) {
            throw new RangeError(`webtorch: the int64 value ${x} does not fit the webgl device, whose int64 tensors hold int32's range`);
          }
          data[i] = Number(x);
        }
      } else data.set((values as Int32Array).subarray(0, n));
    }
    ctx.upload(t, data, rows);
  }

  /** Writes back host arrays from array() that were modified, and forgets them all. */
  private flush(): void {
    if (this.mapped.size === 0) return;
    const entries = [...this.mapped];
    this.mapped.clear();
    for (const [s, m] of entries) {
      if (s.freed) continue;
      const now = new Uint8Array(m.arr.buffer, m.arr.byteOffset, m.arr.byteLength);
      let changed = false;
      for (let i = 0; i < now.length; i++) if (now[i] !== m.pristine[i]) { changed = true; break; }
      if (changed) this.upload(s, m.arr);
    }
  }

  scalar(value: number, dtype: DType): View {
    let v = value;
    if (kindOf(dtype) === 'i') {
      // an int uniform: the cpu writers' cast (out of int32's range -> INT32_MIN), except that
      // int64, which the cpu holds exactly, must fit
      const fits = Number.isFinite(v) && Math.abs(v) < 2 ** 31;
      if (!fits && dtype === int64 && Number.isFinite(v)) {
        throw new RangeError(`webtorch: the int64 value ${value} does not fit the webgl device, whose int64 tensors hold int32's range`);
      }
      v = fits ? Math.trunc(v) : -2147483648;
    }
    return { storage: new ScalarStorage(this, dtype, v), shape: [], strides: [], offset: 0, dtype };
  }

  // ---- elementwise --------------------------------------------------------------------------

  unary(op: UnaryRow, x: View, out: View): void {
    const k = kindOf(x.dtype);
    this.runMap(`u:${op.name}`, [{ view: x, source: 'tex' }], out, () => {
      let defs: string, rk: Kind;
      if (k === 'f') {
        const body = accurate(op.glsl);
        // GPU builtins may turn NaN into a number: pass it through where the reference does
        const guarded = nanOut(() => op.ref(NaN)) ? `isnan(x) ? x : float(${body})` : body;
        defs = `float op_(float x) { return float(${guarded}); }`;
        rk = 'f';
      } else if (INT_GLSL[op.name]) {
        defs = `int op_(int x) { return int(${INT_GLSL[op.name]}); }`;
        rk = 'i';
      } else {
        defs = `float op_(int ix) { float x = float(ix); return float(${accurate(op.glsl)}); }`;
        rk = 'f';
      }
      return { defs, expr: convert('op_(in0)', rk, out.dtype) };
    });
  }

  binary(op: BinaryRow, a: View, b: View, out: View): void {
    const k = kindOf(a.dtype), kb = kindOf(b.dtype);
    this.runMap(`b:${op.name}`, [{ view: a, source: 'tex' }, { view: b, source: 'tex' }], out, () => {
      let defs: string, rk: Kind;
      if (k === 'f' && kb === 'f') {
        const body = FLOAT_GLSL[op.name] ?? accurate(op.glsl);
        const nan = [[NaN, 2], [2, NaN], [NaN, 0], [0, NaN]].every(([p, q]) => nanOut(() => op.ref(p, q)));
        defs = `float op_(float a, float b) { return float(${nan ? `(isnan(a) || isnan(b)) ? nan_() : float(${body})` : body}); }`;
        rk = 'f';
      } else if (k === 'i' && kb === 'i' && INT_GLSL[op.name]) {
        defs = `int op_(int a, int b) { return int(${INT_GLSL[op.name]}); }`;
        rk = 'i';
      } else if (k === 'i' && kb === 'i' && op.dtypes === 'compare') {
        defs = `float op_(int a, int b) { return float(${op.glsl}); }`;
        rk = 'f';
      } else {
        defs = `float op_(${scalarT(k)} ia, ${scalarT(kb)} ib) { float a = float(ia); float b = float(ib); return float(${accurate(op.glsl)}); }`;
        rk = 'f';
      }
      return { defs, expr: convert('op_(in0, in1)', rk, out.dtype) };
    });
  }

  where(cond: View, a: View, b: View, out: View): void {
    const k = kindOf(a.dtype);
    this.runMap('where', [{ view: cond, source: 'tex' }, { view: a, source: 'tex' }, { view: b, source: 'tex' }], out, () => {
      const test = kindOf(cond.dtype) === 'f' ? 'in0 != 0.0' : 'in0 != 0';
      const pick = kindOf(b.dtype) === k ? `(${test} ? in1 : in2)` : `(${test} ? in1 : ${scalarT(k)}(in2))`;
      return { defs: '', expr: convert(pick, k, out.dtype) };
    });
  }

  copy(src: View, dst: View): void {
    this.runMap('copy', [{ view: src, source: 'tex' }], dst, () => ({ defs: '', expr: convert('in0', kindOf(src.dtype), dst.dtype) }));
  }

  fill(dst: View, value: number | bigint): void {
    const v = Number(value);
    if (dst.dtype === int64 && Number.isFinite(v) && Math.abs(v) >= 2 ** 31) {
      throw new RangeError(`webtorch: the int64 value ${value} does not fit the webgl device, whose int64 tensors hold int32's range`);
    }
    // integers go as int uniforms (exact beyond 2^24); the store converts like a cast would
    const intValue = kindOf(dst.dtype) === 'i' && Number.isInteger(v) && Math.abs(v) < 2 ** 31;
    const s = this.scalar(v, intValue ? int64 : float32);
    const view: View = { ...viewOf(s), shape: dst.shape, strides: dst.shape.map(() => 0) };
    this.runMap('fill', [{ view, source: 'tex' }], dst, () => ({ defs: '', expr: convert('in0', intValue ? 'i' : 'f', dst.dtype) }));
  }

  // ---- reductions, scans, products ----------------------------------------------------------

  reduce(op: ReduceRow, x: View, dims: readonly number[], out: Storage): void {
    const fold = FOLDS[op.name];
    if (!fold) { this.onCpu([x], [out], (h) => this.js.reduce(op, h(x), dims, h.storage(out))); return; }
    const ctx = this.ctx;
    this.flush();
    ctx.check();
    const keptDims = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
    const keptShape = keptDims.map((d) => x.shape[d]);
    const K = numelOf(keptShape);
    if (K === 0) return;
    const redShape = dims.map((d) => x.shape[d]);
    const kc = collapseDims(keptShape, [keptDims.map((d) => x.strides[d]), contiguousStrides(keptShape)]);
    const rc = collapseDims(redShape, [dims.map((d) => x.strides[d])]);
    let src = { tex: ctx.tex(x.storage.ptr), kind: kindOf(x.dtype), off: x.offset, ks: kc.shape, kst: kc.strides[0], rs: rc.shape, rst: rc.strides[0], R: numelOf(redShape) };
    const temps: Tex[] = [];
    try {
      for (;;) {
        const C = fold.associative && src.R > 4 * CHUNK ? CHUNK : Math.max(src.R, 1);
        const P = Math.max(1, Math.ceil(src.R / C));
        const final = P === 1;
        const accKind: Kind = fold.acc(src.kind).type === 'float' ? 'f' : 'i';
        const target = final ? ctx.tex(out.ptr) : ctx.alloc(accKind, K * P);
        const resKind = fold.result ? fold.result(src.kind).kind : accKind;
        const store = final ? (v: string) => convert(v, resKind, out.dtype) : (v: string) => v;
        const outKind = final ? kindOf(out.dtype) : accKind;
        const mode = reduceMode(src, C);
        const key = `r:${op.name}:${src.kind}:${src.ks.length}:${src.rs.length}:${mode}:${final ? out.dtype.name : 'partial'}`;
        const p = ctx.program(key, () => reduceShader({ keptNd: src.ks.length, redNd: src.rs.length, inKind: src.kind, fold, mode, store, outKind }));
        const uniforms: Uniform[] = [['u_ow', 'i', target.w], ['u_K', 'i', K], ['u_C', 'i', C], ['u_R', 'i', src.R],
          ['u_off', 'i', src.off], ['u_w', 'i', src.tex.w]];
        if (src.ks.length) uniforms.push(['u_ks', 'iv', src.ks], ['u_kst', 'iv', src.kst]);
        if (src.rs.length) uniforms.push(['u_rs', 'iv', src.rs], ['u_rst', 'iv', src.rst]);
        ctx.draw(p, target, ctx.rows(target, K * P), [['u_t', src.tex]], uniforms);
        if (final) return;
        temps.push(target);
        // partials are laid out [P, K]: reduce dim 0
        src = { tex: target, kind: accKind, off: 0, ks: [K], kst: [1], rs: [P], rst: [K], R: P };
      }
    } finally {
      for (const t of temps) ctx.release(t);
    }
  }

  scan(op: ScanRow, x: View, dim: number, out: View): void {
    const fold = SCANS[op.name];
    if (!fold) { this.onCpu([x], [out], (h) => this.js.scan(op, h(x), dim, h(out))); return; }
    const k = kindOf(x.dtype);
    const T = scalarT(k);
    // operand 0 walks the start of each line, operand 1 yields the index along `dim`
    const line: View = { ...viewOf(x), strides: x.strides.map((s, d) => (d === dim ? 0 : s)) };
    const index: View = { ...viewOf(x), offset: 0, strides: x.shape.map((_, d) => (d === dim ? 1 : 0)) };
    this.runMap(`s:${op.name}`, [{ view: line, source: 'texref' }, { view: index, source: 'offset' }], out, () => ({
      defs: `uniform int u_sd;
${T} scan_(int base, int i) {
  ${T} acc = ${T}(${op.identity});
  for (int k = 0; k <= i; k++) { ${T} v = rd0_(base + k * u_sd); acc = ${fold}; }
  return acc;
}`,
      expr: convert('scan_(in0, in1)', k, out.dtype),
    }), [['u_sd', 'i', x.strides[dim]]]);
  }

  matmul(a: View, b: View, out: Storage, batch: number, m: number, n: number, k: number): void {
    const ctx = this.ctx;
    this.flush();
    ctx.check();
    const total = batch * m * n;
    if (total === 0) return;
    if (k === 0) { this.fill({ storage: out, dtype: out.dtype, shape: [total], strides: [1], offset: 0 }, 0); return; }
    const temps: Storage[] = [];
    try {
      // an operand whose rows are not dense and texel-aligned (a transpose, an odd row length) is
      // first copied into aligned rows when the product is big enough to repay the copy
      const big = m * n * k >= 32768;
      if (big && !vecRows(a, k, batch)) a = this.alignedCopy(a, [m, k], temps);
      if (big && n % 4 === 0 && !vecRows(b, n, batch)) b = this.alignedCopy(b, [k, n], temps);
      if (big && n % 4 !== 0 && m >= 4) {
        // the fast path needs rows of 4-element multiples: the product with B's rows padded
        // (whatever the pad columns hold only reaches result columns that are dropped), then copied out
        const n4 = Math.ceil(n / 4) * 4;
        const bp = this.alignedCopy(b, [k, n], temps);
        const wide = this.alloc(out.dtype, batch * m * n4);
        temps.push(wide);
        this.matmul(a, bp, wide, batch, m, n4, k);
        this.copy({ storage: wide, dtype: out.dtype, shape: [batch, m, n], strides: [m * n4, n4, 1], offset: 0 },
          { storage: out, dtype: out.dtype, shape: [batch, m, n], strides: [m * n, n, 1], offset: 0 });
        return;
      }
      const kind = kindOf(a.dtype);
      const ta = ctx.tex(a.storage.ptr), tb = ctx.tex(b.storage.ptr);
      const outTex = ctx.tex(out.ptr);
      const alias = a.storage === out || b.storage === out;
      const target = alias ? ctx.alloc(outTex.kind, out.numel) : outTex;
      const [sa, ra, ca] = a.strides, [sb, rb, cb] = b.strides;
      const aVec = vecRows(a, k, batch), bVec = n % 4 === 0 && vecRows(b, n, batch);
      const p = ctx.program(`mm:${kind}:${out.dtype.name}:${+aVec}${+bVec}`,
        () => matmulShader(kind, (v) => convert(v, kind, out.dtype), kindOf(out.dtype), aVec, bVec));
      ctx.draw(p, target, ctx.rows(target, total), [['u_ta', ta], ['u_tb', tb]], [
        ['u_ow', 'i', target.w], ['u_M', 'i', m], ['u_N', 'i', n], ['u_K', 'i', k],
        ['u_wa', 'i', ta.w], ['u_oa', 'i', a.offset], ['u_sa', 'i', sa], ['u_ra', 'i', ra], ['u_ca', 'i', ca],
        ['u_wb', 'i', tb.w], ['u_ob', 'i', b.offset], ['u_sb', 'i', sb], ['u_rb', 'i', rb], ['u_cb', 'i', cb],
      ]);
      if (target !== outTex) ctx.swap(out.ptr, target);
    } finally {
      for (const t of temps) this.free(t);
    }
  }

  /**
   * A copy of the [batch, rows, cols] operand `v` with dense rows padded to a multiple of 4 (so
   * every row starts a texel); a broadcast batch (stride 0) stays broadcast.
   */
  private alignedCopy(v: View, [rows, cols]: [number, number], temps: Storage[]): View {
    const batch = v.strides[0] === 0 ? 1 : v.shape[0];
    const padded = Math.ceil(cols / 4) * 4;
    const storage = this.alloc(v.dtype, batch * rows * padded);
    temps.push(storage);
    const strides = [rows * padded, padded, 1];
    this.copy({ ...viewOf(v), shape: [batch, rows, cols] }, { storage, dtype: v.dtype, shape: [batch, rows, cols], strides, offset: 0 });
    return { storage, dtype: v.dtype, shape: v.shape, strides: [v.strides[0] === 0 ? 0 : strides[0], padded, 1], offset: 0 };
  }

  // ---- convolution and pooling (webgl/conv.ts) ----------------------------------------------

  im2col(x: View, g: ConvGeometry, out: Storage): void {
    this.flush();
    convKernels.im2col(this.ctx, x, g, out);
  }

  /**
   * @internal Convolutions whose im2col columns (or, transposed, col2im's) would hold fewer
   * elements than this run as im2col/col2im + GEMM: measured faster on SwiftShader (the GEMM reads
   * texels 4 elements at a time; the direct shader reads elements). Bigger ones run the direct
   * shader, which needs no columns (tests lower it to 0 to run every convolution directly).
   */
  directConvMinCols = 1 << 24;

  conv(x: View, w: View, g: ConvGeometry, groups: number, cout: number, transposed: boolean, out: Storage): boolean {
    const cols = g.n * g.c * numelOf(g.kernel) * numelOf(transposed ? g.size : g.out) * (transposed ? cout / g.c : 1);
    if (cols < this.directConvMinCols) return false;
    this.flush();
    convKernels.conv(this.ctx, x, w, g, groups, cout, transposed, out);
    return true;
  }

  col2im(cols: View, g: ConvGeometry, out: Storage): void {
    this.flush();
    convKernels.col2im(this.ctx, cols, g, out);
  }

  pool2d(x: View, p: PoolWindows, out: Storage, indices: Storage | null): void {
    this.flush();
    convKernels.pool(this.ctx, x, p, out, indices);
  }

  pool2dBackward(g: View, indices: View | null, p: PoolWindows, out: Storage): void {
    this.flush();
    convKernels.poolBackward(this.ctx, g, indices, p, out);
  }

  // ---- the map kernel -----------------------------------------------------------------------

  /**
   * out[idx] = expr(operands at idx) for every index of out's shape. Dense whole outputs are
   * rendered directly; a strided output view (or one that aliases an input) renders the whole
   * storage into a fresh texture, copying elements outside the view, and swaps it in.
   */
  private runMap(key: string, ops: readonly Operand[], out: View, shader: () => { defs: string; expr: string }, extra: readonly Uniform[] = []): void {
    const ctx = this.ctx;
    this.flush();
    ctx.check();
    const n = numelOf(out.shape);
    if (n === 0) return;
    const outTex = ctx.tex(out.storage.ptr);
    const whole = out.offset === 0 && n === out.storage.numel && isContiguous(out.shape, out.strides);
    const strided = ops.filter((o) => !(o.view.storage instanceof ScalarStorage));
    const c = collapseDims(out.shape, [...strided.map((o) => o.view.strides), out.strides]);
    let shape = c.shape;
    let strides = c.strides.slice(0, strided.length);
    let outStrides = c.strides[strided.length];
    if (!whole) {
      // dims by decreasing output stride, so the shader can invert the output view greedily
      const order = shape.map((_, i) => i).sort((p, q) => outStrides[q] - outStrides[p]);
      shape = order.map((i) => shape[i]);
      strides = strides.map((s) => order.map((i) => s[i]));
      outStrides = order.map((i) => outStrides[i]);
      let span = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        if (outStrides[d] <= span) {
          // an overlapping or interleaved output view: no unique inverse, so do it on the host
          this.mapOnCpu(key, ops, out, shader, extra);
          return;
        }
        span += (shape[d] - 1) * outStrides[d];
      }
    }
    const nd = shape.length;
    const alias = strided.some((o) => o.view.storage === out.storage);
    const target = whole && !alias ? outTex : ctx.alloc(outTex.kind, out.storage.numel);
    const count = whole ? n : out.storage.numel;
    const specs: MapOperandSpec[] = [];
    const inputs: [string, Tex][] = [];
    const uniforms: Uniform[] = [['u_ow', 'i', target.w], ...extra];
    // the 4 elements of an output texel differ only in the last index (see Access in glsl.ts)
    const rowOk = whole && (nd === 1 || (nd > 1 && shape[nd - 1] % 4 === 0));
    if (nd > 0) uniforms.push(['u_shape', 'iv', shape]);
    if (!whole) {
      uniforms.push(['u_oo', 'i', out.offset]);
      if (nd > 0) uniforms.push(['u_ost', 'iv', outStrides]);
      inputs.push(['u_old', outTex]);
    }
    let j = 0;
    ops.forEach((o, i) => {
      const kind = kindOf(o.view.dtype);
      const st = o.view.storage;
      if (st instanceof ScalarStorage) {
        specs.push({ kind, source: 'uniform', access: 'elem' });
        uniforms.push([`u_s${i}`, kind === 'f' ? 'f' : 'i', st.value]);
        return;
      }
      const s = strides[j++];
      const t = o.source === 'offset' ? null : ctx.tex(st.ptr);
      const off = o.view.offset;
      let access: Access = 'elem';
      if (o.source === 'tex' && t && rowOk) {
        const last = s[nd - 1];
        if (nd === 1 && last === 1 && off === 0 && t.w === target.w) access = 'direct';
        else if (last === 1 && off % 4 === 0 && s.every((x, d) => d === nd - 1 || x % 4 === 0)) access = 'vec';
        else if (last === 0) access = 'splat';
      }
      specs.push({ kind, source: o.source, access });
      uniforms.push([`u_o${i}`, 'i', off]);
      if (nd > 0) uniforms.push([`u_st${i}`, 'iv', s]);
      if (t) {
        inputs.push([`u_t${i}`, t]);
        uniforms.push([`u_w${i}`, 'i', t.w]);
      }
    });
    const opKey = specs.map((s) => s.kind + s.source + s.access).join(',');
    // the key names everything the source depends on: op, operand kinds and sources, out dtype, geometry
    const p = ctx.program(`m:${key}|${out.dtype.name}|${whole ? 'w' : 'v'}|${nd}|${opKey}`, () => {
      const { defs, expr } = shader();
      return mapShader({
        nd, operands: specs, outKind: kindOf(out.dtype), outMode: whole ? 'whole' : 'view',
        defs: defs.replace(/^uniform [^;]*;/gm, ''), expr, uniforms: (defs.match(/^uniform [^;]*;/gm) ?? []).join('\n'),
      });
    });
    ctx.draw(p, target, ctx.rows(target, count), inputs, uniforms);
    if (target !== outTex) ctx.swap(out.storage.ptr, target);
  }

  // ---- host fallbacks -----------------------------------------------------------------------

  /**
   * Runs `fn` with the JS reference backend on host copies of the storages involved, then uploads
   * the written ones. For reduction rows with no GLSL fold yet and for write patterns a shader
   * cannot invert; correct, but a round trip.
   */
  private onCpu(inputs: readonly View[], outputs: readonly (View | Storage)[], fn: (h: Host) => void): void {
    const copies = new Map<Storage, Storage>();
    const host = (s: Storage): Storage => {
      let c = copies.get(s);
      if (!c) {
        if (s instanceof ScalarStorage) {
          c = this.js.scalar(s.value, s.dtype).storage;
        } else {
          c = this.js.alloc(s.dtype, s.numel);
          (c.data as TypedArray).set(this.array(s) as never);
        }
        copies.set(s, c);
      }
      return c;
    };
    for (const v of inputs) host(v.storage);
    const outStorages = outputs.map((o) => (o instanceof Storage ? o : o.storage));
    for (const s of outStorages) host(s);
    const h = ((v: View): View => ({ ...viewOf(v), storage: host(v.storage) })) as Host;
    h.storage = host;
    this.flush();
    fn(h);
    for (const s of outStorages) this.write(s, (copies.get(s) as Storage).data as TypedArray);
  }

  private mapOnCpu(key: string, ops: readonly Operand[], out: View, shader: () => { defs: string; expr: string }, extra: readonly Uniform[]): void {
    // compute densely on the GPU, then scatter into the view on the host
    const tmp = this.alloc(out.dtype, numelOf(out.shape));
    const dense: View = { storage: tmp, dtype: out.dtype, shape: out.shape, strides: contiguousStrides(out.shape), offset: 0 };
    try {
      this.runMap(key, ops, dense, shader, extra);
      this.onCpu([dense], [out], (h) => this.js.copy(h(dense), h(out)));
    } finally {
      this.free(tmp);
    }
  }
}

type Host = ((v: View) => View) & { storage: (s: Storage) => Storage };
