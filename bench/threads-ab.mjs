// Default threads against one thread on bench/train.mjs's MLP step (64x784-128-10, SGD, a
// shuffling DataLoader, no tidy), or its logistic regression step (`logreg`), in one process, the two settings alternating in chunks of 100
// steps over 20 rounds, so that the shared host's changing load falls on both alike. Prints the
// medians and the pool's per-bucket estimates (picoseconds per unit of work: alone, split awake, split asleep).
//   node bench/threads-ab.mjs [mlp|logreg]
import * as torch from '../dist/index.js';
import { getWasmBackend } from '../dist/backends/index.js';
import { forever, median, tutorialMLP } from './common.mjs';

await torch.ready();
const threads = torch.get_num_threads();
const which = process.argv[2] ?? 'mlp';
if (which !== 'mlp' && which !== 'logreg') throw new Error(`unknown case ${which}: mlp or logreg`);
const step = which === 'mlp' ? tutorialMLP(torch) : logreg();

/** bench/train.mjs's logistic regression step ("What is torch.nn really?"'s loop). */
function logreg() {
  const { nn } = torch, F = nn.functional, { DataLoader, TensorDataset } = torch.utils.data;
  torch.manual_seed(0);
  const batches = forever(DataLoader(TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, [64 * 16])), { batch_size: 64, shuffle: true }));
  const model = nn.Linear(784, 10);
  const opt = torch.optim.SGD(model.parameters(), { lr: 0.5 });
  return () => {
    const [xb, yb] = batches.next().value;
    const loss = F.cross_entropy(model(xb), yb);
    loss.backward();
    opt.step();
    opt.zero_grad();
  };
}
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
