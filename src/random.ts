// The default generator: a Mersenne Twister (mt19937) used exactly as PyTorch's CPU generator
// uses it, so torch.manual_seed(s) followed by rand/randn/randint/randperm gives PyTorch's numbers.
// Random numbers are drawn here in JS and written to the tensor, so every backend gets the same ones.
import { bindArgs } from './args.js';
import { float16, float64, uint8, type DType } from './dtype.js';
import { Tensor, fromArray as makeTensorRaw } from './tensor.js';
import { fromHalfBits, toHalfBits } from './half.js';
import { logAvx, sincosAvx } from './random-avx.js';
import * as libm from './libm.js';

const makeTensor = (v: Uint8Array, shape: number[], dtype: DType): Tensor => makeTensorRaw(v, shape, dtype, 'cpu');

const N = 624;
const M = 397;

export class MT19937 {
  /** @internal the 624 state words */
  readonly mt = new Uint32Array(N);
  /** @internal ATen's bookkeeping (left_, next_): the state is twisted when left reaches 0 */
  left = 1;
  /** @internal */
  next = 0;
  /** PyTorch caches the second Box-Muller value of a scalar normal sample */
  nextDoubleNormal: number | null = null;
  nextFloatNormal: number | null = null;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** @internal mt19937's seeding with a 32-bit seed */
  reseed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i in 32-bit arithmetic
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.left = N;
    this.next = 0;
  }

  /** 32 random bits as an unsigned number. */
  random(): number {
    if (--this.left === 0) this.twist();
    let y = this.mt[this.next++];
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
    // random64() & (2^53 - 1) without BigInt: the low 21 bits of the first draw, then the second
    const hi = this.random(), lo = this.random();
    return ((hi & 0x1fffff) * 4294967296 + lo) * 2 ** -53;
  }
}

const DEFAULT_SEED = 67280421310721n;
/** PyTorch's CPUGeneratorImplState: the legacy THGeneratorState, then the float normal cache. */
const STATE_BYTES = 5056;

/** A seed as PyTorch's manual_seed takes it: an integer, negative ones wrapping to 64 bits. */
function seedBits(seed: unknown, fname = 'manual_seed'): bigint {
  if (typeof seed === 'bigint') {
    if (seed >= 1n << 64n || seed < -(1n << 63n)) throw new Error('Overflow when unpacking long');
    return BigInt.asUintN(64, seed);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new Error(`${fname} expected a long, but got ${typeof seed === 'number' ? 'float' : seed === null ? 'NoneType' : typeof seed}`);
  }
  return seedBits(BigInt(seed), fname);
}

/**
 * torch.Generator: PyTorch's CPU generator (mt19937 plus the normal caches), so a seeded
 * generator gives PyTorch's numbers. `const g = torch.Generator().manual_seed(42); torch.rand(3, {generator: g})`
 */
export class Generator extends MT19937 {
  /** @internal the 64-bit seed last set */
  _seed = DEFAULT_SEED;
  /** torch.Generator().device: always cpu (random numbers are drawn on the host for every backend). */
  readonly device = 'cpu';

  constructor(device: string | { type: string } = 'cpu') {
    super(Number(DEFAULT_SEED & 0xffffffffn));
    const type = typeof device === 'string' ? device.split(':')[0] : device?.type;
    if (type !== 'cpu') throw new Error(`Device type ${String(type).toUpperCase()} is not supported for torch.Generator() api.`);
  }

  /** g.manual_seed(seed): returns the generator, as PyTorch does. `g.manual_seed(0)` */
  manual_seed(seed: number | bigint): this {
    const s = seedBits(seed);
    this._seed = s;
    // mt19937 takes the low 32 bits of the 64-bit seed
    this.reseed(Number(s & 0xffffffffn));
    return this;
  }

  /** g.seed(): seeds from a nondeterministic source and returns the seed (below 2^53, so it is an exact number). */
  seed(): number {
    const words = new Uint32Array(2);
    globalThis.crypto.getRandomValues(words);
    const s = (words[0] & 0x1fffff) * 2 ** 32 + words[1];
    this.manual_seed(s);
    return s;
  }

  /** g.initial_seed(): the seed last set (a number; a bigint when above 2^53). `g.initial_seed()` */
  initial_seed(): number | bigint {
    return this._seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(this._seed) : this._seed;
  }

