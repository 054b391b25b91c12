// The wasm backend: storage is a block of the core's linear memory; each op is one call into the
// core (assembly/ABI.md) with byte pointers and a small descriptor of shape and strides.
import { Storage, type Backend, type Spilled, type ConvGeometry, type PoolWindows, type View } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { int64 } from '../dtype.js';
import type { BinaryRow, ReduceRow, ScanRow, UnaryRow } from '../ops/table.js';
import { collapseDims, contiguousStrides, numelOf } from '../shape.js';
import { writer } from './js.js';
import { coreWasmBase64 } from '../generated/core-wasm.js';
import { coreUrl } from './core-files.js';
import { isNode, nodeModule, threadsPossible, type Call, type ThreadPool } from './threads.js';

type Kernel = (...args: number[]) => void;
export interface CoreExports {
  alloc(bytes: number): number;
  free(ptr: number): void;
  copy(src: number, dst: number, sp: number, dp: number, desc: number): void;
  fill(dtype: number, dst: number, desc: number, value: number): void;
  fill_i64(dst: number, desc: number, value: bigint): void;
  [kernel: string]: unknown;
}

/** Kernel name suffix per dtype code (float16 and narrow ints never reach a compute kernel). */
const SUFFIX = ['f32', 'f64', 'u16', 'i32', 'i64', 'u8', 'i8', 'i16', 'u8'];
/** softmax's and log_softmax's kernel names by dtype code, made once */
const SOFTMAX_KERNELS = [SUFFIX.map((s) => `softmax_${s}`), SUFFIX.map((s) => `log_softmax_${s}`)];

function decodeBase64(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return Buffer.from(b64, 'base64');
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The inlined plain build. The bundles inline it gzip'd: base64 of raw wasm gzips badly. */
async function inlinedCore(): Promise<Uint8Array> {
  const bytes = decodeBase64(coreWasmBase64);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BufferSource]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A build of the core (scripts/build-core.mjs): '' is SIMD128 on an unshared memory, 'relaxed'
 * adds relaxed SIMD (fused multiply-add), 'mt' builds import a shared memory (worker threads).
 */
export type CoreVariant = '' | 'relaxed' | 'mt' | 'mt-relaxed';

/** One function doing f32x4.relaxed_madd: validates only where the engine has relaxed SIMD. */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b, // body
]);

/** The builds worth trying here, best first: threads, then relaxed SIMD, then the plain build. */
export function coreVariants(): CoreVariant[] {
  const relaxed = WebAssembly.validate(RELAXED_PROBE);
  const order: CoreVariant[] = threadsPossible() ? ['mt-relaxed', 'mt', 'relaxed', ''] : ['relaxed', ''];
  return order.filter((v) => relaxed || !v.endsWith('relaxed'));
}

/** A build compiled from its file (coreUrl), the plain one from the inlined copy if need be. */
async function compileCore(variant: CoreVariant): Promise<WebAssembly.Module | null> {
  const url = coreUrl(variant);
  if (url) {
    try {
      if (url.protocol === 'file:') {
        // Node reads the file; browsers cannot fetch file: URLs
        if (isNode) {
          const fs = await nodeModule<typeof import('node:fs/promises')>('fs/promises');
          return await WebAssembly.compile(await fs.readFile(url) as BufferSource);
        }
      } else if (typeof fetch === 'function') {
        const res = await fetch(url);
        if (res.ok) {
          return await (typeof WebAssembly.compileStreaming === 'function' && /wasm/.test(res.headers.get('content-type') ?? '')
            ? WebAssembly.compileStreaming(res)
            : WebAssembly.compile(await res.arrayBuffer()));
        }
      }
    } catch {
      // missing or unreadable: the next build in line, or the inlined copy
    }
  }
  // the ESM bundle carries no inlined copy (rollup.config.mjs): it loads from its files only
  return variant === '' && coreWasmBase64 ? WebAssembly.compile(await inlinedCore() as BufferSource) : null;
}

export interface Core {
  exports: CoreExports;
  memory: WebAssembly.Memory;
  /** what the worker threads instantiate on the same memory */
  module: WebAssembly.Module;
  variant: CoreVariant;
}

/** Pages a shared memory may grow to (wasm32's 4 GiB): it is reserved up front, never moved. */
const MAX_PAGES = 65536;
const INITIAL_PAGES = 32;
/** AssemblyScript's TLSF allocator serves blocks below 1 GiB (its BLOCK_MAXSIZE). */
const MAX_BLOCK_BYTES = 2 ** 30 - 64;

/** Instantiates the first of `variants` that loads (the plain build always does). */
export async function instantiateCore(variants: readonly CoreVariant[] = coreVariants()): Promise<Core> {
  for (const variant of variants) {
    const module = await compileCore(variant);
    if (!module) continue;
    let memory: WebAssembly.Memory;
    try {
      memory = variant.startsWith('mt')
        ? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
        : new WebAssembly.Memory({ initial: INITIAL_PAGES });
    } catch {
      continue; // no address space for the shared reservation: an unshared build
    }
    const abort = (_msg: number, _file: number, line: number, col: number): never => {
      throw new Error(`webtorch core aborted at ${line}:${col}`);
    };
    const instance = await WebAssembly.instantiate(module, { env: { memory, abort } });
    return { exports: instance.exports as unknown as CoreExports, memory, module, variant };
  }
  const url = coreUrl('');
  throw new Error(`webtorch: the WebAssembly core could not be loaded${url ? ` from ${url.href}` : ''}: ` +
    "serve the webtorch*.wasm files beside webtorch.mjs, or import 'webtorch/inline' (the core inlined)");
}

