// torch.nn.functional's convolution, pooling and image ops (re-exported by functional.ts).
// Arguments follow PyTorch 1.13's signatures: positional, or one trailing options object with the
// same names; unknown option keys are a TypeError. Checks and messages are PyTorch's, made
// before anything is computed.
import { Tensor } from '../tensor.js';
import { DType } from '../dtype.js';
import { is_grad_enabled, no_grad } from '../autograd.js';
import { grad as autogradGrad } from '../functional.js';
import { tensor, zeros } from '../creation.js';
import { float64, int64 } from '../dtype.js';
import { needsGrad, record } from '../ops/autograd-record.js';
import {
  adaptiveWindows, avgPool, avgWindows, checkFloat, col2im, convOut, convolution, im2col, maxPool,
  maxWindows, poolOut, poolWindows,
} from '../ops/conv.js';

const isOptions = (a: unknown): a is Record<string, unknown> =>
  a !== null && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Tensor) && !(a instanceof DType);

/** Positional values or a trailing options object of `names` (others are PyTorch's TypeError). */
function parse<T extends unknown[]>(fn: string, args: readonly unknown[], names: readonly string[], defaults: T): T {
  const out = defaults.slice() as T;
  args.forEach((a, i) => {
    if (isOptions(a) && i === args.length - 1) {
      for (const key of Object.keys(a)) {
        const k = names.indexOf(key);
        if (k < 0) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
        if (a[key] !== undefined) out[k] = a[key];
      }
    } else if (a !== undefined) {
      if (i >= names.length) throw new TypeError(`${fn}() takes at most ${names.length + 1} arguments (${args.length + 1} given)`);
      out[i] = a;
    }
  });
  return out;
}

function tensorArg(x: unknown, fn: string, name = 'input'): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' (position 1) must be Tensor, not ${x === null ? 'NoneType' : typeof x}`);
  return x;
}

type IntList = number | readonly number[];

/** A number or list as n values: conv's `expected stride to be a single integer value or a list of n values`. */
function expand(v: IntList, n: number, name: string): number[] {
  if (typeof v === 'number') return Array(n).fill(v);
  if (v.length === 1) return Array(n).fill(v[0]);
  if (v.length !== n) {
    throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${v.join(', ')}]`);
  }
  return v.slice();
}

const shapeStr = (s: readonly number[]) => `[${s.join(', ')}]`;

// ---- convolution --------------------------------------------------------------------------------

/**
 * The checks of aten::convolution (PyTorch's words), then the op on batched input; unbatched
 * input (one dim less) gets a batch dim and loses it again.
 */
function conv(fn: string, nd: number, transposed: boolean, args: readonly unknown[]): Tensor {
  const names = transposed
    ? ['input', 'weight', 'bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation']
    : ['input', 'weight', 'bias', 'stride', 'padding', 'dilation', 'groups'];
  const defaults = transposed ? [null, null, null, 1, 0, 0, 1, 1] : [null, null, null, 1, 0, 1, 1];
  const v = parse(fn, args, names, defaults as unknown[]);
  const x0 = tensorArg(v[0], fn), w = tensorArg(v[1], fn, 'weight');
  const b = v[2] as Tensor | null;
  const strideArg = v[3] as IntList, paddingArg = v[4] as IntList | string;
  const dilationArg = (transposed ? v[7] : v[5]) as IntList, groups = (transposed ? v[6] : v[6]) as number;
  const outputPaddingArg = (transposed ? v[5] : 0) as IntList;
  if (x0.ndim !== nd + 1 && x0.ndim !== nd + 2) {
    throw new Error(`Expected ${nd + 1}D (unbatched) or ${nd + 2}D (batched) input to ${fn}, but got input of size: ${shapeStr(x0.shape_)}`);
  }
  const batched = x0.ndim === nd + 2;
  const x = batched ? x0 : x0.unsqueeze(0);
  if (w.ndim !== nd + 2) {
    // PyTorch reads the dimensionality off the weight, so a wrong weight shows as a stride mismatch
    const s = typeof strideArg === 'number' ? Array(nd).fill(strideArg) : strideArg;
    throw new Error(`expected stride to be a single integer value or a list of ${w.ndim - 2} values to match the convolution dimensions, but got stride=[${s.join(', ')}]`);
  }
  if (x.dtype !== w.dtype) throw new Error(`expected scalar type ${x.dtype.scalarName} but found ${w.dtype.scalarName}`);
  checkFloat(x, nd === 2 ? 'slow_conv2d_cpu' : nd === 3 ? 'slow_conv3d_cpu' : 'slow_conv2d_cpu');
  const stride = expand(strideArg, nd, 'stride'), dilation = expand(dilationArg, nd, 'dilation');
  const outputPadding = expand(outputPaddingArg, nd, 'output_padding');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (dilation.some((s) => s <= 0)) throw new Error('dilation should be greater than zero');
  if (groups <= 0) throw new Error('non-positive groups is not supported');
  const k = w.shape_.slice(2);
  let padding: number[];
  let pre: number[] | null = null; // 'same' with an odd total: PyTorch pads the input's far side first
  if (typeof paddingArg === 'string') {
    if (paddingArg === 'valid') padding = Array(nd).fill(0);
    else if (paddingArg === 'same') {
      if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
      padding = [];
      const extra: number[] = [];
      for (let i = 0; i < nd; i++) {
        const total = dilation[i] * (k[i] - 1);
        padding.push(Math.floor(total / 2));
        extra.push(total - 2 * Math.floor(total / 2));
      }
      if (extra.some((e) => e)) pre = extra;
    } else throw new Error(`Invalid padding string: '${paddingArg}'`);
  } else padding = expand(paddingArg, nd, 'padding');
  if (padding.some((p) => p < 0)) throw new Error('negative padding is not supported');
  const cin = x.shape_[1];
  if (transposed) {
    if (w.shape_[0] !== cin) {
      throw new Error(`Given transposed=1, weight of size ${shapeStr(w.shape_)}, expected input${shapeStr(x.shape_)} to have ${w.shape_[0]} channels, but got ${cin} channels instead`);
    }
    if (cin % groups !== 0) throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${shapeStr(w.shape_)}] instead`);
    const dimNames = nd === 1 ? [''] : nd === 2 ? ['_height', '_width'] : ['_depth', '_height', '_width'];
    if (outputPadding.some((p, i) => p >= stride[i] && p >= dilation[i])) {
      throw new Error(`output padding must be smaller than either stride or dilation, but got ${dimNames.map((d, i) => `output_padding${d}: ${outputPadding[i]}`).join(' ')} ${dimNames.map((d, i) => `stride${d}: ${stride[i]}`).join(' ')} ${dimNames.map((d, i) => `dilation${d}: ${dilation[i]}`).join(' ')}`);
    }
  } else {
    if (w.shape_[0] % groups !== 0) {
      throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${shapeStr(w.shape_)}] instead`);
    }
    if (w.shape_[1] * groups !== cin) {
      throw new Error(`Given groups=${groups}, weight of size ${shapeStr(w.shape_)}, expected input${shapeStr(x.shape_)} to have ${w.shape_[1] * groups} channels, but got ${cin} channels instead`);
    }
  }
  const cout = transposed ? w.shape_[1] * groups : w.shape_[0];
  if (b !== null && (b.ndim !== 1 || b.shape_[0] !== cout)) {
    throw new Error(`Given ${transposed ? 'transposed=1, ' : ''}weight of size ${shapeStr(w.shape_)}, expected bias to be 1-dimensional with ${cout} elements, but got bias of size ${shapeStr(b.shape_)} instead`);
  }
  let xin = x;
  if (pre) {
    // F.pad's pairs run from the last dim backwards; the extra goes on the far side
    const extra: number[] = [];
    for (let i = nd - 1; i >= 0; i--) extra.push(0, pre[i]);
    xin = pad(x, extra);
  }
  if (!transposed) {
    const size = xin.shape_.slice(2).map((s, i) => s + 2 * padding[i]);
    const eff = k.map((kk, i) => dilation[i] * (kk - 1) + 1);
    if (size.some((s, i) => s < eff[i])) {
      throw new Error(`Calculated padded input size per channel: (${size.join(' x ')}). Kernel size: (${eff.join(' x ')}). Kernel size can't be greater than actual input size`);
    }
  }
  const y = convolution(xin, w, b, { stride, padding, dilation, transposed, outputPadding, groups });
  return batched ? y : y.squeeze(0);
}

/** conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): `F.conv1d(x, w, b, {padding: 1})`. */
export function conv1d(...args: unknown[]): Tensor { return conv('conv1d', 1, false, args); }
/** conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): `F.conv2d(x, w, b, {stride: 2, padding: 'same'})`. */
export function conv2d(...args: unknown[]): Tensor { return conv('conv2d', 2, false, args); }
/** conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): `F.conv3d(x, w)`. */
export function conv3d(...args: unknown[]): Tensor { return conv('conv3d', 3, false, args); }
/** conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1). */
export function conv_transpose1d(...args: unknown[]): Tensor { return conv('conv_transpose1d', 1, true, args); }
/** conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1): `F.conv_transpose2d(x, w, null, {stride: 2})`. */
export function conv_transpose2d(...args: unknown[]): Tensor { return conv('conv_transpose2d', 2, true, args); }
/** conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1). */
export function conv_transpose3d(...args: unknown[]): Tensor { return conv('conv_transpose3d', 3, true, args); }

// ---- unfold / fold ------------------------------------------------------------------------------

/** unfold(input, kernel_size, dilation=1, padding=0, stride=1): sliding blocks as columns [N, C*kh*kw, L]. */
export function unfold(...args: unknown[]): Tensor {
  const [xa, ks, dl, pd, st] = parse('unfold', args, ['input', 'kernel_size', 'dilation', 'padding', 'stride'], [null, null, 1, 0, 1] as unknown[]);
  const x0 = tensorArg(xa, 'unfold');
  if (x0.ndim !== 3 && x0.ndim !== 4) {
    throw new Error(`Input Error: Only 3D or 4D input Tensors are supported (got ${x0.ndim}D)`);
  }
  checkFloat(x0, 'im2col_out_cpu');
  const k = expand(ks as IntList, 2, 'kernel_size'), d = expand(dl as IntList, 2, 'dilation');
  const p = expand(pd as IntList, 2, 'padding'), s = expand(st as IntList, 2, 'stride');
  const x = x0.ndim === 3 ? x0.unsqueeze(0) : x0;
  const out = x.shape_.slice(2).map((v, i) => convOut(v, k[i], s[i], p[i], d[i]));
  if (out.some((o) => o < 1)) {
    throw new Error(`Given input with spatial size (${x.shape_[2]}, ${x.shape_[3]}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), calculated shape of the array of sliding blocks as (${out.join(', ')}), but its components must be at least one.`);
  }
  const y = im2col(x, k, d, p, s);
  return x0.ndim === 3 ? y.squeeze(0) : y;
}

/** fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): sums columns back into an image. */
export function fold(...args: unknown[]): Tensor {
  const [xa, os, ks, dl, pd, st] = parse('fold', args, ['input', 'output_size', 'kernel_size', 'dilation', 'padding', 'stride'], [null, null, null, 1, 0, 1] as unknown[]);
  const x0 = tensorArg(xa, 'fold');
  if (x0.ndim !== 2 && x0.ndim !== 3) throw new Error(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${x0.ndim}D)`);
  checkFloat(x0, 'col2im_out_cpu');
  const size = expand(os as IntList, 2, 'output_size'), k = expand(ks as IntList, 2, 'kernel_size');
  const d = expand(dl as IntList, 2, 'dilation'), p = expand(pd as IntList, 2, 'padding'), s = expand(st as IntList, 2, 'stride');
  const x = x0.ndim === 2 ? x0.unsqueeze(0) : x0;
  const K = k[0] * k[1];
  if (x.shape_[1] % K !== 0) {
    throw new Error(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${x.shape_[1]} and kernel_size=(${k.join(', ')})`);
  }
  const out = size.map((v, i) => convOut(v, k[i], s[i], p[i], d[i]));
  if (out[0] * out[1] !== x.shape_[2]) {
    throw new Error(`Given output_size=(${size.join(', ')}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), stride=(${s.join(', ')}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${out[0]} * ${out[1]} = ${out[0] * out[1]}, but got input.size(2)=${x.shape_[2]}.`);
  }
  const y = col2im(x, size, k, d, p, s);
  return x0.ndim === 2 ? y.squeeze(0) : y;
}

// ---- pooling ------------------------------------------------------------------------------------

/** Checks a pooling input [.., C, H, W] (3-D or 4-D) and gives it as [planes, H, W]. */
function poolInput(x: Tensor, fn: string): void {
  if ((x.ndim !== 3 && x.ndim !== 4) || x.shape_.slice(1).some((d) => d === 0)) {
    throw new Error('non-empty 3D or 4D (batch mode) tensor expected for input');
  }
  checkFloat(x, fn);
}

