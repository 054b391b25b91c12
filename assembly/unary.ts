// Elementwise unary kernels (ABI.md, "unary.ts").
//
// An op is a @final class with two inlined methods: `s` maps one element and `v` one v128
// (for predicates, `v` returns lane masks that the store packs into 0/1 bytes). Loops are
// generic over the op, so each export below is one line and the compiled loop is
// specialised with no calls. AssemblyScript cannot call static methods of a type parameter,
// hence `changetype<Op>(0).s(...)`: the receiver is never read.
//
// The generic loop helpers shared with binary.ts (row walker, stores) are in vmath.ts.

import {
  vexp, vlog, vlog1p, vlog2, vlog10, vsin, vcos, vtan, vtanh, vsigmoid, verf, erf64,
  forEachRow, storeVec, vmax, expRun,
} from './vmath';
import { gather } from './lanes';

// =============================================================================================
// Loops

/** Dense run: SIMD body, scalar tail. Not @inline: an op's dense and strided exports share it. */
function unaryDense<T, U, Op>(x: usize, out: usize, n: i32): void {
  const op = changetype<Op>(0);
  const lanes = 16 / <i32>sizeof<T>();
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    storeVec<T, U>(out + <usize>i * sizeof<U>(), op.v(v128.load(x + <usize>i * sizeof<T>())));
  }
  for (; i < n; i++) {
    store<U>(out + <usize>i * sizeof<U>(), op.s(load<T>(x + <usize>i * sizeof<T>())));
  }
}

/** Any strides. 4- and 8-byte elements go through the vector op in gathered groups (the
 *  transcendentals cost the same for one lane as for four); a broadcast input (sx = 0) is
 *  computed once. */
// @ts-ignore: decorator
@inline function unaryStrided<T, U, Op>(x: usize, out: usize, n: i32, sx: i32, so: i32): void {
  const op = changetype<Op>(0);
  const dx = <usize>sx * sizeof<T>();
  const dout = <usize>so * sizeof<U>();
  if (sx == 0) {
    const y = op.s(load<T>(x));
    for (let i = 0; i < n; i++, out += dout) store<U>(out, y);
    return;
  }
  let i = 0;
  if (sizeof<T>() >= 4 && sizeof<U>() == sizeof<T>()) {
    const lanes = 16 / <i32>sizeof<T>();
    for (; i + lanes <= n; i += lanes) {
      scatter<U>(out, dout, op.v(gather<T>(x, dx)));
      x += dx * lanes;
      out += dout * lanes;
    }
  }
  for (; i < n; i++, x += dx, out += dout) store<U>(out, op.s(load<T>(x)));
}

// @ts-ignore: decorator
@inline function scatter<T>(p: usize, step: usize, v: v128): void {
  if (sizeof<T>() == 8) {
    v128.store64_lane(p, v, 0);
    v128.store64_lane(p + step, v, 1);
    return;
  }
  v128.store32_lane(p, v, 0);
  v128.store32_lane(p + step, v, 1);
  v128.store32_lane(p + 2 * step, v, 2);
  v128.store32_lane(p + 3 * step, v, 3);
}

@final class UnaryRow<T, U, Op> {
  @inline run(x: usize, out: usize, _p2: usize, _p3: usize, n: i32, sx: i32, so: i32, _s2: i32, _s3: i32): void {
    if (so == 1 && sx == 1) unaryDense<T, U, Op>(x, out, n);
    else unaryStrided<T, U, Op>(x, out, n, sx, so);
  }
}

// @ts-ignore: decorator
@inline function un<T, U, Op>(x: usize, out: usize, n: i32): void {
  unaryDense<T, U, Op>(x, out, n);
}
// @ts-ignore: decorator
@inline function unS<T, U, Op>(x: usize, out: usize, desc: usize): void {
  forEachRow<UnaryRow<T, U, Op>>(desc, 2, x, out, 0, 0, sizeof<T>(), sizeof<U>(), 0, 0);
}

