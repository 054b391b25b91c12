// Vector (f32x4) elementary functions for the unary kernels, a scalar f64 erf (AssemblyScript's
// Math has none), and the generic loop helpers unary.ts and binary.ts share (at the end).
//
// Every function is range reduction + a short polynomial. The coefficients were fitted for
// this file (near-minimax, rounded to f32 one at a time with the rest refitted). Targets:
// relative error <= ~2e-7 over the whole f32 range (absolute ~1e-7 near zero crossings) and
// IEEE / PyTorch special values. Wasm SIMD has no FMA, so the formulas keep the big terms
// exact and let rounding touch only small corrections.
//
// Measured max relative error over every 7th f32 bit pattern, against f64 Math (erf against
// erf64 below): exp 8.3e-8, expm1 1.2e-7, log 8.1e-8, log1p 1.3e-7, log2 1.0e-7, log10 7.3e-8,
// tanh 1.4e-7, sigmoid 1.8e-7, erf 9.0e-8; sin 1.5e-7 and cos 1.6e-7 wherever the error exceeds
// 1e-7 absolute (|x| <= 1e5; beyond, lanes use Math). tan (not required): 3.3e-7.
//
// Constants live in static memory and are read with v128.load32_splat (`k`): V8 rebuilds every
// v128.const inside a loop with three instructions, while a splatting load is one.

// ---------------------------------------------------------------------------------------------
// helpers

/** A splatted constant from static memory (f32 or i32 bits). */
@inline function k(p: usize): v128 {
  return v128.load32_splat(p);
}
@inline function add(a: v128, b: v128): v128 {
  return f32x4.add(a, b);
}
@inline function sub(a: v128, b: v128): v128 {
  return f32x4.sub(a, b);
}
@inline function mul(a: v128, b: v128): v128 {
  return f32x4.mul(a, b);
}
@inline function div(a: v128, b: v128): v128 {
  return f32x4.div(a, b);
}
/** One Horner step: p * t + c. */
@inline function horner(p: v128, t: v128, c: usize): v128 {
  return f32x4.add(f32x4.mul(p, t), k(c));
}
/** Lanes where `mask` is set take `a`, the others `b`. */
@inline function select(a: v128, b: v128, mask: v128): v128 {
  return v128.bitselect(a, b, mask);
}
/** min(x, hi) and max(x, lo) that return x when x is NaN: pmin/pmax are one instruction each,
 *  where NaN-propagating f32x4.min/max take several on x86. */
@inline function clamp(x: v128, lo: usize, hi: usize): v128 {
  return f32x4.pmax(f32x4.pmin(x, k(hi)), k(lo));
}

const ONE = memory.data<f32>([1]);
const TWO = memory.data<f32>([2]);
const HALF = memory.data<f32>([0.5]);
const SIGN = memory.data<i32>([0x80000000]);
const INF = memory.data<f32>([Infinity]);
const NEG_INF = memory.data<f32>([-Infinity]);
const QNAN = memory.data<f32>([NaN]);
// Adding 1.5 * 2^23 rounds |v| < 2^22 to an integer (half to even); the low mantissa bits of the
// sum are that integer, so no float-to-int conversion is needed.
const ROUNDER = memory.data<f32>([12582912]);
const ROUNDER_BITS = memory.data<i32>([0x4b400000]);
const EXP_BIAS = memory.data<i32>([127]);
const ONE_I = memory.data<i32>([1]);
const TWO_I = memory.data<i32>([2]);

/** |y| with the sign bit of x (y must be >= 0 or NaN). */
@inline function withSignOf(y: v128, x: v128): v128 {
  return v128.or(y, v128.and(x, k(SIGN)));
}
/** Lanes of y, except where |x| < tiny, so small that f(x) rounds to x (keeps -0's sign). */
@inline function identityNearZero(y: v128, x: v128, tiny: usize): v128 {
  return select(x, y, f32x4.lt(f32x4.abs(x), k(tiny)));
}

// ---------------------------------------------------------------------------------------------
// exp, expm1: x = n ln2 + r with |r| <= ln2/2, exp(x) = 2^n (1 + expm1(r))

const LOG2E = memory.data<f32>([1.44269502]);
const LN2_HI = memory.data<f32>([0.693359375]); // 9 significant bits: n * LN2_HI is exact
const LN2_LO = memory.data<f32>([-2.12194442e-4]); // ln2 - LN2_HI
const EXP_MAX = memory.data<f32>([89]); // exp overflows in f32 from 88.73 on
const EXP_MIN = memory.data<f32>([-104]); // and rounds to 0 below -103.97
const EXPM1_MIN = memory.data<f32>([-30]); // expm1(-30) = -1 in f32
const EXPM1_BIG = memory.data<f32>([25]);
const TINY24 = memory.data<f32>([5.9604645e-8]); // 2^-24

