// torch.optim against PyTorch 1.13 (tests/fixtures/optim.json, from scripts/fixtures/gen_optim.py):
// every optimizer configuration's parameter trajectory over 100 steps (two groups, float32 and
// float64), state_dict structure and resume, errors and reprs; on the js and wasm backends.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import fixtures from '../fixtures/optim.json' with { type: 'json' };

type Opts = Record<string, unknown>;
const optim = torch.optim as unknown as Record<string, (params: unknown, opts?: Opts) => InstanceType<typeof torch.optim.Optimizer>>;
const names = ['w', 'b'] as const;

function makeParams(dtype: torch.DType): Record<'w' | 'b', Tensor> {
  const out = {} as Record<'w' | 'b', Tensor>;
  for (const k of names) {
    out[k] = torch.tensor(fixtures.init[k], { dtype }).reshape(fixtures.shapes[k]).detach().requires_grad_(true);
  }
  return out;
}

/** sum(a * (p - t)**2) over both parameters, as the generator's loss (negated for maximize). */
function lossOf(params: Record<'w' | 'b', Tensor>, maximize: boolean): Tensor {
  let total: Tensor | null = null;
  for (const k of names) {
    const p = params[k];
    const a = torch.tensor(fixtures.weight[k], { dtype: p.dtype }).reshape(fixtures.shapes[k]);
    const t = torch.tensor(fixtures.target[k], { dtype: p.dtype }).reshape(fixtures.shapes[k]);
    const term = a.mul(p.sub(t).pow(2)).sum();
    total = total === null ? term : total.add(term);
  }
  return maximize ? (total as Tensor).neg() : (total as Tensor);
}

/** float32 trajectories agree to float32 rounding (PyTorch's AVX2 kernels fuse multiply-adds). */
function expectClose(got: number[], want: number[], rtol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  got.forEach((g, i) => { worst = Math.max(worst, Math.abs(g - want[i]) / (1e-3 + Math.abs(want[i]))); });
  expect(worst, `${what}: worst relative error ${worst}`).toBeLessThanOrEqual(rtol);
}

