// Elementwise binary kernels (ABI.md, "binary.ts"): arithmetic, comparisons, logical ops and
// `where`. Ops are @final classes with an element method `s` and a v128 method `v` (lane masks
// for comparisons), driven by the generic loops below; see unary.ts for the pattern.

import { forEachRow, storeVec, vmax, vmin } from './vmath';

// =============================================================================================
// Loops

/** n elements with dense output. Each input is dense (step 1) or one broadcast element
 *  (step 0); ia/ib are constants at every call site, so each variant gets its own loop. */
// @ts-ignore: decorator
@inline function binaryVec<T, U, Op>(a: usize, b: usize, out: usize, n: i32, ia: i32, ib: i32): void {
  const op = changetype<Op>(0);
  const lanes = 16 / <i32>sizeof<T>();
  const va = ia ? v128.splat<T>(0) : v128.splat<T>(load<T>(a));
  const vb = ib ? v128.splat<T>(0) : v128.splat<T>(load<T>(b));
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const x = ia ? v128.load(a + <usize>i * sizeof<T>()) : va;
    const y = ib ? v128.load(b + <usize>i * sizeof<T>()) : vb;
    storeVec<T, U>(out + <usize>i * sizeof<U>(), op.v(x, y));
  }
  for (; i < n; i++) {
    const x = load<T>(a + <usize>(i * ia) * sizeof<T>());
    const y = load<T>(b + <usize>(i * ib) * sizeof<T>());
    store<U>(out + <usize>i * sizeof<U>(), op.s(x, y));
  }
}

/** Dense a, b and out. Not @inline: an op's dense and strided exports share it. */
function binaryDense<T, U, Op>(a: usize, b: usize, out: usize, n: i32): void {
  binaryVec<T, U, Op>(a, b, out, n, 1, 1);
}

/** Any strides, one element at a time. */
// @ts-ignore: decorator
@inline function binaryScalar<T, U, Op>(
  a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32, so: i32,
): void {
  const op = changetype<Op>(0);
  const da = <usize>sa * sizeof<T>();
  const db = <usize>sb * sizeof<T>();
  const dout = <usize>so * sizeof<U>();
  for (let i = 0; i < n; i++, a += da, b += db, out += dout) {
    store<U>(out, op.s(load<T>(a), load<T>(b)));
  }
}

@final class BinaryRow<T, U, Op> {
  @inline run(a: usize, b: usize, out: usize, _p3: usize, n: i32, sa: i32, sb: i32, so: i32, _s3: i32): void {
    if (so == 1 && sa == 1 && sb == 1) binaryDense<T, U, Op>(a, b, out, n);
    else if (so == 1 && sa == 0 && sb == 1) binaryVec<T, U, Op>(a, b, out, n, 0, 1);
    else if (so == 1 && sa == 1 && sb == 0) binaryVec<T, U, Op>(a, b, out, n, 1, 0);
    else binaryScalar<T, U, Op>(a, b, out, n, sa, sb, so);
  }
}

// @ts-ignore: decorator
@inline function bin<T, U, Op>(a: usize, b: usize, out: usize, n: i32): void {
  binaryDense<T, U, Op>(a, b, out, n);
}
// @ts-ignore: decorator
@inline function binS<T, U, Op>(a: usize, b: usize, out: usize, desc: usize): void {
  forEachRow<BinaryRow<T, U, Op>>(desc, 3, a, b, out, 0, sizeof<T>(), sizeof<T>(), sizeof<U>(), 0);
}

/** Lane by lane for ops without a SIMD form, through the op's scalar `s`. */
// @ts-ignore: decorator
@inline function mapLanes<T, Op>(a: v128, b: v128): v128 {
  const op = changetype<Op>(0);
  let y = v128.splat<T>(op.s(v128.extract_lane<T>(a, 0), v128.extract_lane<T>(b, 0)));
  y = v128.replace_lane<T>(y, 1, op.s(v128.extract_lane<T>(a, 1), v128.extract_lane<T>(b, 1)));
  if (sizeof<T>() == 8) return y;
  y = v128.replace_lane<T>(y, 2, op.s(v128.extract_lane<T>(a, 2), v128.extract_lane<T>(b, 2)));
  return v128.replace_lane<T>(y, 3, op.s(v128.extract_lane<T>(a, 3), v128.extract_lane<T>(b, 3)));
}

