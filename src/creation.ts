// Creation functions: torch.tensor, zeros, ones, arange, rand... (api.md "creation").
import { bool, float32, float64, int32, int64, uint8, int8, int16, float16, toDType, type DType, type DTypeLike, type TypedArray } from './dtype.js';
import { checkKeywords, intArg, isOptions, sizeArg } from './args.js';
import { checkShape, numelOf } from './shape.js';
import { Tensor, fromArray, type NestedArray } from './tensor.js';
import { generatorOf, randintValues, randpermValues, type Generator } from './random.js';
import { defaultDevice, defaultDeviceSet, parseDevice } from './device.js';

/** The options of the creation functions, PyTorch's keywords: `torch.zeros(2, 3, { dtype: torch.float64, requires_grad: true })`. */
export interface CreateOptions {
  dtype?: DTypeLike | null;
  device?: string | { type: string } | null;
  requires_grad?: boolean;
  /** random functions: the torch.Generator to draw from (the default one when absent) */
  generator?: Generator | null;
  /** @internal *_like: allocate beside this tensor (its backend) when on its device */
  like?: Tensor;
}

/** The device type of the options: torch.get_default_device() when none is given. */
function deviceOf(o: CreateOptions | undefined): string {
  const d = o?.device;
  if (d === undefined || d === null) return defaultDevice();
  return typeof d === 'string' ? parseDevice(d).type : d.type;
}

/** Moves a tensor made on the cpu (values and random draws are made there) to the options' device. */
function finish(t: Tensor, o: CreateOptions | undefined): Tensor {
  const dev = deviceOf(o);
  let r = t;
  if (dev !== t.device) { r = t.to({ device: dev }); t.dispose(); }
  if (o?.requires_grad) r.requires_grad_(true);
  return r;
}

/** The keywords PyTorch's factory functions take (`layout` and `pin_memory` have one value here). */
const CREATE_KEYWORDS = ['dtype', 'device', 'requires_grad'];

/** Splits `f(2, 3, {dtype})`, `f([2, 3], {dtype})` into a shape and options, with PyTorch's checks. */
export function sizeAndOptions(args: readonly unknown[], fn = 'zeros', extraKeywords: readonly string[] = []): { shape: number[]; opts: CreateOptions } {
  let opts: CreateOptions = {};
  let dims = args;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    checkKeywords(fn, last, [...CREATE_KEYWORDS, ...extraKeywords, 'like']); // like: internal, from the *_like functions
    opts = last as CreateOptions;
    dims = args.slice(0, -1);
  }
  return { shape: checkShape(sizeArg(fn, 'size', dims)), opts };
}

const TYPED_DTYPES: [new (...a: never[]) => TypedArray, DType][] = [
  [Float32Array, float32], [Float64Array, float64], [Int32Array, int32], [BigInt64Array, int64],
  [Uint8Array, uint8], [Int8Array, int8], [Int16Array, int16],
];

function typedDType(a: unknown): DType | null {
  for (const [ctor, dt] of TYPED_DTYPES) if (a instanceof ctor) return dt;
  return null;
}

/** Shape and flat values of nested arrays, with PyTorch's errors for ragged or non-numeric data. */
function flatten(data: unknown): { shape: number[]; values: number[]; kind: 'bool' | 'int' | 'float' } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
  }
  const values: number[] = [];
  let allBool = true, allInt = true;
  const walk = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x === 'boolean') { values.push(x ? 1 : 0); return; }
      allBool = false;
      if (typeof x === 'bigint') { values.push(Number(x)); return; }
      if (typeof x === 'number') {
        values.push(x);
        if (!Number.isInteger(x)) allInt = false;
        return;
      }
      if (x instanceof Tensor) {
        if (x.numel() !== 1) throw new Error('only one element tensors can be converted to Python scalars');
        values.push(+x.item());
        return;
      }
      if (Array.isArray(x)) throw new Error(`expected a number at dim ${d} but got a sequence`);
      throw new TypeError(`new(): invalid data type '${x === null ? 'None' : typeof x === 'string' ? 'str' : typeof x}'`);
    }
    if (!Array.isArray(x) && !ArrayBuffer.isView(x)) {
      throw new Error(`expected sequence of length ${shape[d]} at dim ${d} (got a number)`);
    }
    const arr = x as ArrayLike<unknown>;
    if (arr.length !== shape[d]) throw new Error(`expected sequence of length ${shape[d]} at dim ${d} (got ${arr.length})`);
    for (let i = 0; i < arr.length; i++) walk(arr[i], d + 1);
  };
  walk(data, 0);
  return { shape, values, kind: allBool && values.length > 0 ? 'bool' : allInt ? 'int' : 'float' };
}

