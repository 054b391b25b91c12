// torch.nn.functional, second part: dropout (PyTorch's bernoulli draws), embedding, batch_norm,
// group_norm, the remaining losses and multi_head_attention_forward. Re-exported by functional.ts.
// Where PyTorch runs one kernel the value is computed without recording and one node with its
// name and backward formula (tensor ops, so create_graph works) is recorded; where PyTorch composes
// (ATen's CompositeImplicit losses, the Python functions) the same ops are composed here.
import { tidy } from '../memory.js';
import { is_grad_enabled, no_grad } from '../autograd.js';
import { arange } from '../creation.js';
import { bool, float16, int32, int64, uint8 } from '../dtype.js';
import { default_generator as generator } from '../random.js';
import { Tensor, fromArray } from '../tensor.js';
import { needsGrad, record } from '../ops/autograd-record.js';
import { zerosLike } from '../ops/elementwise.js';
import { cat, filled } from '../ops/shape.js';
import * as R from '../ops/reduce.js';
import { bindArgs } from './callable.js';
import { broadcastPair, fused, input, linear, logsigmoid, reduceLoss, reductionOf, softmax, type DropoutOptions } from './functional.js';

type Reduction = 'none' | 'mean' | 'sum';

/** PyTorch's arguments, positional or one trailing options object; unknown keys are Python's TypeError. */
function args<T extends unknown[]>(fn: string, given: readonly unknown[], names: readonly string[], defaults: T): T {
  return bindArgs(fn, given, names, defaults) as T;
}

/** The (size_average, reduce, reduction) triple of the legacy loss signatures, resolved. */
function legacy(sizeAverage: unknown, reduce: unknown, reduction: unknown): Reduction {
  return reductionOf(sizeAverage as boolean | null, reduce as boolean | null, reduction as Reduction);
}

// ---- dropout -----------------------------------------------------------------------------------

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/**
 * PyTorch's `noise.bernoulli_(keep)` on the CPU generator (its build without MKL): one 64-bit draw
 * per element, 1 where its 53-bit uniform is below `keep`, in row-major order.
 */
function bernoulliNoise(shape: readonly number[], keep: number, like: Tensor): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  // 0 and 1 are the same bits in every dtype's array but float16's, which goes through a Float64Array
  const v = like.dtype === float16 ? new Float64Array(n) : new like.dtype.array(n) as Float64Array;
  for (let i = 0; i < n; i++) v[i] = generator.uniformDouble() < keep ? 1 : 0;
  return fromArray(v, shape, like.dtype, like.device);
}

/** ATen's _dropout_impl: element or feature (per [N, C] channel) noise, plain or alpha. */
function dropoutImpl(x: Tensor, p: number, training: boolean, inplace: boolean, feature: boolean, alpha: boolean): Tensor {
  checkP(p);
  if (p === 0 || !training || x.numel() === 0) return x;
  if (p === 1) {
    const zero = filled([], x.dtype, x, 0);
    return inplace ? x.mul_(zero) : x.mul(zero);
  }
  if (feature && x.ndim < 2) throw new Error('Feature dropout requires at least 2 dimensions in the input');
  const shape = feature ? x.shape_.map((d, i) => (i < 2 ? d : 1)) : x.shape_.slice();
  const noise = bernoulliNoise(shape, 1 - p, x);
  if (!alpha) {
    noise.div_(1 - p);
    return inplace ? x.mul_(noise) : x.mul(noise);
  }
  const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
  const b = noise.add(-1).mul_(ALPHA * a).add_(ALPHA * a * p);
  noise.mul_(a);
  return (inplace ? x.mul_(noise) : x.mul(noise)).add_(b);
}
const ALPHA = 1.7580993408473766;

const DROPOUT_ARGS = ['p', 'training', 'inplace'];