// =============================================================================================
// Arithmetic

@final class Add<T> {
  @inline s(a: T, b: T): T { return a + b; }
  @inline v(a: v128, b: v128): v128 { return v128.add<T>(a, b); }
}
@final class Sub<T> {
  @inline s(a: T, b: T): T { return a - b; }
  @inline v(a: v128, b: v128): v128 { return v128.sub<T>(a, b); }
}
@final class Mul<T> {
  @inline s(a: T, b: T): T { return a * b; }
  @inline v(a: v128, b: v128): v128 { return v128.mul<T>(a, b); }
}
@final class Div<T> {
  @inline s(a: T, b: T): T { return a / b; }
  @inline v(a: v128, b: v128): v128 { return v128.div<T>(a, b); }
}
/** NaN propagates (wasm f32.max / f32x4.max semantics). */
@final class Maximum<T> {
  @inline s(a: T, b: T): T { return isFloat<T>() ? max<T>(a, b) : a > b ? a : b; }
  @inline v(a: v128, b: v128): v128 { return vmax<T>(a, b); }
}
@final class Minimum<T> {
  @inline s(a: T, b: T): T { return isFloat<T>() ? min<T>(a, b) : a < b ? a : b; }
  @inline v(a: v128, b: v128): v128 { return vmin<T>(a, b); }
}

/** Python's %: the result has the sign of b. Floats as PyTorch: fmod, then + b if the signs
 *  differ. Ints: floor semantics (b = 0 is rejected by the facade). */
@final class Remainder<T> {
  @inline s(a: T, b: T): T {
    if (isFloat<T>()) {
      let r = a % b; // AssemblyScript's float % is C fmod
      if (r != 0 && (r < 0) != (b < 0)) r += b;
      return r;
    }
    if (b == <T>-1) return <T>0; // also avoids the MIN % -1 corner
    const r = a % b;
    return r != 0 && (r ^ b) < 0 ? r + b : r;
  }
  @inline v(a: v128, b: v128): v128 { return mapLanes<T, Remainder<T>>(a, b); }
}
/** Python's floor division (PyTorch's div_floor: 1 // 0.1 == 9); floored integer division for
 *  ints (MIN // -1 wraps to MIN). */
@final class FloorDivide<T> {
  @inline s(a: T, b: T): T {
    if (isFloat<T>()) {
      if (b == 0) return a / b;
      const mod = a % b;
      let div = (a - mod) / b;
      if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
      if (div == 0) return <T>copysign<f64>(0, <f64>(a / b));
      let q = floor<T>(div);
      if (div - q > <T>0.5) q += 1;
      return q;
    }
    if (b == <T>-1) return -a; // a / -1 would trap on MIN
    const q = a / b;
    return (a % b != 0) && ((a ^ b) < 0) ? q - 1 : q;
  }
  @inline v(a: v128, b: v128): v128 { return mapLanes<T, FloorDivide<T>>(a, b); }
}
/** C fmod: the sign of a. Ints: b = 0 is rejected by the facade; MIN % -1 would trap. */
@final class Fmod<T> {
  @inline s(a: T, b: T): T { return !isFloat<T>() && b == <T>-1 ? <T>0 : a % b; }
  @inline v(a: v128, b: v128): v128 { return mapLanes<T, Fmod<T>>(a, b); }
}
@final class Atan2<T> {
  @inline s(a: T, b: T): T { return sizeof<T>() == 4 ? <T>Mathf.atan2(<f32>a, <f32>b) : <T>Math.atan2(a, b); }
  @inline v(a: v128, b: v128): v128 { return mapLanes<T, Atan2<T>>(a, b); }
}
@final class Pow<T> {
  @inline s(a: T, b: T): T {
    if (isFloat<T>()) {
      if (a == 1 || b == 0) return <T>1; // even for NaN, as C's pow
      return sizeof<T>() == 4 ? <T>Mathf.pow(<f32>a, <f32>b) : <T>Math.pow(a, b);
    }
    return ipow<T>(a, b);
  }
  @inline v(a: v128, b: v128): v128 { return mapLanes<T, Pow<T>>(a, b); }
}

