// Indexing: x.index(...) with Python's subscript grammar, index_put_, and the gathers (index_select,
// gather, take, masked_select). Basic indexing (ints, slices, None, ...) is a view; advanced
// indexing (integer lists or tensors, masks) copies through one addressing scheme: a window of the
// tensor, then integer coordinates along some of its dims, and whole "slabs" along the others.
import type { View } from '../backend.js';
import { bool, int64, uint8, computeDType } from '../dtype.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, normalizeDim, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { forEachOffset } from '../backends/strided.js';
import { reader, writer } from '../backends/js.js';
import { BINARY } from './table.js';
import { checkSameDevice, inplace } from './elementwise.js';
import { needsGrad, record } from './autograd-record.js';
import { sumToShape } from './reduce.js';
import { copyRaw, filled, selectWindow, sliceWindow, unsqueeze, windowView, type Geometry, type Window } from './shape.js';
import { asView, checkInplaceGrad } from './views.js';

export type NestedIndex = number | boolean | NestedIndex[];
/** One item of a subscript: a number, a slice string (several with commas), null for None, a list or a tensor. */
export type IndexItem = number | string | null | NestedIndex[] | Tensor;

// ---- parsing -----------------------------------------------------------------------------------

type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start?: number; stop?: number; step?: number }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'tensor'; t: Tensor };

const INVALID = 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices';

/** Splits "0:2, [1, 2], None" at the commas outside brackets. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  // Python allows one trailing comma: x[0,] is x[0]
  if (parts.length > 1 && parts[parts.length - 1].trim() === '') parts.pop();
  return parts.map((p) => p.trim());
}

function parseInt_(tok: string, whole: string): number {
  if (!/^[+-]?\d+$/.test(tok)) throw new TypeError(`${INVALID} (could not parse '${tok}' in '${whole}')`);
  return Number(tok);
}

function parseToken(tok: string, whole: string): Item {
  if (tok === '...' || tok === 'Ellipsis') return { kind: 'ellipsis' };
  if (tok === 'None') return { kind: 'none' };
  if (tok.startsWith('[')) {
    const list = JSON.parse(tok.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false')) as NestedIndex[];
    return listItem(list);
  }
  if (tok.includes(':')) {
    const parts = tok.split(':').map((p) => p.trim());
    if (parts.length > 3) throw new TypeError(`${INVALID} (could not parse '${tok}' in '${whole}')`);
    const num = (p: string | undefined) => (p === undefined || p === '' || p === 'None' ? undefined : parseInt_(p, whole));
    return { kind: 'slice', start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) };
  }
  return { kind: 'int', value: parseInt_(tok, whole) };
}

/** A nested JS list as an index tensor: booleans make a mask, numbers an int64 index. */
function listItem(list: NestedIndex[]): Item {
  const flat = (list as unknown[]).flat(Infinity) as (number | boolean)[];
  const isMask = flat.length > 0 && flat.every((v) => typeof v === 'boolean');
  const shape: number[] = [];
  for (let p: unknown = list; Array.isArray(p); p = p[0]) { shape.push(p.length); if (!p.length) break; }
  const t = Tensor.empty(shape, isMask ? bool : int64, 'cpu');
  const w = writer(t.dtype, t.storage.backend.array(t.storage));
  flat.forEach((v, i) => {
    if (!isMask && (typeof v !== 'number' || !Number.isInteger(v))) throw new TypeError(`${INVALID} (got ${JSON.stringify(v)} in a list index)`);
    w(i, +v);
  });
  return { kind: 'tensor', t };
}

/**
 * PyTorch's treatSequenceAsTuple: a lone list index that holds a list, tensor, slice string or None
 * is a tuple of indices (x[[[0, 1], [1, 2]]] is x[[0, 1], [1, 2]]).
 */
