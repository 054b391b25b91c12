// Where the MLP training step's time goes (issue 15): the step of bench/train.mjs (64x784-128-10,
// cross_entropy, SGD, a shuffling DataLoader, no tidy) cut into its phases - next batch, forward,
// loss, zero_grad, backward, step - in webtorch (one thread and the default threads) and in native
// PyTorch 1.13 (one thread), microseconds per step over many steps. Also the process's CPU time
// per step, which a busy shared host inflates less than wall time (for one thread only: with
// workers it adds up every thread).
//   node bench/step-profile.mjs [steps]
import * as torch from '../dist/index.js';
import { forever, printTable, runTorch, PY_TRAINING } from './common.mjs';

const STEPS = Number(process.argv[2] ?? 1000);
const PHASES = ['batch', 'forward', 'loss', 'zero_grad', 'backward', 'step'];
const { nn } = torch;
const F = nn.functional;
const { DataLoader, TensorDataset } = torch.utils.data;

function profile(threads) {
  torch.set_num_threads(threads);
  torch.manual_seed(0);
  const batches = forever(DataLoader(TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, [64 * 16])), { batch_size: 64, shuffle: true }));
  const model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
  const opt = torch.optim.SGD(model.parameters(), { lr: 0.01 });
  const sums = new Float64Array(PHASES.length);
  const step = (timed) => {
    const t = [performance.now()];
    const [xb, yb] = batches.next().value;
    t.push(performance.now());
    const out = model(xb);
    t.push(performance.now());
    const loss = F.cross_entropy(out, yb);
    t.push(performance.now());
    opt.zero_grad();
    t.push(performance.now());
    loss.backward();
    t.push(performance.now());
    opt.step();
    t.push(performance.now());
    if (timed) for (let i = 0; i < PHASES.length; i++) sums[i] += t[i + 1] - t[i];
  };
  for (let i = 0; i < Math.max(100, STEPS / 4); i++) step(false);
  const c = process.cpuUsage(), t0 = performance.now();
  for (let i = 0; i < STEPS; i++) step(true);
  const wall = ((performance.now() - t0) * 1000) / STEPS, d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / STEPS, phases: Array.from(sums, (s) => (s * 1000) / STEPS) };
}

const pt = runTorch(`${PY_TRAINING}batches = forever(DataLoader(TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, (64 * 16,))), batch_size=64, shuffle=True))
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
sums = [0.0] * 6
def step(timed):
    pc = time.perf_counter
    t = [pc()]
    xb, yb = next(batches); t.append(pc())
    out = model(xb); t.append(pc())
    loss = F.cross_entropy(out, yb); t.append(pc())
    opt.zero_grad(); t.append(pc())
    loss.backward(); t.append(pc())
    opt.step(); t.append(pc())
    if timed:
        for i in range(6): sums[i] += t[i + 1] - t[i]
for _ in range(max(100, ${STEPS} // 4)): step(False)
c0 = time.process_time(); t0 = time.perf_counter()
for _ in range(${STEPS}): step(True)
wall = (time.perf_counter() - t0) * 1e6 / ${STEPS}; cpu = (time.process_time() - c0) * 1e6 / ${STEPS}
print(json.dumps({'wall': wall, 'cpu': cpu, 'phases': [s * 1e6 / ${STEPS} for s in sums]}))`);

const defaults = torch.get_num_threads();
const runs = [['webtorch 1T', profile(1)]];
if (defaults > 1) runs.push([`webtorch ${defaults}T`, profile(defaults)]);
if (pt) runs.push(['PyTorch 1T', pt]);
printTable(`MLP step 64x784-128-10 by phase, microseconds per step (mean of ${STEPS} steps)`,
  ['phase', ...runs.map(([n]) => n)],
  [...PHASES.map((p, i) => [p, ...runs.map(([, r]) => r.phases[i].toFixed(1))]),
    ['whole step (wall)', ...runs.map(([, r]) => r.wall.toFixed(1))],
    ['whole step (CPU time)', ...runs.map(([n, r]) => (n.includes(' 1T') ? r.cpu.toFixed(1) : null))]]);