/**
 * PyTorch's checked conversion of Python numbers into an integer dtype: NaN, infinities and values
 * past the type's range are errors (unsigned types also take negatives down to -max, wrapping).
 */
function checkRepresentable(values: readonly number[], dtype: DType): void {
  if (dtype.category !== 1) return;
  const bits = dtype.itemsize * 8;
  const max = dtype.is_signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const min = dtype.is_signed ? -(2 ** (bits - 1)) : -max;
  for (const v of values) {
    if (!(v >= min && v <= max)) throw new Error(`value cannot be converted to type ${dtype.name} without overflow`);
  }
}

/** torch.tensor(data, {dtype, device, requires_grad}): always copies. */
export function tensor(data: NestedArray | TypedArray | Tensor, opts?: CreateOptions): Tensor {
  if (data instanceof Tensor) {
    const t = data.detach().clone();
    const r = opts?.dtype ? t.to(toDType(opts.dtype)) : t;
    // torch.tensor(t) stays on t's device unless a device is given or set as the default
    return finish(r, { ...opts, device: opts?.device ?? defaultDeviceSet() ?? r.device });
  }
  const typed = typedDType(data);
  if (typed) {
    const dtype = opts?.dtype ? toDType(opts.dtype) : typed;
    const arr = data as TypedArray;
    const t = dtype === typed ? fromArray(arr, [arr.length], dtype, 'cpu') : fromArray(arr, [arr.length], typed, 'cpu').to(dtype);
    return finish(t, opts);
  }
  const { shape, values, kind } = flatten(data);
  // JavaScript has one number type: integers are float32 unless a dtype says otherwise (api.md)
  const dtype = opts?.dtype ? toDType(opts.dtype) : kind === 'bool' ? bool : float32;
  checkRepresentable(values, dtype);
  return finish(fromArray(values, shape, dtype, 'cpu'), opts);
}

function filled(shape: number[], value: number, opts: CreateOptions, defaultDtype: DType = float32): Tensor {
  const dtype = opts.dtype ? toDType(opts.dtype) : defaultDtype;
  const device = deviceOf(opts);
  const t = Tensor.empty(shape, dtype, opts.like && opts.like.device === device ? opts.like : device);
  t.storage.backend.fill(t, value);
  if (opts.requires_grad) t.requires_grad_(true);
  return t;
}

/** PyTorch's `torch.zeros(*size, dtype=None, device=None, requires_grad=False)`, filled with 0: `torch.zeros(2, 3)`. */
export function zeros(...size: number[]): Tensor;
/** `torch.zeros(2, 3, { dtype: torch.float64 })`: the sizes, then the options. */
export function zeros(...sizeAndOptions: [...size: number[], options: CreateOptions]): Tensor;
/** `torch.zeros([2, 3], { requires_grad: true })`: the sizes as one array (or a Size). */
export function zeros(size: readonly number[], options?: CreateOptions): Tensor;
export function zeros(...args: unknown[]): Tensor { const { shape, opts } = sizeAndOptions(args, 'zeros'); return filled(shape, 0, opts); }
/** PyTorch's `torch.ones(*size, dtype=None, device=None, requires_grad=False)`, filled with 1: `torch.ones(2, 3)`. */
export function ones(...size: number[]): Tensor;
/** `torch.ones(2, 3, { dtype: torch.float64 })`: the sizes, then the options. */
export function ones(...sizeAndOptions: [...size: number[], options: CreateOptions]): Tensor;
/** `torch.ones([2, 3], { requires_grad: true })`: the sizes as one array (or a Size). */
export function ones(size: readonly number[], options?: CreateOptions): Tensor;
export function ones(...args: unknown[]): Tensor { const { shape, opts } = sizeAndOptions(args, 'ones'); return filled(shape, 1, opts); }
/** PyTorch's `torch.empty(*size, dtype=None, device=None, requires_grad=False)` (here filled with 0): `torch.empty(2, 3)`. */
export function empty(...size: number[]): Tensor;
/** `torch.empty(2, 3, { dtype: torch.float64 })`: the sizes, then the options. */
export function empty(...sizeAndOptions: [...size: number[], options: CreateOptions]): Tensor;
/** `torch.empty([2, 3], { requires_grad: true })`: the sizes as one array (or a Size). */
export function empty(size: readonly number[], options?: CreateOptions): Tensor;
export function empty(...args: unknown[]): Tensor { const { shape, opts } = sizeAndOptions(args, 'empty'); return filled(shape, 0, opts); }

