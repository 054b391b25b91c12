// The optimizers' fused updates: one table row per optimizer, like the elementwise rows of
// src/ops/table.ts. A row names its wasm export stem (`adam` -> `adam_f32`, `adam_f64` in
// assembly/optim.ts) and carries its JS reference (the JS backend, and any backend without a fused
// kernel). Each performs PyTorch 1.13's single-tensor update in one pass, rounding every
// intermediate to the element type where PyTorch's separate tensor ops round it (`r` is
// Math.fround for float32: an f32 operation computed in f64 and rounded once is exactly rounded).
// Operands are [param, grad, ...state]; every operand but the grad is written in place.
import type { TypedArray } from '../dtype.js';
import { float16, float32 } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { no_grad } from '../autograd.js';

type Arr = Float32Array | Float64Array;
type Round = (x: number) => number;

export interface OptimRow {
  readonly name: string;
  /** stem of the wasm exports: `${kernel}_f32`, `${kernel}_f64` (assembly/ABI.md, "optim.ts") */
  readonly kernel: string;
  /** no GLSL kernel yet (several outputs per element): webgl runs `ref` on host copies */
  readonly glsl: null;
  /** the JS reference: a[k][o[k] + i] is operand k's element i (null: unused operand) */
  readonly ref: (a: (Arr | null)[], o: number[], n: number, s: readonly number[], flags: number, r: Round) => void;
}

/** Flag bits shared by every kernel (assembly/optim.ts). */
export const MAXIMIZE = 1, NESTEROV = 2, AMSGRAD = 2, CENTERED = 2, FIRST = 4, DECOUPLED = 4, MOMENTUM = 8, DECAY = 16, RECTIFIED = 32;

/** torch.maximum / amax: NaN wins. */
const maxNaN = (a: number, b: number) => (a !== a || b !== b ? NaN : a > b ? a : b);

