// Chromium has relaxed SIMD, and shared memory on the harness's cross-origin-isolated pages: the
// ESM bundle loads the threaded relaxed build there, and the plain relaxed one on a page that is
// not isolated (one thread, silently). The relaxed build agrees with the SIMD128 build within
// float32 tolerance; its speed and the threads' are measured and printed, never asserted.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { requireDist, startHarness, watch, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  requireDist('webtorch.mjs', 'webtorch.wasm', 'webtorch-relaxed.wasm', 'webtorch-mt.wasm', 'webtorch-mt-relaxed.wasm');
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** What the page reports about the torch it imported (the ESM bundle). */
interface TorchReport {
  isolated: boolean;
  threads: number;
  cores: number;
  /** 1-thread and 2-thread products bit-identical */
  identical: boolean;
  /** largest |wasm - JS backend| over the product, and the product's largest |value| */
  diffVsJs: number;
  scale: number;
  /** 1024x1024 GFLOP/s on 1 and 2 threads */
  gflops: [number, number];
}

/** Imports the bundle into the page as window.torchModule. */
async function importTorch(page: Page): Promise<void> {
  await page.addScriptTag({ type: 'module', content: "import * as torch from '/dist/webtorch.mjs'; window.torchModule = torch;" });
  await page.waitForFunction(() => 'torchModule' in window);
}

/** Runs in the page: multiplies on 1 and 2 threads and on the JS backend. */
function reportTorch(): TorchReport {
  const torch = (window as unknown as { torchModule: any }).torchModule;
  torch.manual_seed(0);
  const a = torch.randn(300, 257), b = torch.randn(257, 190);
  torch.set_num_threads(1);
  const one = a.matmul(b);
  torch.set_num_threads(2);
  const two = a.matmul(b);
  torch.set_backend('js');
  const ref = torch.tensor(a.tolist()).matmul(torch.tensor(b.tolist()));
  torch.set_backend('wasm');
  const x = one.tolist().flat() as number[], r = ref.tolist().flat() as number[];
  const gflops = (threads: number): number => {
    torch.set_num_threads(threads);
    const p = torch.randn(1024, 1024), q = torch.randn(1024, 1024);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      p.matmul(q).dispose();
      times.push(performance.now() - t0);
    }
    times.sort((u, v) => u - v);
    return 2 * 1024 ** 3 / times[3] / 1e6;
  };
  return {
    isolated: crossOriginIsolated,
    threads: torch.get_num_threads(),
    cores: navigator.hardwareConcurrency,
    identical: torch.equal(one, two),
    diffVsJs: Math.max(...x.map((v, i) => Math.abs(v - r[i]))),
    scale: Math.max(...r.map(Math.abs)),
    gflops: [gflops(1), gflops(2)],
  };
}

test('an isolated page gets the threaded relaxed build: identical on 1 and 2 threads, close to the JS backend', async () => {
  const wasm: string[] = [];
  const { page, errors } = await h.open('tests/browser/fixtures/esm.html', {
    onRequest: (url) => {
      if (url.endsWith('.wasm')) wasm.push(new URL(url).pathname);
    },
  });
  await importTorch(page);
  const r = await page.evaluate(reportTorch);
  console.log(`Chromium, isolated, threaded relaxed build: 1024x1024 ${r.gflops[0].toFixed(1)} GFLOP/s on 1 thread, ${r.gflops[1].toFixed(1)} on 2`);
  expect(wasm).toEqual(['/dist/webtorch-mt-relaxed.wasm']);
  expect(r.isolated).toBe(true);
  expect(r.threads).toBe(r.cores);
  expect(r.identical).toBe(true);
  expect(r.diffVsJs).toBeLessThan(1e-5 * 257 * r.scale);
  expect(errors).toEqual([]);
});

