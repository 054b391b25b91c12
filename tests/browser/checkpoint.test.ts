// examples/checkpoint/index.html in headless Chromium: the script-tag bundle fetches a checkpoint
// PyTorch wrote, torch.load(bytes) + load_state_dict give PyTorch's classes, torch.save(obj) makes bytes.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requireDist, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  requireDist('webtorch.min.js');
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('examples/checkpoint/index.html runs the PyTorch-trained model and re-saves it', async () => {
  const { page, errors } = await h.open('examples/checkpoint/index.html');
  const r = await page.evaluate(() => (window as unknown as { example: Promise<{ classes: number[]; expected: number[]; maxDiff: number; savedBytes: number; same: boolean }> }).example);
  expect(r.classes).toEqual(r.expected);
  expect(r.maxDiff).toBeLessThan(1e-5);
  expect(r.savedBytes).toBeGreaterThan(1000);
  expect(r.same).toBe(true);
  expect(await page.locator('#preds tr').count()).toBe(6);
  expect(errors).toEqual([]);
}, 60_000);
