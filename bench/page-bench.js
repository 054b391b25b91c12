// The benchmark page (bench/index.html): webtorch's wasm core and JS backend, its webgl device
// where WebGL2 works, and TF.js's wasm backend when node_modules has it, on elementwise ops, reductions, matmul, an MLP training
// step, and training steps written as users write them (train_*: MLP, logistic regression, digits, LeNet, TransformerEncoder). Query parameters preset the form: ?sizes=16,32&reps=2&benches=add,matmul&backends=wasm,js
// &metric=ms&autorun=1. window.bench holds {state, results} for the browser test.
/* global torch */

const TFJS = '../node_modules/@tensorflow/';
const COLORS = { wasm: '#d2461e', js: '#2a7ab0', tfjs: '#3a9a3a', webgl: '#8a3ab9' };
const BACKEND_LABELS = { wasm: 'webtorch wasm', js: 'webtorch js', tfjs: 'TF.js wasm', webgl: 'webtorch webgl' };
let webglNote = '';
const TARGET_MS = 20; // each timed batch runs about this long, so timer resolution does not matter

const hasMatmul = () => typeof torch.Tensor.prototype.matmul === 'function';

/**
 * One benchmark: flops(n), and per library a setup(n) returning {step, free}; step() runs the op
 * once and releases what it made. `needs` names what a build must have (else the cell reads n/a).
 */