function asTuple(items: readonly IndexItem[]): readonly IndexItem[] {
  const only = items[0];
  if (items.length !== 1 || !Array.isArray(only)) return items;
  const holdsIndex = (only as unknown[]).some((v) => Array.isArray(v) || v instanceof Tensor || v === null || typeof v === 'string');
  return holdsIndex ? (only as IndexItem[]) : items;
}

function parseItems(items: readonly IndexItem[]): Item[] {
  items = asTuple(items);
  const out: Item[] = [];
  for (const it of items) {
    if (typeof it === 'string') out.push(...splitTopLevel(it).map((tok) => parseToken(tok, it)));
    else if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw new TypeError(`${INVALID} (got float)`);
      out.push({ kind: 'int', value: it });
    } else if (it === null) out.push({ kind: 'none' });
    else if (Array.isArray(it)) out.push(listItem(it));
    else if (it instanceof Tensor) {
      if (it.dtype.is_floating_point) throw new TypeError('tensors used as indices must be long, byte or bool tensors');
      out.push({ kind: 'tensor', t: it });
    } else throw new TypeError(`${INVALID} (got ${typeof it})`);
  }
  return out;
}

// ---- the addressing scheme ---------------------------------------------------------------------

/**
 * Advanced indices after the basic ones: coordinates along `dims` (one Int32Array per dim, each
 * holding one coordinate per position of the broadcast index shape `shape`); the result puts that
 * shape at position `at` among the remaining dims (PyTorch: in place when the indexed dims are
 * adjacent, else first).
 */
interface Plan { readonly dims: readonly number[]; readonly coords: readonly Int32Array[]; readonly shape: readonly number[]; readonly at: number }
/** Where an indexing op reads or writes: a window of the tensor, then the plan within it. */
interface Where { readonly window: Window; readonly plan: Plan }

const identity: Window = (v) => v;
const NO_PLAN: Plan = { dims: [], coords: [], shape: [], at: 0 };

const restDims = (ndim: number, plan: Plan): number[] => Array.from({ length: ndim }, (_, i) => i).filter((i) => !plan.dims.includes(i));

function resultShape(shape: readonly number[], plan: Plan): number[] {
  const rest = restDims(shape.length, plan).map((i) => shape[i]);
  return [...rest.slice(0, plan.at), ...plan.shape, ...rest.slice(plan.at)];
}

/** Storage offsets per index position, and the strided slab each one addresses. */
interface Addresses { bases: Float64Array; shape: number[]; strides: number[] }

/** Addresses in a tensor of geometry `v` (the indexed side). */
function sourceAddresses(v: Geometry, plan: Plan): Addresses {
  const bases = new Float64Array(numelOf(plan.shape)).fill(v.offset);
  plan.dims.forEach((d, k) => {
    const c = plan.coords[k], s = v.strides[d];
    for (let b = 0; b < bases.length; b++) bases[b] += c[b] * s;
  });
  const rest = restDims(v.shape.length, plan);
  return { bases, shape: rest.map((i) => v.shape[i]), strides: rest.map((i) => v.strides[i]) };
}

/** Addresses in a tensor laid out like the result (the gathered side). */
function resultAddresses(v: Geometry, plan: Plan): Addresses {
  const k = plan.shape.length;
  const bases = new Float64Array(numelOf(plan.shape));
  let b = 0;
  forEachOffset(plan.shape, [{ offset: v.offset, strides: v.strides.slice(plan.at, plan.at + k) }], (o) => { bases[b++] = o[0]; });
  const keep = (_: number, i: number) => i < plan.at || i >= plan.at + k;
  return { bases, shape: v.shape.filter(keep), strides: v.strides.filter(keep) };
}

/** Offsets of every element of a slab, row-major. */
function slabOffsets(shape: readonly number[], strides: readonly number[]): Float64Array {
  const out = new Float64Array(numelOf(shape));
  let i = 0;
  forEachOffset(shape, [{ offset: 0, strides }], (o) => { out[i++] = o[0]; });
  return out;
}

/** Below this many elements per slab, moving elements one by one beats a kernel call per slab. */
const SLAB_KERNEL_MIN = 64;

