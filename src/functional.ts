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

export const neg = unaryFn('neg'), negative = neg, abs = unaryFn('abs'), sqrt = unaryFn('sqrt'), rsqrt = unaryFn('rsqrt');
export const exp = unaryFn('exp'), log = unaryFn('log'), log1p = unaryFn('log1p'), expm1 = unaryFn('expm1');
export const log2 = unaryFn('log2'), log10 = unaryFn('log10'), sin = unaryFn('sin'), cos = unaryFn('cos'), tan = unaryFn('tan');
export const tanh = unaryFn('tanh'), sigmoid = unaryFn('sigmoid'), relu = unaryFn('relu'), erf = unaryFn('erf');
export const floor = unaryFn('floor'), ceil = unaryFn('ceil'), round = unaryFn('round'), trunc = unaryFn('trunc');
export const frac = unaryFn('frac'), sign = unaryFn('sign'), square = unaryFn('square'), reciprocal = unaryFn('reciprocal');
export const isnan = unaryFn('isnan'), isinf = unaryFn('isinf'), isfinite = unaryFn('isfinite'), logical_not = unaryFn('logical_not');

type Binary = 'mul' | 'maximum' | 'minimum' | 'atan2' | 'remainder' | 'fmod' | 'floor_divide' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' |
  'logical_and' | 'logical_or';
const binaryFn = (name: Binary) => (a: TensorOrScalar, b: TensorOrScalar): Tensor => E.binary(name, a, b);

export const maximum = binaryFn('maximum'), minimum = binaryFn('minimum');
export const atan2 = binaryFn('atan2'), remainder = binaryFn('remainder'), fmod = binaryFn('fmod');
export const floor_divide = binaryFn('floor_divide'), eq = binaryFn('eq'), ne = binaryFn('ne'), lt = binaryFn('lt');
export const le = binaryFn('le'), gt = binaryFn('gt'), ge = binaryFn('ge'), logical_and = binaryFn('logical_and');
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
export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number; out?: Tensor }): Tensor { return writeOut('add', opts?.out, E.add(a, b, opts)); }
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
export const subtract = sub;
export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return E.div(a, b, opts); }
export const divide = div, true_divide = (a: TensorOrScalar, b: TensorOrScalar) => E.binary('div', a, b);
export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor { return E.pow(a, b); }
export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor { return E.where(condition, a, b); }
export function clamp(x: Tensor, min?: number | Tensor | null | { min?: number | Tensor | null; max?: number | Tensor | null }, max?: number | Tensor | null): Tensor {
  return E.clamp(tensorArg(x, 'clamp'), min, max);
}
export const clip = clamp;
export function clamp_min(x: Tensor, min: number | Tensor): Tensor { return E.clamp_min(tensorArg(x, 'clamp_min'), min); }
export function clamp_max(x: Tensor, max: number | Tensor): Tensor { return E.clamp_max(tensorArg(x, 'clamp_max'), max); }
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return E.allclose(a, b, opts); }
export function isclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor { return E.isclose(a, b, opts); }
export function equal(a: Tensor, b: Tensor): boolean { return E.equal(a, b); }
export function clone(x: Tensor): Tensor { return tensorArg(x, 'clone').clone(); }
export function masked_fill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor { return E.masked_fill(x, mask, value); }

/** torch.<name>(x, ...args) as x.<name>(...args), typed after the method. */
type MethodName = { [K in keyof Tensor & string]: Tensor[K] extends (...a: never[]) => unknown ? K : never }[keyof Tensor & string];
type AsFunction<K extends MethodName> = Tensor[K] extends (...a: infer A) => infer Out ? (x: Tensor, ...a: A) => Out : never;
function method<K extends MethodName>(name: K): AsFunction<K> {
  return ((x: Tensor, ...a: unknown[]) => (tensorArg(x, name)[name] as (...a: unknown[]) => unknown)(...a)) as AsFunction<K>;
}

export const sum = method('sum'), mean = method('mean'), prod = method('prod'), amax = method('amax'), amin = method('amin');
export const argmax = method('argmax'), argmin = method('argmin'), all = method('all'), any = method('any');
export const logsumexp = method('logsumexp'), std = method('std'), norm = method('norm');
const var_ = method('var');
export const cumsum = method('cumsum'), cumprod = method('cumprod'), log_softmax = method('log_softmax');
export const reshape = method('reshape'), transpose = method('transpose'), swapaxes = transpose, permute = method('permute');
export const unsqueeze = method('unsqueeze'), squeeze = method('squeeze'), flatten = method('flatten'), unflatten = method('unflatten');
export const t = method('t'), split = method('split'), chunk = method('chunk'), unbind = method('unbind'), narrow = method('narrow');
export const select = method('select'), diagonal = method('diagonal'), diag = method('diag'), flip = method('flip'), roll = method('roll');
export const tril = method('tril'), triu = method('triu'), trace = method('trace'), masked_select = method('masked_select');
export const index_select = method('index_select'), gather = method('gather'), take = method('take'), index_put = method('index_put');
/** torch.scatter(input, dim, index, src) / torch.scatter_add(input, dim, index, src) */
export const scatter = method('scatter'), scatter_add = method('scatter_add');
export { var_ as var };

/** torch.softmax(x, dim, dtype=None) */
export function softmax(x: Tensor, dim: number | R.SoftmaxOptions, dtype?: DTypeLike | R.SoftmaxOptions): Tensor {
  return R.softmax(tensorArg(x, 'softmax'), dim, dtype);
}

/** torch.max(x) / torch.max(x, dim, keepdim) -> {values, indices} / torch.max(a, b) (maximum). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim: number | R.ReduceOptions, keepdim?: R.KeepArg): R.ValuesIndices;
export function max(x: Tensor, dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices {
  return R.max(tensorArg(x, 'max'), dim, keepdim, opts);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim: number | R.ReduceOptions, keepdim?: R.KeepArg): R.ValuesIndices;
export function min(x: Tensor, dim?: R.DimArg | Tensor, keepdim?: R.KeepArg, opts?: R.ReduceOptions): Tensor | R.ValuesIndices {
  return R.min(tensorArg(x, 'min'), dim, keepdim, opts);
}

/** torch.cat(tensors, dim=0), torch.concat, torch.stack(tensors, dim=0) */
export function cat(tensors: Tensor[], dim?: number | { dim?: number }): Tensor { return S.cat(tensors, dim); }
export const concat = cat, concatenate = cat;
export function stack(tensors: Tensor[], dim?: number | { dim?: number }): Tensor { return S.stack(tensors, dim); }

export { mm, bmm, dot, mv, outer, addmm, baddbmm, einsum } from './ops/matmul.js';

export function is_tensor(x: unknown): x is Tensor { return x instanceof Tensor; }
export function is_floating_point(x: Tensor): boolean { return x.dtype.is_floating_point; }
export function numel(x: Tensor): number { return x.numel(); }
export function result_type(a: TensorOrScalar, b: TensorOrScalar) {
  const info = (x: TensorOrScalar) => x instanceof Tensor
    ? { dtype: x.dtype, kind: x.ndim === 0 ? 'zero' as const : 'dim' as const }
    : { dtype: typeof x === 'boolean' ? bool : Number.isInteger(x) ? int64 : float32, kind: 'number' as const };
  return resultType([info(a), info(b)]);
}
export function promote_types(a: DTypeLike, b: DTypeLike) { return promoteTypes(toDType(a), toDType(b)); }

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