describeBackends('optimizers', () => {
  describe('trajectories over 100 steps', () => {
    for (const c of fixtures.trajectories) {
      test(`${c.name} ${c.dtype}`, () => {
        const dtype = c.dtype === 'float32' ? torch.float32 : torch.float64;
        const params = makeParams(dtype);
        const groups = [{ ...c.groups[0], params: [params.w] }, { ...c.groups[1], params: [params.b] }];
        const opt = optim[c.optimizer](groups, { lr: (c.groups[0] as Opts).lr as number });
        const rec = new Map(c.trajectory.map((r) => [r.step, r]));
        for (let step = 1; step <= 100; step++) {
          opt.zero_grad();
          lossOf(params, c.maximize_loss).backward();
          opt.step();
          const want = rec.get(step);
          if (want) {
            const tol = dtype === torch.float32 ? 2e-4 : 1e-10;
            expectClose(params.w.detach().reshape(-1).tolist() as number[], want.w, tol, `w at step ${step}`);
            expectClose(params.b.detach().reshape(-1).tolist() as number[], want.b, tol, `b at step ${step}`);
          }
        }
      });
    }
  });

  describe('LBFGS', () => {
    for (const c of fixtures.lbfgs) {
      test(`${JSON.stringify(c.options)} ${c.dtype}: 5 steps with a closure`, () => {
        const dtype = c.dtype === 'float32' ? torch.float32 : torch.float64;
        const params = makeParams(dtype);
        const opt = torch.optim.LBFGS([params.w, params.b], c.options);
        const closure = () => {
          opt.zero_grad();
          const loss = lossOf(params, false).add(params.w.pow(4).sum().add(params.b.pow(4).sum()).mul(0.1));
          loss.backward();
          return loss;
        };
        for (const want of c.steps) {
          const loss = opt.step(closure) as Tensor;
          // float32 line searches: PyTorch's 0-d float32 tensors in the interpolation are doubles here
          const tol = dtype === torch.float64 ? 1e-9 : c.options.line_search_fn ? 1e-3 : 1e-4;
          expectClose([loss.item() as number], [want.loss], tol, 'loss');
          expectClose(params.w.detach().reshape(-1).tolist() as number[], want.w, tol, 'w');
          expectClose(params.b.detach().reshape(-1).tolist() as number[], want.b, tol, 'b');
          if (dtype === torch.float64) {
            const st = opt.state.get(params.w) as Record<string, number>;
            expect([st.func_evals, st.n_iter]).toEqual([want.func_evals, want.n_iter]);
          }
        }
      });
    }
    test('one parameter group only; step needs a closure', () => {
      const p = torch.zeros(2).requires_grad_(true), q = torch.zeros(2).requires_grad_(true);
      expect(() => torch.optim.LBFGS([{ params: [p] }, { params: [q] }])).toThrow("LBFGS doesn't support per-parameter options (parameter groups)");
      expect(() => torch.optim.LBFGS([p]).step()).toThrow("missing 1 required positional argument: 'closure'");
    });
  });

  describe('state_dict', () => {
    for (const c of fixtures.state_dicts) {
      test(`${c.optimizer} ${JSON.stringify(c.options)} after ${c.steps} steps`, () => {
        const params = makeParams(torch.float32);
        const opt = optim[c.optimizer]([{ params: [params.w] }, { params: [params.b], lr: 0.005 }], c.options);
        for (let i = 0; i < c.steps; i++) {
          opt.zero_grad();
          lossOf(params, false).backward();
          opt.step();
        }
        const sd = opt.state_dict();
        const want = c.state_dict as { state: Record<string, Record<string, unknown>>; param_groups: Opts[] };
        // groups: same keys in the same order, same values (tuples are arrays)
        expect(sd.param_groups.map((g) => Object.keys(g))).toEqual(want.param_groups.map((g) => Object.keys(g)));
        expect(sd.param_groups).toEqual(want.param_groups);
        expect(Object.keys(sd.state)).toEqual(Object.keys(want.state));
        for (const [idx, st] of Object.entries(want.state)) {
          const mine = sd.state[Number(idx)];
          expect(Object.keys(mine), `state ${idx} keys`).toEqual(Object.keys(st));
          for (const [key, v] of Object.entries(st)) {
            const got = mine[key];
            if (v !== null && typeof v === 'object' && 'tensor' in v) {
              const t = got as Tensor;
              const w = v as { tensor: number[]; shape: number[]; dtype: string };
              expect(t).toBeInstanceOf(torch.Tensor);
              expect(String(t.dtype), `${idx}.${key} dtype`).toBe(w.dtype);
              expect(t.shape_, `${idx}.${key} shape`).toEqual(w.shape);
              expectClose(t.reshape(-1).tolist() as number[], w.tensor, 1e-5, `${idx}.${key}`);
            } else expect(got, `${idx}.${key}`).toEqual(v);
          }
        }
      });
    }

    for (const c of fixtures.resume) {
      test(`${c.optimizer} resumes from state_dict as PyTorch`, () => {
        const params = makeParams(torch.float32);
        const opt = optim[c.optimizer]([params.w, params.b], c.options);
        const run = (o: typeof opt, ps: typeof params, n: number) => {
          for (let i = 0; i < n; i++) { o.zero_grad(); lossOf(ps, false).backward(); o.step(); }
        };
        run(opt, params, c.before);
        const sd = opt.state_dict();
        const params2 = { w: params.w.detach().clone().requires_grad_(true), b: params.b.detach().clone().requires_grad_(true) };
        const opt2 = optim[c.optimizer]([params2.w, params2.b], c.options);
        opt2.load_state_dict(sd);
        // a deep copy: stepping the new optimizer leaves the saved state alone
        const before = JSON.stringify(Object.values(sd.state).map((s) => Object.keys(s)));
        run(opt2, params2, c.after);
        expect(JSON.stringify(Object.values(sd.state).map((s) => Object.keys(s)))).toBe(before);
        expectClose(params2.w.detach().reshape(-1).tolist() as number[], c.w, 2e-5, 'w');
        expectClose(params2.b.detach().reshape(-1).tolist() as number[], c.b, 2e-5, 'b');
      });
    }
  });

  test('zero_grad zeros in place by default, set_to_none drops the gradient', () => {
    const p = torch.ones(3).requires_grad_(true);
    const opt = torch.optim.SGD([p], { lr: 0.1 });
    p.sum().backward();
    const g = p.grad as Tensor;
    opt.zero_grad();
    expect(p.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0, 0]);
    p.sum().backward();
    opt.zero_grad({ set_to_none: true });
    expect(p.grad).toBe(null);
  });

  test('step(closure) evaluates the closure with grad enabled and returns the loss', () => {
    const p = torch.tensor([1, 2]).requires_grad_(true);
    const opt = torch.optim.SGD([p], { lr: 0.5 });
    const loss = torch.no_grad(() => opt.step(() => {
      opt.zero_grad();
      expect(torch.is_grad_enabled()).toBe(true);
      const l = p.pow(2).sum();
      l.backward();
      return l;
    })) as Tensor;
    expect(loss.item()).toBe(5);
    expect(p.tolist()).toEqual([0, 0]);
  });

  test('parameters without a gradient are skipped and get no state', () => {
    const a = torch.ones(2).requires_grad_(true), b = torch.ones(2).requires_grad_(true);
    const opt = torch.optim.Adam([a, b]);
    a.sum().backward();
    opt.step();
    expect(opt.state.has(a)).toBe(true);
    expect(opt.state.has(b)).toBe(false);
    expect(b.tolist()).toEqual([1, 1]);
  });

  test('non-contiguous parameters and gradients update through dense copies', () => {
    // pT is made after earlier tests' loops and read after two steps: keep it (README, Memory)
    const base = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).requires_grad_(true);
    const pT = torch.keep(torch.arange(6, { dtype: torch.float32 }).reshape(3, 2).detach());
    const p = pT.t().requires_grad_(true); // a transposed leaf
    const opt = torch.optim.SGD([p, base], { lr: 0.1, momentum: 0.9 });
    p.mul(torch.tensor([[1, 2, 3], [4, 5, 6]])).sum().backward();
    base.mul(torch.tensor([[1, 2, 3], [4, 5, 6]])).sum().backward();
    opt.step();
    opt.step();
    // both see the same gradient [[1,2,3],[4,5,6]]: same update from the same values
    const want = torch.tensor([[0, 2, 4], [1, 3, 5]]).sub(torch.tensor([[1, 2, 3], [4, 5, 6]]).mul(0.1 + 0.1 * 1.9));
    const got = p.detach().contiguous().tolist() as number[][];
    (want.tolist() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(got[i][j]).toBeCloseTo(v, 5)));
    expect(pT.t().tolist()).toEqual(got);
  });

  test('float16 parameters are updated in float32 and stored as half', () => {
    const p = torch.tensor([1, 2, 3], { dtype: torch.float16 }).requires_grad_(true);
    const q = torch.tensor([1, 2, 3], { dtype: torch.float32 }).requires_grad_(true);
    const a = torch.optim.Adam([p], { lr: 0.1 }), b = torch.optim.Adam([q], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      p.grad = torch.tensor([0.5, -1, 2], { dtype: torch.float16 });
      q.grad = torch.tensor([0.5, -1, 2]);
      a.step();
      b.step();
    }
    expect(p.dtype).toBe(torch.float16);
    expect((a.state.get(p).exp_avg as Tensor).dtype).toBe(torch.float16);
    // the state is stored as half between steps: close to the float32 run, not equal
    (p.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo((q.tolist() as number[])[i], 2));
  });

  test('optimizer state survives torch.tidy', () => {
    const p = torch.ones(4).requires_grad_(true);
    const opt = torch.optim.Adam([p], { lr: 0.1 });
    torch.tidy(() => { p.sum().backward(); opt.step(); });
    const st = opt.state.get(p) as Record<string, Tensor>;
    expect(st.exp_avg.tolist()).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround));
    expect(st.step.item()).toBe(1);
  });
});

