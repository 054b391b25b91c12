// Optimizer step over 1M float32 parameters in 10 tensors (100k each): Adam and SGD with momentum,
// webtorch on one thread (wasm core and JS backend) against native PyTorch 1.13 on one thread
// (its default single-tensor path, foreach off, as webtorch mirrors). Gradients are set once;
// each timed call is one optimizer.step(). Targets: Adam <= 1.0 ms, SGD momentum <= 0.4 ms.
import * as torch from '../dist/index.js';
import { fmt, printTable, ratio, runTorch, timeMs, waitQuiet, PY_TIMER } from './common.mjs';

const TENSORS = 10;
const SIZE = 100_000;

const CASES = [
  { name: 'Adam step, 1M params in 10 tensors', make: (ps) => torch.optim.Adam(ps, { lr: 1e-3 }), py: 'torch.optim.Adam(ps, lr=1e-3)' },
  { name: 'SGD momentum step, 1M params in 10', make: (ps) => torch.optim.SGD(ps, { lr: 0.01, momentum: 0.9 }), py: 'torch.optim.SGD(ps, lr=0.01, momentum=0.9)' },
  { name: 'AdamW step, 1M params in 10 tensors', make: (ps) => torch.optim.AdamW(ps, { lr: 1e-3 }), py: 'torch.optim.AdamW(ps, lr=1e-3)' },
];

function timeWebtorch(backend, c) {
  torch.set_backend(backend);
  const ps = [];
  for (let i = 0; i < TENSORS; i++) {
    const p = torch.randn(SIZE).requires_grad_(true);
    p.grad = torch.randn(SIZE).mul(1e-3);
    ps.push(p);
  }
  const opt = c.make(ps);
  const ms = timeMs(() => opt.step(), { reps: backend === 'js' ? 10 : 50, warmup: backend === 'js' ? 2 : 10 });
  torch.set_backend('wasm');
  return ms;
}

const pt = runTorch(`${PY_TIMER}
ps = [torch.randn(${SIZE}, requires_grad=True) for _ in range(${TENSORS})]
for p in ps: p.grad = torch.randn(${SIZE}) * 1e-3
out = []
for make in [${CASES.map((c) => `lambda: ${c.py}`).join(', ')}]:
    opt = make()
    out.append(med(opt.step, reps=50, warmup=10))
print(json.dumps(out))`);

torch.set_num_threads(1);
await waitQuiet();
const rows = [];
for (const [i, c] of CASES.entries()) {
  const wasm = timeWebtorch('wasm', c);
  const js = timeWebtorch('js', c);
  const py = pt?.[i] ?? null;
  rows.push([c.name, fmt(wasm), fmt(js), fmt(py), ratio(js, wasm), ratio(py, wasm)]);
}
printTable('optim: one optimizer.step() (ms, one thread)', ['case', 'webtorch wasm', 'JS backend', 'PyTorch', 'vs JS', 'vs PyTorch'], rows);
console.log('(ratios > 1x mean webtorch wasm is faster; targets: Adam <= 1.0 ms, SGD momentum <= 0.4 ms)');
