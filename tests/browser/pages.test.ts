// The distributed bundles in headless Chromium: the script-tag example page straight from disk,
// the ready() contract of the script tag, and the ESM bundle imported by a cross-origin-isolated page.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireDist, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  requireDist('webtorch.min.js', 'webtorch.mjs', 'webtorch.wasm');
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('script tag (dist/webtorch.min.js)', () => {
  test('examples/index.html loads from file://, trains XOR and draws its loss curve, with no console error', async () => {
    const { page, errors } = await h.open(h.fileUrl('examples/index.html'));
    const result = await page.evaluate(() => (window as unknown as { example: Promise<{ losses: number[]; predictions: number[]; backend: string }> }).example);
    expect(result.backend).toBe('wasm');
    expect(result.losses.length).toBeGreaterThan(100);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(result.losses.at(-1)!).toBeLessThan(result.losses[0] / 10);
    // XOR learned: outputs on the right side of 0.5
    expect(result.predictions.map((v) => (v > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    // the loss curve and the decision map were drawn (canvases hold more than one colour)
    const colours = await page.evaluate(() => ['loss', 'map'].map((id) => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 7) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return seen.size;
    }));
    expect(colours[0]).toBeGreaterThan(3);
    expect(colours[1]).toBeGreaterThan(10);
    expect(await page.locator('#preds tr').count()).toBe(5);
    expect(errors).toEqual([]);
  });

  test('an op before torch.ready() throws an Error saying so; after it resolves ops work', async () => {
    // hold the core's compilation until released, so "before ready" cannot race the compiler
    const init = `{
      const instantiate = WebAssembly.instantiate;
      let release;
      const gate = new Promise((r) => { release = r; });
      window.releaseCore = () => release();
      WebAssembly.instantiate = (...args) => gate.then(() => instantiate.apply(WebAssembly, args));
    }`;
    const { page, errors } = await h.open(h.fileUrl('tests/browser/fixtures/script-tag.html'), { init });
    const before = await page.evaluate(() => (window as unknown as { beforeReady: string }).beforeReady);
    expect(before).toMatch(/not ready.*torch\.ready\(\)/);
    await page.evaluate(() => (window as unknown as { releaseCore(): void }).releaseCore());
    const after = await page.evaluate(() => (window as unknown as { afterReady: Promise<string> }).afterReady);
    expect(after).toBe('tensor(20.)');
    expect(errors).toEqual([]);
  });
});

describe('ESM bundle (dist/webtorch.mjs)', () => {
  test('imports in a cross-origin-isolated page, fetches its best core build beside it, and matches the script tag API', async () => {
    const wasmRequests: string[] = [];
    const { page, errors } = await h.open('tests/browser/fixtures/esm.html', {
      onRequest: (url) => {
        if (url.endsWith('.wasm')) wasmRequests.push(new URL(url).pathname);
      },
    });
    await page.waitForFunction(() => 'esm' in window);
    const out = await page.evaluate(() => (window as unknown as { esm: { isolated: boolean; printed: string; keys: string[] } }).esm);
    expect(out.isolated).toBe(true);
    expect(out.printed).toBe('tensor(20.)');
    // isolated Chromium: the shared-memory (threads) relaxed-SIMD build (src/backends/wasm.ts)
    expect(wasmRequests).toEqual(['/dist/webtorch-mt-relaxed.wasm']);

    // the script tag exposes the same names as the module
    await page.addScriptTag({ url: '/dist/webtorch.min.js' });
    const globalKeys = await page.evaluate(async () => {
      const t = (window as unknown as { torch: Record<string, unknown> & { ready(): Promise<void> } }).torch;
      await t.ready();
      return Object.keys(t).sort();
    });
    expect(globalKeys).toEqual(out.keys);
    // the script tag has no threaded build: it runs on one thread and says so, isolated page or not
    expect(await page.evaluate(() => (window as unknown as { torch: { get_num_threads(): number } }).torch.get_num_threads())).toBe(1);
    expect(errors).toEqual([]);
  });
});
