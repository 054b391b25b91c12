// torch.nn.functional's convolutions, poolings, unfold/fold and pad against real PyTorch 1.13
// (tests/fixtures/conv.json from scripts/fixtures/gen_conv.py): values, gradients of every
// tensor argument, grad_fn names and error messages, in float64 and float32, on js and wasm.
import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';
import { getWasmBackend } from '../../src/backends/index.js';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf, rng } from '../gradcheck.js';

interface Enc { dtype: string; shape: number[]; data: number[] }
interface Case {
  name: string; fn: string; xform: string | null; args: (Enc | null | number | number[])[]; kwargs: Record<string, unknown>;
  grad: number[]; outs: Enc[]; cot: Enc; grad_fn: string | null; grads: Enc[];
}
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as {
  cases: Case[]; errors: { fn: string; args: (Enc | number | number[])[]; kwargs: Record<string, unknown>; error: string | null }[];
};
const F = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>;

const isEnc = (a: unknown): a is Enc => a !== null && typeof a === 'object' && 'shape' in (a as object);

function decode(e: Enc, dtype: torch.DType): Tensor {
  if (e.dtype === 'int64') return torch.tensor(e.data, { dtype: torch.int64 }).reshape(e.shape);
  return torch.tensor(e.data, { dtype }).reshape(e.shape);
}

function expectClose(t: Tensor, e: Enc, tol: number, what: string): void {
  expect([...t.shape], what).toEqual(e.shape);
  const got = t.reshape(-1).tolist() as number[];
  if (e.dtype === 'int64') {
    expect(got, what).toEqual(e.data);
    return;
  }
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - e.data[i]) / (1 + Math.abs(e.data[i])));
  expect(worst, what).toBeLessThan(tol);
}

/**
 * Runs a case; with `tidy` the call runs inside torch.tidy on views of its tensor arguments made
 * there (freed with the scope, as a layer's input inside a model) and the backward outside it.
 */
function run(c: Case, dtype: torch.DType, tidy = false): void {
  const tol = dtype === torch.float64 ? 1e-9 : 2e-5;
  const args = c.args.map((a, i) => {
    if (!isEnc(a)) return a;
    const t = decode(a, dtype);
    return c.grad.includes(i) ? t.requires_grad_() : t;
  });
  const call = args.slice();
  if (c.xform === 't') call[0] = (call[0] as Tensor).transpose(-1, -2);
  const forward = () => {
    const out = tidy ? F[c.fn](...call.map((a) => (a instanceof torch.Tensor ? a.expand_as(a) : a)), c.kwargs) : F[c.fn](...call, c.kwargs);
    return Array.isArray(out) ? [...out] : [out];
  };
  const outs = tidy ? torch.tidy(forward) : forward();
  outs.forEach((o, i) => expectClose(o, c.outs[i], tol, `${c.name}: output ${i}`));
  expect(outs[0].grad_fn?.name() ?? null, c.name).toBe(c.grad_fn);
  outs[0].mul(decode(c.cot, dtype)).sum().backward();
  c.grad.forEach((pos, i) => expectClose((args[pos] as Tensor).grad as Tensor, c.grads[i], tol, `${c.name}: grad of argument ${pos}`));
}

test('js and wasm pooling kernels give the same bits', () => {
  const outs: number[][] = [];
  for (const backend of ['js', 'wasm'] as const) {
    torch.set_backend(backend);
    torch.manual_seed(4);
    const x = torch.randn(2, 3, 9, 8, { requires_grad: true });
    const m = F.max_pool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2], ceil_mode: true }) as Tensor;
    const a = F.avg_pool2d(x, 3, { stride: 2, padding: 1, count_include_pad: false }) as Tensor;
    const d = F.adaptive_avg_pool2d(x, [4, 3]) as Tensor;
    m.pow(2).sum().add(a.pow(2).sum()).add(d.pow(2).sum()).backward();
    outs.push([m, a, d, x.grad as Tensor].flatMap((t) => t.detach().reshape(-1).tolist() as number[]));
  }
  torch.set_backend('wasm');
  expect(outs[1]).toEqual(outs[0]);
});

