// Backward after torch.tidy: the forward runs inside torch.tidy returning only its outputs (every
// temporary it made is disposed), the backward runs outside it and must give the same gradients.
// A backward closure that reads a forward temporary instead of a saved tensor fails here ("tensor
// has been disposed", or wrong values from freed memory). Replays every oracle case with gradients
// (tests/oracle/replay.ts), the nn functional fixtures (tests/fixtures/layers.json), gradcheck and
// gradgradcheck of the functional compositions, and the training-path fixtures.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck } from './gradcheck.js';
import { PENDING } from './oracle/pending.js';
import { loadCases, opName, replay } from './oracle/replay.js';
import { FIX, dec, near, type Enc } from './nn/fixture.js';
import { GRADCHECK_CASES } from './nn/gradcheck-cases.js';
import { close, fixtureLinear, fx } from './training-paths-fixture.js';

const F = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;
const long = (v: number[] | number[][]) => torch.tensor(v as number[], { dtype: torch.int64 });

/** Runs fn, returning its result or the message it threw (to compare two runs that both fail). */
function attempt<T>(fn: () => T): T | { threw: string } {
  try {
    return fn();
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

const gradCases = loadCases().filter((c) => c.grads && c.cotangents && !c.error && !PENDING[opName(c)]);

describeBackends('oracle gradients with the forward inside torch.tidy', () => {
  for (const c of gradCases) test(c.id, () => { replay(c, 'cpu', { tidy: true }); });
});

describeBackends('oracle gradients with the operands made inside torch.tidy', () => {
  for (const c of gradCases) test(c.id, () => { replay(c, 'cpu', { tidy: true, temporaries: true }); });
});

describeBackends('oracle double backward with the forward and the create_graph backward inside torch.tidy', () => {
  for (const c of gradCases) {
    test(c.id, () => {
      const plain = attempt(() => replay(c, 'cpu', { createGraph: true }));
      const tidied = attempt(() => replay(c, 'cpu', { tidy: true, temporaries: true, createGraph: true }));
      expect(tidied).toEqual(plain);
    });
  }
});

function decodeArg(a: unknown, requiresGrad: boolean): unknown {
  return a !== null && typeof a === 'object' && 'data' in (a as object) ? dec(a as Enc, requiresGrad) : a;
}

describeBackends('nn functional layers with the forward inside torch.tidy', () => {
  for (const c of FIX.functional) {
    test(c.name, () => {
      const args = c.args.map((a: unknown, i: number) => decodeArg(a, c.grad.includes(i)));
      const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v, false)]));
      const cot = dec(c.cot);
      // every tensor operand (targets and weights too) is a view made inside the scope, freed with it
      const temp = (a: unknown) => (a instanceof torch.Tensor ? a.expand_as(a) : a);
      const loss = torch.tidy(() => {
        const kw = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, temp(v)]));
        let out = F[c.fn](...args.map(temp), kw) as Tensor | Tensor[];
        if (c.out_index !== null) out = (out as Tensor[])[c.out_index];
        return (out as Tensor).mul(cot).sum();
      });
      loss.backward();
      c.grad.forEach((i: number, k: number) => near((args[i] as Tensor).grad, c.grads[k], 5e-5));
    });
  }

  for (const c of FIX.mha) {
    test(`multi_head_attention_forward ${c.name}`, () => {
      const q = dec(c.query, true);
      const k = c.self ? q : dec(c.key, true);
      const v = c.kv_same ? k : dec(c.value, true);
      const ipw = dec(c.in_proj_weight, true), opb = dec(c.out_proj_bias, true);
      const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([n, val]) => [n, decodeArg(val, false)]));
      const ipb = dec(c.in_proj_bias), opw = dec(c.out_proj_weight), cot = dec(c.cot);
      const temp = (a: Tensor) => a.expand_as(a);
      const loss = torch.tidy(() => {
        const kw = Object.fromEntries(Object.entries(kwargs).map(([n, val]) => [n, val instanceof torch.Tensor ? temp(val) : val]));
        const [o] = (torch.nn.functional as unknown as { multi_head_attention_forward: (...a: unknown[]) => [Tensor, Tensor | null] })
          .multi_head_attention_forward(temp(q), temp(k), temp(v), 6, 2, temp(ipw), temp(ipb), null, null, false, 0, temp(opw), temp(opb), { training: true, ...kw });
        return o.mul(cot).sum();
      });
      loss.backward();
      near(q.grad, c.grad_query, 5e-5);
      near(ipw.grad, c.grad_in_proj_weight, 5e-5);
      near(opb.grad, c.grad_out_proj_bias, 5e-5);
    });
  }
});