/** F.dropout(input, p=0.5, training=True, inplace=False): `F.dropout(x, 0.2)` zeroes each element with probability p and scales the rest by 1/(1-p), drawing PyTorch's numbers. */
/** PyTorch's `F.dropout(input, p=0.5, training=True, inplace=False)`, with PyTorch's draws: `F.dropout(x, 0.1)`. */
export function dropout(input: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
/** `F.dropout(x, { p: 0.1, training: false })` */
export function dropout(input: Tensor, options: DropoutOptions): Tensor;
export function dropout(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('dropout', rest, DROPOUT_ARGS, [0.5, true, false]);
  return dropoutImpl(input(x, 'dropout'), p, training, inplace, false, false);
}

/** F.alpha_dropout(input, p=0.5, training=False, inplace=False): `F.alpha_dropout(x, 0.2, true)`, dropout that keeps SELU's mean and variance. */
export function alpha_dropout(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('alpha_dropout', rest, DROPOUT_ARGS, [0.5, false, false]);
  return dropoutImpl(input(x, 'alpha_dropout'), p, training, inplace, false, true);
}

/** F.feature_alpha_dropout(input, p=0.5, training=False, inplace=False): alpha dropout of whole channels. */
export function feature_alpha_dropout(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('feature_alpha_dropout', rest, DROPOUT_ARGS, [0.5, false, false]);
  return dropoutImpl(input(x, 'feature_alpha_dropout'), p, training, inplace, true, true);
}

/** Channel dropout with an optional batch dimension: unbatched inputs get one for the draw. */
function channelDropout(x: Tensor, p: number, training: boolean, inplace: boolean, batched: boolean): Tensor {
  if (batched) return dropoutImpl(x, p, training, inplace, true, false);
  const y = dropoutImpl(x.unsqueeze(0), p, training, inplace, true, false);
  return inplace ? x : y.squeeze(0);
}

/** F.dropout1d(input, p=0.5, training=True, inplace=False): `F.dropout1d(x, 0.5)` zeroes whole channels of (N, C, L) or (C, L) input. */
export function dropout1d(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('dropout1d', rest, DROPOUT_ARGS, [0.5, true, false]);
  checkP(p);
  const d = input(x, 'dropout1d').ndim;
  if (d !== 2 && d !== 3) {
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  }
  return channelDropout(x, p, training, inplace, d === 3);
}

/** F.dropout2d(input, p=0.5, training=True, inplace=False): `F.dropout2d(x, 0.5)` zeroes whole channels of (N, C, H, W) input (3-D input is treated as (N, C, L), as PyTorch 1.13 does). */
export function dropout2d(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('dropout2d', rest, DROPOUT_ARGS, [0.5, true, false]);
  checkP(p);
  return dropoutImpl(input(x, 'dropout2d'), p, training, inplace, true, false);
}

/** F.dropout3d(input, p=0.5, training=True, inplace=False): `F.dropout3d(x, 0.5)` zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) input. */
export function dropout3d(x: Tensor, ...rest: unknown[]): Tensor {
  const [p, training, inplace] = args('dropout3d', rest, DROPOUT_ARGS, [0.5, true, false]);
  checkP(p);
  return channelDropout(input(x, 'dropout3d'), p, training, inplace, x.ndim === 5);
}

// ---- embedding ---------------------------------------------------------------------------------

function checkIndices(idx: Tensor, fn: string): void {
  if (idx.dtype !== int64 && idx.dtype !== int32) {
    throw new Error(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${idx.dtype.scalarName === 'Float' ? 'torch.FloatTensor' : `torch.${idx.dtype.scalarName}Tensor`} instead (while checking arguments for ${fn})`);
  }
}

/**
 * torch.embedding_renorm_ under no_grad: each row that `idx` names (once each) whose p-norm exceeds
 * max_norm is scaled in place by max_norm / (norm + 1e-7).
 */
function embeddingRenorm(weight: Tensor, idx: Tensor, maxNorm: number, normType: number): void {
  no_grad(() => {
    const w = weight.detach();
    const rows = [...new Set((idx.reshape(-1).tolist() as number[]))].sort((a, b) => a - b);
    if (!rows.length) return;
    const at = fromArray(rows, [rows.length], int64, w.device);
    const picked = w.index_select(0, at);
    const norms = picked.norm(normType, 1, true);
    const scale = norms.add(1e-7).reciprocal().mul(maxNorm).where(norms.gt(maxNorm), 1);
    w.index_put_([at], picked.mul(scale));
  });
}

/**
 * F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
 * `F.embedding(torch.tensor([1, 2], {dtype: torch.int64}), w)` picks rows of w; the padding row gets no gradient.
 */
export function embedding(idx: Tensor, weight: Tensor, ...rest: unknown[]): Tensor {
  const [paddingIdxIn, maxNorm, normType, scaleByFreq, sparse] = args('embedding', rest,
    ['padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'], [null, null, 2, false, false] as [number | null, number | null, number, boolean, boolean]);
  input(idx, 'embedding');
  input(weight, 'embedding', 'weight');
  if (sparse) throw new Error('embedding: sparse gradients are not supported by webtorch');
  const num = weight.shape_[0];
  let paddingIdx = -1;
  if (paddingIdxIn !== null) {
    if (paddingIdxIn > 0 && !(paddingIdxIn < num)) throw new Error('AssertionError: Padding_idx must be within num_embeddings');
    if (paddingIdxIn < 0 && !(paddingIdxIn >= -num)) throw new Error('AssertionError: Padding_idx must be within num_embeddings');
    paddingIdx = paddingIdxIn < 0 ? num + paddingIdxIn : paddingIdxIn;
  }
  checkIndices(idx, 'embedding');
  if (weight.ndim !== 2) throw new Error("'weight' must be 2-D");
  const flat = idx.reshape(-1);
  if (flat.numel()) {
    const lo = flat.amin().item() as number, hi = flat.amax().item() as number;
    if (lo < 0 || hi >= num) throw new Error('index out of range in self');
  }
  if (maxNorm !== null) embeddingRenorm(weight, idx.contiguous(), maxNorm, normType);
  const outShape = [...idx.shape_, weight.shape_[1]];
  return fused('EmbeddingBackward0', [weight], () => weight.index_select(0, flat).view(outShape), () => [idx], (gs, [si]) => {
    const d = (gs[0] as Tensor).shape_.at(-1) as number;
    let g = (gs[0] as Tensor).reshape([-1, d]);
    const at = si.reshape(-1);
    if (paddingIdx >= 0) g = g.masked_fill(at.eq(paddingIdx).unsqueeze(1), 0);
    if (scaleByFreq) {
      // each row's gradient over how often its index occurs in the batch
      const counts = filled([num], g.dtype, g, 0).index_put_([at], filled([at.numel()], g.dtype, g, 1), true);
      g = g.div(counts.index_select(0, at).unsqueeze(1));
    }
    return [filled([num, d], g.dtype, g, 0).index_put_([at], g, true)];
  });
}

/**
 * F.embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
 * `F.embedding_bag(ids, w, offsets)` sums, averages or maxes the rows of each bag (one node, EmbeddingBagBackward0).
 */
export function embedding_bag(idx: Tensor, weight: Tensor, ...rest: unknown[]): Tensor {
  const [offsetsIn, maxNorm, normType, byFreq, mode, sparse, pswIn, includeLast, paddingIdxIn] = args('embedding_bag', rest,
    ['offsets', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'per_sample_weights', 'include_last_offset', 'padding_idx'],
    [null, null, 2, false, 'mean', false, null, false, null] as [Tensor | null, number | null, number, boolean, string, boolean, Tensor | null, boolean, number | null]);
  input(idx, 'embedding_bag'); input(weight, 'embedding_bag', 'weight');
  let psw = pswIn, offsets = offsetsIn;
  if (psw && !(psw.ndim === idx.ndim && psw.shape_.every((d, i) => d === idx.shape_[i]))) {
    throw new Error(`ValueError: embedding_bag: If per_sample_weights (torch.Size([${psw.shape_.join(', ')}])) is not None, then it must have the same shape as the input (torch.Size([${idx.shape_.join(', ')}]))`);
  }
  if (weight.ndim !== 2) throw new Error(`ValueError: weight has to be a 2D Tensor, but got Tensor of dimension ${weight.ndim}`);
  let flat = idx;
  if (idx.ndim === 2) {
    if (offsets !== null) throw new Error("ValueError: if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>");
    const [b, n] = idx.shape_;
    offsets = fromArray(Array.from({ length: b }, (_, i) => i * n), [b], idx.dtype, idx.device);
    flat = idx.reshape(-1);
    if (psw) psw = psw.reshape(-1);
  } else if (idx.ndim === 1) {
    if (offsets === null) throw new Error('ValueError: offsets has to be a 1D Tensor but got None');
    if (offsets.ndim !== 1) throw new Error('ValueError: offsets has to be a 1D Tensor');
  } else {
    throw new Error(`ValueError: input has to be 1D or 2D Tensor, but got Tensor of dimension ${idx.ndim}`);
  }
  if (mode === 'max') {
    if (byFreq) throw new Error('ValueError: max mode does not support scaling the gradient by the frequency');
    if (sparse) throw new Error('ValueError: max mode does not support sparse weights');
  } else if (mode !== 'sum' && mode !== 'mean') throw new Error('ValueError: mode has to be one of sum, mean or max');
  if (sparse) throw new Error('embedding_bag: sparse gradients are not supported by webtorch');
  checkIndices(flat, 'embedding_bag');
  if (maxNorm !== null) embeddingRenorm(weight, flat, maxNorm, normType);
  if (psw && mode !== 'sum') {
    throw new Error(`NotImplementedError: embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  }
  const num = weight.shape_[0], d = weight.shape_[1];
  const ids = flat.tolist() as number[];
  if (ids.some((i) => i < 0 || i >= num)) throw new Error('index out of range in self');
  const pad = paddingIdxIn === null ? -1 : paddingIdxIn < 0 ? paddingIdxIn + num : paddingIdxIn;
  // each element's bag, from the offsets; the last bag runs to the end unless include_last_offset
  const offs = (offsets as Tensor).tolist() as number[];
  const bags = includeLast ? offs.length - 1 : offs.length;
  const bagOf = new Array<number>(ids.length).fill(-1);
  const counts = new Array<number>(bags).fill(0);
  for (let b = 0; b < bags; b++) {
    const end = b + 1 < offs.length ? offs[b + 1] : ids.length;
    for (let i = offs[b]; i < end; i++) if (ids[i] !== pad) { bagOf[i] = b; counts[b]++; }
  }
  const kept = ids.map((_, i) => i).filter((i) => bagOf[i] >= 0);
  const at = fromArray(kept.map((i) => ids[i]), [kept.length], int64, weight.device);
  const bagAt = fromArray(kept.map((i) => bagOf[i]), [kept.length], int64, weight.device);
  const keptPsw = psw ? psw.index_select(0, fromArray(kept, [kept.length], int64, weight.device)) : null;
  const scale = mode === 'mean' ? fromArray(kept.map((i) => 1 / counts[bagOf[i]]), [kept.length, 1], weight.dtype, weight.device) : null;
  // max: for each bag and column, the element (position in `kept`) holding the maximum
  let argmax: Tensor | null = null;
  const compute = () => {
    const rows = weight.index_select(0, at);
    const out = filled([bags, d], weight.dtype, weight, 0);
    if (mode !== 'max') {
      let r = keptPsw ? rows.mul(keptPsw.unsqueeze(1)) : rows;
      if (scale) r = r.mul(scale);
      return out.index_put_([bagAt], r, true);
    }
    const arg = new Float64Array(bags * d).fill(-1);
    const vals = rows.tolist() as number[][];
    const best = new Float64Array(bags * d).fill(-Infinity);
    kept.forEach((_, k) => {
      const b = bagOf[kept[k]];
      for (let j = 0; j < d; j++) if (vals[k][j] > best[b * d + j]) { best[b * d + j] = vals[k][j]; arg[b * d + j] = k; }
    });
    argmax = fromArray(arg, [bags, d], int64, weight.device);
    for (let i = 0; i < best.length; i++) if (arg[i] < 0) best[i] = 0;
    return fromArray(best, [bags, d], weight.dtype, weight.device);
  };
  const needW = weight.requires_grad, needP = !!psw?.requires_grad;
  // argmax travels with the saved tensors: fused() frees whatever else compute() made; the index
  // tensors and mean's scale were made in the caller's scope (a torch.tidy frees them): saved too
  return fused('EmbeddingBagBackward0', [weight, psw], compute, () => [weight, keptPsw, argmax, at, bagAt, scale], (gs, [sw, sp, savedArgmax, sAt, sBagAt, sScale]) => {
    const at = sAt, bagAt = sBagAt, scale = sScale as Tensor | null;
    const g = gs[0] as Tensor;
    let gw: Tensor | null = null, gp: Tensor | null = null;
    if (needW) {
      if (mode === 'max') {
        // each bag/column's gradient goes to the row that held its maximum
        const arg = savedArgmax.tolist() as number[][];
        const picks: number[] = [], cols: number[] = [], from: number[] = [];
        arg.forEach((r, b) => r.forEach((k, j) => { if (k >= 0) { picks.push(ids[kept[k]]); cols.push(j); from.push(b * d + j); } }));
        const dev = sw.device;
        const gFlat = g.reshape(-1).index_select(0, fromArray(from, [from.length], int64, dev));
        return [filled([num, d], g.dtype, g, 0).index_put_([fromArray(picks, [picks.length], int64, dev), fromArray(cols, [cols.length], int64, dev)], gFlat, true), null];
      }
      let rowsG = g.index_select(0, bagAt);
      if (sp) rowsG = rowsG.mul(sp.unsqueeze(1));
      if (scale) rowsG = rowsG.mul(scale);
      if (byFreq) rowsG = rowsG.div(fromArray(freqDivisors(ids, num), [num], g.dtype, g.device).index_select(0, at).unsqueeze(1));
      gw = filled([num, d], g.dtype, g, 0).index_put_([at], rowsG, true);
    }
    if (needP) {
      // d out[bag] / d psw[i] = weight[input[i]]; padded elements get 0
      const perKept = g.index_select(0, bagAt).mul(sw.index_select(0, at)).sum(1);
      gp = filled([ids.length], g.dtype, g, 0).index_put_([fromArray(kept, [kept.length], int64, sw.device)], perKept, true);
    }
    return [gw, gp];
  });
}

/**
 * The divisor of each row's gradient under scale_grad_by_freq, as PyTorch 1.13's CPU embedding_bag
 * backward computes it: the k-th distinct index (in sorted order) is divided by the count of the
 * k-th element of the sorted indices (not of itself, a quirk kept so seeded programs match).
 */
function freqDivisors(ids: readonly number[], num: number): Float64Array {
  const sorted = ids.slice().sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const i of ids) counts.set(i, (counts.get(i) ?? 0) + 1);
  const out = new Float64Array(num).fill(1);
  [...new Set(sorted)].forEach((u, k) => { out[u] = counts.get(sorted[k]) as number; });
  return out;
}

// ---- batch_norm, group_norm --------------------------------------------------------------------

interface NormPlan {
  /** x (or a tensor of x's shape) in the layout whose `dims` are normalised together */
  toStats: (t: Tensor) => Tensor;
  fromStats: (t: Tensor) => Tensor;
  dims: number[];
  /** the shape weight and bias broadcast as, against x */
  param: number[];
}

/**
 * (x - mean) * rstd * weight + bias as one node `name` over (input, weight, bias). With `fixed`
 * statistics (batch_norm in eval) they are constants; otherwise they are x's, biased, over `dims`.
 * Returns the output and the batch statistics (mean, biased var) for running-stat updates.
 */
function normNode(name: string, x: Tensor, weight: Tensor | null, bias: Tensor | null, plan: NormPlan, eps: number,
  fixed: { mean: Tensor; rstd: Tensor } | null): { y: Tensor; mean: Tensor | null; variance: Tensor | null } {
  // two passes over x, the second on the deviations the normalisation reuses (x.var over these
  // dims was a slow strided reduction: 3.9 of BatchNorm2d's 9 ms on [4, 64, 56, 56])
  const stats = (t: Tensor) => {
    const s = plan.toStats(t);
    const mean = s.mean(plan.dims, true);
    const centered = s.sub(mean);
    const variance = centered.square().mean(plan.dims, true);
    return { mean, centered, variance, rstd: variance.add(eps).sqrt().reciprocal() };
  };
  const affine = (xhat: Tensor) => {
    let y = xhat;
    if (weight) y = y.mul(weight.reshape(plan.param));
    if (bias) y = y.add(bias.reshape(plan.param));
    return y;
  };
  const run = () => {
    const st = fixed ? null : stats(x);
    const xhat = plan.fromStats(st ? st.centered.mul(st.rstd) : plan.toStats(x).sub((fixed as { mean: Tensor }).mean).mul((fixed as { rstd: Tensor }).rstd));
    return st ? { y: affine(xhat), mean: st.mean, rstd: st.rstd, variance: st.variance } : { y: affine(xhat), mean: (fixed as { mean: Tensor }).mean, rstd: (fixed as { rstd: Tensor }).rstd, variance: null };
  };
  // the statistics' temporaries (deviations, squares) are freed here
  if (!needsGrad(x, weight, bias)) {
    const r = no_grad(() => tidy(run));
    return { y: r.y, mean: fixed ? null : r.mean, variance: r.variance };
  }
  const r = no_grad(() => tidy(run));
  const need = [x.requires_grad, !!weight?.requires_grad, !!bias?.requires_grad];
  record(name, [x, weight, bias], [r.y], [x, weight, r.mean, r.rstd], (gs, [sx, sw, sm, sr]) => {
    const g = gs[0] as Tensor;
    // under create_graph the batch statistics are recomputed to carry x's graph
    const fresh = !fixed && is_grad_enabled() && sx.requires_grad ? stats(sx) : null;
    const m = fresh ? fresh.mean : sm, rs = fresh ? fresh.rstd : sr;
    const xs = plan.toStats(sx);
    const xhatS = xs.sub(m).mul(rs);
    const gxhat = sw ? g.mul(sw.reshape(plan.param)) : g;
    let gx: Tensor | null = null;
    if (need[0]) {
      const gS = plan.toStats(gxhat);
      gx = plan.fromStats(fixed ? gS.mul(rs)
        : rs.mul(gS.sub(gS.mean(plan.dims, true)).sub(xhatS.mul(gS.mul(xhatS).mean(plan.dims, true)))));
    }
    const xhat = plan.fromStats(xhatS);
    return [
      gx,
      need[1] ? R.sumToShape(g.mul(xhat), plan.param).reshape((weight as Tensor).shape_.slice()) : null,
      need[2] ? R.sumToShape(g, plan.param).reshape((bias as Tensor).shape_.slice()) : null,
    ];
  });
  return { y: r.y, mean: r.mean, variance: r.variance };
}

function verifyBatchSize(size: readonly number[]): void {
  let prod = size[0];
  for (let i = 2; i < size.length; i++) prod *= size[i];
  if (prod === 1) throw new Error(`Expected more than 1 value per channel when training, got input size torch.Size([${size.join(', ')}])`);
}

/**
 * F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
 * `F.batch_norm(x, rm, rv, {training: true})` normalises each channel (dim 1) over the batch; in
 * training the running statistics are updated in place (unbiased variance), in eval they are used.
 */
export function batch_norm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, ...rest: unknown[]): Tensor {
  const [weight, bias, training, momentum, eps] = args('batch_norm', rest, ['weight', 'bias', 'training', 'momentum', 'eps'],
    [null, null, false, 0.1, 1e-5] as [Tensor | null, Tensor | null, boolean, number, number]);
  input(x, 'batch_norm');
  if (training) verifyBatchSize(x.shape_);
  // PyTorch reads the channel count as size(1), 0 for 1-d input
  const c = x.ndim < 2 ? 0 : x.shape_[1];
  for (const [t, what] of [[runningMean, 'running_mean'], [runningVar, 'running_var'], [weight, 'weight'], [bias, 'bias']] as const) {
    if (t && t.numel() !== c) throw new Error(`${what} should contain ${c} elements not ${t.numel()}`);
  }
  if (x.ndim < 2) throw new Error(`Dimension out of range (expected to be in range of [-${Math.max(x.ndim, 1)}, ${Math.max(x.ndim, 1) - 1}], but got 1)`);
  const dims = x.shape_.map((_, i) => i).filter((i) => i !== 1);
  const param = x.shape_.map((d, i) => (i === 1 ? d : 1));
  const plan: NormPlan = { toStats: (t) => t, fromStats: (t) => t, dims, param };
  if (!training) {
    if (!runningMean) throw new Error('running_mean must be defined in evaluation mode');
    if (!runningVar) throw new Error('running_var must be defined in evaluation mode');
    const fixed = no_grad(() => ({ mean: runningMean.reshape(param), rstd: runningVar.reshape(param).add(eps).sqrt().reciprocal() }));
    return normNode('NativeBatchNormBackward0', x, weight, bias, plan, eps, fixed).y;
  }
  const { y, mean, variance } = normNode('NativeBatchNormBackward0', x, weight, bias, plan, eps, null);
  if (runningMean || runningVar) {
    no_grad(() => {
      const n = x.numel() / c;
      // running = momentum * batch + (1 - momentum) * running, the variance unbiased
      if (runningMean) runningMean.copy_((mean as Tensor).reshape([c]).mul(momentum).add(runningMean.mul(1 - momentum)));
      if (runningVar) runningVar.copy_((variance as Tensor).reshape([c]).mul(n / (n - 1)).mul(momentum).add(runningVar.mul(1 - momentum)));
    });
  }
  return y;
}

