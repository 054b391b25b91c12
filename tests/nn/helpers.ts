// Shared by the tests/nn suites: the PyTorch fixture and a tolerant comparison of values.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Tensor } from '../../src/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(readFileSync(new URL('../fixtures/nn.json', import.meta.url), 'utf8'));

/** The values of `t`, row-major. */
export function flat(t: Tensor): number[] {
  return t.numel() === 1 && t.ndim === 0 ? [t.item() as number] : (t.detach().reshape(-1).tolist() as number[]);
}

/** `t`'s values against PyTorch's within a float32 tolerance (relative and absolute). */
export function close(t: Tensor | number[], want: number[], tol = 1e-5, what = ''): void {
  const got = Array.isArray(t) ? t : flat(t);
  expect(got.length, `${what} length`).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `${what}[${i}]: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]))));
}

/** The message of the error `fn` throws (PyTorch's text; webtorch prefixes Python's KeyError/ValueError/... where JS has no such class). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
