// Matrix products (ABI.md, "matmul.ts"): C = alpha * A@B + beta * C for f32, f64, i32, i64.
//
// One generic Goto/BLIS-style driver serves every dtype:
//   for each NC-wide column block of B, for each KC-deep slice of K:
//     pack B's KC x NC block into NR-column panels (k-major, 32 bytes per k), unless read in place;
//     for each MC-high row block of A:
//       pack A's MC x KC block into MR-row panels (k-major), unless read in place;
//       for each NR-column panel, for each MR-row tile: the register micro-kernel.
// The micro-tile is MR = 4 rows x 32 bytes of columns (two v128: 4x8 for f32/i32, 4x4 for
// f64/i64). V8 (x64) gives wasm 15 allocatable xmm registers and schedules every load of a basic
// block at its top, so a k-step needs 8 accumulators + 2 B vectors + 4 A splats + 1 product = 15:
// 4x8 is the largest tile that does not spill (6x8, 4x12, 4x16 spill and run slower).
// Small problems skip packing: A is read in place through its strides (one splat per row), and B
// in place when its rows are contiguous, so the per-call cost is a few branches. x @ W.T with a
// few rows (A rows and B columns contiguous along k) uses dot-product tiles and packs nothing.
// Threads split M: a call on a block of rows (a and c advanced by i0 rows) is an ordinary call.

// Rows of the register tile. The tile width is 32 bytes (nr<T>() elements).
const MR = 4;
// K slice: a 4x8 f32 tile streams KC*32 bytes of B (8 KiB, stays in L1) per tile.
const KC = 256;
// Rows of A per packed block: MC*KC*4 bytes = 128 KiB (f32), well inside the 1 MiB L2.
const MC = 128;
// Columns of B per packed block: KC*NC*4 bytes = 2 MiB (f32), shared L3.
const NC = 2048;
// The edge-tile buffer at the start of the scratch: MR rows of 32 bytes.
const TILE = 128;

// Packing scratch handed over by the facade. Globals are per instance, so each worker thread
// (its own instance on the shared memory) calls gemm_set_scratch with its own block.
let scratchPtr: usize = 0;
let scratchLen: usize = 0;

export function gemm_set_scratch(ptr: usize, bytes: usize): void {
  scratchPtr = ptr;
  scratchLen = bytes;
}

// Bytes of scratch that let gemm of this shape (any dtype) use the full blocking; for bgemm with a
// shared B (sb == 0) pass batch*M, as the batch may fold into M. Less still works: the blocks
// shrink to fit, and below 128 bytes the products run as plain loops.
export function gemm_scratch_bytes(M: i32, N: i32, K: i32): usize {
  return max(needBytes<f32>(min(K, KC), min(N, NC), min(M, MC), false, false),
    needBytes<f64>(min(K, KC), min(N, NC), min(M, MC), false, false));
}

@inline function nr<T>(): i32 {
  return 32 / <i32>sizeof<T>();
}

@inline function roundUp(x: i32, m: i32): i32 {
  return (x + m - 1) / m * m;
}

function needBytes<T>(kc: i32, nc: i32, mc: i32, directA: bool, directB: bool): usize {
  const bCols = directB ? nr<T>() : roundUp(nc, nr<T>());
  const aRows = directA ? 0 : roundUp(mc, MR);
  return <usize>TILE + <usize>kc * <usize>(bCols + aRows) * sizeof<T>();
}

// The one multiply-add of the kernels: a relaxed-SIMD build (--enable relaxed-simd) turns the
// float case into a fused madd; integers and the plain SIMD128 build use mul + add.
@inline function madd<T>(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && isFloat<T>()) return v128.relaxed_madd<T>(a, b, acc);
  return v128.add<T>(acc, v128.mul<T>(a, b));
}

