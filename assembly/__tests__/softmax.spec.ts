// Softmax kernels (assembly/softmax.ts) against a scalar f64 reference written here: per slice
// max, exp(x - max), sum, then e / sum or (x - max) - log(sum), every step in f64. Slice lengths
// that hit vector bodies and tails (1, 3, 4, 5, 17, ...) and several sum blocks, rows and
// columns, strided / flipped / broadcast inputs, -inf, +inf, NaN and large values; the long-row
// exports against the one-call kernel; expRun against vexp.

import {
  softmax_f32, softmax_f64, log_softmax_f32, log_softmax_f64,
  softmax_row_blocks, softmax_row_max_f32, softmax_row_exp_f32, softmax_row_sum_f32,
  softmax_row_finish_f32, log_softmax_row_finish_f32,
} from "../softmax";
import { expRun, vexp } from "../vmath";

type Kernel = (x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32) => void;

const LENGTHS: StaticArray<i32> = [1, 3, 4, 5, 17, 33, 1000, 4099, 9000];

let seed: u32 = 2024;
function rnd(): f64 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f64>seed / 4294967296.0;
}

// Value mixes for fill.
const PLAIN = 0; // uniform in [-8, 8)
const NEG_INF = 1; // PLAIN with ~5% -inf
const LARGE = 2; // around +-1e4: exp(x) alone overflows, exp(x - max) does not
const POISON = 3; // PLAIN with one NaN or +inf per slice somewhere (the slice is all NaN)

function fill<T>(p: usize, count: i32, mix: i32): void {
  for (let i = 0; i < count; i++) {
    let v = rnd() * 16 - 8;
    if (mix == NEG_INF && rnd() < 0.05) v = -Infinity;
    if (mix == LARGE) v = v * 1250 + (rnd() < 0.5 ? 1e4 : -1e4);
    store<T>(p + <usize>i * sizeof<T>(), <T>v);
  }
}

/** f64 reference for one slice: n elements, x's `sx` apart, out's `so` apart. */
function reference<T>(log: bool, x: usize, sx: isize, out: usize, so: isize, n: i32): void {
  let m = -Infinity;
  let nan = false;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(x + <usize>(<isize>i * sx * sizeof<T>()));
    if (v != v) nan = true;
    else if (v > m) m = v;
  }
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += Math.exp(<f64>load<T>(x + <usize>(<isize>i * sx * sizeof<T>())) - m);
  for (let i = 0; i < n; i++) {
    const d = <f64>load<T>(x + <usize>(<isize>i * sx * sizeof<T>())) - m;
    let y = log ? d - Math.log(s) : Math.exp(d) / s;
    if (nan || m == Infinity || m == -Infinity) y = NaN;
    store<f64>(out + <usize>(<isize>i * so * 8), y);
  }
}

/** Largest error of got (T) against want (f64) over count elements, in units of the bound. */
function worst<T>(got: usize, want: usize, count: i32, rtol: f64, atol: f64): f64 {
  let w: f64 = 0;
  for (let i = 0; i < count; i++) {
    const g = <f64>load<T>(got + <usize>i * sizeof<T>());
    const r = load<f64>(want + (<usize>i << 3));
    let e: f64;
    if (r != r || g != g) e = r != r && g != g ? 0 : Infinity;
    else if (!isFinite(r)) e = g == r ? 0 : Infinity;
    else e = abs(g - r) / (rtol * abs(r) + atol);
    if (e > w) w = e;
  }
  return w;
}

/**
 * Runs `kernel` on x viewed as [outer, n, inner] with strides (so, sd, si) over a buffer of
 * `span` elements (sd may be negative: x then points inside the buffer) and checks every
 * slice against the reference.
 */
