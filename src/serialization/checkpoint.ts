// torch.save / torch.load in PyTorch's own checkpoint format (torch/serialization.py, the zip
// layout of PyTorch >= 1.6): archive/data.pkl is a protocol-2 pickle whose tensors are
// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks) calls with
// each storage a persistent id ('storage', torch.FloatStorage, key, location, numel) naming the
// raw little-endian record archive/data/<key>. Loading runs the pickle through an allowlist like
// PyTorch's weights_only=True: nothing else is ever constructed or called.
import type { Storage } from '../backend.js';
import { DType, bool, float16, float32, float64, int16, int32, int64, int8, uint8, ALL_DTYPES } from '../dtype.js';
import { Size, numelOf } from '../shape.js';
import { checkKeywords } from '../args.js';
import { Tensor } from '../tensor.js';
import { Parameter } from '../nn/parameter.js';
import { Module } from '../nn/module.js';
import { readFile, writeFile } from './fs.js';
import { PickleWriter, PyDict, PyGlobal, PyTuple, UnpicklingError, unpickle } from './pickle.js';
import { readRecord, readZipDirectory, writeZip, type ZipRecord } from './zip.js';

// Parameters round-trip as torch._utils._rebuild_parameter(data, requires_grad, hooks)
const parameterClass = {
  isParameter: (t: Tensor): boolean => t instanceof Parameter,
  make: (data: Tensor, requiresGrad: boolean): Tensor => Parameter(data, requiresGrad),
};

// ---- storage types ---------------------------------------------------------------------------

/** torch.<Name>Storage: the dtype of its elements as stored (bfloat16 is read into float32). */
class StorageType {
  constructor(readonly name: string, readonly dtype: DType | 'bfloat16', readonly itemsize: number) {}
}
const STORAGE_TYPES = new Map<string, StorageType>();
for (const [name, dtype] of [
  ['FloatStorage', float32], ['DoubleStorage', float64], ['HalfStorage', float16], ['IntStorage', int32],
  ['LongStorage', int64], ['ShortStorage', int16], ['CharStorage', int8], ['ByteStorage', uint8],
  ['BoolStorage', bool], ['UntypedStorage', uint8],
] as [string, DType][]) STORAGE_TYPES.set(name, new StorageType(name, dtype, dtype.itemsize));
STORAGE_TYPES.set('BFloat16Storage', new StorageType('BFloat16Storage', 'bfloat16', 2));
const STORAGE_NAME = new Map<DType, string>([
  [float32, 'FloatStorage'], [float64, 'DoubleStorage'], [float16, 'HalfStorage'], [int32, 'IntStorage'],
  [int64, 'LongStorage'], [int16, 'ShortStorage'], [int8, 'CharStorage'], [uint8, 'ByteStorage'], [bool, 'BoolStorage'],
]);

/** A storage read from the archive: one allocation; tensors rebuilt from it are views of `base`. */
class LoadedStorage {
  constructor(readonly base: Tensor) {}
}

// ---- allowlist -------------------------------------------------------------------------------

const UNSAFE_MESSAGE =
  'Weights only load failed. webtorch loads only tensors, primitive types and containers from a ' +
  'checkpoint (as PyTorch does with weights_only=True) and never runs code from it. WeightsUnpickler error: ';

const CALLABLES = new Set([
  'collections.OrderedDict', 'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch._tensor._rebuild_from_type_v2',
  'torch.Size', 'torch.device', 'torch.Tensor', 'torch.nn.parameter.Parameter', '_codecs.encode',
  'builtins.set', '__builtin__.set', 'builtins.frozenset', '__builtin__.frozenset', 'collections.Counter',
  'builtins.bytearray', '__builtin__.bytearray', 'torch._utils._rebuild_tensor_v3',
]);
const DTYPE_NAMES = new Set(['bfloat16', 'complex32', 'complex64', 'complex128', 'uint16', 'uint32', 'uint64', 'float8_e4m3fn', 'float8_e5m2']);

function refuse(what: string): never {
  throw new UnpicklingError(UNSAFE_MESSAGE + what);
}