const BENCHES = {
  add: {
    label: 'add  (N×N + N×N)',
    flops: (n) => n * n,
    torch: (n, device) => {
      const a = torch.rand(n, n, { device }), b = torch.rand(n, n, { device });
      return { step: () => a.add(b).dispose(), free: () => [a, b].forEach((t) => t.dispose()) };
    },
    tf: (tf, n) => {
      const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
      return { step: () => tf.add(a, b).dispose(), free: () => tf.dispose([a, b]) };
    },
  },
  exp: {
    label: 'exp  (N×N)',
    flops: (n) => n * n,
    torch: (n, device) => {
      const a = torch.rand(n, n, { device });
      return { step: () => a.exp().dispose(), free: () => a.dispose() };
    },
    tf: (tf, n) => {
      const a = tf.randomUniform([n, n]);
      return { step: () => tf.exp(a).dispose(), free: () => a.dispose() };
    },
  },
  sum: {
    label: 'sum  (N×N → scalar)',
    flops: (n) => n * n,
    torch: (n, device) => {
      const a = torch.rand(n, n, { device });
      return { step: () => a.sum().dispose(), free: () => a.dispose() };
    },
    tf: (tf, n) => {
      const a = tf.randomUniform([n, n]);
      return { step: () => tf.sum(a).dispose(), free: () => a.dispose() };
    },
  },
  sum_dim0: {
    label: 'sum(dim=0)  (N×N → N, strided)',
    flops: (n) => n * n,
    torch: (n, device) => {
      const a = torch.rand(n, n, { device });
      return { step: () => a.sum(0).dispose(), free: () => a.dispose() };
    },
    tf: (tf, n) => {
      const a = tf.randomUniform([n, n]);
      return { step: () => tf.sum(a, 0).dispose(), free: () => a.dispose() };
    },
  },
  matmul: {
    label: 'matmul  (N×N @ N×N)',
    flops: (n) => 2 * n ** 3,
    needs: () => (hasMatmul() ? null : 'this build has no torch.matmul yet'),
    torch: (n, device) => {
      const a = torch.rand(n, n, { device }), b = torch.rand(n, n, { device });
      return { step: () => a.matmul(b).dispose(), free: () => [a, b].forEach((t) => t.dispose()) };
    },
    tf: (tf, n) => {
      const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
      return { step: () => tf.matMul(a, b).dispose(), free: () => tf.dispose([a, b]) };
    },
  },
  mlp: {
    label: 'MLP training step  (batch N, N→N→16, relu, MSE, SGD)',
    flops: (n) => 6 * n * (n * n + n * 16),
    needs: () => (hasMatmul() ? null : 'this build has no torch.matmul yet'),
    torch: (n, device) => {
      const x = torch.randn(n, n, { device }), y = torch.randn(n, 16, { device });
      const params = [
        torch.randn(n, n, { device }).mul(1 / Math.sqrt(n)).requires_grad_(), torch.zeros(n, { device }).requires_grad_(),
        torch.randn(n, 16, { device }).mul(1 / Math.sqrt(n)).requires_grad_(), torch.zeros(16, { device }).requires_grad_(),
      ];
      const [W1, b1, W2, b2] = params;
      const step = () => torch.tidy(() => {
        const loss = x.matmul(W1).add(b1).relu().matmul(W2).add(b2).sub(y).pow(2).mean();
        loss.backward();
        torch.no_grad(() => {
          for (const w of params) {
            w.sub_(w.grad.mul(0.01));
            w.grad.zero_();
          }
        });
      });
      return { step, free: () => [x, y, ...params].forEach((t) => t.dispose()) };
    },
    // tf-core's browser bundle registers no gradients (the @tensorflow/tfjs union package does),
    // so the same step is written out by hand: the same five products and elementwise work,
    // without a tape
    tf: (tf, n) => {
      const x = tf.randomNormal([n, n]), y = tf.randomNormal([n, 16]);
      const W1 = tf.variable(tf.randomNormal([n, n], 0, 1 / Math.sqrt(n))), b1 = tf.variable(tf.zeros([n]));
      const W2 = tf.variable(tf.randomNormal([n, 16], 0, 1 / Math.sqrt(n))), b2 = tf.variable(tf.zeros([16]));
      const step = () => tf.tidy(() => {
        const z1 = tf.add(tf.matMul(x, W1), b1), h = tf.relu(z1);
        const diff = tf.sub(tf.add(tf.matMul(h, W2), b2), y);
        tf.mean(tf.square(diff)); // the loss, as the webtorch step computes it
        const dOut = tf.mul(diff, 2 / (n * 16));
        const dz1 = tf.mul(tf.matMul(dOut, W2, false, true), tf.step(z1));
        const grads = [tf.matMul(x, dz1, true, false), tf.sum(dz1, 0), tf.matMul(h, dOut, true, false), tf.sum(dOut, 0)];
        [W1, b1, W2, b2].forEach((w, i) => w.assign(tf.sub(w, tf.mul(grads[i], 0.01))));
      });
      return { step, free: () => tf.dispose([x, y, W1, b1, W2, b2]) };
    },
  },
  // Training steps as their users write them (bench/train.mjs has the same in Node, with PyTorch):
  // webtorch with torch.nn, torch.optim and a DataLoader, no tidy or dispose; TF.js with its layers
  // API (tf.sequential + trainOnBatch, or optimizer.minimize in tf.tidy). N is the batch size.
  train_mlp: {
    label: 'training step: MLP 784→128→10  (batch N, relu, cross_entropy, SGD 0.01)',
    flops: (n) => 6 * n * (784 * 128 + 128 * 10),
    needs: trainNeeds,
    tfNeeds: tfLayersNeeds,
    torch: (n) => classifierStep(n, [784], () => torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)),
      (ps) => torch.optim.SGD(ps, { lr: 0.01 })),
    tf: (tf, n) => tfClassifierStep(tf, n, [784], [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
      tf.layers.dense({ units: 10, activation: 'softmax' })], tf.train.sgd(0.01)),
  },
  train_logreg: {
    label: 'training step: logistic regression 784→10  ("What is torch.nn really?", batch N, SGD 0.5)',
    flops: (n) => 6 * n * 784 * 10,
    needs: trainNeeds,
    tfNeeds: tfLayersNeeds,
    torch: (n) => classifierStep(n, [784], () => torch.nn.Sequential(torch.nn.Linear(784, 10)), (ps) => torch.optim.SGD(ps, { lr: 0.5 })),
    tf: (tf, n) => tfClassifierStep(tf, n, [784], [tf.layers.dense({ units: 10, activation: 'softmax', inputShape: [784] })], tf.train.sgd(0.5)),
  },
  train_digits: {
    label: 'training step: 8×8 digits MLP 64→32→10  (batch N, Adam 1e-3)',
    flops: (n) => 6 * n * (64 * 32 + 32 * 10),
    needs: trainNeeds,
    tfNeeds: tfLayersNeeds,
    torch: (n) => classifierStep(n, [64], () => torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)),
      (ps) => torch.optim.Adam(ps, { lr: 1e-3 })),
    tf: (tf, n) => tfClassifierStep(tf, n, [64], [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [64] }),
      tf.layers.dense({ units: 10, activation: 'softmax' })], tf.train.adam(1e-3)),
  },
  train_lenet: {
    label: 'training step: LeNet-5  (batch N, 1×28×28, conv 6@5×5, pool, conv 16@5×5, pool, 120-84-10, SGD momentum)',
    // multiply-adds per image: conv1 24·24·6·25, conv2 8·8·16·150, the dense layers 256·120 + 120·84 + 84·10
    flops: (n) => 6 * n * (24 * 24 * 6 * 25 + 8 * 8 * 16 * 150 + 256 * 120 + 120 * 84 + 84 * 10),
    needs: (backend) => trainNeeds(backend) ?? (torch.nn.Conv2d ? null : 'this build has no torch.nn.Conv2d yet'),
    // TF.js 4.22's wasm backend registers conv2d's forward and input gradient, not its filter gradient
    tfNeeds: () => tfLayersNeeds() ?? (tf.getKernel('Conv2DBackpropFilter', 'wasm') ? null : "TF.js wasm has no Conv2DBackpropFilter kernel: it cannot train a conv layer"),
    torch: (n) => {
      const { nn } = torch;
      return classifierStep(n, [1, 28, 28], () => nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)),
      (ps) => torch.optim.SGD(ps, { lr: 0.01, momentum: 0.9 }));
    },
    // TF.js's layers are channels-last: the same network on 28×28×1 images
    tf: (tf, n) => tfClassifierStep(tf, n, [28, 28, 1], [
      tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', inputShape: [28, 28, 1] }), tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }), tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' })], tf.train.momentum(0.01, 0.9)),
  },
  train_transformer: {
    label: 'training step: TransformerEncoder, 2 layers (d_model 64, 4 heads, ff 128)  (batch N/4 × seq 32, MSE, Adam)',
    // per token and layer: in_proj 64·192, out_proj 64·64, feed-forward 2·64·128, attention 2·32·64 multiply-adds
    flops: (n) => 6 * transformerBatch(n) * 32 * 2 * (64 * 192 + 64 * 64 + 2 * 64 * 128 + 2 * 32 * 64),
    needs: trainNeeds,
    tfNeeds: tfLayersNeeds,
    torch: (n) => {
      const { nn } = torch;
      const model = nn.TransformerEncoder(nn.TransformerEncoderLayer({ d_model: 64, nhead: 4, dim_feedforward: 128, dropout: 0, batch_first: true }), 2);
      const opt = torch.optim.Adam(model.parameters(), { lr: 1e-3 });
      const B = transformerBatch(n);
      const x = torch.randn(B, 32, 64), y = torch.randn(B, 32, 64);
      const step = () => {
        opt.zero_grad();
        const loss = nn.functional.mse_loss(model(x), y);
        loss.backward();
        opt.step();
      };
      return { step, free: () => [x, y, ...model.parameters()].forEach((t) => t.dispose()) };
    },
    tf: (tf, n) => tfTransformerStep(tf, transformerBatch(n)),
  },
};

