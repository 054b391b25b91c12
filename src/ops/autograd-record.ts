// Recording one op in the autograd graph: shared by every op family.
import { Node, SavedTensor, is_grad_enabled, type BackwardFn, type Edge } from '../autograd.js';
import type { Tensor } from '../tensor.js';
import { rebaseHistory } from './views.js';

/** Whether an op on these operands must be recorded. */
export function needsGrad(...inputs: readonly unknown[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const x of inputs) if (x !== null && typeof x === 'object' && (x as Tensor).requires_grad) return true;
  return false;
}

/**
 * Links `outputs` to a new node named `name` whose inputs are the tensor operands in `inputs`
 * (numbers and nulls get no edge). `backward` receives the saved tensors, unpacked (and checked
 * against in-place changes) at backward time.
 */
export function record(
  name: string,
  inputs: readonly unknown[],
  outputs: readonly Tensor[],
  toSave: readonly (Tensor | null)[],
  backward: BackwardFn,
): void {
  const edges: (Edge | null)[] = [];
  let mixed = false;
  for (const x of inputs) {
    const t = x !== null && typeof x === 'object' ? (x as Tensor) : null;
    edges.push(t && t.requires_grad ? t._gradEdge() : null);
    if (t && t.dtype !== outputs[0].dtype) mixed = true;
  }
  const dtypes = mixed ? inputs.map((x) => (x !== null && typeof x === 'object' ? (x as Tensor).dtype : null)) : null;
  const saved: (SavedTensor | null)[] | undefined = toSave.some((t) => t) ? [] : undefined;
  const node = new Node(name, edges, backward, saved, outputs.length, dtypes);
  for (let i = 0; i < outputs.length; i++) outputs[i]._setGradFn(node, i);
  // saved once linked, so a saved output carries its grad_fn into a create_graph backward
  if (saved) for (const t of toSave) saved.push(t ? new SavedTensor(t, node, outputs.indexOf(t)) : null);
}

/**
 * Records an op that wrote into `self` and has it as its only output (fill_, copy_); on a view,
 * the base's history is rebased as well (src/ops/views.ts).
 */
export function recordInplace(name: string, inputs: readonly unknown[], self: Tensor, backward: BackwardFn): void {
  record(name, inputs, [self], [], backward);
  rebaseHistory(self, self._gradFn as Node);
}
