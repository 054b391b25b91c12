// The library's compositions free their own intermediates when they return (as Python's refcounts
// free them in PyTorch): a forward and backward through F.linear on 3-D input, F.layer_norm and
// batch-first multi-head attention leave nothing live but what the program holds and the .grad
// tensors, with no step scope or finalizer involved.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

const { nn } = torch;
const F = nn.functional;

const live = () => torch.memory('cpu').tensors;

// counts are exact: the automatic step scope would release earlier tests' leftovers mid-count
torch.memory.auto(false);

/** Runs `forward` and a backward through it twice (the first makes the .grad tensors); the second must leave the count as it found it. */
function leavesNothing(forward: () => Tensor): void {
  const run = () => {
    const out = forward();
    const s = out.sum();
    s.backward();
    s.dispose();
    out.dispose();
  };
  run();
  const before = live();
  run();
  expect(live()).toBe(before);
}

describeBackends('intermediates', () => {
  test('F.linear on a 3-D input, contiguous or not', () => {
    torch.manual_seed(0);
    const w = torch.randn(5, 4).requires_grad_(), b = torch.randn(5).requires_grad_();
    const x = torch.randn(2, 3, 4).requires_grad_();
    leavesNothing(() => F.linear(x, w, b));
    const xt = torch.randn(3, 2, 4).requires_grad_();
    leavesNothing(() => {
      const v = xt.transpose(0, 1);
      const y = F.linear(v, w, b);
      v.dispose();
      return y;
    });
  });

  test('F.layer_norm', () => {
    const x = torch.randn(2, 3, 4).requires_grad_();
    const w = torch.randn(4).requires_grad_(), b = torch.randn(4).requires_grad_();
    leavesNothing(() => F.layer_norm(x, [4], w, b));
    const before = live();
    torch.no_grad(() => F.layer_norm(x, [4], w, b)).dispose();
    expect(live()).toBe(before);
  });

  test('batch-first MultiheadAttention, with and without weights', () => {
    torch.manual_seed(0);
    const mha = nn.MultiheadAttention(8, 2, { batch_first: true });
    const x = torch.randn(2, 3, 8).requires_grad_();
    leavesNothing(() => (mha(x, x, x, { need_weights: false }) as [Tensor, null])[0]);
    leavesNothing(() => {
      const [out, weights] = mha(x, x, x) as [Tensor, Tensor];
      (weights as Tensor).dispose();
      return out;
    });
  });
});
