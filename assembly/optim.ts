// Fused optimizer updates (ABI.md, "optim.ts"): one pass over a parameter, its gradient and its
// state per step, in place. Each kernel performs PyTorch 1.13's single-tensor (non-foreach) update
// operation by operation in the element type, so every intermediate is rounded where PyTorch's
// separate tensor ops round it (`exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)` is a multiply,
// a rounding, a multiply-add with the alpha rounded to the element type). Scalars arrive as f64,
// as PyTorch's Python floats do, and are converted to T once.
//
// Generic over T (f32: f32x4, f64: f64x2): a SIMD body and a scalar tail computing the same thing.
// Flags are loop-invariant branches (predicted perfectly; the sqrt/div dominate).

const MAXIMIZE = 1;

// ---------------------------------------------------------------------------------------------
// SGD: flags 1 maximize, 2 nesterov, 4 first step (buf = d), 8 momentum != 0, 16 weight_decay != 0

// @ts-ignore: decorator
@inline function sgd<T>(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, nesterov = (flags & 2) != 0, first = (flags & 4) != 0;
  const mom = (flags & 8) != 0, decay = (flags & 16) != 0;
  const sLr = <T>(-lr), sWd = <T>wd, sMom = <T>momentum, sOmd = <T>omd;
  const vLr = v128.splat<T>(sLr), vWd = v128.splat<T>(sWd), vMom = v128.splat<T>(sMom), vOmd = v128.splat<T>(sOmd);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    if (mom) {
      let b: v128;
      if (first) b = d;
      else b = v128.add<T>(v128.mul<T>(v128.load(buf + o), vMom), v128.mul<T>(vOmd, d));
      v128.store(buf + o, b);
      d = nesterov ? v128.add<T>(d, v128.mul<T>(vMom, b)) : b;
    }
    v128.store(p + o, v128.add<T>(pv, v128.mul<T>(vLr, d)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decay) d = d + sWd * pv;
    if (mom) {
      let b: T;
      if (first) b = d;
      else b = <T>(load<T>(buf + o) * sMom) + <T>(sOmd * d);
      store<T>(buf + o, b);
      d = nesterov ? <T>(d + <T>(sMom * b)) : b;
    }
    store<T>(p + o, pv + <T>(sLr * d));
  }
}

// The commonest flag sets get loops of their own, free of the flag tests (a flag-constant inline
// copy of the generic body is folded back into it by the optimizer, so these are written out).
export function sgd_f32(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  if (flags == 8) sgdMomentum<f32>(p, g, buf, n, lr, momentum, omd);
  else sgd<f32>(p, g, buf, n, lr, wd, momentum, omd, flags);
}

/** SGD with momentum after the first step, no weight decay, nesterov or maximize. */
function sgdMomentum<T>(p: usize, g: usize, buf: usize, n: i32, lr: f64, momentum: f64, omd: f64): void {
  const lanes = 16 / <i32>sizeof<T>();
  const sLr = <T>(-lr), sMom = <T>momentum, sOmd = <T>omd;
  const vLr = v128.splat<T>(sLr), vMom = v128.splat<T>(sMom), vOmd = v128.splat<T>(sOmd);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const b = v128.add<T>(v128.mul<T>(v128.load(buf + o), vMom), v128.mul<T>(vOmd, v128.load(g + o)));
    v128.store(buf + o, b);
    v128.store(p + o, v128.add<T>(v128.load(p + o), v128.mul<T>(vLr, b)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const b = <T>(load<T>(buf + o) * sMom) + <T>(sOmd * load<T>(g + o));
    store<T>(buf + o, b);
    store<T>(p + o, load<T>(p + o) + <T>(sLr * b));
  }
}

export function sgd_f64(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  sgd<f64>(p, g, buf, n, lr, wd, momentum, omd, flags);
}

// ---------------------------------------------------------------------------------------------
// Adam / AdamW: flags 1 maximize, 2 amsgrad, 4 decoupled decay (AdamW: p *= pscale first),
// 16 L2 weight decay (Adam: d += wd * p). negStep = -lr / bias_correction1,
// bc2s = sqrt(bias_correction2).

// @ts-ignore: decorator
@inline function adam<T>(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  pscale: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64, flags: i32,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, ams = (flags & 2) != 0, decoupled = (flags & 4) != 0, decay = (flags & 16) != 0;
  const sPs = <T>pscale, sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2;
  const sSt = <T>negStep, sBc = <T>bc2s, sEps = <T>eps;
  const vPs = v128.splat<T>(sPs), vWd = v128.splat<T>(sWd), vB1 = v128.splat<T>(sB1), vO1 = v128.splat<T>(sO1);
  const vB2 = v128.splat<T>(sB2), vO2 = v128.splat<T>(sO2), vSt = v128.splat<T>(sSt), vBc = v128.splat<T>(sBc);
  const vEps = v128.splat<T>(sEps);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    let pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decoupled) pv = v128.mul<T>(pv, vPs);
    else if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const mv = v128.add<T>(v128.mul<T>(v128.load(m + o), vB1), v128.mul<T>(vO1, d));
    let vv = v128.add<T>(v128.mul<T>(v128.load(v + o), vB2), v128.mul<T>(v128.mul<T>(vO2, d), d));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    if (ams) {
      vv = v128.max<T>(v128.load(vmax + o), vv);
      v128.store(vmax + o, vv);
    }
    const den = v128.add<T>(v128.div<T>(v128.sqrt<T>(vv), vBc), vEps);
    v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vSt, mv), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    let pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decoupled) pv = pv * sPs;
    else if (decay) d = d + <T>(sWd * pv);
    const mv = <T>(load<T>(m + o) * sB1) + <T>(sO1 * d);
    let vv = <T>(load<T>(v + o) * sB2) + <T>(<T>(sO2 * d) * d);
    store<T>(m + o, mv);
    store<T>(v + o, vv);
    if (ams) {
      vv = maxNaN<T>(load<T>(vmax + o), vv);
      store<T>(vmax + o, vv);
    }
    const den = <T>(<T>sqrt<T>(vv) / sBc) + sEps;
    store<T>(p + o, pv + <T>(<T>(sSt * mv) / den));
  }
}

