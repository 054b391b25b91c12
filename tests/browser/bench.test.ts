// bench/index.html in headless Chromium: one small run over every benchmark and backend renders
// its table and charts. The screenshot lands in bench/out/bench-page.png for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { repoRoot, requireDist, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  requireDist('webtorch.min.js');
  h = await startHarness({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await h?.close();
});

interface BenchState {
  state: 'idle' | 'running' | 'done' | 'error';
  error: string | null;
  results: { bench: string; backend: string; n: number; ms: number | null; gflops: number | null; note?: string }[];
}

test('the benchmark page completes a small run and renders its table and charts', async () => {
  const { page, errors, logs } = await h.open('bench/index.html?sizes=16,32&reps=2&autorun=1');
  await page.waitForFunction(() => {
    const s = (window as unknown as { bench?: BenchState }).bench?.state;
    return s === 'done' || s === 'error';
  }, undefined, { timeout: 50_000 });
  const bench = await page.evaluate(() => (window as unknown as { bench: BenchState }).bench);
  if (bench.state !== 'done') throw new Error(`bench page failed: ${bench.error}\n${errors.join('\n')}\n${logs.join('\n')}`);

  const backends = await page.$$eval('input[name=backend]:checked', (els) => els.map((e) => (e as HTMLInputElement).value));
  expect(backends).toEqual(expect.arrayContaining(['wasm', 'js']));
  const benches = ['add', 'exp', 'sum', 'sum_dim0', 'matmul', 'mlp', 'train_mlp', 'train_logreg', 'train_digits', 'train_lenet', 'train_transformer'];
  // a cell for every benchmark, size and backend: a time, or n/a with its reason (the training
  // steps run on the cpu device; LeNet needs torch.nn.Conv2d)
  expect(bench.results.length).toBe(benches.length * 2 * backends.length);
  const measured = bench.results.filter((r) => r.ms !== null);
  expect(measured.filter((r) => !(r.ms! > 0 && r.gflops! > 0))).toEqual([]);
  expect(bench.results.filter((r) => r.ms === null && !(r.backend === 'webgl' && r.bench.startsWith('train_')) && r.bench !== 'train_lenet')).toEqual([]);
  // webtorch's wasm core times every training step it can build
  const lenet = await page.evaluate(() => typeof (window as unknown as { torch: { nn: { Conv2d?: unknown } } }).torch.nn.Conv2d === 'function');
  const train = benches.filter((b) => b.startsWith('train_') && (lenet || b !== 'train_lenet'));
  for (const b of train) expect(measured.filter((r) => r.bench === b && r.backend === 'wasm').length).toBe(2);

  // table: a header and one row per benchmark and size
  expect(await page.locator('#results tr').count()).toBe(1 + benches.length * 2);
  // charts: one per benchmark, a line per measured backend
  expect(await page.locator('#charts svg').count()).toBe(benches.length);
  for (const backend of backends) {
    const lines = benches.filter((b) => measured.some((r) => r.bench === b && r.backend === backend)).length;
    expect(await page.locator(`#charts polyline.series-${backend}`).count()).toBe(lines);
  }

  // the metric switch redraws the charts in ms
  await page.selectOption('select[name=metric]', 'ms');
  expect(await page.locator('#charts svg text', { hasText: 'ms per op' }).count()).toBe(benches.length);
  await page.selectOption('select[name=metric]', 'gflops');

  const out = join(repoRoot, 'bench', 'out');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'bench-page.png'), fullPage: true });
  expect(errors).toEqual([]);
});