/** the transformer's batch: N/4 sequences (N = 64 is bench/train.mjs's batch of 16) */
function transformerBatch(n) {
  return Math.max(1, Math.round(n / 4));
}

/** the training steps run on the cpu device (the wasm core or the JS backend) */
function trainNeeds(backend) {
  if (!torch.nn?.Module || !torch.utils?.data) return 'this build has no torch.nn / torch.utils.data';
  return backend === 'webgl' ? 'the training steps run on the cpu device here' : null;
}

function tfLayersNeeds() {
  return tf?.layers ? null : 'TF.js layers not loaded (npm install -D @tensorflow/tfjs-layers)';
}

function* forever(loader) {
  for (;;) yield* loader; // epoch after epoch, each reshuffled
}

/**
 * webtorch: a classifier trained on 8 batches of synthetic data (shuffled by a DataLoader),
 * step as users write it: the batch, the loss, zero_grad, backward, step. Nothing is disposed
 * inside the loop (the step scope bounds it); `free` returns the setup's memory after the cell.
 */
function classifierStep(n, shape, makeModel, makeOpt) {
  const X = torch.randn(8 * n, ...shape), Y = torch.randint(0, 10, [8 * n]);
  const batches = forever(torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), { batch_size: n, shuffle: true }));
  const model = makeModel();
  const opt = makeOpt(model.parameters());
  const step = () => {
    const [xb, yb] = batches.next().value;
    opt.zero_grad();
    const loss = torch.nn.functional.cross_entropy(model(xb), yb);
    loss.backward();
    opt.step();
  };
  return { step, free: () => [X, Y, ...model.parameters()].forEach((t) => t.dispose()) };
}

