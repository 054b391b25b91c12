// Convolution and pooling on the webgl device in headless Chromium (SwiftShader's WebGL2): the
// PyTorch fixtures of tests/conv (tests/fixtures/conv.json) forward and backward on 'webgl', a
// randomized differential test of the GPU kernels (src/backends/webgl/conv.ts) against the cpu,
// and no texture readback on the way (the ops stay on the GPU). The page half is
// tests/browser/webgl/conv-page.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { openTsPage, pageCaller } from './webgl/open.js';
import type { DiffResult, FixtureCase, FixtureResult } from './webgl/conv-page.js';
import type { Page } from 'playwright-core';

let h: Harness;
let page: Page;
let errors: string[];
const call = pageCaller(() => page);

beforeAll(async () => {
  h = await startHarness();
  ({ page, errors } = await openTsPage(h, 'tests/browser/webgl/conv.html'));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const fixtures = (JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] }).cases;
/** the ops whose kernels are the webgl device's own (conv.ts's dispatch): they must not read back */
const GPU_OPS = /^(conv|max_pool[12]d|avg_pool[12]d|adaptive_(avg|max)_pool[12]d|unfold|fold)/;

test('webgl is available in Chromium', async () => {
  const info = await call<{ available: boolean; renderer: string }>('info');
  expect(info.available).toBe(true);
  console.log(`webgl device: ${info.renderer}`);
});

describe('conv fixtures (PyTorch 1.13) on webgl, float32', () => {
  const results = new Map<string, FixtureResult>();
  beforeAll(async () => {
    for (const r of await call<FixtureResult[]>('fixtures', fixtures, 2e-5)) results.set(r.name, r);
    const reading = [...results.values()].filter((r) => r.readbacks > 0);
    console.log(`fixtures that still read textures back (ops outside the webgl kernels): ${reading.map((r) => `${r.name} (${r.readbacks})`).join(', ') || 'none'}`);
  }, 300_000);
  for (const c of fixtures) {
    test(`${c.name}: outputs, grad_fn and gradients (im2col + GEMM and direct)${GPU_OPS.test(c.fn) ? ', no readback' : ''}`, () => {
      const r = results.get(c.name);
      if (!r?.ok) throw new Error(r?.message ?? 'not run');
      if (GPU_OPS.test(c.fn)) expect(r.readbacks, `${c.name} read textures back to the host`).toBe(0);
    });
  }
});

test.each([false, true])('randomized differential (direct convolution shader: %s): webgl against the cpu over strides, paddings, dilations, groups, odd sizes and strided inputs', async (direct) => {
  const r = await call<DiffResult & { directRuns: number }>('differential', 16, 60, 1e-4, direct);
  console.log(`webgl vs cpu${direct ? ' (direct convolutions)' : ''}: ${r.cases} cases (${r.skipped} configurations PyTorch refuses skipped), worst relative difference ${r.worst.toExponential(2)}, per op ${JSON.stringify(r.kinds)}`);
  expect(r.failures.slice(0, 10)).toEqual([]);
  expect(r.cases).toBeGreaterThan(90);
  expect(r.readbacks).toBe(0);
  // the forward and the input gradient of every convolution (when x requires grad, as here)
  if (direct) expect(r.directRuns).toBeGreaterThanOrEqual(2 * 60);
  else expect(r.directRuns).toBe(0);
}, 300_000);

test('LeNet-sized conv forward and backward: timing of the GPU kernels and the cpu round trip (not asserted)', async () => {
  const t = await call<Record<string, number>>('bench', 64, 2);
  console.log(`LeNet-sized step (batch 64), ms: ${Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  expect(Object.keys(t)).toHaveLength(4);
}, 300_000);

test('no console errors on the page', () => {
  expect(errors).toEqual([]);
});
