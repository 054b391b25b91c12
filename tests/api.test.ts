// The tensor API of the foundation: creation, dtypes and promotion, printing, views, conversions,
// in-place rules and errors, on the default (wasm) backend.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

describe('creation', () => {
  test('tensor infers shape and dtype; JS numbers are float32', () => {
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(String(x.shape)).toBe('torch.Size([2, 3])');
    expect(x.dtype).toBe(torch.float32);
    expect(String(torch.tensor([true, false]).dtype)).toBe('torch.bool');
    expect(torch.tensor(new Int32Array([1, 2])).dtype).toBe(torch.int32);
    expect(torch.tensor(new BigInt64Array([1n, 2n])).dtype).toBe(torch.int64);
    expect(torch.tensor([1, 2], { dtype: 'int64' }).dtype).toBe(torch.long);
    expect(torch.tensor(3.5).ndim).toBe(0);
  });
  test('bad data throws before anything is created', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
    expect(() => torch.tensor(['a'] as never)).toThrow("new(): invalid data type 'str'");
    expect(() => torch.zeros(2, -1)).toThrow('Trying to create tensor with negative dimension -1: [2, -1]');
    expect(() => torch.zeros(2, 1.5)).toThrow("zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2");
    expect(() => torch.tensor([1], { dtype: 'float128' as never })).toThrow('unknown dtype "float128"');
  });
  test('zeros, ones, full, eye, arange, linspace, *_like', () => {
    expect(torch.zeros([2, 2]).tolist()).toEqual([[0, 0], [0, 0]]);
    expect(torch.ones(3, { dtype: torch.int32 }).tolist()).toEqual([1, 1, 1]);
    expect(torch.full([2], 7).tolist()).toEqual([7, 7]);
    expect(torch.full([1], true).dtype).toBe(torch.bool);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(torch.arange(1, 7, 2).tolist()).toEqual([1, 3, 5]);
    expect(torch.arange(3).dtype).toBe(torch.int64);
    expect(torch.arange(0, 1, 0.25).dtype).toBe(torch.float32);
    expect(String(torch.linspace(0, 1, 5))).toBe('tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])');
    // steps by keyword (Python's linspace(0., 1., steps=5, requires_grad=True)), the message PyTorch gives without it
    const ls = torch.linspace(0, 1, { steps: 5, requires_grad: true });
    expect([ls.tolist(), ls.requires_grad]).toEqual([[0, 0.25, 0.5, 0.75, 1], true]);
    expect(() => torch.linspace(0, 1, { requires_grad: true } as never)).toThrow('linspace() missing 1 required positional arguments: "steps"');
    const x = torch.tensor([[1, 2]], { dtype: torch.float64 });
    expect(torch.zeros_like(x).dtype).toBe(torch.float64);
    expect(torch.full_like(x, 3).tolist()).toEqual([[3, 3]]);
    expect(torch.rand_like(x).shape).toEqual([1, 2]);
  });
  test('manual_seed reproduces PyTorch 1.13 CPU numbers', () => {
    torch.manual_seed(0);
    expect(String(torch.rand(3))).toBe('tensor([0.4963, 0.7682, 0.0885])');
    expect(String(torch.randn(3))).toBe('tensor([0.3643, 0.1344, 0.1642])');
    torch.manual_seed(0);
    expect(torch.randint(0, 10, [5]).tolist()).toEqual([4, 9, 3, 0, 3]);
    expect(torch.randperm(6).tolist()).toEqual([3, 0, 5, 4, 2, 1]);
    expect(String(torch.rand(2, { dtype: torch.float64 }))).toBe('tensor([0.7911, 0.1786], dtype=torch.float64)');
    expect(String(torch.randn(2, { dtype: torch.float64 }))).toBe('tensor([-0.7831,  1.0622], dtype=torch.float64)');
  });
  test('uniform_ and normal_ draw PyTorch 1.13 CPU numbers, in memory order for non-contiguous tensors', () => {
    torch.manual_seed(0);
    expect(torch.empty(5).uniform_(-2, 3).tolist()).toEqual([0.48128294944763184, 1.841109037399292, -1.5576128959655762, -1.3398475646972656, -0.46288591623306274]);
    torch.manual_seed(0);
    expect(torch.empty([4, 5]).t().uniform_().index(torch.arange(2)).tolist()).toEqual([
      [0.49625658988952637, 0.6340786814689636, 0.3488934636116028, 0.518521785736084],
      [0.7682217955589294, 0.4900934100151062, 0.40171730518341064, 0.6976675987243652]]);
    torch.manual_seed(0);
    expect(torch.empty(20, { dtype: torch.float64 }).uniform_(-1, 1).index(torch.arange(3)).tolist()).toEqual([0.9401060036131061, 0.4156397287995759, -0.08123411374509826]);
    // non-contiguous: one scalar normal per element, in memory order (PyTorch's printed values)
    torch.manual_seed(0);
    expect(torch.empty([4, 5]).t().normal_(1.5, 2).index(0).tolist()).toEqual([4.581992149353027, -1.29719078540802, 0.3067292869091034, 1.745402455329895]);
    torch.manual_seed(0);
    expect(String(torch.empty(20).normal_(1.5, 2).index(torch.arange(4)))).toBe('tensor([-0.7517, -0.8047,  0.9988,  0.6322])');
    torch.manual_seed(0);
    expect(String(torch.empty(3, { dtype: torch.float16 }).uniform_(0, 10))).toBe('tensor([3.3398, 2.7305, 8.0703], dtype=torch.float16)');
    expect(String(torch.empty(3, { dtype: torch.float16 }).normal_())).toBe('tensor([0.3643, 0.1344, 0.1642], dtype=torch.float16)');
  });
  test('randn and normal_ match PyTorch 1.13 to the bit over thousands of draws', () => {
    // FNV-1a over the float32 (float16) bit patterns; PyTorch's hashes were computed the same way
    const fnv = (t: Tensor): number => {
      const bits = t.dtype === torch.float16 ? new Uint16Array(t.numpy().buffer, t.numpy().byteOffset, t.numel()) : new Uint32Array(t.numpy().buffer, t.numpy().byteOffset, t.numel());
      let h = 2166136261;
      for (const b of bits) h = Math.imul(h ^ b, 16777619) >>> 0;
      return h;
    };
    torch.manual_seed(0);
    expect(fnv(torch.randn(4096))).toBe(2378863600);
    torch.manual_seed(7);
    expect(fnv(torch.empty(4099).normal_(-1.5, 0.25))).toBe(3684220542);
    torch.manual_seed(3);
    expect(fnv(torch.randn(1000, { dtype: torch.float16 }))).toBe(1226955460);
  });
  test('float16 rand and randn draw 11-bit halves as PyTorch does', () => {
    torch.manual_seed(0);
    expect(torch.rand(5, { dtype: torch.float16 }).tolist()).toEqual([0.333984375, 0.27294921875, 0.80712890625, 0.59375, 0.40771484375]);
    torch.manual_seed(0);
    expect(torch.randn(20, { dtype: torch.float16 }).index(torch.arange(5)).tolist()).toEqual([-0.90087890625, 0.481201171875, 1.1982421875, 0.9052734375, -1.3935546875]);
  });
  test('uniform_ and normal_ check their arguments and PyTorch\'s in-place rules before writing', () => {
    const x = torch.zeros(3);
    expect(() => x.uniform_(1, 0)).toThrow('uniform_ expects to return a [from, to) range, but found from=1 > to=0');
    expect(() => x.normal_(0, -1)).toThrow('normal expects std >= 0.0, but found std -1');
    expect(() => torch.zeros(3, { dtype: torch.int64 }).uniform_()).toThrow(`"check_uniform_bounds" not implemented for 'Long'`);
    expect(() => torch.zeros(3, { dtype: torch.int64 }).normal_()).toThrow(`"normal_kernel_cpu" not implemented for 'Long'`);
    // rand and randn are empty().uniform_() / .normal_(): the same messages, PyTorch's dtype names
    expect(() => torch.rand(2, { dtype: torch.int32 })).toThrow(`"check_uniform_bounds" not implemented for 'Int'`);
    expect(() => torch.randn(2, { dtype: torch.bool })).toThrow(`"normal_kernel_cpu" not implemented for 'Bool'`);
    expect(() => torch.zeros(3, { requires_grad: true }).uniform_()).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => x.expand([2, 3]).normal_()).toThrow('more than one element of the written-to tensor refers to a single memory location');
    expect(x.tolist()).toEqual([0, 0, 0]);
    const w = torch.zeros(3, { requires_grad: true });
    torch.no_grad(() => w.uniform_(-0.1, 0.1));
    expect(w.abs().max().item()).toBeLessThan(0.1);
    const y = w.mul(1).normal_();
    expect(y.grad_fn?.name()).toBe('NormalBackward0');
    y.sum().backward();
    expect(w.grad?.tolist()).toEqual([0, 0, 0]);
  });
  test('the same seed gives the same numbers on every backend', () => {
    const draw = () => { torch.manual_seed(42); return [torch.rand(20).tolist(), torch.randn(17).tolist()]; };
    const wasm = draw();
    torch.set_backend('js');
    try { expect(draw()).toEqual(wasm); } finally { torch.set_backend('wasm'); }
  });
});

