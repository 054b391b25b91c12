// Convolution and pooling. A convolution is im2col (assembly/conv.ts) plus one batched GEMM (the
// backend's matmul): cols [N, C*K, L] times the weight [Cout, C*K]. Its gradients are the same
// kinds of op: the input's is a transposed convolution (GEMM then col2im), the weight's a GEMM
// against im2col's columns. Every backward is written with recorded ops (convolution itself,
// im2col/col2im, matmul, sum), so gradients are differentiable again (create_graph).
// Pooling is one fused kernel per direction (assembly/pool.ts) over windows computed here.
// A backend with a direct convolution (Backend.conv: webgl) runs the forward and the input
// gradient with it instead of im2col/col2im and a GEMM. Backends without these kernels run them
// on the cpu and move the result back.
import { is_grad_enabled, no_grad } from '../autograd.js';
import type { Backend, ConvGeometry, PoolWindows, View } from '../backend.js';
import { float32, float64, int64 } from '../dtype.js';
import { contiguousStrides, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { needsGrad, record } from './autograd-record.js';
import { matmul } from './matmul.js';

/** @internal the kernel-facing window of a tensor */
function viewOf(t: Tensor): View {
  return { storage: t.storage, shape: t.shape_, strides: t.strides, offset: t.offset, dtype: t.dtype };
}

/** @internal conv and pooling kernels exist for float32 and float64 (PyTorch's CPU kernels too). */
export function checkFloat(x: Tensor, kernel: string): void {
  if (x.dtype !== float32 && x.dtype !== float64) throw new Error(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
}

/**
 * Runs `fn` where the kernels are: on the tensors' own backend, or (webgl, which has none) on
 * copies on the cpu, the result moved back to the tensors' device.
 */
function onKernels(inputs: readonly Tensor[], has: (b: Backend) => boolean, fn: (...xs: Tensor[]) => Tensor[]): Tensor[] {
  const b = inputs[0].storage.backend;
  if (has(b)) return fn(...inputs);
  const device = inputs[0].device;
  const cpu = inputs.map((t) => t.to('cpu'));
  return fn(...cpu).map((t) => t.to(device));
}

/** The dense `t` as a tensor of its own (not a view: the op's output gets a node and a bias added in place). */
function fresh(t: Tensor, shape: readonly number[]): Tensor {
  const r = Tensor.view(t, shape, contiguousStrides(shape), t.offset);
  t.dispose();
  return r;
}

/** The geometry with three spatial dims: leading size-1 dims for 1-D and 2-D. */
function geometry(n: number, c: number, size: readonly number[], kernel: readonly number[], stride: readonly number[],
  padding: readonly number[], dilation: readonly number[], out: readonly number[]): ConvGeometry {
  const lead = 3 - size.length;
  const pad = (a: readonly number[], v: number) => [...Array(lead).fill(v), ...a];
  return { n, c, size: pad(size, 1), kernel: pad(kernel, 1), stride: pad(stride, 1), padding: pad(padding, 0), dilation: pad(dilation, 1), out: pad(out, 1) };
}

/** Output size of one spatial dim of a convolution (or im2col). */
export function convOut(size: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;
}

function rawIm2col(x: Tensor, k: readonly number[], d: readonly number[], p: readonly number[], s: readonly number[]): Tensor {
  return onKernels([x], (b) => !!b.im2col, (xx) => {
    const sp = xx.shape_.slice(2);
    const out = sp.map((v, i) => convOut(v, k[i], s[i], p[i], d[i]));
    const g = geometry(xx.shape_[0], xx.shape_[1], sp, k, s, p, d, out);
    const cols = Tensor.empty([xx.shape_[0], xx.shape_[1] * numelOf(k), numelOf(out)], xx.dtype, xx);
    const lead = 3 - sp.length;
    const xs = [xx.strides[0], xx.strides[1], ...Array(lead).fill(0), ...xx.strides.slice(2)];
    (xx.storage.backend.im2col as NonNullable<Backend['im2col']>)({ ...viewOf(xx), strides: xs }, g, cols.storage);
    return [cols];
  })[0];
}

function rawCol2im(cols: Tensor, size: readonly number[], k: readonly number[], d: readonly number[], p: readonly number[], s: readonly number[],
  positions: readonly number[] = size.map((v, i) => convOut(v, k[i], s[i], p[i], d[i]))): Tensor {
  return onKernels([cols], (b) => !!b.col2im, (cc) => {
    const dense = cc.contiguous();
    const K = numelOf(k), n = dense.shape_[0], c = dense.shape_[1] / K;
    const out = positions;
    const img = Tensor.empty([n, c, ...size], dense.dtype, dense);
    (dense.storage.backend.col2im as NonNullable<Backend['col2im']>)(viewOf(dense), geometry(n, c, size, k, s, p, d, out), img.storage);
    if (dense !== cc) dense.dispose();
    return [img];
  })[0];
}

/**
 * im2col over any number (1-3) of spatial dims: x [N, C, *size] -> [N, C*prod(k), L]
 * (F.unfold for 2-D), grad_fn Im2ColBackward0 whose backward is col2im.
 */
export function im2col(x: Tensor, k: readonly number[], d: readonly number[], p: readonly number[], s: readonly number[]): Tensor {
  const y = no_grad(() => rawIm2col(x, k, d, p, s));
  if (needsGrad(x)) {
    const size = x.shape_.slice(2);
    record('Im2ColBackward0', [x], [y], [], (gs) => [col2im(gs[0] as Tensor, size, k, d, p, s)]);
  }
  return y;
}

/** col2im: cols [N, C*prod(k), L] summed into [N, C, *size] (F.fold), grad_fn Col2ImBackward0. */
export function col2im(cols: Tensor, size: readonly number[], k: readonly number[], d: readonly number[], p: readonly number[], s: readonly number[]): Tensor {
  const y = no_grad(() => rawCol2im(cols, size, k, d, p, s));
  if (needsGrad(cols)) record('Col2ImBackward0', [cols], [y], [], (gs) => [im2col(gs[0] as Tensor, k, d, p, s)]);
  return y;
}

export interface ConvOptions {
  stride: readonly number[];
  padding: readonly number[];
  dilation: readonly number[];
  transposed: boolean;
  outputPadding: readonly number[];
  groups: number;
}

/**
 * aten::convolution on batched input x [N, C, *size]: weight [Cout, C/G, *k] (transposed:
 * [C, Cout/G, *k]), bias [Cout] or null. One node, ConvolutionBackward0.
 */
export function convolution(x: Tensor, w: Tensor, b: Tensor | null, o: ConvOptions, name = 'ConvolutionBackward0'): Tensor {
  // the direct kernel starts its sums at the bias; the other paths add it after
  const fused = !o.transposed && !!b && b.dtype === float32 && b.is_contiguous() && takesDirect(x, w, o);
  const y = no_grad(() => (o.transposed ? transposedForward(x, w, o) : convForward(x, w, o, fused ? b : null)));
  if (b && !fused) no_grad(() => y.add_(b.reshape([1, -1, ...Array(x.ndim - 2).fill(1)])));
  if (needsGrad(x, w, b)) {
    const xShape = x.shape_.slice(), wShape = w.shape_.slice();
    record(name, [x, w, b], [y], [w.requires_grad ? x : null, x.requires_grad ? w : null], (gs, [sx, sw]) => {
      const g = gs[0] as Tensor;
      const dims = [0, ...Array(g.ndim - 2).fill(0).map((_, i) => i + 2)];
      const [gx, gw] = o.transposed ? transposedGrads(g, sx, sw, o, xShape, wShape) : convGrads(g, sx, sw, o, xShape, wShape);
      return [x.requires_grad ? gx : null, w.requires_grad ? gw : null, b && b.requires_grad ? biasGrad(g, dims) : null];
    });
  }
  return y;
}

/** A strided operand [N, C, *spatial] as the kernels' five dims (leading spatial dims of stride 0). */
function view5(t: Tensor): View {
  const lead = 5 - t.ndim;
  return { ...viewOf(t), strides: [t.strides[0], t.strides[1], ...Array(lead).fill(0), ...t.strides.slice(2)] };
}

/** The backend's direct convolution (Backend.conv) where it has one and takes this shape: the dense [N, cout, *outSize]. */
function directConv(x: Tensor, w: Tensor, o: ConvOptions, cout: number, outSize: readonly number[]): Tensor | null {
  const b = x.storage.backend;
  if (!b.conv) return null;
  const y = Tensor.empty([x.shape_[0], cout, ...outSize], x.dtype, x);
  const g = geometry(x.shape_[0], x.shape_[1], x.shape_.slice(2), w.shape_.slice(2), o.stride, o.padding, o.dilation, outSize);
  if (b.conv(view5(x), view5(w), g, o.groups, cout, o.transposed, y.storage)) return y;
  y.dispose();
  return null;
}

/**
 * A dense [batch, m, n] product on the operands' backend, no autograd and no tensor views: `a` read
 * as [batch, m, k] through the element strides `as`, `b` as [batch, k, n] through `bs` (a batch
 * stride 0 broadcasts). Views made for matmul() would hold the operands' storage (the columns,
 * megabytes) until the garbage collector or the step scope released them, so every call would
 * write fresh, cold memory; here a temporary is freed the moment it is disposed.
 */
function rawProduct(a: Tensor, as: readonly number[], b: Tensor, bs: readonly number[], batch: number, m: number, n: number, k: number, shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape, a.dtype, a);
  a.storage.backend.matmul({ storage: a.storage, shape: [batch, m, k], strides: as, offset: a.offset, dtype: a.dtype },
    { storage: b.storage, shape: [batch, k, n], strides: bs, offset: b.offset, dtype: b.dtype }, out.storage, batch, m, n, k);
  return out;
}

/** t itself when row-major, else a dense copy (the caller disposes it when it is not t). */
const dense = (t: Tensor): Tensor => (t.is_contiguous() ? t : t.contiguous());

/**
 * Fewest input and output channels for Winograd (backend.winograd3x3): its GEMMs are as deep as
 * the input has channels, and below, its transforms cost more than the multiplications it saves.
 * Measured ([16, c, 32, 32] -> k, one thread, ms im2col / Winograd): 8 -> 8 1.04 / 0.89,
 * 8 -> 64 4.43 / 3.48, 12 -> 64 6.80 / 5.15, but 3 -> 64 ([32, 3, 32, 32]) 3.8 / 6.4 and
 * 1 -> 8 ([8, 1, 28, 28]) 0.07 / 0.13.
 */
const WINOGRAD_MIN_CHANNELS = 8;

/** Whether a 2-D convolution of x [n, c, h, w] to `cout` channels by a `kernel` filter can take the backend's Winograd kernel. */
function winogradFits(x: Tensor, w: Tensor, cout: number, kernel: readonly number[], o: ConvOptions, padding: readonly number[]): boolean {
  return !!x.storage.backend.winograd3x3 && x.dtype === float32 && w.dtype === float32 && x.ndim === 4 && o.groups === 1
    && kernel.length === 2 && kernel[0] === 3 && kernel[1] === 3 && o.stride.every((v) => v === 1) && o.dilation.every((v) => v === 1)
    && x.shape_[1] >= WINOGRAD_MIN_CHANNELS && cout >= WINOGRAD_MIN_CHANNELS && x.shape_[0] > 0
    && padding.every((v) => v >= 0) && x.shape_[2] + 2 * padding[0] >= 3 && x.shape_[3] + 2 * padding[1] >= 3;
}

/** y = conv2d(x, w) by Winograd F(2x2, 3x3) (winogradFits). */
function winogradForward(x: Tensor, w: Tensor, padding: readonly number[]): Tensor {
  const [n, c, h, wd] = x.shape_, k = w.shape_[0];
  const xd = dense(x), wdd = dense(w);
  const y = Tensor.empty([n, k, h + 2 * padding[0] - 2, wd + 2 * padding[1] - 2], float32, x);
  (x.storage.backend.winograd3x3 as NonNullable<Backend['winograd3x3']>)(viewOf(xd), viewOf(wdd), y.storage, n, c, h, wd, k, padding[0], padding[1]);
  if (xd !== x) xd.dispose();
  if (wdd !== w) wdd.dispose();
  return y;
}

/**
 * The bias gradient, g summed over every dim but 1: without a graph to record, as rows (each
 * [n, c] plane summed along its contiguous run, then the batch), 3x faster than one reduction
 * over dims [0, 2, ...] (measured on [32, 16, 32, 32]).
 */
function biasGrad(g: Tensor, dims: number[]): Tensor {
  if (is_grad_enabled() || !g.is_contiguous() || g.ndim < 3 || g.numel() === 0) return g.sum(dims);
  const rows = g.view([g.shape_[0], g.shape_[1], -1]), s = rows.sum(2), r = s.sum(0);
  rows.dispose();
  s.dispose();
  return r;
}

/**
 * Where the direct kernel (backend.convDirect) beats im2col and its GEMM: filters at most this
 * deep (input channels x taps) into at most DIRECT_MAX_OUT channels (it reads the input once per
 * four output channels). Measured, one thread, ms im2col / direct: [32,3,32,32] -> 16 3x3 1.36 /
 * 1.17, LeNet's [64,1,28,28] -> 6 5x5 0.65 / 0.60 and [64,6,12,12] -> 16 5x5 0.80 / 0.74; but
 * [8,10,20,20] -> 32 5x5 1.69 / 2.25 and [4,4,30,30] -> 64 3x3 0.52 / 0.73.
 */
const DIRECT_MAX_DEPTH = 160;
const DIRECT_MAX_OUT = 16;

/** Whether a 2-D convolution can take the backend's direct kernel (float32, stride 1, shallow filters). */
function directFits(x: Tensor, w: Tensor, o: ConvOptions): boolean {
  return !!x.storage.backend.convDirect && x.dtype === float32 && w.dtype === float32 && x.ndim === 4 && w.ndim === 4 && o.groups === 1
    && o.stride.every((v) => v === 1) && o.dilation.every((v) => v === 1) && x.shape_[0] > 0 && w.shape_[0] > 0
    && w.shape_[1] * w.shape_[2] * w.shape_[3] <= DIRECT_MAX_DEPTH && w.shape_[0] <= DIRECT_MAX_OUT && x.shape_[1] > 0
    && x.shape_[2] + 2 * o.padding[0] >= w.shape_[2] && x.shape_[3] + 2 * o.padding[1] >= w.shape_[3];
}

/** conv(x, w) (+ bias, which only the direct kernel takes: null for the others). */
/** Whether convForward takes the direct kernel (Winograd first where both fit). */
function takesDirect(x: Tensor, w: Tensor, o: ConvOptions): boolean {
  return !winogradFits(x, w, w.shape_[0], w.shape_.slice(2), o, o.padding) && directFits(x, w, o);
}

function convForward(x: Tensor, w: Tensor, o: ConvOptions, bias: Tensor | null = null): Tensor {
  const n = x.shape_[0], G = o.groups, cout = w.shape_[0];
  const k = w.shape_.slice(2);
  if (winogradFits(x, w, cout, k, o, o.padding)) return winogradForward(x, w, o.padding);
  if (directFits(x, w, o)) {
    const [, c, h, wd] = x.shape_, [kh, kw] = k;
    const xd = dense(x), wdd = dense(w);
    const y = Tensor.empty([n, cout, h + 2 * o.padding[0] - kh + 1, wd + 2 * o.padding[1] - kw + 1], float32, x);
    (x.storage.backend.convDirect as NonNullable<Backend['convDirect']>)(viewOf(xd), viewOf(wdd), bias ? viewOf(bias) : null, y.storage, n, c, h, wd, cout, kh, kw, o.padding[0], o.padding[1]);
    if (xd !== x) xd.dispose();
    if (wdd !== w) wdd.dispose();
    return y;
  }
  // the device's own direct convolution (webgl), where it takes this shape
  const direct = directConv(x, w, o, cout, x.shape_.slice(2).map((v, i) => convOut(v, k[i], o.stride[i], o.padding[i], o.dilation[i])));
  if (direct) return direct;
  const cols = rawIm2col(x, k, o.dilation, o.padding, o.stride);
  const L = cols.shape_[2], outSize = x.shape_.slice(2).map((v, i) => convOut(v, k[i], o.stride[i], o.padding[i], o.dilation[i]));
  const ck = cols.shape_[1] / G;
  if (G === 1) {
    // y_n = W [cout, ck] @ cols_n [ck, L]: one batched product, W broadcast
    const wd = dense(w);
    const y = rawProduct(wd, [0, ck, 1], cols, [ck * L, L, 1], n, cout, L, ck, [n, cout, ...outSize]);
    if (wd !== w) wd.dispose();
    cols.dispose();
    return y;
  }
  const y = matmul(w.reshape([G, cout / G, ck]), cols.view([n, G, ck, L]));
  cols.dispose();
  return fresh(y, [n, cout, ...outSize]);
}

function transposedForward(x: Tensor, w: Tensor, o: ConvOptions): Tensor {
  const n = x.shape_[0], cin = x.shape_[1], G = o.groups, k = w.shape_.slice(2), K = numelOf(k);
  const coutG = w.shape_[1], cout = coutG * G;
  const size = x.shape_.slice(2);
  const outSize = size.map((v, i) => (v - 1) * o.stride[i] - 2 * o.padding[i] + o.dilation[i] * (k[i] - 1) + o.outputPadding[i] + 1);
  const direct = directConv(x, w, o, cout, outSize);
  if (direct) return direct;
  const L = numelOf(size);
  const flipPad = o.padding.map((p) => 2 - p);
  if (o.outputPadding.every((v) => v === 0) && winogradFits(x, w, cout, k, o, flipPad)) {
    // stride 1: the transposed convolution is a convolution by the flipped, transposed filter
    const wt = w.transpose(0, 1), wf = wt.flip([2, 3]);
    wt.dispose();
    const y = winogradForward(x, wf, flipPad);
    wf.dispose();
    return y;
  }
  let cols: Tensor;
  if (G === 1) {
    // cols_n = W^T [cout*K, cin] @ x_n [cin, L], W [cin, cout*K] read transposed in place
    const wd = dense(w), xd = dense(x);
    cols = rawProduct(wd, [0, 1, cout * K], xd, [cin * L, L, 1], n, cout * K, L, cin, [n, cout * K, L]);
    if (wd !== w) wd.dispose();
    if (xd !== x) xd.dispose();
  } else {
    const xs = x.reshape([n, G, cin / G, L]);
    cols = matmul(w.reshape([G, cin / G, coutG * K]).mT, xs).reshape([n, cout * K, L]);
  }
  // the columns are x's positions: with output_padding >= stride the image has room for more
  const y = rawCol2im(cols, outSize, k, o.dilation, o.padding, o.stride, size);
  cols.dispose();
  return y;
}

/**
 * Frees a backward's temporaries once its result is computed, unless that result carries a graph
 * (create_graph), which may still read them.
 */
function release(result: Tensor, ...temps: Tensor[]): void {
  if (is_grad_enabled()) return;
  for (const t of temps) if (t !== result && t.storage !== result.storage) t.dispose();
}

/** Gradients of y = conv(x, w): dx = conv_transpose(g, w), dw[group] = sum_n g_n @ im2col(x)_n^T. */
function convGrads(g: Tensor, x: Tensor | null, w: Tensor | null, o: ConvOptions, xShape: readonly number[], wShape: readonly number[]): [Tensor | null, Tensor | null] {
  const n = g.shape_[0], G = o.groups, cout = g.shape_[1], L = numelOf(g.shape_.slice(2)), k = wShape.slice(2);
  let gx: Tensor | null = null, gw: Tensor | null = null;
  if (w) {
    const outPad = xShape.slice(2).map((v, i) => v - ((g.shape_[2 + i] - 1) * o.stride[i] - 2 * o.padding[i] + o.dilation[i] * (k[i] - 1) + 1));
    gx = convolution(g, w, null, { ...o, transposed: true, outputPadding: outPad }, 'ConvolutionBackwardBackward0');
  }
  if (x && !is_grad_enabled() && winogradFits(x, g, cout, k, o, o.padding) && x.storage.backend.winograd3x3Wgrad) {
    const xd = dense(x), gd = dense(g), [, c, h, wd] = x.shape_;
    gw = Tensor.empty(wShape, float32, x);
    x.storage.backend.winograd3x3Wgrad(viewOf(xd), viewOf(gd), gw.storage, n, c, h, wd, cout, o.padding[0], o.padding[1]);
    if (xd !== x) xd.dispose();
    if (gd !== g) gd.dispose();
  } else if (x && G === 1 && !is_grad_enabled()) {
    // no double backward: dw = sum_n g_n [cout, L] @ cols_n^T [L, ck], raw products and no views
    const cols = rawIm2col(x, k, o.dilation, o.padding, o.stride), ck = cols.shape_[1];
    const gd = dense(g);
    const prod = rawProduct(gd, [cout * L, L, 1], cols, [ck * L, 1, L], n, cout, ck, L, [n, cout, ck]);
    if (gd !== g) gd.dispose();
    cols.dispose();
    if (n === 1) gw = fresh(prod, wShape);
    else {
      gw = fresh(prod.sum(0), wShape);
      prod.dispose();
    }
  } else if (x) {
    const cols = im2col(x, k, o.dilation, o.padding, o.stride);
    const ck = cols.shape_[1] / G;
    const prod = matmul(g.reshape([n, G, cout / G, L]), cols.view([n, G, ck, L]).mT);
    gw = (n === 1 ? prod.squeeze(0) : prod.sum(0)).reshape([...wShape]);
    release(gw, cols, prod);
  }
  return [gx, gw];
}

/** Gradients of y = conv_transpose(x, w): dx = conv(g, w), dw[group] = sum_n x_n @ im2col(g)_n^T. */
function transposedGrads(g: Tensor, x: Tensor | null, w: Tensor | null, o: ConvOptions, xShape: readonly number[], wShape: readonly number[]): [Tensor | null, Tensor | null] {
  const n = g.shape_[0], G = o.groups, cin = xShape[1], L = numelOf(xShape.slice(2)), k = wShape.slice(2);
  let gx: Tensor | null = null, gw: Tensor | null = null;
  // with output_padding >= stride (allowed below the dilation) the correlation of g reaches past
  // x's last position: those places have no input, and are cut off
  const size = xShape.slice(2), reach = g.shape_.slice(2).map((v, i) => convOut(v, k[i], o.stride[i], o.padding[i], o.dilation[i]));
  const cut = (t: Tensor, lead: number): Tensor => size.reduce((r, v, i) => (reach[i] === v ? r : r.narrow(lead + i, 0, v)), t);
  if (w) gx = cut(convolution(g, w, null, { ...o, transposed: false, outputPadding: o.outputPadding.map(() => 0) }, 'ConvolutionBackwardBackward0'), 2);
  if (x) {
    const all = im2col(g, k, o.dilation, o.padding, o.stride);
    const fits = reach.every((v, i) => v === size[i]);
    const cols = fits ? all : cut(all.view([n, all.shape_[1], ...reach]), 2).reshape([n, all.shape_[1], L]);
    const ck = cols.shape_[1] / G;
    const prod = matmul(x.reshape([n, G, cin / G, L]), cols.view([n, G, ck, L]).mT);
    gw = (n === 1 ? prod.squeeze(0) : prod.sum(0)).reshape([...wShape]);
    release(gw, ...new Set([all, cols, prod]));
  }
  return [gx, gw];
}

// ---- pooling ------------------------------------------------------------------------------------

/** PyTorch's pooling_output_shape: floor or ceil division, and no window starting in the right padding. */
export function poolOut(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const num = size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(num / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** One dim's windows: [starts, counts, divisors]. */
type Windows1 = [number[], number[], number[]];

/** Max pooling's windows along one dim (dilated; clipped to the input, PyTorch's while(start < 0) start += d). */
export function maxWindows(size: number, out: number, k: number, s: number, p: number, d: number): Windows1 {
  const st: number[] = [], ct: number[] = [], dv: number[] = [];
  for (let o = 0; o < out; o++) {
    let a = o * s - p;
    const e = Math.min(a + (k - 1) * d + 1, size);
    while (a < 0) a += d;
    st.push(a); ct.push(Math.max(0, Math.ceil((e - a) / d))); dv.push(1);
  }
  return [st, ct, dv];
}

/** Average pooling's windows: the divisor counts the padding when count_include_pad. */
export function avgWindows(size: number, out: number, k: number, s: number, p: number, includePad: boolean): Windows1 {
  const st: number[] = [], ct: number[] = [], dv: number[] = [];
  for (let o = 0; o < out; o++) {
    let a = o * s - p;
    let e = Math.min(a + k, size + p);
    const poolSize = e - a;
    a = Math.max(a, 0);
    e = Math.min(e, size);
    st.push(a); ct.push(Math.max(0, e - a)); dv.push(includePad ? poolSize : Math.max(0, e - a));
  }
  return [st, ct, dv];
}

/** Adaptive pooling's windows: [floor(o*size/out), ceil((o+1)*size/out)). */
export function adaptiveWindows(size: number, out: number): Windows1 {
  const st: number[] = [], ct: number[] = [], dv: number[] = [];
  for (let o = 0; o < out; o++) {
    const a = Math.floor((o * size) / out), e = Math.ceil(((o + 1) * size) / out);
    st.push(a); ct.push(e - a); dv.push(e - a);
  }
  return [st, ct, dv];
}

/** The kernels' window description for planes of h x w. */
export function poolWindows(planes: number, h: number, w: number, rows: Windows1, cols: Windows1, dh: number, dw: number, mode: number, override = 0): PoolWindows {
  const table = Int32Array.from([...rows[0], ...rows[1], ...rows[2], ...cols[0], ...cols[1], ...cols[2]]);
  return { planes, h, w, oh: rows[0].length, ow: cols[0].length, dh, dw, mode, override, table };
}

/** x [..., H, W] pooled over its last two dims: [values, indices (max) or null]. */
function rawPool(x: Tensor, win: PoolWindows): [Tensor, Tensor | null] {
  const r = onKernels([x], (b) => !!b.pool2d, (xx) => {
    const dense = xx.contiguous();
    const shape = [...xx.shape_.slice(0, -2), win.oh, win.ow];
    const out = Tensor.empty(shape, xx.dtype, xx);
    const idx = win.mode === 0 ? Tensor.empty(shape, int64, xx) : null;
    (dense.storage.backend.pool2d as NonNullable<Backend['pool2d']>)(viewOf(dense), win, out.storage, idx ? idx.storage : null);
    if (dense !== xx) dense.dispose();
    return idx ? [out, idx] : [out];
  });
  return [r[0], r[1] ?? null];
}

function rawPoolBackward(g: Tensor, idx: Tensor | null, win: PoolWindows, inShape: readonly number[]): Tensor {
  return onKernels(idx ? [g, idx] : [g], (b) => !!b.pool2dBackward, (gg, ii) => {
    const dense = gg.contiguous(), di = ii ? ii.contiguous() : null;
    const out = Tensor.empty(inShape, gg.dtype, gg);
    (dense.storage.backend.pool2dBackward as NonNullable<Backend['pool2dBackward']>)(viewOf(dense), di ? viewOf(di) : null, win, out.storage);
    if (dense !== gg) dense.dispose();
    if (di && di !== ii) di.dispose();
    return [out];
  })[0];
}

/**
 * Max pooling with indices (MaxPool2DWithIndicesBackward0 / AdaptiveMaxPool2DBackward0): the
 * backward scatters g to the indices, its own backward gathers from them.
 */
export function maxPool(x: Tensor, win: PoolWindows, name: string): [Tensor, Tensor] {
  const [y, idx] = no_grad(() => rawPool(x, win)) as [Tensor, Tensor];
  if (needsGrad(x)) {
    const inShape = x.shape_.slice();
    // the indices reach the backward saved: a caller that keeps only y (max_pool2d) frees them
    record(name, [x], [y], [idx], (gs, [si]) => [maxPoolBackward(gs[0] as Tensor, si, win, inShape, `${name.slice(0, -1)}Backward0`)]);
  }
  return [y, idx];
}

function maxPoolBackward(g: Tensor, idx: Tensor, win: PoolWindows, inShape: readonly number[], name: string): Tensor {
  const gx = no_grad(() => rawPoolBackward(g, idx, win, inShape));
  if (needsGrad(g)) {
    // saved again: the first backward's node releases its own alias of idx when it has run
    record(name, [g], [gx], [idx], (gs, [si]) => {
      const gg = (gs[0] as Tensor).reshape([win.planes, win.h * win.w]);
      return [gg.gather(1, si.reshape([win.planes, win.oh * win.ow])).reshape([...si.shape_])];
    });
  }
  return gx;
}

/** Average pooling (AvgPool2DBackward0 / AdaptiveAvgPool2DBackward0): linear, its backward's backward is itself. */
export function avgPool(x: Tensor, win: PoolWindows, name: string): Tensor {
  const y = no_grad(() => rawPool(x, win)[0]);
  if (needsGrad(x)) {
    const inShape = x.shape_.slice();
    record(name, [x], [y], [], (gs) => [avgPoolBackward(gs[0] as Tensor, win, inShape, `${name.slice(0, -1)}Backward0`, name)]);
  }
  return y;
}

function avgPoolBackward(g: Tensor, win: PoolWindows, inShape: readonly number[], name: string, forwardName: string): Tensor {
  const gx = no_grad(() => rawPoolBackward(g, null, win, inShape));
  if (needsGrad(g)) record(name, [g], [gx], [], (gs) => [avgPool(gs[0] as Tensor, win, forwardName)]);
  return gx;
}
