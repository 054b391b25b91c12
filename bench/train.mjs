// Training steps written as their users write them, ms per step, all in one run:
//   webtorch: torch.nn modules, torch.optim, a DataLoader where the PyTorch program has one, no
//             tidy or dispose (the step-scope memory keeps the loop bounded); default threads and 1;
//   TF.js:    wasm backend (one thread in Node), its layers API (tf.sequential + trainOnBatch),
//             or layers + optimizer.minimize inside tf.tidy where it has no such layer;
//   PyTorch:  1.13, the same model and loop in Python, torch.set_num_threads(1).
// Each figure is the median over 15 timed blocks (~40 ms of steps each), the libraries taking turns
// in three rounds, each round after a warm-up (1.5 s in the first round). Also webtorch's MLP step as written against the same
// step under torch.tidy, in alternating chunks (bench/common.mjs's literalVsTidy).
// The machine may be shared: each case first waits (up to 3 s) for the CPUs to go quiet.
import * as torch from '../dist/index.js';
import { fmt, forever, literalVsTidy, loadTfjsWasm, median, printTable, ratio, runTorch, tutorialLogistic, tutorialMLP, waitQuiet, PY_TRAINING } from './common.mjs';

const { nn } = torch;
const F = nn.functional;
const { DataLoader, TensorDataset } = torch.utils.data;

// A training run is thousands of steps: the figures are its steady state. A fresh webtorch model
// needs about a thousand MLP steps (~1 s) to get there (JIT tiers, heap sizing): its first 500
// steps ran at 1.19 ms against 0.87 later (RESULTS.md, session 6), which a 400 ms warm-up left in.
const WARMUP_MS = 1500;
const BLOCK_MS = 40;
const BLOCKS = 15;
const ROUNDS = 3;
const hasConv = typeof nn.Conv2d === 'function';
const threads = torch.get_num_threads();

/**
 * Median ms per call of each variant's step (sync or async) over BLOCKS timed blocks of about
 * BLOCK_MS. The variants take turns in ROUNDS rounds, so a change in the machine's load falls on
 * all of them alike; within a round each runs as one uninterrupted loop, as a program runs it.
 * `make()` builds a variant's step once (see webtorch()).
 * Each round starts with a warm-up (JITs, TF.js's kernel setup, first-call allocations): WARMUP_MS
 * in the first round, which also sizes the blocks, a quarter of it later. Between blocks the event
 * loop turns, so finalizers run as they would in an application.
 */
async function measure(variants) {
  for (const v of variants) v.times = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants) {
      v.enter?.();
      const step = v.make();
      let calls = 0;
      const t0 = performance.now();
      while (calls < (r ? 1 : 3) || performance.now() - t0 < (r ? WARMUP_MS / 4 : WARMUP_MS)) {
        await step();
        calls++;
      }
      if (!r) v.iters = Math.max(1, Math.round(BLOCK_MS / ((performance.now() - t0) / calls)));
      for (let b = 0; b < BLOCKS / ROUNDS; b++) {
        await new Promise((res) => setImmediate(res));
        const s = performance.now();
        for (let i = 0; i < v.iters; i++) await step();
        v.times.push((performance.now() - s) / v.iters);
      }
    }
  }
  torch.set_num_threads(threads);
  return variants.map((v) => median(v.times));
}

// A step function is synchronous for webtorch; `measure` awaits it anyway, so the await costs are
// the same for every library (TF.js's trainOnBatch is async).

// ---- the cases: webtorch, TF.js, PyTorch side by side ------------------------------------------

