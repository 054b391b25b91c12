// torch.utils.data's datasets (mirrors torch/utils/data/dataset.py): map-style datasets expose
// `length` and `getitem(i)` (Python's __len__ / __getitem__), iterable ones [Symbol.iterator] or
// [Symbol.asyncIterator] (Python's __iter__). A plain JS array also works as a map-style dataset.
import { Tensor } from '../../tensor.js';
import { gathered, gatherRows } from '../../memory.js';
import { randpermValues, default_generator, generatorOf, type Generator } from '../../random.js';
import { isInt, isPlainObject, checkKeys } from './_util.js';
import { callableClass } from '../../callable.js';

/** Python's ValueError: an Error named 'ValueError' (PyTorch's argument checks raise it). */
export class ValueError extends Error {
  constructor(message: string) { super(message); this.name = 'ValueError'; }
}

/** Python's AssertionError (PyTorch's dataset checks are asserts). */
export class AssertionError extends Error {
  constructor(message: string) { super(message); this.name = 'AssertionError'; }
}

/** Anything indexable as a map-style dataset: a Dataset, or an array-like. */
export type MapLike<T = unknown> = { readonly length: number; getitem(i: number): T } | ArrayLike<T>;

/** @internal dataset[i], for Datasets and arrays alike */
export function getItem<T>(ds: MapLike<T>, i: number): T {
  const d = ds as { getitem?: (i: number) => T };
  return typeof d.getitem === 'function' ? d.getitem(i) : (ds as ArrayLike<T>)[i];
}

/** @internal len(dataset), with Python's error for objects without one */
export function lenOf(ds: unknown): number {
  const n = (ds as { length?: unknown } | null)?.length;
  if (typeof n !== 'number') throw new TypeError(`object of type '${(ds as object)?.constructor?.name ?? typeof ds}' has no len()`);
  return n;
}

class DatasetImpl<T = unknown> {
  /** dataset.getitem(i): the i-th sample (Python's dataset[i]); subclasses implement it. */
  getitem(_index: number): T | Promise<T> {
    throw new Error(`NotImplementedError: Subclasses of Dataset should implement getitem.`);
  }
  /** dataset.length (Python's len(dataset)): subclasses define `get length()` or assign it. */
  get length(): number {
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
  set length(n: number) {
    Object.defineProperty(this, 'length', { value: n, writable: true, configurable: true, enumerable: true });
  }
  /** dataset.add(other): ConcatDataset([dataset, other]) (Python's dataset + other). */
  add(other: MapLike<T>): ConcatDatasetImpl<T> {
    return new ConcatDatasetImpl([this as MapLike<T>, other]);
  }
}

/**
 * torch.utils.data.Dataset: subclass it with `get length()` and `getitem(i)`.
 * `class Squares extends torch.utils.data.Dataset { get length() { return 10; } getitem(i) { return i * i; } }`
 */
export const Dataset = callableClass(DatasetImpl);
export type Dataset<T = unknown> = DatasetImpl<T>;

class IterableDatasetImpl<T = unknown> {
  /** Python's __iter__: subclasses implement [Symbol.iterator] (or [Symbol.asyncIterator]). */
  [Symbol.iterator](): Iterator<T> {
    throw new Error('NotImplementedError: Subclasses of IterableDataset should implement [Symbol.iterator].');
  }
}
/**
 * torch.utils.data.IterableDataset: subclass it with `*[Symbol.iterator]()` (or an async one).
 * `class Stream extends torch.utils.data.IterableDataset { *[Symbol.iterator]() { yield* [1, 2, 3]; } }`
 */
export const IterableDataset = callableClass(IterableDatasetImpl);
export type IterableDataset<T = unknown> = IterableDatasetImpl<T>;

/** @internal whether a dataset is iterable-style */
export function isIterableDataset(ds: unknown): boolean {
  if (ds instanceof IterableDatasetImpl) return true;
  if (ds === null || typeof ds !== 'object') return false;
  const d = ds as Record<string | symbol, unknown>;
  return typeof d.getitem !== 'function' && !Array.isArray(ds) && !ArrayBuffer.isView(ds)
    && (typeof d[Symbol.iterator] === 'function' || typeof d[Symbol.asyncIterator] === 'function');
}

class ChainDatasetImpl<T = unknown> extends IterableDatasetImpl<T> {
  readonly datasets: Iterable<T>[];
  constructor(datasets: Iterable<Iterable<T>>) { super(); this.datasets = Array.from(datasets); }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      if (!isIterableDataset(d)) throw new AssertionError('ChainDataset only supports IterableDataset');
      yield* d;
    }
  }
  /** the sum of the datasets' lengths (each must have one) */
  get length(): number { return this.datasets.reduce((n, d) => n + lenOf(d), 0); }
}
/** torch.utils.data.ChainDataset([a, b]): iterable datasets one after another. */
export const ChainDataset = callableClass(ChainDatasetImpl);
export type ChainDataset<T = unknown> = ChainDatasetImpl<T>;

/** torch.utils.data.get_worker_info(): null, as in PyTorch's main process (webtorch loads in one thread). */
export function get_worker_info(): null { return null; }