/** Moves (or adds, with `accumulate`) every slab of `src` at `sa` into `dst` at `da`; same dtype. */
function move(src: View, sa: Addresses, dst: View, da: Addresses, accumulate: boolean): void {
  const backend = dst.storage.backend;
  const slabN = numelOf(sa.shape);
  const n = sa.bases.length;
  if (slabN === 0 || n === 0) return;
  const kernelAdd = computeDType(dst.dtype) === dst.dtype;
  if (slabN >= SLAB_KERNEL_MIN && (!accumulate || kernelAdd)) {
    const slab = (v: View, a: Addresses, b: number): View => ({ storage: v.storage, dtype: v.dtype, shape: a.shape, strides: a.strides, offset: a.bases[b] });
    for (let b = 0; b < n; b++) {
      const d = slab(dst, da, b), s = slab(src, sa, b);
      if (accumulate) backend.binary(BINARY.add, d, s, d);
      else backend.copy(s, d);
    }
    return;
  }
  // element by element over the backend's arrays (no allocation in between, so they stay valid)
  const so = slabOffsets(sa.shape, sa.strides), dOff = slabOffsets(da.shape, da.strides);
  const S = backend.array(src.storage), D = backend.array(dst.storage);
  if (!accumulate) {
    for (let b = 0; b < n; b++) for (let j = 0; j < slabN; j++) D[da.bases[b] + dOff[j]] = S[sa.bases[b] + so[j]];
    return;
  }
  const read = reader(src.dtype, S), readD = reader(dst.dtype, D), write = writer(dst.dtype, D);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < slabN; j++) {
      const i = da.bases[b] + dOff[j];
      write(i, readD(i) + read(sa.bases[b] + so[j]));
    }
  }
}

const geometryOf = (x: Tensor): Geometry => ({ shape: x.shape_, strides: x.strides, offset: x.offset });

/** Gathers `where` from `x` densely; its gradient puts the incoming gradient back (adding duplicates). */
function gatherAt(x: Tensor, where: Where, gradName: string): Tensor {
  const w = where.window(geometryOf(x));
  const out = Tensor.empty(resultShape(w.shape, where.plan), x.dtype, x);
  move(x, sourceAddresses(w, where.plan), out, resultAddresses(geometryOf(out), where.plan), false);
  if (needsGrad(x)) {
    const from = x.shape_.slice();
    // the incoming gradient, not x, says where to build: x itself may be gone by then
    record(gradName, [x], [out], [], (gs) => [putAt(filled(from, (gs[0] as Tensor).dtype, gs[0] as Tensor, 0), where, gs[0] as Tensor, true, true)]);
  }
  return out;
}

/**
 * Writes `values` (broadcast to the indexing result) into `target` at `where`: in place, or into a
 * copy. Recorded as IndexPutBackward0: the target's gradient is g with the written places zeroed
 * (kept when accumulating), the values' is g gathered at those places.
 */
function putAt(target: Tensor, where: Where, values: Tensor | number, accumulate: boolean, inPlace: boolean, gradName = 'IndexPutBackward0'): Tensor {
  checkSameDevice(target, values);
  const w = where.window(geometryOf(target));
  const shape = resultShape(w.shape, where.plan);
  let v = values instanceof Tensor ? values : filled([], target.dtype, target, values);
  // leading size-1 dims of the values are dropped; the rest must broadcast to the result
  while (v.ndim > shape.length && v.shape_[0] === 1) v = Tensor.view(v, v.shape_.slice(1), v.strides.slice(1), v.offset);
  const fits = v.ndim <= shape.length && v.shape_.every((s, i) => s === 1 || s === shape[shape.length - v.ndim + i]);
  if (!fits) {
    throw new Error(`shape mismatch: value tensor of shape [${(values as Tensor).shape_.join(', ')}] cannot be broadcast to indexing result of shape [${shape.join(', ')}]`);
  }
  if (inPlace) checkInplaceGrad(target, [values]);
  const grad = needsGrad(target, values);
  if (inPlace && grad) return inplace(target, putAt(target, where, values, accumulate, false, gradName));
  const out = inPlace ? target : copyRaw(target);
  if (v.dtype !== target.dtype) v = copyRaw(v, target.dtype);
  const outW = inPlace ? w : where.window(geometryOf(out));
  const vView: Geometry = { shape, strides: broadcastStrides(v.shape_, v.strides, shape), offset: v.offset };
  move(v, resultAddresses(vView, where.plan), out, sourceAddresses(outW, where.plan), accumulate);
  if (inPlace) out._bumpVersion();
  if (grad) {
    const vOrig = values instanceof Tensor ? values.shape_.slice() : null;
    record(gradName, [target, values], [out], [], (gs) => {
      const g = gs[0] as Tensor;
      return [
        accumulate ? g : putAt(g, where, 0, false, false),
        vOrig ? sumToShape(gatherAt(g, where, 'IndexBackward0'), vOrig) : null,
      ];
    });
  }
  return out;
}

