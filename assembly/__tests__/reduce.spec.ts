// Reductions and scans (assembly/reduce.ts) against scalar references written here: the
// references walk every index with plain div/mod arithmetic and accumulate in f64 (floats) or
// wrapping i64 (ints), independent of the kernels' strategies.
import {
  sum_f32, sum_f64, sum_i64, sum_i32_i64, sum_u8_i64,
  prod_f32, prod_f64, prod_i64, prod_i32_i64, prod_u8_i64,
  max_f32, max_f64, max_i32, max_i64, max_u8,
  min_f32, min_f64, min_i32, min_i64, min_u8,
  argmax_f32, argmax_f64, argmax_i32, argmax_i64, argmax_u8,
  argmin_f32, argmin_f64, argmin_i32, argmin_i64, argmin_u8,
  all_u8, any_u8,
  cumsum_f32, cumsum_f64, cumsum_i64, cumprod_f32, cumprod_f64, cumprod_i64,
} from "../reduce";

type Kern = (x: usize, out: usize, desc: usize) => void;

const SUM = 0;
const PROD = 1;
const MAX = 2;
const MIN = 3;
const ALL = 4;
const ANY = 5;
const ARGMAX = 6;
const ARGMIN = 7;

// Value distributions for fillRandom.
const K_WIDE = 0; // floats in [-8, 8); ints over their full range
const K_PROD = 1; // floats in [0.9, 1.1); ints in +-{1,2,3} (products wrap but stay nonzero)
const K_TIES = 2; // a handful of small integers: many ties
const K_SPECIAL = 3; // floats with ~1% NaN, +Inf, -Inf; u8: 5% zeros
const K_UNIT = 4; // floats in [0, 1)
const K_NONZERO = 5; // u8 1..255
const K_ZEROISH = 6; // u8 mostly zero, 0.1% nonzero
const K_PROD_SPECIAL = 7; // K_PROD floats with ~1% NaN, +Inf, -Inf

// ---------------------------------------------------------------------------------------------
// helpers

let seed: u32 = 12345;
function rnd(): f64 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f64>seed / 4294967296.0;
}
function rndBits64(): i64 {
  rnd();
  const hi = <i64>seed;
  rnd();
  return (hi << 32) | <i64>seed;
}

function fillRandom<T>(p: usize, n: i32, kind: i32): void {
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let v: T;
    if (isFloat<T>()) {
      if (kind == K_PROD || kind == K_PROD_SPECIAL) v = <T>(0.9 + 0.2 * r);
      else if (kind == K_TIES) v = <T>(Math.floor(r * 5) - 2);
      else if (kind == K_UNIT) v = <T>r;
      else v = <T>(r * 16 - 8);
      if (kind == K_SPECIAL || kind == K_PROD_SPECIAL) {
        const q = rnd();
        if (q < 0.01) v = <T>NaN;
        else if (q < 0.02) v = <T>Infinity;
        else if (q < 0.03) v = <T>-Infinity;
      }
    } else {
      const signed = isSigned<T>();
      if (kind == K_PROD) {
        const m = <i32>(r * 3) + 1;
        v = <T>(signed && rnd() < 0.5 ? -m : m);
      } else if (kind == K_TIES) {
        v = <T>(<i32>(r * 5) - (signed ? 2 : 0));
      } else if (kind == K_SPECIAL) {
        v = <T>(r < 0.05 ? 0 : 1 + <i32>(rnd() * 255));
      } else if (kind == K_NONZERO) {
        v = <T>(1 + <i32>(r * 255));
      } else if (kind == K_ZEROISH) {
        v = <T>(r < 0.001 ? 1 : 0);
      } else {
        v = <T>rndBits64();
      }
    }
    store<T>(p + (<usize>i << alignof<T>()), v);
  }
}

function count(shape: i32[]): i32 {
  let n = 1;
  for (let k = 0; k < shape.length; k++) n *= shape[k];
  return n;
}

