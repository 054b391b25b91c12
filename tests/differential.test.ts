// Randomised differential test: every elementwise op on random shapes, broadcast patterns,
// non-contiguous views and dtypes, run on the wasm core and on the JS reference backend.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { BINARY, UNARY } from '../src/ops/table.js';

const DTYPES = ['float32', 'float64', 'float16', 'int32', 'int64', 'uint8', 'int8', 'int16', 'bool'] as const;
type DName = (typeof DTYPES)[number];

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3, NaN, Infinity, -Infinity];

/** Values that fit the dtype (integers for integer dtypes, 0/1 for bool). */
function valueArb(dtype: DName): fc.Arbitrary<number> {
  if (dtype === 'bool') return fc.integer({ min: 0, max: 1 });
  if (dtype === 'uint8') return fc.integer({ min: 0, max: 255 });
  if (dtype.startsWith('int')) return fc.integer({ min: -100, max: 100 });
  return fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(...SPECIAL));
}

interface Operand { shape: number[]; values: number[]; dtype: DName; permute: number[] | null }

/** A random operand broadcastable to `shape`; sometimes a permuted (non-contiguous) view. */
function operandArb(shape: number[], dtype: DName): fc.Arbitrary<Operand> {
  return fc
    .record({
      drop: fc.integer({ min: 0, max: shape.length }),
      ones: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      transpose: fc.boolean(),
    })
    .chain(({ drop, ones, transpose }) => {
      const own = shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      const n = own.reduce((a, b) => a * b, 1);
      const permute = transpose && own.length >= 2 ? own.map((_, i) => own.length - 1 - i) : null;
      return fc.array(valueArb(dtype), { minLength: n, maxLength: n }).map((values) => ({ shape: own, values, dtype, permute }));
    });
}

/** Builds the operand on the current backend: stored reversed-axis contiguous, then permuted back. */
function build(o: Operand): Tensor {
  const data = o.dtype === 'bool' ? o.values.map((v) => v !== 0) : o.values;
  const t = torch.tensor(data as number[], { dtype: o.dtype }).reshape(o.shape);
  if (!o.permute) return t;
  return t.permute(o.permute).contiguous().permute(o.permute);
}

function run(backend: 'wasm' | 'js', fn: () => Tensor): { value?: unknown; dtype?: string; error?: string } {
  torch.set_backend(backend);
  try {
    const r = fn();
    return { value: r.tolist(), dtype: r.dtype.name };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    torch.set_backend('wasm');
  }
}

function flat(v: unknown): unknown[] { return Array.isArray(v) ? v.flatMap(flat) : [v]; }

function expectClose(a: ReturnType<typeof run>, b: ReturnType<typeof run>, what: string): void {
  expect(a.error, `${what}: error`).toBe(b.error);
  if (a.error) return;
  expect(a.dtype, `${what}: dtype`).toBe(b.dtype);
  const x = flat(a.value), y = flat(b.value);
  expect(x.length).toBe(y.length);
  const tol = a.dtype === 'float16' ? 2e-3 : a.dtype === 'float32' ? 2e-5 : 1e-12;
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as number, q = y[i] as number;
    if (typeof p !== 'number' || !Number.isFinite(p) || !Number.isFinite(q)) {
      expect(Number.isNaN(p) ? 'nan' : p, `${what}[${i}]`).toEqual(Number.isNaN(q) ? 'nan' : q);
    } else if (Math.abs(p - q) > tol * (1 + Math.abs(q))) {
      expect.fail(`${what}[${i}]: wasm ${p}, js ${q}`);
    }
  }
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 });
const dtypeArb = fc.constantFrom(...DTYPES);

