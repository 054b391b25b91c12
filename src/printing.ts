// Tensor printing: reproduces PyTorch 1.13's torch/_tensor_str.py output character for character.
// Pure module (no imports from the rest of src/): the tensor class hands it a Printable.

export type PrintDtype = 'float32' | 'float64' | 'float16' | 'int32' | 'int64' | 'uint8' | 'int8' | 'int16' | 'bool';

export interface Printable {
  shape: readonly number[];
  dtype: PrintDtype;
  /** flat row-major values, length = product of shape; int64 may come as bigint or number; bool as boolean or 0/1 */
  values: ArrayLike<number | bigint | boolean>;
  requires_grad: boolean;
  grad_fn: string | null;
  device: string;
}

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const opts: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

/** As torch.set_printoptions. Like PyTorch, sci_mode is always assigned: omitting it resets it to null (auto). */
export function set_printoptions(o: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }): void {
  if (o.profile === 'default') Object.assign(opts, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (o.profile === 'short') Object.assign(opts, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (o.profile === 'full') Object.assign(opts, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  if (o.precision != null) opts.precision = o.precision;
  if (o.threshold != null) opts.threshold = o.threshold;
  if (o.edgeitems != null) opts.edgeitems = o.edgeitems;
  if (o.linewidth != null) opts.linewidth = o.linewidth;
  opts.sci_mode = o.sci_mode ?? null;
}

/** PyTorch's `torch._tensor_str.get_printoptions()` (set by `torch.set_printoptions`). Example: `torch.get_printoptions().precision` */
export function get_printoptions(): PrintOptions {
  return { ...opts };
}

/** `torch.Size([3, 4])` */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

// ---------------------------------------------------------------------------------------------
// Exact Python-style float formatting ('{:.Nf}' and '{:.Ne}').
// Python rounds the exact binary value half-to-even; JS toFixed/toExponential round ties away
// from zero, so we do the decimal conversion exactly with BigInt rationals instead.

const dv = new DataView(new ArrayBuffer(8));
const pow10Cache: bigint[] = [];
function pow10(k: number): bigint {
  let p = pow10Cache[k];
  if (p === undefined) pow10Cache[k] = p = 10n ** BigInt(k);
  return p;
}

/** a (finite, > 0) as the exact fraction num / den, den a power of two. */
function toFraction(a: number): [bigint, bigint] {
  dv.setFloat64(0, a);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = bexp - 1075;
  }
  return e >= 0 ? [m << BigInt(e), 1n] : [m, 1n << BigInt(-e)];
}

function divHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num - q * den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** round_half_even(num/den * 10^s) */
function scaleRound(num: bigint, den: bigint, s: number): bigint {
  return s >= 0 ? divHalfEven(num * pow10(s), den) : divHalfEven(num, den * pow10(-s));
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Python's '{:.<p>f}'.format(x) */
export function pyFixed(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = isNegative(x) ? '-' : '';
  const a = Math.abs(x);
  let digits = '0';
  if (a !== 0) {
    const [num, den] = toFraction(a);
    digits = scaleRound(num, den, p).toString();
  }
  if (p === 0) return sign + digits;
  digits = digits.padStart(p + 1, '0');
  return sign + digits.slice(0, -p) + '.' + digits.slice(-p);
}

/** Python's '{:.<p>e}'.format(x): at least two exponent digits. */
export function pyExp(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = isNegative(x) ? '-' : '';
  const a = Math.abs(x);
  let digits: string;
  let e10 = 0;
  if (a === 0) digits = '0'.repeat(p + 1);
  else {
    const [num, den] = toFraction(a);
    // Estimate the decimal exponent, then fix it exactly: 10^e10 <= a < 10^(e10+1).
    e10 = Math.floor(Math.log10(a));
    while (e10 >= 0 ? num < den * pow10(e10) : num * pow10(-e10) < den) e10--;
    while (e10 + 1 >= 0 ? num >= den * pow10(e10 + 1) : num * pow10(-(e10 + 1)) >= den) e10++;
    let r = scaleRound(num, den, p - e10);
    if (r >= pow10(p + 1)) {
      // Rounded up to 10.000...: the mantissa becomes 1.000... one decade higher.
      e10++;
      r = scaleRound(num, den, p - e10);
    }
    digits = r.toString();
  }
  const mant = p > 0 ? digits[0] + '.' + digits.slice(1) : digits;
  const ae = Math.abs(e10);
  return `${sign}${mant}e${e10 < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}

// ---------------------------------------------------------------------------------------------
// Value conversion

/** Round a double to the nearest IEEE half (ties to even), so float16 prints what a half holds. */
function roundHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity; // 65520 is halfway to 2^16: ties-to-even goes to inf
  let e = Math.max(Math.floor(Math.log2(a)), -14);
  if (e > -14) {
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
  }
  const ulp = 2 ** (e - 10);
  const y = a / ulp; // exact: scaling by a power of two
  const f = Math.floor(y);
  const d = y - f;
  const n = d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
  const r = n * ulp;
  return x < 0 ? -r : r;
}

function toFloat(v: number | bigint | boolean, dtype: PrintDtype): number {
  const x = typeof v === 'number' ? v : Number(v);
  if (dtype === 'float32') return Math.fround(x); // identity for values that already are float32
  if (dtype === 'float16') return roundHalf(x);
  return x;
}

/** Python's str() of an integer or bool element. */
function intStr(v: number | bigint | boolean, dtype: PrintDtype): string {
  if (dtype === 'bool') return (typeof v === 'boolean' ? v : typeof v === 'bigint' ? v !== 0n : v !== 0) ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  return Number.isInteger(v) ? BigInt(v).toString() : String(Math.trunc(v));
}

// ---------------------------------------------------------------------------------------------
// The formatter: decides int/sci/fixed mode and the common column width from the (summarised) values.

class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(
    readonly floating: boolean,
    floats: readonly number[],
    strs: readonly string[],
  ) {
    if (!floating) {
      for (const s of strs) this.maxWidth = Math.max(this.maxWidth, s.length);
    } else {
      const vals = floats.filter((v) => Number.isFinite(v) && v !== 0);
      if (vals.length === 0) return; // all zero / non-finite: defaults stand, and sci_mode option is ignored
      let min = Infinity;
      let max = 0;
      for (const v of vals) {
        const a = Math.abs(v);
        if (a < min) min = a;
        if (a > max) max = a;
      }
      this.intMode = vals.every((v) => v === Math.ceil(v));
      const p = opts.precision;
      if (this.intMode) {
        if (max / min > 1000 || max > 1e8) {
          this.sciMode = true;
          for (const v of vals) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
        } else {
          // +1 for the '.' appended to integral floats
          for (const v of vals) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
        }
      } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
        this.sciMode = true;
        for (const v of vals) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
      } else {
        for (const v of vals) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
      }
    }
    if (opts.sci_mode !== null) this.sciMode = opts.sci_mode;
  }

  formatFloat(v: number): string {
    let s: string;
    if (this.sciMode) s = pyExp(v, opts.precision);
    else if (this.intMode) {
      s = pyFixed(v, 0);
      if (Number.isFinite(v)) s += '.';
    } else s = pyFixed(v, opts.precision);
    return s.padStart(this.maxWidth);
  }

  formatStr(s: string): string {
    return s.padStart(this.maxWidth);
  }
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Data {
  shape: readonly number[];
  strides: number[];
  floating: boolean;
  floats: number[];
  strs: string[];
}

function rowRange(size: number, summarize: boolean): { head: number[]; tail: number[]; cut: boolean } {
  const e = opts.edgeitems;
  const all = Array.from({ length: size }, (_, i) => i);
  if (!(summarize && size > 2 * e)) return { head: all, tail: [], cut: false };
  return { head: all.slice(0, e), tail: all.slice(size - e), cut: true };
}

/** Flat indices of the values PyTorch's get_summarized_data keeps (order is irrelevant to the formatter). */
function summarizedIndices(d: Data, dim: number, offset: number, out: number[]): void {
  if (dim === d.shape.length) {
    out.push(offset);
    return;
  }
  const size = d.shape[dim];
  const stride = d.strides[dim];
  const e = opts.edgeitems;
  let rows = Array.from({ length: size }, (_, i) => i);
  if (size > 2 * e) {
    const last = dim === d.shape.length - 1;
    // PyTorch stacks an empty list of rows here and fails
    if (e === 0 && !last) throw new Error('stack expects a non-empty TensorList');
    // self[:e] ++ self[-e:]; with e == 0, self[-0:] is the whole row
    if (e > 0) rows = rows.slice(0, e).concat(rows.slice(size - e));
  }
  for (const i of rows) summarizedIndices(d, dim + 1, offset + i * stride, out);
}

function fmtAt(d: Data, f: Formatter, i: number): string {
  return d.floating ? f.formatFloat(d.floats[i]) : f.formatStr(d.strs[i]);
}

function vectorStr(d: Data, offset: number, indent: number, summarize: boolean, f: Formatter): string {
  const dim = d.shape.length - 1;
  const size = d.shape[dim];
  const stride = d.strides[dim];
  const elementLength = f.maxWidth + 2; // ", " between elements
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength));
  const e = opts.edgeitems;
  const at = (i: number): string => fmtAt(d, f, offset + i * stride);
  let items: string[];
  if (summarize && size > 2 * e) {
    const head = Array.from({ length: e }, (_, i) => at(i));
    // self[-e:]: the whole row when e == 0
    const tailStart = e === 0 ? 0 : size - e;
    const tail = Array.from({ length: size - tailStart }, (_, i) => at(tailStart + i));
    items = [...head, ' ...', ...tail];
  } else items = Array.from({ length: size }, (_, i) => at(i));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrAt(d: Data, dim: number, offset: number, indent: number, summarize: boolean, f: Formatter): string {
  const nd = d.shape.length;
  if (dim === nd) return fmtAt(d, f, offset);
  if (dim === nd - 1) return vectorStr(d, offset, indent, summarize, f);
  const size = d.shape[dim];
  const stride = d.strides[dim];
  const r = rowRange(size, summarize);
  const sub = (i: number): string => tensorStrAt(d, dim + 1, offset + i * stride, indent + 1, summarize, f);
  const slices = r.cut ? [...r.head.map(sub), '...', ...r.tail.map(sub)] : r.head.map(sub);
  // blank lines between blocks grow with the number of remaining dims
  return '[' + slices.join(',' + '\n'.repeat(nd - dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(t: Printable, numel: number, indent: number): string {
  const shape = t.shape;
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const floating = t.dtype === 'float32' || t.dtype === 'float64' || t.dtype === 'float16';
  const floats: number[] = [];
  const strs: string[] = [];
  for (let i = 0; i < numel; i++) {
    if (floating) floats.push(toFloat(t.values[i], t.dtype));
    else strs.push(intStr(t.values[i], t.dtype));
  }
  const d: Data = { shape, strides, floating, floats, strs };
  const summarize = numel > opts.threshold;
  let fv = floats;
  let sv = strs;
  if (summarize) {
    const idx: number[] = [];
    summarizedIndices(d, 0, 0, idx);
    if (floating) fv = idx.map((i) => floats[i]);
    else sv = idx.map((i) => strs[i]);
  }
  const f = new Formatter(floating, fv, sv);
  return tensorStrAt(d, 0, 0, indent, summarize, f);
}

function addSuffixes(body: string, suffixes: readonly string[], indent: number): string {
  let out = body;
  // PyTorch counts the last line two characters long (len - rfind('\n') + 1); kept for identical wrapping
  let last = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (last + s.length + 2 > opts.linewidth) {
      out += ',\n' + ' '.repeat(indent) + s;
      last = indent + s.length;
    } else {
      out += ', ' + s;
      last += s.length + 2;
    }
  }
  return out + ')';
}

function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

const DEFAULT_DTYPES: ReadonlySet<PrintDtype> = new Set<PrintDtype>(['float32', 'int64', 'bool']);

/** The whole repr, as PyTorch's Tensor.__repr__. */
export function formatTensor(t: Printable): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (t.values.length < numel) throw new Error(`formatTensor: ${t.values.length} values for shape [${t.shape.join(', ')}]`);
  const suffixes: string[] = [];
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);
  let body: string;
  if (numel === 0) {
    if (t.shape.length !== 1) suffixes.push('size=' + pyTuple(t.shape));
    // no elements to infer the dtype from, so anything but the default float shows it
    if (t.dtype !== 'float32') suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    if (!DEFAULT_DTYPES.has(t.dtype)) suffixes.push(`dtype=torch.${t.dtype}`);
    body = tensorStr(t, numel, indent);
  }
  if (t.grad_fn) suffixes.push(`grad_fn=<${t.grad_fn}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
