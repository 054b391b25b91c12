import { copy, fill, fill_i64 } from "../copy";

// Dtype codes (ABI.md): 0 f32, 1 f64, 2 f16, 3 i32, 4 i64, 5 u8, 6 i8, 7 i16, 8 bool.
const SZ: i32[] = [4, 8, 2, 4, 8, 1, 1, 2, 1];
const NAME: string[] = ["f32", "f64", "f16", "i32", "i64", "u8", "i8", "i16", "bool"];

// Edge values: floats (also the f16 inputs, encoded), integers, raw f16 bit patterns.
const FV: f64[] = [0, -0.0, 1.5, -1.5, 2.5, 300, -1, 1e10, NaN, Infinity, -Infinity, 65504, 65520,
  6e-8, -129, 0.5, -0.5, 65519.99, 2.9802322387695312e-8, 8.940696716308594e-8, 1e-45, 1e300,
  2147483648, -2147483649, 4294967296.5, 1e19, -1e19, 255.9, -0.9, 1.00048828125, 1.00146484375,
  16777217, 3.4e38, -7.25];
const IV: i64[] = [0, 1, -1, 127, 128, 255, 256, 300, -129, 32767, 32768, 65535, 65536, 65520,
  2147483647, -2147483648, 9007199254740993, 1152921573326323713, 9223372036854775807,
  i64.MIN_VALUE, 16777217, -7];
const HV: u16[] = [0x0000, 0x8000, 0x3e00, 0xbe00, 0x4100, 0x5cb0, 0xbc00, 0x7bff, 0xfbff, 0x7c00,
  0xfc00, 0x7e00, 0xfe00, 0x7c01, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3c00, 0x3555, 0x0200];

// ---- independent reference (f16 by binary search over the code points) ----

function refDecode(h: u32): f64 {
  const s: f64 = (h & 0x8000) != 0 ? -1 : 1, e = (h >> 10) & 31, m = h & 1023;
  if (e == 31) return m != 0 ? NaN : s * Infinity;
  if (e == 0) return s * <f64>m * Math.pow(2, -24);
  return s * <f64>(1024 + m) * Math.pow(2, <f64>e - 25);
}

function refEncode(x: f32): u16 {
  const sign = <u16>((reinterpret<u32>(x) >> 16) & 0x8000);
  if (isNaN(x)) return sign | 0x7e00;
  const a = Math.abs(<f64>x);
  if (a >= 65520) return sign | 0x7c00;
  let lo: u32 = 0, hi: u32 = 0x7bff;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (refDecode(mid) <= a) lo = mid; else hi = mid - 1;
  }
  if (lo < 0x7bff) {
    const d0 = a - refDecode(lo), d1 = refDecode(lo + 1) - a;
    if (d1 < d0 || (d1 == d0 && (lo & 1) != 0)) lo++;
  }
  return sign | <u16>lo;
}

// PyTorch 1.13 on x86: NaN / inf / out of range give the minimum of int64 (for int64) or of
// int32 (for every narrower int, which then wraps).
function refTrunc64(f: f64): i64 {
  if (isNaN(f) || f >= 9223372036854775808.0 || f <= -9223372036854775809.0) return i64.MIN_VALUE;
  return <i64>Math.trunc(f);
}
function refTrunc32(f: f64): i64 {
  if (isNaN(f) || f >= 2147483648.0 || f <= -2147483649.0) return <i64>i32.MIN_VALUE;
  return <i64>Math.trunc(f);
}

function refStore(sdt: i32, ddt: i32, sp: usize, dp: usize): void {
  if (sdt == ddt) { memory.copy(dp, sp, <usize>SZ[sdt]); return; }
  const isF = sdt <= 2;
  let fv: f64 = 0, iv: i64 = 0;
  switch (sdt) {
    case 0: fv = load<f32>(sp); break;
    case 1: fv = load<f64>(sp); break;
    case 2: fv = refDecode(load<u16>(sp)); break;
    case 3: iv = load<i32>(sp); break;
    case 4: iv = load<i64>(sp); break;
    case 5: iv = load<u8>(sp); break;
    case 6: iv = load<i8>(sp); break;
    case 7: iv = load<i16>(sp); break;
    default: iv = load<u8>(sp) != 0 ? 1 : 0;
  }
  const w: i64 = isF ? (ddt == 4 ? refTrunc64(fv) : refTrunc32(fv)) : iv;
  switch (ddt) {
    case 0: store<f32>(dp, isF ? <f32>fv : <f32>iv); break;
    case 1: store<f64>(dp, isF ? fv : <f64>iv); break;
    case 2: store<u16>(dp, refEncode(isF ? <f32>fv : <f32>iv)); break;
    case 3: store<i32>(dp, <i32>w); break;
    case 4: store<i64>(dp, w); break;
    case 5: store<u8>(dp, <u8>w); break;
    case 6: store<i8>(dp, <i8>w); break;
    case 7: store<i16>(dp, <i16>w); break;
    default: store<u8>(dp, (isF ? fv != 0 : iv != 0) ? 1 : 0);
  }
}