// ---- x.index(...) ------------------------------------------------------------------------------

/** One basic step: a window (select, slice) or a new axis. */
type Step = { window: Window; gradName: string } | { unsqueeze: number };

interface Subscript { steps: Step[]; window: Window; shape: number[]; advanced: { dim: number; t: Tensor }[] }

const outOfBounds = (i: number, d: number, n: number) => new Error(`index ${i} is out of bounds for dimension ${d} with size ${n}`);

/** Applies the basic items to the shape, in order, as PyTorch does; collects the advanced ones. */
function subscript(shapeIn: readonly number[], items: readonly Item[]): Subscript {
  const consumed = items.reduce((n, it) => n + (it.kind === 'tensor' ? (isMask(it.t) ? it.t.ndim : 1) : it.kind === 'int' || it.kind === 'slice' ? 1 : 0), 0);
  if (consumed > shapeIn.length) throw new Error(`too many indices for tensor of dimension ${shapeIn.length}`);
  const steps: Step[] = [];
  const advanced: { dim: number; t: Tensor }[] = [];
  let geo: Geometry = { shape: shapeIn.slice(), strides: contiguousStrides(shapeIn), offset: 0 };
  let cur = 0;
  const apply = (window: Window, gradName: string) => { steps.push({ window, gradName }); geo = window(geo); };
  items.forEach((it, position) => {
    const n = geo.shape[cur];
    if (it.kind === 'int') {
      // PyTorch names the item's position in the subscript
      if (it.value < -n || it.value >= n) throw outOfBounds(it.value, position, n);
      apply(selectWindow(cur, it.value < 0 ? it.value + n : it.value), 'SelectBackward0');
    } else if (it.kind === 'slice') {
      const step = it.step ?? 1;
      if (step <= 0) throw new Error('step must be greater than zero');
      const clampIndex = (v: number | undefined, dflt: number) => (v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n));
      const start = clampIndex(it.start, 0), stop = clampIndex(it.stop, n);
      apply(sliceWindow(cur, start, Math.max(0, Math.ceil((stop - start) / step)), step), 'SliceBackward0');
      cur++;
    } else if (it.kind === 'none') {
      steps.push({ unsqueeze: cur });
      const shape = geo.shape.slice(), strides = geo.strides.slice();
      shape.splice(cur, 0, 1);
      strides.splice(cur, 0, 0);
      geo = { shape, strides, offset: geo.offset };
      cur++;
    } else if (it.kind === 'ellipsis') {
      cur += shapeIn.length - consumed;
    } else if (isMask(it.t)) {
      const m = it.t;
      m.shape_.forEach((s, k) => {
        if (s !== geo.shape[cur + k]) {
          throw new Error(`The shape of the mask [${m.shape_.join(', ')}] at index ${k} does not match the shape of the indexed tensor [${geo.shape.join(', ')}] at index ${cur + k}`);
        }
      });
      advanced.push({ dim: cur, t: m });
      cur += m.ndim;
    } else {
      advanced.push({ dim: cur, t: it.t });
      cur++;
    }
  });
  const windows = steps.flatMap((s) => ('window' in s ? [s.window] : [unsqueezeWindow(s.unsqueeze)]));
  return { steps, window: (v) => windows.reduce((g, w) => w(g), v), shape: geo.shape.slice(), advanced };
}