test("wasm's vector pooling (four outputs at once) gives the JS backend's values and indices exactly, NaNs and ties included", () => {
  const outs: number[][] = [];
  for (const backend of ['js', 'wasm'] as const) {
    torch.set_backend(backend);
    torch.manual_seed(6);
    // one decimal: many ties (the first index wins); NaNs scattered (they win, the last one kept)
    const x = torch.randn(2, 3, 11, 37).mul(10).round().div(10);
    x.reshape(-1).index_put_([torch.tensor([5, 40, 41, 300, 301, 302, 1000, 2000], { dtype: torch.int64 })], torch.tensor(NaN));
    const res: Tensor[] = [];
    for (const [k, s, p, d] of [[2, 2, 0, 1], [3, 1, 1, 1], [3, 3, 0, 2], [2, 1, 0, 1], [5, 4, 2, 1]]) {
      res.push(...(F.max_pool2d(x, k, { stride: s, padding: p, dilation: d, return_indices: true }) as unknown as Tensor[]));
      if (d === 1) res.push(F.avg_pool2d(x, k, { stride: s, padding: Math.min(p, k >> 1), count_include_pad: s !== 1 }) as Tensor);
    }
    res.push(...(F.adaptive_max_pool2d(x, [5, 9], true) as unknown as Tensor[]), F.adaptive_avg_pool2d(x, [3, 12]) as Tensor);
    outs.push(res.flatMap((t) => t.reshape(-1).tolist() as number[]));
  }
  torch.set_backend('wasm');
  expect(outs[1]).toEqual(outs[0]);
});

describeBackends('conv functional', () => {
  for (const c of fixtures.cases) {
    test(`${c.name} (float64)`, () => run(c, torch.float64));
    test(`${c.name} (float32)`, () => run(c, torch.float32));
    test(`${c.name} (float64, inside torch.tidy)`, () => run(c, torch.float64, true));
  }

  for (const dtype of [torch.float64, torch.float32]) {
    test(`errors have PyTorch's messages (${dtype.name})`, () => {
      for (const e of fixtures.errors) {
        const args = e.args.map((a) => (isEnc(a) ? decode(a, dtype) : a));
        if (e.error === null) continue;
        expect(() => F[e.fn](...args, e.kwargs), `${e.fn} ${JSON.stringify(e.kwargs)}`).toThrow(e.error);
      }
    });
  }

  test('unknown keyword arguments are a TypeError', () => {
    const x = torch.zeros(1, 1, 4, 4), w = torch.zeros(1, 1, 3, 3);
    expect(() => F.conv2d(x, w, null, { strid: 2 })).toThrow("conv2d() got an unexpected keyword argument 'strid'");
    expect(() => F.max_pool2d(x, 2, { ceil: true })).toThrow("max_pool2d() got an unexpected keyword argument 'ceil'");
  });

  test('gradcheck and gradgradcheck of conv2d, conv_transpose2d and the pools (float64)', () => {
    const r = rng(7);
    const rand = (shape: number[]) => leaf(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1), shape, true);
    const x = rand([1, 4, 4, 3]), w = rand([4, 2, 2, 2]), b = rand([4]);
    const conv = (a: Tensor, ww: Tensor, bb: Tensor) => F.conv2d(a, ww, bb, { stride: [2, 1], padding: 1, groups: 2, dilation: [1, 2] }) as Tensor;
    gradcheck(conv, [x, w, b]);
    gradgradcheck(conv, [x, w, b]);
    const wt = rand([4, 1, 2, 2]);
    const convT = (a: Tensor, ww: Tensor) => F.conv_transpose2d(a, ww, null, { stride: 2, padding: 1, output_padding: 1, groups: 2 }) as Tensor;
    gradcheck(convT, [x, wt]);
    gradgradcheck(convT, [x, wt]);
    const pools = [
      (a: Tensor) => F.max_pool2d(a, 3, { stride: 2, padding: 1 }) as Tensor,
      (a: Tensor) => F.avg_pool2d(a, 3, { stride: 2, padding: 1, count_include_pad: false }) as Tensor,
      (a: Tensor) => F.adaptive_avg_pool2d(a, [3, 2]) as Tensor,
      (a: Tensor) => F.pad(a, [1, 2, 2, 1], 'reflect') as Tensor,
      (a: Tensor) => F.unfold(a, 2, { padding: 1 }) as Tensor,
    ];
    for (const f of pools) gradcheck(f, [x]);
    gradgradcheck(pools[0], [x]);
    gradgradcheck(pools[1], [x]);
  });

  test("conv2d's input gradient under create_graph is a ConvolutionBackwardBackward0 node, as in PyTorch", () => {
    const x = torch.randn(1, 2, 5, 5, { requires_grad: true }), w = torch.randn(3, 2, 3, 3, { requires_grad: true });
    const [gx] = torch.autograd.grad([(F.conv2d(x, w) as Tensor).sum()], [x], { create_graph: true });
    expect(gx.grad_fn?.name()).toBe('ConvolutionBackwardBackward0');
    const [gw] = torch.autograd.grad([gx.sum()], [w]);
    expect([...gw.shape]).toEqual([3, 2, 3, 3]);
  });
});

