// The Tensor: a view {storage, shape, strides, offset, dtype} plus its autograd identity. Methods
// are one-liners into src/ops/*, where each op is defined once.
import { AccumulateGrad, Node, is_grad_enabled, no_grad, runBackward, type BackwardOptions, type Edge } from './autograd.js';
import type { Storage, View } from './backend.js';
import { backendFor } from './backends/index.js';
import { float16, float32, float64, int32, int64, bool, toDType, type DType, type DTypeLike, type TypedArray } from './dtype.js';
import { fromHalfBits } from './half.js';
import { storageAllocated, track, untrack, type Hold, type Owned } from './memory.js';
import { formatTensor } from './printing.js';
import { Size, contiguousStrides, isContiguous, normalizeDim, numelOf } from './shape.js';
import * as E from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as M from './ops/matmul.js';
import * as I from './ops/indexing.js';
import { refreshView, type ViewMeta } from './ops/views.js';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type NestedArray = number | boolean | bigint | NestedArray[];

export class Tensor implements View, Owned {
  private _storage: Storage;
  private readonly _hold: Hold;
  private _disposed = false;
  private _size: Size | null = null;
  /** @internal true for tensors the graph or tidy must not free (parameters' .grad, saved aliases) */
  _kept = false;
  /** @internal the autograd identity as last set; read it through the getters, which bring a view up to date */
  _requiresGrad = false;
  private _grad: Tensor | null = null;
  /** @internal */
  _gradFn: Node | null = null;
  /** @internal */
  _outputNr = 0;
  private _accumulator: AccumulateGrad | null = null;
  /** @internal set on differentiable views only (src/ops/views.ts) */
  _viewMeta: ViewMeta | null = null;

  constructor(
    storage: Storage,
    /** @internal the shape as a plain array (`shape` is the Size) */
    readonly shape_: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    readonly dtype: DType,
  ) {
    this._storage = storage;
    this._hold = track(this, storage);
  }

  /**
   * @internal
   * A fresh dense tensor (uninitialised memory) on a device, or beside an existing tensor: on its
   * backend, so results of ops stay with their inputs even after torch.set_backend().
   */
  static empty(shape: readonly number[], dtype: DType, where: string | Tensor = 'cpu'): Tensor {
    const backend = typeof where === 'string' ? backendFor(where) : where.storage.backend;
    const storage = backend.alloc(dtype, numelOf(shape));
    storageAllocated(storage);
    return new Tensor(storage, shape.slice(), contiguousStrides(shape), 0, dtype);
  }

  /** @internal A tensor that reads `storage` through another window (views: transpose, index, expand...). */
  static view(base: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    const s = base.storage;
    s.refs++;
    return new Tensor(s, shape, strides, offset, base.dtype);
  }

  // ---- attributes -------------------------------------------------------------------------

  get storage(): Storage {
    if (this._disposed) throw new Error('Tensor is disposed: it was released by dispose() or torch.tidy() and cannot be used');
    return this._storage;
  }
  get shape(): Size {
    return (this._size ??= Size.fromDims(this.shape_));
  }
  size(dim?: number): Size | number {
    return dim === undefined ? this.shape : this.shape_[normalizeDim(dim, this.shape_.length)];
  }
  get ndim(): number { return this.shape_.length; }
  dim(): number { return this.shape_.length; }
  numel(): number { return numelOf(this.shape_); }
  get device(): string { return this._storage.backend.device; }
  get is_disposed(): boolean { return this._disposed; }
  stride(dim?: number): number[] | number {
    return dim === undefined ? this.strides.slice() : this.strides[normalizeDim(dim, this.shape_.length)];
  }
  storage_offset(): number { return this.offset; }
  element_size(): number { return this.dtype.itemsize; }
  is_contiguous(): boolean { return isContiguous(this.shape_, this.strides); }
  is_floating_point(): boolean { return this.dtype.is_floating_point; }

  // ---- autograd identity ------------------------------------------------------------------

  /**
   * A view whose base was modified in place since its grad_fn was set (the storage's version moved
   * on) takes a new grad_fn from the base's history. Ordinary tensors pay one null check.
   */
  private _sync(): void {
    const meta = this._viewMeta;
    if (meta !== null && meta.version !== this._storage.version) refreshView(this, meta);
  }
  get requires_grad(): boolean { this._sync(); return this._requiresGrad; }
  set requires_grad(value: boolean) { this.requires_grad_(value); }
  get grad_fn(): Node | null { this._sync(); return this._gradFn; }
  get is_leaf(): boolean { this._sync(); return this._gradFn === null; }
  /** PyTorch's x._base: the tensor a differentiable view reads, or null */
  get _base(): Tensor | null { return this._viewMeta?.base ?? null; }
  _is_view(): boolean { return this._viewMeta !== null; }
  get grad(): Tensor | null { return this._grad; }
  set grad(g: Tensor | null) {
    if (g) g._kept = true;
    this._grad = g;
  }

