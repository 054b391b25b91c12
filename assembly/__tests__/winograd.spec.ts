import { gemm_scratch_bytes, gemm_set_scratch } from "../matmul";
import { winograd_f32, winograd_pad_f32, winograd_weights_f32, winograd_wgrad_f32, winograd_wgrad_finish_f32 } from "../winograd";

// Winograd F(2x2, 3x3) against the direct sums in f64: forward and weight gradient, over partial
// tiles (odd output sizes), rows of tiles padded to multiples of 4, paddings 0-2 and chunks that
// split the tiles unevenly.

let seed: u32 = 777;
function rnd(): f32 {
  seed = seed * 1664525 + 1013904223;
  return <f32>(<f64>(seed >>> 8) / 8388608.0 - 1.0);
}

function filled(n: i32): usize {
  const p = heap.alloc(<usize>max(n, 1) << 2);
  for (let i = 0; i < n; i++) store<f32>(p + (<usize>i << 2), rnd());
  return p;
}

@inline function at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// The facade's tiling (src/backends/wasm.ts, winogradTiles) with a given chunk.
class Tiling {
  oh: i32; ow: i32; th: i32; twp: i32; hp: i32; wp: i32; tiles: i32;
  constructor(N: i32, H: i32, W: i32, pH: i32, pW: i32) {
    this.oh = H + 2 * pH - 2;
    this.ow = W + 2 * pW - 2;
    this.th = (this.oh + 1) / 2;
    this.twp = ((this.ow + 1) / 2 + 3) / 4 * 4;
    this.hp = 2 * this.th + 2;
    this.wp = 2 * this.twp + 4;
    this.tiles = N * this.th * this.twp;
  }
}

function desc(N: i32, C: i32, K: i32, t: Tiling, p0: i32, p1: i32, chunk: i32): usize {
  const d = heap.alloc(12 << 2);
  const v: i32[] = [N, C, K, t.hp, t.wp, t.th, t.twp, t.oh, t.ow, p0, p1, chunk];
  for (let i = 0; i < 12; i++) store<i32>(d + (<usize>i << 2), v[i]);
  return d;
}

function scratch(M: i32, N: i32, K: i32): void {
  const bytes = gemm_scratch_bytes(M, N, K);
  gemm_set_scratch(heap.alloc(bytes), bytes);
}

// Worst |got - want| / (1 + |want|) of the forward over [N, K, oh, ow].
function forwardError(N: i32, C: i32, K: i32, H: i32, W: i32, pH: i32, pW: i32, chunk: i32): f64 {
  const t = new Tiling(N, H, W, pH, pW);
  const x = filled(N * C * H * W), w = filled(K * C * 9), y = heap.alloc(<usize>(N * K * t.oh * t.ow) << 2);
  const xp = heap.alloc(<usize>(N * C * t.hp * t.wp) << 2), u = heap.alloc(<usize>(16 * K * C) << 2);
  const ws = heap.alloc(<usize>((16 * (C + K) * chunk + 16)) << 2);
  scratch(K, chunk, C);
  winograd_pad_f32(x, xp, N * C, H, W, t.hp, t.wp, pH, pW);
  winograd_weights_f32(w, u, K, C);
  // two calls over uneven halves of the tiles (multiples of 4), as two threads would
  const half = t.tiles / 8 * 4;
  winograd_f32(xp, u, y, desc(N, C, K, t, 0, half, chunk), ws);
  winograd_f32(xp, u, y, desc(N, C, K, t, half, t.tiles, chunk), ws);
  let worst = 0.0;
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) for (let i = 0; i < t.oh; i++) for (let j = 0; j < t.ow; j++) {
    let s = 0.0;
    for (let c = 0; c < C; c++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      const h = i + a - pH, v = j + b - pW;
      if (h < 0 || h >= H || v < 0 || v >= W) continue;
      s += <f64>at(x, ((n * C + c) * H + h) * W + v) * <f64>at(w, ((k * C + c) * 3 + a) * 3 + b);
    }
    const got = <f64>at(y, ((n * K + k) * t.oh + i) * t.ow + j);
    worst = Math.max(worst, Math.abs(got - s) / (1 + Math.abs(s)));
  }
  return worst;
}

// Worst error of the weight gradient [K, C, 3, 3] for a random output gradient.
function wgradError(N: i32, C: i32, K: i32, H: i32, W: i32, pH: i32, pW: i32, chunk: i32): f64 {
  const t = new Tiling(N, H, W, pH, pW);
  const x = filled(N * C * H * W), g = filled(N * K * t.oh * t.ow), dw = heap.alloc(<usize>(K * C * 9) << 2);
  const xp = heap.alloc(<usize>(N * C * t.hp * t.wp) << 2);
  const gp = heap.alloc(<usize>(N * K * 2 * t.th * (2 * t.twp + 4)) << 2);
  const part = 16 * K * C, acc = heap.alloc(<usize>(2 * part) << 2);
  const ws = heap.alloc(<usize>((16 * (C + K) * chunk + 16)) << 2);
  scratch(K, C, chunk);
  winograd_pad_f32(x, xp, N * C, H, W, t.hp, t.wp, pH, pW);
  winograd_pad_f32(g, gp, N * K, t.oh, t.ow, 2 * t.th, 2 * t.twp + 4, 0, 0);
  const half = t.tiles / 8 * 4;
  winograd_wgrad_f32(xp, gp, acc, desc(N, C, K, t, 0, half, chunk), ws);
  winograd_wgrad_f32(xp, gp, acc + (<usize>part << 2), desc(N, C, K, t, half, t.tiles, chunk), ws);
  winograd_wgrad_finish_f32(acc, 2, part, dw, K, C);
  let worst = 0.0;
  for (let k = 0; k < K; k++) for (let c = 0; c < C; c++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
    let s = 0.0;
    for (let n = 0; n < N; n++) for (let i = 0; i < t.oh; i++) for (let j = 0; j < t.ow; j++) {
      const h = i + a - pH, v = j + b - pW;
      if (h < 0 || h >= H || v < 0 || v >= W) continue;
      s += <f64>at(x, ((n * C + c) * H + h) * W + v) * <f64>at(g, ((n * K + k) * t.oh + i) * t.ow + j);
    }
    const got = <f64>at(dw, ((k * C + c) * 3 + a) * 3 + b);
    worst = Math.max(worst, Math.abs(got - s) / (1 + Math.abs(s)));
  }
  return worst;
}

describe("winograd F(2x2, 3x3)", () => {
  test("forward matches the direct sums", () => {
    expect(forwardError(2, 3, 5, 7, 10, 1, 1, 16)).toBeLessThan(1e-5);
    expect(forwardError(1, 4, 4, 5, 5, 0, 0, 8)).toBeLessThan(1e-5);
    expect(forwardError(3, 2, 3, 6, 13, 2, 0, 12)).toBeLessThan(1e-5);
    expect(forwardError(1, 8, 9, 12, 18, 1, 2, 40)).toBeLessThan(1e-5);
  });
  test("weight gradient matches the direct sums", () => {
    expect(wgradError(2, 3, 5, 7, 10, 1, 1, 16)).toBeLessThan(1e-5);
    expect(wgradError(1, 4, 4, 5, 5, 0, 0, 8)).toBeLessThan(1e-5);
    expect(wgradError(3, 2, 3, 6, 13, 2, 0, 12)).toBeLessThan(1e-5);
    expect(wgradError(1, 8, 9, 12, 18, 1, 2, 40)).toBeLessThan(1e-5);
  });
});
