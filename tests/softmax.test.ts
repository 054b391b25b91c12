// The fused softmax / log_softmax (assembly/softmax.ts on the wasm core, a plain loop on the JS
// backend): the same results as the ops it replaced, on one and two threads, strided and odd
// layouts, float32 and float64; special values as PyTorch 1.13; wasm against the JS reference.
import fc from 'fast-check';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { getWasmBackend } from '../src/backends/index.js';
import { describeBackends, gradcheck } from './gradcheck.js';

/**
 * The ops softmax was composed of before the kernel (src/ops/reduce.ts still runs them on webgl),
 * with the kernel's scaling: exp(x - max) * (1 / sum) where the composed op divided.
 */
function composed(x: Tensor, d: number, log: boolean): Tensor {
  const shifted = x.sub(x.amax(d, true));
  const e = shifted.exp();
  const s = e.sum(d, true);
  return log ? shifted.sub(s.log()) : e.mul(s.reciprocal());
}

/** Every element's bits (NaNs as one NaN). */
function bits(t: Tensor): number[] {
  const values = t.flatten().tolist() as number[];
  if (t.dtype === torch.float64) return values.map((v) => (Number.isNaN(v) ? NaN : v));
  return Array.from(new Uint32Array(new Float32Array(values).buffer));
}

function expectSameBits(got: Tensor, want: Tensor, what: string): void {
  expect(got.dtype).toBe(want.dtype);
  expect([...got.shape]).toEqual([...want.shape]);
  const g = bits(got), w = bits(want);
  const first = g.findIndex((v, i) => !Object.is(v, w[i]));
  if (first >= 0) expect.fail(`${what}: element ${first} is ${got.flatten().index(first).item()}, composed ${want.flatten().index(first).item()}`);
}

/** Seeded values in [-2, 2): exps of one size, so every rounding of the sums shows in the bits. */
function values(shape: number[], dtype: torch.DType): Tensor {
  torch.manual_seed(shape.reduce((a, b) => a * 31 + b, 7));
  return torch.rand(shape, { dtype }).mul(4).sub(2);
}

// [what, input builder, dims to try]; layouts where the kernel sees strided, flipped, broadcast
// and unmergeable views, and rows of several sum blocks (4096 elements each)
const LAYOUTS: [string, (dtype: torch.DType) => Tensor][] = [
  ['[1]', (dt) => values([1], dt)],
  ['[3]', (dt) => values([3], dt)],
  ['[4]', (dt) => values([4], dt)],
  ['[5]', (dt) => values([5], dt)],
  ['[17]', (dt) => values([17], dt)],
  ['[4100] (two blocks)', (dt) => values([4100], dt)],
  ['[13000] (four blocks: a tree and a tail)', (dt) => values([13000], dt)],
  ['[3, 4]', (dt) => values([3, 4], dt)],
  ['[2, 3, 5]', (dt) => values([2, 3, 5], dt)],
  ['[70, 3] (columns past one partial sum)', (dt) => values([70, 3], dt)],
  ['[4200, 5] (columns past 64 partials)', (dt) => values([4200, 5], dt)],
  ['[3, 1030] (a tile and a bit)', (dt) => values([3, 1030], dt)],
  ['transposed [6, 9]', (dt) => values([9, 6], dt).t()],
  ['flipped [5, 7]', (dt) => values([5, 7], dt).flip([0, 1])],
  ['every other column [4, 11]', (dt) => values([4, 22], dt).index(':, ::2')],
  ['expanded [5, 6]', (dt) => values([1, 6], dt).expand(5, 6)],
  ['permuted [3, 4, 5, 2] (no three strides)', (dt) => values([2, 5, 3, 4], dt).permute(2, 3, 1, 0)],
  ['0-d', (dt) => values([], dt)],
];

