// torch.Generator and the random functions against PyTorch 1.13's CPU draws
// (tests/fixtures/random.json from scripts/fixtures/gen_random.py).
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

type Case = { dtype: string; shape: number[]; values: (number | string | boolean)[]; after: number[] };
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/random.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>; state: { seed: number; hex: string; initial_seed_default: string; big_seed_draws: number[] };
  errors: Record<string, [string, string]>;
};

type G = torch.Generator;
const W = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6];
const M = () => torch.arange(6).float().reshape(2, 3);
const CALLS: Record<string, (g: G) => Tensor> = {
  rand: (g) => torch.rand(5, { generator: g }),
  rand_f64: (g) => torch.rand(3, 2, { generator: g, dtype: torch.float64 }),
  randn_20: (g) => torch.randn(20, { generator: g }),
  randn_5: (g) => torch.randn(5, { generator: g }),
  randint: (g) => torch.randint(3, 10, [7], { generator: g }),
  randperm: (g) => torch.randperm(10, { generator: g }),
  uniform_: (g) => torch.empty(4).uniform_(-2, 3, { generator: g }),
  normal_: (g) => torch.empty(17, { dtype: torch.float64 }).normal_(1, 2, { generator: g }),
  rand_global: () => torch.rand(3),
  bernoulli_p: (g) => torch.empty(12).bernoulli_(0.3, { generator: g }),
  bernoulli_p_int64: (g) => torch.empty(6, { dtype: torch.int64 }).bernoulli_(0.7, { generator: g }),
  bernoulli_tensor_f32: (g) => torch.bernoulli(torch.linspace(0, 1, 9), { generator: g }),
  bernoulli_tensor_f64: (g) => torch.bernoulli(torch.linspace(0, 1, 9, { dtype: torch.float64 }), { generator: g }),
  bernoulli_scalar_p_fn: (g) => torch.bernoulli(torch.zeros(2, 3), 0.5, { generator: g }),
  bernoulli_broadcast_T: (g) => torch.zeros(3, 4).t().bernoulli_(torch.tensor([0.1, 0.5, 0.9]), { generator: g }),
  exponential_: (g) => torch.empty(6).exponential_({ generator: g }),
  exponential_f64_l2: (g) => torch.empty(4, { dtype: torch.float64 }).exponential_(2.0, { generator: g }),
  random_to: (g) => torch.empty(6, { dtype: torch.int64 }).random_(10, { generator: g }),
  random_from_to: (g) => torch.empty(6).random_(-5, 5, { generator: g }),
  random_big: (g) => torch.empty(4, { dtype: torch.int64 }).random_(0, 2 ** 40, { generator: g }),
  geometric_: (g) => torch.empty(6).geometric_(0.3, { generator: g }),
  random_from_none_int64: (g) => torch.empty(4, { dtype: torch.int64 }).random_(5, null, { generator: g }),
  random_from_none_uint8: (g) => torch.empty(6, { dtype: torch.uint8 }).random_({ from: 250, generator: g }),
  random_from_none_f32: (g) => torch.empty(3).random_(-7, null, { generator: g }),
  random_full64: (g) => torch.empty(3, { dtype: torch.int64 }).random_(-(2 ** 63), null, { generator: g }),
  log_normal_: (g) => torch.empty(5, { dtype: torch.float64 }).log_normal_({ generator: g }),
  cauchy_: (g) => torch.empty(5).cauchy_(1, 2, { generator: g }),
  multinomial_repl: (g) => torch.multinomial(torch.tensor(W), 10, true, { generator: g }),
  multinomial_repl_f64: (g) => torch.multinomial(torch.tensor(W, { dtype: torch.float64 }), 10, true, { generator: g }),
  multinomial_norepl: (g) => torch.multinomial(torch.tensor(W), 5, { generator: g }),
  multinomial_one: (g) => torch.multinomial(torch.tensor(W), 1, true, { generator: g }),
  multinomial_2d: (g) => torch.multinomial(torch.tensor([W, W.slice().reverse()]), 3, { generator: g }),
  multinomial_2d_repl: (g) => torch.multinomial(torch.tensor([W, W.slice().reverse()]), 4, true, { generator: g }),
  normal_tt: (g) => torch.normal(M(), torch.full([3], 2.0), { generator: g }),
  normal_tf: (g) => torch.normal(M(), 0.5, { generator: g }),
  normal_ft: (g) => torch.normal(3.0, torch.ones(20), { generator: g }),
  normal_ff: (g) => torch.normal(2.0, 3.0, [2, 2], { generator: g }),
};
for (const dt of ['int64', 'int32', 'int16', 'int8', 'uint8', 'bool', 'float32', 'float64'] as const) {
  CALLS[`random_${dt}`] = (g) => torch.empty(5, { dtype: torch[dt] }).random_({ generator: g });
}

