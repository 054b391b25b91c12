// conv2d float32, forward and forward+backward (input, weight and bias gradients), in ms (medians):
// webtorch on 1 and on all threads, TF.js wasm (XNNPACK; one thread in Node) and native PyTorch on
// one thread, all in one run, then webtorch's ratios. Cases: [32,3,32,32] -> 16 and
// [4,64,56,56] -> 64, 3x3 kernels, padding 1; and a ResNet basic block (ResNet-18's first stage on
// [4,64,56,56]: conv3x3-BatchNorm-ReLU-conv3x3-BatchNorm, + identity, ReLU; training mode).
// The machine may be shared: each measurement first waits (up to 3 s) for the CPUs to go quiet.
import { register } from 'node:module';
import * as torch from '../dist/index.js';
import { coreVariants } from '../dist/backends/wasm.js';
import { fmt, loadTfjsWasm, printTable, ratio, runTorch, timeMs, waitQuiet, PY_TIMER } from './common.mjs';

const CASES = [
  { name: '[32,3,32,32]->16', x: [32, 3, 32, 32], cout: 16 },
  { name: '[4,64,56,56]->64', x: [4, 64, 56, 56], cout: 64 },
];
const F = torch.nn.functional;

/** Median ms of fn: as many repeats as fit in about a second (3 to 200), after a warm-up. */
async function measure(fn) {
  let calls = 0;
  const t0 = performance.now();
  while (calls < 2 || performance.now() - t0 < 200) {
    fn();
    calls++;
  }
  const once = (performance.now() - t0) / calls;
  const reps = Math.max(3, Math.min(200, Math.round(1000 / once)));
  await waitQuiet();
  return timeMs(fn, { reps, warmup: Math.min(reps, 3) });
}

async function timeWebtorch(c, threads) {
  torch.set_num_threads(threads);
  torch.manual_seed(0);
  const x = torch.randn(c.x), w = torch.randn([c.cout, c.x[1], 3, 3]).requires_grad_(), b = torch.randn([c.cout]).requires_grad_();
  const xg = x.clone().requires_grad_();
  const fwd = await measure(() => torch.no_grad(() => F.conv2d(x, w, b, { padding: 1 })).dispose());
  const both = await measure(() => torch.tidy(() => {
    F.conv2d(xg, w, b, { padding: 1 }).sum().backward();
    for (const t of [xg, w, b]) { t.grad.dispose(); t.grad = null; }
  }));
  return [fwd, both];
}

async function timeTf(tf, c) {
  const [n, ci, h, wd] = c.x;
  // TF.js is NHWC; the filter [kh, kw, in, out]
  const x = tf.randomNormal([n, h, wd, ci]), w = tf.randomNormal([3, 3, ci, c.cout]), b = tf.randomNormal([c.cout]);
  // the wasm backend runs each kernel when the op is called, so disposing the result is enough (as for
  // webtorch); a typed array returned from tf.tidy made it walk every element (20x the conv's time)
  const fwd = await measure(() => tf.tidy(() => tf.add(tf.conv2d(x, w, 1, 'same'), b)).dispose());
  await tfGradients();
  const grads = tf.grads((xx, ww, bb) => tf.sum(tf.add(tf.conv2d(xx, ww, 1, 'same'), bb)));
  let both = null;
  try {
    both = await measure(() => tf.dispose(tf.tidy(() => grads([x, w, b]))));
  } catch (e) {
    // tfjs-backend-wasm has no Conv2DBackpropFilter kernel: it cannot train a convolution
    tfNote = `(TF.js wasm fwd+bwd: ${e.message})`;
  }
  tf.dispose([x, w, b]);
  return [fwd, both];
}

/**
 * TF.js's gradient functions: tfjs-core's Node bundle leaves them out and its ESM files import
 * without extensions, so a resolve hook adds '.js' while register_all_gradients loads (the
 * registry is global: the bundle sees them).
 */
