// Winograd F(2x2, 3x3) convolution, float32 (ABI.md, "winograd.ts"): a 3x3, stride-1, undilated,
// ungrouped convolution as 16 GEMMs of 2.25x fewer multiply-adds than im2col's one GEMM
// (Lavin & Gray 2015). Each 2x2 output tile reads a 4x4 input patch d; with
//   V = B^T d B,  U = G g G^T (g the 3x3 filter),  M = sum over channels of U * V (per element),
//   Y = A^T M A,
// the 16 elements xi of the 4x4 transforms are independent: M_xi [K, tiles] = U_xi [K, C] @
// V_xi [C, tiles], one GEMM each (matmul.ts). Only 0, 1, -1 and 1/2 appear in B, G and A, so the
// results differ from im2col's by rounding only.
//
// The input is first copied into a zero border (winograd_pad_f32), so that every tile reads
// inside it; tiles are numbered p = (n*tH + th)*tWp + tw with tWp a multiple of 4, and the input
// and output transforms run on four tiles of a row at once (one per SIMD lane). The tiles go in
// chunks of `chunk` (a multiple of 4) through a workspace of V [16][C][chunk] then M
// [16][K][chunk] floats, so that the transforms and the GEMMs of a chunk stay in cache; a call
// covers tiles [p0, p1), and threads take disjoint ranges, each with its own workspace.
import { gemm_f32 } from './matmul';

@inline function gi(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

// U [16][K][C] from w [K][C][3][3] (dense): U_xi = (G g G^T)_xi, G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1].
export function winograd_weights_f32(w: usize, u: usize, K: i32, C: i32): void {
  const plane = <usize>K * <usize>C << 2;
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < C; c++) {
      const g = w + (<usize>(k * C + c) * 9 << 2);
      const o = u + (<usize>(k * C + c) << 2);
      for (let i = 0; i < 4; i++) {
        // row i of t = G g (column j of g combined as G's row i says), then U_i = t_i G^T
        let t0: f32, t1: f32, t2: f32;
        if (i == 0) {
          t0 = load<f32>(g); t1 = load<f32>(g, 4); t2 = load<f32>(g, 8);
        } else if (i == 3) {
          t0 = load<f32>(g, 24); t1 = load<f32>(g, 28); t2 = load<f32>(g, 32);
        } else {
          const sg: f32 = i == 1 ? 1 : -1;
          t0 = <f32>0.5 * (load<f32>(g) + sg * load<f32>(g, 12) + load<f32>(g, 24));
          t1 = <f32>0.5 * (load<f32>(g, 4) + sg * load<f32>(g, 16) + load<f32>(g, 28));
          t2 = <f32>0.5 * (load<f32>(g, 8) + sg * load<f32>(g, 20) + load<f32>(g, 32));
        }
        const r = o + <usize>(4 * i) * plane;
        store<f32>(r, t0);
        store<f32>(r + plane, <f32>0.5 * (t0 + t1 + t2));
        store<f32>(r + 2 * plane, <f32>0.5 * (t0 - t1 + t2));
        store<f32>(r + 3 * plane, t2);
      }
    }
  }
}

// xp [planes][Hp][Wp] = x [planes][H][W] (dense) at row pH, column pW, zeros around.
export function winograd_pad_f32(x: usize, xp: usize, planes: i32, H: i32, W: i32, Hp: i32, Wp: i32, pH: i32, pW: i32): void {
  const rowB = <usize>Wp << 2;
  memory.fill(xp, 0, <usize>planes * <usize>Hp * rowB);
  for (let p = 0; p < planes; p++) {
    const src = x + (<usize>p * <usize>H * <usize>W << 2);
    const dst = xp + <usize>p * <usize>Hp * rowB + <usize>pH * rowB + (<usize>pW << 2);
    for (let h = 0; h < H; h++) {
      const s = src + (<usize>h * <usize>W << 2), d = dst + <usize>h * rowB;
      let i = 0;
      for (; i + 4 <= W; i += 4) v128.store(d + (<usize>i << 2), v128.load(s + (<usize>i << 2)));
      for (; i < W; i++) store<f32>(d + (<usize>i << 2), load<f32>(s + (<usize>i << 2)));
    }
  }
}

