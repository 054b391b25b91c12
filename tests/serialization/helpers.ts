// Shared by the serialization tests: the fixtures real PyTorch wrote
// (scripts/fixtures/gen_checkpoints.py) and a comparison of a loaded value with PyTorch's description of it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'checkpoints');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
export const expected: Record<string, unknown> = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

export interface TensorDesc {
  __tensor__: true; parameter: boolean; dtype: string; shape: number[]; stride: number[]; offset: number;
  requires_grad: boolean; storage: number; storage_numel: number; values: (number | boolean | string)[];
}

const special = (v: unknown) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

function flat(x: unknown): unknown[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** Checks `value` against PyTorch's description; `groups` maps PyTorch's storage groups to webtorch storages. */
export function expectMatches(value: unknown, desc: unknown, groups = new Map<number, unknown>(), path = 'value'): void {
  if (desc !== null && typeof desc === 'object' && (desc as TensorDesc).__tensor__) {
    const d = desc as TensorDesc;
    expect(value, path).toBeInstanceOf(torch.Tensor);
    const t = value as Tensor;
    // webtorch has no bfloat16: it loads as float32
    expect(t.dtype.name, `${path}.dtype`).toBe(d.dtype === 'bfloat16' ? 'float32' : d.dtype);
    expect([...t.shape], `${path}.shape`).toEqual(d.shape);
    expect(t.stride(), `${path}.stride`).toEqual(d.stride);
    expect(t.storage_offset(), `${path}.offset`).toBe(d.offset);
    expect(t.requires_grad, `${path}.requires_grad`).toBe(d.requires_grad);
    expect(t instanceof torch.nn.Parameter, `${path} is a Parameter`).toBe(d.parameter);
    expect(t.storage.numel, `${path}.storage numel`).toBe(d.storage_numel);
    if (groups.has(d.storage)) expect(t.storage === groups.get(d.storage), `${path} shares storage ${d.storage}`).toBe(true);
    else {
      for (const s of groups.values()) expect(t.storage === s, `${path} has a storage of its own`).toBe(false);
      groups.set(d.storage, t.storage);
    }
    const got = flat(t.tolist());
    expect(got.length, `${path}.numel`).toBe(d.values.length);
    d.values.forEach((v, i) => expect(got[i], `${path}[${i}]`).toBe(special(v)));
    return;
  }
  if (desc !== null && typeof desc === 'object' && '__dict__' in (desc as object)) {
    const entries = (desc as { __dict__: [unknown, unknown][] }).__dict__;
    if (value instanceof Map) {
      expect([...value.keys()], `${path} keys`).toEqual(entries.map(([k]) => k));
      for (const [k, v] of entries) expectMatches(value.get(k), v, groups, `${path}[${String(k)}]`);
      return;
    }
    expect(typeof value, path).toBe('object');
    const o = value as Record<string, unknown>;
    expect(Object.keys(o).sort(), `${path} keys`).toEqual(entries.map(([k]) => String(k)).sort());
    for (const [k, v] of entries) expectMatches(o[String(k)], v, groups, `${path}.${String(k)}`);
    return;
  }
  if (desc !== null && typeof desc === 'object' && '__float__' in (desc as object)) {
    expect(value, path).toBe(special((desc as { __float__: unknown }).__float__));
    return;
  }
  if (Array.isArray(desc)) {
    expect(Array.isArray(value), `${path} is an array`).toBe(true);
    expect((value as unknown[]).length, `${path}.length`).toBe(desc.length);
    desc.forEach((d, i) => expectMatches((value as unknown[])[i], d, groups, `${path}[${i}]`));
    return;
  }
  expect(value, path).toBe(special(desc));
}
