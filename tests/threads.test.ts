// The worker pool (src/backends/threads.ts) and the relaxed-SIMD build of the core: products on 1
// and 2 threads are bit-identical, set_num_threads(1) keeps everything on this thread, and the
// relaxed build agrees with the SIMD128 one within float32 tolerance.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as torch from '../src/index.js';
import { getWasmBackend } from '../src/backends/index.js';
import { bucketKey, newBucket } from '../src/backends/threads.js';
import { coreVariants, instantiateCore, type Core } from '../src/backends/wasm.js';

const backend = getWasmBackend()!;
const pool = backend.pool!;

beforeAll(async () => {
  // a 1-core machine still gets a worker to test with
  await pool.grow(2);
});
afterAll(() => torch.set_num_threads(availableParallelism()));

/**
 * y computed on 1 and on 2 threads, every product big enough to split being split (the timing
 * heuristic is tested on its own); `threaded` says whether the pool split the 2-thread run.
 */
function onBoth(f: () => torch.Tensor): { one: torch.Tensor; two: torch.Tensor; threaded: boolean } {
  const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_work, _coldMin, wanted) => Math.min(wanted, pool.size));
  const run = vi.spyOn(pool, 'run');
  const splits = () => run.mock.calls.filter(([parts]) => parts.length > 1).length;
  try {
    torch.set_num_threads(1);
    const one = f();
    expect(splits()).toBe(0);
    torch.set_num_threads(2);
    const two = f();
    return { one, two, threaded: splits() > 0 };
  } finally {
    run.mockRestore();
    always.mockRestore();
  }
}

