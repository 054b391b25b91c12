// Softmax and log-softmax along one dim, fused (ABI.md, "softmax.ts"): per slice the max, then
// exp(x - max) and its sum, then the scaling, in one call where the composed op ran five kernels
// (amax, sub, exp, sum, div) over whole tensors.
//
// x is viewed as [outer, n, inner] with element strides (so, sd, si); the softmax runs along n,
// and out is dense [outer, n, inner]. The arithmetic is the composed op's: the same exp (vexp
// for f32, Math.exp for f64), each sum taken in the order sum_f32 / sum_f64 (reduce.ts) take it
// over the composed op's contiguous exp tensor, and (x - max) - log(sum) with vlog / Math.log,
// so log_softmax gives the same bits; softmax multiplies by 1 / sum where the composed op
// divided (within an ulp of it). The max ignores NaN (pmax): a NaN makes its slice's sum NaN, so
// every result of the slice is NaN either way, as after the composed op's NaN-propagating max.
//
// inner == 1 (softmax along the last dim, the usual case): row by row, three passes over a row:
//   the max; exp(x - max) stored and summed in blocks of BLOCK; the scaling. No static memory,
//   so the facade may split rows across threads, and one long row too, by blocks (the
//   softmax_row_* exports at the end).
// inner > 1: the composed sum takes its column path there; so does this: TILE columns at a time,
//   row after row (memory is read in order), each column's state in static tiles, so one thread.
//   (When x's last dim has size 1 the composed sum took its strided path instead, whose order
//   differs from 64 rows on: rounding-level differences only.)

import { expRun, vexp, vlog } from './vmath';
import { gather } from './lanes';

/** sum_f32's block: block sums are combined pairwise, so the row path must block the same way. */
const BLOCK = 4096;
/** Columns per tile in the column path, and the rows per partial sum (64, then 64 * 64) of the
 *  column sum it reproduces (reduce.ts, COL_PART and COL_MID). */
const TILE = 1024;
const PART_ROWS_MASK = 63;
const MID_ROWS_MASK = 4095;
const TILE_MAX = memory.data(TILE * 8, 16);
const TILE_PART = memory.data(TILE * 8, 16);
const TILE_MID = memory.data(TILE * 8, 16);
const TILE_SUM = memory.data(TILE * 8, 16);

// ---------------------------------------------------------------------------------------------
// Element helpers, generic over f32 / f64

@inline function lanes<T>(): i32 {
  return 16 / <i32>sizeof<T>();
}
/** Address of element i (stride-scaled, possibly negative) of a T array at p. */
@inline function at<T>(p: usize, i: isize): usize {
  return p + <usize>(i * <isize>sizeof<T>());
}
/** A vector of x starting at p: contiguous when the element stride s is 1, else gathered. */
@inline function loadStrided<T>(p: usize, s: isize): v128 {
  return s == 1 ? v128.load(p) : gather<T>(p, <usize>(s * <isize>sizeof<T>()));
}

@inline function expV<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return vexp(v);
  return f64x2.replace_lane(f64x2.splat(Math.exp(f64x2.extract_lane(v, 0))), 1, Math.exp(f64x2.extract_lane(v, 1)));
}
/** Scalar exp and log with the vector code's rounding (f32 goes through lane 0 of vexp / vlog). */
@inline function expS<T>(v: T): T {
  if (sizeof<T>() == 4) return <T>f32x4.extract_lane(vexp(f32x4.splat(<f32>v)), 0);
  return <T>Math.exp(<f64>v);
}
@inline function logS<T>(v: T): T {
  if (sizeof<T>() == 4) return <T>f32x4.extract_lane(vlog(f32x4.splat(<f32>v)), 0);
  return <T>Math.log(<f64>v);
}
@inline function logV<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return vlog(v);
  return f64x2.replace_lane(f64x2.splat(Math.log(f64x2.extract_lane(v, 0))), 1, Math.log(f64x2.extract_lane(v, 1)));
}

// ---------------------------------------------------------------------------------------------
// Rows (inner == 1)