function findClass(module: string, name: string): unknown {
  const path = `${module}.${name}`;
  if (CALLABLES.has(path)) return new PyGlobal(module, name);
  if (module === 'torch' || module === 'torch.storage') {
    const st = STORAGE_TYPES.get(name);
    if (st) return st;
    const dt = ALL_DTYPES.find((d) => d.name === name);
    if (dt) return dt;
    if (DTYPE_NAMES.has(name)) return `torch.${name}`;
  }
  return refuse(`Unsupported global: GLOBAL ${path} was not an allowed global by default`);
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new UnpicklingError(`${what} must be a non-negative int, got ${String(v)}`);
  return v;
}
function ints(v: unknown, what: string): number[] {
  if (!(v instanceof PyTuple) && !Array.isArray(v)) throw new UnpicklingError(`${what} must be a tuple of ints`);
  return (v instanceof PyTuple ? v.items : v).map((x) => int(x, what));
}

/** _rebuild_tensor: a view of the loaded storage, bounds checked (a corrupt file must not read past it). */
function rebuildTensor(storage: unknown, offsetArg: unknown, sizeArg: unknown, strideArg: unknown): Tensor {
  if (!(storage instanceof LoadedStorage)) throw new UnpicklingError('_rebuild_tensor expects a storage');
  const offset = int(offsetArg, 'storage_offset');
  const size = ints(sizeArg, 'size');
  const stride = ints(strideArg, 'stride');
  if (size.length !== stride.length) throw new UnpicklingError(`size ${JSON.stringify(size)} and stride ${JSON.stringify(stride)} differ in length`);
  const n = storage.base.numel();
  if (numelOf(size) > 0) {
    let last = offset;
    for (let i = 0; i < size.length; i++) last += (size[i] - 1) * stride[i];
    if (last >= n) {
      throw new UnpicklingError(`tensor of size ${JSON.stringify(size)}, stride ${JSON.stringify(stride)} and offset ${offset} reads past its storage of ${n} elements`);
    }
  }
  return Tensor.view(storage.base, size, stride, offset);
}

