// Matrix products. Every product reaches the backend's one batched GEMM (`backend.matmul`, the
// core's bgemm) with strided operands, so transposed views multiply without a copy; gradients are
// products of the same kind with transposed views.
import { no_grad } from '../autograd.js';
import { tidy } from '../memory.js';
import { computeDType, type DType } from '../dtype.js';
import type { View } from '../backend.js';
import { broadcastShapes, collapseDims, contiguousStrides, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { tensorArg } from '../args.js';
import { needsGrad, record } from './autograd-record.js';
import { checkSameDevice } from './elementwise.js';
import { sumToShape } from './reduce.js';
import { diagonal } from './shape.js';

function sameDtype(a: Tensor, b: Tensor): DType {
  checkSameDevice(a, b);
  if (a.dtype !== b.dtype) {
    throw new Error(`expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`);
  }
  return a.dtype;
}

/**
 * The raw product of a [..., m, k] and b [..., k, n] whose batch dims are already equal (or
 * broadcast with stride 0): one GEMM call over [batch, rows, cols] windows, no autograd.
 */
function gemm(a: Tensor, b: Tensor, batchShape: readonly number[]): Tensor {
  const dtype = sameDtype(a, b);
  const m = a.shape_[a.ndim - 2], k = a.shape_[a.ndim - 1], n = b.shape_[b.ndim - 1];
  const compute = computeDType(dtype);
  const batch = numelOf(batchShape);
  const temps: Tensor[] = [];
  /** x as a [batch, rows, cols] view: its batch dims must walk one stride, else a dense copy does */
  const window = (x: Tensor, rows: number, cols: number): View => {
    let t = x.dtype === compute ? x : x.to(compute);
    if (t !== x) temps.push(t);
    const lead = t.ndim - 2;
    let batchStride = 0;
    if (lead > 0) {
      let merged = collapseDims(t.shape_.slice(0, lead), [t.strides.slice(0, lead)]);
      if (merged.shape.length > 1) {
        t = t.contiguous();
        temps.push(t);
        merged = collapseDims(t.shape_.slice(0, lead), [t.strides.slice(0, lead)]);
      }
      if (merged.shape.length) batchStride = merged.strides[0][0];
    }
    return { storage: t.storage, shape: [batch, rows, cols], strides: [batchStride, t.strides[lead], t.strides[lead + 1]], offset: t.offset, dtype: compute };
  };
  const out = Tensor.empty([...batchShape, m, n], compute, a);
  a.storage.backend.matmul(window(a, m, k), window(b, k, n), out.storage, batch, m, n, k);
  for (const t of temps) t.dispose();
  if (compute === dtype) return out;
  const r = out.to(dtype);
  out.dispose();
  return r;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A column-major matrix (a transposed dense one, such as Linear's weight.t()): PyTorch's test in mm_mat1/mat2_backward. */
function columnMajor(shape: readonly number[], strides: readonly number[]): boolean {
  return shape.length === 2 && strides[0] === 1 && strides[1] === shape[0] && shape[1] > 1;
}

/**
 * The gradients of a 2-D product a @ b (PyTorch's mm_mat1_backward / mm_mat2_backward): g @ b^T
 * and a^T @ g, each computed transposed, (b @ g^T)^T and (g^T @ a)^T, when its operand is
 * column-major, so that the gradient comes out in that operand's layout. For Linear's weight.t()
 * this makes the weight's gradient dense: no strided accumulation, no transposing copy.
 */
function productGrads(mm2: (x: Tensor, y: Tensor) => Tensor, g: Tensor, sa: Tensor | null, sb: Tensor | null,
  layoutA: [readonly number[], readonly number[]], layoutB: [readonly number[], readonly number[]]): [Tensor | null, Tensor | null] {
  return [
    sb ? (columnMajor(...layoutA) ? mm2(sb, g.mT).mT : mm2(g, sb.mT)) : null,
    sa ? (columnMajor(...layoutB) ? mm2(g.mT, sa).mT : mm2(sa.mT, g)) : null,
  ];
}

/** Records a product node: d/da = g @ b^T, d/db = a^T @ g, each summed back over broadcast batch dims. */
function recordProduct(name: string, a: Tensor, b: Tensor, y: Tensor): void {
  if (!needsGrad(a, b)) return;
  const shapeA = a.shape_.slice(), shapeB = b.shape_.slice();
  const layoutA: [number[], number[]] = [shapeA, a.strides.slice()], layoutB: [number[], number[]] = [shapeB, b.strides.slice()];
  record(name, [a, b], [y], [b.requires_grad ? a : null, a.requires_grad ? b : null], (gs, [sa, sb]) => {
    const g = gs[0] as Tensor;
    if (a.ndim === 2 && b.ndim === 2) return productGrads(matmul, g, sa, sb, layoutA, layoutB);
    return [
      sb ? sumToShape(matmul(g, sb.mT), shapeA) : null,
      sa ? sumToShape(matmul(sa.mT, g), shapeB) : null,
    ];
  });
}

/** PyTorch's `torch.mm`: the product of two matrices. Example: `torch.mm(a, b)` */
export function mm(a: Tensor, b: Tensor): Tensor {
  tensorArg('mm', 'mat2', 1, b);
  if (a.ndim !== 2) throw new Error('self must be a matrix');
  if (b.ndim !== 2) throw new Error('mat2 must be a matrix');
  if (a.shape_[1] !== b.shape_[0]) {
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a.shape_[0]}x${a.shape_[1]} and ${b.shape_[0]}x${b.shape_[1]})`);
  }
  const y = no_grad(() => gemm(a, b, []));
  recordProduct('MmBackward0', a, b, y);
  return y;
}

/** PyTorch's `torch.bmm`: batched matrix products, [b, n, m] by [b, m, p]. Example: `torch.bmm(a, b)` */
export function bmm(a: Tensor, b: Tensor): Tensor {
  tensorArg('bmm', 'mat2', 1, b);
  if (a.ndim !== 3) throw new Error('batch1 must be a 3D tensor');
  if (b.ndim !== 3) throw new Error('batch2 must be a 3D tensor');
  const [bs, , k] = a.shape_;
  if (b.shape_[0] !== bs || b.shape_[1] !== k) {
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${b.shape_[0]}, ${b.shape_[1]}].`);
  }
  const y = no_grad(() => gemm(a, b, [bs]));
  recordProduct('BmmBackward0', a, b, y);
  return y;
}

