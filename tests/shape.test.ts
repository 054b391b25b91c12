// Movement ops on both cpu backends: views share storage (a write through a view shows in its
// base), copies happen only when strides force them, the copies (cat, stack, repeat, flip, roll,
// tril/triu, diag, trace) handle non-contiguous inputs, PyTorch's errors and grad_fn names.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from './gradcheck.js';

const X = () => torch.arange(12).float().reshape(3, 4);
const shape = (t: Tensor) => [...t.shape];

/** Writes 99 through `view` and returns the base's values. */
function writeThrough(base: Tensor, view: (b: Tensor) => Tensor): unknown {
  view(base).fill_(99);
  return base.tolist();
}

describeBackends('shape ops', () => {
  describe('views', () => {
    test('every view op shares storage with its base', () => {
      const cases: [string, (b: Tensor) => Tensor][] = [
        ['view', (b) => b.view(2, 6).index(0)],
        ['reshape (contiguous)', (b) => b.reshape(-1).index('0:2')],
        ['flatten', (b) => b.flatten().index(1)],
        ['unflatten', (b) => b.unflatten(1, [2, 2]).index(0, 1)],
        ['squeeze / unsqueeze', (b) => b.unsqueeze(0).squeeze(0).index(2)],
        ['transpose / t / T / mT', (b) => b.t().T.mT.index(':, 0')],
        ['permute', (b) => b.permute(1, 0).index(3)],
        ['expand', (b) => b.index('0:1').expand(5, 4).index(':, 1')],
        ['split', (b) => b.split(2, 1)[1]],
        ['chunk', (b) => b.chunk(3)[2]],
        ['unbind', (b) => b.unbind(1)[0]],
        ['narrow / select', (b) => b.narrow(0, 1, 2).select(1, 3)],
        ['diagonal', (b) => b.diagonal(1)],
      ];
      for (const [name, f] of cases) {
        const base = X();
        const before = base.clone().tolist();
        expect(writeThrough(base, f), name).not.toEqual(before);
        const b = X();
        expect(f(b).storage, name).toBe(b.storage);
      }
    });
    test('strides and offsets are PyTorch\'s', () => {
      const x = X();
      expect(x.t().stride()).toEqual([1, 4]);
      expect(x.index('1:, ::2').stride()).toEqual([4, 2]);
      expect(x.index('1:, ::2').storage_offset()).toBe(4);
      expect(x.diagonal(1).stride()).toEqual([5]);
      expect(x.diagonal(1).storage_offset()).toBe(1);
      expect(x.index(0).expand(2, 4).stride()).toEqual([0, 1]);
      expect(x.split([1, 3], 1)[1].storage_offset()).toBe(1);
      expect(x.unsqueeze(1).stride()).toEqual([4, 4, 1]);
    });
    test('reshape copies only when strides force it; view refuses then', () => {
      const x = X();
      const r = x.t().reshape(12);
      r.fill_(0);
      expect(x.sum().item()).toBe(66);
      expect(() => x.t().view(12)).toThrow("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
      expect(x.t().view(4, 3).is_contiguous()).toBe(false);
      const v = x.reshape(2, 6);
      v.fill_(1);
      expect(x.sum().item()).toBe(12);
      expect(() => x.reshape(5, 5)).toThrow("shape '[5, 5]' is invalid for input of size 12");
      expect(() => x.reshape(-1, -1)).toThrow('only one dimension can be inferred');
    });
    test('shape errors are PyTorch\'s', () => {
      expect(() => X().transpose(0, 2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
      expect(() => X().flatten(1, 0)).toThrow('flatten() has invalid args: start_dim cannot come after end_dim');
      expect(() => X().unflatten(1, [3, 2])).toThrow("unflatten: Provided sizes [3, 2] don't multiply up to the size of dim 1 (4) in the input tensor");
      expect(() => torch.zeros(2, 2, 2).t()).toThrow('t() expects a tensor with <= 2 dimensions, but self is 3D');
      expect(() => torch.zeros(3).mT).toThrow('tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.');
      expect(() => X().split([1, 2], 1)).toThrow("split_with_sizes expects split_sizes to sum exactly to 4 (input tensor's size at dimension 1), but got split_sizes=[1, 2]");
      expect(() => X().chunk(0)).toThrow('chunk expects `chunks` to be greater than 0, got: 0');
      expect(() => X().narrow(1, 3, 2)).toThrow('start (3) + length (2) exceeds dimension size (4).');
      expect(() => X().select(1, 4)).toThrow('select(): index 4 out of range for tensor of size [3, 4] at dimension 1');
      expect(() => X().expand(3, 5)).toThrow('The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 1.');
    });
    test('split, chunk, squeeze, T and friends give PyTorch\'s shapes', () => {
      expect(X().split(3, 1).map(shape)).toEqual([[3, 3], [3, 1]]);
      expect(torch.arange(6).chunk(4).map(shape)).toEqual([[2], [2], [2]]);
      expect(shape(torch.zeros(1, 3, 1).squeeze())).toEqual([3]);
      expect(shape(torch.zeros(1, 3, 1).squeeze(2))).toEqual([1, 3]);
      expect(shape(torch.zeros(2, 3).squeeze(1))).toEqual([2, 3]);
      expect(shape(torch.zeros(2, 3, 4).T)).toEqual([4, 3, 2]);
      expect(shape(torch.zeros(2, 3, 4).mT)).toEqual([2, 4, 3]);
      expect(shape(torch.tensor(3).flatten())).toEqual([1]);
      expect(shape(X().unflatten(1, [-1, 2]))).toEqual([3, 2, 2]);
      expect(shape(torch.flatten(torch.zeros(2, 3, 4), { start_dim: 1 }))).toEqual([2, 12]);
    });
    test('grad_fn names', () => {
      const x = X().requires_grad_();
      const names = [x.view(12), x.t().reshape(12), x.t(), x.T, x.unsqueeze(0).squeeze(), x.unsqueeze(0).squeeze(0), x.split(2)[0],
        x.split([1, 2])[0], x.unbind()[0], x.narrow(0, 0, 1), x.select(0, 1), x.diagonal(), x.expand(2, 3, 4)].map((t) => t.grad_fn?.name());
      expect(names).toEqual(['ViewBackward0', 'UnsafeViewBackward0', 'TBackward0', 'PermuteBackward0', 'SqueezeBackward0', 'SqueezeBackward1',
        'SplitBackward0', 'SplitWithSizesBackward0', 'UnbindBackward0', 'SliceBackward0', 'SelectBackward0', 'DiagonalBackward0', 'ExpandBackward0']);
    });
    test('gradients of windows, and of split pieces that were not used', () => {
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3, 0.7, 1.1, -2, 0.4, 0.9, -0.6], [3, 4], true);
      gradgradcheck((t) => t.diagonal(1).mul(t.select(1, 2)), [x]);
      gradgradcheck((t) => t.narrow(1, 1, 2).mul(t.index('::2, 1:3').sum()), [x]);
      gradcheck((t) => t.split([1, 3], 1)[1], [x]);
      gradcheck((t) => t.unbind(1)[2].mul(t.unbind(0)[1].sum()), [x]);
    });
  });

  describe('copies', () => {
    test('cat: dims, promotion, non-contiguous inputs, legacy empty tensors', () => {
      const x = X();
      expect(torch.cat([x, x.mul(-1)], { dim: -1 }).index(0).tolist()).toEqual([0, 1, 2, 3, -0, -1, -2, -3]);
      const mixed = torch.cat([torch.tensor([1, 2], { dtype: torch.int64 }), torch.tensor([1.5])]);
      expect([mixed.dtype, mixed.tolist()]).toEqual([torch.float32, [1, 2, 1.5]]);
      expect(torch.cat([x.t(), x.index(':, ::2').t()]).index(':, 0').tolist()).toEqual([0, 1, 2, 3, 0, 2]);
      expect(shape(torch.cat([x, torch.tensor([])]))).toEqual([3, 4]);
      expect(torch.concat([torch.tensor([1]), torch.tensor([2])]).tolist()).toEqual([1, 2]);
    });
    test('cat and stack errors, thrown before anything is allocated', () => {
      const [x, a33, a4, s1, s2, a23, a32, v2] = [X(), torch.zeros(3, 3), torch.zeros(4), torch.tensor(1), torch.tensor(2), torch.zeros(2, 3), torch.zeros(3, 2), torch.zeros(2)];
      const before = torch.memory().tensors;
      expect(() => torch.cat([x, a33], 0)).toThrow('Sizes of tensors must match except in dimension 0. Expected size 4 but got size 3 for tensor number 1 in the list.');
      expect(() => torch.cat([x, a4])).toThrow('Tensors must have same number of dimensions: got 2 and 1');
      expect(() => torch.cat([s1, s2])).toThrow('zero-dimensional tensor (at position 0) cannot be concatenated');
      expect(() => torch.cat([])).toThrow('torch.cat(): expected a non-empty list of Tensors');
      expect(() => torch.stack([a23, a32])).toThrow('stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at entry 1');
      expect(() => torch.stack([v2], 2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
      expect(torch.memory().tensors).toBeLessThanOrEqual(before);
    });
    test('stack, repeat, flip, roll on views', () => {
      const t = X().t();
      expect(torch.stack([t.index(0), t.index(1)], -1).tolist()).toEqual([[0, 1], [4, 5], [8, 9]]);
      expect(torch.tensor([1, 2]).repeat(2, 2).tolist()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
      expect(t.repeat(1, 2).index(1).tolist()).toEqual([1, 5, 9, 1, 5, 9]);
      expect(shape(torch.tensor([1, 2]).repeat(0, 2))).toEqual([0, 4]);
      expect(() => X().repeat(2)).toThrow('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
      expect(t.flip(1).index(0).tolist()).toEqual([8, 4, 0]);
      expect(X().flip(0, 1).index(0).tolist()).toEqual([11, 10, 9, 8]);
      expect(() => X().flip(0, 0)).toThrow('dim 0 appears multiple times in the list of dims');
      expect(X().roll([1, -1], [0, 1]).index(0).tolist()).toEqual([9, 10, 11, 8]);
      expect(X().roll(5).index(0).tolist()).toEqual([7, 8, 9, 10]);
      expect(t.roll(1, 0).index(0).tolist()).toEqual([3, 7, 11]);
      expect(() => X().roll([1, 2], 0)).toThrow('shifts and dimensions must align. shifts: 2, dims:1');
    });
    test('flip keeps int64 bits exactly', () => {
      const big = torch.from_numpy(new BigInt64Array([2n ** 60n + 1n, -3n]));
      expect(Array.from(big.flip(0).numpy() as BigInt64Array)).toEqual([-3n, 2n ** 60n + 1n]);
    });
    test('tril, triu, diag, trace', () => {
      expect(X().tril().index(0).tolist()).toEqual([0, 0, 0, 0]);
      expect(X().tril(1).index(0).tolist()).toEqual([0, 1, 0, 0]);
      expect(X().triu(-1).index(2).tolist()).toEqual([0, 9, 10, 11]);
      expect(X().long().triu().dtype).toBe(torch.int64);
      expect(X().bool().triu().dtype).toBe(torch.bool);
      expect(torch.ones(2, 2, 3).tril().sum().item()).toBe(6);
      expect(X().t().triu().index(':, 0').tolist()).toEqual([0, 0, 0, 0]);
      expect(() => torch.zeros(3).tril()).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got -2)');
      expect(X().diag().tolist()).toEqual([0, 5, 10]);
      expect(X().diag(-1).tolist()).toEqual([4, 9]);
      expect(X().t().diag(1).tolist()).toEqual([4, 9]);
      expect(torch.tensor([1, 2]).diag(1).tolist()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
      expect(() => torch.zeros(2, 2, 2).diag()).toThrow('matrix or a vector expected');
      expect(X().trace().item()).toBe(15);
      expect(X().long().trace().dtype).toBe(torch.int64);
      expect(X().t().trace().item()).toBe(15);
      expect(() => torch.zeros(2, 2, 2).trace()).toThrow('trace: expected a matrix, but got tensor with dim 3');
    });
    test('grad_fn names of the copies', () => {
      const x = X().requires_grad_();
      const names = [torch.cat([x, x]), torch.stack([x, x]), x.repeat(2, 1), x.flip(0), x.roll(1), x.roll(1, 0), x.tril(), x.triu(), x.diag(), x.trace(), x.index(0).diag()]
        .map((t) => t.grad_fn?.name());
      expect(names).toEqual(['CatBackward0', 'StackBackward0', 'RepeatBackward0', 'FlipBackward0', 'RollBackward0', 'RollBackward0',
        'TrilBackward0', 'TriuBackward0', 'DiagBackward0', 'TraceBackward0', 'DiagBackward0']);
    });
    test('gradients: second order, mixed dtypes, repeated inputs', () => {
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3], [2, 3], true);
      const y = leaf([1, 2, 3], [1, 3], true);
      gradgradcheck((a, b) => torch.cat([a, b, a.flip(1)]).mul(torch.cat([b, a, a])), [x, y]);
      gradgradcheck((a) => torch.stack([a, a.t().t()], -1).roll([1, 1], [0, 2]).mul(a.unsqueeze(-1)), [x]);
      gradgradcheck((a) => a.repeat(2, 1, 2).tril(1).mul(a.repeat(2, 1, 2)), [x]);
      gradgradcheck((a) => a.index(0).diag(1).mul(a.index(1).diag(1)).add(a.t().matmul(a).trace()), [x]);
      const f32 = torch.tensor([1, 2], { requires_grad: true });
      torch.cat([f32, torch.tensor([3], { dtype: torch.float64 })]).sum().backward();
      expect((f32.grad as Tensor).dtype).toBe(torch.float32);
    });
  });
});

describe('torch.<op> forms', () => {
  test('exist for the shape ops', () => {
    for (const n of ['flatten', 'unflatten', 'squeeze', 't', 'split', 'chunk', 'unbind', 'narrow', 'select', 'diagonal', 'diag', 'flip', 'roll', 'tril', 'triu', 'trace', 'cat', 'stack']) {
      expect(typeof (torch as unknown as Record<string, unknown>)[n], n).toBe('function');
    }
  });
});