test('a page that is not isolated gets the unshared relaxed build and runs on one thread, silently', async () => {
  // the harness's server isolates every page: strip its COOP/COEP headers on the way
  const context = await h.browser.newContext();
  const page = await context.newPage();
  const { errors } = watch(page);
  const wasm: string[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('.wasm')) wasm.push(new URL(req.url()).pathname);
  });
  await page.route('**/*', async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response: res, headers });
  });
  await page.goto(new URL('tests/browser/fixtures/esm.html', h.baseUrl).href);
  await importTorch(page);
  const r = await page.evaluate(reportTorch);
  await context.close();
  console.log(`Chromium, not isolated, relaxed build: 1024x1024 ${r.gflops[0].toFixed(1)} GFLOP/s (set_num_threads(2): ${r.gflops[1].toFixed(1)})`);
  expect(wasm).toEqual(['/dist/webtorch-relaxed.wasm']);
  expect(r.isolated).toBe(false);
  expect(r.identical).toBe(true);
  expect(r.diffVsJs).toBeLessThan(1e-5 * 257 * r.scale);
  expect(errors).toEqual([]);
});

/** Per build: the products of a few shapes, and 512/1024 GFLOP/s. */
interface BuildRun { outputs: number[][]; gflops: Record<number, number> }

test('the relaxed build agrees with the SIMD128 build within float32 tolerance (and its speed is printed)', async () => {
  const { page, errors } = await h.open('tests/browser/fixtures/esm.html');
  const shapes: [number, number, number][] = [[256, 256, 256], [67, 45, 300], [4, 200, 512], [130, 70, 1000]];
  const runs = await page.evaluate(async (shapes): Promise<BuildRun[]> => {
    const builds = await Promise.all(['/dist/webtorch.wasm', '/dist/webtorch-relaxed.wasm'].map(async (url) => {
      const memory = new WebAssembly.Memory({ initial: 512 });
      const abort = () => { throw new Error('abort'); };
      const { instance } = await WebAssembly.instantiateStreaming(fetch(url), { env: { memory, abort } });
      return { ex: instance.exports as Record<string, (...a: number[]) => number>, memory };
    }));
    // the same pseudo-random operands for both builds
    let seed = 1;
    const rand = (n: number) => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const operands = [...shapes, [512, 512, 512], [1024, 1024, 1024]].map(([m, n, k]) => ({ m, n, k, A: rand(m * k), B: rand(k * n) }));
    const prepared = builds.map(({ ex, memory }) => operands.map(({ m, n, k, A, B }) => {
      const scratch = ex.gemm_scratch_bytes(m, n, k);
      const [pa, pb, pc, ps] = [m * k * 4, k * n * 4, m * n * 4, scratch].map((bytes) => ex.alloc(bytes));
      new Float32Array(memory.buffer, pa, m * k).set(A);
      new Float32Array(memory.buffer, pb, k * n).set(B);
      const run = () => {
        ex.gemm_set_scratch(ps, scratch);
        ex.gemm_f32(m, n, k, pa, k, 1, pb, n, 1, pc, 0, 1);
      };
      return { run, out: () => Array.from(new Float32Array(memory.buffer, pc, m * n)) };
    }));
    const results: BuildRun[] = prepared.map((p) => ({ outputs: p.slice(0, shapes.length).map((c) => (c.run(), c.out())), gflops: {} }));
    // alternate the builds, median of 9, so both see the same machine
    for (const [i, size] of [[shapes.length, 512], [shapes.length + 1, 1024]]) {
      const times: number[][] = [[], []];
      for (let r = 0; r < 9; r++) {
        for (let b = 0; b < 2; b++) {
          const t0 = performance.now();
          prepared[b][i].run();
          times[b].push(performance.now() - t0);
        }
      }
      times.forEach((t, b) => {
        t.sort((u, v) => u - v);
        results[b].gflops[size] = 2 * size ** 3 / t[4] / 1e6;
      });
    }
    return results;
  }, shapes);
  const [plain, relaxed] = runs;
  for (const size of [512, 1024]) {
    console.log(`Chromium, one thread, ${size}x${size}: SIMD128 ${plain.gflops[size].toFixed(1)} GFLOP/s, relaxed ${relaxed.gflops[size].toFixed(1)} (${(relaxed.gflops[size] / plain.gflops[size]).toFixed(2)}x)`);
  }
  shapes.forEach(([, , k], s) => {
    const x = plain.outputs[s], y = relaxed.outputs[s];
    // fused multiply-adds round once per step instead of twice: a few ulps of the sum of |terms|
    const worst = Math.max(...x.map((v, i) => Math.abs(v - y[i])));
    expect(worst).toBeLessThan(k * 2 ** -23 * 4);
    expect(x.some((v, i) => v !== y[i])).toBe(true);
  });
  expect(errors).toEqual([]);
});
