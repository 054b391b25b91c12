// x.scatter_/scatter/scatter_add_/scatter_add (gather's adjoints) on both cpu backends, against
// PyTorch 1.13 (tests/fixtures/scatter.json from scripts/fixtures/gen_scatter.py): results with a
// src tensor or a value, gradients for self and src, grad_fn names, errors.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../src/index.js';
import { describeBackends } from './gradcheck.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/scatter.json', import.meta.url), 'utf8'));
const long = (v: unknown) => torch.tensor(v as number[], { dtype: torch.int64 });
const close = (got: number[][], want: number[][]) => got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));

describeBackends('scatter', () => {
  test.each(fx.cases.map((c: { name: string }) => [c.name, c]))('%s: result, grad_fn, gradients', (_, c) => {
    const idx = long(c.index);
    const x = torch.tensor(fx.self).requires_grad_();
    const s = torch.tensor(fx.src).index(`:${c.index.length}, :${c.index[0].length}`).clone().requires_grad_();
    const y = c.kind === 'src' ? x.scatter(c.dim, idx, s) : c.kind === 'value' ? x.scatter(c.dim, idx, 2.5) : x.scatter_add(c.dim, idx, s);
    close(y.tolist() as number[][], c.out);
    expect(y.grad_fn?.name()).toBe(c.grad_fn);
    y.mul(torch.arange(15).float().reshape(3, 5).sin()).sum().backward();
    close(x.grad!.tolist() as number[][], c.grad_self);
    if (c.grad_src) close(s.grad!.tolist() as number[][], c.grad_src);
    else expect(s.grad).toBeNull();
  });

  test('in place: scatter_ and scatter_add_ write into self and return it; {value} and {src} keywords', () => {
    const x = torch.zeros(3, 5);
    expect(x.scatter_(1, long([[4, 0, 2], [1, 1, 3]]), torch.tensor(fx.src))).toBe(x);
    close(x.tolist() as number[][], fx.bigger);
    const y = torch.zeros(3, 5);
    y.scatter_(1, long([[4, 0, 2], [1, 1, 3]]), { src: torch.tensor(fx.src) });
    close(y.tolist() as number[][], fx.bigger);
    const z = torch.zeros(2, 2);
    expect(z.scatter_add_(0, long([[1, 1]]), torch.ones(1, 2))).toBe(z);
    expect(z.tolist()).toEqual([[0, 0], [1, 1]]);
    expect(torch.scatter(torch.zeros(2), 0, long([1]), { value: 4 }).tolist()).toEqual([0, 4]);
    expect(torch.scatter_add(torch.zeros(2), 0, long([1, 1]), torch.ones(2)).tolist()).toEqual([0, 2]);
    expect(() => torch.zeros(2).scatter_(0, long([1]), { valu: 1 } as never)).toThrow("scatter() got an unexpected keyword argument 'valu'");
  });

  test("the Transforms tutorial's one-hot: a 0-d index", () => {
    expect(torch.zeros(10, { dtype: torch.float }).scatter_(0, torch.tensor(3, { dtype: torch.long }), { value: 1 }).tolist()).toEqual(fx.one_hot);
  });

  test("PyTorch's errors", () => {
    expect(() => torch.zeros(3).scatter_(0, torch.tensor([1]), 1)).toThrow(fx.errors['float index']);
    expect(() => torch.zeros(3).scatter_(0, long([5]), 1)).toThrow(fx.errors['out of bounds']);
    expect(() => torch.zeros(3, 2).scatter_(0, long([1, 0]), 1)).toThrow(fx.errors.ndim);
    expect(() => torch.zeros(3, 2).scatter_(0, long([[1, 0, 0]]), torch.zeros(1, 2))).toThrow(fx.errors['too big']);
    expect(() => torch.zeros(3, 2).scatter_(0, long([[1, 0]]), torch.zeros(1, 2, { dtype: torch.float64 }))).toThrow(fx.errors.dtype);
  });
});