describe('dtypes and promotion', () => {
  test('dtype objects print and compare like PyTorch', () => {
    expect(String(torch.float32)).toBe('torch.float32');
    expect(torch.float).toBe(torch.float32);
    expect(torch.double).toBe(torch.float64);
    expect(torch.long).toBe(torch.int64);
  });
  test('result types follow torch.result_type', () => {
    const i = torch.tensor([1, 2], { dtype: torch.int32 });
    const l = torch.tensor([1, 2], { dtype: torch.int64 });
    const f = torch.tensor([1, 2]);
    const d = torch.tensor([1, 2], { dtype: torch.float64 });
    const b = torch.tensor([true, false]);
    expect(i.add(l).dtype).toBe(torch.int64);
    expect(i.add(f).dtype).toBe(torch.float32);
    expect(f.add(d).dtype).toBe(torch.float64);
    expect(i.add(2).dtype).toBe(torch.int32);
    expect(i.add(2.5).dtype).toBe(torch.float32);
    expect(i.div(l).dtype).toBe(torch.float32);
    expect(b.add(1).dtype).toBe(torch.int64);
    expect(f.gt(1).dtype).toBe(torch.bool);
    expect(d.mul(torch.tensor(2)).dtype).toBe(torch.float64);
    expect(torch.tensor(2, { dtype: torch.float64 }).mul(f).dtype).toBe(torch.float32);
    expect(i.exp().dtype).toBe(torch.float32);
    expect(torch.tensor([1.5], { dtype: torch.float16 }).add(1).dtype).toBe(torch.float16);
  });
  test('casts between every pair of dtypes', () => {
    const values = [0, 1, -1, 2.5, 300];
    for (const from of [torch.float32, torch.float64, torch.int32, torch.int64, torch.int16]) {
      const x = torch.tensor(values, { dtype: from });
      expect(x.to(torch.uint8).tolist()).toEqual(from.is_floating_point ? [0, 1, 255, 2, 44] : [0, 1, 255, 2, 44]);
      expect(x.to(torch.bool).tolist()).toEqual([false, true, true, true, true]);
      expect(x.to(torch.int8).tolist()).toEqual([0, 1, -1, 2, 44]);
    }
    expect(torch.tensor([65520, 1e-8, 0.1]).half().float().tolist()).toEqual([Infinity, 0, 0.0999755859375]);
  });
});

