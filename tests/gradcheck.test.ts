// Every differentiable op against finite differences (tests/gradcheck.ts), on random shapes with
// broadcasting, on the JS and the wasm backend; second derivatives of the elementwise ops.
// Ops of the ops table are found from the table, so a new row without a domain here fails; ops
// that are not built yet are listed as todo until they exist.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { BINARY, UNARY } from '../src/ops/table.js';
import { describeBackends, gradcheck, gradgradcheck, leaf, rng, type Rng } from './gradcheck.js';

/** Draws one input value. */
type Gen = (r: Rng) => number;

const smooth: Gen = (r) => 4 * r() - 2;
const uniform = (lo: number, hi: number): Gen => (r) => lo + (hi - lo) * r();
const nonzero = (lo: number, hi: number): Gen => (r) => (r() < 0.5 ? -1 : 1) * (lo + (hi - lo) * r());
const positive = uniform(0.3, 3);
/** Values of one lattice never come within 0.5 of the other's: no ties for maximum/minimum. */
const lattice = (at: number): Gen => (r) => Math.floor(r() * 5) - 2 + at;
/** Away from integers and half-integers, where floor/round/frac jump. */
const offInteger: Gen = (r) => Math.floor(r() * 5) - 2 + (r() < 0.5 ? 0.15 : 0.6) + 0.2 * r();
/** remainder/fmod: a / b stays 0.1 or more from an integer for every pairing of these two. */
const dividend: Gen = (r) => 0.75 * (Math.floor(r() * 9) - 4) + 0.3;
const divisor: Gen = (r) => [1.5, -1.5, 3, -3][Math.floor(r() * 4)];

/** Where each differentiable unary row is differentiable. */
const UNARY_DOMAIN: Record<string, Gen> = {
  neg: smooth, abs: nonzero(0.2, 2), sqrt: positive, rsqrt: positive, exp: smooth, log: positive,
  log1p: uniform(-0.5, 2), expm1: smooth, log2: positive, log10: positive, sin: smooth, cos: smooth,
  tan: uniform(-1.2, 1.2), tanh: smooth, sigmoid: smooth, relu: nonzero(0.2, 2), erf: smooth,
  floor: offInteger, ceil: offInteger, round: offInteger, trunc: offInteger, frac: offInteger,
  sign: nonzero(0.2, 2), square: smooth, reciprocal: nonzero(0.3, 2),
};

const BINARY_DOMAIN: Record<string, [Gen, Gen]> = {
  add: [smooth, smooth], sub: [smooth, smooth], mul: [smooth, smooth], div: [smooth, nonzero(0.5, 2)],
  pow: [uniform(0.5, 2), smooth], maximum: [lattice(0.25), lattice(0.75)], minimum: [lattice(0.25), lattice(0.75)],
  atan2: [nonzero(0.3, 2), smooth], remainder: [dividend, divisor], fmod: [dividend, divisor],
};

/** Elementwise ops with a number operand (PyTorch's Scalar overloads and wrapped numbers). */
const SCALAR_CASES: [string, (x: Tensor) => Tensor, Gen][] = [
  ['x + 2.5', (x) => x.add(2.5), smooth],
  ['x - 1.5', (x) => x.sub(1.5), smooth],
  ['1.5 - x', (x) => torch.sub(1.5, x), smooth],
  ['x * -2', (x) => x.mul(-2), smooth],
  ['x / 3', (x) => x.div(3), smooth],
  ['2 / x', (x) => torch.div(2, x), nonzero(0.5, 2)],
  ['x ** 2', (x) => x.pow(2), smooth],
  ['x ** 3', (x) => x.pow(3), smooth],
  ['x ** 0', (x) => x.pow(0), smooth],
  ['x ** 0.5', (x) => x.pow(0.5), positive],
  ['x ** -1.5', (x) => x.pow(-1.5), positive],
  ['2.5 ** x', (x) => torch.pow(2.5, x), smooth],
  ['x % 1.5', (x) => x.remainder(1.5), dividend],
  ['fmod(x, -1.5)', (x) => x.fmod(-1.5), dividend],
  ['x + x * x (alpha 2)', (x) => x.add(x.mul(x), { alpha: 2 }), smooth],
];

/** Draws a shape of 0 to 3 dims, sizes 1 to 3. */
function randomShape(r: Rng): number[] {
  const nd = Math.floor(r() * 4);
  return Array.from({ length: nd }, () => 1 + Math.floor(r() * 3));
}