let gradsLoaded = false;
let tfNote = null;
async function tfGradients() {
  if (gradsLoaded) return;
  const hook = `export async function resolve(s, c, next) {
    try { return await next(s, c); } catch (e) {
      if (!s.startsWith('.') || s.endsWith('.js')) throw e;
      try { return await next(s + '.js', c); } catch { return next(s + '/index.js', c); }
    }
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  gradsLoaded = true;
}

/** ResNet's BasicBlock as torchvision writes it (no downsampling), in training mode. */
class BasicBlock extends torch.nn.Module {
  constructor(c) {
    super();
    const { nn } = torch;
    this.conv1 = nn.Conv2d(c, c, 3, { padding: 1, bias: false });
    this.bn1 = nn.BatchNorm2d(c);
    this.relu = nn.ReLU({ inplace: true });
    this.conv2 = nn.Conv2d(c, c, 3, { padding: 1, bias: false });
    this.bn2 = nn.BatchNorm2d(c);
  }
  forward(x) {
    let out = this.relu(this.bn1(this.conv1(x)));
    out = this.bn2(this.conv2(out));
    return this.relu(out.add(x));
  }
}
const BLOCK = [4, 64, 56, 56];

async function timeBlock(threads) {
  torch.set_num_threads(threads);
  torch.manual_seed(0);
  const block = new BasicBlock(BLOCK[1]);
  const x = torch.randn(BLOCK), xg = x.clone().requires_grad_();
  const fwd = await measure(() => torch.no_grad(() => block(x)).dispose());
  const both = await measure(() => torch.tidy(() => {
    block(xg).sum().backward();
    block.zero_grad({ set_to_none: true });
    xg.grad = null;
  }));
  return [fwd, both];
}

/** The block's forward in TF.js ops (NHWC; batch norm with the batch's moments, as in training). */
async function timeTfBlock(tf) {
  const [n, c, h, w] = BLOCK;
  const x = tf.randomNormal([n, h, w, c]), w1 = tf.randomNormal([3, 3, c, c]), w2 = tf.randomNormal([3, 3, c, c]);
  const bn = (t) => { const { mean, variance } = tf.moments(t, [0, 1, 2]); return tf.batchNorm(t, mean, variance, tf.zeros([c]), tf.ones([c]), 1e-5); };
  const fwd = await measure(() => tf.tidy(() => tf.relu(tf.add(bn(tf.conv2d(tf.relu(bn(tf.conv2d(x, w1, 1, 'same'))), w2, 1, 'same')), x))).dispose());
  tf.dispose([x, w1, w2]);
  return [fwd, null];
}

const allThreads = torch.get_num_threads();
console.log(`\nconv2d: webtorch's '${coreVariants()[0]}' core, ${allThreads} threads`);
const torchMs = runTorch(`${PY_TIMER}
import torch.nn.functional as F
out = {}
for name, shape, cout in [${CASES.map((c) => `(${JSON.stringify(c.name)}, ${JSON.stringify(c.x)}, ${c.cout})`).join(', ')}]:
    x = torch.randn(shape); w = torch.randn(cout, shape[1], 3, 3, requires_grad=True); b = torch.randn(cout, requires_grad=True)
    xg = x.clone().requires_grad_()
    with torch.no_grad():
        out[name + '/fwd'] = med(lambda: F.conv2d(x, w, b, padding=1), reps=20, warmup=3)
    def both():
        F.conv2d(xg, w, b, padding=1).sum().backward()
        xg.grad = None; w.grad = None; b.grad = None
    out[name + '/both'] = med(both, reps=20, warmup=3)
import torch.nn as nn
class BasicBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False); self.bn1 = nn.BatchNorm2d(c); self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False); self.bn2 = nn.BatchNorm2d(c)
    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + x)
block = BasicBlock(${BLOCK[1]}); x = torch.randn(${JSON.stringify(BLOCK)}); xg = x.clone().requires_grad_()
with torch.no_grad():
    out['block/fwd'] = med(lambda: block(x), reps=20, warmup=3)
def block_both():
    block(xg).sum().backward()
    block.zero_grad(set_to_none=True); xg.grad = None
out['block/both'] = med(block_both, reps=20, warmup=3)
print(json.dumps(out))`);
const tf = await loadTfjsWasm();

const rows = [];
for (const c of CASES) {
  const one = await timeWebtorch(c, 1);
  const all = await timeWebtorch(c, allThreads);
  const tfr = tf ? await timeTf(tf, c) : [null, null];
  const pt = torchMs ? [torchMs[`${c.name}/fwd`], torchMs[`${c.name}/both`]] : [null, null];
  rows.push({ c, one, all, tf: tfr, pt });
}
rows.push({
  c: { name: 'ResNet basic block [4,64,56,56]' },
  one: await timeBlock(1), all: await timeBlock(allThreads), tf: tf ? await timeTfBlock(tf) : [null, null],
  pt: torchMs ? [torchMs['block/fwd'], torchMs['block/both']] : [null, null],
});
torch.set_num_threads(allThreads);
printTable('conv2d float32 3x3 pad 1, ms (median; lower is better)',
  ['case', 'webtorch 1T', `webtorch ${allThreads}T`, 'TF.js wasm', 'PyTorch 1T'],
  rows.flatMap((r) => [0, 1].map((k) => [`${r.c.name} ${k ? 'fwd+bwd' : 'fwd'}`, fmt(r.one[k], 2), fmt(r.all[k], 2), fmt(r.tf[k], 2), fmt(r.pt[k], 2)])));
printTable('ratios (> 1x: webtorch is faster)',
  ['case', 'TF.js / webtorch 1T', `TF.js / webtorch ${allThreads}T`, 'PyTorch 1T / webtorch 1T'],
  rows.flatMap((r) => [0, 1].map((k) => [`${r.c.name} ${k ? 'fwd+bwd' : 'fwd'}`, ratio(r.tf[k], r.one[k]), ratio(r.tf[k], r.all[k]), ratio(r.pt[k], r.one[k])])));
if (tfNote) console.log(tfNote);