// desc (i32): [N, C, K, Hp, Wp, tH, tWp, oH, oW, p0, p1, chunk]
// y [N][K][oH][oW] dense; ws: the workspace, (16*C + 16*K) * chunk floats and 64 bytes.
export function winograd_f32(xp: usize, u: usize, y: usize, desc: usize, ws: usize): void {
  const C = gi(desc, 1), K = gi(desc, 2), Hp = gi(desc, 3), Wp = gi(desc, 4);
  const tH = gi(desc, 5), tWp = gi(desc, 6), oH = gi(desc, 7), oW = gi(desc, 8);
  const p0 = gi(desc, 9), p1 = gi(desc, 10), chunk = gi(desc, 11);
  const V = ws, M = ws + (<usize>16 * <usize>C * <usize>chunk << 2);
  const tmp = M + (<usize>16 * <usize>K * <usize>chunk << 2);
  const vs = <usize>C * <usize>chunk << 2, us = <usize>K * <usize>C << 2;
  for (let q0 = p0; q0 < p1; q0 += chunk) {
    const n = min(chunk, p1 - q0);
    inputTransform(xp, V, C, Hp, Wp, tH, tWp, q0, n, chunk);
    // M_xi [K, n] = U_xi [K, C] @ V_xi [C, n] (V's rows `chunk` apart, M dense)
    const ms = <usize>K * <usize>n << 2;
    for (let xi = 0; xi < 16; xi++) {
      gemm_f32(K, n, C, u + <usize>xi * us, C, 1, V + <usize>xi * vs, chunk, 1, M + <usize>xi * ms, 0, 1);
    }
    outputTransform(M, y, K, tH, tWp, oH, oW, q0, n, tmp);
  }
}

// V_xi[c][q] for the chunk's tiles q = 0..n-1 (tile q0 + q), four tiles (one row's) at a time.
function inputTransform(xp: usize, V: usize, C: i32, Hp: i32, Wp: i32, tH: i32, tWp: i32, q0: i32, n: i32, chunk: i32): void {
  const vs = <usize>C * <usize>chunk << 2;
  const rowB = <usize>Wp << 2, planeB = <usize>Hp * rowB;
  for (let q = 0; q < n; q += 4) {
    const p = q0 + q;
    const tw = p % tWp, r = p / tWp, th = r % tH, img = r / tH;
    let src = xp + <usize>img * <usize>C * planeB + <usize>(2 * th) * rowB + (<usize>(2 * tw) << 2);
    let dst = V + (<usize>q << 2);
    for (let c = 0; c < C; c++) {
      // d_rj: row r of the four patches, column j (lane l: tile tw + l, input column 2(tw + l) + j)
      let a = src;
      let v0 = v128.load(a), v1 = v128.load(a, 16), v2 = v128.load(a, 32);
      let e0 = i32x4.shuffle(v0, v1, 0, 2, 4, 6), e1 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      const d00 = e0, d01 = e1, d02 = i32x4.shuffle(e0, v2, 1, 2, 3, 4), d03 = i32x4.shuffle(e1, v2, 1, 2, 3, 5);
      a += rowB;
      v0 = v128.load(a); v1 = v128.load(a, 16); v2 = v128.load(a, 32);
      e0 = i32x4.shuffle(v0, v1, 0, 2, 4, 6); e1 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      const d10 = e0, d11 = e1, d12 = i32x4.shuffle(e0, v2, 1, 2, 3, 4), d13 = i32x4.shuffle(e1, v2, 1, 2, 3, 5);
      a += rowB;
      v0 = v128.load(a); v1 = v128.load(a, 16); v2 = v128.load(a, 32);
      e0 = i32x4.shuffle(v0, v1, 0, 2, 4, 6); e1 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      const d20 = e0, d21 = e1, d22 = i32x4.shuffle(e0, v2, 1, 2, 3, 4), d23 = i32x4.shuffle(e1, v2, 1, 2, 3, 5);
      a += rowB;
      v0 = v128.load(a); v1 = v128.load(a, 16); v2 = v128.load(a, 32);
      e0 = i32x4.shuffle(v0, v1, 0, 2, 4, 6); e1 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      const d30 = e0, d31 = e1, d32 = i32x4.shuffle(e0, v2, 1, 2, 3, 4), d33 = i32x4.shuffle(e1, v2, 1, 2, 3, 5);
      // t = B^T d (B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]), then V = t B, row i of t at a time
      rowB4(dst, vs, 0, f32x4.sub(d00, d20), f32x4.sub(d01, d21), f32x4.sub(d02, d22), f32x4.sub(d03, d23));
      rowB4(dst, vs, 4, f32x4.add(d10, d20), f32x4.add(d11, d21), f32x4.add(d12, d22), f32x4.add(d13, d23));
      rowB4(dst, vs, 8, f32x4.sub(d20, d10), f32x4.sub(d21, d11), f32x4.sub(d22, d12), f32x4.sub(d23, d13));
      rowB4(dst, vs, 12, f32x4.sub(d10, d30), f32x4.sub(d11, d31), f32x4.sub(d12, d32), f32x4.sub(d13, d33));
      src += planeB;
      dst += <usize>chunk << 2;
    }
  }
}

