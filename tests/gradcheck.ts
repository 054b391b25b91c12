// Gradient checking in the manner of torch.autograd.gradcheck: the vector-Jacobian product autograd
// computes, against central finite differences, in float64. gradgradcheck does the same for the
// gradient itself (built with create_graph), which checks second derivatives and Hessian-vector
// products.
import { afterEach, beforeEach, describe, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { getWasmBackend } from '../src/backends/index.js';

export type Rng = () => number;

/** A small seeded PRNG (mulberry32): the same cases on every run and every backend. */
export function rng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** where the cotangent's values come from (default: a fixed seed) */
  random?: Rng;
}

type Fn = (...inputs: Tensor[]) => Tensor;

/** The elements of `t` in row-major order. */
function values(t: Tensor): number[] {
  return t.numel() === 1 ? [t.item() as number] : (t.reshape(-1).tolist() as number[]);
}

/** A fresh float64 leaf with the given values and shape, requiring grad when asked. */
export function leaf(vals: readonly number[], shape: readonly number[], requiresGrad: boolean): Tensor {
  const flat = torch.tensor(vals.slice(), { dtype: torch.float64 });
  const t = shape.length === 1 && shape[0] === vals.length ? flat : flat.reshape([...shape]);
  return t.requires_grad_(requiresGrad);
}

/** `x` with element `i` replaced by `v`, as a new leaf of the same kind. */
function perturbed(x: Tensor, i: number, v: number): Tensor {
  const vals = values(x);
  vals[i] = v;
  return leaf(vals, x.shape, x.requires_grad);
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Throws unless the gradient of `fn` at `inputs` (those that require grad) matches central
 * differences: for a random cotangent v, autograd's v·J against (v·f(x + eps e_j) - v·f(x - eps e_j)) / 2eps
 * for every element j. Each input gets a gradient of its own shape (broadcasting summed back).
 */
export function gradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const random = opts.random ?? rng(1234);
  const out = fn(...inputs);
  if (out.dtype !== torch.float64) throw new Error(`gradcheck: the function returned ${String(out.dtype)}, expected torch.float64`);
  const v = values(out).map(() => random() * 2 - 1);
  const cot = leaf(v, out.shape, false);
  const diff = inputs.map((x, k) => k).filter((k) => inputs[k].requires_grad);
  // an output with no graph (a constant of the inputs) has zero gradients
  const analytic = out.requires_grad
    ? torch.autograd.grad([out], diff.map((k) => inputs[k]), { grad_outputs: [cot], allow_unused: true })
    : diff.map(() => null);
  diff.forEach((k, n) => {
    const x = inputs[k];
    const g = analytic[n];
    if (g && (g.ndim !== x.ndim || g.shape.some((d, i) => d !== x.shape[i]))) {
      throw new Error(`gradcheck: input ${k} has shape ${String(x.shape)} but its gradient has shape ${String(g.shape)}`);
    }
    if (g && g.dtype !== x.dtype) throw new Error(`gradcheck: input ${k} is ${String(x.dtype)} but its gradient is ${String(g.dtype)}`);
    const a = g ? values(g) : values(x).map(() => 0);
    const xv = values(x);
    for (let j = 0; j < xv.length; j++) {
      const at = (h: number) => {
        const args = inputs.slice();
        args[k] = perturbed(x, j, xv[j] + h);
        return dot(values(fn(...args)), v);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      if (!(Math.abs(a[j] - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new Error(
          `gradcheck: Jacobian mismatch for input ${k} (shape ${String(x.shape)}), element ${j}: ` +
            `autograd ${a[j]}, finite differences ${numeric} (inputs ${inputs.map((t) => JSON.stringify(t.tolist())).join(', ')})`,
        );
      }
    }
  });
}

/**
 * Second-order check: the function (x..., v) -> sum_k (dv·f/dx_k * r_k), built by autograd with
 * create_graph (r_k fixed random weights), is itself checked by gradcheck. Its gradient with respect
 * to x is a Hessian-vector product, with respect to the cotangent v a Jacobian-vector product.
 */
export function gradgradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): void {
  const random = opts.random ?? rng(4321);
  const out = fn(...inputs);
  const cot = leaf(values(out).map(() => random() * 2 - 1), out.shape, true);
  const diff = inputs.map((x, k) => k).filter((k) => inputs[k].requires_grad);
  const weights = diff.map((k) => leaf(values(inputs[k]).map(() => random() * 2 - 1), inputs[k].shape, false));
  const firstOrder = (...args: Tensor[]): Tensor => {
    const xs = args.slice(0, inputs.length), v = args[inputs.length];
    const grads = torch.autograd.grad([fn(...xs)], diff.map((k) => xs[k]), { grad_outputs: [v], create_graph: true, allow_unused: true });
    let total: Tensor | null = null;
    grads.forEach((g, n) => {
      if (!g) return;
      const term = g.mul(weights[n]).sum();
      total = total ? total.add(term) : term;
    });
    // a function whose first derivative does not depend on x or v at all (floor) is constant
    return total ?? leaf([0], [], false);
  };
  gradcheck(firstOrder, [...inputs, cot], { ...opts, random });
}

/** Why the wasm backend cannot run these suites yet (its core is written alongside them), or null. */
function wasmCoreMissing(): string | null {
  const core = getWasmBackend()?.core as Record<string, unknown> | undefined;
  const missing = ['exp_f64', 'mul_f64', 'sum_f64'].filter((k) => typeof core?.[k] !== 'function');
  return missing.length ? `the wasm core has no ${missing.join(', ')} yet (npm run build:asc)` : null;
}

/**
 * Declares `body`'s tests once per cpu backend, each test creating its tensors on that backend.
 * Until the wasm core has its kernels, its half is one visible todo.
 */
export function describeBackends(title: string, body: () => void): void {
  for (const backend of ['js', 'wasm'] as const) {
    describe(`${title} on ${backend}`, () => {
      const missing = backend === 'wasm' ? wasmCoreMissing() : null;
      if (missing) {
        test.todo(`${title} (${missing})`);
        return;
      }
      beforeEach(() => torch.set_backend(backend));
      afterEach(() => torch.set_backend('wasm'));
      body();
    });
  }
}
