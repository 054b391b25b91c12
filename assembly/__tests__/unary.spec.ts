// Unary kernels against scalar references written here with AssemblyScript's Math / Mathf:
// every kernel and dtype over sizes that hit SIMD bodies and tails, NaN / +-inf inputs,
// in place, and strided descriptors (transposed, broadcast, flipped, padded, 3-D / 4-D, 0-d).

import * as U from "../unary";
import { erf64 } from "../vmath";

type Dense = (x: usize, out: usize, n: i32) => void;
type Strided = (x: usize, out: usize, desc: usize) => void;

const SIZES: StaticArray<i32> = [0, 1, 3, 4, 5, 17, 1000];

// ---------------------------------------------------------------------------------------------
// inputs

const F32_SPECIAL: StaticArray<f32> = [
  NaN, Infinity, -Infinity, 0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 1e-40, -1e-40,
  3e38, -3e38, 88.8, -88.8, -104.5, 1e-8, 2e5, -7e5, 0.625, 3.99, 4.01,
];
const F64_SPECIAL: StaticArray<f64> = [
  NaN, Infinity, -Infinity, 0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 5e-324, -1e-310,
  1.7e308, -1.7e308, 709.5, -745.5, 1e-17, 1e6, -7e5, 5.95,
];
const I32_SPECIAL: StaticArray<i32> = [0, 1, -1, i32.MIN_VALUE, i32.MAX_VALUE, 2, -2, 46341, -46341];
const I64_SPECIAL: StaticArray<i64> = [
  0, 1, -1, i64.MIN_VALUE, i64.MAX_VALUE, 2, -2, 3037000500, -3037000500,
];

function hash(i: u32): u32 {
  i ^= i >> 16;
  i *= 0x7feb352d;
  i ^= i >> 15;
  i *= 0x846ca68b;
  return i ^ (i >> 16);
}

/** Input element i of n: a special value at every third index (shifted by n, so specials land
 *  in SIMD bodies and scalar tails alike), else random sign and magnitude (2^-20 .. 2^20). */
function gen<T>(i: i32, n: i32): T {
  const h = hash(<u32>i * 0x9e3779b9 + <u32>n);
  if ((i + n) % 3 == 0) {
    if (isFloat<T>() && sizeof<T>() == 4) return <T>F32_SPECIAL[h % <u32>F32_SPECIAL.length];
    if (isFloat<T>()) return <T>F64_SPECIAL[h % <u32>F64_SPECIAL.length];
    if (sizeof<T>() == 4) return <T>I32_SPECIAL[h % <u32>I32_SPECIAL.length];
    if (sizeof<T>() == 8) return <T>I64_SPECIAL[h % <u32>I64_SPECIAL.length];
    return <T>(h & 1); // bool
  }
  if (isFloat<T>()) {
    const m = <f64>(hash(h) >> 8) / 16777216.0 + 1; // [1, 2)
    const v = m * Math.pow(2, <f64>(<i32>(h % 41) - 20));
    return <T>((h & 0x80000000) != 0 ? -v : v);
  }
  if (sizeof<T>() == 1) return <T>(h % 3 == 0 ? 0 : h % 7); // bools: 0 or any nonzero byte
  if (h % 4 == 0) return <T>((<i64>hash(h + 1) << 32) | <i64>hash(h + 2)); // full range
  return <T>(<i32>(h % 201) - 100);
}

// ---------------------------------------------------------------------------------------------
// comparison: floats within rtol |want| + atol (exact when both are 0), NaN matches NaN,
// infinities (after rounding want to U) must match exactly; ints and bools exactly.

function close<Uo, R>(got: Uo, want: R, rtol: f64, atol: f64): bool {
  if (!isFloat<Uo>()) return <i64>got == <i64>want;
  const g = <f64>got;
  const w = <f64>want;
  const wr = <f64>(<Uo>want);
  if (isNaN(w)) return isNaN(g);
  if (!isFinite(wr)) return g == wr;
  if (rtol == 0 && atol == 0) return g == wr;
  const denormal = sizeof<Uo>() == 4 ? 1.5e-45 : 5e-324;
  return abs(g - w) <= rtol * abs(w) + atol + denormal;
}

