// The conv benchmark's cases (bench/conv.mjs) and the LeNet training step (bench/train.mjs) timed
// in CPU time on one thread: webtorch (process.cpuUsage) and native PyTorch (time.process_time),
// medians and minimums in ms. On a host shared with other jobs, wall time measures the other jobs
// too (the time slices they take); the CPU time a single-threaded run spends is what it costs
// itself (cache sharing aside). `node bench/conv-cpu.mjs [webtorch root]` (default: this checkout,
// its dist/ built), so two builds can be compared in the same minutes.
import { runTorch } from './common.mjs';

const root = process.argv[2] ? new URL(`file://${process.argv[2].replace(/\/?$/, '/')}`) : new URL('../', import.meta.url);
const torch = await import(new URL('dist/index.js', root).href);
const { nn } = torch, F = torch.nn.functional;
const { TensorDataset, DataLoader } = torch.utils.data;
torch.set_num_threads(1);

/** [median, min] CPU ms of fn over n runs after warm-up runs. */
function cpuMs(fn, n, warm = 5) {
  for (let i = 0; i < warm; i++) fn();
  const cs = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1000);
  }
  cs.sort((a, b) => a - b);
  return [cs[n >> 1], cs[0]];
}

const CASES = [['[32,3,32,32]->16', [32, 3, 32, 32], 16, 60], ['[4,64,56,56]->64', [4, 64, 56, 56], 64, 15]];
const wt = {};
for (const [name, shape, cout, n] of CASES) {
  torch.manual_seed(0);
  const x = torch.randn(shape), w = torch.randn([cout, shape[1], 3, 3]).requires_grad_(), b = torch.randn([cout]).requires_grad_();
  const xg = x.clone().requires_grad_();
  wt[`${name} fwd`] = cpuMs(() => torch.no_grad(() => F.conv2d(x, w, b, { padding: 1 })).dispose(), n);
  wt[`${name} fwd+bwd`] = cpuMs(() => torch.tidy(() => {
    F.conv2d(xg, w, b, { padding: 1 }).sum().backward();
    for (const t of [xg, w, b]) { t.grad.dispose(); t.grad = null; }
  }), n);
}
{
  torch.manual_seed(0);
  const ds = TensorDataset(torch.randn(64 * 8, 1, 28, 28), torch.randint(0, 10, [64 * 8]));
  const forever = function* (dl) { for (;;) yield* dl; };
  const batches = forever(DataLoader(ds, { batch_size: 64, shuffle: true }));
  const model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10));
  const opt = torch.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  wt['LeNet-5 step'] = cpuMs(() => {
    const [xb, yb] = batches.next().value;
    opt.zero_grad();
    F.cross_entropy(model(xb), yb).backward();
    opt.step();
  }, 200, 20);
}

const pt = runTorch(`
import json, time, statistics, torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
torch.set_num_threads(1)
torch.manual_seed(0)
def cpu_ms(fn, n, warm=5):
    for _ in range(warm): fn()
    cs = []
    for _ in range(n):
        c0 = time.process_time(); fn(); cs.append((time.process_time() - c0) * 1e3)
    return [statistics.median(cs), min(cs)]
out = {}
for name, shape, cout, n in ${JSON.stringify(CASES)}:
    x = torch.randn(shape); w = torch.randn(cout, shape[1], 3, 3, requires_grad=True); b = torch.randn(cout, requires_grad=True)
    xg = x.clone().requires_grad_()
    def fwd():
        with torch.no_grad(): F.conv2d(x, w, b, padding=1)
    def both():
        F.conv2d(xg, w, b, padding=1).sum().backward(); xg.grad = None; w.grad = None; b.grad = None
    out[name + " fwd"] = cpu_ms(fwd, n); out[name + " fwd+bwd"] = cpu_ms(both, n)
ds = TensorDataset(torch.randn(64 * 8, 1, 28, 28), torch.randint(0, 10, (64 * 8,)))
def forever(dl):
    while True: yield from dl
batches = forever(DataLoader(ds, batch_size=64, shuffle=True))
model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
def step():
    xb, yb = next(batches); opt.zero_grad(); F.cross_entropy(model(xb), yb).backward(); opt.step()
out["LeNet-5 step"] = cpu_ms(step, 200, 20)
print(json.dumps(out))`);

const f = (v) => (v ? `${v[0].toFixed(2)} (${v[1].toFixed(2)})` : '-');
console.log(`\nCPU ms on one thread, median (min); webtorch from ${root.pathname}`);
console.log(`${'case'.padEnd(26)}${'webtorch'.padEnd(16)}${'PyTorch'.padEnd(16)}PyTorch / webtorch (medians)`);
for (const k of Object.keys(wt)) {
  const p = pt ? pt[k] : null;
  console.log(`${k.padEnd(26)}${f(wt[k]).padEnd(16)}${f(p).padEnd(16)}${p ? `${(p[0] / wt[k][0]).toFixed(2)}x` : '-'}`);
}
process.exit(0);