describeBackends('gradcheck and gradgradcheck with the function inside torch.tidy', () => {
  const cases = GRADCHECK_CASES;
  for (const [name, make, fn] of cases) {
    test(name, () => {
      const tidied = (...t: Tensor[]) => torch.tidy(() => fn(...t.map((a) => a.expand_as(a))));
      gradcheck(tidied, make());
      gradgradcheck(tidied, make(), { atol: 1e-4 });
    });
  }
});


describeBackends('training paths with the forward inside torch.tidy', () => {
  for (const k of fx.nll) {
    const name = `${k.n}x${k.c} ${k.dtype} ${k.reduction}`;
    const make = () => torch.tensor(k.x, { dtype: torch[k.dtype] }).reshape([k.n, k.c]).requires_grad_(true);
    const target = () => torch.tensor(k.target, { dtype: torch.int64 });

    test(`nll_loss ${name}`, () => {
      const x = make(), t = target();
      const loss = torch.tidy(() => F.nll_loss(x, t, { reduction: k.reduction }));
      expect(loss.item()).toBe(k.loss);
      loss.backward(torch.tensor(1.5, { dtype: torch[k.dtype] }));
      if (k.grad) expect(x.grad!.flatten().tolist()).toEqual(k.grad);
    });

    test(`cross_entropy ${name}`, () => {
      const x = make(), t = target();
      const loss = torch.tidy(() => F.cross_entropy(x, t, { reduction: k.reduction }));
      close([loss.item()], [k.ce], k.dtype === 'float32' ? 1e-6 : 1e-12);
      loss.backward();
      if (k.ce_grad) close(x.grad!.flatten().tolist() as number[], k.ce_grad, k.dtype === 'float32' ? 1e-6 : 1e-12);
    });
  }

  test('create_graph through nll_loss of a product, each step inside torch.tidy', () => {
    const x = torch.randn(4, 3, { dtype: torch.float64, requires_grad: true });
    const t = long([0, 2, -100, 1]);
    const loss = torch.tidy(() => F.nll_loss(x.mul(x), t));
    const [g] = torch.tidy(() => torch.autograd.grad([loss], [x], { create_graph: true })) as Tensor[];
    const xs = x.detach().tolist() as number[][];
    const tg = [0, 2, -1, 1];
    close((g.detach().tolist() as number[][]).flat(), xs.flatMap((row, i) => row.map((v, j) => (j === tg[i] ? (-2 * v) / 3 : 0))), 1e-12);
    const [gg] = torch.autograd.grad([torch.tidy(() => g.sum())], [x]) as Tensor[];
    expect((gg.tolist() as number[][]).flat()).toEqual(xs.flatMap((row, i) => row.map((_, j) => (j === tg[i] ? -2 / 3 : 0))));
  });

  test('Linear and cross_entropy: the model step inside torch.tidy', () => {
    const { L, lin, x } = fixtureLinear();
    const y = long(L.y);
    const loss = torch.tidy(() => F.cross_entropy(lin.forward(x), y));
    close([loss.item()], [L.loss], 1e-12);
    loss.backward();
    close(lin.weight.grad!.flatten().tolist() as number[], L.weight_grad, 1e-12);
    close(lin.bias!.grad!.tolist() as number[], L.bias_grad, 1e-12);
  });

  test('relu backward', () => {
    const R = fx.relu, nums = (v: (number | string)[]) => v.map(Number);
    const x = torch.tensor(nums(R.x), { requires_grad: true });
    const y = torch.tidy(() => x.relu());
    y.backward(torch.tensor(nums(R.g)));
    expect(x.grad!.tolist()).toEqual(nums(R.grad));
  });
});