// C[0..32 bytes) = alpha*x + beta*C (C unread when beta == 0).
@inline function storeRow<T>(p: usize, x0: v128, x1: v128, va: v128, vb: v128, beta: T): void {
  let y0 = v128.mul<T>(x0, va);
  let y1 = v128.mul<T>(x1, va);
  if (beta != <T>0) {
    y0 = v128.add<T>(y0, v128.mul<T>(v128.load(p), vb));
    y1 = v128.add<T>(y1, v128.mul<T>(v128.load(p, 16), vb));
  }
  v128.store(p, y0);
  v128.store(p, y1, 16);
}

// Edge tiles: the accumulators went to the tile buffer tb (rows of 32 bytes); copy m x n of it.
function storeEdge<T>(tb: usize, c: usize, ldc: usize, m: i32, n: i32, alpha: T, beta: T): void {
  for (let i = 0; i < m; i++) {
    const src = tb + <usize>(i * 32);
    const dst = c + <usize>i * ldc;
    for (let j = 0; j < n; j++) {
      const o = <usize>j * sizeof<T>();
      let y = alpha * load<T>(src + o);
      if (beta != <T>0) y += beta * load<T>(dst + o);
      store<T>(dst + o, y);
    }
  }
}

// The register micro-kernel: an MR x 32-byte tile over kc steps. A row r of the tile is read at
// ap + o_r (o_0 = 0), advancing aks bytes per k; B's 32 bytes at bp, advancing bks per k.
// Inlined into two instances: packed A (constant offsets) and A read in place (runtime strides).
@inline function microTile<T>(kc: i32, ap: usize, o1: usize, o2: usize, o3: usize, aks: usize,
  bp: usize, bks: usize, c: usize, ldc: usize, m: i32, n: i32, alpha: T, beta: T, tb: usize): void {
  let c00 = v128.splat<T>(<T>0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const bend = bp + <usize>kc * bks;
  while (true) {
    // Two k-steps per iteration with an exit test between them: the branch splits the basic
    // block, so V8 cannot hoist the second step's loads next to the first's (that would spill).
    let b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, x, b0); c01 = madd<T>(c01, x, b1);
    x = v128.load_splat<T>(ap + o1); c10 = madd<T>(c10, x, b0); c11 = madd<T>(c11, x, b1);
    x = v128.load_splat<T>(ap + o2); c20 = madd<T>(c20, x, b0); c21 = madd<T>(c21, x, b1);
    x = v128.load_splat<T>(ap + o3); c30 = madd<T>(c30, x, b0); c31 = madd<T>(c31, x, b1);
    ap += aks; bp += bks;
    if (bp == bend) break;
    b0 = v128.load(bp); b1 = v128.load(bp, 16);
    x = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, x, b0); c01 = madd<T>(c01, x, b1);
    x = v128.load_splat<T>(ap + o1); c10 = madd<T>(c10, x, b0); c11 = madd<T>(c11, x, b1);
    x = v128.load_splat<T>(ap + o2); c20 = madd<T>(c20, x, b0); c21 = madd<T>(c21, x, b1);
    x = v128.load_splat<T>(ap + o3); c30 = madd<T>(c30, x, b0); c31 = madd<T>(c31, x, b1);
    ap += aks; bp += bks;
    if (bp == bend) break;
  }
  if (m == MR && n == nr<T>()) {
    const va = v128.splat<T>(alpha), vb = v128.splat<T>(beta);
    storeRow<T>(c, c00, c01, va, vb, beta);
    storeRow<T>(c + ldc, c10, c11, va, vb, beta);
    storeRow<T>(c + 2 * ldc, c20, c21, va, vb, beta);
    storeRow<T>(c + 3 * ldc, c30, c31, va, vb, beta);
  } else {
    v128.store(tb, c00); v128.store(tb, c01, 16);
    v128.store(tb, c10, 32); v128.store(tb, c11, 48);
    v128.store(tb, c20, 64); v128.store(tb, c21, 80);
    v128.store(tb, c30, 96); v128.store(tb, c31, 112);
    storeEdge<T>(tb, c, ldc, m, n, alpha, beta);
  }
}

