// The automatic step scope (src/memory.ts): what a literal loop may rely on, what it releases, and
// what happens when the program uses a released tensor again (it comes back with its values).
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { stepBoundary } from '../../src/memory.js';
import { spilledDuring } from './spills.js';
import { describeBackends } from '../gradcheck.js';

/** A parameter made before any loop, whose backward() marks one iteration. */
const z = torch.ones(1, { requires_grad: true });
function endOfIteration(): void {
  z.mul(2).sum().backward();
}
/** Makes backward() the pacing boundary, whatever the test before did. */
function pace(): void {
  endOfIteration();
  endOfIteration();
}

describeBackends('step scope', () => {
  test('the loss of this iteration can be read after backward() and the update, and in the next iteration', () => {
    pace();
    const w = torch.tensor([1.0, 2.0], { requires_grad: true });
    let prev: Tensor | null = null;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (prev) seen.push(prev.item() as number);
      const loss = w.mul(w).sum();
      loss.backward();
      torch.no_grad(() => { w.sub_(w.grad!.mul(0.1)); w.grad!.zero_(); });
      seen.push(loss.item() as number);
      prev = loss;
    }
    expect(seen.length).toBe(9);
    expect(prev!.item()).toBe(seen[8]);
  });

  test('losses kept as tensors leave the core two iterations after their last use, and come back with their values when read', () => {
    pace();
    const w = torch.tensor([1.0, 2.0], { requires_grad: true });
    const big = torch.ones(1000);
    const losses: Tensor[] = [];
    const values: number[] = [];
    const before = torch.memory().bytes;
    for (let i = 0; i < 5; i++) {
      const loss = w.mul(w).sum().add(big.mul(i).sum()); // big.mul(i): 4000 bytes the loop drops
      loss.backward();
      torch.no_grad(() => { w.sub_(w.grad!.mul(0.1)); w.grad!.zero_(); });
      values.push(loss.item() as number);
      losses.push(loss);
    }
    // the dropped products of the first iterations are no longer in the core
    expect(torch.memory().bytes - before).toBeLessThan(3 * 4000);
    for (const l of losses) expect(l.is_disposed).toBe(false);
    expect(losses.map((l) => l.item())).toEqual(values);
    expect(losses[0].add(1).item()).toBe(values[0] + 1);
    expect(String(losses[1])).toBe(`tensor(${values[1].toFixed(4)}, grad_fn=<AddBackward0>)`);
  });

  test('torch.keep: a snapshot taken inside the loop survives it, with its values', () => {
    pace();
    const w = torch.tensor([1.0, 2.0], { requires_grad: true });
    let best: Tensor | null = null;
    let bestValues: unknown = null;
    for (let i = 0; i < 6; i++) {
      const loss = w.mul(w).sum();
      loss.backward();
      torch.no_grad(() => { w.sub_(w.grad!.mul(0.1)); w.grad!.zero_(); });
      if (i === 1) {
        best = torch.keep(w.detach().clone());
        bestValues = best.tolist();
      }
    }
    expect(best!.tolist()).toEqual(bestValues);
    expect(torch.keep([best])).toEqual([best]);
    best!.dispose();
  });

  test('released tensors of every dtype, small and large, come back bit for bit', () => {
    pace();
    const made: [Tensor, unknown][] = [];
    for (let i = 0; i < 5; i++) {
      if (i === 0) {
        for (const dtype of [torch.float32, torch.float64, torch.float16, torch.int32, torch.int64, torch.uint8, torch.int8, torch.int16, torch.bool]) {
          // 3 and 300 elements: small storages spill into a plain array, large ones into a typed array
          for (const n of [3, 300]) {
            const t = torch.arange(-n / 2, n / 2).mul(1.37).to(dtype);
            made.push([t, t.tolist()]);
          }
        }
      }
      endOfIteration();
    }
    // every one was released (its storage spilled), none read since
    expect(made.filter(([t]) => !(t as unknown as { _hold: { cell: { live: boolean } } })._hold.cell.live).length).toBe(18);
    for (const [t, values] of made) expect(t.tolist()).toEqual(values);
  });

  test('torch.keep takes a state dict (a Map or a plain object of tensors) and returns it', () => {
    pace();
    let snapshot: Map<string, Tensor> | null = null;
    let plain: Record<string, Tensor> | null = null;
    for (let i = 0; i < 6; i++) {
      if (i === 1) {
        snapshot = torch.keep(new Map([['weight', torch.ones(2).mul(3)]]));
        plain = torch.keep({ bias: torch.zeros(1).add(4) });
      }
      endOfIteration();
    }
    expect(snapshot!.get('weight')!.tolist()).toEqual([3, 3]);
    expect(plain!.bias.tolist()).toEqual([4]);
  });

  test('state recomputed every iteration (a moving average) survives and equals the run without release', () => {
    const run = (auto: boolean) => {
      const prev = torch.memory.auto(auto);
      try {
        pace();
        const w = torch.tensor([1.0, -2.0], { requires_grad: true });
        let ema = torch.zeros([]);
        for (let i = 0; i < 20; i++) {
          const loss = w.mul(w).sum();
          loss.backward();
          torch.no_grad(() => { w.sub_(w.grad!.mul(0.05)); w.grad!.zero_(); });
          ema = ema.mul(0.9).add(loss.detach().mul(0.1));
        }
        return ema.item();
      } finally {
        torch.memory.auto(prev);
      }
    };
    expect(run(true)).toBe(run(false));
  });

  test('what is never released: tensors made before the first boundary, parameters, gradients, kept tensors', () => {
    pace();
    const inLoopParams: Tensor[] = [];
    const kept: Tensor[] = [];
    const grads: Tensor[] = [];
    for (let i = 0; i < 6; i++) {
      if (i === 1) {
        const p = torch.tensor([3.0], { requires_grad: true });
        p.mul(p).sum().backward();
        inLoopParams.push(p);
        grads.push(p.grad!);
        const k = torch.ones(2).mul(5);
        k._kept = true; // as optimizer state is marked
        kept.push(k);
      }
      endOfIteration();
    }
    expect(z.tolist()).toEqual([1]);
    expect(inLoopParams[0].tolist()).toEqual([3]);
    expect(grads[0].tolist()).toEqual([6]);
    expect(kept[0].tolist()).toEqual([5, 5]);
  });

  test('a replaced gradient (grad = null) stays readable while the loop uses it, and after', () => {
    pace();
    const a = torch.tensor(2.0, { requires_grad: true });
    a.mul(a).backward();
    const g = a.grad!;
    a.grad = null;
    expect(g.item()).toBe(4);
    endOfIteration();
    expect(g.item()).toBe(4);
    endOfIteration();
    endOfIteration();
    endOfIteration();
    expect(g.item()).toBe(4);
  });

  test('two backward() per iteration (a GAN without a DataLoader): both losses read at the end of the iteration', () => {
    pace();
    const g = torch.tensor([0.5, 1.5], { requires_grad: true });
    const d = torch.tensor([2.0, -1.0], { requires_grad: true });
    const printed: number[] = [];
    for (let i = 0; i < 20; i++) {
      const fake = g.mul(2);
      const lossD = fake.detach().mul(d).sum();
      lossD.backward();
      const lossG = fake.mul(d).sum().neg();
      lossG.backward();
      torch.no_grad(() => { for (const p of [g, d]) { p.sub_(p.grad!.mul(0.01)); p.grad!.zero_(); } });
      printed.push(lossD.item() as number, lossG.item() as number);
    }
    expect(printed.every(Number.isFinite)).toBe(true);
  });

  test('a view outlives its released base: storage is shared and counted', () => {
    pace();
    let v: Tensor | null = null;
    let base: Tensor | null = null;
    for (let i = 0; i < 5; i++) {
      if (i === 0) {
        base = torch.arange(6).float().mul(2);
        v = base.view(2, 3);
      }
      v!.sum().item(); // the loop reads the view, never the base
      endOfIteration();
    }
    expect(base!.sum().item()).toBe(30);
    expect(v!.tolist()).toEqual([[0, 2, 4], [6, 8, 10]]);
  });

  test('a graph left two iterations without backward keeps its saved tensors out of the core; backward() then computes', () => {
    pace();
    const w = torch.tensor([1.0, 2.0], { requires_grad: true });
    const out = w.exp().mul(w).sum();
    endOfIteration();
    endOfIteration();
    endOfIteration();
    out.backward();
    const expected = w.detach().exp().mul(w.detach().add(1)).tolist() as number[];
    expect(w.grad!.tolist()).toEqual(expected);
  });

  test('a spill that fails (a lost WebGL context) frees the storage, and a later use says so', () => {
    pace();
    const backend = torch.ones(1).storage.backend as unknown as { spill: (s: unknown) => unknown };
    const kept: Tensor[] = [];
    backend.spill = () => { throw new Error('context lost'); };
    try {
      for (let i = 0; i < 4; i++) {
        kept.push(torch.ones(10).mul(i));
        endOfIteration();
      }
    } finally {
      delete (backend as { spill?: unknown }).spill; // back to the prototype's
    }
    expect(() => kept[0].sum()).toThrow(/released at a step boundary and its values could not be kept/);
    expect(kept[3].sum().item()).toBe(30);
  });

  test('when the loop stops, an idle event loop releases its last iterations too, values kept', async () => {
    pace();
    const made: Tensor[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(torch.ones(100).mul(i));
      endOfIteration();
    }
    const after = torch.memory('cpu').tensors;
    // no boundary comes any more: after 250 ms of an idle event loop the scope releases them
    await new Promise((r) => setTimeout(r, 700));
    expect(torch.memory('cpu').tensors).toBeLessThan(after - 2);
    expect(made.map((t) => t.sum().item())).toEqual([0, 100, 200, 300, 400]);
  });

  test('a released tensor used again is counted again, and dispose() of one frees it for good', () => {
    pace();
    const kept: Tensor[] = [];
    for (let i = 0; i < 4; i++) {
      kept.push(torch.ones(100).mul(i));
      endOfIteration();
    }
    const { tensors, bytes } = torch.memory();
    expect(kept[0].sum().item()).toBe(0);
    expect(torch.memory().tensors).toBeGreaterThanOrEqual(tensors + 1);
    expect(torch.memory().bytes).toBeGreaterThanOrEqual(bytes + 400);
    kept[1].dispose();
    expect(kept[1].is_disposed).toBe(true);
    expect(() => kept[1].sum()).toThrow(/Tensor is disposed/);
  });

  test('the optimizer order (zero_grad, backward, step): outputs read after step(), in the same iteration', () => {
    pace();
    const w = torch.tensor([0.5, -0.5], { requires_grad: true });
    const x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]);
    const accs: number[] = [];
    const before = torch.memory('cpu').tensors;
    let after = 0;
    for (let i = 0; i < 50; i++) {
      stepBoundary('batch');
      stepBoundary('zero_grad');
      if (w.grad) w.grad.zero_();
      const outputs = x.matmul(w);
      const loss = outputs.pow(2).sum();
      loss.backward();
      stepBoundary('step');
      torch.no_grad(() => w.sub_(w.grad!.mul(0.01)));
      accs.push(outputs.argmax().item() as number, loss.item() as number);
      if (i === 10) after = torch.memory('cpu').tensors;
    }
    expect(accs.length).toBe(100);
    expect(torch.memory('cpu').tensors).toBe(after);
    expect(after - before).toBeLessThan(40);
  });

  test('a sampling loop under no_grad that calls a model (no backward, optimizer or DataLoader) stays flat', () => {
    const run = () => {
      torch.manual_seed(0);
      const model = torch.nn.Sequential(torch.nn.Embedding(5, 8), torch.nn.Linear(8, 5));
      let idx = torch.zeros([1, 1], { dtype: torch.long });
      const sizes: number[] = [];
      torch.no_grad(() => {
        for (let i = 0; i < 200; i++) {
          const logits = model(idx.select(1, -1)) as Tensor; // nanoGPT's generate, one token of context
          const probs = torch.softmax(logits, -1);
          const next = torch.multinomial(probs, 1);
          idx = torch.cat([idx, next], 1);
          sizes.push(torch.memory('cpu').tensors);
        }
      });
      return { sizes, tokens: idx.tolist() };
    };
    const { sizes, tokens } = run();
    // idx grows by one token per step; everything else a step made leaves the core
    expect(sizes[199] - sizes[20]).toBeLessThan(10);
    expect((tokens as number[][])[0].length).toBe(201);
    const prev = torch.memory.auto(false);
    try {
      expect(run().tokens).toEqual(tokens);
    } finally {
      torch.memory.auto(prev);
    }
  });

  test('an evaluation loop after training, paced by the DataLoader alone, stays flat', () => {
    pace();
    const w = torch.tensor([0.5, -0.5]);
    const x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]);
    let correct = torch.zeros([]);
    let flat = 0;
    torch.no_grad(() => {
      for (let i = 0; i < 100; i++) {
        stepBoundary('batch');
        const out = x.matmul(w);
        correct = correct.add(out.gt(0).sum());
        if (i === 10) flat = torch.memory('cpu').tensors;
      }
    });
    expect(torch.memory('cpu').tensors).toBe(flat);
    expect(correct.item()).toBe(0);
  });
});

