// Binary kernels and where() against scalar references written here: every op and dtype over
// sizes that hit SIMD bodies and tails, NaN / +-inf operands, in place (out == a, out == b),
// and strided descriptors (broadcast rows and columns, splats, transposed, flipped, 3-D, 0-d).

import * as B from "../binary";

type Dense2 = (a: usize, b: usize, out: usize, n: i32) => void;
type Strided2 = (a: usize, b: usize, out: usize, desc: usize) => void;

const SIZES: StaticArray<i32> = [0, 1, 3, 4, 5, 17, 1000];

// What the second operand may hold: anything, nonzero (integer division), or a small
// exponent in [0, 40] (integer pow).
const ANY = 0;
const NONZERO = 1;
const EXPONENT = 2;

// ---------------------------------------------------------------------------------------------
// operands

const FLOATS: StaticArray<f64> = [
  NaN, Infinity, -Infinity, 0, -0.0, 1, -1, 2, -2, 0.5, -7.5, 7.5, 3, -3, 1e-40, 1e30, -1e30,
];
const INTS: StaticArray<i64> = [
  0, 1, -1, 2, -2, 7, -7, 3, -3, i32.MIN_VALUE, i32.MAX_VALUE, i64.MIN_VALUE, i64.MAX_VALUE,
];

/** A small deterministic generator (64-bit LCG, top bits). */
let seed: u64 = 1;
function next(): u32 {
  seed = seed * 6364136223846793005 + 1442695040888963407;
  return <u32>(seed >> 33);
}

/** One operand value: a special one a quarter of the time, else random. */
function value<T>(kind: i32): T {
  const r = next();
  if (kind == EXPONENT && !isFloat<T>()) return <T>(r % 41);
  let v: T;
  if (r % 4 == 0) {
    v = isFloat<T>() ? <T>FLOATS[(r >> 2) % <u32>FLOATS.length] : <T>INTS[(r >> 2) % <u32>INTS.length];
  } else if (isFloat<T>()) {
    const mag = Math.pow(10, <f64>(<i32>(r % 13) - 6)) * (<f64>next() / 4294967296.0 + 0.01);
    v = <T>((r & 0x40000000) != 0 ? -mag : mag);
  } else if (sizeof<T>() == 1) {
    v = <T>(r % 3); // 0, 1 or another nonzero byte
  } else {
    v = (r & 8) != 0 ? <T>((<u64>next() << 32) | <u64>next()) : <T>(<i32>(r % 61) - 30);
  }
  if (kind == NONZERO && v == <T>0) return <T>1;
  return v;
}

function operand<T>(n: i32, kind: i32): usize {
  const p = heap.alloc(<usize>max(n, 1) * sizeof<T>());
  for (let i = 0; i < n; i++) store<T>(p + <usize>i * sizeof<T>(), value<T>(kind));
  return p;
}

// ---------------------------------------------------------------------------------------------
// checks

function matches<Uo, R>(got: Uo, want: R, rtol: f64): bool {
  if (!isFloat<Uo>()) return <i64>got == <i64>want;
  const w = <f64>(<Uo>want);
  if (isNaN(w)) return isNaN(<f64>got);
  if (rtol == 0 || !isFinite(w)) return <f64>got == w;
  return abs(<f64>got - <f64>want) <= rtol * abs(<f64>want) + 1e-45;
}

function verify<T, Uo, R>(what: string, a: T, b: T, got: Uo, ref: (a: T, b: T) => R, rtol: f64): void {
  const want = ref(a, b);
  if (!matches<Uo, R>(got, want, rtol)) {
    const args = " (" + (<f64>a).toString() + ", " + (<f64>b).toString() + ")";
    expect<f64>(<f64>got).toBe(<f64>want, what + args);
  }
}

