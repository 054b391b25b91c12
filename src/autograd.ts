// Define-by-run reverse mode: ops on tensors that require grad record a Node; backward() walks
// the recorded graph once in topological order. Backward formulas are tensor ops, so with
// create_graph they are recorded too and can be differentiated again.
import type { DType } from './dtype.js';
import type { Tensor } from './tensor.js';
import { onesLike } from './ops/elementwise.js';
import { stepBoundary, tidy } from './memory.js';

let gradEnabled = true;

/** PyTorch's `torch.is_grad_enabled()`: whether ops are being recorded for autograd. Example: `torch.is_grad_enabled()` */
export function is_grad_enabled(): boolean { return gradEnabled; }
/** PyTorch's `torch.set_grad_enabled(mode)`: turns recording on or off. Example: `torch.set_grad_enabled(false)` */
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
/** PyTorch's `with torch.no_grad():` as a callback: runs fn without recording and returns its value. Example: `torch.no_grad(() => w.sub_(w.grad.mul(0.1)))` */
export function no_grad<T>(fn: () => T): T { return withGradMode(false, fn); }
/** PyTorch's `with torch.enable_grad():` as a callback: runs fn with recording on. Example: `torch.enable_grad(() => x.mul(2))` */
export function enable_grad<T>(fn: () => T): T { return withGradMode(true, fn); }

/** Where a tensor's gradient goes: its grad_fn's output, or its leaf accumulator. */
export type Edge = readonly [Node, number];

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