function poolGeometry(x: Tensor, k: number[], s: number[], p: number[], d: number[], ceil: boolean): [number, number] {
  if (k.some((v) => v <= 0)) throw new Error(`kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  if (s.some((v) => v <= 0)) throw new Error('stride should not be zero');
  if (p.some((v, i) => v > Math.floor(k[i] / 2))) {
    const i = p.findIndex((v, j) => v > Math.floor(k[j] / 2));
    throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  }
  const H = x.shape_[x.ndim - 2], W = x.shape_[x.ndim - 1];
  const oh = poolOut(H, k[0], s[0], p[0], d[0], ceil), ow = poolOut(W, k[1], s[1], p[1], d[1], ceil);
  if (oh < 1 || ow < 1) {
    const c = x.shape_[x.ndim - 3];
    throw new Error(`Given input size: (${c}x${H}x${W}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`);
  }
  return [oh, ow];
}

const planesOf = (x: Tensor) => x.numel() / (x.shape_[x.ndim - 2] * x.shape_[x.ndim - 1]);

function maxPool2dImpl(fn: string, x: Tensor, ks: IntList, st: IntList | null, pd: IntList, dl: IntList, ceil: boolean): [Tensor, Tensor] {
  poolInput(x, 'max_pool2d');
  const k = expand(ks, 2, 'kernel_size'), s = st === null || (Array.isArray(st) && st.length === 0) ? k : expand(st, 2, 'stride');
  const p = expand(pd, 2, 'padding'), d = expand(dl, 2, 'dilation');
  if (d.some((v) => v <= 0)) throw new Error(`dilation should be greater than zero, but got dilationH: ${d[0]} dilationW: ${d[1]}`);
  const [oh, ow] = poolGeometry(x, k, s, p, d, ceil);
  const H = x.shape_[x.ndim - 2], W = x.shape_[x.ndim - 1];
  const win = poolWindows(planesOf(x), H, W, maxWindows(H, oh, k[0], s[0], p[0], d[0]), maxWindows(W, ow, k[1], s[1], p[1], d[1]), d[0], d[1], 0);
  void fn;
  return maxPool(x, win, 'MaxPool2DWithIndicesBackward0');
}

/** max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False): `F.max_pool2d(x, 2)`, `const [y, idx] = F.max_pool2d(x, 2, {return_indices: true})`. */
export function max_pool2d(...args: [...unknown[], { return_indices: true }]): [Tensor, Tensor];
export function max_pool2d(...args: unknown[]): Tensor;
export function max_pool2d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [xa, ks, st, pd, dl, ceil, ri] = parse('max_pool2d', args, ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'], [null, null, null, 0, 1, false, false] as unknown[]);
  const r = maxPool2dImpl('max_pool2d', tensorArg(xa, 'max_pool2d'), ks as IntList, st as IntList | null, pd as IntList, dl as IntList, ceil as boolean);
  return ri ? r : r[0];
}

/** max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export function max_pool1d(...args: [...unknown[], { return_indices: true }]): [Tensor, Tensor];
export function max_pool1d(...args: unknown[]): Tensor;
export function max_pool1d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [xa, ks, st, pd, dl, ceil, ri] = parse('max_pool1d', args, ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'], [null, null, null, 0, 1, false, false] as unknown[]);
  const x = tensorArg(xa, 'max_pool1d');
  if (x.ndim !== 2 && x.ndim !== 3) throw new Error(`max_pool1d() Expected 2D or 3D input tensor, but got ${shapeStr(x.shape_)}`);
  const one = (v: unknown) => [1, ...(typeof v === 'number' ? [v] : (v as number[]))];
  const st1 = st === null || (Array.isArray(st) && st.length === 0) ? null : [1, ...(typeof st === 'number' ? [st] : (st as number[]))];
  const [y, idx] = maxPool2dImpl('max_pool1d', x.unsqueeze(-2), one(ks), st1, [0, ...(typeof pd === 'number' ? [pd] : (pd as number[]))], one(dl), ceil as boolean);
  const ys = y.squeeze(-2), is = idx.squeeze(-2);
  return ri ? [ys, is] : ys;
}

/** max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None): the inverse of max_pool2d, zeros elsewhere. */
export function max_unpool2d(...args: unknown[]): Tensor {
  const [xa, ia, ks, st, pd, os] = parse('max_unpool2d', args, ['input', 'indices', 'kernel_size', 'stride', 'padding', 'output_size'], [null, null, null, null, 0, null] as unknown[]);
  const x = tensorArg(xa, 'max_unpool2d'), idx = tensorArg(ia, 'max_unpool2d', 'indices');
  const k = expand(ks as IntList, 2, 'kernel_size'), s = st === null ? k : expand(st as IntList, 2, 'stride');
  const p = expand(pd as IntList, 2, 'padding');
  const H = x.shape_[x.ndim - 2], W = x.shape_[x.ndim - 1];
  let size = [(H - 1) * s[0] - 2 * p[0] + k[0], (W - 1) * s[1] - 2 * p[1] + k[1]];
  if (os !== null) size = (os as number[]).slice(-2);
  const lead = x.shape_.slice(0, -2), planes = planesOf(x);
  const L = size[0] * size[1];
  const offsets = tensor(Array.from({ length: planes }, (_, i) => i * L), { dtype: int64, device: x.device }).reshape([planes, 1]);
  const flatIdx = idx.reshape([planes, H * W]).add(offsets).reshape([-1]);
  return named('MaxUnpool2DBackward0', [x], (xx) => zeros([planes * L], { dtype: x.dtype, device: x.device }).index_put([flatIdx], xx.reshape([-1])).reshape([...lead, size[0], size[1]]));
}

function avgPool2dImpl(x: Tensor, ks: IntList, st: IntList | null, pd: IntList, ceil: boolean, includePad: boolean, divisor: number | null): Tensor {
  poolInput(x, 'avg_pool2d');
  const k = expand(ks, 2, 'kernel_size'), s = st === null || (Array.isArray(st) && st.length === 0) ? k : expand(st, 2, 'stride');
  const p = expand(pd, 2, 'padding');
  if (divisor !== null && divisor === 0) throw new Error('divisor must be not zero');
  const [oh, ow] = poolGeometry(x, k, s, p, [1, 1], ceil);
  const H = x.shape_[x.ndim - 2], W = x.shape_[x.ndim - 1];
  const win = poolWindows(planesOf(x), H, W, avgWindows(H, oh, k[0], s[0], p[0], includePad), avgWindows(W, ow, k[1], s[1], p[1], includePad), 1, 1, divisor === null ? 1 : 3, divisor ?? 0);
  return avgPool(x, win, 'AvgPool2DBackward0');
}

/** avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None): `F.avg_pool2d(x, 2)`. */
export function avg_pool2d(...args: unknown[]): Tensor {
  const [xa, ks, st, pd, ceil, cip, dov] = parse('avg_pool2d', args, ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], [null, null, null, 0, false, true, null] as unknown[]);
  return avgPool2dImpl(tensorArg(xa, 'avg_pool2d'), ks as IntList, st as IntList | null, pd as IntList, ceil as boolean, cip as boolean, dov as number | null);
}

/** avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export function avg_pool1d(...args: unknown[]): Tensor {
  const [xa, ks, st, pd, ceil, cip] = parse('avg_pool1d', args, ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'], [null, null, null, 0, false, true] as unknown[]);
  const x = tensorArg(xa, 'avg_pool1d');
  if (x.ndim !== 2 && x.ndim !== 3) throw new Error(`avg_pool1d() Expected 2D or 3D input tensor, but got ${shapeStr(x.shape_)}`);
  const one = (v: unknown, d: number) => [d, ...(typeof v === 'number' ? [v] : (v as number[]))];
  const st1 = st === null || (Array.isArray(st) && st.length === 0) ? null : one(st, 1);
  return avgPool2dImpl(x.unsqueeze(-2), one(ks, 1), st1, one(pd, 0), ceil as boolean, cip as boolean, null).squeeze(-2);
}

function adaptiveSize(x: Tensor, os: unknown, n: number): number[] {
  const sizes = typeof os === 'number' ? Array(n).fill(os) : (os as (number | null)[]);
  return sizes.map((v, i) => v ?? x.shape_[x.ndim - n + i]);
}

function adaptive2d(fn: string, x: Tensor, size: number[], max: boolean): [Tensor, Tensor | null] {
  if ((x.ndim !== 3 && x.ndim !== 4) || x.shape_.slice(1).some((d) => d === 0)) {
    throw new Error(max ? `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${shapeStr(x.shape_)}` : `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${shapeStr(x.shape_)}`);
  }
  checkFloat(x, fn);
  const H = x.shape_[x.ndim - 2], W = x.shape_[x.ndim - 1];
  if (max) {
    const win = poolWindows(planesOf(x), H, W, adaptiveWindows(H, size[0]), adaptiveWindows(W, size[1]), 1, 1, 0);
    return maxPool(x, win, 'AdaptiveMaxPool2DBackward0');
  }
  // PyTorch takes a global average as a mean (MeanBackward1)
  if (size[0] === 1 && size[1] === 1) return [x.mean([-1, -2], true), null];
  const win = poolWindows(planesOf(x), H, W, adaptiveWindows(H, size[0]), adaptiveWindows(W, size[1]), 1, 1, 2);
  return [avgPool(x, win, 'AdaptiveAvgPool2DBackward0'), null];
}

/** adaptive_avg_pool2d(input, output_size): `F.adaptive_avg_pool2d(x, [1, 1])` (null keeps a size). */
export function adaptive_avg_pool2d(...args: unknown[]): Tensor {
  const [xa, os] = parse('adaptive_avg_pool2d', args, ['input', 'output_size'], [null, null] as unknown[]);
  const x = tensorArg(xa, 'adaptive_avg_pool2d');
  return adaptive2d('adaptive_avg_pool2d', x, adaptiveSize(x, os, 2), false)[0];
}
/** adaptive_max_pool2d(input, output_size, return_indices=False). */
export function adaptive_max_pool2d(...args: [...unknown[], { return_indices: true }]): [Tensor, Tensor];
export function adaptive_max_pool2d(...args: unknown[]): Tensor;
export function adaptive_max_pool2d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [xa, os, ri] = parse('adaptive_max_pool2d', args, ['input', 'output_size', 'return_indices'], [null, null, false] as unknown[]);
  const x = tensorArg(xa, 'adaptive_max_pool2d');
  const r = adaptive2d('adaptive_max_pool2d', x, adaptiveSize(x, os, 2), true) as [Tensor, Tensor];
  return ri ? r : r[0];
}
/** adaptive_avg_pool1d(input, output_size). */
export function adaptive_avg_pool1d(...args: unknown[]): Tensor {
  const [xa, os] = parse('adaptive_avg_pool1d', args, ['input', 'output_size'], [null, null] as unknown[]);
  const x = tensorArg(xa, 'adaptive_avg_pool1d');
  if (x.ndim !== 2 && x.ndim !== 3) throw new Error(`adaptive_avg_pool1d() argument 'input' (position 1) must be 2D or 3D, but got ${x.ndim}D`);
  const size = typeof os === 'number' ? os : (os as number[])[0];
  return adaptive2d('adaptive_avg_pool2d', x.unsqueeze(-2), [1, size], false)[0].squeeze(-2);
}
/** adaptive_max_pool1d(input, output_size, return_indices=False). */
export function adaptive_max_pool1d(...args: [...unknown[], { return_indices: true }]): [Tensor, Tensor];
export function adaptive_max_pool1d(...args: unknown[]): Tensor;
export function adaptive_max_pool1d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [xa, os, ri] = parse('adaptive_max_pool1d', args, ['input', 'output_size', 'return_indices'], [null, null, false] as unknown[]);
  const x = tensorArg(xa, 'adaptive_max_pool1d');
  if (x.ndim !== 2 && x.ndim !== 3) throw new Error(`adaptive_max_pool1d() argument 'input' (position 1) must be 2D or 3D, but got ${x.ndim}D`);
  const size = typeof os === 'number' ? os : (os as number[])[0];
  const [y, idx] = adaptive2d('adaptive_max_pool2d', x.unsqueeze(-2), [1, size], true) as [Tensor, Tensor];
  return ri ? [y.squeeze(-2), idx.squeeze(-2)] : y.squeeze(-2);
}

/** lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False): PyTorch's composition over avg_pool2d. */
export function lp_pool2d(...args: unknown[]): Tensor {
  const [xa, nt, ks, st, ceil] = parse('lp_pool2d', args, ['input', 'norm_type', 'kernel_size', 'stride', 'ceil_mode'], [null, null, null, null, false] as unknown[]);
  const x = tensorArg(xa, 'lp_pool2d');
  const [kw, kh] = expand(ks as IntList, 2, 'kernel_size');
  const out = st !== null ? avg_pool2d(x.pow(nt as number), ks, st, 0, ceil) : avg_pool2d(x.pow(nt as number), ks, { padding: 0, ceil_mode: ceil });
  return out.sign().mul(out.abs().relu()).mul(kw * kh).pow(1 / (nt as number));
}

/** lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool1d(...args: unknown[]): Tensor {
  const [xa, nt, ks, st, ceil] = parse('lp_pool1d', args, ['input', 'norm_type', 'kernel_size', 'stride', 'ceil_mode'], [null, null, null, null, false] as unknown[]);
  const x = tensorArg(xa, 'lp_pool1d');
  const out = st !== null ? avg_pool1d(x.pow(nt as number), ks, st, 0, ceil) : avg_pool1d(x.pow(nt as number), ks, { padding: 0, ceil_mode: ceil });
  return out.sign().mul(out.abs().relu()).mul(ks as number).pow(1 / (nt as number));
}

// ---- padding ------------------------------------------------------------------------------------

/** pad(input, pad, mode='constant', value=None): pad pairs from the last dim backwards, as in PyTorch. */
export function pad(...args: unknown[]): Tensor {
  const [xa, pads, mode, value] = parse('pad', args, ['input', 'pad', 'mode', 'value'], [null, null, 'constant', null] as unknown[]);
  const x = tensorArg(xa, 'pad');
  const p = pads as number[];
  if (p.length % 2 !== 0) throw new Error('Padding length must be divisible by 2');
  if (p.length / 2 > x.ndim) throw new Error('Padding length should be less than or equal to two times the input dimension but got padding length ' + p.length + ' and input of dimension ' + x.ndim);
  const m = mode as string;
  if (m === 'constant') return constantPad(x, p, (value as number | null) ?? 0);
  const nd = p.length / 2;
  if (!(nd >= 1 && nd <= 3 && x.ndim >= nd + 1 && x.ndim <= nd + 2)) {
    throw new Error('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  }
  if (m !== 'reflect' && m !== 'replicate' && m !== 'circular') throw new Error(`Unrecognised padding mode ${m}`);
  const idxs: [number, Tensor][] = [];
  for (let i = 0; i < nd; i++) {
    const dim = x.ndim - 1 - i, before = p[2 * i], after = p[2 * i + 1], n = x.shape_[dim];
    if (m === 'reflect' && (before >= n || after >= n)) {
      throw new Error(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input ${shapeStr(x.shape_)}`);
    }
    if (m === 'circular' && (before > n || after > n)) throw new Error('Padding value causes wrapping around more than once.');
    const idx: number[] = [];
    for (let j = -before; j < n + after; j++) {
      if (m === 'reflect') idx.push(j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j);
      else if (m === 'replicate') idx.push(Math.min(Math.max(j, 0), n - 1));
      else idx.push(((j % n) + n) % n);
    }
    idxs.push([dim, tensor(idx, { dtype: int64, device: x.device })]);
  }
  const name = m === 'circular' ? 'CopySlices' : `${m === 'reflect' ? 'Reflection' : 'Replication'}Pad${nd}DBackward0`;
  return resample(x, idxs.map(([dim, idx]) => ({ dim, taps: [{ idx, w: null }] })), name);
}