/** Dense kernel over every size, and in place into a and into b. */
function dense<T, Uo, R>(name: string, f: Dense2, ref: (a: T, b: T) => R, kind: i32, rtol: f64): void {
  for (let s = 0; s < SIZES.length; s++) {
    const n = SIZES[s];
    const bytes = <usize>max(n, 1) * sizeof<T>();
    const a = operand<T>(n, ANY);
    const b = operand<T>(n, kind);
    const out = heap.alloc(<usize>max(n, 1) * sizeof<Uo>());
    f(a, b, out, n);
    for (let i = 0; i < n; i++) {
      const at = <usize>i * sizeof<T>();
      verify<T, Uo, R>(name, load<T>(a + at), load<T>(b + at), load<Uo>(out + <usize>i * sizeof<Uo>()), ref, rtol);
    }
    if (!isBoolean<Uo>()) {
      const a2 = heap.alloc(bytes);
      const b2 = heap.alloc(bytes);
      memory.copy(a2, a, bytes);
      memory.copy(b2, b, bytes);
      f(a2, b, a2, n);
      f(a, b2, b2, n);
      for (let i = 0; i < n; i++) {
        const at = <usize>i * sizeof<T>();
        verify<T, Uo, R>(name + " into a", load<T>(a + at), load<T>(b + at), load<Uo>(a2 + at), ref, rtol);
        verify<T, Uo, R>(name + " into b", load<T>(a + at), load<T>(b + at), load<Uo>(b2 + at), ref, rtol);
      }
      heap.free(a2);
      heap.free(b2);
    }
    heap.free(a);
    heap.free(b);
    heap.free(out);
  }
}

// Descriptors [ndim, shape, a strides, b strides, out strides].
const LAYOUTS: StaticArray<StaticArray<i32>> = [
  [0], // 0-d
  [1, 1000, 1, 1, 1], // dense through the descriptor
  [2, 5, 17, 17, 1, 0, 1, 17, 1], // b is one row, repeated (bias add)
  [2, 5, 17, 17, 1, 1, 0, 17, 1], // b is one column: splat along the last dim
  [2, 5, 17, 1, 0, 17, 1, 17, 1], // a is one column
  [2, 4, 9, 1, 0, 0, 0, 9, 1], // a column against a scalar
  [2, 7, 9, 1, 7, 9, 1, 9, 1], // transposed a
  [1, 37, -1, 2, 1], // flipped a, strided b
  [2, 6, 5, 5, 1, 5, 1, 1, 6], // transposed output
  [3, 2, 3, 5, 15, 5, 1, 0, 1, 0, 15, 5, 1], // 3-D, b of shape [1, 3, 1]
  [2, 4, 13, 16, 1, 13, 1, 16, 1], // padded a and out (also run with out == a)
  [2, 0, 5, 5, 1, 5, 1, 5, 1], // empty
];
const PADDED = 10;

/** Walks a layout with an odometer: per operand, the element offset of every logical index
 *  (row-major), into `offsets` (operand-major), plus each operand's lowest offset. */
function walk(d: StaticArray<i32>, nops: i32, offsets: StaticArray<i32>, lows: StaticArray<i32>): i32 {
  const nd = d[0];
  const idx = new StaticArray<i32>(max(nd, 1));
  let total = 1;
  for (let k = 0; k < nd; k++) total *= d[1 + k];
  for (let op = 0; op < nops; op++) lows[op] = 0;
  for (let e = 0; e < total; e++) {
    for (let op = 0; op < nops; op++) {
      let off = 0;
      for (let k = 0; k < nd; k++) off += idx[k] * d[1 + nd * (op + 1) + k];
      offsets[op * total + e] = off;
      lows[op] = min(lows[op], off);
    }
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < d[1 + k]) break;
      idx[k] = 0;
    }
  }
  return total;
}

function descriptor(d: StaticArray<i32>): usize {
  const p = heap.alloc(<usize>d.length << 2);
  memory.copy(p, changetype<usize>(d), <usize>d.length << 2);
  return p;
}

