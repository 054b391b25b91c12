// Default threads against one thread on bench/train.mjs's MLP step (64x784-128-10, SGD, a
// shuffling DataLoader, no tidy), or its logistic regression step (`logreg`), in one process, the two settings alternating in chunks of 100
// steps over 20 rounds, so that the shared host's changing load falls on both alike. Prints the
// medians and the pool's per-bucket estimates (picoseconds per unit of work: alone, split awake, split asleep).
//   node bench/threads-ab.mjs [mlp|logreg]
import * as torch from '../dist/index.js';
import { getWasmBackend } from '../dist/backends/index.js';
import { median, tutorialLogistic, tutorialMLP } from './common.mjs';

await torch.ready();
const threads = torch.get_num_threads();
const which = process.argv[2] ?? 'mlp';
if (which !== 'mlp' && which !== 'logreg') throw new Error(`unknown case ${which}: mlp or logreg`);
const step = which === 'mlp' ? tutorialMLP(torch) : tutorialLogistic(torch);

const res = new Map([[1, []], [threads, []]]);
for (let r = 0; r < 20; r++) {
  for (const n of r % 2 ? [1, threads] : [threads, 1]) {
    torch.set_num_threads(n);
    for (let i = 0; i < 30; i++) step();
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) step();
    res.get(n).push((performance.now() - t0) * 10);
  }
}
torch.set_num_threads(threads);
const one = median(res.get(1)), all = median(res.get(threads));
console.log(`${which} step, us (median of 20 chunks): 1 thread ${one.toFixed(1)}, ${threads} threads ${all.toFixed(1)}: ${(one / all).toFixed(2)}x`);
const pool = getWasmBackend()?.pool;
if (pool) {
  console.log(`pool: hand-off ${pool.costs.hotUs.toFixed(1)} us awake, ${pool.costs.coldUs.toFixed(1)} us asleep`);
  for (const [key, b] of pool.costs.buckets) {
    const f = (x) => (Number.isNaN(x) ? '-' : (x * 1e6).toFixed(1));
    console.log(`  ${key}: alone ${f(b.alone)}, split awake ${f(b.split)}, split asleep ${f(b.splitCold)} (ps per unit), ${b.jobs} jobs`);
  }
}