describe('tidy-backward: float32 MLP step', () => {
  test('a two-layer MLP: loss made inside torch.tidy, backward outside, the same gradients as without tidy', () => {
    const run = (tidied: boolean) => {
      torch.manual_seed(5);
      const model = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3));
      const x = torch.randn(4, 6), y = long([0, 2, 1, 2]);
      const step = () => F.cross_entropy(model.forward(x) as Tensor, y);
      const loss = tidied ? torch.tidy(step) : step();
      loss.backward();
      return [...model.parameters()].map((p) => p.grad!.tolist());
    };
    expect(run(true)).toEqual(run(false));
  });
});

// Closures the replays above do not reach: each keeps only part of an op's results inside the tidy.
describeBackends('backward after torch.tidy kept only part of the results', () => {
  const f64 = (v: number[], shape: number[]) => torch.tensor(v, { dtype: torch.float64 }).reshape(shape);
  const X = () => f64([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7, -2.2, 0.6, 1.1, -0.7, 0.2], [3, 4]).requires_grad_(true);

  test('max(dim).values: the indices are saved, not captured', () => {
    const x = X(), y = X();
    torch.tidy(() => (x.expand_as(x).max(1) as unknown as { values: Tensor }).values.sum()).backward();
    (y.max(1) as unknown as { values: Tensor }).values.sum().backward();
    expect(x.grad!.tolist()).toEqual(y.grad!.tolist());
    const z = X();
    torch.tidy(() => { const [v] = z.min(0) as unknown as Iterable<Tensor>; return v.sum(); }).backward();
    expect((z.grad!.tolist() as number[][]).flat().reduce((a, b) => a + b)).toBe(4);
  });

  test('chunk with a piece left unused: its zeros are made beside the gradient that arrived', () => {
    const x = X();
    const first = torch.tidy(() => x.expand_as(x).chunk(2, 1)[0].mul(2).sum());
    first.backward();
    expect(x.grad!.tolist()).toEqual([[2, 2, 0, 0], [2, 2, 0, 0], [2, 2, 0, 0]]);
    const y = X();
    torch.tidy(() => y.mul(1).unbind(0)[1].sum()).backward();
    expect(y.grad!.tolist()).toEqual([[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]]);
  });

  test('torch.normal with a tensor mean made inside the scope', () => {
    const m = f64([0.5, -1, 2], [3]).requires_grad_(true);
    torch.manual_seed(0);
    torch.tidy(() => torch.normal(m.mul(2), 1).sum()).backward();
    expect(m.grad!.tolist()).toEqual([0, 0, 0]);
  });

  test('max_pool2d: the indices reach the backward and the double backward saved', () => {
    const x = torch.tensor(Array.from({ length: 32 }, (_, i) => Math.sin(i * 1.3)), { dtype: torch.float64 }).reshape([1, 2, 4, 4]).requires_grad_(true);
    const mp = (t: Tensor) => (torch.nn.functional as unknown as { max_pool2d: (t: Tensor, k: number) => Tensor }).max_pool2d(t, 2);
    const cot = torch.tensor(Array.from({ length: 8 }, (_, i) => i - 3.5), { dtype: torch.float64 }).reshape([1, 2, 2, 2]).requires_grad_(true);
    const want = torch.autograd.grad([mp(x)], [x], { grad_outputs: [cot], create_graph: true })[0] as Tensor;
    const [wantGG] = torch.autograd.grad([want.mul(want).sum()], [cot]) as Tensor[];
    const out = torch.tidy(() => mp(x.expand_as(x)));
    // the first backward keeps no graph of its own: the double backward's node must hold the indices itself
    const [g] = torch.tidy(() => torch.autograd.grad([out], [x], { grad_outputs: [cot], create_graph: true, retain_graph: false })) as Tensor[];
    expect(g.tolist()).toEqual(want.tolist());
    const [gg] = torch.autograd.grad([torch.tidy(() => g.mul(g).sum())], [cot]) as Tensor[];
    expect(gg.tolist()).toEqual(wantGG.tolist());
  });

  test('autograd.Function: a materialized zero gradient for an output freed with the scope', () => {
    class Two extends torch.autograd.Function {
      static forward(_ctx: unknown, x: Tensor) { return [x.mul(2), x.mul(3)]; }
      static backward(_ctx: unknown, ga: Tensor, gb: Tensor) { return ga.mul(2).add(gb.mul(3)); }
    }
    const x = X();
    torch.tidy(() => ((Two.apply(x.expand_as(x)) as Tensor[])[1]).sum()).backward();
    expect(x.grad!.tolist()).toEqual([[3, 3, 3, 3], [3, 3, 3, 3], [3, 3, 3, 3]]);
  });
});

