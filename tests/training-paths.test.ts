// The training step's fast paths (issue 15) against PyTorch 1.13 (tests/fixtures/training-paths.json
// from scripts/fixtures/gen_training_paths.py): nll_loss on [N, C] rows in one pass (PyTorch's
// cascade of float32 partial sums, so the loss matches to the bit), its one-node backward and the
// composed one under create_graph, Linear's gradients computed in the weight's layout, relu's
// backward as PyTorch's threshold_backward, and a TensorDataset batch gathered row by row (the
// same batch as stacking the samples).
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import { describeBackends } from './gradcheck.js';
import { close, fixtureLinear, fx } from './training-paths-fixture.js';

const F = torch.nn.functional;

describeBackends('nll_loss on [N, C] rows', () => {
  for (const k of fx.nll) {
    const name = `${k.n}x${k.c} ${k.dtype} ${k.reduction}`;
    const make = () => torch.tensor(k.x, { dtype: torch[k.dtype] }).reshape([k.n, k.c]).requires_grad_(true);
    const target = () => torch.tensor(k.target, { dtype: torch.int64 });

    test(`${name}: the loss to the bit, the gradient -g/total at each target`, () => {
      const x = make();
      const loss = F.nll_loss(x, target(), { reduction: k.reduction });
      expect(loss.item()).toBe(k.loss);
      expect(loss.grad_fn?.name()).toBe('NllLossBackward0');
      loss.backward(torch.tensor(1.5, { dtype: torch[k.dtype] }));
      if (k.grad) expect(x.grad!.flatten().tolist()).toEqual(k.grad);
    });

    test(`${name}: cross_entropy`, () => {
      const x = make();
      const loss = F.cross_entropy(x, target(), { reduction: k.reduction });
      close([loss.item()], [k.ce], k.dtype === 'float32' ? 1e-6 : 1e-12);
      loss.backward();
      if (k.ce_grad) close(x.grad!.flatten().tolist() as number[], k.ce_grad, k.dtype === 'float32' ? 1e-6 : 1e-12);
    });
  }

  test('an out-of-range target: PyTorch error, nothing recorded', () => {
    const x = torch.randn(3, 4, { requires_grad: true });
    expect(() => F.nll_loss(x, torch.tensor([0, 4, 1], { dtype: torch.int64 }))).toThrow('Target 4 is out of bounds.');
    expect(() => F.nll_loss(x, torch.tensor([0, -2, 1], { dtype: torch.int64 }))).toThrow('Target -2 is out of bounds.');
    expect(() => F.nll_loss(x, torch.tensor([0, 1], { dtype: torch.int64 }))).toThrow('Expected input batch_size (3) to match target batch_size (2).');
  });

  test('every target ignored: mean is nan, sum is 0, the gradient zero', () => {
    const x = torch.randn(2, 3, { requires_grad: true });
    const t = torch.tensor([-100, -100], { dtype: torch.int64 });
    expect(Number.isNaN(F.nll_loss(x, t).item())).toBe(true);
    const s = F.nll_loss(x, t, { reduction: 'sum' });
    expect(s.item()).toBe(0);
    s.backward();
    expect(x.grad!.tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  test('create_graph: the gradient is itself differentiable (double backward through cross_entropy)', () => {
    const x = torch.randn(4, 3, { dtype: torch.float64, requires_grad: true });
    const t = torch.tensor([0, 2, -100, 1], { dtype: torch.int64 });
    const loss = F.nll_loss(x.mul(x), t);
    const [g] = torch.autograd.grad([loss], [x], { create_graph: true });
    // d/dx of -x^2 / 3 at the targets: -2x / 3; its sum's gradient: -2 / 3 there, 0 elsewhere
    const xs = x.detach().tolist() as number[][];
    const want = xs.map((row, i) => row.map((v, j) => (j === [0, 2, -1, 1][i] ? (-2 * v) / 3 : 0)));
    close((g.detach().tolist() as number[][]).flat(), want.flat(), 1e-12);
    const [gg] = torch.autograd.grad([g.sum()], [x]);
    expect((gg.tolist() as number[][]).flat()).toEqual(want.flatMap((row, i) => row.map((_, j) => (j === [0, 2, -1, 1][i] ? -2 / 3 : 0))));
  });
});

describeBackends('Linear gradients in the weight layout', () => {
  test('weight and bias gradients as PyTorch computes them, the weight gradient dense', () => {
    const { L, lin, x } = fixtureLinear();
    const loss = F.cross_entropy(lin.forward(x), torch.tensor(L.y, { dtype: torch.int64 }));
    close([loss.item()], [L.loss], 1e-12);
    loss.backward();
    expect(lin.weight.grad!.is_contiguous()).toBe(true);
    close(lin.weight.grad!.flatten().tolist() as number[], L.weight_grad, 1e-12);
    close(lin.bias!.grad!.tolist() as number[], L.bias_grad, 1e-12);
  });

  test('mm with a column-major operand: gradients in its layout, same values', () => {
    const a = torch.randn(5, 3, { dtype: torch.float64, requires_grad: true });
    const bT = torch.randn(4, 3, { dtype: torch.float64, requires_grad: true });
    const aT = torch.randn(3, 5, { dtype: torch.float64, requires_grad: true });
    const y = a.mm(bT.t()).add(aT.t().mm(bT.t()));
    const g = torch.randn(5, 4, { dtype: torch.float64 });
    y.backward(g);
    close(bT.grad!.flatten().tolist() as number[], g.t().mm(a.detach().add(aT.detach().t())).flatten().tolist() as number[], 1e-12);
    close(a.grad!.flatten().tolist() as number[], g.mm(bT.detach()).flatten().tolist() as number[], 1e-12);
    close(aT.grad!.flatten().tolist() as number[], bT.detach().t().mm(g.t()).flatten().tolist() as number[], 1e-12);
  });
});

describeBackends('relu backward', () => {
  test("PyTorch's threshold_backward: g where y > 0 or y is NaN, 0 elsewhere even for an infinite g", () => {
    const R = fx.relu, nums = (v: (number | string)[]) => v.map(Number);
    const x = torch.tensor(nums(R.x), { requires_grad: true });
    x.relu().backward(torch.tensor(nums(R.g)));
    expect(x.grad!.tolist()).toEqual(nums(R.grad));
    expect(x.relu().grad_fn?.name()).toBe('ReluBackward0');
  });
});

describe('TensorDataset batches', () => {
  test('gathered rows equal the stacked samples of the same indices, every dtype', () => {
    const { DataLoader, TensorDataset } = torch.utils.data;
    const tensors = [torch.randn(50, 3, 2), torch.randint(0, 9, [50]), torch.randn(50, 4).gt(0), torch.randn(50, 2, { dtype: torch.float64 })];
    const fast = TensorDataset(...tensors);
    // a subclass with its own getitem takes the general path: getitem per sample, then stack
    class Slow extends (fast.constructor as new (...t: torch.Tensor[]) => typeof fast) {
      getitem(i: number) { return super.getitem(i); }
    }
    const slow = new Slow(...tensors);
    const g1 = torch.Generator().manual_seed(3), g2 = torch.Generator().manual_seed(3);
    // in lockstep: the step scope releases a loop's batches two batches later
    const ia = DataLoader(fast, { batch_size: 16, shuffle: true, generator: g1 })[Symbol.iterator]();
    const ib = DataLoader(slow, { batch_size: 16, shuffle: true, generator: g2 })[Symbol.iterator]();
    let batches = 0;
    for (let ra = ia.next(), rb = ib.next(); !ra.done || !rb.done; ra = ia.next(), rb = ib.next(), batches++) {
      const a = ra.value as torch.Tensor[], b = rb.value as torch.Tensor[];
      for (let j = 0; j < tensors.length; j++) {
        expect(a[j].dtype).toBe(b[j].dtype);
        expect(a[j].shape).toEqual(b[j].shape);
        expect(a[j].tolist()).toEqual(b[j].tolist());
      }
    }
    expect(batches).toBe(4);
  });

  test('a tensor that requires grad or is not dense is stacked as before', () => {
    const { DataLoader, TensorDataset } = torch.utils.data;
    const w = torch.randn(6, 2, { requires_grad: true });
    const [batch] = [...DataLoader(TensorDataset(w), { batch_size: 6 })] as torch.Tensor[][];
    expect(batch[0].grad_fn?.name()).toBe('StackBackward0');
    const t = torch.randn(2, 6).t();
    const [b2] = [...DataLoader(TensorDataset(t), { batch_size: 6 })] as torch.Tensor[][];
    expect(b2[0].tolist()).toEqual(t.tolist());
  });
});