/** Every layout: operand buffers sized from the walk; out == a for the padded layout. */
function strided<T, Uo, R>(name: string, f: Strided2, ref: (a: T, b: T) => R, kind: i32, rtol: f64): void {
  const offsets = new StaticArray<i32>(3 * 1000);
  const lows = new StaticArray<i32>(3);
  for (let c = 0; c < LAYOUTS.length; c++) {
    const d = LAYOUTS[c];
    const total = walk(d, 3, offsets, lows);
    const desc = descriptor(d);
    // Room for 1100 elements after the lowest offset covers every layout above.
    const a = operand<T>(1100, ANY) - <usize>lows[0] * sizeof<T>();
    const b = operand<T>(1100, kind) - <usize>lows[1] * sizeof<T>();
    const out = heap.alloc(1100 * sizeof<Uo>()) - <usize>lows[2] * sizeof<Uo>();
    f(a, b, out, desc);
    for (let e = 0; e < total; e++) {
      const x = load<T>(a + <usize>offsets[e] * sizeof<T>());
      const y = load<T>(b + <usize>offsets[total + e] * sizeof<T>());
      const got = load<Uo>(out + <usize>offsets[2 * total + e] * sizeof<Uo>());
      verify<T, Uo, R>(name + " layout " + c.toString(), x, y, got, ref, rtol);
    }
    if (c == PADDED && !isBoolean<Uo>()) {
      const a2 = heap.alloc(1100 * sizeof<T>());
      memory.copy(a2, a, 1100 * sizeof<T>());
      f(a2, b, a2, desc);
      for (let e = 0; e < total; e++) {
        const at = <usize>offsets[e] * sizeof<T>();
        const y = load<T>(b + <usize>offsets[total + e] * sizeof<T>());
        verify<T, Uo, R>(name + " in place", load<T>(a + at), y, load<Uo>(a2 + at), ref, rtol);
      }
      heap.free(a2);
    }
    heap.free(desc);
  }
}

function check<T, Uo, R>(name: string, f: Dense2, fs: Strided2, ref: (a: T, b: T) => R, kind: i32 = ANY, rtol: f64 = 0): void {
  dense<T, Uo, R>(name, f, ref, kind, rtol);
  strided<T, Uo, R>(name + "_s", fs, ref, kind, rtol);
}

// ---------------------------------------------------------------------------------------------
// references (PyTorch semantics)

function pyRemainder<T>(a: T, b: T): T {
  if (isFloat<T>()) {
    const r = a % b; // fmod
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
  }
  if (b == <T>-1) return <T>0;
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}
function pyFloorDiv<T>(a: T, b: T): T {
  if (isFloat<T>()) {
    // Python's float //: (a - fmod(a, b)) / b, stepped down when fmod's sign differs from b's,
    // rounded to the nearest integer (PyTorch 1.13's div_floor: 1 // 0.1 == 9, -inf // x is nan)
    // in the element type, as PyTorch's scalar_t arithmetic
    if (b == 0) return a / b;
    const m: T = a % b;
    let d: T = (a - m) / b;
    if (m != 0 && (b < 0) != (m < 0)) d -= <T>1;
    if (d == 0) return <T>(<f64>(a / b) < 0 ? -0.0 : 0.0);
    let q: T = floor<T>(d);
    if (d - q > <T>0.5) q += <T>1;
    return q;
  }
  if (b == <T>-1) return <T>0 - a; // wraps for MIN
  const q = a / b;
  return q * b != a && (a < 0) != (b < 0) ? q - 1 : q;
}
/** C's pow: 1 for a == 1 or b == 0 even with NaN or inf (AssemblyScript's Math.pow differs there). */
function cPow(a: f64, b: f64): f64 {
  return a == 1 || b == 0 ? 1 : Math.pow(a, b);
}
/** Integer power by repeated multiplication (the exponents here are at most 40). */
function slowPow<T>(a: T, b: T): T {
  let r = <T>1;
  for (let i = <T>0; i < b; i++) r *= a;
  return r;
}

