// torch.nn.functional: activations, losses and layers. Each computes its value with tensor ops;
// where PyTorch runs one kernel (gelu, mse_loss, nll_loss, ...) the value is computed without
// recording and one node with PyTorch's name and backward formula is recorded instead, so
// grad_fn reads as in PyTorch (see `fused`). The others are PyTorch's own compositions, op for op.
// Arguments follow PyTorch's signatures: positional, or one trailing options object with the same
// names (`F.cross_entropy(x, y, {reduction: 'sum'})`).
import { FusedNode, Node, SavedTensor, checkUnchanged, is_grad_enabled, no_grad, type BackwardFn } from '../autograd.js';
import { tidy } from '../memory.js';
import { bool, int64, resultType, type DTypeLike } from '../dtype.js';
import { arange, tensor } from '../creation.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { needsGrad, record } from '../ops/autograd-record.js';
import { inplace as writeInto, scalarOp, sub, zerosLike } from '../ops/elementwise.js';
import { tensorArg } from '../args.js';
import { kwargs } from '../ops/shape.js';
import * as R from '../ops/reduce.js';
import { layerNormBackwardKernel, layerNormKernel } from '../ops/layernorm.js';

/** How a loss reduces: PyTorch's reduction='mean' | 'sum' | 'none'. */
export type Reduction = 'none' | 'mean' | 'sum';

/** The `inplace` keyword of the activations: `F.relu(x, { inplace: true })`. */
export interface InplaceOptions { inplace?: boolean }
/** F.softmax / F.log_softmax keywords: `F.softmax(x, { dim: 1, dtype: torch.float64 })`. */
export interface FSoftmaxOptions { dim?: number | null; _stacklevel?: number; dtype?: DTypeLike | null }
/** F.gelu's keyword: `F.gelu(x, { approximate: 'tanh' })`. */
export interface GeluOptions { approximate?: 'none' | 'tanh' }
/** F.leaky_relu keywords: `F.leaky_relu(x, { negative_slope: 0.2 })`. */
export interface LeakyReluOptions { negative_slope?: number; inplace?: boolean }
/** F.elu keywords: `F.elu(x, { alpha: 0.5 })`. */
export interface EluOptions { alpha?: number; inplace?: boolean }
/** F.softplus keywords: `F.softplus(x, { beta: 2, threshold: 10 })`. */
export interface SoftplusOptions { beta?: number; threshold?: number }
/** F.linear's keyword: `F.linear(x, w, { bias: b })`. */
export interface LinearOptions { bias?: Tensor | null }
/** F.dropout keywords: `F.dropout(x, { p: 0.1, training: false })`. */
export interface DropoutOptions { p?: number; training?: boolean; inplace?: boolean }
/** F.normalize keywords: `F.normalize(x, { dim: 0 })`. */
export interface NormalizeOptions { p?: number; dim?: number; eps?: number }
/** F.one_hot's keyword: `F.one_hot(labels, { num_classes: 10 })`. */
export interface OneHotOptions { num_classes?: number }
/** F.layer_norm keywords: `F.layer_norm(x, [4], { weight: w, bias: b, eps: 1e-6 })`. */
export interface LayerNormOptions { weight?: Tensor | null; bias?: Tensor | null; eps?: number }
/** F.cosine_similarity keywords: `F.cosine_similarity(a, b, { dim: 0 })`. */
export interface CosineSimilarityOptions { dim?: number; eps?: number }
/** The losses' reduction keywords: `F.mse_loss(y, t, { reduction: 'sum' })` (size_average and reduce are PyTorch's deprecated pair). */
export interface LossOptions { size_average?: boolean | null; reduce?: boolean | null; reduction?: Reduction }
/** Losses with a per-element or per-class weight: `F.binary_cross_entropy(p, t, { weight: w })`. */
export interface WeightedLossOptions extends LossOptions { weight?: Tensor | null }
/** F.binary_cross_entropy_with_logits keywords: `F.binary_cross_entropy_with_logits(z, t, { pos_weight: pw })`. */
export interface BCEWithLogitsOptions extends WeightedLossOptions { pos_weight?: Tensor | null }
/** F.nll_loss keywords: `F.nll_loss(logp, y, { ignore_index: -1 })`. */
export interface NllLossOptions extends WeightedLossOptions { ignore_index?: number }
/** F.cross_entropy keywords: `F.cross_entropy(logits, y, { label_smoothing: 0.1 })`. */
export interface CrossEntropyOptions extends NllLossOptions { label_smoothing?: number }