function check<T>(kernel: Kernel, log: bool, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32, mix: i32): void {
  const lo = (sd < 0 ? (n - 1) * sd : 0) + (si < 0 ? (inner - 1) * si : 0) + (so < 0 ? (outer - 1) * so : 0);
  const hi = (sd > 0 ? (n - 1) * sd : 0) + (si > 0 ? (inner - 1) * si : 0) + (so > 0 ? (outer - 1) * so : 0);
  const buf = heap.alloc(<usize>(hi - lo + 1) * sizeof<T>());
  fill<T>(buf, hi - lo + 1, mix);
  const x = buf + <usize>(-lo) * sizeof<T>();
  const count = outer * n * inner;
  if (mix == POISON) {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const i = <i32>(rnd() * n);
        store<T>(x + <usize>(o * so + i * sd + c * si) * sizeof<T>(), <T>(rnd() < 0.5 ? NaN : Infinity));
      }
    }
  }
  const out = heap.alloc(<usize>count * sizeof<T>());
  const want = heap.alloc(<usize>count << 3);
  kernel(x, out, outer, n, inner, so, sd, si);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      reference<T>(log, x + <usize>(o * so + c * si) * sizeof<T>(), sd, want + <usize>(o * n * inner + c) * 8, inner, n);
    }
  }
  const f32 = sizeof<T>() == 4;
  // log_softmax: absolute error near 0 (x - max close to log(sum)), relative elsewhere
  const rtol: f64 = f32 ? 2e-6 : 1e-13;
  const atol: f64 = log ? (f32 ? 2e-6 : 1e-13) * Math.log(<f64>n + 1) + 1e-30 : 1e-30;
  const w = worst<T>(out, want, count, rtol, atol);
  expect<f64>(w).toBeLessThanOrEqual(1, "outer " + outer.toString() + " n " + n.toString() + " inner " + inner.toString() + " mix " + mix.toString());
  heap.free(buf);
  heap.free(out);
  heap.free(want);
}

function checkAll<T>(kernel: Kernel, log: bool): void {
  for (let k = 0; k < LENGTHS.length; k++) {
    const n = LENGTHS[k];
    for (let mix = 0; mix < 4; mix++) {
      check<T>(kernel, log, 1, n, 1, 0, 1, 0, mix); // one row
      if (n <= 1000) {
        check<T>(kernel, log, 3, n, 1, n, 1, 0, mix); // rows
        check<T>(kernel, log, 2, n, 1, 3 * n, 3, 0, mix); // strided rows
        check<T>(kernel, log, 2, n, 1, 1, -2, 0, mix); // flipped, interleaved rows
        check<T>(kernel, log, 2, n, 5, 5 * n, 5, 1, mix); // columns
        check<T>(kernel, log, 1, n, 7, 0, 1, n, mix); // transposed columns
        check<T>(kernel, log, 2, n, 3, 0, 3, 1, mix); // columns, outer broadcast
      }
    }
  }
  check<T>(kernel, log, 1, 70, 1030, 0, 1030, 1, PLAIN); // a tile and a bit, past a partial sum
  check<T>(kernel, log, 1, 4200, 3, 0, 3, 1, PLAIN); // past 64 partial sums
  check<T>(kernel, log, 4, 9, 1, 0, 1, 0, PLAIN); // the same row four times (outer stride 0)
}

describe("softmax", () => {
  it("f32", () => { checkAll<f32>(softmax_f32, false); });
  it("f64", () => { checkAll<f64>(softmax_f64, false); });
  it("1000 equal values: 1/1000 each", () => {
    const x = heap.alloc(4000);
    const out = heap.alloc(4000);
    for (let i = 0; i < 1000; i++) store<f32>(x + (<usize>i << 2), 88.5);
    softmax_f32(x, out, 1, 1000, 1, 0, 1, 0);
    for (let i = 0; i < 1000; i++) expect<f64>(abs(<f64>load<f32>(out + (<usize>i << 2)) - 0.001)).toBeLessThanOrEqual(1e-9);
  });
});

describe("log_softmax", () => {
  it("f32", () => { checkAll<f32>(log_softmax_f32, true); });
  it("f64", () => { checkAll<f64>(log_softmax_f64, true); });
  it("[-inf, 0] gives [-inf, 0]; [1000, 0, -1000] gives [0, -1000, -2000]", () => {
    const x = heap.alloc(16);
    const out = heap.alloc(16);
    store<f32>(x, -Infinity);
    store<f32>(x, 0, 4);
    log_softmax_f32(x, out, 1, 2, 1, 0, 1, 0);
    expect<f32>(load<f32>(out)).toBe(-Infinity);
    expect<f32>(load<f32>(out, 4)).toBe(0);
    store<f32>(x, 1000);
    store<f32>(x, 0, 4);
    store<f32>(x, -1000, 8);
    log_softmax_f32(x, out, 1, 3, 1, 0, 1, 0);
    expect<f32>(load<f32>(out)).toBe(0);
    expect<f32>(load<f32>(out, 4)).toBe(-1000);
    expect<f32>(load<f32>(out, 8)).toBe(-2000);
  });
});