describe("binary arithmetic f32", () => {
  it("add sub mul div", () => {
    check<f32, f32, f32>("add_f32", B.add_f32, B.add_f32_s, (a: f32, b: f32): f32 => a + b);
    check<f32, f32, f32>("sub_f32", B.sub_f32, B.sub_f32_s, (a: f32, b: f32): f32 => a - b);
    check<f32, f32, f32>("mul_f32", B.mul_f32, B.mul_f32_s, (a: f32, b: f32): f32 => a * b);
    check<f32, f32, f32>("div_f32", B.div_f32, B.div_f32_s, (a: f32, b: f32): f32 => a / b);
  });
  it("maximum minimum propagate NaN", () => {
    check<f32, f32, f32>("maximum_f32", B.maximum_f32, B.maximum_f32_s, (a: f32, b: f32): f32 => isNaN(a) || isNaN(b) ? NaN : a > b ? a : b);
    check<f32, f32, f32>("minimum_f32", B.minimum_f32, B.minimum_f32_s, (a: f32, b: f32): f32 => isNaN(a) || isNaN(b) ? NaN : a < b ? a : b);
  });
  it("remainder floor_divide fmod", () => {
    check<f32, f32, f32>("remainder_f32", B.remainder_f32, B.remainder_f32_s, (a: f32, b: f32): f32 => pyRemainder<f32>(a, b));
    check<f32, f32, f32>("floor_divide_f32", B.floor_divide_f32, B.floor_divide_f32_s, (a: f32, b: f32): f32 => pyFloorDiv<f32>(a, b));
    check<f32, f32, f32>("fmod_f32", B.fmod_f32, B.fmod_f32_s, (a: f32, b: f32): f32 => <f32>(<f64>a % <f64>b));
  });
  it("pow atan2", () => {
    check<f32, f32, f64>("pow_f32", B.pow_f32, B.pow_f32_s, (a: f32, b: f32): f64 => cPow(a, b), ANY, 1.2e-7);
    check<f32, f32, f64>("atan2_f32", B.atan2_f32, B.atan2_f32_s, (a: f32, b: f32): f64 => Math.atan2(a, b), ANY, 1.2e-7);
  });
});

describe("binary arithmetic f64", () => {
  it("add sub mul div", () => {
    check<f64, f64, f64>("add_f64", B.add_f64, B.add_f64_s, (a: f64, b: f64): f64 => a + b);
    check<f64, f64, f64>("sub_f64", B.sub_f64, B.sub_f64_s, (a: f64, b: f64): f64 => a - b);
    check<f64, f64, f64>("mul_f64", B.mul_f64, B.mul_f64_s, (a: f64, b: f64): f64 => a * b);
    check<f64, f64, f64>("div_f64", B.div_f64, B.div_f64_s, (a: f64, b: f64): f64 => a / b);
  });
  it("maximum minimum propagate NaN", () => {
    check<f64, f64, f64>("maximum_f64", B.maximum_f64, B.maximum_f64_s, (a: f64, b: f64): f64 => isNaN(a) || isNaN(b) ? NaN : a > b ? a : b);
    check<f64, f64, f64>("minimum_f64", B.minimum_f64, B.minimum_f64_s, (a: f64, b: f64): f64 => isNaN(a) || isNaN(b) ? NaN : a < b ? a : b);
  });
  it("remainder floor_divide fmod pow atan2", () => {
    check<f64, f64, f64>("remainder_f64", B.remainder_f64, B.remainder_f64_s, (a: f64, b: f64): f64 => pyRemainder<f64>(a, b));
    check<f64, f64, f64>("floor_divide_f64", B.floor_divide_f64, B.floor_divide_f64_s, (a: f64, b: f64): f64 => pyFloorDiv<f64>(a, b));
    check<f64, f64, f64>("fmod_f64", B.fmod_f64, B.fmod_f64_s, (a: f64, b: f64): f64 => a % b);
    check<f64, f64, f64>("pow_f64", B.pow_f64, B.pow_f64_s, (a: f64, b: f64): f64 => cPow(a, b));
    check<f64, f64, f64>("atan2_f64", B.atan2_f64, B.atan2_f64_s, (a: f64, b: f64): f64 => Math.atan2(a, b));
  });
});

