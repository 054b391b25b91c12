// torch.nn.init: PyTorch 1.13's initialisers, drawing the same numbers on the global generator
// (they are uniform_/normal_ with PyTorch's bounds, computed in double precision as Python does).
// trunc_normal_ and orthogonal_ follow PyTorch's algorithms step by step: inverse-CDF sampling,
// and a sign-fixed QR of a normal matrix.
import { no_grad } from '../autograd.js';
import { float64 } from '../dtype.js';
import { tensor as makeTensor } from '../creation.js';
import { Tensor } from '../tensor.js';
import { bindArgs, REQUIRED } from './callable.js';

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) in double precision: exp(-x^2) times a series of positive terms (no cancellation). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  const x2 = ax * ax;
  let term = ax, sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * ((2 / SQRT_PI) * Math.exp(-x2) * sum);
}

/** erfinv(y) for |y| < 1: a starting guess refined by Newton steps on the accurate erf. */
export function erfinv(y: number): number {
  if (y <= -1) return y === -1 ? -Infinity : NaN;
  if (y >= 1) return y === 1 ? Infinity : NaN;
  if (y === 0) return y;
  // Giles' single-precision approximation as the start
  let w = -Math.log((1 - y) * (1 + y)), x: number;
  if (w < 5) {
    w -= 2.5;
    let p = 2.81022636e-08;
    for (const c of [3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = c + p * w;
    x = p * y;
  } else {
    w = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = c + p * w;
    x = p * y;
  }
  for (let i = 0; i < 4; i++) {
    const dx = (erf(x) - y) / ((2 / SQRT_PI) * Math.exp(-x * x));
    x -= dx;
    if (Math.abs(dx) <= 1e-17 * Math.abs(x)) break;
  }
  return x;
}

const LINEAR_FNS = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

/** torch.nn.init.calculate_gain(nonlinearity, param=None): `calculate_gain('leaky_relu', 0.2)` */
export function calculate_gain(...args: unknown[]): number {
  const [nonlinearity, param] = bindArgs('calculate_gain', args, ['nonlinearity', 'param'], [REQUIRED, null]) as [string, unknown];
  if (LINEAR_FNS.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === null || param === undefined) slope = 0.01;
    else if (typeof param === 'number') slope = param;
    else throw new Error(`ValueError: negative_slope ${param} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new Error(`ValueError: Unsupported nonlinearity ${nonlinearity}`);
}

/** @internal PyTorch's _calculate_fan_in_and_fan_out */
export function _calculate_fan_in_and_fan_out(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new Error('ValueError: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape_[i];
  return [t.shape_[1] * receptive, t.shape_[0] * receptive];
}

function correctFan(t: Tensor, mode: string): number {
  const valid = ['fan_in', 'fan_out'];
  if (!valid.includes(mode)) throw new Error(`ValueError: Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

function tensorArg(where: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${where}() argument 'tensor' must be Tensor, not ${t === null ? 'None' : typeof t}`);
  return t;
}

/** torch.nn.init.uniform_(tensor, a=0, b=1) */
export function uniform_(...args: unknown[]): Tensor {
  const [t, a, b] = bindArgs('uniform_', args, ['tensor', 'a', 'b'], [REQUIRED, 0, 1]) as [Tensor, number, number];
  return no_grad(() => tensorArg('uniform_', t).uniform_(a, b));
}
/** torch.nn.init.normal_(tensor, mean=0, std=1) */
export function normal_(...args: unknown[]): Tensor {
  const [t, mean, std] = bindArgs('normal_', args, ['tensor', 'mean', 'std'], [REQUIRED, 0, 1]) as [Tensor, number, number];
  return no_grad(() => tensorArg('normal_', t).normal_(mean, std));
}
/** torch.nn.init.constant_(tensor, val) */
export function constant_(...args: unknown[]): Tensor {
  const [t, val] = bindArgs('constant_', args, ['tensor', 'val'], [REQUIRED, REQUIRED]) as [Tensor, number];
  return no_grad(() => tensorArg('constant_', t).fill_(val));
}
/** torch.nn.init.ones_(tensor) */
export function ones_(t: Tensor): Tensor { return no_grad(() => tensorArg('ones_', t).fill_(1)); }
/** torch.nn.init.zeros_(tensor) */
export function zeros_(t: Tensor): Tensor { return no_grad(() => tensorArg('zeros_', t).zero_()); }

/** torch.nn.init.eye_(tensor): the identity in a 2-D tensor */
export function eye_(t: Tensor): Tensor {
  if (tensorArg('eye_', t).ndim !== 2) throw new Error('ValueError: Only tensors with 2 dimensions are supported');
  return no_grad(() => {
    t.zero_();
    const n = Math.min(t.shape_[0], t.shape_[1]);
    for (let i = 0; i < n; i++) t.index(i, i).fill_(1);
    return t;
  });
}

/** torch.nn.init.dirac_(tensor, groups=1): identity-preserving conv weights */
export function dirac_(...args: unknown[]): Tensor {
  const [t, groups] = bindArgs('dirac_', args, ['tensor', 'groups'], [REQUIRED, 1]) as [Tensor, number];
  const d = tensorArg('dirac_', t).ndim;
  if (d < 3 || d > 5) throw new Error('ValueError: Only tensors with 3, 4, or 5 dimensions are supported');
  const sizes = t.shape_;
  if (sizes[0] % groups !== 0) throw new Error('ValueError: dim 0 must be divisible by groups');
  const perGroup = sizes[0] / groups;
  const minDim = Math.min(perGroup, sizes[1]);
  return no_grad(() => {
    t.zero_();
    for (let g = 0; g < groups; g++) {
      for (let i = 0; i < minDim; i++) {
        const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
        t.index(g * perGroup + i, i, ...centre).fill_(1);
      }
    }
    return t;
  });
}

/** torch.nn.init.xavier_uniform_(tensor, gain=1) */
export function xavier_uniform_(...args: unknown[]): Tensor {
  const [t, gain] = bindArgs('xavier_uniform_', args, ['tensor', 'gain'], [REQUIRED, 1]) as [Tensor, number];
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensorArg('xavier_uniform_', t));
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return no_grad(() => t.uniform_(-a, a));
}
/** torch.nn.init.xavier_normal_(tensor, gain=1) */
export function xavier_normal_(...args: unknown[]): Tensor {
  const [t, gain] = bindArgs('xavier_normal_', args, ['tensor', 'gain'], [REQUIRED, 1]) as [Tensor, number];
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensorArg('xavier_normal_', t));
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return no_grad(() => t.normal_(0, std));
}

function kaiming(where: string, args: unknown[], draw: (t: Tensor, std: number) => Tensor): Tensor {
  const [t, a, mode, nonlinearity] = bindArgs(where, args, ['tensor', 'a', 'mode', 'nonlinearity'], [REQUIRED, 0, 'fan_in', 'leaky_relu']) as [Tensor, number, string, string];
  // PyTorch 1.13 warns and returns zero-element tensors untouched
  if (tensorArg(where, t).shape_.includes(0)) return t;
  const fan = correctFan(t, mode);
  const gain = calculate_gain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  return no_grad(() => draw(t, std));
}
/** torch.nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu') */
export function kaiming_uniform_(...args: unknown[]): Tensor {
  return kaiming('kaiming_uniform_', args, (t, std) => { const bound = Math.sqrt(3.0) * std; return t.uniform_(-bound, bound); });
}
/** torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu') */
export function kaiming_normal_(...args: unknown[]): Tensor {
  return kaiming('kaiming_normal_', args, (t, std) => t.normal_(0, std));
}

/** Replaces the elements of cpu tensor `t` by f(element), computed in double precision and stored in t's dtype. */
function mapValues(t: Tensor, f: (v: number) => number): void {
  const vals = Array.from(t._values(), f);
  t.copy_(makeTensor(vals, { dtype: float64, device: 'cpu' }).reshape(t.shape_.slice()));
}

/**
 * Runs an initialiser with several steps on the cpu: a tensor on another device (webgl) gets the
 * cpu's numbers exactly, as its random draws come from the cpu's generator anyway. The cpu stand-in
 * has t's memory order, so the draws land where they would in t.
 */
function onCpu(t: Tensor, init: (c: Tensor) => void): Tensor {
  if (t.device === 'cpu') {
    init(t);
    return t;
  }
  const order = t.strides.map((_, d) => d).sort((a, b) => t.strides[b] - t.strides[a]);
  const dense = Tensor.empty(order.map((d) => t.shape_[d]), t.dtype, 'cpu');
  const c = dense.permute(order.map((_, i) => order.indexOf(i)));
  init(c);
  const moved = c.to({ device: t.device });
  t.copy_(moved);
  for (const x of [moved, c, dense]) x.dispose();
  return t;
}

/** torch.nn.init.trunc_normal_(tensor, mean=0, std=1, a=-2, b=2): PyTorch's inverse-CDF method */
export function trunc_normal_(...args: unknown[]): Tensor {
  const [t, mean, std, a, b] = bindArgs('trunc_normal_', args, ['tensor', 'mean', 'std', 'a', 'b'], [REQUIRED, 0, 1, -2, 2]) as [Tensor, number, number, number, number];
  tensorArg('trunc_normal_', t);
  const normCdf = (x: number) => (1 + erf(x / Math.sqrt(2))) / 2;
  return no_grad(() => {
    const l = normCdf((a - mean) / std);
    const u = normCdf((b - mean) / std);
    return onCpu(t, (c) => {
      c.uniform_(2 * l - 1, 2 * u - 1);
      // erfinv_, mul_(std * sqrt(2)), add_(mean), clamp_(a, b), each rounded to the dtype as PyTorch's ops are
      mapValues(c, erfinv);
      c.mul_(std * Math.sqrt(2));
      c.add_(mean);
      c.clamp_(a, b);
    });
  });
}

/** Householder QR of a rows x cols matrix (rows >= cols), LAPACK's geqrf/orgqr conventions: returns Q (rows x cols) and diag(R). */
function householderQR(A: number[][]): { q: number[][]; rdiag: number[] } {
  const m = A.length, n = A[0].length;
  const R = A.map((r) => r.slice());
  const vs: number[][] = [], taus: number[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += R[i][k] * R[i][k];
    norm = Math.sqrt(norm);
    const alpha = R[k][k];
    const v = new Array<number>(m).fill(0);
    let tau = 0;
    if (norm !== 0 && !(norm === Math.abs(alpha) && m - k === 1)) {
      const beta = alpha >= 0 ? -norm : norm; // LAPACK's dlarfg: beta = -sign(alpha) * norm
      tau = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      v[k] = 1;
      for (let i = k + 1; i < m; i++) v[i] = R[i][k] * scale;
      for (let j = k; j < n; j++) {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i] * R[i][j];
        s *= tau;
        for (let i = k; i < m; i++) R[i][j] -= s * v[i];
      }
    } else v[k] = 1;
    vs.push(v);
    taus.push(tau);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity
  const Q: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k], tau = taus[k];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i] * Q[i][j];
      s *= tau;
      for (let i = k; i < m; i++) Q[i][j] -= s * v[i];
    }
  }
  return { q: Q, rdiag: R.slice(0, n).map((r, i) => r[i]) };
}

/** torch.nn.init.orthogonal_(tensor, gain=1): Q of the QR of a normal matrix, signs fixed by diag(R) */
export function orthogonal_(...args: unknown[]): Tensor {
  const [t, gain] = bindArgs('orthogonal_', args, ['tensor', 'gain'], [REQUIRED, 1]) as [Tensor, number];
  if (tensorArg('orthogonal_', t).ndim < 2) throw new Error('ValueError: Only tensors with 2 or more dimensions are supported');
  if (t.numel() === 0) return t;
  const rows = t.shape_[0];
  const cols = t.numel() / rows;
  return no_grad(() => onCpu(t, (t) => {
    // tensor.new(rows, cols).normal_(0, 1): the draw in t's dtype
    const flat = Tensor.empty([rows, cols], t.dtype, t).normal_(0, 1);
    const vals = flat._values();
    let A: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => vals[i * cols + j]));
    const wide = rows < cols;
    if (wide) A = A[0].map((_, j) => A.map((r) => r[j]));
    const { q, rdiag } = householderQR(A);
    const ph = rdiag.map((d) => Math.sign(d));
    let Q = q.map((r) => r.map((v, j) => v * ph[j]));
    if (wide) Q = Q[0].map((_, j) => Q.map((r) => r[j]));
    const out = makeTensor(Q.flat(), { dtype: float64, device: 'cpu' }).reshape(t.shape_.slice());
    t.copy_(out);
    t.mul_(gain);
  }));
}
