// Strided copy with dtype conversion, and fill (ABI.md "copy.ts").
// Each dtype is one AssemblyScript type: f32 f64 u16(float16 bits: there is no uint16 dtype)
// i32 i64 u8 i8 i16 bool, so one generic loop instantiated per pair covers all 81 casts.

const MAXD = 64; // PyTorch's own dimension limit
const IDX = memory.data(MAXD * 4); // odometer counters: kernels never allocate
const FILLDESC = memory.data((3 * MAXD + 1) * 4); // fill = copy from a 0-stride scalar
const FILLVAL = memory.data(8, 8);
const TILE = 32; // transposed copies go tile by tile so both sides stay in L1

// ---- float16 (IEEE binary16, round to nearest even) ----

const P112: f32 = reinterpret<f32>(0x77800000); // 2^112 rebiases exponent 15 -> 127

// f16 bits -> f32. Shifting into f32 position and scaling by 2^112 handles normals and
// subnormals in one multiply (wasm keeps denormals: exact, if slower on x86 for subnormals);
// inf/NaN keep their payload, NaN made quiet.
@inline function h2f(h: u32): f32 {
  const em = h & 0x7fff;
  const r = em >= 0x7c00
    ? (em << 13) | 0x7f800000 | (em > 0x7c00 ? 0x400000 : 0)
    : reinterpret<u32>(reinterpret<f32>(em << 13) * P112);
  return reinterpret<f32>(r | ((h & 0x8000) << 16));
}

// f32 -> f16 bits. >= 65520 (the half-way point past 65504) -> inf; NaN -> quiet 0x7e00 like
// PyTorch; below 2^-14 the FPU does the rounding: adding 0.5 leaves an ulp of 2^-24.
@inline function f2h(x: f32): u32 {
  const u = reinterpret<u32>(x), a = u & 0x7fffffff;
  let r: u32;
  if (a >= 0x477ff000) r = a > 0x7f800000 ? 0x7e00 : 0x7c00;
  else if (a < 0x38800000) r = reinterpret<u32>(reinterpret<f32>(a) + 0.5) - 0x3f000000;
  else r = (a + 0xc8000fff + ((a >> 13) & 1)) >> 13; // rebias by -112, round half to even
  return ((u >> 16) & 0x8000) | r;
}

// The same two conversions on four lanes (u32 lanes of f16 bits <-> f32x4), with few constants
// since V8 rematerializes each one per use.
@inline function h2f4(h: v128): v128 {
  const sh = i32x4.shr_u(i32x4.shl(h, 17), 4); // exponent and mantissa in f32 position, no sign
  const fin = f32x4.mul(sh, f32x4.splat(P112)); // inf/NaN come out as 2^16 * (1 + m): fix the exponent
  const special = v128.and(i32x4.gt_s(sh, i32x4.splat(0x0f7fffff)), i32x4.splat(0x7f800000));
  const quiet = v128.and(i32x4.gt_s(sh, i32x4.splat(0x0f800000)), i32x4.splat(0x400000));
  return v128.or(v128.or(fin, special), v128.or(quiet, i32x4.shl(i32x4.shr_u(h, 15), 31)));
}

