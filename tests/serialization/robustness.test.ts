// Malicious and corrupt input: each a clear Error, thrown quickly, with nothing huge allocated.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import { fixture } from './helpers.js';
import { PickleWriter, unpickle } from '../../src/serialization/pickle.js';
import { writeZip } from '../../src/serialization/zip.js';

/** A checkpoint whose data.pkl is `pkl`, with optional extra records. */
function archive(pkl: Uint8Array, extra: [string, Uint8Array][] = []): Uint8Array {
  return writeZip([['archive/data.pkl', pkl], ...extra, ['archive/version', new TextEncoder().encode('3\n')]]);
}
const ascii = (s: string) => new TextEncoder().encode(s);

describe('malicious pickles are refused, never run', () => {
  test('os.system in a file PyTorch wrote', () => {
    expect(() => torch.load(fixture('malicious.pt'))).toThrow(/Weights only load failed.*Unsupported global: GLOBAL posix\.system was not an allowed global by default/);
  });
  test('any global outside the allowlist, by GLOBAL or STACK_GLOBAL', () => {
    const g = new PickleWriter().proto().global('builtins', 'eval').stop().bytes();
    expect(() => torch.load(archive(g))).toThrow('Unsupported global: GLOBAL builtins.eval');
    // protocol 4: SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system', STACK_GLOBAL
    const sg = Uint8Array.from([0x80, 4, 0x8c, 2, ...ascii('os'), 0x8c, 6, ...ascii('system'), 0x93, 0x2e]);
    expect(() => torch.load(archive(sg))).toThrow('Unsupported global: GLOBAL os.system');
  });
  test('REDUCE on something that is not an allowed function, BUILD on a plain dict, a foreign persistent id', () => {
    const reduceStr = new PickleWriter().proto().str('x').tuple(0, () => {}).reduce().stop().bytes();
    expect(() => torch.load(archive(reduceStr))).toThrow('Trying to call reduce for unrecognized function');
    const buildDict = new PickleWriter().proto().emptyDict().emptyDict().build().stop().bytes();
    expect(() => torch.load(archive(buildDict))).toThrow('Can only build Tensor, parameter or dict objects');
    const w = new PickleWriter().proto();
    w.tuple(2, () => { w.str('module'); w.str('x'); });
    w.binpersid().stop();
    expect(() => torch.load(archive(w.bytes()))).toThrow('Only persistent_load of storage is allowed, but got module');
  });
});

describe('corrupt pickles', () => {
  const hooks = { findClass: () => null, call: () => null, build: (o: unknown) => o, persistentLoad: () => null };
  test('stack underflow, missing MARK, missing STOP, truncated strings, unknown opcodes, bad memo', () => {
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x2e]), hooks)).toThrow('unpickling stack underflow');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x85, 0x2e]), hooks)).toThrow('unpickling stack underflow');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x74, 0x2e]), hooks)).toThrow('could not find MARK');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x4e]), hooks)).toThrow('no STOP opcode');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x58, 0xff, 0xff, 0xff, 0x7f, 0x61]), hooks)).toThrow('pickle data was truncated');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x7f]), hooks)).toThrow(/too large|truncated/);
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x69, 0x2e]), hooks)).toThrow('Unsupported operand 105');
    expect(() => unpickle(Uint8Array.from([0x80, 2, 0x68, 3, 0x2e]), hooks)).toThrow('Memo value not found at index 3');
  });
});

