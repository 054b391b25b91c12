// torch.utils.data.DataLoader (mirrors torch/utils/data/dataloader.py, single process). Every
// iterator draws its base seed from the loader's generator (or the default one) when it is made,
// and the samplers draw lazily, so a seeded program gets PyTorch's batches and leaves the
// generators exactly where PyTorch leaves them.
import { stepBoundary } from '../../memory.js';
import { default_generator, generatorOf, type Generator as TorchGenerator } from '../../random.js';
import type { Tensor } from '../../tensor.js';
import { ValueError, getItem, isIterableDataset, lenOf, type MapLike } from './dataset.js';
import { BatchSampler, InfiniteConstantSampler, RandomSampler, SequentialSampler, int64Draw } from './sampler.js';
import { default_collate, default_convert } from './collate.js';
import { isPlainObject, pyRepr } from './_util.js';
import { callableClass } from '../../callable.js';

/** DataLoader's keyword arguments (PyTorch's names and defaults). */
export interface DataLoaderOptions {
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<unknown> | null;
  batch_sampler?: Iterable<unknown[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: unknown) => unknown) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  timeout?: number;
  worker_init_fn?: ((id: number) => void) | null;
  multiprocessing_context?: null;
  generator?: TorchGenerator | null;
  prefetch_factor?: number;
  persistent_workers?: boolean;
  pin_memory_device?: string;
}
const POSITIONAL = ['batch_size', 'shuffle', 'sampler', 'batch_sampler', 'num_workers', 'collate_fn', 'pin_memory', 'drop_last',
  'timeout', 'worker_init_fn', 'multiprocessing_context', 'generator', 'prefetch_factor', 'persistent_workers', 'pin_memory_device'] as const;

const isPromise = (x: unknown): x is PromiseLike<unknown> => x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function';
const ASYNC_ONLY = 'the dataset returned a Promise: iterate this DataLoader with `for await (const batch of loader)`';

class DataLoaderImpl<T = unknown> {
  readonly dataset: unknown;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<unknown>;
  readonly batch_sampler: Iterable<unknown[]> | null;
  readonly generator: TorchGenerator | null;
  readonly collate_fn: (batch: unknown) => unknown;
  readonly num_workers = 0;
  /** @internal */
  readonly _iterable: boolean;

