// The conv, pooling, padding and fold modules against PyTorch 1.13 (tests/fixtures/conv.json):
// initial parameters under torch.manual_seed(0) drawn exactly as PyTorch draws them, reprs to the
// character, and a reflect-padded Conv2d's values and gradients.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

interface Enc { dtype: string; shape: number[]; data: number[] }
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as {
  modules: { expr: string; repr: string; state: Record<string, Enc> }[];
  padding_mode: Record<string, Enc>;
};
const nn = torch.nn as unknown as Record<string, (...a: unknown[]) => torch.nn.Module>;

/** A Python constructor call `nn.Conv2d(3, 4, (3, 2), stride=2, padding='same')` as a JS call. */
function construct(expr: string): torch.nn.Module {
  const m = /^nn\.(\w+)\((.*)\)$/.exec(expr) as RegExpExecArray;
  const py = m[2].replace(/\(/g, '[').replace(/\)/g, ']').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null');
  // split the top-level arguments
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const ch of py) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  const pos: unknown[] = [], kw: Record<string, unknown> = {};
  for (const p of parts) {
    const eq = /^(\w+)=(.*)$/.exec(p);
    const val = (s: string) => JSON.parse(s.replace(/'/g, '"'));
    if (eq) kw[eq[1]] = val(eq[2]);
    else pos.push(val(p));
  }
  return nn[m[1]](...pos, ...(Object.keys(kw).length ? [kw] : []));
}

function close(t: Tensor, e: Enc, tol: number): void {
  expect([...t.shape]).toEqual(e.shape);
  const got = t.reshape(-1).tolist() as number[];
  got.forEach((v, i) => expect(Math.abs(v - e.data[i])).toBeLessThan(tol * (1 + Math.abs(e.data[i]))));
}

describeBackends('conv modules', () => {
  for (const c of fixtures.modules) {
    test(`${c.expr}: initial parameters under manual_seed(0), repr`, () => {
      torch.manual_seed(0);
      const m = construct(c.expr);
      expect(String(m)).toBe(c.repr);
      const sd = m.state_dict() as Record<string, Tensor>;
      expect(Object.keys(sd)).toEqual(Object.keys(c.state));
      for (const [k, e] of Object.entries(c.state)) close(sd[k], e, 1e-6);
    });
  }

  // float32 to its rounding (the fixture is PyTorch's float64): run() in functional.test.ts's tolerance
  for (const [dtype, tol] of [[torch.float64, 1e-9], [torch.float32, 2e-5]] as const) {
    test(`Conv2d with padding_mode='reflect': values and gradients (${dtype.name})`, () => {
      torch.manual_seed(0);
      const m = nn.Conv2d(2, 3, 3, { padding: 1, padding_mode: 'reflect' }).to(dtype);
      const f = fixtures.padding_mode;
      const x = torch.tensor(f.x.data, { dtype }).reshape(f.x.shape).requires_grad_();
      const y = m(x) as Tensor;
      close(y, f.out, tol);
      y.mul(torch.tensor(f.cot.data, { dtype }).reshape(f.cot.shape)).sum().backward();
      close(x.grad as Tensor, f.grad_x, tol);
      close((m as unknown as { weight: Tensor }).weight.grad as Tensor, f.grad_w, tol);
    });
  }

  test('bad arguments: PyTorch\'s errors', () => {
    expect(() => nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
    expect(() => nn.Conv2d(3, 4, 3, { padding_mode: 'zero' })).toThrow("padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='zero'");
    expect(() => nn.Conv2d(3, 4, 3, { stride: 2, padding: 'same' })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => nn.Conv2d(3, 4, 3, { strides: 2 })).toThrow(TypeError);
    expect(() => nn.MaxPool2d(2, { ceil: true })).toThrow(TypeError);
  });

  test('with and without new; MaxPool2d return_indices; ConvTranspose2d output_size', () => {
    const a = new (nn.Conv2d as unknown as new (...x: unknown[]) => torch.nn.Module)(1, 2, 3);
    expect(String(a)).toBe('Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))');
    const [y, idx] = nn.MaxPool2d(2, { return_indices: true })(torch.randn(1, 1, 4, 4)) as unknown as Tensor[];
    expect([...y.shape]).toEqual([1, 1, 2, 2]);
    expect(idx.dtype).toBe(torch.int64);
    const up = nn.ConvTranspose2d(2, 1, 3, { stride: 2, padding: 1 });
    const out = (up as unknown as { forward(x: Tensor, s: number[]): Tensor }).forward(torch.randn(1, 2, 4, 4), [8, 8]);
    expect([...out.shape]).toEqual([1, 1, 8, 8]);
  });
});