function call(func: unknown, args: unknown[], newobj: boolean): unknown {
  if (!(func instanceof PyGlobal)) return refuse(`Trying to call reduce for unrecognized function ${String(func)}`);
  const a = args;
  switch (func.path) {
    case 'collections.OrderedDict': {
      const d = new PyDict();
      d.ordered = true;
      return d;
    }
    case 'torch._utils._rebuild_tensor':
      return rebuildTensor(a[0], a[1], a[2], a[3]);
    case 'torch._utils._rebuild_tensor_v2': {
      const t = rebuildTensor(a[0], a[1], a[2], a[3]);
      if (a[4] === true) {
        if (!t.dtype.is_floating_point) throw new UnpicklingError('only Tensors of floating point dtype can require gradients');
        t.requires_grad_(true);
      }
      return t;
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
    case 'torch.nn.parameter.Parameter': {
      if (!(a[0] instanceof Tensor)) throw new UnpicklingError('a Parameter must be rebuilt from a tensor');
      return parameterClass.make(a[0], a.length > 1 ? a[1] === true : true);
    }
    case 'torch._tensor._rebuild_from_type_v2': {
      // (func, type, args, state): allowed for plain tensors and Parameters only
      const [inner, type, innerArgs] = a;
      if (!(type instanceof PyGlobal) || (type.path !== 'torch.Tensor' && type.path !== 'torch.nn.parameter.Parameter')) {
        return refuse(`Trying to rebuild a tensor of unsupported type ${String((type as PyGlobal)?.path ?? type)}`);
      }
      if (!(innerArgs instanceof PyTuple)) throw new UnpicklingError('_rebuild_from_type_v2 expects an args tuple');
      return call(inner, innerArgs.items, false);
    }
    case 'torch.Size':
      return Size.fromDims(ints(a[0] ?? new PyTuple([]), 'torch.Size'));
    case 'torch.device':
      return a.length > 1 && a[1] !== null ? `${String(a[0])}:${String(a[1])}` : String(a[0]);
    case '_codecs.encode': {
      // how protocol 2 pickles bytes: encode(str, 'latin1')
      if (typeof a[0] !== 'string' || a[1] !== 'latin1') return refuse('_codecs.encode is allowed only for latin1 bytes');
      return Uint8Array.from(a[0], (c) => c.charCodeAt(0));
    }
    case 'torch._utils._rebuild_tensor_v3':
      // what PyTorch 2.x writes for dtypes without a typed storage (uint16, float8, ...): none webtorch has
      throw new Error(`torch.load: webtorch has no dtype ${String(a[6])}`);
    case 'collections.Counter': {
      const d = new PyDict();
      if (a[0] instanceof PyDict) a[0].keys.forEach((k, i) => d.set(k, (a[0] as PyDict).values[i]));
      return d;
    }
    case 'builtins.bytearray': case '__builtin__.bytearray':
      if (a.length === 0) return new Uint8Array(0);
      if (a[0] instanceof Uint8Array) return a[0];
      if (typeof a[0] === 'string' && a[1] === 'latin-1') return Uint8Array.from(a[0], (c) => c.charCodeAt(0));
      return refuse('bytearray is allowed only from bytes');
    case 'builtins.set': case '__builtin__.set': case 'builtins.frozenset': case '__builtin__.frozenset':
      return new Set(a.length ? (a[0] instanceof PyTuple ? a[0].items : (a[0] as unknown[])) : []);
    default:
      return refuse(`Trying to ${newobj ? 'instantiate unsupported class' : 'call reduce for unrecognized function'} ${func.path}`);
  }
}

function build(obj: unknown, state: unknown): unknown {
  if (obj instanceof PyDict && obj.ordered) {
    if (state instanceof PyDict) obj.state = state;
    return obj;
  }
  // Parameter.__setstate__ of old files: the state repeats what _rebuild_parameter was given
  if (obj instanceof Tensor && parameterClass.isParameter(obj)) return obj;
  return refuse(`Can only build Tensor, parameter or dict objects, but got ${obj instanceof PyGlobal ? obj.path : typeof obj}`);
}

// ---- load ------------------------------------------------------------------------------------

/**
 * torch.load's map_location as PyTorch takes it: a device (string or torch.device), a {from: to}
 * object, or a function: `torch.load(f, {map_location: 'cpu'})`, `{map_location: {'cuda:0': 'cpu'}}`.
 */
export type MapLocation =
  | string
  | { type: string; toString(): string }
  | Record<string, string>
  | ((storage: Tensor, location: string) => Tensor | string | null | undefined)
  | null;

/** torch.load's options: `torch.load(f, {map_location: 'cpu', weights_only: true})` */
export interface LoadOptions {
  map_location?: MapLocation;
  /** accepted for PyTorch's signature; webtorch always loads as weights_only=True does */
  weights_only?: boolean;
}

const LOAD_KEYS = ['map_location', 'weights_only', 'mmap'];

function targetDevice(map: MapLocation | undefined, location: string, storage: () => Tensor): string | Tensor {
  let target: unknown = 'cpu';
  if (typeof map === 'function') target = map(storage(), location) ?? 'cpu';
  else if (typeof map === 'string') target = map;
  else if (map && typeof (map as { type?: unknown }).type === 'string') target = String(map);
  else if (map && typeof map === 'object') target = (map as Record<string, string>)[location] ?? 'cpu';
  if (target instanceof Tensor) return target;
  const dev = String(target);
  if (dev.startsWith('cuda')) {
    throw new Error(
      'Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device(\'cpu\') to map your storages to the CPU.',
    );
  }
  return dev;
}

const BYTES_LIKE = 'torch.load expects a file path (Node), a Uint8Array or an ArrayBuffer';

function asBytes(f: unknown, what: string): Uint8Array {
  if (typeof f === 'string') return readFile(f, what);
  if (f instanceof Uint8Array) return f;
  if (f instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && f instanceof SharedArrayBuffer)) return new Uint8Array(f);
  if (ArrayBuffer.isView(f)) return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  throw new TypeError(`${BYTES_LIKE}, got ${f === null ? 'null' : typeof f}`);
}

/** The dicts loaded from OrderedDicts (module state_dicts): torch.save writes them back as OrderedDicts. */
const orderedDicts = new WeakSet<object>();
/** For loaded dicts: which of their keys were Python ints, so torch.save writes each key back as it was. */
const intKeys = new WeakMap<object, Set<string>>();

