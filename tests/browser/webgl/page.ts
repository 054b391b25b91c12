// The in-page half of the webgl tests (tests/browser/webgl*.test.ts drive it through
// window.webglTest): the oracle replayed on device 'webgl', autograd and training on webgl next to
// the cpu, memory accounting, readback paths, and context loss.
import * as torch from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { backendFor } from '../../../src/backends/index.js';
import type { WebGLBackend } from '../../../src/backends/webgl.js';
import { replay, type Case } from '../../oracle/replay.js';
// the plain-JS examples shared with Node
import { trainXor } from '../../../examples/xor.mjs';
import { linearRegression } from '../../../examples/linear-regression.mjs';

type XorResult = { losses: number[]; predictions: number[]; weights: unknown[]; params: Tensor[]; dispose(): void };
const xor = trainXor as (t: typeof torch, o: Record<string, unknown>) => XorResult;
const linreg = linearRegression as (t: typeof torch, o: Record<string, unknown>) => { w: Tensor; b: Tensor; step(): Tensor; dispose(): void };

export interface CaseResult { id: string; ok: boolean; message?: string }
export interface Check { name: string; ok: boolean; message?: string }

function message(e: unknown): string {
  return String(e instanceof Error ? e.message : e).slice(0, 600);
}

function check(name: string, fn: () => void): Check {
  try {
    torch.tidy(fn);
    return { name, ok: true };
  } catch (e) {
    return { name, ok: false, message: message(e) };
  }
}

function assert(cond: unknown, what: string): void {
  if (!cond) throw new Error(what);
}

/** Values of two tensors (any devices) agree within tol. */
function close(a: Tensor, b: Tensor, tol = 1e-5, what = 'values'): void {
  const x = [a.tolist()].flat(Infinity) as number[];
  const y = [b.tolist()].flat(Infinity) as number[];
  assert(x.length === y.length, `${what}: ${x.length} vs ${y.length} elements`);
  x.forEach((v, i) => {
    const w = y[i];
    const ok = Number.isNaN(v) ? Number.isNaN(w) : v === w || Math.abs(v - w) <= tol * (1 + Math.abs(w));
    assert(ok, `${what}[${i}]: ${v} vs ${w}`);
  });
}

function throwsWith(fn: () => unknown, part: string | RegExp): void {
  let err: unknown = null;
  try { fn(); } catch (e) { err = e; }
  assert(err instanceof Error, `expected an Error containing ${String(part)}`);
  const m = (err as Error).message;
  assert(typeof part === 'string' ? m.includes(part) : part.test(m), `error message "${m}" lacks ${String(part)}`);
}

const backend = (): WebGLBackend => backendFor('webgl') as WebGLBackend;

/** examples/linear-regression.mjs's model on `device`: losses along the way, then (w, b). */
function trainLinreg(device: string, epochs = 3000, every = 300): { losses: number[]; weights: number[] } {
  const { w, b, step, dispose } = linreg(torch, { device });
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const loss = torch.tidy(step);
    if (epoch % every === 0) losses.push(loss.item() as number);
    loss.dispose();
  }
  const weights = [w.item() as number, b.item() as number];
  for (const p of [w, b]) p.grad?.dispose();
  dispose();
  return { losses, weights };
}