/** A shape that broadcasts with `s`: trailing dims kept, set to 1, or leading ones dropped. */
function broadcastPartner(s: readonly number[], r: Rng): number[] {
  const drop = Math.floor(r() * (s.length + 1));
  return s.slice(drop).map((d) => (r() < 0.4 ? 1 : d));
}

function input(shape: readonly number[], gen: Gen, r: Rng, requiresGrad = true): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return leaf(Array.from({ length: n }, () => gen(r)), shape, requiresGrad);
}

function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** One op on inputs drawn for it: `inputs` makes the leaves, `fn` applies the op. */
interface Case {
  name: string;
  /** the method, torch.* function or F.* function the case needs; todo until it exists */
  needs?: string;
  inputs: (r: Rng) => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  /** also check second derivatives */
  second?: boolean;
}

const SHAPES_PER_OP = 3;

function unaryCases(): Case[] {
  return Object.values(UNARY).filter((row) => row.vjp).flatMap((row) =>
    Array.from({ length: SHAPES_PER_OP }, (_, k): Case => ({
      name: `${row.name} #${k}`,
      inputs: (r) => {
        const gen = UNARY_DOMAIN[row.name];
        if (!gen) throw new Error(`no gradcheck domain for the unary op ${row.name}: add it to UNARY_DOMAIN`);
        return [input(randomShape(r), gen, r)];
      },
      fn: (x) => torch[row.name as 'exp'](x),
      second: true,
    })));
}

function binaryCases(): Case[] {
  return Object.values(BINARY).filter((row) => row.vjp).flatMap((row) =>
    Array.from({ length: SHAPES_PER_OP }, (_, k): Case => ({
      name: `${row.name} #${k}`,
      inputs: (r) => {
        const gens = BINARY_DOMAIN[row.name];
        if (!gens) throw new Error(`no gradcheck domain for the binary op ${row.name}: add it to BINARY_DOMAIN`);
        const s = randomShape(r), p = broadcastPartner(s, r);
        const [sa, sb] = r() < 0.5 ? [s, p] : [p, s];
        // the first case of each op: only one operand requires grad
        return [input(sa, gens[0], r), input(sb, gens[1], r, k !== 0)];
      },
      fn: (a, b) => (torch as unknown as Record<string, (a: Tensor, b: Tensor) => Tensor>)[row.name](a, b),
      second: true,
    })));
}

function scalarCases(): Case[] {
  return SCALAR_CASES.map(([name, f, gen]): Case => ({
    name, inputs: (r) => [input(randomShape(r), gen, r)], fn: f, second: true,
  }));
}

/** A bool mask of a shape, with both values present. */
function mask(shape: readonly number[], r: Rng): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return torch.tensor(Array.from({ length: n }, (_, i) => (i === 0 ? true : i === 1 ? false : r() < 0.5))).reshape([...shape]);
}

/** torch.nn.functional, called with the arguments of each case */
const F = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;

