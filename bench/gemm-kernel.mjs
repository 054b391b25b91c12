// Standalone GEMM kernel benchmark: loads an already built wasm (compiles nothing) and prints
// GFLOP/s (median of repeated runs) for square f32 products.
//
//   node bench/gemm-kernel.mjs [file.wasm] [--sizes 64,128,256,512,1024] [--dtype f32|f64|i32|i64]
//                              [--layout nn|tn|nt|tt] [--mode 0..4] [--reps 9] [--no-wait]
//
// Default file: /tmp/mm/matmul.wasm, else build/core.wasm. A relaxed-SIMD build needs
// `node --experimental-wasm-relaxed-simd` on Node 20. --mode calls gemm_tune (when exported):
// 0 heuristic, 1 pack A and B, 2 A in place, 3 A and B in place, 4 dot kernel (nt only).
// The machine may be shared: on Linux each sample first waits (up to 3 s) until the other
// processes leave the CPUs nearly idle; --no-wait skips that.
import { existsSync, readFileSync } from 'node:fs';
import { cpuTimes, waitQuiet as waitQuietCommon } from './common.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = args.find((a) => a.endsWith('.wasm')) ??
  ['/tmp/mm/matmul.wasm', join(root, 'build', 'core.wasm')].find((f) => existsSync(f));
const sizes = opt('sizes', '64,128,256,512,1024').split(',').map(Number);
const dtype = opt('dtype', 'f32');
const layout = opt('layout', 'nn');
const reps = Number(opt('reps', '9'));
const wait = !args.includes('--no-wait') && existsSync('/proc/stat');
const mode = opt('mode');

const module = new WebAssembly.Module(readFileSync(file));
// Stub every function import other than abort, so a full core.wasm loads too; a threads build
// imports a shared memory.
const instantiate = (shared) => {
  const memory = new WebAssembly.Memory({ initial: 2048, maximum: 16384, shared });
  const env = { memory, abort: () => { throw new Error('abort'); } };
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= imp.module === 'env' ? env : {};
    if (imp.kind === 'function' && !(imp.name in imports[imp.module])) imports[imp.module][imp.name] = () => 0;
  }
  return [memory, new WebAssembly.Instance(module, imports).exports];
};
let memory, ex;
try {
  [memory, ex] = instantiate(false);
} catch {
  [memory, ex] = instantiate(true);
}
if (mode !== undefined && ex.gemm_tune) ex.gemm_tune(Number(mode));

const Arr = { f32: Float32Array, f64: Float64Array, i32: Int32Array, i64: BigInt64Array }[dtype];
const es = Arr.BYTES_PER_ELEMENT;
const gemm = ex[`gemm_${dtype}`];
const one = dtype === 'i64' ? 1n : 1;
const zero = dtype === 'i64' ? 0n : 0;

// Bump allocation: the core's own alloc when exported, else fixed addresses from 1 MiB.
let top = 1 << 20;
const alloc = (bytes) => {
  if (ex.alloc) return ex.alloc(bytes);
  const p = top;
  top += (bytes + 63) & ~63;
  while (top > memory.buffer.byteLength) memory.grow(256);
  return p;
};

const waitQuiet = () => (wait ? waitQuietCommon() : undefined);
// Runs fn: its seconds, and whether other processes stayed under ~10% of a CPU meanwhile (our
// own CPU time is subtracted from the machine's busy time; jiffies are 10 ms).
const timed = (fn) => {
  const [b1] = wait ? cpuTimes() : [0];
  const u1 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const dt = (performance.now() - t0) / 1e3;
  if (!wait) return { dt, clean: true };
  const [b2] = cpuTimes();
  const u = process.cpuUsage(u1);
  const others = (b2 - b1) / 100 - (u.user + u.system) / 1e6;
  return { dt, clean: others / dt <= 0.1 };
};

console.log(`${file} ${dtype} layout=${layout}${mode !== undefined ? ` mode=${mode}` : ''}`);
const maxN = Math.max(...sizes);
const scratchBytes = ex.gemm_scratch_bytes(maxN, maxN, maxN);
ex.gemm_set_scratch(alloc(scratchBytes), scratchBytes);
const pa = alloc(maxN * maxN * es), pb = alloc(maxN * maxN * es), pc = alloc(maxN * maxN * es);
const fill = (p, n) => {
  const v = new Arr(memory.buffer, p, n);
  for (let i = 0; i < n; i++) v[i] = dtype === 'i64' ? BigInt((i * 7) % 13 - 6) : dtype === 'i32' ? (i * 7) % 13 - 6 : Math.random() - 0.5;
};

for (const n of sizes) {
  fill(pa, n * n);
  fill(pb, n * n);
  // nn: both row-major; tn: A transposed view; nt: B transposed view (x @ W.T).
  const [rsa, csa] = layout[0] === 't' ? [1, n] : [n, 1];
  const [rsb, csb] = layout[1] === 't' ? [1, n] : [n, 1];
  const run = () => gemm(n, n, n, pa, rsa, csa, pb, rsb, csb, pc, zero, one);
  // Spot-check a few entries against a direct sum.
  run();
  const A = new Arr(memory.buffer, pa, n * n), B = new Arr(memory.buffer, pb, n * n);
  const C = new Arr(memory.buffer, pc, n * n);
  for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, (n * 3) >> 2]]) {
    let s = zero;
    for (let k = 0; k < n; k++) s += A[i * rsa + k * csa] * B[k * rsb + j * csb];
    const err = Number(s - C[i * n + j]);
    if (Math.abs(err) > 1e-3 * Math.sqrt(n) * (dtype === 'f32' ? 1 : 1e-6)) throw new Error(`mismatch at ${n}: ${s} vs ${C[i * n + j]}`);
  }
  // Each timed sample runs long enough (>= ~20 ms) to swamp the timer.
  const flop = 2 * n * n * n;
  const iters = Math.max(1, Math.round(2e8 / flop));
  for (let w = 0; w < 3; w++) run();
  const rates = [];
  for (let r = 0, tries = 0; r < reps; tries++) {
    await waitQuiet();
    run();
    const { dt, clean } = timed(() => {
      for (let i = 0; i < iters; i++) run();
    });
    // After many disturbed samples, keep disturbed ones rather than stall.
    if (!clean && tries < 3 * reps) continue;
    rates.push((flop * iters) / dt / 1e9);
    r++;
  }
  rates.sort((x, y) => x - y);
  const med = rates[rates.length >> 1];
  console.log(`${String(n).padStart(5)}  ${med.toFixed(2).padStart(7)} GFLOP/s  (min ${rates[0].toFixed(2)}, max ${rates[rates.length - 1].toFixed(2)}, ${((flop / med) / 1e3).toFixed(1)} us/call)`);
}