// expm1(r) = r + r^2 P(r) on |r| <= 0.354, relative error 3.7e-9
const E0 = memory.data<f32>([4.999999404e-1]);
const E1 = memory.data<f32>([1.666651219e-1]);
const E2 = memory.data<f32>([4.166830331e-2]);
const E3 = memory.data<f32>([8.369827643e-3]);
const E4 = memory.data<f32>([1.38203206e-3]);

/** expm1(r) on |r| <= 0.354; the coefficients come in as values (see expRun). */
@inline function expm1Poly(r: v128, e0: v128, e1: v128, e2: v128, e3: v128, e4: v128): v128 {
  // Estrin's scheme: a shorter dependency chain than Horner (exp sits on many hot paths).
  const r2 = mul(r, r);
  const lo = add(mul(e1, r), e0);
  const hi = add(add(mul(e3, r), e2), mul(r2, e4));
  return add(r, mul(r2, add(lo, mul(r2, hi))));
}
@inline function expm1Reduced(r: v128): v128 {
  return expm1Poly(r, k(E0), k(E1), k(E2), k(E3), k(E4));
}
/** round(x / ln2) + 1.5 * 2^23 (see ROUNDER): n as a float is this minus ROUNDER, as an int
 *  its bits minus ROUNDER_BITS. */
@inline function expRounded(x: v128): v128 {
  return add(mul(x, k(LOG2E)), k(ROUNDER));
}
/** r = x - n ln2 (Cody-Waite: the first product and difference are exact). */
@inline function expR(x: v128, n: v128): v128 {
  return sub(sub(x, mul(n, k(LN2_HI))), mul(n, k(LN2_LO)));
}
/** 2^k for integer lanes k in [-126, 127]. */
@inline function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, k(EXP_BIAS)), 23);
}
/** p * 2^n for integer lanes n in [-151, 129]: two steps, the first exact, so results in the
 *  subnormal range round once and overflow gives inf. */
@inline function ldexp(p: v128, n: v128): v128 {
  const n1 = i32x4.shr_s(n, 1);
  return mul(mul(p, pow2i(n1)), pow2i(i32x4.sub(n, n1)));
}

/** exp for every input: clamping changes no result but keeps n in ldexp's range (NaN passes
 *  through). Only vectors with a lane outside expNormal's range come here: out of line, since
 *  vexp is inlined into many kernels. */
function vexpAnyRange(x: v128): v128 {
  x = clamp(x, EXP_MIN, EXP_MAX);
  const t = expRounded(x);
  const q = expm1Reduced(expR(x, sub(t, k(ROUNDER))));
  return ldexp(add(k(ONE), q), i32x4.sub(t, k(ROUNDER_BITS)));
}

// n in [-125, 127] <=> |bits(t) - (ROUNDER_BITS + 1)| <= 126; NaN and huge |x| land far outside
const NORMAL_BIAS = memory.data<i32>([0x4b400001]);
const NORMAL_SPAN = memory.data<i32>([126]);

/**
 * exp(x) = (1 + expm1(r)) 2^n, for lanes with n in [-125, 127] (x in about [-86.6, 88.4]): the
 * result is then normal, so 2^n can be added to the exponent field, and t's bits shifted left by
 * 23 are exactly n << 23 (the shift drops ROUNDER_BITS). Equal to vexpAnyRange there (vexp
 * was compared bit for bit over all 2^32 inputs, and tanh, sigmoid and erf with it).
 * `t` is expRounded(x). The constants come in as values so that a loop can splat them once
 * (expRun); vexp passes fresh splats.
 */
@inline function expNormal(
  x: v128, t: v128, rounder: v128, ln2Hi: v128, ln2Lo: v128,
  e0: v128, e1: v128, e2: v128, e3: v128, e4: v128, one: v128,
): v128 {
  const n = sub(t, rounder);
  const r = sub(sub(x, mul(n, ln2Hi)), mul(n, ln2Lo));
  return i32x4.add(add(one, expm1Poly(r, e0, e1, e2, e3, e4)), i32x4.shl(t, 23));
}
/** Lanes expNormal does not cover (NaN included), from t = expRounded(x). */
@inline function expAbnormal(t: v128, bias: v128, span: v128): v128 {
  return i32x4.gt_s(i32x4.abs(i32x4.sub(t, bias)), span);
}

// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  const t = expRounded(x);
  const y = expNormal(x, t, k(ROUNDER), k(LN2_HI), k(LN2_LO), k(E0), k(E1), k(E2), k(E3), k(E4), k(ONE));
  return v128.any_true(expAbnormal(t, k(NORMAL_BIAS), k(NORMAL_SPAN))) ? vexpAnyRange(x) : y;
}

/**
 * out[i] = exp(x[i] - shift) over a dense run of n f32 (out may be x; shift 0 gives exp(x)
 * exactly), with the results of vexp. V8 repeats a splatting load inside a loop on every trip
 * but keeps a local in a register, so most constants are splatted here once: with two vectors
 * per trip that makes it about a quarter faster than a loop over vexp.
 */
export function expRun(x: usize, out: usize, n: i32, shift: f32): void {
  const s = f32x4.splat(shift);
  const log2e = k(LOG2E), rounder = k(ROUNDER), ln2Hi = k(LN2_HI), ln2Lo = k(LN2_LO);
  const e0 = k(E0), e1 = k(E1), e2 = k(E2), e3 = k(E3), e4 = k(E4), one = k(ONE);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2);
    const a = sub(v128.load(p), s);
    const b = sub(v128.load(p, 16), s);
    const ta = add(mul(a, log2e), rounder);
    const tb = add(mul(b, log2e), rounder);
    let ya = expNormal(a, ta, rounder, ln2Hi, ln2Lo, e0, e1, e2, e3, e4, one);
    let yb = expNormal(b, tb, rounder, ln2Hi, ln2Lo, e0, e1, e2, e3, e4, one);
    // (the check's two constants stay splats: held in registers too, they crowd V8's sixteen)
    const abnormal = v128.or(expAbnormal(ta, k(NORMAL_BIAS), k(NORMAL_SPAN)), expAbnormal(tb, k(NORMAL_BIAS), k(NORMAL_SPAN)));
    if (v128.any_true(abnormal)) {
      ya = vexpAnyRange(a);
      yb = vexpAnyRange(b);
    }
    const q = out + (<usize>i << 2);
    v128.store(q, ya);
    v128.store(q, yb, 16);
  }
  // the last 0..7 elements, four lanes at a time (a partial vector reads and writes only its own)
  for (; i < n; i += 4) {
    const p = x + (<usize>i << 2);
    const q = out + (<usize>i << 2);
    const m = n - i;
    if (m >= 4) {
      v128.store(q, vexp(sub(v128.load(p), s)));
      continue;
    }
    let v = v128.load32_zero(p);
    if (m > 1) v = v128.load32_lane(p + 4, v, 1);
    if (m > 2) v = v128.load32_lane(p + 8, v, 2);
    const y = vexp(sub(v, s));
    v128.store32_lane(q, y, 0);
    if (m > 1) v128.store32_lane(q + 4, y, 1);
    if (m > 2) v128.store32_lane(q + 8, y, 2);
  }
}

// @ts-ignore: decorator
@inline export function vexpm1(x: v128): v128 {
  const xc = clamp(x, EXPM1_MIN, EXP_MAX);
  const t = expRounded(xc);
  const n = sub(t, k(ROUNDER));
  const q = expm1Reduced(expR(xc, n));
  const h = pow2i(i32x4.sub(i32x4.sub(t, k(ROUNDER_BITS)), k(ONE_I))); // 2^(n-1), normal
  const p = add(h, h); // 2^n, inf only for n = 128
  // (2^n - 1) + 2^n q keeps all of q's precision when n is small (2^n - 1 is exact). From
  // n = 25 on the -1 is below rounding, and 2 (2^(n-1) (1 + q)) avoids inf - inf at n = 128.
  const small = add(sub(p, k(ONE)), mul(p, q));
  const large = mul(mul(h, add(k(ONE), q)), k(TWO));
  const y = select(large, small, f32x4.ge(n, k(EXPM1_BIG)));
  return identityNearZero(y, x, TINY24);
}

// ---------------------------------------------------------------------------------------------
// log family: x = 2^e (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)); s = f / (2 + f),
// log(1 + f) = 2s + s R(s^2) = f - hfsq + s (hfsq + R) with hfsq = f^2 / 2.