describeBackends('step scope and torch.nn layers', () => {
  const { nn } = torch;
  /** Counts the storages the step scope copies out of the backend while fn runs. */
  const spills = (fn: () => void): number => spilledDuring(fn).size;
  /** A literal training loop over `model`, 12 steps; returns the outputs (kept by the program) and their values. */
  function train(model: torch.nn.Module, x: Tensor, steps = 12): { outputs: Tensor[]; values: unknown[] } {
    const opt = torch.optim.SGD(model.parameters(), { lr: 0.01 });
    const outputs: Tensor[] = [], values: unknown[] = [];
    for (let i = 0; i < steps; i++) {
      const out = model(x) as Tensor;
      const loss = out.pow(2).mean();
      opt.zero_grad();
      loss.backward();
      opt.step();
      outputs.push(out);
      values.push(out.tolist());
    }
    return { outputs, values };
  }

  test("the layers' own intermediates inside a Sequential are freed, not copied out; the outputs the program holds come back", () => {
    pace();
    torch.manual_seed(0);
    const x = torch.randn(4, 8);
    const layers = () => [nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 2)];
    let builtin: ReturnType<typeof train> | null = null, mine: ReturnType<typeof train> | null = null;
    const seq = nn.Sequential(...layers());
    const builtinSpills = spills(() => { builtin = train(seq, x); });
    // the same layers in a module of the program's: its forward's tensors are the program's
    class Mine extends nn.Module {
      inner = nn.ModuleList(layers());
      forward(t: Tensor): Tensor {
        for (const l of this.inner) t = l(t) as Tensor;
        return t;
      }
    }
    const mineSpills = spills(() => { mine = train(new Mine(), x); });
    // per step: the loss terms and the output spill either way; the four intermediates only from Mine
    expect(mineSpills - builtinSpills).toBeGreaterThanOrEqual(4 * 8);
    for (const r of [builtin!, mine!]) expect(r.outputs.map((t) => t.tolist())).toEqual(r.values);
  });

  test('a hook, a module of the program inside a Sequential, and a program activation see tensors that stay readable', () => {
    pace();
    torch.manual_seed(0);
    const x = torch.randn(4, 8);
    const seen: Tensor[] = [], seenValues: unknown[] = [];
    const keepSeen = (t: Tensor) => { seen.push(t); seenValues.push(t.tolist()); };
    const hooked = nn.Linear(16, 16);
    hooked.register_forward_hook((_m: unknown, inputs: unknown, output: unknown) => {
      keepSeen((inputs as Tensor[])[0]);
      keepSeen(output as Tensor);
    });
    class Stash extends nn.Module {
      forward(t: Tensor): Tensor {
        keepSeen(t);
        return t.relu();
      }
    }
    train(nn.Sequential(nn.Linear(8, 16), nn.Tanh(), hooked, nn.Sigmoid(), new Stash(), nn.Linear(16, 2)), x);
    const layer = nn.TransformerEncoderLayer({ d_model: 8, nhead: 2, dim_feedforward: 16, dropout: 0, batch_first: true,
      activation: (t: Tensor) => { keepSeen(t); return t.relu(); } });
    train(layer, x.reshape(2, 2, 8));
    expect(seen.length).toBe(12 * 3 + 12);
    // every step's tensors were released long ago; each comes back with its values
    expect(seen.map((t) => t.tolist())).toEqual(seenValues);
  });

  test('what built-in modules return (views, tuples, an encoder\'s output) stays readable after release', () => {
    pace();
    torch.manual_seed(0);
    const x = torch.randn(2, 3, 8);
    // the last layer's output is a view (Unflatten) of a tensor made inside the Sequential
    const seq = nn.Sequential(nn.Flatten(), nn.Linear(24, 12), nn.ReLU(), nn.Unflatten(1, [3, 4]));
    const mha = nn.MultiheadAttention(8, 2, { batch_first: true });
    const enc = nn.TransformerEncoder(nn.TransformerEncoderLayer({ d_model: 8, nhead: 2, dim_feedforward: 16, dropout: 0, batch_first: true }), 2);
    const kept: Tensor[] = [], values: unknown[] = [];
    const keepIt = (t: Tensor) => { kept.push(t); values.push(t.tolist()); };
    for (let i = 0; i < 8; i++) {
      const a = seq(x) as Tensor;
      const [attn, weights] = mha(x, x, x) as [Tensor, Tensor];
      const e = enc(x) as Tensor;
      const loss = a.sum().add(attn.sum()).add(e.pow(2).mean());
      loss.backward();
      for (const t of [a, attn, weights, e]) keepIt(t);
    }
    expect(kept.map((t) => t.tolist())).toEqual(values);
    // evaluation afterwards, under no_grad, the outputs kept in a list
    const evals: Tensor[] = [], evalValues: unknown[] = [];
    torch.no_grad(() => {
      for (let i = 0; i < 8; i++) {
        const e = enc(x) as Tensor;
        evals.push(e);
        evalValues.push(e.tolist());
      }
    });
    expect(evals.map((t) => t.tolist())).toEqual(evalValues);
  });
});