// V_(xi0 + j) = (t B)_j for one row t of B^T d: [t0 - t2, t1 + t2, t2 - t1, t1 - t3].
@inline function rowB4(dst: usize, vs: usize, xi0: i32, t0: v128, t1: v128, t2: v128, t3: v128): void {
  const o = dst + <usize>xi0 * vs;
  v128.store(o, f32x4.sub(t0, t2));
  v128.store(o + vs, f32x4.add(t1, t2));
  v128.store(o + 2 * vs, f32x4.sub(t2, t1));
  v128.store(o + 3 * vs, f32x4.sub(t1, t3));
}

// y's 2x2 tiles from M: Y = A^T M A, A^T = [1 1 1 0; 0 1 -1 -1]; four tiles of a row at a time.
function outputTransform(M: usize, y: usize, K: i32, tH: i32, tWp: i32, oH: i32, oW: i32, q0: i32, n: i32, t: usize): void {
  const ms = <usize>K * <usize>n << 2;
  const planeB = <usize>oH * <usize>oW << 2, rowB = <usize>oW << 2;
  for (let q = 0; q < n; q += 4) {
    const p = q0 + q;
    const tw = p % tWp, r = p / tWp, th = r % tH, img = r / tH;
    const oh = 2 * th, ow = 2 * tw;
    if (ow >= oW) continue; // padding tiles of the row
    let dst = y + <usize>img * <usize>K * planeB + <usize>oh * rowB + (<usize>ow << 2);
    let m = M + (<usize>q << 2);
    const full = ow + 8 <= oW && oh + 2 <= oH;
    for (let k = 0; k < K; k++) {
      // s_i = row i of A^T M (i = 0, 1), as four column vectors
      const m00 = v128.load(m), m01 = v128.load(m + ms), m02 = v128.load(m + 2 * ms), m03 = v128.load(m + 3 * ms);
      const m10 = v128.load(m + 4 * ms), m11 = v128.load(m + 5 * ms), m12 = v128.load(m + 6 * ms), m13 = v128.load(m + 7 * ms);
      const m20 = v128.load(m + 8 * ms), m21 = v128.load(m + 9 * ms), m22 = v128.load(m + 10 * ms), m23 = v128.load(m + 11 * ms);
      const m30 = v128.load(m + 12 * ms), m31 = v128.load(m + 13 * ms), m32 = v128.load(m + 14 * ms), m33 = v128.load(m + 15 * ms);
      const s00 = f32x4.add(f32x4.add(m00, m10), m20), s01 = f32x4.add(f32x4.add(m01, m11), m21);
      const s02 = f32x4.add(f32x4.add(m02, m12), m22), s03 = f32x4.add(f32x4.add(m03, m13), m23);
      const s10 = f32x4.sub(f32x4.sub(m10, m20), m30), s11 = f32x4.sub(f32x4.sub(m11, m21), m31);
      const s12 = f32x4.sub(f32x4.sub(m12, m22), m32), s13 = f32x4.sub(f32x4.sub(m13, m23), m33);
      const y00 = f32x4.add(f32x4.add(s00, s01), s02), y01 = f32x4.sub(f32x4.sub(s01, s02), s03);
      const y10 = f32x4.add(f32x4.add(s10, s11), s12), y11 = f32x4.sub(f32x4.sub(s11, s12), s13);
      // output row oh + i, columns ow + 2l + j: interleave (y_i0, y_i1)
      const r00 = i32x4.shuffle(y00, y01, 0, 4, 1, 5), r01 = i32x4.shuffle(y00, y01, 2, 6, 3, 7);
      const r10 = i32x4.shuffle(y10, y11, 0, 4, 1, 5), r11 = i32x4.shuffle(y10, y11, 2, 6, 3, 7);
      if (full) {
        v128.store(dst, r00); v128.store(dst, r01, 16);
        v128.store(dst + rowB, r10); v128.store(dst + rowB, r11, 16);
      } else {
        v128.store(t, r00); v128.store(t, r01, 16); v128.store(t, r10, 32); v128.store(t, r11, 48);
        const cols = min(8, oW - ow), rows = min(2, oH - oh);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) store<f32>(dst + <usize>i * rowB + (<usize>j << 2), load<f32>(t + (<usize>(8 * i + j) << 2)));
        }
      }
      dst += planeB;
      m += <usize>n << 2;
    }
  }
}