describe('fused softmax on the wasm core', () => {
  for (const [what, make] of LAYOUTS) {
    test(`${what}: the composed ops' results, every dim, float32 and float64`, () => {
      for (const dtype of [torch.float32, torch.float64]) {
        const x = make(dtype);
        for (let d = 0; d < Math.max(1, x.ndim); d++) {
          for (const log of [false, true]) {
            const got = log ? x.log_softmax(d) : x.softmax(d);
            expectSameBits(got, composed(x, d, log), `${dtype.name} dim ${d}${log ? ' log' : ''}`);
          }
        }
      }
    });
  }

  test('the column path after a size-1 last dim: the composed sum took another order', () => {
    const x = values([200, 3, 1], torch.float32);
    for (const log of [false, true]) {
      const got = (log ? x.log_softmax(0) : x.softmax(0)).flatten().tolist() as number[];
      const want = composed(x, 0, log).flatten().tolist() as number[];
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]))));
    }
  });

  test('the kernel runs instead of the composed ops; autograd nodes as before', () => {
    const backend = getWasmBackend()!;
    const a = values([3, 4], torch.float32), b = values([3, 4], torch.float64);
    const kernel = vi.spyOn(backend, 'kernel');
    try {
      a.softmax(1);
      b.log_softmax(0);
      expect(kernel.mock.calls.map(([name]) => name)).toEqual(['softmax_f32', 'log_softmax_f64']);
    } finally {
      kernel.mockRestore();
    }
    const x = values([3, 4], torch.float32).requires_grad_();
    expect(x.softmax(1).grad_fn?.name()).toBe('SoftmaxBackward0');
    expect(x.log_softmax(1).grad_fn?.name()).toBe('LogSoftmaxBackward0');
  });
});

describe('fused softmax on threads', () => {
  const backend = getWasmBackend()!;
  const pool = backend.pool!;
  beforeAll(async () => {
    // a 1-core machine still gets a worker to test with
    await pool.grow(2);
  });

  /** f on one thread, then on two with every job split; whether the second run was split. */
  function onBoth(f: () => Tensor): { one: Tensor; two: Tensor; splits: number } {
    const threads = torch.get_num_threads();
    const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_work, _coldMin, wanted) => Math.min(wanted, pool.size));
    const run = vi.spyOn(pool, 'run');
    try {
      torch.set_num_threads(1);
      const one = f();
      torch.set_num_threads(2);
      run.mockClear();
      const two = f();
      return { one, two, splits: run.mock.calls.filter(([parts]) => parts.length > 1).length };
    } finally {
      run.mockRestore();
      always.mockRestore();
      torch.set_num_threads(threads);
    }
  }

  // [what, shape, dtype, rounds of split jobs per call]
  const CASES: [string, number[], torch.DType, number][] = [
    ['rows split across threads [300, 1000]', [300, 1000], torch.float32, 1],
    ['one long row split by blocks [300001]', [300001], torch.float32, 3],
    ['one long float64 row [70000]', [70000], torch.float64, 3],
  ];
  for (const [what, shape, dtype, rounds] of CASES) {
    test(`${what}: the same bits on one and two threads`, () => {
      const x = values(shape, dtype);
      const d = shape.length - 1;
      for (const log of [false, true]) {
        const name = log ? 'log_softmax' : 'softmax';
        const { one, two, splits } = onBoth(() => (log ? x.log_softmax(d) : x.softmax(d)));
        expect(splits).toBe(rounds);
        expectSameBits(two, one, `${name} on two threads`);
        expectSameBits(one, composed(x, d, log), `${name} on one thread`);
      }
    });
  }
});

