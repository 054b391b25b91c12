// Movement ops. Views only rewrite the geometry (shape, strides, offset) over the same storage;
// the copies (cat, stack, repeat, flip, roll, diag) are one strided `backend.copy` per piece, with
// no per-element loop in JS; tril/triu mask with one `where`, trace sums a diagonal view.
import { bindArgs, intArg, isOptions, pyTypeName, sizeArg } from '../args.js';
import { DType, promoteTypes } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { checkShape, contiguousStrides, normalizeDim, numelOf } from '../shape.js';
import { arange } from '../creation.js';
import { no_grad } from '../autograd.js';
import { checkSameDevice } from './elementwise.js';
import { needsGrad, record } from './autograd-record.js';
import { asView } from './views.js';

/** Accepts f(2, 3), f([2, 3]) and f() the way PyTorch's size arguments do. */
export function shapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as number[]).slice();
  return args.map((d) => {
    if (typeof d !== 'number') throw new TypeError(`shape must be numbers or one list of numbers, got ${JSON.stringify(args)}`);
    return d;
  });
}

/**
 * PyTorch's keyword arguments for `fn`: positional values, or a trailing options object with the
 * same names (`x.flatten(1)`, `x.flatten({start_dim: 1})`); `defaults` fills the rest. Python's
 * rules and errors (src/args.ts bindArgs): an unknown keyword is a TypeError naming `fn`.
 */
export function kwargs<T extends unknown[]>(args: readonly unknown[], names: readonly string[], defaults: T, fn: string): T {
  return bindArgs(fn, args, names, defaults) as T;
}

/** A view of `x` with new geometry, recorded with `gradName`, whose gradient `back` maps g to x's shape. */
export function makeView(
  x: Tensor, shape: readonly number[], strides: readonly number[], offset: number,
  gradName: string, back: (g: Tensor) => Tensor,
): Tensor {
  const y = asView(x, shape, strides, offset);
  if (needsGrad(x)) record(gradName, [x], [y], [], (gs) => [back(gs[0] as Tensor)]);
  return y;
}

// ---- windows: views a reshape cannot undo (select, slice, diagonal) -----------------------------

/** A view's layout in elements. */
export interface Geometry { readonly shape: readonly number[]; readonly strides: readonly number[]; readonly offset: number }
/** Derives a window's geometry from its base's, whatever the base's strides. */
export type Window = (base: Geometry) => Geometry;

const geometryOf = (x: Tensor): Geometry => ({ shape: x.shape_, strides: x.strides, offset: x.offset });
const without = (a: readonly number[], i: number): number[] => a.filter((_, k) => k !== i);

export const selectWindow = (dim: number, index: number): Window => (v) => ({
  shape: without(v.shape, dim), strides: without(v.strides, dim), offset: v.offset + index * v.strides[dim],
});

export const sliceWindow = (dim: number, start: number, length: number, step = 1): Window => (v) => {
  const shape = v.shape.slice(), strides = v.strides.slice();
  shape[dim] = length;
  strides[dim] = v.strides[dim] * step;
  return { shape, strides, offset: v.offset + start * v.strides[dim] };
};

export const diagonalWindow = (k: number, d1: number, d2: number): Window => (v) => {
  const n = Math.max(0, k >= 0 ? Math.min(v.shape[d1], v.shape[d2] - k) : Math.min(v.shape[d1] + k, v.shape[d2]));
  const keep = v.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  return {
    shape: [...keep.map((i) => v.shape[i]), n],
    strides: [...keep.map((i) => v.strides[i]), v.strides[d1] + v.strides[d2]],
    offset: v.offset + (n === 0 ? 0 : k >= 0 ? k * v.strides[d2] : -k * v.strides[d1]),
  };
};

/** Every dim in `dims` walked backwards: flip's source. */
const flipWindow = (dims: readonly number[]): Window => (v) => {
  const strides = v.strides.slice();
  let offset = v.offset;
  for (const d of dims) {
    if (v.shape[d] > 0) offset += (v.shape[d] - 1) * v.strides[d];
    strides[d] = -v.strides[d];
  }
  return { shape: v.shape, strides, offset };
};