// ---- the weight gradient ---------------------------------------------------------------------
// dw[k][c] = G^T (sum over tiles p of (A g_kp A^T) * (B^T d_cp B)) G, elementwise in the middle:
// per element xi one GEMM over the tiles, W_xi [K, C] += Gt_xi [K, tiles] @ V_xi [C, tiles]^T,
// then the 4x4 -> 3x3 transform. g (the output's gradient) is first copied into a zero border too
// (winograd_pad_f32: [N*K, 2*tH, 2*tWp + 4]), so that partial tiles read zeros.

// desc (i32): [N, C, K, Hp, Wp, tH, tWp, oH, oW, p0, p1, chunk]; gp the bordered gradient;
// w_acc [16][K][C] receives this range's sums (overwritten); ws: (16*C + 16*K) * chunk floats.
export function winograd_wgrad_f32(xp: usize, gp: usize, wAcc: usize, desc: usize, ws: usize): void {
  const C = gi(desc, 1), K = gi(desc, 2), Hp = gi(desc, 3), Wp = gi(desc, 4);
  const tH = gi(desc, 5), tWp = gi(desc, 6);
  const p0 = gi(desc, 9), p1 = gi(desc, 10), chunk = gi(desc, 11);
  const V = ws, Gt = ws + (<usize>16 * <usize>C * <usize>chunk << 2);
  const vs = <usize>C * <usize>chunk << 2, gs = <usize>K * <usize>chunk << 2, ws2 = <usize>K * <usize>C << 2;
  for (let q0 = p0; q0 < p1; q0 += chunk) {
    const n = min(chunk, p1 - q0);
    inputTransform(xp, V, C, Hp, Wp, tH, tWp, q0, n, chunk);
    gradTransform(gp, Gt, K, 2 * tH, 2 * tWp + 4, tH, tWp, q0, n, chunk);
    const beta: f32 = q0 == p0 ? 0 : 1;
    for (let xi = 0; xi < 16; xi++) {
      // W_xi [K, C] (+)= Gt_xi [K, n] @ V_xi^T [n, C] (both with rows `chunk` apart)
      gemm_f32(K, C, n, Gt + <usize>xi * gs, chunk, 1, V + <usize>xi * vs, 1, chunk, wAcc + <usize>xi * ws2, beta, 1);
    }
  }
}

// Gt_xi[k][q] = (A g A^T)_xi for the chunk's tiles, g the 2x2 tile of the bordered gradient
// (rows Hg, columns Wg per plane); A = [1 0; 1 1; 1 -1; 0 -1]. Four tiles of a row at a time.
function gradTransform(gp: usize, Gt: usize, K: i32, Hg: i32, Wg: i32, tH: i32, tWp: i32, q0: i32, n: i32, chunk: i32): void {
  const gs = <usize>K * <usize>chunk << 2;
  const rowB = <usize>Wg << 2, planeB = <usize>Hg * rowB;
  for (let q = 0; q < n; q += 4) {
    const p = q0 + q;
    const tw = p % tWp, r = p / tWp, th = r % tH, img = r / tH;
    let src = gp + <usize>img * <usize>K * planeB + <usize>(2 * th) * rowB + (<usize>(2 * tw) << 2);
    let dst = Gt + (<usize>q << 2);
    for (let k = 0; k < K; k++) {
      let v0 = v128.load(src), v1 = v128.load(src, 16);
      const g00 = i32x4.shuffle(v0, v1, 0, 2, 4, 6), g01 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      v0 = v128.load(src + rowB); v1 = v128.load(src + rowB, 16);
      const g10 = i32x4.shuffle(v0, v1, 0, 2, 4, 6), g11 = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      // rows of A g: g0, g0 + g1, g0 - g1, -g1; each row r then [r0, r0 + r1, r0 - r1, -r1]
      rowA4(dst, gs, 0, g00, g01);
      rowA4(dst, gs, 4, f32x4.add(g00, g10), f32x4.add(g01, g11));
      rowA4(dst, gs, 8, f32x4.sub(g00, g10), f32x4.sub(g01, g11));
      rowA4(dst, gs, 12, f32x4.neg(g10), f32x4.neg(g11));
      src += planeB;
      dst += <usize>chunk << 2;
    }
  }
}