/** Integer power by squaring, wrapping like PyTorch. Negative exponents (which the facade
 *  rejects) give what PyTorch's kernel gives: 1 for a = 1, +-1 for a = -1, else 0. */
function ipow<T>(a: T, b: T): T {
  if (b < 0) {
    if (a == 1) return <T>1;
    if (a == <T>-1) return (b & 1) != 0 ? <T>-1 : <T>1;
    return <T>0;
  }
  let r = <T>1;
  while (b != 0) {
    if ((b & 1) != 0) r *= a;
    b >>= 1;
    a *= a;
  }
  return r;
}

// =============================================================================================
// Comparisons and logical ops (output bool: the vector methods return lane masks)

@final class Eq<T> {
  @inline s(a: T, b: T): bool { return a == b; }
  @inline v(a: v128, b: v128): v128 { return v128.eq<T>(a, b); }
}
@final class Ne<T> {
  @inline s(a: T, b: T): bool { return a != b; }
  @inline v(a: v128, b: v128): v128 { return v128.ne<T>(a, b); }
}
@final class Lt<T> {
  @inline s(a: T, b: T): bool { return a < b; }
  @inline v(a: v128, b: v128): v128 { return v128.lt<T>(a, b); }
}
@final class Le<T> {
  @inline s(a: T, b: T): bool { return a <= b; }
  @inline v(a: v128, b: v128): v128 { return v128.le<T>(a, b); }
}
@final class Gt<T> {
  @inline s(a: T, b: T): bool { return a > b; }
  @inline v(a: v128, b: v128): v128 { return v128.gt<T>(a, b); }
}
@final class Ge<T> {
  @inline s(a: T, b: T): bool { return a >= b; }
  @inline v(a: v128, b: v128): v128 { return v128.ge<T>(a, b); }
}
/** Any nonzero byte is true. */
@final class LogicalAnd {
  @inline s(a: u8, b: u8): bool { return (a != 0) & (b != 0); }
  @inline v(a: v128, b: v128): v128 {
    const zero = i8x16.splat(0);
    return v128.and(i8x16.ne(a, zero), i8x16.ne(b, zero));
  }
}
@final class LogicalOr {
  @inline s(a: u8, b: u8): bool { return (a | b) != 0; }
  @inline v(a: v128, b: v128): v128 { return i8x16.ne(v128.or(a, b), i8x16.splat(0)); }
}

// =============================================================================================
// where(cond, a, b): bit copies of T = u8/u16/u32/u64 (so every dtype of that size works)

/** The next 16 / sizeof<T>() cond bytes as lane masks of T's width. */
// @ts-ignore: decorator
@inline function condMask<T>(c: usize): v128 {
  let m: v128;
  if (sizeof<T>() == 1) return i8x16.ne(v128.load(c), i8x16.splat(0));
  if (sizeof<T>() == 2) return i16x8.ne(v128.load8x8_u(c), i16x8.splat(0));
  if (sizeof<T>() == 4) {
    m = i16x8.extend_low_i8x16_u(v128.load32_zero(c));
    return i32x4.ne(i32x4.extend_low_i16x8_u(m), i32x4.splat(0));
  }
  m = i16x8.extend_low_i8x16_u(v128.load16_splat(c));
  m = i64x2.extend_low_i32x4_u(i32x4.extend_low_i16x8_u(m));
  return i64x2.ne(m, i64x2.splat(0));
}

// @ts-ignore: decorator
@inline function whereVec<T>(c: usize, a: usize, b: usize, out: usize, n: i32, ia: i32, ib: i32): void {
  const lanes = 16 / <i32>sizeof<T>();
  const va = ia ? v128.splat<T>(0) : v128.splat<T>(load<T>(a));
  const vb = ib ? v128.splat<T>(0) : v128.splat<T>(load<T>(b));
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const x = ia ? v128.load(a + <usize>i * sizeof<T>()) : va;
    const y = ib ? v128.load(b + <usize>i * sizeof<T>()) : vb;
    v128.store(out + <usize>i * sizeof<T>(), v128.bitselect(x, y, condMask<T>(c + <usize>i)));
  }
  for (; i < n; i++) {
    const x = load<T>(a + <usize>(i * ia) * sizeof<T>());
    const y = load<T>(b + <usize>(i * ib) * sizeof<T>());
    store<T>(out + <usize>i * sizeof<T>(), load<u8>(c + <usize>i) ? x : y);
  }
}