const OTHER_CASES: Case[] = [
  // where, clamp, masked_fill
  { name: 'where(cond, a, b) broadcast', inputs: (r) => [input([2, 3], smooth, r), input([3], smooth, r)], fn: (a, b) => torch.where(mask([2, 1], rng(7)), a, b), second: true },
  { name: 'where(cond, a, 0.5)', inputs: (r) => [input([4], smooth, r)], fn: (a) => torch.where(mask([4], rng(8)), a, 0.5), second: true },
  { name: 'clamp(-0.5, 0.5)', inputs: (r) => [input([2, 4], (q) => lattice(0.25)(q) / 2, r)], fn: (x) => x.clamp(-0.5, 0.5), second: true },
  { name: 'clamp({min: 0})', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => x.clamp({ min: 0 }), second: true },
  { name: 'clamp({max: 1})', inputs: (r) => [input([5], lattice(0.5), r)], fn: (x) => x.clamp({ max: 1 }), second: true },
  // bounds broadcast against x, every bound below every upper bound, no value on a bound
  { name: 'clamp(tensor bounds)', inputs: (r) => [input([2, 3], lattice(0.5), r), input([3], (q) => (q() < 0.5 ? -1.25 : -0.25), r), input([2, 1], (q) => (q() < 0.5 ? 0.75 : 1.75), r)], fn: (x, lo, hi) => x.clamp(lo, hi) },
  { name: 'clamp({min: tensor}) of a constant', inputs: (r) => [input([2, 1], lattice(0.25), r, false), input([3], lattice(0.75), r)], fn: (x, lo) => x.clamp({ min: lo }) },
  { name: 'masked_fill', needs: 'masked_fill', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.masked_fill(mask([3], rng(9)), 2) },
  // reductions
  { name: 'sum()', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.sum() },
  { name: 'sum(1)', inputs: (r) => [input([2, 3, 2], smooth, r)], fn: (x) => x.sum(1) },
  { name: 'sum([0, 2], keepdim)', inputs: (r) => [input([2, 3, 2], smooth, r)], fn: (x) => x.sum([0, 2], true) },
  { name: 'sum of a 0-d tensor', inputs: (r) => [input([], smooth, r)], fn: (x) => x.sum() },
  { name: 'mean()', inputs: (r) => [input([3, 2], smooth, r)], fn: (x) => x.mean() },
  { name: 'mean({dim: -1, keepdim})', inputs: (r) => [input([3, 2], smooth, r)], fn: (x) => x.mean({ dim: -1, keepdim: true }) },
  { name: 'sum_to_size', inputs: (r) => [input([2, 3, 4], smooth, r)], fn: (x) => x.sum_to_size(3, 1) },
  { name: 'prod(1)', needs: 'prod', inputs: (r) => [input([2, 3], nonzero(0.5, 2), r)], fn: (x) => x.prod(1) },
  { name: 'std()', needs: 'std', inputs: (r) => [input([5], smooth, r)], fn: (x) => x.std() },
  { name: 'var(0)', needs: 'var', inputs: (r) => [input([3, 2], smooth, r)], fn: (x) => x.var(0) },
  { name: 'norm()', needs: 'norm', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.norm() },
  { name: 'amax(1)', needs: 'amax', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.amax(1) },
  { name: 'amin(0)', needs: 'amin', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.amin(0) },
  { name: 'max(1).values', needs: 'max', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => (x.max(1) as { values: Tensor }).values },
  { name: 'min()', needs: 'min', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.min() as Tensor },
  { name: 'logsumexp(1)', needs: 'logsumexp', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.logsumexp(1) },
  { name: 'cumsum(1)', needs: 'cumsum', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.cumsum(1) },
  { name: 'cumprod(0)', needs: 'cumprod', inputs: (r) => [input([3, 2], nonzero(0.5, 2), r)], fn: (x) => x.cumprod(0) },
  { name: 'softmax(1)', needs: 'softmax', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.softmax(1), second: true },
  { name: 'log_softmax(0)', needs: 'log_softmax', inputs: (r) => [input([3, 2], smooth, r)], fn: (x) => x.log_softmax(0), second: true },
  // movement
  { name: 'reshape', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.reshape(3, 2) },
  { name: 'reshape of a transpose (copy)', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.transpose(0, 1).reshape(6) },
  { name: 'view', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.view(6) },
  { name: 'expand', inputs: (r) => [input([3, 1], smooth, r)], fn: (x) => x.expand(2, 3, 4) },
  { name: 'expand_as', inputs: (r) => [input([1, 2], smooth, r), input([3, 2], smooth, r, false)], fn: (x, y) => x.expand_as(y) },
  { name: 'permute', inputs: (r) => [input([2, 3, 2], smooth, r)], fn: (x) => x.permute(2, 0, 1) },
  { name: 'transpose', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.transpose(0, 1) },
  { name: 'unsqueeze', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.unsqueeze(-1) },
  { name: 'contiguous of a transpose', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.transpose(0, 1).contiguous() },
  { name: 'clone', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.clone() },
  { name: 'squeeze', needs: 'squeeze', inputs: (r) => [input([2, 1, 3], smooth, r)], fn: (x) => x.squeeze(1) },
  { name: 'flatten', needs: 'flatten', inputs: (r) => [input([2, 3, 2], smooth, r)], fn: (x) => x.flatten(1) },
  { name: 't', needs: 't', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.t() },
  { name: 'flip', needs: 'flip', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.flip([1]) },
  { name: 'roll', needs: 'roll', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.roll(1, 1) },
  { name: 'repeat', needs: 'repeat', inputs: (r) => [input([2, 1], smooth, r)], fn: (x) => x.repeat(2, 3) },
  { name: 'tril', needs: 'tril', inputs: (r) => [input([3, 3], smooth, r)], fn: (x) => x.tril() },
  { name: 'triu', needs: 'triu', inputs: (r) => [input([3, 3], smooth, r)], fn: (x) => x.triu(1) },
  { name: 'diag', needs: 'diag', inputs: (r) => [input([3, 3], smooth, r)], fn: (x) => x.diag() },
  { name: 'trace', needs: 'trace', inputs: (r) => [input([3, 3], smooth, r)], fn: (x) => x.trace() },
  { name: 'cat', needs: 'cat', inputs: (r) => [input([2, 3], smooth, r), input([1, 3], smooth, r)], fn: (a, b) => torch.cat([a, b], 0) },
  { name: 'stack', needs: 'stack', inputs: (r) => [input([2, 3], smooth, r), input([2, 3], smooth, r)], fn: (a, b) => torch.stack([a, b], 1) },
  { name: 'split', needs: 'split', inputs: (r) => [input([2, 5], smooth, r)], fn: (x) => x.split(2, 1)[1] },
  { name: 'chunk', needs: 'chunk', inputs: (r) => [input([4, 2], smooth, r)], fn: (x) => x.chunk(2, 0)[1] },
  // indexing
  { name: 'index basic', needs: 'index', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => x.index('0:2, 1:3') },
  { name: 'index with a list (repeated)', needs: 'index', inputs: (r) => [input([4, 2], smooth, r)], fn: (x) => x.index([0, 2, 0]) },
  { name: 'index_select', needs: 'index_select', inputs: (r) => [input([3, 2], smooth, r)], fn: (x) => x.index_select(0, torch.tensor([2, 0, 2], { dtype: torch.int64 })) },
  { name: 'gather', needs: 'gather', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.gather(1, torch.tensor([[0, 0], [2, 1]], { dtype: torch.int64 })) },
  { name: 'take', needs: 'take', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.take(torch.tensor([5, 0, 5], { dtype: torch.int64 })) },
  { name: 'masked_select', needs: 'masked_select', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.masked_select(mask([2, 3], rng(3))) },
  // products
  { name: 'matmul 2-D', needs: 'matmul', inputs: (r) => [input([2, 3], smooth, r), input([3, 4], smooth, r)], fn: (a, b) => a.matmul(b) },
  { name: 'matmul batch broadcast', needs: 'matmul', inputs: (r) => [input([2, 1, 2, 3], smooth, r), input([3, 3, 2], smooth, r)], fn: (a, b) => a.matmul(b) },
  { name: 'matmul 1-D @ 2-D', needs: 'matmul', inputs: (r) => [input([3], smooth, r), input([3, 2], smooth, r)], fn: (a, b) => a.matmul(b) },
  { name: 'mm', needs: 'mm', inputs: (r) => [input([2, 3], smooth, r), input([3, 2], smooth, r)], fn: (a, b) => a.mm(b) },
  { name: 'bmm', needs: 'bmm', inputs: (r) => [input([2, 2, 3], smooth, r), input([2, 3, 2], smooth, r)], fn: (a, b) => a.bmm(b) },
  { name: 'dot', needs: 'dot', inputs: (r) => [input([4], smooth, r), input([4], smooth, r)], fn: (a, b) => a.dot(b) },
  { name: 'mv', needs: 'mv', inputs: (r) => [input([2, 3], smooth, r), input([3], smooth, r)], fn: (a, b) => a.mv(b) },
  { name: 'outer', needs: 'outer', inputs: (r) => [input([2], smooth, r), input([3], smooth, r)], fn: (a, b) => a.outer(b) },
  { name: 'addmm', needs: 'addmm', inputs: (r) => [input([3], smooth, r), input([2, 3], smooth, r), input([3, 3], smooth, r)], fn: (c, a, b) => torch.addmm(c, a, b, { beta: 0.5, alpha: 2 }) },
  { name: 'baddbmm', needs: 'baddbmm', inputs: (r) => [input([2, 2, 2], smooth, r), input([2, 2, 3], smooth, r), input([2, 3, 2], smooth, r)], fn: (c, a, b) => torch.baddbmm(c, a, b) },
  { name: 'einsum', needs: 'einsum', inputs: (r) => [input([2, 3], smooth, r), input([3, 2], smooth, r)], fn: (a, b) => torch.einsum('ij,jk->ik', a, b) },
  // repeated labels take a diagonal: its gradient must reach the operand
  { name: 'einsum trace', needs: 'einsum', inputs: (r) => [input([3, 3], smooth, r)], fn: (a) => torch.einsum('ii->', a) },
  { name: 'einsum diagonal', needs: 'einsum', inputs: (r) => [input([3, 3, 2], smooth, r), input([2], smooth, r)], fn: (a, v) => torch.einsum('iij,j->i', a, v) },
  // torch.nn.functional
  { name: 'F.relu', needs: 'F.relu', inputs: (r) => [input([2, 3], nonzero(0.2, 2), r)], fn: (x) => F.relu(x) },
  { name: 'F.gelu', needs: 'F.gelu', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => F.gelu(x), second: true },
  { name: 'F.silu', needs: 'F.silu', inputs: (r) => [input([5], smooth, r)], fn: (x) => F.silu(x), second: true },
  { name: 'F.leaky_relu', needs: 'F.leaky_relu', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => F.leaky_relu(x, 0.1) },
  { name: 'F.elu', needs: 'F.elu', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => F.elu(x) },
  { name: 'F.softplus', needs: 'F.softplus', inputs: (r) => [input([5], smooth, r)], fn: (x) => F.softplus(x), second: true },
  { name: 'F.linear', needs: 'F.linear', inputs: (r) => [input([2, 3], smooth, r), input([4, 3], smooth, r), input([4], smooth, r)], fn: (x, w, b) => F.linear(x, w, b) },
  { name: 'F.normalize', needs: 'F.normalize', inputs: (r) => [input([2, 3], nonzero(0.3, 2), r)], fn: (x) => F.normalize(x) },
  { name: 'F.layer_norm', needs: 'F.layer_norm', inputs: (r) => [input([2, 4], smooth, r), input([4], smooth, r), input([4], smooth, r)], fn: (x, w, b) => F.layer_norm(x, [4], w, b) },
  { name: 'F.cosine_similarity', needs: 'F.cosine_similarity', inputs: (r) => [input([2, 3], nonzero(0.3, 2), r), input([2, 3], nonzero(0.3, 2), r)], fn: (a, b) => F.cosine_similarity(a, b) },
  { name: 'F.mse_loss', needs: 'F.mse_loss', inputs: (r) => [input([2, 3], smooth, r), input([2, 3], smooth, r)], fn: (a, b) => F.mse_loss(a, b), second: true },
  { name: 'F.l1_loss', needs: 'F.l1_loss', inputs: (r) => [input([2, 3], lattice(0.25), r), input([2, 3], lattice(0.75), r, false)], fn: (a, b) => F.l1_loss(a, b) },
  { name: 'F.binary_cross_entropy', needs: 'F.binary_cross_entropy', inputs: (r) => [input([4], uniform(0.1, 0.9), r), input([4], uniform(0, 1), r, false)], fn: (p, y) => F.binary_cross_entropy(p, y), second: true },
  { name: 'F.binary_cross_entropy_with_logits', needs: 'F.binary_cross_entropy_with_logits', inputs: (r) => [input([4], smooth, r), input([4], uniform(0, 1), r, false)], fn: (x, y) => F.binary_cross_entropy_with_logits(x, y), second: true },
  { name: 'F.cross_entropy', needs: 'F.cross_entropy', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.cross_entropy(x, torch.tensor([1, 0, 3], { dtype: torch.int64 })), second: true },
  { name: 'F.nll_loss', needs: 'F.nll_loss', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([1, 0, 3], { dtype: torch.int64 })) },
  // ops recorded as one node with PyTorch's formula (tests/grad-fn-names.test.ts), in their other forms
  { name: 'F.gelu tanh', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => F.gelu(x, { approximate: 'tanh' }), second: true },
  { name: 'F.leaky_relu in place', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => F.leaky_relu(x.clone(), 0.1, true) },
  { name: 'F.elu(alpha 0.5)', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => F.elu(x, 0.5), second: true },
  { name: 'F.elu in place', inputs: (r) => [input([5], nonzero(0.2, 2), r)], fn: (x) => F.elu(x.clone(), 0.5, true) },
  // z = 2x stays off the threshold 3, where softplus jumps
  { name: 'F.softplus(beta 2, threshold 3)', inputs: (r) => [input([6], uniform(-2, 1.3), r)], fn: (x) => F.softplus(x, 2, 3), second: true },
  { name: 'F.linear without bias', inputs: (r) => [input([2, 3], smooth, r), input([4, 3], smooth, r)], fn: (x, w) => F.linear(x, w) },
  { name: 'F.linear 3-d input (addmm on a view)', inputs: (r) => [input([2, 2, 3], smooth, r), input([4, 3], smooth, r), input([4], smooth, r)], fn: (x, w, b) => F.linear(x, w, b) },
  { name: 'F.normalize(p 1, dim 0)', inputs: (r) => [input([2, 3], nonzero(0.3, 2), r)], fn: (x) => F.normalize(x, { p: 1, dim: 0 }) },
  { name: 'F.layer_norm, second order', inputs: (r) => [input([2, 4], smooth, r), input([4], smooth, r), input([4], smooth, r)], fn: (x, w, b) => F.layer_norm(x, [4], w, b), second: true },
  { name: 'F.layer_norm over two dims, no affine', inputs: (r) => [input([2, 2, 3], smooth, r)], fn: (x) => F.layer_norm(x, [2, 3]), second: true },
  { name: 'F.cosine_similarity broadcast', inputs: (r) => [input([2, 3], nonzero(0.3, 2), r), input([3], nonzero(0.3, 2), r)], fn: (a, b) => F.cosine_similarity(a, b) },
  { name: 'F.mse_loss sum', inputs: (r) => [input([2, 3], smooth, r), input([2, 3], smooth, r)], fn: (a, b) => F.mse_loss(a, b, { reduction: 'sum' }), second: true },
  { name: 'F.mse_loss none, broadcast target', inputs: (r) => [input([2, 3], smooth, r), input([3], smooth, r)], fn: (a, b) => F.mse_loss(a, b, { reduction: 'none' }), second: true },
  { name: 'F.l1_loss broadcast target', inputs: (r) => [input([2, 3], lattice(0.25), r), input([3], lattice(0.75), r)], fn: (a, b) => F.l1_loss(a, b, { reduction: 'sum' }) },
  { name: 'F.binary_cross_entropy weight, sum, target requires grad', inputs: (r) => [input([4], uniform(0.1, 0.9), r), input([4], uniform(0, 1), r)], fn: (p, y) => F.binary_cross_entropy(p, y, { weight: leaf([1, 2, 0.5, 3], [4], false), reduction: 'sum' }), second: true },
  { name: 'F.binary_cross_entropy none', inputs: (r) => [input([2, 2], uniform(0.1, 0.9), r), input([2, 2], uniform(0, 1), r, false)], fn: (p, y) => F.binary_cross_entropy(p, y, { reduction: 'none' }) },
  { name: 'F.binary_cross_entropy_with_logits pos_weight, none, target requires grad', inputs: (r) => [input([2, 3], smooth, r), input([2, 3], uniform(0, 1), r)], fn: (x, y) => F.binary_cross_entropy_with_logits(x, y, { pos_weight: leaf([2, 0.5, 3], [3], false), reduction: 'none' }), second: true },
  { name: 'F.binary_cross_entropy_with_logits weight, sum', inputs: (r) => [input([4], smooth, r), input([4], uniform(0, 1), r, false)], fn: (x, y) => F.binary_cross_entropy_with_logits(x, y, { weight: leaf([1, 2, 1, 2], [4], false), reduction: 'sum' }) },
  { name: 'F.nll_loss weight, ignore_index', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([1, -100, 3], { dtype: torch.int64 }), { weight: leaf([1, 2, 0.5, 3], [4], false) }), second: true },
  { name: 'F.nll_loss none', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([1, 0, 3], { dtype: torch.int64 }), { reduction: 'none' }) },
  { name: 'F.nll_loss sum', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([1, 0, 3], { dtype: torch.int64 }), { reduction: 'sum' }) },
  { name: 'F.nll_loss 1-d input', inputs: (r) => [input([4], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor(2, { dtype: torch.int64 })) },
  { name: 'F.nll_loss 4-d input (nll_loss2d)', inputs: (r) => [input([2, 3, 2, 2], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]], { dtype: torch.int64 }), { weight: leaf([1, 2, 0.5], [3], false) }) },
  { name: 'F.nll_loss 3-d input, none (viewed as 4-d)', inputs: (r) => [input([2, 3, 2], smooth, r)], fn: (x) => F.nll_loss(x, torch.tensor([[0, 2], [1, -100]], { dtype: torch.int64 }), { reduction: 'none' }) },
  { name: 'F.cross_entropy probabilities, sum and none', inputs: (r) => [input([3, 4], smooth, r), input([3, 4], uniform(0, 1), r)], fn: (x, p) => F.cross_entropy(x, p, { reduction: 'sum' }).add(F.cross_entropy(x, p, { weight: leaf([1, 2, 0.5, 3], [4], false), reduction: 'none' }).mul(leaf([0.5, -1, 2], [3], false)).sum()), second: true },
  { name: 'F.cross_entropy label smoothing, weight, sum', inputs: (r) => [input([3, 4], smooth, r)], fn: (x) => F.cross_entropy(x, torch.tensor([0, 3, -100], { dtype: torch.int64 }), { weight: leaf([1, 2, 0.5, 3], [4], false), label_smoothing: 0.2, reduction: 'sum' }) },
  { name: 'F.cross_entropy label smoothing, none, 1-d', inputs: (r) => [input([3, 4], smooth, r), input([4], smooth, r)], fn: (x, v) => F.cross_entropy(x, torch.tensor([0, 3, -100], { dtype: torch.int64 }), { label_smoothing: 0.2, reduction: 'none' }).sum().add(F.cross_entropy(v, torch.tensor(1, { dtype: torch.int64 }), { label_smoothing: 0.2 })) },
  { name: 'masked_fill with a tensor value', inputs: (r) => [input([2, 3], smooth, r), input([], smooth, r)], fn: (x, v) => x.masked_fill(mask([3], rng(10)), v), second: true },
  { name: 'masked_fill_ of a clone', inputs: (r) => [input([2, 3], smooth, r)], fn: (x) => x.clone().masked_fill_(mask([2, 3], rng(11)), -1) },
  { name: 'div rounding_mode floor and trunc (zero gradient)', inputs: (r) => [input([2, 3], dividend, r), input([3], divisor, r)], fn: (a, b) => a.div(b, { rounding_mode: 'floor' }).add(a.div(b, { rounding_mode: 'trunc' })), second: true },
  { name: 'add with alpha, broadcast', inputs: (r) => [input([2, 3], smooth, r), input([3], smooth, r)], fn: (a, b) => a.add(b, { alpha: -1.5 }), second: true },
  { name: 'sub_ with alpha', inputs: (r) => [input([2, 3], smooth, r), input([2, 1], smooth, r)], fn: (a, b) => a.mul(1).sub_(b, { alpha: 2 }) },
  { name: 'fill_ with a tensor value', inputs: (r) => [input([2, 3], smooth, r), input([], smooth, r)], fn: (x, v) => x.mul(2).fill_(v).mul(x) },
  { name: 'clamp_min(tensor), clamp_max(number)', inputs: (r) => [input([2, 3], lattice(0.25), r), input([3], lattice(0.75), r)], fn: (x, lo) => x.clamp_min(lo).clamp_max(1) },
];