export const OPTIM = {
  // s: [lr, weight_decay, momentum, 1 - dampening]; operands [p, g, momentum_buffer]
  sgd: {
    name: 'sgd', kernel: 'sgd', glsl: null,
    ref([P, G, B], [op, og, ob], n, [lr, wd, mom, omd], f, r) {
      const p = P!, g = G!, neg = f & MAXIMIZE, nest = f & NESTEROV, first = f & FIRST, hasMom = f & MOMENTUM, decay = f & DECAY;
      const sLr = r(-lr), sWd = r(wd), sMom = r(mom), sOmd = r(omd);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (neg) d = -d;
        if (decay) d = r(d + r(sWd * pv));
        if (hasMom) {
          const b = first ? d : r(r(B![ob + i] * sMom) + r(sOmd * d));
          B![ob + i] = b;
          d = nest ? r(d + r(sMom * b)) : b;
        }
        p[op + i] = pv + r(sLr * d);
      }
    },
  },
  // s: [p scale (AdamW: 1 - lr * wd), wd, beta1, 1 - beta1, beta2, 1 - beta2, -step_size, sqrt(bc2), eps];
  // operands [p, g, exp_avg, exp_avg_sq, max_exp_avg_sq]
  adam: {
    name: 'adam', kernel: 'adam', glsl: null,
    ref([P, G, M, V, X], [op, og, om, ov, ox], n, s, f, r) {
      const p = P!, g = G!, m = M!, v = V!;
      const neg = f & MAXIMIZE, ams = f & AMSGRAD, decoupled = f & DECOUPLED, decay = f & DECAY;
      const [ps, wd, b1, o1, b2, o2, st, bc, eps] = s.map(r);
      for (let i = 0; i < n; i++) {
        let pv = p[op + i], d = g[og + i];
        if (neg) d = -d;
        if (decoupled) pv = r(pv * ps);
        else if (decay) d = r(d + r(wd * pv));
        const mv = r(r(m[om + i] * b1) + r(o1 * d));
        let vv = r(r(v[ov + i] * b2) + r(r(o2 * d) * d));
        m[om + i] = mv;
        v[ov + i] = vv;
        if (ams) vv = X![ox + i] = maxNaN(X![ox + i], vv);
        const den = r(r(Math.sqrt(vv) / bc) + eps);
        p[op + i] = pv + r(r(st * mv) / den);
      }
    },
  },
  // s: [-lr, wd, alpha, 1 - alpha, eps, momentum]; operands [p, g, square_avg, grad_avg, momentum_buffer]
  rmsprop: {
    name: 'rmsprop', kernel: 'rmsprop', glsl: null,
    ref([P, G, S, A, B], [op, og, os, oa, ob], n, s, f, r) {
      const p = P!, g = G!, sq = S!, neg = f & MAXIMIZE, centered = f & CENTERED, mom = f & MOMENTUM, decay = f & DECAY;
      const [lr, wd, al, oa_, eps, mo] = s.map(r);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (neg) d = -d;
        if (decay) d = r(d + r(wd * pv));
        const sv = r(r(sq[os + i] * al) + r(r(oa_ * d) * d));
        sq[os + i] = sv;
        let avg: number;
        if (centered) {
          const a = r(r(A![oa + i] * al) + r(oa_ * d));
          A![oa + i] = a;
          avg = r(Math.sqrt(r(sv - r(a * a))));
        } else avg = r(Math.sqrt(sv));
        avg = r(avg + eps);
        if (mom) {
          const b = r(r(B![ob + i] * mo) + r(d / avg));
          B![ob + i] = b;
          p[op + i] = pv + r(lr * b);
        } else p[op + i] = pv + r(r(lr * d) / avg);
      }
    },
  },
  // s: [-clr, wd, eps]; operands [p, g, sum]
  adagrad: {
    name: 'adagrad', kernel: 'adagrad', glsl: null,
    ref([P, G, S], [op, og, os], n, s, f, r) {
      const p = P!, g = G!, sum = S!, neg = f & MAXIMIZE, decay = f & DECAY;
      const [lr, wd, eps] = s.map(r);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (neg) d = -d;
        if (decay) d = r(d + r(wd * pv));
        const sv = r(sum[os + i] + r(d * d));
        sum[os + i] = sv;
        const std = r(r(Math.sqrt(sv)) + eps);
        p[op + i] = pv + r(r(lr * d) / std);
      }
    },
  },
  // s: [-clr, wd, beta1, 1 - beta1, beta2, eps]; operands [p, g, exp_avg, exp_inf]
  adamax: {
    name: 'adamax', kernel: 'adamax', glsl: null,
    ref([P, G, M, U], [op, og, om, ou], n, s, f, r) {
      const p = P!, g = G!, m = M!, u = U!, neg = f & MAXIMIZE, decay = f & DECAY;
      const [lr, wd, b1, o1, b2, eps] = s.map(r);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (neg) d = -d;
        if (decay) d = r(d + r(wd * pv));
        const mv = r(r(m[om + i] * b1) + r(o1 * d));
        const uv = maxNaN(r(u[ou + i] * b2), r(Math.abs(d) + eps));
        m[om + i] = mv;
        u[ou + i] = uv;
        p[op + i] = pv + r(r(lr * mv) / uv);
      }
    },
  },
  // s: [wd, beta1, 1 - beta1, beta2, 1 - beta2, bias_correction2, eps, c1, c2]; operands [p, g, exp_avg, exp_avg_sq]
  nadam: {
    name: 'nadam', kernel: 'nadam', glsl: null,
    ref([P, G, M, V], [op, og, om, ov], n, s, f, r) {
      const p = P!, g = G!, m = M!, v = V!, decay = f & DECAY;
      const [wd, b1, o1, b2, o2, bc2, eps, c1, c2] = s.map(r);
      for (let i = 0; i < n; i++) {
        let pv = p[op + i], d = g[og + i];
        if (decay) d = r(d + r(wd * pv));
        const mv = r(r(m[om + i] * b1) + r(o1 * d));
        const vv = r(r(v[ov + i] * b2) + r(r(o2 * d) * d));
        m[om + i] = mv;
        v[ov + i] = vv;
        const den = r(r(Math.sqrt(r(vv / bc2))) + eps);
        pv = r(pv + r(r(c1 * d) / den));
        p[op + i] = pv + r(r(c2 * mv) / den);
      }
    },
  },
  // s: [wd, beta1, 1 - beta1, beta2, 1 - beta2, bias_correction1, lr, sqrt(bc2), rect, eps]; operands [p, g, exp_avg, exp_avg_sq]
  radam: {
    name: 'radam', kernel: 'radam', glsl: null,
    ref([P, G, M, V], [op, og, om, ov], n, s, f, r) {
      const p = P!, g = G!, m = M!, v = V!, decay = f & DECAY, rectified = f & RECTIFIED;
      const [wd, b1, o1, b2, o2, bc1, lr, sbc2, rect, eps] = s.map(r);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (decay) d = r(d + r(wd * pv));
        const mv = r(r(m[om + i] * b1) + r(o1 * d));
        const vv = r(r(v[ov + i] * b2) + r(r(o2 * d) * d));
        m[om + i] = mv;
        v[ov + i] = vv;
        let u = r(r(mv / bc1) * lr);
        if (rectified) u = r(r(u * r(r(1 / r(r(Math.sqrt(vv)) + eps)) * sbc2)) * rect);
        p[op + i] = pv - u;
      }
    },
  },
  // s: [-lr, wd, rho, 1 - rho, eps]; operands [p, g, square_avg, acc_delta]
  adadelta: {
    name: 'adadelta', kernel: 'adadelta', glsl: null,
    ref([P, G, S, A], [op, og, os, oa], n, s, f, r) {
      const p = P!, g = G!, sq = S!, acc = A!, neg = f & MAXIMIZE, decay = f & DECAY;
      const [lr, wd, rho, omr, eps] = s.map(r);
      for (let i = 0; i < n; i++) {
        const pv = p[op + i];
        let d = g[og + i];
        if (neg) d = -d;
        if (decay) d = r(d + r(wd * pv));
        const sv = r(r(sq[os + i] * rho) + r(r(omr * d) * d));
        sq[os + i] = sv;
        const std = r(Math.sqrt(r(sv + eps)));
        const delta = r(r(r(Math.sqrt(r(acc[oa + i] + eps))) / std) * d);
        acc[oa + i] = r(r(acc[oa + i] * rho) + r(r(omr * delta) * delta));
        p[op + i] = pv + r(lr * delta);
      }
    },
  },
  // s: [etaminus, etaplus, step_size_min, step_size_max]; operands [p, g, prev, step_size]
  rprop: {
    name: 'rprop', kernel: 'rprop', glsl: null,
    ref([P, G, V, Z], [op, og, ov, oz], n, s, f, r) {
      const p = P!, g = G!, prev = V!, ss = Z!, neg = f & MAXIMIZE;
      const [em, ep, lo, hi] = s.map(r);
      for (let i = 0; i < n; i++) {
        let d = g[og + i];
        if (neg) d = -d;
        const x = r(d * prev[ov + i]);
        const sgn = x > 0 ? ep : x < 0 ? em : 1;
        let st = r(ss[oz + i] * sgn);
        st = st !== st ? st : st < lo ? lo : st > hi ? hi : st;
        ss[oz + i] = st;
        if (sgn === em) d = 0;
        const sd = d > 0 ? 1 : d < 0 ? -1 : 0;
        p[op + i] = p[op + i] + r(-sd * st);
        prev[ov + i] = d;
      }
    },
  },
} satisfies Record<string, OptimRow>;

