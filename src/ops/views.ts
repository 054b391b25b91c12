// Views under autograd, as PyTorch does them. A differentiable view remembers its root base (the
// non-view tensor whose storage it reads). An in-place op on the view rewrites the base's history:
// the base's grad_fn becomes CopySlices around the op's node, and the view's becomes
// AsStridedBackward0 into the base. Every other view of that base notices, through the storage's
// version counter, that its base changed since its grad_fn was set, and takes the same kind of
// grad_fn the next time it is asked for one.
import { CopySlices, Node, is_grad_enabled } from '../autograd.js';
import { Tensor } from '../tensor.js';
import { needsGrad, record } from './autograd-record.js';
import type { Geometry } from './shape.js';

/**
 * How a view was made (PyTorch's CreationMeta): views from ops that return several of them, and
 * views made in no_grad mode, cannot be modified in place where autograd would have to record it.
 */
export type ViewCreation = 'default' | 'multi-output' | 'no-grad';

/** What a differentiable view knows about its base. */
export interface ViewMeta {
  /** the root base: a view of a view points at the same tensor as its parent does */
  readonly base: Tensor;
  /** the storage version the view's grad_fn was made for */
  version: number;
  readonly creation: ViewCreation;
}

/** A differentiable view of `x` with the given geometry (view ops call this; detach() and saved aliases do not). */
export function asView(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number, multiOutput = false): Tensor {
  const y = Tensor.view(x, shape, strides, offset);
  const parent = x._viewMeta;
  let creation: ViewCreation = !is_grad_enabled() ? 'no-grad' : multiOutput ? 'multi-output' : 'default';
  // a view of a restricted view keeps the restriction (PyTorch's propagate_creation_meta)
  if (parent && creation === 'default') creation = parent.creation;
  y._viewMeta = { base: parent ? parent.base : x, version: x._storageVersion(), creation };
  return y;
}

const MULTI_OUTPUT_HINT =
  ' This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace.' +
  ' You should replace the inplace operation by an out-of-place one.';
const NO_GRAD_HINT =
  ' Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace' +
  " either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

/** PyTorch's error for a view that may not be modified in place; `indirect`: its base or another view of it was. */
function forbiddenViewError(view: Tensor, meta: ViewMeta, indirect: boolean): Error {
  const what = indirect ? 'its base or another view of its base has been' : 'is being';
  const fn = view._gradFn;
  const head = fn
    ? `Output ${view._outputNr} of ${fn.name()} is a view and ${what} modified inplace.`
    : `A view was created in no_grad mode and ${what} modified inplace with grad mode enabled.`;
  return new Error(head + (meta.creation === 'multi-output' ? MULTI_OUTPUT_HINT : NO_GRAD_HINT));
}

/**
 * PyTorch's check_inplace, before anything is written: what autograd forbids modifying in place
 * when the op is to be recorded (`others`: the op's other operands).
 */