// =============================================================================================
// Ops (T is the element type; the same class serves floats and ints where the ABI has both)

@final class Neg<T> {
  @inline s(x: T): T { return -x; }
  @inline v(x: v128): v128 { return v128.neg<T>(x); }
}
@final class Abs<T> {
  @inline s(x: T): T { return abs<T>(x); }
  @inline v(x: v128): v128 { return v128.abs<T>(x); }
}
@final class Sqrt<T> {
  @inline s(x: T): T { return sqrt<T>(x); }
  @inline v(x: v128): v128 { return v128.sqrt<T>(x); }
}
@final class Rsqrt<T> {
  @inline s(x: T): T { return <T>1 / sqrt<T>(x); } // rsqrt(0) = inf
  @inline v(x: v128): v128 { return v128.div<T>(v128.splat<T>(1), v128.sqrt<T>(x)); }
}
@final class Reciprocal<T> {
  @inline s(x: T): T { return <T>1 / x; }
  @inline v(x: v128): v128 { return v128.div<T>(v128.splat<T>(1), x); }
}
@final class Square<T> {
  @inline s(x: T): T { return x * x; }
  @inline v(x: v128): v128 { return v128.mul<T>(x, x); }
}
@final class Floor<T> {
  @inline s(x: T): T { return floor<T>(x); }
  @inline v(x: v128): v128 { return v128.floor<T>(x); }
}
@final class Ceil<T> {
  @inline s(x: T): T { return ceil<T>(x); }
  @inline v(x: v128): v128 { return v128.ceil<T>(x); }
}
@final class Trunc<T> {
  @inline s(x: T): T { return trunc<T>(x); }
  @inline v(x: v128): v128 { return v128.trunc<T>(x); }
}
/** Round half to even (wasm `nearest`), as torch.round. */
@final class Round<T> {
  @inline s(x: T): T { return nearest<T>(x); }
  @inline v(x: v128): v128 { return v128.nearest<T>(x); }
}
/** x - trunc(x), as PyTorch computes it (so frac(inf) = NaN). */
@final class Frac<T> {
  @inline s(x: T): T { return x - trunc<T>(x); }
  @inline v(x: v128): v128 { return v128.sub<T>(x, v128.trunc<T>(x)); }
}
/** (0 < x) - (x < 0): sign(NaN) = 0 and sign(-0) = 0 like PyTorch. */
@final class Sign<T> {
  @inline s(x: T): T { return <T>(x > <T>0) - <T>(x < <T>0); }
  @inline v(x: v128): v128 {
    const zero = v128.splat<T>(0);
    const one = v128.splat<T>(1);
    return v128.sub<T>(v128.and(v128.gt<T>(x, zero), one), v128.and(v128.lt<T>(x, zero), one));
  }
}
/** max(x, 0); NaN stays NaN. */
/** x < 0 ? 0 : x, as PyTorch: NaN and -0 pass through; floats by pmax, one instruction where
 *  the NaN-propagating max is several. */
@final class Relu<T> {
  @inline s(x: T): T { return x < <T>0 ? <T>0 : x; }
  @inline v(x: v128): v128 { return isFloat<T>() ? v128.pmax<T>(x, v128.splat<T>(0)) : vmax<T>(x, v128.splat<T>(0)); }
}
@final class IsNan<T> {
  @inline s(x: T): bool { return x != x; }
  @inline v(x: v128): v128 { return v128.ne<T>(x, x); }
}
@final class IsInf<T> {
  @inline s(x: T): bool { return abs<T>(x) == <T>Infinity; }
  @inline v(x: v128): v128 { return v128.eq<T>(v128.abs<T>(x), v128.splat<T>(<T>Infinity)); }
}
@final class IsFinite<T> {
  @inline s(x: T): bool { return abs<T>(x) < <T>Infinity; }
  @inline v(x: v128): v128 { return v128.lt<T>(v128.abs<T>(x), v128.splat<T>(<T>Infinity)); }
}
@final class LogicalNot {
  @inline s(x: u8): bool { return x == 0; }
  @inline v(x: v128): v128 { return i8x16.eq(x, i8x16.splat(0)); }
}