/** One dim of a separable resampling: out[.., j, ..] = sum_k w_k[j] * x[.., idx_k[j], ..]. */
interface Axis { dim: number; taps: { idx: Tensor; w: Tensor | null }[] }

function applyAxis(x: Tensor, a: Axis): Tensor {
  let y: Tensor | null = null;
  for (const { idx, w } of a.taps) {
    let t = x.index_select(a.dim, idx);
    if (w) t = t.mul(w);
    y = y ? y.add(t) : t;
  }
  return y as Tensor;
}

/** applyAxis's adjoint: each tap's share of g added back at its indices (index_put, accumulate). */
function adjointAxis(g: Tensor, a: Axis, size: number): Tensor {
  const moved = g.transpose(0, a.dim);
  let acc = zeros([size, ...moved.shape_.slice(1)], { dtype: g.dtype, device: g.device });
  for (const { idx, w } of a.taps) {
    const share = w ? g.mul(w).transpose(0, a.dim) : moved;
    acc = acc.index_put([idx], share, true);
  }
  return acc.transpose(0, a.dim);
}

/**
 * Padding (reflect/replicate/circular) and interpolation as gathers with weights along each dim,
 * recorded as one node with PyTorch's name whose backward is the adjoint (itself differentiable).
 */
function resample(x: Tensor, axes: Axis[], name: string): Tensor {
  const forward = (t: Tensor) => axes.reduce(applyAxis, t);
  if (!needsGrad(x)) return forward(x);
  const y = no_grad(() => forward(x));
  const sizes = axes.map((a) => x.shape_[a.dim]);
  // the taps' index and weight tensors were made in the caller's scope (a torch.tidy frees them):
  // they reach the backward saved, and the axes are rebuilt from the saved aliases there
  const taps = axes.flatMap((a) => a.taps.flatMap((t) => [t.idx, t.w]));
  record(name, [x], [y], taps, (gs, saved) => {
    let k = 0;
    const kept = axes.map((a) => ({ dim: a.dim, taps: a.taps.map(() => ({ idx: saved[k++], w: saved[k++] as Tensor | null })) }));
    return [kept.reduceRight((g, a, i) => adjointAxis(g, a, sizes[i]), gs[0] as Tensor)];
  });
  return y;
}

