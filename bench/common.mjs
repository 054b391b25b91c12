// Shared by the Node benchmarks: timing with medians, the peers (TF.js wasm, native PyTorch), and
// table printing. Every figure is a median over repeats, all libraries measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const require = createRequire(import.meta.url);

/** Busy and total jiffies of the whole machine since boot, from /proc/stat (Linux). */
export function cpuTimes() {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((x, y) => x + y, 0);
  return [total - v[3] - v[4], total];
}

/**
 * These machines are shared: waits (up to 3 s) until the other processes leave the CPUs nearly
 * idle over 200 ms. Does nothing where /proc/stat is missing.
 */
export async function waitQuiet() {
  if (!existsSync('/proc/stat')) return;
  for (const t0 = Date.now(); Date.now() - t0 < 3000;) {
    const [b1, t1] = cpuTimes();
    await sleep(200);
    const [b2, t2] = cpuTimes();
    if ((b2 - b1) / Math.max(1, t2 - t1) < 0.1) return;
  }
}

/** Median milliseconds of `fn` over `reps` runs after `warmup` runs. */
export function timeMs(fn, { reps = 30, warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** TF.js with its wasm backend (XNNPACK, SIMD), or null when not installed. */
export async function loadTfjsWasm() {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
    wasm.setWasmPaths(pathToFileURL(dist).href);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  } catch (e) {
    console.log(`(TF.js wasm not available: ${e.message})`);
    return null;
  }
}

/** Runs a Python snippet with the system PyTorch; returns its JSON output or null. */
export function runTorch(code) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return null;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '1' } });
  if (r.status !== 0) {
    if (!/No module named 'torch'/.test(r.stderr)) console.log(`(PyTorch run failed: ${r.stderr.trim().split('\n').pop()})`);
    else console.log('(native PyTorch not installed: apt-get install -y python3-torch)');
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/**
 * Python prelude of the training benchmarks' PyTorch halves: the imports, one thread, seed 0, and
 * forever(loader), the loader's epochs one after another (as forever() below for the JS halves).
 */
export const PY_TRAINING = `
import json, time, statistics, resource, torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
torch.set_num_threads(1)
torch.manual_seed(0)
def forever(dl):
    while True:
        yield from dl
`;

/** Python helper: median ms of a statement, defined once for every torch snippet. */
export const PY_TIMER = `
import json, time, statistics, torch
torch.set_num_threads(1)
def med(fn, reps=30, warmup=5):
    for _ in range(warmup): fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)
`;

export function printTable(title, header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  console.log(`\n${title}`);
  cells.forEach((r, k) => {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

export const fmt = (x, d = 3) => (x === null || x === undefined ? null : x.toFixed(d));
export const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : null);
/** The middle value (the upper middle of an even count); `xs` is left as it is. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Endless batches: the loader's epochs one after another (each reshuffles), as PY_TRAINING's forever. */
export function* forever(loader) {
  for (;;) yield* loader;
}

/**
 * bench/train.mjs's MLP as the tutorials write it (nn.Sequential 784-128-10, SGD 0.01, a shuffling
 * DataLoader of 16 batches of 64, cross_entropy), seeded: returns one training step.
 */
export function tutorialMLP(torch) {
  const { nn } = torch, F = nn.functional, { DataLoader, TensorDataset } = torch.utils.data;
  torch.manual_seed(0);
  const ds = TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, [64 * 16]));
  const batches = forever(DataLoader(ds, { batch_size: 64, shuffle: true }));
  const model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
  const opt = torch.optim.SGD(model.parameters(), { lr: 0.01 });
  return () => {
    const [xb, yb] = batches.next().value;
    const loss = F.cross_entropy(model(xb), yb);
    opt.zero_grad();
    loss.backward();
    opt.step();
  };
}

/**
 * bench/train.mjs's logistic regression as "What is torch.nn really?" writes it (Mnist_Logistic,
 * F.cross_entropy, SGD 0.5, its loop's order: backward, step, zero_grad), on the same shuffling
 * DataLoader as tutorialMLP, seeded: returns one training step.
 */
export function tutorialLogistic(torch) {
  const { nn } = torch, F = nn.functional, { DataLoader, TensorDataset } = torch.utils.data;
  torch.manual_seed(0);
  const ds = TensorDataset(torch.randn(64 * 16, 784), torch.randint(0, 10, [64 * 16]));
  const batches = forever(DataLoader(ds, { batch_size: 64, shuffle: true }));
  class MnistLogistic extends nn.Module {
    constructor() {
      super();
      this.lin = nn.Linear(784, 10);
    }
    forward(xb) {
      return this.lin(xb);
    }
  }
  const model = new MnistLogistic();
  const opt = torch.optim.SGD(model.parameters(), { lr: 0.5 });
  return () => {
    const [xb, yb] = batches.next().value;
    const loss = F.cross_entropy(model(xb), yb);
    loss.backward();
    opt.step();
    opt.zero_grad();
  };
}

/**
 * A literal training step against the same step (the same model) under torch.tidy, in alternating
 * chunks in one loop, so that the host's changing load falls on both alike: medians of the chunks,
 * microseconds per step (issue 14's "at most 10% slower than tidy").
 */
export function literalVsTidy(torch, step, { chunk = 50, chunks = 20 } = {}) {
  const literal = () => { step(); };
  const tidied = () => { torch.tidy(() => { step(); }); };
  for (let i = 0; i < 4 * chunk; i++) { literal(); tidied(); }
  const times = { literal: [], tidied: [] };
  for (let c = 0; c < chunks; c++) {
    for (const [k, f] of c % 2 ? [['literal', literal], ['tidied', tidied]] : [['tidied', tidied], ['literal', literal]]) {
      const t0 = performance.now();
      for (let i = 0; i < chunk; i++) f();
      times[k].push(((performance.now() - t0) * 1000) / chunk);
    }
  }
  return { literal: median(times.literal), tidied: median(times.tidied) };
}
