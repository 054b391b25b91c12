// torch.optim.LBFGS: PyTorch 1.13's algorithm (two-loop recursion, optional strong-Wolfe line
// search) composed from tensor ops over the flattened gradient; no fused kernel (its work is dot
// products and axpys over one flat vector). PyTorch keeps ys, ro, H_diag, al, gtd and t as 0-d
// tensors of the parameters' dtype: here they are numbers rounded to that dtype (`r`) at the same
// points, so float64 runs follow PyTorch's to rounding and float32 runs closely.
import { stepBoundary, withoutBoundaries } from '../memory.js';
import { no_grad, enable_grad } from '../autograd.js';
import { cat } from '../functional.js';
import { zeros } from '../creation.js';
import { float32 } from '../dtype.js';
import { callableClass } from '../nn/callable.js';
import type { Tensor } from '../tensor.js';
import { Optimizer, keep, optimizerArgs, type ParamsInput } from './optimizer.js';

type Closure = () => Tensor | number;

function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const d2sq = d1 ** 2 - g1 * g2;
  if (d2sq >= 0) {
    const d2 = Math.sqrt(d2sq);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

type ObjFunc = (x: Tensor[], t: number, d: Tensor) => [number, Tensor];

function strongWolfe(obj: ObjFunc, x: Tensor[], t: number, d: Tensor, f: number, g: Tensor, gtd: number, r: (v: number) => number,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25): [number, Tensor, number, number] {
  const dNorm = d.abs().max().item() as number;
  g = g.clone();
  let [fNew, gNew] = obj(x, t, d);
  let evals = 1;
  let gtdNew = r(gNew.dot(d).item() as number);
  let tPrev = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false, lsIter = 0;
  let bracket: number[] = [], bf: number[] = [], bg: Tensor[] = [], bgtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t]; bf = [fPrev, fNew]; bg = [gPrev, gNew.clone()]; bgtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t]; bf = [fNew]; bg = [gNew]; done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t]; bf = [fPrev, fNew]; bg = [gPrev, gNew.clone()]; bgtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp; fPrev = fNew; gPrev = gNew.clone(); gtdPrev = gtdNew;
    [fNew, gNew] = obj(x, t, d);
    evals++;
    gtdNew = r(gNew.dot(d).item() as number);
    lsIter++;
  }
  if (lsIter === maxLs) { bracket = [0, t]; bf = [f, fNew]; bg = [g, gNew]; }
  let insufProgress = false;
  let [low, high] = bf[0] <= bf[bf.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1]);
    const bmax = Math.max(...bracket), bmin = Math.min(...bracket);
    const eps = 0.1 * (bmax - bmin);
    if (Math.min(bmax - t, t - bmin) < eps) {
      if (insufProgress || t >= bmax || t <= bmin) {
        t = Math.abs(t - bmax) < Math.abs(t - bmin) ? bmax - eps : bmin + eps;
        insufProgress = false;
      } else insufProgress = true;
    } else insufProgress = false;
    [fNew, gNew] = obj(x, t, d);
    evals++;
    gtdNew = r(gNew.dot(d).item() as number);
    lsIter++;
    if (fNew > f + c1 * t * gtd || fNew >= bf[low]) {
      bracket[high] = t; bf[high] = fNew; bg[high] = gNew.clone(); bgtd[high] = gtdNew;
      [low, high] = bf[0] <= bf[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low]; bf[high] = bf[low]; bg[high] = bg[low]; bgtd[high] = bgtd[low];
      }
      bracket[low] = t; bf[low] = fNew; bg[low] = gNew.clone(); bgtd[low] = gtdNew;
    }
  }
  return [bf[low], bg[low], bracket[low], evals];
}

class LBFGSImpl extends Optimizer {
  /** @internal */
  declare _params: Tensor[];
  /** @internal */
  declare _numel_cache: number | null;