// k-th edge value of a dtype, raw.
function putEdge(dt: i32, p: usize, k: i32): void {
  const f = FV[k % FV.length], i = IV[k % IV.length];
  switch (dt) {
    case 0: store<f32>(p, <f32>f); break;
    case 1: store<f64>(p, f); break;
    case 2: store<u16>(p, (k & 1) != 0 ? HV[(k >> 1) % HV.length] : refEncode(<f32>f)); break;
    case 3: store<i32>(p, <i32>i); break;
    case 4: store<i64>(p, i); break;
    case 5: store<u8>(p, <u8>i); break;
    case 6: store<i8>(p, <i8>i); break;
    case 7: store<i16>(p, <i16>i); break;
    default: store<u8>(p, i != 0 ? 1 : 0);
  }
}

function eqElem(dt: i32, a: usize, b: usize): bool {
  if (dt == 0 && isNaN(load<f32>(a)) && isNaN(load<f32>(b))) return true;
  if (dt == 1 && isNaN(load<f64>(a)) && isNaN(load<f64>(b))) return true;
  return memory.compare(a, b, <usize>SZ[dt]) == 0;
}

function showElem(dt: i32, p: usize): string {
  if (dt == 0) return load<f32>(p).toString();
  if (dt == 1) return load<f64>(p).toString();
  if (dt == 4) return load<i64>(p).toString();
  if (dt == 3) return load<i32>(p).toString();
  if (dt == 2 || dt == 7) return load<u16>(p).toString();
  return load<u8>(p).toString();
}

// ---- strided cases ----

class Case {
  constructor(public shape: i32[], public ss: i32[], public so: i32, public slen: i32,
    public ds: i32[], public dof: i32, public dlen: i32) {}
}

function dense(shape: i32[]): Case {
  let n = 1;
  const st: i32[] = [];
  for (let j = shape.length - 1; j >= 0; j--) { st.unshift(n); n *= shape[j]; }
  return new Case(shape, st, 0, n, st.slice(0), 0, n);
}

function mkDesc(c: Case): usize {
  const nd = c.shape.length;
  const p = heap.alloc(<usize>(1 + 3 * nd) * 4);
  store<i32>(p, nd);
  for (let j = 0; j < nd; j++) {
    store<i32>(p + 4 + <usize>j * 4, c.shape[j]);
    store<i32>(p + 4 + <usize>(nd + j) * 4, c.ss[j]);
    store<i32>(p + 4 + <usize>(2 * nd + j) * 4, c.ds[j]);
  }
  return p;
}

const GUARD = 32;

// "" when the n elements (and the guard bytes after them) match, else the first mismatch.
function firstDiff(dt: i32, got: usize, want: usize, n: i32, label: string): string {
  const z = SZ[dt];
  for (let k = 0; k < n; k++) {
    const a = got + <usize>(k * z), b = want + <usize>(k * z);
    if (!eqElem(dt, a, b)) return label + " at " + k.toString() + ": got " + showElem(dt, a) + " want " + showElem(dt, b);
  }
  if (memory.compare(got + <usize>(n * z), want + <usize>(n * z), GUARD) != 0) return label + ": wrote past the end";
  return "";
}