// Packed A panel (MR elements per k); B packed (bks = 32) or in place.
function tilePackedA<T>(kc: i32, ap: usize, bp: usize, bks: usize, c: usize, ldc: usize, m: i32, n: i32,
  alpha: T, beta: T, tb: usize): void {
  const e = sizeof<T>();
  microTile<T>(kc, ap, e, 2 * e, 3 * e, <usize>MR * e, bp, bks, c, ldc, m, n, alpha, beta, tb);
}

// A read in place: rows past m repeat the last row (their results are dropped), so nothing
// outside A is read.
function tileDirectA<T>(kc: i32, ap: usize, rsa: usize, csa: usize, bp: usize, bks: usize,
  c: usize, ldc: usize, m: i32, n: i32, alpha: T, beta: T, tb: usize): void {
  const o1: usize = m > 1 ? rsa : 0;
  const o2: usize = m > 2 ? 2 * rsa : o1;
  const o3: usize = m > 3 ? 3 * rsa : o2;
  microTile<T>(kc, ap, o1, o2, o3, csa, bp, bks, c, ldc, m, n, alpha, beta, tb);
}

// 4x4 transpose of 32-bit lanes: rows v0..v3 in, columns stored at dst + t*stride.
@inline function transpose4Store(v0: v128, v1: v128, v2: v128, v3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5), t1 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(v0, v1, 2, 6, 3, 7), t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
}

// Gathers a w x kc strip (w <= lanes rows of `lanes` elements, element (r, k) at
// src + r*rs + k*ks bytes) into dst, `lanes` elements per k (dst advancing ds per k), zero-padding
// rows w..lanes. This is the packing of both operands: A panels are strips of MR rows, B panels
// strips of NR columns (the roles of the strides swap).
function packStrip<T>(kc: i32, w: i32, src: usize, rs: usize, ks: usize, dst: usize, ds: usize, lanes: i32): void {
  const e = sizeof<T>();
  let k = 0;
  if (w == lanes && ks == e && sizeof<T>() == 4) {
    // Rows contiguous along k (row-major A, transposed B): 4x4 SIMD transposes.
    for (let r = 0; r < lanes; r += 4) {
      const s = src + <usize>r * rs, d = dst + <usize>r * e;
      for (k = 0; k + 4 <= kc; k += 4) {
        const sk = s + <usize>k * 4;
        transpose4Store(v128.load(sk), v128.load(sk + rs), v128.load(sk + 2 * rs), v128.load(sk + 3 * rs),
          d + <usize>k * ds, ds);
      }
    }
  } else if (w == lanes && rs == e) {
    // The strip is contiguous per k (transposed A, row-major B): 16-byte copies.
    for (; k < kc; k++) {
      const s = src + <usize>k * ks, d = dst + <usize>k * ds;
      for (let o: usize = 0; o < <usize>lanes * e; o += 16) v128.store(d + o, v128.load(s + o));
    }
  }
  for (; k < kc; k++) {
    const s = src + <usize>k * ks, d = dst + <usize>k * ds;
    let r = 0;
    for (; r < w; r++) store<T>(d + <usize>r * e, load<T>(s + <usize>r * rs));
    for (; r < lanes; r++) store<T>(d + <usize>r * e, <T>0);
  }
}

// Sums of four vectors: lane j of the result is the horizontal sum of vj (32-bit lanes).
@inline function hsum4<T>(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const s01 = v128.add<T>(i32x4.shuffle(v0, v1, 0, 4, 1, 5), i32x4.shuffle(v0, v1, 2, 6, 3, 7));
  const s23 = v128.add<T>(i32x4.shuffle(v2, v3, 0, 4, 1, 5), i32x4.shuffle(v2, v3, 2, 6, 3, 7));
  return v128.add<T>(i32x4.shuffle(s01, s23, 0, 1, 4, 5), i32x4.shuffle(s01, s23, 2, 3, 6, 7));
}