/** F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5): `F.group_norm(x, 2)` normalises each group of channels per sample. */
export function group_norm(x: Tensor, numGroups: number, ...rest: unknown[]): Tensor {
  const [weight, bias, eps] = args('group_norm', rest, ['weight', 'bias', 'eps'], [null, null, 1e-5] as [Tensor | null, Tensor | null, number]);
  input(x, 'group_norm');
  if (x.ndim < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
  const [n, c] = x.shape_;
  verifyBatchSize([Math.floor((n * c) / numGroups), numGroups, ...x.shape_.slice(2)]);
  if (c % numGroups !== 0) throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${x.shape_.join(', ')}] and num_groups=${numGroups}`);
  for (const t of [weight, bias]) {
    if (t && (t.ndim !== 1 || t.numel() !== c)) throw new Error(`Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [${t.shape_.join(', ')}] and input of shape [${x.shape_.join(', ')}]`);
  }
  const shape = x.shape_.slice();
  const plan: NormPlan = {
    toStats: (t) => t.reshape([n, numGroups, -1]),
    fromStats: (t) => t.reshape(shape),
    dims: [2],
    param: shape.map((d, i) => (i === 1 ? d : 1)),
  };
  return normNode('NativeGroupNormBackward0', x, weight, bias, plan, eps, null).y;
}

// ---- losses ------------------------------------------------------------------------------------

/** Elementwise loss node over broadcast (input, target): `value(d)` of d = x - t, `slope(d)` its derivative. */
function differenceLoss(name: string, x: Tensor, target: Tensor, reduction: Reduction,
  value: (d: Tensor) => Tensor, slope: (d: Tensor) => Tensor): Tensor {
  const [a, b] = broadcastPair(x, target);
  const needA = a.requires_grad, needB = b.requires_grad;
  return fused(name, [a, b], () => reduceLoss(value(a.sub(b)), reduction), () => [a, b], (gs, [sa, sb]) => {
    let g = slope(sa.sub(sb)).mul(gs[0] as Tensor);
    if (reduction === 'mean') g = g.div(sa.numel());
    return [needA ? g : null, needB ? g.neg() : null];
  });
}

/** F.smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0): `F.smooth_l1_loss(x, y, {beta: 0.5})`. */
export function smooth_l1_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [s, r, red, beta] = args('smooth_l1_loss', rest, ['size_average', 'reduce', 'reduction', 'beta'], [null, null, 'mean', 1]);
  input(x, 'smooth_l1_loss'); input(target, 'smooth_l1_loss', 'target');
  if (!(beta >= 0)) throw new Error('smooth_l1_loss does not support negative values for beta.');
  const value = beta === 0 ? (d: Tensor) => d.abs() : (d: Tensor) => {
    const z = d.abs();
    return z.mul(z).mul(0.5).div(beta).where(z.lt(beta), z.sub(0.5 * beta));
  };
  // PyTorch's kernel: -1 at or below -beta, 1 at or above beta, d / beta between
  const slope = (d: Tensor) => (beta === 0 ? d.gt(0).to(d.dtype).mul(2).sub(1)
    : d.div(beta).where(d.gt(-beta).logical_and(d.lt(beta)), d.sign()));
  return differenceLoss('SmoothL1LossBackward0', x, target, legacy(s, r, red), value, slope);
}

/** F.huber_loss(input, target, reduction='mean', delta=1.0): `F.huber_loss(x, y, {delta: 2})`. */
export function huber_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [red, delta] = args('huber_loss', rest, ['reduction', 'delta'], ['mean', 1]);
  input(x, 'huber_loss'); input(target, 'huber_loss', 'target');
  if (!(delta > 0)) throw new Error('huber_loss does not support non-positive values for delta.');
  const value = (d: Tensor) => {
    const z = d.abs();
    return z.mul(z).mul(0.5).where(z.lt(delta), z.sub(0.5 * delta).mul(delta));
  };
  const slope = (d: Tensor) => d.clamp(-delta, delta);
  return differenceLoss('HuberLossBackward0', x, target, legacy(null, null, red), value, slope);
}

/** F.soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'): log(1 + exp(-y x)). */
export function soft_margin_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [s, r, red] = args('soft_margin_loss', rest, ['size_average', 'reduce', 'reduction'], [null, null, 'mean']);
  input(x, 'soft_margin_loss'); input(target, 'soft_margin_loss', 'target');
  const reduction = legacy(s, r, red);
  const needX = x.requires_grad, needT = target.requires_grad;
  return fused('SoftMarginLossBackward0', [x, target], () => reduceLoss(x.neg().mul(target).exp().log1p(), reduction), () => [x, target], (gs, [sx, st]) => {
    // d/dx = -y z / (1 + z) with z = exp(-y x); d/dy symmetric
    const z = sx.neg().mul(st).exp();
    let g = z.div(z.add(1)).neg().mul(gs[0] as Tensor);
    if (reduction === 'mean') g = g.div(sx.numel());
    return [needX ? R.sumToShape(g.mul(st), sx.shape_) : null, needT ? R.sumToShape(g.mul(sx), st.shape_) : null];
  });
}

/** F.kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False): `F.kl_div(logq, p, {reduction: 'batchmean'})`. */
export function kl_div(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [s, r, red, logTarget] = args('kl_div', rest, ['size_average', 'reduce', 'reduction', 'log_target'], [null, null, 'mean', false]);
  input(x, 'kl_div'); input(target, 'kl_div', 'target');
  const reduction: Reduction = s !== null || r !== null ? legacy(s, r, 'mean') : red === 'batchmean' ? 'sum' : legacy(null, null, red);
  // PyTorch 1.13's composition: exp(t) (t - x), or xlogy(t, t) - t x
  const out = logTarget
    ? target.exp().mul(target.sub(x))
    : target.mul(target.where(target.ne(0), 1).log()).sub(target.mul(x));
  const reduced = reduceLoss(out, reduction);
  return red === 'batchmean' && x.ndim !== 0 && s === null && r === null ? reduced.div(x.shape_[0]) : reduced;
}

const EPSILON = 1e-12;

/** F.cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'): `F.cosine_embedding_loss(a, b, y)` with y of 1 and -1. */
export function cosine_embedding_loss(x1: Tensor, x2: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [margin, s, r, red] = args('cosine_embedding_loss', rest, ['margin', 'size_average', 'reduce', 'reduction'], [0, null, null, 'mean']);
  input(x1, 'cosine_embedding_loss', 'input1'); input(x2, 'cosine_embedding_loss', 'input2'); input(target, 'cosine_embedding_loss', 'target');
  const reduction = legacy(s, r, red);
  const td = target.ndim;
  if (td !== 1 && td !== 0) throw new Error('0D or 1D target tensor expected, multi-target not supported');
  if (td === 1 && x1.ndim !== 2) throw new Error(`1D target tensor expects 2D input tensors, but found inputs with sizes [${x1.shape_.join(', ')}] and [${x2.shape_.join(', ')}].`);
  if (td === 0 && x1.ndim !== 1) throw new Error(`0D target tensor expects 1D input tensors, but found inputs with sizes [${x1.shape_.join(', ')}] and [${x2.shape_.join(', ')}].`);
  const prodSum = x1.mul(x2).sum(td);
  const mag1 = x1.mul(x1).sum(td).add(EPSILON);
  const mag2 = x2.mul(x2).sum(td).add(EPSILON);
  const cos = prodSum.div(mag1.mul(mag2).sqrt_());
  const zeros = zerosLike(cos);
  const pos = cos.neg().add(1);
  const neg = cos.sub(margin).clamp_min(0);
  const out = pos.where(target.eq(1), zeros).add(neg.where(target.eq(-1), zeros));
  return reduceLoss(out, reduction);
}

/** F.margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'): max(0, -y (x1 - x2) + margin). */
export function margin_ranking_loss(x1: Tensor, x2: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [margin, s, r, red] = args('margin_ranking_loss', rest, ['margin', 'size_average', 'reduce', 'reduction'], [0, null, null, 'mean']);
  input(x1, 'margin_ranking_loss', 'input1'); input(x2, 'margin_ranking_loss', 'input2'); input(target, 'margin_ranking_loss', 'target');
  const reduction = legacy(s, r, red);
  if (x1.ndim !== x2.ndim || x1.ndim !== target.ndim) {
    throw new Error(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([${x1.shape_.join(', ')}]), input2: torch.Size([${x2.shape_.join(', ')}]), target: torch.Size([${target.shape_.join(', ')}]) `);
  }
  return reduceLoss(target.neg().mul(x1.sub(x2)).add(margin).clamp_min(0), reduction);
}