const CASES = [
  {
    key: 'mlp',
    name: 'MLP 64x784-128-10, SGD',
    torch: () => tutorialMLP(torch),
    tf: (tf, tfl) => {
      const model = tfl.sequential({
        layers: [tfl.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tfl.layers.dense({ units: 10, activation: 'softmax' })],
      });
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
      return trainOnBatches(tf, model, 64 * 16, 64, [784]);
    },
    py: `
ds = TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, (64 * 16,)))
batches = forever(DataLoader(ds, batch_size=64, shuffle=True))
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
def step():
    xb, yb = next(batches)
    loss = F.cross_entropy(model(xb), yb)
    opt.zero_grad()
    loss.backward()
    opt.step()
`,
  },
  {
    key: 'logreg',
    name: 'logistic regression 784->10, SGD 0.5',
    torch: () => tutorialLogistic(torch),
    tf: (tf, tfl) => {
      const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 10, activation: 'softmax', inputShape: [784] })] });
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
      return trainOnBatches(tf, model, 64 * 16, 64, [784]);
    },
    py: `
ds = TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, (64 * 16,)))
batches = forever(DataLoader(ds, batch_size=64, shuffle=True))
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10)
    def forward(self, xb):
        return self.lin(xb)
model = Mnist_Logistic()
opt = torch.optim.SGD(model.parameters(), lr=0.5)
def step():
    xb, yb = next(batches)
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    opt.step()
    opt.zero_grad()
`,
  },
  {
    key: 'digits',
    name: '8x8 digits MLP 64-32-10, Adam',
    // synthetic data of the digits set's shape: 1792 images of 8x8 pixels valued 0..16
    torch: () => {
      const ds = TensorDataset(torch.randint(0, 17, [1792, 64]).float(), torch.randint(0, 10, [1792]));
      const batches = forever(DataLoader(ds, { batch_size: 32, shuffle: true }));
      const model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10));
      const opt = torch.optim.Adam(model.parameters(), { lr: 1e-3 });
      return () => {
        const [xb, yb] = batches.next().value;
        opt.zero_grad();
        const loss = F.cross_entropy(model(xb), yb);
        loss.backward();
        opt.step();
      };
    },
    tf: (tf, tfl) => {
      const model = tfl.sequential({
        layers: [tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [64] }), tfl.layers.dense({ units: 10, activation: 'softmax' })],
      });
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      return trainOnBatches(tf, model, 1792, 32, [64]);
    },
    py: `
ds = TensorDataset(torch.randint(0, 17, (1792, 64)).float(), torch.randint(0, 10, (1792,)))
batches = forever(DataLoader(ds, batch_size=32, shuffle=True))
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
def step():
    xb, yb = next(batches)
    opt.zero_grad()
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    opt.step()
`,
  },
  {
    key: 'lenet',
    name: 'LeNet-5 64x1x28x28, SGD',
    skip: hasConv ? null : 'skipped: this build has no torch.nn.Conv2d',
    torch: () => {
      const ds = TensorDataset(torch.randn(64 * 8, 1, 28, 28), torch.randint(0, 10, [64 * 8]));
      const batches = forever(DataLoader(ds, { batch_size: 64, shuffle: true }));
      const model = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10));
      const opt = torch.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
      return () => {
        const [xb, yb] = batches.next().value;
        opt.zero_grad();
        const loss = F.cross_entropy(model(xb), yb);
        loss.backward();
        opt.step();
      };
    },
    // TF.js 4.22's wasm backend registers conv2d's forward and input gradient, not its filter gradient
    tfSkip: (tf) => (tf.getKernel('Conv2DBackpropFilter', 'wasm') ? null : 'TF.js wasm has no Conv2DBackpropFilter kernel: it cannot train a conv layer'),
    // TF.js's layers are channels-last: the same network on 28x28x1 images
    tf: (tf, tfl) => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', inputShape: [28, 28, 1] }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 120, activation: 'relu' }),
          tfl.layers.dense({ units: 84, activation: 'relu' }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
      return trainOnBatches(tf, model, 64 * 8, 64, [28, 28, 1]);
    },
    py: `
ds = TensorDataset(torch.randn(64 * 8, 1, 28, 28), torch.randint(0, 10, (64 * 8,)))
batches = forever(DataLoader(ds, batch_size=64, shuffle=True))
model = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 4 * 4, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
def step():
    xb, yb = next(batches)
    opt.zero_grad()
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    opt.step()
`,
  },
  {
    key: 'transformer',
    name: 'TransformerEncoder 2x(64, 4 heads, ff 128), 16x32, Adam',
    torch: () => {
      const layer = nn.TransformerEncoderLayer({ d_model: 64, nhead: 4, dim_feedforward: 128, dropout: 0, batch_first: true });
      const model = nn.TransformerEncoder(layer, 2);
      const opt = torch.optim.Adam(model.parameters(), { lr: 1e-3 });
      const x = torch.randn(16, 32, 64), y = torch.randn(16, 32, 64);
      return () => {
        opt.zero_grad();
        const loss = F.mse_loss(model(x), y);
        loss.backward();
        opt.step();
      };
    },
    tf: (tf, tfl) => transformerTf(tf, tfl),
    py: `
layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128, dropout=0.0, batch_first=True)
model = nn.TransformerEncoder(layer, 2)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.randn(16, 32, 64); y = torch.randn(16, 32, 64)
def step():
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
`,
  },
];