describe('elementwise', () => {
  test('broadcasting and numbers as operands', () => {
    const a = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(a.add(torch.tensor([10, 20, 30])).tolist()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(a.mul(torch.tensor([[2], [3]])).tolist()).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(torch.sub(10, a).tolist()).toEqual([[9, 8, 7], [6, 5, 4]]);
    expect(() => a.add(torch.ones(4))).toThrow('The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
  });
  test('integer semantics: floor division, remainder, wrap, errors', () => {
    const a = torch.tensor([7, -7], { dtype: torch.int32 });
    expect(a.floor_divide(2).tolist()).toEqual([3, -4]);
    expect(a.remainder(3).tolist()).toEqual([1, 2]);
    expect(a.fmod(3).tolist()).toEqual([1, -1]);
    expect(() => a.floor_divide(0)).toThrow('ZeroDivisionError');
    expect(() => a.pow(-1)).toThrow('Integers to negative integer powers are not allowed.');
    expect(torch.tensor([200], { dtype: torch.uint8 }).add(100).tolist()).toEqual([44]);
    expect(() => torch.tensor([true]).sub(torch.tensor([true]))).toThrow('Subtraction, the `-` operator, with two bool tensors is not supported');
    expect(() => torch.tensor([true]).neg()).toThrow('Negation, the `-` operator, on a bool tensor is not supported');
  });
  test('where, clamp, comparisons, logical ops, predicates', () => {
    const x = torch.tensor([-2, -0.5, 0.5, 2, NaN]);
    expect(x.clamp(-1, 1).tolist()).toEqual([-1, -0.5, 0.5, 1, NaN]);
    expect(torch.where(x.gt(0), x, 0).tolist()).toEqual([0, 0, 0.5, 2, 0]);
    expect(x.isnan().tolist()).toEqual([false, false, false, false, true]);
    expect(x.gt(0).logical_and(x.lt(1)).tolist()).toEqual([false, false, true, false, false]);
    expect(torch.tensor([1, 2]).isinf().tolist()).toEqual([false, false]);
    expect(torch.allclose(torch.tensor([1, 2]), torch.tensor([1, 2.000001]))).toBe(true);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 3]))).toBe(false);
  });
});