const DESC_INTS = 256;
const SCALAR_SLOTS = 4;
/** Storages up to this many elements spill into a plain JS array (see spill). */
const SMALL_SPILL = 256;
/**
 * Jobs smaller than these (multiply-adds, elements) take a few microseconds: less than any thread
 * hand-off, so they skip the pool (a product below 64^3 multiply-adds takes under ~10 us on one
 * thread; splitting 32x64x32, the digits MLP's, measured slower on the shared 2-core host). Above, the pool decides from what it measures
 * (src/backends/threads.ts).
 */
const GEMM_MIN = 64 * 64 * 64;
const ELEMENTWISE_MIN = 1 << 14;
/**
 * Elements an im2col/col2im/pooling call must move before it is split across threads: each is one
 * pass over memory, and a smaller one (below ~1 ms) lost more waiting for the second thread than
 * it gained on the shared 2-core host (conv2d [32,3,32,32] -> 16).
 */
const ROWS_MIN = 1 << 20;
/**
 * Fewest rows a thread gets when one matrix is split: the 4-row register tile times four, and
 * above 8 so that every part takes the same kernel path as the whole product (assembly/matmul.ts
 * uses dot-product tiles for <= 8 rows): results do not depend on the number of threads.
 */
const GEMM_MIN_ROWS = 16;
/** Bytes of a Winograd chunk's workspace (assembly/winograd.ts): its transforms and GEMMs stay in L2 (2^17 to 2^19 measured alike on [4,64,56,56] -> 64, 2^20 slower). */
const WINOGRAD_WS_BYTES = 1 << 18;

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly device = 'cpu' as const;
  private readonly kernels = new Map<string, Kernel>();
  private readonly descPtr: number;
  private descView: Int32Array;
  private readonly scalarStorage: Storage;
  private scalarSlot = 0;
  /** the GEMM's packing scratch per thread (0: this one), grown on demand */
  private readonly gemmScratch: { ptr: number; bytes: number }[] = [];
  /** the worker threads, when the core's memory is shared (src/backends/index.ts starts them) */
  pool: ThreadPool | null = null;
  /** threads kernels may use (torch.set_num_threads) */
  threads = 1;
  private readonly scalarWriters = new Map<DType, { slots: TypedArray; write: (i: number, v: number) => void }>();

  /** Measures the pool's thread hand-off (ThreadPool.calibrate) with a kernel call over no elements. */
  calibratePool(): void {
    const pool = this.pool;
    if (!pool) return;
    // a worker's GEMM part run on this thread installs that worker's scratch block: put ours back
    pool.afterSteal ??= () => {
      const s = this.gemmScratch[0];
      if (s) (this.core.gemm_set_scratch as (p: number, b: number) => void)(s.ptr, s.bytes);
    };
    // once per pool size: set_num_threads calls this each time, and a calibration takes ~25 ms
    if (pool.size === this.calibratedSize) return;
    this.calibratedSize = pool.size;
    pool.calibrate(['add_f32', 0, 0, 0, 0]);
  }
  private calibratedSize = 0;

  constructor(readonly core: CoreExports, readonly memory: WebAssembly.Memory) {
    this.descPtr = core.alloc(DESC_INTS * 4) >>> 0;
    this.descView = new Int32Array(memory.buffer, this.descPtr, DESC_INTS);
    // 16 bytes a slot: room for any dtype, 16-byte aligned like every block
    this.scalarStorage = new Storage(this, int64, SCALAR_SLOTS * 2, core.alloc(SCALAR_SLOTS * 16) >>> 0, null);
  }

  kernel(name: string): Kernel {
    let k = this.kernels.get(name);
    if (!k) {
      k = this.core[name] as Kernel | undefined;
      if (typeof k !== 'function') throw new Error(`webtorch core has no kernel ${name}`);
      this.kernels.set(name, k);
    }
    return k;
  }

  alloc(dtype: DType, numel: number): Storage {
    const bytes = numel * dtype.itemsize;
    // the core's allocator takes blocks under 1 GiB (a wasm32 size would wrap past 4 GiB); when
    // memory cannot grow it traps, before changing any of its state
    let ptr = 0;
    if (bytes < MAX_BLOCK_BYTES) {
      try {
        // addresses are unsigned: past 2 GiB an i32 result reads as negative
        ptr = this.core.alloc(bytes) >>> 0;
      } catch {
        ptr = 0;
      }
    }
    if (ptr === 0) throw this.outOfMemory(bytes);
    return new Storage(this, dtype, numel, ptr, null);
  }
  /** PyTorch's allocation failure, thrown before anything else changed. */
  private outOfMemory(bytes: number): RangeError {
    return new RangeError(`DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. ` +
      `(webtorch's WebAssembly memory holds up to 4 GiB, under 1 GiB per tensor, and has grown to ${this.memory.buffer.byteLength} bytes)`);
  }
  /** A scratch block of the core, as an unsigned address; the same error as alloc() when it cannot be served. */
  private coreAlloc(bytes: number): number {
    let ptr = 0;
    try {
      if (bytes < MAX_BLOCK_BYTES) ptr = this.core.alloc(bytes) >>> 0;
    } catch {
      ptr = 0;
    }
    if (ptr === 0) throw this.outOfMemory(bytes);
    return ptr;
  }
  free(storage: Storage): void {
    this.core.free(storage.ptr);
  }
  spill(storage: Storage): Spilled {
    const view = this.array(storage);
    let values: Spilled;
    if (storage.numel <= SMALL_SPILL && !(view instanceof BigInt64Array)) {
      // a small one into a plain array: V8 allocates and collects it within its heap, where a typed
      // array's separate backing store costs twice as much (measured, 128 floats: 0.30 vs 0.74 us)
      values = new Array<number>(storage.numel);
      for (let i = 0; i < values.length; i++) values[i] = view[i] as number;
    } else {
      // a fresh array and set(): 3x faster than slice() on shared memory (measured, 200 KB: 21 vs 71 us)
      values = new storage.dtype.array(storage.numel);
      (values as Float32Array).set(view as Float32Array);
    }
    this.core.free(storage.ptr);
    storage.ptr = 0;
    return values;
  }
  restore(storage: Storage, values: Spilled): void {
    storage.ptr = this.alloc(storage.dtype, storage.numel).ptr;
    (this.array(storage) as Float32Array).set(values as ArrayLike<number>);
  }
  array(storage: Storage): TypedArray {
    // a fresh view every time: memory growth detaches the old buffer
    return new storage.dtype.array(this.memory.buffer, storage.ptr, storage.numel);
  }
  scalar(value: number, dtype: DType): View {
    const slot = this.scalarSlot;
    this.scalarSlot = (slot + 1) % SCALAR_SLOTS;
    const offset = (slot * 16) / dtype.itemsize;
    // written straight into the slot: a kernel call per number operand would cost more than the op
    // remade when growth detached the memory (its view's length reads 0; see descWords)
    let w = this.scalarWriters.get(dtype);
    if (!w || w.slots.length === 0) {
      const arr = new dtype.array(this.memory.buffer, this.scalarStorage.ptr, (SCALAR_SLOTS * 16) / dtype.itemsize);
      w = { slots: arr, write: writer(dtype, arr) };
      this.scalarWriters.set(dtype, w);
    }
    w.write(offset, value);
    return { storage: this.scalarStorage, shape: [], strides: [], offset, dtype };
  }

  private ptr(v: View): number {
    return v.storage.ptr + v.offset * v.dtype.itemsize;
  }

  /**
   * The scratch descriptor block's words. Growth detaches an unshared memory's old buffer (the
   * view's length reads 0 then); a shared one's stays valid where the block is: cheaper to test
   * than reading memory.buffer, which a shared memory makes anew on each read.
   */
  private descWords(): Int32Array {
    let d = this.descView;
    if (d.length === 0) d = this.descView = new Int32Array(this.memory.buffer, this.descPtr, DESC_INTS);
    return d;
  }

  /** Copies ints into the scratch descriptor block and returns its address. */
  private ints(values: readonly number[]): number {
    const d = this.descWords();
    if (values.length > DESC_INTS) throw new RangeError('webtorch: too many dimensions for the core');
    d.set(values);
    return this.descPtr;
  }

  /** The descriptor [ndim, shape, strides of each operand..., extra...] (assembly/ABI.md). */
  private desc(shape: readonly number[], strides: readonly (readonly number[])[], extra: readonly number[] = []): number {
    const d = [shape.length, ...shape];
    for (const s of strides) d.push(...s);
    d.push(...extra);
    return this.ints(d);
  }

  /**
   * Dense call when every operand walks one contiguous run; one run of the strided `_s` export,
   * step 0, when the others are broadcast numbers (x.mul(0.5)); else the strided export over the
   * collapsed layout.
   */
  private elementwise(stem: string, views: readonly View[], out: View): void {
    if (isDense(out)) {
      let numbers = false, fits = true;
      for (const v of views) {
        if (sameLayout(v, out)) continue;
        if (v.strides.every((st) => st === 0)) numbers = true;
        else { fits = false; break; }
      }
      const n = numelOf(out.shape);
      if (fits && !numbers) {
        this.dense(stem, [...views, out], n);
        return;
      }
      if (fits && (n < ELEMENTWISE_MIN || !this.pool)) {
        const d = this.descWords();
        d[0] = 1;
        d[1] = n;
        for (let i = 0; i < views.length; i++) d[2 + i] = sameLayout(views[i], out) ? 1 : 0;
        d[2 + views.length] = 1;
        const k = this.kernel(this.stridedName(stem));
        if (views.length === 1) k(this.ptr(views[0]), this.ptr(out), this.descPtr);
        else if (views.length === 2) k(this.ptr(views[0]), this.ptr(views[1]), this.ptr(out), this.descPtr);
        else k(...views.map((v) => this.ptr(v)), this.ptr(out), this.descPtr);
        return;
      }
    }
    const all = [...views, out];
    const { shape, strides } = collapseDims(out.shape, all.map((v) => v.strides));
    if (shape.length === 0 || (shape.length === 1 && strides.every((st) => st[0] === 1))) {
      this.dense(stem, all, shape.length === 0 ? 1 : shape[0]);
    } else {
      this.kernel(this.stridedName(stem))(...all.map((v) => this.ptr(v)), this.desc(shape, strides));
    }
  }

  /** Kernel names by stem (an op row's kernel) and dtype code, and the strided exports' names: made once, not per call. */
  private readonly names = new Map<string, string[]>();
  private readonly stridedNames = new Map<string, string>();
  private nameOf(stem: string, code: number): string {
    let a = this.names.get(stem);
    if (!a) this.names.set(stem, (a = SUFFIX.map((sfx) => `${stem}_${sfx}`)));
    return a[code];
  }
  private stridedName(stem: string): string {
    let name = this.stridedNames.get(stem);
    if (!name) this.stridedNames.set(stem, (name = `${stem}_s`));
    return name;
  }

  /**
   * A dense kernel over n elements of each operand. Long runs are split across threads in whole
   * 64-element blocks, so every element takes the same (vector or scalar) path as on one thread.
   */
  private dense(stem: string, views: readonly View[], n: number): void {
    const pool = n >= ELEMENTWISE_MIN ? this.pool : null;
    if (!pool) {
      const k = this.kernel(stem);
      if (views.length === 2) k(this.ptr(views[0]), this.ptr(views[1]), n);
      else if (views.length === 3) k(this.ptr(views[0]), this.ptr(views[1]), this.ptr(views[2]), n);
      else k(...views.map((v) => this.ptr(v)), n);
      return;
    }
    const ptrs = views.map((v) => this.ptr(v));
    const threads = pool.threadsFor(n, stem, this.threads);
    pool.run(split(n, threads, 64).map(([i, len]): Call[] => [[stem, ...ptrs.map((p, j) => p + i * views[j].dtype.itemsize), len]]), { kernel: stem, work: n });
  }

  unary(op: UnaryRow, x: View, out: View): void {
    this.elementwise(this.nameOf(op.kernel, x.dtype.code), [x], out);
  }
  binary(op: BinaryRow, a: View, b: View, out: View): void {
    this.elementwise(this.nameOf(op.kernel, a.dtype.code), [a, b], out);
  }
  where(cond: View, a: View, b: View, out: View): void {
    const all = [cond, a, b, out];
    const { shape, strides } = collapseDims(out.shape, all.map((v) => v.strides));
    this.kernel(`where_b${out.dtype.itemsize}`)(...all.map((v) => this.ptr(v)), this.desc(shape, strides));
  }
  copy(src: View, dst: View): void {
    const { shape, strides } = collapseDims(dst.shape, [src.strides, dst.strides]);
    this.core.copy(src.dtype.code, dst.dtype.code, this.ptr(src), this.ptr(dst), this.desc(shape, strides));
  }
  fill(dst: View, value: number | bigint): void {
    if (dst.dtype.code <= 1 && numelOf(dst.shape) === 1) {
      // one float (backward()'s implicit seed): written from here, as the core's f64 conversion rounds it
      (new dst.dtype.array(this.memory.buffer, this.ptr(dst), 1) as Float32Array)[0] = Number(value);
      return;
    }
    const { shape, strides } = collapseDims(dst.shape, [dst.strides]);
    const desc = this.desc(shape, strides);
    if (dst.dtype === int64) this.core.fill_i64(this.ptr(dst), desc, typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value))));
    else this.core.fill(dst.dtype.code, this.ptr(dst), desc, Number(value));
  }

  reduce(op: ReduceRow, x: View, dims: readonly number[], out: Storage): void {
    const kept = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
    const d = [kept.length, ...kept.map((k) => x.shape[k]), ...kept.map((k) => x.strides[k]),
      dims.length, ...dims.map((k) => x.shape[k]), ...dims.map((k) => x.strides[k])];
    const sfx = x.dtype === out.dtype || op.indices ? SUFFIX[x.dtype.code] : `${SUFFIX[x.dtype.code]}_${SUFFIX[out.dtype.code]}`;
    this.kernel(`${op.kernel}_${sfx}`)(this.ptr(x), out.ptr, this.ints(d));
  }
  scan(op: ScanRow, x: View, dim: number, out: View): void {
    this.kernel(`${op.kernel}_${SUFFIX[x.dtype.code]}`)(this.ptr(x), this.ptr(out), this.desc(x.shape, [x.strides, out.strides], [dim]));
  }
  /**
   * Softmax along `dim` in one kernel (assembly/softmax.ts): x as [outer, n, inner], the dims
   * before and after `dim` each merged into one stride; out dense. Along the last dim, many rows
   * are split across threads in whole rows, one long row in whole blocks (softmaxLongRow); the
   * column path (inner > 1) keeps its state in static memory, so it runs on one thread.
   */
  softmax(x: View, dim: number, log: boolean, out: View): void {
    const numel = numelOf(x.shape);
    if (dim === x.shape.length - 1 && numel < ELEMENTWISE_MIN && isDense(x)) {
      // small dense rows along the last dim (cross_entropy's logits): one call, no layout work
      const len = x.shape[dim];
      this.kernel(SOFTMAX_KERNELS[+log][x.dtype.code])(this.ptr(x), this.ptr(out), len ? numel / len : 0, len, 1, len, 1, 0);
      return;
    }
    const outer = collapseDims(x.shape.slice(0, dim), [x.strides.slice(0, dim)]);
    const inner = collapseDims(x.shape.slice(dim + 1), [x.strides.slice(dim + 1)]);
    if (outer.shape.length > 1 || inner.shape.length > 1) {
      // no three strides describe this layout: a contiguous copy first
      const copy = { storage: this.alloc(x.dtype, numelOf(x.shape)), shape: x.shape, strides: contiguousStrides(x.shape), offset: 0, dtype: x.dtype };
      this.copy(x, copy);
      this.softmax(copy, dim, log, out);
      this.free(copy.storage);
      return;
    }
    const name = `${log ? 'log_softmax' : 'softmax'}_${SUFFIX[x.dtype.code]}`;
    const rows = outer.shape[0] ?? 1, n = x.shape[dim], cols = inner.shape[0] ?? 1;
    const so = outer.strides[0][0] ?? 0, sd = x.strides[dim], si = inner.strides[0][0] ?? 0;
    const px = this.ptr(x), po = this.ptr(out), e = x.dtype.itemsize;
    const pool = cols === 1 && (rows > 1 || sd === 1) && rows * n >= ELEMENTWISE_MIN ? this.pool : null;
    if (!pool) {
      this.kernel(name)(px, po, rows, n, cols, so, sd, si);
      return;
    }
    const threads = pool.threadsFor(rows * n, name, this.threads);
    if (rows === 1 && threads > 1) this.softmaxLongRow(log, x.dtype, px, po, n, threads, pool);
    else pool.run(split(rows, threads, 1).map(([r, count]): Call[] => [[name, px + r * so * e, po + r * n * e, count, n, 1, so, sd, si]]), { kernel: name, work: rows * n });
  }
  /**
   * One contiguous row on several threads, in three rounds over whole blocks of it: the max of
   * each share; exp(x - max) and every block's sum; the scaling by the total, which the core
   * combines from the block sums in between as the one-thread kernel does (same results).
   */
  private softmaxLongRow(log: boolean, dtype: DType, px: number, po: number, n: number, threads: number, pool: ThreadPool): void {
    const sfx = SUFFIX[dtype.code], e = dtype.itemsize;
    const blocks = (this.core.softmax_row_blocks as (n: number) => number)(n);
    const shares = split(blocks, threads, 1);
    // the shares' maxima, then one sum per block
    const scratch = this.coreAlloc((shares.length + blocks) * e);
    const sums = scratch + shares.length * e;
    try {
      pool.run(shares.map(([b0, nb], t): Call[] => [[`softmax_row_max_${sfx}`, px, n, b0, nb, scratch + t * e]]));
      let m = -Infinity;
      for (const v of new dtype.array(this.memory.buffer, scratch, shares.length) as Float64Array) if (v > m) m = v;
      pool.run(shares.map(([b0, nb]): Call[] => [[`softmax_row_exp_${sfx}`, px, po, n, m, b0, nb, sums]]));
      const s = (this.core[`softmax_row_sum_${sfx}`] as (p: number, n: number) => number)(sums, n);
      pool.run(shares.map(([b0, nb]): Call[] => [[`${log ? 'log_' : ''}softmax_row_finish_${sfx}`, px, po, n, m, s, b0, nb]]));
    } finally {
      this.core.free(scratch);
    }
  }
  layerNorm(x: View, w: View | null, b: View | null, y: View, mean: View, rstd: View, rows: number, n: number, eps: number): void {
    const p = (v: View | null) => (v ? this.ptr(v) : 0);
    this.kernel(`layer_norm_${SUFFIX[x.dtype.code]}`)(p(x), p(w), p(b), p(y), p(mean), p(rstd), rows, n, eps);
  }
  layerNormBackward(g: View, x: View, mean: View, rstd: View, w: View | null, dx: View | null, dw: View | null, db: View | null, rows: number, n: number): void {
    const p = (v: View | null) => (v ? this.ptr(v) : 0);
    this.kernel(`layer_norm_backward_${SUFFIX[x.dtype.code]}`)(p(g), p(x), p(mean), p(rstd), p(w), p(dx), p(dw), p(db), rows, n);
  }
  /**
   * A fused optimizer update (assembly/optim.ts): `${kernel}_${dt}(ptrs..., n, scalars..., flags)`,
   * long parameters split across threads in whole 64-element blocks (elementwise: same results).
   */
  optim(kernel: string, operands: readonly (View | null)[], n: number, scalars: readonly number[], flags: number): void {
    const dtype = (operands[0] as View).dtype, e = dtype.itemsize, stem = `${kernel}_${SUFFIX[dtype.code]}`;
    const ptrs = operands.map((v) => (v === null ? 0 : this.ptr(v)));
    const pool = n >= ELEMENTWISE_MIN ? this.pool : null;
    if (!pool) {
      this.kernel(stem)(...ptrs, n, ...scalars, flags);
      return;
    }
    const threads = pool.threadsFor(n, stem, this.threads);
    pool.run(split(n, threads, 64).map(([i, len]): Call[] => [[stem, ...ptrs.map((q) => (q === 0 ? 0 : q + i * e)), len, ...scalars, flags]]), { kernel: stem, work: n });
  }
  /**
   * The GEMM packs panels into a scratch block the facade owns, one per thread: grown when a
   * product needs more, reused by every call. Thread 0's is handed to this instance directly.
   */
  private gemmScratchFor(thread: number, m: number, n: number, k: number): [number, number] {
    const need = (this.core.gemm_scratch_bytes as (m: number, n: number, k: number) => number)(m, n, k);
    const s = this.gemmScratch[thread] ??= { ptr: 0, bytes: 0 };
    if (need > s.bytes) {
      if (s.ptr) this.core.free(s.ptr);
      // forgotten first: a failed allocation must not leave a freed block here to free again
      s.ptr = 0;
      s.bytes = 0;
      s.ptr = this.coreAlloc(need);
      s.bytes = need;
      if (thread === 0) (this.core.gemm_set_scratch as (p: number, b: number) => void)(s.ptr, need);
    }
    return [s.ptr, s.bytes];
  }

  im2col(x: View, g: ConvGeometry, out: Storage): void {
    const e = x.dtype.itemsize, rows = g.c * numelOf(g.kernel), L = numelOf(g.out);
    this.splitRows(`im2col_${SUFFIX[x.dtype.code]}`, g.n, g.n * rows * L, (n0) => [this.ptr(x) + n0 * x.strides[0] * e, out.ptr + n0 * rows * L * e],
      (count) => [count, g.c, ...g.size, ...x.strides, ...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.out]);
  }
  col2im(cols: View, g: ConvGeometry, out: Storage): void {
    const e = cols.dtype.itemsize, rows = g.c * numelOf(g.kernel), L = numelOf(g.out), img = g.c * numelOf(g.size);
    this.splitRows(`col2im_${SUFFIX[cols.dtype.code]}`, g.n, g.n * rows * L, (n0, count) => [this.ptr(cols) + n0 * rows * L * e, out.ptr + n0 * img * e],
      (count) => [count, g.c, ...g.size, 0, 0, 0, 0, 0, ...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.out]);
  }
  convDirect(x: View, w: View, bias: View | null, out: Storage, n: number, c: number, h: number, wd: number, k: number, kh: number, kw: number, ph: number, pw: number): void {
    const oh = h + 2 * ph - kh + 1, ow = wd + 2 * pw - kw + 1;
    // the zero-bordered input: every 8-wide row read of every tap inside it
    const hp = h + 2 * ph, wp = Math.ceil(ow / 8) * 8 + kw - 1;
    const xp = this.coreAlloc(n * c * hp * wp * 4);
    const blocks: number[] = [xp];
    try {
      (this.kernel('winograd_pad_f32') as unknown as (...a: number[]) => void)(this.ptr(x), xp, n * c, h, wd, hp, wp, ph, pw);
      const work = n * k * oh * ow * c * kh * kw;
      const pool = work >= GEMM_MIN && n > 1 ? this.pool : null;
      const threads = pool ? pool.threadsFor(work, 'conv_direct_f32', this.threads) : 1;
      const parts = split(n, threads, 1).map(([n0, count]): Call[] => {
        const desc = this.descCopy([n, c, k, hp, wp, oh, ow, kh, kw, n0, n0 + count]), tmp = this.coreAlloc(128);
        blocks.push(desc, tmp);
        return [['conv_direct_f32', xp, this.ptr(w), bias ? this.ptr(bias) : 0, out.ptr, desc, tmp]];
      });
      if (pool) pool.run(parts, { kernel: 'conv_direct_f32', work });
      else (this.kernel('conv_direct_f32') as unknown as (...a: number[]) => void)(...(parts[0][0].slice(1) as number[]));
    } finally {
      for (const b of blocks) this.core.free(b);
    }
  }
  winograd3x3Wgrad(x: View, g: View, dw: Storage, n: number, c: number, h: number, wd: number, k: number, ph: number, pw: number): void {
    const { oh, ow, th, twp, hp, wp, tiles, chunk } = winogradTiles(n, c, h, wd, k, ph, pw);
    const call = (name: string, ...args: number[]) => (this.kernel(name) as unknown as (...a: number[]) => void)(...args);
    const xp = this.coreAlloc(n * c * hp * wp * 4), gp = this.coreAlloc(n * k * 2 * th * (2 * twp + 4) * 4);
    // two partial sums over halves of the tiles whatever the threads: the same sums on 1 or 2
    const halves = split(tiles, Math.min(2, Math.ceil(tiles / chunk)), 4), part = 16 * k * c;
    const acc = this.coreAlloc(halves.length * part * 4);
    const blocks: number[] = [xp, gp, acc];
    try {
      call('winograd_pad_f32', this.ptr(x), xp, n * c, h, wd, hp, wp, ph, pw);
      call('winograd_pad_f32', this.ptr(g), gp, n * k, oh, ow, 2 * th, 2 * twp + 4, 0, 0);
      const work = tiles * 16 * c * k;
      const pool = work >= GEMM_MIN ? this.pool : null;
      const threads = pool ? pool.threadsFor(work, 'winograd_wgrad_f32', this.threads) : 1;
      const calls = halves.map(([p0, len], t): Call => {
        const ws = this.coreAlloc((16 * (c + k) * chunk + 16) * 4);
        const desc = this.descCopy([n, c, k, hp, wp, th, twp, oh, ow, p0, p0 + len, chunk]);
        blocks.push(ws, desc);
        return ['winograd_wgrad_f32', xp, gp, acc + t * part * 4, desc, ws];
      });
      const parts: Call[][] = threads > 1 && calls.length > 1
        ? calls.map((cl, t) => {
          const [sp, sb] = this.gemmScratchFor(t, k, c, chunk);
          return t === 0 ? [cl] : [['gemm_set_scratch', sp, sb], cl];
        })
        : [calls];
      this.gemmScratchFor(0, k, c, chunk);
      if (pool) pool.run(parts, { kernel: 'winograd_wgrad_f32', work });
      else for (const cl of calls) call(cl[0], ...(cl.slice(1) as number[]));
      call('winograd_wgrad_finish_f32', acc, halves.length, part, dw.ptr, k, c);
    } finally {
      for (const b of blocks) this.core.free(b);
    }
  }
  winograd3x3(x: View, w: View, out: Storage, n: number, c: number, h: number, wd: number, k: number, ph: number, pw: number): void {
    const { oh, ow, th, twp, hp, wp, tiles, chunk } = winogradTiles(n, c, h, wd, k, ph, pw);
    const xp = this.coreAlloc(n * c * hp * wp * 4), u = this.coreAlloc(16 * k * c * 4);
    const blocks: number[] = [xp, u];
    try {
      (this.kernel('winograd_pad_f32') as unknown as (...a: number[]) => void)(this.ptr(x), xp, n * c, h, wd, hp, wp, ph, pw);
      (this.kernel('winograd_weights_f32') as unknown as (...a: number[]) => void)(this.ptr(w), u, k, c);
      const work = tiles * 16 * c * k;
      const pool = work >= GEMM_MIN ? this.pool : null;
      const threads = pool ? pool.threadsFor(work, 'winograd_f32', this.threads) : 1;
      const parts = split(tiles, Math.min(threads, Math.ceil(tiles / chunk)), 4).map(([p0, len], t): Call[] => {
        const ws = this.coreAlloc((16 * (c + k) * chunk + 16) * 4);
        blocks.push(ws);
        const desc = this.descCopy([n, c, k, hp, wp, th, twp, oh, ow, p0, p0 + len, chunk]);
        blocks.push(desc);
        const [sp, sb] = this.gemmScratchFor(t, k, chunk, c);
        const call: Call = ['winograd_f32', xp, u, out.ptr, desc, ws];
        return t === 0 ? [call] : [['gemm_set_scratch', sp, sb], call];
      });
      if (pool) pool.run(parts, { kernel: 'winograd_f32', work });
      else (this.kernel('winograd_f32') as unknown as (...a: number[]) => void)(...(parts[0][0].slice(1) as number[]));
    } finally {
      for (const b of blocks) this.core.free(b);
    }
  }
  /** A descriptor in a block of its own (for calls that run on worker threads together). */
  private descCopy(values: readonly number[]): number {
    const p = this.core.alloc(values.length * 4);
    new Int32Array(this.memory.buffer, p, values.length).set(values);
    return p;
  }
  /**
   * One kernel over `n` independent rows (batches, planes), split across threads when the work is
   * worth it: each part is an ordinary call on fewer rows, its pointers advanced (`ptrs`), with a
   * descriptor of its own (`desc(count)`) and the shared `extra` arguments after it.
   */
  private splitRows(name: string, n: number, work: number, ptrs: (n0: number, count: number) => number[],
    desc: (count: number) => number[], extra: number[] = []): void {
    const pool = n > 1 && work >= ROWS_MIN ? this.pool : null;
    const threads = pool ? pool.threadsFor(work, name, this.threads) : 1;
    const parts = pool && threads > 1 ? split(n, threads, 1) : [[0, n] as [number, number]];
    const descs = parts.map(([, count]) => this.descCopy(desc(count)));
    try {
      // through the pool even on one thread, so that it times the kernel (src/backends/threads.ts)
      if (!pool) this.kernel(name)(...ptrs(0, n), descs[0], ...extra);
      else pool.run(parts.map(([n0, count], i): Call[] => [[name, ...ptrs(n0, count), descs[i], ...extra]]), { kernel: name, work });
    } finally {
      for (const d of descs) this.core.free(d);
    }
  }
  pool2d(x: View, p: PoolWindows, out: Storage, indices: Storage | null): void {
    const e = x.dtype.itemsize, plane = p.h * p.w, L = p.oh * p.ow;
    const tab = this.descCopy(Array.from(p.table));
    try {
      this.splitRows(`pool2d_${SUFFIX[x.dtype.code]}`, p.planes, p.planes * plane,
        (p0) => [this.ptr(x) + p0 * plane * e, out.ptr + p0 * L * e, indices ? indices.ptr + p0 * L * 8 : 0],
        (count) => [count, p.h, p.w, p.oh, p.ow, p.dh, p.dw, p.mode, p.override], [tab]);
    } finally {
      this.core.free(tab);
    }
  }
  pool2dBackward(g: View, indices: View | null, p: PoolWindows, out: Storage): void {
    const e = g.dtype.itemsize, plane = p.h * p.w, L = p.oh * p.ow;
    const tab = this.descCopy(Array.from(p.table));
    try {
      this.splitRows(`pool2d_backward_${SUFFIX[g.dtype.code]}`, p.planes, p.planes * plane,
        (p0) => [this.ptr(g) + p0 * L * e, indices ? this.ptr(indices) + p0 * L * 8 : 0, out.ptr + p0 * plane * e],
        (count) => [count, p.h, p.w, p.oh, p.ow, p.dh, p.dw, p.mode, p.override], [tab]);
    } finally {
      this.core.free(tab);
    }
  }

  matmul(a: View, b: View, out: Storage, batch: number, m: number, n: number, k: number): void {
    const e = a.dtype.itemsize, fn = `bgemm_${SUFFIX[a.dtype.code]}`;
    const [sa, rsa, csa] = a.strides, [sb, rsb, csb] = b.strides;
    const zero = a.dtype === int64 ? 0n : 0, one = a.dtype === int64 ? 1n : 1;
    const pa = this.ptr(a), pb = this.ptr(b);
    // rows [r0, r0 + rows) of batches [b0, b0 + nb): one bgemm call
    const part = (b0: number, nb: number, r0: number, rows: number): Call => [fn, nb, rows, n, k,
      pa + (b0 * sa + r0 * rsa) * e, sa, rsa, csa, pb + b0 * sb * e, sb, rsb, csb, out.ptr + (b0 * m + r0) * n * e, zero, one];
    const work = batch * m * n * k, pool = work >= GEMM_MIN ? this.pool : null;
    const threads = pool ? pool.threadsFor(work, fn, this.threads) : 1;
    let ranges: [number, number, number, number][];
    if (batch > 1 && !(sb === 0 && sa === m * rsa)) {
      ranges = split(batch, Math.min(threads, batch), 1).map(([b0, nb]) => [b0, nb, 0, m]);
    } else {
      // one matrix, or batches of A continuing its rows over a shared B (the core makes those one
      // taller product, so they split as rows too)
      const rows = batch * m;
      ranges = split(rows, Math.min(threads, Math.floor(rows / GEMM_MIN_ROWS)), 4).map(([r0, nr]) => [0, 1, r0, nr]);
    }
    const parts = ranges.map(([b0, nb, r0, rows], t): Call[] => {
      const [ptr, bytes] = this.gemmScratchFor(t, rows, n, k);
      return t === 0 ? [part(b0, nb, r0, rows)] : [['gemm_set_scratch', ptr, bytes], part(b0, nb, r0, rows)];
    });
    if (pool) pool.run(parts, { kernel: fn, work });
    else {
      const [, ...args] = parts[0][0];
      (this.kernel(fn) as unknown as (...args: (number | bigint)[]) => void)(...args);
    }
  }
}

