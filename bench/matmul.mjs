// f32 matmul, N x N @ N x N for N = 64 .. 2048 and bmm 64 x (64x64 @ 64x64), in GFLOP/s (2*M*N*K
// per product, medians): webtorch on 1 and on all threads, its JS backend (N <= 256), TF.js wasm,
// jax-js wasm and native PyTorch on 1 and 2 threads, all in one run, then webtorch's ratios.
// Node 20 runs relaxed SIMD only behind a flag, so the relaxed build's column comes from this
// script rerun as a child with --experimental-wasm-relaxed-simd (--child prints JSON).
// The machine may be shared: on Linux each measurement first waits (up to 3 s) for the other
// processes to leave the CPUs nearly idle.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from '../dist/index.js';
import { coreVariants } from '../dist/backends/wasm.js';
import { fmt, loadTfjsWasm, printTable, ratio, runTorch, timeMs, waitQuiet, PY_TIMER } from './common.mjs';

// `--only 64x64,bmm` keeps the cases whose names contain one of those words (the child inherits it)
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
const CASES = [64, 128, 256, 512, 1024, 2048].map((n) => ({ name: `${n}x${n}`, batch: 1, n }))
  .concat([{ name: 'bmm 64x(64x64)', batch: 64, n: 64 }])
  .filter((c) => !only || only.some((w) => c.name.includes(w)));
const JS_MAX_N = 256;
const child = process.argv.includes('--child');

const flops = (c) => 2 * c.batch * c.n ** 3;
const shape = (c) => (c.batch > 1 ? [c.batch, c.n, c.n] : [c.n, c.n]);
const gflops = (c, ms) => (ms ? flops(c) / ms / 1e6 : null);

/**
 * Median ms of fn, with as many repeats as fit in about half a second (5 to 1000), after running
 * it for a fifth of a second (the JITs of every library tier up on the first calls).
 */
async function measure(fn) {
  let calls = 0;
  const t0 = performance.now();
  while (calls < 2 || performance.now() - t0 < 200) {
    fn();
    calls++;
  }
  const once = (performance.now() - t0) / calls;
  const reps = Math.max(5, Math.min(1000, Math.round(500 / once)));
  await waitQuiet();
  return timeMs(fn, { reps, warmup: Math.min(reps, 10) });
}

async function timeWebtorch(c, threads) {
  torch.set_num_threads(threads);
  torch.manual_seed(0);
  const a = torch.randn(shape(c)), b = torch.randn(shape(c));
  const ms = await measure(() => a.matmul(b).dispose());
  a.dispose();
  b.dispose();
  return ms;
}

const allThreads = torch.get_num_threads();

if (child) {
  // the relaxed build's numbers for the parent's table
  const out = { variant: coreVariants()[0] };
  for (const c of CASES) out[c.name] = [await timeWebtorch(c, 1), await timeWebtorch(c, allThreads)];
  console.log(JSON.stringify(out));
  process.exit(0);
}

function relaxedRun() {
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--child', ...(only ? ['--only', only.join(',')] : [])], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`(relaxed-SIMD run failed: ${r.stderr.trim().split('\n').pop()})`);
    return null;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return out.variant === 'mt-relaxed' ? out : null;
}

async function loadJax() {
  try {
    globalThis.navigator ??= {};
    const jax = await import('@jax-js/jax');
    await jax.init('wasm');
    jax.defaultDevice('wasm');
    return jax;
  } catch (e) {
    console.log(`(jax-js wasm not available: ${e.message})`);
    return null;
  }
}

const random = (c) => Float32Array.from({ length: c.batch * c.n * c.n }, () => Math.random() * 2 - 1);

async function timeTf(tf, c) {
  const a = tf.tensor(random(c), shape(c)), b = tf.tensor(random(c), shape(c));
  const ms = await measure(() => tf.matMul(a, b).dispose());
  tf.dispose([a, b]);
  return ms;
}