export function input(x: unknown, fn: string, name = 'input'): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be Tensor, not ${x === null ? 'None' : typeof x}`);
  return x;
}

/**
 * An op PyTorch runs as one kernel: `compute` (tensor ops) runs without recording and its result
 * gets one node `name` over `inputs`, keeping `save(result)`, whose `backward` is PyTorch's formula
 * in tensor ops (so create_graph can differentiate it again). With `composeOnly` the composition
 * is recorded op by op instead: for arguments PyTorch refuses to differentiate (a loss weight that
 * requires grad), whose gradient the composition still gives.
 */
export function fused(
  name: string, inputs: readonly (Tensor | null)[], compute: () => Tensor,
  save: (result: Tensor) => readonly (Tensor | null)[], backward: BackwardFn, composeOnly = false,
): Tensor {
  // the composition's temporaries are freed here, as PyTorch's kernel would never make them
  if (composeOnly) return compute();
  if (!needsGrad(...inputs)) return tidy(compute);
  const [y, ...saved] = no_grad(() => tidy(() => {
    const out = compute();
    return [out, ...save(out)];
  }));
  record(name, inputs, [y as Tensor], saved, backward);
  return y as Tensor;
}

// ---- activations -------------------------------------------------------------------------------

/** PyTorch's `F.relu(input, inplace=False)`: `F.relu(x)`. */
export function relu(input: Tensor, inplace?: boolean): Tensor;
/** `F.relu(x, { inplace: true })` */
export function relu(input: Tensor, options: InplaceOptions): Tensor;
/** relu(input, inplace=False), and the other one-line activations. */
export function relu(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'relu');
  return inplace ? input(x, 'relu').relu_() : input(x, 'relu').relu();
}
/** PyTorch's `F.sigmoid(input)`: 1 / (1 + e^-x), elementwise. Example: `F.sigmoid(x)` */
export const sigmoid = (x: Tensor): Tensor => input(x, 'sigmoid').sigmoid();
/** PyTorch's `F.tanh(input)`: hyperbolic tangent, elementwise. Example: `F.tanh(x)` */
export const tanh = (x: Tensor): Tensor => input(x, 'tanh').tanh();

/**
 * A value the forward computed and the node keeps besides what PyTorch saves, so the backward need
 * not compute it again; under create_graph it is recomputed from the input `x`, to carry x's graph.
 */
function reuse(kept: Tensor, x: Tensor, recompute: (x: Tensor) => Tensor): Tensor {
  return is_grad_enabled() && x.requires_grad ? recompute(x) : kept;
}

/** silu(input): x sigmoid(x); d/dx = s (1 + x (1 - s)). */
export function silu(x: Tensor): Tensor {
  input(x, 'silu');
  let sig: Tensor | null = null;
  return fused('SiluBackward0', [x], () => x.mul((sig = x.sigmoid())), () => [x, sig], (gs, [sx, kept]) => {
    const s = reuse(kept, sx, (t) => t.sigmoid());
    return [(gs[0] as Tensor).mul(s).mul(sx.mul(sub(1, s)).add(1))];
  });
}

/** PyTorch's `F.softmax(input, dim=None, _stacklevel=3, dtype=None)`: `F.softmax(x, 1)`. */
export function softmax(input: Tensor, dim?: number | null, _stacklevel?: number, dtype?: DTypeLike | null): Tensor;
/** `F.softmax(x, 1, { dtype: torch.float64 })` */
export function softmax(input: Tensor, dim: number | null, options: FSoftmaxOptions): Tensor;
/** `F.softmax(x, { dim: 1 })` */
export function softmax(input: Tensor, options: FSoftmaxOptions): Tensor;
/** softmax(input, dim=None, _stacklevel=3, dtype=None); without dim PyTorch picks one (with a warning). */
export function softmax(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, , dtype] = kwargs(args, ['dim', '_stacklevel', 'dtype'], [null, 3, null] as [number | null, number, DTypeLike | null], 'softmax');
  return R.softmax(input(x, 'softmax'), dim, dtype);
}
/** PyTorch's `F.log_softmax(input, dim=None, _stacklevel=3, dtype=None)`: `F.log_softmax(x, 1)`. */
export function log_softmax(input: Tensor, dim?: number | null, _stacklevel?: number, dtype?: DTypeLike | null): Tensor;
/** `F.log_softmax(x, 1, { dtype: torch.float64 })` */
export function log_softmax(input: Tensor, dim: number | null, options: FSoftmaxOptions): Tensor;
/** `F.log_softmax(x, { dim: 1 })` */
export function log_softmax(input: Tensor, options: FSoftmaxOptions): Tensor;
export function log_softmax(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, , dtype] = kwargs(args, ['dim', '_stacklevel', 'dtype'], [null, 3, null] as [number | null, number, DTypeLike | null], 'log_softmax');
  return R.log_softmax(input(x, 'log_softmax'), dim, dtype);
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_KAPPA = 0.044715;

/** PyTorch's `F.gelu(input, approximate='none')`: `F.gelu(x)` or `F.gelu(x, 'tanh')`. */
export function gelu(input: Tensor, approximate?: 'none' | 'tanh'): Tensor;
/** `F.gelu(x, { approximate: 'tanh' })` */
export function gelu(input: Tensor, options: GeluOptions): Tensor;
/** gelu(input, approximate='none'): x * Phi(x), or its tanh approximation. */
export function gelu(x: Tensor, ...args: unknown[]): Tensor {
  const [approximate] = kwargs(args, ['approximate'], ['none'] as [string], 'gelu');
  input(x, 'gelu');
  if (approximate !== 'none' && approximate !== 'tanh') throw new Error(`approximate argument must be either none or tanh.`);
  // the forward's 1 + erf(x / sqrt 2), or tanh(u) of the approximation, kept for the backward
  const inner = approximate === 'tanh'
    ? (t: Tensor) => t.pow(3).mul(GELU_KAPPA).add(t).mul(SQRT_2_PI).tanh()
    : (t: Tensor) => t.mul(SQRT1_2).erf().add(1);
  const slope = approximate === 'tanh' ? geluTanhSlope : geluSlope;
  let kept: Tensor | null = null;
  const compute = approximate === 'tanh'
    ? () => x.mul((kept = inner(x)).add(1)).mul(0.5)
    : () => x.mul((kept = inner(x))).mul(0.5);
  return fused('GeluBackward0', [x], compute, () => [x, kept],
    (gs, [sx, sk]) => [(gs[0] as Tensor).mul(slope(sx, reuse(sk, sx, inner)))]);
}
/** d/dx x Phi(x) = Phi(x) + x phi(x), given 1 + erf(x / sqrt 2) = 2 Phi(x) */
function geluSlope(x: Tensor, erf1: Tensor): Tensor {
  const pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
  return erf1.mul(0.5).add(x.mul(pdf));
}
/** d/dx x (1 + tanh(u)) / 2 with u = sqrt(2/pi) (x + kappa x^3), given t = tanh(u) */
function geluTanhSlope(x: Tensor, t: Tensor): Tensor {
  const du = x.square().mul(3 * GELU_KAPPA).add(1).mul(SQRT_2_PI);
  return t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().neg().add(1)).mul(du));
}

/**
 * The in-place form of an activation: the result written into x, whose node (PyTorch's ...Backward1)
 * keeps the result, x's old value being gone.
 */
function activationInPlace(x: Tensor, name: string, compute: () => Tensor, backward: BackwardFn): Tensor {
  return writeInto(x, fused(name, [x], compute, (y) => [y], backward));
}

/** PyTorch's `F.leaky_relu(input, negative_slope=0.01, inplace=False)`: `F.leaky_relu(x, 0.2)`. */
export function leaky_relu(input: Tensor, negative_slope?: number, inplace?: boolean): Tensor;
/** `F.leaky_relu(x, { negative_slope: 0.2 })` */
export function leaky_relu(input: Tensor, options: LeakyReluOptions): Tensor;
/** leaky_relu(input, negative_slope=0.01, inplace=False) */
export function leaky_relu(x: Tensor, ...args: unknown[]): Tensor {
  const [slope, inplace] = kwargs(args, ['negative_slope', 'inplace'], [0.01, false], 'leaky_relu');
  input(x, 'leaky_relu');
  const compute = () => x.where(x.gt(0), x.mul(slope));
  // positive inputs (outputs, for a non-negative slope) pass the gradient, the others scale it
  const grad = (g: Tensor, at: Tensor) => g.where(at.gt(0), g.mul(slope));
  if (!inplace) return fused('LeakyReluBackward0', [x], compute, () => [x], (gs, [sx]) => [grad(gs[0] as Tensor, sx)]);
  return activationInPlace(x, 'LeakyReluBackward1', compute, (gs, [sy]) => {
    if (slope < 0) {
      throw new Error('In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. This is caused by calling in-place forward function with a negative slope, please call out-of-place version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu backward calculation with negative slope');
    }
    return [grad(gs[0] as Tensor, sy)];
  });
}

/** PyTorch's `F.elu(input, alpha=1.0, inplace=False)`: `F.elu(x)`. */
export function elu(input: Tensor, alpha?: number, inplace?: boolean): Tensor;
/** `F.elu(x, { alpha: 0.5 })` */
export function elu(input: Tensor, options: EluOptions): Tensor;
/** elu(input, alpha=1.0, inplace=False) */
export function elu(x: Tensor, ...args: unknown[]): Tensor {
  const [alpha, inplace] = kwargs(args, ['alpha', 'inplace'], [1, false], 'elu');
  input(x, 'elu');
  const compute = () => x.where(x.gt(0), x.expm1().mul(alpha));
  // below zero the slope is alpha exp(x), which is also the output plus alpha
  if (!inplace) {
    return fused('EluBackward0', [x], compute, () => [x], (gs, [sx]) => {
      const g = gs[0] as Tensor;
      return [g.mul(alpha).mul(sx.exp()).where(sx.le(0), g)];
    });
  }
  return activationInPlace(x, 'EluBackward1', compute, (gs, [sy]) => {
    if (alpha < 0) {
      throw new Error('In-place elu backward calculation is triggered with a negative slope which is not supported. This is caused by calling in-place forward function with a negative slope, please call out-of-place version instead.');
    }
    const g = gs[0] as Tensor;
    return [g.mul(sy.add(alpha)).where(sy.le(0), g)];
  });
}

/** PyTorch's `F.softplus(input, beta=1, threshold=20)`: `F.softplus(x)`. */
export function softplus(input: Tensor, beta?: number, threshold?: number): Tensor;
/** `F.softplus(x, { beta: 2 })` */
export function softplus(input: Tensor, options: SoftplusOptions): Tensor;
/** softplus(input, beta=1, threshold=20): log(1 + exp(beta x)) / beta, linear above the threshold. */
export function softplus(x: Tensor, ...args: unknown[]): Tensor {
  const [beta, threshold] = kwargs(args, ['beta', 'threshold'], [1, 20], 'softplus');
  input(x, 'softplus');
  const compute = () => {
    const z = x.mul(beta);
    return x.where(z.gt(threshold), z.clamp(null, threshold).exp().log1p().div(beta));
  };
  return fused('SoftplusBackward0', [x], compute, () => [x], (gs, [sx]) => {
    const g = gs[0] as Tensor, z = sx.mul(beta);
    // e^z / (e^z + 1) below the threshold; the clamp keeps exp finite on the linear side, so no
    // inf * 0 reaches a second derivative
    const e = z.clamp(null, threshold).exp();
    return [g.where(z.gt(threshold), g.mul(e).div(e.add(1)))];
  });
}

// ---- layers ------------------------------------------------------------------------------------

/** PyTorch's `F.linear(input, weight, bias=None)`: `F.linear(x, w, b)` is x @ w.T + b. */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
/** `F.linear(x, w, { bias: b })` */
export function linear(input: Tensor, weight: Tensor, options: LinearOptions): Tensor;
/** linear(input, weight, bias=None): input @ weight.T + bias, dispatched as PyTorch's at::linear. */
export function linear(x: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const [bias] = kwargs(args, ['bias'], [null] as [Tensor | null], 'linear');
  input(x, 'linear');
  if (bias !== null && bias !== undefined) tensorArg('linear', 'bias', 3, bias);
  const wT = input(weight, 'linear', 'weight').t();
  // views and products of linear's own are freed as it returns (nodes keep aliases of what they save)
  const done = <T extends Tensor>(out: T, ...temps: Tensor[]): T => {
    for (const t of temps) if (t !== x && t !== weight && t !== bias && t !== out) t.dispose();
    return out;
  };
  if (bias && x.ndim === 2) return done(bias.addmm(x, wT), wT);
  if (bias && x.ndim === 3 && x.is_contiguous()) {
    const [a, b, k] = x.shape_;
    const x2 = x.view(a * b, k);
    const y = bias.addmm(x2, wT);
    return done(y.view(a, b, y.shape_[1]), wT, x2, y);
  }
  const y = x.matmul(wT);
  return bias ? done(y.add(bias), wT, y) : done(y, wT);
}

/** PyTorch's `F.normalize(input, p=2.0, dim=1, eps=1e-12)`: `F.normalize(x)`. */
export function normalize(input: Tensor, p?: number, dim?: number, eps?: number): Tensor;
/** `F.normalize(x, { dim: 0 })` */
export function normalize(input: Tensor, options: NormalizeOptions): Tensor;
/** normalize(input, p=2.0, dim=1, eps=1e-12): x / max(||x||_p, eps) along dim. */
export function normalize(x: Tensor, ...args: unknown[]): Tensor {
  const [p, dim, eps] = kwargs(args, ['p', 'dim', 'eps'], [2, 1, 1e-12], 'normalize');
  return input(x, 'normalize').div(x.norm(p, dim, true).clamp_min(eps).expand_as(x));
}

/** PyTorch's `F.one_hot(tensor, num_classes=-1)`: `F.one_hot(labels, 10)`. */
export function one_hot(tensor: Tensor, num_classes?: number): Tensor;
/** `F.one_hot(labels, { num_classes: 10 })` */
export function one_hot(tensor: Tensor, options: OneHotOptions): Tensor;
/** one_hot(tensor, num_classes=-1): int64, one more dim of size num_classes. */
export function one_hot(t: Tensor, ...args: unknown[]): Tensor {
  const [numClasses] = kwargs(args, ['num_classes'], [-1], 'one_hot');
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

/** PyTorch's `F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5)`: `F.layer_norm(x, [4])`. */
export function layer_norm(input: Tensor, normalized_shape: number | number[], weight?: Tensor | null, bias?: Tensor | null, eps?: number): Tensor;
/** `F.layer_norm(x, [4], { eps: 1e-6 })` */
export function layer_norm(input: Tensor, normalized_shape: number | number[], options: LayerNormOptions): Tensor;
/** layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5) over the trailing dims. */
export function layer_norm(x: Tensor, normalizedShape: number | number[], ...args: unknown[]): Tensor {
  const [weight, bias, eps] = kwargs(args, ['weight', 'bias', 'eps'], [null, null, 1e-5] as [Tensor | null, Tensor | null, number], 'layer_norm');
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const k = shape.length;
  if (input(x, 'layer_norm').ndim < k || shape.some((s, i) => s !== x.shape_[x.ndim - k + i])) {
    throw new Error(`Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size[${x.shape_.join(', ')}]`);
  }
  const dims = shape.map((_, i) => x.ndim - k + i);
  const stats = (t: Tensor) => ({ mean: t.mean(dims, true), std: t.var({ dim: dims, unbiased: false, keepdim: true }).add(eps).sqrt() });
  const normalized = () => {
    const { mean, std } = stats(x);
    let y = x.sub(mean).div(std);
    if (weight) y = y.mul(weight);
    if (bias) y = y.add(bias);
    return { y, mean, std };
  };
  // the composition's temporaries are freed here, as PyTorch's one kernel never makes them
  if (!needsGrad(x, weight, bias)) {
    const fast = layerNormKernel(x, weight, bias, k, eps);
    if (!fast) return tidy(() => normalized().y);
    fast.mean.dispose();
    fast.rstd.dispose();
    return fast.y;
  }
  const [y, mean, rstd] = no_grad(() => {
    const fast = layerNormKernel(x, weight, bias, k, eps);
    if (fast) return [fast.y, fast.mean, fast.rstd];
    return tidy(() => {
      const r = normalized();
      return [r.y, r.mean, r.std.reciprocal()];
    });
  });
  const need = [x.requires_grad, !!weight?.requires_grad, !!bias?.requires_grad];
  // PyTorch's native_layer_norm: one node over (input, weight, bias) keeping the mean and 1/std
  record('NativeLayerNormBackward0', [x, weight, bias], [y], [x, weight, bias, mean, rstd], (gs, [sx, sw, , sm, sr]) => {
    const g = gs[0] as Tensor;
    // one kernel, unless create_graph wants the formulas' graph
    const fast = is_grad_enabled() ? null : layerNormBackwardKernel(g, sx, sm, sr, sw, k, need);
    if (fast) return fast;
    // the kept statistics, or (as in reuse()) recomputed with the input's graph under create_graph
    const fresh = is_grad_enabled() && sx.requires_grad ? stats(sx) : null;
    const m = fresh ? fresh.mean : sm, r = fresh ? fresh.std.reciprocal() : sr;
    const xhat = sx.sub(m).mul(r);
    const gxhat = sw ? g.mul(sw) : g;
    return [
      need[0] ? r.mul(gxhat.sub(gxhat.mean(dims, true)).sub(xhat.mul(gxhat.mul(xhat).mean(dims, true)))) : null,
      need[1] ? R.sumToShape(g.mul(xhat), (weight as Tensor).shape_) : null,
      need[2] ? R.sumToShape(g, (bias as Tensor).shape_) : null,
    ];
  });
  // the node holds its own aliases of the statistics
  mean.dispose();
  rstd.dispose();
  return y;
}

/** PyTorch's `F.cosine_similarity(x1, x2, dim=1, eps=1e-8)`: `F.cosine_similarity(a, b)`. */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim?: number, eps?: number): Tensor;
/** `F.cosine_similarity(a, b, { dim: 0 })` */
export function cosine_similarity(x1: Tensor, x2: Tensor, options: CosineSimilarityOptions): Tensor;
/** cosine_similarity(x1, x2, dim=1, eps=1e-8), as PyTorch 1.13 composes it. */
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const [dim, eps] = kwargs(args, ['dim', 'eps'], [1, 1e-8], 'cosine_similarity');
  input(x1, 'cosine_similarity', 'x1');
  input(x2, 'cosine_similarity', 'x2');
  const info = (t: Tensor) => ({ dtype: t.dtype, kind: t.ndim === 0 ? 'zero' as const : 'dim' as const });
  const dtype = resultType([info(x1), info(x2)]);
  const shape = broadcastShapes(x1.shape_, x2.shape_);
  const a = x1.to(dtype).expand(shape), b = x2.to(dtype).expand(shape);
  // x / sqrt(max(sum x^2, eps^2)); PyTorch clamps without recording, so the clamp passes gradients through
  const norm = (t: Tensor) => {
    const s = t.pow(2).sum(dim, true);
    no_grad(() => s.clamp_(eps * eps));
    return s.sqrt_();
  };
  const na = norm(a), nb = norm(b);
  return a.div(na).mul(b.div(nb)).sum(dim);
}

// ---- losses ------------------------------------------------------------------------------------

/** The reduction after PyTorch's legacy size_average / reduce arguments. */
export function reductionOf(sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction): Reduction {
  if (sizeAverage === null && reduce === null) {
    if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') throw new Error(`${String(reduction)} is not a valid value for reduction`);
    return reduction;
  }
  if (reduce === false) return 'none';
  return sizeAverage === false ? 'sum' : 'mean';
}

export function reduceLoss(l: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? l : reduction === 'sum' ? l.sum() : l.mean();
}

/** The (size_average, reduce, reduction) arguments most losses share, after `lead` others (weight). */
const LOSS_ARGS = ['size_average', 'reduce', 'reduction'];
type LossArgs = [Tensor | null, boolean | null, boolean | null, Reduction, Tensor | null];
function lossArgs(fn: string, args: readonly unknown[], lead: string[] = [], trail: string[] = []): { weight: Tensor | null; reduction: Reduction; posWeight: Tensor | null } {
  const names = [...lead, ...LOSS_ARGS, ...trail];
  const got = kwargs(args, names, [...lead.map(() => null), null, null, 'mean', null], fn);
  const [weight, s, r, red, posWeight] = (lead.length ? got : [null, ...got]) as LossArgs;
  return { weight, reduction: reductionOf(s, r, red), posWeight };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** torch.broadcast_tensors(input, target) as the Python losses call it: expands whichever differs. */
export function broadcastPair(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (sameShape(a.shape_, b.shape_)) return [a, b];
  const shape = broadcastShapes(a.shape_, b.shape_);
  return [sameShape(a.shape_, shape) ? a : a.expand(shape), sameShape(b.shape_, shape) ? b : b.expand(shape)];
}

/** PyTorch's `F.mse_loss(input, target, size_average=None, reduce=None, reduction='mean')`: `F.mse_loss(pred, y)`. */
export function mse_loss(input: Tensor, target: Tensor, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction): Tensor;
/** `F.mse_loss(input, target, { reduction: 'sum' })` */
export function mse_loss(input: Tensor, target: Tensor, options: LossOptions): Tensor;
/** mse_loss(input, target, size_average=None, reduce=None, reduction='mean') */
export function mse_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const { reduction } = lossArgs('mse_loss', args);
  const [a, b] = broadcastPair(input(x, 'mse_loss'), input(target, 'mse_loss', 'target'));
  const needA = a.requires_grad, needB = b.requires_grad;
  const compute = () => {
    const d = a.sub(b);
    return reduceLoss(d.mul(d), reduction);
  };
  return fused('MseLossBackward0', [a, b], compute, () => [a, b], (gs, [sa, sb]) => {
    // 2 (x - t) g, over the element count for 'mean'
    const k = (gs[0] as Tensor).mul(reduction === 'mean' ? 2 / sa.numel() : 2);
    return [needA ? sa.sub(sb).mul(k) : null, needB ? sb.sub(sa).mul(k) : null];
  });
}

/** PyTorch's `F.l1_loss(input, target, size_average=None, reduce=None, reduction='mean')`: `F.l1_loss(pred, y)`. */
export function l1_loss(input: Tensor, target: Tensor, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction): Tensor;
/** `F.l1_loss(input, target, { reduction: 'sum' })` */
export function l1_loss(input: Tensor, target: Tensor, options: LossOptions): Tensor;
/** l1_loss(input, target, size_average=None, reduce=None, reduction='mean'): a composition in PyTorch too. */
export function l1_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const [a, b] = broadcastPair(input(x, 'l1_loss'), input(target, 'l1_loss', 'target'));
  return reduceLoss(a.sub(b).abs(), lossArgs('l1_loss', args).reduction);
}

/** PyTorch's `F.binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean')`: `F.binary_cross_entropy(p, y)`. */
export function binary_cross_entropy(input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction): Tensor;
/** `F.binary_cross_entropy(input, target, { reduction: 'sum' })` */
export function binary_cross_entropy(input: Tensor, target: Tensor, options: WeightedLossOptions): Tensor;
/** `F.binary_cross_entropy(input, target, weight, { reduction: 'sum' })` */
export function binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null, options: WeightedLossOptions): Tensor;
/** binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean'); logs clamped at -100 as PyTorch. */
export function binary_cross_entropy(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const { weight, reduction } = lossArgs('binary_cross_entropy', args, ['weight']);
  input(x, 'binary_cross_entropy');
  if (target.ndim !== x.ndim || target.shape_.some((s, i) => s !== x.shape_[i])) {
    throw new Error(`Using a target size (${target.shape}) that is different to the input size (${x.shape}) is deprecated. Please ensure they have the same size.`);
  }
  if (x.lt(0).logical_or(x.gt(1))._anyTrue()) throw new Error('all elements of input should be between 0 and 1');
  const logs = (t: Tensor) => t.log().clamp(-100);
  const compute = () => {
    let l = target.mul(logs(x)).add(target.neg().add(1).mul(logs(x.neg().add(1)))).neg();
    if (weight) l = l.mul(weight);
    return reduceLoss(l, reduction);
  };
  const shapeX = x.requires_grad ? x.shape_ : null, shapeT = target.requires_grad ? target.shape_ : null;
  return fused('BinaryCrossEntropyBackward0', [x, target], compute, () => [x, target, weight], (gs, [sx, st, sw]) => {
    const g = lossGrad(gs[0] as Tensor, sw, reduction, sx.numel());
    return [
      // (x - t) / max(x (1 - x), 1e-12), PyTorch's EPSILON
      shapeX ? R.sumToShape(sx.sub(st).div(sx.neg().add(1).mul(sx).clamp(1e-12)).mul(g), shapeX) : null,
      // log(1 - x) - log(x)
      shapeT ? R.sumToShape(sx.neg().add(1).log().sub(sx.log()).mul(g), shapeT) : null,
    ];
  }, !!weight?.requires_grad);
}