const LOG_LN2_HI = memory.data<f32>([0.693145752]); // 16 significant bits: e * it is exact
const LOG_LN2_LO = memory.data<f32>([1.42860677e-6]);
const IVLN2_HI = memory.data<f32>([1.44287109]); // 12 bits: hi * it is exact for a 12-bit hi
const IVLN2_LO = memory.data<f32>([-1.76052854e-4]);
const IVLN10_HI = memory.data<f32>([0.434326172]);
const IVLN10_LO = memory.data<f32>([-3.16899714e-5]);
const LOG10_2_HI = memory.data<f32>([0.30103302]); // 16 bits
const LOG10_2_LO = memory.data<f32>([-3.02435546e-6]);
const FLT_MIN = memory.data<f32>([1.17549435e-38]);
const TWO_23 = memory.data<f32>([8388608]);
const I23 = memory.data<i32>([23]);
const I127 = EXP_BIAS;
const SQRT_HALF_OFFSET = memory.data<i32>([0x3f800000 - 0x3f3504f3]);
const SQRT_HALF_BITS = memory.data<i32>([0x3f3504f3]);
const MANT_MASK = memory.data<i32>([0x007fffff]);
const HI12_MASK = memory.data<i32>([0xfffff000]);

// R(z) = z (L0 + L1 z + L2 z^2), z = s^2 <= 0.0295: error 9e-10 relative to log
const L0 = memory.data<f32>([6.66667819e-1]);
const L1 = memory.data<f32>([3.997673392e-1]);
const L2 = memory.data<f32>([2.989601195e-1]);

/** Finishes log from the pieces of the reduction: e (float), f, hfsq and s (hfsq + R). */
@final class LnFinish {
  @inline finish(e: v128, f: v128, hfsq: v128, sR: v128): v128 {
    const lo = sub(hfsq, add(sR, mul(e, k(LOG_LN2_LO))));
    return add(mul(e, k(LOG_LN2_HI)), sub(f, lo));
  }
}
/** log2 and log10 split f - hfsq into a 12-bit hi (exact products with the *_HI constants)
 *  and a lo part, and add the large e term last. */
@inline function logHi(f: v128, hfsq: v128): v128 {
  return v128.and(sub(f, hfsq), k(HI12_MASK));
}
@final class Log2Finish {
  @inline finish(e: v128, f: v128, hfsq: v128, sR: v128): v128 {
    const hi = logHi(f, hfsq);
    const lo = add(sub(sub(f, hi), hfsq), sR);
    const small = add(mul(add(lo, hi), k(IVLN2_LO)), mul(lo, k(IVLN2_HI)));
    return add(add(small, mul(hi, k(IVLN2_HI))), e);
  }
}
@final class Log10Finish {
  @inline finish(e: v128, f: v128, hfsq: v128, sR: v128): v128 {
    const hi = logHi(f, hfsq);
    const lo = add(sub(sub(f, hi), hfsq), sR);
    let y = add(mul(e, k(LOG10_2_LO)), mul(add(lo, hi), k(IVLN10_LO)));
    y = add(add(y, mul(lo, k(IVLN10_HI))), mul(hi, k(IVLN10_HI)));
    return add(y, mul(e, k(LOG10_2_HI)));
  }
}

@inline function logCore<Fin>(x: v128): v128 {
  // Subnormals: scale by 2^23 first so the exponent/mantissa split works.
  const tiny = f32x4.lt(x, k(FLT_MIN));
  const xs = select(mul(x, k(TWO_23)), x, tiny);
  // Adding 1 - sqrt(1/2) (in bits) moves the exponent boundary to sqrt(1/2).
  const ix = i32x4.add(xs, k(SQRT_HALF_OFFSET));
  const e = i32x4.sub(i32x4.sub(i32x4.shr_s(ix, 23), k(I127)), v128.and(tiny, k(I23)));
  const m = i32x4.add(v128.and(ix, k(MANT_MASK)), k(SQRT_HALF_BITS));
  const f = sub(m, k(ONE));
  const s = div(f, add(k(TWO), f));
  const z = mul(s, s);
  const R = mul(z, horner(horner(k(L2), z, L1), z, L0));
  const hfsq = mul(mul(k(HALF), f), f);
  let y = changetype<Fin>(0).finish(f32x4.convert_i32x4_s(e), f, hfsq, mul(s, add(hfsq, R)));
  // log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf, NaN stays NaN.
  const zero = f32x4.splat(0);
  y = select(k(NEG_INF), y, f32x4.eq(x, zero));
  y = select(k(QNAN), y, f32x4.lt(x, zero));
  return select(x, y, v128.or(f32x4.eq(x, k(INF)), f32x4.ne(x, x)));
}

