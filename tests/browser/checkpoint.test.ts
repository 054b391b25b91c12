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

test("map_location: 'webgl' puts each storage on the GPU once, views still share it; webgl tensors save", async () => {
  const { page, errors } = await h.open('examples/checkpoint/index.html');
  await page.evaluate(() => (window as unknown as { example: Promise<unknown> }).example);
  const r = await page.evaluate(() => {
    const t = (window as unknown as { torch: any }).torch; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!t.webgl.is_available()) return null;
    const base = t.arange(12, { dtype: t.float32 }).reshape(3, 4);
    const [a, b, c] = t.load(t.save([base, base.t(), base.index('1:, 2:')]), { map_location: 'webgl' });
    const again = t.load(t.save([a, b, c]));
    return {
      devices: [a.device, b.device, c.device],
      shared: a.storage === b.storage && b.storage === c.storage,
      values: [b.cpu().tolist(), c.cpu().tolist()],
      want: [base.t().tolist(), base.index('1:, 2:').tolist()],
      again: [again[1].tolist(), again[2].tolist()],
      againShared: again[0].storage === again[2].storage,
    };
  });
  if (r === null) return; // no WebGL2 in this browser
  expect(r.devices).toEqual(['webgl', 'webgl', 'webgl']);
  expect(r.shared).toBe(true);
  expect(r.values).toEqual(r.want);
  expect(r.again).toEqual(r.want);
  expect(r.againShared).toBe(true);
  expect(errors).toEqual([]);
}, 60_000);
