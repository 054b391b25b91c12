// Elementwise ops: dtype rules, broadcasting, the backend call and the autograd record, once for
// every row of the ops table.
import { pyTypeName } from '../args.js';
import type { View } from '../backend.js';
import { no_grad } from '../autograd.js';
import {
  bool, float32, float64, int64, uint8, computeDType, resultType, type DType, type PromotionOperand,
} from '../dtype.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf } from '../shape.js';
import { Tensor, fromArray, type TensorOrScalar } from '../tensor.js';
import { normalValues, precisionOf, uniformValues, randomArgs, type Generator, type Precision } from '../random.js';
import { writer } from '../backends/js.js';
import { BINARY, UNARY, type BinaryName, type BinaryRow, type UnaryName, type UnaryRow } from './table.js';
import { needsGrad, record, recordInplace } from './autograd-record.js';
import { sumToShape } from './reduce.js';
import { copyRaw, filled } from './shape.js';
import { checkInplaceGrad, rebaseHistory } from './views.js';

function operandInfo(x: TensorOrScalar): PromotionOperand {
  if (x instanceof Tensor) return { dtype: x.dtype, kind: x.ndim === 0 ? 'zero' : 'dim' };
  if (typeof x === 'boolean') return { dtype: bool, kind: 'number' };
  if (typeof x !== 'number') throw new TypeError(`expected a Tensor or a number as operand, but got ${typeof x}`);
  return { dtype: Number.isInteger(x) ? int64 : float32, kind: 'number' };
}