/** The incoming gradient of an elementwise loss, times its weight, over the element count for 'mean'. */
function lossGrad(g: Tensor, weight: Tensor | null, reduction: Reduction, n: number): Tensor {
  const w = weight ? g.mul(weight) : g;
  return reduction === 'mean' ? w.div(n) : w;
}

/** log(1 + exp(-z)), written so neither exp can overflow: m = max(-z, 0) */
function softplusOfNeg(z: Tensor): Tensor {
  const m = z.neg().clamp(0);
  return m.neg().exp().add(z.neg().sub(m).exp()).log().add(m);
}

/** PyTorch's `F.binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)`: `F.binary_cross_entropy_with_logits(z, y)`. */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction, pos_weight?: Tensor | null): Tensor;
/** `F.binary_cross_entropy_with_logits(input, target, { reduction: 'sum' })` */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, options: BCEWithLogitsOptions): Tensor;
/** `F.binary_cross_entropy_with_logits(input, target, weight, { reduction: 'sum' })` */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | null, options: BCEWithLogitsOptions): Tensor;
/** binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None) */
export function binary_cross_entropy_with_logits(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const { weight, reduction, posWeight } = lossArgs('binary_cross_entropy_with_logits', args, ['weight'], ['pos_weight']);
  input(x, 'binary_cross_entropy_with_logits');
  if (target.ndim !== x.ndim || target.shape_.some((s, i) => s !== x.shape_[i])) {
    throw new Error(`Target size (${target.shape}) must be the same as input size (${x.shape})`);
  }
  const compute = () => {
    const sp = softplusOfNeg(x);
    const scale = posWeight ? posWeight.sub(1).mul(target).add(1) : null;
    let l = target.neg().add(1).mul(x).add(scale ? scale.mul(sp) : sp);
    if (weight) l = l.mul(weight);
    return reduceLoss(l, reduction);
  };
  const shapeX = x.requires_grad ? x.shape_ : null, shapeT = target.requires_grad ? target.shape_ : null;
  return fused('BinaryCrossEntropyWithLogitsBackward0', [x, target], compute, () => [x, target, weight, posWeight], (gs, [sx, st, sw, spw]) => {
    const g = lossGrad(gs[0] as Tensor, sw, reduction, sx.numel());
    let gx: Tensor | null = null, gt: Tensor | null = null;
    if (shapeX) {
      // sigmoid(x) - t, or with pos_weight (1 + (pw - 1) t) sigmoid(x) - pw t
      const s = sx.sigmoid();
      const pt = spw ? spw.mul(st) : null;
      gx = R.sumToShape((pt ? pt.add(1).sub(st).mul(s).sub(pt) : s.sub(st)).mul(g), shapeX);
    }
    if (shapeT) {
      // -x, or with pos_weight log_sigmoid(-x) - pw log_sigmoid(x)
      gt = R.sumToShape((spw ? softplusOfNeg(sx).mul(spw).sub(softplusOfNeg(sx.neg())) : sx.neg()).mul(g), shapeT);
    }
    return [gx, gt];
  }, !!weight?.requires_grad || !!posWeight?.requires_grad);
}