/**
 * A window of `x` as a view. Its gradient writes g into the same window of zeros, and that is
 * differentiable again: its own gradient is the window of the incoming gradient.
 */
export function windowView(x: Tensor, gradName: string, window: Window): Tensor {
  const w = window(geometryOf(x));
  const from = x.shape_.slice();
  return makeView(x, w.shape, w.strides, w.offset, gradName, (g) => embedWindow(g, from, gradName, window));
}

/** Zeros of `shape` with `g` written into `window` of them: the gradient of a window. */
export function embedWindow(g: Tensor, shape: readonly number[], gradName: string, window: Window): Tensor {
  const out = filled(shape, g.dtype, g, 0);
  out.storage.backend.copy(g, { storage: out.storage, dtype: out.dtype, ...window({ shape, strides: contiguousStrides(shape), offset: 0 }) });
  // PyTorch names the double backward after the op: SelectBackward0 -> SelectBackwardBackward0
  if (needsGrad(g)) record(gradName.replace(/0$/, 'Backward0'), [g], [out], [], (gs) => [windowView(gs[0] as Tensor, gradName, window)]);
  return out;
}

/** A dense copy of a window of `x` (flip, diag of a matrix), recorded as one op. */
function windowCopy(x: Tensor, gradName: string, window: Window): Tensor {
  const w = window(geometryOf(x));
  const out = Tensor.empty(w.shape, x.dtype, x);
  x.storage.backend.copy({ storage: x.storage, dtype: x.dtype, ...w }, out);
  if (needsGrad(x)) {
    const from = x.shape_.slice();
    record(gradName, [x], [out], [], (gs) => [embedWindow(gs[0] as Tensor, from, gradName, window)]);
  }
  return out;
}

// ---- views -------------------------------------------------------------------------------------

/**
 * Strides for viewing (shape, strides) as `target` without a copy, or null when impossible
 * (PyTorch's computeStride: each run of merged dims must be contiguous within itself).
 */
function viewStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] | null {
  const numel = numelOf(shape);
  if (numel === 0 || shape.length === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1];
  let tensorNumel = 1, viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) { chunkBase = strides[d - 1]; tensorNumel = 1; viewNumel = 1; }
    }
  }
  return viewD === -1 ? out : null;
}

