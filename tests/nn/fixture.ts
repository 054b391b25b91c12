// Loading tests/fixtures/layers.json (written by scripts/fixtures/gen_layers.py with PyTorch 1.13)
// and comparing webtorch's tensors with its entries.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface Enc { dtype: string; shape: number[]; data: (number | boolean | string)[] }

/** A fixture value: JSON has no infinities or NaN, so the generator writes them as 'inf', '-inf', 'nan'. */
const num = (v: number | boolean | string): number =>
  (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const FIX: any = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8'));

/** A fixture tensor as a webtorch tensor (a fresh leaf). */
export function dec(e: Enc, requiresGrad = false): Tensor {
  const dtype = (torch as unknown as Record<string, torch.DType>)[e.dtype];
  const flat = torch.tensor(e.data.map(num), { dtype });
  const t = flat.reshape(e.shape);
  return requiresGrad ? t.detach().requires_grad_(true) : t;
}

/** Values in row-major order. */
export function values(t: Tensor): number[] {
  return t.reshape(-1).tolist() as number[];
}

/** Elementwise closeness against a fixture tensor (shape too); NaN and infinities must agree. */
export function near(t: Tensor | null, e: Enc | null, tol = 1e-5): void {
  if (e === null) { expect(t).toBeNull(); return; }
  expect(t).not.toBeNull();
  const got = t as Tensor;
  expect(got.shape.slice()).toEqual(e.shape);
  const v = values(got);
  v.forEach((g, i) => {
    const w = num(e.data[i]);
    if (!Number.isFinite(w)) expect(g, `[${i}]`).toBe(w);
    else expect(Math.abs(g - w), `[${i}]: ${g} vs ${w}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w)));
  });
}

/** Exact equality of values and shape. */
export function same(t: Tensor, e: Enc): void {
  expect(t.shape.slice()).toEqual(e.shape);
  expect(values(t)).toEqual(e.data.map(num));
}