describe("binary arithmetic ints", () => {
  it("i32 add sub mul maximum minimum (wrapping)", () => {
    check<i32, i32, i32>("add_i32", B.add_i32, B.add_i32_s, (a: i32, b: i32): i32 => a + b);
    check<i32, i32, i32>("sub_i32", B.sub_i32, B.sub_i32_s, (a: i32, b: i32): i32 => a - b);
    check<i32, i32, i32>("mul_i32", B.mul_i32, B.mul_i32_s, (a: i32, b: i32): i32 => a * b);
    check<i32, i32, i32>("maximum_i32", B.maximum_i32, B.maximum_i32_s, (a: i32, b: i32): i32 => a > b ? a : b);
    check<i32, i32, i32>("minimum_i32", B.minimum_i32, B.minimum_i32_s, (a: i32, b: i32): i32 => a < b ? a : b);
  });
  it("i32 remainder floor_divide pow", () => {
    check<i32, i32, i32>("remainder_i32", B.remainder_i32, B.remainder_i32_s, (a: i32, b: i32): i32 => pyRemainder<i32>(a, b), NONZERO);
    check<i32, i32, i32>("floor_divide_i32", B.floor_divide_i32, B.floor_divide_i32_s, (a: i32, b: i32): i32 => pyFloorDiv<i32>(a, b), NONZERO);
    check<i32, i32, i32>("pow_i32", B.pow_i32, B.pow_i32_s, (a: i32, b: i32): i32 => slowPow<i32>(a, b), EXPONENT);
  });
  it("i64 add sub mul maximum minimum (wrapping)", () => {
    check<i64, i64, i64>("add_i64", B.add_i64, B.add_i64_s, (a: i64, b: i64): i64 => a + b);
    check<i64, i64, i64>("sub_i64", B.sub_i64, B.sub_i64_s, (a: i64, b: i64): i64 => a - b);
    check<i64, i64, i64>("mul_i64", B.mul_i64, B.mul_i64_s, (a: i64, b: i64): i64 => a * b);
    check<i64, i64, i64>("maximum_i64", B.maximum_i64, B.maximum_i64_s, (a: i64, b: i64): i64 => a > b ? a : b);
    check<i64, i64, i64>("minimum_i64", B.minimum_i64, B.minimum_i64_s, (a: i64, b: i64): i64 => a < b ? a : b);
  });
  it("i64 remainder floor_divide pow", () => {
    check<i64, i64, i64>("remainder_i64", B.remainder_i64, B.remainder_i64_s, (a: i64, b: i64): i64 => pyRemainder<i64>(a, b), NONZERO);
    check<i64, i64, i64>("floor_divide_i64", B.floor_divide_i64, B.floor_divide_i64_s, (a: i64, b: i64): i64 => pyFloorDiv<i64>(a, b), NONZERO);
    check<i64, i64, i64>("pow_i64", B.pow_i64, B.pow_i64_s, (a: i64, b: i64): i64 => slowPow<i64>(a, b), EXPONENT);
  });
});

