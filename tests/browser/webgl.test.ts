// The webgl device in headless Chromium (SwiftShader's WebGL2): the PyTorch oracle replayed on
// 'webgl', autograd and training against the cpu, memory flatness over 1,000 training steps,
// readback paths and context loss. The page half is tests/browser/webgl/page.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { openTsPage, pageCaller } from './webgl/open.js';
import { PENDING } from '../oracle/pending.js';
import { loadCases, opName, type Case } from '../oracle/replay.js';
import { SUITE_KNOWN, WEBGL_KNOWN } from './webgl/known.js';
import { NO_FLOAT64 } from '../../src/backends/webgl.js';
import type { Page } from 'playwright-core';

interface Check { name: string; ok: boolean; message?: string }
interface CaseResult { id: string; ok: boolean; message?: string }

let h: Harness;
let page: Page;
let errors: string[];
const call = pageCaller(() => page);

beforeAll(async () => {
  h = await startHarness();
  ({ page, errors } = await openTsPage(h, 'tests/browser/webgl/index.html'));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

test('torch.webgl.is_available() in Chromium; cuda stays unavailable', async () => {
  const info = await call<{ available: boolean; renderer: string; cuda: boolean }>('info');
  expect(info.available).toBe(true);
  expect(info.cuda).toBe(false);
  console.log(`webgl device: ${info.renderer}`);
});

const cases = loadCases();
/** float32 cases: what the webgl device is measured on (float64 does not exist there) */
const isFloat32 = (c: Case): boolean => [...c.inputs, ...(c.outputs ?? [])].some((s) => s.dtype === 'float32');
const runnable = cases.filter((c) => !PENDING[opName(c)]);

describe('oracle on webgl', () => {
  const results = new Map<string, CaseResult>();
  beforeAll(async () => {
    for (const r of await call<CaseResult[]>('oracle', runnable)) results.set(r.id, r);
  }, 300_000);

  for (const c of cases) {
    const pending = PENDING[opName(c)];
    const known = WEBGL_KNOWN[c.id];
    if (pending) test.todo(`${c.id} (pending: ${pending})`);
    else if (known) {
      test(`${c.id} fails as listed (${known.reason})`, () => {
        const r = results.get(c.id);
        expect(r?.ok, `${c.id} now passes on webgl: take it off tests/browser/webgl/known.ts`).toBe(false);
        expect(r?.message).toContain(known.error);
      });
    } else test(c.id, () => {
      const r = results.get(c.id);
      if (!r?.ok) throw new Error(r?.message ?? 'not run');
    });
  }

  test('>= 95% of the float32 cases pass; each failure is listed with its reason', () => {
    const f32 = runnable.filter(isFloat32);
    const failed = f32.filter((c) => !results.get(c.id)?.ok);
    const rate = (f32.length - failed.length) / f32.length;
    console.log(`webgl oracle: ${f32.length - failed.length}/${f32.length} float32 cases pass (${(100 * rate).toFixed(1)}%)` +
      failed.map((c) => `\n  ${c.id}: ${WEBGL_KNOWN[c.id]?.reason ?? results.get(c.id)?.message}`).join(''));
    expect(rate).toBeGreaterThanOrEqual(0.95);
    for (const c of failed) expect(WEBGL_KNOWN[c.id], `${c.id} fails without a listed reason`).toBeDefined();
  });
});

describe('fuzz on webgl', () => {
  // the differential fuzzer's cases (tests/fuzz.test.ts) that need no float64, replayed on the device
  const fuzz = (JSON.parse(readFileSync(new URL('../fixtures/fuzz.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases
    .filter((c) => ![...c.inputs, ...(c.outputs ?? [])].some((s) => s.dtype === 'float64'));
  test(`${fuzz.length} cases without float64 pass`, async () => {
    const results = await call<CaseResult[]>('oracle', fuzz);
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => `${r.id}: ${r.message}`).slice(0, 20)).toEqual([]);
    expect(results.length).toBe(fuzz.length);
  }, 300_000);
});

describe('webgl device', () => {
  test('device, dtypes, views, reductions, matmul, memory', async () => {
    const checks = await call<Check[]>('device');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });
  test('every unary and binary op agrees with the cpu over a sweep of values (NaN, inf, -0 included)', async () => {
    const rows = await call<{ op: string; worst: number; at: string }[]>('sweep');
    const bad = rows.filter((r) => !(r.worst <= 2e-6));
    console.log(`webgl vs cpu, worst |diff| / (1 + |cpu|) per op:\n${rows.map((r) => `  ${r.op.padEnd(12)} ${r.worst.toExponential(2)}${r.worst ? `  at ${r.at}` : ''}`).join('\n')}`);
    expect(bad).toEqual([]);
  });
  test("set_default_device('webgl'): creation, nn modules and nn.init on the device with the cpu's numbers", async () => {
    const checks = await call<Check[]>('defaultDevice');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBe(4);
  });
  test('autograd on webgl tensors matches the cpu', async () => {
    const checks = await call<Check[]>('autograd');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });
  test('await x.numpy_async() reads without blocking', async () => {
    const checks = await call<Check[]>('asyncData');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });
});

describe('training on webgl', () => {
  for (const model of ['linreg', 'xor'] as const) {
    test(`${model === 'xor' ? 'the XOR MLP (examples/xor.mjs)' : 'linear regression (examples/linear-regression.mjs)'} trains to the cpu's results within 1e-4`, async () => {
      type R = { losses: number[]; weights: unknown };
      const gpu = await call<R>('train', model, 'webgl');
      const cpu = await call<R>('train', model, 'cpu');
      const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
      const a = [...gpu.losses, ...flat(gpu.weights)], b = [...cpu.losses, ...flat(cpu.weights)];
      expect(a.length).toBe(b.length);
      const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      console.log(`${model} on webgl: final loss ${gpu.losses.at(-1)} (cpu ${cpu.losses.at(-1)}), worst |webgl - cpu| over losses and weights ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-4);
      expect(gpu.losses.at(-1)!).toBeLessThan(gpu.losses[0]);
    }, 120_000);
  }

  test('torch.memory() counts webgl tensors and stays flat over 1,000 training steps', async () => {
    type S = { step: number; tensors: number; bytes: number; textures: number; textureBytes: number; created: number };
    const r = await call<{ samples: S[]; before: { tensors: number; bytes: number }; after: { tensors: number; bytes: number }; last: number }>('memory', 1000, 100);
    const first = r.samples[0];
    expect(first.tensors).toBeGreaterThan(r.before.tensors);
    for (const s of r.samples) {
      expect({ step: s.step, tensors: s.tensors, bytes: s.bytes, textures: s.textures, textureBytes: s.textureBytes })
        .toEqual({ step: s.step, tensors: first.tensors, bytes: first.bytes, textures: first.textures, textureBytes: first.textureBytes });
    }
    // no texture is created after the first steps: the pool serves every allocation
    expect(r.samples.at(-1)!.created).toBe(first.created);
    expect(r.after).toEqual(r.before);
    expect(r.last).toBeLessThan(0.01);
    console.log(`memory over 1,000 webgl training steps: ${first.tensors} tensors, ${first.bytes} bytes, ${first.textures} textures ` +
      `(${first.textureBytes} bytes) at every sample; textures created after step ${first.step}: ${r.samples.at(-1)!.created - first.created}`);
  }, 180_000);

  test('no console errors on the page', () => {
    expect(errors).toEqual([]);
  });
});

/**
 * cpu test suites run unchanged in the page with every tensor they create on webgl (suite.html:
 * torch.set_default_device('webgl')), the nn and conv suites against their PyTorch fixtures too.
 * Tests refused for float64 (the device has none) count as expected failures by their error;
 * anything else must pass or be listed in SUITE_KNOWN.
 */
const SUITES: Record<string, string> = {
  autograd: '', reduce: '', shape: '', indexing: '', functional: '', 'inplace-views': '',
  'nn/layers': '', 'nn/layer-modules': '', 'nn/functional-layers': '', 'nn/init': '', 'nn/module': '', 'nn/function': '',
  'nn/tensor': '', 'nn/tutorial-lm': '',
  // the cpu-backend tests (js against wasm, worker threads, the wasm kernels chosen) have nothing on webgl to check
  'conv/functional': "|^js and wasm |on worker threads|kernels? on wasm|^wasm's vector pooling", 'conv/modules': '',
};
describe('test suites with their tensors on webgl', () => {
  for (const [file, skipMore] of Object.entries(SUITES)) {
    test(`tests/${file}.test.ts`, async () => {
      const { page: p, errors: errs } = await openTsPage(h, 'tests/browser/webgl/suite.html');
      // describeBackends declares each suite for js and wasm: on webgl one copy is enough
      const results = await p.evaluate(([f, skip]) =>
        (window as unknown as { webglTest: { run(f: string, p: string, s: string): Promise<(CaseResult & { name: string })[]> } })
          .webglTest.run(f, '', skip), [`/tests/${file}.test.js`, ` on js$|^examples print${skipMore}`] as const);
      const float64 = results.filter((r) => !r.ok && r.message?.includes(NO_FLOAT64));
      const failed = results.filter((r) => !r.ok && !r.message?.includes(NO_FLOAT64));
      console.log(`tests/${file}.test.ts on webgl: ${results.length - float64.length - failed.length}/${results.length} pass, ` +
        `${float64.length} use float64 (refused on webgl)` + failed.map((r) => `\n  ${r.name}: ${SUITE_KNOWN[r.name] ?? r.message}`).join(''));
      expect(results.length).toBeGreaterThan(file.includes('/') ? 0 : 10);
      expect(failed.filter((r) => !SUITE_KNOWN[r.name]).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
      expect(errs).toEqual([]);
    }, 120_000);
  }
});

describe('torch.optim on webgl', () => {
  test('SGD, Adam, AdamW, RMSprop steps match the cpu', async () => {
    const checks = await call<Check[]>('optim');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBe(4);
  }, 120_000);
});

describe('webgl context loss', () => {
  test('turns into a clear Error, never wrong numbers', async () => {
    const { page: p, errors: errs } = await openTsPage(h, 'tests/browser/webgl/index.html');
    const checks = await p.evaluate(() => (window as unknown as { webglTest: { loseContext(): Check[] } }).webglTest.loseContext());
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(errs.filter((e) => !/context/i.test(e))).toEqual([]);
  });
});
