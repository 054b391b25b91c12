// Recording one op in the autograd graph: shared by every op family.
import { Node, SavedTensor, is_grad_enabled, type BackwardFn } from '../autograd.js';
import type { Tensor } from '../tensor.js';

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
  backward: (grads: readonly (Tensor | null)[], saved: readonly Tensor[]) => readonly (Tensor | null)[],
): void {
  const edges = inputs.map((x) =>
    x !== null && typeof x === 'object' && (x as Tensor).requires_grad ? (x as Tensor)._gradEdge() : null);
  const holder = { name: () => name };
  const saved = toSave.map((t) => new SavedTensor(t ? t._alias() : null, holder));
  // PyTorch's engine hands each input a gradient of its own dtype (a float32 input of a float64 op gets float32)
  const dtypes = inputs.map((x) => (x !== null && typeof x === 'object' ? (x as Tensor).dtype : null));
  const fn: BackwardFn = (grads) => {
    const out = backward(grads, saved.map((s, i) => (toSave[i] ? s.unpack() : (null as unknown as Tensor))));
    return out.map((g, i) => (g && dtypes[i] && g.dtype !== dtypes[i] ? g.to(dtypes[i] as Tensor['dtype']) : g));
  };
  const node = new Node(name, edges, fn, saved, outputs.length);
  outputs.forEach((t, i) => t._setGradFn(node, i));
}