const api = {
  /** torch.optim on webgl (the rows' JS references over host copies) against the same steps on the cpu. */
  optim(): Check[] {
    const run = (device: string, make: (ps: Tensor[]) => InstanceType<typeof torch.optim.Optimizer>): number[][] => {
      torch.manual_seed(5);
      const w = torch.randn(3, 4).to(device).requires_grad_(true);
      const b = torch.randn(4).to(device).requires_grad_(true);
      const x = torch.randn(8, 3).to(device);
      const opt = make([w, b]);
      for (let i = 0; i < 20; i++) {
        opt.zero_grad();
        x.matmul(w).add(b).tanh().square().sum().backward();
        opt.step();
      }
      return [w.cpu().reshape(-1).tolist() as number[], b.cpu().tolist() as number[]];
    };
    const makers: [string, (ps: Tensor[]) => InstanceType<typeof torch.optim.Optimizer>][] = [
      ['SGD momentum', (ps) => torch.optim.SGD(ps, { lr: 0.05, momentum: 0.9 })],
      ['Adam', (ps) => torch.optim.Adam(ps, { lr: 0.01 })],
      ['AdamW amsgrad', (ps) => torch.optim.AdamW(ps, { lr: 0.01, amsgrad: true })],
      ['RMSprop centered', (ps) => torch.optim.RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.5 })],
    ];
    return makers.map(([name, make]) => check(`${name} on webgl matches the cpu`, () => {
      const g = run('webgl', make), c = run('cpu', make);
      close(torch.tensor(g.flat()), torch.tensor(c.flat()), 1e-4, name);
    }));
  },

  /**
   * torch.set_default_device('webgl'): creation functions and nn modules' parameters land on the
   * device, and every random draw and nn.init gives the cpu's numbers exactly (the generator is the cpu's).
   */
  defaultDevice(): Check[] {
    const exact = (a: Tensor, b: Tensor, what: string): void => {
      assert(a.device === 'webgl' && b.device === 'cpu', `${what}: devices ${a.device}, ${b.device}`);
      close(a, b, 0, what);
    };
    /** runs `make` seeded on the cpu and again with the default device set to webgl */
    const both = <T>(make: () => T): [T, T] => {
      torch.manual_seed(11);
      const c = make();
      torch.set_default_device('webgl');
      try {
        torch.manual_seed(11);
        return [make(), c];
      } finally {
        torch.set_default_device(null);
      }
    };
    return [
      check('get_default_device() follows set_default_device', () => {
        assert(torch.get_default_device().type === 'cpu', 'cpu at first');
        torch.set_default_device('webgl');
        try {
          assert(torch.get_default_device().type === 'webgl', 'webgl once set');
          assert(torch.zeros(2).device === 'webgl' && torch.tensor([1]).device === 'webgl' && torch.arange(3).device === 'webgl', 'creation on webgl');
          assert(torch.zeros(2, { device: 'cpu' }).device === 'cpu', 'an explicit device wins');
        } finally {
          torch.set_default_device(null);
        }
        assert(torch.zeros(2).device === 'cpu', 'back on the cpu');
      }),
      check('random creation functions draw the cpu generator\'s numbers', () => {
        const [g, c] = both(() => [torch.rand(40), torch.randn(5, 9), torch.randn(7), torch.normal(2, 3, [33]), torch.randint(-3, 8, [10]), torch.randperm(12)]);
        g.forEach((t, i) => exact(t, c[i], `draw ${i}`));
      }),
      check('nn modules made with webgl as the default device hold the cpu\'s initial parameters and buffers there', () => {
        const [g, c] = both(() => torch.nn.Sequential(
          torch.nn.Conv2d(2, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.Flatten(), torch.nn.Linear(16, 5), torch.nn.LayerNorm(5),
          torch.nn.Embedding(6, 5), torch.nn.MultiheadAttention(4, 2), torch.nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8 }),
        ));
        const gs = Object.entries(g.state_dict()) as [string, Tensor][], cs = Object.entries(c.state_dict()) as [string, Tensor][];
        assert(gs.length === cs.length && gs.length > 20, `${gs.length} entries`);
        gs.forEach(([k, t], i) => exact(t, cs[i][1], k));
      }),
      check('nn.init on webgl tensors gives the cpu\'s numbers exactly', () => {
        const inits: [string, (t: Tensor) => unknown][] = [
          ['uniform_', (t) => torch.nn.init.uniform_(t, -2, 3)], ['normal_', (t) => torch.nn.init.normal_(t, 1, 2)],
          ['xavier_normal_', (t) => torch.nn.init.xavier_normal_(t)], ['kaiming_uniform_', (t) => torch.nn.init.kaiming_uniform_(t)],
          ['trunc_normal_', (t) => torch.nn.init.trunc_normal_(t, 0.5, 2, -1, 2)], ['orthogonal_', (t) => torch.nn.init.orthogonal_(t, 1.5)],
        ];
        for (const [name, init] of inits) {
          for (const shape of [[6, 20], [20, 6]]) {
            const [g, c] = both(() => { const t = torch.empty(shape); init(t.t()); return t; });
            exact(g, c, `${name} ${shape}`);
          }
        }
      }),
    ];
  },

  info() {
    return { available: torch.webgl.is_available(), renderer: torch.webgl.get_device_name(), cuda: torch.cuda.is_available() };
  },

  /** Replays oracle cases on webgl; each in a tidy scope so the device's memory is returned. */
  oracle(cases: Case[]): CaseResult[] {
    return cases.map((c) => {
      try {
        torch.tidy(() => replay(c, 'webgl'));
        return { id: c.id, ok: true };
      } catch (e) {
        return { id: c.id, ok: false, message: message(e) };
      }
    });
  },

  train(model: 'xor' | 'linreg', device: string) {
    if (model === 'linreg') return trainLinreg(device);
    const r = xor(torch, { device, steps: 300 });
    const out = { losses: r.losses, predictions: r.predictions, weights: r.weights };
    r.dispose();
    return out;
  },

  /** XOR training on webgl, sampling the device's memory as it goes. */
  memory(steps: number, every: number) {
    const samples: { step: number; tensors: number; bytes: number; textures: number; textureBytes: number; created: number }[] = [];
    const sample = (step: number): void => {
      const m = torch.memory('webgl').devices.webgl ?? { tensors: 0, bytes: 0 };
      const s = torch.webgl.memory_stats();
      samples.push({ step, tensors: m.tensors, bytes: m.bytes, textures: s.textures, textureBytes: s.bytes, created: s.created });
    };
    const before = torch.memory('webgl').devices.webgl ?? { tensors: 0, bytes: 0 };
    // one model trained in chunks of `every` steps (the training loop itself is examples/xor.mjs's)
    torch.manual_seed(0);
    const X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], { device: 'webgl' });
    const Y = torch.tensor([[0], [1], [1], [0]], { device: 'webgl' });
    const w1 = torch.randn(2, 8, { device: 'webgl', requires_grad: true });
    const b1 = torch.zeros(8, { device: 'webgl', requires_grad: true });
    const w2 = torch.randn(8, 1, { device: 'webgl', requires_grad: true });
    const b2 = torch.zeros(1, { device: 'webgl', requires_grad: true });
    const params = [w1, b1, w2, b2];
    let last = NaN;
    for (let step = 1; step <= steps; step++) {
      const loss = torch.tidy(() => {
        const l = X.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid().sub(Y).pow(2).mean();
        l.backward();
        torch.no_grad(() => { for (const p of params) { p.sub_((p.grad as Tensor).mul(1.0)); (p.grad as Tensor).zero_(); } });
        return l;
      });
      if (step % every === 0) { last = loss.item() as number; loss.dispose(); sample(step); } else loss.dispose();
    }
    for (const p of params) p.grad?.dispose();
    [X, Y, ...params].forEach((t) => t.dispose());
    const after = torch.memory('webgl').devices.webgl ?? { tensors: 0, bytes: 0 };
    return { samples, before, after, last, stats: torch.webgl.memory_stats() };
  },

  /** await x.numpy_async(): values, dtypes, and that the thread keeps running while the GPU works. */
  async asyncData(): Promise<Check[]> {
    const checks: Check[] = [];
    const run = async (name: string, fn: () => Promise<void>): Promise<void> => {
      try { await fn(); checks.push({ name, ok: true }); } catch (e) { checks.push({ name, ok: false, message: message(e) }); }
    };
    await run('float32 numpy_async() equals tolist()', async () => {
      const x = torch.arange(10, { dtype: torch.float32, device: 'webgl' }).mul(1.5).sin();
      const d = await x.numpy_async();
      assert(d instanceof Float32Array, `numpy_async() gave ${d.constructor.name}`);
      close(torch.tensor(Array.from(d)), x, 0, 'data');
      x.dispose();
    });
    await run('integer and bool dtypes come back exactly', async () => {
      const big = torch.tensor([16777217, -2147483648, 2147483647, 5], { dtype: torch.int32, device: 'webgl' });
      assert(Array.from(await big.numpy_async() as Int32Array).join() === '16777217,-2147483648,2147483647,5', 'int32');
      const l = torch.tensor([3, -4], { dtype: torch.int64, device: 'webgl' });
      assert(Array.from(await l.numpy_async() as BigInt64Array).join() === '3,-4', 'int64');
      const m = torch.tensor([1, 0, 2], { device: 'webgl' }).gt(0.5);
      const md = await m.numpy_async();
      assert(md instanceof Uint8Array && Array.from(md).join() === '1,0,1', 'bool');
    });
    await run('a strided view reads in its own order', async () => {
      const x = torch.arange(6, { dtype: torch.float32, device: 'webgl' }).reshape(2, 3).t();
      assert(Array.from(await x.numpy_async()).join() === '0,3,1,4,2,5', 'transpose');
    });
    await run('the thread is not blocked while waiting', async () => {
      const a = torch.randn(256, 256, { device: 'webgl' });
      const p = a.matmul(a).sum().numpy_async();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      const v = await p;
      clearInterval(timer);
      assert(v.length === 1 && Number.isFinite(v[0] as number), 'a value');
      assert(ticks >= 0, 'timer ran');
    });
    await run('cpu tensors have numpy_async() too', async () => {
      const d = await torch.tensor([1, 2]).numpy_async();
      assert(Array.from(d).join() === '1,2', 'cpu data');
    });
    return checks;
  },

  /** Autograd on webgl tensors, each checked against the same computation on the cpu. */
  autograd(): Check[] {
    const both = (fn: (device: string) => Tensor[]): void => {
      const g = fn('webgl'), c = fn('cpu');
      g.forEach((t, i) => {
        assert(t.device === 'webgl', `result ${i} is on ${t.device}`);
        close(t, c[i], 1e-4, `result ${i}`);
      });
    };
    const leaf = (data: number[][] | number[], device: string) => torch.tensor(data, { device, requires_grad: true });
    return [
      check('backward through elementwise, broadcasting and reductions', () => both((d) => {
        const x = leaf([[1, -2, 3], [0.5, 4, -1]], d), y = leaf([2, -1, 0.5], d);
        x.mul(y).sub(y.exp()).tanh().sum().backward();
        return [x.grad as Tensor, y.grad as Tensor];
      })),
      check('gradients accumulate until zeroed', () => both((d) => {
        const x = leaf([1, 2, 3], d);
        x.pow(2).sum().backward();
        x.mul(3).sum().backward();
        return [x.grad as Tensor];
      })),
      check('matmul, mean and softmax-like chains', () => both((d) => {
        const a = leaf([[1, 2], [3, 4], [5, 6]], d), b = leaf([[0.5, -1, 2], [1, 0, -0.5]], d);
        const z = a.matmul(b);
        z.sub(z.amax(1, true)).exp().div(z.sub(z.amax(1, true)).exp().sum(1, true)).mean().backward();
        return [a.grad as Tensor, b.grad as Tensor];
      })),
      check('retain_graph allows a second backward; without it PyTorch\'s error', () => both((d) => {
        const x = leaf([0.5, 1.5], d);
        const y = x.sigmoid().mul(x).sum();
        y.backward(undefined, { retain_graph: true });
        y.backward();
        const z = x.exp().sum();
        z.backward();
        throwsWith(() => z.backward(), 'Trying to backward through the graph a second time');
        return [x.grad as Tensor];
      })),
      check('create_graph: second derivatives', () => both((d) => {
        const x = leaf([0.3, -0.7, 2], d);
        const [g] = torch.autograd.grad([x.pow(3).sum()], [x], { create_graph: true }) as Tensor[];
        const [gg] = torch.autograd.grad([g.sum()], [x]) as Tensor[];
        return [g.detach(), gg];
      })),
      check('views: transpose, slices and expand carry gradients', () => both((d) => {
        const x = leaf([[1, 2, 3], [4, 5, 6]], d);
        const y = x.t().mul(torch.tensor([[1], [2], [3]], { device: d })).index('1:, :').sum();
        const z = x.index(':, 0').unsqueeze(1).expand(2, 4).mul(2).sum();
        y.add(z).backward();
        return [x.grad as Tensor];
      })),
      check('in-place op on a saved tensor makes backward throw', () => {
        const x = leaf([1, 2], 'webgl');
        const y = x.mul(1);
        const z = y.sin();
        torch.no_grad(() => y.add_(1));
        throwsWith(() => z.sum().backward(), 'modified by an inplace operation');
      }),
      check('a leaf requiring grad cannot change in place', () => {
        const x = leaf([1, 2], 'webgl');
        throwsWith(() => x.add_(1), 'a leaf Variable that requires grad');
      }),
      check('grad of .to(): gradients return to the source device', () => {
        const x = leaf([1, 2, 3], 'cpu');
        const y = x.to('webgl').mul(2).sum();
        y.backward();
        assert((x.grad as Tensor).device === 'cpu', 'grad on cpu');
        close(x.grad as Tensor, torch.tensor([2, 2, 2]), 0, 'grad');
      }),
    ];
  },

  /** The device itself: dtypes, views, conversions, errors. */
  device(): Check[] {
    const G = { device: 'webgl' };
    return [
      check('torch.device, to(), cpu(), creation device option', () => {
        const x = torch.tensor([1, 2, 3]);
        const g1 = x.to('webgl'), g2 = x.to(torch.device('webgl')), g2b = x.to(new torch.device('webgl')), g3 = x.to({ device: 'webgl', dtype: torch.int32 });
        assert(g1.device === 'webgl' && g2.device === 'webgl' && g2b.device === 'webgl' && g3.device === 'webgl' && g3.dtype === torch.int32, 'devices');
        assert(g1.cpu().device === 'cpu', 'cpu()');
        for (const t of [torch.zeros(2, 3, G), torch.ones([2], G), torch.full([2], 7, G), torch.arange(4, G), torch.eye(3, G),
          torch.linspace(0, 1, 5, G), torch.rand(3, G), torch.randn(3, G), torch.zeros_like(g1), torch.empty(2, G)]) {
          assert(t.device === 'webgl', `created on ${t.device}`);
        }
        close(torch.arange(5, G), torch.arange(5), 0, 'arange');
        assert(String(g1) === "tensor([1., 2., 3.], device='webgl')", String(g1));
      }),
      check('mixing devices throws PyTorch\'s error', () => {
        const a = torch.ones(2, G), b = torch.ones(2);
        throwsWith(() => a.add(b), 'Expected all tensors to be on the same device');
        throwsWith(() => torch.where(b.gt(0), a, a), 'Expected all tensors to be on the same device');
      }),
      check('torch.cuda.is_available() stays false', () => assert(torch.cuda.is_available() === false, 'cuda')),
      check('integers are exact beyond 2^24 and wrap like the cpu', () => {
        const x = torch.tensor([16777217, 2147483647, -7], { dtype: torch.int32, ...G });
        assert((x.add(1).tolist() as number[]).join() === '16777218,-2147483648,-6', `int32 add ${x.add(1).tolist()}`);
        assert((x.remainder(5).tolist() as number[]).join() === '2,2,3', `remainder ${x.remainder(5).tolist()}`);
        assert((x.floor_divide(2).tolist() as number[]).join() === '8388608,1073741823,-4', `floor_divide ${x.floor_divide(2).tolist()}`);
        const u = torch.tensor([250, 3], { dtype: torch.uint8, ...G });
        close(u.add(10), torch.tensor([250, 3], { dtype: torch.uint8 }).add(10), 0, 'uint8 wrap');
        const f = torch.tensor([300.7, -1.5, NaN], G);
        close(f.to(torch.uint8), torch.tensor([300.7, -1.5, NaN]).to(torch.uint8), 0, 'float -> uint8');
        close(f.to(torch.int32), torch.tensor([300.7, -1.5, NaN]).to(torch.int32), 0, 'float -> int32');
        close(f.to(torch.bool), torch.tensor([300.7, -1.5, NaN]).to(torch.bool), 0, 'float -> bool');
        const s = torch.tensor([1, 2, 3], { dtype: torch.int32, ...G }).sum();
        assert(s.dtype === torch.int64 && s.item() === 6, 'int sum is int64');
      }),
      check('int64 holds int32\'s range on webgl; float64 is refused', () => {
        throwsWith(() => torch.tensor([2 ** 40], { dtype: torch.int64, ...G }), "does not fit the webgl device");
        throwsWith(() => torch.tensor([1.5], { dtype: torch.float64, ...G }), "doesn't support float64");
        throwsWith(() => torch.tensor([1.5], G).double(), "doesn't support float64");
      }),
      check('float16 is rounded to half', () => {
        const h = torch.tensor([1.0009765625 + 0.00048828125, 70000, 1e-8], { dtype: torch.float16 });
        close(h.to('webgl'), h, 0, 'upload');
        close(torch.tensor([1.00146484375, 70000], G).half(), torch.tensor([1.00146484375, 70000]).half(), 0, 'cast');
      }),
      check('strided inputs: transpose, expand, offsets', () => {
        const c = torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
        const g = c.to('webgl');
        close(g.permute(2, 0, 1).add(g.index('0').unsqueeze(0).expand(2, 3, 4).permute(2, 0, 1)),
          c.permute(2, 0, 1).add(c.index('0').unsqueeze(0).expand(2, 3, 4).permute(2, 0, 1)), 0, 'permute+expand');
        close(g.index('1, 1:, ::2').exp(), c.index('1, 1:, ::2').exp(), 1e-6, 'slices');
        close(g.transpose(0, 2).contiguous(), c.transpose(0, 2).contiguous(), 0, 'contiguous');
      }),
      check('in-place writes into views (slices, transposes) and aliasing inputs', () => {
        const c = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
        const g = c.to('webgl');
        for (const t of [c, g]) {
          t.index('1:, 1:3').mul_(10);
          t.index(':, 0').fill_(-1);
          t.t().index('3').add_(t.index(':, 2'));
          t.mul_(t);
          // an expanded (overlapping) view: no inverse map, written through the host path
          t.index('0:1').expand(5, 4).index(':, 1').fill_(99);
          t.diagonal(1).fill_(-5);
        }
        close(g, c, 0, 'after writes');
      }),
      check('reductions: dims, keepdim, NaN, int, arg, all/any', () => {
        const data = [[1, NaN, 3, -2], [4, 5, -6, 0.5], [7, 8, 9, 10]];
        const c = torch.tensor(data), g = c.to('webgl');
        close(g.sum(1), c.sum(1), 1e-6, 'sum');
        close(g.amax(0), c.amax(0), 0, 'amax');
        close(g.argmax(1), c.argmax(1), 0, 'argmax');
        close(g.amin(), c.amin(), 0, 'amin');
        close(g.isnan().any(1), c.isnan().any(1), 0, 'any');
        close(g.gt(0).all(0), c.gt(0).all(0), 0, 'all');
        const big = torch.rand(300, 500);
        close(big.to('webgl').sum(), big.sum(), 1e-5, 'large sum');
        close(big.to('webgl').sum(0), big.sum(0), 1e-5, 'large sum over dim 0');
        close(big.to('webgl').amax(1), big.amax(1), 0, 'large max');
        close(big.to('webgl').cumsum(1), big.cumsum(1), 1e-5, 'cumsum');
        const ints = torch.randint(-50, 50, [40, 70], { dtype: torch.int32 });
        close(ints.to('webgl').sum(1), ints.sum(1), 0, 'int sum');
        const small = torch.randint(-5, 5, [6, 7], { dtype: torch.int32 });
        close(small.to('webgl').prod(0), small.prod(0), 0, 'int prod');
      }),
      check('matmul: shapes, batches, transposed operands, ints', () => {
        for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [8, 16, 4], [17, 33, 9], [64, 64, 64], [2, 3, 130]]) {
          const a = torch.randn(m, k), b = torch.randn(k, n);
          close(a.to('webgl').matmul(b.to('webgl')), a.matmul(b), 1e-4, `${m}x${k}x${n}`);
          // the same matrices as strided (column-major) views
          const at = a.t().contiguous().to('webgl').t(), bt = b.t().contiguous().to('webgl').t();
          close(at.matmul(bt), a.matmul(b), 1e-4, `${m}x${k}x${n} transposed`);
        }
        const a = torch.randn(4, 3, 5), b = torch.randn(5, 6);
        close(a.to('webgl').matmul(b.to('webgl')), a.matmul(b), 1e-4, 'broadcast batch');
        const ia = torch.randint(-9, 9, [5, 7], { dtype: torch.int64 }), ib = torch.randint(-9, 9, [7, 3], { dtype: torch.int64 });
        close(ia.to('webgl').matmul(ib.to('webgl')), ia.matmul(ib), 0, 'int64 matmul');
      }),
      check('dispose, tidy and the garbage collector release textures', () => {
        const start = torch.webgl.memory_stats().textures;
        const x = torch.ones(1000, G);
        assert(torch.webgl.memory_stats().textures === start + 1, 'one texture');
        x.dispose();
        assert(torch.webgl.memory_stats().textures === start, 'released');
        torch.tidy(() => { torch.ones(10, G).add(1).mul(2); });
        assert(torch.webgl.memory_stats().textures === start, 'tidy released');
        throwsWith(() => x.add(1), 'disposed');
      }),
      check('the pool reuses by size class and respects its limit', () => {
        const s0 = torch.webgl.memory_stats();
        for (let i = 0; i < 50; i++) torch.ones(1000 + i, G).dispose();
        const s1 = torch.webgl.memory_stats();
        assert(s1.created - s0.created <= 1, `created ${s1.created - s0.created} textures for 50 same-class tensors`);
        torch.webgl.set_pool_limit(0);
        assert(torch.webgl.memory_stats().pooled_bytes === 0, 'limit 0 empties the pool');
        torch.webgl.set_pool_limit(64 * 1024 * 1024);
      }),
    ];
  },

  /**
   * Every unary and binary row of the ops table over a sweep of float32 values (specials
   * included): the worst difference from the cpu per op, relative to 1 + |cpu value|.
   */
  sweep(): { op: string; worst: number; at: string }[] {
    const base = Array.from(torch.linspace(-30, 30, 3001).tolist() as number[]);
    const special = [0, -0, 1e-30, -1e-30, 1e-7, 0.5, -0.5, 1, -1, 2.5, 88, 88.7, 89, -87.5, -104, 1e3, -1e3, 1e4, 65535.9, 65536,
      -70000.5, 1e5, 123456.7, 1e10, -1e10, 1e20, 1e30, -1e30, 3.4e38, Infinity, -Infinity, NaN];
    const values = [...base, ...special];
    const xc = torch.tensor(values), xg = xc.to('webgl');
    const grid = [-7.5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 7.25, Infinity, -Infinity, NaN];
    const ac = torch.tensor(grid).unsqueeze(1).expand(grid.length, grid.length).contiguous(), bc = ac.t().contiguous();
    const ag = ac.to('webgl'), bg = bc.to('webgl');
    const out: { op: string; worst: number; at: string }[] = [];
    const compare = (op: string, g: Tensor, c: Tensor, inputs: string[]): void => {
      const gv = [g.to(torch.float32).tolist()].flat(Infinity) as number[], cv = [c.to(torch.float32).tolist()].flat(Infinity) as number[];
      let worst = 0, at = '';
      cv.forEach((w, i) => {
        const v = gv[i];
        // the wasm core's pow(1, NaN) and pow(+-1, +-inf) are NaN; PyTorch and the GPU give 1 (C's pow)
        if (op === 'pow' && /^\((1, .*|-1, -?Infinity)\)$/.test(inputs[i])) return;
        const e = Number.isNaN(w) || Number.isNaN(v) ? (Number.isNaN(w) && Number.isNaN(v) ? 0 : Infinity)
          : v === w ? 0 : Math.abs(v - w) / (1 + Math.abs(w));
        if (e > worst) { worst = e; at = `${inputs[i]}: webgl ${v}, cpu ${w}`; }
      });
      out.push({ op, worst, at });
    };
    const unaryNames = ['neg', 'abs', 'sqrt', 'rsqrt', 'exp', 'log', 'log1p', 'expm1', 'log2', 'log10', 'sin', 'cos', 'tan', 'tanh',
      'sigmoid', 'relu', 'erf', 'floor', 'ceil', 'round', 'trunc', 'frac', 'sign', 'square', 'reciprocal', 'isnan', 'isinf', 'isfinite', 'logical_not'];
    for (const name of unaryNames) {
      const f = (t: Tensor) => (t as unknown as Record<string, () => Tensor>)[name]();
      torch.tidy(() => compare(name, f(xg), f(xc), values.map(String)));
    }
    const binaryNames = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'remainder', 'fmod', 'floor_divide',
      'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or'];
    const pairs = grid.flatMap((a) => grid.map((b) => `(${b}, ${a})`));
    // quotients that round to an integer, and large ones: fmod/remainder/floor_divide must be exact
    const num = [1, 5.3, 100, -7.9, 1e6, 3.4e38, -0.3, 16777217, 0.1];
    const den = [0.1, 0.7, 0.3, 0.2, -0.1, 3, 1e-3, -2.5, 0.3];
    const pc = torch.tensor(num.flatMap((a) => den.map(() => a))), dc = torch.tensor(num.flatMap(() => den));
    const labels = num.flatMap((a) => den.map((b) => `(${a}, ${b})`));
    for (const name of binaryNames) {
      const f = (a: Tensor, b: Tensor) => (a as unknown as Record<string, (o: Tensor) => Tensor>)[name](b);
      torch.tidy(() => compare(name, f(bg, ag), f(bc, ac), pairs));
      if (['fmod', 'remainder', 'floor_divide', 'div', 'mul', 'pow', 'atan2'].includes(name)) {
        torch.tidy(() => compare(`${name} (values)`, f(pc.to('webgl'), dc.to('webgl')), f(pc, dc), labels));
      }
    }
    return out;
  },

  /** Loses the WebGL context: every later use must throw the context-lost Error, never return zeros. */
  loseContext(): Check[] {
    const x = torch.tensor([1, 2, 3], { device: 'webgl' }).mul(2);
    const ext = backend().ctx.gl.getExtension('WEBGL_lose_context');
    if (!ext) return [{ name: 'WEBGL_lose_context', ok: false, message: 'extension missing' }];
    ext.loseContext();
    return [
      check('reading values throws', () => throwsWith(() => x.tolist(), 'WebGL context was lost')),
      check('ops throw', () => throwsWith(() => x.add(1), 'WebGL context was lost')),
      check('moving to webgl throws', () => throwsWith(() => torch.ones(2).to('webgl'), 'WebGL context was lost')),
      check('dispose does not throw', () => x.dispose()),
    ];
  },
};

(window as unknown as { webglTest: typeof api }).webglTest = api;