/** float64 results of transcendental functions, compared to a few ulps (see the README's differences) */
const ULP_CASES = new Set<string>([]);

/** Values as the fixture writes them: int64 as exact decimal strings. */
function values(t: Tensor): (number | string | boolean)[] {
  const flat = t.detach().contiguous().reshape(-1);
  if (t.dtype === torch.int64) return Array.from(flat.numpy() as BigInt64Array, (v) => v.toString());
  return flat.tolist() as (number | boolean)[];
}

describeBackends('random functions draw PyTorch 1.13 CPU numbers', () => {
  for (const [name, c] of Object.entries(fixtures.cases)) {
    test(name, () => {
      let g: G;
      if (name === 'rand_global') g = torch.manual_seed(9);
      else g = torch.Generator().manual_seed(seedOf(name));
      const out = CALLS[name](g);
      expect(String(out.dtype)).toBe(`torch.${c.dtype}`);
      expect(out.shape).toEqual(c.shape);
      if (ULP_CASES.has(name)) {
        // float64 through log/exp/sin/cos: V8's Math.log is not glibc's (it can differ in the last bit)
        const got = values(out) as number[];
        got.forEach((v, i) => expect(Math.abs(v - (c.values[i] as number))).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(v))));
      } else expect(values(out)).toEqual(c.values);
      // the generator advanced exactly as PyTorch's
      expect(torch.empty(2, { dtype: torch.int32 }).random_({ generator: g }).tolist()).toEqual(c.after);
    });
  }
});

/** The seed each fixture case used (gen_random.py numbers them in order). */
function seedOf(name: string): number {
  const seeds: Record<string, number> = {
    rand: 1, rand_f64: 2, randn_20: 3, randn_5: 4, randint: 5, randperm: 6, uniform_: 7, normal_: 8, rand_global: 9,
    bernoulli_p: 10, bernoulli_p_int64: 11, bernoulli_tensor_f32: 12, bernoulli_tensor_f64: 13, bernoulli_scalar_p_fn: 14,
    bernoulli_broadcast_T: 15, exponential_: 16, exponential_f64_l2: 17, random_to: 19, random_from_to: 20, random_big: 21,
    geometric_: 22, log_normal_: 23, cauchy_: 24, multinomial_repl: 25, multinomial_repl_f64: 26, multinomial_norepl: 27,
    multinomial_one: 28, multinomial_2d: 29, multinomial_2d_repl: 30, normal_tt: 31, normal_tf: 32, normal_ft: 33, normal_ff: 34,
    random_from_none_int64: 35, random_from_none_uint8: 36, random_from_none_f32: 37, random_full64: 38,
  };
  return name.startsWith('random_') && !(name in seeds) ? 18 : seeds[name];
}

test('Generator: with and without new, seeds, PyTorch state bytes, round trip', () => {
  const g = torch.Generator();
  expect(g).toBeInstanceOf(torch.Generator);
  expect(new torch.Generator()).toBeInstanceOf(torch.Generator);
  expect(String(g.initial_seed())).toBe(fixtures.state.initial_seed_default);
  expect(g.device).toBe('cpu');
  expect(g.manual_seed(fixtures.state.seed)).toBe(g);
  torch.randn(3, { dtype: torch.float64, generator: g });
  const state = g.get_state();
  expect(state.dtype).toBe(torch.uint8);
  expect(Buffer.from(state.numpy() as Uint8Array).toString('hex')).toBe(fixtures.state.hex);
  // round trip: the cached normal comes back too
  const a = torch.randn(5, { dtype: torch.float64, generator: g }).tolist();
  g.set_state(state);
  expect(torch.randn(5, { dtype: torch.float64, generator: g }).tolist()).toEqual(a);
  // PyTorch's bytes restore into a fresh generator
  const h = torch.Generator().set_state(torch.tensor(Uint8Array.from(Buffer.from(fixtures.state.hex, 'hex'))));
  expect(torch.randn(5, { dtype: torch.float64, generator: h }).tolist()).toEqual(a);
  // 64-bit seeds: mt19937 takes the low 32 bits, initial_seed keeps all
  const big = torch.Generator().manual_seed(2n ** 40n + 5n);
  expect(big.initial_seed()).toBe(2 ** 40 + 5);
  expect(torch.rand(2, { generator: big }).tolist()).toEqual(fixtures.state.big_seed_draws);
  expect(torch.Generator().manual_seed(-1).initial_seed()).toBe(2n ** 64n - 1n);
  const s = g.seed();
  expect(g.initial_seed()).toBe(s);
  expect(Number.isSafeInteger(s)).toBe(true);
});

