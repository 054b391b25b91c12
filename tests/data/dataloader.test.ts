// torch.utils.data against PyTorch 1.13 (tests/fixtures/data.json from scripts/fixtures/gen_data.py):
// the batches of seeded loaders, samplers and splits, and the global generator's state after them.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

const { DataLoader, TensorDataset, Dataset, IterableDataset, RandomSampler, SequentialSampler, SubsetRandomSampler,
  WeightedRandomSampler, BatchSampler, random_split, ConcatDataset, default_collate } = torch.utils.data;

type Enc = { tensor: unknown; dtype: string; shape: number[] } | { dict: Record<string, Enc> } | Enc[] | string | number;
const fx = JSON.parse(readFileSync(new URL('../fixtures/data.json', import.meta.url), 'utf8')) as {
  loaders: Record<string, { epochs: Enc[][]; length: number | null; after: number[] }>;
  samplers: Record<string, unknown>; splits: Record<string, unknown>; collate: Enc; errors: Record<string, [string, string]>;
};

/** A batch in the fixture's encoding (tensors as {tensor, dtype, shape}, objects as {dict}). */
function enc(x: unknown): Enc {
  if (x instanceof torch.Tensor) return { tensor: (x as Tensor).tolist(), dtype: String(x.dtype).replace('torch.', ''), shape: x.shape.slice() };
  if (Array.isArray(x)) return x.map(enc);
  if (x !== null && typeof x === 'object') return { dict: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, enc(v)])) };
  return x as Enc;
}

const X = () => torch.arange(30).float().reshape(10, 3);
const Y = () => torch.arange(10);
const g = (s: number) => torch.Generator().manual_seed(s);

class Nested extends Dataset {
  get length() { return 5; }
  getitem(i: number) { return { x: torch.full([2], i), label: i, w: i + 0.5, meta: [i * 2, `n${i}`], flag: i % 2 === 0 }; }
}
class Stream extends IterableDataset {
  *[Symbol.iterator]() { for (let i = 0; i < 8; i++) yield i; }
}

const LOADERS: Record<string, [number, () => Iterable<unknown> & { length: number }, number?]> = {
  shuffle_bs4: [0, () => DataLoader(TensorDataset(X(), Y()), { batch_size: 4, shuffle: true })],
  shuffle_bs4_seed7_two_epochs: [7, () => DataLoader(TensorDataset(X(), Y()), { batch_size: 4, shuffle: true }), 2],
  shuffle_generator: [0, () => DataLoader(TensorDataset(X(), Y()), { batch_size: 3, shuffle: true, generator: g(1) })],
  sequential: [0, () => DataLoader(TensorDataset(X(), Y()), { batch_size: 4 })],
  drop_last: [3, () => new DataLoader(TensorDataset(X(), Y()), { batch_size: 3, shuffle: true, drop_last: true })],
  batch_size_none: [4, () => DataLoader(TensorDataset(X(), Y()), { batch_size: null, shuffle: true })],
  sampler_replacement: [5, () => DataLoader(TensorDataset(X(), Y()), { batch_size: 5, sampler: RandomSampler(TensorDataset(X(), Y()), { replacement: true, num_samples: 12 }) })],
  batch_sampler: [6, () => DataLoader(TensorDataset(X(), Y()), { batch_sampler: BatchSampler(SubsetRandomSampler([1, 3, 5, 7, 9]), 2, false) })],
  nested: [8, () => DataLoader(new Nested(), { batch_size: 2, shuffle: true })],
  iterable: [9, () => DataLoader(new Stream(), { batch_size: 3 })],
  iterable_drop_last: [9, () => DataLoader(new Stream(), { batch_size: 3, drop_last: true })],
  concat: [10, () => DataLoader(ConcatDataset([TensorDataset(X().index('0:4'), Y().index('0:4')), TensorDataset(X().index('4:'), Y().index('4:'))]), { batch_size: 4, shuffle: true })],
};

