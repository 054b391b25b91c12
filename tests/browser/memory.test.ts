// A literal training loop (no tidy, no dispose) for 100,000 steps in a page of headless Chromium,
// with and without awaits between steps, and 10,000 on the webgl device: torch.memory() (and the
// live textures) stay flat under the automatic step scope.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requireDist, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  requireDist('webtorch.mjs', 'webtorch.wasm');
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Run = { samples: [number, number, number, number][]; loss: number; ms: number };

const CASES = [['mlp', 100_000, 1000, 'cpu'], ['manualSGD', 20_000, 0, 'cpu'], ['manualSGD', 10_000, 1000, 'webgl']] as const;
for (const [loop, steps, every, device] of CASES) {
  test(`${loop} on ${device}: ${steps} literal steps in a page${every ? `, awaiting every ${every}` : ', synchronous'}, with flat torch.memory()${device === 'webgl' ? ' and live textures' : ''}`, async () => {
    const { page, errors } = await h.open(`tests/browser/fixtures/memory-loop.html?loop=${loop}&steps=${steps}&yield=${every}&device=${device}`);
    await page.waitForFunction(() => 'run' in window);
    const r = await page.evaluate(() => (window as unknown as { run: Promise<Run> }).run);
    expect(r.samples.length).toBe(steps / 1000);
    expect(Number.isFinite(r.loss)).toBe(true);
    const after = r.samples.slice(1).map(([, t, b, tex]) => `${t} ${b} ${tex}`);
    expect(new Set(after).size).toBe(1);
    expect(r.samples[1][1]).toBeLessThan(150);
    expect(errors).toEqual([]);
  }, 600_000);
}