/** PyTorch's `torch.dot`: the dot product of two vectors. Example: `torch.dot(u, v)` */
export function dot(a: Tensor, b: Tensor): Tensor {
  tensorArg('dot', 'tensor', 1, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new Error(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.shape_[0] !== b.shape_[0]) {
    throw new Error(`inconsistent tensor size, expected tensor [${a.shape_[0]}] and src [${b.shape_[0]}] to have the same number of elements, but got ${a.shape_[0]} and ${b.shape_[0]} elements respectively`);
  }
  const y = no_grad(() => gemm(a.reshape([1, -1]), b.reshape([-1, 1]), []).reshape([]));
  if (needsGrad(a, b)) {
    record('DotBackward0', [a, b], [y], [b.requires_grad ? a : null, a.requires_grad ? b : null], (gs, [sa, sb]) => {
      const g = gs[0] as Tensor;
      return [sb ? sb.mul(g) : null, sa ? sa.mul(g) : null];
    });
  }
  return y;
}

/** PyTorch's `torch.mv`: a matrix times a vector. Example: `torch.mv(a, v)` */
export function mv(a: Tensor, v: Tensor): Tensor {
  tensorArg('mv', 'vec', 1, v);
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new Error(`vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`);
  }
  if (a.shape_[1] !== v.shape_[0]) throw new Error(`size mismatch, got ${a.shape_[0]}, ${a.shape_[0]}x${a.shape_[1]},${v.shape_[0]}`);
  const y = no_grad(() => gemm(a, v.unsqueeze(1), []).reshape([a.shape_[0]]));
  if (needsGrad(a, v)) {
    record('MvBackward0', [a, v], [y], [v.requires_grad ? a : null, a.requires_grad ? v : null], (gs, [sa, sv]) => {
      const g = gs[0] as Tensor;
      return [sv ? g.unsqueeze(1).mul(sv) : null, sa ? mv(sa.mT, g) : null];
    });
  }
  return y;
}