describe("comparisons", () => {
  it("f32", () => {
    check<f32, bool, bool>("eq_f32", B.eq_f32, B.eq_f32_s, (a: f32, b: f32): bool => a == b);
    check<f32, bool, bool>("ne_f32", B.ne_f32, B.ne_f32_s, (a: f32, b: f32): bool => a != b);
    check<f32, bool, bool>("lt_f32", B.lt_f32, B.lt_f32_s, (a: f32, b: f32): bool => a < b);
    check<f32, bool, bool>("le_f32", B.le_f32, B.le_f32_s, (a: f32, b: f32): bool => a <= b);
    check<f32, bool, bool>("gt_f32", B.gt_f32, B.gt_f32_s, (a: f32, b: f32): bool => a > b);
    check<f32, bool, bool>("ge_f32", B.ge_f32, B.ge_f32_s, (a: f32, b: f32): bool => a >= b);
  });
  it("f64", () => {
    check<f64, bool, bool>("eq_f64", B.eq_f64, B.eq_f64_s, (a: f64, b: f64): bool => a == b);
    check<f64, bool, bool>("ne_f64", B.ne_f64, B.ne_f64_s, (a: f64, b: f64): bool => a != b);
    check<f64, bool, bool>("lt_f64", B.lt_f64, B.lt_f64_s, (a: f64, b: f64): bool => a < b);
    check<f64, bool, bool>("le_f64", B.le_f64, B.le_f64_s, (a: f64, b: f64): bool => a <= b);
    check<f64, bool, bool>("gt_f64", B.gt_f64, B.gt_f64_s, (a: f64, b: f64): bool => a > b);
    check<f64, bool, bool>("ge_f64", B.ge_f64, B.ge_f64_s, (a: f64, b: f64): bool => a >= b);
  });
  it("i32", () => {
    check<i32, bool, bool>("eq_i32", B.eq_i32, B.eq_i32_s, (a: i32, b: i32): bool => a == b);
    check<i32, bool, bool>("ne_i32", B.ne_i32, B.ne_i32_s, (a: i32, b: i32): bool => a != b);
    check<i32, bool, bool>("lt_i32", B.lt_i32, B.lt_i32_s, (a: i32, b: i32): bool => a < b);
    check<i32, bool, bool>("le_i32", B.le_i32, B.le_i32_s, (a: i32, b: i32): bool => a <= b);
    check<i32, bool, bool>("gt_i32", B.gt_i32, B.gt_i32_s, (a: i32, b: i32): bool => a > b);
    check<i32, bool, bool>("ge_i32", B.ge_i32, B.ge_i32_s, (a: i32, b: i32): bool => a >= b);
  });
  it("i64", () => {
    check<i64, bool, bool>("eq_i64", B.eq_i64, B.eq_i64_s, (a: i64, b: i64): bool => a == b);
    check<i64, bool, bool>("ne_i64", B.ne_i64, B.ne_i64_s, (a: i64, b: i64): bool => a != b);
    check<i64, bool, bool>("lt_i64", B.lt_i64, B.lt_i64_s, (a: i64, b: i64): bool => a < b);
    check<i64, bool, bool>("le_i64", B.le_i64, B.le_i64_s, (a: i64, b: i64): bool => a <= b);
    check<i64, bool, bool>("gt_i64", B.gt_i64, B.gt_i64_s, (a: i64, b: i64): bool => a > b);
    check<i64, bool, bool>("ge_i64", B.ge_i64, B.ge_i64_s, (a: i64, b: i64): bool => a >= b);
  });
  it("u8 (unsigned) and logical ops", () => {
    check<u8, bool, bool>("eq_u8", B.eq_u8, B.eq_u8_s, (a: u8, b: u8): bool => a == b);
    check<u8, bool, bool>("ne_u8", B.ne_u8, B.ne_u8_s, (a: u8, b: u8): bool => a != b);
    check<u8, bool, bool>("lt_u8", B.lt_u8, B.lt_u8_s, (a: u8, b: u8): bool => a < b);
    check<u8, bool, bool>("le_u8", B.le_u8, B.le_u8_s, (a: u8, b: u8): bool => a <= b);
    check<u8, bool, bool>("gt_u8", B.gt_u8, B.gt_u8_s, (a: u8, b: u8): bool => a > b);
    check<u8, bool, bool>("ge_u8", B.ge_u8, B.ge_u8_s, (a: u8, b: u8): bool => a >= b);
    check<u8, bool, bool>("logical_and_u8", B.logical_and_u8, B.logical_and_u8_s, (a: u8, b: u8): bool => a != 0 && b != 0);
    check<u8, bool, bool>("logical_or_u8", B.logical_or_u8, B.logical_or_u8_s, (a: u8, b: u8): bool => a != 0 || b != 0);
  });
});

// ---------------------------------------------------------------------------------------------
// where(cond, a, b)

