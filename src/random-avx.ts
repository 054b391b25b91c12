// float32 log and sine/cosine as PyTorch's AVX2 Box-Muller computes them (normal_fill_16_AVX2: randn
// and normal_ on 16 or more contiguous float32 elements, on x86 CPUs with AVX2), so that webtorch
// draws PyTorch's normal numbers to the bit: the Cephes single-precision polynomials of
// avx_mathfun, one float32 operation at a time, and a fused multiply-add wherever the compiler
// that built PyTorch contracted a multiply into the add after it (checked against PyTorch 1.13 on
// 200,000 draws: all identical). The constants are Cephes's.

const fround = Math.fround;
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const bitsOf = (x: number): number => { f32[0] = x; return i32[0]; };
const fromBits = (b: number): number => { i32[0] = b; return f32[0]; };
/** a * b + c rounded once to float32 (the product of two floats is exact in a double) */
const fma = (a: number, b: number, c: number): number => fround(a * b + c);

const SQRT_HALF = fround(0.707106781186547524);
const LOG_P = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(fround);
const LOG_Q1 = fround(-2.12194440e-4);
const LOG_Q2 = fround(0.693359375);

/** ln(x) for a float32 x in (0, 1] (u1 of the Box-Muller: never zero, never subnormal). */
export function logAvx(x: number): number {
  const b = bitsOf(x);
  // x = m * 2^e with m in [0.5, 1)
  let e = fround(((b >>> 23) - 127) + 1);
  let m = fromBits((b & ~0x7f800000) | 0x3f000000);
  // m below sqrt(1/2): use 2m - 1 and e - 1, keeping the polynomial's argument small
  const mantissa = m;
  m = fround(m - 1);
  if (mantissa < SQRT_HALF) {
    e = fround(e - 1);
    m = fround(m + mantissa);
  }
  const z = fround(m * m);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) y = fma(y, m, LOG_P[i]);
  y = fma(fround(y * m), z, fround(e * LOG_Q1));
  y = fround(y - fround(z * 0.5));
  return fma(e, LOG_Q2, fround(m + y));
}

const FOUR_OVER_PI = fround(1.27323954473516);
const DP1 = fround(-0.78515625), DP2 = fround(-2.4187564849853515625e-4), DP3 = fround(-3.77489497744594108e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(fround);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(fround);

/** [sin x, cos x] for a float32 x >= 0 (theta of the Box-Muller, in [0, 2 pi)). */
export function sincosAvx(x: number): [number, number] {
  // the octant: x * 4/pi truncated (as cvttps does), rounded up to even
  const j = (Math.trunc(fround(x * FOUR_OVER_PI)) + 1) & ~1;
  // x - j * pi/4, with pi/4 in three parts (extended precision)
  x = fma(j, DP3, fma(j, DP2, fma(j, DP1, x)));
  const z = fround(x * x);
  let c = COS_P[0];
  c = fma(c, z, COS_P[1]);
  c = fma(c, z, COS_P[2]);
  c = fround(fma(fround(c * z), z, -fround(z * 0.5)) + 1);
  let s = SIN_P[0];
  s = fma(s, z, SIN_P[1]);
  s = fma(s, z, SIN_P[2]);
  s = fma(fround(s * z), x, x);
  // j = 2 (mod 4): sine and cosine polynomials swap; the signs follow the quadrant
  const swap = (j & 2) !== 0;
  let sin = swap ? c : s, cos = swap ? s : c;
  if (j & 4) sin = -sin;
  if (~(j - 2) & 4) cos = -cos;
  return [sin, cos];
}