// Dot-product tile for A rows and B columns both contiguous along k (x @ W.T with few rows):
// 2 rows x 4 columns, each accumulator holding 4 partial sums along k, so nothing is packed.
// Rows/columns past m/n repeat the last one (results dropped); the k tail (K % 4) is scalar.
function dotTile<T>(K: i32, a: usize, rsa: usize, b: usize, csb: usize, c: usize, ldc: usize, m: i32,
  n: i32, alpha: T, beta: T, tb: usize): void {
  const a0 = a, a1 = m > 1 ? a + rsa : a;
  const b0 = b, b1 = n > 1 ? b + csb : b0, b2 = n > 2 ? b + 2 * csb : b1, b3 = n > 3 ? b + 3 * csb : b2;
  let c00 = v128.splat<T>(<T>0), c01 = c00, c02 = c00, c03 = c00;
  let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  const end = <usize>(K & ~3) * sizeof<T>();
  for (let o: usize = 0; o < end; o += 16) {
    const x0 = v128.load(a0 + o), x1 = v128.load(a1 + o);
    let y = v128.load(b0 + o); c00 = madd<T>(c00, x0, y); c10 = madd<T>(c10, x1, y);
    y = v128.load(b1 + o); c01 = madd<T>(c01, x0, y); c11 = madd<T>(c11, x1, y);
    y = v128.load(b2 + o); c02 = madd<T>(c02, x0, y); c12 = madd<T>(c12, x1, y);
    y = v128.load(b3 + o); c03 = madd<T>(c03, x0, y); c13 = madd<T>(c13, x1, y);
  }
  v128.store(tb, hsum4<T>(c00, c01, c02, c03));
  v128.store(tb, hsum4<T>(c10, c11, c12, c13), 32);
  for (let j = 0; j < 4; j++) {
    const bj = b + <usize>min(j, n - 1) * csb, t = tb + <usize>j * sizeof<T>();
    let s0 = <T>0, s1 = <T>0;
    for (let o = end; o < <usize>K * sizeof<T>(); o += sizeof<T>()) {
      const y = load<T>(bj + o);
      s0 += load<T>(a0 + o) * y;
      s1 += load<T>(a1 + o) * y;
    }
    store<T>(t, load<T>(t) + s0);
    store<T>(t, load<T>(t, 32) + s1, 32);
  }
  storeEdge<T>(tb, c, ldc, m, n, alpha, beta);
}

// C = beta * C (K == 0).
function scaleC<T>(M: i32, N: i32, c: usize, beta: T): void {
  const n = <usize>M * <usize>N;
  for (let i: usize = 0; i < n; i++) {
    const p = c + i * sizeof<T>();
    store<T>(p, beta == <T>0 ? <T>0 : beta * load<T>(p));
  }
}

// Scratch too small for even one panel: plain loops.
function gemmNaive<T>(M: i32, N: i32, K: i32, a: usize, rsa: usize, csa: usize, b: usize, rsb: usize,
  csb: usize, c: usize, beta: T, alpha: T): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = <T>0;
      for (let k = 0; k < K; k++) {
        s += load<T>(a + <usize>i * rsa + <usize>k * csa) * load<T>(b + <usize>k * rsb + <usize>j * csb);
      }
      const p = c + (<usize>i * <usize>N + <usize>j) * sizeof<T>();
      store<T>(p, beta == <T>0 ? alpha * s : alpha * s + beta * load<T>(p));
    }
  }
}

// Path override for tests and benchmarks: 0 = heuristic, 1 = pack A and B, 2 = A in place,
// 3 = A and B in place, 4 = dot kernel, 5 = B in place (where the layout allows each).
let forceMode = 0;
export function gemm_tune(mode: i32): void {
  forceMode = mode;
}