@final class WhereRow<T> {
  @inline run(c: usize, a: usize, b: usize, out: usize, n: i32, sc: i32, sa: i32, sb: i32, so: i32): void {
    if (so == 1 && sc == 1 && sa == 1 && sb == 1) whereVec<T>(c, a, b, out, n, 1, 1);
    else if (so == 1 && sc == 1 && sa == 0 && sb == 1) whereVec<T>(c, a, b, out, n, 0, 1);
    else if (so == 1 && sc == 1 && sa == 1 && sb == 0) whereVec<T>(c, a, b, out, n, 1, 0);
    else if (so == 1 && sc == 1 && sa == 0 && sb == 0) whereVec<T>(c, a, b, out, n, 0, 0);
    else {
      const dc = <usize>sc;
      const da = <usize>sa * sizeof<T>();
      const db = <usize>sb * sizeof<T>();
      const dout = <usize>so * sizeof<T>();
      for (let i = 0; i < n; i++, c += dc, a += da, b += db, out += dout) {
        store<T>(out, load<u8>(c) ? load<T>(a) : load<T>(b));
      }
    }
  }
}

// @ts-ignore: decorator
@inline function where<T>(cond: usize, a: usize, b: usize, out: usize, desc: usize): void {
  const z = sizeof<T>();
  forEachRow<WhereRow<T>>(desc, 4, cond, a, b, out, 1, z, z, z);
}

// =============================================================================================
// Exports: <op>_<dt>(a, b, out, n) dense, <op>_<dt>_s(a, b, out, desc) strided

export function add_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Add<f32>>(a, b, o, n); }
export function add_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Add<f32>>(a, b, o, d); }
export function add_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Add<f64>>(a, b, o, n); }
export function add_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Add<f64>>(a, b, o, d); }
export function add_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Add<i32>>(a, b, o, n); }
export function add_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Add<i32>>(a, b, o, d); }
export function add_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Add<i64>>(a, b, o, n); }
export function add_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Add<i64>>(a, b, o, d); }

export function sub_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Sub<f32>>(a, b, o, n); }
export function sub_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Sub<f32>>(a, b, o, d); }
export function sub_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Sub<f64>>(a, b, o, n); }
export function sub_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Sub<f64>>(a, b, o, d); }
export function sub_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Sub<i32>>(a, b, o, n); }
export function sub_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Sub<i32>>(a, b, o, d); }
export function sub_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Sub<i64>>(a, b, o, n); }
export function sub_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Sub<i64>>(a, b, o, d); }

export function mul_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Mul<f32>>(a, b, o, n); }
export function mul_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Mul<f32>>(a, b, o, d); }
export function mul_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Mul<f64>>(a, b, o, n); }
export function mul_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Mul<f64>>(a, b, o, d); }
export function mul_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Mul<i32>>(a, b, o, n); }
export function mul_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Mul<i32>>(a, b, o, d); }
export function mul_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Mul<i64>>(a, b, o, n); }
export function mul_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Mul<i64>>(a, b, o, d); }

export function div_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Div<f32>>(a, b, o, n); }
export function div_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Div<f32>>(a, b, o, d); }
export function div_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Div<f64>>(a, b, o, n); }
export function div_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Div<f64>>(a, b, o, d); }

export function maximum_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Maximum<f32>>(a, b, o, n); }
export function maximum_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Maximum<f32>>(a, b, o, d); }
export function maximum_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Maximum<f64>>(a, b, o, n); }
export function maximum_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Maximum<f64>>(a, b, o, d); }
export function maximum_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Maximum<i32>>(a, b, o, n); }
export function maximum_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Maximum<i32>>(a, b, o, d); }
export function maximum_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Maximum<i64>>(a, b, o, n); }
export function maximum_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Maximum<i64>>(a, b, o, d); }

