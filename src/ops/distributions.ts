// Sampling ops beyond uniform_/normal_: bernoulli, exponential_, random_, geometric_,
// log_normal_, cauchy_, multinomial, torch.normal. Each follows PyTorch 1.13's CPU kernel (the
// non-MKL build: one distribution object per element, drawn in memory order), so a seeded
// program draws PyTorch's numbers and leaves the generator where PyTorch leaves it.
import { no_grad } from '../autograd.js';
import { bool, float16, float32, float64, int16, int32, int64, int8, uint8, toDType, type DType } from '../dtype.js';
import { broadcastShapes, checkShape } from '../shape.js';
import { Tensor, fromArray } from '../tensor.js';
import { randomArgs, scalarNormal, type Generator, type MT19937 } from '../random.js';
import { randomFill_, zerosLike } from './elementwise.js';
import { needsGrad, record } from './autograd-record.js';
import { filled } from './shape.js';
import * as libm from '../libm.js';
import { defaultDevice, parseDevice } from '../device.js';

type Draws = Float64Array;
const each = (n: number, f: () => number): Draws => { const out = new Float64Array(n); for (let i = 0; i < n; i++) out[i] = f(); return out; };
const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** uniform_real_distribution<float>: 24 bits of one 32-bit draw. */
const uniformFloat = (g: MT19937): number => g.uniformFloat();

/** x.bernoulli_(p = 0.5, {generator}): p a number or a tensor of probabilities (broadcast to x). */
export function bernoulli_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { p = 0.5, generator } = randomArgs('bernoulli_', ['p'], args) as { p?: number | Tensor; generator: Generator };
  if (p instanceof Tensor) {
    broadcastShapes(self.shape_, p.shape_);
    return randomFill_(self, 'bernoulli_tensor_cpu_self_', 'BernoulliBackward1', (n, _prec, _c, order) => {
      // p visited alongside self, in self's memory order
      const probs = no_grad(() => {
        const e = p.detach().expand(self.shape_ as number[]).permute(order).contiguous();
        const v = Float64Array.from(e._values());
        e.dispose();
        return v;
      });
      // bernoulli_distribution<double> for double p, <float> (24-bit uniform, float compare) otherwise
      return p.dtype === float64
        ? each(n, (() => { let i = 0; return () => +(generator.uniformDouble() < probs[i++]); })())
        : each(n, (() => { let i = 0; return () => +(uniformFloat(generator) < Math.fround(probs[i++])); })());
    }, true);
  }
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  return randomFill_(self, 'bernoulli_scalar_cpu_', 'BernoulliBackward2', (n) => each(n, () => +(generator.uniformDouble() < p)), true);
}

/** torch.bernoulli(input, {generator}) draws 1 with probability input; torch.bernoulli(input, p) with a fixed p. */
export function bernoulli(input: Tensor, ...args: unknown[]): Tensor {
  const { p, generator } = randomArgs('bernoulli', ['p'], args) as { p?: number; generator: Generator };
  const out = Tensor.empty(input.shape_, input.dtype, input);
  try {
    no_grad(() => (p === undefined ? bernoulli_(out, input, { generator }) : bernoulli_(out, p, { generator })));
  } catch (e) {
    out.dispose();
    throw e;
  }
  // PyTorch records the tensor-p form only (bernoulli(input, p) has no grad_fn)
  if (p === undefined && needsGrad(input)) record('BernoulliBackward0', [input], [out], [], (gs) => [zerosLike(gs[0] as Tensor)]);
  return out;
}

/** x.exponential_(lambd = 1, {generator}): -1/lambd * log(1 - u) with a double u. */
export function exponential_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { lambd = 1, generator } = randomArgs('exponential_', ['lambd'], args) as { lambd?: number; generator: Generator };
  if (!(lambd >= 0)) throw new Error(`exponential_ expects lambda >= 0.0, but found lambda=${lambd}`);
  return randomFill_(self, 'exponential_cpu', 'ExponentialBackward0', (n) => each(n, () => (-1 / lambd) * libm.log(1 - generator.uniformDouble())));
}

