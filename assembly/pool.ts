// 2-D pooling over dense planes (ABI.md, "pool.ts"), one pass per output: max (with the flat
// index h*W + w of the max in its plane, int64) and average, forward and backward. Each output
// row oh reads rows hs[oh], hs[oh] + dH, ... (hc[oh] of them), each output column likewise, so
// one kernel serves strided/padded/dilated pooling and the adaptive pools (the facade computes the
// windows: PyTorch's start/end arithmetic stays in one place).
//
// desc (i32): [planes, H, W, oH, oW, dH, dW, mode, divisorOverride]
// tab (i32):  [hs[oH], hc[oH], hdiv[oH], ws[oW], wc[oW], wdiv[oW]]
// mode: 0 max; 1 avg sum / (hdiv*wdiv); 2 adaptive avg sum / hdiv / wdiv; 3 avg sum / divisor.
// Max follows PyTorch's CPU kernel: start at -inf with the window's first index, take a value
// when it is greater or NaN (so NaN propagates, its index kept).

@inline function gi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// One output of the scalar path: the window rows hs, hs + dH, ... (hc of them), columns ws, ws + dW,
// ... (wc of them); hd and wd the avg divisors' factors.
@inline function poolOne<T>(xp: usize, W: i32, hs: i32, hc: i32, hd: i32, ws: i32, wc: i32, wd: i32,
  dH: i32, dW: i32, mode: i32, divisor: i32, out: usize, idx: usize): void {
  const e = <usize>sizeof<T>();
  if (mode == 0) {
    let best: T = <T>-Infinity;
    let bi: i64 = <i64>hs * <i64>W + <i64>ws;
    let h = hs;
    for (let i = 0; i < hc; i++) {
      let w = ws;
      const row = xp + <usize>h * <usize>W * e;
      for (let j = 0; j < wc; j++) {
        const v = load<T>(row + <usize>w * e);
        if (v > best || v != v) {
          best = v;
          bi = <i64>h * <i64>W + <i64>w;
        }
        w += dW;
      }
      h += dH;
    }
    store<T>(out, best);
    store<i64>(idx, bi);
  } else {
    let s: T = <T>0;
    let h = hs;
    for (let i = 0; i < hc; i++) {
      const row = xp + <usize>h * <usize>W * e;
      let w = ws;
      for (let j = 0; j < wc; j++) {
        s += load<T>(row + <usize>w * e);
        w += dW;
      }
      h += dH;
    }
    let r: T;
    if (mode == 1) r = s / <T>(hd * wd);
    else if (mode == 2) r = s / <T>hd / <T>wd;
    else r = s / <T>divisor;
    store<T>(out, r);
  }
}

// Lanes l = 0..3 of x[row][c0 + l*S] (f32), reading nothing past x[row][c0 + 3*S].
@inline function gather4(row: usize, c0: i32, S: i32): v128 {
  const p = row + (<usize>c0 << 2);
  if (S == 1) return v128.load(p);
  if (S == 2) return i32x4.shuffle(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
  const s = <usize>S << 2;
  let v = v128.load32_splat(p);
  v = v128.load32_lane(p + s, v, 1);
  v = v128.load32_lane(p + 2 * s, v, 2);
  return v128.load32_lane(p + 3 * s, v, 3);
}

// Four adjacent f32 outputs ow..ow+3 whose windows are the same shape and S columns apart (the
// interior of a row): the scalar path's operations lane by lane (same order, same results), with
// compares and selects instead of branches the predictor loses on random data.
@inline function poolFour(xp: usize, W: i32, hs: i32, hc: i32, hd: i32, ws: i32, wc: i32, wdp: usize,
  S: i32, dH: i32, dW: i32, mode: i32, divisor: i32, out: usize, idx: usize): void {
  const lanesS = i32x4(0, S, 2 * S, 3 * S);
  if (mode == 0) {
    let best = f32x4.splat(-Infinity);
    let bi = i32x4.add(i32x4.splat(hs * W + ws), lanesS);
    let h = hs;
    for (let i = 0; i < hc; i++) {
      const row = xp + ((<usize>h * <usize>W) << 2);
      let w = ws;
      for (let j = 0; j < wc; j++) {
        const v = gather4(row, w, S);
        const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take);
        bi = v128.bitselect(i32x4.add(i32x4.splat(h * W + w), lanesS), bi, take);
        w += dW;
      }
      h += dH;
    }
    v128.store(out, best);
    v128.store(idx, i64x2.extend_low_i32x4_s(bi));
    v128.store(idx, i64x2.extend_high_i32x4_s(bi), 16);
  } else {
    let s = f32x4.splat(0);
    let h = hs;
    for (let i = 0; i < hc; i++) {
      const row = xp + ((<usize>h * <usize>W) << 2);
      let w = ws;
      for (let j = 0; j < wc; j++) {
        s = f32x4.add(s, gather4(row, w, S));
        w += dW;
      }
      h += dH;
    }
    let r: v128;
    if (mode == 1) r = f32x4.div(s, f32x4.convert_i32x4_s(i32x4.mul(i32x4.splat(hd), v128.load(wdp))));
    else if (mode == 2) r = f32x4.div(f32x4.div(s, f32x4.splat(<f32>hd)), f32x4.convert_i32x4_s(v128.load(wdp)));
    else r = f32x4.div(s, f32x4.splat(<f32>divisor));
    v128.store(out, r);
  }
}