/** F.hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean'): x where y = 1, max(0, margin - x) where y = -1. */
export function hinge_embedding_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [margin, s, r, red] = args('hinge_embedding_loss', rest, ['margin', 'size_average', 'reduce', 'reduction'], [1, null, null, 'mean']);
  input(x, 'hinge_embedding_loss'); input(target, 'hinge_embedding_loss', 'target');
  const zeros = zerosLike(x);
  const marginClamp = x.neg().add(margin).clamp_min(0);
  const out = marginClamp.where(target.ne(1), zeros).add(x.where(target.ne(-1), zeros));
  return reduceLoss(out, legacy(s, r, red));
}

/** F.poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction='mean'): `F.poisson_nll_loss(logRate, counts)`. */
export function poisson_nll_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [logInput, full, s, eps, r, red] = args('poisson_nll_loss', rest, ['log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'], [true, false, null, 1e-8, null, 'mean']);
  input(x, 'poisson_nll_loss'); input(target, 'poisson_nll_loss', 'target');
  if (s === null && r === null && red !== 'none' && red !== 'mean' && red !== 'sum') throw new Error(`${String(red)} is not valid`);
  const reduction = legacy(s, r, red);
  let loss = logInput ? x.exp().sub(target.mul(x)) : x.sub(target.mul(x.add(eps).log()));
  if (full) {
    const stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(stirling.masked_fill(target.le(1), 0));
  }
  return reduceLoss(loss, reduction);
}