/**
 * Winograd F(2x2, 3x3)'s tiling (assembly/winograd.ts): output [oh, ow], tile rows th, tiles per
 * row twp (a multiple of 4), the zero-bordered input [hp, wp] in which every tile (and the
 * 12-column reads of four of them) lies, and tiles per chunk (its workspace within WINOGRAD_WS_BYTES).
 */
function winogradTiles(n: number, c: number, h: number, wd: number, k: number, ph: number, pw: number) {
  const oh = h + 2 * ph - 2, ow = wd + 2 * pw - 2;
  const th = Math.ceil(oh / 2), twp = Math.ceil(Math.ceil(ow / 2) / 4) * 4;
  const tiles = n * th * twp;
  const chunk = Math.max(16, Math.min(Math.ceil(tiles / 4) * 4, Math.floor(WINOGRAD_WS_BYTES / (64 * (c + k)) / 4) * 4));
  return { oh, ow, th, twp, hp: 2 * th + 2, wp: 2 * twp + 4, tiles, chunk };
}

/**
 * `total` split into at most `parts` contiguous [start, length] ranges, each a multiple of `unit`
 * but the last (which takes the remainder), their lengths differing by at most one unit.
 */
function split(total: number, parts: number, unit: number): [number, number][] {
  const units = Math.floor(total / unit);
  parts = Math.max(1, Math.min(parts, units));
  const base = Math.floor(units / parts), extra = units % parts;
  const out: [number, number][] = [];
  for (let i = 0, start = 0; i < parts; i++) {
    const len = i === parts - 1 ? total - start : (base + (i < extra ? 1 : 0)) * unit;
    out.push([start, len]);
    start += len;
  }
  return out;
}

/** Same strides as `out` wherever a dim has more than one element. */
function sameLayout(v: View, out: View): boolean {
  const n = out.shape.length;
  if (v.shape.length !== n) return false;
  for (let i = 0; i < n; i++) if (out.shape[i] !== 1 && v.strides[i] !== out.strides[i]) return false;
  return true;
}

/** Row-major contiguous (size-1 dims ignored). */
function isDense(v: View): boolean {
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i];
    if (d === 1) continue;
    if (v.strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}