// In-place ops, views and compositions the fixtures do not differentiate: the same gradients (and
// second-order gradients) with the computation inside torch.tidy, on a view of the input made
// there, as without it. A closure reading a freed forward tensor throws instead.
describeBackends('in-place ops, views and compositions: torch.tidy changes no gradient', () => {
  const Fn = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;
  const long = (v: number[] | number[][]) => torch.tensor(v as number[], { dtype: torch.int64 });
  const cases: [string, (x: Tensor) => Tensor][] = [
    ['mul_ on a slice of a temporary', (x) => { const h = x.mul(2); h.narrow(0, 0, 1).mul_(x.narrow(0, 1, 1)); return h; }],
    ['relu_ and add_ on a temporary', (x) => { const h = x.mul(1.5); h.relu_(); return h.add_(x.square()); }],
    ['index_put_ with accumulate', (x) => { const h = x.mul(x); return h.index_put_([long([0, 2, 0])], x.narrow(0, 0, 3).mul(3), true); }],
    ['masked_fill_ of a view', (x) => { const h = x.mul(2); h.t().masked_fill_(x.t().gt(0.5), 0); return h.mul(x); }],
    ['scatter_add', (x) => x.scatter_add(1, long([[0, 1, 1, 0], [2, 2, 0, 1], [3, 0, 0, 0]]), x.sin())],
    ['scatter_ of a tensor', (x) => x.mul(2).scatter_(1, long([[1], [3], [0]]), x.narrow(1, 0, 1).cos())],
    ['gather then pow', (x) => x.gather(1, long([[0, 0], [3, 1], [2, 2]])).pow(3)],
    ['index_select, take, masked_select', (x) => x.index_select(1, long([3, 0])).sum().add(x.take(long([1, 5, 5])).prod()).add(x.masked_select(x.gt(0)).square().sum())],
    ['flip, roll, diagonal, tril', (x) => x.flip([0]).roll(1, 1).mul(x).tril().diagonal().mul(x.narrow(1, 0, 3).diagonal())],
    ['cat, stack, split', (x) => { const [a, b] = x.split([1, 3], 1); return torch.cat([b.mul(a), torch.stack([a, a], 0).sum(0).expand(3, 3)], 1).square(); }],
    ['cumprod, cumsum, logsumexp', (x) => x.cumprod(1).add(x.cumsum(0)).logsumexp(1)],
    ['prod, amax, norm, std', (x) => x.prod(1).add(x.amax(0).sum()).add(x.norm()).add(x.std(1))],
    ['where and clamp with tensor bounds', (x) => torch.where(x.gt(0), x.square(), x.mul(3)).clamp(x.mul(0.5), x.abs().add(0.2))],
    ['inplace activations', (x) => { const h = x.mul(1.1); Fn.leaky_relu(h, 0.1, true); Fn.hardtanh(h, -0.5, 1.5, true); return Fn.elu(h.mul(x), 1, false); }],
    ['normalize, cosine_similarity, softmin', (x) => Fn.normalize(x.mul(x)).add(Fn.softmin(x, 1)).sum(1).add(Fn.cosine_similarity(x, x.flip([1])))],
    ['silu, gelu, mish, softplus, logsigmoid', (x) => Fn.silu(x).add(Fn.gelu(x, 'tanh')).add(Fn.mish(x)).add(Fn.softplus(x.mul(2))).add(Fn.logsigmoid(x))],
    ['pad constant and reflect, pixel_shuffle', (x) => Fn.pixel_shuffle(Fn.pad(x.reshape(1, 4, 3, 1), [0, 1, 0, 1]).narrow(2, 0, 2), 2).sum().add(Fn.pad(x.reshape(1, 3, 4), [2, 1], 'reflect').square().sum())],
    ['conv2d and avg_pool2d', (x) => Fn.avg_pool2d(Fn.conv2d(x.reshape(1, 1, 3, 4), x.narrow(0, 0, 2).narrow(1, 0, 2).reshape(1, 1, 2, 2), null, 1, 1), 2)],
    ['unfold and fold', (x) => Fn.fold(Fn.unfold(x.reshape(1, 1, 3, 4), 2).mul(2), [3, 4], 2)],
    ['matmul, mv, dot, outer, einsum', (x) => x.matmul(x.t()).mv(x.narrow(1, 0, 3).sum(1)).add(x.flatten().dot(x.flatten())).sum().add(torch.outer(x.sum(0), x.sum(1)).sum()).add(torch.einsum('ij,kj->ik', x, x).sum())],
    ['addmm, baddbmm', (x) => torch.addmm(x.sum(0), x, x.t().matmul(x)).sum().add(torch.baddbmm(x.reshape(1, 3, 4), x.reshape(1, 3, 4), x.t().matmul(x).reshape(1, 4, 4)).sum())],
    ['layer_norm, batch_norm, group_norm', (x) => Fn.layer_norm(x, [4], x.narrow(0, 0, 1).reshape(4), null).add(Fn.batch_norm(x, null, null, null, null, true)).add(Fn.group_norm(x.reshape(3, 4, 1), 2).reshape(3, 4))],
    ['cross_entropy with label smoothing, nll_loss 2d', (x) => Fn.cross_entropy(x, long([0, 3, 1]), { label_smoothing: 0.1 }).add(Fn.nll_loss(x.reshape(1, 3, 4), long([[0, 2, 1, 1]]))).add(Fn.cross_entropy(x, x.softmax(1)))],
    ['bce, bce_with_logits, mse, l1, huber, kl_div', (x) => Fn.binary_cross_entropy(x.sigmoid(), x.cos().abs()).add(Fn.binary_cross_entropy_with_logits(x, x.sin().abs())).add(Fn.mse_loss(x, x.flip([0]))).add(Fn.l1_loss(x, x.flip([1]))).add(Fn.huber_loss(x, x.mul(0.3))).add(Fn.kl_div(x.log_softmax(1), x.softmax(1), { reduction: 'batchmean' }))],
  ];
  const xv = [0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7, -2.2, 0.6, 1.1, -0.7, 0.2];
  const grads = (f: (x: Tensor) => Tensor, tidy: boolean) => {
    const x = torch.tensor(xv, { dtype: torch.float64 }).reshape(3, 4).requires_grad_(true);
    const y = tidy ? torch.tidy(() => f(x.expand_as(x)).sum()) : f(x).sum();
    const first = () => torch.autograd.grad([y], [x], { create_graph: true });
    const [g] = (tidy ? torch.tidy(first) : first()) as Tensor[];
    // a linear function's gradient does not depend on x: nothing to differentiate again
    const [gg] = g.requires_grad ? torch.autograd.grad([g.square().sum()], [x], { allow_unused: true }) : [null];
    return [g.tolist(), gg ? gg.tolist() : null];
  };
  for (const [name, f] of cases) test(name, () => { expect(grads(f, true)).toEqual(grads(f, false)); });
});