describeBackends('DataLoader gives PyTorch 1.13 batches and advances the generator as it does', () => {
  for (const [name, [seed, make, epochs = 1]] of Object.entries(LOADERS)) {
    test(name, () => {
      const want = fx.loaders[name];
      torch.manual_seed(seed);
      const loader = make();
      const got: Enc[][] = [];
      for (let e = 0; e < epochs; e++) {
        const batches: Enc[] = [];
        for (const b of loader) batches.push(enc(b));
        got.push(batches);
      }
      expect(got).toEqual(want.epochs);
      if (want.length !== null) expect(loader.length).toBe(want.length);
      // a draw after the loop: equal only if the loader drew from the default generator as PyTorch does
      expect(torch.rand(3).tolist()).toEqual(want.after);
    });
  }

  test('async iteration with Promise-returning getitem gives the same batches, prefetching one ahead', async () => {
    const calls: number[] = [];
    class Slow extends Dataset {
      get length() { return 10; }
      async getitem(i: number) { calls.push(i); await new Promise((r) => setTimeout(r, 1)); return [X().index(i), Y().index(i)]; }
    }
    torch.manual_seed(0);
    const loader = DataLoader(new Slow(), { batch_size: 4, shuffle: true });
    const got: Enc[] = [];
    let seenBeforeBody = 0;
    for await (const b of loader) {
      got.push(enc(b));
      seenBeforeBody = Math.max(seenBeforeBody, calls.length - got.length * 4);
    }
    expect(got).toEqual(fx.loaders.shuffle_bs4.epochs[0]);
    expect(torch.rand(3).tolist()).toEqual(fx.loaders.shuffle_bs4.after);
    expect(seenBeforeBody).toBeGreaterThan(0); // the next batch was being fetched during the body
    // sync iteration refuses a dataset that returns promises
    expect(() => { for (const _ of loader) { /* */ } }).toThrow('for await');
  });

  test('for await over a TensorDataset gathers the same batches as for, with the same draws', async () => {
    torch.manual_seed(0);
    const loader = DataLoader(TensorDataset(X(), Y()), { batch_size: 4, shuffle: true });
    const ds = loader.dataset as { _collated: (i: readonly number[]) => unknown };
    let gathered = 0;
    const collated = ds._collated.bind(ds);
    ds._collated = (i) => { gathered++; return collated(i); };
    const got: Enc[] = [];
    for await (const b of loader) got.push(enc(b));
    expect(got).toEqual(fx.loaders.shuffle_bs4.epochs[0]);
    expect(torch.rand(3).tolist()).toEqual(fx.loaders.shuffle_bs4.after);
    expect(gathered).toBe(3);
  });

  test('async iterable datasets', async () => {
    class AStream extends IterableDataset {
      async *[Symbol.asyncIterator]() { for (let i = 0; i < 8; i++) yield i; }
    }
    torch.manual_seed(9);
    const got: Enc[] = [];
    for await (const b of DataLoader(new AStream(), { batch_size: 3 })) got.push(enc(b));
    expect(got).toEqual(fx.loaders.iterable.epochs[0]);
    expect(torch.rand(3).tolist()).toEqual(fx.loaders.iterable.after);
  });
});

test('samplers draw PyTorch 1.13 indices', () => {
  const S = fx.samplers;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  expect([...RandomSampler(range(7), { replacement: true, num_samples: 40, generator: g(1) })]).toEqual(S.random_replacement_40);
  expect([...RandomSampler(range(5), false, 13, g(2))]).toEqual(S.random_13_of_5);
  expect([...SubsetRandomSampler([10, 20, 30, 40, 50], { generator: g(3) })]).toEqual(S.subset_random);
  expect([...WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 8, { generator: g(4) })]).toEqual(S.weighted_repl);
  expect([...new WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, false, g(5))]).toEqual(S.weighted_norepl);
  expect([...BatchSampler(SequentialSampler(range(10)), 3, true)]).toEqual(S.batch_drop);
  expect([...BatchSampler(SequentialSampler(range(10)), { batch_size: 3, drop_last: false })]).toEqual(S.batch_keep);
  expect(BatchSampler(SequentialSampler(range(10)), 3, true).length).toBe(3);
  torch.manual_seed(11);
  expect([...RandomSampler(range(6))]).toEqual(S.random_global);
  expect(torch.rand(3).tolist()).toEqual(S.random_global_after);
});

test('random_split: lengths, fractions, the default generator', () => {
  const S = fx.splits;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const idx = (subs: { indices: readonly number[] }[]) => subs.map((s) => [...s.indices]);
  expect(idx(random_split(range(10), [3, 7], { generator: g(42) }))).toEqual(S.lengths_3_7);
  expect(idx(random_split(range(30), [0.3, 0.3, 0.4], { generator: g(42) }))).toEqual(S.fractions_30);
  expect(idx(random_split(range(11), [0.5, 0.25, 0.25], g(1)))).toEqual(S.fractions_remainder);
  torch.manual_seed(12);
  const parts = random_split(range(6), [2, 4]);
  expect(idx(parts)).toEqual(S.global);
  expect(torch.rand(3).tolist()).toEqual(S.global_after);
  expect(parts[1].length).toBe(4);
  expect(parts[1].getitem(0)).toBe((S.global as number[][])[1][0]);
});

test('default_collate of nested structures; numbers: integers -> int64, others -> float64', () => {
  const out = default_collate([{ a: [1, 2.5], b: [torch.ones(2), 3] }, { a: [4, 5.5], b: [torch.zeros(2), 6] }]);
  expect(enc(out)).toEqual(fx.collate);
  const m = default_collate([new Map([['k', 1]]), new Map([['k', 2]])]) as Map<string, Tensor>;
  expect(m.get('k')!.tolist()).toEqual([1, 2]);
  expect(default_collate(['a', 'b'])).toEqual(['a', 'b']);
});