describe('in place', () => {
  test('writes into the tensor and its views; keeps the dtype', () => {
    const x = torch.tensor([1, 2, 3]);
    const alias = x.view(3);
    x.add_(1).mul_(2);
    expect(alias.tolist()).toEqual([4, 6, 8]);
    const i = torch.tensor([1, 2], { dtype: torch.int32 });
    expect(() => i.add_(0.5)).toThrow("result type Float can't be cast to the desired output type Int");
    expect(i.tolist()).toEqual([1, 2]);
    expect(() => x.add_(torch.ones(2, 3))).toThrow("output with shape [3] doesn't match the broadcast shape [2, 3]");
    expect(x.zero_().tolist()).toEqual([0, 0, 0]);
    expect(x.fill_(5).tolist()).toEqual([5, 5, 5]);
    expect(x.copy_(torch.tensor([1, 2, 3], { dtype: torch.int64 })).tolist()).toEqual([1, 2, 3]);
  });
  test('a leaf that requires grad cannot change in place outside no_grad', () => {
    const w = torch.tensor([1.0, 2.0], { requires_grad: true });
    expect(() => w.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    torch.no_grad(() => w.sub_(torch.tensor([0.5, 0.5])));
    expect(w.tolist()).toEqual([0.5, 1.5]);
  });
});

describe('conversion and reading', () => {
  test('item, tolist, numpy shares memory', () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    expect(torch.tensor(2.5).item()).toBe(2.5);
    expect(() => x.item()).toThrow('a Tensor with 4 elements cannot be converted to Scalar');
    const arr = x.numpy();
    expect(arr).toBeInstanceOf(Float32Array);
    arr[0] = 42;
    expect(x.tolist()).toEqual([[42, 2], [3, 4]]);
    x.fill_(7);
    expect(x.numpy()[3]).toBe(7);
    expect(() => torch.ones(2, { requires_grad: true }).numpy()).toThrow("Can't call numpy() on Tensor that requires grad");
    expect(torch.from_numpy(new Float64Array([1, 2])).dtype).toBe(torch.float64);
    expect(torch.as_tensor(new Int32Array([5])).tolist()).toEqual([5]);
  });
  test('to(), clone, contiguous, attributes', () => {
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.to('float64').dtype).toBe(torch.float64);
    expect(x.to({ dtype: torch.int32 }).dtype).toBe(torch.int32);
    expect(x.to(torch.float32)).toBe(x);
    const t = x.transpose(0, 1);
    expect(t.is_contiguous()).toBe(false);
    expect(t.stride()).toEqual([1, 3]);
    const c = t.contiguous();
    expect(c.is_contiguous()).toBe(true);
    expect(c.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.clone().storage).not.toBe(x.storage);
    expect(x.element_size()).toBe(4);
    expect(x.numel()).toBe(6);
    expect(x.size(-1)).toBe(3);
    expect(x.device).toBe('cpu');
    expect(torch.cuda.is_available()).toBe(false);
  });
});