test('the default generator is torch.default_generator; torch.get_rng_state / set_rng_state', () => {
  expect(torch.manual_seed(3)).toBe(torch.default_generator);
  const st = torch.get_rng_state();
  const a = torch.rand(4).tolist();
  torch.set_rng_state(st);
  expect(torch.rand(4).tolist()).toEqual(a);
  expect(torch.initial_seed()).toBe(3);
  // a separate generator leaves the default one alone
  torch.manual_seed(3);
  torch.rand(4, { generator: torch.Generator() });
  expect(torch.rand(4).tolist()).toEqual(a);
});

test('torch.random.fork_rng restores the default generator', async () => {
  torch.manual_seed(1);
  const inside = torch.random.fork_rng(() => torch.randn(3).tolist());
  expect(torch.randn(3).tolist()).toEqual(inside);
  torch.manual_seed(1);
  await torch.random.fork_rng(async () => torch.rand(5));
  const a = torch.rand(2).tolist();
  torch.manual_seed(1);
  expect(torch.rand(2).tolist()).toEqual(a);
  expect(torch.random.manual_seed(4)).toBe(torch.default_generator);
});

test('errors say what PyTorch says', () => {
  const E = fixtures.errors;
  const check = (name: string, fn: () => unknown) => {
    const [type, msg] = E[name];
    expect(fn).toThrow(msg);
    try { fn(); } catch (e) { expect((e as Error).name).toBe(type === 'RuntimeError' ? 'Error' : type); }
  };
  check('bernoulli_p', () => torch.empty(2).bernoulli_(1.5));
  check('multinomial_norepl_too_many', () => torch.multinomial(torch.ones(3), 4));
  check('multinomial_neg', () => torch.multinomial(torch.tensor([-1.0, 1.0]), 1));
  check('multinomial_zero', () => torch.multinomial(torch.zeros(3), 2));
  check('multinomial_3d', () => torch.multinomial(torch.ones(1, 1, 2), 1));
  check('exponential_int', () => torch.empty(2, { dtype: torch.int64 }).exponential_());
  check('geometric_p', () => torch.empty(2).geometric_(1.5));
  check('set_state_size', () => torch.Generator().set_state(torch.zeros(10, { dtype: torch.uint8 })));
  check('set_state_dtype', () => torch.Generator().set_state(torch.zeros(5056)));
  check('manual_seed_float', () => torch.Generator().manual_seed(1.5));
  check('random_from_to', () => torch.empty(2).random_(5, 3));
  expect(() => torch.empty(2).uniform_({ generatr: null } as never)).toThrow("uniform_() got an unexpected keyword argument 'generatr'");
  expect(() => torch.rand(2, { generator: 5 as never })).toThrow("rand(): argument 'generator' must be torch.Generator");
});

test("in-place samplers and sampling functions record PyTorch's grad_fn names", () => {
  const n = (f: (x: Tensor) => Tensor) => f(torch.zeros(3, { requires_grad: true }).clone()).grad_fn?.name();
  expect([
    n((x) => x.bernoulli_(0.5)), n((x) => x.bernoulli_(torch.full([3], 0.5))), n((x) => x.exponential_()), n((x) => x.random_()),
    n((x) => x.random_(5)), n((x) => x.random_(1, 5)), n((x) => x.geometric_(0.5)), n((x) => x.log_normal_()), n((x) => x.cauchy_()),
    n((x) => x.uniform_()), n((x) => x.normal_()),
  ]).toEqual(['BernoulliBackward2', 'BernoulliBackward1', 'ExponentialBackward0', 'RandomBackward2', 'RandomBackward1', 'RandomBackward0',
    'GeometricBackward0', 'LogNormalBackward0', 'CauchyBackward0', 'UniformBackward0', 'NormalBackward0']);
  const p = torch.full([3], 0.5, { requires_grad: true });
  expect(torch.bernoulli(p).grad_fn?.name()).toBe('BernoulliBackward0');
  expect(torch.bernoulli(p, 0.3).grad_fn).toBeNull();
  const m = torch.zeros(3, { requires_grad: true }), s = torch.ones(3, { requires_grad: true });
  expect([torch.normal(m, s), torch.normal(m, 1.0), torch.normal(0, s)].map((t) => t.grad_fn?.name())).toEqual(['NormalBackward3', 'NormalBackward1', 'NormalBackward2']);
  const out = torch.normal(m, s);
  out.sum().backward();
  expect(m.grad!.tolist()).toEqual([0, 0, 0]);
});
