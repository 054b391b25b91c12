// torch.autograd.Function: user-defined ops with a forward and a backward. `MyFn.apply(...)` runs
// `forward(ctx, ...)` without recording, then links the tensor outputs to one node named
// `MyFnBackward`, whose backward calls `MyFn.backward(ctx, ...grads)`. Saved tensors are checked
// against in-place changes as PyTorch's are; a backward written with tensor ops is recorded under
// create_graph, so it can be differentiated again.
import { Node, SavedTensor, is_grad_enabled, no_grad, type Edge } from './autograd.js';
import { Tensor } from './tensor.js';
import { filled } from './ops/shape.js';

/** The `ctx` object forward and backward share: PyTorch's FunctionCtx. */
export class FunctionCtx {
  /** ctx.needs_input_grad: one boolean per argument of apply (false for non-tensors) */
  needs_input_grad: boolean[] = [];
  /** @internal */
  _toSave: (Tensor | null)[] | null = null;
  /** @internal */
  _saved: readonly (SavedTensor | null)[] | null = null;
  /** @internal set while backward runs: the saved tensors, unpacked and version-checked */
  _unpacked: Tensor[] | null = null;
  /** @internal */
  _nonDifferentiable = new Set<Tensor>();
  /** @internal */
  _dirty = new Set<Tensor>();
  /** @internal */
  _materialize = true;
  [key: string]: unknown;

