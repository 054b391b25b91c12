// Per-op microbenchmarks of what a training step is made of (issue 15), results dropped as users
// drop them (no dispose, no tidy): the fixed cost of a small op, an elementwise op on 8K float32
// elements, the transposed copy against a dense clone, cross_entropy forward and backward, the
// pieces of a Linear layer's forward and backward, item(), a DataLoader batch, and the MLP step's
// products on one thread and on the default threads. Native PyTorch 1.13 (one thread) runs the
// same statements in the same run.
//
// Each figure is the median over BLOCKS timed blocks of about BLOCK_MS (wall time; and the process's
// CPU time per call on one thread, which a busy shared host inflates less); the variants take turns
// in ROUNDS rounds, so a change in the shared machine's load falls on all of them alike. Between
// blocks the event loop turns (finalizers run as in an application).
//   node bench/ops.mjs [--only name,name]
import * as torch from '../dist/index.js';
import { fmt, forever, median, printTable, ratio, runTorch, waitQuiet, PY_TRAINING } from './common.mjs';

const { nn } = torch;
const F = nn.functional;
const BLOCK_MS = 20;
const BLOCKS = 15;
const ROUNDS = 3;
const threads = torch.get_num_threads();

torch.manual_seed(0);
const x8k = torch.randn(8192);
const y8k = torch.randn(8192);
const X = torch.randn(64, 784);
const W1 = torch.randn(128, 784, { requires_grad: true });
const b1 = torch.randn(128, { requires_grad: true });
const H = torch.randn(64, 128);
const G = torch.randn(64, 128);
const logits = torch.randn(64, 10, { requires_grad: true });
const target = torch.randint(0, 10, [64]);
const s = torch.tensor(2.0, { requires_grad: true });
const one = torch.tensor([1.5]);
const A64 = torch.randn(64, 64), B64 = torch.randn(64, 64);
const W2 = torch.randn(10, 128);
const { DataLoader, TensorDataset } = torch.utils.data;
const batches = forever(DataLoader(TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, [64 * 16])), { batch_size: 64, shuffle: true }));

// [name, webtorch body, PyTorch statement, thread-sensitive (also timed on 1 thread)]
const CASES = [
  ['tiny add [1] + [1]', () => one.add(one), 'one.add(one)'],
  ['scalar mul, requires grad', () => s.mul(3), 's.mul(3)'],
  ['add 8K f32 (dropped)', () => x8k.add(y8k), 'x8k.add(y8k)'],
  ['relu 8K f32 (dropped)', () => x8k.relu(), 'x8k.relu()'],
  ['mul by scalar 8K f32 (dropped)', () => x8k.mul(0.5), 'x8k.mul(0.5)'],
  ['clone 784x64 (dense)', () => X.clone(), 'X.clone()'],
  ['X.t().contiguous() 784x64', () => X.t().contiguous(), 'X.t().contiguous()'],
  ['item() of a 0-d tensor', () => { s.item(); }, 's.item()'],
  ['sum of 64x128', () => H.sum(0), 'H.sum(0)'],
  ['log_softmax 64x10', () => F.log_softmax(logits.detach(), 1), 'F.log_softmax(logits.detach(), 1)'],
  ['cross_entropy 64x10 fwd', () => F.cross_entropy(logits, target), 'F.cross_entropy(logits, target)'],
  ['cross_entropy 64x10 fwd+bwd', () => F.cross_entropy(logits, target).backward(), 'F.cross_entropy(logits, target).backward()'],
  ['relu 64x128 fwd+bwd', () => H.requires_grad_(true).relu().backward(G), 'Hg.relu().backward(G)'],
  ['linear 64x784->128 fwd', () => F.linear(X, W1, b1), 'F.linear(X, W1, b1)', true],
  ['linear 64x784->128 fwd+bwd', () => F.linear(X, W1, b1).backward(G), 'F.linear(X, W1, b1).backward(G)', true],
  ['mm 64x64 @ 64x64', () => A64.mm(B64), 'A64.mm(B64)', true],
  ['mm 64x784 @ 784x128 (X @ W1.T)', () => X.mm(W1.detach().t()), 'X.mm(W1.detach().t())', true],
  ['mm 784x64 @ 64x128 (X.T @ G)', () => X.t().mm(G), 'X.t().mm(G)', true],
  ['mm 64x128 @ 128x10 (H @ W2.T)', () => H.mm(W2.t()), 'H.mm(W2.t())', true],
  ['mm 10x64 @ 64x128 (g.T @ H)', () => logits.detach().t().mm(H), 'logits.detach().t().mm(H)', true],
  ['DataLoader batch 64x784', () => batches.next().value, 'next(batches)'],
];

