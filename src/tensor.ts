// The Tensor: a view {storage, shape, strides, offset, dtype} plus its autograd identity. Methods
// are one-liners into src/ops/*, where each op is defined once.
import { AccumulateGrad, Node, is_grad_enabled, no_grad, runBackward, type BackwardOptions, type Edge } from './autograd.js';
import type { Storage, View } from './backend.js';
import { backendFor } from './backends/index.js';
import { float16, float32, float64, int32, int64, bool, toDType, type DType, type DTypeLike, type TypedArray } from './dtype.js';
import { pyTypeName } from './args.js';
import { fromHalfBits } from './half.js';
import { adopt, clock, requeue, storageAllocated, track, untrack, type Hold, type Owned, wake, willWrite, written } from './memory.js';
import { formatTensor } from './printing.js';
import { Size, contiguousStrides, isContiguous, normalizeDim, numelOf } from './shape.js';
import * as E from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as M from './ops/matmul.js';
import * as I from './ops/indexing.js';
import * as D from './ops/distributions.js';
import { refreshView, type ViewMeta } from './ops/views.js';
import * as C from './creation.js';

export type Scalar = number | boolean;
/** The options of random functions: `{generator}` and the function's own keywords. */
export interface RandomOptions { generator?: import('./random.js').Generator | null; [key: string]: unknown }

