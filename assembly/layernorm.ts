// Layer normalisation over dense rows, forward and backward, fused (ABI.md, "layernorm.ts"): the
// composed op ran eight kernels forward and fifteen backward over whole tensors, each with its
// own allocation. The arithmetic is PyTorch's CPU kernel's (aten layer_norm_kernel.cpp):
//   forward:  mean, var = mean((x - mean)^2) (two passes), rstd = 1 / sqrt(var + eps),
//             y = (x * rstd + (-rstd * mean)) * w + b;
//   backward: ds = sum(g * w * x), db = sum(g * w), a = rstd, b = (db * mean - ds) * a^3 / n,
//             c = -b * mean - db * a / n, dx = a * g * w + b * x + c,
//             dw += g * (x * a - a * mean), db += g (summed over rows, in row order).
// Sums run over 16-byte lanes with a scalar tail, in the element type.

@inline function lanes<T>(): i32 {
  return 16 / <i32>sizeof<T>();
}
@inline function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>(f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3)));
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}

/** Rows of n elements at x (dense); w, b: n elements or 0 (absent); y dense; mean, rstd: one element a row. */
function layerNorm<T>(x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize, rows: i32, n: i32, eps: T): void {
  const e = <usize>sizeof<T>(), L = lanes<T>(), vEnd = n - n % L;
  const inv = <T>1 / <T>n;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * <usize>n * e, yr = y + <usize>r * <usize>n * e;
    let acc = v128.splat<T>(<T>0);
    let j = 0;
    for (; j < vEnd; j += L) acc = v128.add<T>(acc, v128.load(xr + <usize>j * e));
    let s = hsum<T>(acc);
    for (; j < n; j++) s += load<T>(xr + <usize>j * e);
    const m = s * inv;
    const vm = v128.splat<T>(m);
    acc = v128.splat<T>(<T>0);
    for (j = 0; j < vEnd; j += L) {
      const d = v128.sub<T>(v128.load(xr + <usize>j * e), vm);
      acc = v128.add<T>(acc, v128.mul<T>(d, d));
    }
    let q = hsum<T>(acc);
    for (; j < n; j++) {
      const d = load<T>(xr + <usize>j * e) - m;
      q += d * d;
    }
    const a = <T>1 / <T>Math.sqrt(<f64>(q * inv + eps));
    const c = -a * m;
    store<T>(mean + <usize>r * e, m);
    store<T>(rstd + <usize>r * e, a);
    const va = v128.splat<T>(a), vc = v128.splat<T>(c);
    for (j = 0; j < vEnd; j += L) {
      const o = <usize>j * e;
      let v = v128.add<T>(v128.mul<T>(v128.load(xr + o), va), vc);
      if (w) v = v128.mul<T>(v, v128.load(w + o));
      if (b) v = v128.add<T>(v, v128.load(b + o));
      v128.store(yr + o, v);
    }
    for (; j < n; j++) {
      const o = <usize>j * e;
      let v = load<T>(xr + o) * a + c;
      if (w) v *= load<T>(w + o);
      if (b) v += load<T>(b + o);
      store<T>(yr + o, v);
    }
  }
}

/** The gradients of layerNorm from g (dense, as x): dx (dense, or 0: not wanted), dw and db (n each, or 0), overwritten. */
function layerNormBackward<T>(g: usize, x: usize, mean: usize, rstd: usize, w: usize, dx: usize, dw: usize, db: usize, rows: i32, n: i32): void {
  const e = <usize>sizeof<T>(), L = lanes<T>(), vEnd = n - n % L;
  const scale = <T>1 / <T>n;
  for (let j = 0; j < n; j++) {
    if (dw) store<T>(dw + <usize>j * e, <T>0);
    if (db) store<T>(db + <usize>j * e, <T>0);
  }
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>n * e;
    const gr = g + off, xr = x + off;
    const m = load<T>(mean + <usize>r * e), a = load<T>(rstd + <usize>r * e);
    if (dx) {
      let vds = v128.splat<T>(<T>0), vdb = vds;
      let j = 0;
      for (; j < vEnd; j += L) {
        const o = <usize>j * e;
        let gw = v128.load(gr + o);
        if (w) gw = v128.mul<T>(gw, v128.load(w + o));
        vds = v128.add<T>(vds, v128.mul<T>(gw, v128.load(xr + o)));
        vdb = v128.add<T>(vdb, gw);
      }
      let ds = hsum<T>(vds), dbs = hsum<T>(vdb);
      for (; j < n; j++) {
        const o = <usize>j * e;
        let gw = load<T>(gr + o);
        if (w) gw *= load<T>(w + o);
        ds += gw * load<T>(xr + o);
        dbs += gw;
      }
      const bb = (dbs * m - ds) * a * a * a * scale;
      const cc = -bb * m - dbs * a * scale;
      const va = v128.splat<T>(a), vb = v128.splat<T>(bb), vc = v128.splat<T>(cc);
      const dxr = dx + off;
      for (j = 0; j < vEnd; j += L) {
        const o = <usize>j * e;
        let gw = v128.load(gr + o);
        if (w) gw = v128.mul<T>(gw, v128.load(w + o));
        v128.store(dxr + o, v128.add<T>(v128.add<T>(v128.mul<T>(va, gw), v128.mul<T>(vb, v128.load(xr + o))), vc));
      }
      for (; j < n; j++) {
        const o = <usize>j * e;
        let gw = load<T>(gr + o);
        if (w) gw *= load<T>(w + o);
        store<T>(dxr + o, a * gw + bb * load<T>(xr + o) + cc);
      }
    }
    if (dw || db) {
      const c = -a * m;
      const va = v128.splat<T>(a), vc = v128.splat<T>(c);
      let j = 0;
      for (; j < vEnd; j += L) {
        const o = <usize>j * e;
        const gv = v128.load(gr + o);
        if (dw) v128.store(dw + o, v128.add<T>(v128.load(dw + o), v128.mul<T>(gv, v128.add<T>(v128.mul<T>(v128.load(xr + o), va), vc))));
        if (db) v128.store(db + o, v128.add<T>(v128.load(db + o), gv));
      }
      for (; j < n; j++) {
        const o = <usize>j * e;
        const gs = load<T>(gr + o);
        if (dw) store<T>(dw + o, load<T>(dw + o) + gs * (load<T>(xr + o) * a + c));
        if (db) store<T>(db + o, load<T>(db + o) + gs);
      }
    }
  }
}

export function layer_norm_f32(x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize, rows: i32, n: i32, eps: f64): void {
  layerNorm<f32>(x, w, b, y, mean, rstd, rows, n, <f32>eps);
}
export function layer_norm_f64(x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize, rows: i32, n: i32, eps: f64): void {
  layerNorm<f64>(x, w, b, y, mean, rstd, rows, n, eps);
}
export function layer_norm_backward_f32(g: usize, x: usize, mean: usize, rstd: usize, w: usize, dx: usize, dw: usize, db: usize, rows: i32, n: i32): void {
  layerNormBackward<f32>(g, x, mean, rstd, w, dx, dw, db, rows, n);
}
export function layer_norm_backward_f64(g: usize, x: usize, mean: usize, rstd: usize, w: usize, dx: usize, dw: usize, db: usize, rows: i32, n: i32): void {
  layerNormBackward<f64>(g, x, mean, rstd, w, dx, dw, db, rows, n);
}
