// Per-op overhead of autograd: x.mul(3).add(1) on a scalar that requires grad (two recorded ops),
// on the wasm core and the JS backend, against native PyTorch (~3 us per op). A scalar makes the
// kernels free, so what is measured is the facade: argument handling, allocation, recording.
import * as torch from '../dist/index.js';
import { fmt, printTable, ratio, runTorch, PY_TIMER } from './common.mjs';

const CHUNK = 1000;
const CHUNKS = 200;

/**
 * Microseconds per op of `body` (which runs `ops` ops), averaged over CHUNKS chunks of CHUNK
 * calls: garbage collection included, as a program pays it. Between chunks the event loop turns,
 * so the FinalizationRegistry releases dropped tensors as it would in an application.
 */
async function usPerOp(body, ops) {
  for (let i = 0; i < 20 * CHUNK; i++) body();
  let ms = 0;
  for (let c = 0; c < CHUNKS; c++) {
    const t0 = performance.now();
    for (let i = 0; i < CHUNK; i++) body();
    ms += performance.now() - t0;
    await new Promise((r) => setImmediate(r));
  }
  return (ms * 1000) / (CHUNKS * CHUNK * ops);
}

const CASES = [
  { name: 'x.mul(3).add(1), x requires grad', ops: 2, grad: true, run: (x) => x.mul(3).add(1), py: 'x.mul(3).add(1)' },
  { name: 'the same, x does not', ops: 2, grad: false, run: (x) => x.mul(3).add(1), py: 'y.mul(3).add(1)' },
  { name: 'x.mul(3).add(1).backward() (per op)', ops: 2, grad: true, run: (x) => x.mul(3).add(1).backward(), py: 'x.mul(3).add(1).backward()' },
];

async function timeWebtorch(backend, c) {
  torch.set_backend(backend);
  const x = torch.tensor(2.0, { requires_grad: c.grad });
  const us = await usPerOp(() => c.run(x), c.ops);
  x.dispose();
  torch.set_backend('wasm');
  return us;
}

// PyTorch: the same loops in Python (its interpreter overhead is part of PyTorch's per-op cost, as
// the JavaScript engine's is part of webtorch's)
const pt = runTorch(`${PY_TIMER}
x = torch.tensor(2.0, requires_grad=True); y = torch.tensor(2.0)
def loop(f):
    def g():
        for _ in range(${CHUNK}): f()
    return g
cases = [${CASES.map((c) => `(lambda: ${c.py}, ${c.ops})`).join(', ')}]
print(json.dumps([med(loop(f), reps=50) * 1e3 / (${CHUNK} * ops) for f, ops in cases]))`);

const rows = [];
for (const [i, c] of CASES.entries()) {
  const wasm = await timeWebtorch('wasm', c);
  const js = await timeWebtorch('js', c);
  const py = pt?.[i] ?? null;
  rows.push([c.name, fmt(wasm), fmt(js), fmt(py), ratio(js, wasm), ratio(py, wasm)]);
}

printTable('autograd: per-op overhead on a scalar (us per op, GC included)',
  ['case', 'webtorch wasm', 'JS backend', 'PyTorch', 'vs JS', 'vs PyTorch'], rows);
console.log('(ratios > 1x mean webtorch wasm is faster; goal: under 1.5 us per op with autograd on)');