/** Adam (pscale 1) or AdamW without amsgrad, maximize or L2 decay: the training loop's case. */
function adamPlain<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  pscale: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const sPs = <T>pscale, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sSt = <T>negStep, sBc = <T>bc2s, sEps = <T>eps;
  const vPs = v128.splat<T>(sPs), vB1 = v128.splat<T>(sB1), vO1 = v128.splat<T>(sO1), vB2 = v128.splat<T>(sB2);
  const vO2 = v128.splat<T>(sO2), vSt = v128.splat<T>(sSt), vBc = v128.splat<T>(sBc), vEps = v128.splat<T>(sEps);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const d = v128.load(g + o);
    // p * 1 is p exactly: Adam and AdamW share the loop
    const pv = v128.mul<T>(v128.load(p + o), vPs);
    const mv = v128.add<T>(v128.mul<T>(v128.load(m + o), vB1), v128.mul<T>(vO1, d));
    const vv = v128.add<T>(v128.mul<T>(v128.load(v + o), vB2), v128.mul<T>(v128.mul<T>(vO2, d), d));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = v128.add<T>(v128.div<T>(v128.sqrt<T>(vv), vBc), vEps);
    v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vSt, mv), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const d = load<T>(g + o);
    const pv = load<T>(p + o) * sPs;
    const mv = <T>(load<T>(m + o) * sB1) + <T>(sO1 * d);
    const vv = <T>(load<T>(v + o) * sB2) + <T>(<T>(sO2 * d) * d);
    store<T>(m + o, mv);
    store<T>(v + o, vv);
    const den = <T>(<T>sqrt<T>(vv) / sBc) + sEps;
    store<T>(p + o, pv + <T>(<T>(sSt * mv) / den));
  }
}

/** torch.maximum: NaN if either is NaN, as wasm's f32x4.max. */
// @ts-ignore: decorator
@inline function maxNaN<T>(a: T, b: T): T {
  return a != a || b != b ? <T>NaN : (a > b ? a : b);
}

export function adam_f32(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  pscale: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64, flags: i32,
): void {
  if (flags == 0 || flags == 4) adamPlain<f32>(p, g, m, v, n, flags == 4 ? pscale : 1, beta1, omb1, beta2, omb2, negStep, bc2s, eps);
  else adam<f32>(p, g, m, v, vmax, n, pscale, wd, beta1, omb1, beta2, omb2, negStep, bc2s, eps, flags);
}
export function adam_f64(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  pscale: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64, flags: i32,
): void {
  adam<f64>(p, g, m, v, vmax, n, pscale, wd, beta1, omb1, beta2, omb2, negStep, bc2s, eps, flags);
}

