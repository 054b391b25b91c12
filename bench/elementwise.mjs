// add / mul / exp / sigmoid on 1M float32: webtorch (wasm core, JS backend), TF.js wasm, PyTorch.
import * as torch from '../dist/index.js';
import { fmt, loadTfjsWasm, printTable, ratio, runTorch, timeMs, PY_TIMER } from './common.mjs';

const N = 1 << 20;
const OPS = [
  { name: 'add', inputs: 2, run: (a, b) => a.add(b), tf: (tf, a, b) => tf.add(a, b), py: 'a + b' },
  { name: 'mul', inputs: 2, run: (a, b) => a.mul(b), tf: (tf, a, b) => tf.mul(a, b), py: 'a * b' },
  { name: 'exp', inputs: 1, run: (a) => a.exp(), tf: (tf, a) => tf.exp(a), py: 'torch.exp(a)' },
  { name: 'sigmoid', inputs: 1, run: (a) => a.sigmoid(), tf: (tf, a) => tf.sigmoid(a), py: 'torch.sigmoid(a)' },
];

function timeWebtorch(backend, op) {
  torch.set_backend(backend);
  torch.manual_seed(0);
  const a = torch.randn(N), b = torch.randn(N);
  const reps = backend === 'js' ? 10 : 50;
  const ms = timeMs(() => op.run(a, b).dispose(), { reps });
  a.dispose(); b.dispose();
  torch.set_backend('wasm');
  return ms;
}

const tf = await loadTfjsWasm();
const torchMs = runTorch(`${PY_TIMER}
a = torch.randn(${N}); b = torch.randn(${N})
print(json.dumps({${OPS.map((o) => `'${o.name}': med(lambda: ${o.py}, reps=50)`).join(', ')}}))`);

const rows = OPS.map((op) => {
  const wasm = timeWebtorch('wasm', op);
  const js = timeWebtorch('js', op);
  let tfMs = null;
  if (tf) {
    const a = tf.randomNormal([N]), b = tf.randomNormal([N]);
    tfMs = timeMs(() => op.tf(tf, a, b).dispose(), { reps: 50 });
    a.dispose(); b.dispose();
  }
  const bytes = (op.inputs + 1) * 4 * N;
  const pt = torchMs?.[op.name] ?? null;
  return [op.name, fmt(wasm), fmt(bytes / wasm / 1e6, 1), fmt(js), fmt(tfMs), fmt(pt), ratio(js, wasm), ratio(tfMs, wasm), ratio(pt, wasm)];
});

printTable(`elementwise, ${N} float32 elements (median ms; GB/s counts inputs + output)`,
  ['op', 'webtorch ms', 'GB/s', 'JS backend ms', 'TF.js wasm ms', 'PyTorch ms', 'vs JS', 'vs TF.js', 'vs PyTorch'], rows);
console.log('(ratios > 1x mean webtorch wasm is faster)');