/** F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'): `F.gaussian_nll_loss(mu, y, var)`. */
export function gaussian_nll_loss(x: Tensor, target: Tensor, variance: Tensor, ...rest: unknown[]): Tensor {
  const [full, eps, reduction] = args('gaussian_nll_loss', rest, ['full', 'eps', 'reduction'], [false, 1e-6, 'mean']);
  input(x, 'gaussian_nll_loss'); input(target, 'gaussian_nll_loss', 'target'); input(variance, 'gaussian_nll_loss', 'var');
  let v = variance;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  if (!same(v.shape_, x.shape_)) {
    if (same(x.shape_.slice(0, -1), v.shape_)) v = v.unsqueeze(-1);
    else if (!(same(x.shape_.slice(0, -1), v.shape_.slice(0, -1)) && v.shape_.at(-1) === 1)) throw new Error('var is of incorrect size');
  }
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') throw new Error(`${String(reduction)} is not valid`);
  if (v.lt(0)._anyTrue()) throw new Error('var has negative entry/entries');
  v = v.clone();
  no_grad(() => v.clamp_(eps));
  let loss = v.log().add(x.sub(target).pow(2).div(v)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduceLoss(loss, reduction as Reduction);
}

/** F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): `F.pairwise_distance(a, b)`, the p-norm of x1 - x2 + eps over the last dim. */
export function pairwise_distance(x1: Tensor, x2: Tensor, ...rest: unknown[]): Tensor {
  const [p, eps, keepdim] = args('pairwise_distance', rest, ['p', 'eps', 'keepdim'], [2, 1e-6, false]);
  input(x1, 'pairwise_distance', 'x1'); input(x2, 'pairwise_distance', 'x2');
  return x1.sub(x2).add(eps).norm(p, Math.max(x1.ndim, x2.ndim) - 1, keepdim);
}

/** F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None, reduce=None, reduction='mean') */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, ...rest: unknown[]): Tensor {
  const [margin, p, eps, swap, s, r, red] = args('triplet_margin_loss', rest, ['margin', 'p', 'eps', 'swap', 'size_average', 'reduce', 'reduction'],
    [1, 2, 1e-6, false, null, null, 'mean']);
  input(anchor, 'triplet_margin_loss', 'anchor'); input(positive, 'triplet_margin_loss', 'positive'); input(negative, 'triplet_margin_loss', 'negative');
  const reduction = legacy(s, r, red);
  if (anchor.ndim !== positive.ndim || positive.ndim !== negative.ndim) {
    throw new Error(`All inputs should have same dimension but got ${anchor.ndim}D, ${positive.ndim}D and ${negative.ndim}D inputs.`);
  }
  const distPos = pairwise_distance(anchor, positive, p, eps);
  let distNeg = pairwise_distance(anchor, negative, p, eps);
  if (swap) distNeg = distNeg.minimum(pairwise_distance(positive, negative, p, eps));
  return reduceLoss(distPos.add(margin).sub(distNeg).clamp_min(0), reduction);
}

