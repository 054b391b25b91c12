// Shapes, strides and broadcasting: pure functions over number arrays.

/** torch.Size: an array of ints that prints as PyTorch does. */
/** PyTorch's `torch.Size`: an array of sizes that prints as PyTorch does. Example: `String(x.shape)` is 'torch.Size([2, 3])' */
export class Size extends Array<number> {
  /** map() and slice() of a Size give plain arrays, as in PyTorch (tuples) */
  static get [Symbol.species](): ArrayConstructor { return Array; }
  /** A Size from a list of sizes. Example: `torch.Size.fromDims([2, 3])` */
  static fromDims(dims: ArrayLike<number>): Size {
    const s = new Size();
    for (let i = 0; i < dims.length; i++) s.push(dims[i]);
    return s;
  }
  /** PyTorch's `Size.numel()`: the product of the sizes. Example: `x.shape.numel()` */
  numel(): number { return numelOf(this); }
  /** size[a:b] stays a torch.Size, as in PyTorch: `x.shape.slice(1)` */
  override slice(start?: number, end?: number): Size { return Size.fromDims(Array.prototype.slice.call(this, start, end)); }
  /** PyTorch's repr: `torch.Size([2, 3])`. Example: `String(x.shape)` */
  toString(): string { return `torch.Size([${this.join(', ')}])`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return strides;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (shape[i] === 0) return true;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** PyTorch's dim wrapping: -1 is the last dim; errors name the valid range. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Broadcast shape of two shapes, with PyTorch's error on a mismatch. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === b.length) {
    let same = true;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { same = false; break; }
    if (same) return a.slice();
  }
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // from the last dim, as PyTorch reports the first mismatch it meets
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that view `shape`/`strides` as broadcast to `target` (0 on expanded dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length);
  const lead = target.length - shape.length;
  for (let i = 0; i < target.length; i++) {
    const j = i - lead;
    out[i] = j < 0 || shape[j] === 1 ? 0 : strides[j];
  }
  return out;
}

/**
 * Merges adjacent dims that every operand walks contiguously and drops size-1 dims, so kernels
 * see the fewest, longest loops. Returns the merged shape and one stride array per operand.
 */
export function collapseDims(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    let mergeable = last >= 0;
    for (let k = 0; mergeable && k < strides.length; k++) {
      if (outStrides[k][last] !== strides[k][d] * size) mergeable = false;
    }
    if (mergeable) {
      outShape[last] *= size;
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Validates a user-given shape: integers >= 0 (one -1 allowed when `numel` is given, as view/reshape do). */
export function checkShape(shape: readonly number[], numel?: number): number[] {
  const out = shape.slice();
  let infer = -1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`shape must be a list of integers, but got ${JSON.stringify(shape)}`);
    }
    if (d === -1 && numel !== undefined) {
      if (infer >= 0) throw new RangeError('only one dimension can be inferred');
      infer = i;
    } else if (d < 0) {
      throw new RangeError(`Trying to create tensor with negative dimension ${d}: [${shape.join(', ')}]`);
    }
  }
  if (numel !== undefined) {
    const known = out.reduce((p, d, i) => (i === infer ? p : p * d), 1);
    if (infer >= 0) {
      if (known === 0 || numel % known !== 0) throw new RangeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
      out[infer] = numel / known;
    } else if (known !== numel) {
      throw new RangeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    }
  }
  return out;
}