/**
 * torch.load(f, {map_location, weights_only}): reads a checkpoint written by PyTorch (>= 1.6's zip
 * format) or by webtorch. `torch.load('model.pt')` (Node) or `torch.load(bytes)`. Typed `any`:
 * whatever was pickled comes back, as in Python.
 */
// biome-ignore lint/suspicious/noExplicitAny: whatever was pickled comes back, as Python's torch.load returns
export function load(f: string | Uint8Array | ArrayBuffer, options: LoadOptions = {}): any {
  checkKeywords('load', options as Record<string, unknown>, LOAD_KEYS);
  const data = asBytes(f, 'torch.load');
  if (data.length >= 2 && data[0] === 0x80 && data[1] <= 5) {
    throw new Error(
      'torch.load: this is the legacy (non-zip) format of PyTorch < 1.6 or _use_new_zipfile_serialization=False, which webtorch does not read; load and re-save it with torch.save in PyTorch >= 1.6',
    );
  }
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b || data[2] !== 0x03 || data[3] !== 0x04) {
    throw new Error('Invalid magic number; corrupt file? (torch.load expects a zip archive written by torch.save)');
  }
  const records = readZipDirectory(data);
  if (records.length === 0) throw new Error('PytorchStreamReader failed: archive does not contain any files');
  const slash = records[0].name.indexOf('/');
  if (slash < 0) throw new Error(`PytorchStreamReader failed: file in archive is not in a subdirectory: ${records[0].name}`);
  const prefix = records[0].name.slice(0, slash + 1);
  const byName = new Map<string, ZipRecord>();
  for (const r of records) if (r.name.startsWith(prefix)) byName.set(r.name.slice(prefix.length), r);
  if (byName.has('constants.pkl')) throw new Error('torch.load: this is a TorchScript archive (torch.jit.save), which webtorch does not read');
  const pkl = byName.get('data.pkl');
  if (!pkl) throw new Error(`PytorchStreamReader failed locating file data.pkl: file not found: ${prefix}data.pkl`);
  const byteorder = byName.has('byteorder') ? new TextDecoder().decode(readRecord(data, byName.get('byteorder')!)) : 'little';
  if (byteorder !== 'little' && byteorder !== 'big') throw new Error(`torch.load: unknown byteorder '${byteorder}'`);

  const storages = new Map<string, LoadedStorage>();
  const persistentLoad = (pid: unknown): LoadedStorage => {
    if (!(pid instanceof PyTuple) || pid.items[0] !== 'storage') {
      return refuse(`Only persistent_load of storage is allowed, but got ${pid instanceof PyTuple ? String(pid.items[0]) : typeof pid}`);
    }
    const [, type, keyArg, location, numelArg] = pid.items;
    if (!(type instanceof StorageType)) {
      if (typeof type === 'string') throw new Error(`torch.load: webtorch has no dtype for ${type} storages`);
      throw new UnpicklingError(`persistent id names ${type instanceof PyGlobal ? type.path : String(type)}, not a storage type`);
    }
    const key = String(keyArg);
    const seen = storages.get(key);
    if (seen) return seen;
    const numel = int(numelArg, 'storage size');
    const rec = byName.get(`data/${key}`);
    if (!rec) throw new Error(`PytorchStreamReader failed locating file data/${key}: file not found`);
    const nbytes = numel * type.itemsize;
    // the record must hold the storage: checked before allocating anything for it
    if (rec.size < nbytes) throw new Error(`torch.load: storage data/${key} claims ${numel} elements (${nbytes} bytes) but its record holds ${rec.size} bytes`);
    const raw = readRecord(data, rec).subarray(0, nbytes);
    let base = storageFromBytes(raw, type, numel, byteorder === 'big');
    const target = targetDevice(options.map_location, String(location), () => base);
    if (target instanceof Tensor) {
      if (target.dtype !== base.dtype || target.numel() !== numel || !target.is_contiguous() || target.storage_offset() !== 0) {
        throw new Error(`torch.load: map_location returned a tensor that is not the storage it was given (${numel} elements of ${base.dtype})`);
      }
      if (target !== base) { base.dispose(); base = target; }
    } else if (target !== base.device) {
      const moved = base.to({ device: target });
      base.dispose();
      base = moved;
    }
    const s = new LoadedStorage(base);
    storages.set(key, s);
    return s;
  };

  let value: unknown;
  try {
    value = unpickle(readRecord(data, pkl), { findClass, call, build, persistentLoad });
    return toJS(value, new Map());
  } finally {
    // the tensors are views of the storages and hold them; the storages' own handles go
    for (const s of storages.values()) s.base.dispose();
  }
}

