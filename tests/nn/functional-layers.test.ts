// torch.nn.functional's dropout family, embedding, batch_norm, group_norm, the losses and
// multi_head_attention_forward against PyTorch 1.13 (tests/fixtures/layers.json): values, input
// gradients, grad_fn names, seeded dropout masks and running statistics; gradcheck and gradgradcheck
// in float64 for the compositions.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends, gradcheck, gradgradcheck } from '../gradcheck.js';
import { FIX, dec, near, same, type Enc } from './fixture.js';
import { GRADCHECK_CASES } from './gradcheck-cases.js';

const F = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;
const long = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });

function decodeArg(a: unknown, requiresGrad: boolean): unknown {
  return a !== null && typeof a === 'object' && 'data' in (a as object) ? dec(a as Enc, requiresGrad) : a;
}

describeBackends('functional layers', () => {
  describe('against PyTorch', () => {
    for (const c of FIX.functional) {
      test(c.name, () => {
        const args = c.args.map((a: unknown, i: number) => decodeArg(a, c.grad.includes(i)));
        const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v, false)]));
        let out = F[c.fn](...args, kwargs) as Tensor | Tensor[];
        if (c.out_index !== null) out = (out as Tensor[])[c.out_index];
        const y = out as Tensor;
        near(y, c.out, 2e-5);
        expect(y.grad_fn?.name() ?? null).toBe(c.grad_fn);
        y.mul(dec(c.cot)).sum().backward();
        c.grad.forEach((i: number, k: number) => near((args[i] as Tensor).grad, c.grads[k], 5e-5));
      });
    }
  });

  describe('dropout draws PyTorch\'s bernoulli numbers', () => {
    for (const c of FIX.dropout) {
      test(`${c.fn} ${JSON.stringify(c.shape)} p=${c.p}`, () => {
        torch.manual_seed(123);
        const x = dec(c.x, true);
        const y = F[c.fn](x, c.p, true);
        same(y, c.y);
        expect(y.grad_fn?.name()).toBe(c.grad_fn);
        y.sum().backward();
        same(x.grad as Tensor, c.grad);
        // the generator advanced exactly as PyTorch's did
        expect(values(torch.rand(3))).toEqual(c.next_rand);
      });
    }
    test('eval, p=0 and arguments', () => {
      const x = torch.ones(3);
      expect(F.dropout(x, 0.5, false)).toBe(x);
      expect(F.dropout(x, { p: 0 })).toBe(x);
      expect(F.alpha_dropout(x, 0.5)).toBe(x); // training defaults to False
      expect(() => F.dropout(x, 1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
      expect(() => F.dropout(x, { q: 1 })).toThrow("dropout() got an unexpected keyword argument 'q'");
      expect(() => F.dropout1d(torch.ones(2, 2, 2, 2))).toThrow('dropout1d: Expected 2D or 3D input, but received a 4D input.');
      const y = torch.ones(4, 4);
      torch.manual_seed(1);
      expect(F.dropout(y, 0.5, true, true)).toBe(y);
    });
  });

  test('batch_norm updates running statistics as PyTorch', () => {
    for (const c of FIX.batch_norm_stats) {
      const rm = torch.zeros(4), rv = torch.ones(4);
      F.batch_norm(dec(c.x1), rm, rv, { training: true, momentum: c.momentum });
      const y = F.batch_norm(dec(c.x2), rm, rv, { training: true, momentum: c.momentum });
      near(y, c.y, 2e-5);
      near(rm, c.running_mean, 2e-6);
      near(rv, c.running_var, 2e-6);
    }
    expect(() => F.batch_norm(torch.ones(1, 3), null, null, { training: true }))
      .toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => F.batch_norm(torch.ones(2, 3), null, null)).toThrow('running_mean must be defined in evaluation mode');
    expect(() => F.batch_norm(torch.ones(2, 3), torch.zeros(4), torch.ones(3))).toThrow('running_mean should contain 3 elements not 4');
    expect(() => F.batch_norm(torch.ones(3), torch.zeros(3), torch.ones(3))).toThrow('running_mean should contain 0 elements not 3');
    expect(() => F.group_norm(torch.ones(2, 3, 2), 2)).toThrow('Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 3, 2] and num_groups=2');
    expect(() => F.huber_loss(torch.ones(2), torch.ones(2), { delta: 0 })).toThrow('huber_loss does not support non-positive values for delta.');
    expect(() => F.cosine_embedding_loss(torch.ones(2, 3), torch.ones(2, 3), torch.ones(2, 1))).toThrow('0D or 1D target tensor expected, multi-target not supported');
  });

  test('embedding: max_norm renormalises the named rows in place', () => {
    const w = torch.tensor([[3, 4], [0.3, 0.4], [6, 8]]);
    const e = F.embedding(long([0, 1, 0]), w, { max_norm: 1 });
    const s = 1 / (5 + 1e-7);
    const rows = w.tolist() as number[][];
    expect(rows[0][0]).toBeCloseTo(3 * s, 6);
    expect(rows[1]).toEqual([Math.fround(0.3), Math.fround(0.4)]);
    expect(rows[2]).toEqual([6, 8]); // not looked up: untouched
    expect((e.tolist() as number[][])[2][1]).toBeCloseTo(4 * s, 6);
    expect(() => F.embedding(torch.tensor([1]), w)).toThrow("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)");
    expect(() => F.embedding(long([3]), w)).toThrow('index out of range in self');
  });

  describe('multi_head_attention_forward', () => {
    for (const c of FIX.mha) {
      test(c.name, () => {
        const q = dec(c.query, true);
        const k = c.self ? q : dec(c.key, true);
        const v = c.kv_same ? k : dec(c.value, true);
        const ipw = dec(c.in_proj_weight, true), opb = dec(c.out_proj_bias, true);
        const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([n, val]) => [n, decodeArg(val, false)]));
        const [o, w] = (torch.nn.functional as unknown as { multi_head_attention_forward: (...a: unknown[]) => [Tensor, Tensor | null] })
          .multi_head_attention_forward(q, k, v, 6, 2, ipw, dec(c.in_proj_bias), null, null, false, 0, dec(c.out_proj_weight), opb, { training: true, ...kwargs });
        near(o, c.out, 2e-5);
        near(w, c.weights, 2e-5);
        o.mul(dec(c.cot)).sum().backward();
        near(q.grad, c.grad_query, 5e-5);
        near(ipw.grad, c.grad_in_proj_weight, 5e-5);
        near(opb.grad, c.grad_out_proj_bias, 5e-5);
      });
    }
  });

  describe('gradcheck and gradgradcheck in float64', () => {
    const cases = GRADCHECK_CASES;
    for (const [name, make, fn] of cases) {
      test(name, () => {
        gradcheck(fn, make());
        gradgradcheck(fn, make(), { atol: 1e-4 });
      });
    }
  });
});

function values(t: Tensor): number[] {
  return t.reshape(-1).tolist() as number[];
}
