// grad_fn names and next_functions of the ops whose graph is not just their last primitive's:
// the fused losses and activations of torch.nn.functional, masked_fill, div with rounding_mode,
// add/sub with alpha, fill_/zero_, clamp_min/clamp_max, reshape of a non-viewable tensor. Every
// expected graph was printed by PyTorch 1.13 for the same call (the Python spelling of each label),
// walked as below: name(next functions...), None where no gradient flows, #n for an output index.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import type { Node } from '../src/autograd.js';

const F = torch.nn.functional;
const f64 = { dtype: torch.float64 };
const L = (...shape: number[]) => torch.randn(shape, f64).requires_grad_();
const long = (v: number[] | number) => torch.tensor(v as number[], { dtype: torch.int64 });
const zeros = (...shape: number[]) => torch.zeros(shape, { dtype: torch.int64 });

function walk(fn: Node | null): string {
  if (!fn) return 'None';
  const next = fn.next_functions.map(([n, i]) => walk(n) + (i ? `#${i}` : ''));
  return fn.name() + (next.length ? `(${next.join(', ')})` : '');
}
const graph = (t: Tensor) => walk(t.grad_fn);

torch.manual_seed(0);
const x = L(3, 4), y = L(3, 4), v = L(4), w = L(5, 4), bias = L(5);
const p = torch.rand([3, 4], f64).requires_grad_(), pt = torch.rand([3, 4], f64).requires_grad_();
const t = torch.rand([3, 4], f64), lw = torch.rand([4], f64);
const cls = long([0, 2, 1]), mask = torch.tensor([true, false, true, false]);

