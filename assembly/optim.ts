// Fused optimizer updates (ABI.md, "optim.ts"): one pass over a parameter, its gradient and its
// state per step, in place. Each kernel performs PyTorch 1.13's single-tensor (non-foreach) update
// operation by operation in the element type, so every intermediate is rounded where PyTorch's
// separate tensor ops round it (`exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)` is a multiply,
// a rounding, a multiply-add with the alpha rounded to the element type). Scalars arrive as f64,
// as PyTorch's Python floats do, and are converted to T once.
//
// Generic over T (f32: f32x4, f64: f64x2). Each update is written once, as a loop generic over V:
// v128 (the SIMD body, lanes of T) or T itself (the scalar tail), through the lane helpers below;
// a kernel runs the body loop, then the tail loop from where it stopped, over the same code.
// Flags are loop-invariant branches (predicted perfectly; the sqrt/div dominate).

const MAXIMIZE = 1;

// ---- lanes: V is v128 (lanes of T) or T; each helper compiles to one instruction of either --------

// @ts-ignore: decorator
@inline function step<T, V>(): i32 { return isVector<V>() ? 16 / <i32>sizeof<T>() : 1; }
// @ts-ignore: decorator
@inline function ld<T, V>(p: usize): V { if (isVector<V>()) return v128.load(p); else return load<T>(p); }
// @ts-ignore: decorator
@inline function st<T, V>(p: usize, x: V): void { if (isVector<V>()) v128.store(p, x); else store<T>(p, x); }
// @ts-ignore: decorator
@inline function splat<T, V>(x: T): V { if (isVector<V>()) return v128.splat<T>(x); else return x; }
// @ts-ignore: decorator
@inline function add<T, V>(a: V, b: V): V { if (isVector<V>()) return v128.add<T>(a, b); else return a + b; }
// @ts-ignore: decorator
@inline function sub<T, V>(a: V, b: V): V { if (isVector<V>()) return v128.sub<T>(a, b); else return a - b; }
// @ts-ignore: decorator
@inline function mul<T, V>(a: V, b: V): V { if (isVector<V>()) return v128.mul<T>(a, b); else return a * b; }
// @ts-ignore: decorator
@inline function div<T, V>(a: V, b: V): V { if (isVector<V>()) return v128.div<T>(a, b); else return a / b; }
// @ts-ignore: decorator
@inline function root<T, V>(a: V): V { if (isVector<V>()) return v128.sqrt<T>(a); else return sqrt<T>(a); }
// @ts-ignore: decorator
@inline function negate<T, V>(a: V): V { if (isVector<V>()) return v128.neg<T>(a); else return -a; }
// @ts-ignore: decorator
@inline function magnitude<T, V>(a: V): V { if (isVector<V>()) return v128.abs<T>(a); else return abs<T>(a); }
/** torch.maximum: NaN if either is NaN (wasm's f32x4.max does so; the scalar max is written out). */
// @ts-ignore: decorator
@inline function maximum<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.max<T>(a, b);
  else return a != a || b != b ? <V>NaN : (a > b ? a : b);
}

// ---- pieces the updates share ----

/** The gradient as the update uses it: negated when maximizing, plus wd * p for L2 weight decay. */
// @ts-ignore: decorator
@inline function gradient<T, V>(g: usize, pv: V, neg: bool, decay: bool, wd: V): V {
  let d = ld<T, V>(g);
  if (neg) d = negate<T, V>(d);
  if (decay) d = add<T, V>(d, mul<T, V>(wd, pv));
  return d;
}
/** exp_avg.mul_(beta1).add_(d, alpha=1 - beta1), in place at `at`; returns the new value. */
// @ts-ignore: decorator
@inline function firstMoment<T, V>(at: usize, d: V, beta: V, omb: V): V {
  const x = add<T, V>(mul<T, V>(ld<T, V>(at), beta), mul<T, V>(omb, d));
  st<T, V>(at, x);
  return x;
}
/** exp_avg_sq.mul_(beta2).addcmul_(d, d, value=1 - beta2), in place at `at`; returns the new value. */
// @ts-ignore: decorator
@inline function secondMoment<T, V>(at: usize, d: V, beta: V, omb: V): V {
  const x = add<T, V>(mul<T, V>(ld<T, V>(at), beta), mul<T, V>(mul<T, V>(omb, d), d));
  st<T, V>(at, x);
  return x;
}

// ---------------------------------------------------------------------------------------------
// SGD: flags 1 maximize, 2 nesterov, 4 first step (buf = d), 8 momentum != 0, 16 weight_decay != 0

