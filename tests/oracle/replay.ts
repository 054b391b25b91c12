// Replays one PyTorch oracle case (tests/oracle/README.md) through webtorch's public API.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface TensorSpec { shape: number[]; dtype: string; data: unknown }
export interface Case {
  id: string;
  style: 'torch' | 'method' | 'F' | 'index';
  call: string;
  inputs: TensorSpec[];
  requires_grad?: boolean[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  outputs?: TensorSpec[];
  value?: boolean | number;
  error?: string;
  message?: string;
  cotangents?: TensorSpec[];
  grads?: (TensorSpec | null)[];
  repr?: string[];
  tol?: number;
  /** per input: [d0, d1] when the input is a transposed view (data holds the view's values) */
  transposed?: ([number, number] | null)[];
}

export const ORACLE_PATH = new URL('./fixtures.json', import.meta.url);
export function loadCases(): Case[] {
  return (JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as { cases: Case[] }).cases;
}

function decode(v: unknown): unknown {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  return v;
}

export function makeTensor(spec: TensorSpec, requiresGrad = false, transposed?: [number, number], device = 'cpu'): Tensor {
  let t = torch.tensor(decode(spec.data) as number[], { dtype: spec.dtype as 'float32', device });
  // nested lists lose the dims after a 0-size one ([[], []] is [2, 0]; [] alone is [0])
  if (t.numel() === 0 && t.ndim !== spec.shape.length) t = t.reshape(spec.shape);
  // rebuild a strided view with the same values: transpose a contiguous transpose
  if (transposed) t = t.transpose(...transposed).contiguous().transpose(...transposed);
  return requiresGrad ? t.requires_grad_(true) : t;
}

/**
 * Inputs that the generator built as transposed views (gen_fixtures.py) while the fixture stores
 * plain values: rebuilt as views so the strided paths (and view's error) are what gets tested.
 */
const TRANSPOSED_INPUTS: Record<string, Record<number, [number, number]>> = {
  'view/non-contiguous-error': { 0: [0, 1] },
  'reshape/non-contiguous-ok': { 0: [0, 1] },
  'matmul/transposed-view': { 0: [0, 1] },
  'contiguous/of-transpose': { 0: [0, 1] },
};

function resolveArg(a: unknown, inputs: Tensor[]): unknown {
  if (a === null || typeof a !== 'object') return a;
  if (Array.isArray(a)) return a.map((x) => resolveArg(x, inputs));
  const o = a as Record<string, unknown>;
  if ('t' in o) return inputs[o.t as number];
  if (typeof o.dtype === 'string' && Object.keys(o).length === 1) return torch[o.dtype as 'float64'];
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveArg(v, inputs)]));
}

/** The function a case calls, or null when webtorch does not have it yet. */
export function target(c: Case, inputs: Tensor[]): ((...a: unknown[]) => unknown) | null {
  const ns = torch as unknown as Record<string, unknown>;
  if (c.style === 'torch') return typeof ns[c.call] === 'function' ? (ns[c.call] as (...a: unknown[]) => unknown) : null;
  if (c.style === 'F') {
    const F = ns.nn ? ((ns.nn as Record<string, unknown>).functional as Record<string, unknown>) : undefined;
    const f = F?.[c.call.replace(/^F\./, '')];
    return typeof f === 'function' ? (f as (...a: unknown[]) => unknown) : null;
  }
  const self = resolveArg(c.args[0], inputs) as Record<string, unknown>;
  const name = c.style === 'index' ? 'index' : c.call;
  const m = self[name];
  return typeof m === 'function' ? (...a: unknown[]) => (m as (...x: unknown[]) => unknown).apply(self, a) : null;
}

export function opName(c: Case): string {
  return c.style === 'F' && !c.call.startsWith('F.') ? `F.${c.call}` : c.style === 'index' ? 'index' : c.call;
}

function toleranceFor(c: Case, dtype: string): { rtol: number; atol: number } {
  if (c.tol) return { rtol: c.tol, atol: c.tol };
  if (dtype === 'float64') return { rtol: 1e-10, atol: 1e-10 };
  if (dtype === 'float16') return { rtol: 1e-3, atol: 1e-3 };
  const loose = c.grads || /sum|mean|prod|std|var|norm|softmax|logsumexp|cum|matmul|mm|bmm|dot|mv|outer|addmm|baddbmm|einsum|F\./.test(c.call);
  return loose ? { rtol: 1e-4, atol: 1e-4 } : { rtol: 1e-5, atol: 1e-5 };
}