@inline function rowA4(dst: usize, gs: usize, xi0: i32, r0: v128, r1: v128): void {
  const o = dst + <usize>xi0 * gs;
  v128.store(o, r0);
  v128.store(o + gs, f32x4.add(r0, r1));
  v128.store(o + 2 * gs, f32x4.sub(r0, r1));
  v128.store(o + 3 * gs, f32x4.neg(r1));
}

// dw [K][C][3][3] = G^T W G from W [16][K][C] (the sum of `parts` partial sums `part` floats apart),
// G^T = [1 .5 .5 0; 0 .5 -.5 0; 0 .5 .5 1].
export function winograd_wgrad_finish_f32(wAcc: usize, parts: i32, part: i32, dw: usize, K: i32, C: i32): void {
  const plane = <usize>K * <usize>C << 2;
  for (let kc = 0; kc < K * C; kc++) {
    const w = memory.data(64);
    for (let xi = 0; xi < 16; xi++) {
      let s: f32 = 0;
      for (let t = 0; t < parts; t++) s += load<f32>(wAcc + (<usize>t * <usize>part << 2) + <usize>xi * plane + (<usize>kc << 2));
      store<f32>(w + (<usize>xi << 2), s);
    }
    // t = G^T W (3x4), then t G (3x3)
    const o = dw + (<usize>kc * 9 << 2);
    for (let i = 0; i < 3; i++) {
      let t0: f32, t1: f32, t2: f32, t3: f32;
      const a = w, b = w + 16, c = w + 32, d = w + 48;
      if (i == 0) {
        t0 = load<f32>(a) + <f32>0.5 * (load<f32>(b) + load<f32>(c));
        t1 = load<f32>(a, 4) + <f32>0.5 * (load<f32>(b, 4) + load<f32>(c, 4));
        t2 = load<f32>(a, 8) + <f32>0.5 * (load<f32>(b, 8) + load<f32>(c, 8));
        t3 = load<f32>(a, 12) + <f32>0.5 * (load<f32>(b, 12) + load<f32>(c, 12));
      } else if (i == 1) {
        t0 = <f32>0.5 * (load<f32>(b) - load<f32>(c));
        t1 = <f32>0.5 * (load<f32>(b, 4) - load<f32>(c, 4));
        t2 = <f32>0.5 * (load<f32>(b, 8) - load<f32>(c, 8));
        t3 = <f32>0.5 * (load<f32>(b, 12) - load<f32>(c, 12));
      } else {
        t0 = load<f32>(d) + <f32>0.5 * (load<f32>(b) + load<f32>(c));
        t1 = load<f32>(d, 4) + <f32>0.5 * (load<f32>(b, 4) + load<f32>(c, 4));
        t2 = load<f32>(d, 8) + <f32>0.5 * (load<f32>(b, 8) + load<f32>(c, 8));
        t3 = load<f32>(d, 12) + <f32>0.5 * (load<f32>(b, 12) + load<f32>(c, 12));
      }
      store<f32>(o + (<usize>(3 * i) << 2), t0 + <f32>0.5 * (t1 + t2));
      store<f32>(o + (<usize>(3 * i + 1) << 2), <f32>0.5 * (t1 - t2));
      store<f32>(o + (<usize>(3 * i + 2) << 2), t3 + <f32>0.5 * (t1 + t2));
    }
  }
}