@inline function f2h4(x: v128): v128 {
  // |x| clamped to 65536.0: everything from 65520 up (inf, NaN too) then rounds to exactly 0x7c00
  const a = i32x4.min_u(v128.and(x, i32x4.splat(0x7fffffff)), i32x4.splat(0x47800000));
  const odd = v128.and(i32x4.shr_u(a, 13), i32x4.splat(1));
  const norm = i32x4.shr_u(i32x4.add(i32x4.add(a, i32x4.splat(0xc8000fff)), odd), 13);
  const sub = i32x4.sub(f32x4.add(a, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  const r = v128.bitselect(sub, norm, i32x4.lt_s(a, i32x4.splat(0x38800000)));
  const nan = v128.and(f32x4.ne(x, x), i32x4.splat(0x200)); // 0x7c00 | 0x200 = quiet NaN
  return v128.or(v128.or(r, nan), i32x4.shl(i32x4.shr_u(x, 31), 15));
}

// ---- scalar casts, as PyTorch's .to() ----

@inline function isHalf<T>(): bool {
  return !isBoolean<T>() && isInteger<T>() && !isSigned<T>() && sizeof<T>() == 2;
}

// Same bits in and out: same type, or int8 <-> uint8 (a wrap is a bit copy).
@inline function bitSame<S, D>(): bool {
  return sizeof<S>() == sizeof<D>() && isFloat<S>() == isFloat<D>() && isBoolean<S>() == isBoolean<D>()
    && (isSigned<S>() == isSigned<D>() || (sizeof<S>() == 1 && !isBoolean<S>()));
}

@inline function fromFloat<F, D>(x: F): D {
  if (isHalf<D>()) return <D>f2h(<f32>x); // f64 rounds to f32 first, as c10::Half(float) does
  if (isBoolean<D>()) return <D>(x != 0); // NaN -> true
  if (isFloat<D>()) return <D>x;
  // PyTorch on x86: toward zero; NaN, inf and out-of-range give the type's minimum (int64 for
  // int64, int32 for every narrower int, which then wraps: 1e10 -> uint8 0, 300.0 -> uint8 44)
  const a = <f64>x;
  if (sizeof<D>() == 8) return <D>(a > -9223372036854775808.0 && a < 9223372036854775808.0 ? <i64>a : i64.MIN_VALUE);
  return <D>(a > -2147483649.0 && a < 2147483648.0 ? <i32>a : i32.MIN_VALUE);
}

@inline function fromInt<I, D>(x: I): D {
  if (isHalf<D>()) return <D>f2h(<f32>x); // int64 -> f32 is one correctly rounded convert
  if (isBoolean<D>()) return <D>(x != 0);
  return <D>x; // wraps to narrower ints
}

@inline function cvt<S, D>(v: S): D {
  if (isBoolean<S>()) return fromInt<i32, D>(<i32>(<u8>v != 0)); // any nonzero byte is true
  if (isHalf<S>()) return isHalf<D>() ? <D>v : fromFloat<f32, D>(h2f(<u32>v));
  if (isFloat<S>()) return fromFloat<S, D>(v);
  return fromInt<S, D>(v);
}

// ---- 4-lane casts for dense runs: sources become f32x4 (floats) or i32x4 (integers) ----

@inline function floatMid<S>(): bool {
  return isFloat<S>() || isHalf<S>();
}

// f64 sources only demote (-> f32/f16); int64 sources only wrap (-> narrower ints).
@inline function hasVec<S, D>(): bool {
  if (isFloat<S>() && sizeof<S>() == 8) return isHalf<D>() || (isFloat<D>() && sizeof<D>() == 4);
  if (!isBoolean<S>() && isInteger<S>() && sizeof<S>() == 8) {
    return !isBoolean<D>() && !isHalf<D>() && isInteger<D>() && sizeof<D>() < 8;
  }
  return true;
}

// float -> int lanes agree with the int64 route only inside the int32 range.
@inline function needsRange<S, D>(): bool {
  return floatMid<S>() && !isFloat<D>() && !isHalf<D>() && !isBoolean<D>();
}

// Lanes where float -> int through i32x4 would differ from the scalar route (NaN and |v| >= 2^31).
@inline function tooBig(v: v128): v128 {
  return v128.not(f32x4.lt(f32x4.abs(v), f32x4.splat(2147483648.0)));
}

@inline function vload<S>(p: usize): v128 {
  if (isBoolean<S>()) return i32x4.min_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p))), i32x4.splat(1));
  if (isHalf<S>()) return h2f4(v128.load16x4_u(p));
  if (isFloat<S>() && sizeof<S>() == 8) {
    return i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(p)), f32x4.demote_f64x2_zero(v128.load(p, 16)), 0, 1, 4, 5);
  }
  if (sizeof<S>() == 8) return i32x4.shuffle(v128.load(p), v128.load(p, 16), 0, 2, 4, 6); // low words
  if (sizeof<S>() == 4) return v128.load(p);
  if (sizeof<S>() == 2) return v128.load16x4_s(p);
  const b = v128.load32_zero(p);
  return isSigned<S>()
    ? i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(b))
    : i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(b));
}