function expectClose<T, Uo, R>(name: string, x: T, got: Uo, want: R, rtol: f64, atol: f64): void {
  if (!close<Uo, R>(got, want, rtol, atol)) {
    expect<f64>(<f64>got).toBe(<f64>want, name + " at x = " + (<f64>x).toString());
  }
}

// ---------------------------------------------------------------------------------------------
// drivers

function fill<T>(n: i32, salt: i32): usize {
  const p = heap.alloc(<usize>max(n, 1) * sizeof<T>());
  for (let i = 0; i < n; i++) store<T>(p + <usize>i * sizeof<T>(), gen<T>(i, n + salt));
  return p;
}

/** Dense kernel over every size, then again in place (out == x) when the dtypes match. */
function checkDense<T, Uo, R>(name: string, f: Dense, ref: (x: T) => R, rtol: f64, atol: f64): void {
  for (let s = 0; s < SIZES.length; s++) {
    const n = SIZES[s];
    const x = fill<T>(n, 0);
    const out = heap.alloc(<usize>max(n, 1) * sizeof<Uo>());
    f(x, out, n);
    for (let i = 0; i < n; i++) {
      const xi = load<T>(x + <usize>i * sizeof<T>());
      expectClose<T, Uo, R>(name, xi, load<Uo>(out + <usize>i * sizeof<Uo>()), ref(xi), rtol, atol);
    }
    if (sizeof<T>() == sizeof<Uo>() && !isBoolean<Uo>()) {
      const y = fill<T>(n, 0);
      f(y, y, n);
      for (let i = 0; i < n; i++) {
        const xi = load<T>(x + <usize>i * sizeof<T>());
        expectClose<T, Uo, R>(name + " (in place)", xi, load<Uo>(y + <usize>i * sizeof<T>()), ref(xi), rtol, atol);
      }
      heap.free(y);
    }
    heap.free(x);
    heap.free(out);
  }
}

// Descriptors [ndim, shape, x strides, out strides] of the strided cases.
const CASES: StaticArray<StaticArray<i32>> = [
  [0], // 0-d: one element
  [1, 1000, 1, 1], // dense through the descriptor
  [1, 37, -1, 1], // flipped input
  [1, 29, 3, 2], // strided input and output
  [2, 7, 9, 1, 7, 9, 1], // transposed input
  [2, 6, 5, 5, 1, 1, 6], // transposed output
  [2, 5, 17, 1, 0, 17, 1], // input broadcast along the last dim
  [2, 3, 33, 0, 1, 33, 1], // input broadcast along the first dim
  [2, 4, 13, 16, 1, 16, 1], // padded rows: the gaps must stay untouched
  [3, 2, 3, 5, 15, 1, 3, 15, 5, 1], // permuted 3-D
  [4, 2, 2, 3, 6, 1, 2, 4, 12, 36, 18, 6, 1], // reversed 4-D layout, odometer carries
  [2, 3, 0, 1, 1, 1, 1], // empty
  [2, 0, 4, 4, 1, 4, 1], // empty
];

function count(d: StaticArray<i32>): i32 {
  let c = 1;
  for (let k = 0; k < d[0]; k++) c *= d[1 + k];
  return c;
}
/** Lowest element offset operand `op` reaches (negative strides), and the span it covers. */
function lowest(d: StaticArray<i32>, op: i32): i32 {
  const nd = d[0];
  let lo = 0;
  for (let k = 0; k < nd; k++) lo += min(0, (d[1 + k] - 1) * d[1 + nd * (op + 1) + k]);
  return count(d) == 0 ? 0 : lo;
}
function span(d: StaticArray<i32>, op: i32): i32 {
  const nd = d[0];
  let hi = 0;
  for (let k = 0; k < nd; k++) hi += max(0, (d[1 + k] - 1) * d[1 + nd * (op + 1) + k]);
  return count(d) == 0 ? 1 : hi - lowest(d, op) + 1;
}
/** Element offset of logical (row-major) index `flat` in operand `op`. */
function offsetOf(d: StaticArray<i32>, op: i32, flat: i32): i32 {
  const nd = d[0];
  let off = 0;
  for (let k = nd - 1; k >= 0; k--) {
    const sh = d[1 + k];
    off += (flat % sh) * d[1 + nd * (op + 1) + k];
    flat /= sh;
  }
  return off;
}
function toMemory(d: StaticArray<i32>): usize {
  const p = heap.alloc(<usize>d.length << 2);
  for (let i = 0; i < d.length; i++) store<i32>(p + (<usize>i << 2), d[i]);
  return p;
}