/** F.multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean'): `F.multilabel_soft_margin_loss(logits, labels01)` */
export function multilabel_soft_margin_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [weight, s, r, red] = args('multilabel_soft_margin_loss', rest, ['weight', 'size_average', 'reduce', 'reduction'], [null, null, null, 'mean'] as [Tensor | null, unknown, unknown, unknown]);
  input(x, 'multilabel_soft_margin_loss'); input(target, 'multilabel_soft_margin_loss', 'target');
  const reduction = s !== null || r !== null ? legacy(s, r, 'mean') : red;
  let loss = target.mul(logsigmoid(x)).add(target.neg().add(1).mul(logsigmoid(x.neg()))).neg();
  if (weight) loss = loss.mul(weight);
  const classDim = x.ndim - 1;
  loss = loss.sum(classDim).div(x.shape_[classDim]);
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  throw new Error(`${String(reduction)} is not valid`);
}

/** The per-row classes of a 1-d or 2-d margin-loss input, as [N, C] (a 1-d input is one row). */
function rows(x: Tensor): Tensor {
  return x.ndim <= 1 ? x.reshape([1, -1]) : x;
}

/**
 * F.multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean'):
 * sum over i != y of max(0, margin - x[y] + x[i])^p / C, per sample (MultiMarginLossBackward0).
 */
export function multi_margin_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [p, margin, weight, s, r, red] = args('multi_margin_loss', rest, ['p', 'margin', 'weight', 'size_average', 'reduce', 'reduction'],
    [1, 1, null, null, null, 'mean'] as [number, number, Tensor | null, unknown, unknown, unknown]);
  input(x, 'multi_margin_loss'); input(target, 'multi_margin_loss', 'target');
  const reduction = legacy(s, r, red);
  if (p !== 1 && p !== 2) throw new Error('ValueError: only p == 1 and p == 2 supported');
  if (weight && weight.ndim !== 1) throw new Error('ValueError: weight must be one-dimensional');
  const x2 = rows(x), c = x2.shape_[1];
  const y = target.reshape([-1, 1]);
  if (y.shape_[0] !== x2.shape_[0]) throw new Error(`inconsistent target size: [${target.shape_.join(', ')}] for input of size: [${x.shape_.join(', ')}]`);
  if (y.numel() && (y.lt(0).logical_or(y.ge(c)))._anyTrue()) throw new Error('target out of range');
  const notTarget = arange(c, { device: x.device }).unsqueeze(0).ne(y);
  const wy = weight ? weight.index_select(0, y.reshape(-1)).unsqueeze(1) : null;
  // z[n, i] = margin - x[n, y] + x[n, i], counted where positive and i is not the target
  const margins = (t: Tensor) => t.sub(t.gather(1, y)).add(margin);
  const active = (z: Tensor) => z.gt(0).logical_and(notTarget);
  const compute = () => {
    const z = margins(x2);
    let l = z.pow(p).mul(active(z));
    if (wy) l = l.mul(wy);
    const perSample = l.sum(1).div(c);
    const out = x.ndim <= 1 ? perSample.reshape([]) : perSample;
    return reduceLoss(out, reduction);
  };
  const n = x2.shape_[0];
  // the target's views and the weight pick were made in the caller's scope: they reach the backward
  // saved, never captured (a torch.tidy around the forward frees them)
  return fused('MultiMarginLossBackward0', [x], compute, () => [x, y, notTarget, wy], (gs, [sx, sy, sNotTarget, swy]) => {
    const xs = rows(sx), z = xs.sub(xs.gather(1, sy)).add(margin);
    const notTarget = sNotTarget, wy = swy as Tensor | null;
    const active = (t: Tensor) => t.gt(0).logical_and(notTarget);
    let coef = (p === 1 ? z.mul(0).add(1) : z.mul(2)).mul(active(z)).div(c);
    if (wy) coef = coef.mul(wy);
    let g = gs[0] as Tensor;
    g = reduction === 'none' ? g.reshape([-1, 1]) : reduction === 'mean' ? g.div(n) : g;
    coef = coef.mul(g);
    // each active i gains coef, the target loses their sum
    const gx = coef.sub(coef.sum(1, true).mul(notTarget.logical_not()));
    return [gx.reshape(sx.shape_.slice())];
  });
}

