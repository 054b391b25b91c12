// x.index(...) (Python's x[...]) and the indexing ops on both cpu backends: the subscript grammar,
// basic indexing as a view and advanced indexing as a copy, writes (fill_/copy_ through views,
// masked_fill_, index_put_ with accumulate), PyTorch's IndexErrors, and gradients.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from './gradcheck.js';

const X = () => torch.arange(12).float().reshape(3, 4);
const X3 = () => torch.arange(24).float().reshape(2, 3, 4);
const long = (v: unknown) => torch.tensor(v as number[], { dtype: torch.int64 });
const shape = (t: Tensor) => [...t.shape];

describeBackends('indexing', () => {
  describe('basic indexing: a view', () => {
    test('numbers, slices, None, ellipsis, in strings or one by one', () => {
      const x = X();
      expect(x.index(-1).tolist()).toEqual([8, 9, 10, 11]);
      expect(x.index('1:').tolist()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
      expect(x.index('::2', '::3').tolist()).toEqual([[0, 3], [8, 11]]);
      expect(x.index('0:2, 1:3').tolist()).toEqual([[1, 2], [5, 6]]);
      expect(x.index('..., -1').tolist()).toEqual([3, 7, 11]);
      expect(shape(x.index('None, 0'))).toEqual([1, 4]);
      expect(shape(x.index(':', null, '1:3:2'))).toEqual([3, 1, 1]);
      expect(shape(x.index('..., None'))).toEqual([3, 4, 1]);
      expect(x.index('-10:10').tolist()).toEqual(x.tolist());
      expect(shape(x.index('2:1'))).toEqual([0, 4]);
      expect(x.index(1, 2).item()).toBe(6);
      expect(x.index('0,').tolist()).toEqual([0, 1, 2, 3]);
      expect(X3().index('..., 1, :').index(1).tolist()).toEqual([16, 17, 18, 19]);
    });
    test('writes through the view show in the base; fill_ and copy_', () => {
      const x = X();
      x.index(0, 0).fill_(999);
      x.index('1:, ::2').copy_(torch.tensor([-1, -2]));
      expect(x.tolist()).toEqual([[999, 1, 2, 3], [-1, 5, -2, 7], [-1, 9, -2, 11]]);
      const t = X();
      t.t().index(1).fill_(7);
      expect(t.index(':, 1').tolist()).toEqual([7, 7, 7]);
      expect(x.index('1:').storage).toBe(x.storage);
    });
    test('errors: out of bounds (naming the position as PyTorch), too many indices, step', () => {
      expect(() => X().index(3)).toThrow('index 3 is out of bounds for dimension 0 with size 3');
      expect(() => X().index(-4)).toThrow('index -4 is out of bounds for dimension 0 with size 3');
      expect(() => X().index(0, 4)).toThrow('index 4 is out of bounds for dimension 1 with size 4');
      expect(() => X3().index('None, 0, 5')).toThrow('index 5 is out of bounds for dimension 2 with size 3');
      expect(() => X3().index('..., 5')).toThrow('index 5 is out of bounds for dimension 1 with size 4');
      expect(() => X().index(0, 0, 0)).toThrow('too many indices for tensor of dimension 2');
      expect(() => X().index('::-1')).toThrow('step must be greater than zero');
      expect(() => X().index(0.5)).toThrow(TypeError);
      expect(() => X().index('a')).toThrow(TypeError);
    });
    test('grad_fn names: each step recorded, as PyTorch', () => {
      const x = X().requires_grad_();
      const names = [x.index(0), x.index('1:'), x.index(':, 1'), x.index(null), x.index('...'), x.index(':'), x.index('1, None')].map((t) => t.grad_fn?.name());
      expect(names).toEqual(['SelectBackward0', 'SliceBackward0', 'SelectBackward0', 'UnsqueezeBackward0', 'AliasBackward0', 'SliceBackward0', 'UnsqueezeBackward0']);
      expect(x.index(':, 1').grad_fn?.next_functions[0][0]?.name()).toBe('SliceBackward0');
    });
  });

  describe('advanced indexing: a copy', () => {
    test('integer lists and tensors, broadcast together; placement of the indexed dims', () => {
      const x = X();
      expect(x.index([0, 2]).tolist()).toEqual([[0, 1, 2, 3], [8, 9, 10, 11]]);
      expect(x.index([0, 2], [1, 3]).tolist()).toEqual([1, 11]);
      expect(x.index('[0, 2], [1, 3]').tolist()).toEqual([1, 11]);
      expect(x.index(':', [0, 2]).tolist()).toEqual([[0, 2], [4, 6], [8, 10]]);
      expect(x.index([[0], [2]], [1, 3]).tolist()).toEqual([[1, 3], [9, 11]]);
      expect(x.index(long([-1, 0])).index(':, 0').tolist()).toEqual([8, 0]);
      expect(shape(x.index([]))).toEqual([0, 4]);
      expect(x.t().index([0, 3]).tolist()).toEqual([[0, 4, 8], [3, 7, 11]]);
      const y = X3();
      expect(shape(y.index([0, 1], ':', [1, 2]))).toEqual([2, 3]);
      expect(shape(y.index(':', [0, 1], [1, 2]))).toEqual([2, 2]);
      expect(shape(y.index(0, ':', [1, 2]))).toEqual([3, 2]);
      expect(shape(y.index([1], null, [0, 2]))).toEqual([2, 1, 4]);
      expect(shape(y.index(long([[0, 1], [1, 0]]), '1:'))).toEqual([2, 2, 2, 4]);
      const c = x.index([0]);
      c.fill_(-5);
      expect(x.index(0, 0).item()).toBe(0);
    });
    test('boolean masks', () => {
      const x = X();
      expect(x.index(x.gt(8)).tolist()).toEqual([9, 10, 11]);
      expect(x.index(torch.tensor([true, false, true])).index(':, 0').tolist()).toEqual([0, 8]);
      expect(x.index(':', [true, false, true, false]).tolist()).toEqual([[0, 2], [4, 6], [8, 10]]);
      expect(x.index(torch.tensor([1, 0, 1], { dtype: torch.uint8 })).index(':, 0').tolist()).toEqual([0, 8]);
      expect(() => x.index(torch.tensor([true, false]))).toThrow('The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0');
    });
    test('errors: out of bounds names the index tensor, broadcast mismatch, float indices', () => {
      expect(() => X().index([0, 3])).toThrow('index 3 is out of bounds for dimension 0 with size 3');
      expect(() => X().index(':', [0, 4])).toThrow('index 4 is out of bounds for dimension 0 with size 4');
      expect(() => X3().index([0, 1], [0, 3])).toThrow('index 3 is out of bounds for dimension 1 with size 3');
      expect(() => X().index([0, 1], [0, 1, 2])).toThrow('shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]');
      expect(() => X().index(torch.tensor([1]))).toThrow('tensors used as indices must be long, byte or bool tensors');
    });
    test('slabs of any size: rows of a wide tensor (one copy per row) and single elements', () => {
      const wide = torch.arange(500).float().reshape(5, 100);
      const rows = wide.index([4, 0, 4]);
      expect(rows.index(':, 99').tolist()).toEqual([499, 99, 499]);
      expect(wide.t().index([3, 1]).index(':, 4').tolist()).toEqual([403, 401]);
    });
    test('int64, bool and half values move exactly', () => {
      const big = torch.from_numpy(new BigInt64Array([1n, 2n ** 60n + 3n, -7n]));
      expect(Array.from(big.index([1, 1]).numpy() as BigInt64Array)).toEqual([2n ** 60n + 3n, 2n ** 60n + 3n]);
      expect(torch.tensor([true, false]).index([1, 0, 1]).tolist()).toEqual([false, true, false]);
      expect(torch.tensor([0.5, 1.5]).half().index([1]).tolist()).toEqual([1.5]);
    });
    test('gradients: repeated indices add up; second order through mixed indexing', () => {
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3, 0.7, 1.1, -2, 0.4, 0.9, -0.6], [3, 4], true);
      expect(X().requires_grad_().index([0, 0]).grad_fn?.name()).toBe('IndexBackward0');
      gradgradcheck((t) => t.index([0, 0, 2], '1:').mul(t.index([[1], [2]], [0, 3]).sum()), [x]);
      gradgradcheck((t) => t.index(t.gt(0.3)).mul(t.index(':, ::2').sum()), [x]);
    });
  });

  describe('writes', () => {
    test('index_put_: values broadcast, accumulate adds duplicates, masks, basic items', () => {
      expect(X().index_put_([long([0, 2])], torch.tensor(5)).index(':, 0').tolist()).toEqual([5, 4, 5]);
      expect(X().index_put_([[0, 0], [1, 1]], torch.tensor([1, 2]), true).index(0, 1).item()).toBe(4);
      expect(X().index_put_([[0, 0], [1, 1]], torch.tensor([1, 2]), { accumulate: true }).index(0, 1).item()).toBe(4);
      expect(X().index_put_([X().gt(5)], -1).sum().item()).toBe(15 - 6);
      expect(X().index_put_([[0, 2]], torch.tensor([1, 2, 3, 4])).index(2).tolist()).toEqual([1, 2, 3, 4]);
      expect(X().index_put_([':', [1, 3]], 0).index(1).tolist()).toEqual([4, 0, 6, 0]);
      expect(X().index_put_(['1:'], torch.tensor([[1, 2, 3, 4]])).index(2).tolist()).toEqual([1, 2, 3, 4]);
      const y = X();
      expect(y.index_put_([[1]], 0)).toBe(y);
      const wide = torch.zeros(3, 100);
      wide.index_put_([[2, 2, 0]], torch.ones(100), true);
      expect(wide.sum(1).tolist()).toEqual([100, 0, 200]);
      const flags = torch.zeros(3, { dtype: torch.bool });
      expect(flags.index_put_([[1, 1]], torch.tensor([true, true]), true).tolist()).toEqual([false, true, false]);
    });
    test('index_put_ errors leave the tensor untouched', () => {
      const x = X();
      expect(() => x.index_put_([[0, 2]], torch.tensor([1, 2, 3, 4, 5]))).toThrow('shape mismatch: value tensor of shape [5] cannot be broadcast to indexing result of shape [2, 4]');
      expect(() => x.index_put_([[0, 5]], 1)).toThrow('index 5 is out of bounds for dimension 0 with size 3');
      expect(x.tolist()).toEqual(X().tolist());
      expect(() => X().requires_grad_().index_put_([[0]], 1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    });
    test('index_put_ in autograd: the node, both gradients, and saved-tensor versions', () => {
      const a = X().requires_grad_();
      const y = a.mul(2);
      y.index_put_([[1]], 0);
      expect(y.grad_fn?.name()).toBe('IndexPutBackward0');
      expect(torch.autograd.grad(y.sum(), a)[0]?.index(':, 0').tolist()).toEqual([2, 0, 2]);
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3], [2, 3], true);
      const v = leaf([1, 2, 3], [3], true);
      gradgradcheck((t, w) => t.index_put([[0, 0]], w.mul(t.index(1)), true).mul(t), [x, v]);
      gradcheck((t, w) => t.index_put([':', [2, 0]], w.unsqueeze(1)), [x, leaf([4, 5], [2], true)]);
      const b = X().requires_grad_();
      const sq = b.mul(1);
      const z = sq.mul(sq);
      sq.index_put_([[0]], 1);
      expect(() => z.sum().backward()).toThrow('one of the variables needed for gradient computation has been modified by an inplace operation');
    });
    test('masked_fill_ through a view', () => {
      const x = X();
      x.index('1:').masked_fill_(torch.tensor([true, false, false, true]), -1);
      expect(x.index(':, 0').tolist()).toEqual([0, -1, -1]);
    });
  });

  describe('index_select, gather, take, masked_select', () => {
    test('values on non-contiguous inputs', () => {
      const t = X().t();
      expect(t.index_select(1, long([2, 0])).index(0).tolist()).toEqual([8, 0]);
      expect(X().gather(1, long([[0, 0], [1, 0], [3, 3]])).tolist()).toEqual([[0, 0], [5, 4], [11, 11]]);
      expect(t.gather(0, long([[3, 0, 1]])).tolist()).toEqual([[3, 4, 9]]);
      expect(X().gather(1, long([[0], [0], [0]])).shape.slice()).toEqual([3, 1]);
      expect(t.take(long([1, 2])).tolist()).toEqual([4, 8]);
      expect(X().take(long([[0, 11], [-1, 5]])).tolist()).toEqual([[0, 11], [11, 5]]);
      expect(torch.tensor([1, 2]).masked_select(torch.tensor([[true, false], [false, true]])).tolist()).toEqual([1, 2]);
      expect(torch.masked_select(X(), X().gt(9)).tolist()).toEqual([10, 11]);
      expect(torch.index_select(X(), 0, long([])).shape.slice()).toEqual([0, 4]);
    });
    test('PyTorch\'s errors', () => {
      expect(() => X().index_select(1, long([4]))).toThrow('INDICES element is out of DATA bounds, id=4 axis_dim=4');
      expect(() => X().index_select(1, long([[0]]))).toThrow('index_select(): Index is supposed to be a vector');
      expect(() => X().gather(1, long([[4]]))).toThrow('index 4 is out of bounds for dimension 1 with size 4');
      expect(() => X().gather(1, long([0]))).toThrow('Index tensor must have the same number of dimensions as input tensor');
      expect(() => X().gather(1, long([[0], [0], [0], [0]]))).toThrow('Size does not match at dimension 0 expected index [4, 1] to be smaller than self [3, 4] apart from dimension 1');
      expect(() => X().take(long([12]))).toThrow('out of range: tried to access index 12 on a tensor of 12 elements.');
      expect(() => X().masked_select(X())).toThrow('masked_select: expected BoolTensor or ByteTensor for mask');
    });
    test('gradients, second order included', () => {
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3], [2, 3], true);
      const names = [x.index_select(0, long([1])), x.gather(1, long([[0], [1]])), x.take(long([0])), x.masked_select(x.gt(0))].map((t) => t.grad_fn?.name());
      expect(names).toEqual(['IndexSelectBackward0', 'GatherBackward0', 'TakeBackward0', 'MaskedSelectBackward0']);
      gradgradcheck((t) => t.gather(1, long([[2, 2], [0, 1]])).mul(t.index_select(1, long([1, 1])).sum()), [x]);
      gradgradcheck((t) => t.take(long([5, 0, 5])).mul(t.masked_select(torch.tensor([true, false, true])).sum()), [x]);
    });
  });
});