export function checkSameDevice(...xs: unknown[]): void {
  let first: Tensor | null = null;
  for (const x of xs) {
    if (!(x instanceof Tensor)) continue;
    if (!first) { first = x; continue; }
    const a = first.storage.backend, b = x.storage.backend;
    if (a === b) continue;
    if (a.device !== b.device) {
      throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${a.device} and ${b.device}!`);
    }
    throw new Error(`Expected all tensors to be on the same backend, but found ${a.name} and ${b.name} (torch.set_backend applies to tensors created after it)`);
  }
}

/** The operand as a kernel input of `dtype`, broadcast to `shape` (a scalar slot for numbers). */
function asInput(x: TensorOrScalar, dtype: DType, shape: readonly number[], temps: Tensor[], backendOf: Tensor): View {
  if (!(x instanceof Tensor)) {
    const v = backendOf.storage.backend.scalar(+x, dtype);
    return { ...v, shape, strides: shape.map(() => 0) };
  }
  let t = x;
  if (t.dtype !== dtype) { t = copyRaw(t, dtype); temps.push(t); }
  return { storage: t.storage, shape, strides: broadcastStrides(t.shape_, t.strides, shape), offset: t.offset, dtype };
}


/** Moves a kernel's result (computed in `compute`) to the result dtype when they differ. */
function finish(out: Tensor, dtype: DType, temps: Tensor[]): Tensor {
  for (const t of temps) t.dispose();
  if (out.dtype === dtype) return out;
  const cast = copyRaw(out, dtype);
  out.dispose();
  return cast;
}

function firstTensor(...xs: TensorOrScalar[]): Tensor {
  for (const x of xs) if (x instanceof Tensor) return x;
  throw new TypeError('expected at least one Tensor operand');
}

const OVERLAP_MESSAGE =
  'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';

/** PyTorch's assert_no_internal_overlap: an expanded dim (stride 0) would be written many times over. */
function checkNoInternalOverlap(self: Tensor): void {
  for (let d = 0; d < self.ndim; d++) if (self.strides[d] === 0 && self.shape_[d] > 1) throw new Error(OVERLAP_MESSAGE);
}

/**
 * Where in-place ops write: checks PyTorch's rules before anything is computed (`others`: the other
 * operands). `overlapOk` for masked_fill_, where PyTorch only warns (all the writes agree).
 */
function checkInplace(self: Tensor, resultShape: readonly number[], dtype: DType, others: readonly unknown[] = [], overlapOk = false): void {
  checkInplaceGrad(self, others);
  if (!overlapOk) checkNoInternalOverlap(self);
  if (resultShape.length !== self.ndim || resultShape.some((d, i) => d !== self.shape_[i])) {
    throw new Error(`output with shape [${self.shape_.join(', ')}] doesn't match the broadcast shape [${resultShape.join(', ')}]`);
  }
  if (!canCast(dtype, self.dtype)) {
    throw new Error(`result type ${dtype.scalarName} can't be cast to the desired output type ${self.dtype.scalarName}`);
  }
}

/** PyTorch's canCast: no float -> integer, no number -> bool, in in-place results. */
function canCast(from: DType, to: DType): boolean {
  return from.category <= to.category;
}

// ---- unary -------------------------------------------------------------------------------------

export function unary(name: UnaryName, x: Tensor, inplace = false): Tensor {
  const row: UnaryRow = UNARY[name];
  if (!(x instanceof Tensor)) throw new TypeError(`${name}(): argument 'input' must be Tensor, not ${typeof x}`);
  let resDtype: DType;
  let kernelDtype: DType;
  let outDtype: DType;
  const xd = x.dtype;
  if (xd === bool && row.boolError) throw new Error(row.boolError);
  if (xd.category < 2 && row.floatOnlyKernel) throw new Error(`"${row.floatOnlyKernel}" not implemented for '${xd.scalarName}'`);
  if (xd === bool && row.boolResult) return unary(name, x.to(int64), inplace);
  switch (row.dtypes) {
    case 'float':
      if (xd.category < 2 && row.intIdentity) return inplace ? x : clone(x);
      resDtype = xd.category === 2 ? xd : float32;
      kernelDtype = outDtype = computeDType(resDtype);
      break;
    case 'number':
      resDtype = xd;
      kernelDtype = outDtype = computeDType(xd);
      break;
    case 'predicate':
      if (xd.category < 2) {
        const out = Tensor.empty(x.shape_, bool, x);
        out.storage.backend.fill(out, name === 'isfinite' ? 1 : 0);
        return out;
      }
      resDtype = outDtype = bool;
      kernelDtype = computeDType(xd);
      break;
    default: // logical
      resDtype = outDtype = kernelDtype = bool;
  }
  if (inplace) checkInplace(x, x.shape_, resDtype);
  const grad = row.vjp !== undefined && needsGrad(x);
  const temps: Tensor[] = [];
  const input = asInput(x, kernelDtype, x.shape_, temps, x);
  // in place without autograd and in the tensor's own dtype: the kernel writes straight into x
  const direct = inplace && !grad && resDtype === x.dtype && outDtype === x.dtype;
  const out = direct ? x : Tensor.empty(x.shape_, outDtype, x);
  x.storage.backend.unary(row, input, out);
  const result = direct ? (temps.forEach((t) => t.dispose()), x) : finish(out, resDtype, temps);
  if (grad) {
    const vjp = row.vjp as NonNullable<UnaryRow['vjp']>;
    // a vjp of (g, x) needs the input, of (g, _x, y) the output (see UnaryRow)
    const usesY = vjp.length >= 3;
    // a vjp of (g) alone (neg, floor) saves nothing, as in PyTorch
    const original = usesY || vjp.length < 2 ? null : inplace ? clone(x) : x;
    record(row.gradName as string, [x], [result], [original, usesY ? result : null],
      (gs, [sx, sy]) => [vjp(gs[0] as Tensor, sx, sy)]);
    if (inplace && original) original.dispose();
  }
  return result;
}

// ---- binary ------------------------------------------------------------------------------------

/** `numbersAllowed`: internal callers (clamp) may pass numbers to the rows PyTorch gives no Scalar overload. */
export function binary(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar, inplace = false, numbersAllowed = false): Tensor {
  const row: BinaryRow = BINARY[name];
  if (row.tensorsOnly && !numbersAllowed) {
    if (!(a instanceof Tensor)) throw new TypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${pyTypeName(a)}`);
    if (!(b instanceof Tensor)) throw new TypeError(`${name}(): argument 'other' (position 1) must be Tensor, not ${pyTypeName(b)}`);
  }
  const base = firstTensor(a, b);
  checkSameDevice(a, b);
  const shape = broadcastShapes(a instanceof Tensor ? a.shape_ : [], b instanceof Tensor ? b.shape_ : []);
  const promoted = resultType([operandInfo(a), operandInfo(b)]);
  // a number operand is cast to an integer result type first, wrapping as C does (uint8 - 2 is uint8 + 254)
  if (promoted.category === 1) { a = wrapInteger(a, promoted); b = wrapInteger(b, promoted); }
  let resDtype = promoted;
  let kernelDtype: DType;
  switch (row.dtypes) {
    case 'float':
      if (promoted.category < 2) resDtype = float32;
      kernelDtype = computeDType(resDtype);
      break;
    case 'number':
      if (promoted === bool && row.boolError) throw new Error(row.boolError);
      if (row.oneBoolError && (operandInfo(a).dtype === bool || operandInfo(b).dtype === bool)) throw new Error(row.oneBoolError);
      kernelDtype = computeDType(promoted);
      break;
    case 'compare':
      resDtype = bool;
      kernelDtype = promoted === bool || promoted === uint8 ? uint8 : computeDType(promoted);
      break;
    default: // logical
      resDtype = bool;
      kernelDtype = uint8;
  }
  // an empty result computes nothing, so nothing to refuse (PyTorch does not check either)
  if (kernelDtype.category === 1 && row.intCheck && numelOf(shape) > 0) checkIntegerOperands(row.intCheck, b);
  if (inplace) checkInplace(base, shape, resDtype, [b]);
  const grad = row.vjp !== undefined && needsGrad(a, b);
  const temps: Tensor[] = [];
  const outDtype = row.dtypes === 'compare' || row.dtypes === 'logical' ? bool : kernelDtype;
  const ia = asInput(a, row.dtypes === 'logical' ? bool : kernelDtype, shape, temps, base);
  const ib = asInput(b, row.dtypes === 'logical' ? bool : kernelDtype, shape, temps, base);
  const direct = inplace && !grad && resDtype === base.dtype && outDtype === base.dtype && base === a;
  const out = direct ? base : Tensor.empty(shape, outDtype, base);
  base.storage.backend.binary(row, ia, ib, out);
  const result = direct ? (temps.forEach((t) => t.dispose()), base) : finish(out, resDtype, temps);
  if (grad) recordBinary(row, a, b, result, inplace);
  return result;
}

function wrapInteger(v: TensorOrScalar, dtype: DType): TensorOrScalar {
  if (typeof v !== 'number' || !Number.isInteger(v)) return v;
  const bits = dtype.itemsize * 8;
  return Number(dtype.is_signed ? BigInt.asIntN(bits, BigInt(v)) : BigInt.asUintN(bits, BigInt(v)));
}

function recordBinary(row: BinaryRow, a: TensorOrScalar, b: TensorOrScalar, y: Tensor, inplace: boolean): void {
  const vjp = row.vjp as NonNullable<BinaryRow['vjp']>;
  const need = [a instanceof Tensor && a.requires_grad, b instanceof Tensor && b.requires_grad] as const;
  const rowReads = row.reads as [string, string];
  const reads = (need[0] ? rowReads[0] : '') + (need[1] ? rowReads[1] : '');
  const scalarOverload = !(b instanceof Tensor) && row.gradNameScalar !== undefined;
  // in place, `a` is about to be overwritten: the node keeps a copy of its old value
  const aSaved = a instanceof Tensor && reads.includes('a') ? (inplace ? clone(a) : a) : null;
  const bSaved = b instanceof Tensor && reads.includes('b') ? b : null;
  const numA = a instanceof Tensor ? null : +a, numB = b instanceof Tensor ? null : +b;
  const shapeA = a instanceof Tensor ? a.shape_ : null;
  const shapeB = b instanceof Tensor ? b.shape_ : null;
  record(scalarOverload ? row.gradNameScalar as string : row.gradName as string, scalarOverload ? [a] : [a, b], [y],
    [aSaved, bSaved, reads.includes('y') ? y : null], (gs, [sa, sb, sy]) => {
      const [ga, gb] = vjp(gs[0] as Tensor, sa ?? (numA as number), sb ?? (numB as number), sy, need);
      return [ga && shapeA ? sumToShape(ga, shapeA) : null, gb && shapeB ? sumToShape(gb, shapeB) : null];
    });
  if (inplace && aSaved && aSaved !== a) aSaved.dispose();
}

/** Integer kernels would trap or be wrong where PyTorch raises: check before computing. */
function checkIntegerOperands(check: NonNullable<BinaryRow['intCheck']>, b: TensorOrScalar): void {
  if (check === 'zero-divisor') {
    const hasZero = b instanceof Tensor ? b.eq(0)._anyTrue() : +b === 0;
    if (hasZero) throw new Error('ZeroDivisionError');
  } else if (!(b instanceof Tensor) && +b < 0) {
    throw new Error('Integers to negative integer powers are not allowed.');
  }
}

export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }, inplace = false): Tensor {
  const alpha = opts?.alpha ?? 1;
  return alpha === 1 ? binary('add', a, b, inplace) : withAlpha('add', a, b, alpha, inplace);
}
export function sub(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }, inplace = false): Tensor {
  const alpha = opts?.alpha ?? 1;
  return alpha === 1 ? binary('sub', a, b, inplace) : withAlpha('sub', a, b, alpha, inplace);
}
function scaled(b: TensorOrScalar, alpha: number): TensorOrScalar {
  return b instanceof Tensor ? b.mul(alpha) : +b * alpha;
}

/** a + alpha * b (a - alpha * b): PyTorch records one AddBackward0 (SubBackward0), alpha being part of the op. */
function withAlpha(name: 'add' | 'sub', a: TensorOrScalar, b: TensorOrScalar, alpha: number, inplace: boolean): Tensor {
  if (!needsGrad(a, b)) return binary(name, a, scaled(b, alpha), inplace);
  // out of place even for add_/sub_: inplace() copies the result in and takes its node
  const y = no_grad(() => binary(name, a, scaled(b, alpha)));
  const shapeA = a instanceof Tensor && a.requires_grad ? a.shape_ : null;
  const shapeB = b instanceof Tensor && b.requires_grad ? b.shape_ : null;
  const k = name === 'add' ? alpha : -alpha;
  record(name === 'add' ? 'AddBackward0' : 'SubBackward0', [a, b], [y], [], (gs) => {
    const g = gs[0] as Tensor;
    return [shapeA ? sumToShape(g, shapeA) : null, shapeB ? sumToShape(g.mul(k), shapeB) : null];
  });
  return y;
}

/**
 * x + s, x * s, x / s as PyTorch's C++ composites call them (the Scalar overloads): a node with
 * one edge, AddBackward1 / MulBackward1 / DivBackward1, where Python's x * 2 wraps the number and
 * shows MulBackward0. For composites whose graph should read as PyTorch's (cross_entropy).
 */
export function scalarOp(name: 'add' | 'mul' | 'div', x: Tensor, s: number): Tensor {
  if (!needsGrad(x)) return binary(name, x, s);
  const y = no_grad(() => binary(name, x, s));
  const gradName = name === 'add' ? 'AddBackward1' : name === 'mul' ? 'MulBackward1' : 'DivBackward1';
  record(gradName, [x], [y], [], (gs) => {
    const g = gs[0] as Tensor;
    return [name === 'add' ? g : name === 'mul' ? g.mul(s) : g.div(s)];
  });
  return y;
}

export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }, inplace = false): Tensor {
  const mode = opts?.rounding_mode ?? null;
  if (mode === null) return binary('div', a, b, inplace);
  if (mode !== 'floor' && mode !== 'trunc') throw new Error(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  if (!needsGrad(a, b)) return roundedDiv(mode, a, b, inplace);
  // out of place even for div_: inplace() copies the result in and takes its node
  const q = no_grad(() => roundedDiv(mode, a, b, false));
  const needA = a instanceof Tensor && a.requires_grad, needB = b instanceof Tensor && b.requires_grad;
  const shapeA = needA ? (a as Tensor).shape_ : null, shapeB = needB ? (b as Tensor).shape_ : null;
  // PyTorch's DivBackward2 keeps each operand for the other's formula (an old value of an
  // overwritten a is no use), though with a rounding mode both gradients are grad * 0
  const saved = [needA && b instanceof Tensor ? b : null, needB && !inplace && a instanceof Tensor ? a : null];
  record('DivBackward2', [a, b], [q], saved, (gs) => {
    const zero = (gs[0] as Tensor).mul(0);
    return [shapeA ? sumToShape(zero, shapeA) : null, shapeB ? sumToShape(zero, shapeB) : null];
  });
  return q;
}

function roundedDiv(mode: 'floor' | 'trunc', a: TensorOrScalar, b: TensorOrScalar, inplace: boolean): Tensor {
  if (mode === 'floor') return binary('floor_divide', a, b, inplace);
  const both = resultType([operandInfo(a), operandInfo(b)]);
  if (both.category < 2) checkIntegerOperands('zero-divisor', b);
  const q = binary('div', a, b);
  const t = q.trunc();
  q.dispose();
  return t.dtype === both ? t : t.to(both);
}

export function pow(a: TensorOrScalar, exponent: TensorOrScalar, inplace = false): Tensor {
  return binary('pow', a, exponent, inplace);
}

// ---- where, clamp, fills -----------------------------------------------------------------------

export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (!(condition instanceof Tensor)) throw new TypeError('where(): argument \'condition\' must be Tensor');
  if (condition.dtype !== bool && condition.dtype !== uint8) {
    throw new Error(`where expected condition to be a boolean tensor, but got a tensor with dtype ${condition.dtype.scalarName}`);
  }
  const base = firstTensor(a, b, condition);
  checkSameDevice(condition, a, b);
  const shape = broadcastShapes(broadcastShapes(condition.shape_, a instanceof Tensor ? a.shape_ : []), b instanceof Tensor ? b.shape_ : []);
  const dtype = resultType([operandInfo(a), operandInfo(b)]);
  const temps: Tensor[] = [];
  const c = asInput(condition, bool, shape, temps, base);
  // number operands need their own slots: the kernel reads both at once
  const ia = asInput(a instanceof Tensor ? a : scalarTensor(+a, dtype, base, temps), dtype, shape, temps, base);
  const ib = asInput(b instanceof Tensor ? b : scalarTensor(+b, dtype, base, temps), dtype, shape, temps, base);
  const out = Tensor.empty(shape, dtype, base);
  base.storage.backend.where(c, ia, ib, out);
  for (const t of temps) t.dispose();
  if (needsGrad(a, b)) {
    const shapeA = a instanceof Tensor ? a.shape_ : null, shapeB = b instanceof Tensor ? b.shape_ : null;
    record('WhereBackward0', [a, b], [out], [condition], (gs, [cond]) => {
      const g = gs[0] as Tensor;
      return [shapeA ? sumToShape(g.where(cond, 0), shapeA) : null, shapeB ? sumToShape(zerosLike(g).where(cond, g), shapeB) : null];
    });
  }
  return out;
}

function scalarTensor(value: number, dtype: DType, like: Tensor, temps: Tensor[]): Tensor {
  const t = Tensor.empty([], dtype, like);
  t.storage.backend.fill(t, value);
  temps.push(t);
  return t;
}

type Bound = number | Tensor | null | undefined;

export function clamp(x: Tensor, min?: Bound | { min?: Bound; max?: Bound }, max?: Bound, inplace = false): Tensor {
  if (min !== null && typeof min === 'object' && !(min instanceof Tensor)) ({ min, max } = min);
  const lo = min as Bound, hi = max as Bound;
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  // forward without recording: maximum then minimum; the gradient is clamp's own
  const y = no_grad(() => {
    let r = x;
    if (lo !== undefined && lo !== null) r = binary('maximum', r, lo, false, true);
    if (hi !== undefined && hi !== null) { const prev = r; r = binary('minimum', r, hi, false, true); if (prev !== x) prev.dispose(); }
    return r;
  });
  if (inplace) checkInplace(x, y.shape_, y.dtype, [lo, hi]);
  if (needsGrad(x, lo, hi)) {
    // PyTorch's clamp.Tensor has three inputs and saves the bounds: they get gradients where they win
    const tensorBounds = lo instanceof Tensor || hi instanceof Tensor;
    const tLo = lo instanceof Tensor ? lo : null, tHi = hi instanceof Tensor ? hi : null;
    const nLo = tLo ? null : lo ?? null, nHi = tHi ? null : hi ?? null;
    const shapeX = x.shape_, shapeLo = tLo?.shape_ ?? [], shapeHi = tHi?.shape_ ?? [];
    const saved = inplace ? clone(x) : x;
    record(tensorBounds ? 'ClampBackward0' : 'ClampBackward1', tensorBounds ? [x, tLo, tHi] : [x], [y], [saved, tLo, tHi], (gs, [sx, slo, shi]) => {
      const g = gs[0] as Tensor;
      const low = slo ?? nLo, high = shi ?? nHi;
      const aboveLow = low === null ? null : sx.ge(low), belowHigh = high === null ? null : sx.le(high);
      const inside = aboveLow && belowHigh ? aboveLow.logical_and(belowHigh) : (aboveLow ?? belowHigh) as Tensor;
      // with both bounds, PyTorch's clamp_backward_min_max: where min > max the result is max, so
      // max takes the gradient and min none
      const lowUnderHigh = () => (low === null || high === null ? null
        : typeof low === 'number' ? (high as Tensor).gt(low) : low.lt(high as Tensor | number));
      const lowWins = () => { const w = (aboveLow as Tensor).logical_not(), u = lowUnderHigh(); return u ? w.logical_and(u) : w; };
      const highWins = () => { const w = (belowHigh as Tensor).logical_not(), u = lowUnderHigh(); return u ? w.logical_or(u.logical_not()) : w; };
      return [
        sumToShape(g.mul(inside), shapeX),
        slo ? sumToShape(g.mul(lowWins()), shapeLo) : null,
        shi ? sumToShape(g.mul(highWins()), shapeHi) : null,
      ];
    });
    if (inplace) saved.dispose();
  }
  return y;
}

/** clamp with one bound, recorded under PyTorch's names for it (ClampMinBackward0, or 1 for a tensor bound). */
function clampOne(x: Tensor, bound: number | Tensor, which: 'Min' | 'Max'): Tensor {
  const y = no_grad(() => (which === 'Min' ? clamp(x, bound, null) : clamp(x, null, bound)));
  if (!needsGrad(x, bound)) return y;
  const t = bound instanceof Tensor ? bound : null;
  const shapeX = x.shape_, shapeBound = t?.shape_ ?? [];
  record(`Clamp${which}Backward${t ? 1 : 0}`, t ? [x, t] : [x], [y], [x, t], (gs, [sx, st]) => {
    const g = gs[0] as Tensor;
    const inside = which === 'Min' ? sx.ge(st ?? bound) : sx.le(st ?? bound);
    return [sumToShape(g.where(inside, 0), shapeX), st ? sumToShape(zerosLike(g).where(inside, g), shapeBound) : null];
  });
  return y;
}
export const clamp_min = (x: Tensor, min: number | Tensor): Tensor => clampOne(x, min, 'Min');
export const clamp_max = (x: Tensor, max: number | Tensor): Tensor => clampOne(x, max, 'Max');

/** Makes `self` hold `result`'s values and autograd identity (the second half of every `op_`). */
export function inplace<T extends Tensor>(self: T, result: Tensor, overlapOk = false): T {
  if (result === self) { // the kernel wrote straight into self, and there is nothing to record
    self._bumpVersion();
    return self;
  }
  // ops composed of others (div_ with rounding_mode) reach here unchecked: check before writing
  try {
    checkInplace(self, result.shape_, result.dtype, [result], overlapOk);
  } catch (e) {
    result.dispose();
    throw e;
  }
  self.storage.backend.copy(result, self);
  self._bumpVersion();
  // after the bump: a view's new grad_fn is made for the version that holds the new values
  const fn = result.grad_fn;
  if (fn) rebaseHistory(self, fn);
  result.dispose();
  return self;
}

export function fill_<T extends Tensor>(self: T, value: number | boolean | Tensor, gradName = 'FillBackward2'): T {
  const tensorValue = value instanceof Tensor ? value : null;
  if (!tensorValue && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`fill_(): argument 'value' (position 1) must be Number or Tensor, not ${pyTypeName(value)}`);
  }
  checkInplaceGrad(self, [tensorValue]);
  let v: number | boolean;
  if (tensorValue) {
    if (tensorValue.ndim !== 0) throw new Error(`fill_ only supports 0-dimension value tensor but got tensor with ${tensorValue.ndim} dimensions.`);
    v = tensorValue.item();
  } else v = value as number | boolean;
  self.storage.backend.fill(self, +v);
  self._bumpVersion();
  // PyTorch's fill_.Scalar (FillBackward2), zero_ (ZeroBackward0), and fill_.Tensor (FillBackward3), whose value gets the summed gradient
  if (tensorValue && needsGrad(self, tensorValue)) {
    recordInplace('FillBackward3', [self, tensorValue], self, (gs) => [zerosLike(gs[0] as Tensor), (gs[0] as Tensor).sum()]);
  } else if (needsGrad(self)) recordInplace(gradName, [self], self, (gs) => [zerosLike(gs[0] as Tensor)]);
  return self;
}

export function zero_<T extends Tensor>(self: T): T { return fill_(self, 0, 'ZeroBackward0'); }

/**
 * Writes values drawn from a generator into `self` (uniform_, normal_, bernoulli_, ...): in memory
 * order, as PyTorch's TensorIterator visits a non-contiguous tensor; `draw(n, precision, contiguous, order)`
 * (order: self's dims from the outermost in memory). Floating dtypes only unless `anyDtype`.
 */
export function randomFill_<T extends Tensor>(
  self: T, kernel: string, gradName: string,
  draw: (n: number, p: Precision, contiguous: boolean, order: number[]) => Float64Array | BigInt64Array, anyDtype = false,
): T {
  if (!anyDtype && !self.dtype.is_floating_point) throw new Error(`"${kernel}" not implemented for '${self.dtype.scalarName}'`);
  checkInplaceGrad(self, []);
  checkNoInternalOverlap(self);
  const order = self.strides.map((_, d) => d).sort((a, b) => self.strides[b] - self.strides[a]);
  const shape = order.map((d) => self.shape_[d]);
  const values = fromArray(draw(self.numel(), precisionOf(self.dtype), self.is_contiguous(), order), shape, self.dtype, self.device);
  self.storage.backend.copy(values, { storage: self.storage, shape, strides: order.map((d) => self.strides[d]), offset: self.offset, dtype: self.dtype });
  values.dispose();
  self._bumpVersion();
  if (needsGrad(self)) recordInplace(gradName, [self], self, (gs) => [zerosLike(gs[0] as Tensor)]);
  return self;
}

/** x.uniform_(from = 0, to = 1, {generator}) */
export function uniform_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { from = 0, to = 1, generator } = randomArgs('uniform_', ['from', 'to'], args) as { from?: number; to?: number; generator: Generator };
  if (!(from <= to)) throw new Error(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return randomFill_(self, 'check_uniform_bounds', 'UniformBackward0', (n, p) => uniformValues(n, from, to, p, generator));
}

/** x.normal_(mean = 0, std = 1, {generator}) */
export function normal_<T extends Tensor>(self: T, ...args: unknown[]): T {
  const { mean = 0, std = 1, generator } = randomArgs('normal_', ['mean', 'std'], args) as { mean?: number; std?: number; generator: Generator };
  if (!(std >= 0)) throw new Error(`normal expects std >= 0.0, but found std ${std}`);
  return randomFill_(self, 'normal_kernel_cpu', 'NormalBackward0', (n, p, contiguous) => normalValues(n, mean, std, p, contiguous, generator));
}

export function copy_<T extends Tensor>(self: T, src: TensorOrScalar): T {
  if (!(src instanceof Tensor)) return fill_(self, src);
  checkInplaceGrad(self, [src]);
  checkNoInternalOverlap(self);
  checkSameDevice(self, src);
  broadcastShapes(self.shape_, src.shape_);
  const view: View = { storage: src.storage, shape: self.shape_, strides: broadcastStrides(src.shape_, src.strides, self.shape_), offset: src.offset, dtype: src.dtype };
  self.storage.backend.copy(view, self);
  self._bumpVersion();
  if (needsGrad(src) || needsGrad(self)) {
    const srcShape = src.shape_;
    recordInplace('CopyBackwards', [self, src], self, (gs) => [zerosLike(gs[0] as Tensor), sumToShape(gs[0] as Tensor, srcShape)]);
  }
  return self;
}

export function masked_fill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  if (mask.dtype !== bool) throw new Error(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype.name === 'uint8' ? 'unsigned char' : mask.dtype.scalarName}`);
  const v = value instanceof Tensor ? value : +value;
  if (v instanceof Tensor && v.ndim !== 0) throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${v.ndim} dimension(s).`);
  const fill = () => where(mask, v instanceof Tensor ? v.to(x.dtype) : v, x).to(x.dtype);
  if (!needsGrad(x, v)) return fill();
  const y = no_grad(fill);
  const shapeX = x.requires_grad ? x.shape_ : null;
  const valueNeeds = v instanceof Tensor && v.requires_grad;
  // PyTorch's Scalar overload (MaskedFillBackward0) has no edge for the value, the Tensor one has
  record(v instanceof Tensor ? 'MaskedFillBackward1' : 'MaskedFillBackward0', v instanceof Tensor ? [x, v] : [x], [y], [mask], (gs, [m]) => {
    const g = gs[0] as Tensor;
    return [shapeX ? sumToShape(g.masked_fill(m, 0), shapeX) : null, valueNeeds ? where(m, g, 0).sum() : null];
  });
  return y;
}
export function masked_fill_<T extends Tensor>(self: T, mask: Tensor, value: number | boolean | Tensor): T {
  if (mask.dtype !== bool) throw new Error(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype.name === 'uint8' ? 'unsigned char' : mask.dtype.scalarName}`);
  const shape = broadcastShapes(self.shape_, mask.shape_);
  checkInplace(self, shape, self.dtype, [value], true);
  return inplace(self, masked_fill(self, mask, value), true);
}

