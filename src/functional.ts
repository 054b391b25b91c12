// torch.<op>(x, ...) forms of the tensor methods, so `torch.add(a, b)` ports as is.
import { runBackward, type BackwardOptions, type Edge } from './autograd.js';
import { promoteTypes, resultType, toDType, bool, int64, float32, type DTypeLike } from './dtype.js';
import { Tensor, type TensorOrScalar } from './tensor.js';
import * as E from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as M from './ops/matmul.js';

type Unary = 'neg' | 'abs' | 'sqrt' | 'rsqrt' | 'exp' | 'log' | 'log1p' | 'expm1' | 'log2' | 'log10' | 'sin' | 'cos' | 'tan' |
  'tanh' | 'sigmoid' | 'relu' | 'erf' | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac' | 'sign' | 'square' | 'reciprocal' |
  'isnan' | 'isinf' | 'isfinite' | 'logical_not';

function tensorArg(x: unknown, fn: string): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' (position 1) must be Tensor, not ${x === null ? 'None' : typeof x}`);
  return x;
}

const unaryFn = (name: Unary) => (x: Tensor): Tensor => E.unary(name, tensorArg(x, name));

/** PyTorch's `torch.neg` (negation, elementwise (-x)); `torch.negative` (alias of neg (-x)); `torch.abs` (absolute value, elementwise); `torch.sqrt` (square root, elementwise); `torch.rsqrt` (1 / sqrt(x), elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.neg(x)` */
export const neg = unaryFn('neg'), negative = neg, abs = unaryFn('abs'), sqrt = unaryFn('sqrt'), rsqrt = unaryFn('rsqrt');
/** PyTorch's `torch.exp` (e^x, elementwise); `torch.log` (natural logarithm, elementwise); `torch.log1p` (log(1 + x), elementwise); `torch.expm1` (e^x - 1, elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.exp(x)` */
export const exp = unaryFn('exp'), log = unaryFn('log'), log1p = unaryFn('log1p'), expm1 = unaryFn('expm1');
/** PyTorch's `torch.log2` (base-2 logarithm, elementwise); `torch.log10` (base-10 logarithm, elementwise); `torch.sin` (sine, elementwise); `torch.cos` (cosine, elementwise); `torch.tan` (tangent, elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.log2(x)` */
export const log2 = unaryFn('log2'), log10 = unaryFn('log10'), sin = unaryFn('sin'), cos = unaryFn('cos'), tan = unaryFn('tan');
/** PyTorch's `torch.tanh` (hyperbolic tangent, elementwise); `torch.sigmoid` (logistic sigmoid 1 / (1 + e^-x), elementwise); `torch.relu` (max(x, 0), elementwise); `torch.erf` (error function, elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.tanh(x)` */
export const tanh = unaryFn('tanh'), sigmoid = unaryFn('sigmoid'), relu = unaryFn('relu'), erf = unaryFn('erf');
/** PyTorch's `torch.floor` (round down, elementwise); `torch.ceil` (round up, elementwise); `torch.round` (round half to even, elementwise); `torch.trunc` (round toward zero, elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.floor(x)` */
export const floor = unaryFn('floor'), ceil = unaryFn('ceil'), round = unaryFn('round'), trunc = unaryFn('trunc');
/** PyTorch's `torch.frac` (fractional part x - trunc(x), elementwise); `torch.sign` (sign (-1, 0 or 1), elementwise); `torch.square` (x * x, elementwise); `torch.reciprocal` (1 / x, elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.frac(x)` */
export const frac = unaryFn('frac'), sign = unaryFn('sign'), square = unaryFn('square'), reciprocal = unaryFn('reciprocal');
/** PyTorch's `torch.isnan` (whether each element is NaN (bool)); `torch.isinf` (whether each element is infinite (bool)); `torch.isfinite` (whether each element is finite (bool)); `torch.logical_not` (logical NOT (bool)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.isnan(x)` */
export const isnan = unaryFn('isnan'), isinf = unaryFn('isinf'), isfinite = unaryFn('isfinite'), logical_not = unaryFn('logical_not');

type Binary = 'mul' | 'maximum' | 'minimum' | 'atan2' | 'remainder' | 'fmod' | 'floor_divide' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' |
  'logical_and' | 'logical_or';