describeBackends('softmax special values', () => {
  const inf = Infinity, nan = NaN;
  // PyTorch 1.13: [input, softmax, log_softmax] along dim 0
  const CASES: [number[], number[], number[]][] = [
    [[inf, 1], [nan, nan], [nan, nan]],
    [[inf, inf], [nan, nan], [nan, nan]],
    [[-inf, -inf], [nan, nan], [nan, nan]],
    [[-inf, 0], [0, 1], [-inf, 0]],
    [[nan, 1], [nan, nan], [nan, nan]],
    [[1000, 0, -1000], [1, 0, 0], [0, -1000, -2000]],
    [[-0, 0], [0.5, 0.5], [-Math.LN2, -Math.LN2]],
  ];
  const show = (v: number[]) => v.map((a) => (Number.isNaN(a) ? 'nan' : +a.toFixed(6)));
  for (const [input, soft, logSoft] of CASES) {
    test(`[${input}]`, () => {
      for (const dtype of [torch.float32, torch.float64]) {
        // also as the middle row of a batch, and after 30 ordinary values (a vector body, not a tail)
        const padded = [...Array.from({ length: 30 }, (_, i) => -i / 7), ...input];
        const x = torch.tensor(input, { dtype });
        expect(show(x.softmax(0).tolist() as number[])).toEqual(show(soft));
        expect(show(x.log_softmax(0).tolist() as number[])).toEqual(show(logSoft));
        const rows = torch.stack([x.add(1), x, x.sub(1)]).softmax(1);
        expect(show(rows.index(1).tolist() as number[])).toEqual(show(soft));
        // there a NaN or +inf still makes every result NaN; -inf gives 0
        const long = torch.tensor(padded, { dtype }).softmax(0).tolist() as number[];
        const poisoned = input.some((v) => Number.isNaN(v) || v === inf);
        expect(long.every(Number.isNaN)).toBe(poisoned);
        if (!poisoned) expect(long.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    });
  }
  test('an all -inf column and a row with +inf (dim 0 and 1)', () => {
    const x = torch.tensor([[inf, 1], [2, 3]]);
    expect(show(x.softmax(0).flatten().tolist() as number[])).toEqual(show([nan, 0.119203, nan, 0.880797]));
    expect(show(x.softmax(1).flatten().tolist() as number[])).toEqual(show([nan, nan, 0.268941, 0.731059]));
  });
  test('gradients through the kernel (float64 gradcheck, both dims)', () => {
    const x = values([3, 5], torch.float64).div(3).requires_grad_();
    for (const d of [0, 1]) {
      gradcheck((t) => t.softmax(d), [x]);
      gradcheck((t) => t.log_softmax(d), [x]);
    }
  });
});

describe('fused softmax: wasm core against the JS reference', () => {
  const SPECIAL = [0, -0, 1, -1, 80, -80, 100, -120, Infinity, -Infinity, NaN];
  const operand = fc
    .record({
      shape: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
      dim: fc.nat(),
      dtype: fc.constantFrom('float32', 'float64'),
      layout: fc.constantFrom('contiguous', 'transposed', 'flipped'),
      log: fc.boolean(),
      special: fc.double({ min: 0, max: 0.2, noNaN: true }),
      seed: fc.nat(),
    });
  test('random shapes, dims, layouts and values', () => {
    fc.assert(fc.property(operand, (o) => {
      const n = o.shape.reduce((a, b) => a * b, 1);
      let s = o.seed;
      const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
      const data = Array.from({ length: n }, () => (rand() < o.special ? SPECIAL[Math.floor(rand() * SPECIAL.length)] : (rand() - 0.5) * 20));
      const run = (backend: 'wasm' | 'js') => {
        torch.set_backend(backend);
        try {
          let x = torch.tensor(data, { dtype: o.dtype }).reshape(o.shape);
          if (o.layout === 'transposed') x = x.permute([...o.shape.keys()].reverse()).contiguous().permute([...o.shape.keys()].reverse());
          if (o.layout === 'flipped') x = x.flip([0]);
          const d = o.dim % x.ndim;
          return (o.log ? x.log_softmax(d) : x.softmax(d)).flatten().tolist() as number[];
        } finally {
          torch.set_backend('wasm');
        }
      };
      const got = run('wasm'), want = run('js');
      const tol = o.dtype === 'float32' ? 2e-6 : 1e-13;
      got.forEach((v, i) => {
        const w = want[i];
        if (!Number.isFinite(v) || !Number.isFinite(w)) expect(Number.isNaN(v) ? 'nan' : v).toEqual(Number.isNaN(w) ? 'nan' : w);
        else if (Math.abs(v - w) > tol * Math.max(1, Math.abs(w))) expect.fail(`element ${i}: wasm ${v}, js ${w}`);
      });
    }), { numRuns: 300 });
  });
});