describe('memory', () => {
  test('dispose frees, and a disposed tensor says so', () => {
    const before = torch.memory().bytes;
    const x = torch.zeros(1000);
    expect(torch.memory().bytes).toBe(before + 4000);
    x.dispose();
    expect(torch.memory().bytes).toBe(before);
    expect(() => x.add(1)).toThrow('disposed');
  });
  test('tidy keeps its result and parameters', () => {
    const w = torch.ones(3, { requires_grad: true });
    const before = torch.memory();
    const kept = torch.tidy(() => {
      const a = torch.ones(3).mul(2);
      const b = a.add(w.detach());
      return b.exp();
    });
    expect(torch.memory().tensors).toBe(before.tensors + 1);
    expect(kept.tolist().length).toBe(3);
  });
  test('a loop that allocates and disposes does not grow memory', () => {
    const x = torch.ones(1 << 16);
    for (let i = 0; i < 200; i++) x.mul(2).dispose();
    const start = torch.memory().bytes;
    for (let i = 0; i < 2000; i++) torch.tidy(() => { x.mul(2).add(1).exp(); });
    expect(torch.memory().bytes).toBe(start);
  });
});

describe('backends', () => {
  test('ops on tensors of the JS backend stay there after set_backend("wasm")', () => {
    torch.set_backend('js');
    const a = torch.ones(3), b = torch.ones(2, 3);
    torch.set_backend('wasm');
    expect(a.add(1).tolist()).toEqual([2, 2, 2]);
    expect(b.sum(0).tolist()).toEqual([2, 2, 2]);
    expect(torch.cat([b, b]).shape).toEqual([4, 3]);
    expect(b.matmul(a).tolist()).toEqual([3, 3]);
    expect(() => a.add(torch.ones(3))).toThrow('Expected all tensors to be on the same backend');
  });
});

describe('float32 math prints PyTorch 1.13 digits', () => {
  // expected strings printed by PyTorch 1.13 on this machine's kind (x86-64)
  const cases: [string, number, string][] = [
    ['exp', 4, 'tensor(54.5982)'], ['exp', 6.2, 'tensor(492.7490)'], ['exp', -10.8, 'tensor(2.0400e-05)'],
    ['sigmoid', 17, 'tensor(1.)'], ['sigmoid', 4, 'tensor(0.9820)'], ['tanh', -9, 'tensor(-1.)'],
    ['expm1', 4, 'tensor(53.5981)'], ['expm1', -17, 'tensor(-1.)'], ['expm1', 6.2, 'tensor(491.7489)'],
  ];
  for (const [fn, x, want] of cases) {
    test(`${fn}(${x})`, () => {
      expect(String((torch.tensor(x) as unknown as Record<string, () => unknown>)[fn]())).toBe(want);
    });
  }
});

describe('in-place ops built from others', () => {
  test('div_ with rounding_mode checks like every op_ before writing', () => {
    const w = torch.tensor([7.0, -7.0], { requires_grad: true });
    expect(() => w.div_(2, { rounding_mode: 'trunc' })).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(w.tolist()).toEqual([7, -7]);
    const x = torch.tensor([7.0, -7.0]);
    expect(() => x.div_(torch.ones(2, 2), { rounding_mode: 'trunc' })).toThrow("output with shape [2] doesn't match the broadcast shape [2, 2]");
    expect(x.tolist()).toEqual([7, -7]);
    expect(x.div_(2, { rounding_mode: 'trunc' }).tolist()).toEqual([3, -3]);
    const i = torch.tensor([7, -7], { dtype: torch.int32 });
    expect(i.div_(2, { rounding_mode: 'trunc' }).tolist()).toEqual([3, -3]);
  });
});