// Element offset of the row-major flat index `flat` over shape/strides.
function offsetOf(flat: i32, shape: i32[], str: i32[]): i32 {
  let off = 0;
  for (let k = shape.length - 1; k >= 0; k--) {
    off += (flat % shape[k]) * str[k];
    flat /= shape[k];
  }
  return off;
}

// Lowest / highest element offset reachable through shape/strides.
function lowOff(shape: i32[], str: i32[]): i32 {
  let o = 0;
  for (let k = 0; k < shape.length; k++) if (shape[k] > 0 && str[k] < 0) o += (shape[k] - 1) * str[k];
  return o;
}
function highOff(shape: i32[], str: i32[]): i32 {
  let o = 0;
  for (let k = 0; k < shape.length; k++) if (shape[k] > 0 && str[k] > 0) o += (shape[k] - 1) * str[k];
  return o;
}

function i32s(p: usize, a: i32[]): usize {
  for (let k = 0; k < a.length; k++) store<i32>(p + (<usize>k << 2), a[k]);
  return p + (<usize>a.length << 2);
}

// Input region for a view: a buffer holding every reachable element; `x` is element 0.
class Region {
  buf: usize;
  x: usize;
  n: i32;
  constructor(lo: i32, hi: i32, size: i32) {
    this.n = hi - lo + 1;
    this.buf = heap.alloc(<usize>(this.n * size + 16));
    this.x = this.buf + <usize>(-lo * size);
  }
}

// A reduction: kept dims (output shape) and reduced dims, with input strides.
class Layout {
  constructor(public name: string, public ks: i32[], public kst: i32[], public rs: i32[], public rst: i32[]) {}
  desc(): usize {
    const d = heap.alloc(<usize>(4 * (2 + 2 * this.ks.length + 2 * this.rs.length)));
    store<i32>(d, this.ks.length);
    let p = i32s(i32s(d + 4, this.ks), this.kst);
    store<i32>(p, this.rs.length);
    i32s(i32s(p + 4, this.rs), this.rst);
    return d;
  }
  region(size: i32): Region {
    return new Region(lowOff(this.ks, this.kst) + lowOff(this.rs, this.rst), highOff(this.ks, this.kst) + highOff(this.rs, this.rst), size);
  }
}

function L(name: string, ks: i32[], kst: i32[], rs: i32[], rst: i32[]): Layout {
  return new Layout(name, ks, kst, rs, rst);
}