/** One allocation for the storage, filled from the record (byte-swapped or widened where needed). */
function storageFromBytes(raw: Uint8Array, type: StorageType, numel: number, bigEndian: boolean): Tensor {
  const dtype = type.dtype === 'bfloat16' ? float32 : type.dtype;
  const t = Tensor.empty([numel], dtype, 'cpu');
  const s: Storage = t.storage;
  const arr = s.backend.array(s);
  const dst = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  const k = type.itemsize;
  if (type.dtype === 'bfloat16') {
    // bfloat16 is the top half of a float32
    const src = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    for (let i = 0; i < numel; i++) out.setUint32(i * 4, src.getUint16(i * 2, !bigEndian) << 16, true);
  } else if (bigEndian && k > 1) {
    for (let i = 0; i < raw.length; i += k) for (let j = 0; j < k; j++) dst[i + j] = raw[i + k - 1 - j];
  } else {
    dst.set(raw);
  }
  if (s.backend.write) s.backend.write(s, arr);
  return t;
}

function isIndexKey(k: unknown): k is number {
  return typeof k === 'number' && Number.isSafeInteger(k) && k >= 0 && k < 2 ** 32 - 1;
}

/** Python values to JS: tuples and lists -> arrays, dicts -> plain objects (Maps for other keys), storages -> tensors. */
function toJS(v: unknown, memo: Map<unknown, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (memo.has(v)) return memo.get(v);
  if (v instanceof Size) return v;
  if (v instanceof LoadedStorage) { return Tensor.view(v.base, [v.base.numel()], [1], 0); }
  if (v instanceof PyTuple || Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v instanceof PyTuple ? v.items : v) out.push(toJS(x, memo));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set<unknown>();
    memo.set(v, out);
    for (const x of v) out.add(toJS(x, memo));
    return out;
  }
  if (v instanceof PyDict) {
    // str keys and non-negative int keys (optimizer state) fit a plain object unless they collide
    const strs = new Set<string>();
    let plain = true;
    for (const k of v.keys) {
      if (typeof k !== 'string' && !isIndexKey(k)) { plain = false; break; }
      const s = String(k);
      if (strs.has(s)) { plain = false; break; }
      strs.add(s);
    }
    let out: Record<string, unknown> | Map<unknown, unknown>;
    if (plain) {
      const o: Record<string, unknown> = {};
      memo.set(v, o);
      v.keys.forEach((k, i) => Object.defineProperty(o, String(k), { value: toJS(v.values[i], memo), enumerable: true, writable: true, configurable: true }));
      intKeys.set(o, new Set(v.keys.filter((k) => typeof k === 'number').map(String)));
      out = o;
    } else {
      const m = new Map<unknown, unknown>();
      memo.set(v, m);
      v.keys.forEach((k, i) => m.set(toJS(k, memo), toJS(v.values[i], memo)));
      out = m;
    }
    if (v.ordered) orderedDicts.add(out);
    const meta = v.state ? v.state.values[v.state.keys.indexOf('_metadata')] : undefined;
    if (meta !== undefined) Object.defineProperty(out, '_metadata', { value: toJS(meta, memo), enumerable: false, writable: true, configurable: true });
    return out;
  }
  if (v instanceof PyGlobal) return refuse(`${v.path} cannot be returned as a value`);
  if (v instanceof StorageType) return `torch.${v.name}`;
  return v;
}

// ---- save ------------------------------------------------------------------------------------

/**
 * What torch.save takes: tensors, numbers (integers become Python ints, others floats), bigints,
 * strings, booleans, null, arrays, plain objects, Maps, Sets, Uint8Arrays, dtypes, torch.Size.
 */
export type Saveable = unknown;

const SAVE_KEYS = ['pickle_protocol', '_use_new_zipfile_serialization'];