// Runs one case for one dtype pair; returns "" or a description of the first mismatch.
function runCase(c: Case, sdt: i32, ddt: i32, phase: i32): string {
  const ssz = SZ[sdt], dsz = SZ[ddt], nd = c.shape.length;
  const sp = heap.alloc(<usize>(c.slen * ssz + 16));
  for (let k = 0; k < c.slen; k++) putEdge(sdt, sp + <usize>(k * ssz), k + phase);
  const bytes = <usize>(c.dlen * dsz + GUARD);
  const dp = heap.alloc(bytes), ep = heap.alloc(bytes);
  memory.fill(dp, 0x5a, bytes);
  memory.fill(ep, 0x5a, bytes);
  const desc = mkDesc(c);
  copy(sdt, ddt, sp + <usize>(c.so * ssz), dp + <usize>(c.dof * dsz), desc);
  let n = 1;
  for (let j = 0; j < nd; j++) n *= c.shape[j];
  for (let k = 0; k < n; k++) { // unravel k the slow way: independent of the kernel's walker
    let rem = k, so = c.so, dof = c.dof;
    for (let j = nd - 1; j >= 0; j--) {
      const ix = rem % c.shape[j];
      rem /= c.shape[j];
      so += ix * c.ss[j];
      dof += ix * c.ds[j];
    }
    refStore(sdt, ddt, sp + <usize>(so * ssz), ep + <usize>(dof * dsz));
  }
  const err = firstDiff(ddt, dp, ep, c.dlen, NAME[sdt] + "->" + NAME[ddt]);
  heap.free(sp); heap.free(dp); heap.free(ep); heap.free(desc);
  return err;
}

function allPairs(c: Case): void {
  for (let s = 0; s < 9; s++) for (let d = 0; d < 9; d++) {
    for (let phase = 0; phase < 2; phase++) { // two alignments of the edge values
      const e = runCase(c, s, d, phase * 5);
      expect<string>(e).toBe("", e);
    }
  }
}

// ---- scalar helpers for the spelled-out values ----

const DESC1 = memory.data(16);
function one<S, D>(sdt: i32, ddt: i32, v: S): D {
  const a = memory.data(8, 8), b = memory.data(8, 8);
  store<i32>(DESC1, 1); store<i32>(DESC1, 1, 4); store<i32>(DESC1, 1, 8); store<i32>(DESC1, 1, 12);
  store<S>(a, v);
  copy(sdt, ddt, a, b, DESC1);
  return load<D>(b);
}

// Same cast through the 4-lane path (lane 2 of a dense run of 5).
function lanes<S, D>(sdt: i32, ddt: i32, v: S): D {
  const a = memory.data(64, 16), b = memory.data(64, 16);
  store<i32>(DESC1, 1); store<i32>(DESC1, 5, 4); store<i32>(DESC1, 1, 8); store<i32>(DESC1, 1, 12);
  for (let i: usize = 0; i < 5; i++) store<S>(a + i * sizeof<S>(), v);
  copy(sdt, ddt, a, b, DESC1);
  return load<D>(b + 2 * sizeof<D>());
}

function both<S, D>(sdt: i32, ddt: i32, v: S, want: D): void {
  expect<D>(one<S, D>(sdt, ddt, v)).toBe(want, "scalar");
  expect<D>(lanes<S, D>(sdt, ddt, v)).toBe(want, "simd");
}

