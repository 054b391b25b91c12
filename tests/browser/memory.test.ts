// Literal training loops (no tidy, no dispose) for 100,000 steps in a page of headless Chromium,
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

const CASES = [['mlp', 100_000, 1000, 'cpu'], ['manualSGD', 20_000, 0, 'cpu'], ['tutorial', 100_000, 0, 'cpu'], ['manualSGD', 10_000, 1000, 'webgl']] as const;
for (const [loop, steps, every, device] of CASES) {
  test(`${loop} on ${device}: ${steps} literal steps in a page${every ? `, awaiting every ${every}` : ', synchronous'}, with flat torch.memory()${device === 'webgl' ? ' and live textures' : ''}`, async () => {
    const { page, errors } = await h.open(`tests/browser/fixtures/memory-loop.html?loop=${loop}&steps=${steps}&yield=${every}&device=${device}`);
    await page.waitForFunction(() => 'run' in window);
    const r = await page.evaluate(() => (window as unknown as { run: Promise<Run> }).run);
    console.log(`${loop} ${device}: ${r.ms} ms for ${steps} steps`);
    expect(r.samples.length).toBe(steps / 1000);
    expect(Number.isFinite(r.loss)).toBe(true);
    const after = r.samples.slice(1).map(([, t, b, tex]) => `${t} ${b} ${tex}`);
    expect(new Set(after).size).toBe(1);
    expect(r.samples[1][1]).toBeLessThan(150);
    expect(errors).toEqual([]);
  }, 600_000);
}

for (const device of ['cpu', 'webgl']) {
  test(`on ${device}, tensors the loop kept and the step scope released come back with their values`, async () => {
    const { page, errors } = await h.open('tests/browser/fixtures/memory-loop.html?loop=manualSGD&steps=1000&yield=0');
    await page.waitForFunction(() => 'run' in window);
    await page.evaluate(() => (window as unknown as { run: Promise<Run> }).run);
    // plain JS in the page (a string, so the test runner leaves its import() alone)
    const r = await page.evaluate(`(async () => {
      const torch = await import('/dist/webtorch.mjs');
      const { LOOPS } = await import('/tests/memory/loops.mjs');
      const { step } = LOOPS.manualSGD(torch, { device: '${device}' });
      const losses = [], values = [];
      for (let i = 0; i < 200; i++) { const l = step(); losses.push(l); values.push(l.item()); }
      const live = torch.memory('${device}').tensors;
      return { same: losses.every((l, i) => l.item() === values[i]), live, grew: torch.memory('${device}').tensors - live };
    })()`) as { same: boolean; live: number; grew: number };
    expect(r.same).toBe(true);
    // all 200 losses were released (spilled) before being read again, and only came back when read
    expect(r.live).toBeLessThan(100);
    expect(r.grew).toBeGreaterThanOrEqual(190);
    expect(errors).toEqual([]);
  }, 120_000);
}