const SENTINEL: u8 = 0x5a;

/** Every strided case, plus in place (out == x with the same padded layout). */
function checkStrided<T, Uo, R>(name: string, f: Strided, ref: (x: T) => R, rtol: f64, atol: f64): void {
  for (let c = 0; c < CASES.length; c++) {
    const d = CASES[c];
    const desc = toMemory(d);
    const nx = span(d, 0);
    const no = span(d, 1);
    const xbase = fill<T>(nx, c);
    const obase = heap.alloc(<usize>no * sizeof<Uo>());
    memory.fill(obase, SENTINEL, <usize>no * sizeof<Uo>());
    const x = xbase - <usize>lowest(d, 0) * sizeof<T>();
    const out = obase - <usize>lowest(d, 1) * sizeof<Uo>();
    f(x, out, desc);
    const total = count(d);
    const written = heap.alloc(<usize>no);
    memory.fill(written, 0, <usize>no);
    for (let i = 0; i < total; i++) {
      const xi = load<T>(x + <usize>offsetOf(d, 0, i) * sizeof<T>());
      const o = offsetOf(d, 1, i);
      store<u8>(written + <usize>(o - lowest(d, 1)), 1);
      const got = load<Uo>(out + <usize>o * sizeof<Uo>());
      expectClose<T, Uo, R>(name + " case " + c.toString(), xi, got, ref(xi), rtol, atol);
    }
    for (let j = 0; j < no; j++) {
      if (load<u8>(written + <usize>j) == 0) {
        expect<u8>(load<u8>(obase + <usize>j * sizeof<Uo>())).toBe(SENTINEL, name + " wrote a gap");
      }
    }
    if (c == 8 && sizeof<T>() == sizeof<Uo>() && !isBoolean<Uo>()) {
      const y = fill<T>(nx, c); // same contents as x
      f(y, y, desc);
      for (let i = 0; i < total; i++) {
        const o = <usize>offsetOf(d, 0, i) * sizeof<T>();
        expectClose<T, Uo, R>(name + " strided in place", load<T>(x + o), load<Uo>(y + o), ref(load<T>(x + o)), rtol, atol);
      }
      heap.free(y);
    }
    heap.free(written);
    heap.free(xbase);
    heap.free(obase);
    heap.free(desc);
  }
}

function check<T, Uo, R>(name: string, f: Dense, fs: Strided, ref: (x: T) => R, rtol: f64 = 0, atol: f64 = 0): void {
  checkDense<T, Uo, R>(name, f, ref, rtol, atol);
  checkStrided<T, Uo, R>(name + "_s", fs, ref, rtol, atol);
}

// Tolerances of the f32 vector math (vmath.spec.ts sweeps them much more densely).
const VM_RTOL: f64 = 2e-7;
const TRIG_ATOL: f64 = 1e-7;

// ---------------------------------------------------------------------------------------------