describe("copy: casts, spelled out", () => {
  it("float -> int truncates toward zero as PyTorch does on x86, then wraps", () => {
    both<f32, u8>(0, 5, 300, 44);
    both<f32, u8>(0, 5, -1, 255);
    both<f32, i8>(0, 6, -129, 127);
    both<f32, i32>(0, 3, -1.5, -1);
    both<f32, i32>(0, 3, 2.5, 2);
    both<f32, i32>(0, 3, 1e10, -2147483648);
    both<f32, u8>(0, 5, 1e10, 0);
    both<f64, i32>(1, 3, -2147483649, -2147483648);
    both<f32, i64>(0, 4, 1e10, 10000000000);
    both<f64, u8>(1, 5, 300.9, 44);
    both<u16, u8>(2, 5, 0x5cb0, 44); // f16 300
  });
  it("NaN -> int does not trap and gives PyTorch's minimum", () => {
    both<f32, i32>(0, 3, NaN, -2147483648);
    both<f64, i64>(1, 4, NaN, i64.MIN_VALUE);
    both<f32, u8>(0, 5, NaN, 0);
  });
  it("anything -> bool is != 0", () => {
    both<f32, u8>(0, 8, NaN, 1);
    both<f32, u8>(0, 8, -0.0, 0);
    both<f64, u8>(1, 8, 1e-300, 1);
    both<u16, u8>(2, 8, 0x8000, 0);
    both<u16, u8>(2, 8, 0x0001, 1);
    both<i64, u8>(4, 8, 1 << 40, 1);
    both<i32, u8>(3, 8, 256, 1);
    both<u8, u8>(5, 8, 2, 1);
  });
  it("bool -> number is 0/1", () => {
    both<u8, f32>(8, 0, 1, 1);
    both<u8, f64>(8, 1, 7, 1);
    both<u8, u16>(8, 2, 1, 0x3c00);
    both<u8, i64>(8, 4, 0, 0);
    both<u8, i32>(8, 3, 255, 1);
  });
  it("int64 -> float rounds to nearest (no double rounding)", () => {
    both<i64, f32>(4, 0, 9007199254740993, 9007199254740992);
    both<i64, f32>(4, 0, 1152921573326323713, <f32>1152921641245786112); // 2^60 + 2^37
    both<i64, f64>(4, 1, 9007199254740993, 9007199254740992);
    both<i64, i32>(4, 3, 9007199254740993, 1);
    both<i64, u8>(4, 5, -1, 255);
  });
  it("f32 -> f16 rounds to nearest even", () => {
    both<f32, u16>(0, 2, 0, 0);
    both<f32, u16>(0, 2, -0.0, 0x8000);
    both<f32, u16>(0, 2, 1.5, 0x3e00);
    both<f32, u16>(0, 2, 65504, 0x7bff);
    both<f32, u16>(0, 2, 65519.99, 0x7bff);
    both<f32, u16>(0, 2, 65520, 0x7c00);
    both<f32, u16>(0, 2, 1e10, 0x7c00);
    both<f32, u16>(0, 2, -Infinity, 0xfc00);
    both<f32, u16>(0, 2, NaN, 0x7e00);
    both<f32, u16>(0, 2, 6e-8, 0x0001);
    both<f32, u16>(0, 2, 2.9802322387695312e-8, 0); // 2^-25: tie -> even 0
    both<f32, u16>(0, 2, 8.940696716308594e-8, 2); // 3 * 2^-25: tie -> even 2
    both<f32, u16>(0, 2, 6.097555160522461e-5, 0x03ff); // largest subnormal
    both<f32, u16>(0, 2, 6.1005353927612305e-5, 0x0400); // 1023.5 * 2^-24: tie -> even, the smallest normal
    both<f32, u16>(0, 2, 1.00048828125, 0x3c00); // 1 + 2^-11: tie -> even
    both<f32, u16>(0, 2, 1.00146484375, 0x3c02); // 1 + 3 * 2^-11: tie -> even
    both<i32, u16>(3, 2, 65520, 0x7c00);
    both<i32, u16>(3, 2, -2049, 0xe800); // tie between -2048 and -2050 -> even -2048
    both<i32, u16>(3, 2, 2051, 0x6802); // tie between 2050 and 2052 -> even 2052
  });
  it("f16 -> f32 decodes subnormals, inf, nan", () => {
    both<u16, f32>(2, 0, 0x0001, <f32>5.960464477539063e-8);
    both<u16, f32>(2, 0, 0x03ff, <f32>6.097555160522461e-5);
    both<u16, f32>(2, 0, 0x7bff, 65504);
    both<u16, f32>(2, 0, 0xfc00, -Infinity);
    both<u16, f32>(2, 0, 0x3555, <f32>0.333251953125);
    both<u16, f64>(2, 1, 0x8001, -5.960464477539063e-8);
    expect<bool>(isNaN(one<u16, f32>(2, 0, 0x7c01))).toBe(true);
    expect<bool>(isNaN(lanes<u16, f32>(2, 0, 0xfe00))).toBe(true);
    // a signalling f16 NaN comes out quiet (as the multiply in c10's decoder makes it)
    expect<u32>(reinterpret<u32>(one<u16, f32>(2, 0, 0x7c01))).toBe(0x7fc02000);
    expect<u32>(reinterpret<u32>(lanes<u16, f32>(2, 0, 0xfc01))).toBe(0xffc02000);
    expect<u32>(reinterpret<u32>(one<u16, f32>(2, 0, 0x8000))).toBe(0x80000000);
    expect<u32>(reinterpret<u32>(lanes<u16, f32>(2, 0, 0x8000))).toBe(0x80000000);
  });
  it("same dtype is a bit copy (f16 NaN payload kept)", () => {
    both<u16, u16>(2, 2, 0x7c01, 0x7c01);
    both<i8, u8>(6, 5, -1, 255);
  });
  it("f16 round trip of every finite code point", () => {
    const n = 0x7c00 * 2;
    const h = heap.alloc(<usize>n * 2), f = heap.alloc(<usize>n * 4), back = heap.alloc(<usize>n * 2);
    for (let i = 0; i < 0x7c00; i++) { store<u16>(h + <usize>i * 2, <u16>i); store<u16>(h + <usize>(0x7c00 + i) * 2, <u16>(i | 0x8000)); }
    store<i32>(DESC1, 1); store<i32>(DESC1, n, 4); store<i32>(DESC1, 1, 8); store<i32>(DESC1, 1, 12);
    copy(2, 0, h, f, DESC1);
    copy(0, 2, f, back, DESC1);
    let bad = -1;
    for (let i = 0; i < n; i++) {
      const x = load<u16>(h + <usize>i * 2);
      if (load<f32>(f + <usize>i * 4) != <f32>refDecode(x) || load<u16>(back + <usize>i * 2) != x) { bad = i; break; }
    }
    expect<i32>(bad).toBe(-1);
    heap.free(h); heap.free(f); heap.free(back);
  });
});