/**
 * TF.js: a compiled tf.sequential model trained with trainOnBatch on 8 pre-cut batches with one-hot
 * labels, taken in turn. trainOnBatch is async (it reads the loss back): measure() awaits it.
 */
function tfClassifierStep(tf, n, shape, layers, optimizer) {
  const model = tf.sequential({ layers });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xs = tf.split(tf.randomNormal([8 * n, ...shape]), 8);
  const ys = tf.split(tf.oneHot(tf.randomUniform([8 * n], 0, 10, 'int32'), 10), 8);
  let i = 0;
  const step = () => {
    const k = i++ % 8;
    return model.trainOnBatch(xs[k], ys[k]);
  };
  return { step, free: () => { tf.dispose([...xs, ...ys]); model.dispose(); optimizer.dispose(); } };
}

/**
 * TF.js has no encoder layer nor multi-head attention in tfjs-layers 4.22: two post-norm encoder
 * layers from tf.layers.dense/layerNormalization applied to tensors, attention in tf ops, trained
 * with optimizer.minimize inside tf.tidy, as its users write custom models.
 */
function tfTransformerStep(tf, B) {
  const D = 64, H = 4, FF = 128, S = 32, hd = D / H;
  const layers = [0, 1].map(() => ({
    inProj: tf.layers.dense({ units: 3 * D }), outProj: tf.layers.dense({ units: D }),
    ff1: tf.layers.dense({ units: FF, activation: 'relu' }), ff2: tf.layers.dense({ units: D }),
    norm1: tf.layers.layerNormalization({ epsilon: 1e-5 }), norm2: tf.layers.layerNormalization({ epsilon: 1e-5 }),
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
  const step = () => tf.tidy(() => { opt.minimize(() => tf.losses.meanSquaredError(y, forward(x)), false, vars); });
  return { step, free: () => { tf.dispose([x, y]); opt.dispose(); for (const l of layers) Object.values(l).forEach((layer) => layer.dispose()); } };
}

// ---- backends --------------------------------------------------------------------------------

let tf = null;
let tfNote = '';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/** TF.js with its wasm backend, from node_modules through the static server; null when absent. */
async function loadTfjs() {
  if (location.protocol === 'file:') {
    tfNote = 'TF.js: serve the page (npm run bench:serve) to compare';
    return null;
  }
  try {
    // probe first: a missing optional peer should not log a failed script load
    const probe = await fetch(`${TFJS}tfjs-backend-wasm/package.json`);
    if (!probe.ok) throw new Error('not installed');
    await loadScript(`${TFJS}tfjs-core/dist/tf-core.min.js`);
    await loadScript(`${TFJS}tfjs-backend-wasm/dist/tf-backend-wasm.min.js`);
    // the layers API (and, in its bundle, the gradients the training steps need) when installed
    if ((await fetch(`${TFJS}tfjs-layers/package.json`)).ok) await loadScript(`${TFJS}tfjs-layers/dist/tf-layers.min.js`);
    const t = window.tf;
    t.wasm.setWasmPaths(new URL(`${TFJS}tfjs-backend-wasm/dist/`, location.href).href);
    if (!(await t.setBackend('wasm'))) throw new Error('setBackend(wasm) failed');
    await t.ready();
    const threads = typeof t.wasm.getThreadsCount === 'function' ? t.wasm.getThreadsCount() : '?';
    tfNote = `TF.js ${t.version_core} wasm (${threads} thread${threads === 1 ? '' : 's'})`;
    return t;
  } catch (e) {
    tfNote = `TF.js wasm not available (${e.message}): npm install -D @tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm`;
    return null;
  }
}

/**
 * Measures one cell. For webtorch the chosen backend stays current for setup and every step:
 * set_backend decides where new tensors (the ops' results too) live. 'webgl' is a device: its
 * tensors are made there, and each timed batch ends by waiting for the GPU.
 */
async function measureCell(bench, backend, n, reps) {
  const prev = torch.get_backend();
  if (backend === 'wasm' || backend === 'js') torch.set_backend(backend);
  try {
    const gpu = backend === 'webgl';
    const { step, free } = backend === 'tfjs' ? bench.tf(tf, n) : bench.torch(n, gpu ? 'webgl' : 'cpu');
    try {
      return await measure(step, reps, gpu ? () => torch.webgl.synchronize() : null);
    } finally {
      free();
    }
  } finally {
    torch.set_backend(prev);
  }
}

// ---- timing ----------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pause = () => new Promise((r) => setTimeout(r));

/**
 * ms per call. Warm-up runs the step for ~TARGET_MS (at least twice) so JIT tiers and caches
 * settle, and sizes the batch; then `reps` timed batches, of which the median counts.
 */
async function measure(step, reps, sync = null) {
  let calls = 0;
  let t0 = performance.now(), elapsed = 0;
  while (calls < 2 || (elapsed < TARGET_MS && calls < 10_000)) {
    const p = step();
    if (p) await p; // TF.js's trainOnBatch is async
    sync?.(); // queued GPU work counts: a call's time is until its result exists
    calls++;
    elapsed = performance.now() - t0;
  }
  const iters = Math.max(1, Math.min(10_000, Math.round(TARGET_MS / Math.max(elapsed / calls, 1e-3))));
  const times = [];
  for (let r = 0; r < reps; r++) {
    await pause(); // keeps the page responsive during long runs
    t0 = performance.now();
    for (let i = 0; i < iters; i++) {
      const p = step();
      if (p) await p;
    }
    sync?.();
    times.push((performance.now() - t0) / iters);
  }
  return median(times);
}

// ---- page ------------------------------------------------------------------------------------

const $ = (sel) => document.querySelector(sel);
const form = $('#controls');
const state = { state: 'idle', results: [], error: null };
window.bench = state;

function settingsFromForm() {
  const fd = new FormData(form);
  const sizes = String(fd.get('sizes')).split(/[\s,]+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    reps: Math.max(1, Math.min(100, Number(fd.get('reps')) || 1)),
    benches: fd.getAll('bench').map(String),
    backends: fd.getAll('backend').map(String),
    metric: String(fd.get('metric')),
  };
}

function buildForm(params) {
  const only = (key) => (params.has(key) ? params.get(key).split(',') : null);
  const benches = only('benches'), backends = only('backends');
  for (const [key, b] of Object.entries(BENCHES)) {
    const l = document.createElement('label');
    l.innerHTML = `<input type="checkbox" name="bench" value="${key}"> ${key}`;
    l.title = b.label;
    l.firstChild.checked = !benches || benches.includes(key);
    $('#benches').append(l);
  }
  for (const key of Object.keys(BACKEND_LABELS)) {
    const l = document.createElement('label');
    l.innerHTML = `<input type="checkbox" name="backend" value="${key}"><span class="swatch" style="background:${COLORS[key]}"></span>${BACKEND_LABELS[key]}`;
    l.firstChild.checked = !backends || backends.includes(key);
    if ((key === 'tfjs' && !tf) || (key === 'webgl' && !torch.webgl.is_available())) {
      l.firstChild.checked = false;
      l.firstChild.disabled = true;
      l.title = key === 'tfjs' ? tfNote : webglNote;
    }
    $('#backends').append(l);
  }
  if (params.has('sizes')) form.sizes.value = params.get('sizes');
  if (params.has('reps')) form.reps.value = params.get('reps');
  if (params.has('metric')) form.metric.value = params.get('metric');
}

const fmtNum = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));

function renderTable(settings) {
  const table = $('#results');
  const backends = settings.backends;
  let html = '<tr><th>benchmark</th><th>N</th>'
    + backends.map((b) => `<th><span class="swatch" style="background:${COLORS[b]}"></span>${BACKEND_LABELS[b]}<br>ms / op</th><th>GFLOP/s</th>`).join('')
    + '</tr>';
  for (const key of settings.benches) {
    for (const n of settings.sizes) {
      const cells = backends.map((b) => state.results.find((r) => r.bench === key && r.backend === b && r.n === n));
      const best = Math.min(...cells.filter((c) => c?.ms).map((c) => c.ms));
      html += `<tr><td>${key}</td><td>${n}</td>`;
      for (const c of cells) {
        if (!c) html += '<td class="na">…</td><td class="na"></td>';
        else if (c.ms == null) html += `<td class="na" title="${c.note}">n/a</td><td class="na"></td>`;
        else html += `<td class="${c.ms === best && cells.length > 1 ? 'best' : ''}">${fmtNum(c.ms)}</td><td>${fmtNum(c.gflops)}</td>`;
      }
      html += '</tr>';
    }
  }
  table.innerHTML = html;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function el(name, attrs, parent, text) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  parent?.append(e);
  return e;
}

/** log-log line chart of the metric against N, one line per backend */
function chart(key, settings) {
  const W = 380, H = 240, L = 46, R = 10, T = 10, B = 34;
  const metric = settings.metric;
  const pts = state.results.filter((r) => r.bench === key && r.ms != null && settings.backends.includes(r.backend));
  const svg = el('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${key} ${metric} vs N` });
  const sizes = settings.sizes;
  const lx0 = Math.log2(sizes[0]), lx1 = Math.log2(sizes[sizes.length - 1]);
  const x = (n) => L + (lx1 === lx0 ? 0.5 : (Math.log2(n) - lx0) / (lx1 - lx0)) * (W - L - R);
  const vals = pts.map((p) => (metric === 'ms' ? p.ms : p.gflops)).filter((v) => v > 0);
  const y0 = vals.length ? Math.floor(Math.log10(Math.min(...vals))) : -2;
  const y1 = vals.length ? Math.max(Math.ceil(Math.log10(Math.max(...vals))), y0 + 1) : 1;
  const y = (v) => T + (1 - (Math.log10(v) - y0) / (y1 - y0)) * (H - T - B);
  el('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#bbb' }, svg);
  for (let e = y0; e <= y1; e++) {
    el('line', { x1: L, x2: W - R, y1: y(10 ** e), y2: y(10 ** e), stroke: '#eee' }, svg);
    el('text', { x: L - 4, y: y(10 ** e) + 3, 'text-anchor': 'end' }, svg, e >= 0 && e <= 4 ? String(10 ** e) : `1e${e}`);
  }
  for (const n of sizes) el('text', { x: x(n), y: H - B + 13, 'text-anchor': 'middle' }, svg, String(n));
  el('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' }, svg, 'N (log scale)');
  el('text', { x: 12, y: (T + H - B) / 2, transform: `rotate(-90 12 ${(T + H - B) / 2})`, 'text-anchor': 'middle' }, svg,
    metric === 'ms' ? 'ms per op (lower is better)' : 'GFLOP/s (higher is better)');
  for (const b of settings.backends) {
    const line = pts.filter((p) => p.backend === b).sort((p, q) => p.n - q.n)
      .map((p) => [x(p.n), y(metric === 'ms' ? p.ms : p.gflops)]);
    if (!line.length) continue;
    el('polyline', { points: line.map((p) => p.join(',')).join(' '), fill: 'none', stroke: COLORS[b], 'stroke-width': 2, class: `series-${b}` }, svg);
    for (const [px, py] of line) el('circle', { cx: px, cy: py, r: 3, fill: COLORS[b] }, svg);
  }
  if (!pts.length) {
    const reasons = [...new Set(state.results.filter((r) => r.bench === key && r.note).map((r) => r.note))];
    el('text', { x: (L + W - R) / 2, y: (T + H - B) / 2, 'text-anchor': 'middle' }, svg, reasons[0] ?? 'no data yet');
  }
  return svg;
}

