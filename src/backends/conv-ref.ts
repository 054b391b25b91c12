// The JS reference of the convolution and pooling kernels (assembly/conv.ts, assembly/pool.ts):
// the same loops in the same order over TypedArrays, so js and wasm give the same bits.
import type { ConvGeometry, PoolWindows } from '../backend.js';

type Floats = Float32Array | Float64Array;

/** cols [N, C*K, L] (dense, from 0) from x (strided, from xOff). */
export function im2colRef(x: Floats, xOff: number, xs: readonly number[], g: ConvGeometry, cols: Floats): void {
  const [D, H, W] = g.size, [kD, kH, kW] = g.kernel, [tD, tH, tW] = g.stride, [pD, pH, pW] = g.padding;
  const [dD, dH, dW] = g.dilation, [oD, oH, oW] = g.out;
  const [sN, sC, sD, sH, sW] = xs;
  let dst = 0;
  for (let n = 0; n < g.n; n++) for (let c = 0; c < g.c; c++) {
    const plane = xOff + n * sN + c * sC;
    for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) {
      for (let od = 0; od < oD; od++) {
        const id = od * tD - pD + kd * dD;
        for (let oh = 0; oh < oH; oh++) {
          const ih = oh * tH - pH + kh * dH;
          const inside = id >= 0 && id < D && ih >= 0 && ih < H;
          const row = plane + id * sD + ih * sH;
          for (let ow = 0; ow < oW; ow++) {
            const iw = ow * tW - pW + kw * dW;
            cols[dst++] = inside && iw >= 0 && iw < W ? x[row + iw * sW] : 0;
          }
        }
      }
    }
  }
}

/** out [N, C, D, H, W] (dense, from 0) = the sum of cols' entries over the positions they came from. */
export function col2imRef(cols: Floats, cOff: number, g: ConvGeometry, out: Floats): void {
  const [D, H, W] = g.size, [kD, kH, kW] = g.kernel, [tD, tH, tW] = g.stride, [pD, pH, pW] = g.padding;
  const [dD, dH, dW] = g.dilation, [oD, oH, oW] = g.out;
  out.fill(0);
  let src = cOff;
  for (let n = 0; n < g.n; n++) for (let c = 0; c < g.c; c++) {
    const plane = (n * g.c + c) * D * H * W;
    for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) {
      for (let od = 0; od < oD; od++) {
        const id = od * tD - pD + kd * dD;
        for (let oh = 0; oh < oH; oh++) {
          const ih = oh * tH - pH + kh * dH;
          const inside = id >= 0 && id < D && ih >= 0 && ih < H;
          const row = plane + (id * H + ih) * W;
          for (let ow = 0; ow < oW; ow++, src++) {
            const iw = ow * tW - pW + kw * dW;
            if (inside && iw >= 0 && iw < W) out[row + iw] += cols[src];
          }
        }
      }
    }
  }
}

/** Rounds like the kernel's dtype: float32 arithmetic goes through Math.fround. */
function rounder(a: Floats): (v: number) => number {
  return a instanceof Float32Array ? Math.fround : (v) => v;
}

function divide(p: PoolWindows, s: number, oh: number, ow: number, r: (v: number) => number): number {
  const t = p.table, hd = t[2 * p.oh + oh], wd = t[3 * p.oh + 2 * p.ow + ow];
  if (p.mode === 1) return r(s / (hd * wd));
  if (p.mode === 2) return r(r(s / hd) / wd);
  return r(s / p.override);
}

/** Max (with flat indices into each plane) or average pooling of dense planes. */
export function poolRef(x: Floats, xOff: number, p: PoolWindows, out: Floats, idx: BigInt64Array | null): void {
  const { planes, h: H, w: W, oh: oH, ow: oW, dh: dH, dw: dW, table: t } = p;
  const r = rounder(out);
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const xp = xOff + q * H * W;
    for (let oh = 0; oh < oH; oh++) {
      const hs = t[oh], hc = t[oH + oh];
      for (let ow = 0; ow < oW; ow++, o++) {
        const ws = t[3 * oH + ow], wc = t[3 * oH + oW + ow];
        if (p.mode === 0) {
          let best = -Infinity, bi = hs * W + ws;
          for (let i = 0, h = hs; i < hc; i++, h += dH) {
            for (let j = 0, w = ws; j < wc; j++, w += dW) {
              const v = x[xp + h * W + w];
              if (v > best || v !== v) { best = v; bi = h * W + w; }
            }
          }
          out[o] = best;
          (idx as BigInt64Array)[o] = BigInt(bi);
        } else {
          let s = 0;
          for (let i = 0, h = hs; i < hc; i++, h += dH) {
            for (let j = 0, w = ws; j < wc; j++, w += dW) s = r(s + x[xp + h * W + w]);
          }
          out[o] = divide(p, s, oh, ow, r);
        }
      }
    }
  }
}

/** The pooling's input gradient: max scatters by index, avg spreads each share over its window. */
export function poolBackwardRef(g: Floats, gOff: number, idx: BigInt64Array | null, iOff: number, p: PoolWindows, gx: Floats): void {
  const { planes, h: H, w: W, oh: oH, ow: oW, dh: dH, dw: dW, table: t } = p;
  const r = rounder(gx);
  gx.fill(0);
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const xp = q * H * W;
    for (let oh = 0; oh < oH; oh++) {
      const hs = t[oh], hc = t[oH + oh];
      for (let ow = 0; ow < oW; ow++, o++) {
        if (p.mode === 0) {
          const at = xp + Number((idx as BigInt64Array)[iOff + o]);
          gx[at] = r(gx[at] + g[gOff + o]);
          continue;
        }
        const ws = t[3 * oH + ow], wc = t[3 * oH + oW + ow];
        const d = divide(p, g[gOff + o], oh, ow, r);
        for (let i = 0, h = hs; i < hc; i++, h += dH) {
          for (let j = 0, w = ws; j < wc; j++, w += dW) gx[xp + h * W + w] = r(gx[xp + h * W + w] + d);
        }
      }
    }
  }
}
