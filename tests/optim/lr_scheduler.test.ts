// torch.optim.lr_scheduler against PyTorch 1.13 (tests/fixtures/optim.json): every scheduler's
// learning rates (and momenta) over 30 epochs, the closed forms of step(epoch), state_dict
// fields in PyTorch's order, load round-trip, and errors.
import { describe, expect, test, vi } from 'vitest';
import * as torch from '../../src/index.js';
import fixtures from '../fixtures/optim.json' with { type: 'json' };

const S = torch.optim.lr_scheduler;
type Opt = InstanceType<typeof torch.optim.Optimizer>;
type Sched = { step(x?: unknown): void; get_last_lr(): number[]; state_dict(): Record<string, unknown>; load_state_dict(sd: Record<string, unknown>): void };

function schedOpt(kind = 'SGD'): Opt {
  const w = torch.zeros(2).requires_grad_(true);
  const b = torch.zeros(1).requires_grad_(true);
  if (kind === 'SGD') return torch.optim.SGD([{ params: [w] }, { params: [b], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
  return torch.optim.Adam([{ params: [w] }, { params: [b], lr: 0.05 }], { lr: 0.1 });
}

const MAKERS: Record<string, (o: Opt) => Sched> = {
  StepLR: (o) => S.StepLR(o, { step_size: 7, gamma: 0.5 }),
  MultiStepLR: (o) => S.MultiStepLR(o, { milestones: [5, 12, 12, 20], gamma: 0.3 }),
  ExponentialLR: (o) => S.ExponentialLR(o, { gamma: 0.9 }),
  CosineAnnealingLR: (o) => S.CosineAnnealingLR(o, { T_max: 10, eta_min: 0.001 }),
  CosineAnnealingWarmRestarts: (o) => S.CosineAnnealingWarmRestarts(o, { T_0: 5, T_mult: 2, eta_min: 0.01 }),
  LinearLR: (o) => S.LinearLR(o, { start_factor: 0.25, total_iters: 8 }),
  ConstantLR: (o) => S.ConstantLR(o, { factor: 0.5, total_iters: 6 }),
  PolynomialLR: (o) => S.PolynomialLR(o, { total_iters: 12, power: 2.0 }),
  LambdaLR: (o) => S.LambdaLR(o, { lr_lambda: (e: number) => 0.9 ** e }),
  MultiplicativeLR: (o) => S.MultiplicativeLR(o, { lr_lambda: () => 0.95 }),
  OneCycleLR: (o) => S.OneCycleLR(o, { max_lr: [0.1, 0.2], total_steps: 30 }),
  OneCycleLR_three_phase_linear: (o) => S.OneCycleLR(o, { max_lr: 0.1, total_steps: 30, three_phase: true, anneal_strategy: 'linear' }),
  CyclicLR: (o) => S.CyclicLR(o, { base_lr: 0.01, max_lr: 0.1, step_size_up: 4 }),
  CyclicLR_triangular2: (o) => S.CyclicLR(o, { base_lr: [0.01, 0.02], max_lr: 0.1, step_size_up: 3, step_size_down: 5, mode: 'triangular2' }),
  CyclicLR_exp_range: (o) => S.CyclicLR(o, { base_lr: 0.01, max_lr: 0.1, step_size_up: 4, mode: 'exp_range', gamma: 0.9 }),
  SequentialLR: (o) => S.SequentialLR(o, [S.ConstantLR(o, { factor: 0.1, total_iters: 2 }), S.ExponentialLR(o, { gamma: 0.9 })], { milestones: [3] }),
  ChainedScheduler: (o) => S.ChainedScheduler([S.ConstantLR(o, { factor: 0.1, total_iters: 2 }), S.ExponentialLR(o, { gamma: 0.9 })]),
  ReduceLROnPlateau: (o) => S.ReduceLROnPlateau(o, { patience: 2, factor: 0.5, cooldown: 1 }),
};

function expectNear(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `${what}[${i}]: ${g} vs ${want[i]}`).toBeLessThanOrEqual(1e-15 + 1e-13 * Math.abs(want[i])));
}

/** JSON can't hold inf: the generator wrote 'inf'. */
const fromJson = (v: unknown): unknown => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Array.isArray(v) ? v.map(fromJson) : v);

