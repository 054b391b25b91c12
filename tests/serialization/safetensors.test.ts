// torch.safetensors: a file laid out by scripts/fixtures/gen_checkpoints.py from the format's spec
// loads exactly; webtorch's files load back, and are byte-identical when re-saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { FIXTURES, expectMatches, expected, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'webtorch-st-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const st = torch.safetensors;
const want = expected['model.safetensors'] as { metadata: Record<string, string>; tensors: Record<string, unknown> };

describeBackends('safetensors', () => {
  test('load / load_file of a file written from the spec: exact values, dtypes, shapes', () => {
    for (const tensors of [st.load(fixture('model.safetensors')), st.load_file(join(FIXTURES, 'model.safetensors'))]) {
      expect(Object.keys(tensors)).toEqual(Object.keys(want.tensors).sort());
      for (const [k, d] of Object.entries(want.tensors)) expectMatches(tensors[k], d, new Map(), k);
    }
  });

  test('safe_open: keys, metadata, one tensor', () => {
    const f = st.safe_open(fixture('model.safetensors'), 'pt');
    expect(f.metadata()).toEqual(want.metadata);
    expect(f.keys()).toEqual(Object.keys(want.tensors).sort());
    expectMatches(f.get_tensor('weight'), want.tensors.weight);
    expect(() => f.get_tensor('nope')).toThrow('File does not contain tensor nope');
  });

  test("save: loads back; header padded to 8 bytes, tensors in the reference writer's order (widest dtype, then name)", () => {
    const tensors = st.load(fixture('model.safetensors'));
    delete tensors.bf16;
    const bytes = st.save(tensors, want.metadata);
    const back = st.load(bytes);
    for (const [k, t] of Object.entries(tensors)) {
      expect(back[k].dtype, k).toBe(t.dtype);
      expect(back[k].tolist(), k).toEqual(t.tolist());
    }
    expect(st.safe_open(bytes).metadata()).toEqual(want.metadata);
    // the header is padded to 8 bytes and the data follows in the reference order
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(Object.keys(header)).toEqual(['__metadata__', 'ids', 'bias', 'empty', 'scalar', 'weight', 'i32', 'half', 'i16', 'i8', 'u8', 'mask']);
  });

  test('save_file / load_file, with a Map', () => {
    const path = join(dir, 'w.safetensors');
    st.save_file(new Map([['w', torch.arange(6).reshape(2, 3)]]), path);
    expect(st.load_file(path).w.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  test('save_model / load_model: a model with tied weights, stored once', () => {
    torch.manual_seed(0);
    const make = () => {
      const m = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Linear(3, 3));
      (m as unknown as Tensor[] & { [k: number]: { weight: unknown } })[1].weight = (m as unknown as { [k: number]: { weight: unknown } })[0].weight;
      return m;
    };
    const a = make();
    const path = join(dir, 'tied.safetensors');
    st.save_model(a, path);
    expect(st.safe_open(path).keys()).toEqual(['0.bias', '0.weight', '1.bias']);
    const b = make();
    expect(st.load_model(b, path)).toEqual([[], []]);
    for (const [k, t] of Object.entries(a.state_dict())) expect(b.state_dict()[k].tolist(), k).toEqual(t.tolist());
    expect(() => st.load_model(torch.nn.Linear(3, 2), path)).toThrow('Error(s) in loading state_dict for Linear');
  });

  test('non-contiguous and shared tensors are refused, as safetensors.torch does', () => {
    const x = torch.ones(2, 3);
    expect(() => st.save({ t: x.t() })).toThrow('You are trying to save a non contiguous tensor: `t`');
    expect(() => st.save({ a: x, b: x.view(6) })).toThrow('Some tensors share memory');
    expect(() => st.save({ a: 1 as unknown as Tensor })).toThrow('Key `a` is invalid, expected torch.Tensor');
    expect(() => st.save({ a: x }, { v: 1 as unknown as string })).toThrow("metadata value for 'v' must be a str");
  });
});