// @ts-ignore: decorator
@inline function sgdLoop<T, V>(i: i32, n: i32, p: usize, g: usize, buf: usize, sLr: T, sWd: T, sMom: T, sOmd: T, flags: i32): i32 {
  const neg = (flags & MAXIMIZE) != 0, nesterov = (flags & 2) != 0, first = (flags & 4) != 0;
  const mom = (flags & 8) != 0, decay = (flags & 16) != 0;
  const lr = splat<T, V>(sLr), wd = splat<T, V>(sWd), momentum = splat<T, V>(sMom), omd = splat<T, V>(sOmd);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    let d = gradient<T, V>(g + o, pv, neg, decay, wd);
    if (mom) {
      let b: V;
      if (first) b = d;
      else b = add<T, V>(mul<T, V>(ld<T, V>(buf + o), momentum), mul<T, V>(omd, d));
      st<T, V>(buf + o, b);
      d = nesterov ? add<T, V>(d, mul<T, V>(momentum, b)) : b;
    }
    st<T, V>(p + o, add<T, V>(pv, mul<T, V>(lr, d)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function sgd<T>(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  const sLr = <T>(-lr), sWd = <T>wd, sMom = <T>momentum, sOmd = <T>omd;
  const i = sgdLoop<T, v128>(0, n, p, g, buf, sLr, sWd, sMom, sOmd, flags);
  sgdLoop<T, T>(i, n, p, g, buf, sLr, sWd, sMom, sOmd, flags);
}

// The commonest flag sets get loops of their own, free of the flag tests (a flag-constant inline
// copy of the generic body is folded back into it by the optimizer, so these are written out).
export function sgd_f32(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  if (flags == 8) sgdMomentum<f32>(p, g, buf, n, lr, momentum, omd);
  else sgd<f32>(p, g, buf, n, lr, wd, momentum, omd, flags);
}

// @ts-ignore: decorator
@inline function sgdMomentumLoop<T, V>(i: i32, n: i32, p: usize, g: usize, buf: usize, sLr: T, sMom: T, sOmd: T): i32 {
  const lr = splat<T, V>(sLr), momentum = splat<T, V>(sMom), omd = splat<T, V>(sOmd);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const b = add<T, V>(mul<T, V>(ld<T, V>(buf + o), momentum), mul<T, V>(omd, ld<T, V>(g + o)));
    st<T, V>(buf + o, b);
    st<T, V>(p + o, add<T, V>(ld<T, V>(p + o), mul<T, V>(lr, b)));
  }
  return i;
}

/** SGD with momentum after the first step, no weight decay, nesterov or maximize. */
function sgdMomentum<T>(p: usize, g: usize, buf: usize, n: i32, lr: f64, momentum: f64, omd: f64): void {
  const sLr = <T>(-lr), sMom = <T>momentum, sOmd = <T>omd;
  const i = sgdMomentumLoop<T, v128>(0, n, p, g, buf, sLr, sMom, sOmd);
  sgdMomentumLoop<T, T>(i, n, p, g, buf, sLr, sMom, sOmd);
}

export function sgd_f64(p: usize, g: usize, buf: usize, n: i32, lr: f64, wd: f64, momentum: f64, omd: f64, flags: i32): void {
  sgd<f64>(p, g, buf, n, lr, wd, momentum, omd, flags);
}

// ---------------------------------------------------------------------------------------------
// Adam / AdamW: flags 1 maximize, 2 amsgrad, 4 decoupled decay (AdamW: p *= pscale first),
// 16 L2 weight decay (Adam: d += wd * p). negStep = -lr / bias_correction1,
// bc2s = sqrt(bias_correction2).

// @ts-ignore: decorator
@inline function adamLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  sPs: T, sWd: T, sB1: T, sO1: T, sB2: T, sO2: T, sSt: T, sBc: T, sEps: T, flags: i32,
): i32 {
  const neg = (flags & MAXIMIZE) != 0, ams = (flags & 2) != 0, decoupled = (flags & 4) != 0, decay = (flags & 16) != 0;
  const ps = splat<T, V>(sPs), wd = splat<T, V>(sWd), b1 = splat<T, V>(sB1), o1 = splat<T, V>(sO1);
  const b2 = splat<T, V>(sB2), o2 = splat<T, V>(sO2), stepSize = splat<T, V>(sSt), bc = splat<T, V>(sBc), eps = splat<T, V>(sEps);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    let pv = ld<T, V>(p + o);
    let d = ld<T, V>(g + o);
    if (neg) d = negate<T, V>(d);
    if (decoupled) pv = mul<T, V>(pv, ps);
    else if (decay) d = add<T, V>(d, mul<T, V>(wd, pv));
    const mv = firstMoment<T, V>(m + o, d, b1, o1);
    let vv = secondMoment<T, V>(v + o, d, b2, o2);
    if (ams) {
      vv = maximum<T, V>(ld<T, V>(vmax + o), vv);
      st<T, V>(vmax + o, vv);
    }
    const den = add<T, V>(div<T, V>(root<T, V>(vv), bc), eps);
    st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(stepSize, mv), den)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function adam<T>(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  pscale: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64, flags: i32,
): void {
  const sPs = <T>pscale, sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2;
  const sSt = <T>negStep, sBc = <T>bc2s, sEps = <T>eps;
  const i = adamLoop<T, v128>(0, n, p, g, m, v, vmax, sPs, sWd, sB1, sO1, sB2, sO2, sSt, sBc, sEps, flags);
  adamLoop<T, T>(i, n, p, g, m, v, vmax, sPs, sWd, sB1, sO1, sB2, sO2, sSt, sBc, sEps, flags);
}

// @ts-ignore: decorator
@inline function adamPlainLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, m: usize, v: usize, sPs: T, sB1: T, sO1: T, sB2: T, sO2: T, sSt: T, sBc: T, sEps: T,
): i32 {
  const ps = splat<T, V>(sPs), b1 = splat<T, V>(sB1), o1 = splat<T, V>(sO1), b2 = splat<T, V>(sB2);
  const o2 = splat<T, V>(sO2), stepSize = splat<T, V>(sSt), bc = splat<T, V>(sBc), eps = splat<T, V>(sEps);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const d = ld<T, V>(g + o);
    // p * 1 is p exactly: Adam and AdamW share the loop
    const pv = mul<T, V>(ld<T, V>(p + o), ps);
    const mv = firstMoment<T, V>(m + o, d, b1, o1);
    const vv = secondMoment<T, V>(v + o, d, b2, o2);
    const den = add<T, V>(div<T, V>(root<T, V>(vv), bc), eps);
    st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(stepSize, mv), den)));
  }
  return i;
}