test('js and wasm agree on conv2d, pools and their gradients (float32): pools of equal inputs exactly, GEMM sums to rounding', () => {
  const outs: number[][][] = [];
  for (const backend of ['js', 'wasm'] as const) {
    torch.set_backend(backend);
    torch.manual_seed(3);
    const x = torch.randn(2, 3, 9, 8, { requires_grad: true }), w = torch.randn(4, 3, 3, 3, { requires_grad: true });
    const y = F.conv2d(x, w, null, { padding: 1, stride: [1, 2] }) as Tensor;
    const p = F.max_pool2d(y, 2) as Tensor, a = F.avg_pool2d(y, 3, { padding: 1, stride: 2 }) as Tensor;
    p.sum().add(a.pow(2).sum()).backward();
    outs.push([y, p, a, x.grad as Tensor, w.grad as Tensor].map((t) => t.detach().reshape(-1).tolist() as number[]));
  }
  torch.set_backend('wasm');
  // the GEMM sums in a different order on wasm (register tiles): equal to rounding
  for (let k = 0; k < outs[0].length; k++) {
    const a = outs[0][k], b = outs[1][k];
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4 * (1 + Math.abs(a[i])));
  }
});

test('conv2d and pools on worker threads (split by batch / plane) give the one-thread results exactly', async () => {
  torch.set_backend('wasm');
  const before = torch.get_num_threads();
  torch.manual_seed(5);
  // big enough that every kernel splits (1M elements each: ROWS_MIN in src/backends/wasm.ts)
  const x = torch.randn(4, 16, 128, 128), w = torch.randn(6, 16, 3, 3);
  const run = (n: number) => {
    torch.set_num_threads(n);
    const xg = x.clone().requires_grad_(), wg = w.clone().requires_grad_();
    const y = F.conv2d(xg, wg, null, { padding: 1, stride: 2 }) as Tensor;
    const p = F.max_pool2d(xg, 3, { stride: 2, padding: 1 }) as Tensor, a = F.avg_pool2d(xg, 2) as Tensor;
    y.sum().add(p.pow(2).sum()).add(a.pow(2).sum()).backward();
    return [y, p, a, xg.grad as Tensor, wg.grad as Tensor].flatMap((t) => t.detach().reshape(-1).tolist() as number[]);
  };
  const pool = getWasmBackend()!.pool!;
  await pool.grow(2);
  // every kernel big enough to split is split (the timing heuristic is tested in threads.test.ts)
  const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_w, _c, wanted) => Math.min(wanted, pool.size));
  const calls = vi.spyOn(pool, 'run');
  try {
    const one = run(1), two = run(2);
    const split = calls.mock.calls.filter(([parts]) => parts.length > 1).map(([parts]) => parts[0][0][0]);
    for (const k of ['im2col_f32', 'col2im_f32', 'pool2d_f32', 'pool2d_backward_f32']) expect(split).toContain(k);
    expect(two).toEqual(one);
  } finally {
    always.mockRestore();
    calls.mockRestore();
    torch.set_num_threads(before);
  }
});