// Descriptors [ndim, shape, cond, a, b, out strides].
const WHERE_LAYOUTS: StaticArray<StaticArray<i32>> = [
  [0],
  [1, 0, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1],
  [1, 3, 1, 1, 1, 1],
  [1, 5, 1, 1, 1, 1],
  [1, 17, 1, 1, 1, 1],
  [1, 1000, 1, 1, 1, 1],
  [1, 1000, 1, 0, 1, 1], // a scalar
  [1, 1000, 1, 1, 0, 1], // b scalar
  [1, 999, 1, 0, 0, 1], // both scalars
  [2, 5, 17, 17, 1, 17, 1, 1, 0, 17, 1], // b one column
  [2, 5, 17, 0, 1, 17, 1, 0, 1, 17, 1], // cond and b one row
  [2, 5, 17, 1, 0, 17, 1, 17, 1, 17, 1], // cond one column: scalar path
  [2, 7, 9, 1, 7, 9, 1, 1, 7, 9, 1], // transposed cond and b
  [1, 37, -1, 1, -2, 1], // flipped
];

function checkWhere<T>(f: (c: usize, a: usize, b: usize, out: usize, desc: usize) => void): void {
  const offsets = new StaticArray<i32>(4 * 2000);
  const lows = new StaticArray<i32>(4);
  for (let c = 0; c < WHERE_LAYOUTS.length; c++) {
    const d = WHERE_LAYOUTS[c];
    const total = walk(d, 4, offsets, lows);
    const desc = descriptor(d);
    const cond = operand<u8>(1100, ANY) - <usize>lows[0];
    const a = operand<u64>(1100, ANY) - <usize>lows[1] * sizeof<T>();
    const b = operand<u64>(1100, ANY) - <usize>lows[2] * sizeof<T>();
    const out = heap.alloc(1100 * sizeof<T>()) - <usize>lows[3] * sizeof<T>();
    f(cond, a, b, out, desc);
    for (let e = 0; e < total; e++) {
      const pick = load<u8>(cond + <usize>offsets[e]) != 0;
      const src = pick ? a + <usize>offsets[total + e] * sizeof<T>() : b + <usize>offsets[2 * total + e] * sizeof<T>();
      const got = load<T>(out + <usize>offsets[3 * total + e] * sizeof<T>());
      expect<u64>(<u64>got).toBe(<u64>load<T>(src), "where_b" + sizeof<T>().toString() + " layout " + c.toString());
    }
    heap.free(desc);
  }
}

describe("where", () => {
  it("b1 b2 b4 b8 copy bits from a where cond != 0, else from b", () => {
    checkWhere<u8>(B.where_b1);
    checkWhere<u16>(B.where_b2);
    checkWhere<u32>(B.where_b4);
    checkWhere<u64>(B.where_b8);
  });
});

// ---------------------------------------------------------------------------------------------
// PyTorch semantics on chosen values

function f32op(f: Dense2, a: f32, b: f32): f32 {
  const p = heap.alloc(12);
  store<f32>(p, a);
  store<f32>(p + 4, b);
  f(p, p + 4, p + 8, 1);
  return load<f32>(p + 8);
}
function i32op(f: Dense2, a: i32, b: i32): i32 {
  const p = heap.alloc(12);
  store<i32>(p, a);
  store<i32>(p + 4, b);
  f(p, p + 4, p + 8, 1);
  return load<i32>(p + 8);
}
function i64op(f: Dense2, a: i64, b: i64): i64 {
  const p = heap.alloc(24);
  store<i64>(p, a);
  store<i64>(p + 8, b);
  f(p, p + 8, p + 16, 1);
  return load<i64>(p + 16);
}