const binaryFn = (name: Binary) => (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.binary(name, a, b);

/** PyTorch's `torch.maximum` / `torch.minimum`: elementwise maximum / minimum of two tensors (NaN propagates). Example: `torch.maximum(x, y)` */
export const maximum = binaryFn('maximum'), minimum = binaryFn('minimum');
/** PyTorch's `torch.atan2` (atan2(a, b), elementwise); `torch.remainder` (Python's modulus (sign of the divisor), elementwise); `torch.fmod` (C's fmod (sign of the dividend), elementwise). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.atan2(x, y)` */
export const atan2 = binaryFn('atan2'), remainder = binaryFn('remainder'), fmod = binaryFn('fmod');
/** PyTorch's `torch.floor_divide` (floor(a / b), elementwise); `torch.eq` (a == b, elementwise (bool)); `torch.ne` (a != b, elementwise (bool)); `torch.lt` (a < b, elementwise (bool)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.floor_divide(x, 2)` */
export const floor_divide = binaryFn('floor_divide'), eq = binaryFn('eq'), ne = binaryFn('ne'), lt = binaryFn('lt');
/** PyTorch's `torch.le` (a <= b, elementwise (bool)); `torch.gt` (a > b, elementwise (bool)); `torch.ge` (a >= b, elementwise (bool)); `torch.logical_and` (logical AND (bool)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.le(x, 0)` */
export const le = binaryFn('le'), gt = binaryFn('gt'), ge = binaryFn('ge'), logical_and = binaryFn('logical_and');
/** PyTorch's `torch.logical_or` (logical OR (bool)); `torch.greater` (alias of gt (a > b)); `torch.less` (alias of lt (a < b)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.logical_or(x, y)` */
export const logical_or = binaryFn('logical_or'), greater = gt, less = lt;

/**
 * PyTorch's `out=`: the result written into `out` (resized when its shape differs, as PyTorch
 * does), which is returned.
 */
function writeOut(name: string, out: Tensor | undefined, result: Tensor): Tensor {
  if (!out) return result;
  if (!(out instanceof Tensor)) throw new TypeError(`argument 'out' must be Tensor, not ${typeof out}`);
  if (result.requires_grad || out.requires_grad) {
    throw new Error(`${name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
  const same = out.dtype === result.dtype && out.shape_.length === result.shape_.length && out.shape_.every((d, i) => d === result.shape_[i]);
  if (same) out.copy_(result);
  else out.data = result;
  return out;
}
/** PyTorch's `torch.add`: a + b with broadcasting (`alpha` scales b; `out` receives the result). Example: `torch.add(x, y, { alpha: 2 })` */
export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number; out?: Tensor }): Tensor { return writeOut('add', opts?.out, E.add(a, b, opts)); }
/** PyTorch's `torch.sub`: a - b with broadcasting (`alpha` scales b; `out` receives the result). Example: `torch.sub(x, y)` */
export function sub(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number; out?: Tensor }): Tensor { return writeOut('sub', opts?.out, E.sub(a, b, opts)); }
/** torch.mul(input, other, {out}) */
export function mul(a: TensorOrScalar, b: TensorOrScalar, opts?: { out?: Tensor }): Tensor { return writeOut('mul', opts?.out, E.binary('mul', a, b)); }
export const multiply = mul;
/** torch.matmul(input, other, {out}); also torch.matmul({input, other}) */
export function matmul(a: Tensor | { input: Tensor; other: Tensor; out?: Tensor }, b?: Tensor | { out?: Tensor }, opts?: { out?: Tensor }): Tensor {
  if (!(a instanceof Tensor)) return matmul(a.input, a.other, { out: a.out });
  if (b !== undefined && !(b instanceof Tensor)) throw new TypeError(`matmul(): argument 'other' (position 2) must be Tensor, not ${typeof b}`);
  return writeOut('matmul', opts?.out, M.matmul(a, b as Tensor));
}
/** PyTorch's `torch.subtract` (alias of sub (a - b)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.subtract(x, y)` */
export const subtract = sub;
/** PyTorch's `torch.div`: a / b with broadcasting; rounding_mode 'trunc' or 'floor'. Example: `torch.div(x, y, { rounding_mode: 'floor' })` */
export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return E.div(a, b, opts); }
/** PyTorch's `torch.divide` (alias of div (a / b)); `torch.true_divide` (a / b, always floating point). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.divide(x, y)` */
export const divide = div, true_divide = (a: TensorOrScalar, b: TensorOrScalar) => E.binary('div', a, b);
/** PyTorch's `torch.pow`: a ** b with broadcasting. Example: `torch.pow(x, 2)` */
export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor { return E.pow(a, b); }
/** PyTorch's `torch.where`: elementwise choice: x where condition holds, else other. Example: `torch.where(x.gt(0), x, 0)` */
export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor { return E.where(condition, a, b); }
/** PyTorch's `torch.clamp`: limits every element to [min, max]. Example: `torch.clamp(x, { min: 0, max: 1 })` */
export function clamp(x: Tensor, min?: number | Tensor | null | { min?: number | Tensor | null; max?: number | Tensor | null }, max?: number | Tensor | null): Tensor {
  return E.clamp(tensorArg(x, 'clamp'), min, max);
}
/** PyTorch's `torch.clip` (alias of clamp). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.clip(x, 0, 1)` */
export const clip = clamp;
/** PyTorch's `torch.clamp_min`: max(x, min), elementwise. Example: `torch.clamp_min(x, 0)` */
export function clamp_min(x: Tensor, min: number | Tensor): Tensor { return E.clamp_min(tensorArg(x, 'clamp_min'), min); }
/** PyTorch's `torch.clamp_max`: min(x, max), elementwise. Example: `torch.clamp_max(x, 1)` */
export function clamp_max(x: Tensor, max: number | Tensor): Tensor { return E.clamp_max(tensorArg(x, 'clamp_max'), max); }
/** PyTorch's `torch.allclose`: whether all elements are close: |a - b| <= atol + rtol |b|. Example: `torch.allclose(x, y)` */
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return E.allclose(a, b, opts); }
/** PyTorch's `torch.isclose`: elementwise |a - b| <= atol + rtol |b| (bool). Example: `torch.isclose(x, y)` */
export function isclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor { return E.isclose(a, b, opts); }
/** PyTorch's `torch.equal`: whether two tensors have the same shape and elements. Example: `torch.equal(x, y)` */
export function equal(a: Tensor, b: Tensor): boolean { return E.equal(a, b); }
/** PyTorch's `torch.clone`: a copy with its own memory (differentiable). Example: `torch.clone(x)` */
export function clone(x: Tensor): Tensor { return tensorArg(x, 'clone').clone(); }
/** PyTorch's `torch.masked_fill`: a copy with value where mask is true. Example: `torch.masked_fill(x, x.lt(0), 0)` */
export function masked_fill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor { return E.masked_fill(x, mask, value); }

/** torch.<name>(x, ...args) as x.<name>(...args), typed after the method. */
type MethodName = { [K in keyof Tensor & string]: Tensor[K] extends (...a: never[]) => unknown ? K : never }[keyof Tensor & string];
type AsFunction<K extends MethodName> = Tensor[K] extends (...a: infer A) => infer Out ? (x: Tensor, ...a: A) => Out : never;
function method<K extends MethodName>(name: K): AsFunction<K> {
  return ((x: Tensor, ...a: unknown[]) => (tensorArg(x, name)[name] as (...a: unknown[]) => unknown)(...a)) as AsFunction<K>;
}

/** PyTorch's `torch.sum` (sum of all elements, or over dim); `torch.mean` (mean of all elements, or over dim); `torch.prod` (product of all elements, or over dim); `torch.amax` (maximum over dim (values only)); `torch.amin` (minimum over dim (values only)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.sum(x, { dim: 1, keepdim: true })` */
export const sum = method('sum'), mean = method('mean'), prod = method('prod'), amax = method('amax'), amin = method('amin');
/** PyTorch's `torch.argmax` (index of the maximum, flattened or over dim (int64)); `torch.argmin` (index of the minimum, flattened or over dim (int64)); `torch.all` (whether every element is nonzero, or over dim (bool)); `torch.any` (whether some element is nonzero, or over dim (bool)). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.argmax(x, { dim: 1 })` */
export const argmax = method('argmax'), argmin = method('argmin'), all = method('all'), any = method('any');
/** PyTorch's `torch.logsumexp` (log(sum(exp(x))) over dim, computed stably); `torch.std` (standard deviation (Bessel-corrected by default)); `torch.norm` (vector norm (p = 2 by default), or over dim). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.logsumexp(x, 1)` */
export const logsumexp = method('logsumexp'), std = method('std'), norm = method('norm');
const var_ = method('var');
/** PyTorch's `torch.cumsum` (cumulative sum along dim); `torch.cumprod` (cumulative product along dim); `torch.log_softmax` (log of softmax along dim, computed stably). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.cumsum(x, 0)` */
export const cumsum = method('cumsum'), cumprod = method('cumprod'), log_softmax = method('log_softmax');
/** PyTorch's `torch.reshape` (the same elements in a new shape (a view when possible)); `torch.transpose` (a view with two dims swapped); `torch.swapaxes` (alias of transpose); `torch.permute` (a view with the dims reordered). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.reshape(x, 2, -1)` */
export const reshape = method('reshape'), transpose = method('transpose'), swapaxes = transpose, permute = method('permute');
/** PyTorch's `torch.unsqueeze` (a view with a new dim of size 1); `torch.squeeze` (a view without dims of size 1 (or only dim)); `torch.flatten` (dims start_dim..end_dim flattened into one); `torch.unflatten` (one dim split into sizes). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.unsqueeze(x, 0)` */
export const unsqueeze = method('unsqueeze'), squeeze = method('squeeze'), flatten = method('flatten'), unflatten = method('unflatten');
/** PyTorch's `torch.t` (transpose of a matrix (at most 2-D)); `torch.split` (pieces of a size (or of the given sizes) along dim); `torch.chunk` (that many pieces along dim); `torch.unbind` (the slices along dim, that dim removed); `torch.narrow` (a view of length elements from start along dim). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.t(x)` */
export const t = method('t'), split = method('split'), chunk = method('chunk'), unbind = method('unbind'), narrow = method('narrow');
/** PyTorch's `torch.select` (a view of one index along dim, that dim removed); `torch.diagonal` (a view of a diagonal); `torch.diag` (a diagonal matrix from a vector, or the diagonal of a matrix); `torch.flip` (a copy reversed along dims); `torch.roll` (elements shifted along dims, wrapping around). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.select(x, 0, 1)` */
export const select = method('select'), diagonal = method('diagonal'), diag = method('diag'), flip = method('flip'), roll = method('roll');
/** PyTorch's `torch.tril` (the lower triangle (the rest zeroed)); `torch.triu` (the upper triangle (the rest zeroed)); `torch.trace` (sum of the diagonal of a matrix); `torch.masked_select` (the elements where mask is true, as 1-D). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.tril(x)` */
export const tril = method('tril'), triu = method('triu'), trace = method('trace'), masked_select = method('masked_select');
/** PyTorch's `torch.index_select` (the entries of index along dim); `torch.gather` (values along dim at index); `torch.take` (elements of the flattened tensor at index); `torch.index_put` (a copy with values written at indices). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.index_select(x, 0, torch.tensor([0, 2], { dtype: torch.int64 }))` */
export const index_select = method('index_select'), gather = method('gather'), take = method('take'), index_put = method('index_put');
/** PyTorch's `torch.scatter` (a copy with src, or a value, written along dim at index); `torch.scatter_add` (a copy with src added along dim at index). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.scatter(x, 0, idx, src)` */
export const scatter = method('scatter'), scatter_add = method('scatter_add');
/** PyTorch's `torch.var`: variance (Bessel-corrected by default), as `x.var()`. Example: `torch.var(x, 0)` */
export { var_ as var };

/** torch.softmax(x, dim, dtype=None) */
export function softmax(x: Tensor, dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor {
  return R.softmax(tensorArg(x, 'softmax'), dim, dtype);
}

/** torch.max(x) / torch.max(x, dim, keepdim) -> {values, indices} / torch.max(a, b) (maximum). */
export function max(x: Tensor): Tensor;
/** PyTorch's `torch.max`: maximum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `torch.max(x, 1)` */
export function max(x: Tensor, other: Tensor): Tensor;
/** PyTorch's `torch.max`: maximum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `torch.max(x, 1)` */
export function max(x: Tensor, dim: number | R.ReduceOptions, keepdim?: R.KeepArg): R.ValuesIndices;
export function max(x: Tensor, dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices {
  return R.max(tensorArg(x, 'max'), dim, keepdim, opts);
}
/** PyTorch's `torch.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `torch.min(x, 1)` */
export function min(x: Tensor): Tensor;
/** PyTorch's `torch.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `torch.min(x, 1)` */
export function min(x: Tensor, other: Tensor): Tensor;
/** PyTorch's `torch.min`: minimum: of all elements, elementwise with another tensor, or over dim as {values, indices}. Example: `torch.min(x, 1)` */
export function min(x: Tensor, dim: number | R.ReduceOptions, keepdim?: R.KeepArg): R.ValuesIndices;
export function min(x: Tensor, dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices {
  return R.min(tensorArg(x, 'min'), dim, keepdim, opts);
}

/** torch.cat(tensors, dim=0), torch.concat, torch.stack(tensors, dim=0) */
export function cat(tensors: Tensor[], dim?: number | { dim?: number }): Tensor { return S.cat(tensors, dim); }
/** PyTorch's `torch.concat` (alias of cat); `torch.concatenate` (alias of cat). As functions of a tensor, like the Tensor methods of the same names. Example: `torch.concat([x, y], 0)` */
export const concat = cat, concatenate = cat;
/** PyTorch's `torch.stack`: tensors joined along a new dim. Example: `torch.stack([x, y], 1)` */
export function stack(tensors: Tensor[], dim?: number | { dim?: number }): Tensor { return S.stack(tensors, dim); }

export { mm, bmm, dot, mv, outer, addmm, baddbmm, einsum } from './ops/matmul.js';

/** PyTorch's `torch.is_tensor`: whether a value is a Tensor. Example: `torch.is_tensor(x)` */
export function is_tensor(x: unknown): x is Tensor { return x instanceof Tensor; }
/** PyTorch's `torch.is_floating_point`: whether a tensor's dtype is floating point. Example: `torch.is_floating_point(x)` */
export function is_floating_point(x: Tensor): boolean { return x.dtype.is_floating_point; }
/** PyTorch's `torch.numel`: the number of elements. Example: `torch.numel(x)` */
export function numel(x: Tensor): number { return x.numel(); }
/** PyTorch's `torch.result_type`: the dtype an op on these operands produces (type promotion). Example: `torch.result_type(x, 1.5)` */
export function result_type(a: TensorOrScalar, b: TensorOrScalar) {
  const info = (x: TensorOrScalar) => x instanceof Tensor
    ? { dtype: x.dtype, kind: x.ndim === 0 ? 'zero' as const : 'dim' as const }
    : { dtype: typeof x === 'boolean' ? bool : Number.isInteger(x) ? int64 : float32, kind: 'number' as const };
  return resultType([info(a), info(b)]);
}
/** PyTorch's `torch.promote_types`: the smallest dtype both dtypes promote to. Example: `torch.promote_types(torch.int32, torch.float32)` */
export function promote_types(a: DTypeLike, b: DTypeLike) { return promoteTypes(toDType(a), toDType(b)); }

/** The keywords of `torch.autograd.grad`: `torch.autograd.grad(y, x, { grad_outputs: g, create_graph: true })`. */
export interface GradOptions extends BackwardOptions {
  grad_outputs?: Tensor | (Tensor | null)[] | null;
  allow_unused?: boolean;
}

/** grad_outputs / grad_tensors as a list lined up with the outputs; a null stands for ones (one-element outputs). */
function seedList(given: Tensor | (Tensor | null)[] | null | undefined, outs: readonly Tensor[]): (Tensor | null)[] {
  if (given == null) return outs.map(() => null);
  return Array.isArray(given) ? given : [given];
}

/** torch.autograd.grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused}) */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const seeds = seedList(opts.grad_outputs, outs);
  const capture = ins.map((t) => {
    if (!t.requires_grad) throw new Error('One of the differentiated Tensors does not require grad');
    return t._gradEdge() as Edge;
  });
  const result = runBackward(outs, seeds, opts, capture);
  result.forEach((g, i) => {
    if (!g && !opts.allow_unused) {
      throw new Error('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    }
    if (g && (g.ndim !== ins[i].ndim || g.shape_.some((d, k) => d !== ins[i].shape_[k]))) result[i] = g.expand(ins[i].shape_);
  });
  return result;
}

/** torch.autograd.backward(tensors, grad_tensors?, {retain_graph, create_graph}); the options may follow the tensors directly */
export function backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | (Tensor | null)[] | BackwardOptions | null, opts: BackwardOptions = {}): void {
  if (grad_tensors && !(grad_tensors instanceof Tensor) && !Array.isArray(grad_tensors)) return backward(tensors, null, grad_tensors);
  const outs = Array.isArray(tensors) ? tensors : [tensors];
  runBackward(outs, seedList(grad_tensors, outs), opts, null);
}