// ---- conversion, clone -------------------------------------------------------------------------

export function convert(x: Tensor, dtype: DType, device: string): Tensor {
  if (dtype === x.dtype && device === x.device) return x;
  let out: Tensor;
  if (device === x.device) {
    out = copyRaw(x, dtype);
  } else {
    out = transfer(x, dtype, device);
  }
  if (needsGrad(x) && dtype.is_floating_point) {
    const from = x.dtype, fromDevice = x.device;
    record('ToCopyBackward0', [x], [out], [], (gs) => [convert(gs[0] as Tensor, from, fromDevice)]);
  }
  return out;
}

/** Copies between devices through a dense host array. */
function transfer(x: Tensor, dtype: DType, device: string): Tensor {
  const src = x.dtype === dtype ? x.contiguous_() : copyRaw(x, dtype);
  const out = Tensor.empty(x.shape_, dtype, device);
  const from = src.storage.backend, to = out.storage.backend;
  const values = from.array(src.storage);
  if (to.write) to.write(out.storage, values);
  else to.array(out.storage).set(values as never);
  if (src !== x) src.dispose();
  return out;
}

export function clone(x: Tensor): Tensor {
  const out = Tensor.empty(x.shape_, x.dtype, x);
  x.storage.backend.copy(x, out);
  if (needsGrad(x)) record('CloneBackward0', [x], [out], [], (gs) => [gs[0]]);
  return out;
}

