// Reductions: sum and softmax over 1M float32, and a [1024, 1024] row softmax / column sum:
// webtorch (wasm core, JS backend), TF.js wasm, PyTorch, in one run.
import * as torch from '../dist/index.js';
import { fmt, loadTfjsWasm, printTable, ratio, runTorch, timeMs, PY_TIMER } from './common.mjs';

const N = 1 << 20;
const CASES = [
  // bytes: what the op must read and write at least (for GB/s)
  { name: 'sum [1M]', shape: [N], bytes: 4 * N, run: (a) => a.sum(), tf: (tf, a) => tf.sum(a), py: 'a.sum()' },
  { name: 'softmax [1M]', shape: [N], bytes: 8 * N, run: (a) => a.softmax(0), tf: (tf, a) => tf.softmax(a), py: 'torch.softmax(a, 0)' },
  { name: 'softmax rows [1024, 1024]', shape: [1024, 1024], bytes: 8 * N, run: (a) => a.softmax(-1), tf: (tf, a) => tf.softmax(a, -1), py: 'torch.softmax(a, -1)' },
  { name: 'sum dim 0 [1024, 1024]', shape: [1024, 1024], bytes: 4 * N, run: (a) => a.sum(0), tf: (tf, a) => tf.sum(a, 0), py: 'a.sum(0)' },
];

function timeWebtorch(backend, c) {
  torch.set_backend(backend);
  torch.manual_seed(0);
  const a = torch.randn(c.shape);
  const ms = timeMs(() => c.run(a).dispose(), { reps: backend === 'js' ? 5 : 50, warmup: backend === 'js' ? 1 : 5 });
  a.dispose();
  torch.set_backend('wasm');
  return ms;
}

const tf = await loadTfjsWasm();
const torchMs = runTorch(`${PY_TIMER}
out = {}
${CASES.map((c, i) => `a = torch.randn(${JSON.stringify(c.shape)}); out['${i}'] = med(lambda: ${c.py}, reps=50)`).join('\n')}
print(json.dumps(out))`);

const rows = CASES.map((c, i) => {
  const wasm = timeWebtorch('wasm', c);
  const js = timeWebtorch('js', c);
  let tfMs = null;
  if (tf) {
    const a = tf.randomNormal(c.shape);
    tfMs = timeMs(() => c.tf(tf, a).dispose(), { reps: 50 });
    a.dispose();
  }
  const pt = torchMs?.[i] ?? null;
  return [c.name, fmt(wasm), fmt(c.bytes / wasm / 1e6, 1), fmt(js), fmt(tfMs), fmt(pt), ratio(js, wasm), ratio(tfMs, wasm), ratio(pt, wasm)];
});

printTable('reductions, float32 (median ms; GB/s counts the bytes read + written once)',
  ['op', 'webtorch ms', 'GB/s', 'JS backend ms', 'TF.js wasm ms', 'PyTorch ms', 'vs JS', 'vs TF.js', 'vs PyTorch'], rows);
console.log('(ratios > 1x mean webtorch wasm is faster; the TF.js wasm backend runs synchronously, as webtorch does)');