function flat(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

export function expectTensor(actual: unknown, spec: TensorSpec, c: Case, what: string): void {
  expect(actual, `${what} is a tensor`).toBeInstanceOf(torch.Tensor);
  const t = actual as Tensor;
  expect([...t.shape], `${what} shape`).toEqual(spec.shape);
  expect(t.dtype.name, `${what} dtype`).toBe(spec.dtype);
  const got = flat(t.tolist());
  const want = flat(decode(spec.data));
  expect(got.length, `${what} numel`).toBe(want.length);
  const { rtol, atol } = toleranceFor(c, spec.dtype);
  for (let i = 0; i < want.length; i++) {
    const w = want[i], g = got[i];
    if (typeof w === 'boolean' || spec.dtype.startsWith('int') || spec.dtype === 'uint8') {
      expect(g, `${what}[${i}]`).toBe(w);
    } else if (Number.isNaN(w)) {
      expect(Number.isNaN(g), `${what}[${i}] is nan`).toBe(true);
    } else if (!Number.isFinite(w as number)) {
      expect(g, `${what}[${i}]`).toBe(w);
    } else {
      const diff = Math.abs((g as number) - (w as number));
      if (!(diff <= atol + rtol * Math.abs(w as number))) {
        expect.fail(`${what}[${i}]: got ${g}, expected ${w} (|diff| ${diff} > ${atol} + ${rtol}*|expected|)`);
      }
    }
  }
}

/** How replay runs a case's forward and backward. */
export interface ReplayOptions {
  /**
   * Run the forward inside torch.tidy returning only the outputs (so every temporary it made is
   * disposed), then the backward outside it: a backward closure must read only saved tensors.
   */
  tidy?: boolean;
  /**
   * Differentiate with create_graph and then once more (the sum of the first gradients), returning
   * those second-order gradients per differentiable input so a caller can compare two runs.
   */
  createGraph?: boolean;
  /**
   * With tidy: the op receives views of its inputs made inside the tidy (so they are temporaries
   * it disposes, as a layer's input is inside a model), not the caller's tensors themselves.
   */
  temporaries?: boolean;
}

/** Runs the case (inputs on `device`); fails through expect. With createGraph, returns the second-order gradients' values. */
export function replay(c: Case, device = 'cpu', opts: ReplayOptions = {}): (unknown[] | null)[] | undefined {
  const inputs = c.inputs.map((s, i) => makeTensor(s, c.requires_grad?.[i] ?? false, c.transposed?.[i] ?? TRANSPOSED_INPUTS[c.id]?.[i], device));
  const bind = (ins: Tensor[]): [(...a: unknown[]) => unknown, unknown[]] => {
    const f = target(c, ins);
    if (!f) throw new Error(`webtorch has no ${opName(c)}`);
    const positional = c.style === 'method' || c.style === 'index' ? c.args.slice(1) : c.args;
    const a = positional.map((x) => resolveArg(x, ins));
    // creation functions (no tensor inputs) make their result on the device under test
    const kwargs = device !== 'cpu' && c.inputs.length === 0 ? { ...c.kwargs, device } : c.kwargs;
    if (Object.keys(kwargs).length) a.push(resolveArg(kwargs, ins));
    return [f, a];
  };
  const [fn, args] = bind(inputs);

  if (c.error) {
    let thrown: unknown = null;
    try { fn(...args); } catch (e) { thrown = e; }
    expect(thrown, `${c.id} throws`).toBeInstanceOf(Error);
    expect((thrown as Error).message).toContain((c.message as string).split('\n')[0]);
    return;
  }
  // tuples (split, max(dim)) come back as arrays or iterables, even of one tensor
  const tuple = (r: unknown): unknown[] => (Array.isArray(r) || (c.outputs && c.outputs.length > 1) ? [...(r as Iterable<unknown>)] : [r]);
  if (c.value !== undefined) {
    expect(fn(...args)).toBe(c.value);
    return;
  }
  const outs: unknown[] = !opts.tidy ? tuple(fn(...args)) : torch.tidy(() => {
    if (!opts.temporaries) return tuple(fn(...args));
    // the op's operands are views made inside the scope (same strides), which it disposes
    const [f, a] = bind(inputs.map((t) => t.expand_as(t)));
    return tuple(f(...a));
  });
  (c.outputs ?? []).forEach((spec, i) => expectTensor(outs[i], spec, c, `output ${i}`));
  if (device !== 'cpu') outs.forEach((o, i) => expect((o as Tensor).device, `output ${i} device`).toBe(device));
  // PyTorch's printed forms are of cpu tensors (others add a device= suffix)
  if (c.repr && device === 'cpu') c.repr.forEach((r, i) => expect(String(outs[i])).toBe(r));
  if (c.grads && c.cotangents) {
    // grads line up with inputs; those that do not require grad expect None
    const diff = inputs.map((_, i) => i).filter((i) => c.requires_grad?.[i]);
    // as the generator: only outputs that require grad (max(dim)'s indices do not) are differentiated
    const diffOuts = (outs as Tensor[]).filter((o) => o.requires_grad);
    const cotangents = c.cotangents.map((s) => makeTensor(s, false, undefined, device));
    const first = () => torch.autograd.grad(diffOuts, diff.map((i) => inputs[i]), {
      grad_outputs: cotangents,
      allow_unused: true,
      create_graph: !!opts.createGraph,
    });
    // under tidy, a create_graph backward's own temporaries go too: the graph it records must not need them
    const grads = opts.tidy && opts.createGraph ? torch.tidy(first) : first();
    c.grads.forEach((spec, i) => {
      const k = diff.indexOf(i);
      const g = k >= 0 ? grads[k] : null;
      if (spec === null) expect(g, `grad ${i} is None`).toBeNull();
      else {
        expectTensor(g, spec, c, `grad ${i}`);
        if (device !== 'cpu') expect((g as Tensor).device, `grad ${i} device`).toBe(device);
      }
    });
    if (opts.createGraph) {
      // the first gradients that depend on the inputs again, summed, differentiated once more
      const firsts = grads.filter((g): g is Tensor => g !== null && g.requires_grad);
      if (!firsts.length) return diff.map(() => null);
      const total = firsts.map((g) => g.sum()).reduce((a, b) => a.add(b));
      const second = torch.autograd.grad([total], diff.map((i) => inputs[i]), { allow_unused: true });
      return second.map((g) => (g ? flat(g.tolist()) : null));
    }
  }
}
