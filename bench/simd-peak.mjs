// How close the GEMM gets to what one core can do in WebAssembly, and what relaxed SIMD can give
// on this CPU: the multiply-add ceiling (bench/simd-peak/peak.ts: eight independent f32x4
// accumulators, compiled here twice, SIMD128 mul + add and relaxed SIMD f32x4.relaxed_madd) next
// to the core's own f32 GEMM kernel (build/core.wasm and build/core-relaxed.wasm, one thread,
// row-major N x N), in Node and in headless Chromium, both builds on the same page.
// Node 20 runs relaxed SIMD only behind a flag, so Node's relaxed column comes from this script
// rerun as a child with --experimental-wasm-relaxed-simd.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, ratio, waitQuiet } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'out');
const GEMM_SIZES = [64, 256, 1024];

// The two measurements below run in Node and, as source text, in a page: self-contained.

/** Median GFLOP/s of peak(): 20M steps of 8 multiply-adds on 4 lanes. */
function measurePeak(bytes) {
  const steps = 20_000_000, flopsPerStep = 64;
  const imports = { env: { memory: new WebAssembly.Memory({ initial: 32 }), abort: () => { throw new Error('abort'); } } };
  const peak = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports.peak;
  peak(steps); // tier up
  const gflops = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    peak(steps);
    gflops.push((steps * flopsPerStep) / (performance.now() - t0) / 1e6);
  }
  gflops.sort((a, b) => a - b);
  return gflops[4];
}

/** Median GFLOP/s of the core's gemm_f32 on n x n row-major operands (samples of >= ~20 ms). */
function measureGemm(bytes, n) {
  const module = new WebAssembly.Module(bytes);
  const env = { memory: new WebAssembly.Memory({ initial: 2048 }), abort: () => { throw new Error('abort'); } };
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= imp.module === 'env' ? env : {};
    if (imp.kind === 'function' && !(imp.name in imports[imp.module])) imports[imp.module][imp.name] = () => 0;
  }
  const ex = new WebAssembly.Instance(module, imports).exports;
  const scratch = ex.gemm_scratch_bytes(n, n, n);
  ex.gemm_set_scratch(ex.alloc(scratch), scratch);
  const [pa, pb, pc] = [0, 1, 2].map(() => ex.alloc(n * n * 4));
  for (const p of [pa, pb]) new Float32Array(env.memory.buffer, p, n * n).forEach((_, i, v) => { v[i] = Math.random() - 0.5; });
  const run = () => ex.gemm_f32(n, n, n, pa, n, 1, pb, n, 1, pc, 0, 1);
  const flops = 2 * n ** 3, iters = Math.max(1, Math.round(4e8 / flops));
  for (let i = 0; i < 3 * iters; i++) run();
  const gflops = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) run();
    gflops.push((flops * iters) / (performance.now() - t0) / 1e6);
  }
  gflops.sort((a, b) => a - b);
  return gflops[4];
}

/** [ceiling, ...GEMM at GEMM_SIZES] for one pair of builds, each measured after the machine is quiet. */
async function measureAll(peakBytes, coreBytes, run = (fn, ...args) => fn(...args)) {
  const r = [];
  await waitQuiet();
  r.push(await run(measurePeak, peakBytes));
  for (const n of GEMM_SIZES) {
    await waitQuiet();
    r.push(await run(measureGemm, coreBytes, n));
  }
  return r;
}

function compilePeak(name, extra) {
  mkdirSync(out, { recursive: true });
  const file = join(out, `simd-peak-${name}.wasm`);
  // run from bench/simd-peak: the project's asconfig.json (whose targets name build/ files) stays out
  execFileSync(process.execPath, [join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js'),
    join(here, 'simd-peak', 'peak.ts'), '-O3', '--runtime', 'stub', '--noAssert', '--importMemory',
    '--enable', 'simd', ...extra, '--outFile', file], { cwd: join(here, 'simd-peak') });
  return file;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  console.log(JSON.stringify(await measureAll(readFileSync(args[1]), readFileSync(args[2]))));
  process.exit(0);
}

const peakFiles = [compilePeak('plain', []), compilePeak('relaxed', ['--enable', 'relaxed-simd'])];
const coreFiles = ['core.wasm', 'core-relaxed.wasm'].map((f) => join(root, 'build', f));
if (!coreFiles.every(existsSync)) throw new Error('build/core*.wasm missing: npm run build first');
const bytes = (f) => readFileSync(f);

const node = [await measureAll(bytes(peakFiles[0]), bytes(coreFiles[0]))];
const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--child', peakFiles[1], coreFiles[1]], { encoding: 'utf8' });
node.push(child.status === 0 ? JSON.parse(child.stdout) : null);

async function inChromium() {
  const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!exe) return [null, null, 'not found'];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: exe, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    // a page function: rebuilds the measurement from its source and decodes the wasm bytes
    const inPage = (fn, b, n) => page.evaluate(([src, b64, arg]) => {
      const f = new Function(`return ${src}`)();
      return f(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), arg);
    }, [fn.toString(), b.toString('base64'), n]);
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await measureAll(bytes(peakFiles[i]), bytes(coreFiles[i]), inPage));
    return [...results, browser.version()];
  } finally {
    await browser.close();
  }
}
const [chromePlain, chromeRelaxed, chromeVersion] = await inChromium();

const rows = [];
for (const [engine, plain, relaxed] of [['Node', ...node], ['Chromium', chromePlain, chromeRelaxed]]) {
  ['ceiling (8 accumulators)', ...GEMM_SIZES.map((n) => `GEMM ${n}x${n}`)].forEach((what, i) => {
    rows.push([`${engine}: ${what}`, plain?.[i]?.toFixed(1), relaxed?.[i]?.toFixed(1), ratio(relaxed?.[i], plain?.[i]),
      i ? ratio(plain?.[i], plain?.[0]) : null, i ? ratio(relaxed?.[i], relaxed?.[0]) : null]);
  });
}
printTable(`One core's f32 multiply-add ceiling and the GEMM kernel, GFLOP/s (node ${process.version}, Chromium ${chromeVersion})`,
  ['case', 'SIMD128', 'relaxed', 'relaxed / SIMD128', 'SIMD128 of ceiling', 'relaxed of ceiling'], rows);
