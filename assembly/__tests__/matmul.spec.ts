import {
  gemm_f32, gemm_f64, gemm_i32, gemm_i64, bgemm_f32, bgemm_f64, bgemm_i32, bgemm_i64,
  gemm_scratch_bytes, gemm_set_scratch, gemm_tune,
} from "../matmul";

// Every edge of the 4-row x 32-byte register tile: below, at and above multiples of 4 and 8.
const SIZES: i32[] = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33, 65];
const FEW: i32[] = [1, 3, 5, 8, 17, 33];

let seed: u32 = 12345;
function rnd(): f64 {
  seed = seed * 1664525 + 1013904223;
  return <f64>(seed >>> 8) / 8388608.0 - 1.0;
}

// Floats in [-1, 1); integers in [-4, 4] (exact, no overflow).
function fill<T>(p: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<T>(p + <usize>i * sizeof<T>(), isFloat<T>() ? <T>rnd() : <T>Math.floor(rnd() * 4.5));
  }
}

// Operand layouts for a rows x cols matrix: element (r, c) at base + off + r*rs + c*cs.
// 0 row-major, 1 transposed view, 2 padded with stride 2, 3 rows flipped, 4 broadcast rows.
let lOff = 0, lRs = 0, lCs = 0, lLen = 0;
function layout(l: i32, rows: i32, cols: i32): void {
  lOff = 0; lRs = cols; lCs = 1; lLen = rows * cols;
  if (l == 1) { lRs = 1; lCs = rows; }
  else if (l == 2) { lRs = 2 * cols + 1; lCs = 2; lLen = rows * lRs; }
  else if (l == 3) { lRs = -cols; lOff = (rows - 1) * cols; }
  else if (l == 4) { lRs = 0; lLen = cols; }
}

function callGemm<T>(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, beta: T, alpha: T): void {
  if (isFloat<T>()) {
    if (sizeof<T>() == 4) gemm_f32(M, N, K, a, rsa, csa, b, rsb, csb, c, <f32>beta, <f32>alpha);
    else gemm_f64(M, N, K, a, rsa, csa, b, rsb, csb, c, <f64>beta, <f64>alpha);
  } else if (sizeof<T>() == 4) gemm_i32(M, N, K, a, rsa, csa, b, rsb, csb, c, <i32>beta, <i32>alpha);
  else gemm_i64(M, N, K, a, rsa, csa, b, rsb, csb, c, <i64>beta, <i64>alpha);
}

function callBgemm<T>(batch: i32, M: i32, N: i32, K: i32, a: usize, sa: i32, rsa: i32, csa: i32, b: usize,
  sb: i32, rsb: i32, csb: i32, c: usize, beta: T, alpha: T): void {
  if (isFloat<T>()) {
    if (sizeof<T>() == 4) bgemm_f32(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, <f32>beta, <f32>alpha);
    else bgemm_f64(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, <f64>beta, <f64>alpha);
  } else if (sizeof<T>() == 4) bgemm_i32(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, <i32>beta, <i32>alpha);
  else bgemm_i64(batch, M, N, K, a, sa, rsa, csa, b, sb, rsb, csb, c, <i64>beta, <i64>alpha);
}

// Counts entries of c that differ from the naive triple loop (c0: C before the call). Floats
// allow the worst-case rounding of a K-term sum; integers must match exactly (wrapping).
function mismatches<T>(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, c0: usize, beta: T, alpha: T): i32 {
  const e = sizeof<T>();
  const eps = sizeof<T>() == 4 ? 1.2e-7 : 2.3e-16;
  let bad = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const got = load<T>(c + <usize>(i * N + j) * e);
      const old = load<T>(c0 + <usize>(i * N + j) * e);
      if (isFloat<T>()) {
        let s = 0.0, mag = 0.0;
        for (let k = 0; k < K; k++) {
          const p = <f64>load<T>(a + <usize>(i * rsa + k * csa) * e) * <f64>load<T>(b + <usize>(k * rsb + j * csb) * e);
          s += p;
          mag += Math.abs(p);
        }
        let want = <f64>alpha * s, tol = Math.abs(<f64>alpha) * mag;
        if (beta != <T>0) {
          want += <f64>beta * <f64>old;
          tol += Math.abs(<f64>beta * <f64>old);
        }
        if (!(Math.abs(<f64>got - want) <= <f64>(K + 2) * eps * tol + 1e-30)) bad++;
      } else {
        let s = <T>0;
        for (let k = 0; k < K; k++) {
          s += load<T>(a + <usize>(i * rsa + k * csa) * e) * load<T>(b + <usize>(k * rsb + j * csb) * e);
        }
        let want = alpha * s;
        if (beta != <T>0) want += beta * old;
        if (got != want) bad++;
      }
    }
  }
  return bad;
}