// @ts-ignore: decorator
@inline export function vlog(x: v128): v128 {
  return logCore<LnFinish>(x);
}
// @ts-ignore: decorator
@inline export function vlog2(x: v128): v128 {
  return logCore<Log2Finish>(x);
}
// @ts-ignore: decorator
@inline export function vlog10(x: v128): v128 {
  return logCore<Log10Finish>(x);
}

// @ts-ignore: decorator
@inline export function vlog1p(x: v128): v128 {
  const u = add(k(ONE), x);
  // log(u) + (x - (u - 1)) / u: the second term restores what rounding 1 + x dropped.
  let c = div(sub(x, sub(u, k(ONE))), u);
  c = v128.and(c, f32x4.eq(c, c)); // NaN (u = 0 or inf) -> 0: log(u) alone is then right
  return identityNearZero(add(vlog(u), c), x, TINY24);
}

// ---------------------------------------------------------------------------------------------
// tanh, sigmoid

// tanh(a) = a + a^3 P(a^2) for a < 0.625: relative error 4.7e-9
const T0 = memory.data<f32>([-3.333328068e-1]);
const T1 = memory.data<f32>([1.333139539e-1]);
const T2 = memory.data<f32>([-5.373513326e-2]);
const T3 = memory.data<f32>([2.062251046e-2]);
const T4 = memory.data<f32>([-5.685010459e-3]);
const TANH_SMALL = memory.data<f32>([0.625]);

const TANH_ONE = memory.data<f32>([8.664339742]);

// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const a = f32x4.abs(x);
  const t = mul(a, a);
  let p = horner(k(T4), t, T3);
  p = horner(p, t, T2);
  p = horner(p, t, T1);
  p = horner(p, t, T0);
  const small = add(a, mul(mul(a, t), p));
  // From tanh >= 0.55 on, 1 - 2 / (e^2a + 1) has no cancellation; exp overflow gives 1.
  const big = sub(k(ONE), div(k(TWO), add(vexp(add(a, a)), k(ONE))));
  // PyTorch's tanh (Sleef) is exactly +-1 from |x| > 8.664339742 on; match its printed digits
  const r = select(small, big, f32x4.lt(a, k(TANH_SMALL)));
  return withSignOf(select(k(ONE), r, f32x4.gt(a, k(TANH_ONE))), x); // NaN stays NaN
}

// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  // t = e^-|x| cannot overflow; sigmoid = 1 / (1 + t) for x >= 0 and t / (1 + t) for x < 0,
  // which also keeps the tiny (even subnormal) results for very negative x.
  const t = vexp(f32x4.neg(f32x4.abs(x)));
  const num = select(k(ONE), t, f32x4.ge(x, f32x4.splat(0)));
  return div(num, add(k(ONE), t));
}

// ---------------------------------------------------------------------------------------------
// erf: a + a P(a^2) below 1, 1 - e^(-a^2) Q(a - 2.5) on [1, 4], 1 beyond (erf(4) rounds to 1)

const P0 = memory.data<f32>([1.283791661e-1]); // 2/sqrt(pi) - 1: the leading a is exact
const P1 = memory.data<f32>([-3.761262596e-1]);
const P2 = memory.data<f32>([1.128357649e-1]);
const P3 = memory.data<f32>([-2.685315348e-2]);
const P4 = memory.data<f32>([5.186607596e-3]);
const P5 = memory.data<f32>([-7.991409511e-4]);
const P6 = memory.data<f32>([7.780694432e-5]);
// Q(u) ~ erfc(u + 2.5) e^((u + 2.5)^2); error 2.8e-9 relative to erf
const Q0 = memory.data<f32>([2.108077407e-1]);
const Q1 = memory.data<f32>([-7.434250414e-2]);
const Q2 = memory.data<f32>([2.490845136e-2]);
const Q3 = memory.data<f32>([-8.146977052e-3]);
const Q4 = memory.data<f32>([2.299321117e-3]);
const Q5 = memory.data<f32>([-6.330668693e-4]);
const Q6 = memory.data<f32>([5.820446531e-4]);
const Q7 = memory.data<f32>([2.4547457e-4]);
const Q8 = memory.data<f32>([1.107602147e-4]);
const Q_CENTER = memory.data<f32>([2.5]);
const ERF_ONE_FROM = memory.data<f32>([4]);