const CASES: [string, () => Tensor, string][] = [
  ['F.silu(x)', () => F.silu(x),
    'SiluBackward0(AccumulateGrad)'],
  ['F.gelu(x)', () => F.gelu(x),
    'GeluBackward0(AccumulateGrad)'],
  ["F.gelu(x, {approximate: 'tanh'})", () => F.gelu(x, { approximate: 'tanh' }),
    'GeluBackward0(AccumulateGrad)'],
  ['F.leaky_relu(x)', () => F.leaky_relu(x),
    'LeakyReluBackward0(AccumulateGrad)'],
  ['F.leaky_relu(x.clone(), {inplace: true})', () => F.leaky_relu(x.clone(), { inplace: true }),
    'LeakyReluBackward1(CloneBackward0(AccumulateGrad))'],
  ['F.elu(x)', () => F.elu(x),
    'EluBackward0(AccumulateGrad)'],
  ['F.elu(x.clone(), {inplace: true})', () => F.elu(x.clone(), { inplace: true }),
    'EluBackward1(CloneBackward0(AccumulateGrad))'],
  ['F.softplus(x, {beta: 2, threshold: 3})', () => F.softplus(x, { beta: 2, threshold: 3 }),
    'SoftplusBackward0(AccumulateGrad)'],
  ['F.linear(x, w, bias)', () => F.linear(x, w, bias),
    'AddmmBackward0(AccumulateGrad, AccumulateGrad, TBackward0(AccumulateGrad))'],
  ['F.linear(x, w)', () => F.linear(x, w),
    'MmBackward0(AccumulateGrad, TBackward0(AccumulateGrad))'],
  ['F.linear(x3, w, bias)', () => F.linear(L(2, 3, 4), w, bias),
    'ViewBackward0(AddmmBackward0(AccumulateGrad, ViewBackward0(AccumulateGrad), TBackward0(AccumulateGrad)))'],
  ['F.linear(x3.transpose(0, 1), w, bias)', () => F.linear(L(3, 2, 4).transpose(0, 1), w, bias),
    'AddBackward0(UnsafeViewBackward0(MmBackward0(UnsafeViewBackward0(CloneBackward0(TransposeBackward0(AccumulateGrad))), TBackward0(AccumulateGrad))), AccumulateGrad)'],
  ['torch.matmul(x3.transpose(0, 1), v)', () => torch.matmul(L(3, 2, 4).transpose(0, 1), v),
    'UnsafeViewBackward0(MvBackward0(UnsafeViewBackward0(CloneBackward0(TransposeBackward0(AccumulateGrad))), AccumulateGrad))'],
  ['F.dropout(x)', () => F.dropout(x),
    'MulBackward0(AccumulateGrad, None)'],
  ['F.dropout(x.clone(), {inplace: true})', () => F.dropout(x.clone(), { inplace: true }),
    'MulBackward0(CloneBackward0(AccumulateGrad), None)'],
  ['F.normalize(x)', () => F.normalize(x),
    'DivBackward0(AccumulateGrad, ExpandBackward0(ClampMinBackward0(NormBackward1(AccumulateGrad))))'],
  ['F.layer_norm(x, [4])', () => F.layer_norm(x, [4]),
    'NativeLayerNormBackward0(AccumulateGrad, None, None)'],
  ['F.layer_norm(x, [4], v, bias4)', () => F.layer_norm(x, [4], v, L(4)),
    'NativeLayerNormBackward0(AccumulateGrad, AccumulateGrad, AccumulateGrad)'],
  ['F.layer_norm(x, [4], null, bias4)', () => F.layer_norm(x, [4], null, L(4)),
    'NativeLayerNormBackward0(AccumulateGrad, None, AccumulateGrad)'],
  ['F.cosine_similarity(x, y)', () => F.cosine_similarity(x, y),
    'SumBackward1(MulBackward0(DivBackward0(ExpandBackward0(AccumulateGrad), SqrtBackward0(SumBackward1(PowBackward0(ExpandBackward0(AccumulateGrad))))), DivBackward0(ExpandBackward0(AccumulateGrad), SqrtBackward0(SumBackward1(PowBackward0(ExpandBackward0(AccumulateGrad)))))))'],
  ['F.cosine_similarity(x, t)', () => F.cosine_similarity(x, t),
    'SumBackward1(MulBackward0(DivBackward0(ExpandBackward0(AccumulateGrad), SqrtBackward0(SumBackward1(PowBackward0(ExpandBackward0(AccumulateGrad))))), None))'],
  ['F.mse_loss(x, y)', () => F.mse_loss(x, y),
    'MseLossBackward0(AccumulateGrad, AccumulateGrad)'],
  ["F.mse_loss(x, y, {reduction: 'none'})", () => F.mse_loss(x, y, { reduction: 'none' }),
    'MseLossBackward0(AccumulateGrad, AccumulateGrad)'],
  ['F.mse_loss(x, t)', () => F.mse_loss(x, t),
    'MseLossBackward0(AccumulateGrad, None)'],
  ['F.mse_loss(x, v)', () => F.mse_loss(x, v),
    'MseLossBackward0(AccumulateGrad, ExpandBackward0(AccumulateGrad))'],
  ['F.l1_loss(x, v)', () => F.l1_loss(x, v),
    'MeanBackward0(AbsBackward0(SubBackward0(AccumulateGrad, ExpandBackward0(AccumulateGrad))))'],
  ['F.binary_cross_entropy(p, t)', () => F.binary_cross_entropy(p, t),
    'BinaryCrossEntropyBackward0(AccumulateGrad, None)'],
  ["F.binary_cross_entropy(p, t, {weight: lw, reduction: 'sum'})", () => F.binary_cross_entropy(p, t, { weight: lw, reduction: 'sum' }),
    'BinaryCrossEntropyBackward0(AccumulateGrad, None)'],
  ['F.binary_cross_entropy(p, pt)', () => F.binary_cross_entropy(p, pt),
    'BinaryCrossEntropyBackward0(AccumulateGrad, AccumulateGrad)'],
  ['F.binary_cross_entropy_with_logits(x, t)', () => F.binary_cross_entropy_with_logits(x, t),
    'BinaryCrossEntropyWithLogitsBackward0(AccumulateGrad, None)'],
  ["F.binary_cross_entropy_with_logits(x, pt, {pos_weight: lw, reduction: 'none'})", () => F.binary_cross_entropy_with_logits(x, pt, { pos_weight: lw, reduction: 'none' }),
    'BinaryCrossEntropyWithLogitsBackward0(AccumulateGrad, AccumulateGrad)'],
  ['F.nll_loss(x, cls)', () => F.nll_loss(x, cls),
    'NllLossBackward0(AccumulateGrad)'],
  ["F.nll_loss(x, cls, {weight: lw, reduction: 'none'})", () => F.nll_loss(x, cls, { weight: lw, reduction: 'none' }),
    'NllLossBackward0(AccumulateGrad)'],
  ['F.nll_loss(v, 2)', () => F.nll_loss(v, long(2)),
    'NllLossBackward0(AccumulateGrad)'],
  ['F.nll_loss(x4, t3)', () => F.nll_loss(L(2, 4, 3, 2), zeros(2, 3, 2)),
    'NllLoss2DBackward0(AccumulateGrad)'],
  ["F.nll_loss(x3, t2, {reduction: 'none'})", () => F.nll_loss(L(2, 4, 3), zeros(2, 3), { reduction: 'none' }),
    'ViewBackward0(NllLoss2DBackward0(ViewBackward0(AccumulateGrad)))'],
  ['F.nll_loss(x5, t4)', () => F.nll_loss(L(2, 4, 3, 2, 2), zeros(2, 3, 2, 2)),
    'NllLoss2DBackward0(ViewBackward0(AccumulateGrad))'],
  ['F.cross_entropy(x, cls)', () => F.cross_entropy(x, cls),
    'NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))'],
  ['F.cross_entropy(v, 2)', () => F.cross_entropy(v, long(2)),
    'NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))'],
  ['F.cross_entropy(x3, t2)', () => F.cross_entropy(L(2, 4, 3), zeros(2, 3)),
    'NllLoss2DBackward0(ViewBackward0(LogSoftmaxBackward0(AccumulateGrad)))'],
  ['F.cross_entropy(x, t)', () => F.cross_entropy(x, t),
    'DivBackward1(NegBackward0(SumBackward0(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), None))))'],
  ["F.cross_entropy(x, t, {reduction: 'sum'})", () => F.cross_entropy(x, t, { reduction: 'sum' }),
    'NegBackward0(SumBackward0(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), None)))'],
  ["F.cross_entropy(x, t, {weight: lw, reduction: 'none'})", () => F.cross_entropy(x, t, { weight: lw, reduction: 'none' }),
    'NegBackward0(SumBackward1(MulBackward0(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), None), None)))'],
  ['F.cross_entropy(x, pt, {label_smoothing: 0.1})', () => F.cross_entropy(x, pt, { label_smoothing: 0.1 }),
    'DivBackward1(NegBackward0(SumBackward0(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), AddBackward1(MulBackward1(AccumulateGrad))))))'],
  ['F.cross_entropy(x, cls, {label_smoothing: 0.1})', () => F.cross_entropy(x, cls, { label_smoothing: 0.1 }),
    'AddBackward0(MulBackward1(NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))), MulBackward1(MeanBackward0(MaskedSelectBackward0(IndexPutBackward0(NegBackward0(SumBackward1(LogSoftmaxBackward0(AccumulateGrad))), None)))))'],
  ["F.cross_entropy(x, cls, {label_smoothing: 0.1, reduction: 'none'})", () => F.cross_entropy(x, cls, { label_smoothing: 0.1, reduction: 'none' }),
    'AddBackward0(MulBackward1(NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))), MulBackward1(IndexPutBackward0(NegBackward0(SumBackward1(LogSoftmaxBackward0(AccumulateGrad))), None)))'],
  ['F.cross_entropy(x, cls, {weight: lw, label_smoothing: 0.1})', () => F.cross_entropy(x, cls, { weight: lw, label_smoothing: 0.1 }),
    'AddBackward0(MulBackward1(NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))), MulBackward1(DivBackward0(SumBackward0(IndexPutBackward0(NegBackward0(SumBackward1(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), None))), None)), None)))'],
  ["F.cross_entropy(x, cls, {weight: lw, label_smoothing: 0.1, reduction: 'sum'})", () => F.cross_entropy(x, cls, { weight: lw, label_smoothing: 0.1, reduction: 'sum' }),
    'AddBackward0(MulBackward1(NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))), MulBackward1(SumBackward0(IndexPutBackward0(NegBackward0(SumBackward1(MulBackward0(LogSoftmaxBackward0(AccumulateGrad), None))), None))))'],
  ["x.div(y, {rounding_mode: 'trunc'})", () => x.div(y, { rounding_mode: 'trunc' }),
    'DivBackward2(AccumulateGrad, AccumulateGrad)'],
  ["x.div(2, {rounding_mode: 'floor'})", () => x.div(2, { rounding_mode: 'floor' }),
    'DivBackward2(AccumulateGrad, None)'],
  ["t.div(x, {rounding_mode: 'floor'})", () => t.div(x, { rounding_mode: 'floor' }),
    'DivBackward2(None, AccumulateGrad)'],
  ["x.clone().div_(y, {rounding_mode: 'floor'})", () => x.clone().div_(y, { rounding_mode: 'floor' }),
    'DivBackward2(CloneBackward0(AccumulateGrad), AccumulateGrad)'],
  ['x.masked_fill(mask, 0.5)', () => x.masked_fill(mask, 0.5),
    'MaskedFillBackward0(AccumulateGrad)'],
  ['x.masked_fill(mask, s)', () => x.masked_fill(mask, L()),
    'MaskedFillBackward1(AccumulateGrad, AccumulateGrad)'],
  ['x.masked_fill(mask, 0-d constant)', () => x.masked_fill(mask, torch.tensor(0.5, f64)),
    'MaskedFillBackward1(AccumulateGrad, None)'],
  ['t.masked_fill(mask, s)', () => t.masked_fill(mask, L()),
    'MaskedFillBackward1(None, AccumulateGrad)'],
  ['x.clone().masked_fill_(mask, 0.5)', () => x.clone().masked_fill_(mask, 0.5),
    'MaskedFillBackward0(CloneBackward0(AccumulateGrad))'],
  ['x.add(y, {alpha: 2})', () => x.add(y, { alpha: 2 }),
    'AddBackward0(AccumulateGrad, AccumulateGrad)'],
  ['x.sub(v, {alpha: 2})', () => x.sub(v, { alpha: 2 }),
    'SubBackward0(AccumulateGrad, AccumulateGrad)'],
  ['x.clone().sub_(y, {alpha: 2})', () => x.clone().sub_(y, { alpha: 2 }),
    'SubBackward0(CloneBackward0(AccumulateGrad), AccumulateGrad)'],
  ['x.clone().fill_(2)', () => x.clone().fill_(2),
    'FillBackward2(CloneBackward0(AccumulateGrad))'],
  ['x.clone().fill_(s)', () => x.clone().fill_(L()),
    'FillBackward3(CloneBackward0(AccumulateGrad), AccumulateGrad)'],
  ['x.clone().zero_()', () => x.clone().zero_(),
    'ZeroBackward0(CloneBackward0(AccumulateGrad))'],
  ['x.clamp_min(0.5)', () => x.clamp_min(0.5),
    'ClampMinBackward0(AccumulateGrad)'],
  ['x.clamp_max(y)', () => x.clamp_max(y),
    'ClampMaxBackward1(AccumulateGrad, AccumulateGrad)'],
  ['x.t().reshape(12)', () => x.t().reshape(12),
    'UnsafeViewBackward0(CloneBackward0(TBackward0(AccumulateGrad)))'],
  ['x.t().flatten()', () => x.t().flatten(),
    'UnsafeViewBackward0(CloneBackward0(TBackward0(AccumulateGrad)))'],
];