describe("copy: every dtype pair, dense", () => {
  it("size 0", () => { allPairs(dense([0])); });
  it("size 1", () => { allPairs(dense([1])); });
  it("size 3", () => { allPairs(dense([3])); });
  it("size 4", () => { allPairs(dense([4])); });
  it("size 5", () => { allPairs(dense([5])); });
  it("size 17", () => { allPairs(dense([17])); });
  it("size 1000", () => { allPairs(dense([1000])); });
  it("ndim 0 (scalar)", () => { allPairs(dense([])); });
  it("dense 3-D not merged", () => { allPairs(dense([3, 4, 5])); });
});

describe("copy: every dtype pair, strided", () => {
  it("transpose read (2-D, crosses tiles)", () => { allPairs(new Case([37, 45], [1, 37], 0, 37 * 45, [45, 1], 0, 37 * 45)); });
  it("transpose write (2-D, crosses tiles)", () => { allPairs(new Case([37, 45], [45, 1], 0, 37 * 45, [1, 37], 0, 37 * 45)); });
  it("flip (negative stride)", () => { allPairs(new Case([17], [-1], 16, 17, [1], 0, 17)); });
  it("flip both dims", () => { allPairs(new Case([6, 9], [-9, -1], 53, 54, [9, 1], 0, 54)); });
  it("broadcast a row (stride 0 outer)", () => { allPairs(new Case([5, 7], [0, 1], 0, 7, [7, 1], 0, 35)); });
  it("broadcast a column (stride 0 inner)", () => { allPairs(new Case([5, 7], [1, 0], 0, 5, [7, 1], 0, 35)); });
  it("broadcast a scalar", () => { allPairs(new Case([1000], [0], 0, 1, [1], 0, 1000)); });
  it("broadcast a scalar, 2-D", () => { allPairs(new Case([3, 6], [0, 0], 0, 1, [6, 1], 0, 18)); });
  it("scatter into a view with an offset", () => { allPairs(new Case([4, 4], [4, 1], 0, 16, [10, 2], 12, 60)); });
  it("gather rows of a wider matrix", () => { allPairs(new Case([3, 40], [100, 1], 5, 300, [40, 1], 0, 120)); });
  it("scalar source into a strided view", () => { allPairs(new Case([5], [0], 0, 1, [3], 1, 15)); });
  it("ndim 3 permuted source", () => { allPairs(new Case([2, 3, 4], [1, 2, 6], 0, 24, [12, 4, 1], 0, 24)); });
  it("ndim 4 mixed strides", () => {
    allPairs(new Case([2, 3, 4, 5], [60, -20, 5, 1], 40, 120, [240, 80, 20, 2], 0, 480));
  });
  it("ndim 4 reversed axes", () => {
    allPairs(new Case([2, 3, 4, 5], [1, 2, 6, 24], 0, 120, [60, 20, 5, 1], 0, 120));
  });
  it("transposed destination with a negative stride", () => {
    allPairs(new Case([8, 40], [40, 1], 0, 320, [-1, 8], 7, 320));
  });
});