// Every reduction case: full reductions, one inner / one outer / several dims, kept-dims
// odometers, strided, negative, broadcast and transposed views, empty and size-1 cases.
const LAYOUTS: Layout[] = [
  L("full n=0", [], [], [0], [1]),
  L("full n=1", [], [], [1], [1]),
  L("full n=3", [], [], [3], [1]),
  L("full n=4", [], [], [4], [1]),
  L("full n=5", [], [], [5], [1]),
  L("full n=17", [], [], [17], [1]),
  L("full n=1000", [], [], [1000], [1]),
  L("full n=4099", [], [], [4099], [1]),
  L("full n=9000 (3 blocks)", [], [], [9000], [1]),
  L("full stride 2 n=1000", [], [], [1000], [2]),
  L("full flipped n=17", [], [], [17], [-1]),
  L("full flipped stride -3 n=1000", [], [], [1000], [-3]),
  L("full transposed [37,45]", [], [], [37, 45], [1, 37]),
  L("full padded rows [7,33]", [], [], [7, 33], [40, 1]),
  L("full broadcast [5] x [17]", [], [], [5, 17], [0, 1]),
  L("scalar (no dims)", [], [], [], []),
  L("inner [6,37] dim1", [6], [37], [37], [1]),
  L("inner [3,1000] dim1", [3], [1000], [1000], [1]),
  L("inner [4,4099] dim1", [4], [4099], [4099], [1]),
  L("inner [9,3] dim1", [9], [3], [3], [1]),
  L("outer [37,6] dim0", [6], [1], [37], [6]),
  L("outer [5,17] dim0", [17], [1], [5], [17]),
  L("outer [70,1030] dim0", [1030], [1], [70], [1030]),
  L("outer [4100,3] dim0", [3], [1], [4100], [3]),
  L("outer [1,9] dim0 (size-1 red)", [9], [1], [1], [9]),
  L("[4,5,6] dims (0,2)", [5], [6], [4, 6], [30, 1]),
  L("[4,5,6] dim 1 (kept odometer, columns)", [4, 6], [30, 1], [5], [6]),
  L("padded [4,5,6] dims (0,1)", [6], [1], [4, 5], [40, 7]),
  L("padded [4,5,6] dim 2 (kept odometer, runs)", [4, 5], [40, 7], [6], [1]),
  L("padded [3,4,5,6] dims (1,3)", [3, 5], [200, 7], [4, 6], [50, 1]),
  L("transposed [5,6,4] dims (1,2)", [4], [1], [5, 6], [4, 20]),
  L("transposed [7,45] dim 0", [45], [7], [7], [1]),
  L("transposed [45,7] dim 1", [45], [1], [7], [45]),
  L("both strided [7,5] dim 0", [5], [3], [7], [15]),
  L("flipped columns [9,6] dim 0", [6], [-1], [9], [6]),
  L("broadcast red [9] into [4]", [4], [1], [9], [0]),
  L("broadcast kept [4] over [9]", [4], [0], [9], [1]),
  L("no reduced dims [5]", [5], [1], [], []),
  L("empty red [3] x [0]", [3], [1], [0], [1]),
  L("empty red [3,4] x [0,2]", [3, 4], [4, 1], [0, 2], [8, 1]),
  L("empty kept [0] x [5]", [0], [5], [5], [1]),
];

// ---------------------------------------------------------------------------------------------
// references

// Address of reduced element j of output k.
function redAt<T>(x: usize, l: Layout, k: i32, j: i32): usize {
  return x + <usize>((offsetOf(k, l.ks, l.kst) + offsetOf(j, l.rs, l.rst)) * sizeof<T>());
}

function refValue<TIn, TR>(op: i32, x: usize, l: Layout, k: i32): TR {
  let acc: TR = op == PROD || op == ALL ? <TR>1 : <TR>0;
  for (let j = 0, n = count(l.rs); j < n; j++) {
    const v = <TR>load<TIn>(redAt<TIn>(x, l, k, j));
    if (op == SUM) acc += v;
    else if (op == PROD) acc *= v;
    else if (op == ALL) acc = v == 0 ? <TR>0 : acc;
    else if (op == ANY) acc = v != 0 ? <TR>1 : acc;
    else if (j == 0 || v != v) acc = v;
    else if (acc == acc && (op == MAX ? v > acc : v < acc)) acc = v;
  }
  return acc;
}

// First NaN, else first occurrence of the extreme.
function refArg<T>(isMax: bool, x: usize, l: Layout, k: i32): i64 {
  let best: T = load<T>(redAt<T>(x, l, k, 0));
  let bi = 0;
  for (let j = 1, n = count(l.rs); j < n && best == best; j++) {
    const v = load<T>(redAt<T>(x, l, k, j));
    if (v != v || (isMax ? v > best : v < best)) {
      best = v;
      bi = j;
    }
  }
  return bi;
}

// Sum of |x| over one output's reduced elements: the scale of a float sum's rounding error.
function refAbs<TIn>(x: usize, l: Layout, k: i32): f64 {
  let s = 0.0;
  for (let j = 0, n = count(l.rs); j < n; j++) s += Math.abs(<f64>load<TIn>(redAt<TIn>(x, l, k, j)));
  return s;
}

function close(got: f64, ref: f64, tol: f64): bool {
  if (ref != ref) return got != got;
  if (!isFinite(ref)) return got == ref;
  return Math.abs(got - ref) <= tol;
}

// ---------------------------------------------------------------------------------------------
// drivers

