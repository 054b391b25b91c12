// torch.nn.functional: activations, losses and layers composed from tensor ops. None has a kernel
// or a gradient of its own: autograd differentiates the composition (design.md, "composite ops").
// Arguments follow PyTorch's signatures: positional, or one trailing options object with the same
// names (`F.cross_entropy(x, y, {reduction: 'sum'})`).
import { bool, int64, type DTypeLike } from '../dtype.js';
import { arange, rand_like } from '../creation.js';
import { Tensor } from '../tensor.js';
import { kwargs } from '../ops/shape.js';
import * as R from '../ops/reduce.js';

type Reduction = 'none' | 'mean' | 'sum';

function input(x: unknown, fn: string, name = 'input'): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be Tensor, not ${x === null ? 'None' : typeof x}`);
  return x;
}

// ---- activations -------------------------------------------------------------------------------

/** relu(input, inplace=False), and the other one-line activations. */
export function relu(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false]);
  return inplace ? input(x, 'relu').relu_() : input(x, 'relu').relu();
}
export const sigmoid = (x: Tensor): Tensor => input(x, 'sigmoid').sigmoid();
export const tanh = (x: Tensor): Tensor => input(x, 'tanh').tanh();
export const silu = (x: Tensor): Tensor => input(x, 'silu').mul(x.sigmoid());

/** softmax(input, dim=None, _stacklevel=3, dtype=None); without dim PyTorch picks one (with a warning). */
export function softmax(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, , dtype] = kwargs(args, ['dim', '_stacklevel', 'dtype'], [null, 3, null] as [number | null, number, DTypeLike | null]);
  return R.softmax(input(x, 'softmax'), dim, dtype);
}
export function log_softmax(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, , dtype] = kwargs(args, ['dim', '_stacklevel', 'dtype'], [null, 3, null] as [number | null, number, DTypeLike | null]);
  return R.log_softmax(input(x, 'log_softmax'), dim, dtype);
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_PI = Math.sqrt(2 / Math.PI);

/** gelu(input, approximate='none'): x * Phi(x), or its tanh approximation. */
export function gelu(x: Tensor, ...args: unknown[]): Tensor {
  const [approximate] = kwargs(args, ['approximate'], ['none'] as [string]);
  input(x, 'gelu');
  if (approximate === 'tanh') return x.mul(x.pow(3).mul(0.044715).add(x).mul(SQRT_2_PI).tanh().add(1)).mul(0.5);
  if (approximate !== 'none') throw new Error(`approximate argument must be either none or tanh.`);
  return x.mul(x.mul(SQRT1_2).erf().add(1)).mul(0.5);
}

/** leaky_relu(input, negative_slope=0.01, inplace=False) */
export function leaky_relu(x: Tensor, ...args: unknown[]): Tensor {
  const [slope, inplace] = kwargs(args, ['negative_slope', 'inplace'], [0.01, false]);
  const y = input(x, 'leaky_relu').where(x.gt(0), x.mul(slope));
  return inplace ? x.copy_(y) : y;
}

/** elu(input, alpha=1.0, inplace=False) */
export function elu(x: Tensor, ...args: unknown[]): Tensor {
  const [alpha, inplace] = kwargs(args, ['alpha', 'inplace'], [1, false]);
  const y = input(x, 'elu').where(x.gt(0), x.expm1().mul(alpha));
  return inplace ? x.copy_(y) : y;
}

/** softplus(input, beta=1, threshold=20): log(1 + exp(beta x)) / beta, linear above the threshold. */
export function softplus(x: Tensor, ...args: unknown[]): Tensor {
  const [beta, threshold] = kwargs(args, ['beta', 'threshold'], [1, 20]);
  const z = input(x, 'softplus').mul(beta);
  // the clamp keeps exp finite on the linear side, so no inf * 0 reaches the gradient
  return x.where(z.gt(threshold), z.clamp(null, threshold).exp().log1p().div(beta));
}

// ---- layers ------------------------------------------------------------------------------------

/** linear(input, weight, bias=None): input @ weight.T + bias */
export function linear(x: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const [bias] = kwargs(args, ['bias'], [null] as [Tensor | null]);
  const y = input(x, 'linear').matmul(input(weight, 'linear', 'weight').t());
  return bias ? y.add(bias) : y;
}

/** dropout(input, p=0.5, training=True, inplace=False): zeroes with probability p, scales the rest by 1/(1-p). */
export function dropout(x: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = kwargs(args, ['p', 'training', 'inplace'], [0.5, true, false]);
  if (p < 0 || p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
  input(x, 'dropout');
  if (!training || p === 0) return x;
  const y = p === 1 ? x.mul(0) : x.mul(rand_like(x).ge(p)).div(1 - p);
  return inplace ? x.copy_(y) : y;
}

/** normalize(input, p=2.0, dim=1, eps=1e-12): x / max(||x||_p, eps) along dim. */
export function normalize(x: Tensor, ...args: unknown[]): Tensor {
  const [p, dim, eps] = kwargs(args, ['p', 'dim', 'eps'], [2, 1, 1e-12]);
  return input(x, 'normalize').div(x.norm(p, dim, true).clamp(eps).expand_as(x));
}

/** one_hot(tensor, num_classes=-1): int64, one more dim of size num_classes. */
export function one_hot(t: Tensor, ...args: unknown[]): Tensor {
  const [numClasses] = kwargs(args, ['num_classes'], [-1]);
  if (input(t, 'one_hot', 'tensor').dtype !== int64) throw new Error('one_hot is only applicable to index tensor.');
  let n = numClasses;
  if (t.numel() === 0) {
    if (n === -1) throw new Error('Can not infer total number of classes from empty tensor.');
  } else {
    if ((t.amin().item() as number) < 0) throw new Error('Class values must be non-negative.');
    const top = t.amax().item() as number;
    if (n === -1) n = top + 1;
    else if (top >= n) throw new Error('Class values must be smaller than num_classes.');
  }
  return arange(n, { device: t.device }).eq(t.unsqueeze(-1)).to(int64);
}

/** layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5) over the trailing dims. */
export function layer_norm(x: Tensor, normalizedShape: number | number[], ...args: unknown[]): Tensor {
  const [weight, bias, eps] = kwargs(args, ['weight', 'bias', 'eps'], [null, null, 1e-5] as [Tensor | null, Tensor | null, number]);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const k = shape.length;
  if (input(x, 'layer_norm').ndim < k || shape.some((s, i) => s !== x.shape_[x.ndim - k + i])) {
    throw new Error(`Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size[${x.shape_.join(', ')}]`);
  }
  const dims = shape.map((_, i) => x.ndim - k + i);
  let y = x.sub(x.mean(dims, true)).div(x.var({ dim: dims, unbiased: false, keepdim: true }).add(eps).sqrt());
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

/** cosine_similarity(x1, x2, dim=1, eps=1e-8), as PyTorch 1.13 computes it. */
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const [dim, eps] = kwargs(args, ['dim', 'eps'], [1, 1e-8]);
  input(x1, 'cosine_similarity', 'x1');
  input(x2, 'cosine_similarity', 'x2');
  // x / sqrt(max(sum x^2, eps^2)); PyTorch clamps without recording, so the clamp passes gradients through
  const unit = (x: Tensor) => {
    const s = x.mul(x).sum(dim, true);
    return x.div(s.add(s.detach().clamp(eps * eps).sub(s.detach())).sqrt());
  };
  return unit(x1).mul(unit(x2)).sum(dim);
}

// ---- losses ------------------------------------------------------------------------------------

/** The reduction after PyTorch's legacy size_average / reduce arguments. */
function reductionOf(sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction): Reduction {
  if (sizeAverage === null && reduce === null) {
    if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') throw new Error(`${String(reduction)} is not a valid value for reduction`);
    return reduction;
  }
  if (reduce === false) return 'none';
  return sizeAverage === false ? 'sum' : 'mean';
}

function reduceLoss(l: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? l : reduction === 'sum' ? l.sum() : l.mean();
}

/** The (size_average, reduce, reduction) arguments most losses share, after `lead` others (weight). */
const LOSS_ARGS = ['size_average', 'reduce', 'reduction'];
type LossArgs = [Tensor | null, boolean | null, boolean | null, Reduction, Tensor | null];
function lossArgs(args: readonly unknown[], lead: string[] = []): { weight: Tensor | null; reduction: Reduction; posWeight: Tensor | null } {
  const names = [...lead, ...LOSS_ARGS, 'pos_weight'];
  const got = kwargs(args, names, [...lead.map(() => null), null, null, 'mean', null]);
  const [weight, s, r, red, posWeight] = (lead.length ? got : [null, ...got]) as LossArgs;
  return { weight, reduction: reductionOf(s, r, red), posWeight };
}

/** mse_loss(input, target, size_average=None, reduce=None, reduction='mean') */
export function mse_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const d = input(x, 'mse_loss').sub(input(target, 'mse_loss', 'target'));
  return reduceLoss(d.mul(d), lossArgs(args).reduction);
}

/** l1_loss(input, target, size_average=None, reduce=None, reduction='mean') */
export function l1_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return reduceLoss(input(x, 'l1_loss').sub(input(target, 'l1_loss', 'target')).abs(), lossArgs(args).reduction);
}

/** binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean'); logs clamped at -100 as PyTorch. */
export function binary_cross_entropy(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const { weight, reduction } = lossArgs(args, ['weight']);
  input(x, 'binary_cross_entropy');
  if (target.ndim !== x.ndim || target.shape_.some((s, i) => s !== x.shape_[i])) {
    throw new Error(`Using a target size (${target.shape}) that is different to the input size (${x.shape}) is deprecated. Please ensure they have the same size.`);
  }
  if (x.lt(0).logical_or(x.gt(1))._anyTrue()) throw new Error('all elements of input should be between 0 and 1');
  const logs = (t: Tensor) => t.log().clamp(-100);
  let l = target.mul(logs(x)).add(target.neg().add(1).mul(logs(x.neg().add(1)))).neg();
  if (weight) l = l.mul(weight);
  return reduceLoss(l, reduction);
}

/** binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None) */
export function binary_cross_entropy_with_logits(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const { weight, reduction, posWeight } = lossArgs(args, ['weight']);
  input(x, 'binary_cross_entropy_with_logits');
  if (target.ndim !== x.ndim || target.shape_.some((s, i) => s !== x.shape_[i])) {
    throw new Error(`Target size (${target.shape}) must be the same as input size (${x.shape})`);
  }
  // log(1 + exp(-x)) written so neither exp can overflow: m = max(-x, 0)
  const m = x.neg().clamp(0);
  const softplusNeg = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
  const scale = posWeight ? posWeight.sub(1).mul(target).add(1) : null;
  let l = target.neg().add(1).mul(x).add(scale ? scale.mul(softplusNeg) : softplusNeg);
  if (weight) l = l.mul(weight);
  return reduceLoss(l, reduction);
}

const NLL_ARGS = ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'];

/** nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean') */
export function nll_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const [weight, sizeAverage, ignoreIndex, reduce, red] = kwargs(args, NLL_ARGS, [null, null, -100, null, 'mean'] as [Tensor | null, boolean | null, number, boolean | null, Reduction]);
  return nll(input(x, 'nll_loss'), input(target, 'nll_loss', 'target'), weight, ignoreIndex, reductionOf(sizeAverage, reduce, red));
}

/** -x[n, target[n]] * weight[target[n]], skipping ignore_index; 'mean' divides by the summed weights. */
function nll(x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor {
  if (target.dtype.is_floating_point || target.dtype === bool) {
    throw new Error(`expected scalar type Long but found ${target.dtype === bool ? 'Bool' : target.dtype.name === 'float64' ? 'Double' : 'Float'}`);
  }
  if (x.ndim === 1) return nll(x.unsqueeze(0), target.unsqueeze(0), weight, ignoreIndex, reduction).reshape([]);
  if (x.ndim < 1 || target.ndim !== x.ndim - 1) throw new Error(`Expected ${x.ndim - 1}D target tensor, got ${target.ndim}D`);
  if (x.shape_[0] !== target.shape_[0]) throw new Error(`Expected input batch_size (${x.shape_[0]}) to match target batch_size (${target.shape_[0]}).`);
  const c = x.shape_[1];
  const keep = target.ne(ignoreIndex);
  const bad = target.lt(0).logical_or(target.ge(c)).logical_and(keep);
  if (bad._anyTrue()) throw new Error(`Target ${target.masked_select(bad).index(0).item()} is out of bounds.`);
  const safe = target.masked_fill(keep.logical_not(), 0);
  const picked = x.gather(1, safe.unsqueeze(1)).squeeze(1);
  const w = (weight ? weight.index_select(0, safe.flatten()).reshape(safe.shape_.slice()) : keep.to(x.dtype)).mul(keep);
  const l = picked.mul(w).neg();
  if (reduction === 'none') return l;
  return reduction === 'sum' ? l.sum() : l.sum().div(w.sum());
}

/** cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0): class indices or class probabilities. */
export function cross_entropy(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const [weight, sizeAverage, ignoreIndex, reduce, red, smoothing] = kwargs(args, [...NLL_ARGS, 'label_smoothing'],
    [null, null, -100, null, 'mean', 0] as [Tensor | null, boolean | null, number, boolean | null, Reduction, number]);
  const reduction = reductionOf(sizeAverage, reduce, red);
  const classDim = input(x, 'cross_entropy').ndim === 1 ? 0 : 1;
  const logp = x.log_softmax(classDim);
  const c = x.shape_[classDim];
  const weighted = (t: Tensor) => (weight ? t.mul(weight.reshape([c, ...new Array<number>(x.ndim - classDim - 1).fill(1)])) : t);
  if (input(target, 'cross_entropy', 'target').dtype.is_floating_point) {
    // class probabilities: -sum_c w_c p_c log q_c; 'mean' averages over the batch elements
    const p = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / c) : target;
    const l = weighted(logp.mul(p)).sum(classDim).neg();
    return reduction === 'none' ? l : reduction === 'sum' ? l.sum() : l.sum().div(x.numel() / c);
  }
  const loss = nll(logp, target, weight, ignoreIndex, reduction);
  if (!(smoothing > 0)) return loss;
  // label smoothing mixes in the loss against the uniform distribution (PyTorch's formula)
  const keep = target.ne(ignoreIndex);
  let smooth = weighted(logp).sum(classDim).neg().mul(keep);
  if (reduction === 'sum') smooth = smooth.sum();
  else if (reduction === 'mean') {
    smooth = smooth.sum().div(weight ? weight.index_select(0, target.masked_select(keep)).sum() : keep.sum());
  }
  return loss.mul(1 - smoothing).add(smooth.mul(smoothing / c));
}