function renderCharts(settings) {
  const box = $('#charts');
  box.replaceChildren();
  for (const key of settings.benches) {
    const fig = document.createElement('figure');
    const cap = document.createElement('figcaption');
    cap.textContent = BENCHES[key].label;
    fig.append(cap, chart(key, settings));
    // say why a selected backend has no line
    const missing = settings.backends.filter((b) => state.results.some((r) => r.bench === key && r.backend === b && r.note));
    if (missing.length) {
      const note = document.createElement('div');
      note.className = 'note';
      const why = state.results.find((r) => r.bench === key && r.note).note;
      note.textContent = `${missing.map((b) => BACKEND_LABELS[b]).join(', ')}: n/a (${why})`;
      fig.append(note);
    }
    box.append(fig);
  }
}

function render(settings) {
  renderTable(settings);
  renderCharts(settings);
}

async function run() {
  const settings = settingsFromForm();
  const q = new URLSearchParams({
    sizes: settings.sizes.join(','), reps: String(settings.reps), benches: settings.benches.join(','),
    backends: settings.backends.join(','), metric: settings.metric,
  });
  history.replaceState(null, '', `?${q}`);
  state.state = 'running';
  state.results = [];
  $('#run').disabled = true;
  const status = $('#status');
  const total = settings.benches.length * settings.sizes.length * settings.backends.length;
  let done = 0;
  try {
    for (const key of settings.benches) {
      const bench = BENCHES[key];
      for (const n of settings.sizes) {
        for (const backend of settings.backends) {
          status.textContent = `running ${key}, N=${n}, ${BACKEND_LABELS[backend]} (${++done}/${total})`;
          await pause();
          const missing = backend === 'tfjs' ? bench.tfNeeds?.() : bench.needs?.(backend);
          if (missing) {
            state.results.push({ bench: key, backend, n, ms: null, gflops: null, note: missing });
            continue;
          }
          const ms = await measureCell(bench, backend, n, settings.reps);
          state.results.push({ bench: key, backend, n, ms, gflops: bench.flops(n) / (ms * 1e6) });
        }
        render(settings);
      }
    }
    state.state = 'done';
    status.textContent = `done: ${state.results.filter((r) => r.ms != null).length} measurements`;
  } catch (e) {
    state.state = 'error';
    state.error = e.stack ?? e.message;
    status.textContent = `failed: ${e.message}`;
    throw e;
  } finally {
    $('#run').disabled = false;
    render(settings);
  }
}