// Runs kern over every layout with inputs of `kind` and checks each output. Floats: sums
// within tol * sum|x|, products within tol * |ref|, the rest exact; ints exact (wrapping).
function checkReduce<TIn, TOut, TR>(kern: Kern, op: i32, kind: i32, tol: f64): void {
  for (let li = 0; li < LAYOUTS.length; li++) {
    const l = LAYOUTS[li];
    const nout = count(l.ks);
    const nred = count(l.rs);
    if (nred == 0 && op != SUM && op != PROD && op != ALL && op != ANY) continue; // the facade throws
    const arg = op == ARGMAX || op == ARGMIN;
    const osz = arg ? 8 : sizeof<TOut>();
    const reg = l.region(sizeof<TIn>());
    fillRandom<TIn>(reg.buf, reg.n, kind);
    const desc = l.desc();
    const out = heap.alloc(<usize>(nout * osz + 8));
    store<u64>(out + <usize>(nout * osz), 0xDEADBEEFCAFEF00D);
    kern(reg.x, out, desc);
    for (let k = 0; k < nout; k++) {
      const o = out + <usize>(k * osz);
      const what = l.name + " kind " + kind.toString() + " out " + k.toString();
      if (arg) {
        expect<i64>(load<i64>(o)).toBe(refArg<TIn>(op == ARGMAX, reg.x, l, k), what);
      } else if (isFloat<TR>()) {
        const ref = <f64>refValue<TIn, TR>(op, reg.x, l, k);
        const scale = op == SUM ? refAbs<TIn>(reg.x, l, k) : Math.abs(ref);
        const got = <f64>load<TOut>(o);
        expect<bool>(close(got, ref, tol * scale)).toBe(true, what + ": got " + got.toString() + " want " + ref.toString());
      } else {
        expect<i64>(<i64>load<TOut>(o)).toBe(<i64>refValue<TIn, TR>(op, reg.x, l, k), what);
      }
    }
    expect<u64>(load<u64>(out + <usize>(nout * osz))).toBe(0xDEADBEEFCAFEF00D, l.name + ": wrote past the output");
    heap.free(out);
    heap.free(desc);
    heap.free(reg.buf);
  }
}

// A scan of one view: shape, input and output strides, dim. Checks every element exactly
// against a sequential f64 (floats) or wrapping i64 scan rounded to T (what PyTorch's CPU
// kernel computes), and that nothing outside the output view changed.
function checkScan<T, TR>(kern: Kern, op: i32, shape: i32[], sin: i32[], sout: i32[], dim: i32, inPlace: bool): void {
  const nd = shape.length;
  const rin = new Region(lowOff(shape, sin), highOff(shape, sin), sizeof<T>());
  fillRandom<T>(rin.buf, rin.n, op == PROD ? K_PROD : K_WIDE);
  const src = heap.alloc(<usize>(rin.n * sizeof<T>()));
  memory.copy(src, rin.buf, <usize>(rin.n * sizeof<T>()));
  const sx = src + (rin.x - rin.buf);
  const rout = inPlace ? rin : new Region(lowOff(shape, sout), highOff(shape, sout), sizeof<T>());
  if (!inPlace) memory.fill(rout.buf, 0x7f, <usize>(rout.n * sizeof<T>()));
  const d = heap.alloc(<usize>(4 * (2 + 3 * nd)));
  store<i32>(d, nd);
  store<i32>(i32s(i32s(i32s(d + 4, shape), sin), sout), dim);
  kern(rin.x, rout.x, d);
  const total = count(shape);
  const L = nd == 0 ? 1 : shape[dim];
  const what = "scan [" + shape.toString() + "] in [" + sin.toString() + "] out [" + sout.toString() + "] dim " + dim.toString();
  let bad = 0;
  for (let f = 0; f < total; f++) {
    // f enumerates every element; the scan line starts where the dim index is 0
    if (nd > 0 && offsetOf(f, shape, oneHot(nd, dim)) != 0) continue;
    let acc: TR = op == PROD ? <TR>1 : <TR>0;
    for (let k = 0; k < L; k++) {
      const oi = offsetOf(f, shape, sin) + (nd > 0 ? k * sin[dim] : 0);
      const oo = offsetOf(f, shape, sout) + (nd > 0 ? k * sout[dim] : 0);
      const v = <TR>load<T>(sx + <usize>(oi * sizeof<T>()));
      acc = op == SUM ? acc + v : acc * v;
      const got = load<T>(rout.x + <usize>(oo * sizeof<T>()));
      if (got != <T>acc) bad++;
    }
  }
  expect<i32>(bad).toBe(0, what);
  if (!inPlace) {
    // elements of the output region that the view does not cover keep their fill
    let covered = 0;
    for (let i = 0; i < rout.n * sizeof<T>(); i++) if (load<u8>(rout.buf + <usize>i) != 0x7f) covered++;
    expect<bool>(covered <= total * sizeof<T>()).toBe(true, what + ": wrote outside the view");
  }
  heap.free(d);
  heap.free(src);
  if (!inPlace) heap.free(rout.buf);
  heap.free(rin.buf);
}