describe('wasm core vs JS reference', () => {
  test('unary ops', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(UNARY) as (keyof typeof UNARY)[])), shapeArb, dtypeArb,
        (name, shape, dtype) => fc.assert(fc.property(operandArb(shape, dtype), (o) => {
          const f = () => build(o)[name]();
          expectClose(run('wasm', f), run('js', f), `${name}(${dtype}${JSON.stringify(o.shape)})`);
        }), { numRuns: 3 })),
      { numRuns: 150 },
    );
  });

  test('binary ops with broadcasting, mixed dtypes and number operands', () => {
    const names = Object.keys(BINARY) as (keyof typeof BINARY)[];
    fc.assert(
      fc.property(fc.constantFrom(...names), shapeArb, dtypeArb, dtypeArb, fc.boolean(),
        (name, shape, da, db, scalar) => fc.assert(fc.property(operandArb(shape, da), operandArb(shape, db), valueArb(db),
          (a, b, s) => {
            const f = () => (build(a)[name] as (x: Tensor | number) => Tensor)(scalar ? s : build(b));
            expectClose(run('wasm', f), run('js', f), `${name}(${da}${JSON.stringify(a.shape)}, ${scalar ? s : db + JSON.stringify(b.shape)})`);
          }), { numRuns: 3 })),
      { numRuns: 200 },
    );
  });

  test('where, clamp and casts', () => {
    fc.assert(
      fc.property(shapeArb, dtypeArb, dtypeArb, (shape, da, db) => fc.assert(fc.property(
        operandArb(shape, 'bool'), operandArb(shape, da), operandArb(shape, db),
        (c, a, b) => {
          expectClose(run('wasm', () => torch.where(build(c), build(a), build(b))), run('js', () => torch.where(build(c), build(a), build(b))), 'where');
          if (da !== 'bool') expectClose(run('wasm', () => build(a).clamp(-1, 2)), run('js', () => build(a).clamp(-1, 2)), 'clamp');
          expectClose(run('wasm', () => build(a).to(db)), run('js', () => build(a).to(db)), `to ${da}->${db}`);
        }), { numRuns: 2 })),
      { numRuns: 120 },
    );
  });
});

// ---- reductions, movement and indexing (issue 4) -------------------------------------------------

/** The operand as a view of another layout too: as built (maybe permuted), stepped, or expanded. */
const layoutArb = fc.constantFrom('as built', 'stepped', 'expanded');
function layout(t: Tensor, kind: string): Tensor {
  if (kind === 'stepped' && t.ndim) return t.index('::2');
  if (kind === 'expanded') return t.unsqueeze(0).expand(2, ...t.shape);
  return t;
}

/** Random choices an op turns into dims, shifts and indices for whatever shape it is given. */
interface Picks { k: number; negative: boolean; mask: boolean[]; keepdim: boolean; ints: number[] }
const picksArb: fc.Arbitrary<Picks> = fc.record({
  k: fc.nat(7), negative: fc.boolean(), mask: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  keepdim: fc.boolean(), ints: fc.array(fc.nat(40), { minLength: 6, maxLength: 6 }),
});
const dimOf = (x: Tensor, p: Picks) => (x.ndim ? (p.k % x.ndim) - (p.negative ? x.ndim : 0) : 0);
const dimsOf = (x: Tensor, p: Picks) => p.mask.flatMap((m, i) => (m && i < x.ndim ? [i] : []));
/** Valid int64 positions along dim d of x (empty when the dim is). */
const positionsOf = (x: Tensor, d: number, p: Picks, n = 3) => {
  const size = x.ndim ? x.shape[(d + x.ndim) % x.ndim] : 1;
  return torch.tensor(size ? p.ints.slice(0, n).map((v) => v % size) : [], { dtype: torch.int64 });
};