  requires_grad_(requiresGrad = true): this {
    if (!this.is_leaf) {
      if (!requiresGrad) {
        throw new Error(
          "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
        );
      }
      return this;
    }
    if (requiresGrad && !this.dtype.is_floating_point) {
      throw new Error('only Tensors of floating point dtype can require gradients');
    }
    this._requiresGrad = requiresGrad;
    return this;
  }

  retain_grad(): void {
    if (!this.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.is_leaf) return;
    const node = this._gradFn as Node;
    (node.retained ??= new Map()).set(this._outputNr, new WeakRef(this));
  }
  get retains_grad(): boolean {
    return !this.is_leaf && !!this._gradFn?.retained?.has(this._outputNr);
  }

  /** @internal links this tensor as output `nr` of `node` (the op that produced it). */
  _setGradFn(node: Node | null, nr = 0): void {
    this._gradFn = node;
    this._outputNr = nr;
    this._requiresGrad = node !== null;
  }
  /** @internal where gradients for this tensor go, or null when it needs none. */
  _gradEdge(): Edge | null {
    this._sync();
    if (this._gradFn) return this._gradFn.edgeTo(this._outputNr);
    if (!this._requiresGrad) return null;
    return (this._accumulator ??= new AccumulateGrad(this)).edgeTo(0);
  }
  /** @internal an alias of this tensor for a node to save: same storage, same autograd identity. */
  _alias(): Tensor {
    this._sync();
    const t = Tensor.view(this, this.shape_, this.strides, this.offset);
    t._kept = true;
    t._gradFn = this._gradFn;
    t._outputNr = this._outputNr;
    t._requiresGrad = this._requiresGrad;
    if (this.is_leaf && this._requiresGrad) t._accumulator = (this._accumulator ??= new AccumulateGrad(this));
    return t;
  }
  /** @internal */
  _storageVersion(): number { return this._storage.version; }
  /** @internal */
  _bumpVersion(): void { this.storage.version++; }
  /** @internal */
  _typeName(): string { return `torch.${this.dtype.scalarName}Tensor`; }

  /** @internal AccumulateGrad and retain_grad(): adds into .grad (in place unless the graph of the gradient is wanted). */
  _accumulateGrad(g: Tensor, createGraph: boolean): void {
    if (g.shape_.length !== this.shape_.length || g.shape_.some((d, i) => d !== this.shape_[i])) g = g.expand(this.shape_);
    const prev = this._grad;
    if (!prev) this.grad = createGraph ? g : g.detach().contiguous_();
    else if (createGraph || prev.requires_grad) this.grad = prev.add(g);
    else no_grad(() => prev.add_(g));
  }

  /** backward(gradient?, {retain_graph, create_graph}); the options may stand alone: backward({retain_graph: true}) */
  backward(gradient?: Tensor | BackwardOptions | null, options: BackwardOptions = {}): void {
    if (gradient && !(gradient instanceof Tensor)) return this.backward(null, gradient);
    runBackward([this], [gradient ?? null], options, null);
  }

  detach(): Tensor {
    return Tensor.view(this, this.shape_, this.strides, this.offset);
  }
  detach_(): this {
    // a view detached in place would still be rebased with its base's history
    if (this._viewMeta) throw new Error("Can't detach views in-place. Use detach() instead.");
    this._gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  // ---- memory -----------------------------------------------------------------------------

  dispose(): void {
    this._dispose();
  }
  /** @internal */
  _dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    untrack(this._hold);
  }
  /** @internal tidy keeps parameters (leaves that require grad) and tensors marked kept. */
  _keepAlive(): boolean {
    // the fields as set: bringing a view up to date could throw in the middle of tidy's cleanup
    return this._kept || (this._gradFn === null && this._requiresGrad);
  }

  // ---- reading values ---------------------------------------------------------------------

