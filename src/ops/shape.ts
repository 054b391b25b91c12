// Movement ops: each only rewrites the view (shape, strides, offset) over the same storage.
import { Tensor } from '../tensor.js';
import { checkShape, contiguousStrides, normalizeDim, numelOf } from '../shape.js';
import { needsGrad, record } from './autograd-record.js';

/** Accepts f(2, 3), f([2, 3]) and f() the way PyTorch's size arguments do. */
export function shapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as number[]).slice();
  return args.map((d) => {
    if (typeof d !== 'number') throw new TypeError(`shape must be numbers or one list of numbers, got ${JSON.stringify(args)}`);
    return d;
  });
}

/** A view of `x` with new geometry, recorded with `gradName`, whose gradient `back` maps g to x's shape. */
export function makeView(
  x: Tensor, shape: readonly number[], strides: readonly number[], offset: number,
  gradName: string, back: (g: Tensor) => Tensor,
): Tensor {
  const y = Tensor.view(x, shape, strides, offset);
  if (needsGrad(x)) record(gradName, [x], [y], [], (gs) => [back(gs[0] as Tensor)]);
  return y;
}

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
  const c = x.contiguous();
  const y = Tensor.view(c, shape, contiguousStrides(shape), 0);
  c.dispose();
  if (needsGrad(x)) record('UnsafeViewBackward0', [x], [y], [], (gs) => [(gs[0] as Tensor).reshape(from)]);
  return y;
}

export function expand(x: Tensor, sizes: readonly number[]): Tensor {
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

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, x.ndim), b = normalizeDim(dim1, x.ndim);
  const shape = x.shape_.slice(), strides = x.strides.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return makeView(x, shape, strides, x.offset, 'TransposeBackward0', (g) => g.transpose(a, b));
}