/**
 * A transcendental function: f32 uses the f32x4 version F.v from vmath (scalar tails too, so
 * every element gets the same rounding); f64 applies the scalar F.d lane by lane.
 */
@final class Fn<T, F> {
  @inline s(x: T): T {
    if (sizeof<T>() == 4) return lane0<F>(x);
    return changetype<F>(0).d(x);
  }
  @inline v(x: v128): v128 {
    if (sizeof<T>() == 4) return changetype<F>(0).v(x);
    return mapLanes<T, Fn<T, F>>(x);
  }
}
/** One f32 through the vector code (not inlined: it only serves tails and strided loops). */
function lane0<F>(x: f32): f32 {
  return f32x4.extract_lane(changetype<F>(0).v(f32x4.splat(x)), 0);
}

@final class ExpF {
  @inline v(x: v128): v128 { return vexp(x); }
  @inline d(x: f64): f64 { return Math.exp(x); }
}
// @ts-ignore: decorator
@inline function expm1f(x: f32): f32 {
  return x < <f32>-16.635532 ? <f32>-1 : <f32>Math.expm1(<f64>x);
}
@final class Expm1F {
  // PyTorch 1.13 (Sleef's expm1f) is correctly rounded in practice and exactly -1 below
  // -16.635532: each lane goes through f64, then that cut, so printed digits match
  @inline v(x: v128): v128 {
    let r = f32x4.splat(expm1f(f32x4.extract_lane(x, 0)));
    r = f32x4.replace_lane(r, 1, expm1f(f32x4.extract_lane(x, 1)));
    r = f32x4.replace_lane(r, 2, expm1f(f32x4.extract_lane(x, 2)));
    return f32x4.replace_lane(r, 3, expm1f(f32x4.extract_lane(x, 3)));
  }
  @inline d(x: f64): f64 { return Math.expm1(x); }
}
@final class LogF {
  @inline v(x: v128): v128 { return vlog(x); }
  @inline d(x: f64): f64 { return Math.log(x); }
}
@final class Log1pF {
  @inline v(x: v128): v128 { return vlog1p(x); }
  @inline d(x: f64): f64 { return Math.log1p(x); }
}
@final class Log2F {
  @inline v(x: v128): v128 { return vlog2(x); }
  @inline d(x: f64): f64 { return Math.log2(x); }
}
@final class Log10F {
  @inline v(x: v128): v128 { return vlog10(x); }
  @inline d(x: f64): f64 { return Math.log10(x); }
}
@final class SinF {
  @inline v(x: v128): v128 { return vsin(x); }
  @inline d(x: f64): f64 { return Math.sin(x); }
}
@final class CosF {
  @inline v(x: v128): v128 { return vcos(x); }
  @inline d(x: f64): f64 { return Math.cos(x); }
}
@final class TanF {
  @inline v(x: v128): v128 { return vtan(x); }
  @inline d(x: f64): f64 { return Math.tan(x); }
}
@final class TanhF {
  @inline v(x: v128): v128 { return vtanh(x); }
  @inline d(x: f64): f64 { return Math.tanh(x); }
}
@final class SigmoidF {
  @inline v(x: v128): v128 { return vsigmoid(x); }
  @inline d(x: f64): f64 { return sigmoid64(x); }
}
@final class ErfF {
  @inline v(x: v128): v128 { return verf(x); }
  @inline d(x: f64): f64 { return erf64(x); }
}

