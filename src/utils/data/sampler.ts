// torch.utils.data's samplers (mirrors torch/utils/data/sampler.py). Each iteration is a lazy
// generator, so random numbers are drawn at the moment PyTorch draws them (RandomSampler's seed
// at the first batch, not when the loader's iterator is made).
import { Tensor } from '../../tensor.js';
import { default_generator, generatorOf, randintValues, randpermValues, Generator, type MT19937 } from '../../random.js';
import { multinomial } from '../../ops/distributions.js';
import { tensor } from '../../creation.js';
import { float64 } from '../../dtype.js';
import { ValueError, lenOf } from './dataset.js';
import { checkKeys, isInt, isPlainObject, pyRepr } from './_util.js';
import { callableClass } from '../../callable.js';

/** @internal torch.empty((), dtype=torch.int64).random_(generator=g).item(): one 64-bit draw mod 2^63 */
export function int64Draw(g: MT19937): bigint {
  return g.random64() % (1n << 63n);
}

class SamplerImpl<T = number> {
  /** Python's __iter__: subclasses implement it (a generator method is simplest). */
  [Symbol.iterator](): Iterator<T> {
    throw new Error('NotImplementedError');
  }
}
/** torch.utils.data.Sampler: subclass it with `*[Symbol.iterator]()` and, optionally, `get length()`. */
export const Sampler = callableClass(SamplerImpl);
export type Sampler<T = number> = SamplerImpl<T>;

class SequentialSamplerImpl extends SamplerImpl<number> {
  constructor(readonly data_source: unknown) { super(); }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<number> {
    const n = lenOf(this.data_source);
    for (let i = 0; i < n; i++) yield i;
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return lenOf(this.data_source); }
}
/** torch.utils.data.SequentialSampler(ds): 0, 1, ..., len(ds) - 1. */
export const SequentialSampler = callableClass(SequentialSamplerImpl);
export type SequentialSampler = SequentialSamplerImpl;

interface RandomSamplerOptions { replacement?: boolean; num_samples?: number | null; generator?: Generator | null }

class RandomSamplerImpl extends SamplerImpl<number> {
  readonly replacement: boolean;
  /** @internal */
  readonly _num_samples: number | null;
  generator: Generator | null;
  constructor(data_source: unknown, replacement: boolean | RandomSamplerOptions = false, num_samples: number | null = null, generator: Generator | null = null) {
    super();
    if (isPlainObject(replacement)) {
      checkKeys('RandomSampler.__init__', replacement, ['replacement', 'num_samples', 'generator']);
      ({ replacement = false, num_samples = null, generator = null } = replacement as RandomSamplerOptions);
    }
    this.data_source = data_source;
    this.replacement = replacement as boolean;
    this._num_samples = num_samples;
    this.generator = generator === null ? null : generatorOf(generator, 'RandomSampler');
    if (typeof this.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${pyRepr(this.replacement)}`);
    if (!isInt(this.num_samples) || this.num_samples <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(this.num_samples)}`);
  }
  readonly data_source: unknown;
  get num_samples(): number { return this._num_samples ?? lenOf(this.data_source); }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<number> {
    const n = lenOf(this.data_source);
    let g: MT19937;
    if (this.generator === null) {
      // a fresh generator seeded from the default one, as PyTorch does
      g = new Generator().manual_seed(int64Draw(default_generator));
    } else g = this.generator;
    const num = this.num_samples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(num / 32); k++) yield* randintValues(32, 0, n, g);
      yield* randintValues(num % 32, 0, n, g);
    } else {
      for (let k = 0; k < Math.floor(num / n); k++) yield* randpermValues(n, g);
      // the last permutation is drawn whole, then cut
      yield* randpermValues(n, g).subarray(0, num % n);
    }
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.num_samples; }
}
/**
 * torch.utils.data.RandomSampler(ds, {replacement, num_samples, generator}): a shuffled order
 * drawn as PyTorch 1.13 draws it. `RandomSampler(ds, {generator: torch.Generator().manual_seed(0)})`
 */
export const RandomSampler = callableClass(RandomSamplerImpl);
export type RandomSampler = RandomSamplerImpl;