  constructor(dataset: unknown, ...args: unknown[]) {
    const o: Record<string, unknown> = {};
    let rest = args;
    if (rest.length && isPlainObject(rest[rest.length - 1])) {
      const kw = rest[rest.length - 1] as Record<string, unknown>;
      rest = rest.slice(0, -1);
      for (const k of Object.keys(kw)) {
        if (!(POSITIONAL as readonly string[]).includes(k)) throw new TypeError(`DataLoader.__init__() got an unexpected keyword argument '${k}'`);
      }
      Object.assign(o, kw);
    }
    if (rest.length > POSITIONAL.length) throw new TypeError(`DataLoader.__init__() takes ${POSITIONAL.length + 2} positional arguments but ${rest.length + 2} were given`);
    rest.forEach((v, i) => {
      if (POSITIONAL[i] in o) throw new TypeError(`DataLoader.__init__() got multiple values for argument '${POSITIONAL[i]}'`);
      o[POSITIONAL[i]] = v;
    });
    let batch_size = (o.batch_size === undefined ? 1 : o.batch_size) as number | null;
    let shuffle = (o.shuffle ?? null) as boolean | null;
    let sampler = (o.sampler ?? null) as Iterable<unknown> | null;
    let batch_sampler = (o.batch_sampler ?? null) as Iterable<unknown[]> | null;
    let drop_last = (o.drop_last ?? false) as boolean;
    const num_workers = (o.num_workers ?? 0) as number;
    if (num_workers < 0) throw new ValueError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    if (num_workers > 0) throw new ValueError('num_workers > 0 is not supported in webtorch (JavaScript runs the loader in one thread); use num_workers=0');
    if ((o.timeout ?? 0) as number < 0) throw new ValueError('timeout option should be non-negative');
    if (o.persistent_workers) throw new ValueError('persistent_workers option needs num_workers > 0');
    const generator = o.generator === undefined || o.generator === null ? null : generatorOf(o.generator, 'DataLoader');

    this.dataset = dataset;
    this._iterable = isIterableDataset(dataset);
    if (this._iterable) {
      if (shuffle !== false && shuffle !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyRepr(shuffle)}`);
      if (sampler !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${String(sampler)}`);
      if (batch_sampler !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${String(batch_sampler)}`);
    } else shuffle = Boolean(shuffle);
    if (sampler !== null && shuffle) throw new ValueError('sampler option is mutually exclusive with shuffle');
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) {
        throw new ValueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null && drop_last) {
      throw new ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    if (sampler === null) {
      if (this._iterable) sampler = new InfiniteConstantSampler();
      else sampler = shuffle ? RandomSampler(dataset, { generator }) : SequentialSampler(dataset);
    }
    if (batch_size !== null && batch_sampler === null) batch_sampler = BatchSampler(sampler, batch_size, drop_last) as Iterable<unknown[]>;
    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.sampler = sampler;
    this.batch_sampler = batch_sampler;
    this.generator = generator;
    this.collate_fn = (o.collate_fn ?? (batch_sampler !== null ? default_collate : default_convert)) as (b: unknown) => unknown;
  }

  /** @internal the sampler whose items are fetched: batch_sampler when batching, else sampler */
  get _index_sampler(): Iterable<unknown> { return this.batch_sampler ?? this.sampler; }

  /** len(loader): the number of batches (for iterable datasets, from the dataset's length). */
  get length(): number {
    if (this._iterable) {
      let n = lenOf(this.dataset);
      if (this.batch_size !== null) n = this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
      return n;
    }
    return lenOf(this._index_sampler);
  }

  /** @internal what every iterator does first: PyTorch's _BaseDataLoaderIter base seed */
  _begin(): { indices: Iterator<unknown>; base_seed: bigint } {
    const indices = this._index_sampler[Symbol.iterator]();
    const base_seed = int64Draw(this.generator ?? default_generator);
    return { indices, base_seed };
  }

  /** for (const batch of loader): batches fetched and collated one at a time. */
  [Symbol.iterator](): Iterator<T> {
    // the base seed is drawn now, when the iterator is made, as PyTorch's iter(loader) does
    return this._batches(this._begin().indices);
  }

  /** @internal */
  *_batches(indices: Iterator<unknown>): Generator<T> {
    const auto = this.batch_sampler !== null;
    if (this._iterable) {
      const it = (this.dataset as Iterable<unknown>)[Symbol.iterator]?.();
      if (!it) throw new TypeError('this IterableDataset is only async iterable: iterate the DataLoader with `for await`');
      for (;;) {
        stepBoundary('batch');
        const r = indices.next();
        if (r.done) return;
        let data: unknown;
        if (auto) {
          const batch: unknown[] = [];
          for (let k = 0; k < (r.value as unknown[]).length; k++) {
            const x = it.next();
            if (x.done) break;
            batch.push(x.value);
          }
          if (batch.length === 0 || (this.drop_last && batch.length < (r.value as unknown[]).length)) return;
          data = batch;
        } else {
          const x = it.next();
          if (x.done) return;
          data = x.value;
        }
        const out = this.collate_fn(data);
        if (isPromise(out)) throw new TypeError(ASYNC_ONLY);
        yield out as T;
      }
    }
    for (;;) {
      // a batch marks an iteration of the training loop (src/memory.ts), before its tensors exist
      stepBoundary('batch');
      const r = indices.next();
      if (r.done) return;
      const fast = this._gathered(auto, r.value);
      if (fast) {
        yield fast as T;
        continue;
      }
      const data = auto ? (r.value as number[]).map((i) => getItem(this.dataset as MapLike, i)) : getItem(this.dataset as MapLike, r.value as number);
      if (auto ? (data as unknown[]).some(isPromise) : isPromise(data)) throw new TypeError(ASYNC_ONLY);
      const out = this.collate_fn(data);
      if (isPromise(out)) throw new TypeError(ASYNC_ONLY);
      yield out as T;
    }
  }

  /** @internal A TensorDataset's rows gathered straight into the batch (what default_collate would stack), or null. */
  _gathered(auto: boolean, indices: unknown): Tensor[] | null {
    if (!auto || this.collate_fn !== default_collate) return null;
    return (this.dataset as { _collated?: (i: readonly number[]) => Tensor[] | null })._collated?.(indices as number[]) ?? null;
  }

  /**
   * for await (const batch of loader): for datasets whose getitem returns a Promise (or async
   * iterable datasets). The next batch is fetched while the current one is in use, so getitem
   * calls run one batch ahead of the loop body (indices are drawn in PyTorch's order).
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this._asyncBatches(this._begin().indices);
  }

  /** @internal */
  async *_asyncBatches(indices: Iterator<unknown>): AsyncGenerator<T> {
    const auto = this.batch_sampler !== null;
    const ds = this.dataset as Record<symbol, unknown>;
    const it: Iterator<unknown> | AsyncIterator<unknown> | null = this._iterable
      ? ((ds[Symbol.asyncIterator] as (() => AsyncIterator<unknown>) | undefined)?.call(ds) ?? (ds[Symbol.iterator] as () => Iterator<unknown>).call(ds))
      : null;
    const fetch = async (): Promise<{ done: boolean; value?: T }> => {
      stepBoundary('batch');
      const r = indices.next();
      if (r.done) return { done: true };
      let data: unknown;
      if (it) {
        const want = auto ? (r.value as unknown[]).length : 1;
        const batch: unknown[] = [];
        for (let k = 0; k < want; k++) {
          const x = await it.next();
          if (x.done) break;
          batch.push(x.value);
        }
        if (batch.length === 0 || (auto && this.drop_last && batch.length < want)) return { done: true };
        data = auto ? batch : batch[0];
      } else {
        // a TensorDataset's rows gathered straight into the batch, as in the synchronous loop
        const fast = this._gathered(auto, r.value);
        if (fast) return { done: false, value: fast as T };
        data = auto
          ? await Promise.all((r.value as number[]).map((i) => getItem(this.dataset as MapLike, i)))
          : await getItem(this.dataset as MapLike, r.value as number);
      }
      return { done: false, value: (await this.collate_fn(data)) as T };
    };
    let pending = fetch();
    for (;;) {
      const r = await pending;
      if (r.done) return;
      pending = fetch();
      // a prefetch that fails after the loop stopped must not be an unhandled rejection
      pending.catch(() => undefined);
      yield r.value as T;
    }
  }

  /** @internal */
  get [Symbol.toStringTag](): string { return 'DataLoader'; }
}

/** The sample type of a dataset: what getitem returns (awaited), or what it iterates over. */
export type SampleOf<D> = D extends { getitem(i: number): infer T } ? Awaited<T>
  : D extends ArrayLike<infer T> ? T
  : D extends Iterable<infer T> ? T
  : D extends AsyncIterable<infer T> ? T : unknown;
/** What default_collate makes of a batch of samples of type T. */
export type Collated<T> = T extends Tensor ? Tensor
  : T extends number | boolean | bigint ? Tensor
  : T extends string ? string[]
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
  : T extends Map<infer K, infer V> ? Map<K, Collated<V>>
  : T extends object ? { -readonly [K in keyof T]: Collated<T[K]> } : unknown;

/**
 * torch.utils.data.DataLoader(dataset, {batch_size = 1, shuffle, sampler, batch_sampler, drop_last,
 * collate_fn, generator}): iterable over batches, `loader.length` batches.
 * `for (const [xb, yb] of DataLoader(TensorDataset(x, y), {batch_size: 16, shuffle: true})) { ... }`
 */
export const DataLoader = callableClass(DataLoaderImpl) as unknown as {
  // batches typed as default_collate makes them (pass the type yourself with a collate_fn of your own)
  new <D, T = Collated<SampleOf<D>>>(dataset: D, ...args: unknown[]): DataLoaderImpl<T>;
  <D, T = Collated<SampleOf<D>>>(dataset: D, ...args: unknown[]): DataLoaderImpl<T>;
  readonly prototype: DataLoaderImpl;
};
export type DataLoader<T = unknown> = DataLoaderImpl<T>;