// ---------------------------------------------------------------------------------------------
// RMSprop: flags 1 maximize, 2 centered, 8 momentum > 0, 16 weight_decay != 0

// @ts-ignore: decorator
@inline function rmsprop<T>(
  p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32,
  negLr: f64, wd: f64, alpha: f64, oma: f64, eps: f64, momentum: f64, flags: i32,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, centered = (flags & 2) != 0, mom = (flags & 8) != 0, decay = (flags & 16) != 0;
  const sLr = <T>negLr, sWd = <T>wd, sA = <T>alpha, sO = <T>oma, sEps = <T>eps, sMom = <T>momentum;
  const vLr = v128.splat<T>(sLr), vWd = v128.splat<T>(sWd), vA = v128.splat<T>(sA), vO = v128.splat<T>(sO);
  const vEps = v128.splat<T>(sEps), vMom = v128.splat<T>(sMom);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const s = v128.add<T>(v128.mul<T>(v128.load(sq + o), vA), v128.mul<T>(v128.mul<T>(vO, d), d));
    v128.store(sq + o, s);
    let avg: v128;
    if (centered) {
      const a = v128.add<T>(v128.mul<T>(v128.load(ga + o), vA), v128.mul<T>(vO, d));
      v128.store(ga + o, a);
      avg = v128.sqrt<T>(v128.sub<T>(s, v128.mul<T>(a, a)));
    } else avg = v128.sqrt<T>(s);
    avg = v128.add<T>(avg, vEps);
    if (mom) {
      const b = v128.add<T>(v128.mul<T>(v128.load(buf + o), vMom), v128.div<T>(d, avg));
      v128.store(buf + o, b);
      v128.store(p + o, v128.add<T>(pv, v128.mul<T>(vLr, b)));
    } else v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vLr, d), avg)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decay) d = d + <T>(sWd * pv);
    const s = <T>(load<T>(sq + o) * sA) + <T>(<T>(sO * d) * d);
    store<T>(sq + o, s);
    let avg: T;
    if (centered) {
      const a = <T>(load<T>(ga + o) * sA) + <T>(sO * d);
      store<T>(ga + o, a);
      avg = sqrt<T>(s - <T>(a * a));
    } else avg = sqrt<T>(s);
    avg = avg + sEps;
    if (mom) {
      const b = <T>(load<T>(buf + o) * sMom) + <T>(d / avg);
      store<T>(buf + o, b);
      store<T>(p + o, pv + <T>(sLr * b));
    } else store<T>(p + o, pv + <T>(<T>(sLr * d) / avg));
  }
}

export function rmsprop_f32(
  p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32,
  negLr: f64, wd: f64, alpha: f64, oma: f64, eps: f64, momentum: f64, flags: i32,
): void {
  rmsprop<f32>(p, g, sq, ga, buf, n, negLr, wd, alpha, oma, eps, momentum, flags);
}
export function rmsprop_f64(
  p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32,
  negLr: f64, wd: f64, alpha: f64, oma: f64, eps: f64, momentum: f64, flags: i32,
): void {
  rmsprop<f64>(p, g, sq, ga, buf, n, negLr, wd, alpha, oma, eps, momentum, flags);
}

// ---------------------------------------------------------------------------------------------
// Adagrad: flags 1 maximize, 16 weight_decay != 0; negClr = -lr / (1 + (step - 1) * lr_decay)

// @ts-ignore: decorator
@inline function adagrad<T>(p: usize, g: usize, sum: usize, n: i32, negClr: f64, wd: f64, eps: f64, flags: i32): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const sLr = <T>negClr, sWd = <T>wd, sEps = <T>eps;
  const vLr = v128.splat<T>(sLr), vWd = v128.splat<T>(sWd), vEps = v128.splat<T>(sEps);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const s = v128.add<T>(v128.load(sum + o), v128.mul<T>(d, d));
    v128.store(sum + o, s);
    const std = v128.add<T>(v128.sqrt<T>(s), vEps);
    v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vLr, d), std)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decay) d = d + <T>(sWd * pv);
    const s = load<T>(sum + o) + <T>(d * d);
    store<T>(sum + o, s);
    const std = sqrt<T>(s) + sEps;
    store<T>(p + o, pv + <T>(<T>(sLr * d) / std));
  }
}