export function minimum_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Minimum<f32>>(a, b, o, n); }
export function minimum_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Minimum<f32>>(a, b, o, d); }
export function minimum_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Minimum<f64>>(a, b, o, n); }
export function minimum_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Minimum<f64>>(a, b, o, d); }
export function minimum_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Minimum<i32>>(a, b, o, n); }
export function minimum_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Minimum<i32>>(a, b, o, d); }
export function minimum_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Minimum<i64>>(a, b, o, n); }
export function minimum_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Minimum<i64>>(a, b, o, d); }

export function remainder_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Remainder<f32>>(a, b, o, n); }
export function remainder_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Remainder<f32>>(a, b, o, d); }
export function remainder_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Remainder<f64>>(a, b, o, n); }
export function remainder_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Remainder<f64>>(a, b, o, d); }
export function remainder_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Remainder<i32>>(a, b, o, n); }
export function remainder_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Remainder<i32>>(a, b, o, d); }
export function remainder_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Remainder<i64>>(a, b, o, n); }
export function remainder_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Remainder<i64>>(a, b, o, d); }

export function floor_divide_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, FloorDivide<f32>>(a, b, o, n); }
export function floor_divide_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, FloorDivide<f32>>(a, b, o, d); }
export function floor_divide_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, FloorDivide<f64>>(a, b, o, n); }
export function floor_divide_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, FloorDivide<f64>>(a, b, o, d); }
export function floor_divide_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, FloorDivide<i32>>(a, b, o, n); }
export function floor_divide_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, FloorDivide<i32>>(a, b, o, d); }
export function floor_divide_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, FloorDivide<i64>>(a, b, o, n); }
export function floor_divide_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, FloorDivide<i64>>(a, b, o, d); }

export function pow_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Pow<f32>>(a, b, o, n); }
export function pow_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Pow<f32>>(a, b, o, d); }
export function pow_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Pow<f64>>(a, b, o, n); }
export function pow_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Pow<f64>>(a, b, o, d); }
export function pow_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Pow<i32>>(a, b, o, n); }
export function pow_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Pow<i32>>(a, b, o, d); }
export function pow_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Pow<i64>>(a, b, o, n); }
export function pow_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Pow<i64>>(a, b, o, d); }

export function atan2_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Atan2<f32>>(a, b, o, n); }
export function atan2_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Atan2<f32>>(a, b, o, d); }
export function atan2_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Atan2<f64>>(a, b, o, n); }
export function atan2_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Atan2<f64>>(a, b, o, d); }
export function fmod_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, f32, Fmod<f32>>(a, b, o, n); }
export function fmod_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, f32, Fmod<f32>>(a, b, o, d); }
export function fmod_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, f64, Fmod<f64>>(a, b, o, n); }
export function fmod_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, f64, Fmod<f64>>(a, b, o, d); }
export function fmod_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, i32, Fmod<i32>>(a, b, o, n); }
export function fmod_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, i32, Fmod<i32>>(a, b, o, d); }
export function fmod_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, i64, Fmod<i64>>(a, b, o, n); }
export function fmod_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, i64, Fmod<i64>>(a, b, o, d); }

export function eq_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Eq<f32>>(a, b, o, n); }
export function eq_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Eq<f32>>(a, b, o, d); }
export function eq_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Eq<f64>>(a, b, o, n); }
export function eq_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Eq<f64>>(a, b, o, d); }
export function eq_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Eq<i32>>(a, b, o, n); }
export function eq_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Eq<i32>>(a, b, o, d); }
export function eq_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Eq<i64>>(a, b, o, n); }
export function eq_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Eq<i64>>(a, b, o, d); }
export function eq_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Eq<u8>>(a, b, o, n); }
export function eq_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Eq<u8>>(a, b, o, d); }

export function ne_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Ne<f32>>(a, b, o, n); }
export function ne_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Ne<f32>>(a, b, o, d); }
export function ne_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Ne<f64>>(a, b, o, n); }
export function ne_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Ne<f64>>(a, b, o, d); }
export function ne_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Ne<i32>>(a, b, o, n); }
export function ne_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Ne<i32>>(a, b, o, d); }
export function ne_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Ne<i64>>(a, b, o, n); }
export function ne_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Ne<i64>>(a, b, o, d); }
export function ne_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Ne<u8>>(a, b, o, n); }
export function ne_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Ne<u8>>(a, b, o, d); }

