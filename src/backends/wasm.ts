// The wasm backend: storage is a block of the core's linear memory; each op is one call into the
// core (assembly/ABI.md) with byte pointers and a small descriptor of shape and strides.
import { Storage, type Backend, type View } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { int64 } from '../dtype.js';
import type { BinaryRow, ReduceRow, ScanRow, UnaryRow } from '../ops/table.js';
import { collapseDims } from '../shape.js';
import { writer } from './js.js';
import { coreWasmBase64 } from '../generated/core-wasm.js';

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

function decodeBase64(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return Buffer.from(b64, 'base64');
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export async function instantiateCore(): Promise<{ exports: CoreExports; memory: WebAssembly.Memory }> {
  const memory = new WebAssembly.Memory({ initial: 32 });
  const imports = {
    env: {
      memory,
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new Error(`webtorch core aborted at ${line}:${col}`);
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(decodeBase64(coreWasmBase64) as BufferSource, imports) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
  return { exports: instance.exports as unknown as CoreExports, memory };
}

const DESC_INTS = 256;
const SCALAR_SLOTS = 4;

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly device = 'cpu' as const;
  private readonly kernels = new Map<string, Kernel>();
  private readonly descPtr: number;
  private descView: Int32Array;
  private readonly scalarStorage: Storage;
  private scalarSlot = 0;
  private gemmScratchPtr = 0;
  private gemmScratchBytes = 0;
  private readonly scalarWriters = new Map<DType, { buffer: ArrayBufferLike; write: (i: number, v: number) => void }>();

  constructor(readonly core: CoreExports, readonly memory: WebAssembly.Memory) {
    this.descPtr = core.alloc(DESC_INTS * 4);
    this.descView = new Int32Array(memory.buffer, this.descPtr, DESC_INTS);
    // 16 bytes a slot: room for any dtype, 16-byte aligned like every block
    this.scalarStorage = new Storage(this, int64, SCALAR_SLOTS * 2, core.alloc(SCALAR_SLOTS * 16), null);
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
    const ptr = this.core.alloc(numel * dtype.itemsize);
    if (ptr === 0) throw new RangeError(`webtorch: out of memory allocating ${numel * dtype.itemsize} bytes`);
    return new Storage(this, dtype, numel, ptr, null);
  }
  free(storage: Storage): void {
    this.core.free(storage.ptr);
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
    let w = this.scalarWriters.get(dtype);
    if (!w || w.buffer !== this.memory.buffer) {
      const arr = new dtype.array(this.memory.buffer, this.scalarStorage.ptr, (SCALAR_SLOTS * 16) / dtype.itemsize);
      w = { buffer: this.memory.buffer, write: writer(dtype, arr) };
      this.scalarWriters.set(dtype, w);
    }
    w.write(offset, value);
    return { storage: this.scalarStorage, shape: [], strides: [], offset, dtype };
  }

  private ptr(v: View): number {
    return v.storage.ptr + v.offset * v.dtype.itemsize;
  }

  /** Copies ints into the scratch descriptor block and returns its address. */
  private ints(values: readonly number[]): number {
    let d = this.descView;
    if (d.buffer !== this.memory.buffer) d = this.descView = new Int32Array(this.memory.buffer, this.descPtr, DESC_INTS);
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

  /** Dense call when every operand walks one contiguous run, else the strided `_s` export. */
  private elementwise(stem: string, views: readonly View[], out: View): void {
    if (views.every((v) => sameLayout(v, out)) && isDense(out)) {
      const n = out.shape.reduce((p, d) => p * d, 1);
      if (views.length === 1) this.kernel(stem)(this.ptr(views[0]), this.ptr(out), n);
      else this.kernel(stem)(this.ptr(views[0]), this.ptr(views[1]), this.ptr(out), n);
      return;
    }
    const all = [...views, out];
    const { shape, strides } = collapseDims(out.shape, all.map((v) => v.strides));
    const ptrs = all.map((v) => this.ptr(v));
    const dense = shape.length === 0 || (shape.length === 1 && strides.every((s) => s[0] === 1));
    if (dense) this.kernel(stem)(...ptrs, shape.length === 0 ? 1 : shape[0]);
    else this.kernel(`${stem}_s`)(...ptrs, this.desc(shape, strides));
  }

  unary(op: UnaryRow, x: View, out: View): void {
    this.elementwise(`${op.kernel}_${SUFFIX[x.dtype.code]}`, [x], out);
  }
  binary(op: BinaryRow, a: View, b: View, out: View): void {
    this.elementwise(`${op.kernel}_${SUFFIX[a.dtype.code]}`, [a, b], out);
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
  /** The GEMM packs panels into a scratch block the facade owns: grown once, reused by every call. */
  private ensureGemmScratch(m: number, n: number, k: number): void {
    const need = (this.core.gemm_scratch_bytes as (m: number, n: number, k: number) => number)(m, n, k);
    if (need <= this.gemmScratchBytes) return;
    if (this.gemmScratchPtr) this.core.free(this.gemmScratchPtr);
    this.gemmScratchPtr = this.core.alloc(need);
    this.gemmScratchBytes = need;
    (this.core.gemm_set_scratch as (p: number, b: number) => void)(this.gemmScratchPtr, need);
  }

  matmul(a: View, b: View, out: Storage, batch: number, m: number, n: number, k: number): void {
    const sfx = SUFFIX[a.dtype.code];
    const [sa, rsa, csa] = a.strides, [sb, rsb, csb] = b.strides;
    const zero = a.dtype === int64 ? 0n : 0, one = a.dtype === int64 ? 1n : 1;
    this.ensureGemmScratch(m, n, k);
    (this.kernel(`bgemm_${sfx}`) as unknown as (...args: (number | bigint)[]) => void)(
      batch, m, n, k, this.ptr(a), sa, rsa, csa, this.ptr(b), sb, rsb, csb, out.ptr, zero, one);
  }
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