/** Adam (pscale 1) or AdamW without amsgrad, maximize or L2 decay: the training loop's case. */
function adamPlain<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  pscale: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, negStep: f64, bc2s: f64, eps: f64,
): void {
  const sPs = <T>pscale, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sSt = <T>negStep, sBc = <T>bc2s, sEps = <T>eps;
  const i = adamPlainLoop<T, v128>(0, n, p, g, m, v, sPs, sB1, sO1, sB2, sO2, sSt, sBc, sEps);
  adamPlainLoop<T, T>(i, n, p, g, m, v, sPs, sB1, sO1, sB2, sO2, sSt, sBc, sEps);
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
@inline function rmspropLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, sq: usize, ga: usize, buf: usize,
  sLr: T, sWd: T, sA: T, sO: T, sEps: T, sMom: T, flags: i32,
): i32 {
  const neg = (flags & MAXIMIZE) != 0, centered = (flags & 2) != 0, mom = (flags & 8) != 0, decay = (flags & 16) != 0;
  const lr = splat<T, V>(sLr), wd = splat<T, V>(sWd), alpha = splat<T, V>(sA), oma = splat<T, V>(sO);
  const eps = splat<T, V>(sEps), momentum = splat<T, V>(sMom);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, neg, decay, wd);
    const s = add<T, V>(mul<T, V>(ld<T, V>(sq + o), alpha), mul<T, V>(mul<T, V>(oma, d), d));
    st<T, V>(sq + o, s);
    let avg: V;
    if (centered) {
      const a = add<T, V>(mul<T, V>(ld<T, V>(ga + o), alpha), mul<T, V>(oma, d));
      st<T, V>(ga + o, a);
      avg = root<T, V>(sub<T, V>(s, mul<T, V>(a, a)));
    } else avg = root<T, V>(s);
    avg = add<T, V>(avg, eps);
    if (mom) {
      const b = add<T, V>(mul<T, V>(ld<T, V>(buf + o), momentum), div<T, V>(d, avg));
      st<T, V>(buf + o, b);
      st<T, V>(p + o, add<T, V>(pv, mul<T, V>(lr, b)));
    } else st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(lr, d), avg)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function rmsprop<T>(
  p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32,
  negLr: f64, wd: f64, alpha: f64, oma: f64, eps: f64, momentum: f64, flags: i32,
): void {
  const sLr = <T>negLr, sWd = <T>wd, sA = <T>alpha, sO = <T>oma, sEps = <T>eps, sMom = <T>momentum;
  const i = rmspropLoop<T, v128>(0, n, p, g, sq, ga, buf, sLr, sWd, sA, sO, sEps, sMom, flags);
  rmspropLoop<T, T>(i, n, p, g, sq, ga, buf, sLr, sWd, sA, sO, sEps, sMom, flags);
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
@inline function adagradLoop<T, V>(i: i32, n: i32, p: usize, g: usize, sum: usize, sLr: T, sWd: T, sEps: T, flags: i32): i32 {
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const lr = splat<T, V>(sLr), wd = splat<T, V>(sWd), eps = splat<T, V>(sEps);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, neg, decay, wd);
    const s = add<T, V>(ld<T, V>(sum + o), mul<T, V>(d, d));
    st<T, V>(sum + o, s);
    const std = add<T, V>(root<T, V>(s), eps);
    st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(lr, d), std)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function adagrad<T>(p: usize, g: usize, sum: usize, n: i32, negClr: f64, wd: f64, eps: f64, flags: i32): void {
  const sLr = <T>negClr, sWd = <T>wd, sEps = <T>eps;
  const i = adagradLoop<T, v128>(0, n, p, g, sum, sLr, sWd, sEps, flags);
  adagradLoop<T, T>(i, n, p, g, sum, sLr, sWd, sEps, flags);
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
@inline function adamaxLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, m: usize, u: usize, sLr: T, sWd: T, sB1: T, sO1: T, sB2: T, sEps: T, flags: i32,
): i32 {
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const lr = splat<T, V>(sLr), wd = splat<T, V>(sWd), b1 = splat<T, V>(sB1), o1 = splat<T, V>(sO1);
  const b2 = splat<T, V>(sB2), eps = splat<T, V>(sEps);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, neg, decay, wd);
    const mv = firstMoment<T, V>(m + o, d, b1, o1);
    const uv = maximum<T, V>(mul<T, V>(ld<T, V>(u + o), b2), add<T, V>(magnitude<T, V>(d), eps));
    st<T, V>(u + o, uv);
    st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(lr, mv), uv)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function adamax<T>(
  p: usize, g: usize, m: usize, u: usize, n: i32, negClr: f64, wd: f64, beta1: f64, omb1: f64, beta2: f64, eps: f64, flags: i32,
): void {
  const sLr = <T>negClr, sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sEps = <T>eps;
  const i = adamaxLoop<T, v128>(0, n, p, g, m, u, sLr, sWd, sB1, sO1, sB2, sEps, flags);
  adamaxLoop<T, T>(i, n, p, g, m, u, sLr, sWd, sB1, sO1, sB2, sEps, flags);
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
@inline function nadamLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, m: usize, v: usize,
  sWd: T, sB1: T, sO1: T, sB2: T, sO2: T, sBc: T, sEps: T, sC1: T, sC2: T, flags: i32,
): i32 {
  const decay = (flags & 16) != 0;
  const wd = splat<T, V>(sWd), b1 = splat<T, V>(sB1), o1 = splat<T, V>(sO1), b2 = splat<T, V>(sB2);
  const o2 = splat<T, V>(sO2), bc = splat<T, V>(sBc), eps = splat<T, V>(sEps), c1 = splat<T, V>(sC1), c2 = splat<T, V>(sC2);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    let pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, false, decay, wd);
    const mv = firstMoment<T, V>(m + o, d, b1, o1);
    const vv = secondMoment<T, V>(v + o, d, b2, o2);
    const den = add<T, V>(root<T, V>(div<T, V>(vv, bc)), eps);
    pv = add<T, V>(pv, div<T, V>(mul<T, V>(c1, d), den));
    st<T, V>(p + o, add<T, V>(pv, div<T, V>(mul<T, V>(c2, mv), den)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function nadam<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc2: f64, eps: f64, c1: f64, c2: f64, flags: i32,
): void {
  const sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sBc = <T>bc2, sEps = <T>eps;
  const sC1 = <T>c1, sC2 = <T>c2;
  const i = nadamLoop<T, v128>(0, n, p, g, m, v, sWd, sB1, sO1, sB2, sO2, sBc, sEps, sC1, sC2, flags);
  nadamLoop<T, T>(i, n, p, g, m, v, sWd, sB1, sO1, sB2, sO2, sBc, sEps, sC1, sC2, flags);
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
@inline function radamLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, m: usize, v: usize,
  sWd: T, sB1: T, sO1: T, sB2: T, sO2: T, sBc1: T, sLr: T, sS: T, sR: T, sEps: T, flags: i32,
): i32 {
  const decay = (flags & 16) != 0, rectified = (flags & 32) != 0;
  const wd = splat<T, V>(sWd), b1 = splat<T, V>(sB1), o1 = splat<T, V>(sO1), b2 = splat<T, V>(sB2);
  const o2 = splat<T, V>(sO2), bc1 = splat<T, V>(sBc1), lr = splat<T, V>(sLr), sbc2 = splat<T, V>(sS);
  const rect = splat<T, V>(sR), eps = splat<T, V>(sEps), one = splat<T, V>(<T>1);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, false, decay, wd);
    const mv = firstMoment<T, V>(m + o, d, b1, o1);
    const vv = secondMoment<T, V>(v + o, d, b2, o2);
    let u = mul<T, V>(div<T, V>(mv, bc1), lr);
    if (rectified) {
      const ad = mul<T, V>(div<T, V>(one, add<T, V>(root<T, V>(vv), eps)), sbc2);
      u = mul<T, V>(mul<T, V>(u, ad), rect);
    }
    st<T, V>(p + o, sub<T, V>(pv, u));
  }
  return i;
}