type PickedOp = (x: Tensor, p: Picks) => Tensor;
const REDUCTION_OPS: Record<string, PickedOp> = {
  sum: (x, p) => x.sum(dimsOf(x, p), p.keepdim),
  mean: (x, p) => x.mean(dimsOf(x, p), p.keepdim),
  prod: (x, p) => x.prod(dimOf(x, p), p.keepdim),
  amax: (x, p) => x.amax(dimsOf(x, p), p.keepdim),
  amin: (x, p) => x.amin(dimsOf(x, p), p.keepdim),
  'max(dim).values': (x, p) => x.max(dimOf(x, p), p.keepdim).values,
  'min(dim).indices': (x, p) => x.min(dimOf(x, p), p.keepdim).indices,
  'max()': (x) => x.max() as Tensor,
  argmax: (x, p) => x.argmax(dimOf(x, p), p.keepdim),
  argmin: (x, p) => x.argmin(p.keepdim ? dimOf(x, p) : null),
  all: (x, p) => x.all(dimOf(x, p), p.keepdim),
  any: (x, p) => x.any(dimsOf(x, p), p.keepdim),
  cumsum: (x, p) => x.cumsum(dimOf(x, p)),
  cumprod: (x, p) => x.cumprod(dimOf(x, p)),
  softmax: (x, p) => x.softmax(dimOf(x, p)),
  log_softmax: (x, p) => x.log_softmax(dimOf(x, p)),
  logsumexp: (x, p) => x.logsumexp(dimsOf(x, p), p.keepdim),
  std: (x, p) => x.std(dimsOf(x, p), p.negative, p.keepdim),
  var: (x, p) => x.var(dimsOf(x, p), { correction: p.k % 3, keepdim: p.keepdim }),
  norm: (x, p) => x.norm([1, 2, 3, Infinity][p.k % 4], dimsOf(x, p), p.keepdim),
};

const MOVEMENT_OPS: Record<string, PickedOp> = {
  contiguous: (x) => x.contiguous(),
  'reshape(-1)': (x) => x.reshape(-1),
  flip: (x, p) => x.flip(dimsOf(x, p)),
  roll: (x, p) => x.roll(p.ints[0] - 20, dimOf(x, p)),
  'roll flat': (x, p) => x.roll(p.ints[1] - 20),
  cat: (x, p) => torch.cat([x, x.flip(dimOf(x, p))], dimOf(x, p)),
  stack: (x, p) => torch.stack([x, x.flip(dimsOf(x, p))], dimOf(x, p)),
  repeat: (x, p) => x.repeat(...x.shape.map((_, i) => 1 + (p.ints[i % 6] % 2)), 2),
  tril: (x, p) => x.tril((p.ints[0] % 5) - 2),
  triu: (x, p) => x.triu((p.ints[0] % 5) - 2),
  diag: (x, p) => x.diag((p.ints[0] % 5) - 2),
  trace: (x) => x.trace(),
  'split + cat': (x, p) => torch.cat(x.split(1 + (p.ints[0] % 3), dimOf(x, p)).reverse(), dimOf(x, p)),
  'index basic': (x, p) => x.index(...dimsOf(x, p).map((d) => `${p.ints[d] % 3}::${1 + (p.ints[d] % 2)}`)),
  'index advanced': (x, p) => x.index(...dimsOf(x, p).slice(0, 2).map((d) => (d === 0 ? positionsOf(x, 0, p) : ':'))),
  'index mask': (x) => x.index(x.ne(0)),
  index_select: (x, p) => x.index_select(dimOf(x, p), positionsOf(x, dimOf(x, p), p)),
  gather: (x, p) => x.gather(dimOf(x, p), positionsOf(x, dimOf(x, p), p, 1).reshape(x.shape.map(() => 1)).expand(...x.shape).contiguous()),
  take: (x, p) => x.take(torch.tensor(p.ints.map((v) => v % Math.max(1, x.numel())), { dtype: torch.int64 })),
  masked_select: (x) => x.masked_select(x.ne(1)),
  'index_put_ accumulate': (x, p) => {
    const idx = positionsOf(x, 0, p);
    return x.clone().index_put_([idx], x.index(idx), true);
  },
};

describe('wasm core vs JS reference: reductions, movement and indexing', () => {
  for (const [group, ops] of [['reductions', REDUCTION_OPS], ['movement and indexing', MOVEMENT_OPS]] as const) {
    test(`${group} on random shapes, dtypes and non-contiguous layouts`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(ops)), shapeArb, dtypeArb, layoutArb,
          (name, shape, dtype, kind) => fc.assert(fc.property(operandArb(shape, dtype), picksArb, (o, p) => {
            const f = () => ops[name](layout(build(o), kind), p);
            expectClose(run('wasm', f), run('js', f), `${name}(${dtype}${JSON.stringify(o.shape)} ${kind}, ${JSON.stringify(p)})`);
          }), { numRuns: 3 })),
        { numRuns: 250 },
      );
    });
  }
});