export function adagrad_f32(p: usize, g: usize, sum: usize, n: i32, negClr: f64, wd: f64, eps: f64, flags: i32): void {
  adagrad<f32>(p, g, sum, n, negClr, wd, eps, flags);
}
export function adagrad_f64(p: usize, g: usize, sum: usize, n: i32, negClr: f64, wd: f64, eps: f64, flags: i32): void {
  adagrad<f64>(p, g, sum, n, negClr, wd, eps, flags);
}

// ---------------------------------------------------------------------------------------------
// Adamax: flags 1 maximize, 16 weight_decay != 0; negClr = -lr / bias_correction1

// @ts-ignore: decorator
@inline function adamax<T>(
  p: usize, g: usize, m: usize, u: usize, n: i32, negClr: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, eps: f64, flags: i32,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const sLr = <T>negClr, sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sEps = <T>eps;
  const vLr = v128.splat<T>(sLr), vWd = v128.splat<T>(sWd), vB1 = v128.splat<T>(sB1), vO1 = v128.splat<T>(sO1);
  const vB2 = v128.splat<T>(sB2), vEps = v128.splat<T>(sEps);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const mv = v128.add<T>(v128.mul<T>(v128.load(m + o), vB1), v128.mul<T>(vO1, d));
    const uv = v128.max<T>(v128.mul<T>(v128.load(u + o), vB2), v128.add<T>(v128.abs<T>(d), vEps));
    v128.store(m + o, mv);
    v128.store(u + o, uv);
    v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vLr, mv), uv)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decay) d = d + <T>(sWd * pv);
    const mv = <T>(load<T>(m + o) * sB1) + <T>(sO1 * d);
    const uv = maxNaN<T>(<T>(load<T>(u + o) * sB2), <T>(abs<T>(d) + sEps));
    store<T>(m + o, mv);
    store<T>(u + o, uv);
    store<T>(p + o, pv + <T>(<T>(sLr * mv) / uv));
  }
}

export function adamax_f32(
  p: usize, g: usize, m: usize, u: usize, n: i32, negClr: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, eps: f64, flags: i32,
): void {
  adamax<f32>(p, g, m, u, n, negClr, wd, beta1, omb1, beta2, eps, flags);
}
export function adamax_f64(
  p: usize, g: usize, m: usize, u: usize, n: i32, negClr: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, eps: f64, flags: i32,
): void {
  adamax<f64>(p, g, m, u, n, negClr, wd, beta1, omb1, beta2, eps, flags);
}

// ---------------------------------------------------------------------------------------------
// NAdam: flags 16 weight_decay != 0. c1 = -lr (1 - mu) / (1 - mu_product),
// c2 = -lr mu_next / (1 - mu_product_next): p gets two addcdiv_ in turn, as PyTorch's.