export function lt_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Lt<f32>>(a, b, o, n); }
export function lt_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Lt<f32>>(a, b, o, d); }
export function lt_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Lt<f64>>(a, b, o, n); }
export function lt_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Lt<f64>>(a, b, o, d); }
export function lt_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Lt<i32>>(a, b, o, n); }
export function lt_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Lt<i32>>(a, b, o, d); }
export function lt_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Lt<i64>>(a, b, o, n); }
export function lt_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Lt<i64>>(a, b, o, d); }
export function lt_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Lt<u8>>(a, b, o, n); }
export function lt_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Lt<u8>>(a, b, o, d); }

export function le_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Le<f32>>(a, b, o, n); }
export function le_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Le<f32>>(a, b, o, d); }
export function le_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Le<f64>>(a, b, o, n); }
export function le_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Le<f64>>(a, b, o, d); }
export function le_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Le<i32>>(a, b, o, n); }
export function le_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Le<i32>>(a, b, o, d); }
export function le_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Le<i64>>(a, b, o, n); }
export function le_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Le<i64>>(a, b, o, d); }
export function le_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Le<u8>>(a, b, o, n); }
export function le_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Le<u8>>(a, b, o, d); }

export function gt_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Gt<f32>>(a, b, o, n); }
export function gt_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Gt<f32>>(a, b, o, d); }
export function gt_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Gt<f64>>(a, b, o, n); }
export function gt_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Gt<f64>>(a, b, o, d); }
export function gt_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Gt<i32>>(a, b, o, n); }
export function gt_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Gt<i32>>(a, b, o, d); }
export function gt_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Gt<i64>>(a, b, o, n); }
export function gt_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Gt<i64>>(a, b, o, d); }
export function gt_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Gt<u8>>(a, b, o, n); }
export function gt_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Gt<u8>>(a, b, o, d); }

export function ge_f32(a: usize, b: usize, o: usize, n: i32): void { bin<f32, bool, Ge<f32>>(a, b, o, n); }
export function ge_f32_s(a: usize, b: usize, o: usize, d: usize): void { binS<f32, bool, Ge<f32>>(a, b, o, d); }
export function ge_f64(a: usize, b: usize, o: usize, n: i32): void { bin<f64, bool, Ge<f64>>(a, b, o, n); }
export function ge_f64_s(a: usize, b: usize, o: usize, d: usize): void { binS<f64, bool, Ge<f64>>(a, b, o, d); }
export function ge_i32(a: usize, b: usize, o: usize, n: i32): void { bin<i32, bool, Ge<i32>>(a, b, o, n); }
export function ge_i32_s(a: usize, b: usize, o: usize, d: usize): void { binS<i32, bool, Ge<i32>>(a, b, o, d); }
export function ge_i64(a: usize, b: usize, o: usize, n: i32): void { bin<i64, bool, Ge<i64>>(a, b, o, n); }
export function ge_i64_s(a: usize, b: usize, o: usize, d: usize): void { binS<i64, bool, Ge<i64>>(a, b, o, d); }
export function ge_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, Ge<u8>>(a, b, o, n); }
export function ge_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, Ge<u8>>(a, b, o, d); }

export function logical_and_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, LogicalAnd>(a, b, o, n); }
export function logical_and_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, LogicalAnd>(a, b, o, d); }
export function logical_or_u8(a: usize, b: usize, o: usize, n: i32): void { bin<u8, bool, LogicalOr>(a, b, o, n); }
export function logical_or_u8_s(a: usize, b: usize, o: usize, d: usize): void { binS<u8, bool, LogicalOr>(a, b, o, d); }

export function where_b1(c: usize, a: usize, b: usize, o: usize, d: usize): void { where<u8>(c, a, b, o, d); }
export function where_b2(c: usize, a: usize, b: usize, o: usize, d: usize): void { where<u16>(c, a, b, o, d); }
export function where_b4(c: usize, a: usize, b: usize, o: usize, d: usize): void { where<u32>(c, a, b, o, d); }
export function where_b8(c: usize, a: usize, b: usize, o: usize, d: usize): void { where<u64>(c, a, b, o, d); }