describe('lr_scheduler', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});

  for (const c of fixtures.schedulers) {
    test(`${c.name}: 30 epochs as PyTorch`, () => {
      const opt = schedOpt(c.optimizer);
      const sched = MAKERS[c.name](opt);
      const momenta = () => opt.param_groups.map((g) => ('betas' in g ? (g.betas as number[])[0] : g.momentum as number));
      const lrs = () => (c.name === 'ReduceLROnPlateau' ? opt.param_groups.map((g) => g.lr as number) : sched.get_last_lr());
      expectNear(lrs(), c.lrs[0], 'epoch 0 lr');
      expectNear(momenta(), c.momenta[0], 'epoch 0 momentum');
      for (let epoch = 1; epoch < 30; epoch++) {
        opt.step();
        if (c.name === 'ReduceLROnPlateau') sched.step(fixtures.metrics[epoch]);
        else sched.step();
        expectNear(lrs(), c.lrs[epoch], `epoch ${epoch} lr`);
        expectNear(momenta(), c.momenta[epoch], `epoch ${epoch} momentum`);
        expect(opt.param_groups.map((g) => g.lr)).toEqual(lrs());
      }
      const sd = sched.state_dict();
      // PyTorch keeps functions there (anneal_func, _scale_fn_ref): webtorch keeps the strategy's name
      const plain = (k: string) => !k.startsWith('_scale_fn') && k !== 'anneal_func' && k !== 'anneal_strategy';
      expect(Object.keys(sd).filter(plain)).toEqual(c.state_dict_keys.filter(plain));
      for (const [k, v] of Object.entries(c.state_dict)) {
        if (k === '_schedule_phases') expect(sd[k]).toEqual(v);
        else if (typeof v === 'number' || Array.isArray(v)) expectNear([sd[k] as number].flat(), [fromJson(v) as number].flat(), k);
        else if (k === 'milestones') expect(Object.fromEntries(Object.entries(sd[k] as object).map(([a, b]) => [String(a), b]))).toEqual(v);
        else expect(sd[k], k).toEqual(fromJson(v));
      }
    });
  }

  for (const c of fixtures.closed_form) {
    test(`${c.name}: step(epoch) uses the closed form`, () => {
      const opt = schedOpt();
      const sched = MAKERS[c.name] ? undefined : undefined;
      void sched;
      const make: Record<string, (o: Opt) => Sched> = {
        StepLR: (o) => S.StepLR(o, 3, 0.5),
        MultiStepLR: (o) => S.MultiStepLR(o, [2, 5, 5], 0.5),
        ExponentialLR: (o) => S.ExponentialLR(o, 0.8),
        CosineAnnealingLR: (o) => S.CosineAnnealingLR(o, 6, 0.01),
        LinearLR: (o) => S.LinearLR(o, 0.5, 1, 4),
        ConstantLR: (o) => S.ConstantLR(o, 0.25, 3),
        CosineAnnealingWarmRestarts: (o) => S.CosineAnnealingWarmRestarts(o, 3, 2),
      };
      const s = make[c.name](opt);
      for (const { epoch, lrs } of c.steps) {
        s.step(epoch);
        expectNear(s.get_last_lr(), lrs, `epoch ${epoch}`);
      }
    });
  }

  test('state_dict / load_state_dict round-trip continues the schedule', () => {
    const o1 = schedOpt(), o2 = schedOpt();
    const s1 = S.CosineAnnealingLR(o1, 10, 0.001), s2 = S.CosineAnnealingLR(o2, 10, 0.001);
    for (let i = 0; i < 4; i++) { o1.step(); s1.step(); }
    s2.load_state_dict(s1.state_dict());
    o2.load_state_dict(o1.state_dict());
    for (let i = 0; i < 4; i++) { o1.step(); s1.step(); o2.step(); s2.step(); }
    expect(s2.get_last_lr()).toEqual(s1.get_last_lr());
    expect(s2.state_dict()).toEqual(s1.state_dict());
  });

  test('classes work with and without new; _LRScheduler is LRScheduler', () => {
    const o = schedOpt();
    expect(new S.StepLR(o, 3)).toBeInstanceOf(S.LRScheduler);
    expect(S._LRScheduler).toBe(S.LRScheduler);
    class Half extends S.LRScheduler {
      constructor(opt: Opt) { super(opt, -1); }
      override get_lr(): number[] { return this.base_lrs.map((b) => b / 2 ** this.last_epoch); }
    }
    const h = new Half(schedOpt());
    h.step();
    expect(h.get_last_lr()).toEqual([0.05, 0.025]);
  });

  test('errors with PyTorch words', () => {
    const E = fixtures.errors as Record<string, { message: string }>;
    expect(() => S.ConstantLR(schedOpt(), { factor: 1.5 })).toThrow(E.constant_factor.message);
    expect(() => S.LinearLR(schedOpt(), { start_factor: 1.5 })).toThrow(E.linear_start.message);
    expect(() => S.ReduceLROnPlateau(schedOpt(), { factor: 1.5 })).toThrow(E.plateau_factor.message);
    expect(() => S.ReduceLROnPlateau(schedOpt(), { mode: 'avg' })).toThrow(E.plateau_mode.message);
    expect(() => S.CosineAnnealingWarmRestarts(schedOpt(), { T_0: 0 })).toThrow(E.warm_t0.message);
    expect(() => S.OneCycleLR(schedOpt(), { max_lr: 0.1 })).toThrow(E.onecycle_none.message);
    const oc = S.OneCycleLR(schedOpt(), { max_lr: 0.1, total_steps: 3 });
    expect(() => { for (let i = 0; i < 4; i++) oc.step(); }).toThrow(E.onecycle_over.message);
    expect(() => S.StepLR(null as never, 3)).toThrow(E.sched_not_optimizer.message);
    expect(() => S.LambdaLR(schedOpt(), [(e: number) => e])).toThrow(E.lambda_count.message);
    const o = schedOpt();
    expect(() => S.SequentialLR(o, [S.ConstantLR(o), S.ExponentialLR(o, 0.9)], [1, 2])).toThrow(E.sequential_milestones.message);
    expect(() => S.StepLR(schedOpt(), { step_size: 3, gama: 0.1 })).toThrow("StepLR.__init__() got an unexpected keyword argument 'gama'");
  });
});