test('errors say what PyTorch says', () => {
  const E = fx.errors;
  const ds = TensorDataset(X(), Y());
  class S2 extends IterableDataset { *[Symbol.iterator]() { yield 1; } }
  const check = (name: string, fn: () => unknown) => {
    const [type, msg] = E[name];
    let err: Error | null = null;
    try { fn(); } catch (e) { err = e as Error; }
    expect(err, name).not.toBeNull();
    expect(err!.message).toBe(msg);
    expect(err!.name).toBe(type === 'RuntimeError' ? 'Error' : type);
  };
  check('batch_sampler_and_batch_size', () => DataLoader(ds, { batch_size: 2, batch_sampler: BatchSampler([0, 1], 2, false) }));
  check('sampler_and_shuffle', () => DataLoader(ds, { shuffle: true, sampler: SequentialSampler(ds) }));
  check('unknown_kwarg', () => DataLoader(ds, { batch_sizes: 2 } as never));
  check('none_and_drop_last', () => DataLoader(ds, { batch_size: null, drop_last: true }));
  check('iterable_shuffle', () => DataLoader(new S2(), { shuffle: true }));
  check('batch_sampler_bad_size', () => BatchSampler([0, 1, 2], 0, false));
  check('batch_sampler_bad_drop', () => BatchSampler([0, 1, 2], 2, 1 as never));
  check('random_sampler_num_samples', () => RandomSampler(ds, { num_samples: 0 }));
  check('random_sampler_replacement', () => RandomSampler(ds, { replacement: 1 as never }));
  check('split_sum', () => random_split([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]));
  check('split_fraction', () => random_split([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1.5, -0.5]));
  check('tensor_dataset_size', () => TensorDataset(X(), torch.arange(3)));
  check('collate_mismatch', () => default_collate([[1, 2], [3]]));
  check('collate_type', () => default_collate([null, null]));
});

test('classes work with and without new; datasets compose', () => {
  // made after earlier tests' loops and read after this one's: kept (README, Memory)
  const ds = TensorDataset(torch.keep(X()), torch.keep(Y()));
  expect(ds).toBeInstanceOf(TensorDataset);
  expect(new TensorDataset(X(), Y())).toBeInstanceOf(Dataset);
  expect(ds.length).toBe(10);
  const both = ds.add(ds);
  expect(both.length).toBe(20);
  expect((both.getitem(-1) as Tensor[])[1].item()).toBe(9);
  class Assigned extends Dataset { constructor() { super(); this.length = 3; } getitem(i: number) { return i; } }
  expect([...DataLoader(new Assigned(), { batch_size: 2 })].map((b) => (b as Tensor).tolist())).toEqual([[0, 1], [2]]);
  expect(DataLoader([1, 2, 3, 4, 5], 2).length).toBe(3);
  const sub = torch.utils.data.Subset(ds, torch.arange(2, 5));
  expect(sub.length).toBe(3);
  expect((sub.getitem(0) as Tensor[])[1].item()).toBe(2);
  expect(() => DataLoader(ds, 2, { batch_size: 3 })).toThrow("DataLoader.__init__() got multiple values for argument 'batch_size'");
  expect(String(torch.Generator())).toBe('<torch._C.Generator object>');
  const chain = torch.utils.data.ChainDataset([new Stream(), new Stream()]);
  expect([...chain].length).toBe(16);
  expect(torch.utils.data.get_worker_info()).toBeNull();
});

test('from_image and from_csv', () => {
  const img = { data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 128]), width: 2, height: 1 };
  const chw = torch.utils.data.from_image(img, { channels: 3 });
  expect(chw.shape).toEqual([3, 1, 2]);
  expect(chw.dtype).toBe(torch.float32);
  expect(chw.tolist()).toEqual([[[1, 0]], [[0, 1]], [[0, 0]]]);
  const hwc = torch.utils.data.from_image(img, { layout: 'HWC' });
  expect(hwc.dtype).toBe(torch.uint8);
  expect(hwc.tolist()).toEqual([[[255, 0, 0, 255], [0, 255, 0, 128]]]);
  const t = torch.utils.data.from_csv('a,b\n1,2.5\n\n3,4\n', { header: true });
  expect(t.tolist()).toEqual([[1, 2.5], [3, 4]]);
  expect(t.columns).toEqual(['a', 'b']);
  expect(torch.utils.data.from_csv('1;2', { delimiter: ';', dtype: 'int64' }).dtype).toBe(torch.int64);
  expect(() => torch.utils.data.from_csv('1,x')).toThrow("from_csv: line 1, column 2: 'x' is not a number");
});