/** x.geometric_(p, {generator}): ceil(log(u) / log(1 - p)), the number of trials to the first success. */
export function geometric_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { p, generator } = randomArgs('geometric_', ['p'], args) as { p: number; generator: Generator };
  if (!(p > 0 && p < 1)) throw new Error(`geometric_ expects p to be in (0, 1), but got p=${p}`);
  return randomFill_(self, 'geometric_cpu', 'GeometricBackward0', (n) => each(n, () => Math.ceil(libm.log(generator.uniformDouble()) / libm.log(1 - p))), true);
}

/** x.log_normal_(mean = 1, std = 2, {generator}): exp of a normal(mean, std) double draw. */
export function log_normal_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { mean = 1, std = 2, generator } = randomArgs('log_normal_', ['mean', 'std'], args) as { mean?: number; std?: number; generator: Generator };
  if (!(std > 0)) throw new Error(`log_normal_ expects std > 0.0, but found std=${fmt(std)}`);
  return randomFill_(self, 'log_normal_cpu', 'LogNormalBackward0', (n) => each(n, () => libm.exp(scalarNormal(mean, std, generator))));
}

/** x.cauchy_(median = 0, sigma = 1, {generator}): median + sigma * tan(pi * (u - 0.5)). */
export function cauchy_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { median = 0, sigma = 1, generator } = randomArgs('cauchy_', ['median', 'sigma'], args) as { median?: number; sigma?: number; generator: Generator };
  return randomFill_(self, 'cauchy_cpu', 'CauchyBackward0', (n) => each(n, () => median + sigma * libm.tan(Math.PI * (generator.uniformDouble() - 0.5))));
}

/** Bits of each dtype's default random_ range: [0, 2^mantissa] for floats, [0, max] for integers. */
function fullRange(dtype: DType, g: MT19937): () => number | bigint {
  switch (dtype) {
    case float64: return () => Number(g.random64() % (2n ** 53n + 1n));
    case float32: return () => g.random() % (2 ** 24 + 1);
    case float16: return () => g.random() % (2 ** 11 + 1);
    case int64: return () => BigInt.asIntN(64, g.random64() % 2n ** 63n);
    case int32: return () => g.random() % 2 ** 31;
    case int16: return () => g.random() % 2 ** 15;
    case int8: return () => g.random() % 2 ** 7;
    case uint8: return () => g.random() % 2 ** 8;
    case bool: return () => g.random() & 1;
    default: throw new Error(`random_ not implemented for '${dtype.scalarName}'`);
  }
}