describe("unary f32", () => {
  it("neg abs sign square relu", () => {
    check<f32, f32, f32>("neg_f32", U.neg_f32, U.neg_f32_s, (x: f32): f32 => -x);
    check<f32, f32, f32>("abs_f32", U.abs_f32, U.abs_f32_s, (x: f32): f32 => Mathf.abs(x));
    check<f32, f32, f32>("sign_f32", U.sign_f32, U.sign_f32_s, (x: f32): f32 => x > 0 ? 1 : x < 0 ? -1 : 0);
    check<f32, f32, f32>("square_f32", U.square_f32, U.square_f32_s, (x: f32): f32 => x * x);
    check<f32, f32, f32>("relu_f32", U.relu_f32, U.relu_f32_s, (x: f32): f32 => x < 0 ? 0 : x);
  });
  it("sqrt rsqrt reciprocal", () => {
    check<f32, f32, f32>("sqrt_f32", U.sqrt_f32, U.sqrt_f32_s, (x: f32): f32 => Mathf.sqrt(x));
    check<f32, f32, f32>("rsqrt_f32", U.rsqrt_f32, U.rsqrt_f32_s, (x: f32): f32 => <f32>1 / Mathf.sqrt(x));
    check<f32, f32, f32>("reciprocal_f32", U.reciprocal_f32, U.reciprocal_f32_s, (x: f32): f32 => <f32>1 / x);
  });
  it("floor ceil round trunc frac", () => {
    check<f32, f32, f32>("floor_f32", U.floor_f32, U.floor_f32_s, (x: f32): f32 => Mathf.floor(x));
    check<f32, f32, f32>("ceil_f32", U.ceil_f32, U.ceil_f32_s, (x: f32): f32 => Mathf.ceil(x));
    check<f32, f32, f64>("round_f32", U.round_f32, U.round_f32_s, (x: f32): f64 => roundHalfEven(x));
    check<f32, f32, f32>("trunc_f32", U.trunc_f32, U.trunc_f32_s, (x: f32): f32 => Mathf.trunc(x));
    check<f32, f32, f32>("frac_f32", U.frac_f32, U.frac_f32_s, (x: f32): f32 => x - Mathf.trunc(x));
  });
  it("exp expm1 log log1p log2 log10", () => {
    check<f32, f32, f64>("exp_f32", U.exp_f32, U.exp_f32_s, (x: f32): f64 => Math.exp(x), VM_RTOL);
    check<f32, f32, f64>("expm1_f32", U.expm1_f32, U.expm1_f32_s, (x: f32): f64 => Math.expm1(x), VM_RTOL);
    check<f32, f32, f64>("log_f32", U.log_f32, U.log_f32_s, (x: f32): f64 => Math.log(x), VM_RTOL);
    check<f32, f32, f64>("log1p_f32", U.log1p_f32, U.log1p_f32_s, (x: f32): f64 => Math.log1p(x), VM_RTOL);
    check<f32, f32, f64>("log2_f32", U.log2_f32, U.log2_f32_s, (x: f32): f64 => Math.log2(x), VM_RTOL);
    check<f32, f32, f64>("log10_f32", U.log10_f32, U.log10_f32_s, (x: f32): f64 => Math.log10(x), VM_RTOL);
  });
  it("sin cos tan", () => {
    check<f32, f32, f64>("sin_f32", U.sin_f32, U.sin_f32_s, (x: f32): f64 => Math.sin(x), VM_RTOL, TRIG_ATOL);
    check<f32, f32, f64>("cos_f32", U.cos_f32, U.cos_f32_s, (x: f32): f64 => Math.cos(x), VM_RTOL, TRIG_ATOL);
    check<f32, f32, f64>("tan_f32", U.tan_f32, U.tan_f32_s, (x: f32): f64 => Math.tan(x), 3.5e-7, TRIG_ATOL);
  });
  it("tanh sigmoid erf", () => {
    check<f32, f32, f64>("tanh_f32", U.tanh_f32, U.tanh_f32_s, (x: f32): f64 => Math.tanh(x), VM_RTOL);
    check<f32, f32, f64>("sigmoid_f32", U.sigmoid_f32, U.sigmoid_f32_s, (x: f32): f64 => sigmoidRef(x), VM_RTOL);
    check<f32, f32, f64>("erf_f32", U.erf_f32, U.erf_f32_s, (x: f32): f64 => erf64(x), VM_RTOL);
  });
  it("isnan isinf isfinite", () => {
    check<f32, bool, bool>("isnan_f32", U.isnan_f32, U.isnan_f32_s, (x: f32): bool => isNaN(x));
    check<f32, bool, bool>("isinf_f32", U.isinf_f32, U.isinf_f32_s, (x: f32): bool => !isNaN(x) && !isFinite(x));
    check<f32, bool, bool>("isfinite_f32", U.isfinite_f32, U.isfinite_f32_s, (x: f32): bool => isFinite(x));
  });
});