/**
 * F.multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'): target rows
 * hold class indices ended by -1; sum over targets j and non-targets i of max(0, 1 - (x[j] - x[i])) / C.
 */
export function multilabel_margin_loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const [s, r, red] = args('multilabel_margin_loss', rest, ['size_average', 'reduce', 'reduction'], [null, null, 'mean']);
  input(x, 'multilabel_margin_loss'); input(target, 'multilabel_margin_loss', 'target');
  const reduction = legacy(s, r, red);
  const x2 = rows(x), [n, c] = x2.shape_;
  if (!(target.ndim === x.ndim && target.shape_.every((d, i) => d === x.shape_[i]))) {
    throw new Error(`inconsistent target size: [${target.shape_.join(', ')}] for input of size: [${x.shape_.join(', ')}]`);
  }
  // how often each class is listed before the row's first -1, and whether it is listed at all
  const listed = (rows(target).tolist() as number[][]).map((row) => {
    const counts = new Array<number>(c).fill(0);
    for (const t of row) {
      if (t < 0) break;
      if (t >= c) throw new Error('target out of range');
      counts[t]++;
    }
    return counts;
  });
  const times = fromArray(listed.flat(), [n, c, 1], x.dtype, x.device);
  const isTarget = times.gt(0).reshape([n, 1, c]);
  // z[n, j, i] = 1 - x[n, j] + x[n, i]; counted (times j is listed) where positive and i is no target
  const margins = (t: Tensor) => t.unsqueeze(1).sub(t.unsqueeze(2)).add(1);
  const weightOf = (z: Tensor) => z.gt(0).logical_and(isTarget.logical_not()).to(z.dtype).mul(times);
  const compute = () => {
    const z = margins(x2);
    const perSample = z.mul(weightOf(z)).sum([1, 2]).div(c);
    return reduceLoss(x.ndim <= 1 ? perSample.reshape([]) : perSample, reduction);
  };
  // times and isTarget were made in the caller's scope: saved, never captured (torch.tidy frees them)
  return fused('MultilabelMarginLossBackward0', [x], compute, () => [x, times, isTarget], (gs, [sx, sTimes, sIsTarget]) => {
    const xs = rows(sx), z = margins(xs);
    const weightOf = (t: Tensor) => t.gt(0).logical_and(sIsTarget.logical_not()).to(t.dtype).mul(sTimes);
    let g = gs[0] as Tensor;
    g = reduction === 'none' ? g.reshape([-1, 1, 1]) : reduction === 'mean' ? g.div(n) : g;
    const coef = weightOf(z).div(c).mul(g);
    // d/dx[i] = sum_j coef[j, i]; d/dx[j] = -sum_i coef[j, i]
    return [coef.sum(1).sub(coef.sum(2)).reshape(sx.shape_.slice())];
  });
}

// ---- multi-head attention ----------------------------------------------------------------------

const MHA_ARGS = ['training', 'key_padding_mask', 'need_weights', 'attn_mask', 'use_separate_proj_weight',
  'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'static_k', 'static_v', 'average_attn_weights'];

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(`AssertionError: ${message}`);
}
const size = (t: Tensor) => `torch.Size([${t.shape_.join(', ')}])`;

/**
 * F.multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight,
 * in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, ...):
 * PyTorch 1.13's composition op for op, inputs (L, N, E) or unbatched (L, E). Returns
 * `[attn_output, attn_weights | null]`.
 */
export function multi_head_attention_forward(
  query: Tensor, key: Tensor, value: Tensor, embedDim: number, numHeads: number,
  inProjWeight: Tensor | null, inProjBias: Tensor | null, biasK: Tensor | null, biasV: Tensor | null,
  addZeroAttn: boolean, dropoutP: number, outProjWeight: Tensor, outProjBias: Tensor | null, ...rest: unknown[]
): [Tensor, Tensor | null] {
  // the composition's intermediates (projections, per-head views, scores) are freed when it
  // returns, as Python's refcounts free them; what backward needs the nodes hold as saved aliases
  return tidy(() => mhaForward(query, key, value, embedDim, numHeads, inProjWeight, inProjBias, biasK, biasV,
    addZeroAttn, dropoutP, outProjWeight, outProjBias, rest));
}

