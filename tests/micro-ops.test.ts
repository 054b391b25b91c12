// The small ops issue 15 made faster keep PyTorch 1.13's values (tests/fixtures/micro.json from
// scripts/fixtures/gen_micro.py): relu passes NaN and -0 through on its vector lanes, its scalar
// tail and a strided input; mul by a number (a broadcast operand walked with step 0); the
// transposed copy of shapes around its tile sizes.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../src/index.js';
import { describeBackends } from './gradcheck.js';

type Enc = number | 'nan' | 'inf' | '-inf';
const fx = JSON.parse(readFileSync(new URL('./fixtures/micro.json', import.meta.url), 'utf8')) as
  Record<'relu' | 'mul', Record<'float32' | 'float64', { x: Enc[]; y: Enc[] }>>;
const dec = (v: Enc): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
/** Same numbers, -0 told from 0 and NaN equal to NaN. */
const same = (a: number[], b: number[]) => expect(a.map((v) => Object.is(v, 0) ? '+0' : Object.is(v, -0) ? '-0' : v)).toEqual(b.map((v) => Object.is(v, 0) ? '+0' : Object.is(v, -0) ? '-0' : v));

describeBackends('small ops', () => {
  for (const dt of ['float32', 'float64'] as const) {
    test(`relu keeps NaN and -0 (${dt})`, () => {
      const { x, y } = fx.relu[dt];
      const t = torch.tensor(x.map(dec), { dtype: torch[dt] });
      same(t.relu().tolist() as number[], y.map(dec));
      // a strided input: every other element of the values laid out twice
      const wide = torch.stack([t, t], 1).flatten();
      same(wide.index(torch.arange(0, wide.numel(), 2)).relu().tolist() as number[], y.map(dec));
      same(torch.stack([t, t], 1).t().index(0).relu().tolist() as number[], y.map(dec));
    });
    test(`mul by a number (${dt})`, () => {
      const { x, y } = fx.mul[dt];
      same(torch.tensor(x.map(dec), { dtype: torch[dt] }).mul(-0.5).tolist() as number[], y.map(dec));
    });
  }

  test('X.t().contiguous() is the transpose, around the tile sizes', () => {
    for (const [r, c] of [[1, 1], [3, 5], [4, 4], [8, 8], [17, 9], [33, 65], [64, 784], [784, 64], [100, 3], [5, 130]]) {
      const x = torch.arange(r * c, { dtype: torch.float32 }).reshape(r, c);
      const t = x.t().contiguous();
      const want: number[][] = [];
      for (let j = 0; j < c; j++) want.push(Array.from({ length: r }, (_, i) => i * c + j));
      expect(t.tolist()).toEqual(want);
      expect(t.is_contiguous()).toBe(true);
      for (const dt of [torch.float64, torch.int32, torch.int64, torch.uint8]) {
        const d = x.to(dt).t().contiguous();
        expect(d.tolist()).toEqual(dt === torch.uint8 ? want.map((row) => row.map((v) => v % 256)) : want);
      }
      // a transposed destination: copy_ of a dense source into a transposed view, and a cast on the way
      const dst = torch.zeros(c, r, { dtype: torch.float64 });
      dst.t().copy_(x);
      expect(dst.tolist()).toEqual(want);
    }
  });

  test('after the memory grows: numbers and descriptors are written to the grown memory', () => {
    const x = torch.tensor([1, -2, 3], { dtype: torch.float32 });
    expect(x.mul(2).tolist()).toEqual([2, -4, 6]);
    // 2^26 bytes more than any test holds: the core's memory grows (a detached buffer when unshared)
    const big = torch.empty(1 << 24);
    expect(x.mul(0.5).tolist()).toEqual([0.5, -1, 1.5]);
    expect(x.t().contiguous().add(1).tolist()).toEqual([2, -1, 4]);
    expect(torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).t().contiguous().tolist()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    big.dispose();
  });
});