/**
 * TF.js: a compiled tf.sequential model trained with model.trainOnBatch on the batches of a
 * dataset cut once into one-hot-labelled batches, taken in turn (what its tutorials do without
 * tf.data). trainOnBatch returns the loss as a number, so it reads the loss back each step.
 */
function trainOnBatches(tf, model, n, batch, shape) {
  const xs = tf.split(tf.randomNormal([n, ...shape]), n / batch);
  const ys = tf.split(tf.oneHot(tf.randomUniform([n], 0, 10, 'int32'), 10), n / batch);
  let i = 0;
  return () => {
    const k = i++ % xs.length;
    return model.trainOnBatch(xs[k], ys[k]);
  };
}

/**
 * TF.js has no encoder layer (nor multi-head attention) in tfjs-layers 4.22: the two post-norm
 * encoder layers as its users write custom models, from tf.layers.dense/layerNormalization applied
 * to tensors, attention in tf ops, trained with optimizer.minimize inside tf.tidy.
 */
function transformerTf(tf, tfl) {
  const D = 64, H = 4, FF = 128, B = 16, S = 32, hd = D / H;
  const layers = [0, 1].map(() => ({
    inProj: tfl.layers.dense({ units: 3 * D }),
    outProj: tfl.layers.dense({ units: D }),
    ff1: tfl.layers.dense({ units: FF, activation: 'relu' }),
    ff2: tfl.layers.dense({ units: D }),
    norm1: tfl.layers.layerNormalization({ epsilon: 1e-5 }),
    norm2: tfl.layers.layerNormalization({ epsilon: 1e-5 }),
  }));
  const heads = (t) => tf.transpose(tf.reshape(t, [B, S, H, hd]), [0, 2, 1, 3]);
  const forward = (x) => {
    for (const l of layers) {
      const [q, k, v] = tf.split(l.inProj.apply(x), 3, -1).map(heads);
      const attn = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)));
      const ctx = tf.reshape(tf.transpose(tf.matMul(attn, v), [0, 2, 1, 3]), [B, S, D]);
      x = l.norm1.apply(tf.add(x, l.outProj.apply(ctx)));
      x = l.norm2.apply(tf.add(x, l.ff2.apply(l.ff1.apply(x))));
    }
    return x;
  };
  const x = tf.randomNormal([B, S, D]), y = tf.randomNormal([B, S, D]);
  tf.tidy(() => forward(x)); // builds the layers' weights
  const opt = tf.train.adam(1e-3);
  const vars = layers.flatMap((l) => Object.values(l).flatMap((layer) => layer.trainableWeights.map((w) => w.read())));
  return () => tf.tidy(() => {
    opt.minimize(() => tf.losses.meanSquaredError(y, forward(x)), false, vars);
  });
}

// ---- PyTorch ------------------------------------------------------------------------------------

// `--only mlp,lenet` keeps those cases (keys: mlp logreg digits lenet transformer)
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
if (only) CASES.splice(0, CASES.length, ...CASES.filter((c) => only.includes(c.key)));
const pyCases = CASES.filter((c) => !c.skip);
const pt = runTorch(`${PY_TRAINING}def measure(step):
    calls = 0; t0 = time.perf_counter()
    while calls < 3 or time.perf_counter() - t0 < ${WARMUP_MS / 1000}:
        step(); calls += 1
    iters = max(1, round(${BLOCK_MS / 1000} / ((time.perf_counter() - t0) / calls)))
    ts = []
    for _ in range(${BLOCKS}):
        s = time.perf_counter()
        for _ in range(iters): step()
        ts.append((time.perf_counter() - s) * 1e3 / iters)
    return statistics.median(ts)
out = {}
${pyCases.map((c) => `${c.py}\nout[${JSON.stringify(c.key)}] = measure(step)\n`).join('')}
print(json.dumps(out))`);