function mhaForward(
  query: Tensor, key: Tensor, value: Tensor, embedDim: number, numHeads: number,
  inProjWeight: Tensor | null, inProjBias: Tensor | null, biasK: Tensor | null, biasV: Tensor | null,
  addZeroAttn: boolean, dropoutP: number, outProjWeight: Tensor, outProjBias: Tensor | null, rest: unknown[],
): [Tensor, Tensor | null] {
  let [training, kpm, needWeights, attnMask, separate, qw, kw, vw, staticK, staticV, average] = args('multi_head_attention_forward', rest, MHA_ARGS,
    [true, null, true, null, false, null, null, null, null, null, true] as [boolean, Tensor | null, boolean, Tensor | null, boolean, Tensor | null, Tensor | null, Tensor | null, Tensor | null, Tensor | null, boolean]);
  // _mha_shape_check
  let batched: boolean;
  if (query.ndim === 3) {
    batched = true;
    assert(key.ndim === 3 && value.ndim === 3, `For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
    if (kpm) assert(kpm.ndim === 2, `For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${kpm.ndim}-D tensor instead`);
    if (attnMask) assert(attnMask.ndim === 2 || attnMask.ndim === 3, `For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`);
  } else if (query.ndim === 2) {
    batched = false;
    assert(key.ndim === 2 && value.ndim === 2, `For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
    if (kpm) assert(kpm.ndim === 1, `For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${kpm.ndim}-D tensor instead`);
    if (attnMask) assert(attnMask.ndim === 2 || attnMask.ndim === 3, `For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`);
  } else {
    throw new Error(`AssertionError: query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  }
  const sameKV = key === value, sameQK = query === key;
  if (!batched) {
    query = query.unsqueeze(1);
    key = sameQK ? query : key.unsqueeze(1);
    value = sameKV ? key : value.unsqueeze(1);
    if (kpm) kpm = kpm.unsqueeze(0);
  }
  const [tgtLen, bsz, e] = query.shape_;
  let srcLen = key.shape_[0];
  if (kpm && kpm.dtype !== bool && !kpm.dtype.is_floating_point) throw new Error('AssertionError: only bool and floating types of key_padding_mask are supported');
  assert(e === embedDim, `was expecting embedding dimension of ${embedDim}, but got ${e}`);
  const headDim = Math.floor(e / numHeads);
  assert(headDim * numHeads === e, `embed_dim ${e} not divisible by num_heads ${numHeads}`);
  if (separate) assert(key.shape_[0] === value.shape_[0] && key.shape_[1] === value.shape_[1], `key's sequence and batch dims torch.Size([${key.shape_.slice(0, 2).join(', ')}]) do not match value's torch.Size([${value.shape_.slice(0, 2).join(', ')}])`);
  else assert(key.shape_.every((d, i) => d === value.shape_[i]) && key.ndim === value.ndim, `key shape ${size(key)} does not match value shape ${size(value)}`);

  let q: Tensor, k: Tensor, v: Tensor;
  if (!separate) {
    assert(inProjWeight !== null, 'use_separate_proj_weight is False but in_proj_weight is None');
    [q, k, v] = inProjectionPacked(query, key, value, inProjWeight as Tensor, inProjBias);
  } else {
    assert(qw !== null, 'use_separate_proj_weight is True but q_proj_weight is None');
    assert(kw !== null, 'use_separate_proj_weight is True but k_proj_weight is None');
    assert(vw !== null, 'use_separate_proj_weight is True but v_proj_weight is None');
    const [bq, bk, bv] = inProjBias ? inProjBias.chunk(3) : [null, null, null];
    q = linear(query, qw as Tensor, bq); k = linear(key, kw as Tensor, bk); v = linear(value, vw as Tensor, bv);
  }
  if (attnMask) {
    if (attnMask.dtype === uint8) attnMask = attnMask.to(bool);
    else assert(attnMask.dtype.is_floating_point || attnMask.dtype === bool, `Only float, byte, and bool types are supported for attn_mask, not ${String(attnMask.dtype)}`);
    if (attnMask.ndim === 2) {
      if (attnMask.shape_[0] !== tgtLen || attnMask.shape_[1] !== srcLen) throw new Error(`The shape of the 2D attn_mask is ${size(attnMask)}, but should be (${tgtLen}, ${srcLen}).`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.ndim === 3) {
      const want = [bsz * numHeads, tgtLen, srcLen];
      if (attnMask.shape_.some((d, i) => d !== want[i])) throw new Error(`The shape of the 3D attn_mask is ${size(attnMask)}, but should be (${want.join(', ')}).`);
    } else {
      throw new Error(`attn_mask's dimension ${attnMask.ndim} is not supported`);
    }
  }
  const padLast = (t: Tensor) => cat([t, zerosLike(t.narrow(-1, 0, 1))], -1);
  if (biasK && biasV) {
    assert(staticK === null, 'bias cannot be added to static key.');
    assert(staticV === null, 'bias cannot be added to static value.');
    k = cat([k, biasK.repeat(1, bsz, 1)]);
    v = cat([v, biasV.repeat(1, bsz, 1)]);
    if (attnMask) attnMask = padLast(attnMask);
    if (kpm) kpm = padLast(kpm);
  } else {
    assert(biasK === null, '');
    assert(biasV === null, '');
  }
  q = q.contiguous().view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
  if (!staticK) k = k.contiguous().view(k.shape_[0], bsz * numHeads, headDim).transpose(0, 1);
  else {
    assert(staticK.shape_[0] === bsz * numHeads, `expecting static_k.size(0) of ${bsz * numHeads}, but got ${staticK.shape_[0]}`);
    assert(staticK.shape_[2] === headDim, `expecting static_k.size(2) of ${headDim}, but got ${staticK.shape_[2]}`);
    k = staticK;
  }
  if (!staticV) v = v.contiguous().view(v.shape_[0], bsz * numHeads, headDim).transpose(0, 1);
  else {
    assert(staticV.shape_[0] === bsz * numHeads, `expecting static_v.size(0) of ${bsz * numHeads}, but got ${staticV.shape_[0]}`);
    assert(staticV.shape_[2] === headDim, `expecting static_v.size(2) of ${headDim}, but got ${staticV.shape_[2]}`);
    v = staticV;
  }
  if (addZeroAttn) {
    const zeros = (t: Tensor) => zerosLike(t.narrow(1, 0, 1));
    k = cat([k, zeros(k)], 1);
    v = cat([v, zeros(v)], 1);
    if (attnMask) attnMask = padLast(attnMask);
    if (kpm) kpm = padLast(kpm);
  }
  srcLen = k.shape_[1];
  if (kpm) {
    assert(kpm.shape_[0] === bsz && kpm.shape_[1] === srcLen, `expecting key_padding_mask shape of (${bsz}, ${srcLen}), but got ${size(kpm)}`);
    kpm = kpm.view(bsz, 1, 1, srcLen).expand([-1, numHeads, -1, -1]).reshape(bsz * numHeads, 1, srcLen);
    if (!attnMask) attnMask = kpm;
    else if (attnMask.dtype === bool) attnMask = attnMask.logical_or(kpm);
    else attnMask = attnMask.masked_fill(kpm, -Infinity);
  }
  if (attnMask && attnMask.dtype === bool) {
    attnMask = zerosLike(attnMask).to(q.dtype).masked_fill_(attnMask, -Infinity);
  }
  if (!training) dropoutP = 0;
  const E = q.shape_[2];
  const qScaled = q.div(Math.sqrt(E));
  let weights = attnMask ? attnMask.baddbmm(qScaled, k.transpose(-2, -1)) : qScaled.bmm(k.transpose(-2, -1));
  weights = softmax(weights, -1);
  if (dropoutP > 0) weights = dropout(weights, dropoutP);
  let out = weights.bmm(v);
  out = out.transpose(0, 1).contiguous().view(tgtLen * bsz, e);
  out = linear(out, outProjWeight, outProjBias);
  out = out.view(tgtLen, bsz, out.shape_[1]);
  if (needWeights) {
    weights = weights.view(bsz, numHeads, tgtLen, srcLen);
    if (average) weights = weights.sum(1).div(numHeads);
    if (!batched) {
      out = out.squeeze(1);
      weights = weights.squeeze(0);
    }
    return [out, weights];
  }
  if (!batched) out = out.squeeze(1);
  return [out, null];
}

/** _in_projection_packed: one linear for self-attention, split weights otherwise. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const e = q.shape_.at(-1) as number;
  if (k === v) {
    if (q === k) return linear(q, w, b).chunk(3, -1);
    const [wq, wkv] = w.split([e, e * 2]);
    const [bq, bkv] = b ? b.split([e, e * 2]) : [null, null];
    return [linear(q, wq, bq), ...linear(k, wkv, bkv).chunk(2, -1)];
  }
  const [wq, wk, wv] = w.chunk(3);
  const [bq, bk, bv] = b ? b.chunk(3) : [null, null, null];
  return [linear(q, wq, bq), linear(k, wk, bk), linear(v, wv, bv)];
}