/** torch.full(size, fill_value): the dtype follows the value (bool, or float32 for numbers). */
export function full(size: number[], fill_value: number | boolean, opts: CreateOptions = {}): Tensor {
  const shape = checkShape(size);
  return filled(shape, +fill_value, opts, typeof fill_value === 'boolean' ? bool : float32);
}

function likeOptions(x: Tensor, opts: CreateOptions = {}, fn = 'zeros_like'): CreateOptions {
  checkKeywords(fn, opts as Record<string, unknown>, CREATE_KEYWORDS);
  return { dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device, requires_grad: opts.requires_grad, like: x };
}
/** PyTorch's `torch.zeros_like`: zeros in the shape (and by default dtype and device) of x. Example: `torch.zeros_like(x)` */
export function zeros_like(x: Tensor, opts?: CreateOptions): Tensor { return filled(x.shape_.slice(), 0, likeOptions(x, opts, 'zeros_like')); }
/** PyTorch's `torch.ones_like`: ones in the shape of x. Example: `torch.ones_like(x, { dtype: torch.int64 })` */
export function ones_like(x: Tensor, opts?: CreateOptions): Tensor { return filled(x.shape_.slice(), 1, likeOptions(x, opts, 'ones_like')); }
/** PyTorch's `torch.empty_like`: a tensor in the shape of x (here filled with zeros). Example: `torch.empty_like(x)` */
export function empty_like(x: Tensor, opts?: CreateOptions): Tensor { return filled(x.shape_.slice(), 0, likeOptions(x, opts, 'empty_like')); }
/** PyTorch's `torch.full_like`: value in the shape of x. Example: `torch.full_like(x, 7)` */
export function full_like(x: Tensor, value: number | boolean, opts?: CreateOptions): Tensor {
  return filled(x.shape_.slice(), +value, likeOptions(x, opts, 'full_like'));
}