// @ts-ignore: decorator
@inline export function verf(x: v128): v128 {
  const a = f32x4.abs(x);
  const t = mul(a, a);
  let p = horner(k(P6), t, P5);
  p = horner(p, t, P4);
  p = horner(p, t, P3);
  p = horner(p, t, P2);
  p = horner(p, t, P1);
  p = horner(p, t, P0);
  const small = add(a, mul(a, p));
  const b = f32x4.pmin(a, k(ERF_ONE_FROM)); // NaN stays NaN
  const u = sub(b, k(Q_CENTER));
  let q = horner(k(Q8), u, Q7);
  q = horner(q, u, Q6);
  q = horner(q, u, Q5);
  q = horner(q, u, Q4);
  q = horner(q, u, Q3);
  q = horner(q, u, Q2);
  q = horner(q, u, Q1);
  q = horner(q, u, Q0);
  const big = sub(k(ONE), mul(vexp(f32x4.neg(mul(b, b))), q));
  return withSignOf(select(small, big, f32x4.lt(a, k(ONE))), x);
}

// ---------------------------------------------------------------------------------------------
// sin, cos, tan: x = n pi/2 + r with |r| <= pi/4 (plus a little for the rounding of n)

const TWO_OVER_PI = memory.data<f32>([0.636619747]);
// pi/2 in pieces of 8 significant bits: n < 2^16 makes every n * PIO2_i exact
const PIO2_1 = memory.data<f32>([1.5703125]);
const PIO2_2 = memory.data<f32>([4.84466553e-4]);
const PIO2_3 = memory.data<f32>([-6.40749931e-7]);
const PIO2_4 = memory.data<f32>([9.92093629e-10]);
const TRIG_MAX: f32 = 1e5; // beyond, n needs more bits: those lanes use scalar Math
const TRIG_MAX_V = memory.data<f32>([TRIG_MAX]);
const TINY13 = memory.data<f32>([1.2207031e-4]); // 2^-13: sin x and tan x round to x below
// sin(r) = r + r^3 S(r^2): relative error 4.7e-9
const S0 = memory.data<f32>([-1.666665375e-1]);
const S1 = memory.data<f32>([8.332093246e-3]);
const S2 = memory.data<f32>([-1.950514707e-4]);
// cos(r) = 1 - r^2/2 + r^4 C(r^2): absolute error 1.3e-10
const C0 = memory.data<f32>([4.166664556e-2]);
const C1 = memory.data<f32>([-1.388728851e-3]);
const C2 = memory.data<f32>([2.442821096e-5]);
// tan(r) = r + r^3 T(r^2): relative error 1.8e-9
const TN0 = memory.data<f32>([3.333335519e-1]);
const TN1 = memory.data<f32>([1.333246231e-1]);
const TN2 = memory.data<f32>([5.40836975e-2]);
const TN3 = memory.data<f32>([2.115568332e-2]);
const TN4 = memory.data<f32>([1.117106341e-2]);
const TN5 = memory.data<f32>([-3.428048803e-4]);
const TN6 = memory.data<f32>([4.592448007e-3]);
const MINUS_ONE = memory.data<f32>([-1]);

@inline function sinPoly(r: v128, t: v128): v128 {
  return add(r, mul(mul(r, t), horner(horner(k(S2), t, S1), t, S0)));
}
@inline function cosPoly(t: v128): v128 {
  const p = horner(horner(k(C2), t, C1), t, C0);
  return add(sub(k(ONE), mul(k(HALF), t)), mul(mul(t, t), p));
}
@inline function isOdd(q: v128): v128 {
  return i32x4.eq(v128.and(q, k(ONE_I)), k(ONE_I));
}
/** sin(x) from r and the quadrant q (sin(x) has q = n; cos(x) = sin(x + pi/2) has q = n + 1). */
@inline function quadrant(r: v128, q: v128): v128 {
  const t = mul(r, r);
  const y = select(cosPoly(t), sinPoly(r, t), isOdd(q));
  return v128.xor(y, i32x4.shl(v128.and(q, k(TWO_I)), 30)); // quadrants 2, 3: negate
}