export function checkInplaceGrad(self: Tensor, others: readonly unknown[]): void {
  // every in-place op comes here before it writes
  self._willWrite();
  if (!is_grad_enabled()) return;
  const meta = self._viewMeta;
  // a view's state as last set, not refreshed: a forbidden view reports this op, not an earlier one
  const selfNeeds = meta ? self._gradFn !== null || self._requiresGrad || meta.base.requires_grad : self.requires_grad;
  if (!selfNeeds && !needsGrad(...others)) return;
  if (meta) {
    if (meta.creation !== 'default') throw forbiddenViewError(self, meta, false);
    if (selfNeeds && meta.base.is_leaf) throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  } else if (selfNeeds && self.is_leaf) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

const geometryOf = (x: Tensor): Geometry => ({ shape: x.shape_, strides: x.strides, offset: x.offset });

/**
 * Gives `self` the history of `fn`, the in-place op just applied to it (after its version bump).
 * On a view, the base's history becomes CopySlices around fn, and the view reads the base's.
 */
export function rebaseHistory(self: Tensor, fn: Node): void {
  const meta = self._viewMeta;
  if (!meta) {
    self._setGradFn(fn);
    return;
  }
  const base = meta.base, b = geometryOf(base), v = geometryOf(self);
  base._setGradFn(new CopySlices(base._gradEdge(), fn, {
    take: (g) => takeView(g, b, v),
    put: (g, values) => scatterView(g, values, b, v),
  }));
  meta.version = self._storageVersion();
  self._setGradFn(asStridedBackward(base, self));
  for (const s of fn.saved) s?.takeHistoryOf(self);
}

/**
 * Called when a view's storage version moved past its grad_fn's: the view now takes its gradient
 * from the base's current history. As in PyTorch, a view with no history of a base with none stays
 * as it is (and is checked again next time).
 */
export function refreshView(view: Tensor, meta: ViewMeta): void {
  if (view._gradFn === null && !meta.base.requires_grad) return;
  if (meta.creation !== 'default') throw forbiddenViewError(view, meta, true);
  meta.version = view._storageVersion();
  view._setGradFn(asStridedBackward(meta.base, view));
}

/** The grad_fn of a view read out of its base's history: the view's gradient lands at its places in zeros of the base. */
function asStridedBackward(base: Tensor, view: Tensor): Node {
  const b = geometryOf(base), v = geometryOf(view);
  return new Node('AsStridedBackward0', [base._gradEdge()], (gs) => [scatterView(null, gs[0] as Tensor, b, v)]);
}

// ---- a view's places in a tensor of its base's shape ----------------------------------------------
// The view's geometry counts in the base's storage, and the base need not be dense (a detached
// slice, a transposed detach): gradients are laid out with the base's own strides, over a storage of
// their own, where the view's geometry (offset relative to the base's) addresses the same elements.

/** Elements from a geometry's first to its last (view strides are never negative). */
const extent = (g: Geometry): number =>
  g.shape.includes(0) ? 0 : 1 + g.shape.reduce((n, d, i) => n + (d - 1) * g.strides[i], 0);

/** An uninitialised tensor shaped and strided as the base, at the start of a storage of its own. */
function baseLayout(like: Tensor, base: Geometry): Tensor {
  const flat = Tensor.empty([extent(base)], like.dtype, like);
  const t = Tensor.view(flat, base.shape, base.strides, 0);
  flat.dispose();
  return t;
}

/** The view's places within `t`, a tensor laid out as the base. */
const placesIn = (t: Tensor, base: Geometry, view: Geometry) =>
  ({ storage: t.storage, dtype: t.dtype, shape: view.shape, strides: view.strides, offset: t.offset + view.offset - base.offset });

/** The view's elements of `x` (shaped as the base), as a dense copy: PyTorch's as_strided. */
function takeView(x: Tensor, base: Geometry, view: Geometry): Tensor {
  const sameLayout = x.strides.every((s, i) => s === base.strides[i] || x.shape_[i] === 1);
  const laid = sameLayout ? x : baseLayout(x, base);
  if (laid !== x) laid.storage.backend.copy(x, laid);
  const out = Tensor.empty(view.shape, x.dtype, x);
  out.storage.backend.copy(placesIn(laid, base, view), out);
  if (laid !== x) laid.dispose();
  if (needsGrad(x)) record('AsStridedBackward0', [x], [out], [], (gs) => [scatterView(null, gs[0] as Tensor, base, view)]);
  return out;
}

/**
 * A new tensor of the base's shape: `target` (zeros when null) with the view's places set to
 * `values` (zeros when null); PyTorch's as_strided_scatter.
 */
function scatterView(target: Tensor | null, values: Tensor | null, base: Geometry, view: Geometry): Tensor {
  const out = baseLayout((target ?? values) as Tensor, base);
  const backend = out.storage.backend;
  if (target) backend.copy(target, out);
  else backend.fill(out, 0);
  const places = placesIn(out, base, view);
  if (values) backend.copy(values, places);
  else backend.fill(places, 0);
  if (needsGrad(target, values)) {
    record('AsStridedScatterBackward0', [target, values], [out], [], (gs) => {
      const g = gs[0] as Tensor;
      return [target && scatterView(g, null, base, view), values && takeView(g, base, view)];
    });
  }
  return out;
}
