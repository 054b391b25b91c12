// What a backend provides: storage, and kernels over strided views of it. The facade (tensor.ts,
// ops/) does shapes, dtypes, broadcasting and autograd; a backend only moves and computes bytes.
import type { DType, TypedArray } from './dtype.js';

/** A spilled storage's elements in the JS heap: a typed array, or a plain array for small float ones. */
export type Spilled = TypedArray | number[];
import type { UnaryRow, BinaryRow } from './ops/table.js';
import type { ReduceRow, ScanRow } from './ops/table.js';

/** A block of elements owned by one backend. Views share it; it is freed when the last user lets go. */
export class Storage {
  /** tensors (and saved-for-backward references) holding this block */
  refs = 1;
  /** PyTorch's version counter, shared by every view of this storage: bumped by in-place ops */
  version = 0;
  freed = false;
  /**
   * The elements, copied out of the backend's memory when the step scope released the last tensor
   * on this storage (src/memory.ts); a later use of such a tensor copies them back in.
   */
  spill: Spilled | null = null;
  /** tensors the step scope released that may still come back for this storage */
  sleepers = 0;
  /**
   * How to gather the elements again from another storage (a DataLoader batch's rows of its
   * dataset): the step scope then frees the memory of a released tensor instead of spilling it.
   */
  recipe: Gather | null = null;
  /** the gathers made from this storage's elements as they are now (see Origin in src/memory.ts) */
  origin: Origin | null = null;
  /** written while released batches relied on its elements: batches from it spill from now on */
  volatile = false;
  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly numel: number,
    /** byte address in the core's linear memory (wasm), or texture id (webgl); a spilled storage gets a new one when it comes back */
    public ptr: number,
    /** the elements, for backends that keep them in a JS TypedArray */
    readonly data: TypedArray | null,
  ) {}
  get nbytes(): number { return this.numel * this.dtype.itemsize; }
}

/**
 * A storage's elements at one version, for the batches gathered from them. `relied`: a released
 * batch was freed on the strength of it, so a write to the storage, or its release, first copies
 * its elements out into `values` (src/memory.ts).
 */
export interface Origin {
  readonly storage: Storage;
  readonly version: number;
  relied: boolean;
  values: Spilled | null;
}

/** Rows of `origin` (`row` elements from each of `starts`) laid end to end, as a batch's elements. */
export interface Gather {
  readonly origin: Origin;
  /** the batch's own version when gathered: written in place since, it can no longer be gathered */
  readonly version: number;
  readonly starts: readonly number[];
  readonly row: number;
}

/** A strided window on a storage: what kernels receive. `offset` and `strides` count elements. */
export interface View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

