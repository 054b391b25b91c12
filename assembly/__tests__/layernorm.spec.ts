// Layer-norm kernels (assembly/layernorm.ts) against a scalar f64 reference written here, with
// and without weight and bias, for row lengths that hit vector bodies and tails (1, 3, 4, 5, 17,
// 64); the backward's dx, dw and db against the reference's formulas.

import { layer_norm_f32, layer_norm_f64, layer_norm_backward_f32, layer_norm_backward_f64 } from "../layernorm";

const LENGTHS: StaticArray<i32> = [1, 3, 4, 5, 17, 64];
const ROWS = 3;

let seed: u32 = 77;
function rnd(): f64 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f64>seed / 4294967296.0 * 6 - 2;
}
function fill<T>(p: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<T>(p + <usize>i * sizeof<T>(), <T>rnd());
}
function get<T>(p: usize, i: i32): f64 {
  return <f64>load<T>(p + <usize>i * sizeof<T>());
}
function close(got: f64, want: f64, tol: f64, what: string): void {
  expect<f64>(abs(got - want)).toBeLessThanOrEqual(tol * (1 + abs(want)), what);
}

function check<T>(n: i32, affine: bool, tol: f64): void {
  const e = sizeof<T>(), total = ROWS * n;
  const x = heap.alloc(<usize>total * e), g = heap.alloc(<usize>total * e);
  const w = affine ? heap.alloc(<usize>n * e) : 0, b = affine ? heap.alloc(<usize>n * e) : 0;
  const y = heap.alloc(<usize>total * e), dx = heap.alloc(<usize>total * e);
  const mean = heap.alloc(<usize>ROWS * e), rstd = heap.alloc(<usize>ROWS * e);
  const dw = heap.alloc(<usize>n * e), db = heap.alloc(<usize>n * e);
  fill<T>(x, total); fill<T>(g, total);
  if (affine) { fill<T>(w, n); fill<T>(b, n); }
  if (sizeof<T>() == 4) {
    layer_norm_f32(x, w, b, y, mean, rstd, ROWS, n, 1e-5);
    layer_norm_backward_f32(g, x, mean, rstd, w, dx, dw, db, ROWS, n);
  } else {
    layer_norm_f64(x, w, b, y, mean, rstd, ROWS, n, 1e-5);
    layer_norm_backward_f64(g, x, mean, rstd, w, dx, dw, db, ROWS, n);
  }
  const what = "n " + n.toString() + " affine " + affine.toString();
  const rdw = new StaticArray<f64>(n), rdb = new StaticArray<f64>(n);
  for (let r = 0; r < ROWS; r++) {
    let s = 0.0;
    for (let j = 0; j < n; j++) s += get<T>(x, r * n + j);
    const m = s / n;
    let q = 0.0;
    for (let j = 0; j < n; j++) q += (get<T>(x, r * n + j) - m) * (get<T>(x, r * n + j) - m);
    const a = 1 / Math.sqrt(q / n + 1e-5);
    close(get<T>(mean, r), m, tol, what);
    close(get<T>(rstd, r), a, tol, what);
    // dx = a * (gw - mean(gw) - xhat * mean(gw * xhat))
    let mg = 0.0, mgx = 0.0;
    for (let j = 0; j < n; j++) {
      const xh = (get<T>(x, r * n + j) - m) * a, gw = get<T>(g, r * n + j) * (affine ? get<T>(w, j) : 1);
      mg += gw / n; mgx += gw * xh / n;
    }
    for (let j = 0; j < n; j++) {
      const xh = (get<T>(x, r * n + j) - m) * a;
      close(get<T>(y, r * n + j), xh * (affine ? get<T>(w, j) : 1) + (affine ? get<T>(b, j) : 0), tol, what);
      const gw = get<T>(g, r * n + j) * (affine ? get<T>(w, j) : 1);
      close(get<T>(dx, r * n + j), a * (gw - mg - xh * mgx), tol * 10, what);
      rdw[j] += get<T>(g, r * n + j) * xh;
      rdb[j] += get<T>(g, r * n + j);
    }
  }
  for (let j = 0; j < n; j++) {
    close(get<T>(dw, j), rdw[j], tol * 10, what);
    close(get<T>(db, j), rdb[j], tol, what);
  }
  heap.free(x); heap.free(g); heap.free(y); heap.free(dx);
  heap.free(mean); heap.free(rstd); heap.free(dw); heap.free(db);
  if (affine) { heap.free(w); heap.free(b); }
}

describe("layer_norm", () => {
  test("f32 against an f64 reference", () => {
    for (let i = 0; i < LENGTHS.length; i++) { check<f32>(LENGTHS[i], true, 2e-5); check<f32>(LENGTHS[i], false, 2e-5); }
  });
  test("f64 against an f64 reference", () => {
    for (let i = 0; i < LENGTHS.length; i++) { check<f64>(LENGTHS[i], true, 1e-12); check<f64>(LENGTHS[i], false, 1e-12); }
  });
});
