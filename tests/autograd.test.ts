// Autograd behaviour against PyTorch 1.13: the graph and its printing, backward and
// torch.autograd.grad, accumulation, retain_graph and retain_grad, higher order, grad modes,
// detach, in-place safety (version counters). Expected values and messages were printed by
// PyTorch 1.13 (/usr/bin/python3) for the same programs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends } from './gradcheck.js';

const T = (data: number | number[] | number[][], requires_grad = false) => torch.tensor(data, { requires_grad });

function expectValues(t: Tensor | null | undefined, want: number | number[] | number[][], tol = 1e-4): void {
  expect(t).toBeInstanceOf(torch.Tensor);
  const got = (t as Tensor).tolist();
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  expect(flat(got).length).toBe(flat(want).length);
  flat(want).forEach((w, i) => expect(flat(got)[i]).toBeCloseTo(w, -Math.log10(tol)));
}

const FREED =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';
const HINT = 'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';
const modified = (what: string, now: number, was: number) =>
  `one of the variables needed for gradient computation has been modified by an inplace operation: ${what} is at version ${now}; expected version ${was} instead. ${HINT}`;
const LEAF_INPLACE = 'a leaf Variable that requires grad is being used in an in-place operation.';

describeBackends('autograd', () => {
  describe('graph', () => {
    test('leaves and recorded results print as in PyTorch', () => {
      const x = T(3, true);
      expect(String(x)).toBe('tensor(3., requires_grad=True)');
      expect(x.is_leaf).toBe(true);
      expect(x.grad_fn).toBeNull();
      const y = x.pow(2);
      expect(String(y)).toBe('tensor(9., grad_fn=<PowBackward0>)');
      expect(y.is_leaf).toBe(false);
      expect(y.requires_grad).toBe(true);
      expect(y.grad_fn?.name()).toBe('PowBackward0');
    });

    test('ops on tensors that do not require grad record nothing', () => {
      const y = T([1, 2]).mul(2).exp();
      expect(y.grad_fn).toBeNull();
      expect(y.requires_grad).toBe(false);
      expect(y.is_leaf).toBe(true);
    });

    test("grad_fn names are PyTorch's", () => {
      const x = T([[1, 2, 3], [4, 5, 6]], true), w = T([[1, 2, 3], [4, 5, 6]], true);
      const s = T(3, true);
      const cases: [string, () => Tensor][] = [
        ['AddBackward0', () => x.add(1)], ['AddBackward0', () => x.add(w, { alpha: 2 })], ['SubBackward0', () => x.sub(w)],
        ['MulBackward0', () => x.mul(3)], ['DivBackward0', () => x.div(w)], ['NegBackward0', () => x.neg()],
        ['PowBackward0', () => x.pow(2)], ['PowBackward0', () => x.square()], ['PowBackward1', () => x.pow(w)],
        ['PowBackward1', () => torch.pow(2, x)], ['SumBackward0', () => x.sum()], ['SumBackward1', () => x.sum(1)],
        ['SumBackward1', () => x.sum(1, true)], ['SumBackward1', () => x.sum_to_size(1, 3)], ['MeanBackward0', () => x.mean()],
        ['MeanBackward1', () => x.mean(1)], ['ExpBackward0', () => x.exp()], ['LogBackward0', () => x.log()],
        ['Log1PBackward0', () => x.log1p()], ['Expm1Backward0', () => x.expm1()], ['SinBackward0', () => x.sin()],
        ['CosBackward0', () => x.cos()], ['TanhBackward0', () => x.tanh()], ['SigmoidBackward0', () => x.sigmoid()],
        ['ReluBackward0', () => x.relu()], ['SqrtBackward0', () => x.sqrt()], ['RsqrtBackward0', () => x.rsqrt()],
        ['AbsBackward0', () => x.abs()], ['SignBackward0', () => x.sign()], ['FloorBackward0', () => x.floor()],
        ['FracBackward0', () => x.frac()], ['ErfBackward0', () => x.erf()], ['ReciprocalBackward0', () => x.reciprocal()],
        ['ClampBackward1', () => x.clamp(0, 1)], ['ClampBackward0', () => x.clamp(T([0, 0, 0]))],
        ['MaximumBackward0', () => torch.maximum(x, w)], ['MinimumBackward0', () => torch.minimum(x, w)],
        ['Atan2Backward0', () => x.atan2(w)], ['RemainderBackward0', () => x.remainder(2)], ['RemainderBackward1', () => x.remainder(w)],
        ['FmodBackward0', () => x.fmod(2)], ['FmodBackward1', () => x.fmod(w)], ['WhereBackward0', () => torch.where(x.gt(2), x, 0)],
        ['ToCopyBackward0', () => x.double()], ['CloneBackward0', () => x.clone()], ['CloneBackward0', () => x.transpose(0, 1).contiguous()],
        ['ViewBackward0', () => x.view(6)], ['ExpandBackward0', () => s.expand(3)], ['ExpandBackward0', () => T([[1, 2, 3]], true).expand_as(x)],
        ['TransposeBackward0', () => x.transpose(0, 1)], ['PermuteBackward0', () => x.permute(1, 0)], ['UnsqueezeBackward0', () => x.unsqueeze(0)],
      ];
      for (const [name, f] of cases) expect(f().grad_fn?.name(), name).toBe(name);
    });

    test('next_functions links the graph, with AccumulateGrad for leaves', () => {
      const x = T([1, 2], true), w = T([3, 4], true), b = T(1, true);
      const y = x.mul(w).add(b);
      const [[mul, n0], [acc, n1]] = y.grad_fn?.next_functions ?? [];
      expect([mul?.name(), n0, acc?.name(), n1]).toEqual(['MulBackward0', 0, 'AccumulateGrad', 0]);
      expect((acc as unknown as { variable: Tensor }).variable).toBe(b);
      expect(mul?.next_functions.map(([n, i]) => [n?.name(), i])).toEqual([['AccumulateGrad', 0], ['AccumulateGrad', 0]]);
      // a number operand: PyTorch wraps it (an empty edge), except in its Scalar overloads (no edge)
      expect(x.mul(3).grad_fn?.next_functions.map(([n, i]) => [n?.name() ?? null, i])).toEqual([['AccumulateGrad', 0], [null, 0]]);
      expect(x.pow(2).grad_fn?.next_functions.map(([n, i]) => [n?.name(), i])).toEqual([['AccumulateGrad', 0]]);
      expect(torch.pow(2, x).grad_fn?.next_functions.map(([n, i]) => [n?.name() ?? null, i])).toEqual([[null, 0], ['AccumulateGrad', 0]]);
      // one AccumulateGrad per leaf
      expect(x.mul(2).grad_fn?.next_functions[0][0]).toBe(x.mul(3).grad_fn?.next_functions[0][0]);
    });
  });

  describe('backward', () => {
    test('x**2 at 3 gives 6; gradients accumulate until zeroed', () => {
      const x = T(3, true);
      x.pow(2).backward();
      expect(String(x.grad)).toBe('tensor(6.)');
      x.pow(2).backward();
      expect(String(x.grad)).toBe('tensor(12.)');
      (x.grad as Tensor).zero_();
      expect(String(x.grad)).toBe('tensor(0.)');
      x.pow(2).backward();
      expect(String(x.grad)).toBe('tensor(6.)');
      x.grad = null;
      x.mul(5).backward();
      expect(String(x.grad)).toBe('tensor(5.)');
    });

    test('a gradient argument seeds non-scalar outputs', () => {
      const x = T([1, 2, 3], true);
      x.mul(2).backward(T([1, 0.5, 2]));
      expectValues(x.grad, [2, 1, 4]);
    });

    test('backward from a leaf', () => {
      const x = T([1, 2], true);
      x.backward(T([1, 1]));
      expectValues(x.grad, [1, 1]);
    });

    test('errors: non-scalar without gradient, no grad_fn, shape mismatch', () => {
      const x = T([1, 2, 3], true);
      expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
      expect(() => T(1).backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
      expect(() => T([1, 2]).mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
      expect(() => x.mul(2).sum().backward(T([1, 1]))).toThrow(
        'Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([]).');
      expect(x.grad).toBeNull();
    });

    test('gradients of broadcast inputs are summed back to their shapes', () => {
      const a = T([[1, 2, 3], [4, 5, 6]], true), b = T([1, 2, 3], true), c = T(2, true), d = T([[1], [2]], true);
      a.mul(b).add(c).mul(d).sum().backward();
      expectValues(a.grad, [[1, 2, 3], [2, 4, 6]]);
      expectValues(b.grad, [9, 12, 15]);
      expect(String(c.grad)).toBe('tensor(9.)');
      expectValues(d.grad, [[20], [38]]);
      expect([...(d.grad as Tensor).shape]).toEqual([2, 1]);
    });

    test('a node reached twice runs once, with both gradients summed', () => {
      const x = T([1, 2], true);
      const y = x.mul(2);
      y.mul(y).add(y.mul(3)).sum().backward();
      expectValues(x.grad, [14, 22]);
    });

    test('a graph 10,000 ops deep', () => {
      const x = T(1, true);
      let y = x;
      for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
      y.backward();
      expect(x.grad?.item()).toBeCloseTo(1.0001 ** 10_000, 2);
    });

    test('retain_graph keeps saved tensors for another backward', () => {
      const x = T([1, 2, 3], true);
      const z = x.mul(x).sum();
      z.backward(null, { retain_graph: true });
      z.backward({ retain_graph: true }); // the options may stand alone
      expectValues(x.grad, [4, 8, 12]);
      z.backward();
      expectValues(x.grad, [6, 12, 18]);
      expect(() => z.backward()).toThrow(FREED);
    });

    test('a second backward through a freed graph throws', () => {
      const x = T(2, true);
      const y = x.exp().mul(x);
      y.backward();
      expect(() => y.backward()).toThrow(FREED);
      expect(() => torch.autograd.grad(y, x)).toThrow(FREED);
    });

    test('a graph that saved no tensors can run again, as in PyTorch', () => {
      const x = T([1, 2], true);
      const y = x.add(1).sum();
      y.backward();
      y.backward();
      expectValues(x.grad, [2, 2]);
    });

    test('torch.autograd.backward over several roots', () => {
      const x = T([1, 2], true);
      torch.autograd.backward([x.mul(x).sum(), x.sum().mul(3)]);
      expectValues(x.grad, [5, 7]);
      torch.autograd.backward([x.mul(x), x.mul(3)], [T([1, 0]), T([0, 1])]);
      expectValues(x.grad, [7, 10]);
    });

    test('clamp with tensor bounds gives the bounds their gradients', () => {
      const x = T([0.5, 2, -1], true), lo = T([[0], [1]], true);
      const y = x.clamp(lo);
      expect(y.grad_fn?.next_functions.map(([n]) => n?.name() ?? null)).toEqual(['AccumulateGrad', 'AccumulateGrad', null]);
      y.sum().backward();
      expectValues(x.grad, [1, 2, 0]);
      expectValues(lo.grad, [[1], [2]]);
    });

    test('gradients keep the dtype of their leaf', () => {
      const x = T([1, 2], true);
      x.double().mul(2).sum().backward();
      expect(x.grad?.dtype).toBe(torch.float32);
      expectValues(x.grad, [2, 2]);
      x.grad = null;
      x.mul(2).backward(torch.ones(2, { dtype: torch.float64 }));
      expect(String(x.grad)).toBe('tensor([2., 2.])');
      const y = torch.tensor([1, 2], { dtype: torch.float64, requires_grad: true });
      y.mul(T([1, 2])).sum().backward();
      expect(String(y.grad)).toBe('tensor([1., 2.], dtype=torch.float64)');
    });
  });

  describe('torch.autograd.grad', () => {
    test('returns the gradients and leaves .grad alone', () => {
      const x = T([1, 2], true), w = T([3, 4], true);
      const [gx] = torch.autograd.grad(x.mul(w).sum(), x);
      expectValues(gx, [3, 4]);
      expect(x.grad).toBeNull();
      expect(w.grad).toBeNull();
    });

    test('grad_outputs, several inputs, non-leaf inputs', () => {
      const x = T([1, 2], true);
      const y = x.mul(2);
      const [gy, gx] = torch.autograd.grad(y.mul(y).sum(), [y, x]);
      expectValues(gy, [4, 8]);
      expectValues(gx, [8, 16]);
      const [g] = torch.autograd.grad(x.mul(x), x, { grad_outputs: T([1, 0.5]) });
      expectValues(g, [2, 2]);
      expect(String(torch.autograd.grad(x.mul(2).sum(), x, { grad_outputs: T(2) })[0])).toBe('tensor([4., 4.])');
    });

    test('allow_unused and the errors', () => {
      const x = T([1, 2], true), u = T(1, true);
      expect(torch.autograd.grad(x.mul(2).sum(), [x, u], { allow_unused: true })[1]).toBeNull();
      expect(() => torch.autograd.grad(x.mul(2).sum(), [x, u])).toThrow(
        'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
      expect(() => torch.autograd.grad(x.mul(2).sum(), [x, T(1)])).toThrow('One of the differentiated Tensors does not require grad');
      expect(() => torch.autograd.grad(x.mul(2), x)).toThrow('grad can be implicitly created only for scalar outputs');
      expect(() => torch.autograd.grad(T(1), [x])).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
      expect(() => torch.autograd.grad([x.mul(2), x.mul(3)], x, { grad_outputs: [T([1, 1])] })).toThrow('got 2 tensors and 1 gradients');
      expect(() => torch.autograd.grad(x.mul(2), x, { grad_outputs: T([1, 1, 1]) })).toThrow(
        'Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).');
    });
  });

  describe('retain_grad', () => {
    test('non-leaves get .grad only after retain_grad(), and it accumulates', () => {
      const x = T([1, 2], true);
      const y = x.mul(2), other = x.mul(3);
      y.retain_grad();
      expect(y.retains_grad).toBe(true);
      expect(other.retains_grad).toBe(false);
      const z = y.mul(y).add(other).sum();
      z.backward({ retain_graph: true });
      expectValues(y.grad, [4, 8]);
      expect(other.grad).toBeNull();
      expectValues(x.grad, [11, 19]);
      z.backward();
      expectValues(y.grad, [8, 16]);
    });

    test('autograd.grad fills retained grads too; leaves and errors', () => {
      const x = T([1, 2], true);
      const y = x.mul(3);
      y.retain_grad();
      torch.autograd.grad(y.mul(y).sum(), x);
      expectValues(y.grad, [6, 12]);
      expect(x.grad).toBeNull();
      x.retain_grad(); // a leaf already keeps its grad
      expect(() => T(1).retain_grad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
    });
  });

  describe('higher order', () => {
    test('derivatives of x**3 at 3: 27, 18, 6', () => {
      const x = T(3, true);
      const [g1] = torch.autograd.grad(x.pow(3), x, { create_graph: true });
      const [g2] = torch.autograd.grad(g1 as Tensor, x, { create_graph: true });
      const [g3] = torch.autograd.grad(g2 as Tensor, x);
      expect([String(g1), String(g2), String(g3)]).toEqual(['tensor(27., grad_fn=<MulBackward0>)', 'tensor(18., grad_fn=<MulBackward0>)', 'tensor(6.)']);
    });

    test('sin(x**2) at 4: value and three derivatives', () => {
      const x = T(4, true);
      const y = x.pow(2).sin();
      const [g1] = torch.autograd.grad(y, x, { create_graph: true });
      const [g2] = torch.autograd.grad(g1 as Tensor, x, { create_graph: true });
      const [g3] = torch.autograd.grad(g2 as Tensor, x);
      expect(String(y)).toBe('tensor(-0.2879, grad_fn=<SinBackward0>)');
      expect(String(g1)).toBe('tensor(-7.6613, grad_fn=<MulBackward0>)');
      expect((g2 as Tensor).item()).toBeCloseTo(16.5105, 3);
      expect((g3 as Tensor).item()).toBeCloseTo(504.141, 2);
    });

    test('Hessian-vector product', () => {
      const x = T([0.5, -1, 2], true);
      const f = x.exp().mul(x.pow(2)).sum().mul(x.sum());
      const [g] = torch.autograd.grad(f, x, { create_graph: true });
      expectValues(g, [33.4276, 29.7845, 119.005], 1e-3);
      const [hv] = torch.autograd.grad(g as Tensor, x, { grad_outputs: T([1, 0.5, -2]) });
      expectValues(hv, [-106.8678, -116.4399, -456.2445], 1e-3);
    });

    test('through a saved output: d2/dx2 exp(x) at 1 is e', () => {
      const x = T(1, true);
      const [g] = torch.autograd.grad(x.exp(), x, { create_graph: true });
      expect(torch.autograd.grad(g as Tensor, x)[0]?.item()).toBeCloseTo(Math.E, 5);
    });

    test('backward(create_graph) leaves a differentiable .grad', () => {
      const x = T(3, true);
      x.pow(3).backward({ create_graph: true });
      const g = x.grad as Tensor;
      expect(g.item()).toBe(27);
      expect(g.requires_grad).toBe(true);
      x.grad = null;
      g.backward();
      expect(String(x.grad)).toBe('tensor(18.)');
    });
  });

  describe('grad modes', () => {
    test('no_grad records nothing and returns the callback value', () => {
      const x = T([1, 2], true);
      const y = torch.no_grad(() => {
        expect(torch.is_grad_enabled()).toBe(false);
        return x.mul(2).exp();
      });
      expect(torch.is_grad_enabled()).toBe(true);
      expect(y.requires_grad).toBe(false);
      expect(y.grad_fn).toBeNull();
    });

    test('no_grad restores the mode when its callback throws; enable_grad nests', () => {
      expect(() => torch.no_grad(() => { throw new Error('boom'); })).toThrow('boom');
      expect(torch.is_grad_enabled()).toBe(true);
      const x = T(2, true);
      const y = torch.no_grad(() => torch.enable_grad(() => x.mul(x)));
      expect(y.grad_fn?.name()).toBe('MulBackward0');
    });

    test('set_grad_enabled', () => {
      const x = T(2, true);
      torch.set_grad_enabled(false);
      try {
        expect(torch.is_grad_enabled()).toBe(false);
        expect(x.mul(2).requires_grad).toBe(false);
      } finally {
        torch.set_grad_enabled(true);
      }
      expect(x.mul(2).requires_grad).toBe(true);
    });

    test('the SGD step: in place on a parameter inside no_grad', () => {
      const w = T([1, 2], true);
      w.mul(w).sum().backward();
      torch.no_grad(() => w.sub_((w.grad as Tensor).mul(0.1)));
      expect(String(w)).toBe('tensor([0.8000, 1.6000], requires_grad=True)');
      expect(w.is_leaf).toBe(true);
    });
  });

  describe('detach, requires_grad_', () => {
    test('detach shares storage and version counter, without a graph', () => {
      const x = T([1, 2], true);
      const d = x.detach();
      expect([d.requires_grad, d.is_leaf, d.grad_fn]).toEqual([false, true, null]);
      d.add_(1);
      expect(String(x)).toBe('tensor([2., 3.], requires_grad=True)');
      const y = x.sin();
      x.detach().zero_();
      expect(() => y.sum().backward()).toThrow(modified('[torch.FloatTensor [2]]', 2, 1));
    });

    test('detach_ makes a leaf', () => {
      const y = T([1, 2], true).mul(2);
      expect(y.detach_()).toBe(y);
      expect([y.is_leaf, y.requires_grad, y.grad_fn]).toEqual([true, false, null]);
      expect(String(y)).toBe('tensor([2., 4.])');
    });

    test('requires_grad_ and its errors', () => {
      const x = T([1, 2]);
      expect(x.requires_grad_()).toBe(x);
      expect(x.requires_grad).toBe(true);
      x.requires_grad = false;
      expect(x.requires_grad).toBe(false);
      expect(() => torch.tensor([1, 2], { dtype: torch.int64 }).requires_grad_()).toThrow('only Tensors of floating point dtype can require gradients');
      expect(() => T([1], true).mul(2).requires_grad_(false)).toThrow(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    });
  });

  describe('in place', () => {
    test('a leaf that requires grad cannot be modified in place outside no_grad', () => {
      const x = T([1, 2, 3], true);
      const ops: [string, () => unknown][] = [
        ['add_', () => x.add_(1)], ['sub_', () => x.sub_(1)], ['mul_', () => x.mul_(2)], ['div_', () => x.div_(2)],
        ['pow_', () => x.pow_(2)], ['neg_', () => x.neg_()], ['exp_', () => x.exp_()], ['relu_', () => x.relu_()],
        ['sigmoid_', () => x.sigmoid_()], ['clamp_', () => x.clamp_(0, 1)], ['zero_', () => x.zero_()],
        ['fill_', () => x.fill_(1)], ['copy_', () => x.copy_(T([0, 0, 0]))], ['masked_fill_', () => x.masked_fill_(x.gt(1), 0)],
      ];
      for (const [name, f] of ops) expect(f, name).toThrow(LEAF_INPLACE);
      expect(String(x)).toBe('tensor([1., 2., 3.], requires_grad=True)');
    });

    test('in-place ops mid-graph are recorded: relu_, sigmoid_, mul_', () => {
      const x = T([-1, 2], true);
      const y = x.mul(1);
      y.relu_();
      expect(String(y)).toBe('tensor([0., 2.], grad_fn=<ReluBackward0>)');
      y.sum().backward();
      expectValues(x.grad, [0, 1]);

      const x2 = T([-1, 2], true);
      const s = x2.mul(1);
      s.sigmoid_();
      s.sum().backward();
      expectValues(x2.grad, [0.1966, 0.105]);

      const x3 = T([1, 2], true), w = T([3, 4], true);
      const m = x3.mul(1);
      m.mul_(w);
      expect(String(m)).toBe('tensor([3., 8.], grad_fn=<MulBackward0>)');
      m.sum().backward();
      expectValues(x3.grad, [3, 4]);
      expectValues(w.grad, [1, 2]);
    });

    test('modifying what a node saved makes its backward throw, naming the op', () => {
      const a = T([1, 2, 3], true);
      const out = a.sigmoid(); // saves its output
      out.mul_(2);
      expect(() => out.sum().backward()).toThrow(modified('[torch.FloatTensor [3]], which is output 0 of SigmoidBackward0,', 1, 0));

      const b = a.clone(); // a saved input: named by its grad_fn at backward time
      const y = b.mul(b);
      b.add_(1);
      expect(() => y.sum().backward()).toThrow(modified('[torch.FloatTensor [3]], which is output 0 of AddBackward0,', 1, 0));

      const c = a.detach().clone(); // a plain tensor has no grad_fn to name
      const z = a.mul(c);
      c.add_(1);
      expect(() => z.sum().backward()).toThrow(modified('[torch.FloatTensor [3]]', 1, 0));

      const m = a.mul(1);
      m.mul_(m);
      expect(() => m.sum().backward()).toThrow(modified('[torch.FloatTensor [3]], which is output 0 of MulBackward0,', 1, 0));

      const s = T(2, true).clone();
      const q = s.mul(s);
      s.add_(1);
      expect(() => q.backward()).toThrow(modified('[torch.FloatTensor []], which is output 0 of AddBackward0,', 1, 0));

      const d = torch.tensor([1, 2], { dtype: torch.float64, requires_grad: true }).mul(1);
      d.add_(1);
      const q2 = d.mul(d);
      d.mul_(2);
      expect(() => q2.sum().backward()).toThrow(modified('[torch.DoubleTensor [2]], which is output 0 of MulBackward0,', 2, 1));
    });

    test('modifying what no node saved is fine (PyTorch saves only what gradients read)', () => {
      const x = T([1, 2], true);
      const cases: ((b: Tensor) => Tensor)[] = [
        (b) => b.add(T([1, 1])), (b) => b.mul(2), (b) => b.mul(T([1, 1])), (b) => b.div(2), (b) => b.sub(1),
        (b) => b.remainder(1.5), (b) => b.exp(), (b) => b.sum(), (b) => b.neg(), (b) => b.floor(), (b) => b.relu(),
      ];
      for (const f of cases) {
        const b = x.clone();
        const y = f(b);
        b.add_(1);
        expect(() => y.sum().backward()).not.toThrow();
      }
      const leaf = T([1, 2], true);
      const e = leaf.exp(); // exp saves its output, not its input
      torch.no_grad(() => leaf.add_(1));
      e.sum().backward();
      expectValues(leaf.grad, [Math.E, Math.E ** 2]);
    });
  });
});

// The examples run on the built package (npm test builds first): their output is PyTorch's, line
// for line, as printed by the same programs in Python (PyTorch 1.13).
describe('examples print what PyTorch prints', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (file: string): string[] => {
    if (!existsSync(`${root}dist/webtorch.mjs`)) throw new Error('the examples need a build: npm run build');
    return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8' }).trimEnd().split('\n');
  };

  test('examples/autograd-basics.mjs', () => {
    const results = run('examples/autograd-basics.mjs').filter((l) => l && !l.startsWith('>>>') && !l.startsWith('#'));
    expect(results).toEqual([
      'tensor(9., grad_fn=<PowBackward0>)', 'PowBackward0', 'tensor(6.)',
      'tensor(-0.2879, grad_fn=<SinBackward0>)', 'tensor(-7.6613)',
      'tensor([6.7000], grad_fn=<AddBackward0>)', 'tensor([0.9988], grad_fn=<SigmoidBackward0>)', 'tensor(6.7012)',
      'tensor([6.6918])', 'tensor([0.9988])',
      'tensor(27., grad_fn=<MulBackward0>)', 'tensor(18.)',
      'tensor(6.)', 'tensor(6.)',
    ]);
  });

  test('examples/linear-regression.mjs', () => {
    expect(run('examples/linear-regression.mjs')).toEqual([
      'start: w = 1.5410, b = 0.0000',
      'epoch  1000: loss = 0.00800788, w = 2.0580, b = 0.7905',
      'epoch  2000: loss = 0.00053465, w = 2.0150, b = 0.9459',
      'epoch  3000: loss = 0.00003571, w = 2.0039, b = 0.9860',
      'epoch  4000: loss = 0.00000239, w = 2.0010, b = 0.9964',
      'epoch  5000: loss = 0.00000016, w = 2.0003, b = 0.9991',
      'epoch  6000: loss = 0.00000001, w = 2.0001, b = 0.9998',
      'epoch  7000: loss = 0.00000000, w = 2.0000, b = 0.9999',
      'epoch  8000: loss = 0.00000000, w = 2.0000, b = 1.0000',
      'epoch  9000: loss = 0.00000000, w = 2.0000, b = 1.0000',
      'epoch 10000: loss = 0.00000000, w = 2.0000, b = 1.0000',
      'learned: y = 2.000x + 1.000',
      'tensor([2.0000], requires_grad=True) tensor([1.0000], requires_grad=True)',
    ]);
  });
});