// Strides that pick out index `dim` of a row-major multi-index (1 there, 0 elsewhere).
function oneHot(nd: i32, dim: i32): i32[] {
  const s = new Array<i32>(nd);
  for (let k = 0; k < nd; k++) s[k] = k == dim ? 1 : 0;
  return s;
}

function scanViews<T, TR>(kern: Kern, op: i32): void {
  for (let dim = 0; dim < 2; dim++) {
    checkScan<T, TR>(kern, op, [5, 7], [7, 1], [7, 1], dim, false); // contiguous
    checkScan<T, TR>(kern, op, [5, 7], [1, 5], [7, 1], dim, false); // transposed input
    checkScan<T, TR>(kern, op, [5, 7], [9, 1], [1, 5], dim, false); // padded in, transposed out
    checkScan<T, TR>(kern, op, [5, 7], [-7, 1], [7, -1], dim, false); // flipped
    checkScan<T, TR>(kern, op, [6, 9], [18, 2], [9, 1], dim, false); // strided columns
    checkScan<T, TR>(kern, op, [3, 1030], [1030, 1], [1030, 1], dim, false); // two tiles
    checkScan<T, TR>(kern, op, [5, 7], [7, 1], [7, 1], dim, true); // in place
    checkScan<T, TR>(kern, op, [0, 7], [7, 1], [7, 1], dim, false);
    checkScan<T, TR>(kern, op, [5, 0], [1, 1], [1, 1], dim, false);
  }
  for (let dim = 0; dim < 3; dim++) {
    checkScan<T, TR>(kern, op, [3, 4, 5], [20, 5, 1], [20, 5, 1], dim, false);
    checkScan<T, TR>(kern, op, [3, 4, 5], [1, 3, 12], [20, 5, 1], dim, false);
  }
  checkScan<T, TR>(kern, op, [17], [1], [1], 0, false);
  checkScan<T, TR>(kern, op, [17], [-2], [1], 0, false);
  checkScan<T, TR>(kern, op, [], [], [], 0, false);
}

let lastBits: i64 = 0;

// Runs an arg kernel on dense values: the i64 index.
function fullArg(kern: Kern, vals: f64[], dt: i32): i64 {
  full(kern, vals, dt);
  return lastBits;
}

// Runs a kernel on n dense elements given as f64 (full reduction) and returns out as f64.
function full(kern: Kern, vals: f64[], dt: i32): f64 {
  const n = vals.length;
  const x = heap.alloc(<usize>(n * 8 + 8));
  for (let i = 0; i < n; i++) {
    if (dt == 0) store<f32>(x + <usize>(i * 4), <f32>vals[i]);
    else store<f64>(x + <usize>(i * 8), vals[i]);
  }
  const d = heap.alloc(16);
  store<i32>(d, 0);
  store<i32>(d, 1, 4);
  store<i32>(d, n, 8);
  store<i32>(d, 1, 12);
  const out = heap.alloc(16);
  kern(x, out, d);
  lastBits = load<i64>(out);
  const v = dt == 0 ? <f64>load<f32>(out) : load<f64>(out);
  heap.free(out);
  heap.free(d);
  heap.free(x);
  return v;
}

