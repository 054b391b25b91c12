// F.cross_entropy's fused path ([N, C] logits, int64 class indices, no weight or label smoothing,
// 'mean' or 'sum': one node run for NllLossBackward0 over LogSoftmaxBackward0) against PyTorch
// 1.13 (tests/fixtures/cross-entropy.json from scripts/fixtures/gen_cross_entropy.py), and against
// the two ops it fuses; the graph it shows, retain_graph, in-place changes, create_graph.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends } from './gradcheck.js';

const F = torch.nn.functional;
interface Case {
  name: string; dtype: 'float32' | 'float64'; x: number[][]; target: number[];
  options: { ignore_index?: number; reduction?: 'mean' | 'sum' }; seed: number | null; loss: number | 'nan'; grad: number[][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/cross-entropy.json', import.meta.url), 'utf8')) as
  { cases: Case[]; second: { x: number[][]; target: number[]; w: number[][]; grad: number[][]; second: number[][] } };

/** Largest difference between two nested arrays of numbers, NaN where one is NaN and the other not. */
function maxDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length).toBe(b.length);
    return a.reduce((m: number, v, i) => Math.max(m, maxDiff(v, b[i])), 0);
  }
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Math.abs((a as number) - (b as number));
}
const long = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });

describeBackends('cross_entropy with class indices', () => {
  test.each(fx.cases.map((c) => [c.name, c]))('%s: PyTorch\'s loss and gradient', (_, c) => {
    const dtype = torch[c.dtype];
    const x = torch.tensor(c.x, { dtype, requires_grad: true });
    const loss = F.cross_entropy(x, long(c.target), c.options);
    expect(loss.grad_fn?.name()).toBe('NllLossBackward0');
    loss.backward(c.seed === null ? undefined : torch.tensor(c.seed, { dtype }));
    const tol = c.dtype === 'float32' ? 1e-6 : 1e-14;
    const want = c.loss === 'nan' ? NaN : c.loss;
    expect(maxDiff(loss.item(), want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want) || 0));
    expect(maxDiff((x.grad as Tensor).tolist(), c.grad)).toBeLessThanOrEqual(tol);
  });

  test('the same loss and gradient as nll_loss(log_softmax) composed', () => {
    for (const c of fx.cases) {
      const x = torch.tensor(c.x, { dtype: torch[c.dtype], requires_grad: true });
      const y = torch.tensor(c.x, { dtype: torch[c.dtype], requires_grad: true });
      const a = F.cross_entropy(x, long(c.target), c.options), b = F.nll_loss(F.log_softmax(y, 1), long(c.target), c.options);
      expect(Object.is(a.item(), b.item()) || a.item() === b.item()).toBe(true);
      a.backward();
      b.backward();
      expect(maxDiff((x.grad as Tensor).tolist(), (y.grad as Tensor).tolist())).toBeLessThanOrEqual(c.dtype === 'float32' ? 1e-7 : 1e-16);
    }
  });

  test('the graph reads as PyTorch\'s and the inner node is log_softmax\'s', () => {
    const x = torch.randn(4, 3, { requires_grad: true });
    const loss = F.cross_entropy(x, long([0, 1, 2, 0]));
    const [[ls, nr]] = loss.grad_fn!.next_functions;
    expect(ls?.name()).toBe('LogSoftmaxBackward0');
    expect(nr).toBe(0);
    expect(ls!.next_functions[0][0]?.name()).toBe('AccumulateGrad');
  });

  test('retain_graph accumulates twice; without it a second backward fails as in PyTorch', () => {
    const x = torch.randn(5, 4, { requires_grad: true });
    const t = long([0, 1, 2, 3, 0]);
    const loss = F.cross_entropy(x, t);
    loss.backward({ retain_graph: true });
    const once = (x.grad as Tensor).clone();
    loss.backward();
    expect((x.grad as Tensor).tolist()).toEqual(once.mul(2).tolist());
    expect(() => loss.backward()).toThrow(/Trying to backward through the graph a second time/);
  });

  test('a target changed in place fails the backward; the logits may change (log_softmax saved its output)', () => {
    const x = torch.randn(3, 4, { requires_grad: true });
    const t = long([0, 1, 2]);
    const loss = F.cross_entropy(x, t);
    t.add_(1);
    expect(() => loss.backward()).toThrow('[torch.LongTensor [3]] is at version 1; expected version 0 instead');
    const y = torch.randn(3, 4, { requires_grad: true });
    const ref = F.cross_entropy(y.detach().clone().requires_grad_(), long([0, 1, 2]));
    const l2 = F.cross_entropy(y, long([0, 1, 2]));
    torch.no_grad(() => y.mul_(3));
    l2.backward();
    ref.backward();
    expect((y.grad as Tensor).tolist()).toEqual(((ref.grad_fn!.next_functions[0][0]!.next_functions[0][0] as unknown as { variable: Tensor }).variable.grad as Tensor).tolist());
  });

  test('no_grad and bad targets', () => {
    const x = torch.randn(3, 4, { requires_grad: true });
    const loss = torch.no_grad(() => F.cross_entropy(x, long([0, 1, 2])));
    expect(loss.grad_fn).toBe(null);
    expect(loss.requires_grad).toBe(false);
    expect(() => F.cross_entropy(x, long([0, 4, 2]))).toThrow('Target 4 is out of bounds.');
    expect(() => F.cross_entropy(x, long([0, 1]))).toThrow('Expected input batch_size (3) to match target batch_size (2).');
  });

  test('create_graph: the gradient is differentiable again (PyTorch\'s second derivative)', () => {
    const s = fx.second;
    const x = torch.tensor(s.x, { dtype: torch.float64, requires_grad: true });
    const [g] = torch.autograd.grad(F.cross_entropy(x, long(s.target)), x, { create_graph: true });
    expect(maxDiff(g.tolist(), s.grad)).toBeLessThanOrEqual(1e-15);
    g.mul(torch.tensor(s.w, { dtype: torch.float64 })).sum().backward();
    expect(maxDiff((x.grad as Tensor).tolist(), s.second)).toBeLessThanOrEqual(1e-15);
  });

  test('autograd.grad gives backward()\'s gradient and leaves .grad alone; a loss over a non-leaf reaches the leaf', () => {
    const x = torch.randn(6, 5, { requires_grad: true });
    const t = long([0, 4, 2, -100, 1, 3]);
    const [g] = torch.autograd.grad(F.cross_entropy(x, t), x);
    expect(x.grad).toBe(null);
    F.cross_entropy(x, t).backward();
    expect(g.tolist()).toEqual((x.grad as Tensor).tolist());
    // through a recorded op: the fused node's gradient flows on to mul's node
    const w = torch.randn(6, 5, { requires_grad: true });
    F.cross_entropy(w.mul(2), t, { reduction: 'sum' }).backward();
    const w2 = w.detach().clone().requires_grad_();
    F.nll_loss(F.log_softmax(w2.mul(2), 1), t, { reduction: 'sum' }).backward();
    expect(maxDiff((w.grad as Tensor).tolist(), (w2.grad as Tensor).tolist())).toBeLessThanOrEqual(1e-6);
  });
});