describe('optimizer kernels on threads (wasm)', () => {
  test('a long parameter split across threads updates exactly as on one thread', () => {
    const run = (threads: number) => {
      torch.set_num_threads(threads);
      torch.manual_seed(3);
      const p = torch.randn(300_000).requires_grad_(true);
      const opt = torch.optim.Adam([p], { lr: 0.01, amsgrad: true });
      for (let i = 0; i < 3; i++) {
        p.grad = torch.randn(300_000);
        opt.step();
      }
      return p.detach().numpy().slice();
    };
    const prev = torch.get_num_threads();
    try {
      expect(run(2)).toEqual(run(1));
    } finally {
      torch.set_num_threads(prev);
    }
  });

  test('state whose step is a number (older checkpoints) is converted to a tensor', () => {
    const p = torch.ones(3).requires_grad_(true);
    const opt = torch.optim.Adam([p], { lr: 0.1 });
    p.sum().backward();
    opt.step();
    const sd = opt.state_dict();
    (sd.state[0] as Record<string, unknown>).step = 1;
    const opt2 = torch.optim.Adam([p], { lr: 0.1 });
    opt2.load_state_dict(sd);
    opt2.step();
    const st = opt2.state.get(p) as Record<string, Tensor>;
    expect(st.step).toBeInstanceOf(torch.Tensor);
    expect(st.step.item()).toBe(2);
  });
});