export interface Backend {
  readonly name: 'wasm' | 'js' | 'webgl';
  readonly device: 'cpu' | 'webgl';
  alloc(dtype: DType, numel: number): Storage;
  free(storage: Storage): void;
  /** Copies the storage's elements out of the backend's memory into a JS array and frees that memory (the storage stays usable through restore). */
  spill(storage: Storage): Spilled;
  /** Gives a spilled storage memory in the backend again, holding `values`. */
  restore(storage: Storage, values: Spilled): void;
  /** spill() of several storages at once, where the backend can wait once for all (webgl) */
  spillMany?(storages: readonly Storage[]): Spilled[];
  /** The storage's elements as a TypedArray. For wasm it is a fresh view over linear memory: never keep it across an allocation. */
  array(storage: Storage): TypedArray;
  /** A 0-d view holding `value`, valid until the next call (a scratch slot: no allocation). */
  scalar(value: number, dtype: DType): View;
  unary(op: UnaryRow, x: View, out: View): void;
  binary(op: BinaryRow, a: View, b: View, out: View): void;
  where(cond: View, a: View, b: View, out: View): void;
  /** Strided copy with conversion from src.dtype to dst.dtype (shapes equal). */
  copy(src: View, dst: View): void;
  fill(dst: View, value: number | bigint): void;
  /** Reduces `x` over `dims` into the dense `out` (shape of the kept dims). */
  reduce(op: ReduceRow, x: View, dims: readonly number[], out: Storage): void;
  scan(op: ScanRow, x: View, dim: number, out: View): void;
  /** Softmax (log-softmax when `log`) of float32/float64 `x` along `dim` into the dense `out`, as one kernel; without it the op is composed. */
  softmax?(x: View, dim: number, log: boolean, out: View): void;
  /**
   * Layer normalisation of `rows` dense rows of n elements (x, y: contiguous views; w, b: n
   * contiguous elements or null), with each row's mean and 1/sqrt(var + eps) into the dense
   * `mean` / `rstd` (PyTorch's native_layer_norm kernel). Optional: the op is composed without it.
   */
  layerNorm?(x: View, w: View | null, b: View | null, y: View, mean: View, rstd: View, rows: number, n: number, eps: number): void;
  /** Its backward from the contiguous g: dx (as x), dw and db (n each), each written where not null. */
  layerNormBackward?(g: View, x: View, mean: View, rstd: View, w: View | null, dx: View | null, dw: View | null, db: View | null, rows: number, n: number): void;
  /** C = A @ B for row-major dense C [batch, M, N]; A, B strided [batch, M, K] / [batch, K, N] (batch stride 0 broadcasts). */
  matmul(a: View, b: View, out: Storage, batch: number, m: number, n: number, k: number): void;
  /**
   * One fused optimizer update (src/optim/kernels.ts) in place over dense operands [param, grad,
   * ...state] of one float dtype, n elements each (null: unused); without it the row's JS reference runs.
   */
  optim?(kernel: string, operands: readonly (View | null)[], n: number, scalars: readonly number[], flags: number): void;
  /** im2col (assembly/conv.ts): x [N, C, D, H, W] strided -> dense cols [N, C*kD*kH*kW, oD*oH*oW]. Optional: ops move to the cpu without it. */
  im2col?(x: View, g: ConvGeometry, out: Storage): void;
  /**
   * Direct convolution: x [N, C, D, H, W] and w strided -> dense out [N, cout, oD, oH, oW], w
   * [cout, C/groups, kD, kH, kW]; transposed, w [C, cout/groups, kD, kH, kW] (g.size: x's spatial
   * sizes, g.out: out's). No bias. Returns false, writing nothing, where the backend prefers im2col
   * (or col2im) and a GEMM for this shape; without it convolutions always run that way.
   */
  conv?(x: View, w: View, g: ConvGeometry, groups: number, cout: number, transposed: boolean, out: Storage): boolean;
  /** col2im, im2col's adjoint: dense cols -> dense [N, C, D, H, W] (summed). */
  col2im?(cols: View, g: ConvGeometry, out: Storage): void;
  /**
   * A float32 3x3 convolution, stride 1, no dilation, one group, by Winograd F(2x2, 3x3)
   * (assembly/winograd.ts): x dense [n, c, h, w], weight dense [k, c, 3, 3], zero padding
   * [ph, pw] -> dense `out` [n, k, h + 2ph - 2, w + 2pw - 2]. Optional: im2col and a GEMM otherwise.
   */
  winograd3x3?(x: View, w: View, out: Storage, n: number, c: number, h: number, wd: number, k: number, ph: number, pw: number): void;
  /**
   * A float32 convolution, stride 1, no dilation, one group, computed directly (assembly/winograd.ts,
   * conv_direct_f32): x dense [n, c, h, w], weight dense [k, c, kh, kw], bias dense [k] or null,
   * zero padding [ph, pw] -> dense `out` [n, k, h + 2ph - kh + 1, w + 2pw - kw + 1]. Optional:
   * im2col and a GEMM otherwise.
   */
  convDirect?(x: View, w: View, bias: View | null, out: Storage, n: number, c: number, h: number, wd: number, k: number, kh: number, kw: number, ph: number, pw: number): void;
  /** winograd3x3's weight gradient: g dense [n, k, oh, ow] (the output's gradient) -> dense `dw` [k, c, 3, 3]. */
  winograd3x3Wgrad?(x: View, g: View, dw: Storage, n: number, c: number, h: number, wd: number, k: number, ph: number, pw: number): void;
  /** 2-D pooling of dense planes (assembly/pool.ts): max (indices int64) or average. */
  pool2d?(x: View, p: PoolWindows, out: Storage, indices: Storage | null): void;
  /** The pooling's input gradient into the dense `out` of the input's shape. */
  pool2dBackward?(g: View, indices: View | null, p: PoolWindows, out: Storage): void;
  /** Writes all of the storage's elements from a host array of its dtype; backends whose array() is a copy (webgl) need it. */
  write?(storage: Storage, values: TypedArray): void;
  /** The storage's elements without blocking the thread (webgl: a pixel-pack buffer and a fence). */
  readAsync?(storage: Storage): Promise<TypedArray>;
}

/** A convolution's shape, always three spatial dims (1-D/2-D convolutions pass leading size-1 dims). */
export interface ConvGeometry {
  readonly n: number;
  readonly c: number;
  readonly size: readonly number[];
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];
  readonly dilation: readonly number[];
  readonly out: readonly number[];
}

/**
 * Pooling windows over planes of h x w: output row i reads table[hs + i] rows from table[i] on,
 * dh apart (likewise columns). table = [hs[oh], hc[oh], hdiv[oh], ws[ow], wc[ow], wdiv[ow]].
 * mode 0 max, 1 sum / (hdiv*wdiv), 2 sum / hdiv / wdiv (adaptive), 3 sum / override.
 */
export interface PoolWindows {
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly oh: number;
  readonly ow: number;
  readonly dh: number;
  readonly dw: number;
  readonly mode: number;
  readonly override: number;
  readonly table: Int32Array;
}
