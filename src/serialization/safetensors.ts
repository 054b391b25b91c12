// safetensors (huggingface/safetensors), mirroring Python's safetensors.torch: an 8-byte
// little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, __metadata__},
// then the tensors' bytes back to back. The header is validated as the reference implementation
// does before anything is allocated: length within the file, known dtypes, offsets that tile the
// data exactly (no gaps, no overlaps), sizes that match shapes.
import type { Storage } from '../backend.js';
import { DType, bool, float16, float32, float64, int16, int32, int64, int8, uint8 } from '../dtype.js';
import { numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { readFile, writeFile } from './fs.js';

/** An Error from safetensors: the reference implementation's error kind, then what is wrong. */
class SafetensorError extends Error {
  constructor(kind: string, detail: string) {
    super(`Error while deserializing header: ${kind}${detail ? `: ${detail}` : ''}`);
    this.name = 'SafetensorError';
  }
}

// name, webtorch dtype (BF16 is read into float32), bytes per element, rank in the writer's order
const DTYPES: Record<string, [DType, number, number]> = {
  BOOL: [bool, 1, 0], U8: [uint8, 1, 1], I8: [int8, 1, 2], I16: [int16, 2, 3], F16: [float16, 2, 5], BF16: [float32, 2, 6],
  I32: [int32, 4, 7], F32: [float32, 4, 9], F64: [float64, 8, 10], I64: [int64, 8, 11],
};
const KNOWN_ELSEWHERE = new Set(['U16', 'U32', 'U64', 'F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'C64']);
const NAME_OF = new Map<DType, string>([
  [bool, 'BOOL'], [uint8, 'U8'], [int8, 'I8'], [int16, 'I16'], [float16, 'F16'], [int32, 'I32'], [float32, 'F32'], [float64, 'F64'], [int64, 'I64'],
]);
const MAX_HEADER_SIZE = 100_000_000;

interface Entry { name: string; dtype: string; shape: number[]; begin: number; end: number }
interface Parsed { entries: Entry[]; metadata: Record<string, string> | null; dataStart: number }

function parseHeader(buf: Uint8Array): Parsed {
  if (buf.length < 8) throw new SafetensorError('HeaderTooSmall', `the file has ${buf.length} bytes, fewer than the 8-byte header length`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const hi = v.getUint32(4, true);
  const n = hi * 0x100000000 + v.getUint32(0, true);
  if (n > MAX_HEADER_SIZE) throw new SafetensorError('HeaderTooLarge', `the header claims ${n} bytes (at most ${MAX_HEADER_SIZE})`);
  if (n + 8 > buf.length) throw new SafetensorError('InvalidHeaderLength', `the header claims ${n} bytes but the file holds ${buf.length - 8} after the length`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n));
    if (!text.startsWith('{')) throw new SafetensorError('InvalidHeaderStart', 'the header does not start with {');
    header = JSON.parse(text);
  } catch (e) {
    if (e instanceof SafetensorError) throw e;
    throw new SafetensorError('InvalidHeaderDeserialization', (e as Error).message);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorError('InvalidHeaderDeserialization', 'the header is not a JSON object');
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null) continue;
      if (typeof info !== 'object' || Array.isArray(info) || Object.values(info as object).some((x) => typeof x !== 'string')) {
        throw new SafetensorError('InvalidHeaderDeserialization', '__metadata__ must map strings to strings');
      }
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    const t = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const isUint = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    if (!t || typeof t !== 'object' || typeof t.dtype !== 'string' || !Array.isArray(t.shape) || !t.shape.every(isUint)
      || !Array.isArray(t.data_offsets) || t.data_offsets.length !== 2 || !t.data_offsets.every(isUint)) {
      throw new SafetensorError('InvalidHeaderDeserialization', `tensor '${name}' needs dtype, shape (ints) and data_offsets [begin, end]`);
    }
    if (!DTYPES[t.dtype]) {
      throw new SafetensorError(KNOWN_ELSEWHERE.has(t.dtype) ? 'UnsupportedDtype' : 'InvalidHeaderDeserialization', `tensor '${name}' has dtype ${t.dtype}, which webtorch cannot hold`);
    }
    entries.push({ name, dtype: t.dtype, shape: t.shape as number[], begin: t.data_offsets[0] as number, end: t.data_offsets[1] as number });
  }
  // Metadata::validate: sorted by offsets, each tensor starts where the last ended and is exactly its size
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let start = 0;
  for (const e of byOffset) {
    if (e.begin !== start || e.end < e.begin) throw new SafetensorError('InvalidOffset', `tensor '${e.name}' has data_offsets [${e.begin}, ${e.end}] where ${start} was expected to begin (gap or overlap)`);
    const nbytes = numelOf(e.shape) * DTYPES[e.dtype][1];
    // the reference overflows only past 2**64 bytes; anything past 2**53 is just as absurd here
    if (nbytes >= 2 ** 64) throw new SafetensorError('ValidationOverflow', `tensor '${e.name}' has an absurd shape ${JSON.stringify(e.shape)}`);
    if (e.end - e.begin !== nbytes) throw new SafetensorError('TensorInvalidInfo', `tensor '${e.name}' of dtype ${e.dtype} and shape ${JSON.stringify(e.shape)} needs ${nbytes} bytes, its data_offsets span ${e.end - e.begin}`);
    start = e.end;
  }
  if (start + 8 + n !== buf.length) {
    throw new SafetensorError('MetadataIncompleteBuffer', `the tensors end at byte ${start + 8 + n} but the file has ${buf.length} bytes`);
  }
  return { entries, metadata, dataStart: 8 + n };
}

function tensorOf(buf: Uint8Array, p: Parsed, e: Entry, device: string): Tensor {
  const [dtype, itemsize] = DTYPES[e.dtype];
  const raw = buf.subarray(p.dataStart + e.begin, p.dataStart + e.end);
  const numel = numelOf(e.shape);
  const t = Tensor.empty(e.shape, dtype, 'cpu');
  const s: Storage = t.storage;
  const arr = s.backend.array(s);
  const dst = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  if (e.dtype === 'BF16') {
    // bfloat16 is the top half of a float32
    const out = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    for (let i = 0; i < numel; i++) out.setUint32(i * 4, (raw[i * itemsize] | (raw[i * itemsize + 1] << 8)) << 16, true);
  } else {
    dst.set(raw);
  }
  if (device === 'cpu') return t;
  const moved = t.to({ device });
  t.dispose();
  return moved;
}

function asBytes(f: unknown, what: string): Uint8Array {
  if (f instanceof Uint8Array) return f;
  if (f instanceof ArrayBuffer) return new Uint8Array(f);
  if (ArrayBuffer.isView(f)) return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  throw new TypeError(`${what} expects a Uint8Array or an ArrayBuffer, got ${f === null ? 'null' : typeof f}`);
}

function deviceOf(device: unknown): string {
  if (device === undefined || device === null) return 'cpu';
  if (typeof device === 'string' || (typeof device === 'object' && 'type' in (device as object))) return String(device);
  throw new TypeError(`device must be a string or torch.device, got ${typeof device}`);
}

/** safetensors.torch.load(data): the tensors of a safetensors file given as bytes, by name: `const {weight} = torch.safetensors.load(bytes)` */
export function load(data: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const buf = asBytes(data, 'safetensors.torch.load');
  const p = parseHeader(buf);
  const out: Record<string, Tensor> = {};
  for (const e of [...p.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    Object.defineProperty(out, e.name, { value: tensorOf(buf, p, e, 'cpu'), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** safetensors.torch.load_file(filename, device='cpu'), Node only: `torch.safetensors.load_file('model.safetensors')` */
export function load_file(filename: string, device: string | { type: string } = 'cpu'): Record<string, Tensor> {
  const dev = deviceOf(device);
  const tensors = load(readFile(filename, 'safetensors.torch.load_file'));
  if (dev === 'cpu') return tensors;
  for (const k of Object.keys(tensors)) { const t = tensors[k]; tensors[k] = t.to({ device: dev }); t.dispose(); }
  return tensors;
}

/**
 * safetensors.safe_open(f, framework='pt'): keys(), get_tensor(name), metadata() without loading
 * the rest: `torch.safetensors.safe_open('model.safetensors', 'pt').get_tensor('weight')`
 */
export function safe_open(f: string | Uint8Array | ArrayBuffer, framework = 'pt', options: { device?: string } = {}) {
  if (framework !== 'pt' && framework !== 'torch') throw new Error(`framework ${framework} is not supported by webtorch (use 'pt')`);
  const buf = typeof f === 'string' ? readFile(f, 'safetensors.safe_open') : asBytes(f, 'safetensors.safe_open');
  const p = parseHeader(buf);
  const byName = new Map(p.entries.map((e) => [e.name, e]));
  const device = deviceOf(options.device);
  return {
    /** the tensor names, sorted */
    keys: (): string[] => [...byName.keys()].sort(),
    /** __metadata__, or null */
    metadata: (): Record<string, string> | null => (p.metadata ? { ...p.metadata } : null),
    /** one tensor, read now */
    get_tensor: (name: string): Tensor => {
      const e = byName.get(name);
      if (!e) throw new Error(`File does not contain tensor ${name}`);
      return tensorOf(buf, p, e, device);
    },
  };
}

function entriesOf(tensors: unknown): [string, Tensor][] {
  const list: [string, unknown][] = tensors instanceof Map ? [...tensors.entries()] : tensors && typeof tensors === 'object' ? Object.entries(tensors) : [];
  if (!(tensors instanceof Map) && (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors))) {
    throw new TypeError('safetensors.torch.save expects an object (or Map) of name -> Tensor');
  }
  for (const [k, t] of list) {
    if (typeof k !== 'string') throw new TypeError(`Key \`${String(k)}\` is invalid, expected str`);
    if (!(t instanceof Tensor)) throw new TypeError(`Key \`${k}\` is invalid, expected torch.Tensor but received ${t === null ? 'null' : typeof t}`);
    if (k === '__metadata__') throw new Error('__metadata__ is reserved for the metadata; pass it as the metadata argument');
  }
  return list as [string, Tensor][];
}

/**
 * safetensors.torch.save(tensors, metadata=None) -> bytes; tensors must be contiguous and must not
 * share memory: `const bytes = torch.safetensors.save({weight: w}, {format: 'pt'})`
 */
export function save(tensors: Record<string, Tensor> | Map<string, Tensor>, metadata: Record<string, string> | null = null): Uint8Array {
  const list = entriesOf(tensors);
  if (metadata !== null && metadata !== undefined) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError('metadata must be an object of str -> str');
    for (const [k, x] of Object.entries(metadata)) if (typeof x !== 'string') throw new TypeError(`metadata value for '${k}' must be a str, got ${typeof x}`);
  }
  // as _flatten does: shared memory and non-contiguous tensors are refused, before anything is written
  const byStorage = new Map<Storage, string[]>();
  for (const [k, t] of list) {
    if (!t.is_contiguous()) {
      throw new Error(
        `You are trying to save a non contiguous tensor: \`${k}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`,
      );
    }
    if (!NAME_OF.has(t.dtype)) throw new Error(`safetensors: no dtype name for ${t.dtype}`);
    if (t.numel() === 0) continue;
    const names = byStorage.get(t.storage) ?? [];
    names.push(k);
    byStorage.set(t.storage, names);
  }
  const shared = [...byStorage.values()].filter((n) => n.length > 1);
  if (shared.length) {
    throw new Error(
      `Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: ${JSON.stringify(shared)}. A potential way to correctly save your model is to use \`save_model\`. More information at https://huggingface.co/docs/safetensors/torch_shared_tensors`,
    );
  }
  // the reference writer's order: widest dtype first, then by name
  const rank = (t: Tensor) => DTYPES[NAME_OF.get(t.dtype)!][2];
  const ordered = [...list].sort((a, b) => rank(b[1]) - rank(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [k, t] of ordered) {
    const nbytes = t.numel() * t.dtype.itemsize;
    header[k] = { dtype: NAME_OF.get(t.dtype), shape: [...t.shape_], data_offsets: [offset, offset + nbytes] };
    offset += nbytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) { const padded = new Uint8Array(json.length + pad).fill(0x20); padded.set(json); json = padded; }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of ordered) {
    const nbytes = t.numel() * t.dtype.itemsize;
    if (nbytes === 0) continue;
    const src = t.device === 'cpu' ? t : t.cpu();
    const arr = src.storage.backend.array(src.storage);
    out.set(new Uint8Array(arr.buffer, arr.byteOffset + src.offset * t.dtype.itemsize, nbytes), at);
    if (src !== t) src.dispose();
    at += nbytes;
  }
  return out;
}

/** safetensors.torch.save_file(tensors, filename, metadata=None), Node only: `torch.safetensors.save_file({w}, 'w.safetensors')` */
export function save_file(tensors: Record<string, Tensor> | Map<string, Tensor>, filename: string, metadata: Record<string, string> | null = null): void {
  if (typeof filename !== 'string') throw new TypeError('save_file: filename must be a path string');
  writeFile(filename, save(tensors, metadata), 'safetensors.torch.save_file');
}

/** What save_model / load_model need of a torch.nn.Module. */
interface StateModule {
  state_dict(): Record<string, Tensor>;
  load_state_dict(sd: Record<string, Tensor>, opts: { strict: boolean }): { missing_keys: string[]; unexpected_keys: string[] };
  _get_name?(): string;
}

/** Names of a state_dict that alias an earlier entry exactly (tied weights): safetensors stores each storage once. */
function duplicateNames(sd: Record<string, Tensor>): Map<string, string> {
  const dup = new Map<string, string>();
  const seen = new Map<Storage, [string, Tensor][]>();
  for (const [k, t] of Object.entries(sd)) {
    if (t.numel() === 0) continue;
    const same = (seen.get(t.storage) ?? []).find(([, u]) => u.offset === t.offset && String(u.shape_) === String(t.shape_) && String(u.strides) === String(t.strides));
    if (same) dup.set(k, same[0]);
    else seen.set(t.storage, [...(seen.get(t.storage) ?? []), [k, t]]);
  }
  return dup;
}

/**
 * safetensors.torch.save_model(model, filename, metadata=None, force_contiguous=False): the
 * model's state_dict with tied weights stored once. Node only: `torch.safetensors.save_model(model, 'm.safetensors')`
 */
export function save_model(model: StateModule, filename: string, metadata: Record<string, string> | null = null, force_contiguous = false): void {
  const sd = model.state_dict();
  const dup = duplicateNames(sd);
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(sd)) {
    if (dup.has(k)) continue;
    tensors[k] = force_contiguous && !t.is_contiguous() ? t.contiguous() : t;
  }
  save_file(tensors, filename, metadata);
}

/**
 * safetensors.torch.load_model(model, filename, strict=True, device='cpu'): loads into the model
 * (tied weights included); returns [missing, unexpected] as the Python function does. Node only:
 * `const [missing, unexpected] = torch.safetensors.load_model(model, 'm.safetensors')`
 */
export function load_model(model: StateModule, filename: string, strict = true, device: string = 'cpu'): [string[], string[]] {
  const tensors = load_file(filename, device);
  const own = model.state_dict();
  const dup = duplicateNames(own);
  for (const [k, first] of dup) if (!(k in tensors) && first in tensors) tensors[k] = tensors[first];
  // the lists are computed here: a non-strict load_state_dict does not report them (as in PyTorch)
  const missing_keys = Object.keys(own).filter((k) => !(k in tensors));
  const unexpected_keys = Object.keys(tensors).filter((k) => !(k in own));
  if (strict && (missing_keys.length || unexpected_keys.length)) {
    const parts: string[] = [];
    if (missing_keys.length) parts.push(`Missing key(s) in state_dict: ${missing_keys.map((k) => `"${k}"`).join(', ')}.`);
    if (unexpected_keys.length) parts.push(`Unexpected key(s) in state_dict: ${unexpected_keys.map((k) => `"${k}"`).join(', ')}.`);
    throw new Error(`Error(s) in loading state_dict for ${model._get_name?.() ?? 'Module'}:\n    ${parts.join('\n    ')}`);
  }
  model.load_state_dict(tensors, { strict: false });
  return [missing_keys, unexpected_keys];
}
