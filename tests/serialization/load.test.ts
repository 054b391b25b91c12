// torch.load of files real PyTorch 1.13 wrote (tests/fixtures/checkpoints, from
// scripts/fixtures/gen_checkpoints.py): exact values, dtypes, shapes, strides, offsets and storage sharing.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { FIXTURES, expectMatches, expected, fixture } from './helpers.js';

const FILES = ['dtypes.pt', 'views.pt', 'nested.pt', 'nested_proto4.pt', 'state_dict.pt', 'parameter.pt', 'checkpoint.pt', 'bfloat16.pt', 'deflated.pt', 'layout2x.pt', 'bigendian.pt'];

describeBackends('torch.load of PyTorch 1.13 files', () => {
  for (const name of FILES) {
    test(name, () => {
      expectMatches(torch.load(fixture(name)), expected[name]);
    });
  }

  test('views come back as views of one storage, writes show through', () => {
    const [base, t, slice] = torch.load(fixture('views.pt')) as Tensor[];
    expect(t.storage).toBe(base.storage);
    expect(slice.storage_offset()).toBe(8);
    slice.fill_(-1);
    expect(base.index(1, 2).item()).toBe(-1);
    expect(t.index(2, 1).item()).toBe(-1);
  });

  test('one allocation per storage, freed when the last view goes', () => {
    const before = torch.memory();
    const views = torch.load(fixture('views.pt')) as Tensor[];
    // the 4x6 storage all views share, and the ones(3) of its own
    expect(torch.memory().bytes - before.bytes).toBe((24 + 3) * 4);
    for (const v of views) v.dispose();
    expect(torch.memory().bytes).toBe(before.bytes);
  });

  test('a path loads too (Node), and an ArrayBuffer', () => {
    const a = torch.load(join(FIXTURES, 'state_dict.pt')) as Record<string, Tensor>;
    const bytes = fixture('state_dict.pt');
    const b = torch.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as Record<string, Tensor>;
    expect(Object.keys(a)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(a['0.weight'].equal(b['0.weight'])).toBe(true);
  });

  test('state_dict keys keep their order; _metadata rides along without being a key', () => {
    const sd = torch.load(fixture('state_dict.pt')) as Record<string, Tensor> & { _metadata?: unknown };
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(sd._metadata).toBeDefined();
    expect(Object.keys(sd._metadata as object).sort()).toEqual(['', '0', '1', '2']);
  });

  test('optimizer state has int keys: a plain object indexed by number', () => {
    const ckpt = torch.load(fixture('checkpoint.pt')) as { epoch: number; optimizer: { state: Record<number, { exp_avg: Tensor }>; param_groups: { params: number[]; betas: number[] }[] } };
    expect(ckpt.epoch).toBe(3);
    expect(ckpt.optimizer.state[0].exp_avg.shape).toEqual([4, 3]);
    expect(ckpt.optimizer.param_groups[0].params).toEqual([0, 1, 2, 3]);
    expect(ckpt.optimizer.param_groups[0].betas).toEqual([0.9, 0.999]);
  });

  test('sets, bytes, Counter, dtypes, torch.Size and devices (protocol 2 writes them through globals)', () => {
    const want = expected['extras.pt'] as { set: number[]; bytes: number[]; counter: Record<string, number>; size: number[]; device: string };
    const got = torch.load(fixture('extras.pt')) as { set: Set<number>; bytes: Uint8Array; counter: Record<string, number>; dtype: unknown; size: unknown; device: string };
    expect([...got.set].sort()).toEqual(want.set);
    expect([...got.bytes]).toEqual(want.bytes);
    expect(got.counter).toEqual(want.counter);
    expect(got.dtype).toBe(torch.float64);
    expect(String(got.size)).toBe('torch.Size([2, 3])');
    expect(got.device).toBe(want.device);
    // and back: PyTorch's objects again
    const again = torch.load(torch.save(got)) as typeof got;
    expect([...again.bytes]).toEqual(want.bytes);
    expect(again.dtype).toBe(torch.float64);
    expect([...again.set].sort()).toEqual(want.set);
  });

  test('map_location', () => {
    const a = torch.load(fixture('views.pt'), { map_location: 'cpu' }) as Tensor[];
    expect(a[0].device).toBe('cpu');
    const b = torch.load(fixture('views.pt'), { map_location: torch.device('cpu') }) as Tensor[];
    expect(b[1].storage).toBe(b[0].storage);
    const c = torch.load(fixture('views.pt'), { map_location: { cpu: 'cpu' } }) as Tensor[];
    expect(c[0].device).toBe('cpu');
    const seen: string[] = [];
    const d = torch.load(fixture('views.pt'), { map_location: (storage: Tensor, loc: string) => { seen.push(loc); return storage; } }) as Tensor[];
    expect(seen).toEqual(['cpu', 'cpu']);
    expect(d[1].storage).toBe(d[0].storage);
    expect(() => torch.load(fixture('views.pt'), { map_location: () => torch.ones(1) })).toThrow('map_location returned a tensor that is not the storage');
    expect(() => torch.load(fixture('views.pt'), { map_location: 'cuda:0' })).toThrow('torch.cuda.is_available() is False');
    expect(() => torch.load(fixture('views.pt'), { map_locaton: 'cpu' } as never)).toThrow("load() got an unexpected keyword argument 'map_locaton'");
  });
});
