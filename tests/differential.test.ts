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