// One product with A and B in the given layouts; C starts as garbage (NaN for floats) when
// beta == 0. Returns the number of wrong entries.
function run<T>(M: i32, N: i32, K: i32, la: i32, lb: i32, beta: T, alpha: T): i32 {
  const e = sizeof<T>();
  layout(la, M, K);
  const aOff = lOff, rsa = lRs, csa = lCs, aLen = lLen;
  layout(lb, K, N);
  const bOff = lOff, rsb = lRs, csb = lCs, bLen = lLen;
  const A = heap.alloc(<usize>aLen * e), B = heap.alloc(<usize>bLen * e);
  const C = heap.alloc(<usize>(M * N) * e), C0 = heap.alloc(<usize>(M * N) * e);
  fill<T>(A, aLen);
  fill<T>(B, bLen);
  if (beta == <T>0 && isFloat<T>()) {
    for (let i = 0; i < M * N; i++) store<T>(C + <usize>i * e, <T>NaN);
  } else fill<T>(C, M * N);
  memory.copy(C0, C, <usize>(M * N) * e);
  const a = A + <usize>aOff * e, b = B + <usize>bOff * e;
  callGemm<T>(M, N, K, a, rsa, csa, b, rsb, csb, C, beta, alpha);
  const bad = mismatches<T>(M, N, K, a, rsa, csa, b, rsb, csb, C, C0, beta, alpha);
  heap.free(A); heap.free(B); heap.free(C); heap.free(C0);
  return bad;
}

let scratch: usize = 0;
function setScratch(bytes: usize): void {
  if (scratch) heap.free(scratch);
  scratch = heap.alloc(bytes);
  gemm_set_scratch(scratch, bytes);
}

// Every combination of SIZES through the heuristic path and each forced path: row-major, and
// B transposed for the dot-product kernel (mode 4). Modes: see gemm_tune.
function edgeShapes<T>(): i32 {
  let bad = 0;
  setScratch(gemm_scratch_bytes(65, 65, 65));
  for (let mode = 0; mode < 6; mode++) {
    gemm_tune(mode);
    for (let x = 0; x < SIZES.length; x++) {
      for (let y = 0; y < SIZES.length; y++) {
        for (let z = 0; z < SIZES.length; z++) {
          bad += run<T>(SIZES[x], SIZES[y], SIZES[z], 0, mode == 4 ? 1 : 0, <T>0, <T>1);
        }
      }
    }
  }
  gemm_tune(0);
  return bad;
}

// Transposed, strided, flipped and broadcast views of A and B (all 25 pairs).
function layouts<T>(): i32 {
  let bad = 0;
  setScratch(gemm_scratch_bytes(33, 33, 33));
  for (let mode = 0; mode < 6; mode++) {
    gemm_tune(mode);
    for (let la = 0; la < 5; la++) {
      for (let lb = 0; lb < 5; lb++) {
        for (let x = 0; x < FEW.length; x++) {
          for (let y = 0; y < FEW.length; y++) {
            bad += run<T>(FEW[x], FEW[y], FEW[(x + y) % FEW.length], la, lb, <T>0, <T>1);
          }
        }
      }
    }
  }
  gemm_tune(0);
  return bad;
}

function alphaBeta<T>(): i32 {
  let bad = 0;
  setScratch(gemm_scratch_bytes(65, 65, 65));
  for (let mode = 0; mode < 6; mode += 2) {
    gemm_tune(mode);
    for (let x = 0; x < FEW.length; x++) {
      for (let y = 0; y < FEW.length; y++) {
        const M = FEW[x], N = FEW[y], K = FEW[(x * 5 + y) % FEW.length];
        bad += run<T>(M, N, K, 0, 1, <T>0, <T>-2);
        bad += run<T>(M, N, K, 1, 0, <T>1, <T>1);
        bad += run<T>(M, N, K, 0, 0, <T>3, <T>-2);
        bad += run<T>(M, N, K, 3, 2, <T>-1, <T>0);
        bad += run<T>(M, N, K, 0, 1, <T>2, <T>3);
      }
    }
  }
  gemm_tune(0);
  return bad;
}