// ---- webtorch and TF.js -------------------------------------------------------------------------

const tf = await loadTfjsWasm();
let tfl = null;
if (tf) {
  try {
    tfl = await import('@tensorflow/tfjs-layers');
  } catch (e) {
    console.log(`(TF.js layers not available: ${e.message})`);
  }
}

/**
 * A webtorch variant: the case's model and loop, built once and reused every round as TF.js's and
 * PyTorch's are (a program trains one model for many steps: the MLP's step measured 11% slower
 * on one thread when each 130-step chunk had a model of its own, 2026-12-05), run on `n` threads.
 * Its dataset, left unread while the other variants run, comes back into the core during the
 * round's warm-up.
 */
function webtorch(c, n, wrap = (f) => f) {
  let step = null;
  return {
    make: () => {
      if (!step) {
        torch.manual_seed(0);
        step = wrap(c.torch());
      }
      return step;
    },
    enter: () => torch.set_num_threads(n),
  };
}

/** A TF.js variant: built once, reused every round. */
function tfjs(c) {
  let step = null;
  return { make: () => (step ??= c.tf(tf, tfl)) };
}

const rows = [];
const ratioRows = [];
const notes = [];
let mlpDropped = null, mlpTidy = null;
for (const c of CASES) {
  if (c.skip) {
    rows.push([`${c.name} (${c.skip})`, null, null, null, null]);
    continue;
  }
  const variants = [webtorch(c, threads), webtorch(c, 1)];
  const tfSkip = tfl ? c.tfSkip?.(tf) : null;
  if (tfSkip) notes.push(`TF.js ${c.key}: ${tfSkip}`);
  if (tfl && !tfSkip) variants.push(tfjs(c));
  await waitQuiet();
  const tfBefore = tfl ? tf.memory().numTensors : 0;
  const [all, one, ...rest] = await measure(variants);
  const tfMs = tfl && !tfSkip ? rest.shift() : null;
  if (tfl && tf.memory().numTensors - tfBefore > 500) notes.push(`TF.js ${c.key}: ${tf.memory().numTensors - tfBefore} tensors left after the case`);
  if (c.key === 'mlp') {
    // as written against the same step under torch.tidy, at the default threads: alternating
    // chunks of the same model's steps (measured in turns, 2T's swings outweighed the difference)
    torch.set_num_threads(threads);
    ({ literal: mlpDropped, tidied: mlpTidy } = literalVsTidy(torch, variants[0].make()));
  }
  const py = pt?.[c.key] ?? null;
  rows.push([c.name, fmt(all), fmt(one), fmt(tfMs), fmt(py)]);
  ratioRows.push([c.name, ratio(one, all), ratio(tfMs, one), ratio(tfMs, all), ratio(py, one), ratio(py, all)]);
}

printTable('training steps, ms per step (median)', ['case', `webtorch ${threads}T`, 'webtorch 1T', 'TF.js wasm', 'PyTorch 1T'], rows);
printTable('ratios (> 1x: webtorch is faster)',
  ['case', `webtorch ${threads}T vs 1T`, 'TF.js / wt 1T', `TF.js / wt ${threads}T`, 'PyTorch / wt 1T', `PyTorch / wt ${threads}T`], ratioRows);
if (mlpDropped) {
  printTable(`webtorch MLP step (${threads}T): results dropped vs torch.tidy, ms per step`,
    ['variant', 'ms', 'time / as written'],
    [['as written (no tidy, no dispose)', fmt(mlpDropped / 1000), '1.00x'], ['torch.tidy(() => step())', fmt(mlpTidy / 1000), ratio(mlpTidy, mlpDropped)]]);
}
console.log(`(TF.js: wasm backend, one thread in Node; layers API, trainOnBatch (reads the loss back each step), the transformer with optimizer.minimize in tf.tidy;
 PyTorch ${pt ? '1.13' : 'not available'}, torch.set_num_threads(1); webtorch and PyTorch draw batches from a shuffling DataLoader, TF.js cycles pre-cut batches)`);
for (const n of notes) console.log(`(${n})`);