/** Symbol.dispose where the engine has it (Node 20 may not): what `using` calls. */
const disposeSymbol: unique symbol = ((Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')) as never;
export type TensorOrScalar = Tensor | Scalar;
export type NestedArray = number | boolean | bigint | NestedArray[];

/** PyTorch's `torch.Tensor`: an n-dimensional array with a dtype and a device, recorded by autograd. Example: `torch.tensor([[1, 2], [3, 4]]).sum()` */
export class Tensor implements View, Owned {
  private _storage: Storage;
  private readonly _hold: Hold;
  private _size: Size | null = null;
  private _keptFlag = false;
  /** @internal a saved-for-backward alias: kept from tidy, but released by the step scope when its graph goes unused */
  _savedAlias = false;
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

  /** The storage the tensor reads, shared by its views (PyTorch: `x.untyped_storage()`). Example: `x.storage === x.t().storage` */
  get storage(): Storage {
    const cell = this._hold.cell;
    if (!cell.live) {
      if (cell.internal) throw new Error('webtorch released a tensor made inside a built-in module\'s forward that is still in use: this is a webtorch bug, please report it (torch.memory.auto(false) works around it)');
      if (!cell.releasedAt) throw new Error('Tensor is disposed: it was released by dispose() or torch.tidy() and cannot be used');
      wake(this._hold);
    }
    // a use: the step scope keeps tensors the loop keeps reading
    cell.epoch = clock.epoch;
    return this._storage;
  }
  /** PyTorch's `Tensor.shape`: the sizes, a torch.Size. Example: `x.shape` */
  get shape(): Size {
    return (this._size ??= Size.fromDims(this.shape_));
  }
  /** PyTorch's `Tensor.size`: the sizes (a torch.Size), or the size of one dim. Example: `x.size(0)` */
  size(dim?: number): Size | number {
    return dim === undefined ? this.shape : this.shape_[normalizeDim(dim, this.shape_.length)];
  }
  /** PyTorch's `Tensor.ndim`: the number of dims. Example: `x.ndim` */
  get ndim(): number { return this.shape_.length; }
  /** PyTorch's `Tensor.dim`: the number of dims. Example: `x.dim()` */
  dim(): number { return this.shape_.length; }
  /** PyTorch's `Tensor.numel`: the number of elements. Example: `x.numel()` */
  numel(): number { return numelOf(this.shape_); }
  /** x.nelement(): numel() */
  nelement(): number { return numelOf(this.shape_); }
  /** x.new_zeros(size, {dtype, device, requires_grad}): same dtype and device as x unless given */
  new_zeros(...args: unknown[]): Tensor { return newLike(this, args, (shape, o) => C.zeros(shape, o)); }
  /** x.new_ones(size, {dtype, device, requires_grad}) */
  new_ones(...args: unknown[]): Tensor { return newLike(this, args, (shape, o) => C.ones(shape, o)); }
  /** x.new_empty(size, {dtype, device, requires_grad}) */
  new_empty(...args: unknown[]): Tensor { return newLike(this, args, (shape, o) => C.empty(shape, o)); }
  /** x.new_full(size, fill_value, {dtype, device, requires_grad}) */
  new_full(size: number[], fillValue: number | boolean, opts: C.CreateOptions = {}): Tensor {
    return C.full(size, fillValue, { dtype: this.dtype, device: this.device, ...opts });
  }
  /** x.new_tensor(data, {dtype, device, requires_grad}): a copy of data with x's dtype and device unless given */
  new_tensor(data: NestedArray | Tensor, opts: C.CreateOptions = {}): Tensor {
    const o = { dtype: this.dtype, device: this.device, ...opts };
    return data instanceof Tensor ? C.tensor(data.detach().clone(), o) : C.tensor(data, o);
  }
  /** PyTorch's `Tensor.device`: the device the tensor lives on: 'cpu' or 'webgl'. Example: `x.device` */
  get device(): string { return this._storage.backend.device; }
  /** webtorch only: whether dispose() or tidy() has released the tensor. Example: `x.is_disposed` */
  get is_disposed(): boolean { const cell = this._hold.cell; return !cell.live && !cell.releasedAt; }
  /** @internal true for tensors the graph, tidy and the step scope must not free (parameters' .grad, optimizer state, torch.keep) */
  get _kept(): boolean { return this._keptFlag; }
  /** @internal */
  set _kept(value: boolean) {
    this._keptFlag = value;
    this._syncExempt();
  }
  /** @internal tells the step scope whether this is a parameter or kept (after every change of either) */
  _syncExempt(): void {
    this._hold.cell.exempt = !this._savedAlias && (this._keptFlag || (this._gradFn === null && this._requiresGrad));
  }
  /** PyTorch's `Tensor.stride`: the strides in elements, or the stride of one dim. Example: `x.stride()` */
  stride(dim?: number): number[] | number {
    return dim === undefined ? this.strides.slice() : this.strides[normalizeDim(dim, this.shape_.length)];
  }
  /** PyTorch's `Tensor.storage_offset`: the offset of the first element in its storage. Example: `x.storage_offset()` */
  storage_offset(): number { return this.offset; }
  /** PyTorch's `Tensor.element_size`: bytes per element. Example: `x.element_size()` */
  element_size(): number { return this.dtype.itemsize; }
  /** PyTorch's `Tensor.is_contiguous`: whether the elements are in row-major order with no gaps. Example: `x.is_contiguous()` */
  is_contiguous(): boolean { return isContiguous(this.shape_, this.strides); }
  /** PyTorch's `Tensor.is_floating_point`: whether the dtype is a floating-point type. Example: `x.is_floating_point()` */
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
  /** PyTorch's `Tensor.requires_grad`: whether autograd records ops on this tensor. Example: `x.requires_grad` */
  get requires_grad(): boolean { this._sync(); return this._requiresGrad; }
  /** Sets requires_grad (a leaf only), as `x.requires_grad = True`. Example: `w.requires_grad = true` */
  set requires_grad(value: boolean) { this.requires_grad_(value); }
  /** PyTorch's `Tensor.grad_fn`: the autograd node that made this tensor (null for leaves). Example: `y.grad_fn.name()` */
  get grad_fn(): Node | null { this._sync(); return this._gradFn; }
  /** PyTorch's `Tensor.is_leaf`: whether the tensor was made by the user rather than by a recorded op. Example: `w.is_leaf` */
  get is_leaf(): boolean { this._sync(); return this._gradFn === null; }
  /** PyTorch's x._base: the tensor a differentiable view reads, or null */
  get _base(): Tensor | null { return this._viewMeta?.base ?? null; }
  /** PyTorch's `Tensor._is_view`: whether the tensor is a differentiable view of another. Example: `x.index(0)._is_view()` */
  _is_view(): boolean { return this._viewMeta !== null; }
  /** PyTorch's `Tensor.grad`: the gradient accumulated by backward(), or null. Example: `w.grad` */
  get grad(): Tensor | null { return this._grad; }
  /** Replaces the gradient, as `w.grad = None`. Example: `w.grad = null` */
  set grad(g: Tensor | null) {
    if (g) g._kept = true;
    const old = this._grad;
    // a replaced gradient is an ordinary tensor again: the step scope frees it once unused
    if (old && old !== g && !old.is_disposed) { old._kept = false; requeue(old._hold); }
    this._grad = g;
  }

  /** PyTorch's `Tensor.requires_grad_`: sets requires_grad in place (a leaf only). Example: `w.requires_grad_()` */
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
    this._syncExempt();
    return this;
  }

  /** PyTorch's `Tensor.retain_grad`: keeps .grad for a non-leaf tensor during backward(). Example: `y.retain_grad()` */
  retain_grad(): void {
    if (!this.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.is_leaf) return;
    const node = this._gradFn as Node;
    (node.retained ??= new Map()).set(this._outputNr, new WeakRef(this));
  }
  /** PyTorch's `Tensor.retains_grad`: whether retain_grad() was called on this non-leaf tensor. Example: `y.retains_grad` */
  get retains_grad(): boolean {
    return !this.is_leaf && !!this._gradFn?.retained?.has(this._outputNr);
  }

  /** @internal links this tensor as output `nr` of `node` (the op that produced it). */
  _setGradFn(node: Node | null, nr = 0): void {
    this._gradFn = node;
    this._outputNr = nr;
    this._requiresGrad = node !== null;
    this._syncExempt();
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
    t._savedAlias = true;
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
  _bumpVersion(): void {
    const s = this.storage;
    s.version++;
    if (s.origin) written(s);
  }
  /** @internal Before anything writes to this tensor's memory in place (see willWrite in memory.ts). */
  _willWrite(): void { willWrite(this.storage); }
  /** @internal */
  _typeName(): string { return `torch.${this.dtype.scalarName}Tensor`; }

  /** @internal AccumulateGrad and retain_grad(): adds into .grad (in place unless the graph of the gradient is wanted). */
  _accumulateGrad(g: Tensor, createGraph: boolean): void {
    if (g.shape_.length !== this.shape_.length || g.shape_.some((d, i) => d !== this.shape_[i])) g = g.expand(this.shape_);
    const prev = this._grad;
    if (!prev) this.grad = createGraph ? g : g.detach().contiguous_();
    else if (createGraph || prev.requires_grad) this.grad = prev.add(g);
    else if (!E.accumulateDense(prev, g)) no_grad(() => prev.add_(g));
  }

  /** backward(gradient?, {retain_graph, create_graph}); the options may stand alone: backward({retain_graph: true}) */
  backward(gradient?: Tensor | BackwardOptions | null, options: BackwardOptions = {}): void {
    if (gradient !== null && gradient !== undefined && !(gradient instanceof Tensor)) {
      if (typeof gradient !== 'object' || Array.isArray(gradient)) {
        throw new TypeError(`gradients can be either Tensors or None, but got ${pyTypeName(gradient)}`);
      }
      return this.backward(null, gradient);
    }
    runBackward([this], [gradient ?? null], options, null);
  }

  /** PyTorch's `Tensor.detach`: a tensor on the same memory, outside the graph. Example: `x.detach()` */
  detach(): Tensor {
    return Tensor.view(this, this.shape_, this.strides, this.offset);
  }
  /** PyTorch's `Tensor.detach_`: takes the tensor out of the graph in place. Example: `y.detach_()` */
  detach_(): this {
    // a view detached in place would still be rebased with its base's history
    if (this._viewMeta) throw new Error("Can't detach views in-place. Use detach() instead.");
    this._gradFn = null;
    this._requiresGrad = false;
    this._syncExempt();
    return this;
  }

  // ---- memory -----------------------------------------------------------------------------

  /** webtorch only: frees the tensor's memory now (WebAssembly memory is not garbage-collected promptly). Example: `x.dispose()` */
  dispose(): void {
    this._dispose();
  }
  /** @internal */
  _dispose(): void {
    untrack(this._hold);
  }
  /** TypeScript's `using t = torch.ones(3)` disposes t at the end of the block. */
  [disposeSymbol](): void {
    this._dispose();
  }
  /** @internal */
  _adopt(): void {
    adopt(this._hold);
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

  /** PyTorch's `Tensor.tolist`: the values as nested arrays of numbers (or booleans). Example: `x.tolist()` */
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

  /** x.numpy_async(): the values, row-major, as a new TypedArray of the dtype; on webgl read without blocking the thread. */
  async numpy_async(): Promise<TypedArray> {
    const dense = this.contiguous_();
    const b = dense.storage.backend;
    try {
      return b.readAsync ? await b.readAsync(dense.storage) : b.array(dense.storage).slice();
    } finally {
      if (dense !== this) dense.dispose();
    }
  }

  /** await x.tolist_async(): x.tolist() read without blocking the thread (webgl) */
  async tolist_async(): Promise<NestedArray> {
    const flat = await this.numpy_async();
    const isBool = this.dtype === bool;
    const shape = this.shape_;
    let i = 0;
    const conv = (v: number | bigint): number | boolean => (isBool ? v !== 0 : Number(v));
    const build = (d: number): NestedArray => {
      if (d === shape.length) return conv(this.dtype === float16 ? fromHalfBits(flat[i++] as number) : (flat[i++] as number));
      const out: NestedArray[] = [];
      for (let k = 0; k < shape[d]; k++) out.push(build(d + 1));
      return out;
    };
    return build(0);
  }

  /** x.data: PyTorch's detached alias of the same storage (`x.data.mul_(2)` changes x without autograd) */
  get data(): Tensor {
    return this.detach();
  }
  /** `x.data = y`: x takes y's storage, shape and dtype, keeping its autograd identity (as PyTorch) */
  set data(value: Tensor) {
    if (!(value instanceof Tensor)) throw new TypeError(`data must be a Tensor, not ${typeof value}`);
    const s = value.storage;
    s.refs++;
    untrack(this._hold);
    const self = this as unknown as { _storage: Storage; _hold: Hold; shape_: readonly number[]; strides: readonly number[]; offset: number; dtype: DType; _size: Size | null };
    self._storage = s;
    self._hold = track(this, s);
    self.shape_ = value.shape_.slice();
    self.strides = value.strides.slice();
    self.offset = value.offset;
    self.dtype = value.dtype;
    self._size = null;
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
    return this.is_disposed ? 'tensor(<disposed>)' : this.toString();
  }

  // ---- conversion -------------------------------------------------------------------------

  /** PyTorch's `Tensor.to`: a copy in another dtype and/or on another device (the tensor itself when nothing changes). Example: `x.to(torch.float64)` */
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
  /** PyTorch's `Tensor.type`: the type name ('torch.FloatTensor'), or a copy in another dtype. Example: `x.type()` */
  type(dtype?: DTypeLike): Tensor | string {
    return dtype === undefined ? this._typeName() : this.to(dtype);
  }
  /** PyTorch's `Tensor.float`: a float32 copy (the tensor itself if already float32). Example: `x.float()` */
  float(): Tensor { return this.to(float32); }
  /** PyTorch's `Tensor.double`: a float64 copy. Example: `x.double()` */
  double(): Tensor { return this.to(float64); }
  /** PyTorch's `Tensor.half`: a float16 copy. Example: `x.half()` */
  half(): Tensor { return this.to(float16); }
  /** PyTorch's `Tensor.int`: an int32 copy. Example: `x.int()` */
  int(): Tensor { return this.to(int32); }
  /** PyTorch's `Tensor.long`: an int64 copy. Example: `x.long()` */
  long(): Tensor { return this.to(int64); }
  /** PyTorch's `Tensor.bool`: a bool copy. Example: `x.bool()` */
  bool(): Tensor { return this.to(bool); }
  /** PyTorch's `Tensor.cpu`: the tensor on the cpu device (a copy from webgl). Example: `x.cpu()` */
  cpu(): Tensor { return this.to({ device: 'cpu' }); }
  /** PyTorch's `Tensor.clone`: a copy with its own memory (differentiable). Example: `x.clone()` */
  clone(): Tensor { return E.clone(this); }
  /** PyTorch's `Tensor.contiguous`: the tensor in row-major order (itself when it already is). Example: `x.t().contiguous()` */
  contiguous(): Tensor { return this.is_contiguous() ? this : E.clone(this); }
  /** @internal contiguous with storage exactly the tensor's elements (for readers of raw arrays) */
  contiguous_(): Tensor { return this.is_contiguous() && this.offset === 0 && this.numel() === this._storage.numel ? this : E.clone(this); }

  // ---- elementwise ------------------------------------------------------------------------

  /** PyTorch's `Tensor.add`: a + b with broadcasting (`alpha` scales b). Example: `x.add(y, { alpha: 2 })` */
  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  /** PyTorch's `Tensor.sub`: a - b with broadcasting (`alpha` scales b). Example: `x.sub(y)` */
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  /** PyTorch's `Tensor.mul`: a * b with broadcasting. Example: `x.mul(y)` */
  mul(other: TensorOrScalar): Tensor { return E.binary('mul', this, other); }
  /** PyTorch's `Tensor.div`: a / b with broadcasting; rounding_mode 'trunc' or 'floor'. Example: `x.div(y, { rounding_mode: 'floor' })` */
  div(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return E.div(this, other, opts); }
  /** PyTorch's `Tensor.true_divide`: a / b, always floating point. Example: `x.true_divide(y)` */
  true_divide(other: TensorOrScalar): Tensor { return E.binary('div', this, other); }
  /** PyTorch's `Tensor.pow`: a ** b with broadcasting. Example: `x.pow(2)` */
  pow(exponent: TensorOrScalar): Tensor { return E.pow(this, exponent); }
  /** PyTorch's `Tensor.maximum`: elementwise maximum of two tensors (NaN propagates). Example: `x.maximum(y)` */
  maximum(other: TensorOrScalar): Tensor { return E.binary('maximum', this, other); }
  /** PyTorch's `Tensor.minimum`: elementwise minimum of two tensors (NaN propagates). Example: `x.minimum(y)` */
  minimum(other: TensorOrScalar): Tensor { return E.binary('minimum', this, other); }
  /** PyTorch's `Tensor.atan2`: atan2(a, b), elementwise. Example: `x.atan2(y)` */
  atan2(other: TensorOrScalar): Tensor { return E.binary('atan2', this, other); }
  /** PyTorch's `Tensor.remainder`: Python's modulus (sign of the divisor), elementwise. Example: `x.remainder(3)` */
  remainder(other: TensorOrScalar): Tensor { return E.binary('remainder', this, other); }
  /** PyTorch's `Tensor.fmod`: C's fmod (sign of the dividend), elementwise. Example: `x.fmod(3)` */
  fmod(other: TensorOrScalar): Tensor { return E.binary('fmod', this, other); }
  /** PyTorch's `Tensor.floor_divide`: floor(a / b), elementwise. Example: `x.floor_divide(2)` */
  floor_divide(other: TensorOrScalar): Tensor { return E.binary('floor_divide', this, other); }
  /** PyTorch's `Tensor.eq`: a == b, elementwise (bool). Example: `x.eq(y)` */
  eq(other: TensorOrScalar): Tensor { return E.binary('eq', this, other); }
  /** PyTorch's `Tensor.ne`: a != b, elementwise (bool). Example: `x.ne(y)` */
  ne(other: TensorOrScalar): Tensor { return E.binary('ne', this, other); }
  /** PyTorch's `Tensor.lt`: a < b, elementwise (bool). Example: `x.lt(0)` */
  lt(other: TensorOrScalar): Tensor { return E.binary('lt', this, other); }
  /** PyTorch's `Tensor.le`: a <= b, elementwise (bool). Example: `x.le(0)` */
  le(other: TensorOrScalar): Tensor { return E.binary('le', this, other); }
  /** PyTorch's `Tensor.gt`: a > b, elementwise (bool). Example: `x.gt(0)` */
  gt(other: TensorOrScalar): Tensor { return E.binary('gt', this, other); }
  /** PyTorch's `Tensor.ge`: a >= b, elementwise (bool). Example: `x.ge(0)` */
  ge(other: TensorOrScalar): Tensor { return E.binary('ge', this, other); }
  /** PyTorch's `Tensor.greater`: alias of gt (a > b). Example: `x.greater(0)` */
  greater(other: TensorOrScalar): Tensor { return this.gt(other); }
  /** PyTorch's `Tensor.less`: alias of lt (a < b). Example: `x.less(0)` */
  less(other: TensorOrScalar): Tensor { return this.lt(other); }
  /** PyTorch's `Tensor.logical_and`: logical AND (bool). Example: `x.logical_and(y)` */
  logical_and(other: TensorOrScalar): Tensor { return E.binary('logical_and', this, other); }
  /** PyTorch's `Tensor.logical_or`: logical OR (bool). Example: `x.logical_or(y)` */
  logical_or(other: TensorOrScalar): Tensor { return E.binary('logical_or', this, other); }
  /** PyTorch's `Tensor.logical_not`: logical NOT (bool). Example: `x.logical_not()` */
  logical_not(): Tensor { return E.unary('logical_not', this); }
  /** PyTorch's `Tensor.where`: elementwise choice: x where condition holds, else other. Example: `x.where()` */
  where(condition: Tensor, other: TensorOrScalar): Tensor { return E.where(condition, this, other); }
  /** PyTorch's `Tensor.clamp`: limits every element to [min, max]. Example: `x.clamp({ min: 0, max: 1 })` */
  clamp(min?: number | Tensor | null | { min?: number | Tensor | null; max?: number | Tensor | null }, max?: number | Tensor | null): Tensor {
    return E.clamp(this, min, max);
  }
  /** PyTorch's `Tensor.clip`: alias of clamp. Example: `x.clip(0, 1)` */
  clip(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return E.clamp(this, min, max); }
  /** PyTorch's `Tensor.clamp_min`: max(x, min), elementwise. Example: `x.clamp_min(0)` */
  clamp_min(min: number | Tensor): Tensor { return E.clamp_min(this, min); }
  /** PyTorch's `Tensor.clamp_max`: min(x, max), elementwise. Example: `x.clamp_max(1)` */
  clamp_max(max: number | Tensor): Tensor { return E.clamp_max(this, max); }
  /** PyTorch's `Tensor.neg`: negation, elementwise (-x). Example: `x.neg()` */
  neg(): Tensor { return E.unary('neg', this); }
  /** PyTorch's `Tensor.negative`: alias of neg (-x). Example: `x.negative()` */
  negative(): Tensor { return this.neg(); }
  /** PyTorch's `Tensor.abs`: absolute value, elementwise. Example: `x.abs()` */
  abs(): Tensor { return E.unary('abs', this); }
  /** PyTorch's `Tensor.sqrt`: square root, elementwise. Example: `x.sqrt()` */
  sqrt(): Tensor { return E.unary('sqrt', this); }
  /** PyTorch's `Tensor.rsqrt`: 1 / sqrt(x), elementwise. Example: `x.rsqrt()` */
  rsqrt(): Tensor { return E.unary('rsqrt', this); }
  /** PyTorch's `Tensor.exp`: e^x, elementwise. Example: `x.exp()` */
  exp(): Tensor { return E.unary('exp', this); }
  /** PyTorch's `Tensor.log`: natural logarithm, elementwise. Example: `x.log()` */
  log(): Tensor { return E.unary('log', this); }
  /** PyTorch's `Tensor.log1p`: log(1 + x), elementwise. Example: `x.log1p()` */
  log1p(): Tensor { return E.unary('log1p', this); }
  /** PyTorch's `Tensor.expm1`: e^x - 1, elementwise. Example: `x.expm1()` */
  expm1(): Tensor { return E.unary('expm1', this); }
  /** PyTorch's `Tensor.log2`: base-2 logarithm, elementwise. Example: `x.log2()` */
  log2(): Tensor { return E.unary('log2', this); }
  /** PyTorch's `Tensor.log10`: base-10 logarithm, elementwise. Example: `x.log10()` */
  log10(): Tensor { return E.unary('log10', this); }
  /** PyTorch's `Tensor.sin`: sine, elementwise. Example: `x.sin()` */
  sin(): Tensor { return E.unary('sin', this); }
  /** PyTorch's `Tensor.cos`: cosine, elementwise. Example: `x.cos()` */
  cos(): Tensor { return E.unary('cos', this); }
  /** PyTorch's `Tensor.tan`: tangent, elementwise. Example: `x.tan()` */
  tan(): Tensor { return E.unary('tan', this); }
  /** PyTorch's `Tensor.tanh`: hyperbolic tangent, elementwise. Example: `x.tanh()` */
  tanh(): Tensor { return E.unary('tanh', this); }
  /** PyTorch's `Tensor.sigmoid`: logistic sigmoid 1 / (1 + e^-x), elementwise. Example: `x.sigmoid()` */
  sigmoid(): Tensor { return E.unary('sigmoid', this); }
  /** PyTorch's `Tensor.relu`: max(x, 0), elementwise. Example: `x.relu()` */
  relu(): Tensor { return E.unary('relu', this); }
  /** PyTorch's `Tensor.erf`: error function, elementwise. Example: `x.erf()` */
  erf(): Tensor { return E.unary('erf', this); }
  /** PyTorch's `Tensor.floor`: round down, elementwise. Example: `x.floor()` */
  floor(): Tensor { return E.unary('floor', this); }
  /** PyTorch's `Tensor.ceil`: round up, elementwise. Example: `x.ceil()` */
  ceil(): Tensor { return E.unary('ceil', this); }
  /** PyTorch's `Tensor.round`: round half to even, elementwise. Example: `x.round()` */
  round(): Tensor { return E.unary('round', this); }
  /** PyTorch's `Tensor.trunc`: round toward zero, elementwise. Example: `x.trunc()` */
  trunc(): Tensor { return E.unary('trunc', this); }
  /** PyTorch's `Tensor.frac`: fractional part x - trunc(x), elementwise. Example: `x.frac()` */
  frac(): Tensor { return E.unary('frac', this); }
  /** PyTorch's `Tensor.sign`: sign (-1, 0 or 1), elementwise. Example: `x.sign()` */
  sign(): Tensor { return E.unary('sign', this); }
  /** PyTorch's `Tensor.square`: x * x, elementwise. Example: `x.square()` */
  square(): Tensor { return E.unary('square', this); }
  /** PyTorch's `Tensor.reciprocal`: 1 / x, elementwise. Example: `x.reciprocal()` */
  reciprocal(): Tensor { return E.unary('reciprocal', this); }
  /** PyTorch's `Tensor.isnan`: whether each element is NaN (bool). Example: `x.isnan()` */
  isnan(): Tensor { return E.unary('isnan', this); }
  /** PyTorch's `Tensor.isinf`: whether each element is infinite (bool). Example: `x.isinf()` */
  isinf(): Tensor { return E.unary('isinf', this); }
  /** PyTorch's `Tensor.isfinite`: whether each element is finite (bool). Example: `x.isfinite()` */
  isfinite(): Tensor { return E.unary('isfinite', this); }
  /** PyTorch's `Tensor.allclose`: whether all elements are close: |a - b| <= atol + rtol |b|. Example: `x.allclose(y)` */
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return E.allclose(this, other, opts); }
  /** PyTorch's `Tensor.isclose`: elementwise |a - b| <= atol + rtol |b| (bool). Example: `x.isclose(y)` */
  isclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor { return E.isclose(this, other, opts); }
  /** PyTorch's `Tensor.equal`: whether two tensors have the same shape and elements. Example: `x.equal(y)` */
  equal(other: Tensor): boolean { return E.equal(this, other); }

  // ---- in place ---------------------------------------------------------------------------

  /** PyTorch's `Tensor.add_`: add in place. Example: `x.add_(y, { alpha: 2 })` */
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.inplace(this, E.add(this, other, opts, true)); }
  /** PyTorch's `Tensor.sub_`: sub in place. Example: `x.sub_(y)` */
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { return E.inplace(this, E.sub(this, other, opts, true)); }
  /** PyTorch's `Tensor.mul_`: mul in place. Example: `x.mul_(y)` */
  mul_(other: TensorOrScalar): this { return E.inplace(this, E.binary('mul', this, other, true)); }
  /** PyTorch's `Tensor.div_`: div in place. Example: `x.div_(y, { rounding_mode: 'floor' })` */
  div_(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): this { return E.inplace(this, E.div(this, other, opts, true)); }
  /** PyTorch's `Tensor.pow_`: pow in place. Example: `x.pow_(2)` */
  pow_(exponent: TensorOrScalar): this { return E.inplace(this, E.pow(this, exponent, true)); }
  /** PyTorch's `Tensor.clamp_`: clamp in place. Example: `x.clamp_(0, 1)` */
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this { return E.inplace(this, E.clamp(this, min, max, true)); }
  /** PyTorch's `Tensor.neg_`: neg in place. Example: `x.neg_()` */
  neg_(): this { return E.inplace(this, E.unary('neg', this, true)); }
  /** PyTorch's `Tensor.exp_`: exp in place. Example: `x.exp_()` */
  exp_(): this { return E.inplace(this, E.unary('exp', this, true)); }
  /** PyTorch's `Tensor.relu_`: relu in place. Example: `x.relu_()` */
  relu_(): this { return E.inplace(this, E.unary('relu', this, true)); }
  /** PyTorch's `Tensor.sigmoid_`: sigmoid in place. Example: `x.sigmoid_()` */
  sigmoid_(): this { return E.inplace(this, E.unary('sigmoid', this, true)); }
  /** PyTorch's `Tensor.tanh_`: tanh in place. Example: `x.tanh_()` */
  tanh_(): this { return E.inplace(this, E.unary('tanh', this, true)); }
  /** PyTorch's `Tensor.sqrt_`: sqrt in place. Example: `x.sqrt_()` */
  sqrt_(): this { return E.inplace(this, E.unary('sqrt', this, true)); }
  /** PyTorch's `Tensor.abs_`: abs in place. Example: `x.abs_()` */
  abs_(): this { return E.inplace(this, E.unary('abs', this, true)); }
  /** PyTorch's `Tensor.zero_`: fills with zeros in place. Example: `w.grad.zero_()` */
  zero_(): this { return E.zero_(this); }
  /** PyTorch's `Tensor.fill_`: fills with one value in place. Example: `x.fill_(1)` */
  fill_(value: number | boolean | Tensor): this { return E.fill_(this, value); }
  /** PyTorch's `Tensor.copy_`: copies another tensor's values in place (broadcast, cast). Example: `x.copy_(y)` */
  copy_(src: Tensor | TensorOrScalar): this { return E.copy_(this, src); }
  /** PyTorch's `Tensor.masked_fill_`: writes value where mask is true, in place. Example: `x.masked_fill_(x.lt(0), 0)` */
  masked_fill_(mask: Tensor, value: number | boolean | Tensor): this { return E.masked_fill_(this, mask, value); }
  /** PyTorch's `Tensor.uniform_`: fills in place with uniform draws on [from, to) from the global generator. Example: `x.uniform_(-1, 1)` */
  uniform_(from?: number | RandomOptions, to?: number | RandomOptions, opts?: RandomOptions): this { return E.uniform_(this, from, to, opts); }
  /** PyTorch's `Tensor.normal_`: fills in place with normal draws (mean, std) from the global generator. Example: `x.normal_(0, 0.02)` */
  normal_(mean?: number | RandomOptions, std?: number | RandomOptions, opts?: RandomOptions): this { return E.normal_(this, mean, std, opts); }
  /** x.bernoulli_(p = 0.5, {generator}): p a number or a tensor */
  bernoulli_(p?: number | Tensor | RandomOptions, opts?: RandomOptions): this { return D.bernoulli_(this, p, opts); }
  /** x.bernoulli({generator}): 1 with probability x; x.bernoulli(p) with a fixed p */
  bernoulli(p?: number | RandomOptions, opts?: RandomOptions): Tensor { return D.bernoulli(this, p, opts); }
  /** x.exponential_(lambd = 1, {generator}) */
  exponential_(lambd?: number | RandomOptions, opts?: RandomOptions): this { return D.exponential_(this, lambd, opts); }
  /** x.random_(), x.random_(to), x.random_(from, to), each with {generator} */
  random_(from?: number | RandomOptions, to?: number | null | RandomOptions, opts?: RandomOptions): this { return D.random_(this, from, to, opts); }
  /** x.geometric_(p, {generator}) */
  geometric_(p: number | RandomOptions, opts?: RandomOptions): this { return D.geometric_(this, p, opts); }
  /** x.log_normal_(mean = 1, std = 2, {generator}) */
  log_normal_(mean?: number | RandomOptions, std?: number | RandomOptions, opts?: RandomOptions): this { return D.log_normal_(this, mean, std, opts); }
  /** x.cauchy_(median = 0, sigma = 1, {generator}) */
  cauchy_(median?: number | RandomOptions, sigma?: number | RandomOptions, opts?: RandomOptions): this { return D.cauchy_(this, median, sigma, opts); }
  /** x.multinomial(num_samples, replacement = false, {generator}) */
  multinomial(num_samples: number | RandomOptions, replacement?: boolean | RandomOptions, opts?: RandomOptions): Tensor { return D.multinomial(this, num_samples, replacement, opts); }
  /** PyTorch's `Tensor.masked_fill`: a copy with value where mask is true. Example: `x.masked_fill(x.lt(0), 0)` */
  masked_fill(mask: Tensor, value: number | boolean | Tensor): Tensor { return E.masked_fill(this, mask, value); }

  // ---- products (src/ops/matmul.ts) -------------------------------------------------------

  /** PyTorch's `Tensor.matmul`: matrix product with 1-D rules and batch broadcasting (a @ b). Example: `x.matmul(y)` */
  matmul(other: Tensor): Tensor { return M.matmul(this, other); }
  /** PyTorch's `Tensor.mm`: product of two matrices. Example: `x.mm(y)` */
  mm(mat2: Tensor): Tensor { return M.mm(this, mat2); }
  /** PyTorch's `Tensor.bmm`: batched product of [b, n, m] by [b, m, p]. Example: `x.bmm(y)` */
  bmm(mat2: Tensor): Tensor { return M.bmm(this, mat2); }
  /** PyTorch's `Tensor.dot`: dot product of two vectors. Example: `x.dot(y)` */
  dot(other: Tensor): Tensor { return M.dot(this, other); }
  /** PyTorch's `Tensor.mv`: matrix-vector product. Example: `x.mv(v)` */
  mv(vec: Tensor): Tensor { return M.mv(this, vec); }
  /** PyTorch's `Tensor.outer`: outer product of two vectors. Example: `x.outer(y)` */
  outer(vec2: Tensor): Tensor { return M.outer(this, vec2); }
  /** PyTorch's `Tensor.addmm`: beta * input + alpha * (mat1 @ mat2). Example: `x.addmm()` */
  addmm(mat1: Tensor, mat2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor { return M.addmm(this, mat1, mat2, opts); }
  /** PyTorch's `Tensor.baddbmm`: beta * input + alpha * bmm(b1, b2). Example: `x.baddbmm()` */
  baddbmm(batch1: Tensor, batch2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor { return M.baddbmm(this, batch1, batch2, opts); }

  // ---- reductions and shapes (src/ops/reduce.ts, src/ops/shape.ts) -------------------------

  /** PyTorch's `Tensor.sum`: sum of all elements, or over dim. Example: `x.sum({ dim: 1, keepdim: true })` */
  sum(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.sum(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.mean`: mean of all elements, or over dim. Example: `x.mean(1)` */
  mean(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.mean(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.prod`: product of all elements, or over dim. Example: `x.prod(0)` */
  prod(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.prod(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.amax`: maximum over dim (values only). Example: `x.amax(1)` */
  amax(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.amax(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.amin`: minimum over dim (values only). Example: `x.amin(1)` */
  amin(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.amin(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.max`: maximum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.max(1)` */
  max(): Tensor;
  /** PyTorch's `Tensor.max`: maximum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.max(1)` */
  max(other: Tensor): Tensor;
  /** PyTorch's `Tensor.max`: maximum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.max(1)` */
  max(dim: number | R.ReduceOptions, keepdim?: R.KeepArg, opts?: R.ReduceOptions): R.ValuesIndices;
  max(dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices { return R.max(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.min(1)` */
  min(): Tensor;
  /** PyTorch's `Tensor.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.min(1)` */
  min(other: Tensor): Tensor;
  /** PyTorch's `Tensor.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `x.min(1)` */
  min(dim: number | R.ReduceOptions, keepdim?: R.KeepArg, opts?: R.ReduceOptions): R.ValuesIndices;
  min(dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices { return R.min(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.argmax`: index of the maximum, flattened or over dim (int64). Example: `x.argmax({ dim: 1 })` */
  argmax(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.argmax(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.argmin`: index of the minimum, flattened or over dim (int64). Example: `x.argmin({ dim: 1 })` */
  argmin(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.argmin(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.all`: whether every element is nonzero, or over dim (bool). Example: `x.all()` */
  all(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.all(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.any`: whether some element is nonzero, or over dim (bool). Example: `x.any()` */
  any(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.any(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.logsumexp`: log(sum(exp(x))) over dim, computed stably. Example: `x.logsumexp(1)` */
  logsumexp(dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.logsumexp(this, dim, keepdim, opts); }
  /** PyTorch's `Tensor.std`: standard deviation (Bessel-corrected by default). Example: `x.std({ dim: 0, unbiased: false })` */
  std(...args: R.VarArg[]): Tensor { return R.std(this, ...args); }
  /** PyTorch's `Tensor.var`: variance (Bessel-corrected by default). Example: `x.var(0)` */
  var(...args: R.VarArg[]): Tensor { return R.var_(this, ...args); }
  /** PyTorch's `Tensor.norm`: vector norm (p = 2 by default), or over dim. Example: `x.norm({ p: 1, dim: 1 })` */
  norm(p?: number | 'fro' | null | R.NormOptions, dim?: R.DimArg, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor { return R.norm(this, p, dim, keepdim, opts); }
  /** PyTorch's `Tensor.cumsum`: cumulative sum along dim. Example: `x.cumsum(0)` */
  cumsum(dim: number | R.ScanOptions, opts?: R.ScanOptions): Tensor { return R.cumsum(this, dim, opts); }
  /** PyTorch's `Tensor.cumprod`: cumulative product along dim. Example: `x.cumprod(0)` */
  cumprod(dim: number | R.ScanOptions, opts?: R.ScanOptions): Tensor { return R.cumprod(this, dim, opts); }
  /** PyTorch's `Tensor.softmax`: softmax along dim. Example: `x.softmax(1)` */
  softmax(dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor { return R.softmax(this, dim, dtype); }
  /** PyTorch's `Tensor.log_softmax`: log of softmax along dim, computed stably. Example: `x.log_softmax(1)` */
  log_softmax(dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor { return R.log_softmax(this, dim, dtype); }
  /** PyTorch's `Tensor.view`: a view with a new shape (strides must allow it). Example: `x.view(-1)` */
  view(...shape: (number | number[])[]): Tensor { return S.view(this, S.shapeArgs(shape)); }
  /** PyTorch's `Tensor.reshape`: the same elements in a new shape (a view when possible). Example: `x.reshape(2, -1)` */
  reshape(...shape: (number | number[])[]): Tensor { return S.reshape(this, S.shapeArgs(shape)); }
  /** PyTorch's `Tensor.expand`: a view with dims of size 1 repeated to sizes (-1 keeps a dim). Example: `x.expand(3, -1)` */
  expand(...shape: (number | readonly number[])[]): Tensor { return S.expand(this, S.shapeArgs(shape)); }
  /** PyTorch's `Tensor.permute`: a view with the dims reordered. Example: `x.permute(1, 0)` */
  permute(...dims: (number | number[])[]): Tensor { return S.permute(this, S.shapeArgs(dims)); }
  /** PyTorch's `Tensor.transpose`: a view with two dims swapped. Example: `x.transpose(0, 1)` */
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  /** PyTorch's `Tensor.unsqueeze`: a view with a new dim of size 1. Example: `x.unsqueeze(0)` */
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  /** PyTorch's `Tensor.expand_as`: expand to another tensor's shape. Example: `x.expand_as(y)` */
  expand_as(other: Tensor): Tensor { return S.expand(this, other.shape_); }
  /** PyTorch's `Tensor.sum_to_size`: sums broadcast dims away down to the given size. Example: `x.sum_to_size(1, 3)` */
  sum_to_size(...shape: (number | number[])[]): Tensor { return R.sumToShape(this, S.shapeArgs(shape)); }
  /** PyTorch's `Tensor.flatten`: dims start_dim..end_dim flattened into one. Example: `x.flatten()` */
  flatten(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number): Tensor { return S.flatten(this, start_dim, end_dim); }
  /** PyTorch's `Tensor.unflatten`: one dim split into sizes. Example: `x.unflatten(1, [2, 3])` */
  unflatten(dim: number | { dim: number; sizes: number[] }, sizes?: number[]): Tensor { return S.unflatten(this, dim, sizes); }
  /** PyTorch's `Tensor.squeeze`: a view without dims of size 1 (or only dim). Example: `x.squeeze()` */
  squeeze(dim?: number | number[] | { dim?: number | number[] }): Tensor { return S.squeeze(this, dim); }
  /** PyTorch's `Tensor.t`: transpose of a matrix (at most 2-D). Example: `x.t()` */
  t(): Tensor { return S.t(this); }
  /** PyTorch's `Tensor.T`: the tensor with its dims reversed (a view). Example: `x.T` */
  get T(): Tensor { return S.numpyT(this); }
  /** PyTorch's `Tensor.mT`: the last two dims swapped (a view). Example: `x.mT` */
  get mT(): Tensor { return S.matrixT(this); }
  /** PyTorch's `Tensor.split`: pieces of a size (or of the given sizes) along dim. Example: `x.split(2)` */
  split(split_size_or_sections: number | number[], dim?: number | { dim?: number }): Tensor[] { return S.split(this, split_size_or_sections, dim); }
  /** PyTorch's `Tensor.chunk`: that many pieces along dim. Example: `x.chunk(2)` */
  chunk(chunks: number, dim?: number | { dim?: number }): Tensor[] { return S.chunk(this, chunks, dim); }
  /** PyTorch's `Tensor.unbind`: the slices along dim, that dim removed. Example: `x.unbind(0)` */
  unbind(dim?: number | { dim?: number }): Tensor[] { return S.unbind(this, dim); }
  /** PyTorch's `Tensor.narrow`: a view of length elements from start along dim. Example: `x.narrow(0, 1, 2)` */
  narrow(dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  /** PyTorch's `Tensor.select`: a view of one index along dim, that dim removed. Example: `x.select(0, 1)` */
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  /** PyTorch's `Tensor.diagonal`: a view of a diagonal. Example: `x.diagonal()` */
  diagonal(offset?: number | { offset?: number; dim1?: number; dim2?: number }, dim1?: number, dim2?: number): Tensor { return S.diagonal(this, offset, dim1, dim2); }
  /** PyTorch's `Tensor.diag`: a diagonal matrix from a vector, or the diagonal of a matrix. Example: `x.diag()` */
  diag(diagonal?: number | { diagonal?: number }): Tensor { return S.diag(this, diagonal); }
  /** PyTorch's `Tensor.repeat`: a copy tiled along each dim. Example: `x.repeat(2, 1)` */
  repeat(...sizes: (number | number[])[]): Tensor { return S.repeat(this, ...sizes); }
  /** PyTorch's `Tensor.flip`: a copy reversed along dims. Example: `x.flip([0])` */
  flip(...dims: (number | number[] | { dims: number[] })[]): Tensor { return S.flip(this, ...dims); }
  /** PyTorch's `Tensor.roll`: elements shifted along dims, wrapping around. Example: `x.roll(1, 0)` */
  roll(shifts: number | number[] | { shifts: number | number[]; dims?: number | number[] }, dims?: number | number[] | null): Tensor { return S.roll(this, shifts, dims); }
  /** PyTorch's `Tensor.tril`: the lower triangle (the rest zeroed). Example: `x.tril()` */
  tril(diagonal?: number | { diagonal?: number }): Tensor { return S.tril(this, diagonal); }
  /** PyTorch's `Tensor.triu`: the upper triangle (the rest zeroed). Example: `x.triu()` */
  triu(diagonal?: number | { diagonal?: number }): Tensor { return S.triu(this, diagonal); }
  /** PyTorch's `Tensor.trace`: sum of the diagonal of a matrix. Example: `x.trace()` */
  trace(): Tensor { return S.trace(this); }

  // indexing (src/ops/indexing.ts): x[...] is x.index(...), x[...] = v is x.index_put_([...], v)
  /** PyTorch's `Tensor.index`: basic and advanced indexing, Python's x[...]: a view for basic indices. Example: `x.index(':, 1')` */
  index(...items: I.IndexItem[]): Tensor { return I.index(this, items); }
  /** PyTorch's `Tensor.index_put_`: writes values at indices in place (accumulate adds). Example: `x.index_put_([idx], torch.tensor(0))` */
  index_put_(indices: I.IndexItem | I.IndexItem[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): this {
    I.index_put(this, indices, values, typeof accumulate === 'object' ? accumulate.accumulate : accumulate, true);
    return this;
  }
  /** PyTorch's `Tensor.index_put`: a copy with values written at indices. Example: `x.index_put([idx], torch.tensor(0))` */
  index_put(indices: I.IndexItem | I.IndexItem[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): Tensor {
    return I.index_put(this, indices, values, typeof accumulate === 'object' ? accumulate.accumulate : accumulate, false);
  }
  /** PyTorch's `Tensor.masked_select`: the elements where mask is true, as 1-D. Example: `x.masked_select(x.gt(0))` */
  masked_select(mask: Tensor): Tensor { return I.masked_select(this, mask); }
  /** PyTorch's `Tensor.index_select`: the entries of index along dim. Example: `x.index_select(0, torch.tensor([0, 2], { dtype: torch.int64 }))` */
  index_select(dim: number, index: Tensor): Tensor { return I.index_select(this, dim, index); }
  /** PyTorch's `Tensor.gather`: values along dim at index. Example: `x.gather(1, idx)` */
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  /** PyTorch's `Tensor.take`: elements of the flattened tensor at index. Example: `x.take(torch.tensor([0, 3], { dtype: torch.int64 }))` */
  take(index: Tensor): Tensor { return I.take(this, index); }
  /** x.scatter_(dim, index, src) or x.scatter_(dim, index, value): `torch.zeros(2, 4).scatter_(1, idx, 1.5)` (also `{src}` / `{value}`) */
  scatter_(dim: number, index: Tensor, src: Tensor | number | { src?: Tensor; value?: number }): this {
    I.scatter(this, dim, index, scatterSource(src), false, true);
    return this;
  }
  /** x.scatter(dim, index, src | value), out of place: `x.scatter(0, idx, src)` */
  scatter(dim: number, index: Tensor, src: Tensor | number | { src?: Tensor; value?: number }): Tensor {
    return I.scatter(this, dim, index, scatterSource(src), false, false);
  }
  /** x.scatter_add_(dim, index, src): adds src at the scattered places: `x.scatter_add_(0, idx, src)` */
  scatter_add_(dim: number, index: Tensor, src: Tensor | { src?: Tensor }): this {
    I.scatter(this, dim, index, scatterSource(src), true, true);
    return this;
  }
  /** x.scatter_add(dim, index, src), out of place: `x.scatter_add(0, idx, src)` */
  scatter_add(dim: number, index: Tensor, src: Tensor | { src?: Tensor }): Tensor {
    return I.scatter(this, dim, index, scatterSource(src), true, false);
  }
}

/** @internal scatter's third argument: a tensor, a number, or Python's keyword `{src}` / `{value}` */
function scatterSource(src: Tensor | number | { src?: Tensor; value?: number }): Tensor | number {
  if (src instanceof Tensor || typeof src === 'number') return src;
  const keys = src && typeof src === 'object' ? Object.keys(src) : [];
  const bad = keys.find((k) => k !== 'src' && k !== 'value');
  if (bad !== undefined) throw new TypeError(`scatter() got an unexpected keyword argument '${bad}'`);
  const v = src?.src ?? src?.value;
  if (!(v instanceof Tensor) && typeof v !== 'number') throw new TypeError('scatter() missing required argument: src or value');
  return v;
}

/** Builds a tensor from data on `device` with `dtype` (creation.ts does the parsing). */
export function fromArray(values: ArrayLike<number> | TypedArray, shape: readonly number[], dtype: DType, device: string): Tensor {
  const t = Tensor.empty(shape, dtype, 'cpu');
  const arr = t.storage.backend.array(t.storage);
  if (arr.constructor === values.constructor) arr.set(values as ArrayLike<number> & ArrayLike<bigint>);
  else E.writeNumbers(t, values as ArrayLike<number>);
  return device === 'cpu' ? t : t.to({ device });
}

/** The new_* factories: a size (varargs or an array), then options defaulting to x's dtype and device. */
function newLike(x: Tensor, args: unknown[], make: (shape: number[], o: C.CreateOptions) => Tensor): Tensor {
  const { shape, opts } = C.sizeAndOptions(args);
  return make(shape, { dtype: x.dtype, device: x.device, ...opts });
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

export { is_grad_enabled };