function gemm<T>(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: T, alpha: T): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    scaleC<T>(M, N, c, beta);
    return;
  }
  const e = sizeof<T>();
  // Byte strides (wrapping u32 arithmetic keeps negative strides right).
  const rsaB = <usize>rsa * e, csaB = <usize>csa * e, rsbB = <usize>rsb * e, csbB = <usize>csb * e;
  if (scratchLen < <usize>TILE) {
    gemmNaive<T>(M, N, K, a, rsaB, csaB, b, rsbB, csbB, c, beta, alpha);
    return;
  }
  // x @ W.T with few rows: dot products beat packing all of W for a handful of rows.
  const dotOk = sizeof<T>() == 4 && csa == 1 && rsb == 1;
  if (dotOk && (forceMode == 4 || forceMode == 0 && (M <= 4 || M <= 8 && K >= 256))) {
    gemmDot<T>(M, N, K, a, rsaB, b, csbB, c, beta, alpha);
    return;
  }
  // Packed or in place: packing A costs M*K copies shared by N columns, packing B K*N copies
  // shared by M rows, while large in-place panels are strided and thrash L1 (measured, x64 V8).
  // A in place: contiguous rows and a small product or narrow N, or A within 64 KiB and N under
  // 256 (a transposed A read in place steps a whole row per k, which aliases in L1 over many
  // panels: packing it took a 128x64 @ 64x784 product from 387 to 331 us, and cost a few percent
  // at N of 128 or less).
  // B in place: contiguous rows and B within 48 KiB (about L1), or fewer than 16 rows.
  let directA = csa == 1 ? N <= 64 || <i64>M * <i64>N * <i64>K <= 256 * 256 * 256 : <i64>M * <i64>K * e <= 65536 && N < 256;
  let directB = M < 16 || <i64>K * <i64>N * e <= 49152;
  if (forceMode > 0 && forceMode != 4) {
    directA = forceMode == 2 || forceMode == 3;
    directB = forceMode >= 3;
  }
  // B's panels are read with vector loads along its rows; rsb == 0 would stall the loop's end test.
  directB = directB && csb == 1 && rsb != 0;
  gemmBlocked<T>(M, N, K, a, rsaB, csaB, b, rsbB, csbB, c, beta, alpha, directA, directB);
}

function gemmDot<T>(M: i32, N: i32, K: i32, a: usize, rsaB: usize, b: usize, csbB: usize, c: usize,
  beta: T, alpha: T): void {
  const e = sizeof<T>(), ldc = <usize>N * e;
  for (let j = 0; j < N; j += 4) {
    for (let i = 0; i < M; i += 2) {
      dotTile<T>(K, a + <usize>i * rsaB, rsaB, b + <usize>j * csbB, csbB, c + <usize>i * ldc + <usize>j * e,
        ldc, min(2, M - i), min(4, N - j), alpha, beta, scratchPtr);
    }
  }
}