const NLL_ARGS = ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'];

/** PyTorch's `F.nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')`: `F.nll_loss(logp, y)`. */
export function nll_loss(input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, ignore_index?: number, reduce?: boolean | null, reduction?: Reduction): Tensor;
/** `F.nll_loss(input, target, { reduction: 'sum' })` */
export function nll_loss(input: Tensor, target: Tensor, options: NllLossOptions): Tensor;
/** `F.nll_loss(input, target, weight, { reduction: 'sum' })` */
export function nll_loss(input: Tensor, target: Tensor, weight: Tensor | null, options: NllLossOptions): Tensor;
/** nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean') */
export function nll_loss(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const [weight, sizeAverage, ignoreIndex, reduce, red] = kwargs(args, NLL_ARGS, [null, null, -100, null, 'mean'] as [Tensor | null, boolean | null, number, boolean | null, Reduction], 'nll_loss');
  return nll(input(x, 'nll_loss'), input(target, 'nll_loss', 'target'), weight, ignoreIndex, reductionOf(sizeAverage, reduce, red));
}

/**
 * PyTorch's nll_loss_nd: nll_loss (NllLossBackward0) for 1-d and 2-d input, nll_loss2d
 * (NllLoss2DBackward0) for 4-d; other dims are viewed as 4-d for nll_loss2d, and back.
 */