describe('large but valid pickles', () => {
  test('one APPENDS of 300000 items, a dict of 100000 keys: linear, no stack overflow', () => {
    const hooks = { findClass: () => null, call: () => null, build: (o: unknown) => o, persistentLoad: () => null };
    const w = new PickleWriter().proto().emptyList().mark();
    for (let i = 0; i < 300000; i++) w.int(i % 256);
    w.byte(0x65).stop();
    expect((unpickle(w.bytes(), hooks) as number[]).length).toBe(300000);
    const big = Object.fromEntries(Array.from({ length: 100000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(torch.load(torch.save(big))).length).toBe(100000);
  });
});

describe('corrupt archives', () => {
  const good = fixture('state_dict.pt');
  test('wrong magic, legacy format, empty input, bad argument types', () => {
    expect(() => torch.load(ascii('hello world, not a checkpoint'))).toThrow('Invalid magic number; corrupt file?');
    expect(() => torch.load(Uint8Array.from([0x80, 2, 0x8a, 0x0a]))).toThrow('legacy (non-zip) format');
    expect(() => torch.load(new Uint8Array(0))).toThrow('Invalid magic number');
    expect(() => torch.load(42 as never)).toThrow('torch.load expects a file path');
  });
  test('truncated at every tenth byte: always a clear Error', () => {
    for (let n = 4; n < good.length; n += Math.max(1, Math.floor(good.length / 40))) {
      expect(() => torch.load(good.subarray(0, n)), `truncated to ${n}`).toThrow(/PytorchStreamReader failed|truncated|Invalid magic/);
    }
  });
  test('a directory claiming more than the file holds', () => {
    // webtorch's archive: PyTorch's own carries its directory in zip64 records (tested below)
    const mine = torch.save({ a: torch.ones(3) });
    const bad = mine.slice();
    const v = new DataView(bad.buffer);
    const eocd = bad.length - 22;
    v.setUint32(eocd + 12, 0x7fffffff, true); // central directory size
    expect(() => torch.load(bad)).toThrow('central directory lies outside the file');
    const bad2 = mine.slice();
    new DataView(bad2.buffer).setUint16(bad2.length - 22 + 10, 60000, true); // record count
    expect(() => torch.load(bad2)).toThrow('central directory claims 60000 records');
    // PyTorch's file: the zip64 end record (its locator sits 20 bytes before the classic one)
    const bad3 = good.slice();
    const v3 = new DataView(bad3.buffer);
    const z64 = Number(v3.getBigUint64(bad3.length - 22 - 20 + 8, true));
    v3.setBigUint64(z64 + 40, 1n << 40n, true); // zip64 central directory size
    expect(() => torch.load(bad3)).toThrow('central directory lies outside the file');
    v3.setBigUint64(z64 + 40, 1n << 60n, true);
    expect(() => torch.load(bad3)).toThrow('absurdly large');
  });
  test('a record claiming more bytes than present', () => {
    const bad = good.slice();
    const v = new DataView(bad.buffer);
    const cd = v.getUint32(bad.length - 22 + 16, true);
    v.setUint32(cd + 20, 0x7ffffff0, true); // compressed size of data.pkl
    v.setUint32(cd + 24, 0x7ffffff0, true);
    expect(() => torch.load(bad)).toThrow('past the end of the data');
  });
  test('a storage claiming an absurd size is refused before allocating', () => {
    const w = new PickleWriter().proto();
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.tuple(6, () => {
      w.tuple(5, () => { w.str('storage'); w.global('torch', 'FloatStorage'); w.str('0'); w.str('cpu'); w.int(2 ** 40); });
      w.binpersid(); w.int(0); w.tuple(1, () => w.int(2 ** 40)); w.tuple(1, () => w.int(1)); w.bool(false);
      w.global('collections', 'OrderedDict'); w.tuple(0, () => {}); w.reduce();
    });
    w.reduce().stop();
    const before = torch.memory().bytes;
    expect(() => torch.load(archive(w.bytes(), [['archive/data/0', new Uint8Array(16)]]))).toThrow('claims 1099511627776 elements');
    expect(torch.memory().bytes).toBe(before);
  });
  test('a tensor reaching past its storage', () => {
    const w = new PickleWriter().proto();
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.tuple(6, () => {
      w.tuple(5, () => { w.str('storage'); w.global('torch', 'FloatStorage'); w.str('0'); w.str('cpu'); w.int(4); });
      w.binpersid(); w.int(2); w.tuple(1, () => w.int(3)); w.tuple(1, () => w.int(1)); w.bool(false);
      w.global('collections', 'OrderedDict'); w.tuple(0, () => {}); w.reduce();
    });
    w.reduce().stop();
    expect(() => torch.load(archive(w.bytes(), [['archive/data/0', new Uint8Array(16)]]))).toThrow('reads past its storage of 4 elements');
  });
  test('a missing storage record or data.pkl', () => {
    expect(() => torch.load(writeZip([['archive/version', ascii('3\n')]]))).toThrow('file not found: archive/data.pkl');
    expect(() => torch.load(writeZip([['noslash', ascii('3\n')]]))).toThrow('not in a subdirectory');
  });
});

describe('corrupt safetensors', () => {
  const good = fixture('model.safetensors');
  const st = torch.safetensors;
  const withHeader = (header: unknown, data = new Uint8Array(0)) => {
    const json = ascii(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + data.length);
    new DataView(out.buffer).setUint32(0, json.length, true);
    out.set(json, 8);
    out.set(data, 8 + json.length);
    return out;
  };
  test('header length', () => {
    expect(() => st.load(new Uint8Array(4))).toThrow('HeaderTooSmall');
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(4, 1, true);
    expect(() => st.load(huge)).toThrow('HeaderTooLarge');
    const long = good.slice();
    new DataView(long.buffer).setUint32(0, good.length, true);
    expect(() => st.load(long)).toThrow('InvalidHeaderLength');
  });
  test('header content', () => {
    expect(() => st.load(withHeader('x'))).toThrow('InvalidHeaderStart');
    const broken = withHeader({ a: 1 });
    broken[broken.length - 1] = 0x20;
    expect(() => st.load(broken)).toThrow('InvalidHeaderDeserialization');
    expect(() => st.load(withHeader({ a: { dtype: 'Q9', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)))).toThrow('dtype Q9');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)))).toThrow('InvalidHeaderDeserialization');
  });
  test('offsets: gaps, overlaps, sizes, the end of the file', () => {
    const d8 = new Uint8Array(8);
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d8))).toThrow('InvalidOffset');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d8))).toThrow('InvalidOffset');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, d8))).toThrow('TensorInvalidInfo');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, d8))).toThrow('MetadataIncompleteBuffer');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [2 ** 20, 2 ** 20], data_offsets: [0, 8] } }, d8))).toThrow('TensorInvalidInfo');
    expect(() => st.load(withHeader({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, d8))).toThrow('ValidationOverflow');
  });
});