/**
 * @internal dst += g in place for AccumulateGrad, straight to the backend's kernel when both are
 * dense CPU tensors of one dtype, shape and backend and g does not share dst's memory (the usual
 * .grad accumulation); false (nothing done) otherwise, for the caller to run add_.
 */
export function accumulateDense(dst: Tensor, g: Tensor): boolean {
  // float32 and float64 only: the facade computes float16 in float32
  if (dst.dtype !== g.dtype || dst.device !== 'cpu' || (dst.dtype !== float32 && dst.dtype !== float64) || dst.ndim !== g.ndim) return false;
  for (let i = 0; i < dst.ndim; i++) if (dst.shape_[i] !== g.shape_[i]) return false;
  const ds = dst.storage, gs = g.storage;
  if (ds === gs || ds.backend !== gs.backend || !dst.is_contiguous() || !g.is_contiguous()) return false;
  dst._willWrite();
  ds.backend.binary(BINARY.add, dst, g, dst);
  dst._bumpVersion();
  return true;
}

export function onesLike(x: Tensor): Tensor { return filled(x.shape_, x.dtype, x, 1); }
export function zerosLike(x: Tensor): Tensor { return filled(x.shape_, x.dtype, x, 0); }

/** Writes plain numbers (or bools as 0/1) into a dense cpu tensor with its dtype's conversion. */
export function writeNumbers(t: Tensor, values: ArrayLike<number>): void {
  const arr = t.storage.backend.array(t.storage);
  const w = writer(t.dtype, arr);
  for (let i = 0; i < values.length; i++) w(i, +values[i]);
}

// ---- comparisons that return JS values ---------------------------------------------------------

export function isclose(a: Tensor, b: Tensor, opts: { rtol?: number; atol?: number; equal_nan?: boolean } = {}): Tensor {
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8;
  return no_grad(() => {
    const diff = binary('sub', a, b).abs();
    const tol = b.abs().mul(rtol).add(atol);
    let close = diff.le(tol).logical_or(a.eq(b));
    if (opts.equal_nan) close = close.logical_or(a.isnan().logical_and(b.isnan()));
    return close;
  });
}
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean {
  return isclose(a, b, opts)._allTrue();
}
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.ndim !== b.ndim || a.shape_.some((d, i) => d !== b.shape_[i])) return false;
  return no_grad(() => a.eq(b)._allTrue());
}

export { contiguousStrides };