function nll(x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor {
  if (target.dtype.is_floating_point || target.dtype === bool) {
    throw new Error(`expected scalar type Long but found ${target.dtype === bool ? 'Bool' : target.dtype.name === 'float64' ? 'Double' : 'Float'}`);
  }
  if (x.ndim < 3) return nllNode('NllLossBackward0', x, target, weight, ignoreIndex, reduction);
  checkNllTarget(x, target);
  const spatial = x.shape_.slice(2), targetSpatial = target.shape_.slice(1);
  if (!sameShape(spatial, targetSpatial)) {
    throw new Error(x.ndim === 4
      ? `size mismatch (got input: [${x.shape_.join(', ')}] , target: [${target.shape_.join(', ')}]`
      : `Expected target size [${[x.shape_[0], ...spatial].join(', ')}], got [${target.shape_.join(', ')}]`);
  }
  if (x.ndim === 4) return nllNode('NllLoss2DBackward0', x, target, weight, ignoreIndex, reduction);
  const [n, c] = x.shape_;
  const empty = x.numel() === 0;
  const x4 = x.contiguous().view(n, c, empty ? 0 : 1, empty ? 0 : -1);
  const loss = nllNode('NllLoss2DBackward0', x4, target.contiguous().view(n, empty ? 0 : 1, empty ? 0 : -1), weight, ignoreIndex, reduction);
  return reduction === 'none' ? loss.view([n, ...spatial]) : loss;
}

function checkNllTarget(x: Tensor, target: Tensor): void {
  if (x.ndim < 1 || target.ndim !== x.ndim - 1) throw new Error(`Expected ${x.ndim - 1}D target tensor, got ${target.ndim}D`);
  if (x.shape_[0] !== target.shape_[0]) throw new Error(`Expected input batch_size (${x.shape_[0]}) to match target batch_size (${target.shape_[0]}).`);
}

/**
 * nll over x [N, C, ...] (or [C]) recorded as one node: its gradient is -weight[t] * g at each
 * target's class, nothing where ignored, over the total weight for 'mean'.
 */
function nllNode(name: string, x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor {
  if (!weight && reduction !== 'none' && x.ndim === 2) {
    const fast = nllDense(x, target, ignoreIndex, reduction);
    if (fast) return fast;
  }
  // PyTorch refuses a weight that requires grad; the composition differentiates it
  if (weight?.requires_grad) return nllValue(x, target, weight, ignoreIndex, reduction).loss;
  if (!needsGrad(x)) return tidy(() => nllValue(x, target, weight, ignoreIndex, reduction).loss);
  const { loss, total } = no_grad(() => tidy(() => nllValue(x, target, weight, ignoreIndex, reduction)));
  const classDim = x.ndim === 1 ? 0 : 1;
  record(name, [x], [loss], [x, target, weight, total], (gs, [sx, st, sw, stotal]) => {
    const keep = st.ne(ignoreIndex);
    const safe = st.masked_fill(keep.logical_not(), 0);
    let coef = (gs[0] as Tensor).neg();
    if (sw) coef = coef.mul(sw.index_select(0, safe.flatten()).reshape(safe.shape_.slice()));
    if (stotal) coef = coef.div(stotal);
    // one coefficient per target (0 where ignored), written at its class into zeros: the element
    // [n, target[n, i...], i...] for every batch element n and spatial place i
    coef = coef.where(keep, 0);
    const places = st.shape_.map((d, k) => arange(d, { device: st.device }).reshape(st.shape_.map((_, j) => (j === k ? d : 1))));
    const at = classDim === 0 ? [safe] : [places[0], safe, ...places.slice(1)];
    return [zerosLike(sx).index_put_(at, coef)];
  });
  return loss;
}

/**
 * An int64 tensor's storage as little-endian 32-bit words (low, high): class indices read as
 * (low >>> 0) + high * 2^32, exact below 2^53, without a BigInt per element (most of the loop's time).
 */
function int64Words(t: Tensor): Int32Array {
  const a = t.storage.backend.array(t.storage) as BigInt64Array;
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Dense float rows in memory JS reads directly (wasm and JS backends). */
const denseFloats = (t: Tensor) => t.device === 'cpu' && t.is_contiguous() && (t.dtype.name === 'float32' || t.dtype.name === 'float64');

/**
 * The usual case of nll_loss, [N, C] rows and class indices, no weight, a reduced loss, as one
 * pass over the targets in JS (PyTorch's nll_loss_out_frame: its cascade of partial sums, in the
 * input's precision) and one node whose backward writes -g/total at each target's class: the
 * composition costs some fifteen ops each way, and every training step with cross_entropy runs
 * it. Null (compose instead) for other layouts and devices.
 */
function nllDense(x: Tensor, target: Tensor, ignoreIndex: number, reduction: Reduction): Tensor | null {
  if (!denseNll(x, target)) return null;
  const { loss, total } = nllDenseValue(x, target, ignoreIndex, reduction);
  if (!needsGrad(x)) return loss;
  const [n, c] = x.shape_;
  const round = x.dtype.name === 'float32' ? Math.fround : (v: number) => v;
  record('NllLossBackward0', [x], [loss], [target], (gs, [st]) => {
    const g = gs[0] as Tensor;
    if (is_grad_enabled() || !denseFloats(g)) return [nllGradOps(g, st, n, c, total, ignoreIndex, reduction)];
    const v = -nllScale(g, total, reduction, round);
    // beside g, not x: x may be a caller's temporary that is gone by now (cross_entropy's log_softmax)
    const out = Tensor.empty([n, c], x.dtype, g);
    const O = out.storage.backend.array(out.storage) as Float32Array, Ts = int64Words(st);
    O.fill(0, 0, n * c);
    for (let b = 0; b < n; b++) {
      const t = (Ts[2 * (st.offset + b)] >>> 0) + Ts[2 * (st.offset + b) + 1] * 4294967296;
      if (t !== ignoreIndex) O[b * c + t] = v;
    }
    return [out];
  });
  return loss;
}

/** Whether nllDense / crossEntropyDense take x [N, C] and target: dense floats and int64 class indices on the CPU. */
function denseNll(x: Tensor, target: Tensor): boolean {
  return denseFloats(x) && target.dtype === int64 && target.device === 'cpu' && target.is_contiguous();
}

/** g / total ('mean') or g, in g's precision: the gradient's magnitude at each target's class. */
function nllScale(g: Tensor, total: number, reduction: Reduction, round: (v: number) => number): number {
  const gv = (g.storage.backend.array(g.storage) as Float32Array)[g.offset];
  return round(reduction === 'mean' ? gv / total : gv);
}

/** nll's gradient over [n, c] as ops on g (create_graph: differentiable in turn): -g/total at each target's class. */
function nllGradOps(g: Tensor, st: Tensor, n: number, c: number, total: number, ignoreIndex: number, reduction: Reduction): Tensor {
  const coef = (reduction === 'mean' ? g.div(total) : g).neg().where(st.ne(ignoreIndex), 0);
  const safe = st.masked_fill(st.eq(ignoreIndex), 0);
  return g.new_zeros([n, c]).index_put_([arange(n, { device: st.device }), safe], coef.expand([n]));
}

/** nllDense's value (unrecorded) and the count of targets not ignored; each target's class also into `classes` when given. */
function nllDenseValue(x: Tensor, target: Tensor, ignoreIndex: number, reduction: Reduction, classes?: number[]): { loss: Tensor; total: number } {
  checkNllTarget(x, target);
  const [n, c] = x.shape_;
  const round = x.dtype.name === 'float32' ? Math.fround : (v: number) => v;
  const X = x.storage.backend.array(x.storage) as Float32Array | Float64Array;
  const T = int64Words(target);
  const xo = x.offset, to = target.offset;
  // PyTorch's cascade: partial sums over blocks of 2^levelPower targets, added up level by level
  const LEVELS = 8, levelPower = Math.max(4, Math.floor(Math.ceil(Math.log2(Math.max(n, 1))) / LEVELS));
  const levelMask = (1 << levelPower) - 1;
  const partial = new Float64Array(LEVELS);
  const masks: number[] = [];
  for (let j = 0; j + 1 < LEVELS; j++) masks.push(levelMask * 2 ** (j * levelPower));
  let ignored = 0;
  for (let b = 0; b < n; b++) {
    const t = (T[2 * (to + b)] >>> 0) + T[2 * (to + b) + 1] * 4294967296;
    if (classes) classes[b] = t;
    if (t === ignoreIndex) {
      ignored++;
      continue;
    }
    if (t < 0 || t >= c) throw new Error(`Target ${t} is out of bounds.`);
    partial[0] = round(partial[0] - X[xo + b * c + t]);
    for (let j = 0; j + 1 < LEVELS; j++) {
      if ((b & masks[j]) !== 0) break;
      partial[j + 1] = round(partial[j + 1] + partial[j]);
      partial[j] = 0;
    }
  }
  let sum = 0;
  for (let j = 0; j < LEVELS; j++) sum = round(sum + partial[j]);
  const total = n - ignored;
  const loss = Tensor.empty([], x.dtype, x);
  (loss.storage.backend.array(loss.storage) as Float32Array)[loss.offset] = reduction === 'mean' ? sum / total : sum;
  return { loss, total };
}

/**
 * cross_entropy's usual case, logits [N, C] and class indices, no weight or label smoothing, a
 * reduced loss: the log_softmax kernel, nllDense's pass, and one FusedNode shown as PyTorch's
 * NllLossBackward0 over LogSoftmaxBackward0, whose backward writes (softmax - onehot) * g/total
 * in one pass over exp(log_softmax), PyTorch's two formulas' arithmetic: the engine runs one node
 * where it ran two (a training step's loss, every step). Null (compose instead) otherwise.
 */
function crossEntropyDense(x: Tensor, target: Tensor, ignoreIndex: number, reduction: Reduction): Tensor | null {
  if (x.ndim !== 2 || x.numel() === 0 || !denseNll(x, target)) return null;
  checkNllTarget(x, target);
  const logp = R.softmaxKernel(true, x, 1);
  if (!logp) return null;
  const [n, c] = x.shape_;
  // the classes are copied, not saved: the backward reads them from here (a changed target still fails it)
  const classes: number[] = new Array<number>(n).fill(0), version = target._storageVersion();
  // no tidy scope: its survivors would each be registered with the finalizer, and logp is the
  // only temporary (the node takes it over)
  let value: { loss: Tensor; total: number };
  try {
    value = nllDenseValue(logp, target, ignoreIndex, reduction, classes);
  } catch (e) {
    logp.dispose();
    throw e;
  }
  const { loss, total } = value;
  if (!needsGrad(x)) {
    logp.dispose();
    return loss;
  }
  const round = x.dtype.name === 'float32' ? Math.fround : (v: number) => v;
  const xEdge = x._gradEdge();
  // the inner node is log_softmax's own, saving its output, which it takes over as its grad_fn's
  const ySaved: SavedTensor[] = [];
  const inner = new Node('LogSoftmaxBackward0', [xEdge], R.softmaxBackward(true, 1, [1]), ySaved);
  logp._setGradFn(inner, 0);
  ySaved.push(new SavedTensor(logp, inner, 0, true));
  const node = new FusedNode('NllLossBackward0', [xEdge], (gs) => {
    const g = gs[0] as Tensor, y = ySaved[0].unpack();
    checkUnchanged(target, version);
    if (is_grad_enabled() || !denseFloats(g) || g.dtype !== y.dtype) {
      // create_graph: PyTorch's two formulas as ops, through y (whose grad_fn is the inner node);
      // otherwise their temporaries are freed here (the engine takes this node's results as they are)
      const grad = () => {
        const gl = nllGradOps(g, tensor(Array.from(classes), { dtype: int64, device: 'cpu' }), n, c, total, ignoreIndex, reduction);
        return gl.sub(y.exp().mul(gl.sum([1], true)));
      };
      return [is_grad_enabled() ? grad() : tidy(grad)];
    }
    // row b's log_softmax gradient gl - exp(y) * sum(gl), where gl is -s at the target's class
    // (the row's sum), 0 elsewhere: 0 on an ignored row
    const s = -nllScale(g, total, reduction, round);
    const out = y.exp();
    const O = out.storage.backend.array(out.storage) as Float32Array;
    for (let b = 0, k = 0; b < n; b++, k += c) {
      const t = classes[b];
      const kept = t !== ignoreIndex, rs = kept ? s : 0, et = kept ? O[k + t] : 0;
      for (let j = 0; j < c; j++) O[k + j] = 0 - round(O[k + j] * rs);
      if (kept) O[k + t] = s - round(et * s);
    }
    return [out];
  }, [], [inner.edgeTo(0)], [inner]);
  loss._setGradFn(node, 0);
  return loss;
}

/** -x[n, target[n]] * weight[target[n]], skipping ignore_index; 'mean' divides by the summed weights (`total`). */
function nllValue(x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): { loss: Tensor; total: Tensor | null } {
  if (x.ndim === 1) {
    const r = nllValue(x.unsqueeze(0), target.unsqueeze(0), weight, ignoreIndex, reduction);
    return { loss: r.loss.reshape([]), total: r.total };
  }
  checkNllTarget(x, target);
  const c = x.shape_[1];
  const keep = target.ne(ignoreIndex);
  const bad = target.lt(0).logical_or(target.ge(c)).logical_and(keep);
  if (bad._anyTrue()) throw new Error(`Target ${target.masked_select(bad).index(0).item()} is out of bounds.`);
  const safe = target.masked_fill(keep.logical_not(), 0);
  const picked = x.gather(1, safe.unsqueeze(1)).squeeze(1);
  const w = (weight ? weight.index_select(0, safe.flatten()).reshape(safe.shape_.slice()) : keep.to(x.dtype)).mul(keep);
  const l = picked.mul(w).neg();
  if (reduction === 'none') return { loss: l, total: null };
  if (reduction === 'sum') return { loss: l.sum(), total: null };
  const total = w.sum();
  return { loss: l.sum().div(total), total };
}

/** PyTorch's `F.cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)`: `F.cross_entropy(logits, y)`. */
export function cross_entropy(input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, ignore_index?: number, reduce?: boolean | null, reduction?: Reduction, label_smoothing?: number): Tensor;
/** `F.cross_entropy(input, target, { reduction: 'sum' })` */
export function cross_entropy(input: Tensor, target: Tensor, options: CrossEntropyOptions): Tensor;
/** `F.cross_entropy(input, target, weight, { reduction: 'sum' })` */
export function cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null, options: CrossEntropyOptions): Tensor;
/** cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0): class indices or class probabilities, composed as PyTorch 1.13 does. */
export function cross_entropy(x: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const [weight, sizeAverage, ignoreIndex, reduce, red, smoothing] = kwargs(args, [...NLL_ARGS, 'label_smoothing'],
    [null, null, -100, null, 'mean', 0] as [Tensor | null, boolean | null, number, boolean | null, Reduction, number], 'cross_entropy');
  const reduction = reductionOf(sizeAverage, reduce, red);
  const dense = !weight && !(smoothing > 0) && reduction !== 'none' && input(x, 'cross_entropy') && input(target, 'cross_entropy', 'target')
    ? crossEntropyDense(x, target, ignoreIndex, reduction) : null;
  if (dense) return dense;
  // log_softmax and the rest are the loss's own temporaries: freed here (the graph keeps what it saved)
  return tidy(() => crossEntropy(x, target, weight, ignoreIndex, reduction, smoothing));
}

function crossEntropy(x: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction, smoothing: number): Tensor {
  const classDim = input(x, 'cross_entropy').ndim === 1 ? 0 : 1;
  const logp = x.log_softmax(classDim);
  const c = x.shape_[classDim];
  const weighted = (t: Tensor) => (weight ? t.mul(weight.reshape([c, ...new Array<number>(x.ndim - classDim - 1).fill(1)])) : t);
  if (input(target, 'cross_entropy', 'target').dtype.is_floating_point) {
    // class probabilities: -sum_c w_c p_c log q_c; 'mean' averages over the batch elements
    const p = smoothing > 0 ? scalarOp('add', scalarOp('mul', target, 1 - smoothing), smoothing / c) : target;
    const terms = weighted(logp.mul(p));
    if (reduction === 'none') return terms.sum(classDim).neg();
    const total = terms.sum().neg();
    return reduction === 'sum' ? total : scalarOp('div', total, x.numel() / c);
  }
  const loss = nll(logp, target, weight, ignoreIndex, reduction);
  if (!(smoothing > 0)) return loss;
  // label smoothing mixes in the loss against the uniform distribution (PyTorch's formula)
  const ignored = target.eq(ignoreIndex);
  const smooth = weighted(logp).sum(classDim).neg();
  // PyTorch's index_put_ with the mask; a 0-d mask (1-d input) is no index here, masked_fill_ does it
  if (smooth.ndim) smooth.index_put_([ignored], 0);
  else smooth.masked_fill_(ignored, 0);
  let mixed: Tensor = smooth;
  if (reduction === 'sum') mixed = smooth.sum();
  else if (reduction === 'mean') {
    const kept = target.masked_select(ignored.logical_not());
    mixed = weight ? smooth.sum().div(weight.gather(0, kept.flatten()).sum()) : smooth.masked_select(ignored.logical_not()).mean();
  }
  return scalarOp('mul', loss, 1 - smoothing).add(scalarOp('mul', mixed, smoothing / c));
}

// ---- more activations (the nn activation modules' functional forms) -----------------------------

/** hardtanh(input, min_val=-1., max_val=1., inplace=False): clamp, gradient inside (min, max) */
export function hardtanh(x: Tensor, ...args: unknown[]): Tensor {
  const [minVal, maxVal, inplace] = kwargs(args, ['min_val', 'max_val', 'inplace'], [-1, 1, false], 'hardtanh');
  input(x, 'hardtanh');
  if (inplace && minVal > maxVal) throw new Error('min_val cannot be greater than max_val');
  const compute = () => x.clamp(minVal, maxVal);
  const grad = (g: Tensor, at: Tensor) => g.mul(at.gt(minVal).logical_and(at.lt(maxVal)).to(g.dtype));
  if (!inplace) return fused('HardtanhBackward0', [x], compute, () => [x], (gs, [sx]) => [grad(gs[0] as Tensor, sx)]);
  return activationInPlace(x, 'HardtanhBackward1', compute, (gs, [sy]) => [grad(gs[0] as Tensor, sy)]);
}
/** relu6(input, inplace=False): hardtanh(input, 0, 6) */
export function relu6(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'relu6');
  return hardtanh(input(x, 'relu6'), 0, 6, inplace);
}
/** hardsigmoid(input, inplace=False): relu6(x + 3) / 6 */
export function hardsigmoid(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'hardsigmoid');
  input(x, 'hardsigmoid');
  const compute = () => x.add(3).clamp(0, 6).div(6);
  const back: BackwardFn = (gs, [sx]) => [(gs[0] as Tensor).div(6).mul(sx.gt(-3).logical_and(sx.lt(3)).to(sx.dtype))];
  const y = fused('HardsigmoidBackward0', [x], compute, () => [x], back);
  return inplace ? writeInto(x, y) : y;
}
/** hardswish(input, inplace=False): x relu6(x + 3) / 6 */
export function hardswish(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'hardswish');
  input(x, 'hardswish');
  const compute = () => x.mul(x.add(3).clamp(0, 6)).div(6);
  const back: BackwardFn = (gs, [sx]) => {
    const g = gs[0] as Tensor;
    const mid = g.mul(sx.div(3).add(0.5));
    return [g.where(sx.gt(3), mid.where(sx.ge(-3), zerosLike(g)))];
  };
  const y = fused('HardswishBackward0', [x], compute, () => [x], back);
  return inplace ? writeInto(x, y) : y;
}
/** mish(input, inplace=False): x tanh(softplus(x)) */
export function mish(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'mish');
  input(x, 'mish');
  const compute = () => x.mul(x.exp().log1p().tanh());
  const back: BackwardFn = (gs, [sx]) => {
    const t = sx.exp().log1p().tanh();
    return [(gs[0] as Tensor).mul(t.add(sx.mul(sx.sigmoid()).mul(sub(1, t.square()))))];
  };
  const y = fused('MishBackward0', [x], compute, () => [x], back);
  return inplace ? writeInto(x, y) : y;
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
/** selu(input, inplace=False): scale * elu(x, alpha), recorded as PyTorch's EluBackward0 */
export function selu(x: Tensor, ...args: unknown[]): Tensor {
  const [inplace] = kwargs(args, ['inplace'], [false], 'selu');
  input(x, 'selu');
  const compute = () => x.mul(SELU_SCALE).where(x.gt(0), x.expm1().mul(SELU_ALPHA * SELU_SCALE));
  const back: BackwardFn = (gs, [sx]) => {
    const g = gs[0] as Tensor;
    return [g.mul(SELU_SCALE).where(sx.gt(0), g.mul(sx.exp()).mul(SELU_ALPHA * SELU_SCALE))];
  };
  if (!inplace) return fused('EluBackward0', [x], compute, () => [x], back);
  return activationInPlace(x, 'EluBackward1', compute, (gs, [sy]) => {
    const g = gs[0] as Tensor;
    return [g.mul(SELU_SCALE).where(sy.gt(0), g.mul(sy.add(SELU_ALPHA * SELU_SCALE)))];
  });
}
/** celu(input, alpha=1., inplace=False) */
export function celu(x: Tensor, ...args: unknown[]): Tensor {
  const [alpha, inplace] = kwargs(args, ['alpha', 'inplace'], [1, false], 'celu');
  input(x, 'celu');
  if (alpha === 0) throw new Error('ZeroDivisionError: alpha cannot be 0 for CELU');
  const compute = () => x.where(x.gt(0), x.div(alpha).expm1().mul(alpha));
  const back: BackwardFn = (gs, [sx]) => { const g = gs[0] as Tensor; return [g.where(sx.gt(0), g.mul(sx.div(alpha).exp()))]; };
  const y = fused('CeluBackward0', [x], compute, () => [x], back);
  return inplace ? writeInto(x, y) : y;
}
/** threshold(input, threshold, value, inplace=False): x where x > threshold, else value */
export function threshold(x: Tensor, ...args: unknown[]): Tensor {
  const [th, value, inplace] = kwargs(args, ['threshold', 'value', 'inplace'], [NaN, NaN, false], 'threshold');
  input(x, 'threshold');
  const compute = () => x.masked_fill(x.le(th), value);
  const grad = (g: Tensor, at: Tensor) => g.masked_fill(at.le(th), 0);
  if (!inplace) return fused('ThresholdBackward0', [x], compute, () => [x], (gs, [sx]) => [grad(gs[0] as Tensor, sx)]);
  return activationInPlace(x, 'ThresholdBackward1', compute, (gs, [sy]) => [grad(gs[0] as Tensor, sy)]);
}
/** prelu(input, weight): x where x > 0, else weight * x, weight along the channel dim (1) */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  input(x, 'prelu');
  input(weight, 'prelu', 'weight');
  const n = weight.numel();
  if (n !== 1) {
    if (x.ndim === 0) throw new Error('Not allow zero-dim input tensor.');
    const channels = x.ndim >= 2 ? x.shape_[1] : 1;
    if (channels !== n) {
      throw new Error(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`);
    }
  }
  const shaped = (w: Tensor) => (n === 1 || x.ndim < 2 ? w.reshape(n === 1 ? [] : [n]) : w.reshape([n, ...new Array(x.ndim - 2).fill(1)]));
  const compute = () => x.where(x.gt(0), x.mul(shaped(weight)));
  return fused('PreluBackward0', [x, weight], compute, () => [x, weight], (gs, [sx, sw]) => {
    const g = gs[0] as Tensor;
    const pos = sx.gt(0);
    const gx = g.where(pos, g.mul(shaped(sw)));
    const gwFull = zerosLike(g).where(pos, g.mul(sx));
    let gw = gwFull;
    if (n === 1) gw = gwFull.sum().reshape(sw.shape_.slice());
    else {
      const dims = [...Array(x.ndim).keys()].filter((d) => d !== (x.ndim >= 2 ? 1 : 0));
      gw = (dims.length ? gwFull.sum(dims) : gwFull).reshape(sw.shape_.slice());
    }
    return [gx, gw];
  });
}
/** softsign(input): x / (1 + |x|) */
export const softsign = (x: Tensor): Tensor => input(x, 'softsign').div(x.abs().add(1));
/** tanhshrink(input): x - tanh(x) */
export const tanhshrink = (x: Tensor): Tensor => input(x, 'tanhshrink').sub(x.tanh());
/** logsigmoid(input): log(sigmoid(x)), computed stably */
export function logsigmoid(x: Tensor): Tensor {
  input(x, 'logsigmoid');
  const compute = () => x.clamp(null, 0).sub(x.abs().neg().exp().log1p());
  return fused('LogSigmoidBackward0', [x], compute, () => [x], (gs, [sx]) => [(gs[0] as Tensor).mul(sx.neg().sigmoid())]);
}
/** softmin(input, dim=None, _stacklevel=3, dtype=None): softmax(-input) */
export function softmin(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, , dtype] = kwargs(args, ['dim', '_stacklevel', 'dtype'], [null, 3, null] as [number | null, number, DTypeLike | null], 'softmin');
  return R.softmax(input(x, 'softmin').neg(), dim, dtype);
}

// dropout, embedding, batch_norm, group_norm, more losses, multi_head_attention_forward
export * from './functional-layers.js';
export * from './functional-conv.js';