  /** g.get_state(): a uint8 tensor with PyTorch's byte layout (CPUGeneratorImplState, 5056 bytes). */
  get_state(): Tensor {
    const buf = new ArrayBuffer(STATE_BYTES);
    const v = new DataView(buf);
    v.setBigUint64(0, this._seed, true);
    v.setInt32(8, this.left, true);
    v.setInt32(12, 1, true); // seeded
    v.setBigUint64(16, BigInt(this.next), true);
    for (let i = 0; i < N; i++) v.setBigUint64(24 + 8 * i, BigInt(this.mt[i]), true);
    const at = 24 + 8 * N; // normal_x, normal_y, normal_rho (doubles), normal_is_valid (int)
    if (this.nextDoubleNormal !== null) {
      v.setFloat64(at + 8, this.nextDoubleNormal, true);
      v.setInt32(at + 24, 1, true);
    }
    if (this.nextFloatNormal !== null) {
      v.setFloat32(at + 32, this.nextFloatNormal, true);
      v.setUint8(at + 36, 1);
    }
    return makeTensor(new Uint8Array(buf), [STATE_BYTES], uint8);
  }

  /** g.set_state(state): restores a state from get_state (webtorch's or PyTorch's bytes). */
  set_state(state: Tensor): this {
    if (!(state instanceof Tensor) || state.dtype !== uint8) throw new TypeError('RNG state must be a torch.ByteTensor');
    const n = state.numel();
    if (n !== STATE_BYTES && n !== STATE_BYTES - 8) {
      throw new Error(`Expected either a CPUGeneratorImplStateLegacy of size ${STATE_BYTES - 8} or a CPUGeneratorImplState of size ${STATE_BYTES} but found the input RNG state size to be ${n}`);
    }
    const bytes = Uint8Array.from(state.contiguous().tolist() as number[]);
    const v = new DataView(bytes.buffer);
    this._seed = v.getBigUint64(0, true);
    this.left = v.getInt32(8, true);
    this.next = Number(v.getBigUint64(16, true));
    for (let i = 0; i < N; i++) this.mt[i] = Number(v.getBigUint64(24 + 8 * i, true) & 0xffffffffn);
    const at = 24 + 8 * N;
    this.nextDoubleNormal = v.getInt32(at + 24, true) ? v.getFloat64(at + 8, true) : null;
    this.nextFloatNormal = n === STATE_BYTES && v.getUint8(at + 36) ? v.getFloat32(at + 32, true) : null;
    return this;
  }