// @ts-ignore: decorator
@inline function nadam<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc2: f64, eps: f64, c1: f64, c2: f64, flags: i32,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const decay = (flags & 16) != 0;
  const sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sBc = <T>bc2, sEps = <T>eps;
  const sC1 = <T>c1, sC2 = <T>c2;
  const vWd = v128.splat<T>(sWd), vB1 = v128.splat<T>(sB1), vO1 = v128.splat<T>(sO1), vB2 = v128.splat<T>(sB2);
  const vO2 = v128.splat<T>(sO2), vBc = v128.splat<T>(sBc), vEps = v128.splat<T>(sEps);
  const vC1 = v128.splat<T>(sC1), vC2 = v128.splat<T>(sC2);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    let pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const mv = v128.add<T>(v128.mul<T>(v128.load(m + o), vB1), v128.mul<T>(vO1, d));
    const vv = v128.add<T>(v128.mul<T>(v128.load(v + o), vB2), v128.mul<T>(v128.mul<T>(vO2, d), d));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = v128.add<T>(v128.sqrt<T>(v128.div<T>(vv, vBc)), vEps);
    pv = v128.add<T>(pv, v128.div<T>(v128.mul<T>(vC1, d), den));
    v128.store(p + o, v128.add<T>(pv, v128.div<T>(v128.mul<T>(vC2, mv), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    let pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (decay) d = d + <T>(sWd * pv);
    const mv = <T>(load<T>(m + o) * sB1) + <T>(sO1 * d);
    const vv = <T>(load<T>(v + o) * sB2) + <T>(<T>(sO2 * d) * d);
    store<T>(m + o, mv);
    store<T>(v + o, vv);
    const den = sqrt<T>(<T>(vv / sBc)) + sEps;
    pv = pv + <T>(<T>(sC1 * d) / den);
    store<T>(p + o, pv + <T>(<T>(sC2 * mv) / den));
  }
}

export function nadam_f32(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc2: f64, eps: f64, c1: f64, c2: f64, flags: i32,
): void {
  nadam<f32>(p, g, m, v, n, wd, beta1, omb1, beta2, omb2, bc2, eps, c1, c2, flags);
}
export function nadam_f64(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc2: f64, eps: f64, c1: f64, c2: f64, flags: i32,
): void {
  nadam<f64>(p, g, m, v, n, wd, beta1, omb1, beta2, omb2, bc2, eps, c1, c2, flags);
}

// ---------------------------------------------------------------------------------------------
// RAdam: flags 16 weight_decay != 0, 32 rectified (rho_t > 5). The rectified update is
// ((m / bc1 * lr) * (sqrt(bc2) * (1 / (sqrt(v) + eps)))) * rect, as PyTorch's tensor expression
// (a float divided by a tensor is the tensor's reciprocal times the float).

// @ts-ignore: decorator
@inline function radam<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc1: f64, lr: f64, sbc2: f64, rect: f64, eps: f64, flags: i32,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const decay = (flags & 16) != 0, rectified = (flags & 32) != 0;
  const sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sBc1 = <T>bc1, sLr = <T>lr;
  const sS = <T>sbc2, sR = <T>rect, sEps = <T>eps;
  const vWd = v128.splat<T>(sWd), vB1 = v128.splat<T>(sB1), vO1 = v128.splat<T>(sO1), vB2 = v128.splat<T>(sB2);
  const vO2 = v128.splat<T>(sO2), vBc1 = v128.splat<T>(sBc1), vLr = v128.splat<T>(sLr), vS = v128.splat<T>(sS);
  const vR = v128.splat<T>(sR), vEps = v128.splat<T>(sEps), vOne = v128.splat<T>(<T>1);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const mv = v128.add<T>(v128.mul<T>(v128.load(m + o), vB1), v128.mul<T>(vO1, d));
    const vv = v128.add<T>(v128.mul<T>(v128.load(v + o), vB2), v128.mul<T>(v128.mul<T>(vO2, d), d));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    let u = v128.mul<T>(v128.div<T>(mv, vBc1), vLr);
    if (rectified) {
      const ad = v128.mul<T>(v128.div<T>(vOne, v128.add<T>(v128.sqrt<T>(vv), vEps)), vS);
      u = v128.mul<T>(v128.mul<T>(u, ad), vR);
    }
    v128.store(p + o, v128.sub<T>(pv, u));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (decay) d = d + <T>(sWd * pv);
    const mv = <T>(load<T>(m + o) * sB1) + <T>(sO1 * d);
    const vv = <T>(load<T>(v + o) * sB2) + <T>(<T>(sO2 * d) * d);
    store<T>(m + o, mv);
    store<T>(v + o, vv);
    let u = <T>(<T>(mv / sBc1) * sLr);
    if (rectified) {
      const ad = <T>(<T>(<T>1 / <T>(sqrt<T>(vv) + sEps)) * sS);
      u = <T>(<T>(u * ad) * sR);
    }
    store<T>(p + o, pv - u);
  }
}

export function radam_f32(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc1: f64, lr: f64, sbc2: f64, rect: f64, eps: f64, flags: i32,
): void {
  radam<f32>(p, g, m, v, n, wd, beta1, omb1, beta2, omb2, bc1, lr, sbc2, rect, eps, flags);
}
export function radam_f64(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc1: f64, lr: f64, sbc2: f64, rect: f64, eps: f64, flags: i32,
): void {
  radam<f64>(p, g, m, v, n, wd, beta1, omb1, beta2, omb2, bc1, lr, sbc2, rect, eps, flags);
}

// ---------------------------------------------------------------------------------------------
// Adadelta: flags 1 maximize, 16 weight_decay != 0

