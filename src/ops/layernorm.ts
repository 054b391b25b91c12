// native_layer_norm and its backward as one backend kernel each (assembly/layernorm.ts, the JS
// backend's reference), where the backend has them and the dtype is float32/float64; null
// elsewhere, and F.layer_norm composes the op instead.
import type { View } from '../backend.js';
import { float32, float64 } from '../dtype.js';
import { numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';

function viewOf(t: Tensor): View {
  return { storage: t.storage, shape: t.shape_, strides: t.strides, offset: t.offset, dtype: t.dtype };
}

/** t itself when dense, else a contiguous copy (listed in temps, to free). */
function dense(t: Tensor, temps: Tensor[]): Tensor {
  const c = t.contiguous();
  if (c !== t) temps.push(c);
  return c;
}

function usable(x: Tensor, ...others: (Tensor | null)[]): boolean {
  const backend = x.storage.backend;
  if (!backend.layerNorm || (x.dtype !== float32 && x.dtype !== float64) || x.numel() === 0) return false;
  return others.every((t) => !t || (t.dtype === x.dtype && t.storage.backend === backend));
}

/**
 * y, mean and rstd (1 / sqrt(var + eps), shaped as mean: x's shape with the last k dims 1) of
 * layer_norm over x's last k dims, without recording; null where no kernel runs it.
 */
export function layerNormKernel(x: Tensor, weight: Tensor | null, bias: Tensor | null, k: number, eps: number): { y: Tensor; mean: Tensor; rstd: Tensor } | null {
  if (!usable(x, weight, bias)) return null;
  const n = numelOf(x.shape_.slice(x.ndim - k)), rows = x.numel() / n;
  const temps: Tensor[] = [];
  const xc = dense(x, temps), wc = weight && dense(weight, temps), bc = bias && dense(bias, temps);
  const statShape = x.shape_.map((d, i) => (i < x.ndim - k ? d : 1));
  const y = Tensor.empty(x.shape_, x.dtype, x), mean = Tensor.empty(statShape, x.dtype, x), rstd = Tensor.empty(statShape, x.dtype, x);
  (x.storage.backend.layerNorm as NonNullable<typeof x.storage.backend.layerNorm>)(
    viewOf(xc), wc && viewOf(wc), bc && viewOf(bc), viewOf(y), viewOf(mean), viewOf(rstd), rows, n, eps);
  for (const t of temps) t.dispose();
  return { y, mean, rstd };
}

/**
 * The gradients (input, weight, bias: each where `need` says) of layer_norm over x's last k dims
 * from g, the saved mean and rstd, without recording; null where no kernel runs it.
 */
export function layerNormBackwardKernel(g: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, weight: Tensor | null, k: number,
  need: readonly boolean[]): (Tensor | null)[] | null {
  const backend = x.storage.backend;
  if (!backend.layerNormBackward || !usable(x, g, mean, rstd, weight)) return null;
  if (g.ndim !== x.ndim || g.shape_.some((d, i) => d !== x.shape_[i])) return null;
  const n = numelOf(x.shape_.slice(x.ndim - k)), rows = x.numel() / n;
  const temps: Tensor[] = [];
  const gc = dense(g, temps), xc = dense(x, temps), mc = dense(mean, temps), rc = dense(rstd, temps), wc = weight && dense(weight, temps);
  const paramShape = x.shape_.slice(x.ndim - k);
  const dx = need[0] ? Tensor.empty(x.shape_, x.dtype, x) : null;
  const dw = need[1] ? Tensor.empty(paramShape, x.dtype, x) : null;
  const db = need[2] ? Tensor.empty(paramShape, x.dtype, x) : null;
  backend.layerNormBackward(viewOf(gc), viewOf(xc), viewOf(mc), viewOf(rc), wc && viewOf(wc),
    dx && viewOf(dx), dw && viewOf(dw), db && viewOf(db), rows, n);
  for (const t of temps) t.dispose();
  return [dx, dw, db];
}