/** Applies the op's scalar `s` lane by lane (f64 functions that only exist as scalars). */
// @ts-ignore: decorator
@inline function mapLanes<T, Op>(x: v128): v128 {
  const op = changetype<Op>(0);
  let y = v128.splat<T>(op.s(v128.extract_lane<T>(x, 0)));
  y = v128.replace_lane<T>(y, 1, op.s(v128.extract_lane<T>(x, 1)));
  if (sizeof<T>() == 8) return y;
  y = v128.replace_lane<T>(y, 2, op.s(v128.extract_lane<T>(x, 2)));
  return v128.replace_lane<T>(y, 3, op.s(v128.extract_lane<T>(x, 3)));
}

/** 1 / (1 + e^-x) without overflow, keeping tiny results for very negative x. */
// @ts-ignore: decorator
@inline function sigmoid64(x: f64): f64 {
  const t = Math.exp(-abs(x));
  return (x >= 0 ? 1 : t) / (1 + t);
}

// =============================================================================================
// Exports: <op>_<dt>(x, out, n) dense, <op>_<dt>_s(x, out, desc) strided

export function neg_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Neg<f32>>(x, out, n); }
export function neg_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Neg<f32>>(x, out, d); }
export function neg_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Neg<f64>>(x, out, n); }
export function neg_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Neg<f64>>(x, out, d); }
export function neg_i32(x: usize, out: usize, n: i32): void { un<i32, i32, Neg<i32>>(x, out, n); }
export function neg_i32_s(x: usize, out: usize, d: usize): void { unS<i32, i32, Neg<i32>>(x, out, d); }
export function neg_i64(x: usize, out: usize, n: i32): void { un<i64, i64, Neg<i64>>(x, out, n); }
export function neg_i64_s(x: usize, out: usize, d: usize): void { unS<i64, i64, Neg<i64>>(x, out, d); }

export function abs_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Abs<f32>>(x, out, n); }
export function abs_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Abs<f32>>(x, out, d); }
export function abs_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Abs<f64>>(x, out, n); }
export function abs_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Abs<f64>>(x, out, d); }
export function abs_i32(x: usize, out: usize, n: i32): void { un<i32, i32, Abs<i32>>(x, out, n); }
export function abs_i32_s(x: usize, out: usize, d: usize): void { unS<i32, i32, Abs<i32>>(x, out, d); }
export function abs_i64(x: usize, out: usize, n: i32): void { un<i64, i64, Abs<i64>>(x, out, n); }
export function abs_i64_s(x: usize, out: usize, d: usize): void { unS<i64, i64, Abs<i64>>(x, out, d); }

export function sign_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Sign<f32>>(x, out, n); }
export function sign_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Sign<f32>>(x, out, d); }
export function sign_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Sign<f64>>(x, out, n); }
export function sign_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Sign<f64>>(x, out, d); }
export function sign_i32(x: usize, out: usize, n: i32): void { un<i32, i32, Sign<i32>>(x, out, n); }
export function sign_i32_s(x: usize, out: usize, d: usize): void { unS<i32, i32, Sign<i32>>(x, out, d); }
export function sign_i64(x: usize, out: usize, n: i32): void { un<i64, i64, Sign<i64>>(x, out, n); }
export function sign_i64_s(x: usize, out: usize, d: usize): void { unS<i64, i64, Sign<i64>>(x, out, d); }

export function square_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Square<f32>>(x, out, n); }
export function square_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Square<f32>>(x, out, d); }
export function square_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Square<f64>>(x, out, n); }
export function square_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Square<f64>>(x, out, d); }
export function square_i32(x: usize, out: usize, n: i32): void { un<i32, i32, Square<i32>>(x, out, n); }
export function square_i32_s(x: usize, out: usize, d: usize): void { unS<i32, i32, Square<i32>>(x, out, d); }
export function square_i64(x: usize, out: usize, n: i32): void { un<i64, i64, Square<i64>>(x, out, n); }
export function square_i64_s(x: usize, out: usize, d: usize): void { unS<i64, i64, Square<i64>>(x, out, d); }