test('3x3 stride-1 float32 convolutions with 8+ channels take the Winograd kernels on wasm (forward, input and weight gradients), the same on one thread and split', async () => {
  torch.set_backend('wasm');
  const before = torch.get_num_threads();
  const wasm = getWasmBackend()!;
  const pool = wasm.pool!;
  await pool.grow(2);
  torch.manual_seed(8);
  const x = torch.randn(3, 16, 21, 18), w = torch.randn(24, 16, 3, 3), g = torch.randn(3, 24, 21, 18);
  const wino = vi.spyOn(wasm, 'winograd3x3'), wgrad = vi.spyOn(wasm, 'winograd3x3Wgrad');
  const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_w, _c, wanted) => Math.min(wanted, pool.size));
  const run = (n: number) => {
    torch.set_num_threads(n);
    const xg = x.clone().requires_grad_(), wg = w.clone().requires_grad_();
    const y = F.conv2d(xg, wg, null, { padding: 1 }) as Tensor;
    y.mul(g).sum().backward();
    return [y, xg.grad as Tensor, wg.grad as Tensor];
  };
  try {
    const one = run(1);
    expect(wino).toHaveBeenCalledTimes(2);
    expect(wgrad).toHaveBeenCalledTimes(1);
    const two = run(2);
    // the tiles split across threads compute exactly as on one (the weight gradient's two partial
    // sums are the same halves of the tiles either way)
    expect(two.map((t) => t.reshape(-1).tolist())).toEqual(one.map((t) => t.reshape(-1).tolist()));
    // float64 takes im2col and the GEMM: the same values to float32 rounding
    const xd = x.double().requires_grad_(), wd = w.double().requires_grad_();
    const yd = F.conv2d(xd, wd, null, { padding: 1 }) as Tensor;
    yd.mul(g.double()).sum().backward();
    for (const [a, b] of [[one[0], yd], [one[1], xd.grad as Tensor], [one[2], wd.grad as Tensor]]) {
      expect(a.double().sub(b).abs().max().item()).toBeLessThan(1e-5 * (1 + b.abs().max().item()));
    }
    expect(wino).toHaveBeenCalledTimes(4);
    expect(wgrad).toHaveBeenCalledTimes(2);
  } finally {
    wino.mockRestore();
    wgrad.mockRestore();
    always.mockRestore();
    torch.set_num_threads(before);
  }
});

test('shallow float32 stride-1 convolutions take the direct kernel on wasm, the same on one thread and split, as im2col sums', async () => {
  torch.set_backend('wasm');
  const before = torch.get_num_threads();
  const wasm = getWasmBackend()!;
  const pool = wasm.pool!;
  await pool.grow(2);
  torch.manual_seed(9);
  // 5x5 into 6 channels (LeNet's first layer) and 3x3 padded into 5: partial groups of four
  // channels and of eight columns
  const cases: [Tensor, Tensor, number][] = [[torch.randn(5, 1, 14, 13), torch.randn(6, 1, 5, 5), 0], [torch.randn(3, 3, 9, 11), torch.randn(5, 3, 3, 3), 1]];
  const direct = vi.spyOn(wasm, 'convDirect');
  const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_w, _c, wanted) => Math.min(wanted, pool.size));
  try {
    for (const [x, w, p] of cases) {
      torch.set_num_threads(1);
      const one = F.conv2d(x, w, null, { padding: p }) as Tensor;
      torch.set_num_threads(2);
      const two = F.conv2d(x, w, null, { padding: p }) as Tensor;
      expect(two.reshape(-1).tolist()).toEqual(one.reshape(-1).tolist());
      const ref = F.conv2d(x.double(), w.double(), null, { padding: p }) as Tensor;
      expect(one.double().sub(ref).abs().max().item()).toBeLessThan(1e-5 * (1 + ref.abs().max().item()));
    }
    expect(direct).toHaveBeenCalledTimes(4);
  } finally {
    direct.mockRestore();
    always.mockRestore();
    torch.set_num_threads(before);
  }
});
