// DataLoader batches of a TensorDataset released by the step scope (src/memory.ts, "batches
// gathered again"): on wasm their memory is freed without a copy and a later use gathers the rows
// again; every write to the dataset or to the batch keeps what a PyTorch program would read.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { spilledDuring } from './spills.js';
import { describeBackends } from '../gradcheck.js';

const { DataLoader, TensorDataset } = torch.utils.data;

/** A parameter made before any loop, whose backward() marks one iteration. */
const z = torch.ones(1, { requires_grad: true });
function endOfIteration(): void {
  z.mul(2).sum().backward();
}

type Cell = { live: boolean; storage: { origin: unknown } };
const cellOf = (t: Tensor): Cell => (t as unknown as { _hold: { cell: Cell } })._hold.cell;
const released = (t: Tensor): boolean => !cellOf(t).live;
/** a tensor's storage, without the use that would bring a released tensor back */
const storageOf = (t: Tensor): unknown => cellOf(t).storage;

interface Held { xb: Tensor; yb: Tensor; x: unknown; y: unknown }

/** A literal loop over a shuffled loader that holds every batch, with the values it had when made. */
function loop(x: Tensor, y: Tensor, epochs = 2, between?: (epoch: number) => void): Held[] {
  torch.manual_seed(3);
  const held: Held[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of DataLoader(TensorDataset(x, y), { batch_size: 4, shuffle: true })) {
      held.push({ xb, yb, x: xb.tolist(), y: yb.tolist() });
      endOfIteration();
    }
    between?.(epoch);
  }
  for (let i = 0; i < 4; i++) endOfIteration();
  return held;
}

function dataset(): [Tensor, Tensor] {
  return [torch.randn(20, 3, 2), torch.arange(20).mul(2 ** 40).add(1)];
}

function expectIntact(held: Held[]): void {
  expect(held.every(({ xb, yb }) => released(xb) && released(yb))).toBe(true);
  for (const h of held) {
    expect(h.xb.tolist()).toEqual(h.x);
    expect(h.yb.tolist()).toEqual(h.y);
  }
}

describeBackends('DataLoader batches released by the step scope', () => {
  test('are freed without a copy on wasm, and read back their rows, float32 and int64 bit for bit', () => {
    const [x, y] = dataset();
    let held: Held[] = [];
    const spilled = spilledDuring(() => { held = loop(x, y); });
    const batches = held.flatMap(({ xb, yb }) => [storageOf(xb), storageOf(yb)]);
    expect(batches.filter((s) => spilled.has(s)).length).toBe(torch.get_backend() === 'wasm' ? 0 : batches.length);
    expectIntact(held);
  });

  test('a batch read again, then released again, comes back again', () => {
    const [x, y] = dataset();
    const held = loop(x, y, 1);
    expect(held[0].xb.sum().item()).toBeCloseTo((held[0].x as number[][][]).flat(2).reduce((a, b) => a + b, 0), 4);
    for (let i = 0; i < 3; i++) endOfIteration();
    expectIntact(held);
  });

  test('the dataset written in place after the batches were released: they keep the rows they had', () => {
    const writes: [string, (x: Tensor) => void][] = [
      ['mul_', (x) => x.mul_(2)],
      ['copy_', (x) => x.copy_(torch.zeros(3, 2))],
      ['index assignment', (x) => x.index_put_([torch.tensor([1, 5], { dtype: torch.int64 })], torch.tensor(7.0))],
      ['uniform_', (x) => x.uniform_()],
      ['zero_', (x) => x.zero_()],
      ['clamp_', (x) => x.clamp_(0, 0.1)],
      ['out=', (x) => torch.add(x, 1, { out: x })],
      ['through a view', (x) => x.select(1, 0).fill_(-3)],
    ];
    for (const [, write] of writes) {
      const [x, y] = dataset();
      const held = loop(x, y, 2, (epoch) => { if (epoch === 0) torch.no_grad(() => write(x)); });
      expectIntact(held);
    }
  });

  test('the dataset updated by an optimizer, and disposed, after the batches were released', () => {
    const [x, y] = dataset();
    const w = x.clone().requires_grad_();
    // a parameter as dataset (not gathered directly: it requires grad), then its detached alias
    const data = w.detach();
    const opt = torch.optim.SGD([w], { lr: 0.5 });
    const held = loop(data, y, 2, (epoch) => {
      if (epoch !== 0) return;
      w.grad = torch.ones_like(w);
      opt.step();
    });
    expectIntact(held);

    const [x2, y2] = dataset();
    const held2 = loop(x2, y2, 1);
    x2.dispose();
    y2.dispose();
    expectIntact(held2);

    // a dataset the loop stopped reading is released by the step scope in turn
    const [x3, y3] = dataset();
    const x3values = x3.tolist();
    const held3 = loop(x3, y3, 1);
    for (let i = 0; i < 3; i++) endOfIteration();
    expect(released(x3)).toBe(true);
    expectIntact(held3);
    expect(x3.tolist()).toEqual(x3values);
  });

  test('a batch written in place keeps what was written', () => {
    const [x, y] = dataset();
    torch.manual_seed(3);
    const held: Held[] = [];
    for (const [xb, yb] of DataLoader(TensorDataset(x, y), { batch_size: 4, shuffle: true })) {
      xb.div_(255);
      held.push({ xb, yb, x: xb.tolist(), y: yb.tolist() });
      endOfIteration();
    }
    endOfIteration();
    endOfIteration();
    expectIntact(held);
  });

  test('a view of a batch outlives the batch', () => {
    const [x, y] = dataset();
    const views: [Tensor, unknown][] = [];
    for (const [xb] of DataLoader(TensorDataset(x, y), { batch_size: 5 })) {
      const v = xb.select(2, 1);
      views.push([v, v.tolist()]);
      endOfIteration();
    }
    endOfIteration();
    endOfIteration();
    for (const [v, values] of views) expect(v.tolist()).toEqual(values);
  });
});

test('a write that skips the barrier is reported as a webtorch bug, never read as a different batch', () => {
  torch.set_backend('wasm');
  // kept: the step scope would release an unused dataset too (which copies the rows out)
  const [x, y] = torch.keep(dataset());
  const held = loop(x, y, 1);
  expect(held.every(({ xb }) => released(xb))).toBe(true);
  // what a write path without willWrite would do: write the memory, then bump the version
  const values = x.storage.backend.array(x.storage) as Float32Array;
  values.fill(0);
  expect(() => x._bumpVersion()).toThrow(/webtorch bug/);
  expect(() => held[0].xb.tolist()).toThrow(/webtorch bug/);
});
