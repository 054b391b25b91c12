// Define-by-run reverse mode: ops on tensors that require grad record a Node; backward() walks
// the recorded graph once in topological order. Backward formulas are tensor ops, so with
// create_graph they are recorded too and can be differentiated again.
import type { Tensor } from './tensor.js';

let gradEnabled = true;

export function is_grad_enabled(): boolean { return gradEnabled; }
export function set_grad_enabled(mode: boolean): void { gradEnabled = !!mode; }

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}
export function no_grad<T>(fn: () => T): T { return withGradMode(false, fn); }
export function enable_grad<T>(fn: () => T): T { return withGradMode(true, fn); }

/** Where a tensor's gradient goes: its grad_fn's output, or its leaf accumulator. */
export type Edge = readonly [Node, number];

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** A tensor a node keeps for its backward: an alias holding the storage, plus the version it saw. */
export class SavedTensor {
  private readonly version: number;
  constructor(private tensor: Tensor | null, private readonly node: { name(): string }) {
    this.version = tensor ? tensor._storageVersion() : 0;
  }
  unpack(): Tensor {
    const t = this.tensor;
    if (!t) throw new Error(FREED_MESSAGE);
    const now = t._storageVersion();
    if (now !== this.version) {
      throw new Error(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
          `[${t._typeName()} [${t.shape.join(', ')}]], which is output 0 of ${this.node.name()}, is at version ${now}; ` +
          `expected version ${this.version} instead. Hint: the backtrace further above can point to the operation that ` +
          `failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!`,
      );
    }
    return t;
  }
  release(): void {
    this.tensor?.dispose();
    this.tensor = null;
  }
}

/** Maps the gradients of a node's outputs (null where none arrived) to its inputs' gradients. */
export type BackwardFn = (grads: readonly (Tensor | null)[]) => readonly (Tensor | null)[];

export class Node {
  released = false;
  /** non-leaf tensors (by output index) whose .grad should be kept: retain_grad() */
  retained: Map<number, WeakRef<Tensor>> | null = null;
  constructor(
    private readonly _name: string,
    readonly edges: readonly (Edge | null)[],
    private readonly fn: BackwardFn | null,
    readonly saved: SavedTensor[] = [],
    readonly numOutputs = 1,
  ) {}
  name(): string { return this._name; }
  /** PyTorch's next_functions: one [node, output index] pair per input, [null, 0] where no gradient flows. */
  get next_functions(): [Node | null, number][] {
    return this.edges.map((e) => (e ? [e[0], e[1]] : [null, 0]));
  }
  apply(grads: readonly (Tensor | null)[]): readonly (Tensor | null)[] {
    if (this.released) throw new Error(FREED_MESSAGE);
    return (this.fn as BackwardFn)(grads);
  }
  release(): void {
    this.released = true;
    for (const s of this.saved) s.release();
  }
  toString(): string { return `<${this._name} object>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** The node that adds incoming gradients into a leaf's .grad. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', [], null);
  }
}

export interface BackwardOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
}

function edgeOf(t: Tensor): Edge | null {
  return t._gradEdge();
}

/**
 * Runs the graph backward from `roots` (seeded with `seeds`). With `capture`, gradients reaching
 * those edges are returned instead of accumulated into leaves (autograd.grad); without it they
 * accumulate into .grad (backward()).
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  opts: BackwardOptions,
  capture: readonly (Edge | null)[] | null,
): (Tensor | null)[] {
  const createGraph = !!opts.create_graph;
  const retainGraph = opts.retain_graph ?? createGraph;
  const rootEdges = roots.map((r, i) => {
    const e = edgeOf(r);
    if (!e) throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });

  // count, for every node reachable from the roots, how many edges lead into it
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const [n] of rootEdges) if (!deps.has(n)) { deps.set(n, 0); stack.push(n); }
  while (stack.length) {
    const n = stack.pop() as Node;
    for (const e of n.edges) {
      if (!e) continue;
      const seen = deps.has(e[0]);
      deps.set(e[0], (deps.get(e[0]) ?? 0) + 1);
      if (!seen) stack.push(e[0]);
    }
  }

  const captured: (Tensor | null)[] = capture ? capture.map(() => null) : [];
  const buffers = new Map<Node, (Tensor | null)[]>();
  const add = (node: Node, nr: number, g: Tensor) => {
    let buf = buffers.get(node);
    if (!buf) { buf = new Array(node.numOutputs).fill(null); buffers.set(node, buf); }
    const prev = buf[nr];
    buf[nr] = prev ? prev.add(g) : g;
  };

  return withGradMode(createGraph, () => {
    rootEdges.forEach(([n, nr], i) => add(n, nr, seeds[i]));
    const ready: Node[] = [...deps.keys()].filter((n) => deps.get(n) === 0);
    while (ready.length) {
      const node = ready.pop() as Node;
      const buf = buffers.get(node) ?? [];
      buffers.delete(node);
      if (capture) {
        capture.forEach((e, i) => {
          if (e && e[0] === node && buf[e[1]]) captured[i] = captured[i] ? (captured[i] as Tensor).add(buf[e[1]] as Tensor) : buf[e[1]];
        });
      }
      if (node.retained) {
        for (const [nr, ref] of node.retained) {
          const t = ref.deref();
          if (t && buf[nr]) t._setGrad(buf[nr] as Tensor, createGraph);
        }
      }
      if (node instanceof AccumulateGrad) {
        if (!capture && buf[0]) node.variable._accumulateGrad(buf[0], createGraph);
      } else if (buf.some((g) => g)) {
        const inputGrads = node.apply(buf);
        node.edges.forEach((e, i) => {
          const g = inputGrads[i];
          if (e && g) add(e[0], e[1], createGraph ? g : g.detach());
        });
        if (!retainGraph) node.release();
      }
      for (const e of node.edges) {
        if (!e) continue;
        const left = (deps.get(e[0]) as number) - 1;
        deps.set(e[0], left);
        if (left === 0) ready.push(e[0]);
      }
    }
    return captured;
  });
}