describe('threads', () => {
  test('Node gets shared memory and a pool; get_num_threads defaults to the core count', () => {
    expect(backend.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(pool.size).toBeGreaterThanOrEqual(2);
    torch.set_num_threads(availableParallelism());
    expect(torch.get_num_threads()).toBe(availableParallelism());
    torch.set_num_threads(3);
    expect(torch.get_num_threads()).toBe(3);
    expect(() => torch.set_num_threads(0)).toThrow('set_num_threads expects a positive integer');
    expect(() => torch.set_num_threads(1.5)).toThrow('set_num_threads expects a positive integer');
  });

  // [name, a's shape, b's shape, dtype, transpose a, transpose b]
  const cases: [string, number[], number[], torch.DType, boolean, boolean][] = [
    ['square f32 (rows split)', [256, 256], [256, 256], torch.float32, false, false],
    ['odd sizes, K across two K blocks', [131, 300], [300, 77], torch.float32, false, false],
    ['33 rows: the last part keeps more than 8 rows', [33, 512], [512, 96], torch.float32, false, false],
    ['transposed operands', [200, 150], [150, 120], torch.float32, true, true],
    ['float64', [96, 160], [160, 130], torch.float64, false, false],
    ['int32', [128, 100], [100, 90], torch.int32, false, false],
    ['int64', [100, 80], [80, 70], torch.int64, false, false],
    ['bmm, batch split', [6, 64, 96], [6, 96, 80], torch.float32, false, false],
    ['bmm, odd batch', [3, 90, 70], [3, 70, 110], torch.float32, false, true],
    ['batches over one B (one taller product)', [4, 40, 128], [128, 64], torch.float32, false, false],
    ['broadcast A over batches of B', [64, 100], [5, 100, 72], torch.float32, false, false],
  ];
  test.each(cases)('%s: identical on 1 and 2 threads', (_name, sa, sb, dtype, ta, tb) => {
    torch.manual_seed(1);
    const make = (shape: number[], t: boolean) => {
      const s = t ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape;
      const x = dtype.is_floating_point ? torch.randn(s, { dtype }) : torch.randint(-50, 50, s, { dtype });
      return t ? x.mT : x;
    };
    const a = make(sa, ta), b = make(sb, tb);
    const { one, two, threaded } = onBoth(() => a.matmul(b));
    expect(threaded).toBe(true);
    // bit-identical (the single-thread product is what every other test checks)
    expect(torch.equal(one, two)).toBe(true);
  });

  test('elementwise ops over long runs: identical on 1 and 2 threads, different dtypes alike', () => {
    torch.manual_seed(3);
    const n = 100_003; // not a whole number of 64-element blocks: the last part has the scalar tail
    const x = torch.randn(n), y = torch.randn(n), i = torch.randint(-9, 9, [n], { dtype: torch.int32 });
    const ops: [string, () => torch.Tensor][] = [
      ['exp', () => x.exp()],
      ['sigmoid', () => x.sigmoid()],
      ['add', () => x.add(y)],
      ['div', () => x.div(y)],
      ['gt (bool out)', () => x.gt(y)],
      ['int32 mul', () => i.mul(i)],
      ['float64 tanh', () => x.double().tanh()],
    ];
    for (const [name, f] of ops) {
      const { one, two, threaded } = onBoth(f);
      expect(threaded, name).toBe(true);
      expect(torch.equal(one, two), name).toBe(true);
    }
  });

  test('tiny products, and products of few rows, stay on this thread', () => {
    for (const [m, k, n] of [[16, 16, 16], [20, 4096, 256]]) {
      const a = torch.randn(m, k), b = torch.randn(k, n);
      const { one, two, threaded } = onBoth(() => a.matmul(b));
      expect(threaded).toBe(false);
      expect(torch.equal(one, two)).toBe(true);
    }
  });

  test('the pool splits a job only when its measurements say the split pays', () => {
    const saved = { ...pool.costs, buckets: new Map(pool.costs.buckets) };
    const now = vi.spyOn(performance, 'now').mockReturnValue(1e9); // long after any job: workers asleep
    try {
      pool.costs.hotUs = 5;
      pool.costs.coldUs = 1000;
      expect(pool.threadsFor(1e7, 'never_timed', 2)).toBe(1); // a kernel is timed alone first
      // 0.001 us per unit alone: 100 us for 1e5 units, 10 ms for 1e7
      for (const work of [1e5, 1e7]) pool.costs.buckets.set(bucketKey('k', work), { ...newBucket(), alone: 0.001, jobs: 1 });
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(1); // saves 50 us: not worth waking the workers (1 ms)
      expect(pool.threadsFor(1e7, 'k', 2)).toBe(2); // saves 5 ms
      expect(pool.threadsFor(1e7, 'k', 1)).toBe(1); // set_num_threads(1)
      pool.run([[], []]); // a job handed to a worker that ends now: the workers are awake
      now.mockReturnValue(1e9 + 0.5);
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(2); // untried split: the model says 50 us saved > 5 us hand-off
      const bucket = pool.costs.buckets.get(bucketKey('k', 1e5))!;
      bucket.split = 0.002; // measured: splitting is slower
      bucket.jobs = 1;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(1);
      bucket.split = 0.0004; // measured: splitting is 2.5x faster
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(2);
      // the other way is retried now and then, to keep both measurements current: every 32nd job
      // times how many times slower it measured (here 2.5x: every 96th)
      bucket.jobs = 31;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(2);
      bucket.jobs = 95;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(1);
      now.mockReturnValue(1e9 + 10); // asleep: splits that woke the workers decide, measured apart
      bucket.jobs = 1;
      bucket.splitCold = 0.0004;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(2);
      bucket.splitCold = 0.002;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(1);
      bucket.splitCold = Number.NaN; // never split asleep: the hand-off model (waking costs 1 ms), and a try every 32nd job
      bucket.jobs = 1;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(1);
      bucket.jobs = 31;
      expect(pool.threadsFor(1e5, 'k', 2)).toBe(2);
    } finally {
      now.mockRestore();
      Object.assign(pool.costs, { hotUs: saved.hotUs, coldUs: saved.coldUs });
      pool.costs.buckets.clear();
      for (const [k, v] of saved.buckets) pool.costs.buckets.set(k, v);
    }
  });

  test('a part no worker has started is run on this thread, with the same bits (a worker not scheduled)', () => {
    const a = torch.randn(256, 96), b = torch.randn(96, 80);
    torch.set_num_threads(1);
    const want = a.mm(b).tolist();
    torch.set_num_threads(2);
    const always = vi.spyOn(pool, 'threadsFor').mockImplementation((_work, _kernel, wanted) => Math.min(wanted, pool.size));
    const restored = vi.spyOn(pool, 'afterSteal' as never);
    // let the workers fall asleep, then hand them a job without waking them: this thread must take their part
    for (const until = performance.now() + 20; performance.now() < until;);
    const notify = vi.spyOn(Atomics, 'notify').mockReturnValue(0);
    try {
      expect(a.mm(b).tolist()).toEqual(want);
      expect(restored).toHaveBeenCalled();
    } finally {
      notify.mockRestore();
      restored.mockRestore();
    }
    try {
      // this thread's GEMM scratch is its own again, and the workers take jobs as before
      torch.set_num_threads(1);
      expect(a.mm(b).tolist()).toEqual(want);
      torch.set_num_threads(2);
      for (let i = 0; i < 5; i++) expect(a.mm(b).tolist()).toEqual(want);
    } finally {
      always.mockRestore();
    }
  });

  test('the pool learns a kernel\'s speed from the jobs it runs on one thread', () => {
    const key = bucketKey('learned', 1e6);
    pool.costs.buckets.set(key, newBucket());
    const now = vi.spyOn(performance, 'now');
    try {
      let t = 5e8;
      now.mockImplementation(() => (t += 1)); // every reading 1 ms after the last
      pool.run([[]], { kernel: 'learned', work: 1e6 });
      expect(pool.costs.buckets.get(key)!.alone).toBeCloseTo(1000 / 1e6, 9); // 1 ms over 1e6 units
    } finally {
      now.mockRestore();
      pool.costs.buckets.delete(key);
    }
  });

  test('one descheduled split job does not decide for the jobs after it; splits that are often slow do', () => {
    const key = bucketKey('outlier', 1e6);
    const b = newBucket();
    pool.costs.buckets.set(key, b);
    const now = vi.spyOn(performance, 'now');
    // each job: two readings (start, end) `ms` apart; the pool's own bookkeeping reads no clock in between
    const job = (threads: number, ms: number) => {
      let t = 5e8;
      const readings = [t, t + ms];
      now.mockImplementation(() => readings.shift() ?? (t += 1e-6));
      pool.run(Array.from({ length: threads }, () => []), { kernel: 'outlier', work: 1e6 });
    };
    try {
      for (let i = 0; i < 9; i++) job(1, 1);
      for (let i = 0; i < 8; i++) job(2, 0.5);
      job(2, 30); // a worker descheduled mid-part
      expect(b.split).toBeLessThan(b.alone / 1.5);
      for (let i = 0; i < 4; i++) job(2, 30);
      expect(b.split).toBeGreaterThan(b.alone);
    } finally {
      now.mockRestore();
      pool.costs.buckets.delete(key);
    }
  });

  test('start-up measured the hand-off: awake workers cost less than sleeping ones', () => {
    expect(Number.isFinite(pool.costs.hotUs)).toBe(true);
    expect(pool.costs.hotUs).toBeGreaterThan(0);
    expect(pool.costs.coldUs).toBeGreaterThanOrEqual(pool.costs.hotUs);
  });

  test('gradients through threaded products match the single-thread ones', () => {
    torch.manual_seed(2);
    const x = torch.randn(128, 96, { requires_grad: true }), w = torch.randn(96, 160, { requires_grad: true });
    const grads = () => {
      const [gx, gw] = torch.autograd.grad([x.matmul(w).tanh().sum()], [x, w]);
      return torch.cat([gx.flatten(), gw.flatten()]);
    };
    const { one, two } = onBoth(grads);
    expect(torch.equal(one, two)).toBe(true);
  });
});

describe('relaxed SIMD build', () => {
  let plain: Core, relaxed: Core;
  beforeAll(async () => {
    // Node 20 has relaxed SIMD behind a flag; V8 reads it when validating, so setting it now works
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    plain = await instantiateCore(['']);
    relaxed = await instantiateCore(['relaxed']);
  });

  test('is preferred where the engine validates relaxed SIMD', () => {
    expect(coreVariants()).toEqual(['mt-relaxed', 'mt', 'relaxed', '']);
    expect(relaxed.variant).toBe('relaxed');
  });

  // [m, n, k, transpose a, transpose b]: packed and in-place paths, edges, dot-product tiles
  const shapes: [number, number, number, boolean, boolean][] = [
    [256, 256, 256, false, false],
    [67, 45, 300, false, false],
    [130, 70, 40, true, false],
    [4, 200, 512, false, true],
    [50, 33, 700, true, true],
  ];
  test.each(shapes)('gemm_f32 %ix%ix%i (a^T %s, b^T %s) agrees with SIMD128 within float32 tolerance', (m, n, k, ta, tb) => {
    const rand = (len: number) => Float32Array.from({ length: len }, () => Math.random() * 2 - 1);
    const A = rand(m * k), B = rand(k * n);
    const run = (core: Core): Float32Array => {
      const ex = core.exports as unknown as Record<string, (...args: number[]) => number>;
      const scratch = ex.gemm_scratch_bytes(m, n, k);
      const [pa, pb, pc, ps] = [m * k * 4, k * n * 4, m * n * 4, scratch].map((bytes) => ex.alloc(bytes));
      new Float32Array(core.memory.buffer, pa, m * k).set(A);
      new Float32Array(core.memory.buffer, pb, k * n).set(B);
      ex.gemm_set_scratch(ps, scratch);
      // A[i,k] = A[i*k + kk] whatever the strides say: a transposed walk of the same numbers
      const [rsa, csa] = ta ? [1, m] : [k, 1], [rsb, csb] = tb ? [1, k] : [n, 1];
      ex.gemm_f32(m, n, k, pa, rsa, csa, pb, rsb, csb, pc, 0, 1);
      const out = new Float32Array(core.memory.buffer, pc, m * n).slice();
      [pa, pb, pc, ps].forEach((p) => ex.free(p));
      return out;
    };
    const x = run(plain), y = run(relaxed);
    // fused multiply-adds round once per step instead of twice: differences of a few ulps of
    // the sum of |terms| (at most k/2 here), never of the result's own size
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    expect(worst).toBeLessThan(k * 2 ** -23 * 4);
    expect(x.some((v, i) => v !== y[i])).toBe(true); // really a different build
  });
});