@final class SinFinish {
  @inline finish(x: v128, r: v128, n: v128): v128 {
    return identityNearZero(quadrant(r, n), x, TINY13);
  }
  @inline scalar(x: f32): f32 {
    return <f32>Math.sin(<f64>x);
  }
}
@final class CosFinish {
  @inline finish(x: v128, r: v128, n: v128): v128 {
    return quadrant(r, i32x4.add(n, k(ONE_I)));
  }
  @inline scalar(x: f32): f32 {
    return <f32>Math.cos(<f64>x);
  }
}
@final class TanFinish {
  @inline finish(x: v128, r: v128, n: v128): v128 {
    const t = mul(r, r);
    let p = horner(k(TN6), t, TN5);
    p = horner(p, t, TN4);
    p = horner(p, t, TN3);
    p = horner(p, t, TN2);
    p = horner(p, t, TN1);
    p = horner(p, t, TN0);
    const y = add(r, mul(mul(r, t), p));
    // tan(x) = -1 / tan(r) in odd quadrants (no f32 input is close enough to a pole to hurt).
    return identityNearZero(select(div(k(MINUS_ONE), y), y, isOdd(n)), x, TINY13);
  }
  @inline scalar(x: f32): f32 {
    return <f32>Math.tan(<f64>x);
  }
}

// Spill area for patching single lanes (SIMD lane indices must be constants).
const LANES = memory.data(32, 16);

/** Lanes with |x| > TRIG_MAX (or inf) replaced by the scalar Math result. */
@inline function trigFar<Fin>(x: v128, y: v128): v128 {
  v128.store(LANES, x);
  v128.store(LANES, y, 16);
  for (let j: usize = 0; j < 16; j += 4) {
    const xj = load<f32>(LANES + j);
    if (abs(xj) > TRIG_MAX) store<f32>(LANES + j, changetype<Fin>(0).scalar(xj), 16);
  }
  return v128.load(LANES, 16);
}

@inline function trig<Fin>(x: v128): v128 {
  const t = add(mul(x, k(TWO_OVER_PI)), k(ROUNDER)); // n = round(2x / pi), see ROUNDER
  const n = sub(t, k(ROUNDER)); // +0 for x = -0, so r and sin(-0) stay -0
  let r = sub(x, mul(n, k(PIO2_1)));
  r = sub(r, mul(n, k(PIO2_2)));
  r = sub(r, mul(n, k(PIO2_3)));
  r = sub(r, mul(n, k(PIO2_4)));
  const y = changetype<Fin>(0).finish(x, r, i32x4.sub(t, k(ROUNDER_BITS)));
  // Rare: |x| > 1e5 or +-inf (NaN lanes are already NaN). Math reduces exactly.
  const far = f32x4.gt(f32x4.abs(x), k(TRIG_MAX_V));
  return v128.any_true(far) ? trigFar<Fin>(x, y) : y;
}

// @ts-ignore: decorator
@inline export function vsin(x: v128): v128 {
  return trig<SinFinish>(x);
}
// @ts-ignore: decorator
@inline export function vcos(x: v128): v128 {
  return trig<CosFinish>(x);
}
// @ts-ignore: decorator
@inline export function vtan(x: v128): v128 {
  return trig<TanFinish>(x);
}

// ---------------------------------------------------------------------------------------------
// Scalar f64 erf (erf_f64, and the specs' reference): within ~1 ulp of the exact values.

// |x| < 0.5: erf = x + x P(8 x^2 - 1)
const EP: StaticArray<f64> = [
  0.08307523767617131, -0.043642058886697886, 0.0016130716680617066, -4.762336934519553e-5,
  1.1516037795271543e-6, -2.3472289797029846e-8, 4.1270250905893714e-10, -6.376868594613209e-12,
  8.7779142289614e-14,
];
// 0.5 <= |x| < 6: erfc = t exp(-x^2 + R((t - 0.525) / 0.275)) with t = 2 / (2 + x)
const ER: StaticArray<f64> = [
  -0.6380494854628526, 0.37236164903328006, 0.012152046819100747, -0.008093418710768917,
  -0.0006964353517031059, 0.0004644792212099403, 2.587000552794797e-5, -3.5707616442517646e-5,
  1.1974025982392278e-6, 2.785955290688049e-6, -4.480176406975679e-7, -1.7648093522130764e-7,
  6.534615918254133e-8, 4.822527990783621e-9, -6.458399940008083e-9, 6.553524271037502e-10,
  4.1628799613817336e-10, -8.920295975022515e-11, -1.226403082640555e-11,
];

@inline function hornerArr(c: StaticArray<f64>, u: f64): f64 {
  let p = unchecked(c[c.length - 1]);
  for (let i = c.length - 2; i >= 0; i--) p = p * u + unchecked(c[i]);
  return p;
}

export function erf64(x: f64): f64 {
  const a = abs(x);
  let y: f64;
  if (a < 0.5) {
    y = a + a * hornerArr(EP, a * a * 8 - 1);
  } else if (a < 6) {
    const t = 2 / (2 + a);
    y = 1 - t * Math.exp(hornerArr(ER, (t - 0.525) / 0.275) - a * a);
  } else {
    y = a == a ? 1 : a; // erf rounds to 1 from 5.9 on; NaN stays NaN
  }
  return copysign<f64>(y, x);
}

