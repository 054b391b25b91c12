// torch.nn.functional on both cpu backends: values against PyTorch 1.13 (numbers computed once with
// it and pasted here), argument forms, reductions, errors, and gradients of the options the oracle
// does not reach (weights, ignore_index, label smoothing, pos_weight).
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from './gradcheck.js';

const F = torch.nn.functional;
const long = (v: number[] | number) => torch.tensor(v as number[], { dtype: torch.int64 });

function close(t: Tensor, want: number[] | number, tol = 1e-5): void {
  const got = t.numel() === 1 && !Array.isArray(want) ? [t.item() as number] : (t.reshape(-1).tolist() as number[]);
  const w = Array.isArray(want) ? want : [want];
  expect(got.length).toBe(w.length);
  got.forEach((g, i) => expect(Math.abs(g - w[i]), `[${i}]: ${g} vs ${w[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]))));
}

/** x = arange(12).reshape(3, 4) / 4 - 1, the input of most PyTorch reference numbers below */
const X = () => torch.arange(12).reshape(3, 4).div(4).sub(1);

describe('torch.nn.functional namespace', () => {
  test('every function of api.md is there', () => {
    const names = 'relu sigmoid tanh softmax log_softmax gelu silu leaky_relu elu softplus linear dropout normalize one_hot layer_norm cosine_similarity mse_loss l1_loss binary_cross_entropy binary_cross_entropy_with_logits cross_entropy nll_loss';
    for (const n of names.split(' ')) expect(typeof (F as Record<string, unknown>)[n], n).toBe('function');
  });
});

describeBackends('functional', () => {
  describe('activations', () => {
    test('match PyTorch', () => {
      const row = X().index(0);
      close(F.gelu(row.mul(3)), [-0.00405, -0.027505, -0.100211, -0.16997], 2e-4);
      close(F.gelu(row.mul(3), { approximate: 'tanh' }), [-0.003637, -0.027201, -0.100428, -0.170039], 2e-4);
      close(F.silu(row), [-0.268941, -0.240616, -0.18877, -0.109456]);
      close(F.elu(row, 0.5), [-0.31606, -0.263817, -0.196735, -0.1106]);
      close(F.leaky_relu(row, { negative_slope: 0.2 }), [-0.2, -0.15, -0.1, -0.05]);
      close(F.softplus(torch.tensor([-30, -1, 0, 1, 30])), [0, 0.313262, 0.693147, 1.313262, 30]);
      close(F.softplus(torch.tensor([-2, 0, 1, 3]), { beta: 2, threshold: 3 }), [0.009075, 0.346574, 1.063464, 3]);
      close(F.relu(torch.tensor([-1, 0, 2])), [0, 0, 2]);
      expect(F.tanh(row).grad_fn).toBeNull();
    });
    test('softmax without dim picks PyTorch\'s implicit dim; log_softmax with {dim}', () => {
      close(F.softmax(torch.arange(6).float().reshape(2, 3)), [0.090031, 0.244728, 0.665241, 0.090031, 0.244728, 0.665241]);
      close(F.log_softmax(X(), { dim: 0 }), [-2.407606, -2.407606, -2.407606, -2.407606, -1.407606, -1.407606, -1.407606, -1.407606, -0.407606, -0.407606, -0.407606, -0.407606]);
      expect(F.softmax(X(), -1, 3, torch.float64).dtype).toBe(torch.float64);
    });
    test('inplace forms write into the input', () => {
      const x = torch.tensor([-1, 2]);
      expect(F.relu(x, { inplace: true })).toBe(x);
      expect(x.tolist()).toEqual([0, 2]);
    });
    test('softplus gradient stays finite far on both sides', () => {
      const a = torch.tensor([100, -100, 0], { requires_grad: true });
      F.softplus(a).sum().backward();
      close(a.grad as Tensor, [1, 0, 0.5]);
    });
  });

  describe('layers', () => {
    test('normalize, layer_norm, cosine_similarity match PyTorch', () => {
      close(F.normalize(X()), [-0.730297, -0.547723, -0.365148, -0.182574, 0, 0.267261, 0.534522, 0.801784, 0.356348, 0.445435, 0.534522, 0.62361]);
      close(F.normalize(X(), { p: 1, dim: 0 }), [-0.5, -0.333333, -0.2, -0.090909, 0, 0.111111, 0.2, 0.272727, 0.5, 0.555556, 0.6, 0.636364]);
      close(F.normalize(torch.zeros(2, 2)), [0, 0, 0, 0]);
      close(F.layer_norm(X(), [4]), [-1.341555, -0.447185, 0.447185, 1.341555, -1.341555, -0.447185, 0.447185, 1.341555, -1.341555, -0.447185, 0.447185, 1.341555]);
      close(F.layer_norm(X(), [3, 4], torch.arange(12).float().reshape(3, 4), torch.ones(3, 4)),
        [1, -0.303564, -1.027766, -1.172606, -0.738085, 0.275798, 1.869042, 4.041648, 6.793615, 10.124944, 14.035635, 18.525688], 2e-5);
      close(F.cosine_similarity(X(), X().flip(1)), [0.666667, 0.285714, 0.920635]);
      close(F.cosine_similarity(X(), torch.ones(4), { dim: -1 }), [-0.912871, 0.801784, 0.979958]);
      close(F.cosine_similarity(torch.zeros(1, 3), torch.ones(1, 3)), [0]);
    });
    test('one_hot', () => {
      const h = F.one_hot(long([[0], [2]]), 4);
      expect(h.dtype).toBe(torch.int64);
      expect(h.tolist()).toEqual([[[1, 0, 0, 0]], [[0, 0, 1, 0]]]);
      expect(F.one_hot(long([0, 2, 1])).shape.slice()).toEqual([3, 3]);
      expect(() => F.one_hot(long([0, 5]), 3)).toThrow('Class values must be smaller than num_classes.');
      expect(() => F.one_hot(long([-1]), 3)).toThrow('Class values must be non-negative.');
      expect(() => F.one_hot(torch.tensor([1]), 3)).toThrow('one_hot is only applicable to index tensor.');
    });
    test('dropout: identity in eval, zeros with probability p and scales the rest in training', () => {
      const x = torch.ones(10000);
      expect(F.dropout(x, 0.3, false)).toBe(x);
      torch.manual_seed(1);
      const y = F.dropout(x, { p: 0.25 });
      const kept = y.ne(0).sum().item() as number;
      expect(Math.abs(kept / 10000 - 0.75)).toBeLessThan(0.03);
      close(y.max() as Tensor, 1 / 0.75);
      close(F.dropout(x, 1).sum(), 0);
      expect(() => F.dropout(x, 1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    });
    test('layer_norm checks the trailing shape', () => {
      expect(() => F.layer_norm(X(), [3])).toThrow('Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[3, 4]');
    });
  });

  describe('losses', () => {
    test('cross_entropy with class indices: weights, ignore_index, label smoothing, reductions', () => {
      const t = long([0, 3, 1]);
      close(F.cross_entropy(X(), t), 1.466683);
      close(F.cross_entropy(X(), t, { weight: torch.tensor([1, 2, 3, 4]) }), 1.300016);
      close(F.cross_entropy(X(), long([0, -100, 1])), 1.675016);
      close(F.cross_entropy(X(), t, { label_smoothing: 0.1 }), 1.462516);
      close(F.cross_entropy(X(), long([0, 3, -100]), { weight: torch.tensor([1, 2, 3, 4]), label_smoothing: 0.2 }), 1.220016);
      close(F.cross_entropy(X(), t, { reduction: 'none' }), [1.800016, 1.050016, 1.550016]);
      close(F.cross_entropy(torch.arange(24).float().reshape(2, 3, 4).div(10), long([[0, 1, 2, 0], [2, 2, 1, 0]])), 1.15125);
      close(F.cross_entropy(torch.tensor([1, 2, 3]), long(2)), 0.407606);
      expect(F.cross_entropy(X(), long([-100, -100, -100])).item()).toBeNaN();
    });
    test('cross_entropy with class probabilities', () => {
      const p = X().softmax(1).flip(1);
      close(F.cross_entropy(X(), p), 1.50179);
      close(F.cross_entropy(X(), p, { label_smoothing: 0.2, reduction: 'none' }), [1.486436, 1.486436, 1.486436]);
    });
    test('nll_loss', () => {
      close(F.nll_loss(X(), long([0, 3, 1]), { reduction: 'sum' }), -1);
      close(F.nll_loss(X(), long([0, 3, 1]), torch.tensor([1, 2, 3, 4]), null, -100, null, 'none'), [1, -3, -2.5]);
      expect(() => F.cross_entropy(X(), long([0, 4, 1]))).toThrow('Target 4 is out of bounds.');
      expect(() => F.cross_entropy(X(), long([0, 3]))).toThrow('Expected input batch_size (3) to match target batch_size (2).');
      expect(() => F.nll_loss(X(), torch.tensor([0, 3, 1]))).toThrow('expected scalar type Long but found Float');
    });
    test('binary cross entropy (logs clamped at -100) and with logits (stable at +-100)', () => {
      close(F.binary_cross_entropy(torch.tensor([0, 1, 0.5]), torch.tensor([1, 0, 1])), 66.897713);
      close(F.binary_cross_entropy(torch.tensor([0.2, 0.9]), torch.tensor([1, 0]), torch.tensor([2, 1]), { reduction: 'none' }), [3.218876, 2.302585]);
      close(F.binary_cross_entropy_with_logits(torch.tensor([100, -100, 0.5]), torch.tensor([0, 1, 1])), 66.824692);
      close(F.binary_cross_entropy_with_logits(torch.tensor([1, -1, 0.5]), torch.tensor([0, 1, 1]), { pos_weight: torch.tensor([2, 3, 4]), reduction: 'none' }),
        [1.313262, 3.939785, 1.896308]);
      expect(() => F.binary_cross_entropy(torch.tensor([1.2]), torch.tensor([1]))).toThrow('all elements of input should be between 0 and 1');
      expect(() => F.binary_cross_entropy(torch.tensor([0.2]), torch.tensor([[1]])))
        .toThrow('Using a target size (torch.Size([1, 1])) that is different to the input size (torch.Size([1])) is deprecated. Please ensure they have the same size.');
    });
    test('mse_loss and l1_loss, with reduction and the legacy size_average', () => {
      close(F.mse_loss(X(), X().flip(0)), 2.666667);
      close(F.mse_loss(X(), X().flip(0), { size_average: false }), 32);
      close(F.l1_loss(X().index(0), X().index(1), { reduction: 'none' }), [1, 1, 1, 1]);
      expect(() => F.mse_loss(X(), X(), { reduction: 'avg' as 'sum' })).toThrow('avg is not a valid value for reduction');
    });
    test('cross_entropy gradient with weights and label smoothing matches PyTorch', () => {
      const a = torch.tensor([[0.1, 0.9, 0.3], [0.7, 0.2, 0.5]], { requires_grad: true });
      F.cross_entropy(a, long([2, 0]), { weight: torch.tensor([1, 2, 3]), label_smoothing: 0.1 }).backward();
      close(a.grad as Tensor, [0.1547, 0.346171, -0.500871, -0.119943, 0.052108, 0.067836]);
    });
  });

  describe('gradients of the options', () => {
    const x = () => leaf([0.3, -1.2, 0.8, 1.5, -0.4, 0.1, 0.9, -0.7, 0.2, 1.1, -1.3, 0.6], [3, 4], true);
    test('cross_entropy: weight, ignore_index, label smoothing, probabilities, K-dim', () => {
      const w = leaf([1, 2, 0.5, 3], [4], false);
      gradcheck((a) => F.cross_entropy(a, long([0, -100, 3]), { weight: w, label_smoothing: 0.2 }), [x()]);
      gradcheck((a, p) => F.cross_entropy(a, p.softmax(1)), [x(), x()]);
      gradcheck((a) => F.cross_entropy(a.reshape(1, 3, 4), long([[0, 2, 1, 1]]), { reduction: 'sum' }), [x()]);
      gradgradcheck((a) => F.cross_entropy(a, long([1, 2, 3]), { label_smoothing: 0.1 }), [x()]);
    });
    test('binary_cross_entropy_with_logits with pos_weight and weight', () => {
      const y = leaf([0, 1, 1, 0], [4], false);
      gradcheck((a, pw) => F.binary_cross_entropy_with_logits(a, y, { pos_weight: pw, weight: leaf([1, 2, 1, 2], [4], false) }),
        [leaf([0.5, -2, 3, -0.1], [4], true), leaf([2, 3, 0.5, 1], [4], true)]);
    });
    test('dropout in training: the gradient is the same mask, scaled', () => {
      torch.manual_seed(3);
      const a = torch.ones(64, { requires_grad: true });
      const y = F.dropout(a, 0.5);
      y.sum().backward();
      expect((a.grad as Tensor).tolist()).toEqual(y.detach().tolist());
    });
  });
});