/** torch.matmul: PyTorch's rules for 1-D operands and batch broadcasting. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  tensorArg('matmul', 'input', 0, a);
  tensorArg('matmul', 'other', 1, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 2 && b.ndim === 1) return mv(a, b);
  if (a.ndim === 1 && b.ndim === 2) {
    if (a.shape_[0] !== b.shape_[0]) {
      throw new Error(`mat1 and mat2 shapes cannot be multiplied (1x${a.shape_[0]} and ${b.shape_[0]}x${b.shape_[1]})`);
    }
    const y = no_grad(() => gemm(a.unsqueeze(0), b, []).reshape([b.shape_[1]]));
    recordProduct1d(a, b, y);
    return y;
  }
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  if (shouldFold(a, b)) return folded(a, b);
  // batched: 1-D operands become a row / column, batch dims broadcast
  const A = a.ndim === 1 ? a.unsqueeze(0) : a;
  const B = b.ndim === 1 ? b.unsqueeze(1) : b;
  const m = A.shape_[A.ndim - 2], k = A.shape_[A.ndim - 1], k2 = B.shape_[B.ndim - 2], n = B.shape_[B.ndim - 1];
  if (k !== k2 && b.ndim === 2) {
    // PyTorch folds an N-D @ 2-D product into one mm, whose message this is
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${numelOf(a.shape_.slice(0, -1))}x${k} and ${k2}x${n})`);
  }
  if (k !== k2) {
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${numelOf(A.shape_.slice(0, -2))}, ${k}] but got: [${numelOf(B.shape_.slice(0, -2))}, ${k2}].`);
  }
  const batchShape = broadcastShapes(A.shape_.slice(0, -2), B.shape_.slice(0, -2));
  const outShape = [...batchShape, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  const y = no_grad(() => {
    const ea = A.expand([...batchShape, m, k]), eb = B.expand([...batchShape, k, n]);
    const r = gemm(ea, eb, batchShape);
    // views of this product's own, freed now: left to the garbage collector or the step scope,
    // they would hold the operands' storage (megabytes of columns, say) for many more calls
    for (const v of [ea, eb, A, B]) if (v !== a && v !== b) v.dispose();
    const shaped = r.reshape(outShape);
    if (shaped !== r) r.dispose();
    return shaped;
  });
  if (needsGrad(a, b)) {
    const shapeA = a.shape_.slice(), shapeB = b.shape_.slice();
    const fullOut = [...batchShape, m, n];
    record('UnsafeViewBackward0', [a, b], [y], [b.requires_grad ? a : null, a.requires_grad ? b : null], (gs, [sa, sb]) => {
      const g = (gs[0] as Tensor).reshape(fullOut);
      const a2 = sa ? (sa.ndim === 1 ? sa.unsqueeze(0) : sa) : null;
      const b2 = sb ? (sb.ndim === 1 ? sb.unsqueeze(1) : sb) : null;
      return [
        b2 ? sumToShape(matmul(g, b2.mT), a.ndim === 1 ? [1, k] : shapeA).reshape(shapeA) : null,
        a2 ? sumToShape(matmul(a2.mT, g), b.ndim === 1 ? [k, 1] : shapeB).reshape(shapeB) : null,
      ];
    });
  }
  return y;
}

/**
 * PyTorch 1.13's should_fold for an N-D (N >= 3) by 1-D or 2-D product: its batch dims fold into
 * the rows of one mm/mv (one GEMM, and one for the weight's gradient instead of a batch of them
 * summed). Not a [b, m, k] whose last two dims are transposed and whose first walks them whole
 * (permute(0, 2, 1)): folding would copy it, so PyTorch keeps bmm there.
 */
function shouldFold(a: Tensor, b: Tensor): boolean {
  if (a.ndim < 3 || b.ndim > 2) return false;
  const s = a.strides, d = a.shape_;
  return !(a.ndim === 3 && b.ndim === 2 && s[2] !== 1 && s[0] === d[1] * d[2]);
}

/** a [..., k] folded to [rows, k] (reshape: a copy where it is not viewable), times b by mm or mv, viewed back (_unsafe_view). */
function folded(a: Tensor, b: Tensor): Tensor {
  const lead = a.shape_.slice(0, -1), k = a.shape_[a.ndim - 1];
  const a2 = a.reshape([numelOf(lead), k]);
  const p = b.ndim === 2 ? mm(a2, b) : mv(a2, b);
  if (a2 !== a) a2.dispose();
  const shape = b.ndim === 2 ? [...lead, b.shape_[1]] : lead;
  const from = p.shape_.slice();
  const y = Tensor.view(p, shape, contiguousStrides(shape), p.offset);
  if (needsGrad(p)) record('UnsafeViewBackward0', [p], [y], [], (gs) => [(gs[0] as Tensor).reshape(from)]);
  p.dispose();
  return y;
}

