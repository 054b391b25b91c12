// Bad input and edge cases that once went wrong: each call here does what PyTorch 1.13 does, raising
// its error (same message) or returning its value (same repr). Expectations come from
// tests/fixtures/bad-input.json, written by scripts/fixtures/gen_bad_input.py under real PyTorch.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends } from './gradcheck.js';

interface Expected { value?: string | string[]; error?: string; message?: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/bad-input.json', import.meta.url), 'utf8')) as { cases: Record<string, Expected> };

const F = torch.nn.functional;
const f64 = { dtype: torch.float64, requires_grad: true };
const i32 = (v: number[]) => torch.tensor(v, { dtype: torch.int32 });
// deliberately wrong calls: the type system would refuse them, users' untyped code does not
const untyped = (f: unknown) => f as (...args: any[]) => any;

function matmulGrads(sa: number[], sb: number[]): Tensor[] {
  const a = torch.ones(sa, f64), b = torch.ones(sb, f64);
  a.matmul(b).sum().backward();
  return [a.grad as Tensor, b.grad as Tensor];
}

function clampGrads(): Tensor[] {
  const [x, lo, hi] = [0, 1, -1].map((v) => torch.tensor(v, { requires_grad: true }));
  x.clamp(lo, hi).backward();
  return [x.grad, lo.grad, hi.grad] as Tensor[];
}

const bools = () => torch.tensor([true, false]);
const CASES: Record<string, () => unknown> = {
  'matmul/nd@1d backward': () => matmulGrads([2, 3, 4], [4]),
  'matmul/1d@nd backward': () => matmulGrads([4], [2, 4, 3]),
  'matmul/0-batch@1d backward': () => matmulGrads([0, 3, 4], [4]),
  'matmul/number operand': () => untyped(torch.ones(2).matmul.bind(torch.ones(2)))(2),
  'div/int trunc by zero': () => i32([5, -5, 0]).div(0, { rounding_mode: 'trunc' }),
  'div/int floor by zero': () => i32([5, -5, 0]).div(0, { rounding_mode: 'floor' }),
  'div/int trunc by zero tensor': () => i32([5, -5, 0]).div(i32([0, 1, 1]), { rounding_mode: 'trunc' }),
  'fmod/int by zero': () => i32([5, -5, 0]).fmod(0),
  'fmod/int tensors': () => i32([5, -5]).fmod(i32([3, 3])),
  'fmod/int by number': () => i32([5, -5]).fmod(3),
  'linspace/fractional steps': () => torch.linspace(0, 1, 2.5),
  'expand/fractional size': () => torch.ones(1).expand(2.5),
  'split/fractional size': () => torch.ones(4).split(1.5),
  'zeros/fractional size': () => torch.zeros(2, 2.5),
  'zeros/negative size': () => torch.zeros(2, -3),
  'zeros/dtype where a size goes': () => untyped(torch.zeros)(2, 3, torch.int32),
  'index/ragged list': () => torch.arange(3).index([[0, 1], [2]] as unknown as number[]),
  'gather/negative index': () => torch.ones(2, 3).gather(1, torch.tensor([[-1]], { dtype: torch.int64 })),
  'clamp/min above max gradients': clampGrads,
  'tensor/int32 overflow': () => torch.tensor([2 ** 40], { dtype: torch.int32 }),
  'tensor/int32 from nan': () => torch.tensor([Number.NaN], { dtype: torch.int32 }),
  'tensor/int32 from inf': () => torch.tensor([Number.POSITIVE_INFINITY], { dtype: torch.int32 }),
  'backward/string gradient': () => untyped(torch.ones(1, { requires_grad: true }).sum().backward)('a'),
  'abs/bool': () => bools().abs(),
  'ceil/bool': () => bools().ceil(),
  'floor/bool': () => bools().floor(),
  'round/bool': () => bools().round(),
  'trunc/bool': () => bools().trunc(),
  'frac/bool': () => bools().frac(),
  'relu/bool': () => bools().relu(),
  'argmax/bool': () => bools().argmax(),
  'argmin/bool': () => bools().argmin(),
  'pow/int negative tensor exponent': () => i32([2, 3, 1, -1]).pow(i32([-1, 2, -2, -1])),
  'arange/int64 with fractional end': () => torch.arange(0, 2.5, 1, { dtype: torch.int64 }),
  'einsum/digit subscript': () => torch.einsum('i1,1->i', torch.ones(2, 1), torch.ones(1)),
  'linear/number bias': () => untyped(F.linear)(torch.ones(2, 3), torch.ones(4, 3), 5),
  'mse_loss/misspelt keyword': () => untyped(F.mse_loss)(torch.ones(2), torch.ones(2), { reductoin: 'sum' }),
  'dropout/misspelt keyword': () => untyped(F.dropout)(torch.ones(2), { pp: 0.5 }),
  'sum/keepdims alias': () => untyped(torch.ones(2, 2).sum.bind(torch.ones(2, 2)))({ dim: 1, keepdims: true }),
};

const reprOf = (v: unknown): unknown => (Array.isArray(v) ? v.map(reprOf) : String(v));

test('every PyTorch case has a JS call and every JS call a PyTorch case', () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(fixture.cases).sort());
});

describeBackends('bad input', () => {
  for (const [id, want] of Object.entries(fixture.cases)) {
    test(id, () => {
      const call = CASES[id];
      if (want.error) {
        let thrown: unknown = null;
        try {
          call();
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${id} should throw ${want.error}`).toBeInstanceOf(Error);
        expect((thrown as Error).message).toBe(want.message);
        // the next op still works
        expect(torch.ones(3).sum().item()).toBe(3);
      } else {
        expect(reprOf(call())).toEqual(want.value);
      }
    });
  }
});