async function main() {
  await torch.ready();
  tf = await loadTfjs();
  if (torch.webgl.is_available()) {
    const gpu = torch.webgl.get_device_name();
    // SwiftShader runs WebGL on the CPU: its timings say nothing about GPUs
    if (/swiftshader/i.test(gpu)) BACKEND_LABELS.webgl = 'webtorch webgl (SwiftShader: correctness only)';
    webglNote = `webgl: ${gpu}${/swiftshader/i.test(gpu) ? ' (a CPU emulation of a GPU: webgl numbers check correctness and overhead, not GPU speed)' : ''}`;
  } else webglNote = 'webgl: not available in this browser';
  // a module whose one function returns v128.const 0: valid only where wasm SIMD is
  const simd = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
    10, 22, 1, 20, 0, 253, 12, ...new Array(16).fill(0), 11]));
  $('#env').textContent = [
    `webtorch (script tag), ${torch.get_num_threads()} thread(s)`,
    `cross-origin isolated: ${self.crossOriginIsolated ? 'yes' : 'no'}`,
    `wasm SIMD: ${simd ? 'yes' : 'no'}`,
    `${navigator.hardwareConcurrency ?? '?'} logical cores`,
    tfNote,
    webglNote,
  ].join(' · ');
  const params = new URLSearchParams(location.search);
  buildForm(params);
  form.metric.addEventListener('change', () => render(settingsFromForm()));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run().catch(() => {}); // shown in the status line and window.bench
  });
  render(settingsFromForm());
  if (params.get('autorun') === '1') await run();
}

main().catch((e) => {
  state.state = 'error';
  state.error = e.stack ?? e.message;
  $('#status').textContent = `failed: ${e.message}`;
  throw e;
});