describe('explicit tools', () => {
  test('dispose(), [Symbol.dispose] (TypeScript using), torch.tidy', () => {
    const before = torch.memory('cpu').tensors;
    const t = torch.ones(4);
    (t as unknown as Disposable)[Symbol.dispose]();
    expect(t.is_disposed).toBe(true);
    expect(() => t.sum()).toThrow('Tensor is disposed: it was released by dispose() or torch.tidy() and cannot be used');
    const r = torch.tidy(() => torch.ones(3).mul(2).add(1));
    expect(r.tolist()).toEqual([3, 3, 3]);
    r.dispose();
    expect(torch.memory('cpu').tensors).toBe(before);
  });

  test('torch.memory({detail: true}) groups live tensors by the op and program line that made them', () => {
    torch.memory.track(true);
    const made: Tensor[] = [];
    try {
      for (let i = 0; i < 5; i++) made.push(torch.ones(10).mul(2)); // the line the report names
    } finally {
      torch.memory.track(false);
    }
    const { detail } = torch.memory({ device: 'cpu', detail: true });
    const mine = detail!.filter((g) => g.site.includes('step-scope.test.ts'));
    const mul = mine.find((g) => /mul/.test(g.op));
    expect(mul).toBeDefined();
    expect(mul!.tensors).toBe(5);
    expect(mul!.bytes).toBe(5 * 40);
    expect(mine.find((g) => /ones/.test(g.op))).toBeDefined();
    made.forEach((t) => t.dispose());
    expect(() => torch.memory({ details: true } as never)).toThrow("memory() got an unexpected keyword argument 'details'");
  });
});