function recordProduct1d(a: Tensor, b: Tensor, y: Tensor): void {
  if (!needsGrad(a, b)) return;
  record('SqueezeBackward3', [a, b], [y], [b.requires_grad ? a : null, a.requires_grad ? b : null], (gs, [sa, sb]) => {
    const g = gs[0] as Tensor;
    return [sb ? mv(sb, g) : null, sa ? sa.unsqueeze(1).mul(g) : null];
  });
}

/** PyTorch's `torch.outer`: the outer product of two vectors. Example: `torch.outer(u, v)` */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1) throw new Error(`outer: Expected 1-D argument self, but got ${a.ndim}-D`);
  if (b.ndim !== 1) throw new Error(`outer: Expected 1-D argument vec2, but got ${b.ndim}-D`);
  return a.unsqueeze(1).mul(b);
}

interface ScaleOptions { beta?: number; alpha?: number }

/** beta * input + alpha * (p @ q) with its own node (AddmmBackward0 / BaddbmmBackward0). */
function scaledProduct(name: string, input: Tensor, p: Tensor, q: Tensor, product: (x: Tensor, y: Tensor) => Tensor, o: ScaleOptions): Tensor {
  const beta = o.beta ?? 1, alpha = o.alpha ?? 1;
  // the temporaries die here (a Linear layer's product would otherwise wait for the step scope)
  const y = no_grad(() => tidy(() => {
    const pq = product(p, q);
    const scaled = alpha === 1 ? pq : pq.mul(alpha);
    // beta == 0 ignores input entirely (even its NaNs), as PyTorch does
    if (beta === 0) return scaled.add(0);
    const base = beta === 1 ? input : input.mul(beta);
    // the product is this function's own: the bias goes into it when that changes neither its dtype nor its shape
    const inPlace = base.dtype === scaled.dtype && sameShape(broadcastShapes(scaled.shape_, base.shape_), scaled.shape_);
    return inPlace ? scaled.add_(base) : scaled.add(base);
  }));
  if (needsGrad(input, p, q)) {
    const inShape = input.shape_.slice(), inputNeedsGrad = input.requires_grad;
    const layoutP: [number[], number[]] = [p.shape_.slice(), p.strides.slice()], layoutQ: [number[], number[]] = [q.shape_.slice(), q.strides.slice()];
    record(name, [input, p, q], [y], [q.requires_grad ? p : null, p.requires_grad ? q : null], (gs, [sp, sq]) => {
      const g = gs[0] as Tensor;
      const [gp, gq] = product === mm ? productGrads(mm, g, sp, sq, layoutP, layoutQ) : [sq ? product(g, sq.mT) : null, sp ? product(sp.mT, g) : null];
      return [
        inputNeedsGrad ? sumToShape(beta === 1 ? g : g.mul(beta), inShape) : null,
        gp && alpha !== 1 ? gp.mul(alpha) : gp,
        gq && alpha !== 1 ? gq.mul(alpha) : gq,
      ];
    });
  }
  return y;
}

/** PyTorch's `torch.addmm`: beta * input + alpha * (mat1 @ mat2). Example: `torch.addmm(bias, x, w)` */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, o: ScaleOptions = {}): Tensor {
  return scaledProduct('AddmmBackward0', input, mat1, mat2, mm, o);
}
/** PyTorch's `torch.baddbmm`: beta * input + alpha * bmm(b1, b2). Example: `torch.baddbmm(c, a, b, { alpha: 2 })` */
export function baddbmm(input: Tensor, b1: Tensor, b2: Tensor, o: ScaleOptions = {}): Tensor {
  return scaledProduct('BaddbmmBackward0', input, b1, b2, bmm, o);
}

/**
 * torch.einsum for one or more operands, contracting pairwise left to right: each pair becomes
 * one batched product over [shared batch, left free, summed] x [shared batch, summed, right free].
 */