describe('grad_fn graphs as PyTorch 1.13 prints them', () => {
  for (const [label, make, want] of CASES) test(label, () => expect(graph(make())).toBe(want));

  test('the fused nodes keep what PyTorch saves: changing it in place breaks backward', () => {
    const target = y.mul(1);
    const loss = F.mse_loss(x, target);
    target.add_(1);
    expect(() => loss.backward()).toThrow('one of the variables needed for gradient computation has been modified by an inplace operation');
    const divisor = y.mul(1);
    const q = x.div(divisor, { rounding_mode: 'floor' });
    divisor.add_(1);
    expect(() => q.sum().backward()).toThrow('modified by an inplace operation');
  });

  test('in-place leaky_relu and elu with a negative slope fail at backward, as PyTorch', () => {
    expect(() => F.leaky_relu(x.clone(), -0.5, true).sum().backward()).toThrow('In-place leakyReLu backward calculation is triggered with a negative slope which is not supported.');
    expect(() => F.elu(x.clone(), -0.5, true).sum().backward()).toThrow('In-place elu backward calculation is triggered with a negative slope which is not supported.');
  });

  test('masked_fill takes a 0-d value tensor only, as PyTorch', () => {
    expect(() => x.masked_fill(mask, L(1))).toThrow('masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).');
  });

  test('nll_loss checks the spatial sizes of a K-dim target', () => {
    expect(() => F.nll_loss(L(2, 4, 3), zeros(2, 4))).toThrow('Expected target size [2, 3], got [2, 4]');
    expect(() => F.nll_loss(L(2, 4, 3, 2), zeros(2, 4, 2))).toThrow('size mismatch (got input: [2, 4, 3, 2] , target: [2, 4, 2]');
  });
});