function constantPad(x: Tensor, p: number[], value: number): Tensor {
  const outShape = x.shape_.slice();
  const nd = p.length / 2;
  for (let i = 0; i < nd; i++) {
    const dim = x.ndim - 1 - i;
    outShape[dim] = x.shape_[dim] + p[2 * i] + p[2 * i + 1];
    if (outShape[dim] < 0) {
      throw new Error(`The input size ${x.shape_[dim]}, plus negative padding ${p[2 * i]} and ${p[2 * i + 1]} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`);
    }
  }
  if (!needsGrad(x)) return constantPadRaw(x, p, outShape, value);
  const y = no_grad(() => constantPadRaw(x, p, outShape, value));
  record('ConstantPadNdBackward0', [x], [y], [], (gs) => [constantPad(gs[0] as Tensor, p.map((v) => -v), 0)]);
  return y;
}

function constantPadRaw(x: Tensor, p: number[], outShape: number[], value: number): Tensor {
  const nd = p.length / 2;
  let src = x;
  for (let i = 0; i < nd; i++) {
    const dim = x.ndim - 1 - i, lo = Math.max(0, -p[2 * i]), hi = Math.max(0, -p[2 * i + 1]);
    if (lo || hi) src = src.narrow(dim, lo, src.shape_[dim] - lo - hi);
  }
  const out = Tensor.empty(outShape, x.dtype, x);
  no_grad(() => out.fill_(value));
  let dst = out;
  for (let i = 0; i < nd; i++) {
    const dim = x.ndim - 1 - i, lo = Math.max(0, p[2 * i]);
    dst = dst.narrow(dim, lo, src.shape_[dim]);
  }
  dst.copy_(src);
  return out;
}

// ---- interpolation ------------------------------------------------------------------------------

const f32 = Math.fround;

/** Rounding to the kernel's scalar type: float32 inputs compute their indices and weights in float. */
type Round = (v: number) => number;
const exact: Round = (v) => v;

/** PyTorch's area_pixel_compute_scale. */
function pixelScale(inSize: number, outSize: number, alignCorners: boolean, scale: number | null, r: Round): number {
  if (alignCorners) return outSize > 1 ? r((inSize - 1) / (outSize - 1)) : 0;
  return scale !== null && scale > 0 ? r(1 / scale) : r(inSize / outSize);
}

/** PyTorch's area_pixel_compute_source_index. */
function sourceIndex(scale: number, dst: number, alignCorners: boolean, cubic: boolean, r: Round): number {
  if (alignCorners) return r(scale * dst);
  const src = r(r(scale * (dst + 0.5)) - 0.5);
  return !cubic && src < 0 ? 0 : src;
}

function cubicWeights(t: number, r: Round): number[] {
  const A = -0.75;
  const c1 = (x: number) => r(r(r(r(r((A + 2) * x) - (A + 3)) * x) * x) + 1);
  const c2 = (x: number) => r(r(r(r(r(r(A * x) - 5 * A) * x) + 8 * A) * x) - 4 * A);
  return [c2(r(t + 1)), c1(t), c1(r(1 - t)), c2(r(2 - t))];
}

/** The taps of one interpolated dim. */
function interpAxis(x: Tensor, dim: number, outSize: number, mode: string, alignCorners: boolean, scale: number | null): Axis {
  const inSize = x.shape_[dim];
  const idx = (v: number[]) => tensor(v, { dtype: int64, device: x.device });
  const wt = (v: number[]) => tensor(v, { dtype: x.dtype, device: x.device }).reshape([outSize, ...Array(x.ndim - 1 - dim).fill(1)]);
  const r: Round = x.dtype === float64 ? exact : f32;
  const s = pixelScale(inSize, outSize, alignCorners, scale, r);
  if (mode === 'nearest') {
    const ns = scale !== null && scale > 0 ? f32(1 / scale) : f32(inSize / outSize);
    const v = Array.from({ length: outSize }, (_, j) => (outSize === inSize ? j : outSize === 2 * inSize ? j >> 1 : Math.min(Math.floor(f32(j * ns)), inSize - 1)));
    return { dim, taps: [{ idx: idx(v), w: null }] };
  }
  if (mode === 'nearest-exact') {
    const ns = scale !== null && scale > 0 ? f32(1 / scale) : f32(inSize / outSize);
    const v = Array.from({ length: outSize }, (_, j) => Math.min(Math.floor(f32((j + 0.5) * ns)), inSize - 1));
    return { dim, taps: [{ idx: idx(v), w: null }] };
  }
  if (mode === 'linear' || mode === 'bilinear' || mode === 'trilinear') {
    const i0: number[] = [], i1: number[] = [], w0: number[] = [], w1: number[] = [];
    for (let j = 0; j < outSize; j++) {
      const src = sourceIndex(s, j, alignCorners, false, r);
      const a = Math.floor(src), b = a + (a < inSize - 1 ? 1 : 0);
      const l1 = r(src - a);
      i0.push(a); i1.push(b); w0.push(r(1 - l1)); w1.push(l1);
    }
    return { dim, taps: [{ idx: idx(i0), w: wt(w0) }, { idx: idx(i1), w: wt(w1) }] };
  }
  // bicubic: four taps, indices clamped to the input
  const taps: number[][] = [[], [], [], []], ws: number[][] = [[], [], [], []];
  for (let j = 0; j < outSize; j++) {
    const src = sourceIndex(s, j, alignCorners, true, r);
    const a = Math.floor(src), c = cubicWeights(r(src - a), r);
    for (let k = 0; k < 4; k++) {
      taps[k].push(Math.min(Math.max(a - 1 + k, 0), inSize - 1));
      ws[k].push(c[k]);
    }
  }
  return { dim, taps: taps.map((t, k) => ({ idx: idx(t), w: wt(ws[k]) })) };
}

/** interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False). */
export function interpolate(...args: unknown[]): Tensor {
  const [xa, size, sf, modeArg, ac, rsf, aa] = parse('interpolate', args, ['input', 'size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor', 'antialias'], [null, null, null, 'nearest', null, null, false] as unknown[]);
  const x = tensorArg(xa, 'interpolate');
  const mode = modeArg as string, nd = x.ndim - 2;
  if (aa) throw new Error('Anti-alias option is not supported by webtorch');
  const modes: Record<string, number> = { nearest: 0, 'nearest-exact': 0, area: 0, linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };
  if (!(mode in modes)) {
    throw new Error(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${x.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  }
  if (modes[mode] && modes[mode] !== nd) {
    const want = { 1: '3D', 2: '4D', 3: '5D' }[modes[mode]];
    throw new Error(`Got ${x.ndim}D input, but ${mode} mode needs ${want} input`);
  }
  if ((mode === 'nearest' || mode === 'nearest-exact' || mode === 'area') && ac !== null) throw new Error('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
  const alignCorners = (ac as boolean | null) ?? false;
  if ((size === null) === (sf === null)) throw new Error(size === null ? 'either size or scale_factor should be defined' : 'only one of size or scale_factor should be defined');
  let outSize: number[], scales: (number | null)[];
  if (size !== null) {
    outSize = typeof size === 'number' ? Array(nd).fill(size) : (size as number[]).slice();
    if (outSize.length !== nd) throw new Error(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${x.shape_.slice(2).join(', ')}] and output size of [${outSize.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
    scales = Array(nd).fill(null);
  } else {
    const sfs = typeof sf === 'number' ? Array(nd).fill(sf) : (sf as number[]).slice();
    outSize = sfs.map((v, i) => Math.floor(x.shape_[2 + i] * v));
    scales = rsf ? Array(nd).fill(null) : sfs;
  }
  if (mode === 'area') {
    // PyTorch's 'area' is adaptive average pooling to the output size
    if (nd === 1) return adaptive_avg_pool1d(x, outSize[0]);
    if (nd === 2) return adaptive_avg_pool2d(x, outSize);
    throw new Error("interpolate: mode 'area' supports 3-D and 4-D input in webtorch");
  }
  const axes = outSize.map((o, i) => interpAxis(x, 2 + i, o, mode, alignCorners, scales[i]));
  const kind = mode === 'nearest' ? 'Nearest' : mode === 'nearest-exact' ? 'NearestExact' : mode === 'bicubic' ? 'Bicubic' : mode === 'linear' ? 'Linear' : mode === 'bilinear' ? 'Bilinear' : 'Trilinear';
  return resample(x, axes, `Upsample${kind}${nd}DBackward1`);
}

/** upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None): interpolate's deprecated alias. */
export function upsample(...args: unknown[]): Tensor {
  const [xa, size, sf, mode, ac] = parse('upsample', args, ['input', 'size', 'scale_factor', 'mode', 'align_corners'], [null, null, null, 'nearest', null] as unknown[]);
  return interpolate(xa, { size, scale_factor: sf, mode, align_corners: ac });
}

// ---- pixel shuffle ------------------------------------------------------------------------------

function shuffle(x: Tensor, r: number, up: boolean): Tensor {
  const lead = x.shape_.slice(0, -3), [c, h, w] = x.shape_.slice(-3), L = lead.length;
  if (up) {
    const oc = c / (r * r);
    return x.reshape([...lead, oc, r, r, h, w]).permute([...lead.map((_, i) => i), L, L + 3, L + 1, L + 4, L + 2]).reshape([...lead, oc, h * r, w * r]);
  }
  return x.reshape([...lead, c, h / r, r, w / r, r]).permute([...lead.map((_, i) => i), L, L + 2, L + 4, L + 1, L + 3]).reshape([...lead, c * r * r, h / r, w / r]);
}

/** pixel_shuffle(input, upscale_factor): [*, C*r*r, H, W] -> [*, C, H*r, W*r]. */
export function pixel_shuffle(...args: unknown[]): Tensor {
  const [xa, r] = parse('pixel_shuffle', args, ['input', 'upscale_factor'], [null, null] as unknown[]) as [Tensor, number];
  const x = tensorArg(xa, 'pixel_shuffle');
  if (x.ndim < 3) throw new Error(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`);
  if (x.shape_[x.ndim - 3] % (r * r) !== 0) {
    throw new Error(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${x.shape_[x.ndim - 3]} is not divisible by ${r * r}`);
  }
  if (!needsGrad(x)) return shuffle(x, r, true);
  const y = no_grad(() => shuffle(x, r, true).contiguous());
  record('PixelShuffleBackward0', [x], [y], [], (gs) => [pixel_unshuffle(gs[0] as Tensor, r)]);
  return y;
}

/** pixel_unshuffle(input, downscale_factor): [*, C, H*r, W*r] -> [*, C*r*r, H, W]. */
export function pixel_unshuffle(...args: unknown[]): Tensor {
  const [xa, r] = parse('pixel_unshuffle', args, ['input', 'downscale_factor'], [null, null] as unknown[]) as [Tensor, number];
  const x = tensorArg(xa, 'pixel_unshuffle');
  if (x.ndim < 3) throw new Error(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`);
  const h = x.shape_[x.ndim - 2], w = x.shape_[x.ndim - 1];
  if (h % r !== 0) throw new Error(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new Error(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  if (!needsGrad(x)) return shuffle(x, r, false);
  const y = no_grad(() => shuffle(x, r, false).contiguous());
  record('PixelUnshuffleBackward0', [x], [y], [], (gs) => [pixel_shuffle(gs[0] as Tensor, r)]);
  return y;
}

// ---- normalisation ------------------------------------------------------------------------------

/**
 * instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
 * use_input_stats=True, momentum=0.1, eps=1e-5): each (sample, channel) plane normalised by its
 * own mean and biased variance; running stats (if given) updated with the unbiased variance.
 */
export function instance_norm(...args: unknown[]): Tensor {
  const [xa, rm, rv, wt, bs, useInput, momentum, eps] = parse('instance_norm', args,
    ['input', 'running_mean', 'running_var', 'weight', 'bias', 'use_input_stats', 'momentum', 'eps'], [null, null, null, null, null, true, 0.1, 1e-5] as unknown[]);
  const x = tensorArg(xa, 'instance_norm');
  const runMean = rm as Tensor | null, runVar = rv as Tensor | null, weight = wt as Tensor | null, bias = bs as Tensor | null;
  const dims = x.shape_.slice(2).map((_, i) => i + 2);
  const n = dims.reduce((p, d) => p * x.shape_[d], 1);
  if (useInput && n <= 1) throw new Error(`Expected more than 1 spatial element when training, got input size ${shapeStr(x.shape_)}`);
  const bshape = [1, x.shape_[1], ...dims.map(() => 1)];
  let y: Tensor;
  if (useInput) {
    const mean = x.mean(dims, true);
    const centered = x.sub(mean);
    const v = centered.pow(2).mean(dims, true);
    y = centered.div(v.add(eps as number).sqrt());
    if (runMean || runVar) {
      no_grad(() => {
        const m = momentum as number;
        if (runMean) runMean.mul_(1 - m).add_(mean.reshape([x.shape_[0], x.shape_[1]]).mean(0).mul(m));
        if (runVar) runVar.mul_(1 - m).add_(v.reshape([x.shape_[0], x.shape_[1]]).mean(0).mul((m * n) / (n - 1)));
      });
    }
  } else {
    y = x.sub((runMean as Tensor).reshape(bshape)).div((runVar as Tensor).reshape(bshape).add(eps as number).sqrt());
  }
  if (weight) y = y.mul(weight.reshape(bshape));
  if (bias) y = y.add(bias.reshape(bshape));
  // PyTorch normalises a [1, N*C, ...] view and views the result back (ViewBackward0)
  return y.view([...x.shape_]);
}

/** local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): PyTorch's composition over avg_pool. */
export function local_response_norm(...args: unknown[]): Tensor {
  const [xa, sz, alpha, beta, k] = parse('local_response_norm', args, ['input', 'size', 'alpha', 'beta', 'k'], [null, null, 1e-4, 0.75, 1] as unknown[]);
  const x = tensorArg(xa, 'local_response_norm');
  const size = sz as number;
  if (x.ndim < 3) throw new Error(`Expected 3D or higher dimensionality input (got ${x.ndim} dimensions)`);
  if (x.numel() === 0) return x;
  let div = x.mul(x).unsqueeze(1);
  if (x.ndim === 3) {
    div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
    div = (avg_pool2d(div, [size, 1], { stride: 1 }) as Tensor).squeeze(1);
  } else {
    const sizes = x.shape_.slice();
    div = div.reshape([sizes[0], 1, sizes[1], -1]);
    div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
    div = (avg_pool2d(div, [size, 1], { stride: 1 }) as Tensor).squeeze(1).reshape(sizes);
  }
  div = div.mul(alpha as number).add(k as number).pow(beta as number);
  return x.div(div);
}

/**
 * A composition recorded as one node `name` (PyTorch runs these as one kernel): the composition
 * runs on aliases of the inputs, and the node's backward differentiates it there: under create_graph
 * its gradients are differentiable in the incoming gradient, not in the inputs (PyTorch has no
 * double backward for grid_sampler either).
 */
function named(name: string, inputs: Tensor[], compose: (...xs: Tensor[]) => Tensor): Tensor {
  if (!needsGrad(...inputs)) return compose(...inputs);
  const aliases = inputs.map((t) => t.detach().requires_grad_(t.requires_grad));
  const inner = compose(...aliases);
  const y = inner.detach();
  const wanted = aliases.filter((a) => a.requires_grad);
  record(name, inputs, [y], [], (gs) => {
    const got = autogradGrad([inner], wanted, { grad_outputs: [gs[0] as Tensor], retain_graph: true, allow_unused: true, create_graph: is_grad_enabled() });
    let k = 0;
    return aliases.map((a) => (a.requires_grad ? got[k++] : null));
  });
  return y;
}

// ---- spatial transformers -----------------------------------------------------------------------

function linspaceGrid(n: number, alignCorners: boolean): number[] {
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => {
    const v = -1 + (2 * i) / (n - 1);
    return alignCorners ? v : (v * (n - 1)) / n;
  });
}

/** affine_grid(theta, size, align_corners=None): the sampling grid [N, H, W, 2] of a 2-D affine transform. */
export function affine_grid(...args: unknown[]): Tensor {
  const [ta, sz, ac] = parse('affine_grid', args, ['theta', 'size', 'align_corners'], [null, null, null] as unknown[]);
  const theta = tensorArg(ta, 'affine_grid', 'theta');
  const size = sz as number[];
  if (size.length !== 4) throw new Error('affine_grid only supports 4D sizes, for 2D affine transformations (webtorch)');
  const [N, , H, W] = size;
  if (theta.ndim !== 3 || theta.shape_[1] !== 2 || theta.shape_[2] !== 3) {
    throw new Error(`Expected a batch of 2D affine matrices of shape Nx2x3 for size ${shapeStr(size)}. Got ${shapeStr(theta.shape_)}.`);
  }
  const xs = linspaceGrid(W, (ac as boolean | null) ?? false), ys = linspaceGrid(H, (ac as boolean | null) ?? false);
  const base: number[] = [];
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) base.push(xs[j], ys[i], 1);
  const grid = tensor(base, { dtype: theta.dtype, device: theta.device }).reshape([1, H * W, 3]);
  return named('AffineGridGeneratorBackward0', [theta], (t) => grid.matmul(t.transpose(1, 2)).reshape([N, H, W, 2]));
}

/**
 * grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None): bilinear or
 * nearest sampling of 4-D input at grid's normalised (x, y), zeros outside (padding 'border'
 * clamps); composed of gathers, so input and grid both get gradients.
 */
export function grid_sample(...args: unknown[]): Tensor {
  const [xa, ga, modeA, padA, ac] = parse('grid_sample', args, ['input', 'grid', 'mode', 'padding_mode', 'align_corners'], [null, null, 'bilinear', 'zeros', null] as unknown[]);
  const x = tensorArg(xa, 'grid_sample'), grid = tensorArg(ga, 'grid_sample', 'grid');
  const mode = modeA as string, padMode = padA as string, align = (ac as boolean | null) ?? false;
  if (x.ndim !== 4) throw new Error('grid_sample supports 4-D input in webtorch');
  if (mode !== 'bilinear' && mode !== 'nearest') throw new Error(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  if (padMode !== 'zeros' && padMode !== 'border') throw new Error(`grid_sample: padding_mode '${padMode}' is not supported by webtorch`);
  return named('GridSampler2DBackward0', [x, grid], (xx, gg) => gridSample(xx, gg, mode, padMode, align));
}

function gridSample(x: Tensor, grid: Tensor, mode: string, padMode: string, align: boolean): Tensor {
  const [N, C, H, W] = x.shape_;
  const [, oh, ow] = grid.shape_;
  const unnorm = (g: Tensor, size: number) => (align ? g.add(1).div(2).mul(size - 1) : g.add(1).mul(size).sub(1).div(2));
  let ix = unnorm(grid.select(3, 0), W), iy = unnorm(grid.select(3, 1), H);
  if (padMode === 'border') {
    ix = ix.clamp(0, W - 1);
    iy = iy.clamp(0, H - 1);
  }
  const flat = x.reshape([N, C, H * W]);
  const sample = (xi: Tensor, yi: Tensor): Tensor => {
    // gathers at integer (xi, yi), zero where outside the input
    const inside = xi.ge(0).logical_and(xi.le(W - 1)).logical_and(yi.ge(0)).logical_and(yi.le(H - 1));
    const idx = yi.clamp(0, H - 1).mul(W).add(xi.clamp(0, W - 1)).to(int64).reshape([N, 1, oh * ow]).expand([N, C, oh * ow]);
    return flat.gather(2, idx).reshape([N, C, oh, ow]).mul(inside.unsqueeze(1).to(x.dtype));
  };
  if (mode === 'nearest') return sample(ix.round().detach(), iy.round().detach());
  const x0 = ix.floor().detach(), y0 = iy.floor().detach();
  const x1 = x0.add(1), y1 = y0.add(1);
  const wx1 = ix.sub(x0), wx0 = x1.sub(ix), wy1 = iy.sub(y0), wy0 = y1.sub(iy);
  const w = (a: Tensor, b: Tensor) => a.mul(b).unsqueeze(1);
  return sample(x0, y0).mul(w(wx0, wy0)).add(sample(x1, y0).mul(w(wx1, wy0)))
    .add(sample(x0, y1).mul(w(wx0, wy1))).add(sample(x1, y1).mul(w(wx1, wy1)));
}

// ---- 3-D pooling (composed) ---------------------------------------------------------------------

/**
 * 3-D pooling composed from 3-D im2col: the input padded (with -inf for max, 0 for average; the
 * far side further when ceil_mode adds a window), its windows as columns, then amax or a sum over
 * each window divided by PyTorch's divisor, recorded as one node with PyTorch's name. Values and
 * gradients are PyTorch's (a max tied within a window shares its gradient, where PyTorch gives it
 * to the first).
 */
function pool3d(fn: string, x0: Tensor, ks: IntList, st: IntList | null, pd: IntList, dl: IntList, ceil: boolean, max: boolean,
  includePad = true, divisor: number | null = null): Tensor {
  if (x0.ndim !== 4 && x0.ndim !== 5) throw new Error(`non-empty 4D or 5D (batch mode) tensor expected for input`);
  checkFloat(x0, fn);
  return named(max ? 'MaxPool3DWithIndicesBackward0' : 'AvgPool3DBackward0', [x0], (xx) => pool3dComposed(xx, ks, st, pd, dl, ceil, max, includePad, divisor));
}

function pool3dComposed(x0: Tensor, ks: IntList, st: IntList | null, pd: IntList, dl: IntList, ceil: boolean, max: boolean,
  includePad: boolean, divisor: number | null): Tensor {
  const x = x0.ndim === 4 ? x0.unsqueeze(0) : x0;
  const k = expand(ks, 3, 'kernel_size'), s = st === null || (Array.isArray(st) && st.length === 0) ? k : expand(st, 3, 'stride');
  const p = expand(pd, 3, 'padding'), d = expand(dl, 3, 'dilation');
  if (s.some((v) => v <= 0)) throw new Error('stride should not be zero');
  const i = p.findIndex((v, j) => v > Math.floor(k[j] / 2));
  if (i >= 0) throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  const size = x.shape_.slice(2);
  const out = size.map((v, j) => poolOut(v, k[j], s[j], p[j], d[j], ceil));
  if (out.some((o) => o < 1)) {
    throw new Error(`Given input size: (${x.shape_[1]}x${size.join('x')}). Calculated output size: (${x.shape_[1]}x${out.join('x')}). Output size is too small`);
  }
  const [n, c] = x.shape_;
  const pads: number[] = [];
  for (let j = 2; j >= 0; j--) {
    const need = (out[j] - 1) * s[j] + d[j] * (k[j] - 1) + 1;
    pads.push(p[j], p[j] + Math.max(0, need - (size[j] + 2 * p[j])));
  }
  const planes = x.reshape([n * c, 1, ...size]);
  const padded = pad(planes, pads, 'constant', max ? -Infinity : 0);
  const cols = im2col(padded, k, d, [0, 0, 0], s);
  let y: Tensor;
  if (max) y = cols.amax(1);
  else {
    const w = [0, 1, 2].map((j) => avgWindows(size[j], out[j], k[j], s[j], p[j], includePad)[2]);
    const div: number[] = [];
    for (const a of w[0]) for (const b of w[1]) for (const e of w[2]) div.push(divisor ?? a * b * e);
    y = cols.sum(1).div(tensor(div, { dtype: x.dtype, device: x.device }));
  }
  const r = y.reshape([n, c, ...out]);
  return x0.ndim === 4 ? r.squeeze(0) : r;
}

/** max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False): indices are not available for 3-D in webtorch. */
export function max_pool3d(...args: unknown[]): Tensor {
  const [xa, ks, st, pdd, dl, ceil, ri] = parse('max_pool3d', args, ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'], [null, null, null, 0, 1, false, false] as unknown[]);
  if (ri) throw new Error('max_pool3d: return_indices is not supported by webtorch');
  return pool3d('max_pool3d', tensorArg(xa, 'max_pool3d'), ks as IntList, st as IntList | null, pdd as IntList, dl as IntList, ceil as boolean, true);
}

/** avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export function avg_pool3d(...args: unknown[]): Tensor {
  const [xa, ks, st, pdd, ceil, cip, dov] = parse('avg_pool3d', args, ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], [null, null, null, 0, false, true, null] as unknown[]);
  return pool3d('avg_pool3d', tensorArg(xa, 'avg_pool3d'), ks as IntList, st as IntList | null, pdd as IntList, 1, ceil as boolean, false, cip as boolean, dov as number | null);
}

/**
 * adaptive_avg_pool3d(input, output_size): separable (each dim averages its adaptive windows, as
 * weighted gathers), one AdaptiveAvgPool3DBackward0 node; equal to PyTorch's sum / (kd*kh*kw) up
 * to rounding.
 */
export function adaptive_avg_pool3d(...args: unknown[]): Tensor {
  const [xa, os] = parse('adaptive_avg_pool3d', args, ['input', 'output_size'], [null, null] as unknown[]);
  const x = tensorArg(xa, 'adaptive_avg_pool3d');
  if ((x.ndim !== 4 && x.ndim !== 5) || x.shape_.slice(1).some((d) => d === 0)) {
    throw new Error(`adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got ${shapeStr(x.shape_)}`);
  }
  checkFloat(x, 'adaptive_avg_pool3d_cpu');
  const size = adaptiveSize(x, os, 3);
  const axes: Axis[] = size.map((out, j) => {
    const dim = x.ndim - 3 + j, inSize = x.shape_[dim];
    const [st, ct] = adaptiveWindows(inSize, out);
    const taps = Math.max(...ct);
    return {
      dim,
      taps: Array.from({ length: taps }, (_, k) => ({
        // windows shorter than the longest get zero-weight taps (at an index inside the input)
        idx: tensor(st.map((a, o) => Math.min(a + k, a + ct[o] - 1)), { dtype: int64, device: x.device }),
        w: tensor(ct.map((c) => (k < c ? 1 / c : 0)), { dtype: x.dtype, device: x.device }).reshape([out, ...Array(x.ndim - 1 - dim).fill(1)]),
      })),
    };
  });
  return resample(x, axes, 'AdaptiveAvgPool3DBackward0');
}

/** upsample_nearest(input, size=None, scale_factor=None): deprecated; interpolate(mode='nearest'). */
export function upsample_nearest(...args: unknown[]): Tensor {
  const [xa, size, sf] = parse('upsample_nearest', args, ['input', 'size', 'scale_factor'], [null, null, null] as unknown[]);
  return interpolate(xa, { size, scale_factor: sf, mode: 'nearest' });
}
/** upsample_bilinear(input, size=None, scale_factor=None): deprecated; interpolate(mode='bilinear', align_corners=True). */
export function upsample_bilinear(...args: unknown[]): Tensor {
  const [xa, size, sf] = parse('upsample_bilinear', args, ['input', 'size', 'scale_factor'], [null, null, null] as unknown[]);
  return interpolate(xa, { size, scale_factor: sf, mode: 'bilinear', align_corners: true });
}