function gemmBlocked<T>(M: i32, N: i32, K: i32, a: usize, rsaB: usize, csaB: usize, b: usize, rsbB: usize,
  csbB: usize, c: usize, beta: T, alpha: T, directA: bool, directB: bool): void {
  const e = sizeof<T>(), NR = nr<T>(), ldc = <usize>N * e;
  let kcB = min(K, KC), ncB = min(N, NC), mcB = min(M, MC);
  // Shrink the blocks until they fit the scratch.
  while (needBytes<T>(kcB, ncB, mcB, directA, directB) > scratchLen) {
    if (ncB > NR) ncB = roundUp(ncB >> 1, NR);
    else if (mcB > MR) mcB = roundUp(mcB >> 1, MR);
    else if (kcB > 16) kcB >>= 1;
    else {
      gemmNaive<T>(M, N, K, a, rsaB, csaB, b, rsbB, csbB, c, beta, alpha);
      return;
    }
  }
  const tb = scratchPtr, bPack = tb + TILE;
  const aPack = bPack + <usize>kcB * <usize>(directB ? NR : roundUp(ncB, NR)) * e;
  for (let jc = 0; jc < N; jc += ncB) {
    const nc = min(ncB, N - jc);
    for (let pc = 0; pc < K; pc += kcB) {
      const kc = min(kcB, K - pc);
      // Later K slices accumulate onto the first one's result.
      const bet = pc == 0 ? beta : <T>1;
      const bBlk = b + <usize>pc * rsbB + <usize>jc * csbB;
      // In place B still packs its last partial panel (vector loads would run past B).
      const packFrom = directB ? nc - nc % NR : 0;
      for (let j = packFrom; j < nc; j += NR) {
        packStrip<T>(kc, min(NR, nc - j), bBlk + <usize>j * csbB, csbB, rsbB,
          bPack + <usize>(j - packFrom) * <usize>kc * e, 32, NR);
      }
      for (let ic = 0; ic < M; ic += mcB) {
        const mc = min(mcB, M - ic);
        const aBlk = a + <usize>ic * rsaB + <usize>pc * csaB;
        if (!directA) {
          for (let i = 0; i < mc; i += MR) {
            packStrip<T>(kc, min(MR, mc - i), aBlk + <usize>i * rsaB, rsaB, csaB,
              aPack + <usize>i * <usize>kc * e, <usize>MR * e, MR);
          }
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const n = min(NR, nc - jr);
          let bp = bPack + <usize>jr * <usize>kc * e, bks: usize = 32;
          if (directB) {
            if (n == NR) {
              bp = bBlk + <usize>jr * e;
              bks = rsbB;
            } else bp = bPack;
          }
          const cBlk = c + <usize>ic * ldc + <usize>(jc + jr) * e;
          for (let ir = 0; ir < mc; ir += MR) {
            const m = min(MR, mc - ir);
            const ct = cBlk + <usize>ir * ldc;
            if (directA) {
              tileDirectA<T>(kc, aBlk + <usize>ir * rsaB, rsaB, csaB, bp, bks, ct, ldc, m, n, alpha, bet, tb);
            } else {
              tilePackedA<T>(kc, aPack + <usize>ir * <usize>kc * e, bp, bks, ct, ldc, m, n, alpha, bet, tb);
            }
          }
        }
      }
    }
  }
}

// Batched: C[i] = alpha * A[i] @ B[i] + beta * C[i], batch strides sa/sb in elements (0 broadcasts).
function bgemm<T>(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32, b: usize,
  sb: i32, rsb: i32, csb: i32, c: usize, beta: T, alpha: T): void {
  // One shared B and batches of A that continue its rows: a single taller product.
  if (batch > 1 && sb == 0 && sa == M * rsa) {
    M *= batch;
    batch = 1;
  }
  const e = sizeof<T>();
  for (let i = 0; i < batch; i++) {
    gemm<T>(M, N, K, a + <usize>(i * sa) * e, rsa, csa, b + <usize>(i * sb) * e, rsb, csb,
      c + <usize>i * <usize>M * <usize>N * e, beta, alpha);
  }
}

export function gemm_f32(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: f32, alpha: f32): void {
  gemm<f32>(M, N, K, a, rsa, csa, b, rsb, csb, c, beta, alpha);
}

export function gemm_f64(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: f64, alpha: f64): void {
  gemm<f64>(M, N, K, a, rsa, csa, b, rsb, csb, c, beta, alpha);
}

export function gemm_i32(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: i32, alpha: i32): void {
  gemm<i32>(M, N, K, a, rsa, csa, b, rsb, csb, c, beta, alpha);
}

export function gemm_i64(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: i64, alpha: i64): void {
  gemm<i64>(M, N, K, a, rsa, csa, b, rsb, csb, c, beta, alpha);
}

export function bgemm_f32(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32,
  b: usize, sb: i32, rsb: i32, csb: i32, c: usize, beta: f32, alpha: f32): void {
  bgemm<f32>(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, beta, alpha);
}

export function bgemm_f64(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32,
  b: usize, sb: i32, rsb: i32, csb: i32, c: usize, beta: f64, alpha: f64): void {
  bgemm<f64>(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, beta, alpha);
}

export function bgemm_i32(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32,
  b: usize, sb: i32, rsb: i32, csb: i32, c: usize, beta: i32, alpha: i32): void {
  bgemm<i32>(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, beta, alpha);
}

export function bgemm_i64(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32,
  b: usize, sb: i32, rsb: i32, csb: i32, c: usize, beta: i64, alpha: i64): void {
  bgemm<i64>(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, beta, alpha);
}