// ---- direct convolution ----------------------------------------------------------------------
// Stride 1, no dilation, one group, float32, for few input channels (where im2col's GEMM is only
// C*kH*kW deep and Winograd's transforms outweigh its savings): y[n][k][oh][ow..ow+7] for four
// output channels at once, a multiply-add per filter tap on two vectors of the zero-bordered
// input row (winograd_pad_f32, rows Wp >= roundUp(oW, 8) + kW - 1 wide), the accumulators
// starting at the bias. Nothing is packed; the filter's taps are splat loads.
// desc (i32): [N, C, K, Hp, Wp, oH, oW, kH, kW, n0, n1] (images n0 <= n < n1); bias 0 when none;
// tmp: 128 bytes of this call's own (a thread's) for the right edge.
export function conv_direct_f32(xp: usize, w: usize, bias: usize, y: usize, desc: usize, tmp: usize): void {
  const C = gi(desc, 1), K = gi(desc, 2), Hp = gi(desc, 3), Wp = gi(desc, 4);
  const oH = gi(desc, 5), oW = gi(desc, 6), kH = gi(desc, 7), kW = gi(desc, 8), n0 = gi(desc, 9), n1 = gi(desc, 10);
  const taps = kH * kW;
  const rowB = <usize>Wp << 2, planeB = <usize>Hp * rowB, wk = <usize>(C * taps) << 2;
  const yRow = <usize>oW << 2, yPlane = <usize>oH * yRow;
  for (let n = n0; n < n1; n++) {
    const xn = xp + <usize>n * <usize>C * planeB;
    for (let k = 0; k < K; k += 4) {
      const m = min(4, K - k);
      // channels past K repeat the last one (their sums are dropped)
      const w0 = w + <usize>k * wk, w1 = m > 1 ? w0 + wk : w0, w2 = m > 2 ? w0 + 2 * wk : w1, w3 = m > 3 ? w0 + 3 * wk : w2;
      const hasBias = bias != 0;
      const b0: f32 = hasBias ? load<f32>(bias + (<usize>k << 2)) : 0;
      const b1: f32 = hasBias && m > 1 ? load<f32>(bias + (<usize>(k + 1) << 2)) : 0;
      const b2: f32 = hasBias && m > 2 ? load<f32>(bias + (<usize>(k + 2) << 2)) : 0;
      const b3: f32 = hasBias && m > 3 ? load<f32>(bias + (<usize>(k + 3) << 2)) : 0;
      const yk = y + (<usize>n * <usize>K + <usize>k) * yPlane;
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow += 8) {
          let a00 = f32x4.splat(b0), a01 = a00, a10 = f32x4.splat(b1), a11 = a10;
          let a20 = f32x4.splat(b2), a21 = a20, a30 = f32x4.splat(b3), a31 = a30;
          let xc = xn + <usize>oh * rowB + (<usize>ow << 2);
          let t: usize = 0;
          for (let c = 0; c < C; c++) {
            let xr = xc;
            for (let i = 0; i < kH; i++) {
              for (let j = 0; j < kW; j++) {
                const x0 = v128.load(xr + (<usize>j << 2)), x1 = v128.load(xr + (<usize>j << 2), 16);
                let s = v128.load32_splat(w0 + t);
                a00 = f32x4.add(a00, f32x4.mul(x0, s)); a01 = f32x4.add(a01, f32x4.mul(x1, s));
                s = v128.load32_splat(w1 + t);
                a10 = f32x4.add(a10, f32x4.mul(x0, s)); a11 = f32x4.add(a11, f32x4.mul(x1, s));
                s = v128.load32_splat(w2 + t);
                a20 = f32x4.add(a20, f32x4.mul(x0, s)); a21 = f32x4.add(a21, f32x4.mul(x1, s));
                s = v128.load32_splat(w3 + t);
                a30 = f32x4.add(a30, f32x4.mul(x0, s)); a31 = f32x4.add(a31, f32x4.mul(x1, s));
                t += 4;
              }
              xr += rowB;
            }
            xc += planeB;
          }
          const dst = yk + <usize>oh * yRow + (<usize>ow << 2);
          if (ow + 8 <= oW) {
            v128.store(dst, a00); v128.store(dst, a01, 16);
            if (m > 1) { v128.store(dst + yPlane, a10); v128.store(dst + yPlane, a11, 16); }
            if (m > 2) { v128.store(dst + 2 * yPlane, a20); v128.store(dst + 2 * yPlane, a21, 16); }
            if (m > 3) { v128.store(dst + 3 * yPlane, a30); v128.store(dst + 3 * yPlane, a31, 16); }
          } else {
            v128.store(tmp, a00); v128.store(tmp, a01, 16); v128.store(tmp, a10, 32); v128.store(tmp, a11, 48);
            v128.store(tmp, a20, 64); v128.store(tmp, a21, 80); v128.store(tmp, a30, 96); v128.store(tmp, a31, 112);
            for (let r = 0; r < m; r++) {
              for (let q = 0; q < oW - ow; q++) {
                store<f32>(dst + <usize>r * yPlane + (<usize>q << 2), load<f32>(tmp + (<usize>(8 * r + q) << 2)));
              }
            }
          }
        }
      }
    }
  }
}