function modifiedError(t: Tensor, producer: string, now: number, version: number): Error {
  return new Error(
    `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `[${t._typeName()} [${t.shape_.join(', ')}]]${producer} is at version ${now}; expected version ${version} instead. ` +
      'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
  );
}

/**
 * @internal For a node that copied what it needs of a tensor that does not require grad (class
 * indices) instead of saving it: the error a saved tensor gives if the tensor changed in place since.
 */
export function checkUnchanged(t: Tensor, version: number): void {
  const now = t._storageVersion();
  if (now !== version) throw modifiedError(t, '', now, version);
}

/** A tensor a node keeps for its backward: an alias holding the storage, plus the version it saw. */
export class SavedTensor {
  private alias: Tensor | null;
  private readonly version: number;
  /** A saved input, kept for the error message: in-place ops may give it a new grad_fn after saving. */
  private input: Tensor | null;

  /**
   * `outputNr` is the tensor's index among `node`'s outputs, or -1 when it is an input. With `own`,
   * the tensor itself is kept (one its maker hands over and no longer uses), not an alias of it.
   */
  constructor(tensor: Tensor, private readonly node: Node, private readonly outputNr: number, own = false) {
    if (own) {
      tensor._savedAlias = true;
      tensor._kept = true;
    }
    this.alias = own ? tensor : tensor._alias();
    this.version = tensor._storageVersion();
    this.input = outputNr < 0 ? tensor : null;
  }

  unpack(): Tensor {
    const t = this.alias;
    if (!t) throw new Error(FREED_MESSAGE);
    const now = t._storageVersion();
    if (now !== this.version) {
      // PyTorch names the node that produced the tensor; a leaf or plain tensor has none
      let producer = '';
      if (this.outputNr >= 0) producer = `, which is output ${this.outputNr} of ${this.node.name()},`;
      else if (this.input?.grad_fn) producer = `, which is output ${(this.input._gradEdge() as Edge)[1]} of ${this.input.grad_fn.name()},`;
      throw modifiedError(t, producer, now, this.version);
    }
    return t;
  }

  /**
   * After an in-place op on a view, a saved output of that op is the view, whose history now runs
   * through its base (PyTorch's is_inplace_on_view): a create_graph backward must reach the op's
   * node only through the base's CopySlices, which runs it.
   */
  takeHistoryOf(view: Tensor): void {
    if (this.outputNr >= 0) this.alias?._setGradFn(view._gradFn, view._outputNr);
  }

  release(): void {
    this.alias?.dispose();
    this.alias = null;
    this.input = null;
  }
}

/**
 * A node's backward formula: the gradients of its outputs (null where none arrived) and its saved
 * tensors, unpacked (checked against in-place changes), to the gradients of its inputs.
 */
export type BackwardFn = (grads: readonly (Tensor | null)[], saved: readonly Tensor[]) => readonly (Tensor | null)[];

/** Shared by nodes that save nothing: most ops record no array of their own for it. */
const NOTHING: readonly never[] = [];

export class Node {
  /** non-leaf tensors (by output index) whose .grad should be kept: retain_grad() */
  retained: Map<number, WeakRef<Tensor>> | null = null;
  /** @internal its backward returns tensors of its own and makes no others (FusedNode): the engine takes them as they are */
  ownsGrads = false;
  /** the edges into this node's outputs, made once: every consumer of an output shares one */
  private into: Edge[] | null = null;
  constructor(
    private readonly _name: string,
    readonly edges: readonly (Edge | null)[],
    private readonly backward: BackwardFn | null,
    readonly saved: readonly (SavedTensor | null)[] = NOTHING,
    readonly numOutputs = 1,
    /** the inputs' dtypes, kept only when one differs from the outputs': PyTorch hands each input a gradient of its own dtype */
    private readonly dtypes: readonly (DType | null)[] | null = null,
  ) {}
  name(): string { return this._name; }
  /** The edge that leads to output `nr` of this node. */
  edgeTo(nr: number): Edge {
    const into = (this.into ??= []);
    return (into[nr] ??= [this, nr]);
  }
  /** PyTorch's next_functions: one [node, output index] pair per input, [null, 0] where no gradient flows. */
  get next_functions(): [Node | null, number][] {
    return this.edges.map((e) => (e ? [e[0], e[1]] : [null, 0]));
  }
  apply(grads: readonly (Tensor | null)[]): readonly (Tensor | null)[] {
    const saved = this.saved.length ? this.saved.map((s) => (s ? s.unpack() : (null as unknown as Tensor))) : NOTHING;
    const out = (this.backward as BackwardFn)(grads, saved);
    const dtypes = this.dtypes;
    return dtypes ? out.map((g, i) => (g && dtypes[i] && g.dtype !== dtypes[i] ? g.to(dtypes[i] as DType) : g)) : out;
  }
  /** Frees the saved tensors; running the node again throws only if it needs one (as in PyTorch). */
  release(): void {
    for (const s of this.saved) s?.release();
  }
  toString(): string { return `<${this._name} object>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/**
 * A chain of nodes PyTorch records, run as one (cross_entropy's NllLossBackward0 over
 * LogSoftmaxBackward0): next_functions shows the chain (`shown`, the first edges of its inner
 * nodes), while the engine follows `edges`, which skip the inner nodes, and this node's backward
 * gives the gradients of the whole chain, as new tensors it makes no temporaries for (ownsGrads).
 * The inner nodes are real, so a create_graph backward may record through them; they are released
 * with this one.
 */
export class FusedNode extends Node {
  constructor(
    name: string, edges: readonly (Edge | null)[], backward: BackwardFn, saved: readonly (SavedTensor | null)[],
    private readonly shown: readonly (Edge | null)[], private readonly inner: readonly Node[],
  ) {
    super(name, edges, backward, saved);
    this.ownsGrads = true;
  }
  override get next_functions(): [Node | null, number][] {
    return this.shown.map((e) => (e ? [e[0], e[1]] : [null, 0]));
  }
  override release(): void {
    super.release();
    for (const n of this.inner) n.release();
  }
}

/** The node that adds incoming gradients into a leaf's .grad. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', [], null);
  }
}

/** How CopySlices reads and writes a view's places in a gradient shaped as the view's base. */
export interface ViewSlice {
  take(g: Tensor): Tensor;
  /** `g` with the view's places set to `values` (zeros when null), as a new tensor */
  put(g: Tensor, values: Tensor | null): Tensor;
}

/**
 * A base's history after the in-place op `fn` modified one of its views (PyTorch's CopySlices):
 * outside the view, the base's gradient goes to its previous history unchanged; inside, fn's
 * backward turns it into the gradient of the view's old value, and fn's other inputs get theirs.
 */
export class CopySlices extends Node {
  private fn: Node | null;
  constructor(baseEdge: Edge | null, fn: Node, private readonly slice: ViewSlice) {
    // fn's first input is the view's old value: its gradient reaches the base's old history through the slice
    super('CopySlices', [baseEdge, ...fn.edges.slice(1)], null);
    this.fn = fn;
  }
  override apply(grads: readonly (Tensor | null)[]): readonly (Tensor | null)[] {
    const fn = this.fn;
    if (!fn) throw new Error(FREED_MESSAGE);
    const g = grads[0] as Tensor;
    const res = fn.apply([this.slice.take(g)]);
    return [this.slice.put(g, res[0]), ...res.slice(1)];
  }
  /** fn's saved tensors go with it, and a second backward then fails, as in PyTorch */
  override release(): void {
    this.fn?.release();
    this.fn = null;
  }
}

export interface BackwardOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
}

/**
 * The nodes reachable from `roots`, each after every node that sends it a gradient (reverse DFS
 * post-order, iterative: graphs can be thousands of nodes deep). With `targets` (autograd.grad),
 * only the nodes on a path to one of them, as PyTorch runs no more than the inputs need.
 */
function executionOrder(roots: readonly Node[], targets: ReadonlySet<Node> | null): Node[] {
  const post: Node[] = [];
  const visited = new Set<Node>();
  const needed = targets ? new Set<Node>() : null;
  const nodes: Node[] = [], next: number[] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    nodes.push(root);
    next.push(0);
    while (nodes.length) {
      const top = nodes.length - 1, n = nodes[top], i = next[top]++;
      if (i < n.edges.length) {
        const e = n.edges[i];
        if (e && !visited.has(e[0])) { visited.add(e[0]); nodes.push(e[0]); next.push(0); }
        continue;
      }
      nodes.pop();
      next.pop();
      // children finish first, so `needed` is known for all of them here
      if (needed && ((targets as ReadonlySet<Node>).has(n) || n.edges.some((e) => e !== null && needed.has(e[0])))) needed.add(n);
      post.push(n);
    }
  }
  post.reverse();
  return needed ? post.filter((n) => needed.has(n)) : post;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Runs the graph backward from `roots`, seeded with `seeds` (null: ones, allowed for one-element
 * roots). With `capture`, the gradients reaching those edges are returned and leaves' .grad is
 * left alone (autograd.grad); without, gradients accumulate into leaves' .grad (backward()).
 *
 * Unless create_graph, the gradients in flight are the engine's own: each is disposed once
 * consumed, so a training loop's backward leaves nothing behind for the garbage collector.
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly (Tensor | null | undefined)[],
  opts: BackwardOptions,
  capture: readonly (Edge | null)[] | null,
): (Tensor | null)[] {
  const createGraph = !!opts.create_graph;
  const retainGraph = opts.retain_graph ?? createGraph;
  if (seeds.length !== roots.length) throw new Error(`got ${roots.length} tensors and ${seeds.length} gradients`);
  roots.forEach((r, i) => {
    const s = seeds[i];
    if (!s) {
      if (r.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
    } else if (!sameShape(s.shape_, r.shape_)) {
      throw new Error(`Mismatch in shape: grad_output[${i}] has a shape of ${String(s.shape)} and output[${i}] has a shape of ${String(r.shape)}.`);
    }
  });
  const rootEdges = roots.map((r, i) => {
    const e = r._gradEdge();
    if (!e) throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });
  const order = executionOrder(rootEdges.map((e) => e[0]), capture && new Set(capture.flatMap((e) => (e ? [e[0]] : []))));
  const willRun = capture ? new Set(order) : null;

  /** Frees an engine-owned gradient (never one that is part of a graph). */
  const drop = (g: Tensor | null) => { if (!createGraph) g?.dispose(); };
  const buffers = new Map<Node, (Tensor | null)[]>();
  const add = (node: Node, nr: number, g: Tensor) => {
    let buf = buffers.get(node);
    if (!buf) { buf = new Array<Tensor | null>(node.numOutputs).fill(null); buffers.set(node, buf); }
    const prev = buf[nr];
    buf[nr] = prev ? prev.add(g) : g;
    if (prev) { drop(prev); drop(g); }
  };
  const captured: (Tensor | null)[] = capture ? capture.map(() => null) : [];

  const result = withGradMode(createGraph, () => {
    // the engine owns its own handle on each seed (a view, or a copy in the root's dtype, as
    // PyTorch casts it), and creates the implicit ones
    rootEdges.forEach(([n, nr], i) => {
      const s = seeds[i], dtype = roots[i].dtype;
      add(n, nr, !s ? onesLike(roots[i]) : s.dtype !== dtype ? s.to(dtype) : createGraph ? s : s.detach());
    });
    for (const node of order) {
      const buf = buffers.get(node);
      buffers.delete(node);
      if (buf) {
        capture?.forEach((e, i) => {
          const g = e && e[0] === node ? buf[e[1]] : null;
          if (g) captured[i] = createGraph ? g : g.detach();
        });
        if (node.retained) {
          for (const [nr, ref] of node.retained) {
            const t = ref.deref();
            if (t && buf[nr]) t._accumulateGrad(buf[nr] as Tensor, createGraph);
          }
        }
        if (node instanceof AccumulateGrad) {
          if (!capture && buf[0]) node.variable._accumulateGrad(buf[0], createGraph);
        } else if (!willRun || node.edges.some((e) => e && willRun.has(e[0]))) {
          // without create_graph the formulas' temporaries die with the call; each input
          // gradient comes out as a view of its own, for the engine to dispose once consumed
          const grads = createGraph || node.ownsGrads ? node.apply(buf) : tidy(() => node.apply(buf).map((g) => g && g.detach()));
          node.edges.forEach((e, i) => {
            const g = grads[i];
            if (!g) return;
            if (e && (!willRun || willRun.has(e[0]))) add(e[0], e[1], g);
            else drop(g);
          });
        }
        buf.forEach(drop);
      }
      if (!retainGraph) node.release();
    }
    // seeds of roots that lead to no input of autograd.grad
    for (const buf of buffers.values()) buf.forEach(drop);
    return captured;
  });
  // backward() ends an iteration of a training loop: the automatic step scope's boundary
  if (!capture) stepBoundary('backward');
  return result;
}
