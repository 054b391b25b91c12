// torch.linspace gives PyTorch 1.13's values to the last bit (tests/fixtures/linspace.json from
// scripts/fixtures/gen_linspace.py): its CPU kernel fills pairs of AVX2 vectors from a fused
// start + step * idx, so an element's rounding depends on where its vector starts; the autograd
// tutorial's sin(linspace(0, 2 pi, 25))[12] shows it (-8.7423e-08, not 1.5100e-07).
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../src/index.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/linspace.json', import.meta.url), 'utf8')) as
  { start: number; end: number; steps: number; float32: number[]; float64: number[] }[];

test.each(cases.map((c) => [`${c.start}, ${c.end}, ${c.steps}`, c]))('linspace(%s) float32 and float64', (_, c) => {
  expect(torch.linspace(c.start, c.end, c.steps).tolist()).toEqual(c.float32);
  expect(torch.linspace(c.start, c.end, c.steps, { dtype: torch.float64 }).tolist()).toEqual(c.float64);
});

test('the autograd tutorial: sin of the float32 pi in linspace(0, 2 pi, 25)', () => {
  expect(torch.sin(torch.linspace(0, 2 * Math.PI, { steps: 25 })).index(12).item()).toBeCloseTo(-8.742278e-8, 12);
});
