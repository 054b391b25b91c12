// The PyTorch fixtures of the training fast paths (scripts/fixtures/gen_training_paths.py), read by
// tests/training-paths.test.ts and by tests/tidy-backward.test.ts (the same paths inside torch.tidy).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '../src/index.js';

export const fx = JSON.parse(readFileSync(new URL('./fixtures/training-paths.json', import.meta.url), 'utf8')) as {
  nll: { n: number; c: number; dtype: 'float32' | 'float64'; reduction: 'mean' | 'sum'; x: number[]; target: number[];
    loss: number; ce: number; grad: number[] | null; ce_grad: number[] | null }[];
  linear: { weight: number[]; bias: number[]; x: number[]; y: number[]; loss: number; weight_grad: number[]; bias_grad: number[] };
  relu: { x: (number | string)[]; g: (number | string)[]; grad: (number | string)[] };
};

/** Each value within `tol` relative (and absolute near zero) of PyTorch's. */
export const close = (got: number[], want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
};

/** The fixture's Linear(20, 6) in float64 with PyTorch's weights, and its input batch [8, 20]. */
export function fixtureLinear() {
  const L = fx.linear;
  const lin = torch.nn.Linear(20, 6).double();
  torch.no_grad(() => {
    lin.weight.copy_(torch.tensor(L.weight, { dtype: torch.float64 }).reshape([6, 20]));
    lin.bias!.copy_(torch.tensor(L.bias, { dtype: torch.float64 }));
  });
  return { L, lin, x: torch.tensor(L.x, { dtype: torch.float64 }).reshape([8, 20]) };
}