export function relu_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Relu<f32>>(x, out, n); }
export function relu_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Relu<f32>>(x, out, d); }
export function relu_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Relu<f64>>(x, out, n); }
export function relu_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Relu<f64>>(x, out, d); }
export function relu_i32(x: usize, out: usize, n: i32): void { un<i32, i32, Relu<i32>>(x, out, n); }
export function relu_i32_s(x: usize, out: usize, d: usize): void { unS<i32, i32, Relu<i32>>(x, out, d); }
export function relu_i64(x: usize, out: usize, n: i32): void { un<i64, i64, Relu<i64>>(x, out, n); }
export function relu_i64_s(x: usize, out: usize, d: usize): void { unS<i64, i64, Relu<i64>>(x, out, d); }

export function sqrt_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Sqrt<f32>>(x, out, n); }
export function sqrt_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Sqrt<f32>>(x, out, d); }
export function sqrt_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Sqrt<f64>>(x, out, n); }
export function sqrt_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Sqrt<f64>>(x, out, d); }
export function rsqrt_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Rsqrt<f32>>(x, out, n); }
export function rsqrt_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Rsqrt<f32>>(x, out, d); }
export function rsqrt_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Rsqrt<f64>>(x, out, n); }
export function rsqrt_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Rsqrt<f64>>(x, out, d); }
export function reciprocal_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Reciprocal<f32>>(x, out, n); }
export function reciprocal_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Reciprocal<f32>>(x, out, d); }
export function reciprocal_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Reciprocal<f64>>(x, out, n); }
export function reciprocal_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Reciprocal<f64>>(x, out, d); }

export function floor_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Floor<f32>>(x, out, n); }
export function floor_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Floor<f32>>(x, out, d); }
export function floor_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Floor<f64>>(x, out, n); }
export function floor_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Floor<f64>>(x, out, d); }
export function ceil_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Ceil<f32>>(x, out, n); }
export function ceil_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Ceil<f32>>(x, out, d); }
export function ceil_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Ceil<f64>>(x, out, n); }
export function ceil_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Ceil<f64>>(x, out, d); }
export function round_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Round<f32>>(x, out, n); }
export function round_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Round<f32>>(x, out, d); }
export function round_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Round<f64>>(x, out, n); }
export function round_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Round<f64>>(x, out, d); }
export function trunc_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Trunc<f32>>(x, out, n); }
export function trunc_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Trunc<f32>>(x, out, d); }
export function trunc_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Trunc<f64>>(x, out, n); }
export function trunc_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Trunc<f64>>(x, out, d); }
export function frac_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Frac<f32>>(x, out, n); }
export function frac_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Frac<f32>>(x, out, d); }
export function frac_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Frac<f64>>(x, out, n); }
export function frac_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Frac<f64>>(x, out, d); }