/** PyTorch's archive name: the file's stem (caffe2 basename), 'archive' for bytes. */
function archiveName(path: string | undefined): string {
  if (path === undefined) return 'archive';
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot >= 0 ? base.slice(0, dot) : base;
  return stem || 'archive';
}

/**
 * torch.save(obj, f?): PyTorch's checkpoint format. `torch.save(model.state_dict(), 'model.pt')`
 * writes the file (Node); `torch.save(obj)` returns the bytes (anywhere).
 */
export function save(obj: Saveable): Uint8Array;
export function save(obj: Saveable, f: string, options?: { pickle_protocol?: number }): void;
export function save(obj: Saveable, f?: string | { pickle_protocol?: number }, options: { pickle_protocol?: number; _use_new_zipfile_serialization?: boolean } = {}): Uint8Array | undefined {
  if (f !== undefined && typeof f === 'object' && f !== null) { options = f; f = undefined; }
  checkKeywords('save', options as Record<string, unknown>, SAVE_KEYS);
  if (options.pickle_protocol !== undefined && options.pickle_protocol !== 2) {
    throw new Error(`torch.save: webtorch writes pickle protocol 2 (PyTorch's default), not ${options.pickle_protocol}`);
  }
  if (options._use_new_zipfile_serialization === false) throw new Error('torch.save: webtorch writes only the zip format');
  if (f !== undefined && typeof f !== 'string') throw new TypeError('torch.save: f must be a file path (Node) or omitted to get the bytes');
  const bytes = serialize(obj, archiveName(f));
  if (f === undefined) return bytes;
  writeFile(f, bytes, 'torch.save');
}