  /** torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None): `torch.optim.LBFGS(params, {line_search_fn: 'strong_wolfe'})` */
  constructor(params: ParamsInput, ...args: unknown[]) {
    const o = optimizerArgs('LBFGS', args,
      ['lr', 'max_iter', 'max_eval', 'tolerance_grad', 'tolerance_change', 'history_size', 'line_search_fn'],
      [1, 20, null, 1e-7, 1e-9, 100, null]);
    if (o.max_eval === null) o.max_eval = Math.floor((o.max_iter as number) * 5 / 4);
    super(params, o);
    if (this.param_groups.length !== 1) throw new Error("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.param_groups[0].params;
    this._numel_cache = null;
  }

  /** @internal */
  _numel(): number {
    return (this._numel_cache ??= this._params.reduce((n, p) => n + p.numel(), 0));
  }
  /** @internal */
  _gather_flat_grad(): Tensor {
    return cat(this._params.map((p) => (p.grad === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.reshape(-1))), 0);
  }
  /** @internal */
  _add_grad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this._params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).view(p.shape_ as number[]), { alpha: stepSize });
      offset += n;
    }
  }
  /** @internal */
  _clone_param(): Tensor[] { return this._params.map((p) => p.clone()); }
  /** @internal */
  _set_param(data: Tensor[]): void { this._params.forEach((p, i) => p.copy_(data[i])); }
  /** @internal */
  _directional_evaluate(closure: Closure, x: Tensor[], t: number, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    const loss = Number(toNumber(enable_grad(closure)));
    const flat = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat];
  }

  /** optimizer.step(closure): LBFGS needs the closure (it re-evaluates the loss). `opt.step(() => { opt.zero_grad(); const l = loss(); l.backward(); return l; })` */
  override step(closure?: Closure | null): unknown {
    if (!closure) throw new TypeError("step() missing 1 required positional argument: 'closure'");
    // its many closure calls (zero_grad, backward) are one iteration of the caller's loop
    const result = withoutBoundaries(() => no_grad(() => this._step(closure)));
    this._step_count = (this._step_count ?? 0) + 1;
    stepBoundary('step');
    return result;
  }

  /** @internal */
  _step(closure: Closure): unknown {
    const group = this.param_groups[0];
    const lr = group.lr as number, maxIter = group.max_iter as number, maxEval = group.max_eval as number;
    const tolGrad = group.tolerance_grad as number, tolChange = group.tolerance_change as number;
    const lineSearch = group.line_search_fn as string | null, historySize = group.history_size as number;
    const r = this._params[0].dtype === float32 ? Math.fround : (v: number) => v;
    const state = this._stateOf(this._params[0]);
    state.func_evals ??= 0;
    state.n_iter ??= 0;
    const origLoss = enable_grad(closure);
    let loss = toNumber(origLoss);
    let currentEvals = 1;
    state.func_evals = (state.func_evals as number) + 1;
    let flatGrad = this._gather_flat_grad();
    let optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
    if (optCond) return origLoss;

    let d = (state.d ?? null) as Tensor | null;
    let t = (state.t ?? 0) as number;
    let oldDirs = (state.old_dirs ?? []) as Tensor[];
    let oldStps = (state.old_stps ?? []) as Tensor[];
    let ro = (state.ro ?? []) as number[];
    let hDiag = (state.H_diag ?? 1) as number;
    let prevFlatGrad = (state.prev_flat_grad ?? null) as Tensor | null;
    let prevLoss = (state.prev_loss ?? null) as number | null;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      state.n_iter = (state.n_iter as number) + 1;
      if (state.n_iter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad as Tensor);
        const s = (d as Tensor).mul(t);
        const ys = r(y.dot(s).item() as number);
        if (ys > 1e-10) {
          if (oldDirs.length === historySize) { oldDirs.shift(); oldStps.shift(); ro.shift(); }
          oldDirs.push(keep(y));
          oldStps.push(keep(s));
          ro.push(r(1 / ys));
          hDiag = r(ys / r(y.dot(y).item() as number));
        }
        const numOld = oldDirs.length;
        if (!('al' in state)) state.al = new Array(historySize).fill(null);
        const al = state.al as (number | null)[];
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          al[i] = r(r(oldStps[i].dot(q).item() as number) * ro[i]);
          q.add_(oldDirs[i], { alpha: -(al[i] as number) });
        }
        const rr = q.mul(hDiag);
        d = rr;
        for (let i = 0; i < numOld; i++) {
          const be = r(r(oldDirs[i].dot(rr).item() as number) * ro[i]);
          rr.add_(oldStps[i], { alpha: r((al[i] as number) - be) });
        }
      }
      if (prevFlatGrad === null) prevFlatGrad = keep(flatGrad.clone());
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;
      if (state.n_iter === 1) {
        const inv = r(1 / r(flatGrad.abs().sum().item() as number));
        t = inv < 1 ? r(inv * r(lr)) : lr;
      } else t = lr;
      const gtd = r(flatGrad.dot(d as Tensor).item() as number);
      if (gtd > -tolChange) break;
      let lsEvals = 0;
      if (lineSearch !== null) {
        if (lineSearch !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
        const xInit = this._clone_param();
        [loss, flatGrad, t, lsEvals] = strongWolfe((x, tt, dd) => this._directional_evaluate(closure, x, tt, dd), xInit, t, d as Tensor, loss, flatGrad, gtd, r);
        this._add_grad(t, d as Tensor);
        optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
      } else {
        this._add_grad(t, d as Tensor);
        if (nIter !== maxIter) {
          loss = toNumber(enable_grad(closure));
          flatGrad = this._gather_flat_grad();
          optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      state.func_evals = (state.func_evals as number) + lsEvals;
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (((d as Tensor).mul(t).abs().max().item() as number) <= tolChange) break;
      if (Math.abs(loss - (prevLoss as number)) < tolChange) break;
    }
    state.d = d && keep(d);
    state.t = t;
    state.old_dirs = oldDirs;
    state.old_stps = oldStps;
    state.ro = ro;
    state.H_diag = hDiag;
    state.prev_flat_grad = prevFlatGrad;
    state.prev_loss = prevLoss;
    return origLoss;
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number((v as Tensor).item());
}

/** torch.optim.LBFGS, with or without `new`: `const opt = torch.optim.LBFGS(params, {lr: 1, line_search_fn: 'strong_wolfe'})` */
export const LBFGS = callableClass(LBFGSImpl);
export type LBFGS = LBFGSImpl;