/** Disposes what a case returned (a tensor or an array of them): the "disposed" column. */
function dispose(r) {
  if (Array.isArray(r)) for (const t of r) t?.dispose?.();
  else r?.dispose?.();
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
const cases = only ? CASES.filter(([n]) => only.some((o) => n.includes(o))) : CASES;

// zero the grads now and then so accumulation stays finite; cheap next to a block
const zero = () => {
  for (const t of [W1, b1, logits, s, H]) t.grad = null;
};

async function measure(variants) {
  for (const v of variants) {
    v.times = [];
    v.cpu = [];
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants) {
      torch.set_num_threads(v.threads);
      let calls = 0;
      const t0 = performance.now();
      while (calls < 5 || performance.now() - t0 < (r ? 10 : 100)) {
        v.fn();
        calls++;
      }
      if (!r) v.iters = Math.max(1, Math.round(BLOCK_MS / ((performance.now() - t0) / calls)));
      for (let b = 0; b < BLOCKS / ROUNDS; b++) {
        await new Promise((res) => setImmediate(res));
        zero();
        const t = performance.now(), c = process.cpuUsage();
        for (let i = 0; i < v.iters; i++) v.fn();
        v.times.push(((performance.now() - t) * 1000) / v.iters);
        const d = process.cpuUsage(c);
        v.cpu.push((d.user + d.system) / v.iters);
      }
    }
  }
  torch.set_num_threads(threads);
  return variants.map((v) => [median(v.times), median(v.cpu)]);
}

const pt = runTorch(`${PY_TRAINING}x8k = torch.randn(8192); y8k = torch.randn(8192); X = torch.randn(64, 784)
W1 = torch.randn(128, 784, requires_grad=True); b1 = torch.randn(128, requires_grad=True)
H = torch.randn(64, 128); Hg = H.clone().requires_grad_(); G = torch.randn(64, 128)
logits = torch.randn(64, 10, requires_grad=True); target = torch.randint(0, 10, (64,))
s = torch.tensor(2.0, requires_grad=True); one = torch.tensor([1.5])
A64 = torch.randn(64, 64); B64 = torch.randn(64, 64); W2 = torch.randn(10, 128)
batches = forever(DataLoader(TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, (64 * 16,))), batch_size=64, shuffle=True))
def measure(fn):
    calls = 0; t0 = time.perf_counter()
    while calls < 5 or time.perf_counter() - t0 < 0.1:
        fn(); calls += 1
    iters = max(1, round(${BLOCK_MS / 1000} / ((time.perf_counter() - t0) / calls)))
    ts = []
    for _ in range(${BLOCKS}):
        for t in (W1, b1, logits, s, Hg): t.grad = None
        t0 = time.perf_counter()
        for _ in range(iters): fn()
        ts.append((time.perf_counter() - t0) * 1e6 / iters)
    return statistics.median(ts)
out = {}
${cases.map(([n, , py]) => `out[${JSON.stringify(n)}] = measure(lambda: ${py})`).join('\n')}
print(json.dumps(out))`);

const rows = [];
for (const [name, fn, , mt] of cases) {
  await waitQuiet();
  const variants = [{ fn, threads: 1 }, { fn: () => dispose(fn()), threads: 1 }];
  if (mt && threads > 1) variants.push({ fn, threads });
  const [[t1, c1], [td, cd], [tn] = []] = await measure(variants);
  const py = pt?.[name] ?? null;
  rows.push([name, fmt(t1, 2), fmt(td, 2), fmt(c1, 2), fmt(cd, 2), mt && threads > 1 ? fmt(tn, 2) : null, fmt(py, 2), ratio(py, t1), ratio(py, td), mt && threads > 1 ? ratio(t1, tn) : null]);
}
printTable('ops, microseconds per call (median)',
  ['op', 'wt 1T dropped', 'wt 1T disposed', 'CPU us dropped', 'CPU us disposed', `wt ${threads}T dropped`, 'PyTorch 1T', 'PyTorch / wt dropped', 'PyTorch / wt disposed', `wt ${threads}T vs 1T`], rows);
console.log(`(> 1x: webtorch is faster; PyTorch 1.13 on one thread in the same run. "dropped": results left to the
 garbage collector, as users write; with no step boundary in these loops they land on fresh memory until a
 collection (the memory issue's part); "disposed": each result disposed at once.)`);