class TensorDatasetImpl extends DatasetImpl<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    for (const t of tensors) if (!(t instanceof Tensor)) throw new TypeError('TensorDataset expects tensors');
    if (tensors.length && !tensors.every((t) => t.ndim > 0 && t.shape[0] === tensors[0].shape[0])) {
      throw new AssertionError('Size mismatch between tensors');
    }
    this.tensors = tensors;
  }
  /** [t[i] for t in tensors] */
  getitem(index: number): Tensor[] { return this.tensors.map((t) => t.index(index)); }
  /**
   * @internal default_collate of the samples at `indices` (each tensor's rows stacked), gathered
   * with one row copy per sample instead of a view per sample and a stack: a DataLoader batch is
   * on every training step's path. Null where the result could differ from the stack (a subclass's
   * getitem, a tensor that requires grad or is not dense, an index outside [0, length)) or where
   * JS cannot write the memory directly (a GPU device): the loader then collates as usual.
   */
  _collated(indices: readonly number[]): Tensor[] | null {
    const n = this.length;
    if (this.getitem !== TensorDatasetImpl.prototype.getitem || indices.length === 0) return null;
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= n) return null;
    for (const t of this.tensors) if (t.requires_grad || t.device !== 'cpu' || !t.is_contiguous()) return null;
    return this.tensors.map((t) => {
      const row = t.numel() / n;
      const out = Tensor.empty([indices.length, ...t.shape_.slice(1)], t.dtype, t);
      // both arrays after the allocation: growing the memory detaches earlier views of it
      const src = t.storage.backend.array(t.storage), dst = out.storage.backend.array(out.storage);
      const starts = indices.map((i) => t.offset + i * row);
      gatherRows(src, starts, row, dst);
      // released by the step scope, the batch is gathered again rather than copied out
      gathered(out.storage, t.storage, starts, row);
      return out;
    });
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.tensors[0].shape[0]; }
}
/** torch.utils.data.TensorDataset(x, y): sample i is [x[i], y[i]]. `const ds = TensorDataset(x, y)` */
export const TensorDataset = callableClass(TensorDatasetImpl);
export type TensorDataset = TensorDatasetImpl;

class ConcatDatasetImpl<T = unknown> extends DatasetImpl<T> {
  readonly datasets: MapLike<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<MapLike<T>>) {
    super();
    this.datasets = Array.from(datasets);
    if (this.datasets.length === 0) throw new AssertionError('datasets should not be an empty iterable');
    for (const d of this.datasets) if (isIterableDataset(d)) throw new AssertionError('ConcatDataset does not support IterableDataset');
    let s = 0;
    this.cumulative_sizes = this.datasets.map((d) => (s += lenOf(d)));
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.cumulative_sizes[this.cumulative_sizes.length - 1]; }
  /** x[i] in Python: `x.getitem(i)` */
  getitem(idx: number): T {
    if (idx < 0) {
      if (-idx > this.length) throw new ValueError('absolute value of index should not exceed dataset length');
      idx = this.length + idx;
    }
    // bisect_right
    let lo = 0, hi = this.cumulative_sizes.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (idx < this.cumulative_sizes[mid]) hi = mid; else lo = mid + 1; }
    const sample = lo === 0 ? idx : idx - this.cumulative_sizes[lo - 1];
    return getItem(this.datasets[lo], sample);
  }
}
/** torch.utils.data.ConcatDataset([a, b]): a's samples, then b's. */
export const ConcatDataset = callableClass(ConcatDatasetImpl);
export type ConcatDataset<T = unknown> = ConcatDatasetImpl<T>;

class SubsetImpl<T = unknown> extends DatasetImpl<T> {
  readonly indices: readonly number[];
  constructor(readonly dataset: MapLike<T>, indices: readonly number[] | Tensor) {
    super();
    // a tensor of indices (torch.arange(5)) is read once into numbers
    this.indices = indices instanceof Tensor ? (indices.tolist() as number[]) : indices;
  }
  /** x[i] in Python: `x.getitem(i)` */
  getitem(idx: number): T {
    if (Array.isArray(idx)) return (idx as number[]).map((i) => getItem(this.dataset, this.indices[i])) as T;
    return getItem(this.dataset, this.indices[idx < 0 ? this.indices.length + idx : idx]);
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.indices.length; }
}
/** torch.utils.data.Subset(dataset, indices): the samples at `indices`. `Subset(ds, [0, 2, 4])` */
export const Subset = callableClass(SubsetImpl);
export type Subset<T = unknown> = SubsetImpl<T>;

/** Python's math.isclose with its default rel_tol. */
const isclose = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * torch.utils.data.random_split(dataset, lengths, {generator}): lengths, or fractions summing to 1
 * (floored, remainders given out round-robin), over randperm(n, generator) as in PyTorch 1.13.
 * `const [train, val] = random_split(ds, [0.8, 0.2], {generator: torch.Generator().manual_seed(42)})`
 */
export function random_split<T>(dataset: MapLike<T>, lengths: readonly number[], opts: { generator?: Generator | null } | Generator = {}): SubsetImpl<T>[] {
  let generator: Generator = default_generator;
  if (isPlainObject(opts)) {
    checkKeys('random_split', opts, ['generator']);
    if (opts.generator !== undefined) generator = generatorOf(opts.generator, 'random_split');
  } else generator = generatorOf(opts, 'random_split');
  const n = lenOf(dataset);
  let lens = lengths.slice();
  const total = lens.reduce((a, b) => a + b, 0);
  if (isclose(total, 1) && total <= 1) {
    lens = lens.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - lens.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) lens[i % lens.length] += 1;
    lens.forEach((l, i) => { if (l === 0) console.warn(`UserWarning: Length of split at index ${i} is 0. This might result in an empty dataset.`); });
  }
  const sum = lens.reduce((a, b) => a + b, 0);
  if (sum !== n) throw new ValueError('Sum of input lengths does not equal the length of the input dataset!');
  if (!lens.every(isInt)) throw new TypeError('random_split: lengths must be integers or fractions');
  const indices = Array.from(randpermValues(sum, generator));
  let offset = 0;
  return lens.map((len) => { offset += len; return new SubsetImpl(dataset, indices.slice(offset - len, offset)); });
}
