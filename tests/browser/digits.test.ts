// examples/digits.html in headless Chromium: trains on the UCI digits (a few epochs, ?epochs=N),
// follows PyTorch's run of the same program epoch by epoch (tests/fixtures/digits.json, from
// scripts/fixtures/gen_digits.py), draws its chart, test digits and autograd graph, offers the .pt file.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, requireDist, startHarness, type Harness } from './harness.js';

interface Result {
  model: string;
  backend: string;
  history: { loss: number; train: number; test: number }[];
  testAccuracy: number;
  graph: 'svg' | 'dot';
}

interface Run { epochs: number; history: Result['history']; repr: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/digits.json', import.meta.url), 'utf8')) as { mlp: Run; cnn: Run };

let h: Harness;

/** The page's history against PyTorch's: losses to float tolerance, accuracies within one image. */
function expectPyTorchRun(history: Result['history'], expected: Result['history'], trainN = 1437, testN = 360) {
  expect(history.length).toBe(expected.length);
  history.forEach((e, i) => {
    expect(e.loss).toBeCloseTo(expected[i].loss, 3);
    expect(Math.abs(e.train - expected[i].train)).toBeLessThanOrEqual(1 / trainN + 1e-6);
    expect(Math.abs(e.test - expected[i].test)).toBeLessThanOrEqual(1 / testN + 1e-6);
  });
}

beforeAll(async () => {
  requireDist('webtorch.min.js');
  h = await startHarness({ viewport: { width: 1100, height: 900 } });
});
afterAll(async () => {
  await h?.close();
});

/** Distinct colours in a canvas (every 7th pixel): a drawn canvas holds more than a blank one. */
const colours = (id: string) => `(() => {
  const c = document.getElementById('${id}');
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < px.length; i += 4 * 7) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  return seen.size;
})()`;

describe('examples/digits.html', () => {
  test('MLP, served from the repo: 6 epochs follow the PyTorch run (test accuracy 0.94); chart, digits, SVG autograd graph, tqdm line, .pt download', async () => {
    const { page, errors } = await h.open('examples/digits.html?epochs=6');
    const r = await page.evaluate(() => (window as unknown as { example: Promise<Result> }).example);
    expect(r.model).toBe('mlp');
    expectPyTorchRun(r.history, fixture.mlp.history);
    expect(r.history.at(-1)!.loss).toBeLessThan(r.history[0].loss / 5);
    expect(r.testAccuracy).toBeGreaterThan(0.92); // PyTorch: 0.939 after 6 epochs
    expect(await page.evaluate(colours('chart'))).toBeGreaterThan(5);
    expect(await page.evaluate(colours('digits'))).toBeGreaterThan(10);
    // the graph is Graphviz's SVG, with the model's parameters named in it
    expect(r.graph).toBe('svg');
    const svg = await page.locator('#graph svg').innerHTML();
    expect(svg).toContain('NllLossBackward0');
    expect(svg).toContain('0.weight');
    expect(await page.locator('#progress').textContent()).toMatch(/epoch 6\/6: 100%.*45\/45/);
    expect(await page.locator('#model').textContent()).toBe(fixture.mlp.repr);

    // UPDATE_SCREENSHOT=1 rewrites the committed picture of the page (examples/screenshot-digits.png)
    if (process.env.UPDATE_SCREENSHOT) {
      await page.screenshot({ path: join(repoRoot, 'examples/screenshot-digits.png'), clip: { x: 0, y: 0, width: 1100, height: 620 } });
      expect(statSync(join(repoRoot, 'examples/screenshot-digits.png')).size).toBeLessThan(200_000);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    expect(download.suggestedFilename()).toBe('digits-mlp.pt');
    const path = await download.path();
    const bytes = readFileSync(path!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // PyTorch's zip checkpoint
    // read back by torch.load: the state_dict's keys and shapes (Python's torch.load reads it too)
    const shapes = await page.evaluate((b) => {
      const t = (window as unknown as { torch: any }).torch; // eslint-disable-line @typescript-eslint/no-explicit-any
      const sd = t.load(new Uint8Array(b));
      return Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, (v as { shape: number[] }).shape]));
    }, [...bytes]);
    expect(shapes).toEqual({ '0.weight': [32, 64], '0.bias': [32], '2.weight': [10, 32], '2.bias': [10] });
    // 270 batches leave no tensors behind (126 live after 6 epochs: data, splits, model, Adam state)
    expect(await page.evaluate(() => (window as unknown as { torch: { memory(): { tensors: number } } }).torch.memory().tensors)).toBeLessThan(250);
    expect(errors).toEqual([]);
  });

  test('CNN from file:// (no server): 3 epochs follow the PyTorch run; filters drawn; the graph falls back to DOT text when viz cannot load', async () => {
    // block the optional Graphviz script, as on a page copied without node_modules
    const { page, errors } = await h.open(`${h.fileUrl('examples/digits.html')}?epochs=3&model=cnn`, {
      init: `window.__blockViz = true;
        const append = Element.prototype.append;
        Element.prototype.append = function (...nodes) {
          for (const n of nodes) if (n.tagName === 'SCRIPT' && n.src.includes('viz-global')) { setTimeout(() => n.onerror(new Event('error'))); return; }
          return append.apply(this, nodes);
        };`,
    });
    const r = await page.evaluate(() => (window as unknown as { example: Promise<Result> }).example);
    expect(r.model).toBe('cnn');
    expect(r.backend).toBe('wasm');
    expectPyTorchRun(r.history, fixture.cnn.history);
    expect(r.testAccuracy).toBeGreaterThan(0.9); // PyTorch: 0.925 after 3 epochs
    expect(await page.locator('#model').textContent()).toBe(fixture.cnn.repr);
    expect(r.graph).toBe('dot');
    expect(await page.locator('#graph pre').textContent()).toMatch(/^digraph \{[\s\S]*ConvolutionBackward0/);
    expect(await page.locator('#filters-box').isVisible()).toBe(true);
    expect(await page.evaluate(colours('filters'))).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });
});