describe("binary special values", () => {
  it("remainder has the divisor's sign, fmod the dividend's", () => {
    expect<f32>(f32op(B.remainder_f32, -7, 2)).toBe(1);
    expect<f32>(f32op(B.remainder_f32, 7, -2)).toBe(-1);
    expect<f32>(f32op(B.remainder_f32, -7.5, 2)).toBe(0.5);
    expect<f32>(f32op(B.remainder_f32, -1, Infinity)).toBe(Infinity); // like PyTorch's fmod + b
    expect<bool>(isNaN(f32op(B.remainder_f32, 1, 0))).toBe(true);
    expect<f32>(f32op(B.fmod_f32, -7.5, 2)).toBe(-1.5);
    expect<f32>(f32op(B.fmod_f32, 7.5, -2)).toBe(1.5);
    expect<i32>(i32op(B.remainder_i32, -7, 2)).toBe(1);
    expect<i32>(i32op(B.remainder_i32, 7, -2)).toBe(-1);
    expect<i32>(i32op(B.remainder_i32, i32.MIN_VALUE, -1)).toBe(0);
    expect<i64>(i64op(B.remainder_i64, -7, 3)).toBe(2);
  });
  it("floor_divide floors", () => {
    expect<f32>(f32op(B.floor_divide_f32, -7, 2)).toBe(-4);
    expect<f32>(f32op(B.floor_divide_f32, 7, -2)).toBe(-4);
    expect<f32>(f32op(B.floor_divide_f32, 1, 0)).toBe(Infinity);
    expect<i32>(i32op(B.floor_divide_i32, -7, 2)).toBe(-4);
    expect<i32>(i32op(B.floor_divide_i32, 7, 2)).toBe(3);
    expect<i32>(i32op(B.floor_divide_i32, -6, 2)).toBe(-3);
    expect<i32>(i32op(B.floor_divide_i32, i32.MIN_VALUE, -1)).toBe(i32.MIN_VALUE);
    expect<i64>(i64op(B.floor_divide_i64, -7, 2)).toBe(-4);
    expect<i64>(i64op(B.floor_divide_i64, i64.MIN_VALUE, -1)).toBe(i64.MIN_VALUE);
  });
  it("pow", () => {
    expect<f32>(f32op(B.pow_f32, 0, 0)).toBe(1);
    expect<f32>(f32op(B.pow_f32, NaN, 0)).toBe(1);
    expect<f32>(f32op(B.pow_f32, 2, 10)).toBe(1024);
    expect<f32>(f32op(B.pow_f32, 0, -1)).toBe(Infinity);
    expect<bool>(isNaN(f32op(B.pow_f32, -8, 1.0 / 3))).toBe(true);
    expect<i32>(i32op(B.pow_i32, 0, 0)).toBe(1);
    expect<i32>(i32op(B.pow_i32, 3, 5)).toBe(243);
    expect<i32>(i32op(B.pow_i32, -2, 31)).toBe(i32.MIN_VALUE);
    expect<i32>(i32op(B.pow_i32, 3, 40)).toBe(689956897); // 3^40 mod 2^32
    expect<i64>(i64op(B.pow_i64, 3, 40)).toBe(-6289078614652622815); // 3^40 mod 2^64
    expect<i64>(i64op(B.pow_i64, 7, 1000000007)).toBe(slowPowMod(7, 1000000007));
    expect<i32>(i32op(B.pow_i32, -1, -3)).toBe(-1); // negative exponents as PyTorch's kernel
    expect<i32>(i32op(B.pow_i32, 2, -1)).toBe(0);
  });
  it("maximum / minimum propagate NaN, comparisons with NaN", () => {
    expect<bool>(isNaN(f32op(B.maximum_f32, NaN, 1))).toBe(true);
    expect<bool>(isNaN(f32op(B.maximum_f32, 1, NaN))).toBe(true);
    expect<bool>(isNaN(f32op(B.minimum_f32, 1, NaN))).toBe(true);
    expect<f32>(f32op(B.maximum_f32, -Infinity, 3)).toBe(3);
    const p = heap.alloc(16);
    store<f32>(p, NaN);
    B.eq_f32(p, p, p + 8, 1);
    expect<u8>(load<u8>(p + 8)).toBe(0);
    B.ne_f32(p, p, p + 8, 1);
    expect<u8>(load<u8>(p + 8)).toBe(1);
    store<u8>(p, 2);
    store<u8>(p + 1, 7);
    B.logical_and_u8(p, p + 1, p + 8, 1);
    expect<u8>(load<u8>(p + 8)).toBe(1);
  });
});

/** 7^e mod 2^64 by squaring in u64, independent of the kernel's generic code. */
function slowPowMod(base: u64, e: u64): i64 {
  let r: u64 = 1;
  let b = base;
  while (e > 0) {
    if (e & 1) r *= b;
    b *= b;
    e >>= 1;
  }
  return <i64>r;
}