// @ts-ignore: decorator
@inline function adadelta<T>(p: usize, g: usize, sq: usize, acc: usize, n: i32, negLr: f64, wd: f64, rho: f64, omr: f64, eps: f64, flags: i32): void {
  const lanes = 16 / <i32>sizeof<T>();
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const sLr = <T>negLr, sWd = <T>wd, sRho = <T>rho, sO = <T>omr, sEps = <T>eps;
  const vLr = v128.splat<T>(sLr), vWd = v128.splat<T>(sWd), vRho = v128.splat<T>(sRho), vO = v128.splat<T>(sO), vEps = v128.splat<T>(sEps);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i * sizeof<T>();
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (neg) d = v128.neg<T>(d);
    if (decay) d = v128.add<T>(d, v128.mul<T>(vWd, pv));
    const s = v128.add<T>(v128.mul<T>(v128.load(sq + o), vRho), v128.mul<T>(v128.mul<T>(vO, d), d));
    v128.store(sq + o, s);
    const std = v128.sqrt<T>(v128.add<T>(s, vEps));
    const delta = v128.mul<T>(v128.div<T>(v128.sqrt<T>(v128.add<T>(v128.load(acc + o), vEps)), std), d);
    v128.store(acc + o, v128.add<T>(v128.mul<T>(v128.load(acc + o), vRho), v128.mul<T>(v128.mul<T>(vO, delta), delta)));
    v128.store(p + o, v128.add<T>(pv, v128.mul<T>(vLr, delta)));
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    const pv = load<T>(p + o);
    let d = load<T>(g + o);
    if (neg) d = -d;
    if (decay) d = d + <T>(sWd * pv);
    const s = <T>(load<T>(sq + o) * sRho) + <T>(<T>(sO * d) * d);
    store<T>(sq + o, s);
    const std = sqrt<T>(<T>(s + sEps));
    const delta = <T>(<T>(sqrt<T>(<T>(load<T>(acc + o) + sEps)) / std) * d);
    store<T>(acc + o, <T>(load<T>(acc + o) * sRho) + <T>(<T>(sO * delta) * delta));
    store<T>(p + o, pv + <T>(sLr * delta));
  }
}

export function adadelta_f32(p: usize, g: usize, sq: usize, acc: usize, n: i32, negLr: f64, wd: f64, rho: f64, omr: f64, eps: f64, flags: i32): void {
  adadelta<f32>(p, g, sq, acc, n, negLr, wd, rho, omr, eps, flags);
}
export function adadelta_f64(p: usize, g: usize, sq: usize, acc: usize, n: i32, negLr: f64, wd: f64, rho: f64, omr: f64, eps: f64, flags: i32): void {
  adadelta<f64>(p, g, sq, acc, n, negLr, wd, rho, omr, eps, flags);
}

// ---------------------------------------------------------------------------------------------
// Rprop: flags 1 maximize. Per element: s = etaplus / etaminus / 1 by the sign of d * prev;
// step = clamp(step * s, min, max) (NaN stays NaN); d = 0 where s is etaminus;
// p += (-1 * sign(d)) * step; prev = d.

// @ts-ignore: decorator
@inline function rpropScalar<T>(p: usize, g: usize, prev: usize, ss: usize, o: usize, neg: bool,
  em: T, ep: T, lo: T, hi: T): void {
  let d = load<T>(g + o);
  if (neg) d = -d;
  const x = <T>(d * load<T>(prev + o));
  const s: T = x > 0 ? ep : x < 0 ? em : <T>1;
  let st = <T>(load<T>(ss + o) * s);
  st = st != st ? st : st < lo ? lo : st > hi ? hi : st;
  store<T>(ss + o, st);
  if (s == em) d = 0;
  const sg: T = d > 0 ? <T>1 : d < 0 ? <T>-1 : <T>0;
  store<T>(p + o, load<T>(p + o) + <T>(<T>(-sg) * st));
  store<T>(prev + o, d);
}

// @ts-ignore: decorator
@inline function rprop<T>(p: usize, g: usize, prev: usize, ss: usize, n: i32, etaminus: f64, etaplus: f64, smin: f64, smax: f64, flags: i32): void {
  const neg = (flags & MAXIMIZE) != 0;
  const em = <T>etaminus, ep = <T>etaplus, lo = <T>smin, hi = <T>smax;
  // sign logic per element: the scalar path serves every element (Rprop is rarely the bottleneck)
  for (let i = 0; i < n; i++) rpropScalar<T>(p, g, prev, ss, <usize>i * sizeof<T>(), neg, em, ep, lo, hi);
}

export function rprop_f32(p: usize, g: usize, prev: usize, ss: usize, n: i32, etaminus: f64, etaplus: f64, smin: f64, smax: f64, flags: i32): void {
  rprop<f32>(p, g, prev, ss, n, etaminus, etaplus, smin, smax, flags);
}
export function rprop_f64(p: usize, g: usize, prev: usize, ss: usize, n: i32, etaminus: f64, etaplus: f64, smin: f64, smax: f64, flags: i32): void {
  rprop<f64>(p, g, prev, ss, n, etaminus, etaplus, smin, smax, flags);
}
