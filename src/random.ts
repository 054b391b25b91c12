// The default generator: a Mersenne Twister (mt19937) used exactly as PyTorch's CPU generator
// uses it, so torch.manual_seed(s) followed by rand/randn/randint/randperm gives PyTorch's numbers.
// Random numbers are drawn here in JS and written to the tensor, so every backend gets the same ones.
import { float16, float64, type DType } from './dtype.js';
import { fromHalfBits, toHalfBits } from './half.js';
import { logAvx, sincosAvx } from './random-avx.js';

const N = 624;
const M = 397;

export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;
  /** PyTorch caches the second Box-Muller value of a scalar normal sample */
  nextDoubleNormal: number | null = null;
  nextFloatNormal: number | null = null;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i in 32-bit arithmetic
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** 32 random bits as an unsigned number. */
  random(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** 64 random bits (first draw high, second low), as a BigInt. */
  random64(): bigint {
    const hi = this.random(), lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** uniform [0, 1) with float32's 24 bits, as PyTorch's uniform_real_distribution<float>. */
  uniformFloat(): number {
    return (this.random() & 0xffffff) * 2 ** -24;
  }
  /** uniform [0, 1) with 53 bits, as uniform_real_distribution<double>. */
  uniformDouble(): number {
    return Number(this.random64() & ((1n << 53n) - 1n)) * 2 ** -53;
  }
}

export const generator = new MT19937(67280421310721);

/** torch.manual_seed */
export function manual_seed(seed: number | bigint): MT19937 {
  const s = typeof seed === 'bigint' ? Number(BigInt.asUintN(32, seed)) : Number(BigInt.asUintN(32, BigInt(Math.trunc(seed))));
  generator.seed(s);
  return generator;
}

/** PyTorch's `torch.initial_seed()`: the seed of the default generator. Example: `torch.initial_seed()` */
export function initial_seed(): number {
  return 67280421310721;
}

/**
 * The precision PyTorch draws in for a dtype: float64 53-bit doubles, float32 24-bit floats,
 * float16 11-bit halves (its uniform_real_distribution<scalar_t>), each with its own arithmetic.
 */
export type Precision = 'double' | 'float' | 'half';

export function precisionOf(dtype: DType): Precision {
  return dtype === float64 ? 'double' : dtype === float16 ? 'half' : 'float';
}

const toHalf = (x: number): number => fromHalfBits(toHalfBits(x));
/** Rounding to the precision (a scalar_t assignment in PyTorch's kernels). */
const rounder = (p: Precision): ((x: number) => number) => (p === 'double' ? (x) => x : p === 'float' ? Math.fround : toHalf);

/** One uniform in [0, 1) with the precision's bits. */
function uniformUnit(p: Precision): number {
  if (p === 'double') return generator.uniformDouble();
  if (p === 'float') return generator.uniformFloat();
  return (generator.random() & 0x7ff) * 2 ** -11;
}

/**
 * n uniform values in [from, to), as PyTorch's uniform_real(): from and to cast to the dtype,
 * (to - from) in the dtype, then x * (to - from) + from in the accumulate type (double for float,
 * float for half), cast back.
 */
export function uniformValues(n: number, from: number, to: number, p: Precision): Float64Array {
  const r = rounder(p), acc = p === 'half' ? Math.fround : (x: number) => x;
  const lo = r(from), span = r(r(to) - lo);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r(acc(acc(uniformUnit(p) * span) + lo));
  return out;
}

/**
 * Box-Muller over blocks of 16 uniforms, PyTorch's normal_fill for tensors of 16 or more elements.
 * float32 follows its AVX2 kernel (its log and sincos, 2*pi as a float, a fused multiply-add for
 * * std + mean; src/random-avx.ts), float64
 * and float16 its scalar one (float16's steps in float, each named value rounded to half).
 */
function fillNormal16(data: Float64Array, at: number, mean: number, std: number, p: Precision): void {
  const r = rounder(p), f = p === 'double' ? (x: number) => x : Math.fround;
  const twoPi = p === 'float' ? Math.fround(2 * Math.PI) : 2 * Math.PI;
  for (let j = 0; j < 8; j++) {
    const u1 = r(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const theta = r(twoPi * u2);
    let radius: number, c: number, s: number;
    if (p === 'float') {
      radius = Math.fround(Math.sqrt(Math.fround(-2 * logAvx(u1))));
      const [sin, cos] = sincosAvx(theta);
      c = Math.fround(radius * cos);
      s = Math.fround(radius * sin);
    } else {
      radius = r(f(Math.sqrt(f(-2 * f(Math.log(u1))))));
      c = f(radius * f(Math.cos(theta)));
      s = f(radius * f(Math.sin(theta)));
    }
    data[at + j] = p === 'half' ? r(f(f(c * std) + mean)) : r(c * std + mean);
    data[at + j + 8] = p === 'half' ? r(f(f(s * std) + mean)) : r(s * std + mean);
  }
}

/**
 * n normal values with PyTorch's algorithm choice: the vectorised Box-Muller from 16 elements up
 * (`blocked`: the tensor is contiguous), else one scalar normal<double> per element.
 */
export function normalValues(n: number, mean: number, std: number, p: Precision, blocked = true): Float64Array {
  const out = new Float64Array(n);
  if (n >= 16 && blocked) {
    // mean and std are cast to the dtype first
    const r = rounder(p);
    mean = r(mean);
    std = r(std);
    for (let i = 0; i < n; i++) out[i] = uniformUnit(p);
    for (let i = 0; i + 16 <= n; i += 16) fillNormal16(out, i, mean, std, p);
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values and transforms them together
      const at = n - 16;
      for (let i = 0; i < 16; i++) out[at + i] = uniformUnit(p);
      fillNormal16(out, at, mean, std, p);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = scalarNormal(mean, std);
  return out;
}

/** at::normal_distribution<double>: caches the sine half of each Box-Muller pair. */
function scalarNormal(mean: number, std: number): number {
  const cached = generator.nextDoubleNormal;
  if (cached !== null) {
    generator.nextDoubleNormal = null;
    return cached * std + mean;
  }
  const u1 = generator.uniformDouble();
  const u2 = generator.uniformDouble();
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  generator.nextDoubleNormal = r * Math.sin(theta);
  return r * Math.cos(theta) * std + mean;
}

/** randint's values in [low, high): random() % range + low (random64 for ranges >= 2^32). */
export function randintValues(n: number, low: number, high: number): Float64Array {
  const range = high - low;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = range >= 2 ** 32 ? Number(generator.random64() % BigInt(range)) + low : (generator.random() % range) + low;
  }
  return out;
}

/** randperm(n) on cpu: a forward Fisher-Yates shuffle drawing random() % (n - i). */
export function randpermValues(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = generator.random() % (n - i);
    const t = out[i]; out[i] = out[z + i]; out[z + i] = t;
  }
  return out;
}
