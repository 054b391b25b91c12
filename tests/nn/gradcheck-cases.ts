// Compositions of torch.nn.functional checked by gradcheck and gradgradcheck in float64: the nn
// functional suite runs them as they are, tests/tidy-backward.test.ts with the function inside
// torch.tidy. Inputs are made afresh by each case's maker.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { leaf } from '../gradcheck.js';

const F = torch.nn.functional;
const long = (v: number[] | number[][]) => torch.tensor(v as number[], { dtype: torch.int64 });
const X = () => leaf([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7, -2.2, 0.6], [3, 3], true);
const T = () => leaf([0.1, -0.9, 1.5, 0.4, -0.3, 0.2, 0.9, -1.1, 0.7], [3, 3], true);
const P = () => leaf([0.5, 1.2, 0.8, 2.1, 0.4, 0.9, 1.7, 0.3, 0.6], [3, 3], true);
const f64 = (v: number[]) => torch.tensor(v, { dtype: torch.float64 });
export const GRADCHECK_CASES: [string, () => Tensor[], (...t: Tensor[]) => Tensor][] = [
  ['smooth_l1_loss', () => [X(), T()], (a, b) => F.smooth_l1_loss(a, b, { beta: 0.75 })],
  ['huber_loss', () => [X(), T()], (a, b) => F.huber_loss(a, b, { delta: 0.6, reduction: 'sum' })],
  ['soft_margin_loss', () => [X(), T()], (a, b) => F.soft_margin_loss(a, b)],
  ['kl_div', () => [X(), P()], (a, b) => F.kl_div(a, b, { reduction: 'batchmean' })],
  ['kl_div log_target', () => [X(), T()], (a, b) => F.kl_div(a, b, { reduction: 'sum', log_target: true })],
  ['cosine_embedding_loss', () => [X(), T()], (a, b) => F.cosine_embedding_loss(a, b, f64([1, -1, 1]), { margin: -0.5 })],
  ['poisson_nll_loss', () => [X(), P().detach()], (a, b) => F.poisson_nll_loss(a, b)],
  ['gaussian_nll_loss', () => [X(), T(), P()], (a, b, v) => F.gaussian_nll_loss(a, b, v)],
  ['group_norm', () => [X().reshape(1, 3, 3).detach().requires_grad_(true), leaf([1.5, -0.5, 2], [3], true), leaf([0.1, 0.2, 0.3], [3], true)],
    (a, w, b) => F.group_norm(a, 3, w, b)],
  ['layer_norm', () => [X(), leaf([1.5, -0.5, 2], [3], true), leaf([0.1, 0.2, 0.3], [3], true)],
    (a, w, b) => F.layer_norm(a, [3], w, b)],
  ['batch_norm training', () => [X(), leaf([1.5, -0.5, 2], [3], true), leaf([0.1, 0.2, 0.3], [3], true)],
    (a, w, b) => F.batch_norm(a, null, null, w, b, true)],
  ['batch_norm eval', () => [X(), leaf([1.5, -0.5, 2], [3], true)],
    (a, w) => F.batch_norm(a, f64([0.1, 0, -0.2]), f64([1, 2, 0.5]), w, null, false)],
  ['instance_norm', () => [X().reshape(1, 3, 3).detach().requires_grad_(true)], (a) => F.instance_norm(a)],
  ['embedding', () => [X()], (w) => F.embedding(long([[2, 0], [2, 1]]), w)],
  ['embedding_bag sum, per_sample_weights', () => [X(), leaf([0.5, -1, 2, 0.3], [4], true)],
    (w, ps) => F.embedding_bag(long([1, 2, 0, 2]), w, long([0, 1]), { mode: 'sum', per_sample_weights: ps })],
  ['embedding_bag mean', () => [X()], (w) => F.embedding_bag(long([[1, 2], [0, 2]]), w)],
  ['embedding_bag max', () => [X()], (w) => F.embedding_bag(long([1, 2, 0, 2]), w, long([0, 2]), { mode: 'max' })],
  ['multi_margin_loss p=2', () => [X()], (a) => F.multi_margin_loss(a, long([0, 2, 1]), { p: 2, weight: f64([1, 0.5, 2]) })],
  ['multilabel_margin_loss', () => [X()], (a) => F.multilabel_margin_loss(a, long([[0, 2, -1], [1, -1, 0], [2, 1, 1]]), { reduction: 'sum' })],
  ['cross_entropy', () => [X()], (a) => F.cross_entropy(a, long([0, 2, 1]))],
  ['cross_entropy label_smoothing, weight', () => [X()], (a) => F.cross_entropy(a, long([0, 2, 1]), { weight: f64([1, 0.5, 2]), label_smoothing: 0.2 })],
  ['cross_entropy probabilities', () => [X(), P().detach()], (a, p) => F.cross_entropy(a, p.softmax(1))],
  ['nll_loss ignore_index', () => [X()], (a) => F.nll_loss(a.log_softmax(1), long([0, -100, 1]), { reduction: 'sum' })],
  ['binary_cross_entropy_with_logits pos_weight', () => [X(), P().detach()],
    (a, t) => F.binary_cross_entropy_with_logits(a, t.sigmoid(), { pos_weight: f64([1, 2, 0.5]) })],
  ['scaled_dot_product attention', () => [X().reshape(1, 3, 3).detach().requires_grad_(true), T().reshape(1, 3, 3).detach().requires_grad_(true)],
    (q, k) => q.matmul(k.transpose(1, 2)).div(Math.sqrt(3)).softmax(-1).matmul(k)],
  ['multi_head_attention_forward', () => [
    leaf([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7, -2.2], [2, 1, 4], true),
    leaf(Array.from({ length: 48 }, (_, i) => Math.sin(i * 1.7) * 0.5), [12, 4], true),
    leaf([0.2, -0.1, 0.3, 0.5], [4], true),
  ], (q, w, b) => (torch.nn.functional as unknown as { multi_head_attention_forward: (...a: unknown[]) => Tensor[] })
    .multi_head_attention_forward(q, q, q, 4, 2, w, null, null, null, false, 0, w.narrow(0, 0, 4), b, {
      attn_mask: f64([0, -0.5, 0.25, 0]).reshape(2, 2),
    })[0]],
];