  /** @internal Flat row-major values as numbers (int64 too), bools as 0/1. */
  _values(): ArrayLike<number> {
    // a strided view is read through a dense copy, made outside autograd and freed at once
    const dense = this.is_contiguous() ? this : no_grad(() => this.contiguous());
    try {
      const arr = dense.storage.backend.array(dense.storage);
      const n = this.numel();
      const start = dense.offset;
      if (this.dtype === int64) return Array.from((arr as BigInt64Array).subarray(start, start + n), Number);
      if (this.dtype === float16) return Array.from((arr as Uint16Array).subarray(start, start + n), fromHalfBits);
      return Array.from(arr.subarray(start, start + n) as Float64Array);
    } finally {
      if (dense !== this) dense.dispose();
    }
  }

  /** @internal whether any / every element is nonzero, as a JS boolean */
  _anyTrue(): boolean { const v = this._values(); for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true; return false; }
  /** @internal */
  _allTrue(): boolean { const v = this._values(); for (let i = 0; i < v.length; i++) if (v[i] === 0) return false; return true; }

  /**
   * PyTorch's `x.item()`: the value of a one-element tensor as a number, e.g. `loss.item().toFixed(4)`.
   * A bool tensor gives true or false: say so with `mask.any().item<boolean>()`.
   */
  item<T extends number | boolean = number>(): T {
    if (this.numel() !== 1) {
      throw new Error(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    const v = this._values()[0];
    return (this.dtype === bool ? v !== 0 : v) as T;
  }

  tolist(): NestedArray {
    const values = this._values();
    const isBool = this.dtype === bool;
    const shape = this.shape_;
    let i = 0;
    const build = (d: number): NestedArray => {
      if (d === shape.length) { const v = values[i++]; return isBool ? v !== 0 : v; }
      const out: NestedArray[] = [];
      for (let k = 0; k < shape[d]; k++) out.push(build(d + 1));
      return out;
    };
    return build(0);
  }

  /** A TypedArray sharing memory with this contiguous cpu tensor (writes show through both ways). */
  numpy(): TypedArray {
    if (this.requires_grad) {
      throw new Error("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    }
    if (this.device !== 'cpu') {
      throw new Error(`can't convert ${this.device} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.`);
    }
    if (!this.is_contiguous()) {
      throw new Error('numpy() needs a contiguous tensor (this one is a strided view); call .contiguous() first');
    }
    const arr = this.storage.backend.array(this.storage);
    return arr.subarray(this.offset, this.offset + this.numel());
  }

  /** The values, row-major, as a new TypedArray of the dtype; on webgl read without blocking the thread. */
  async data(): Promise<TypedArray> {
    const dense = this.contiguous_();
    const b = dense.storage.backend;
    try {
      return b.readAsync ? await b.readAsync(dense.storage) : b.array(dense.storage).slice();
    } finally {
      if (dense !== this) dense.dispose();
    }
  }

  toString(): string {
    return formatTensor({
      shape: this.shape_,
      dtype: this.dtype.name,
      values: this._values(),
      requires_grad: this.requires_grad,
      grad_fn: this.grad_fn?.name() ?? null,
      device: this.device,
    });
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this._disposed ? 'tensor(<disposed>)' : this.toString();
  }

  // ---- conversion -------------------------------------------------------------------------

  to(target: DTypeLike | string | { dtype?: DTypeLike; device?: string }, ...rest: unknown[]): Tensor {
    let dtype: DType | undefined;
    let device: string | undefined;
    if (typeof target === 'object' && !(target instanceof Object.getPrototypeOf(float32).constructor)) {
      const o = target as { dtype?: DTypeLike; device?: string; type?: string };
      if (o.dtype !== undefined) dtype = toDType(o.dtype);
      if (o.device !== undefined) device = String(o.device);
      else if (typeof o.type === 'string' && o.dtype === undefined) device = o.type; // x.to(torch.device('webgl'))
    } else if (typeof target === 'string' && (target === 'cpu' || target === 'webgl' || target.startsWith('cuda'))) {
      device = target;
      if (rest[0] !== undefined && typeof rest[0] !== 'boolean') dtype = toDType(rest[0] as DTypeLike);
    } else {
      dtype = toDType(target as DTypeLike);
    }
    return E.convert(this, dtype ?? this.dtype, device ?? this.device);
  }
  type(dtype?: DTypeLike): Tensor | string {
    return dtype === undefined ? this._typeName() : this.to(dtype);
  }
  float(): Tensor { return this.to(float32); }
  double(): Tensor { return this.to(float64); }
  half(): Tensor { return this.to(float16); }
  int(): Tensor { return this.to(int32); }
  long(): Tensor { return this.to(int64); }
  bool(): Tensor { return this.to(bool); }
  cpu(): Tensor { return this.to({ device: 'cpu' }); }
  clone(): Tensor { return E.clone(this); }
  contiguous(): Tensor { return this.is_contiguous() ? this : E.clone(this); }
  /** @internal contiguous with storage exactly the tensor's elements (for readers of raw arrays) */
  contiguous_(): Tensor { return this.is_contiguous() && this.offset === 0 && this.numel() === this._storage.numel ? this : E.clone(this); }

  // ---- elementwise ------------------------------------------------------------------------

  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  mul(other: TensorOrScalar): Tensor { return E.binary('mul', this, other); }
  div(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return E.div(this, other, opts); }
  true_divide(other: TensorOrScalar): Tensor { return E.binary('div', this, other); }
  pow(exponent: TensorOrScalar): Tensor { return E.pow(this, exponent); }
  maximum(other: TensorOrScalar): Tensor { return E.binary('maximum', this, other); }
  minimum(other: TensorOrScalar): Tensor { return E.binary('minimum', this, other); }
  atan2(other: TensorOrScalar): Tensor { return E.binary('atan2', this, other); }
  remainder(other: TensorOrScalar): Tensor { return E.binary('remainder', this, other); }
  fmod(other: TensorOrScalar): Tensor { return E.binary('fmod', this, other); }
  floor_divide(other: TensorOrScalar): Tensor { return E.binary('floor_divide', this, other); }
  eq(other: TensorOrScalar): Tensor { return E.binary('eq', this, other); }
  ne(other: TensorOrScalar): Tensor { return E.binary('ne', this, other); }
  lt(other: TensorOrScalar): Tensor { return E.binary('lt', this, other); }
  le(other: TensorOrScalar): Tensor { return E.binary('le', this, other); }
  gt(other: TensorOrScalar): Tensor { return E.binary('gt', this, other); }
  ge(other: TensorOrScalar): Tensor { return E.binary('ge', this, other); }
  greater(other: TensorOrScalar): Tensor { return this.gt(other); }
  less(other: TensorOrScalar): Tensor { return this.lt(other); }
  logical_and(other: TensorOrScalar): Tensor { return E.binary('logical_and', this, other); }
  logical_or(other: TensorOrScalar): Tensor { return E.binary('logical_or', this, other); }
  logical_not(): Tensor { return E.unary('logical_not', this); }
  where(condition: Tensor, other: TensorOrScalar): Tensor { return E.where(condition, this, other); }
  clamp(min?: number | Tensor | null | { min?: number | Tensor | null; max?: number | Tensor | null }, max?: number | Tensor | null): Tensor {
    return E.clamp(this, min, max);
  }
  clip(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return E.clamp(this, min, max); }
  clamp_min(min: number | Tensor): Tensor { return E.clamp_min(this, min); }
  clamp_max(max: number | Tensor): Tensor { return E.clamp_max(this, max); }
  neg(): Tensor { return E.unary('neg', this); }
  negative(): Tensor { return this.neg(); }
  abs(): Tensor { return E.unary('abs', this); }
  sqrt(): Tensor { return E.unary('sqrt', this); }
  rsqrt(): Tensor { return E.unary('rsqrt', this); }
  exp(): Tensor { return E.unary('exp', this); }
  log(): Tensor { return E.unary('log', this); }
  log1p(): Tensor { return E.unary('log1p', this); }
  expm1(): Tensor { return E.unary('expm1', this); }
  log2(): Tensor { return E.unary('log2', this); }
  log10(): Tensor { return E.unary('log10', this); }
  sin(): Tensor { return E.unary('sin', this); }
  cos(): Tensor { return E.unary('cos', this); }
  tan(): Tensor { return E.unary('tan', this); }
  tanh(): Tensor { return E.unary('tanh', this); }
  sigmoid(): Tensor { return E.unary('sigmoid', this); }
  relu(): Tensor { return E.unary('relu', this); }
  erf(): Tensor { return E.unary('erf', this); }
  floor(): Tensor { return E.unary('floor', this); }
  ceil(): Tensor { return E.unary('ceil', this); }
  round(): Tensor { return E.unary('round', this); }
  trunc(): Tensor { return E.unary('trunc', this); }
  frac(): Tensor { return E.unary('frac', this); }
  sign(): Tensor { return E.unary('sign', this); }
  square(): Tensor { return E.unary('square', this); }
  reciprocal(): Tensor { return E.unary('reciprocal', this); }
  isnan(): Tensor { return E.unary('isnan', this); }
  isinf(): Tensor { return E.unary('isinf', this); }
  isfinite(): Tensor { return E.unary('isfinite', this); }
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return E.allclose(this, other, opts); }
  isclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor { return E.isclose(this, other, opts); }
  equal(other: Tensor): boolean { return E.equal(this, other); }

  // ---- in place ---------------------------------------------------------------------------

  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.inplace(this, E.add(this, other, opts, true)); }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.inplace(this, E.sub(this, other, opts, true)); }
  mul_(other: TensorOrScalar): this { return E.inplace(this, E.binary('mul', this, other, true)); }
  div_(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): this { return E.inplace(this, E.div(this, other, opts, true)); }
  pow_(exponent: TensorOrScalar): this { return E.inplace(this, E.pow(this, exponent, true)); }
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this { return E.inplace(this, E.clamp(this, min, max, true)); }
  neg_(): this { return E.inplace(this, E.unary('neg', this, true)); }
  exp_(): this { return E.inplace(this, E.unary('exp', this, true)); }
  relu_(): this { return E.inplace(this, E.unary('relu', this, true)); }
  sigmoid_(): this { return E.inplace(this, E.unary('sigmoid', this, true)); }
  tanh_(): this { return E.inplace(this, E.unary('tanh', this, true)); }
  sqrt_(): this { return E.inplace(this, E.unary('sqrt', this, true)); }
  abs_(): this { return E.inplace(this, E.unary('abs', this, true)); }
  zero_(): this { return E.zero_(this); }
  fill_(value: number | boolean | Tensor): this { return E.fill_(this, value); }
  copy_(src: Tensor | TensorOrScalar): this { return E.copy_(this, src); }
  masked_fill_(mask: Tensor, value: number | boolean | Tensor): this { return E.masked_fill_(this, mask, value); }
  uniform_(from?: number, to?: number): this { return E.uniform_(this, from, to); }
  normal_(mean?: number, std?: number): this { return E.normal_(this, mean, std); }
  masked_fill(mask: Tensor, value: number | boolean | Tensor): Tensor { return E.masked_fill(this, mask, value); }

  // ---- products (src/ops/matmul.ts) -------------------------------------------------------

  matmul(other: Tensor): Tensor { return M.matmul(this, other); }
  mm(mat2: Tensor): Tensor { return M.mm(this, mat2); }
  bmm(mat2: Tensor): Tensor { return M.bmm(this, mat2); }
  dot(other: Tensor): Tensor { return M.dot(this, other); }
  mv(vec: Tensor): Tensor { return M.mv(this, vec); }
  outer(vec2: Tensor): Tensor { return M.outer(this, vec2); }
  addmm(mat1: Tensor, mat2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor { return M.addmm(this, mat1, mat2, opts); }
  baddbmm(batch1: Tensor, batch2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor { return M.baddbmm(this, batch1, batch2, opts); }

  // ---- reductions and shapes (src/ops/reduce.ts, src/ops/shape.ts) -------------------------

  sum(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.sum(this, dim, keepdim, opts); }
  mean(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.mean(this, dim, keepdim, opts); }
  prod(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.prod(this, dim, keepdim, opts); }
  amax(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.amax(this, dim, keepdim, opts); }
  amin(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.amin(this, dim, keepdim, opts); }
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number | R.ReduceOptions, keepdim?: R.KeepArg, opts?: R.ReduceOptions): R.ValuesIndices;
  max(dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices { return R.max(this, dim, keepdim, opts); }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number | R.ReduceOptions, keepdim?: R.KeepArg, opts?: R.ReduceOptions): R.ValuesIndices;
  min(dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices { return R.min(this, dim, keepdim, opts); }
  argmax(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.argmax(this, dim, keepdim, opts); }
  argmin(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.argmin(this, dim, keepdim, opts); }
  all(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.all(this, dim, keepdim, opts); }
  any(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.any(this, dim, keepdim, opts); }
  logsumexp(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.logsumexp(this, dim, keepdim, opts); }
  std(...args: R.VarArg[]): Tensor { return R.std(this, ...args); }
  var(...args: R.VarArg[]): Tensor { return R.var_(this, ...args); }
  norm(p?: number | 'fro' | null | R.NormOptions, dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.norm(this, p, dim, keepdim, opts); }
  cumsum(dim: number | R.ScanOptions, opts?: R.ScanOptions): Tensor { return R.cumsum(this, dim, opts); }
  cumprod(dim: number | R.ScanOptions, opts?: R.ScanOptions): Tensor { return R.cumprod(this, dim, opts); }
  softmax(dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor { return R.softmax(this, dim, dtype); }
  log_softmax(dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor { return R.log_softmax(this, dim, dtype); }
  view(...shape: (number | number[])[]): Tensor { return S.view(this, S.shapeArgs(shape)); }
  reshape(...shape: (number | number[])[]): Tensor { return S.reshape(this, S.shapeArgs(shape)); }
  expand(...shape: (number | readonly number[])[]): Tensor { return S.expand(this, S.shapeArgs(shape)); }
  permute(...dims: (number | number[])[]): Tensor { return S.permute(this, S.shapeArgs(dims)); }
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  expand_as(other: Tensor): Tensor { return S.expand(this, other.shape_); }
  sum_to_size(...shape: (number | number[])[]): Tensor { return R.sumToShape(this, S.shapeArgs(shape)); }
  flatten(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number): Tensor { return S.flatten(this, start_dim, end_dim); }
  unflatten(dim: number | { dim: number; sizes: number[] }, sizes?: number[]): Tensor { return S.unflatten(this, dim, sizes); }
  squeeze(dim?: number | number[] | { dim?: number | number[] }): Tensor { return S.squeeze(this, dim); }
  t(): Tensor { return S.t(this); }
  get T(): Tensor { return S.numpyT(this); }
  get mT(): Tensor { return S.matrixT(this); }
  split(split_size_or_sections: number | number[], dim?: number | { dim?: number }): Tensor[] { return S.split(this, split_size_or_sections, dim); }
  chunk(chunks: number, dim?: number | { dim?: number }): Tensor[] { return S.chunk(this, chunks, dim); }
  unbind(dim?: number | { dim?: number }): Tensor[] { return S.unbind(this, dim); }
  narrow(dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  diagonal(offset?: number | { offset?: number; dim1?: number; dim2?: number }, dim1?: number, dim2?: number): Tensor { return S.diagonal(this, offset, dim1, dim2); }
  diag(diagonal?: number | { diagonal?: number }): Tensor { return S.diag(this, diagonal); }
  repeat(...sizes: (number | number[])[]): Tensor { return S.repeat(this, ...sizes); }
  flip(...dims: (number | number[] | { dims: number[] })[]): Tensor { return S.flip(this, ...dims); }
  roll(shifts: number | number[] | { shifts: number | number[]; dims?: number | number[] }, dims?: number | number[] | null): Tensor { return S.roll(this, shifts, dims); }
  tril(diagonal?: number | { diagonal?: number }): Tensor { return S.tril(this, diagonal); }
  triu(diagonal?: number | { diagonal?: number }): Tensor { return S.triu(this, diagonal); }
  trace(): Tensor { return S.trace(this); }

  // indexing (src/ops/indexing.ts): x[...] is x.index(...), x[...] = v is x.index_put_([...], v)
  index(...items: I.IndexItem[]): Tensor { return I.index(this, items); }
  index_put_(indices: I.IndexItem | I.IndexItem[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): this {
    I.index_put(this, indices, values, typeof accumulate === 'object' ? accumulate.accumulate : accumulate, true);
    return this;
  }
  index_put(indices: I.IndexItem | I.IndexItem[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): Tensor {
    return I.index_put(this, indices, values, typeof accumulate === 'object' ? accumulate.accumulate : accumulate, false);
  }
  masked_select(mask: Tensor): Tensor { return I.masked_select(this, mask); }
  index_select(dim: number, index: Tensor): Tensor { return I.index_select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  take(index: Tensor): Tensor { return I.take(this, index); }
}

/** Builds a tensor from data on `device` with `dtype` (creation.ts does the parsing). */
export function fromArray(values: ArrayLike<number> | TypedArray, shape: readonly number[], dtype: DType, device: string): Tensor {
  const t = Tensor.empty(shape, dtype, 'cpu');
  const arr = t.storage.backend.array(t.storage);
  if (arr.constructor === values.constructor) arr.set(values as ArrayLike<number> & ArrayLike<bigint>);
  else E.writeNumbers(t, values as ArrayLike<number>);
  return device === 'cpu' ? t : t.to({ device });
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

export { is_grad_enabled };