const unsqueezeWindow = (dim: number): Window => (v) => {
  const shape = v.shape.slice(), strides = v.strides.slice();
  shape.splice(dim, 0, 1);
  strides.splice(dim, 0, 0);
  return { shape, strides, offset: v.offset };
};

const isMask = (t: Tensor) => t.dtype === bool || t.dtype === uint8;

/** Coordinates of the true elements of a mask, one array per mask dim (row-major order). */
function maskCoords(m: Tensor): Int32Array[] {
  const v = m._values();
  let count = 0;
  for (let i = 0; i < v.length; i++) if (v[i]) count++;
  const coords = m.shape_.map(() => new Int32Array(count));
  const strides = contiguousStrides(m.shape_);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    if (!v[i]) continue;
    let rem = i;
    strides.forEach((s, d) => { coords[d][k] = Math.floor(rem / s); rem %= s; });
    k++;
  }
  return coords;
}

/** Index values checked against `size` (negative ones wrapped), with PyTorch's IndexError. */
function indexValues(t: Tensor, size: number, dim: number, error = outOfBounds, wrapNegative = true): Int32Array {
  const v = t._values();
  const out = new Int32Array(v.length);
  const lowest = wrapNegative ? -size : 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lowest || x >= size) throw error(x, dim, size);
    out[i] = x < 0 ? x + size : x;
  }
  return out;
}

/** Broadcasts compact per-index coordinate arrays of `shapes` to their common shape. */
function broadcastCoords(arrays: readonly Int32Array[], shapes: readonly (readonly number[])[]): { coords: Int32Array[]; shape: number[] } {
  let shape: number[] = [];
  try {
    for (const s of shapes) shape = broadcastShapes(shape, s);
  } catch {
    throw new Error(`shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}`);
  }
  const n = numelOf(shape);
  const coords = arrays.map((a, k) => {
    if (a.length === n && shapes[k].length === shape.length) return a;
    const out = new Int32Array(n);
    let i = 0;
    forEachOffset(shape, [{ offset: 0, strides: broadcastStrides(shapes[k], contiguousStrides(shapes[k]), shape) }], (o) => { out[i++] = a[o[0]]; });
    return out;
  });
  return { coords, shape };
}

/** The plan of the advanced items of a subscript, over the window's shape. */
function planOf(sub: Subscript): Plan {
  const dims: number[] = [], arrays: Int32Array[] = [], shapes: number[][] = [];
  for (const { dim, t } of sub.advanced) {
    if (isMask(t)) {
      if (t.ndim === 0) throw new Error('a 0-dim mask is not supported as an index');
      maskCoords(t).forEach((c, k) => { dims.push(dim + k); arrays.push(c); shapes.push([c.length]); });
    } else {
      // an out-of-range error names the index tensor's position among the advanced indices
      arrays.push(indexValues(t, sub.shape[dim], dims.length));
      dims.push(dim);
      shapes.push(t.shape_.slice());
    }
  }
  const { coords, shape } = broadcastCoords(arrays, shapes);
  const adjacent = dims.every((d, i) => i === 0 || d === dims[i - 1] + 1);
  return { dims, coords, shape, at: adjacent ? dims[0] : 0 };
}

