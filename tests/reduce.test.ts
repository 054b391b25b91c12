// Reductions and scans on both cpu backends: dim forms, keepdim, dtypes, NaN and ties as PyTorch,
// stability, non-contiguous inputs, errors, and the gradients the basic gradchecks do not reach.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from './gradcheck.js';

const X = () => torch.arange(12).float().reshape(3, 4);
const shape = (t: Tensor) => [...t.shape];

describeBackends('reductions', () => {
  describe('dims, keepdim and dtype', () => {
    test('number, negative, list and options forms', () => {
      const x = torch.arange(24).float().reshape(2, 3, 4);
      expect(x.sum(-1).tolist()).toEqual(x.sum(2).tolist());
      expect(shape(x.sum([0, 2]))).toEqual([3]);
      expect(shape(x.sum([0, -1], true))).toEqual([1, 3, 1]);
      expect(shape(x.amax({ dim: [1, 2], keepdim: true }))).toEqual([2, 1, 1]);
      expect(shape(torch.prod(x, 1, { keepdim: true }))).toEqual([2, 1, 4]);
      expect(x.sum([]).item()).toBe(276);
    });
    test('integer and bool inputs accumulate in int64; dtype= casts first', () => {
      expect(torch.tensor([1, 2, 3], { dtype: torch.int32 }).sum().dtype).toBe(torch.int64);
      expect(torch.tensor([100, 100], { dtype: torch.int8 }).sum().item()).toBe(200);
      expect(torch.tensor([true, true]).prod().dtype).toBe(torch.int64);
      expect(torch.tensor([[true, false], [true, true]]).sum(0).tolist()).toEqual([2, 1]);
      expect(X().prod({ dtype: torch.float64 }).dtype).toBe(torch.float64);
      expect(torch.tensor([1, 2], { dtype: torch.int64 }).mean({ dtype: torch.float32 }).item()).toBe(1.5);
      expect(torch.tensor([1, 2]).half().sum().dtype).toBe(torch.float16);
    });
    test('int64 sums are exact beyond 2^53 on the core', () => {
      const big = torch.from_numpy(new BigInt64Array([2n ** 53n, 1n, 1n]));
      expect(big.sum().dtype).toBe(torch.int64);
      expect(big.max().item()).toBe(2 ** 53);
    });
    test('errors: dim out of range, duplicate dims', () => {
      expect(() => X().sum(2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
      expect(() => X().sum([0, 0])).toThrow('dim 0 appears multiple times in the list of dims');
      expect(() => X().std(0, true, true, { dim: 5 })).toThrow('Dimension out of range');
    });
    test('non-contiguous inputs: transposed, sliced, expanded', () => {
      const t = X().t();
      expect(t.sum(0).tolist()).toEqual([6, 22, 38]);
      expect(X().index(':, ::2').amax(1).tolist()).toEqual([2, 6, 10]);
      expect(torch.tensor([1, 2]).expand(3, 2).sum().item()).toBe(9);
      expect(X().flip(1).argmax(1).tolist()).toEqual([0, 0, 0]);
      expect(t.cumsum(0).index(-1).tolist()).toEqual([6, 22, 38]);
      expect(X().index('1:').logsumexp(1).tolist().map((v) => +(v as number).toFixed(4))).toEqual([7.4402, 11.4402]);
    });
    test('empty inputs: sum/prod/all/any give the identity, max refuses', () => {
      expect(torch.zeros(0, 3).sum(0).tolist()).toEqual([0, 0, 0]);
      expect(torch.zeros(0).prod().item()).toBe(1);
      expect(torch.zeros(0).all().item()).toBe(true);
      expect(torch.zeros(0).any().item()).toBe(false);
      expect(() => torch.zeros(0).max()).toThrow("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
      expect(() => torch.zeros(0, 3).max(0)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
      expect(() => torch.zeros(0, 3).amax(0)).toThrow('amax(): Expected reduction dim 0 to have non-zero size.');
      expect(() => torch.zeros(0).argmax()).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
      expect(shape(torch.zeros(0, 3).max(1).values)).toEqual([0]);
    });
  });

  describe('max, min, argmax, argmin', () => {
    test('max(dim) is {values, indices}, destructures as a pair, and prints as PyTorch', () => {
      const r = X().max(1);
      expect(r.values.tolist()).toEqual([3, 7, 11]);
      expect(r.indices.dtype).toBe(torch.int64);
      const [v, i] = torch.min(X(), 0, true);
      expect(shape(v)).toEqual([1, 4]);
      expect(i.tolist()).toEqual([[0, 0, 0, 0]]);
      expect(String(torch.tensor([[1, 0, 0, 1]]).min(1))).toBe('torch.return_types.min(\nvalues=tensor([0.]),\nindices=tensor([1]))');
      expect(torch.max(torch.tensor([1, 5]), torch.tensor([3, 2])).tolist()).toEqual([3, 5]);
    });
    test('ties pick the first index; NaN propagates and its first position wins', () => {
      expect(torch.tensor([[1, 5, 5], [7, 7, 0]]).argmax(1).tolist()).toEqual([1, 0]);
      const n = torch.tensor([1, NaN, 3, NaN]);
      expect(n.max().item()).toBeNaN();
      expect(n.argmax().item()).toBe(1);
      expect(torch.tensor([1, NaN, -3, NaN]).argmin().item()).toBe(1);
      const r = torch.tensor([[1, NaN, 3], [NaN, 2, NaN]]).max(1);
      expect(r.indices.tolist()).toEqual([1, 0]);
      expect(Number.isNaN(r.values.tolist()[0] as number)).toBe(true);
    });
    test('dtypes are kept: int16, uint8 (unsigned), bool', () => {
      const i16 = torch.tensor([3, -1, 7], { dtype: torch.int16 }).max();
      expect([i16.item(), i16.dtype]).toEqual([7, torch.int16]);
      expect(torch.tensor([3, 200], { dtype: torch.uint8 }).max().item()).toBe(200);
      expect(torch.tensor([false, true]).max().item()).toBe(true);
      expect(X().argmax({ keepdim: true }).tolist()).toEqual([[11]]);
    });
    test('gradients: ties share evenly in max()/amax, go to the index in max(dim)', () => {
      const a = torch.tensor([1, 3, 3], { requires_grad: true });
      expect(torch.autograd.grad(a.max() as Tensor, a)[0]?.tolist()).toEqual([0, 0.5, 0.5]);
      expect(torch.autograd.grad(a.amax(), a)[0]?.tolist()).toEqual([0, 0.5, 0.5]);
      expect(torch.autograd.grad(a.max(0).values, a)[0]?.tolist()).toEqual([0, 1, 0]);
      const x = torch.arange(6).float().reshape(2, 3).requires_grad_();
      expect(x.max(1).values.grad_fn?.name()).toBe('MaxBackward0');
      expect((x.max() as Tensor).grad_fn?.name()).toBe('MaxBackward1');
      expect(x.amin(0).grad_fn?.name()).toBe('AminBackward0');
      gradgradcheck((t) => t.max(1, true).values, [leaf([0.5, -1, 2, 0.1, 1.5, -0.3], [2, 3], true)]);
    });
  });

  describe('prod, std, var, norm', () => {
    test('prod gradient with zeros (none, one, two in a slice) and its second order', () => {
      const x = leaf([2, 0, 3, 0.5, 0, 0, 1.5, -2, 0.5], [3, 3], true);
      gradcheck((t) => t.prod(1), [x]);
      gradcheck((t) => t.prod(), [leaf([2, 0, 3], [3], true)]);
      gradgradcheck((t) => t.prod(0), [leaf([2, 0, 3, 0.5, 1, 0.25], [2, 3], true)]);
    });
    test('std and var: unbiased, correction, keepdim, one element', () => {
      const x = X();
      expect(x.std().item()).toBeCloseTo(3.605551, 5);
      expect(x.std(false).item()).toBeCloseTo(3.452052, 5);
      expect(x.var(1, { correction: 2 }).tolist()).toEqual([2.5, 2.5, 2.5]);
      expect(shape(x.std(1, true, true))).toEqual([3, 1]);
      expect(torch.tensor([1]).var().item()).toBeNaN();
      expect(() => torch.tensor([1, 2], { dtype: torch.int64 }).var()).toThrow('std and var only support floating point and complex dtypes');
      const r = X().requires_grad_();
      expect(r.var(0).grad_fn?.name() + '/' + r.std(0).grad_fn?.name()).toBe('VarBackward0/StdBackward0');
      gradcheck((t) => t.std({ dim: [0, 1], unbiased: false }), [leaf([1, 2, 4, -1, 0.5, 3], [2, 3], true)]);
      gradgradcheck((t) => t.var(1, { correction: 0, keepdim: true }), [leaf([1, 2, 4, -1, 0.5, 3], [2, 3], true)]);
      const flat = torch.tensor([1, 1], { requires_grad: true });
      expect(torch.autograd.grad(flat.std(), flat)[0]?.tolist()).toEqual([0, 0]);
    });
    test('norm: p = 2, 1, 3, inf, -inf, 0, with dims', () => {
      const x = X();
      expect(x.norm().item()).toBeCloseTo(22.494444, 4);
      expect(x.norm(3, 1).tolist().map((v) => +(v as number).toFixed(4))).toEqual([3.3019, 9.0775, 15.2864]);
      expect(x.norm(Infinity, 0).tolist()).toEqual([8, 9, 10, 11]);
      expect(x.norm(-Infinity).item()).toBe(0);
      expect(x.norm(0).item()).toBe(11);
      expect(shape(x.norm({ dim: 1, keepdim: true }))).toEqual([3, 1]);
      expect(() => torch.tensor([3, 4], { dtype: torch.int64 }).norm()).toThrow('norm(): input dtype should be either floating point or complex. Got Long instead.');
      const v = leaf([1, -3, 2.5, 0.5, -2, 1.5], [2, 3], true);
      for (const p of [1, 2, 3, 1.5]) gradcheck((t) => t.norm(p, 1), [v]);
      gradcheck((t) => t.norm(Infinity), [leaf([1, -3, 2.5], [3], true)]);
      gradgradcheck((t) => t.norm(), [v]);
      const z = torch.zeros(3, { requires_grad: true });
      expect(torch.autograd.grad(z.norm(), z)[0]?.tolist()).toEqual([0, 0, 0]);
    });
  });

  describe('logsumexp, softmax, log_softmax', () => {
    test('stable for large inputs and infinities', () => {
      expect(torch.tensor([1000, 1000]).logsumexp(0).item()).toBeCloseTo(1000.693147, 3);
      expect(torch.tensor([-Infinity, -Infinity]).logsumexp(0).item()).toBe(-Infinity);
      expect(torch.tensor([Infinity, 1]).logsumexp(0).item()).toBe(Infinity);
      expect(torch.tensor([1000, 0, -1000]).softmax(0).tolist()).toEqual([1, 0, 0]);
      expect(torch.tensor([1000, 0, -1000]).log_softmax(0).tolist()).toEqual([0, -1000, -2000]);
      expect(torch.tensor([-Infinity, 0]).softmax(0).tolist()).toEqual([0, 1]);
      expect(torch.tensor([-Infinity, -Infinity]).softmax(0).isnan().all().item()).toBe(true);
      const big = torch.full([1000], 88.5);
      expect(big.softmax(0).sum().item()).toBeCloseTo(1, 5);
    });
    test('dtypes: softmax(dtype), integer input refused, logsumexp of ints is float', () => {
      expect(X().softmax(0, torch.float64).dtype).toBe(torch.float64);
      expect(X().log_softmax({ dim: 1, dtype: 'float64' }).dtype).toBe(torch.float64);
      expect(() => torch.tensor([1, 2], { dtype: torch.int64 }).softmax(0)).toThrow('"softmax_lastdim_kernel_impl" not implemented for \'Long\'');
      expect(torch.tensor([1, 2], { dtype: torch.int64 }).logsumexp(0).dtype).toBe(torch.float32);
      expect(torch.tensor(3).softmax(0).item()).toBe(1);
    });
    test('rows of a non-contiguous input sum to one', () => {
      const p = X().t().softmax(1);
      p.sum(1).tolist().forEach((s) => expect(s).toBeCloseTo(1, 6));
      expect(X().requires_grad_().softmax(1).grad_fn?.name()).toBe('SoftmaxBackward0');
      expect(X().requires_grad_().logsumexp(1).grad_fn?.name()).toBe('LogsumexpBackward0');
    });
    test('second-order gradients', () => {
      const x = leaf([0.5, -1, 2, 0.1, 1.5, -0.3], [2, 3], true);
      gradgradcheck((t) => t.logsumexp([0, 1]), [x]);
      gradgradcheck((t) => t.log_softmax(1), [x]);
    });
  });

  describe('cumsum, cumprod, all, any', () => {
    test('dtypes and dims', () => {
      expect(torch.tensor([1, 2], { dtype: torch.int32 }).cumsum(0).dtype).toBe(torch.int64);
      expect(torch.tensor([true, true]).cumsum(0).tolist()).toEqual([1, 2]);
      expect(X().cumsum(0, { dtype: 'float64' }).dtype).toBe(torch.float64);
      expect(X().cumsum({ dim: -1 }).index(0).tolist()).toEqual([0, 1, 3, 6]);
      expect(X().add(1).cumprod(0).index(-1).tolist()).toEqual([45, 120, 231, 384]);
      expect(torch.tensor(2).cumsum(0).tolist()).toEqual(2);
    });
    test('cumprod gradient with zeros, in any position', () => {
      gradcheck((t) => t.cumprod(0), [leaf([2, 0, 3, 0, 5], [5], true)]);
      gradcheck((t) => t.cumprod(1), [leaf([2, 0, 3, 1, 2, 0, 0, 1.5, 2], [3, 3], true)]);
      gradgradcheck((t) => t.cumprod(0), [leaf([2, 0.5, 3, 1.5], [4], true)]);
      gradgradcheck((t) => t.cumsum(1), [leaf([2, 0.5, 3, 1.5], [2, 2], true)]);
    });
    test('all/any give bool (uint8 stays uint8)', () => {
      expect(torch.tensor([[true, false], [true, true]]).all(1).tolist()).toEqual([false, true]);
      expect(torch.tensor([0, 0.5]).any().item()).toBe(true);
      expect(torch.tensor([1, 2], { dtype: torch.uint8 }).all().dtype).toBe(torch.uint8);
      expect(shape(X().any(0, true))).toEqual([1, 4]);
    });
  });
});