  /** String(g): PyTorch's repr, `<torch._C.Generator object>` (JS has no object addresses to show). */
  toString(): string { return '<torch._C.Generator object>'; }
  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** torch.default_generator: the generator every random function uses unless given `generator`. */
export const default_generator = new Generator();

/** torch.manual_seed(seed): seeds the default generator and returns it. `torch.manual_seed(0)` */
export function manual_seed(seed: number | bigint): Generator {
  return default_generator.manual_seed(seed);
}

/** torch.seed(): seeds the default generator nondeterministically and returns the seed. */
export function seed(): number {
  return default_generator.seed();
}

/** torch.initial_seed(): the default generator's seed. */
export function initial_seed(): number | bigint {
  return default_generator.initial_seed();
}

/** torch.get_rng_state(): the default generator's state as a uint8 tensor. */
export function get_rng_state(): Tensor {
  return default_generator.get_state();
}

/** torch.set_rng_state(state): restores the default generator's state. */
export function set_rng_state(state: Tensor): void {
  default_generator.set_state(state);
}

/**
 * torch.random.fork_rng(fn): runs fn and restores the default generator's state afterwards (also
 * when fn throws or its Promise settles). `torch.random.fork_rng(() => torch.rand(3))`
 */
export function fork_rng<T>(fn: () => T, opts: { enabled?: boolean } = {}): T {
  if (opts.enabled === false) return fn();
  const g = default_generator;
  const saved = { mt: g.mt.slice(), left: g.left, next: g.next, seed: g._seed, d: g.nextDoubleNormal, f: g.nextFloatNormal };
  const restore = () => {
    g.mt.set(saved.mt);
    g.left = saved.left; g.next = saved.next; g._seed = saved.seed;
    g.nextDoubleNormal = saved.d; g.nextFloatNormal = saved.f;
  };
  let out: T;
  try {
    out = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (out instanceof Promise) return out.finally(restore) as T;
  restore();
  return out;
}

/** The generator option: a torch.Generator or null/undefined (the default one). */
export function generatorOf(g: unknown, fname: string): Generator {
  if (g === undefined || g === null) return default_generator;
  if (!(g instanceof Generator)) throw new TypeError(`${fname}(): argument 'generator' must be torch.Generator, not ${typeof g}`);
  return g;
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
function uniformUnit(p: Precision, gen: MT19937 = default_generator): number {
  if (p === 'double') return gen.uniformDouble();
  if (p === 'float') return gen.uniformFloat();
  return (gen.random() & 0x7ff) * 2 ** -11;
}

/**
 * n uniform values in [from, to), as PyTorch's uniform_real(): from and to cast to the dtype,
 * (to - from) in the dtype, then x * (to - from) + from in the accumulate type (double for float,
 * float for half), cast back.
 */
export function uniformValues(n: number, from: number, to: number, p: Precision, gen: MT19937 = default_generator): Float64Array {
  const r = rounder(p), acc = p === 'half' ? Math.fround : (x: number) => x;
  const lo = r(from), span = r(r(to) - lo);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r(acc(acc(uniformUnit(p, gen) * span) + lo));
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
      // double: glibc's log/sin/cos (src/libm.ts); half computes in float, where Math's rounds the same
      const [sin, cos] = p === 'double' ? libm.sincos(theta) : [Math.sin(theta), Math.cos(theta)];
      radius = r(f(Math.sqrt(f(-2 * f(p === 'double' ? libm.log(u1) : Math.log(u1))))));
      c = f(radius * f(cos));
      s = f(radius * f(sin));
    }
    data[at + j] = p === 'half' ? r(f(f(c * std) + mean)) : r(c * std + mean);
    data[at + j + 8] = p === 'half' ? r(f(f(s * std) + mean)) : r(s * std + mean);
  }
}

/**
 * n normal values with PyTorch's algorithm choice: the vectorised Box-Muller from 16 elements up
 * (`blocked`: the tensor is contiguous), else one scalar normal<double> per element.
 */
export function normalValues(n: number, mean: number, std: number, p: Precision, blocked = true, gen: MT19937 = default_generator): Float64Array {
  const out = new Float64Array(n);
  if (n >= 16 && blocked) {
    // mean and std are cast to the dtype first
    const r = rounder(p);
    mean = r(mean);
    std = r(std);
    for (let i = 0; i < n; i++) out[i] = uniformUnit(p, gen);
    for (let i = 0; i + 16 <= n; i += 16) fillNormal16(out, i, mean, std, p);
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values and transforms them together
      const at = n - 16;
      for (let i = 0; i < 16; i++) out[at + i] = uniformUnit(p, gen);
      fillNormal16(out, at, mean, std, p);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = scalarNormal(mean, std, gen);
  return out;
}

/** at::normal_distribution<double>: caches the sine half of each Box-Muller pair. */
export function scalarNormal(mean: number, std: number, gen: MT19937 = default_generator): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return cached * std + mean;
  }
  const u1 = gen.uniformDouble();
  const u2 = gen.uniformDouble();
  const r = Math.sqrt(-2 * libm.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  const [sin, cos] = libm.sincos(theta);
  gen.nextDoubleNormal = r * sin;
  return r * cos * std + mean;
}

/** randint's values in [low, high): random() % range + low (random64 for ranges >= 2^32). */
export function randintValues(n: number, low: number, high: number, gen: MT19937 = default_generator): Float64Array {
  const range = high - low;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = range >= 2 ** 32 ? Number(gen.random64() % BigInt(range)) + low : (gen.random() % range) + low;
  }
  return out;
}

/** randperm(n) on cpu: a forward Fisher-Yates shuffle drawing random() % (n - i). */
export function randpermValues(n: number, gen: MT19937 = default_generator): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = out[i]; out[i] = out[z + i]; out[z + i] = t;
  }
  return out;
}

/**
 * @internal Python-style arguments of a random function: positional values for `names`, then one
 * trailing options object with those names and `generator`; unknown keys are TypeErrors as in
 * Python. `generator` comes back resolved (the default generator when absent).
 */
export function randomArgs(fname: string, names: readonly string[], args: readonly unknown[], extra: readonly string[] = []): Record<string, unknown> & { generator: Generator } {
  const all = [...names, 'generator', ...extra];
  const values = bindArgs(fname, args, all, all.map(() => undefined));
  const out: Record<string, unknown> = {};
  all.forEach((n, i) => { if (values[i] !== undefined) out[n] = values[i]; });
  out.generator = generatorOf(out.generator, fname);
  return out as Record<string, unknown> & { generator: Generator };
}
