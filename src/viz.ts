// torch.viz.make_dot: the autograd graph as Graphviz DOT, as the torchviz package draws it (same
// node labels, colours, edges and layout attributes), with an optional SVG rendering through
// @viz-js/viz, imported only when svg() is called.
import { Tensor } from './tensor.js';
import { AccumulateGrad, type Node } from './autograd.js';
import { checkKeys } from './utils/data/_util.js';

/** make_dot's options: torchviz's names. */
export interface MakeDotOptions {
  /** names for tensors that require grad: a Map or an object, e.g. Object.fromEntries(model.named_parameters()) */
  params?: Map<string, Tensor> | Record<string, Tensor> | Iterable<[string, Tensor]> | null;
  /** show the tensors each backward node saved (orange), named `saved[i]` (webtorch's nodes keep no attribute names) */
  show_saved?: boolean;
  /** accepted for torchviz compatibility; webtorch's nodes expose no attributes, so nothing more is shown */
  show_attrs?: boolean;
  max_attr_chars?: number;
}

const KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);

/** Graphviz's quoting (as the Python graphviz package does it): bare identifiers and numerals stay bare. */
function quote(s: string): string {
  if (/^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(s) && !KEYWORDS.has(s.toLowerCase())) return s;
  if (/^-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)$/.test(s)) return s;
  return `"${s.replace(/(?<!\\)"/g, '\\"')}"`;
}

const attrs = (a: Record<string, string | undefined>): string => {
  const parts = Object.keys(a).filter((k) => a[k] !== undefined).map((k) => `${quote(k)}=${quote(a[k] as string)}`);
  return parts.length ? ` [${parts.join(' ')}]` : '';
};

/** Python's str() of a float (the graph size): 18.0, 13.649999999999999 */
const pyFloat = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));

/** A Graphviz graph: `source` is the DOT text (also String(dot)); `svg()` renders it. */
export class Digraph {
  /** @internal */
  readonly body: string[] = [];
  graph_attr: Record<string, string>;
  constructor(readonly node_attr: Record<string, string>, graph_attr: Record<string, string>) {
    this.graph_attr = { ...graph_attr };
  }
  /** @internal */
  node(name: string, label: string, extra: Record<string, string> = {}): void {
    this.body.push(`\t${quote(name)}${attrs({ label, ...extra })}\n`);
  }
  /** @internal */
  edge(tail: string, head: string, extra: Record<string, string> = {}): void {
    this.body.push(`\t${quote(tail)} -> ${quote(head)}${attrs(extra)}\n`);
  }
  /** The DOT text, as graphviz's Digraph.source prints it. */
  get source(): string {
    const sorted = (o: Record<string, string>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    return `digraph {\n\tgraph${attrs(sorted(this.graph_attr))}\n\tnode${attrs(sorted(this.node_attr))}\n${this.body.join('')}}\n`;
  }
  toString(): string { return this.source; }
  /**
   * The graph drawn as SVG text by @viz-js/viz (Graphviz compiled to WebAssembly), loaded on
   * first use; pass `{viz}` (the module or its instance) where a bare import cannot resolve.
   * `document.body.innerHTML = await torch.viz.make_dot(loss).svg()`
   */
  async svg(opts: { viz?: unknown } = {}): Promise<string> {
    let mod = opts.viz as { instance?: () => Promise<unknown>; renderString?: unknown } | undefined;
    if (!mod) {
      // a computed specifier, so bundlers leave the optional dependency out of webtorch's bundle
      const name = '@viz-js/viz';
      try {
        mod = await import(/* @vite-ignore */ name);
      } catch (e) {
        throw new Error(`Digraph.svg() needs the optional package @viz-js/viz (npm install @viz-js/viz): ${(e as Error).message}`);
      }
    }
    const viz = (typeof mod?.instance === 'function' ? await mod.instance() : mod) as { renderString(src: string, o: { format: string }): string };
    return viz.renderString(this.source, { format: 'svg' });
  }
}

/** torchviz's size_to_str: `(3, 4)` */
const sizeToStr = (shape: readonly number[]): string => `(${shape.join(', ')})`;

/**
 * torch.viz.make_dot(output, {params, show_saved}): torchviz's make_dot. Backward nodes are grey
 * boxes named as PyTorch names them (grad_fn.name()), leaves that require grad blue (labelled
 * with their name from `params` and shape), outputs green, a view's base dark green.
 * `const dot = torch.viz.make_dot(model(x), {params: Object.fromEntries(model.named_parameters())}); String(dot)`
 */
export function make_dot(output: Tensor | readonly Tensor[], opts: MakeDotOptions = {}): Digraph {
  checkKeys('make_dot', opts, ['params', 'show_saved', 'show_attrs', 'max_attr_chars']);
  const paramMap = new Map<Tensor, string>();
  const p = opts.params;
  if (p) {
    const entries: Iterable<[string, Tensor]> = p instanceof Map ? p.entries() : Symbol.iterator in Object(p) ? (p as Iterable<[string, Tensor]>) : Object.entries(p);
    for (const [k, v] of entries) {
      if (!(v instanceof Tensor)) throw new TypeError('make_dot: every value of params must be a tensor');
      paramMap.set(v, k);
    }
  }
  const dot = new Digraph(
    { style: 'filled', shape: 'box', align: 'left', fontsize: '10', ranksep: '0.1', height: '0.2', fontname: 'monospace' },
    { size: '12,12' },
  );
  // ids play the part of Python's id(): one per object, in order of first sight
  const ids = new Map<object, string>();
  const id = (o: object): string => { let s = ids.get(o); if (!s) { s = String(ids.size + 1); ids.set(o, s); } return s; };
  const seen = new Set<object>();
  const varName = (t: Tensor, name?: string): string => `${name || paramMap.get(t) || ''}\n ${sizeToStr(t.shape)}`;

  const addNodes = (fn: Node): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    if (opts.show_saved) {
      fn.saved.forEach((s, i) => {
        if (!s) return;
        let t: Tensor;
        try { t = s.unpack(); } catch { return; }
        seen.add(t);
        dot.edge(id(fn), id(t), { dir: 'none' });
        dot.node(id(t), varName(t, `saved[${i}]`), { fillcolor: 'orange' });
      });
    }
    if (fn instanceof AccumulateGrad) {
      const v = fn.variable;
      seen.add(v);
      dot.node(id(v), varName(v), { fillcolor: 'lightblue' });
      dot.edge(id(v), id(fn));
    }
    dot.node(id(fn), fn.name());
    for (const [next] of fn.next_functions) {
      if (next) {
        dot.edge(id(next), id(fn));
        addNodes(next);
      }
    }
  };

  const addBaseTensor = (t: Tensor, color = 'darkolivegreen1'): void => {
    if (seen.has(t)) return;
    seen.add(t);
    dot.node(id(t), varName(t), { fillcolor: color });
    const fn = t.grad_fn;
    if (fn) {
      addNodes(fn);
      dot.edge(id(fn), id(t));
    }
    const base = t._base;
    if (base) {
      addBaseTensor(base, 'darkolivegreen3');
      dot.edge(id(base), id(t), { style: 'dotted' });
    }
  };

  if (Array.isArray(output)) for (const t of output) addBaseTensor(t);
  else addBaseTensor(output as Tensor);
  // torchviz's resize_graph: 0.15 per line of the body, at least 12
  const content = dot.body.length * 0.15;
  const size = content > 12 ? pyFloat(content) : '12';
  dot.graph_attr.size = `${size},${size}`;
  return dot;
}