@inline function vstore<S, D>(p: usize, v: v128): void {
  const f = floatMid<S>();
  if (isHalf<D>()) {
    const h = f2h4(f ? v : f32x4.convert_i32x4_s(v));
    v128.store64_lane(p, i8x16.shuffle(h, h, 0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13), 0);
  } else if (isBoolean<D>()) {
    const m = i32x4.neg(f ? f32x4.ne(v, f32x4.splat(0)) : i32x4.ne(v, i32x4.splat(0)));
    v128.store32_lane(p, i8x16.shuffle(m, m, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12), 0);
  } else if (isFloat<D>() && sizeof<D>() == 4) {
    v128.store(p, f ? v : f32x4.convert_i32x4_s(v));
  } else if (isFloat<D>()) {
    const hi = i32x4.shuffle(v, v, 2, 3, 2, 3);
    v128.store(p, f ? f64x2.promote_low_f32x4(v) : f64x2.convert_low_i32x4_s(v));
    v128.store(p, f ? f64x2.promote_low_f32x4(hi) : f64x2.convert_low_i32x4_s(hi), 16);
  } else {
    const iv = f ? i32x4.trunc_sat_f32x4_s(v) : v;
    if (sizeof<D>() == 8) {
      v128.store(p, i64x2.extend_low_i32x4_s(iv));
      v128.store(p, i64x2.extend_high_i32x4_s(iv), 16);
    } else if (sizeof<D>() == 4) {
      v128.store(p, iv);
    } else if (sizeof<D>() == 2) {
      v128.store64_lane(p, i8x16.shuffle(iv, iv, 0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13), 0);
    } else {
      v128.store32_lane(p, i8x16.shuffle(iv, iv, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12), 0);
    }
  }
}

@inline function splat<D>(v: D): v128 {
  if (isFloat<D>()) return sizeof<D>() == 4 ? f32x4.splat(<f32>v) : f64x2.splat(<f64>v);
  if (sizeof<D>() == 8) return i64x2.splat(<i64>v);
  if (sizeof<D>() == 4) return i32x4.splat(<i32>v);
  if (sizeof<D>() == 2) return i16x8.splat(<i16>v);
  return i8x16.splat(<i8>v);
}

// ---- rows: one run of n elements ----

function fillRow<D>(d: usize, n: i32, ds: i32, v: D): void {
  let i = 0;
  if (ds == 1) {
    const sv = splat<D>(v), per = <i32>(16 / sizeof<D>());
    for (; i + 4 * per <= n; i += 4 * per) { // 64 bytes a step
      const p = d + <usize>i * sizeof<D>();
      v128.store(p, sv); v128.store(p, sv, 16); v128.store(p, sv, 32); v128.store(p, sv, 48);
    }
    for (; i + per <= n; i += per) v128.store(d + <usize>i * sizeof<D>(), sv);
  } else if (ds == 0) {
    i = n - min(n, 1); // every element is the same slot
  }
  const step = <usize>ds * sizeof<D>();
  for (let p = d + <usize>i * step; i < n; i++, p += step) store<D>(p, v);
}

function row<S, D>(s: usize, d: usize, n: i32, ss: i32, ds: i32): void {
  if (ss == 0 && ds != 0) { fillRow<D>(d, n, ds, cvt<S, D>(load<S>(s))); return; }
  let i = 0;
  if (ss == 1 && ds == 1) {
    if (bitSame<S, D>()) { memory.copy(d, s, <usize>n * sizeof<S>()); return; }
    if (hasVec<S, D>()) {
      for (; i + 4 <= n; i += 4) {
        const ps = s + <usize>i * sizeof<S>(), pd = d + <usize>i * sizeof<D>();
        const v = vload<S>(ps);
        // Out-of-int32 floats (and +-inf) take the scalar int64 route for these 4.
        if (needsRange<S, D>() && v128.any_true(tooBig(v))) {
          for (let j: usize = 0; j < 4; j++) store<D>(pd + j * sizeof<D>(), cvt<S, D>(load<S>(ps + j * sizeof<S>())));
        } else {
          vstore<S, D>(pd, v);
        }
      }
    }
  }
  const bs = <usize>ss * sizeof<S>(), bd = <usize>ds * sizeof<D>();
  s += <usize>i * bs; d += <usize>i * bd;
  for (; i < n; i++, s += bs, d += bd) store<D>(d, cvt<S, D>(load<S>(s)));
}