function poolForward<T>(x: usize, out: usize, idx: usize, desc: usize, tab: usize): void {
  const planes = gi(desc, 0), H = gi(desc, 1), W = gi(desc, 2), oH = gi(desc, 3), oW = gi(desc, 4);
  const dH = gi(desc, 5), dW = gi(desc, 6), mode = gi(desc, 7), divisor = gi(desc, 8);
  const e = <usize>sizeof<T>();
  const hsT = tab, hcT = tab + (<usize>oH << 2), hdT = tab + (<usize>(2 * oH) << 2);
  const wsT = tab + (<usize>(3 * oH) << 2), wcT = wsT + (<usize>oW << 2), wdT = wsT + (<usize>(2 * oW) << 2);
  const planeLen = <usize>H * <usize>W;
  // The row's regular interior [ra, rb): windows of one width, S columns apart (f32 only; the
  // clipped edges and irregular adaptive windows take the scalar path).
  let ra = 0, rb = 0, S = 0;
  if (sizeof<T>() == 4 && oW >= 4) {
    const mid = oW >> 1, wcm = gi(wcT, mid);
    S = gi(wsT, mid) - gi(wsT, mid - 1);
    ra = mid;
    while (ra > 0 && gi(wcT, ra - 1) == wcm && gi(wsT, ra) - gi(wsT, ra - 1) == S) ra--;
    rb = mid + 1;
    while (rb < oW && gi(wcT, rb) == wcm && gi(wsT, rb) - gi(wsT, rb - 1) == S) rb++;
    if (S < 1 || wcm < 1) rb = ra;
    rb = ra + ((rb - ra) & ~3);
  }
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = x + <usize>p * planeLen * e;
    for (let oh = 0; oh < oH; oh++) {
      const hs = gi(hsT, oh), hc = gi(hcT, oh), hd = gi(hdT, oh);
      let ow = 0;
      for (; ow < ra; ow++) {
        poolOne<T>(xp, W, hs, hc, hd, gi(wsT, ow), gi(wcT, ow), gi(wdT, ow), dH, dW, mode, divisor, out + o * e, idx + (o << 3));
        o++;
      }
      if (sizeof<T>() == 4) {
        const wc = gi(wcT, ra);
        for (; ow < rb; ow += 4) {
          poolFour(xp, W, hs, hc, hd, gi(wsT, ow), wc, wdT + (<usize>ow << 2), S, dH, dW, mode, divisor, out + o * e, idx + (o << 3));
          o += 4;
        }
      }
      for (; ow < oW; ow++) {
        poolOne<T>(xp, W, hs, hc, hd, gi(wsT, ow), gi(wcT, ow), gi(wdT, ow), dH, dW, mode, divisor, out + o * e, idx + (o << 3));
        o++;
      }
    }
  }
}

// Max: gx[plane][idx] += g. Avg: each output's share g / divisor added over its window.
function poolBackward<T>(g: usize, idx: usize, gx: usize, desc: usize, tab: usize): void {
  const planes = gi(desc, 0), H = gi(desc, 1), W = gi(desc, 2), oH = gi(desc, 3), oW = gi(desc, 4);
  const dH = gi(desc, 5), dW = gi(desc, 6), mode = gi(desc, 7), divisor = gi(desc, 8);
  const e = <usize>sizeof<T>();
  const hsT = tab, hcT = tab + (<usize>oH << 2), hdT = tab + (<usize>(2 * oH) << 2);
  const wsT = tab + (<usize>(3 * oH) << 2), wcT = wsT + (<usize>oW << 2), wdT = wsT + (<usize>(2 * oW) << 2);
  const planeLen = <usize>H * <usize>W;
  memory.fill(gx, 0, <usize>planes * planeLen * e);
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = gx + <usize>p * planeLen * e;
    if (mode == 0) {
      const L = <usize>oH * <usize>oW;
      for (let k: usize = 0; k < L; k++) {
        const at = xp + <usize>load<i64>(idx + ((o + k) << 3)) * e;
        store<T>(at, load<T>(at) + load<T>(g + (o + k) * e));
      }
      o += L;
      continue;
    }
    for (let oh = 0; oh < oH; oh++) {
      const hs = gi(hsT, oh), hc = gi(hcT, oh), hd = gi(hdT, oh);
      for (let ow = 0; ow < oW; ow++) {
        const ws = gi(wsT, ow), wc = gi(wcT, ow);
        const gv = load<T>(g + o * e);
        let d: T;
        if (mode == 1) d = gv / <T>(hd * gi(wdT, ow));
        else if (mode == 2) d = gv / <T>hd / <T>gi(wdT, ow);
        else d = gv / <T>divisor;
        let h = hs;
        for (let i = 0; i < hc; i++) {
          const row = xp + <usize>h * <usize>W * e;
          let w = ws;
          for (let j = 0; j < wc; j++) {
            const at = row + <usize>w * e;
            store<T>(at, load<T>(at) + d);
            w += dW;
          }
          h += dH;
        }
        o++;
      }
    }
  }
}

export function pool2d_f32(x: usize, out: usize, idx: usize, desc: usize, tab: usize): void { poolForward<f32>(x, out, idx, desc, tab); }
export function pool2d_f64(x: usize, out: usize, idx: usize, desc: usize, tab: usize): void { poolForward<f64>(x, out, idx, desc, tab); }
export function pool2d_backward_f32(g: usize, idx: usize, gx: usize, desc: usize, tab: usize): void { poolBackward<f32>(g, idx, gx, desc, tab); }
export function pool2d_backward_f64(g: usize, idx: usize, gx: usize, desc: usize, tab: usize): void { poolBackward<f64>(g, idx, gx, desc, tab); }