/** PyTorch's `torch.eye(n, m=None)`: an identity matrix. Example: `torch.eye(3)` */
export function eye(n: number, m?: number | CreateOptions, opts: CreateOptions = {}): Tensor {
  if (typeof m === 'object') { opts = m; m = undefined; }
  const cols = m ?? n;
  checkShape([n, cols]);
  const values = new Float64Array(n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  const dtype = opts.dtype ? toDType(opts.dtype) : float32;
  return finish(fromArray(values, [n, cols], dtype, 'cpu'), opts);
}

/** PyTorch's `torch.arange(end)`: `torch.arange(5)` is `tensor([0, 1, 2, 3, 4])` (int64). */
export function arange(end: number, options?: CreateOptions): Tensor;
/** `torch.arange(start, end, step?)`: `torch.arange(0, 1, 0.25)`. */
export function arange(start: number, end: number, step?: number, options?: CreateOptions): Tensor;
/** `torch.arange(start, end, options)`: `torch.arange(1, 4, { dtype: torch.float32 })`. */
export function arange(start: number, end: number, options: CreateOptions): Tensor;
/** torch.arange(end) / (start, end) / (start, end, step): int64 when every argument is an integer. */
export function arange(...args: unknown[]): Tensor {
  let opts: CreateOptions = {};
  if (args.length && typeof args[args.length - 1] === 'object') opts = args.pop() as CreateOptions;
  const nums = args as number[];
  let start = 0, end: number, step = 1;
  if (nums.length === 1) end = nums[0];
  else [start, end, step = 1] = nums;
  if (step === 0) throw new Error('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) throw new Error('upper bound and larger bound inconsistent with step sign');
  const integral = nums.every((v) => Number.isInteger(v));
  const dtype = opts.dtype ? toDType(opts.dtype) : integral ? int64 : float32;
  // PyTorch's arange_out converts the arguments to int64 first for an int64 result (and only then)
  if (dtype === int64) [start, end, step] = [Math.trunc(start), Math.trunc(end), Math.trunc(step)];
  if (step === 0) throw new Error('step must be nonzero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(fromArray(values, [n], dtype, 'cpu'), opts);
}

/** torch.linspace: PyTorch fills the first half from start and the second half from end. */
export function linspace(start: number, end: number, steps: number | (CreateOptions & { steps?: number }), opts: CreateOptions = {}): Tensor {
  if (typeof steps === 'object' && steps !== null && !Array.isArray(steps)) {
    // steps by keyword, as Python's linspace(0., 1., steps=25, requires_grad=True)
    const { steps: n, ...rest } = steps;
    if (n === undefined) throw new TypeError('linspace() missing 1 required positional arguments: "steps"');
    return linspace(start, end, n, rest);
  }
  return linspaceN(start, end, steps as number, opts);
}

function linspaceN(start: number, end: number, steps: number, opts: CreateOptions): Tensor {
  intArg('linspace', 'steps', 3, steps);
  checkKeywords('linspace', opts as Record<string, unknown>, CREATE_KEYWORDS);
  if (steps < 0) throw new Error('number of steps must be non-negative');
  const values = new Float64Array(steps);
  const dtype = opts.dtype ? toDType(opts.dtype) : float32;
  const r = dtype === float64 ? (x: number) => x : Math.fround;
  if (steps === 1) values[0] = start;
  else if (steps > 1 && (dtype === float32 || dtype === float64)) linspaceAvx2(values, start, end, dtype === float64);
  else if (steps > 1) {
    const step = r((end - start) / (steps - 1));
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) values[i] = i < half ? r(start + step * i) : r(end - step * (steps - i - 1));
  }
  return finish(fromArray(values, [steps], dtype, 'cpu'), opts);
}

/**
 * PyTorch 1.13's CPU linspace kernel (RangeFactoriesKernel.cpp) as its x86 build runs it (AVX2):
 * pairs of vectors (8 floats or 4 doubles each) start at start + step * idx, or past halfway at
 * end - step * (steps - idx - 1), each one fused multiply-add; a vector's lanes add k * step to
 * that, rounded per operation; the tail after the last whole pair is scalar (fused again). Values
 * near a zero of sin (linspace(0, 2 pi, 25)[12]) depend on those last bits.
 */
function linspaceAvx2(values: Float64Array, start: number, end: number, double: boolean): void {
  const r = double ? (x: number) => x : Math.fround;
  const fma = double ? fma64 : (a: number, b: number, c: number) => Math.fround(a * b + c); // float products are exact in double
  const steps = values.length, s = r(start), e = r(end);
  const step = r(r(e - s) / (steps - 1));
  const half = Math.floor(steps / 2), lanes = double ? 4 : 8;
  const at = (i: number) => (i < half ? fma(step, i, s) : fma(-step, steps - i - 1, e));
  let i = 0;
  for (; i + 2 * lanes <= steps; i += 2 * lanes) {
    for (const v of [i, i + lanes]) {
      const base = at(v);
      for (let k = 0; k < lanes; k++) values[v + k] = r(base + r(k * step));
    }
  }
  for (; i < steps; i++) values[i] = at(i);
}

/** fma(a, b, c) in double: the product's exact error (Dekker) added back before the last rounding. */
function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0) return p + c;
  const split = (x: number) => { const t = 134217729 * x; const hi = t - (t - x); return [hi, x - hi]; };
  const [ah, al] = split(a), [bh, bl] = split(b);
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const sum = p + c, bb = sum - p, se = (p - (sum - bb)) + (c - bb);
  return sum + (se + pe);
}

/** rand and randn are empty(...).uniform_() / .normal_(), as in PyTorch: the same draws and checks. */
function randomTensor(fn: string, args: unknown[], fill: (t: Tensor, g: Generator) => Tensor): Tensor {
  const { shape, opts } = sizeAndOptions(args, fn, ['generator']);
  const g = generatorOf(opts.generator, fn);
  const t = Tensor.empty(shape, opts.dtype ? toDType(opts.dtype) : float32, 'cpu');
  try {
    fill(t, g);
  } catch (e) {
    t.dispose();
    throw e;
  }
  return finish(t, opts);
}