/** Whether what a case needs is built: a Tensor method, a torch.* function, or an F.* function. */
function available(needs: string | undefined): boolean {
  if (!needs) return true;
  if (needs.startsWith('F.')) return typeof F[needs.slice(2)] === 'function';
  const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
  return typeof proto[needs] === 'function' || typeof (torch as unknown as Record<string, unknown>)[needs] === 'function';
}

const ALL = [...unaryCases(), ...binaryCases(), ...scalarCases(), ...OTHER_CASES];

function each(c: Case, check: typeof gradcheck): void {
  if (!available(c.needs)) test.todo(`${c.name} (${c.needs} is not built yet)`);
  else test(c.name, () => check(c.fn, c.inputs(rng(seedOf(c.name)))));
}

describeBackends('gradcheck', () => {
  describe('first order', () => {
    for (const c of ALL) each(c, gradcheck);
  });
  describe('second order', () => {
    for (const c of ALL.filter((k) => k.second)) each(c, gradgradcheck);
  });
});

describeBackends('gradcheck itself', () => {
  test('catches a wrong derivative', () => {
    // x * x with one factor detached: autograd sees x * c and reports x, the true derivative is 2x
    const x = leaf([0.3, 1.1], [2], true);
    expect(() => gradcheck((t) => t.detach().mul(t), [x])).toThrow(/Jacobian mismatch/);
    expect(() => gradgradcheck((t) => t.detach().mul(t).mul(t), [x])).toThrow(/Jacobian mismatch/);
  });
});