// =============================================================================================
// Kernel loop helpers shared by unary.ts and binary.ts. They live here, in a module the
// entry file does not re-export, so that these generic exports stay out of the wasm ABI.

/** Results of one vector: same-size lanes are stored as they are; predicate masks (U = bool)
 *  become one 0/1 byte per lane. */
// @ts-ignore: decorator
@inline export function storeVec<T, U>(out: usize, v: v128): void {
  if (!isBoolean<U>()) {
    v128.store(out, v);
  } else if (sizeof<T>() == 1) {
    v128.store(out, v128.and(v, i8x16.splat(1)));
  } else if (sizeof<T>() == 4) {
    const b = i8x16.shuffle(v, v, 0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    store<u32>(out, i32x4.extract_lane(b, 0) & 0x01010101);
  } else {
    const b = i8x16.shuffle(v, v, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    store<u16>(out, i16x8.extract_lane_u(b, 0) & 0x0101);
  }
}

/** Lane-wise max / min; floats propagate NaN (wasm semantics), i64 has no SIMD max. */
// @ts-ignore: decorator
@inline export function vmax<T>(a: v128, b: v128): v128 {
  if (isInteger<T>() && sizeof<T>() == 8) return v128.bitselect(a, b, v128.gt<T>(a, b));
  return v128.max<T>(a, b);
}
// @ts-ignore: decorator
@inline export function vmin<T>(a: v128, b: v128): v128 {
  if (isInteger<T>() && sizeof<T>() == 8) return v128.bitselect(a, b, v128.lt<T>(a, b));
  return v128.min<T>(a, b);
}

// Odometer counters of the outer dims (static memory: kernels never allocate).
const ODOMETER = memory.data(4 * 32);

/**
 * Walks a descriptor `[ndim, shape[ndim], strides of operand 0 [ndim], ...]` row by row:
 * calls `R.run(p0..p3, n, s0..s3)` once per index of the outer dims with the operands'
 * pointers at the row start, the last dim's length and its element strides. `nops` is how
 * many operands the descriptor has (2..4); `z*` are their element sizes in bytes.
 */
export function forEachRow<R>(
  desc: usize, nops: i32,
  p0: usize, p1: usize, p2: usize, p3: usize,
  z0: usize, z1: usize, z2: usize, z3: usize,
): void {
  const row = changetype<R>(0);
  const nd = load<i32>(desc);
  if (nd <= 0) {
    row.run(p0, p1, p2, p3, 1, 0, 0, 0, 0); // a 0-d tensor: one element
    return;
  }
  const shape = desc + 4;
  const span = <usize>nd << 2; // bytes from one operand's strides to the next one's
  const st0 = shape + span;
  const st1 = st0 + span;
  const st2 = st1 + span;
  const st3 = st2 + span;
  const last = span - 4;
  const n = load<i32>(shape + last);
  let rows = 1;
  for (let d: usize = 0; d < last; d += 4) {
    rows *= load<i32>(shape + d);
    store<i32>(ODOMETER + d, 0);
  }
  if (n <= 0 || rows <= 0) return;
  const s2 = nops > 2 ? load<i32>(st2 + last) : 0;
  const s3 = nops > 3 ? load<i32>(st3 + last) : 0;
  const s0 = load<i32>(st0 + last);
  const s1 = load<i32>(st1 + last);
  while (true) {
    row.run(p0, p1, p2, p3, n, s0, s1, s2, s3);
    if (--rows == 0) return;
    // Next row: bump the innermost outer dim; a dim that wraps rewinds and carries left.
    let d = last;
    while (true) {
      d -= 4;
      const c = load<i32>(ODOMETER + d) + 1;
      const sh = load<i32>(shape + d);
      const k = c < sh ? 1 : 1 - sh; // steps to move along dim d
      p0 += <usize>(load<i32>(st0 + d) * k) * z0;
      p1 += <usize>(load<i32>(st1 + d) * k) * z1;
      if (nops > 2) p2 += <usize>(load<i32>(st2 + d) * k) * z2;
      if (nops > 3) p3 += <usize>(load<i32>(st3 + d) * k) * z3;
      if (c < sh) {
        store<i32>(ODOMETER + d, c);
        break;
      }
      store<i32>(ODOMETER + d, 0);
    }
  }
}