async function timeJax(jax, c) {
  const np = jax.numpy;
  const a = np.array(random(c)).reshape(shape(c)), b = np.array(random(c)).reshape(shape(c));
  // arrays are lazy: reading the result runs the product (dataSync consumes it)
  const ms = await measure(() => np.matmul(a.ref, b.ref).dataSync());
  a.dispose();
  b.dispose();
  return ms;
}

console.log(`\nmatmul: webtorch's '${coreVariants()[0]}' core, ${allThreads} threads`);
// OpenBLAS sizes its thread pool from OMP_NUM_THREADS when it loads: one process per thread count
const pyCases = CASES.map((c) => `(${JSON.stringify(c.name)}, ${JSON.stringify(shape(c))})`).join(', ');
const torchMs = {};
const omp = process.env.OMP_NUM_THREADS;
for (const t of [1, 2]) {
  process.env.OMP_NUM_THREADS = String(t);
  Object.assign(torchMs, runTorch(`${PY_TIMER}
torch.set_num_threads(${t})
out = {}
for name, shape in [${pyCases}]:
    a = torch.randn(shape); b = torch.randn(shape)
    t0 = time.perf_counter(); torch.matmul(a, b); once = time.perf_counter() - t0
    reps = max(5, min(1000, round(0.5 / max(once, 1e-6))))
    out[name + '/${t}'] = med(lambda: torch.matmul(a, b), reps=reps, warmup=min(reps, 10))
print(json.dumps(out))`));
}
if (omp === undefined) delete process.env.OMP_NUM_THREADS;
else process.env.OMP_NUM_THREADS = omp;
const relaxed = relaxedRun();
const tf = await loadTfjsWasm();
const jax = await loadJax();

const results = [];
for (const c of CASES) {
  const r = { c };
  r.one = gflops(c, await timeWebtorch(c, 1));
  r.all = gflops(c, await timeWebtorch(c, allThreads));
  r.relaxed = relaxed ? relaxed[c.name].map((ms) => gflops(c, ms)) : [null, null];
  if (c.n <= JS_MAX_N) {
    torch.set_backend('js');
    r.js = gflops(c, await timeWebtorch(c, 1));
    torch.set_backend('wasm');
  }
  r.tf = tf ? gflops(c, await timeTf(tf, c)) : null;
  r.jax = jax ? gflops(c, await timeJax(jax, c)) : null;
  r.pt1 = gflops(c, torchMs[`${c.name}/1`]);
  r.pt2 = gflops(c, torchMs[`${c.name}/2`]);
  results.push(r);
}
torch.set_num_threads(allThreads);

printTable('matmul float32, GFLOP/s (median)',
  ['case', 'webtorch 1T', `webtorch ${allThreads}T`, 'relaxed 1T', `relaxed ${allThreads}T`, 'JS backend', 'TF.js wasm', 'jax-js wasm', 'PyTorch 1T', 'PyTorch 2T'],
  results.map((r) => [r.c.name, fmt(r.one, 1), fmt(r.all, 1), fmt(r.relaxed[0], 1), fmt(r.relaxed[1], 1), fmt(r.js, 2), fmt(r.tf, 1), fmt(r.jax, 1), fmt(r.pt1, 1), fmt(r.pt2, 1)]));
printTable('ratios (> 1x: the first is faster)',
  ['case', `${allThreads}T / 1T`, 'relaxed / SIMD128 1T', '1T / JS', '1T / TF.js', `${allThreads}T / TF.js`, '1T / jax-js', '1T / PyTorch 1T', `${allThreads}T / PyTorch 2T`],
  results.map((r) => [r.c.name, ratio(r.all, r.one), ratio(r.relaxed[0], r.one), ratio(r.one, r.js), ratio(r.one, r.tf), ratio(r.all, r.tf), ratio(r.one, r.jax), ratio(r.one, r.pt1), ratio(r.all, r.pt2)]));
console.log('(relaxed: this script rerun with node --experimental-wasm-relaxed-simd; TF.js and jax-js run one thread in Node)');