// @ts-ignore: decorator
@inline function radam<T>(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  wd: f64, beta1: f64, omb1: f64, beta2: f64, omb2: f64, bc1: f64, lr: f64, sbc2: f64, rect: f64, eps: f64, flags: i32,
): void {
  const sWd = <T>wd, sB1 = <T>beta1, sO1 = <T>omb1, sB2 = <T>beta2, sO2 = <T>omb2, sBc1 = <T>bc1, sLr = <T>lr;
  const sS = <T>sbc2, sR = <T>rect, sEps = <T>eps;
  const i = radamLoop<T, v128>(0, n, p, g, m, v, sWd, sB1, sO1, sB2, sO2, sBc1, sLr, sS, sR, sEps, flags);
  radamLoop<T, T>(i, n, p, g, m, v, sWd, sB1, sO1, sB2, sO2, sBc1, sLr, sS, sR, sEps, flags);
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
@inline function adadeltaLoop<T, V>(
  i: i32, n: i32, p: usize, g: usize, sq: usize, acc: usize, sLr: T, sWd: T, sRho: T, sO: T, sEps: T, flags: i32,
): i32 {
  const neg = (flags & MAXIMIZE) != 0, decay = (flags & 16) != 0;
  const lr = splat<T, V>(sLr), wd = splat<T, V>(sWd), rho = splat<T, V>(sRho), omr = splat<T, V>(sO), eps = splat<T, V>(sEps);
  for (const k = step<T, V>(); i + k <= n; i += k) {
    const o = <usize>i * sizeof<T>();
    const pv = ld<T, V>(p + o);
    const d = gradient<T, V>(g + o, pv, neg, decay, wd);
    const s = add<T, V>(mul<T, V>(ld<T, V>(sq + o), rho), mul<T, V>(mul<T, V>(omr, d), d));
    st<T, V>(sq + o, s);
    const std = root<T, V>(add<T, V>(s, eps));
    const delta = mul<T, V>(div<T, V>(root<T, V>(add<T, V>(ld<T, V>(acc + o), eps)), std), d);
    st<T, V>(acc + o, add<T, V>(mul<T, V>(ld<T, V>(acc + o), rho), mul<T, V>(mul<T, V>(omr, delta), delta)));
    st<T, V>(p + o, add<T, V>(pv, mul<T, V>(lr, delta)));
  }
  return i;
}

// @ts-ignore: decorator
@inline function adadelta<T>(p: usize, g: usize, sq: usize, acc: usize, n: i32, negLr: f64, wd: f64, rho: f64, omr: f64, eps: f64, flags: i32): void {
  const sLr = <T>negLr, sWd = <T>wd, sRho = <T>rho, sO = <T>omr, sEps = <T>eps;
  const i = adadeltaLoop<T, v128>(0, n, p, g, sq, acc, sLr, sWd, sRho, sO, sEps, flags);
  adadeltaLoop<T, T>(i, n, p, g, sq, acc, sLr, sWd, sRho, sO, sEps, flags);
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