// dense f32 exp has a loop of its own that splats exp's constants once (same results as vexp)
export function exp_f32(x: usize, out: usize, n: i32): void { expRun(x, out, n, 0); }
export function exp_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, ExpF>>(x, out, d); }
export function exp_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, ExpF>>(x, out, n); }
export function exp_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, ExpF>>(x, out, d); }
export function expm1_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, Expm1F>>(x, out, n); }
export function expm1_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, Expm1F>>(x, out, d); }
export function expm1_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, Expm1F>>(x, out, n); }
export function expm1_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, Expm1F>>(x, out, d); }
export function log_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, LogF>>(x, out, n); }
export function log_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, LogF>>(x, out, d); }
export function log_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, LogF>>(x, out, n); }
export function log_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, LogF>>(x, out, d); }
export function log1p_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, Log1pF>>(x, out, n); }
export function log1p_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, Log1pF>>(x, out, d); }
export function log1p_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, Log1pF>>(x, out, n); }
export function log1p_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, Log1pF>>(x, out, d); }
export function log2_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, Log2F>>(x, out, n); }
export function log2_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, Log2F>>(x, out, d); }
export function log2_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, Log2F>>(x, out, n); }
export function log2_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, Log2F>>(x, out, d); }
export function log10_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, Log10F>>(x, out, n); }
export function log10_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, Log10F>>(x, out, d); }
export function log10_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, Log10F>>(x, out, n); }
export function log10_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, Log10F>>(x, out, d); }
export function sin_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, SinF>>(x, out, n); }
export function sin_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, SinF>>(x, out, d); }
export function sin_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, SinF>>(x, out, n); }
export function sin_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, SinF>>(x, out, d); }
export function cos_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, CosF>>(x, out, n); }
export function cos_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, CosF>>(x, out, d); }
export function cos_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, CosF>>(x, out, n); }
export function cos_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, CosF>>(x, out, d); }
export function tan_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, TanF>>(x, out, n); }
export function tan_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, TanF>>(x, out, d); }
export function tan_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, TanF>>(x, out, n); }
export function tan_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, TanF>>(x, out, d); }
export function tanh_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, TanhF>>(x, out, n); }
export function tanh_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, TanhF>>(x, out, d); }
export function tanh_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, TanhF>>(x, out, n); }
export function tanh_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, TanhF>>(x, out, d); }
export function sigmoid_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, SigmoidF>>(x, out, n); }
export function sigmoid_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, SigmoidF>>(x, out, d); }
export function sigmoid_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, SigmoidF>>(x, out, n); }
export function sigmoid_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, SigmoidF>>(x, out, d); }
export function erf_f32(x: usize, out: usize, n: i32): void { un<f32, f32, Fn<f32, ErfF>>(x, out, n); }
export function erf_f32_s(x: usize, out: usize, d: usize): void { unS<f32, f32, Fn<f32, ErfF>>(x, out, d); }
export function erf_f64(x: usize, out: usize, n: i32): void { un<f64, f64, Fn<f64, ErfF>>(x, out, n); }
export function erf_f64_s(x: usize, out: usize, d: usize): void { unS<f64, f64, Fn<f64, ErfF>>(x, out, d); }

export function isnan_f32(x: usize, out: usize, n: i32): void { un<f32, bool, IsNan<f32>>(x, out, n); }
export function isnan_f32_s(x: usize, out: usize, d: usize): void { unS<f32, bool, IsNan<f32>>(x, out, d); }
export function isnan_f64(x: usize, out: usize, n: i32): void { un<f64, bool, IsNan<f64>>(x, out, n); }
export function isnan_f64_s(x: usize, out: usize, d: usize): void { unS<f64, bool, IsNan<f64>>(x, out, d); }
export function isinf_f32(x: usize, out: usize, n: i32): void { un<f32, bool, IsInf<f32>>(x, out, n); }
export function isinf_f32_s(x: usize, out: usize, d: usize): void { unS<f32, bool, IsInf<f32>>(x, out, d); }
export function isinf_f64(x: usize, out: usize, n: i32): void { un<f64, bool, IsInf<f64>>(x, out, n); }
export function isinf_f64_s(x: usize, out: usize, d: usize): void { unS<f64, bool, IsInf<f64>>(x, out, d); }
export function isfinite_f32(x: usize, out: usize, n: i32): void { un<f32, bool, IsFinite<f32>>(x, out, n); }
export function isfinite_f32_s(x: usize, out: usize, d: usize): void { unS<f32, bool, IsFinite<f32>>(x, out, d); }
export function isfinite_f64(x: usize, out: usize, n: i32): void { un<f64, bool, IsFinite<f64>>(x, out, n); }
export function isfinite_f64_s(x: usize, out: usize, d: usize): void { unS<f64, bool, IsFinite<f64>>(x, out, d); }

export function logical_not_u8(x: usize, out: usize, n: i32): void { un<u8, bool, LogicalNot>(x, out, n); }
export function logical_not_u8_s(x: usize, out: usize, d: usize): void { unS<u8, bool, LogicalNot>(x, out, d); }