describe('optimizer API', () => {
  const P = () => [torch.zeros(2).requires_grad_(true)];
  const E = fixtures.errors as Record<string, { type: string; message: string }>;
  const throwsLike = (fn: () => unknown, key: string) => {
    const want = E[key];
    expect(fn).toThrow(want.message);
    try { fn(); } catch (e) { expect((e as Error).name, key).toBe(want.type === 'TypeError' ? 'TypeError' : 'Error'); }
  };

  test('errors with PyTorch words', () => {
    throwsLike(() => torch.optim.SGD([], { lr: 0.1 }), 'empty');
    throwsLike(() => torch.optim.SGD(P(), { lr: -1 }), 'lr');
    throwsLike(() => torch.optim.Adam(P(), { lr: -0.5 }), 'adam_lr');
    throwsLike(() => torch.optim.SGD(P(), { lr: 0.1, momentum: -0.5 }), 'momentum');
    throwsLike(() => torch.optim.Adam(P(), { betas: [1.5, 0.9] }), 'beta0');
    throwsLike(() => torch.optim.Adam(P(), { betas: [0.9, -0.5] }), 'beta1');
    throwsLike(() => torch.optim.Adam(P(), { eps: -0.5 }), 'eps');
    throwsLike(() => torch.optim.AdamW(P(), { weight_decay: -0.5 }), 'weight_decay');
    throwsLike(() => torch.optim.SGD(P(), { lr: 0.1, nesterov: true }), 'nesterov');
    throwsLike(() => torch.optim.SGD(P()), 'required_lr');
    throwsLike(() => torch.optim.SGD(P(), { lr: 0.1, foo: 1 } as Opts), 'unknown_kw');
    throwsLike(() => torch.optim.Adam(P(), { lrr: 0.1 } as Opts), 'unknown_kw_adam');
    throwsLike(() => torch.optim.SGD(torch.zeros(2).requires_grad_(true) as never, { lr: 0.1 }), 'tensor_params');
    throwsLike(() => torch.optim.SGD([torch.zeros(2).requires_grad_(true).mul(2)], { lr: 0.1 }), 'non_leaf');
    throwsLike(() => torch.optim.SGD([1.5] as never, { lr: 0.1 }), 'not_tensor');
    const pw = torch.zeros(2).requires_grad_(true);
    throwsLike(() => torch.optim.SGD([{ params: [pw] }, { params: [pw] }], { lr: 0.1 }), 'duplicate_groups');
    throwsLike(() => torch.optim.SGD(P(), { lr: 0.1 }).load_state_dict(torch.optim.SGD([{ params: P() }, { params: P() }], { lr: 0.1 }).state_dict()), 'load_groups');
    throwsLike(() => torch.optim.SGD(P(), { lr: 0.1 }).load_state_dict(torch.optim.SGD([...P(), ...P()], { lr: 0.1 }).state_dict()), 'load_sizes');
    throwsLike(() => torch.optim.RMSprop(P(), { alpha: -0.5 }), 'alpha');
    throwsLike(() => torch.optim.Adagrad(P(), { lr_decay: -0.5 }), 'lr_decay');
    throwsLike(() => torch.optim.NAdam(P(), { momentum_decay: -0.5 }), 'momentum_decay');
    throwsLike(() => torch.optim.Adadelta(P(), { rho: 1.5 }), 'rho');
    throwsLike(() => torch.optim.Rprop(P(), { etas: [1.5, 0.5] }), 'etas');
  });

  test('a user-defined optimizer, ported from Python, with state as a defaultdict', () => {
    class SignSGD extends torch.optim.Optimizer {
      constructor(params: Iterable<Tensor>, lr = 0.1) { super(params, { lr }); }
      override step(): null {
        torch.no_grad(() => {
          for (const group of this.param_groups) {
            for (const p of group.params) {
              if (p.grad === null) continue;
              const state = this.state.get(p);
              state.calls = ((state.calls as number | undefined) ?? 0) + 1;
              p.sub_(p.grad.sign().mul(group.lr as number));
            }
          }
        });
        return null;
      }
    }
    const p = torch.tensor([1, -2, 3]).requires_grad_(true);
    const opt = new SignSGD([p], 0.5);
    expect(opt.state.has(p)).toBe(false);
    p.mul(torch.tensor([1, -1, 0])).sum().backward();
    opt.step();
    expect(p.tolist()).toEqual([0.5, -1.5, 3]);
    expect(opt.state_dict()).toEqual({ state: { 0: { calls: 1 } }, param_groups: [{ lr: 0.5, params: [0] }] });
    expect(String(opt)).toBe('SignSGD (\nParameter Group 0\n    lr: 0.5\n)');
  });

  test('reprs', () => {
    expect(String(torch.optim.SGD([{ params: P() }, { params: P(), lr: 0.5 }], { lr: 0.1, momentum: 0.9 }))).toBe(fixtures.reprs.SGD);
    expect(String(torch.optim.Adam(P(), { lr: 0.001 }))).toBe(fixtures.reprs.Adam);
  });

  test('with and without new, positional arguments, iterables and param groups', () => {
    const p = torch.zeros(2).requires_grad_(true);
    const a = new torch.optim.SGD([p], 0.1, 0.9);
    const b = torch.optim.SGD(new Set([p]).values(), { lr: 0.1, momentum: 0.9 });
    expect(a).toBeInstanceOf(torch.optim.SGD);
    expect(a).toBeInstanceOf(torch.optim.Optimizer);
    expect(a.param_groups[0]).toEqual(b.param_groups[0]);
    expect(Object.keys(a.param_groups[0])).toEqual(['params', 'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize', 'foreach', 'differentiable']);
    const q = torch.zeros(3).requires_grad_(true);
    a.add_param_group({ params: q, lr: 0.01 });
    expect(a.param_groups[1].params).toEqual([q]);
    expect(a.param_groups[1].lr).toBe(0.01);
    expect(a.param_groups[1].momentum).toBe(0.9);
    expect(() => a.add_param_group({ params: [q] })).toThrow('some parameters appear in more than one parameter group');
  });
});