function serialize(obj: unknown, name: string): Uint8Array {
  const w = new PickleWriter();
  const storageKeys = new Map<Storage, string>();
  // Python's memo: an object met again (or a container inside itself) is a BINGET of the first
  const memo = new Map<unknown, number>();

  const writeStorage = (s: Storage) => {
    let key = storageKeys.get(s);
    if (key === undefined) { key = String(storageKeys.size); storageKeys.set(s, key); }
    const storageName = STORAGE_NAME.get(s.dtype);
    if (!storageName) throw new Error(`torch.save: no PyTorch storage type for ${s.dtype}`);
    w.tuple(5, () => { w.str('storage'); w.global('torch', storageName); w.str(key!); w.str('cpu'); w.int(s.numel); });
    w.binpersid();
  };
  const emptyOrderedDict = () => { w.global('collections', 'OrderedDict'); w.tuple(0, () => {}); w.reduce(); };
  const writeTensor = (t: Tensor, requiresGrad: boolean) => {
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.tuple(6, () => {
      writeStorage(t.storage);
      w.int(t.offset);
      w.tuple(t.shape_.length, () => t.shape_.forEach((d) => w.int(d)));
      w.tuple(t.strides.length, () => t.strides.forEach((d) => w.int(d)));
      w.bool(requiresGrad);
      emptyOrderedDict();
    });
    w.reduce();
  };

  /** a plain object's key: a Python int where it was one when loaded, or (for objects made in JS) where it is a canonical index */
  const keyOf = (o: object, k: string, strKeys: boolean): string | number => {
    const ints = intKeys.get(o);
    const isInt = ints ? ints.has(k) : !strKeys && /^(0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;
    return isInt ? Number(k) : k;
  };

  const write = (v: unknown, strKeys = false): void => {
    if (v === null || v === undefined) { w.none(); return; }
    if (typeof v === 'boolean') { w.bool(v); return; }
    // JS has one number type: integers are Python ints (but -0, whose sign only a float keeps)
    if (typeof v === 'number') { if (Number.isInteger(v) && !Object.is(v, -0)) w.int(v); else w.float(v); return; }
    if (typeof v === 'bigint') { w.int(v); return; }
    if (typeof v === 'string') { w.str(v); return; }
    if (v instanceof DType) { w.global('torch', v.name); return; }
    if (v instanceof Module) {
      throw new TypeError(
        `torch.save: cannot pickle a Module (${(v as { _get_name(): string })._get_name()}): webtorch saves state, not code. Save model.state_dict() and restore it with model.load_state_dict(torch.load(f))`,
      );
    }
    if (typeof v !== 'object') throw new TypeError(`torch.save: cannot pickle a ${typeof v}`);
    const seen = memo.get(v);
    if (seen !== undefined) { w.get(seen); return; }
    if (v instanceof Tensor) {
      if (parameterClass.isParameter(v)) {
        w.global('torch._utils', '_rebuild_parameter');
        w.tuple(3, () => { writeTensor(v, false); w.bool(v.requires_grad); emptyOrderedDict(); });
        w.reduce();
      } else writeTensor(v, v.requires_grad);
      memo.set(v, w.put());
      return;
    }
    if (v instanceof Size) {
      w.global('torch', 'Size');
      w.tuple(1, () => w.tuple(v.length, () => v.forEach((d) => w.int(d))));
      w.reduce();
      memo.set(v, w.put());
      return;
    }
    if (v instanceof Uint8Array) {
      // Python 2-compatible bytes, as protocol 2 writes them
      w.global('_codecs', 'encode');
      let latin1 = '';
      for (let i = 0; i < v.length; i += 8192) latin1 += String.fromCharCode(...v.subarray(i, i + 8192));
      w.tuple(2, () => { w.str(latin1); w.str('latin1'); });
      w.reduce();
      memo.set(v, w.put());
      return;
    }
    if (ArrayBuffer.isView(v)) throw new TypeError(`torch.save: cannot pickle a ${v.constructor.name}; make it a tensor (torch.from_numpy) first`);
    if (Array.isArray(v)) {
      w.emptyList();
      memo.set(v, w.put());
      if (v.length) w.batches(v.length, (i) => write(v[i]), 0x61, 0x65);
    } else if (v instanceof Set) {
      w.global('__builtin__', 'set');
      const items = [...v];
      w.tuple(1, () => { w.emptyList(); if (items.length) w.batches(items.length, (i) => write(items[i]), 0x61, 0x65); });
      w.reduce();
      memo.set(v, w.put());
    } else if (v instanceof Map || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      const entries: [unknown, unknown][] = v instanceof Map
        ? [...v.entries()]
        : Object.keys(v).map((k) => [keyOf(v, k, strKeys), (v as Record<string, unknown>)[k]]);
      const metadata = (v as { _metadata?: unknown })._metadata;
      const hasMeta = metadata !== undefined && !Object.prototype.propertyIsEnumerable.call(v, '_metadata');
      // module state_dicts are OrderedDicts in PyTorch: those loaded as one, those with _metadata, and all-tensor objects
      const ordered = orderedDicts.has(v) || hasMeta || (!(v instanceof Map) && entries.length > 0 && entries.every(([, x]) => x instanceof Tensor));
      if (ordered) emptyOrderedDict(); else w.emptyDict();
      memo.set(v, w.put());
      if (entries.length) w.batches(entries.length, (i) => { write(entries[i][0]); write(entries[i][1]); }, 0x73, 0x75);
      if (ordered && hasMeta) {
        // OrderedDict's __reduce__ state: its instance __dict__, {'_metadata': ...}
        w.emptyDict();
        w.put();
        w.str('_metadata');
        // its keys are module prefixes ('0' in a Sequential): always strings
        write(metadata, true);
        w.byte(0x73);
        w.build();
      }
    } else {
      const type = (v as object).constructor?.name ?? 'object';
      throw new TypeError(
        `torch.save: cannot pickle an object of type ${type}; save tensors, numbers, strings, arrays, plain objects and Maps (for a model, save model.state_dict())`,
      );
    }
  };

  w.proto();
  write(obj);
  w.stop();
  const pkl = w.bytes();

  // the storages' bytes, read only now (no allocation in the core may happen while views of it are held)
  const records: [string, Uint8Array][] = [[`${name}/data.pkl`, pkl], [`${name}/byteorder`, new TextEncoder().encode('little')]];
  const keys = [...storageKeys.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (const [s, key] of keys) {
    const arr = s.backend.array(s);
    records.push([`${name}/data/${key}`, new Uint8Array(arr.buffer, arr.byteOffset, s.numel * s.dtype.itemsize)]);
  }
  records.push([`${name}/version`, new TextEncoder().encode('3\n')]);
  return writeZip(records);
}