describe("unary f64", () => {
  it("neg abs sign square relu", () => {
    check<f64, f64, f64>("neg_f64", U.neg_f64, U.neg_f64_s, (x: f64): f64 => -x);
    check<f64, f64, f64>("abs_f64", U.abs_f64, U.abs_f64_s, (x: f64): f64 => Math.abs(x));
    check<f64, f64, f64>("sign_f64", U.sign_f64, U.sign_f64_s, (x: f64): f64 => x > 0 ? 1 : x < 0 ? -1 : 0);
    check<f64, f64, f64>("square_f64", U.square_f64, U.square_f64_s, (x: f64): f64 => x * x);
    check<f64, f64, f64>("relu_f64", U.relu_f64, U.relu_f64_s, (x: f64): f64 => x < 0 ? 0 : x);
  });
  it("sqrt rsqrt reciprocal", () => {
    check<f64, f64, f64>("sqrt_f64", U.sqrt_f64, U.sqrt_f64_s, (x: f64): f64 => Math.sqrt(x));
    check<f64, f64, f64>("rsqrt_f64", U.rsqrt_f64, U.rsqrt_f64_s, (x: f64): f64 => 1 / Math.sqrt(x));
    check<f64, f64, f64>("reciprocal_f64", U.reciprocal_f64, U.reciprocal_f64_s, (x: f64): f64 => 1 / x);
  });
  it("floor ceil round trunc frac", () => {
    check<f64, f64, f64>("floor_f64", U.floor_f64, U.floor_f64_s, (x: f64): f64 => Math.floor(x));
    check<f64, f64, f64>("ceil_f64", U.ceil_f64, U.ceil_f64_s, (x: f64): f64 => Math.ceil(x));
    check<f64, f64, f64>("round_f64", U.round_f64, U.round_f64_s, (x: f64): f64 => roundHalfEven(x));
    check<f64, f64, f64>("trunc_f64", U.trunc_f64, U.trunc_f64_s, (x: f64): f64 => Math.trunc(x));
    check<f64, f64, f64>("frac_f64", U.frac_f64, U.frac_f64_s, (x: f64): f64 => x - Math.trunc(x));
  });
  it("exp expm1 log log1p log2 log10", () => {
    check<f64, f64, f64>("exp_f64", U.exp_f64, U.exp_f64_s, (x: f64): f64 => Math.exp(x));
    check<f64, f64, f64>("expm1_f64", U.expm1_f64, U.expm1_f64_s, (x: f64): f64 => Math.expm1(x));
    check<f64, f64, f64>("log_f64", U.log_f64, U.log_f64_s, (x: f64): f64 => Math.log(x));
    check<f64, f64, f64>("log1p_f64", U.log1p_f64, U.log1p_f64_s, (x: f64): f64 => Math.log1p(x));
    check<f64, f64, f64>("log2_f64", U.log2_f64, U.log2_f64_s, (x: f64): f64 => Math.log2(x));
    check<f64, f64, f64>("log10_f64", U.log10_f64, U.log10_f64_s, (x: f64): f64 => Math.log10(x));
  });
  it("sin cos tan tanh sigmoid erf", () => {
    check<f64, f64, f64>("sin_f64", U.sin_f64, U.sin_f64_s, (x: f64): f64 => Math.sin(x));
    check<f64, f64, f64>("cos_f64", U.cos_f64, U.cos_f64_s, (x: f64): f64 => Math.cos(x));
    check<f64, f64, f64>("tan_f64", U.tan_f64, U.tan_f64_s, (x: f64): f64 => Math.tan(x));
    check<f64, f64, f64>("tanh_f64", U.tanh_f64, U.tanh_f64_s, (x: f64): f64 => Math.tanh(x));
    check<f64, f64, f64>("sigmoid_f64", U.sigmoid_f64, U.sigmoid_f64_s, (x: f64): f64 => sigmoidRef(x), 4e-16);
    check<f64, f64, f64>("erf_f64", U.erf_f64, U.erf_f64_s, (x: f64): f64 => erf64(x));
  });
  it("isnan isinf isfinite", () => {
    check<f64, bool, bool>("isnan_f64", U.isnan_f64, U.isnan_f64_s, (x: f64): bool => isNaN(x));
    check<f64, bool, bool>("isinf_f64", U.isinf_f64, U.isinf_f64_s, (x: f64): bool => !isNaN(x) && !isFinite(x));
    check<f64, bool, bool>("isfinite_f64", U.isfinite_f64, U.isfinite_f64_s, (x: f64): bool => isFinite(x));
  });
});