/** PyTorch's `torch.rand(*size, dtype=None, device=None, requires_grad=False)`, uniform on [0, 1): `torch.rand(2, 3)`. */
export function rand(...size: number[]): Tensor;
/** `torch.rand(2, 3, { dtype: torch.float64 })`: the sizes, then the options. */
export function rand(...sizeAndOptions: [...size: number[], options: CreateOptions]): Tensor;
/** `torch.rand([2, 3], { requires_grad: true })`: the sizes as one array (or a Size). */
export function rand(size: readonly number[], options?: CreateOptions): Tensor;
export function rand(...args: unknown[]): Tensor { return randomTensor('rand', args, (t, generator) => t.uniform_({ generator })); }
/** PyTorch's `torch.randn(*size, dtype=None, device=None, requires_grad=False)`, standard normal: `torch.randn(2, 3)`. */
export function randn(...size: number[]): Tensor;
/** `torch.randn(2, 3, { dtype: torch.float64 })`: the sizes, then the options. */
export function randn(...sizeAndOptions: [...size: number[], options: CreateOptions]): Tensor;
/** `torch.randn([2, 3], { requires_grad: true })`: the sizes as one array (or a Size). */
export function randn(size: readonly number[], options?: CreateOptions): Tensor;
export function randn(...args: unknown[]): Tensor { return randomTensor('randn', args, (t, generator) => t.normal_({ generator })); }
/** PyTorch's `torch.rand_like`: uniform draws on [0, 1) in the shape of x. Example: `torch.rand_like(x)` */
export function rand_like(x: Tensor, opts?: CreateOptions): Tensor { return rand(x.shape_.slice(), likeOptions(x, opts, 'rand_like')); }
/** PyTorch's `torch.randn_like`: standard normal draws in the shape of x. Example: `torch.randn_like(x)` */
export function randn_like(x: Tensor, opts?: CreateOptions): Tensor { return randn(x.shape_.slice(), likeOptions(x, opts, 'randn_like')); }

/** PyTorch's `torch.randint(high, size)`: `torch.randint(10, [2, 3])`, int64 in [0, high). */
export function randint(high: number, size: readonly number[], options?: CreateOptions): Tensor;
/** `torch.randint(low, high, size)`: `torch.randint(-5, 5, [4])`. */
export function randint(low: number, high: number, size: readonly number[], options?: CreateOptions): Tensor;
/** torch.randint(high, size) / (low, high, size): int64 by default. */
export function randint(...args: unknown[]): Tensor {
  let opts: CreateOptions = {};
  if (args.length && !Array.isArray(args[args.length - 1]) && typeof args[args.length - 1] === 'object') opts = args.pop() as CreateOptions;
  const kw = opts as CreateOptions & { low?: number; high?: number; size?: number[] };
  if (args.length === 0 && kw.high !== undefined) args = [kw.low ?? 0, kw.high, kw.size];
  else if (args.length === 1 && kw.size !== undefined) args = [0, args[0], kw.size];
  const [low, high, size] = args.length === 2 ? [0, args[0] as number, args[1] as number[]] : (args as [number, number, number[]]);
  if (!(high > low)) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const shape = checkShape(size);
  const dtype = opts.dtype ? toDType(opts.dtype) : int64;
  return finish(fromArray(randintValues(numelOf(shape), low, high, generatorOf(opts.generator, 'randint')), shape, dtype, 'cpu'), opts);
}

/** PyTorch's `torch.randperm(n)`: a random permutation of 0..n-1 (int64). Example: `torch.randperm(5)` */
export function randperm(n: number, opts: CreateOptions = {}): Tensor {
  checkShape([n]);
  const dtype = opts.dtype ? toDType(opts.dtype) : int64;
  return finish(fromArray(randpermValues(n, generatorOf(opts.generator, 'randperm')), [n], dtype, 'cpu'), opts);
}

/** torch.from_numpy(typedArray): a 1-D tensor over a copy in the core (JS memory cannot be shared with it). */
export function from_numpy(arr: TypedArray): Tensor {
  const dt = typedDType(arr);
  if (!dt) throw new TypeError('from_numpy expects a Float32Array, Float64Array, Int32Array, BigInt64Array, Uint8Array, Int8Array or Int16Array');
  return fromArray(arr, [arr.length], dt, 'cpu');
}

/** PyTorch's `torch.as_tensor(data, dtype=None, device=None)`: a tensor from data (the tensor itself when nothing changes). Example: `torch.as_tensor(new Float32Array([1, 2]))` */
export function as_tensor(data: NestedArray | TypedArray | Tensor, opts: CreateOptions = {}): Tensor {
  if (data instanceof Tensor) {
    let r = data;
    if (opts.dtype && toDType(opts.dtype) !== r.dtype) r = r.to(toDType(opts.dtype));
    const device = opts.device ?? defaultDeviceSet();
    if (device && deviceOf({ device }) !== r.device) r = r.to({ device: deviceOf({ device }) });
    return r;
  }
  return tensor(data, opts);
}

export { float16 };