export function view(x: Tensor, shapeIn: readonly number[]): Tensor {
  const shape = checkShape(shapeIn, x.numel());
  const strides = viewStrides(x.shape_, x.strides, shape);
  if (!strides) {
    throw new Error(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  const from = x.shape_.slice();
  return makeView(x, shape, strides, x.offset, 'ViewBackward0', (g) => g.reshape(from));
}

export function reshape(x: Tensor, shapeIn: readonly number[]): Tensor {
  const shape = checkShape(shapeIn, x.numel());
  const strides = viewStrides(x.shape_, x.strides, shape);
  const from = x.shape_.slice();
  if (strides) return makeView(x, shape, strides, x.offset, 'ViewBackward0', (g) => g.reshape(from));
  // a copy (recorded as CloneBackward0, as PyTorch) viewed in the new shape
  const c = x.contiguous();
  const y = Tensor.view(c, shape, contiguousStrides(shape), 0);
  if (needsGrad(c)) record('UnsafeViewBackward0', [c], [y], [], (gs) => [(gs[0] as Tensor).reshape(from)]);
  c.dispose();
  return y;
}

export function flatten(x: Tensor, ...args: unknown[]): Tensor {
  const [startDim, endDim] = kwargs(args, ['start_dim', 'end_dim'], [0, -1] as [number, number], 'flatten');
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim), e = normalizeDim(endDim, x.ndim);
  if (s > e) throw new Error('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x.shape_.slice(0, s), numelOf(x.shape_.slice(s, e + 1)), ...x.shape_.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, sizes] = kwargs(args, ['dim', 'sizes'], [0, []] as [number, number[]], 'unflatten');
  const d = normalizeDim(dim, x.ndim);
  if (sizes.length === 0) throw new Error('unflatten: sizes must be non-empty');
  const n = x.shape_[d];
  const known = sizes.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const inferred = sizes.includes(-1);
  if (inferred ? known === 0 || n % known !== 0 : known !== n) {
    throw new Error(`unflatten: Provided sizes [${sizes.join(', ')}] don't multiply up to the size of dim ${dim} (${n}) in the input tensor`);
  }
  return view(x, [...x.shape_.slice(0, d), ...sizes.map((s) => (s === -1 ? n / known : s)), ...x.shape_.slice(d + 1)]);
}

export function squeeze(x: Tensor, ...args: unknown[]): Tensor {
  const [dim] = kwargs(args, ['dim'], [null] as [number | number[] | null], 'squeeze');
  const from = x.shape_.slice();
  let drop: number[];
  let name: string;
  if (dim === undefined || dim === null) {
    drop = from.map((_, i) => i).filter((i) => from[i] === 1);
    name = 'SqueezeBackward0';
  } else {
    const dims = (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim(d, x.ndim));
    drop = dims.filter((d) => x.ndim > 0 && from[d] === 1);
    name = typeof dim === 'number' ? 'SqueezeBackward1' : 'SqueezeBackward2';
  }
  const keep = from.map((_, i) => i).filter((i) => !drop.includes(i));
  return makeView(x, keep.map((i) => from[i]), keep.map((i) => x.strides[i]), x.offset, name, (g) => g.reshape(from));
}

export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  sizeArg('expand', 'size', sizes, 1);
  if (sizes.length < x.ndim) {
    throw new Error(`expand(torch.FloatTensor{[${x.shape_.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  }
  const lead = sizes.length - x.ndim;
  const shape: number[] = [], strides: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const j = i - lead;
    const have = j >= 0 ? x.shape_[j] : 1;
    let want = sizes[i];
    if (want === -1) {
      if (j < 0) throw new Error(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      want = have;
    }
    if (have !== want && have !== 1) {
      throw new Error(`The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape_.join(', ')}]`);
    }
    shape.push(want);
    strides.push(j < 0 || (have === 1 && want !== 1) ? 0 : x.strides[j]);
  }
  const from = x.shape_.slice();
  return makeView(x, shape, strides, x.offset, 'ExpandBackward0', (g) => g.sum_to_size(from));
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1);
  const shape = x.shape_.slice(), strides = x.strides.slice();
  const stride = d < x.ndim ? x.strides[d] * x.shape_[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  const from = x.shape_.slice();
  return makeView(x, shape, strides, x.offset, 'UnsqueezeBackward0', (g) => g.reshape(from));
}

export function permute(x: Tensor, dimsIn: readonly number[]): Tensor {
  const dims = dimsIn.map((d) => normalizeDim(d, x.ndim));
  if (dims.length !== x.ndim) {
    throw new Error(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  }
  if (new Set(dims).size !== dims.length) throw new Error('permute(): duplicate dims are not allowed.');
  const inverse = new Array<number>(dims.length);
  dims.forEach((d, i) => { inverse[d] = i; });
  return makeView(x, dims.map((d) => x.shape_[d]), dims.map((d) => x.strides[d]), x.offset, 'PermuteBackward0',
    (g) => g.permute(inverse));
}

export function transpose(x: Tensor, dim0: number, dim1: number, gradName = 'TransposeBackward0'): Tensor {
  const a = normalizeDim(dim0, x.ndim), b = normalizeDim(dim1, x.ndim);
  if (x.ndim === 0) return makeView(x, [], [], x.offset, gradName, (g) => g); // a scalar's dims 0 and -1 are itself
  const shape = x.shape_.slice(), strides = x.strides.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return makeView(x, shape, strides, x.offset, gradName, (g) => g.transpose(a, b));
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? makeView(x, x.shape_, x.strides, x.offset, 'TBackward0', (g) => g) : transpose(x, 0, 1, 'TBackward0');
}

/** x.T: every dim reversed (PyTorch's numpy_T). */
export function numpyT(x: Tensor): Tensor {
  return permute(x, x.shape_.map((_, i) => x.ndim - 1 - i));
}

/** x.mT: the last two dims swapped. */
export function matrixT(x: Tensor): Tensor {
  if (x.ndim < 2) throw new Error(`tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`);
  return transpose(x, -2, -1);
}

export function select(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, index] = kwargs(args, ['dim', 'index'], [0, 0] as [number, number], 'select');
  intArg('select', 'dim', 1, dim);
  intArg('select', 'index', 2, index);
  if (x.ndim === 0) throw new Error('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim);
  const n = x.shape_[d];
  if (index < -n || index >= n) throw new Error(`select(): index ${index} out of range for tensor of size [${x.shape_.join(', ')}] at dimension ${d}`);
  return windowView(x, 'SelectBackward0', selectWindow(d, index < 0 ? index + n : index));
}

export function narrow(x: Tensor, ...args: unknown[]): Tensor {
  const [dim, start, length] = kwargs(args, ['dim', 'start', 'length'], [0, 0, 0] as [number, number, number], 'narrow');
  [dim, start, length].forEach((v, i) => intArg('narrow', ['dim', 'start', 'length'][i], i + 1, v));
  if (x.ndim === 0) throw new Error('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim);
  const n = x.shape_[d];
  if (start < -n || start > n) throw new Error(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  const s = start < 0 ? start + n : start;
  if (length < 0 || s + length > n) throw new Error(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return windowView(x, 'SliceBackward0', sliceWindow(d, s, length));
}

export function diagonal(x: Tensor, ...args: unknown[]): Tensor {
  const [offset, dim1, dim2] = kwargs(args, ['offset', 'dim1', 'dim2'], [0, 0, 1] as [number, number, number], 'diagonal');
  const a = normalizeDim(dim1, x.ndim), b = normalizeDim(dim2, x.ndim);
  if (a === b) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return windowView(x, 'DiagonalBackward0', diagonalWindow(offset, a, b));
}

/**
 * Several views of `x` from one op (split, chunk, unbind): one node with an output per piece;
 * its backward assembles the pieces' gradients (zeros where none arrived).
 */
function pieces(x: Tensor, gradName: string, windows: readonly Window[], assemble: (gs: Tensor[]) => Tensor): Tensor[] {
  const base = geometryOf(x);
  const outs = windows.map((w) => { const g = w(base); return asView(x, g.shape, g.strides, g.offset, true); });
  if (needsGrad(x)) {
    const shapes = outs.map((o) => o.shape_.slice());
    const dtype = x.dtype;
    // the zeros are made beside a gradient that arrived: x may be a temporary a torch.tidy has freed
    record(gradName, [x], outs, [], (gs) => {
      const like = gs.find((g) => g) as Tensor;
      return [assemble(gs.map((g, i) => g ?? filled(shapes[i], dtype, like, 0)))];
    });
  }
  return outs;
}

export function split(x: Tensor, ...args: unknown[]): Tensor[] {
  const [sizeOrSections, dim] = kwargs(args, ['split_size_or_sections', 'dim'], [1, 0] as [number | number[], number], 'split');
  if (x.ndim === 0) throw new Error('split expects at least a 1-dimensional tensor');
  const d = normalizeDim(dim, x.ndim);
  const n = x.shape_[d];
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    const size = sizeOrSections;
    if (!Number.isInteger(size)) throw new TypeError(`split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not ${pyTypeName(size)}`);
    if (size < 0 || (size === 0 && n !== 0)) {
      throw new Error(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    }
    const count = n === 0 ? 1 : Math.ceil(n / size);
    sizes = Array.from({ length: count }, (_, i) => Math.min(size, n - i * size));
  } else {
    sizes = sizeOrSections.slice();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n || sizes.some((s) => s < 0)) {
      throw new Error(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`);
    }
  }
  let start = 0;
  const windows = sizes.map((s) => { const w = sliceWindow(d, start, s); start += s; return w; });
  return pieces(x, typeof sizeOrSections === 'number' ? 'SplitBackward0' : 'SplitWithSizesBackward0', windows, (gs) => cat(gs, d));
}