export function einsum(equation: string, ...operandsIn: (Tensor | Tensor[])[]): Tensor {
  const operands = operandsIn.length === 1 && Array.isArray(operandsIn[0]) ? (operandsIn[0] as Tensor[]) : (operandsIn as Tensor[]);
  for (let i = 0; i < equation.length; i++) {
    if (!/[a-zA-Z,\-> .]/.test(equation[i])) {
      throw new Error(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
    }
  }
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhsGiven] = eq.split('->');
  const inputs = lhs.split(',');
  if (inputs.length !== operands.length) throw new Error('einsum(): more operands were provided than specified in the equation');
  const counts = new Map<string, number>();
  for (const s of inputs) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  const rhs = rhsGiven ?? [...counts.keys()].filter((c) => counts.get(c) === 1).sort().join('');
  const sizes = new Map<string, number>();
  let terms = operands.map((t, i) => {
    const labels = inputs[i];
    if (labels.length !== t.ndim) {
      throw new Error(`einsum(): the number of subscripts in the equation (${labels.length}) does not match the number of dimensions (${t.ndim}) for operand ${i} and no ellipsis was given`);
    }
    for (let d = 0; d < labels.length; d++) {
      const prev = sizes.get(labels[d]);
      if (prev !== undefined && prev !== t.shape_[d] && prev !== 1 && t.shape_[d] !== 1) {
        throw new Error(`einsum(): operands do not broadcast with remapped shapes (original->remapped)`);
      }
      sizes.set(labels[d], Math.max(prev ?? 1, t.shape_[d]));
    }
    return diagonalize(t, labels);
  });
  // labels needed later: in the output or in an operand still to come
  const needed = (from: number, extra: string) => new Set([...rhs, ...inputs.slice(from).join(''), ...extra]);
  // sum out labels that appear in only one operand and not in the output
  terms = terms.map((term, i) => sumUnneeded(term, new Set([...rhs, ...inputs.filter((_, j) => j !== i).join('')])));
  let acc = terms[0];
  for (let i = 1; i < terms.length; i++) {
    const keep = needed(i + 1, '');
    acc = contractPair(acc, terms[i], keep);
  }
  acc = sumUnneeded(acc, new Set(rhs));
  const order = [...rhs].map((c) => acc.labels.indexOf(c));
  return order.length === acc.labels.length && order.every((p, i) => p === i) ? acc.t : acc.t.permute(order);
}

interface Term { t: Tensor; labels: string }

/**
 * Repeated labels in one operand ('ii') take the diagonal, as PyTorch's einsum does (a recorded
 * view: DiagonalBackward0), the diagonal's dim moving last.
 */
function diagonalize(t: Tensor, labels: string): Term {
  let cur = t, lab = labels;
  for (;;) {
    const dup = [...lab].findIndex((c, i) => lab.indexOf(c) !== i);
    if (dup < 0) return { t: cur, labels: lab };
    const first = lab.indexOf(lab[dup]);
    cur = diagonal(cur, 0, first, dup);
    lab = [...lab].filter((_, d) => d !== first && d !== dup).join('') + lab[dup];
  }
}

function sumUnneeded(term: Term, keep: Set<string>): Term {
  const dims = [...term.labels].map((c, d) => (keep.has(c) ? -1 : d)).filter((d) => d >= 0);
  if (!dims.length) return term;
  return { t: term.t.sum(dims), labels: [...term.labels].filter((c) => keep.has(c)).join('') };
}

function contractPair(x: Term, y: Term, keep: Set<string>): Term {
  const inY = new Set(y.labels), inX = new Set(x.labels);
  const batch = [...x.labels].filter((c) => inY.has(c) && keep.has(c));
  const summed = [...x.labels].filter((c) => inY.has(c) && !keep.has(c));
  const left = [...x.labels].filter((c) => !inY.has(c));
  const right = [...y.labels].filter((c) => !inX.has(c));
  const size = (t: Term, c: string) => t.t.shape_[t.labels.indexOf(c)];
  const prod = (t: Term, cs: string[]) => cs.reduce((p, c) => p * size(t, c), 1);
  const xp = x.t.permute([...batch, ...left, ...summed].map((c) => x.labels.indexOf(c)));
  const yp = y.t.permute([...batch, ...summed, ...right].map((c) => y.labels.indexOf(c)));
  const bShape = batch.map((c) => Math.max(size(x, c), size(y, c)));
  const nBatch = numelOf(bShape);
  const x3 = xp.expand([...bShape, ...left.map((c) => size(x, c)), ...summed.map((c) => size(x, c))])
    .reshape([nBatch, prod(x, left), prod(x, summed)]);
  const y3 = yp.expand([...bShape, ...summed.map((c) => size(y, c)), ...right.map((c) => size(y, c))])
    .reshape([nBatch, prod(y, summed), prod(y, right)]);
  const r = bmm(x3, y3).reshape([...bShape, ...left.map((c) => size(x, c)), ...right.map((c) => size(y, c))]);
  return { t: r, labels: [...batch, ...left, ...right].join('') };
}