describe("unary ints and bool", () => {
  it("i32 neg abs sign square relu (wrapping)", () => {
    check<i32, i32, i32>("neg_i32", U.neg_i32, U.neg_i32_s, (x: i32): i32 => 0 - x);
    check<i32, i32, i32>("abs_i32", U.abs_i32, U.abs_i32_s, (x: i32): i32 => x < 0 ? 0 - x : x);
    check<i32, i32, i32>("sign_i32", U.sign_i32, U.sign_i32_s, (x: i32): i32 => x > 0 ? 1 : x < 0 ? -1 : 0);
    check<i32, i32, i32>("square_i32", U.square_i32, U.square_i32_s, (x: i32): i32 => x * x);
    check<i32, i32, i32>("relu_i32", U.relu_i32, U.relu_i32_s, (x: i32): i32 => x > 0 ? x : 0);
  });
  it("i64 neg abs sign square relu (wrapping)", () => {
    check<i64, i64, i64>("neg_i64", U.neg_i64, U.neg_i64_s, (x: i64): i64 => 0 - x);
    check<i64, i64, i64>("abs_i64", U.abs_i64, U.abs_i64_s, (x: i64): i64 => x < 0 ? 0 - x : x);
    check<i64, i64, i64>("sign_i64", U.sign_i64, U.sign_i64_s, (x: i64): i64 => x > 0 ? 1 : x < 0 ? -1 : 0);
    check<i64, i64, i64>("square_i64", U.square_i64, U.square_i64_s, (x: i64): i64 => x * x);
    check<i64, i64, i64>("relu_i64", U.relu_i64, U.relu_i64_s, (x: i64): i64 => x > 0 ? x : 0);
  });
  it("logical_not_u8", () => {
    check<u8, bool, bool>("logical_not_u8", U.logical_not_u8, U.logical_not_u8_s, (x: u8): bool => x == 0);
  });
});

// ---------------------------------------------------------------------------------------------
// PyTorch semantics on chosen values (the references above are written from the same rules)