function withAt(n: i32, fillv: f64, at: i32[], vals: f64[]): f64[] {
  const a = new Array<f64>(n);
  for (let i = 0; i < n; i++) a[i] = fillv;
  for (let k = 0; k < at.length; k++) a[at[k]] = vals[k];
  return a;
}

// ---------------------------------------------------------------------------------------------
// tests

describe("sum", () => {
  it("f32", () => { checkReduce<f32, f32, f64>(sum_f32, SUM, K_WIDE, 2e-6); checkReduce<f32, f32, f64>(sum_f32, SUM, K_SPECIAL, 2e-6); });
  it("f64", () => { checkReduce<f64, f64, f64>(sum_f64, SUM, K_WIDE, 1e-14); checkReduce<f64, f64, f64>(sum_f64, SUM, K_SPECIAL, 1e-14); });
  it("i64 (wrapping)", () => { checkReduce<i64, i64, i64>(sum_i64, SUM, K_WIDE, 0); });
  it("i32 -> i64 (no 32-bit overflow)", () => { checkReduce<i32, i64, i64>(sum_i32_i64, SUM, K_WIDE, 0); checkReduce<i32, i64, i64>(sum_i32_i64, SUM, K_TIES, 0); });
  it("u8 -> i64", () => { checkReduce<u8, i64, i64>(sum_u8_i64, SUM, K_WIDE, 0); checkReduce<u8, i64, i64>(sum_u8_i64, SUM, K_SPECIAL, 0); });
  it("f32 over 1M values in [0,1): relative error < 1e-6 vs f64", () => {
    const l = L("1M", [], [], [1 << 20], [1]);
    const reg = l.region(4);
    fillRandom<f32>(reg.buf, reg.n, K_UNIT);
    const d = l.desc();
    const out = heap.alloc(16);
    sum_f32(reg.x, out, d);
    const ref = refValue<f32, f64>(SUM, reg.x, l, 0);
    expect<bool>(Math.abs(<f64>load<f32>(out) - ref) / ref < 1e-6).toBe(true);
    // the same values as 4096 rows of 256 columns summed over dim 0 (column path)
    const c = L("cols", [256], [1], [4096], [256]);
    const dc = c.desc();
    const oc = heap.alloc(256 * 4);
    sum_f32(reg.x, oc, dc);
    let worst = 0.0;
    for (let k = 0; k < 256; k++) {
      const r = refValue<f32, f64>(SUM, reg.x, c, k);
      worst = Math.max(worst, Math.abs(<f64>load<f32>(oc + <usize>(k * 4)) - r) / r);
    }
    expect<bool>(worst < 1e-6).toBe(true, "column sums: " + worst.toString());
    heap.free(oc);
    heap.free(dc);
    heap.free(out);
    heap.free(d);
    heap.free(reg.buf);
  });
  it("empty gives 0, +Inf and -Inf give NaN", () => {
    expect<f64>(full(sum_f32, [], 0)).toBe(0);
    expect<f64>(full(sum_f64, [], 1)).toBe(0);
    expect<bool>(isNaN(full(sum_f32, withAt(100, 1, [3, 90], [Infinity, -Infinity]), 0))).toBe(true);
    expect<f64>(full(sum_f32, withAt(100, 1, [97], [Infinity]), 0)).toBe(Infinity);
    expect<f64>(full(sum_f64, withAt(100, 1, [40], [-Infinity]), 1)).toBe(-Infinity);
    expect<bool>(isNaN(full(sum_f64, withAt(5, 1, [4], [NaN]), 1))).toBe(true);
  });
});