// 130x70x257: several K slices, full and partial tiles, through every path and with a scratch
// too small for the full blocking (the blocks shrink) or none at all (plain loops).
function bigShape<T>(): i32 {
  let bad = 0;
  const sizes: usize[] = [gemm_scratch_bytes(130, 70, 257), 3000, 700, 0];
  for (let s = 0; s < sizes.length; s++) {
    setScratch(sizes[s]);
    for (let mode = 0; mode < 6; mode++) {
      gemm_tune(mode);
      bad += run<T>(130, 70, 257, 0, mode == 4 ? 1 : 0, <T>0, <T>1);
      bad += run<T>(130, 70, 257, 1, 1, <T>2, <T>3);
      bad += run<T>(70, 130, 257, 2, 3, <T>0, <T>1);
    }
  }
  gemm_tune(0);
  setScratch(gemm_scratch_bytes(65, 65, 65));
  return bad;
}

// Medium shapes through the heuristic choice of path, for every pair of plain/transposed layouts.
function heuristicShapes<T>(): i32 {
  const shapes: i32[] = [100, 9, 257, 9, 100, 257, 300, 20, 40, 20, 300, 300, 6, 50, 300, 1, 70, 600,
    260, 260, 20];
  let bad = 0;
  setScratch(gemm_scratch_bytes(300, 300, 600));
  for (let s = 0; s < shapes.length; s += 3) {
    for (let l = 0; l < 4; l++) {
      bad += run<T>(shapes[s], shapes[s + 1], shapes[s + 2], l & 1, l >> 1, <T>0, <T>1);
    }
  }
  return bad;
}

// K == 0 gives beta * C (and zeros for beta == 0, even over NaN).
function emptyK<T>(): i32 {
  return run<T>(5, 9, 0, 0, 0, <T>0, <T>1) + run<T>(5, 9, 0, 0, 0, <T>2, <T>1);
}

// Batches with broadcast A or B (batch stride 0), including the shared-B case that folds the
// batch into M.
function batched<T>(): i32 {
  const e = sizeof<T>();
  let bad = 0;
  setScratch(gemm_scratch_bytes(65, 65, 65));
  const batch = 3;
  for (let v = 0; v < 4; v++) {
    const M = 7 + v * 4, N = 9 + v, K = 17 + v * 3;
    // v=0: A and B per batch; v=1: B shared; v=2: A shared; v=3: B shared, A transposed views.
    const sa = v == 2 ? 0 : M * K, sb = v == 1 || v == 3 ? 0 : K * N;
    const rsa = v == 3 ? 1 : K, csa = v == 3 ? M : 1;
    const A = heap.alloc(<usize>(batch * M * K) * e), B = heap.alloc(<usize>(batch * K * N) * e);
    const C = heap.alloc(<usize>(batch * M * N) * e), C0 = heap.alloc(<usize>(batch * M * N) * e);
    fill<T>(A, batch * M * K);
    fill<T>(B, batch * K * N);
    fill<T>(C, batch * M * N);
    memory.copy(C0, C, <usize>(batch * M * N) * e);
    const beta = v & 1 ? <T>0 : <T>2;
    callBgemm<T>(batch, M, N, K, A, sa, rsa, csa, B, sb, N, 1, C, beta, <T>3);
    for (let i = 0; i < batch; i++) {
      const o = <usize>(i * M * N) * e;
      bad += mismatches<T>(M, N, K, A + <usize>(i * sa) * e, rsa, csa, B + <usize>(i * sb) * e, N, 1,
        C + o, C0 + o, beta, <T>3);
    }
    heap.free(A); heap.free(B); heap.free(C); heap.free(C0);
  }
  return bad;
}

// The same suite for every dtype (integers: beta = 0 has no NaN to ignore, the check is the same).
function suite<T>(): void {
  describe("gemm " + nameof<T>(), () => {
    it("edge tiles M,N,K in {1..65}, all paths", () => { expect<i32>(edgeShapes<T>()).toBe(0); });
    it("transposed, strided, flipped, broadcast layouts", () => { expect<i32>(layouts<T>()).toBe(0); });
    it("alpha and beta; beta=0 ignores NaN in C", () => { expect<i32>(alphaBeta<T>()).toBe(0); });
    it("130x70x257, small and missing scratch", () => { expect<i32>(bigShape<T>()).toBe(0); });
    it("medium shapes, heuristic paths", () => { expect<i32>(heuristicShapes<T>()).toBe(0); });
    it("K = 0", () => { expect<i32>(emptyK<T>()).toBe(0); });
    it("batched with broadcast batch strides", () => { expect<i32>(batched<T>()).toBe(0); });
  });
}

suite<f32>();
suite<f64>();
suite<i32>();
suite<i64>();