  /** ctx.save_for_backward(...tensors): tensors (or null) the backward reads through ctx.saved_tensors */
  save_for_backward(...tensors: (Tensor | null)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) {
        throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${typeof t}`);
      }
    });
    this._toSave = tensors.map((t) => t ?? null);
  }
  /** ctx.saved_tensors: what save_for_backward kept; throws if one was modified in place since */
  get saved_tensors(): (Tensor | null)[] {
    if (this._unpacked) return this._unpacked;
    if (this._saved) return this._saved.map((s) => (s ? s.unpack() : null));
    return (this._toSave ?? []).slice();
  }
  /** ctx.mark_non_differentiable(...outputs): those outputs get no gradient and do not require grad */
  mark_non_differentiable(...tensors: Tensor[]): void { for (const t of tensors) this._nonDifferentiable.add(t); }
  /** ctx.mark_dirty(...inputs): inputs forward modified in place (and returns) */
  mark_dirty(...tensors: Tensor[]): void { for (const t of tensors) this._dirty.add(t); }
  /** ctx.set_materialize_grads(value): false passes null instead of zeros for outputs without a gradient */
  set_materialize_grads(value: boolean): void { this._materialize = !!value; }
}

type FunctionClass = {
  name: string;
  forward(ctx: FunctionCtx, ...args: unknown[]): unknown;
  backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): unknown;
};

function applyFunction(cls: FunctionClass, args: unknown[]): unknown {
  const ctx = new FunctionCtx();
  const tensorInputs = args.map((a) => (a instanceof Tensor ? a : null));
  const recording = is_grad_enabled() && tensorInputs.some((t) => t !== null && t.requires_grad);
  ctx.needs_input_grad = tensorInputs.map((t) => recording && t !== null && t.requires_grad);
  const raw = no_grad(() => cls.forward(ctx, ...args));
  const isTuple = Array.isArray(raw);
  const outs: unknown[] = isTuple ? (raw as unknown[]).slice() : [raw];
  const name = `${cls.name}Backward`;

  for (const t of ctx._dirty) {
    if (!tensorInputs.includes(t)) throw new Error('Some elements marked as dirty during the forward method were not returned as outputs.');
    if (recording && t.is_leaf && t.requires_grad) {
      throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
    }
    t._bumpVersion();
  }
  if (!recording) {
    // outputs that are inputs returned as they are stay themselves; nothing is recorded
    return isTuple ? outs : outs[0];
  }

  const edges: (Edge | null)[] = tensorInputs.map((t) => (t && t.requires_grad ? t._gradEdge() : null));
  // each tensor output: its metadata (for materialized zero gradients) and whether it is linked
  const meta: (Tensor | null)[] = [];
  let nOut = 0;
  const outIndex = new Map<number, number>();
  outs.forEach((o, i) => {
    if (!(o instanceof Tensor)) return;
    // an input returned as it is becomes a new tensor on the same storage (PyTorch's view_as)
    if (tensorInputs.includes(o) && !ctx._dirty.has(o)) outs[i] = o.detach();
    outIndex.set(i, nOut++);
    meta.push(outs[i] as Tensor);
  });
  const saved: (SavedTensor | null)[] = [];
  const metaShapes = meta.map((m) => [(m as Tensor).shape_.slice(), (m as Tensor).dtype] as const);
  const node = new Node(name, edges, (grads, unpacked) => {
    // zeros beside a gradient that arrived: an output nobody kept (inside torch.tidy) is freed by now
    const like = grads.find((g) => g) as Tensor;
    const gs = metaShapes.map(([shape, dtype], k) => {
      const g = grads[k] ?? null;
      if (g === null && ctx._materialize) return filled(shape, dtype, like, 0);
      return g;
    });
    ctx._unpacked = unpacked.slice();
    let result: unknown;
    try {
      result = cls.backward(ctx, ...gs);
    } finally {
      ctx._unpacked = null;
    }
    const res = Array.isArray(result) ? result : [result];
    if (res.length < args.length || res.slice(args.length).some((g) => g !== null && g !== undefined)) {
      throw new Error(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${res.length})`);
    }
    return tensorInputs.map((t, i) => {
      const g = (res[i] ?? null) as Tensor | null;
      if (!t || !t.requires_grad || g === null) return null;
      if (!(g instanceof Tensor)) throw new TypeError(`function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
      if (g.shape_.length !== t.shape_.length || g.shape_.some((d, k) => d !== t.shape_[k])) {
        // PyTorch sums a broadcast gradient back to the input's shape, and refuses anything else
        try {
          return g.sum_to_size(t.shape_.slice());
        } catch {
          throw new Error(`Function ${name} returned an invalid gradient at index ${i} - got [${g.shape_.join(', ')}] but expected shape compatible with [${t.shape_.join(', ')}]`);
        }
      }
      return g;
    });
  }, saved, nOut);
  outs.forEach((o, i) => {
    if (!(o instanceof Tensor)) return;
    const nr = outIndex.get(i) as number;
    const differentiable = !ctx._nonDifferentiable.has(o) && !(tensorInputs.includes(o) && ctx._nonDifferentiable.has(o)) && o.dtype.is_floating_point;
    if (differentiable) o._setGradFn(node, nr);
    else if (!ctx._dirty.has(o)) o.requires_grad_(false);
  });
  if (ctx._toSave) {
    for (const t of ctx._toSave) {
      if (!t) { saved.push(null); continue; }
      const k = outs.indexOf(t);
      saved.push(new SavedTensor(t, node, k >= 0 ? (outIndex.get(k) as number) : -1));
    }
    ctx._saved = saved;
  }
  return isTuple ? outs : outs[0];
}

/**
 * torch.autograd.Function: `class Exp extends torch.autograd.Function { static forward(ctx, x) {...}
 * static backward(ctx, g) {...} }`, then `Exp.apply(x)` (also `const exp = Exp.apply; exp(x)`).
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name, torch.autograd.Function
// biome-ignore lint/complexity/noStaticOnlyClass: users subclass it with static forward/backward, as in PyTorch
export class Function {
  /** MyFn.apply(...args): forward under no_grad, recorded as one node `MyFnBackward` */
  static get apply(): (...args: unknown[]) => unknown {
    // a getter, so `const f = MyFn.apply` keeps MyFn
    // biome-ignore lint/complexity/noThisInStatic: `this` is the user's subclass, which apply runs
    const cls = this as unknown as FunctionClass;
    return (...args: unknown[]) => applyFunction(cls, args);
  }
  /** static forward(ctx, ...args): subclasses define it */
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): unknown {
    throw new Error('NotImplementedError: You must implement the forward function for custom autograd.Function.');
  }
  /** static backward(ctx, ...grad_outputs): subclasses define it */
  static backward(_ctx: FunctionCtx, ..._grads: (Tensor | null)[]): unknown {
    throw new Error('NotImplementedError: You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }
}