export type OptimName = keyof typeof OPTIM;

const identity: Round = (x) => x;

/**
 * Runs a row's update in place over [param, grad, ...state] (null: an operand this configuration
 * does not use). Dense operands go straight to the backend's fused kernel (wasm) or the JS
 * reference over the backend's arrays (js; webgl reads, updates and writes back host copies);
 * strided ones are updated through dense copies that are copied back.
 */
export function runUpdate(row: OptimRow, operands: (Tensor | null)[], scalars: readonly number[], flags: number): void {
  const p = operands[0] as Tensor;
  if (!p.dtype.is_floating_point) throw new TypeError(`webtorch optimizers update floating-point parameters, not ${p.dtype}`);
  // float16 is updated in float32 (PyTorch rounds each of its ops to half: results may differ in the last bits)
  const dtype = p.dtype === float16 ? float32 : p.dtype;
  const n = p.numel();
  const strided = operands.some((t) => t !== null && (!t.is_contiguous() || t.dtype !== dtype));
  if (strided) {
    no_grad(() => {
      // contiguous() and to() return the tensor itself when it is already so: a copy otherwise
      const dense = operands.map((t) => (t === null ? null : t.contiguous().to(dtype)));
      runUpdate(row, dense, scalars, flags);
      dense.forEach((t, k) => { if (k !== 1 && t !== null && t !== operands[k]) operands[k]!.copy_(t); });
    });
    return;
  }
  const backend = p.storage.backend;
  operands.forEach((t, k) => { if (k !== 1 && t !== null) t._willWrite(); });
  if (backend.optim) {
    backend.optim(row.kernel, operands, n, scalars, flags);
  } else {
    const arrays = operands.map((t) => (t === null ? null : (backend.array(t.storage) as TypedArray as Arr)));
    row.ref(arrays, operands.map((t) => (t === null ? 0 : t.offset)), n, scalars, flags, p.dtype === float32 ? Math.fround : identity);
    if (backend.write) operands.forEach((t, k) => { if (k !== 1 && t !== null) backend.write!(t.storage, arrays[k]!); });
  }
  // in-place updates, as PyTorch's add_/mul_ on the parameter and its state bump their versions
  operands.forEach((t, k) => { if (k !== 1 && t !== null) t._bumpVersion(); });
}