class SubsetRandomSamplerImpl extends SamplerImpl<number> {
  generator: Generator | null;
  constructor(readonly indices: readonly number[], generator: Generator | null | { generator?: Generator | null } = null) {
    super();
    if (isPlainObject(generator)) {
      checkKeys('SubsetRandomSampler.__init__', generator, ['generator']);
      generator = (generator as { generator?: Generator | null }).generator ?? null;
    }
    this.generator = generator as Generator | null;
  }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<number> {
    for (const i of randpermValues(this.indices.length, generatorOf(this.generator, 'SubsetRandomSampler'))) yield this.indices[i];
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.indices.length; }
}
/** torch.utils.data.SubsetRandomSampler(indices, {generator}): the indices in a random order. */
export const SubsetRandomSampler = callableClass(SubsetRandomSamplerImpl);
export type SubsetRandomSampler = SubsetRandomSamplerImpl;

interface WeightedOptions { num_samples?: number; replacement?: boolean; generator?: Generator | null }

class WeightedRandomSamplerImpl extends SamplerImpl<number> {
  readonly weights: Tensor;
  readonly num_samples: number;
  readonly replacement: boolean;
  generator: Generator | null;
  constructor(weights: readonly number[] | Tensor, num_samples: number | WeightedOptions, replacement: boolean | WeightedOptions = true, generator: Generator | null = null) {
    super();
    let o: WeightedOptions = {};
    if (isPlainObject(num_samples)) { o = num_samples as WeightedOptions; num_samples = undefined as never; }
    else if (isPlainObject(replacement)) { o = replacement as WeightedOptions; replacement = true; }
    checkKeys('WeightedRandomSampler.__init__', o, ['num_samples', 'replacement', 'generator']);
    num_samples = o.num_samples ?? (num_samples as number);
    replacement = o.replacement ?? (replacement as boolean);
    generator = o.generator ?? generator;
    if (!isInt(num_samples) || num_samples <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(num_samples)}`);
    if (typeof replacement !== 'boolean') throw new ValueError(`replacement should be a boolean value, but got replacement=${pyRepr(replacement)}`);
    const w = weights instanceof Tensor ? weights.to(float64) : tensor(weights as number[], { dtype: float64, device: 'cpu' });
    if (w.ndim !== 1) throw new ValueError(`weights should be a 1d sequence but given weights have shape (${w.shape.join(', ')}${w.ndim === 1 ? ',' : ''})`);
    w._kept = true;
    this.weights = w;
    this.num_samples = num_samples;
    this.replacement = replacement;
    this.generator = generator;
  }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<number> {
    const t = multinomial(this.weights, this.num_samples, this.replacement, { generator: this.generator });
    const v = t.tolist() as number[];
    t.dispose();
    yield* v;
  }
  /** len(x) in Python: `x.length` */
  get length(): number { return this.num_samples; }
}
/** torch.utils.data.WeightedRandomSampler(weights, num_samples, replacement = true, {generator}): multinomial draws. */
export const WeightedRandomSampler = callableClass(WeightedRandomSamplerImpl);
export type WeightedRandomSampler = WeightedRandomSamplerImpl;

class BatchSamplerImpl extends SamplerImpl<number[]> {
  readonly sampler: Iterable<unknown>;
  readonly batch_size: number;
  readonly drop_last: boolean;
  constructor(sampler: Iterable<unknown>, batch_size: number | { batch_size?: number; drop_last?: boolean }, drop_last?: boolean) {
    super();
    if (isPlainObject(batch_size)) {
      checkKeys('BatchSampler.__init__', batch_size, ['batch_size', 'drop_last']);
      ({ batch_size, drop_last } = batch_size as { batch_size: number; drop_last: boolean });
    }
    if (!isInt(batch_size) || batch_size <= 0) throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${pyRepr(batch_size)}`);
    if (typeof drop_last !== 'boolean') throw new ValueError(`drop_last should be a boolean value, but got drop_last=${pyRepr(drop_last)}`);
    this.sampler = sampler;
    this.batch_size = batch_size;
    this.drop_last = drop_last;
  }
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx as number);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
  /** len(x) in Python: `x.length` */
  get length(): number {
    const n = lenOf(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}
/** torch.utils.data.BatchSampler(sampler, batch_size, drop_last): lists of indices. */
export const BatchSampler = callableClass(BatchSamplerImpl);
export type BatchSampler = BatchSamplerImpl;

/** @internal the sampler of iterable datasets: null forever */
export class InfiniteConstantSampler extends SamplerImpl<null> {
  /** iter(x) in Python: `for (const i of x)` */
  *[Symbol.iterator](): Iterator<null> { for (;;) yield null; }
}