export function chunk(x: Tensor, ...args: unknown[]): Tensor[] {
  const [chunks, dim] = kwargs(args, ['chunks', 'dim'], [1, 0] as [number, number], 'chunk');
  if (x.ndim === 0) throw new Error('chunk expects at least a 1-dimensional tensor');
  if (!(chunks > 0)) throw new Error(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const n = x.shape_[normalizeDim(dim, x.ndim)];
  return split(x, Math.ceil(n / chunks), dim);
}

export function unbind(x: Tensor, ...args: unknown[]): Tensor[] {
  const [dim] = kwargs(args, ['dim'], [0] as [number], 'unbind');
  const d = normalizeDim(dim, x.ndim);
  const windows = Array.from({ length: x.shape_[d] }, (_, i) => selectWindow(d, i));
  return pieces(x, 'UnbindBackward0', windows, (gs) => stack(gs, d));
}

// ---- copies ------------------------------------------------------------------------------------

/** A new tensor of `shape` filled with `value`, outside autograd. */
export function filled(shape: readonly number[], dtype: DType, where: string | Tensor, value: number): Tensor {
  const t = Tensor.empty(shape, dtype, where);
  t.storage.backend.fill(t, value);
  return t;
}

/** A dense copy of `x` in `dtype`, outside autograd. */
export function copyRaw(x: Tensor, dtype: DType = x.dtype): Tensor {
  const out = Tensor.empty(x.shape_, dtype, x);
  x.storage.backend.copy(x, out);
  return out;
}

/**
 * A new tensor assembled from `parts`, each copied into its window of the output (cat, stack,
 * diag of a vector). The gradient of each part is its window of the output's gradient.
 */
function assemble(
  gradName: string, parts: readonly Tensor[], shape: readonly number[], dtype: DType,
  windows: readonly Window[], partGradName: string, zeroFill = false,
): Tensor {
  checkSameDevice(...parts);
  const out = zeroFill ? filled(shape, dtype, parts[0], 0) : Tensor.empty(shape, dtype, parts[0]);
  const backend = out.storage.backend;
  const base = geometryOf(out);
  parts.forEach((p, i) => {
    const w = windows[i](base);
    if (numelOf(w.shape) > 0) backend.copy(p, { storage: out.storage, dtype, ...w });
  });
  if (needsGrad(...parts)) {
    record(gradName, parts, [out], [], (gs) => windows.map((w) => windowView(gs[0] as Tensor, partGradName, w)));
  }
  return out;
}

function tensorList(tensors: readonly Tensor[], fn: string): void {
  if (!Array.isArray(tensors) || tensors.some((t) => !(t instanceof Tensor))) {
    throw new TypeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors`);
  }
}

export function cat(tensors: readonly Tensor[], ...args: unknown[]): Tensor {
  const [dim] = kwargs(args, ['dim'], [0] as [number], 'cat');
  tensorList(tensors, 'cat');
  if (tensors.length === 0) throw new Error('torch.cat(): expected a non-empty list of Tensors');
  // PyTorch skips legacy empty 1-D tensors when other inputs have more dims
  const skipped = (t: Tensor) => t.ndim === 1 && t.shape_[0] === 0;
  const ref = tensors.find((t) => !skipped(t)) ?? tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw new Error(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const d = normalizeDim(dim, ref.ndim);
  tensors.forEach((t, i) => {
    if (skipped(t) && t !== ref) return;
    if (t.ndim !== ref.ndim) throw new Error(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    t.shape_.forEach((s, k) => {
      if (k !== d && s !== ref.shape_[k]) {
        throw new Error(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape_[k]} but got size ${s} for tensor number ${i} in the list.`);
      }
    });
  });
  const shape = ref.shape_.slice();
  shape[d] = 0;
  const windows = tensors.map((t): Window => {
    if (skipped(t) && t !== ref) return (v) => ({ shape: [0], strides: [1], offset: v.offset });
    const w = sliceWindow(d, shape[d], t.shape_[d]);
    shape[d] += t.shape_[d];
    return w;
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  return assemble('CatBackward0', tensors, shape, dtype, windows, 'SliceBackward0');
}

export function stack(tensors: readonly Tensor[], ...args: unknown[]): Tensor {
  const [dim] = kwargs(args, ['dim'], [0] as [number], 'stack');
  tensorList(tensors, 'stack');
  if (tensors.length === 0) throw new Error('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape_.some((s, k) => s !== ref.shape_[k])) {
      throw new Error(`stack expects each tensor to be equal size, but got [${ref.shape_.join(', ')}] at entry 0 and [${t.shape_.join(', ')}] at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, ref.ndim + 1);
  const shape = ref.shape_.slice();
  shape.splice(d, 0, tensors.length);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  return assemble('StackBackward0', tensors, shape, dtype, tensors.map((_, i) => selectWindow(d, i)), 'SelectBackward0');
}

export function diag(x: Tensor, ...args: unknown[]): Tensor {
  const [k] = kwargs(args, ['diagonal'], [0] as [number], 'diag');
  if (x.ndim === 1) {
    const n = x.shape_[0] + Math.abs(k);
    return assemble('DiagBackward0', [x], [n, n], x.dtype, [diagonalWindow(k, 0, 1)], 'DiagonalBackward0', true);
  }
  if (x.ndim !== 2) throw new Error('matrix or a vector expected');
  return windowCopy(x, 'DiagBackward0', diagonalWindow(k, 0, 1));
}

export function flip(x: Tensor, ...args: unknown[]): Tensor {
  const dims = (isOptions(args[0]) ? shapeArgs([args[0].dims as number[]]) : shapeArgs(args as number[])).map((d) => normalizeDim(d, x.ndim));
  const dup = dims.find((d, i) => dims.indexOf(d) !== i);
  if (dup !== undefined) throw new Error(`dim ${dup} appears multiple times in the list of dims`);
  return windowCopy(x, 'FlipBackward0', flipWindow(dims));
}

export function repeat(x: Tensor, ...args: (number | readonly number[])[]): Tensor {
  const repeats = shapeArgs(args);
  if (repeats.length < x.ndim) {
    throw new Error('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  if (repeats.some((r) => !Number.isInteger(r) || r < 0)) throw new Error(`Trying to create tensor with negative dimension: [${repeats.join(', ')}]`);
  const lead = repeats.length - x.ndim;
  const own = [...new Array<number>(lead).fill(1), ...x.shape_];
  const ownStrides = [...new Array<number>(lead).fill(0), ...x.strides];
  const shape = own.map((s, i) => s * repeats[i]);
  const out = Tensor.empty(shape, x.dtype, x);
  // the output seen as [r0, s0, r1, s1, ...]: one strided copy of x broadcast over the r dims
  const outStrides = contiguousStrides(shape);
  const pairShape = own.flatMap((s, i) => [repeats[i], s]);
  if (numelOf(shape) > 0) {
    out.storage.backend.copy(
      { storage: x.storage, dtype: x.dtype, shape: pairShape, strides: ownStrides.flatMap((st) => [0, st]), offset: x.offset },
      { storage: out.storage, dtype: x.dtype, shape: pairShape, strides: outStrides.flatMap((st, i) => [st * own[i], st]), offset: 0 },
    );
  }
  if (needsGrad(x)) {
    const from = x.shape_.slice();
    const rDims = own.map((_, i) => 2 * i);
    record('RepeatBackward0', [x], [out], [], (gs) => [(gs[0] as Tensor).reshape(pairShape).sum(rDims).reshape(from)]);
  }
  return out;
}

export function roll(x: Tensor, ...args: unknown[]): Tensor {
  const [shiftsIn, dimsIn] = kwargs(args, ['shifts', 'dims'], [0, null] as [number | number[], number | number[] | null], 'roll');
  const shifts = typeof shiftsIn === 'number' ? [shiftsIn] : shiftsIn.slice();
  const flat = dimsIn === undefined || dimsIn === null || (Array.isArray(dimsIn) && dimsIn.length === 0);
  const dims = flat ? [] : (typeof dimsIn === 'number' ? [dimsIn] : dimsIn).map((d) => normalizeDim(d, x.ndim));
  if (shifts.length !== (flat ? 1 : dims.length)) throw new Error(`shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  if (flat) {
    // no dims: roll the flattened tensor, recorded as one op
    const out = no_grad(() => roll(flatten(x), shifts, [0]).view(x.shape_.slice()));
    if (needsGrad(x)) record('RollBackward0', [x], [out], [], (gs) => [roll(gs[0] as Tensor, shifts.map((s) => -s))]);
    return out;
  }
  const out = Tensor.empty(x.shape_, x.dtype, x);
  const backend = x.storage.backend;
  // each rolled dim splits into two blocks that swap places: 2^k strided copies in all
  const cuts = dims.map((d, i) => { const n = x.shape_[d]; return n ? (((shifts[i] % n) + n) % n) : 0; });
  for (let mask = 0; mask < 1 << dims.length; mask++) {
    let src: Geometry = geometryOf(x);
    let dst: Geometry = geometryOf(out);
    dims.forEach((d, i) => {
      const n = x.shape_[d], s = cuts[i];
      const tail = (mask >> i) & 1; // block 0: x[0, n-s) -> out[s, n); block 1: x[n-s, n) -> out[0, s)
      src = sliceWindow(d, tail ? n - s : 0, tail ? s : n - s)(src);
      dst = sliceWindow(d, tail ? 0 : s, tail ? s : n - s)(dst);
    });
    if (numelOf(src.shape) > 0) backend.copy({ storage: x.storage, dtype: x.dtype, ...src }, { storage: out.storage, dtype: x.dtype, ...dst });
  }
  if (needsGrad(x)) record('RollBackward0', [x], [out], [], (gs) => [roll(gs[0] as Tensor, shifts.map((s) => -s), dims)]);
  return out;
}

/** tril/triu: x where (col - row) is on the kept side of diagonal k, else 0. */
function triangle(x: Tensor, upper: boolean, args: readonly unknown[]): Tensor {
  const [k] = kwargs(args, ['diagonal'], [0] as [number], upper ? 'triu' : 'tril');
  if (x.ndim === 0) throw new Error('Dimension specified as -2 but tensor has no dimensions');
  if (x.ndim < 2) normalizeDim(-2, x.ndim); // PyTorch's error: the row dim is out of range
  const out = no_grad(() => {
    const m = x.shape_[x.ndim - 2], n = x.shape_[x.ndim - 1];
    const offsets = arange(n, { device: x.device }).sub(arange(m, { device: x.device }).unsqueeze(1));
    return x.masked_fill(upper ? offsets.lt(k) : offsets.gt(k), 0);
  });
  if (needsGrad(x)) record(upper ? 'TriuBackward0' : 'TrilBackward0', [x], [out], [], (gs) => [triangle(gs[0] as Tensor, upper, [k])]);
  return out;
}
export const tril = (x: Tensor, ...args: unknown[]): Tensor => triangle(x, false, args);
export const triu = (x: Tensor, ...args: unknown[]): Tensor => triangle(x, true, args);

export function trace(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new Error(`trace: expected a matrix, but got tensor with dim ${x.ndim}`);
  const window = diagonalWindow(0, 0, 1);
  const out = no_grad(() => windowView(x, 'DiagonalBackward0', window).sum());
  if (needsGrad(x)) {
    const from = x.shape_.slice();
    const n = Math.min(from[0], from[1]);
    record('TraceBackward0', [x], [out], [], (gs) => [embedWindow((gs[0] as Tensor).expand([n]), from, 'DiagonalBackward0', window)]);
  }
  return out;
}