function one32(f: Dense, x: f32): f32 {
  const p = heap.alloc(8);
  store<f32>(p, x);
  f(p, p + 4, 1);
  const y = load<f32>(p + 4);
  heap.free(p);
  return y;
}
function one64(f: Dense, x: f64): f64 {
  const p = heap.alloc(16);
  store<f64>(p, x);
  f(p, p + 8, 1);
  const y = load<f64>(p + 8);
  heap.free(p);
  return y;
}
function roundHalfEven(x: f64): f64 {
  const r = Math.floor(x);
  const diff = x - r;
  if (diff > 0.5 || (diff == 0.5 && r % 2 != 0)) return r + 1;
  return r == 0 && x < 0 ? -0.0 : r; // keeps round(-0.4) = -0
}
function sigmoidRef(x: f64): f64 {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

describe("unary special values", () => {
  it("round is half to even", () => {
    expect<f32>(one32(U.round_f32, 0.5)).toBe(0);
    expect<f32>(one32(U.round_f32, 1.5)).toBe(2);
    expect<f32>(one32(U.round_f32, 2.5)).toBe(2);
    expect<f32>(one32(U.round_f32, -2.5)).toBe(-2);
    expect<f64>(one64(U.round_f64, 3.5)).toBe(4);
    expect<f64>(one64(U.round_f64, -0.5)).toBe(-0.0);
  });
  it("sign, relu, frac, rsqrt, reciprocal edge cases", () => {
    expect<f32>(one32(U.sign_f32, NaN)).toBe(0);
    expect<f32>(one32(U.sign_f32, -0.0)).toBe(0);
    expect<f64>(one64(U.sign_f64, -3)).toBe(-1);
    expect<bool>(isNaN(one32(U.relu_f32, NaN))).toBe(true);
    expect<bool>(isNaN(one64(U.relu_f64, NaN))).toBe(true);
    expect<f32>(one32(U.frac_f32, -3.75)).toBe(-0.75);
    expect<bool>(isNaN(one32(U.frac_f32, Infinity))).toBe(true);
    expect<f32>(one32(U.rsqrt_f32, 0)).toBe(Infinity);
    expect<f64>(one64(U.rsqrt_f64, 0)).toBe(Infinity);
    expect<f32>(one32(U.reciprocal_f32, 0)).toBe(Infinity);
    expect<f64>(one64(U.reciprocal_f64, -0.0)).toBe(-Infinity);
  });
  it("exp, log and friends at the edges", () => {
    expect<f32>(one32(U.exp_f32, -Infinity)).toBe(0);
    expect<f32>(one32(U.exp_f32, Infinity)).toBe(Infinity);
    expect<f32>(one32(U.exp_f32, 89)).toBe(Infinity);
    expect<f32>(one32(U.exp_f32, -104)).toBe(0);
    expect<f32>(one32(U.exp_f32, 0)).toBe(1);
    expect<f32>(one32(U.log_f32, 0)).toBe(-Infinity);
    expect<f32>(one32(U.log_f32, -0.0)).toBe(-Infinity);
    expect<bool>(isNaN(one32(U.log_f32, -1))).toBe(true);
    expect<f32>(one32(U.log_f32, Infinity)).toBe(Infinity);
    expect<f32>(one32(U.log_f32, 1)).toBe(0);
    expect<f32>(one32(U.log2_f32, 8)).toBe(3);
    expect<f32>(one32(U.log2_f32, 1e-45)).toBe(-149); // smallest subnormal
    expect<f32>(one32(U.log10_f32, 1000)).toBe(3);
    expect<f32>(one32(U.log1p_f32, -1)).toBe(-Infinity);
    expect<f32>(one32(U.expm1_f32, -Infinity)).toBe(-1);
    expect<f32>(one32(U.expm1_f32, 1e-30)).toBe(1e-30);
    expect<f32>(one32(U.log1p_f32, 1e-30)).toBe(1e-30);
  });
  it("tanh, sigmoid, erf, sin, cos at the edges", () => {
    expect<f32>(one32(U.tanh_f32, Infinity)).toBe(1);
    expect<f32>(one32(U.tanh_f32, -Infinity)).toBe(-1);
    expect<f32>(one32(U.sigmoid_f32, -Infinity)).toBe(0);
    expect<f32>(one32(U.sigmoid_f32, Infinity)).toBe(1);
    expect<f32>(one32(U.sigmoid_f32, 0)).toBe(0.5);
    expect<bool>(one32(U.sigmoid_f32, -100) > 0).toBe(true); // stable: e^-100, not 0
    expect<f64>(one64(U.sigmoid_f64, -800)).toBe(0);
    expect<f32>(one32(U.erf_f32, Infinity)).toBe(1);
    expect<f32>(one32(U.erf_f32, -Infinity)).toBe(-1);
    expect<f64>(one64(U.erf_f64, -Infinity)).toBe(-1);
    expect<bool>(isNaN(one32(U.sin_f32, Infinity))).toBe(true);
    expect<bool>(isNaN(one32(U.cos_f32, -Infinity))).toBe(true);
    expect<f32>(one32(U.cos_f32, 0)).toBe(1);
    expect<f32>(1 / one32(U.sin_f32, -0.0)).toBe(-Infinity); // sin(-0) = -0
    expect<f32>(1 / one32(U.tanh_f32, -0.0)).toBe(-Infinity);
    expect<f32>(1 / one32(U.erf_f32, -0.0)).toBe(-Infinity);
  });
});