/** The long-row exports, blocks split in two shares as two threads would take them, against the one-call kernel: the same bits. */
function longRow(log: bool, n: i32): void {
  const x = heap.alloc(<usize>n << 2);
  const one = heap.alloc(<usize>n << 2);
  const split = heap.alloc(<usize>n << 2);
  fill<f32>(x, n, PLAIN);
  if (log) log_softmax_f32(x, one, 1, n, 1, 0, 1, 0);
  else softmax_f32(x, one, 1, n, 1, 0, 1, 0);
  const blocks = softmax_row_blocks(n);
  const first = blocks / 2;
  const scratch = heap.alloc(<usize>(2 + blocks) << 2);
  const sums = scratch + 8;
  softmax_row_max_f32(x, n, 0, first, scratch);
  softmax_row_max_f32(x, n, first, blocks - first, scratch + 4);
  const m = max<f32>(load<f32>(scratch), load<f32>(scratch, 4));
  softmax_row_exp_f32(x, split, n, m, 0, first, sums);
  softmax_row_exp_f32(x, split, n, m, first, blocks - first, sums);
  const s = softmax_row_sum_f32(sums, n);
  if (log) {
    log_softmax_row_finish_f32(x, split, n, m, s, 0, first);
    log_softmax_row_finish_f32(x, split, n, m, s, first, blocks - first);
  } else {
    softmax_row_finish_f32(x, split, n, m, s, 0, first);
    softmax_row_finish_f32(x, split, n, m, s, first, blocks - first);
  }
  let differ = 0;
  for (let i = 0; i < n; i++) if (load<u32>(one + (<usize>i << 2)) != load<u32>(split + (<usize>i << 2))) differ++;
  expect<i32>(differ).toBe(0, "n " + n.toString());
  heap.free(x);
  heap.free(one);
  heap.free(split);
  heap.free(scratch);
}

describe("softmax_row_*", () => {
  it("split in two, the one-call kernel's bits", () => {
    for (let k = 0; k < LENGTHS.length; k++) {
      longRow(false, LENGTHS[k]);
      longRow(true, LENGTHS[k]);
    }
    longRow(false, 7 * 4096 + 3);
  });
});

describe("expRun", () => {
  it("exp(x - shift) as vexp gives it, bodies and tails, in place", () => {
    const n = 1003;
    const x = heap.alloc(<usize>n << 2);
    const out = heap.alloc(<usize>n << 2);
    const shifts: StaticArray<f32> = [0, 2.5, -90, 100];
    for (let k = 0; k < shifts.length; k++) {
      for (let len = 0; len <= n; len += len < 20 ? 1 : 331) {
        fill<f32>(x, len, k == 0 ? LARGE : PLAIN);
        if (len > 2) store<f32>(x, NaN, 4);
        expRun(x, out, len, shifts[k]);
        let differ = 0;
        for (let i = 0; i < len; i++) {
          const want = f32x4.extract_lane(vexp(f32x4.splat(load<f32>(x + (<usize>i << 2)) - shifts[k])), 0);
          const got = load<f32>(out + (<usize>i << 2));
          if (!(reinterpret<u32>(got) == reinterpret<u32>(want) || (got != got && want != want))) differ++;
        }
        expect<i32>(differ).toBe(0, "len " + len.toString());
        expRun(x, x, len, shifts[k]); // in place
        for (let i = 0; i < len; i++) {
          const a = load<f32>(x + (<usize>i << 2));
          const b = load<f32>(out + (<usize>i << 2));
          if (!(reinterpret<u32>(a) == reinterpret<u32>(b) || (a != a && b != b))) differ++;
        }
        expect<i32>(differ).toBe(0, "in place, len " + len.toString());
      }
    }
  });
});