/** x.index(...items): basic items give a view, advanced ones a copy, as PyTorch's x[...]. */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const sub = subscript(x.shape_, parseItems(items));
  let view = x;
  if (needsGrad(x)) {
    // step by step, so each op has its PyTorch node (SelectBackward0, SliceBackward0, ...)
    for (const s of sub.steps) view = 'window' in s ? windowView(view, s.gradName, s.window) : unsqueeze(view, s.unsqueeze);
    if (view === x && !sub.advanced.length) view = windowView(x, 'AliasBackward0', identity);
  } else if (sub.steps.length || !sub.advanced.length) {
    const w = sub.window(geometryOf(x));
    view = asView(x, w.shape, w.strides, w.offset);
  }
  if (!sub.advanced.length) return view;
  return gatherAt(view, { window: identity, plan: planOf(sub) }, 'IndexBackward0');
}

/** x.index_put_(indices, values, accumulate): x[indices] = values (or +=). */
export function index_put(x: Tensor, indices: IndexItem | readonly IndexItem[], values: Tensor | number, accumulate = false, inPlace = true): Tensor {
  const items = Array.isArray(indices) && indices.some((i) => i instanceof Tensor || Array.isArray(i) || typeof i === 'string' || i === null)
    ? (indices as IndexItem[]) : [indices as IndexItem];
  const sub = subscript(x.shape_, parseItems(items));
  const plan = sub.advanced.length ? planOf(sub) : NO_PLAN;
  return putAt(x, { window: sub.window, plan }, values, accumulate, inPlace);
}

// ---- the gathers -------------------------------------------------------------------------------

function checkIndexDtype(t: Tensor, fn: string): void {
  if (t.dtype !== int64 && t.dtype.category !== 1) throw new Error(`${fn}(): Expected dtype int64 for index`);
}