// ---- fill ----

function fillCase(c: Case, dt: i32, v: f64, exact: bool, iv: i64): string {
  const dsz = SZ[dt], nd = c.shape.length;
  const bytes = <usize>(c.dlen * dsz + GUARD);
  const dp = heap.alloc(bytes), ep = heap.alloc(bytes), vp = heap.alloc(8);
  memory.fill(dp, 0x5a, bytes);
  memory.fill(ep, 0x5a, bytes);
  // fill's descriptor has one stride block: [nd, shape, dst strides]
  const desc = heap.alloc(<usize>(1 + 2 * nd) * 4);
  store<i32>(desc, nd);
  for (let j = 0; j < nd; j++) {
    store<i32>(desc + 4 + <usize>j * 4, c.shape[j]);
    store<i32>(desc + 4 + <usize>(nd + j) * 4, c.ds[j]);
  }
  if (exact) fill_i64(dp + <usize>(c.dof * dsz), desc, iv);
  else fill(dt, dp + <usize>(c.dof * dsz), desc, v);
  if (exact) store<i64>(vp, iv); else store<f64>(vp, v);
  let n = 1;
  for (let j = 0; j < nd; j++) n *= c.shape[j];
  for (let k = 0; k < n; k++) {
    let rem = k, dof = c.dof;
    for (let j = nd - 1; j >= 0; j--) { dof += (rem % c.shape[j]) * c.ds[j]; rem /= c.shape[j]; }
    refStore(exact ? 4 : 1, dt, vp, ep + <usize>(dof * dsz));
  }
  const err = firstDiff(dt, dp, ep, c.dlen, "fill " + NAME[dt] + " with " + (exact ? iv.toString() : v.toString()));
  heap.free(dp); heap.free(ep); heap.free(vp); heap.free(desc);
  return err;
}

function fillAll(c: Case): void {
  const vals: f64[] = [0, -0.0, 1.5, -1.5, 300.7, -1, -129, 1e10, NaN, Infinity, -Infinity, 65504, 65520, 6e-8];
  for (let dt = 0; dt < 9; dt++) for (let i = 0; i < vals.length; i++) {
    const e = fillCase(c, dt, vals[i], false, 0);
    expect<string>(e).toBe("", e);
  }
  const e = fillCase(c, 4, 0, true, 9007199254740993);
  expect<string>(e).toBe("", e);
}

describe("fill", () => {
  it("every dtype, dense sizes 0 1 3 17 1000", () => {
    fillAll(dense([0])); fillAll(dense([1])); fillAll(dense([3])); fillAll(dense([17])); fillAll(dense([1000]));
  });
  it("every dtype, ndim 0", () => { fillAll(dense([])); });
  it("every dtype, strided view with an offset", () => { fillAll(new Case([4, 4], [4, 1], 0, 16, [10, 2], 12, 60)); });
  it("every dtype, transposed and flipped views", () => {
    fillAll(new Case([37, 45], [45, 1], 0, 1, [1, 37], 0, 37 * 45));
    fillAll(new Case([17], [1], 0, 1, [-1], 16, 17));
    fillAll(new Case([2, 3, 4], [12, 4, 1], 0, 1, [24, 8, 2], 0, 48));
  });
  it("spelled out", () => {
    const p = heap.alloc(64);
    store<i32>(DESC1, 1); store<i32>(DESC1, 5, 4); store<i32>(DESC1, 1, 8);
    fill(5, p, DESC1, 300);
    expect<u8>(load<u8>(p + 4)).toBe(44);
    fill(6, p, DESC1, -129);
    expect<i8>(load<i8>(p)).toBe(127);
    fill(8, p, DESC1, NaN);
    expect<u8>(load<u8>(p + 3)).toBe(1);
    fill(2, p, DESC1, 65520);
    expect<u16>(load<u16>(p + 8)).toBe(0x7c00);
    fill_i64(p, DESC1, 9007199254740993);
    expect<i64>(load<i64>(p + 32)).toBe(9007199254740993);
    heap.free(p);
  });
});
