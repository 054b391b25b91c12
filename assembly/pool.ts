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

function poolForward<T>(x: usize, out: usize, idx: usize, desc: usize, tab: usize): void {
  const planes = gi(desc, 0), H = gi(desc, 1), W = gi(desc, 2), oH = gi(desc, 3), oW = gi(desc, 4);
  const dH = gi(desc, 5), dW = gi(desc, 6), mode = gi(desc, 7), divisor = gi(desc, 8);
  const e = <usize>sizeof<T>();
  const hsT = tab, hcT = tab + (<usize>oH << 2), hdT = tab + (<usize>(2 * oH) << 2);
  const wsT = tab + (<usize>(3 * oH) << 2), wcT = wsT + (<usize>oW << 2), wdT = wsT + (<usize>(2 * oW) << 2);
  const planeLen = <usize>H * <usize>W;
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = x + <usize>p * planeLen * e;
    for (let oh = 0; oh < oH; oh++) {
      const hs = gi(hsT, oh), hc = gi(hcT, oh), hd = gi(hdT, oh);
      for (let ow = 0; ow < oW; ow++) {
        const ws = gi(wsT, ow), wc = gi(wcT, ow);
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
          store<T>(out + o * e, best);
          store<i64>(idx + (o << 3), bi);
        } else {
          let s: T = <T>0;
          let h = hs;
          for (let i = 0; i < hc; i++) {
            const row = xp + <usize>h * <usize>W * e;
            if (dW == 1) {
              for (let j = 0; j < wc; j++) s += load<T>(row + <usize>(ws + j) * e);
            } else {
              let w = ws;
              for (let j = 0; j < wc; j++) {
                s += load<T>(row + <usize>w * e);
                w += dW;
              }
            }
            h += dH;
          }
          let r: T;
          if (mode == 1) r = s / <T>(hd * gi(wdT, ow));
          else if (mode == 2) r = s / <T>hd / <T>gi(wdT, ow);
          else r = s / <T>divisor;
          store<T>(out + o * e, r);
        }
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