export function index_select(x: Tensor, dim: number, idx: Tensor): Tensor {
  checkIndexDtype(idx, 'index_select');
  if (idx.ndim > 1) throw new Error('index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim ? x.shape_[d] : 1;
  // index_select and gather take no negative indices (x[idx] does)
  const coords = indexValues(idx, size, d, (i) => new Error(`INDICES element is out of DATA bounds, id=${i} axis_dim=${size}`), false);
  const base = x.ndim ? x : x.reshape([1]);
  const out = gatherAt(base, { window: identity, plan: { dims: [d], coords: [coords], shape: [coords.length], at: d } }, 'IndexSelectBackward0');
  return x.ndim ? out : out.reshape([]);
}

export function gather(x: Tensor, dim: number, idx: Tensor): Tensor {
  checkIndexDtype(idx, 'gather');
  if (x.ndim === 0 && idx.ndim <= 1) return gather(x.reshape([1]), 0, idx.reshape([-1])).reshape(idx.shape_.slice());
  const d = normalizeDim(dim, x.ndim);
  if (idx.ndim !== x.ndim) throw new Error('Index tensor must have the same number of dimensions as input tensor');
  idx.shape_.forEach((s, k) => {
    if (k !== d && s > x.shape_[k]) {
      throw new Error(`Size does not match at dimension ${k} expected index [${idx.shape_.join(', ')}] to be smaller than self [${x.shape_.join(', ')}] apart from dimension ${d}`);
    }
  });
  // every dim is indexed: by the position itself, except the gathered dim, which takes the index
  const values = indexValues(idx, x.shape_[d], d, outOfBounds, false);
  const coords = x.shape_.map((_, k) => (k === d ? values : positions(idx.shape_, k)));
  return gatherAt(x, { window: identity, plan: { dims: x.shape_.map((_, k) => k), coords, shape: idx.shape_.slice(), at: 0 } }, 'GatherBackward0');
}

/**
 * x.scatter_(dim, index, src | value) and scatter_add_ (gather's adjoints): self[i][index[i][j]] = src[i][j]
 * for dim 1, every other dim at its own position; src is read over index's shape. Written places
 * are put (the last of duplicates wins, as on PyTorch's CPU) or added.
 */
export function scatter(x: Tensor, dim: number, idx: Tensor, src: Tensor | number, accumulate: boolean, inPlace: boolean): Tensor {
  const fn = accumulate ? 'scatter_add' : 'scatter';
  if (idx.dtype !== int64) throw new Error(`${fn}(): Expected dtype int64 for index`);
  const s = src instanceof Tensor ? src : null;
  if (s && s.dtype !== x.dtype) throw new Error(`${fn}(): Expected self.dtype to be equal to src.dtype`);
  if (x.ndim === 0 && idx.ndim <= 1 && (!s || s.ndim <= 1)) {
    // a 0-d self scatters as a 1-element vector (a view, so in-place writes land in x)
    const out = scatter(x.reshape([1]), dim, idx.reshape([-1]), s ? s.reshape([-1]) : src, accumulate, inPlace);
    return inPlace ? x : out.reshape([]);
  }
  if (idx.ndim === 0 && x.ndim === 1) {
    // a 0-d index (and src) count as one element, as in PyTorch (the Transforms tutorial's one-hot)
    return scatter(x, dim, idx.reshape([1]), s && s.ndim === 0 ? s.reshape([1]) : src, accumulate, inPlace);
  }
  const d = normalizeDim(dim, x.ndim);
  if (idx.ndim !== x.ndim) throw new Error('Index tensor must have the same number of dimensions as self tensor');
  if (s && s.ndim !== x.ndim) throw new Error('Index tensor must have the same number of dimensions as src tensor');
  if (idx.shape_.some((n, k) => (k !== d && n > x.shape_[k]) || (s !== null && n > s.shape_[k]))) {
    throw new Error(`Expected index [${idx.shape_.join(', ')}] to be smaller than self [${x.shape_.join(', ')}] apart from dimension ${d}` +
      (s ? ` and to be smaller size than src [${s.shape_.join(', ')}]` : ''));
  }
  const values = indexValues(idx, x.shape_[d], d, outOfBounds, false);
  const coords = x.shape_.map((_, k) => (k === d ? values : positions(idx.shape_, k)));
  // src is read over index's shape only (its gradient is zero elsewhere, through the narrow views)
  let v: Tensor | number = src;
  if (s) {
    let w = s;
    idx.shape_.forEach((n, k) => { if (n !== w.shape_[k]) w = w.narrow(k, 0, n); });
    v = w;
  }
  const where: Where = { window: identity, plan: { dims: x.shape_.map((_, k) => k), coords, shape: idx.shape_.slice(), at: 0 } };
  return putAt(x, where, v, accumulate, inPlace, accumulate ? 'ScatterAddBackward0' : s ? 'ScatterBackward0' : 'ScatterBackward1');
}

/** The coordinate along `dim` of every position of `shape`, row-major. */
function positions(shape: readonly number[], dim: number): Int32Array {
  const n = numelOf(shape), inner = contiguousStrides(shape)[dim], size = shape[dim];
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[i] = Math.floor(i / inner) % size;
  return c;
}

export function take(x: Tensor, idx: Tensor): Tensor {
  checkIndexDtype(idx, 'take');
  const n = x.numel();
  const flat = indexValues(idx, n, 0, (i) => new Error(`out of range: tried to access index ${i} on a tensor of ${n} elements.`));
  const strides = contiguousStrides(x.shape_);
  const coords = x.shape_.map((s, k) => flat.map((f) => Math.floor(f / strides[k]) % s));
  return gatherAt(x, { window: identity, plan: { dims: x.shape_.map((_, k) => k), coords, shape: idx.shape_.slice(), at: 0 } }, 'TakeBackward0');
}

export function masked_select(x: Tensor, mask: Tensor): Tensor {
  if (!isMask(mask)) throw new Error('masked_select: expected BoolTensor or ByteTensor for mask');
  const shape = broadcastShapes(x.shape_, mask.shape_);
  if (!shape.length) return masked_select(x.reshape([1]), mask.reshape([1]));
  const xb = x.ndim === shape.length && x.shape_.every((s, i) => s === shape[i]) ? x : x.expand(shape);
  const coords = maskCoords(mask.expand(shape));
  return gatherAt(xb, { window: identity, plan: { dims: shape.map((_, k) => k), coords, shape: [coords[0].length], at: 0 } }, 'MaskedSelectBackward0');
}
