// The multiply-add ceiling of one core in WebAssembly, SIMD128 (f32x4 mul + add) against relaxed
// SIMD (f32x4.relaxed_madd), in Node and in headless Chromium: what the GEMM (bench/matmul.mjs)
// can reach at best, and how much relaxed SIMD can give on this CPU. The kernel is
// bench/simd-peak/peak.ts, compiled here twice. Node 20 runs relaxed SIMD only behind a flag, so
// that column comes from this script rerun as a child with --experimental-wasm-relaxed-simd.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, ratio, waitQuiet } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const STEPS = 20_000_000;
const FLOPS_PER_STEP = 64; // 8 multiply-adds x 4 lanes x 2

/** Median GFLOP/s of peak() in this engine (runs in Node and, as source text, in a page). */
function measurePeak(bytes, steps, flopsPerStep) {
  const module = new WebAssembly.Module(bytes);
  const imports = { env: { memory: new WebAssembly.Memory({ initial: 32 }), abort: () => { throw new Error('abort'); } } };
  const peak = new WebAssembly.Instance(module, imports).exports.peak;
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

function compile(name, extra) {
  mkdirSync(out, { recursive: true });
  const file = join(out, `simd-peak-${name}.wasm`);
  execFileSync(process.execPath, [join(here, '..', 'node_modules', 'assemblyscript', 'bin', 'asc.js'),
    join(here, 'simd-peak', 'peak.ts'), '-O3', '--runtime', 'stub', '--noAssert', '--importMemory',
    '--enable', 'simd', ...extra, '--outFile', file], { cwd: join(here, '..') });
  return readFileSync(file);
}

if (process.argv.includes('--child')) {
  await waitQuiet();
  console.log(JSON.stringify(measurePeak(readFileSync(process.argv[process.argv.length - 1]), STEPS, FLOPS_PER_STEP)));
  process.exit(0);
}

const plain = compile('plain', []);
const relaxed = compile('relaxed', ['--enable', 'relaxed-simd']);

await waitQuiet();
const nodePlain = measurePeak(plain, STEPS, FLOPS_PER_STEP);
const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--child',
  join(out, 'simd-peak-relaxed.wasm')], { encoding: 'utf8' });
const nodeRelaxed = child.status === 0 ? JSON.parse(child.stdout) : null;

async function inChromium() {
  const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!exe) return [null, null, 'no Chromium'];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: exe, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const version = browser.version();
    const run = async (bytes) => (await waitQuiet(), page.evaluate(([src, b64, steps, fps]) => {
      const fn = new Function(`return ${src}`)();
      return fn(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), steps, fps);
    }, [measurePeak.toString(), bytes.toString('base64'), STEPS, FLOPS_PER_STEP]));
    return [await run(plain), await run(relaxed), version];
  } finally {
    await browser.close();
  }
}
const [chromePlain, chromeRelaxed, chromeVersion] = await inChromium();

printTable(`SIMD multiply-add ceiling of one core, f32 GFLOP/s (node ${process.version}, Chromium ${chromeVersion})`, ['engine', 'SIMD128 mul+add', 'relaxed madd', 'relaxed / SIMD128'], [
  ['Node', nodePlain.toFixed(1), nodeRelaxed?.toFixed(1) ?? '-', ratio(nodeRelaxed, nodePlain)],
  ['Chromium', chromePlain?.toFixed(1) ?? '-', chromeRelaxed?.toFixed(1) ?? '-', ratio(chromeRelaxed, chromePlain)],
]);