describe("prod", () => {
  it("f32", () => { checkReduce<f32, f32, f64>(prod_f32, PROD, K_PROD, 5e-4); checkReduce<f32, f32, f64>(prod_f32, PROD, K_PROD_SPECIAL, 5e-4); });
  it("f64", () => { checkReduce<f64, f64, f64>(prod_f64, PROD, K_PROD, 1e-12); checkReduce<f64, f64, f64>(prod_f64, PROD, K_PROD_SPECIAL, 1e-12); });
  it("i64 (wrapping)", () => { checkReduce<i64, i64, i64>(prod_i64, PROD, K_PROD, 0); checkReduce<i64, i64, i64>(prod_i64, PROD, K_WIDE, 0); });
  it("i32 -> i64", () => { checkReduce<i32, i64, i64>(prod_i32_i64, PROD, K_PROD, 0); checkReduce<i32, i64, i64>(prod_i32_i64, PROD, K_WIDE, 0); });
  it("u8 -> i64", () => { checkReduce<u8, i64, i64>(prod_u8_i64, PROD, K_PROD, 0); checkReduce<u8, i64, i64>(prod_u8_i64, PROD, K_WIDE, 0); });
  it("empty gives 1", () => {
    expect<f64>(full(prod_f32, [], 0)).toBe(1);
    expect<f64>(full(prod_f64, [], 1)).toBe(1);
  });
});

describe("max / min", () => {
  it("f32", () => {
    for (let kind = 0; kind < 4; kind++) {
      if (kind == K_PROD) continue;
      checkReduce<f32, f32, f64>(max_f32, MAX, kind, 0);
      checkReduce<f32, f32, f64>(min_f32, MIN, kind, 0);
    }
  });
  it("f64", () => {
    for (let kind = 0; kind < 4; kind++) {
      if (kind == K_PROD) continue;
      checkReduce<f64, f64, f64>(max_f64, MAX, kind, 0);
      checkReduce<f64, f64, f64>(min_f64, MIN, kind, 0);
    }
  });
  it("i32", () => { checkReduce<i32, i32, i64>(max_i32, MAX, K_WIDE, 0); checkReduce<i32, i32, i64>(min_i32, MIN, K_WIDE, 0); checkReduce<i32, i32, i64>(max_i32, MAX, K_TIES, 0); });
  it("i64", () => { checkReduce<i64, i64, i64>(max_i64, MAX, K_WIDE, 0); checkReduce<i64, i64, i64>(min_i64, MIN, K_WIDE, 0); checkReduce<i64, i64, i64>(min_i64, MIN, K_TIES, 0); });
  it("u8 (unsigned)", () => { checkReduce<u8, u8, i64>(max_u8, MAX, K_WIDE, 0); checkReduce<u8, u8, i64>(min_u8, MIN, K_WIDE, 0); checkReduce<u8, u8, i64>(max_u8, MAX, K_TIES, 0); });
  it("NaN propagates from the SIMD body, the tail and position 0; +-Inf", () => {
    for (let n = 1; n <= 70; n++) {
      for (let at = 0; at < n; at += 7) {
        const a = withAt(n, 2, [at], [NaN]);
        expect<bool>(isNaN(full(max_f32, a, 0))).toBe(true, "max_f32 n=" + n.toString() + " at " + at.toString());
        expect<bool>(isNaN(full(min_f32, a, 0))).toBe(true);
        expect<bool>(isNaN(full(max_f64, a, 1))).toBe(true);
        expect<bool>(isNaN(full(min_f64, a, 1))).toBe(true);
      }
    }
    expect<f64>(full(max_f32, withAt(1000, -1, [600], [Infinity]), 0)).toBe(Infinity);
    expect<f64>(full(min_f32, withAt(1000, -1, [999], [-Infinity]), 0)).toBe(-Infinity);
    expect<f64>(full(max_f64, withAt(9, -Infinity, [], []), 1)).toBe(-Infinity);
    expect<f64>(full(min_f64, withAt(9, Infinity, [], []), 1)).toBe(Infinity);
    expect<f64>(full(max_f32, withAt(40, -Infinity, [33], [-3]), 0)).toBe(-3);
  });
});