// ---- transposed copies ----

@inline function at(p: usize, i: i32, si: i32, j: i32, sj: i32, z: usize): usize {
  return p + (<usize>i * <usize>si + <usize>j * <usize>sj) * z;
}

// 4x4 block: 4 vectors along the source's contiguous axis (sa apart), lanes transposed, stored
// along the destination's contiguous axis (sb apart).
@inline function block4<S, D>(a: usize, sa: usize, b: usize, sb: usize): void {
  const v0 = vload<S>(a), v1 = vload<S>(a + sa), v2 = vload<S>(a + 2 * sa), v3 = vload<S>(a + 3 * sa);
  if (needsRange<S, D>() && v128.any_true(v128.or(v128.or(tooBig(v0), tooBig(v1)), v128.or(tooBig(v2), tooBig(v3))))) {
    for (let k: usize = 0; k < 4; k++) for (let j: usize = 0; j < 4; j++) {
      store<D>(b + j * sb + k * sizeof<D>(), cvt<S, D>(load<S>(a + k * sa + j * sizeof<S>())));
    }
    return;
  }
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5), t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5), t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  vstore<S, D>(b, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  vstore<S, D>(b + sb, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  vstore<S, D>(b + 2 * sb, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  vstore<S, D>(b + 3 * sb, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// One rn x cn tile (element strides). When one side is contiguous along rows and the other
// along columns, 8x8 blocks of four 4x4 blocks go through the lanes (the pointers advance by
// whole blocks, the four at fixed offsets from them: 30% faster than a 4x4 block's addresses
// computed each time, measured on 784x64 float32), then 4x4 blocks; the edges are rows.
// Bit copies of f16/bool stay scalar: the lanes would canonicalize NaNs / bytes.
function tile<S, D>(s: usize, d: usize, rn: i32, cn: i32, sr: i32, sc: i32, dr: i32, dc: i32): void {
  let r = 0;
  if (hasVec<S, D>() && !(bitSame<S, D>() && (isHalf<S>() || isBoolean<S>()))) {
    const a = sr == 1 && dc == 1, b = !a && sc == 1 && dr == 1;
    if (a || b) {
      const sa = <usize>(a ? sc : sr) * sizeof<S>(), sb = <usize>(a ? dr : dc) * sizeof<D>();
      // byte offsets of the 4x4 blocks 4 columns and 4 rows on, in the source and destination
      const s01 = <usize>(4 * sc) * sizeof<S>(), s10 = <usize>(4 * sr) * sizeof<S>();
      const d01 = <usize>(4 * dc) * sizeof<D>(), d10 = <usize>(4 * dr) * sizeof<D>();
      // (same-dtype copies only, contiguous()'s: the other pairs keep the 4x4 loop, and the core its size)
      const cn8 = cn & ~7;
      if (bitSame<S, D>()) for (; r + 8 <= rn; r += 8) {
        let p = at(s, r, sr, 0, sc, sizeof<S>()), q = at(d, r, dr, 0, dc, sizeof<D>());
        for (let c = 0; c < cn8; c += 8, p += 2 * s01, q += 2 * d01) {
          block4<S, D>(p, sa, q, sb);
          block4<S, D>(p + s01, sa, q + d01, sb);
          block4<S, D>(p + s10, sa, q + d10, sb);
          block4<S, D>(p + s10 + s01, sa, q + d10 + d01, sb);
        }
        // these 8 rows' last columns: a 4x4 block, then rows
        for (let k = r; k < r + 8; k += 4) {
          let c = cn8;
          for (; c + 4 <= cn; c += 4) block4<S, D>(at(s, k, sr, c, sc, sizeof<S>()), sa, at(d, k, dr, c, dc, sizeof<D>()), sb);
          for (let j = k; j < k + 4 && c < cn; j++) {
            row<S, D>(at(s, j, sr, c, sc, sizeof<S>()), at(d, j, dr, c, dc, sizeof<D>()), cn - c, sc, dc);
          }
        }
      }
      for (; r + 4 <= rn; r += 4) {
        let c = 0;
        for (; c + 4 <= cn; c += 4) block4<S, D>(at(s, r, sr, c, sc, sizeof<S>()), sa, at(d, r, dr, c, dc, sizeof<D>()), sb);
        for (let k = r; k < r + 4 && c < cn; k++) {
          row<S, D>(at(s, k, sr, c, sc, sizeof<S>()), at(d, k, dr, c, dc, sizeof<D>()), cn - c, sc, dc);
        }
      }
    }
  }
  for (; r < rn; r++) row<S, D>(at(s, r, sr, 0, 0, sizeof<S>()), at(d, r, dr, 0, 0, sizeof<D>()), cn, sc, dc);
}

// ---- walking the outer dims ----

// Odometer over dims [0, k) of a two-operand descriptor; byte offsets in globals (no nesting).
let wShape: usize = 0, wSt0: usize = 0, wSt1: usize = 0, wK = 0, wSz0: usize = 0, wSz1: usize = 0;
let wOff0: usize = 0, wOff1: usize = 0;

function walkStart(desc: usize, k: i32, sz0: usize, sz1: usize): void {
  const nd = <usize>load<i32>(desc);
  wShape = desc + 4; wSt0 = wShape + nd * 4; wSt1 = wSt0 + nd * 4;
  wK = k; wSz0 = sz0; wSz1 = sz1; wOff0 = 0; wOff1 = 0;
  memory.fill(IDX, 0, <usize>max(k, 0) * 4);
}

function walkNext(): bool {
  for (let j = wK - 1; j >= 0; j--) {
    const o = <usize>j * 4, c = load<i32>(IDX + o) + 1;
    const b0 = <usize>load<i32>(wSt0 + o) * wSz0, b1 = <usize>load<i32>(wSt1 + o) * wSz1;
    if (c < load<i32>(wShape + o)) {
      store<i32>(IDX + o, c); wOff0 += b0; wOff1 += b1;
      return true;
    }
    store<i32>(IDX + o, 0); wOff0 -= b0 * <usize>(c - 1); wOff1 -= b1 * <usize>(c - 1);
  }
  return false;
}

// 1: row-major dense, 0: all broadcast, -1: anything else (size-1 dims ignored).
function layout(nd: i32, sh: usize, st: usize): i32 {
  let e = 1, dense = true, zero = true;
  for (let j = nd - 1; j >= 0; j--) {
    const n = load<i32>(sh + <usize>j * 4), s = load<i32>(st + <usize>j * 4);
    if (n != 1) { if (s != e) dense = false; if (s != 0) zero = false; }
    e *= n;
  }
  return dense ? 1 : zero ? 0 : -1;
}

// The last dim runs slower than the one before it: a transposed operand.
@inline function transposed(st: usize, nd: i32): bool {
  const a = abs(load<i32>(st + <usize>(nd - 1) * 4)), b = abs(load<i32>(st + <usize>(nd - 2) * 4));
  return b != 0 && a > b;
}

function copyT<S, D>(src: usize, dst: usize, desc: usize): void {
  const nd = load<i32>(desc);
  const sh = desc + 4, ss = sh + <usize>nd * 4, ds = ss + <usize>nd * 4;
  let n = 1;
  for (let j = 0; j < nd; j++) n *= load<i32>(sh + <usize>j * 4);
  if (n == 0) return;
  if (layout(nd, sh, ds) == 1) { // dense destination from a dense or scalar source: one run
    const ls = layout(nd, sh, ss);
    if (ls >= 0) { row<S, D>(src, dst, n, ls, 1); return; }
  }
  const l = <usize>(nd - 1) * 4;
  const cols = load<i32>(sh + l), sc = load<i32>(ss + l), dc = load<i32>(ds + l);
  if (nd >= 2 && (transposed(ss, nd) || transposed(ds, nd))) {
    const rows = load<i32>(sh + l - 4), sr = load<i32>(ss + l - 4), dr = load<i32>(ds + l - 4);
    walkStart(desc, nd - 2, sizeof<S>(), sizeof<D>());
    do {
      for (let r0 = 0; r0 < rows; r0 += TILE) for (let c0 = 0; c0 < cols; c0 += TILE) {
        tile<S, D>(at(src + wOff0, r0, sr, c0, sc, sizeof<S>()), at(dst + wOff1, r0, dr, c0, dc, sizeof<D>()),
          min(rows - r0, TILE), min(cols - c0, TILE), sr, sc, dr, dc);
      }
    } while (walkNext());
    return;
  }
  walkStart(desc, nd - 1, sizeof<S>(), sizeof<D>());
  do row<S, D>(src + wOff0, dst + wOff1, cols, sc, dc); while (walkNext());
}

function copyFrom<S>(dstDtype: i32, src: usize, dst: usize, desc: usize): void {
  switch (dstDtype) {
    case 0: copyT<S, f32>(src, dst, desc); break;
    case 1: copyT<S, f64>(src, dst, desc); break;
    case 2: copyT<S, u16>(src, dst, desc); break;
    case 3: copyT<S, i32>(src, dst, desc); break;
    case 4: copyT<S, i64>(src, dst, desc); break;
    case 5: copyT<S, u8>(src, dst, desc); break;
    case 6: copyT<S, i8>(src, dst, desc); break;
    case 7: copyT<S, i16>(src, dst, desc); break;
    case 8: copyT<S, bool>(src, dst, desc); break;
  }
}

/** dst[i] = cast(src[i]) over a [src, dst] descriptor; dtype codes as in ABI.md. */
export function copy(srcDtype: i32, dstDtype: i32, src: usize, dst: usize, desc: usize): void {
  switch (srcDtype) {
    case 0: copyFrom<f32>(dstDtype, src, dst, desc); break;
    case 1: copyFrom<f64>(dstDtype, src, dst, desc); break;
    case 2: copyFrom<u16>(dstDtype, src, dst, desc); break;
    case 3: copyFrom<i32>(dstDtype, src, dst, desc); break;
    case 4: copyFrom<i64>(dstDtype, src, dst, desc); break;
    case 5: copyFrom<u8>(dstDtype, src, dst, desc); break;
    case 6: copyFrom<i8>(dstDtype, src, dst, desc); break;
    case 7: copyFrom<i16>(dstDtype, src, dst, desc); break;
    case 8: copyFrom<bool>(dstDtype, src, dst, desc); break;
  }
}

// A fill is a copy from one scalar with all-zero source strides: the splat row stores v128s.
function fillDesc(desc: usize): usize {
  const nd = load<i32>(desc);
  store<i32>(FILLDESC, nd);
  memory.copy(FILLDESC + 4, desc + 4, <usize>nd * 4);
  memory.fill(FILLDESC + 4 + <usize>nd * 4, 0, <usize>nd * 4);
  memory.copy(FILLDESC + 4 + <usize>nd * 8, desc + 4 + <usize>nd * 4, <usize>nd * 4);
  return FILLDESC;
}

/** Every element of dst = value converted to dtype exactly as copy from float64 would. */
export function fill(dtype: i32, dst: usize, desc: usize, value: f64): void {
  store<f64>(FILLVAL, value);
  copy(1, dtype, FILLVAL, dst, fillDesc(desc));
}

/** Exact int64 fill (values past 2^53). */
export function fill_i64(dst: usize, desc: usize, value: i64): void {
  store<i64>(FILLVAL, value);
  copy(4, 4, FILLVAL, dst, fillDesc(desc));
}
