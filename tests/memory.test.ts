// Memory: dispose(), torch.tidy, the FinalizationRegistry backstop, and what autograd releases by
// itself (saved tensors, gradients in flight) so that training loops stay flat.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { linearRegression } from '../examples/linear-regression.mjs';
import { describeBackends } from './gradcheck.js';

// the collector, without a flag on the test runner's command line
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collects garbage and lets the FinalizationRegistry callbacks run (they are tasks of their own). */
async function collect(): Promise<void> {
  // finalizers run after a collection, when the program yields; objects they free can make more
  // garbage, so repeat until the count of live tensors stops moving
  let last = -1, steady = 0;
  for (let i = 0; i < 40 && steady < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
    const now = torch.memory().tensors;
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
}

/** Live cpu tensors and bytes. */
function live(): { tensors: number; bytes: number } {
  const { tensors, bytes } = torch.memory('cpu');
  return { tensors, bytes };
}

// these tests count live tensors exactly, around backward() calls: the automatic step scope
// (tests/memory/) would release the previous tests' leftovers in the middle of a count
torch.memory.auto(false);

describeBackends('memory', () => {
  describe('dispose', () => {
    test('releases the storage once; using a disposed tensor throws', () => {
      const before = live();
      const t = torch.ones(1000);
      expect([live().tensors, live().bytes]).toEqual([before.tensors + 1, before.bytes + 4000]);
      t.dispose();
      t.dispose();
      expect(live()).toEqual(before);
      expect(() => t.add(1)).toThrow('Tensor is disposed: it was released by dispose() or torch.tidy() and cannot be used');
    });

    test('views share storage: it lives while any of them does', () => {
      const before = live();
      const base = torch.ones(10);
      const v = base.reshape(2, 5);
      expect([live().tensors, live().bytes]).toEqual([before.tensors + 2, before.bytes + 40]);
      base.dispose();
      expect(live().bytes).toBe(before.bytes + 40);
      expect(v.tolist()).toEqual([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]);
      v.dispose();
      expect(live()).toEqual(before);
    });
  });

  describe('tidy', () => {
    test('disposes what the callback created, except what it returns', () => {
      const before = live();
      const [kept, other] = torch.tidy(() => {
        const a = torch.ones(2).mul(3).add(torch.tensor([1, 2]));
        return [a.mul(2), { nested: [a.neg()] }];
      });
      expect(live().tensors).toBe(before.tensors + 2);
      expect(String(kept)).toBe('tensor([ 8., 10.])');
      kept.dispose();
      (other as { nested: Tensor[] }).nested[0].dispose();
      expect(live()).toEqual(before);
    });

    test('keeps parameters (leaves that require grad) made inside it', () => {
      let w: Tensor | null = null;
      torch.tidy(() => {
        w = torch.zeros(2, { requires_grad: true });
        w.add(1);
      });
      expect(String(w)).toBe('tensor([0., 0.], requires_grad=True)');
    });

    test('nested scopes hand their survivors to the parent', () => {
      const before = live();
      const out = torch.tidy(() => {
        const inner = torch.tidy(() => torch.ones(3).mul(2));
        expect(inner.is_disposed).toBe(false);
        return inner.add(1);
      });
      expect(live().tensors).toBe(before.tensors + 1);
      expect(String(out)).toBe('tensor([3., 3., 3.])');
      out.dispose();
      expect(live()).toEqual(before);
    });

    test('gradients made inside a scope stay with their parameters', () => {
      const w = torch.tensor([1, 2], { requires_grad: true });
      torch.tidy(() => { w.mul(w).sum().backward(); });
      expect(String(w.grad)).toBe('tensor([2., 4.])');
    });

    test('an async callback is refused', () => {
      expect(() => torch.tidy((async () => torch.ones(1)) as unknown as () => Tensor)).toThrow('torch.tidy cannot be used with an async function');
    });
  });

  describe('garbage collection', () => {
    test('tensors the program drops are released by the FinalizationRegistry', async () => {
      await collect();
      const before = live();
      (() => { for (let i = 0; i < 1000; i++) torch.ones(16).mul(i); })();
      expect(live().tensors).toBeGreaterThan(before.tensors);
      await collect();
      expect(live()).toEqual(before);
    });

    test('a disposed tensor that is then collected is not released twice', async () => {
      await collect();
      const before = live();
      (() => { for (let i = 0; i < 100; i++) torch.ones(4).add(i).dispose(); })();
      await collect();
      expect(live()).toEqual(before);
    });

    test('a graph dropped without backward goes with its saved tensors', async () => {
      await collect();
      const w = torch.randn(8, { requires_grad: true });
      const before = live();
      (() => { for (let i = 0; i < 100; i++) w.exp().mul(w).sigmoid().sum(); })();
      await collect();
      expect(live()).toEqual(before);
    });
  });

  describe('autograd releases what it made', () => {
    test('backward frees the saved tensors and the gradients in flight', () => {
      const X = torch.tensor([[1, 2], [3, 4], [5, 6]]), Y = torch.tensor([[1], [0], [1]]);
      const w = torch.tensor([[0.5], [-0.5]], { requires_grad: true }), b = torch.tensor([0.1], { requires_grad: true });
      const base = live();
      for (let step = 0; step < 3; step++) {
        // the forward's intermediates are disposed by tidy; the graph keeps what it saved
        const loss = torch.tidy(() => X.matmul(w).add(b).sigmoid().sub(Y).pow(2).mean());
        expect(live().tensors).toBeGreaterThan(base.tensors + 1);
        loss.backward();
        // left: the loss, and the two gradients (created by the first step, then updated in place)
        expect(live().tensors).toBe(base.tensors + 3);
        loss.dispose();
        expect(live().tensors).toBe(base.tensors + 2);
      }
      expect(live().bytes).toBe(base.bytes + w.numel() * 4 + 4);
    });

    test('retain_graph keeps the saved tensors until the last backward', () => {
      const w = torch.tensor([1, 2, 3], { requires_grad: true });
      const base = live();
      const y = torch.tidy(() => w.exp().mul(w).sum());
      const withGraph = live().tensors;
      y.backward({ retain_graph: true });
      expect(live().tensors).toBe(withGraph + 1); // w.grad
      y.backward();
      expect(live().tensors).toBe(base.tensors + 2); // y and w.grad
      expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
    });

    test('torch.autograd.grad leaves only the gradients it returns', () => {
      const w = torch.tensor([1, 2, 3], { requires_grad: true });
      const base = live();
      const y = torch.tidy(() => w.sin().mul(w).sum());
      const [g] = torch.autograd.grad(y, w);
      expect(live().tensors).toBe(base.tensors + 2); // y and g
      expect(g?.tolist()).toEqual(w.sin().add(w.cos().mul(w)).tolist());
      expect(w.grad).toBeNull();
    });
  });

  describe('training loops', () => {
    test('the linear regression: 10,000 steps, each in tidy, keep torch.memory() flat', () => {
      const model = linearRegression(torch);
      const samples: unknown[] = [];
      for (let step = 1; step <= 10_000; step++) {
        (torch.tidy(model.step) as Tensor).dispose();
        if (step % 1000 === 0) samples.push(live());
      }
      samples.forEach((s) => expect(s).toEqual(samples[0]));
      expect((model.w.item() as number).toFixed(3)).toBe('2.000');
      expect((model.b.item() as number).toFixed(3)).toBe('1.000');
      model.dispose();
    });

    test('without tidy or dispose, the collector brings memory back to the same level', async () => {
      const model = linearRegression(torch);
      const samples: unknown[] = [];
      // the steps run in their own frame: a dead value the loop's frame still holds in a register
      // (the last step's loss) would otherwise stay reachable while we sample
      const run = (n: number): void => { for (let i = 0; i < n; i++) model.step(); };
      for (let block = 0; block < 10; block++) {
        run(1000);
        await collect();
        samples.push(live());
      }
      samples.forEach((s) => expect(s).toEqual(samples[0]));
      expect((model.b.item() as number).toFixed(3)).toBe('1.000');
      model.dispose();
    });
  });
});

describe('memory limits of the wasm core', () => {
  test('a tensor too large for the memory throws a clear error, and nothing else is lost', () => {
    const x = torch.arange(4);
    const before = live();
    // 4 GiB of float32: a wasm32 size would wrap to 0; 1.5 GiB: above the allocator's largest block
    expect(() => torch.zeros(2 ** 30)).toThrow("DefaultCPUAllocator: can't allocate memory: you tried to allocate 4294967296 bytes.");
    expect(() => torch.zeros(3 * 2 ** 27)).toThrow("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1610612736 bytes.");
    expect(live()).toEqual(before);
    expect(x.add(1).tolist()).toEqual([1, 2, 3, 4]);
  });
});