/** The largest lane of v (no lane is NaN). */
@inline function laneMax<T>(v: v128): T {
  v = v128.pmax<T>(v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  if (sizeof<T>() == 4) v = v128.pmax<T>(v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  return v128.extract_lane<T>(v, 0);
}

/** Max of n contiguous elements (NaN ignored: see the top). */
@inline function rowMax<T>(p: usize, n: i32): T {
  const e = lanes<T>();
  const lo = v128.splat<T>(<T>-Infinity);
  let a0 = lo, a1 = lo, a2 = lo, a3 = lo;
  let i = 0;
  for (; i + 4 * e <= n; i += 4 * e) {
    const q = p + <usize>i * sizeof<T>();
    a0 = v128.pmax<T>(a0, v128.load(q));
    a1 = v128.pmax<T>(a1, v128.load(q, 16));
    a2 = v128.pmax<T>(a2, v128.load(q, 32));
    a3 = v128.pmax<T>(a3, v128.load(q, 48));
  }
  for (; i + e <= n; i += e) a0 = v128.pmax<T>(a0, v128.load(p + <usize>i * sizeof<T>()));
  let r = laneMax<T>(v128.pmax<T>(v128.pmax<T>(a0, a1), v128.pmax<T>(a2, a3)));
  for (; i < n; i++) {
    const v = load<T>(p + <usize>i * sizeof<T>());
    if (v > r) r = v;
  }
  return r;
}

/** out[i] = x[i * s] for i < n: a strided row made contiguous. */
@inline function gatherRow<T>(x: usize, s: isize, out: usize, n: i32): void {
  const e = lanes<T>();
  let i = 0;
  for (; i + e <= n; i += e) v128.store(out + <usize>i * sizeof<T>(), loadStrided<T>(at<T>(x, <isize>i * s), s));
  for (; i < n; i++) store<T>(out + <usize>i * sizeof<T>(), load<T>(at<T>(x, <isize>i * s)));
}

/** out[i] = exp(x[i] - m) over n contiguous elements (out may be x). */
@inline function expRow<T>(x: usize, out: usize, n: i32, m: T): void {
  if (sizeof<T>() == 4) {
    expRun(x, out, n, <f32>m);
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    store<T>(out + o, expS<T>(load<T>(x + o) - m));
  }
}

/**
 * Sum of n contiguous elements exactly as reduce.ts' `block` sums a contiguous run: eight vector
 * accumulators over groups of eight vectors, the leftover vectors into the first, a pairwise
 * tree over the accumulators and their lanes, then the leftover elements in order.
 */
@inline function rowSum<T>(p: usize, n: i32): T {
  const e = lanes<T>();
  const sb = <usize>e * sizeof<T>();
  const zero = v128.splat<T>(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
  let i = 0;
  for (; i + 8 * e <= n; i += 8 * e) {
    const q = p + <usize>i * sizeof<T>();
    a0 = v128.add<T>(a0, v128.load(q));
    a1 = v128.add<T>(a1, v128.load(q + sb));
    a2 = v128.add<T>(a2, v128.load(q + 2 * sb));
    a3 = v128.add<T>(a3, v128.load(q + 3 * sb));
    a4 = v128.add<T>(a4, v128.load(q + 4 * sb));
    a5 = v128.add<T>(a5, v128.load(q + 5 * sb));
    a6 = v128.add<T>(a6, v128.load(q + 6 * sb));
    a7 = v128.add<T>(a7, v128.load(q + 7 * sb));
  }
  for (; i + e <= n; i += e) a0 = v128.add<T>(a0, v128.load(p + <usize>i * sizeof<T>()));
  a0 = v128.add<T>(v128.add<T>(a0, a1), v128.add<T>(a2, a3));
  a4 = v128.add<T>(v128.add<T>(a4, a5), v128.add<T>(a6, a7));
  let v = v128.add<T>(a0, a4);
  v = v128.add<T>(v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  if (sizeof<T>() == 4) v = v128.add<T>(v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  let r = v128.extract_lane<T>(v, 0);
  for (; i < n; i++) r += load<T>(p + <usize>i * sizeof<T>());
  return r;
}

@inline function blockCount(n: i32): i32 {
  return (n + BLOCK - 1) / BLOCK;
}

/** Block b of the row (BLOCK elements from b * BLOCK): exp(x - m) stored at out, and its sum. */
function blockExpSum<T>(x: usize, out: usize, n: i32, m: T, b: i32): T {
  const i = b * BLOCK;
  const len = min(BLOCK, n - i);
  const o = <usize>i * sizeof<T>();
  expRow<T>(x + o, out + o, len, m);
  return rowSum<T>(out + o, len);
}

// The blocks' sums are combined as reduce.ts' pairwise counter combines them (pairPush, pairFold):
// runs of 2^k blocks, largest first, each summed as a balanced tree (left half + right half),
// then the runs' sums added right to left. A block's sum is computed on the spot (one thread
// doing the whole row) or read from an array (a row split across threads).
@final class ExpBlocks<T> {
  @inline sum(x: usize, out: usize, n: i32, m: T, b: i32): T {
    return blockExpSum<T>(x, out, n, m, b);
  }
}
@final class StoredBlocks<T> {
  @inline sum(sums: usize, _out: usize, _n: i32, _m: T, b: i32): T {
    return load<T>(sums + <usize>b * sizeof<T>());
  }
}
/** Blocks [b, b + count), count a power of two. */
function treeSum<T, B>(p: usize, q: usize, n: i32, m: T, b: i32, count: i32): T {
  if (count == 1) return changetype<B>(0).sum(p, q, n, m, b);
  const half = count >> 1;
  const left = treeSum<T, B>(p, q, n, m, b, half);
  return left + treeSum<T, B>(p, q, n, m, b + half, half);
}
/** Blocks [b, b + count). */
function blocksSum<T, B>(p: usize, q: usize, n: i32, m: T, b: i32, count: i32): T {
  const head = 1 << (31 - clz(count));
  const s = treeSum<T, B>(p, q, n, m, b, head);
  return head == count ? s : s + blocksSum<T, B>(p, q, n, m, b + head, count - head);
}

/** out[i] *= r over n contiguous elements (four vectors a trip: the loop is that short). */
@inline function scaleRow<T>(out: usize, n: i32, r: T): void {
  const e = lanes<T>();
  const rv = v128.splat<T>(r);
  let i = 0;
  for (; i + 4 * e <= n; i += 4 * e) {
    const q = out + <usize>i * sizeof<T>();
    v128.store(q, v128.mul<T>(v128.load(q), rv));
    v128.store(q, v128.mul<T>(v128.load(q, 16), rv), 16);
    v128.store(q, v128.mul<T>(v128.load(q, 32), rv), 32);
    v128.store(q, v128.mul<T>(v128.load(q, 48), rv), 48);
  }
  for (; i + e <= n; i += e) {
    const q = out + <usize>i * sizeof<T>();
    v128.store(q, v128.mul<T>(v128.load(q), rv));
  }
  for (; i < n; i++) {
    const q = out + <usize>i * sizeof<T>();
    store<T>(q, load<T>(q) * r);
  }
}

/** out[i] = (x[i * sx] - m) - l over n elements. */
@inline function logShiftRow<T>(x: usize, sx: isize, out: usize, n: i32, m: T, l: T): void {
  const e = lanes<T>();
  const mv = v128.splat<T>(m);
  const lv = v128.splat<T>(l);
  let i = 0;
  if (sx == 1) {
    for (; i + 4 * e <= n; i += 4 * e) {
      const p = x + <usize>i * sizeof<T>();
      const q = out + <usize>i * sizeof<T>();
      v128.store(q, v128.sub<T>(v128.sub<T>(v128.load(p), mv), lv));
      v128.store(q, v128.sub<T>(v128.sub<T>(v128.load(p, 16), mv), lv), 16);
      v128.store(q, v128.sub<T>(v128.sub<T>(v128.load(p, 32), mv), lv), 32);
      v128.store(q, v128.sub<T>(v128.sub<T>(v128.load(p, 48), mv), lv), 48);
    }
    // then a vector at a time: a short row (cross_entropy's classes) is mostly this
    for (; i + e <= n; i += e) {
      const q = <usize>i * sizeof<T>();
      v128.store(out + q, v128.sub<T>(v128.sub<T>(v128.load(x + q), mv), lv));
    }
  } else {
    for (; i + e <= n; i += e) {
      const v = gather<T>(at<T>(x, <isize>i * sx), <usize>(sx * <isize>sizeof<T>()));
      v128.store(out + <usize>i * sizeof<T>(), v128.sub<T>(v128.sub<T>(v, mv), lv));
    }
  }
  for (; i < n; i++) store<T>(out + <usize>i * sizeof<T>(), (load<T>(at<T>(x, <isize>i * sx)) - m) - l);
}

/** The last pass: out = exp(x - m) * (1 / s) from the stored exps, or out = (x - m) - log(s). */
@inline function finishRow<T>(log: bool, x: usize, sx: isize, out: usize, n: i32, m: T, s: T): void {
  if (log) logShiftRow<T>(x, sx, out, n, m, logS<T>(s));
  else scaleRow<T>(out, n, <T>1 / s);
}

function softmaxRows<T>(log: bool, x: usize, out: usize, outer: i32, n: i32, so: isize, sd: isize): void {
  const blocks = blockCount(n);
  for (let o = 0; o < outer; o++) {
    const xr = at<T>(x, <isize>o * so);
    const yr = out + <usize>o * <usize>n * sizeof<T>();
    // a strided row is first copied into its output row, and worked on there
    let src = xr;
    if (sd != 1) {
      gatherRow<T>(xr, sd, yr, n);
      src = yr;
    }
    const m = rowMax<T>(src, n);
    const s = blocksSum<T, ExpBlocks<T>>(src, yr, n, m, 0, blocks);
    finishRow<T>(log, xr, sd, yr, n, m, s);
  }
}

// One long contiguous row split across threads: the facade runs the passes as rounds, each
// thread taking blocks [b0, b0 + nb) of the row (x and out point at the row's start), and reads
// the partial maxima and the total in between.

@inline function blocksMax<T>(x: usize, n: i32, b0: i32, nb: i32, dst: usize): void {
  const i = b0 * BLOCK;
  store<T>(dst, rowMax<T>(x + <usize>i * sizeof<T>(), min(nb * BLOCK, n - i)));
}
@inline function blocksExp<T>(x: usize, out: usize, n: i32, m: T, b0: i32, nb: i32, sums: usize): void {
  for (let b = b0; b < b0 + nb; b++) store<T>(sums + <usize>b * sizeof<T>(), blockExpSum<T>(x, out, n, m, b));
}
@inline function blocksFinish<T>(log: bool, x: usize, out: usize, n: i32, m: T, s: T, b0: i32, nb: i32): void {
  const i = b0 * BLOCK;
  const o = <usize>i * sizeof<T>();
  finishRow<T>(log, x + o, 1, out + o, min(nb * BLOCK, n - i), m, s);
}

// ---------------------------------------------------------------------------------------------
// Columns (inner > 1): a tile of w columns; x's row r of the tile starts at xr (columns sx
// elements apart), out's is contiguous.

@inline function fillTile<T>(tile: usize, w: i32, v: T): void {
  for (let j = 0; j < w; j++) store<T>(tile + <usize>j * sizeof<T>(), v);
}
/** acc[j] += src[j] for j < w (reduce.ts' rowComb order: the accumulator on the left). */
@inline function addTile<T>(acc: usize, src: usize, w: i32): void {
  const e = lanes<T>();
  let j = 0;
  for (; j + e <= w; j += e) {
    const o = <usize>j * sizeof<T>();
    v128.store(acc + o, v128.add<T>(v128.load(acc + o), v128.load(src + o)));
  }
  for (; j < w; j++) {
    const o = <usize>j * sizeof<T>();
    store<T>(acc + o, load<T>(acc + o) + load<T>(src + o));
  }
}

@inline function tileMax<T>(xr: usize, sx: isize, w: i32): void {
  const e = lanes<T>();
  let j = 0;
  for (; j + e <= w; j += e) {
    const o = TILE_MAX + <usize>j * sizeof<T>();
    v128.store(o, v128.pmax<T>(v128.load(o), loadStrided<T>(at<T>(xr, <isize>j * sx), sx)));
  }
  for (; j < w; j++) {
    const o = TILE_MAX + <usize>j * sizeof<T>();
    const v = load<T>(at<T>(xr, <isize>j * sx));
    if (v > load<T>(o)) store<T>(o, v);
  }
}

/** yr[j] = exp(x[j] - max[j]), and part[j] += yr[j]. */
@inline function tileExpSum<T>(xr: usize, sx: isize, yr: usize, w: i32): void {
  const e = lanes<T>();
  let j = 0;
  for (; j + e <= w; j += e) {
    const o = <usize>j * sizeof<T>();
    const y = expV<T>(v128.sub<T>(loadStrided<T>(at<T>(xr, <isize>j * sx), sx), v128.load(TILE_MAX + o)));
    v128.store(yr + o, y);
    v128.store(TILE_PART + o, v128.add<T>(v128.load(TILE_PART + o), y));
  }
  for (; j < w; j++) {
    const o = <usize>j * sizeof<T>();
    const y = expS<T>(load<T>(at<T>(xr, <isize>j * sx)) - load<T>(TILE_MAX + o));
    store<T>(yr + o, y);
    store<T>(TILE_PART + o, load<T>(TILE_PART + o) + y);
  }
}

/** yr[j] *= sum[j] (the tile then holds 1 / sum), or yr[j] = (x[j] - max[j]) - sum[j] when
 *  `log` (it then holds log(sum)). */
@inline function tileScale<T>(log: bool, xr: usize, sx: isize, yr: usize, w: i32): void {
  const e = lanes<T>();
  let j = 0;
  for (; j + e <= w; j += e) {
    const o = <usize>j * sizeof<T>();
    const s = v128.load(TILE_SUM + o);
    const y = log
      ? v128.sub<T>(v128.sub<T>(loadStrided<T>(at<T>(xr, <isize>j * sx), sx), v128.load(TILE_MAX + o)), s)
      : v128.mul<T>(v128.load(yr + o), s);
    v128.store(yr + o, y);
  }
  for (; j < w; j++) {
    const o = <usize>j * sizeof<T>();
    const s = load<T>(TILE_SUM + o);
    store<T>(yr + o, log ? (load<T>(at<T>(xr, <isize>j * sx)) - load<T>(TILE_MAX + o)) - s : load<T>(yr + o) * s);
  }
}

/** tile[j] = log(tile[j]) when `log`, else 1 / tile[j]. */
@inline function finishTile<T>(log: bool, tile: usize, w: i32): void {
  const e = lanes<T>();
  const one = v128.splat<T>(1);
  let j = 0;
  for (; j + e <= w; j += e) {
    const o = tile + <usize>j * sizeof<T>();
    const s = v128.load(o);
    v128.store(o, log ? logV<T>(s) : v128.div<T>(one, s));
  }
  for (; j < w; j++) {
    const o = tile + <usize>j * sizeof<T>();
    const s = load<T>(o);
    store<T>(o, log ? logS<T>(s) : <T>1 / s);
  }
}

function softmaxColumns<T>(log: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32, so: isize, sd: isize, si: isize): void {
  const rowBytes = <usize>inner * sizeof<T>();
  for (let o = 0; o < outer; o++) {
    for (let t0 = 0; t0 < inner; t0 += TILE) {
      const w = min(TILE, inner - t0);
      const xs = at<T>(x, <isize>o * so + <isize>t0 * si);
      const ys = out + (<usize>o * <usize>n * <usize>inner + <usize>t0) * sizeof<T>();
      fillTile<T>(TILE_MAX, w, <T>-Infinity);
      for (let r = 0; r < n; r++) tileMax<T>(at<T>(xs, <isize>r * sd), si, w);
      // the column sum's partials: 64 rows into PART, 64 PARTs into MID, MIDs into SUM
      fillTile<T>(TILE_PART, w, 0);
      fillTile<T>(TILE_MID, w, 0);
      fillTile<T>(TILE_SUM, w, 0);
      for (let r = 0; r < n; r++) {
        tileExpSum<T>(at<T>(xs, <isize>r * sd), si, ys + <usize>r * rowBytes, w);
        if (((r + 1) & PART_ROWS_MASK) == 0) {
          addTile<T>(TILE_MID, TILE_PART, w);
          fillTile<T>(TILE_PART, w, 0);
          if (((r + 1) & MID_ROWS_MASK) == 0) {
            addTile<T>(TILE_SUM, TILE_MID, w);
            fillTile<T>(TILE_MID, w, 0);
          }
        }
      }
      addTile<T>(TILE_MID, TILE_PART, w);
      addTile<T>(TILE_SUM, TILE_MID, w);
      finishTile<T>(log, TILE_SUM, w);
      for (let r = 0; r < n; r++) tileScale<T>(log, at<T>(xs, <isize>r * sd), si, ys + <usize>r * rowBytes, w);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Exports (ABI.md): x viewed as [outer, n, inner] with element strides so, sd, si; out dense.

@inline function softmax<T>(log: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32): void {
  if (outer <= 0 || n <= 0 || inner <= 0) return;
  if (inner == 1) softmaxRows<T>(log, x, out, outer, n, so, sd);
  else softmaxColumns<T>(log, x, out, outer, n, inner, so, sd, si);
}

export function softmax_f32(x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32): void {
  softmax<f32>(false, x, out, outer, n, inner, so, sd, si);
}
export function softmax_f64(x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32): void {
  softmax<f64>(false, x, out, outer, n, inner, so, sd, si);
}
export function log_softmax_f32(x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32): void {
  softmax<f32>(true, x, out, outer, n, inner, so, sd, si);
}
export function log_softmax_f64(x: usize, out: usize, outer: i32, n: i32, inner: i32, so: i32, sd: i32, si: i32): void {
  softmax<f64>(true, x, out, outer, n, inner, so, sd, si);
}

// A long row across threads (see "One long contiguous row" above): blocks in the row; the max of
// blocks [b0, b0 + nb) into dst; their exps and sums (sums[b]); the row's sum from all of sums;
// the last pass over blocks [b0, b0 + nb) given the max m and the sum s.
export function softmax_row_blocks(n: i32): i32 { return blockCount(n); }
export function softmax_row_max_f32(x: usize, n: i32, b0: i32, nb: i32, dst: usize): void { blocksMax<f32>(x, n, b0, nb, dst); }
export function softmax_row_max_f64(x: usize, n: i32, b0: i32, nb: i32, dst: usize): void { blocksMax<f64>(x, n, b0, nb, dst); }
export function softmax_row_exp_f32(x: usize, out: usize, n: i32, m: f32, b0: i32, nb: i32, sums: usize): void {
  blocksExp<f32>(x, out, n, m, b0, nb, sums);
}
export function softmax_row_exp_f64(x: usize, out: usize, n: i32, m: f64, b0: i32, nb: i32, sums: usize): void {
  blocksExp<f64>(x, out, n, m, b0, nb, sums);
}
export function softmax_row_sum_f32(sums: usize, n: i32): f32 { return blocksSum<f32, StoredBlocks<f32>>(sums, 0, n, 0, 0, blockCount(n)); }
export function softmax_row_sum_f64(sums: usize, n: i32): f64 { return blocksSum<f64, StoredBlocks<f64>>(sums, 0, n, 0, 0, blockCount(n)); }
export function softmax_row_finish_f32(x: usize, out: usize, n: i32, m: f32, s: f32, b0: i32, nb: i32): void {
  blocksFinish<f32>(false, x, out, n, m, s, b0, nb);
}
export function softmax_row_finish_f64(x: usize, out: usize, n: i32, m: f64, s: f64, b0: i32, nb: i32): void {
  blocksFinish<f64>(false, x, out, n, m, s, b0, nb);
}
export function log_softmax_row_finish_f32(x: usize, out: usize, n: i32, m: f32, s: f32, b0: i32, nb: i32): void {
  blocksFinish<f32>(true, x, out, n, m, s, b0, nb);
}
export function log_softmax_row_finish_f64(x: usize, out: usize, n: i32, m: f64, s: f64, b0: i32, nb: i32): void {
  blocksFinish<f64>(true, x, out, n, m, s, b0, nb);
}