/** x.random_() / x.random_(to) / x.random_(from, to), {generator}: integers in [from, to) (default: [0, 2^mantissa] or [0, max]). */
export function random_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const a = randomArgs('random_', ['from', 'to'], args);
  let from = a.from as number | undefined;
  let to = a.to as number | undefined | null;
  const generator = a.generator;
  // PyTorch's overloads: random_() RandomBackward2, random_(to) RandomBackward1, random_(from, to) RandomBackward0
  const positional = args.filter((x) => typeof x === 'number' || x === null).length;
  let kind: 'none' | 'to' | 'from_to' | 'from_none';
  if (from === undefined && (to === undefined || to === null)) kind = 'none';
  else if (from !== undefined && to === undefined && positional === 1) { kind = 'to'; to = from; from = 0; }
  else if (from === undefined) { kind = 'to'; from = 0; }
  else kind = to === undefined || to === null ? 'from_none' : 'from_to';
  const gradName = kind === 'none' ? 'RandomBackward2' : kind === 'to' ? 'RandomBackward1' : 'RandomBackward0';
  const bigint = self.dtype === int64;
  const fill = (n: number, next: () => bigint | number): Float64Array | BigInt64Array => {
    if (bigint) { const out = new BigInt64Array(n); for (let i = 0; i < n; i++) out[i] = BigInt(next()); return out; }
    return each(n, () => Number(next()));
  };
  /** values in [lo, lo + range): one 32-bit draw for ranges below 2^32, a 64-bit one above */
  const fromTo = (lo: bigint, range: bigint) => range >= 2n ** 32n
    ? () => BigInt.asIntN(64, generator.random64() % range + lo)
    : (() => { const r = Number(range); return () => BigInt(generator.random() % r) + lo; })();
  const draw = (n: number): Float64Array | BigInt64Array => {
    if (kind === 'none') return fill(n, fullRange(self.dtype, generator));
    if (kind === 'from_none') {
      const lo = BigInt(from as number);
      // [from, the dtype's largest integer]: 2^mantissa for floats; from = -2^63 is the full 64 bits
      if (lo === -(2n ** 63n)) return fill(n, () => BigInt.asIntN(64, generator.random64()));
      const toInc = TO_INC[self.dtype.name];
      if (toInc === undefined) throw new Error(`random_ not implemented for '${self.dtype.scalarName}'`);
      if (!(lo < toInc)) throw new Error(`random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got from=${from} > to_inc=${toInc}`);
      return fill(n, fromTo(lo, toInc - lo + 1n));
    }
    const lo = from as number;
    if (!((to as number) > lo)) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${to}`);
    return fill(n, fromTo(BigInt(lo), BigInt(to as number) - BigInt(lo)));
  };
  return randomFill_(self, 'random_', gradName, draw, true);
}

/** The largest value random_(from, None) draws, per dtype (PyTorch's to_inc). */
const TO_INC: Record<string, bigint> = {
  float64: 2n ** 53n, float32: 2n ** 24n, float16: 2n ** 11n, int64: 2n ** 63n - 1n, int32: 2n ** 31n - 1n,
  int16: 2n ** 15n - 1n, int8: 127n, uint8: 255n, bool: 1n,
};

/**
 * torch.multinomial(input, num_samples, replacement = false, {generator}): int64 indices per row.
 * Without replacement PyTorch 1.13 takes the top-k of p / q with q ~ Exp(1)
 * (one exponential_ over the whole input); with replacement a binary search in the row's
 * normalised cumulative sum, one double uniform per sample.
 */
export function multinomial(input: Tensor, ...args: unknown[]): Tensor {
  const { num_samples: ns, replacement = false, generator } = randomArgs('multinomial', ['num_samples', 'replacement'], args) as { num_samples: number; replacement?: boolean; generator: Generator };
  if (!(input.ndim > 0 && input.ndim <= 2)) throw new Error('prob_dist must be 1 or 2 dim');
  if (!input.dtype.is_floating_point) throw new Error(`multinomial only supports floating-point dtypes for input, got: ${input.dtype.scalarName}`);
  if (!(ns > 0)) throw new Error('cannot sample n_sample <= 0 samples');
  const nCat = input.shape_[input.ndim - 1];
  if (!replacement && ns > nCat) throw new Error('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  if (nCat > 2 ** 24) throw new Error('number of categories cannot exceed 2^24');
  const rows = input.ndim === 2 ? input.shape_[0] : 1;
  const p = Float64Array.from(no_grad(() => input._values()));
  const r = input.dtype === float64 ? (x: number) => x : Math.fround;
  const out = new Float64Array(rows * ns);
  // 1.13 takes this path only without replacement (later versions also for one sample)
  if (!replacement) {
    let bad = false;
    for (const v of p) if (!(v >= 0 && v < Infinity)) bad = true;
    if (bad) throw new Error('probability tensor contains either `inf`, `nan` or element < 0');
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < nCat; j++) s += p[i * nCat + j];
      if (s === 0) throw new Error('invalid multinomial distribution (sum of probabilities <= 0)');
    }
    // q = empty_like(input).exponential_(1) in the input's dtype, then input / q
    const q = new Float64Array(p.length);
    for (let k = 0; k < q.length; k++) q[k] = r(p[k] / r(-libm.log(1 - generator.uniformDouble())));
    for (let i = 0; i < rows; i++) {
      const idx = Array.from({ length: nCat }, (_, j) => j);
      const row = q.subarray(i * nCat, (i + 1) * nCat);
      // argmax keeps the first maximum; topk sorts descending
      idx.sort((a, b) => (row[b] - row[a]) || a - b);
      for (let j = 0; j < ns; j++) out[i * ns + j] = idx[j];
    }
  } else {
    const cum = new Float64Array(nCat);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < nCat; j++) {
        const v = p[i * nCat + j];
        if (!(v >= 0)) throw new Error('invalid multinomial distribution (encountering probability entry < 0)');
        if (!Number.isFinite(v)) throw new Error('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
        s = r(s + v);
        cum[j] = s;
      }
      if (!(s > 0)) throw new Error('invalid multinomial distribution (sum of probabilities <= 0)');
      for (let j = 0; j < nCat; j++) cum[j] = r(cum[j] / s);
      cum[nCat - 1] = 1;
      for (let j = 0; j < ns; j++) {
        const u = generator.uniformDouble();
        let left = 0, right = nCat;
        while (right - left > 0) {
          const mid = left + ((right - left) >> 1);
          if (cum[mid] < u) left = mid + 1;
          else right = mid;
        }
        out[i * ns + j] = left;
      }
    }
  }
  return fromArray(out, input.ndim === 2 ? [rows, ns] : [ns], int64, input.device);
}

/**
 * torch.normal(mean, std, {generator}) with PyTorch's overloads: tensor/tensor, tensor/number,
 * number/tensor (standard normals scaled by std, then mean added, in the result's dtype), and
 * number/number with a size: `torch.normal(0, 1, [2, 3])`. The result carries no gradient to
 * mean and std (PyTorch's NormalBackward gives zeros).
 */
export function normal(...args: unknown[]): Tensor {
  const a = randomArgs('normal', ['mean', 'std', 'size'], args, ['dtype', 'device', 'requires_grad']);
  const mean = a.mean as number | Tensor | undefined, std = (a.std ?? 1) as number | Tensor;
  const g = a.generator;
  if (mean === undefined) throw new TypeError("normal() missing required argument 'mean'");
  if (!(mean instanceof Tensor) && !(std instanceof Tensor)) {
    if (a.size === undefined) throw new TypeError('normal() received an invalid combination of arguments: a size is needed with a number mean and std');
    const shape = checkShape(a.size as number[]);
    const t = Tensor.empty(shape, a.dtype ? toDType(a.dtype as string) : float32, 'cpu');
    try { t.normal_(mean, std, { generator: g }); } catch (e) { t.dispose(); throw e; }
    // drawn on the cpu's generator, then moved (to torch.get_default_device() when no device is given)
    const device = a.device ? (typeof a.device === 'string' ? parseDevice(a.device).type : (a.device as { type: string }).type) : defaultDevice();
    const r = device !== 'cpu' ? t.to({ device }) : t;
    if (a.requires_grad) r.requires_grad_(true);
    return r;
  }
  if (std instanceof Tensor) {
    if (no_grad(() => std.lt(0)._anyTrue())) throw new Error('normal expects all elements of std >= 0.0');
  } else if (!(std >= 0)) throw new Error(`normal expects std >= 0.0, but found std ${fmt(std)}`);
  const like = (mean instanceof Tensor ? mean : std) as Tensor;
  const shape = mean instanceof Tensor && std instanceof Tensor ? broadcastShapes(mean.shape_, std.shape_) : like.shape_;
  const out = no_grad(() => {
    const noise = Tensor.empty(shape, like.dtype, like);
    if (!(std instanceof Tensor)) {
      noise.normal_(0, std, { generator: g });
      return noise.add_(mean as Tensor);
    }
    noise.normal_(0, 1, { generator: g });
    return noise.mul_(std).add_(mean);
  });
  const inputs = [mean, std].filter((x) => x instanceof Tensor) as Tensor[];
  if (needsGrad(...inputs)) {
    const name = mean instanceof Tensor && std instanceof Tensor ? 'NormalBackward3' : mean instanceof Tensor ? 'NormalBackward1' : 'NormalBackward2';
    // zeros beside the incoming gradient: mean or std may be a temporary a torch.tidy has freed
    const like = inputs.map((t) => [t.shape_.slice(), t.dtype] as const);
    record(name, inputs, [out], [], (gs) => like.map(([shape, dtype]) => filled(shape, dtype, gs[0] as Tensor, 0)));
  }
  return out;
}