describe("argmax / argmin", () => {
  it("f32", () => {
    for (let kind = 0; kind < 4; kind++) {
      if (kind == K_PROD) continue;
      checkReduce<f32, i64, f64>(argmax_f32, ARGMAX, kind, 0);
      checkReduce<f32, i64, f64>(argmin_f32, ARGMIN, kind, 0);
    }
  });
  it("f64", () => {
    for (let kind = 0; kind < 4; kind++) {
      if (kind == K_PROD) continue;
      checkReduce<f64, i64, f64>(argmax_f64, ARGMAX, kind, 0);
      checkReduce<f64, i64, f64>(argmin_f64, ARGMIN, kind, 0);
    }
  });
  it("i32", () => { checkReduce<i32, i64, i64>(argmax_i32, ARGMAX, K_TIES, 0); checkReduce<i32, i64, i64>(argmin_i32, ARGMIN, K_WIDE, 0); });
  it("i64", () => { checkReduce<i64, i64, i64>(argmax_i64, ARGMAX, K_WIDE, 0); checkReduce<i64, i64, i64>(argmin_i64, ARGMIN, K_TIES, 0); });
  it("u8", () => { checkReduce<u8, i64, i64>(argmax_u8, ARGMAX, K_TIES, 0); checkReduce<u8, i64, i64>(argmin_u8, ARGMIN, K_WIDE, 0); });
  it("ties pick the first; the first NaN wins", () => {
    expect<i64>(fullArg(argmax_f32, [1, 5, 5, 2, 5], 0)).toBe(1);
    expect<i64>(fullArg(argmin_f64, [3, 1, 5, 1, 1], 1)).toBe(1);
    expect<i64>(fullArg(argmax_f32, [-Infinity, -Infinity], 0)).toBe(0);
    expect<i64>(fullArg(argmin_f32, [Infinity, 2, -Infinity, -Infinity], 0)).toBe(2);
    for (let n = 1; n <= 70; n += 3) {
      for (let at = 0; at < n; at += 5) {
        const a = withAt(n, 7, [at, n - 1], [NaN, NaN]);
        expect<i64>(fullArg(argmax_f32, a, 0)).toBe(at, "argmax_f32 NaN n=" + n.toString() + " at " + at.toString());
        expect<i64>(fullArg(argmin_f32, a, 0)).toBe(at);
        expect<i64>(fullArg(argmax_f64, a, 1)).toBe(at);
        expect<i64>(fullArg(argmin_f64, a, 1)).toBe(at);
        const b = withAt(n, 1, [at, n - 1], [9, 9]);
        expect<i64>(fullArg(argmax_f32, b, 0)).toBe(at, "argmax_f32 tie n=" + n.toString() + " at " + at.toString());
        expect<i64>(fullArg(argmax_f64, b, 1)).toBe(at);
      }
    }
  });
});

describe("all / any", () => {
  it("u8", () => {
    for (let kind = K_SPECIAL; kind <= K_ZEROISH; kind++) {
      if (kind == K_UNIT) continue;
      checkReduce<u8, u8, i64>(all_u8, ALL, kind, 0);
      checkReduce<u8, u8, i64>(any_u8, ANY, kind, 0);
    }
  });
});

describe("cumsum / cumprod", () => {
  it("f32", () => { scanViews<f32, f64>(cumsum_f32, SUM); scanViews<f32, f64>(cumprod_f32, PROD); });
  it("f64", () => { scanViews<f64, f64>(cumsum_f64, SUM); scanViews<f64, f64>(cumprod_f64, PROD); });
  it("i64 (wrapping)", () => { scanViews<i64, i64>(cumsum_i64, SUM); scanViews<i64, i64>(cumprod_i64, PROD); });
});
