// Convolution and pooling kernels of the webgl device: the Backend interface's im2col, col2im,
// pool2d and pool2dBackward (src/backend.ts), and the direct convolutions, as fragment shaders
// over the texture layout of glsl.ts (4 elements per RGBA texel, each fragment computes one
// output texel). A fragment shader writes only its own output, so every kernel whose cpu loop
// scatters (col2im, the pooling backward) is written as a gather instead: each output element
// sums its contributions in the order the cpu loop adds them, so float32 results agree with the
// JS reference (src/backends/conv-ref.ts) up to the GPU's own rounding.
import type { ConvGeometry, PoolWindows, Storage, View } from '../../backend.js';
import { numelOf } from '../../shape.js';
import type { GLContext, Program, Tex, Uniform } from './context.js';
import { FETCH, HEADER, helpersFor } from './glsl.js';

/**
 * Integer division without the int divide: x86 has no SIMD integer division, so SwiftShader (and
 * other cpu-side GL) runs `/` and `%` on ints lane by lane, several times slower than everything
 * else here. dv_ is floor(a / b) for b > 0 from a float quotient and two integer corrections
 * (exact for any int a). rf_/ri_ read element e like glsl.ts's fetchF_/fetchI_, but find the
 * texel's row by a shift `sh` where the texture allows (one row; or a power-of-two width, as
 * every texture wider than one row is: context.ts's layout), and pick the component by selects.
 */
const DIV = `
int dv_(int a, int b) {
  float fb = float(b);
  int q = int(floor(float(a) / fb));
  q += int(floor(float(a - q * b) / fb));
  int r = a - q * b;
  return q - int(r < 0) + int(r >= b);
}
int md_(int a, int b) { return a - dv_(a, b) * b; }
float rf_(sampler2D t, int w, int sh, int e) {
  int q = e >> 2; int y = sh >= 0 ? q >> sh : dv_(q, w);
  vec4 v = texelFetch(t, ivec2(q - y * w, y), 0);
  int c = e & 3;
  return c < 2 ? (c == 0 ? v.x : v.y) : (c == 2 ? v.z : v.w);
}
int ri_(isampler2D t, int w, int sh, int e) {
  int q = e >> 2; int y = sh >= 0 ? q >> sh : dv_(q, w);
  ivec4 v = texelFetch(t, ivec2(q - y * w, y), 0);
  int c = e & 3;
  return c < 2 ? (c == 0 ? v.x : v.y) : (c == 2 ? v.z : v.w);
}`;

/**
 * The four elements of one output texel, each from `el_(e)` (float or int results). With `row`
 * (the GLSL length of the output's last dim), a texel whose four elements lie in one row goes to
 * `el4_(e0, j)` (j: e0's position in the row), which shares their index arithmetic and reads.
 */
function shader(decl: string[], body: string, int = false, row?: string): string {
  const V = int ? 'ivec4' : 'vec4';
  const each = `${V}(el_(e0), el_(e0 + 1), el_(e0 + 2), el_(e0 + 3))`;
  const code = `${DIV}
${body}
out ${V} o;
void main() {
  int e0 = (int(gl_FragCoord.y) * u_ow + int(gl_FragCoord.x)) * 4;
${row ? `  int j = md_(e0, ${row});
  o = j + 3 < ${row} ? el4_(e0, j) : ${each};` : `  o = ${each};`}
}`;
  return HEADER + ['uniform int u_ow;', ...decl].join('\n') + FETCH + helpersFor(code) + '\n' + code;
}

/** Runs `p` over the first `numel` elements of the storage `out`, reading `inputs`. */
function run(ctx: GLContext, p: Program, out: Storage, numel: number, inputs: [string, Tex][], uniforms: Uniform[]): void {
  if (numel === 0) return;
  const target = ctx.tex(out.ptr);
  const textures: [string, Tex][] = [];
  for (const [name, t] of inputs) {
    textures.push([name, t]);
    uniforms.push([name.replace(/^u_/, 'u_w'), 'i', t.w], [name.replace(/^u_/, 'u_s'), 'i', rowShift(t)]);
  }
  ctx.draw(p, target, ctx.rows(target, numel), textures, [['u_ow', 'i', target.w], ...uniforms]);
}

/** rf_'s row shift for `t`: 31 for one row (every element's row is 0), log2 of a power-of-two width, else -1 (divide). */
function rowShift(t: Tex): number {
  if (t.h === 1) return 31;
  return (t.w & (t.w - 1)) === 0 ? Math.log2(t.w) : -1;
}

/** An int table as a texture for one draw (released by the caller). */
function table(ctx: GLContext, values: Int32Array): Tex {
  const t = ctx.alloc('i', values.length);
  const rows = ctx.rows(t, values.length);
  const data = new Int32Array(t.w * rows * 4);
  data.set(values);
  ctx.upload(t, data, rows);
  return t;
}

/** The geometry's uniforms (three spatial dims, as ConvGeometry always has). */
function geometryUniforms(g: ConvGeometry): Uniform[] {
  return [['u_size', 'iv', g.size], ['u_k', 'iv', g.kernel], ['u_st', 'iv', g.stride], ['u_pad', 'iv', g.padding],
    ['u_dil', 'iv', g.dilation], ['u_out', 'iv', g.out], ['u_c', 'i', g.c],
    ['u_K', 'i', numelOf(g.kernel)], ['u_L', 'i', numelOf(g.out)]];
}
const GEOMETRY = ['uniform int u_size[3];', 'uniform int u_k[3];', 'uniform int u_st[3];', 'uniform int u_pad[3];',
  'uniform int u_dil[3];', 'uniform int u_out[3];', 'uniform int u_c;', 'uniform int u_K;', 'uniform int u_L;'];

// ---- im2col / col2im ------------------------------------------------------------------------

/** cols [N, C*K, L] from the strided x [N, C, D, H, W] (zeros where a window leaves the input). */
export function im2col(ctx: GLContext, x: View, g: ConvGeometry, out: Storage): void {
  const p = ctx.program('cv:im2col', () => shader([...GEOMETRY, 'uniform sampler2D u_x;', 'uniform int u_wx;', 'uniform int u_sx;', 'uniform int u_xo;', 'uniform int u_xs[5];'], `
float el_(int e) {
  int l = md_(e, u_L); int r = dv_(e, u_L);
  int kk = md_(r, u_K); r = dv_(r, u_K);
  int c = md_(r, u_c); int n = dv_(r, u_c);
  int ow = md_(l, u_out[2]); l = dv_(l, u_out[2]); int oh = md_(l, u_out[1]); int od = dv_(l, u_out[1]);
  int kw = md_(kk, u_k[2]); kk = dv_(kk, u_k[2]); int kh = md_(kk, u_k[1]); int kd = dv_(kk, u_k[1]);
  int id = od * u_st[0] - u_pad[0] + kd * u_dil[0];
  int ih = oh * u_st[1] - u_pad[1] + kh * u_dil[1];
  int iw = ow * u_st[2] - u_pad[2] + kw * u_dil[2];
  if (id < 0 || id >= u_size[0] || ih < 0 || ih >= u_size[1] || iw < 0 || iw >= u_size[2]) return 0.0;
  return rf_(u_x, u_wx, u_sx, u_xo + n * u_xs[0] + c * u_xs[1] + id * u_xs[2] + ih * u_xs[3] + iw * u_xs[4]);
}
vec4 el4_(int e, int ow) {
  int r = dv_(e, u_L);
  int kk = md_(r, u_K); r = dv_(r, u_K);
  int c = md_(r, u_c); int n = dv_(r, u_c);
  int l = dv_(md_(e, u_L), u_out[2]); int oh = md_(l, u_out[1]); int od = dv_(l, u_out[1]);
  int kw = md_(kk, u_k[2]); kk = dv_(kk, u_k[2]); int kh = md_(kk, u_k[1]); int kd = dv_(kk, u_k[1]);
  int id = od * u_st[0] - u_pad[0] + kd * u_dil[0];
  int ih = oh * u_st[1] - u_pad[1] + kh * u_dil[1];
  vec4 v = vec4(0.0);
  if (id < 0 || id >= u_size[0] || ih < 0 || ih >= u_size[1]) return v;
  int base = u_xo + n * u_xs[0] + c * u_xs[1] + id * u_xs[2] + ih * u_xs[3];
  int iw = ow * u_st[2] - u_pad[2] + kw * u_dil[2];
  if (iw >= 0 && iw < u_size[2]) v.x = rf_(u_x, u_wx, u_sx, base + iw * u_xs[4]);
  iw += u_st[2];
  if (iw >= 0 && iw < u_size[2]) v.y = rf_(u_x, u_wx, u_sx, base + iw * u_xs[4]);
  iw += u_st[2];
  if (iw >= 0 && iw < u_size[2]) v.z = rf_(u_x, u_wx, u_sx, base + iw * u_xs[4]);
  iw += u_st[2];
  if (iw >= 0 && iw < u_size[2]) v.w = rf_(u_x, u_wx, u_sx, base + iw * u_xs[4]);
  return v;
}`, false, 'u_out[2]'));
  run(ctx, p, out, g.n * g.c * numelOf(g.kernel) * numelOf(g.out), [['u_x', ctx.tex(x.storage.ptr)]],
    [...geometryUniforms(g), ['u_xo', 'i', x.offset], ['u_xs', 'iv', x.strides]]);
}

/**
 * GLSL for one dim of a gather back through the kernel (col2im, the transposed convolution), inside
 * the loop over that dim's kernel offset: the position `to` that kernel offset k of position `from`
 * comes from, (from + pad - k*dil) / stride, counts only when whole and below `limit`; the loop stops
 * once from + pad - k*dil < 0 (later offsets only lower it).
 */
function gatherBack(d: number, from: string, to: string, limit: string): string {
  const k = `k${'dhw'[d]}`, t = `t${'dhw'[d]}`;
  return `
    int ${t} = ${from} + u_pad[${d}] - ${k} * u_dil[${d}];
    if (${t} < 0) break;
    int ${to} = dv_(${t}, u_st[${d}]);
    if (${to} * u_st[${d}] != ${t} || ${to} >= ${limit}[${d}]) continue;`;
}

/**
 * col2im as a gather: image element (n, c, i) sums cols[n, c*K + k, o] over the kernel offsets k
 * (in the cpu loop's order) whose window position o = (i + pad - k*dil) / stride is whole and in range.
 */
export function col2im(ctx: GLContext, cols: View, g: ConvGeometry, out: Storage): void {
  const p = ctx.program('cv:col2im', () => shader([...GEOMETRY, 'uniform sampler2D u_x;', 'uniform int u_wx;', 'uniform int u_sx;', 'uniform int u_xo;'], `
float el_(int e) {
  int iw = md_(e, u_size[2]); int r = dv_(e, u_size[2]);
  int ih = md_(r, u_size[1]); r = dv_(r, u_size[1]);
  int id = md_(r, u_size[0]); r = dv_(r, u_size[0]);
  int base = u_xo + r * u_K * u_L;
  float acc = 0.0;
  for (int kd = 0; kd < u_k[0]; kd++) {${gatherBack(0, 'id', 'od', 'u_out')}
    for (int kh = 0; kh < u_k[1]; kh++) {${gatherBack(1, 'ih', 'oh', 'u_out')}
      for (int kw = 0; kw < u_k[2]; kw++) {${gatherBack(2, 'iw', 'ow', 'u_out')}
        acc += rf_(u_x, u_wx, u_sx, base + ((kd * u_k[1] + kh) * u_k[2] + kw) * u_L + (od * u_out[1] + oh) * u_out[2] + ow);
      }
    }
  }
  return acc;
}
// four neighbours along iw: the kd/kh loops once, then each one's column (0 where none is)
float at_(int row, int tw) {
  if (tw < 0) return 0.0;
  int ow = dv_(tw, u_st[2]);
  return ow * u_st[2] == tw && ow < u_out[2] ? rf_(u_x, u_wx, u_sx, row + ow) : 0.0;
}
vec4 el4_(int e, int iw) {
  int r = dv_(e, u_size[2]);
  int ih = md_(r, u_size[1]); r = dv_(r, u_size[1]);
  int id = md_(r, u_size[0]); r = dv_(r, u_size[0]);
  int base = u_xo + r * u_K * u_L;
  vec4 acc = vec4(0.0);
  for (int kd = 0; kd < u_k[0]; kd++) {${gatherBack(0, 'id', 'od', 'u_out')}
    for (int kh = 0; kh < u_k[1]; kh++) {${gatherBack(1, 'ih', 'oh', 'u_out')}
      int row = base + (kd * u_k[1] + kh) * u_k[2] * u_L + (od * u_out[1] + oh) * u_out[2];
      for (int kw = 0; kw < u_k[2]; kw++) {
        int tw = iw + u_pad[2] - kw * u_dil[2];
        acc += vec4(at_(row, tw), at_(row, tw + 1), at_(row, tw + 2), at_(row, tw + 3));
        row += u_L;
      }
    }
  }
  return acc;
}`, false, 'u_size[2]'));
  run(ctx, p, out, g.n * g.c * numelOf(g.size), [['u_x', ctx.tex(cols.storage.ptr)]], [...geometryUniforms(g), ['u_xo', 'i', cols.offset]]);
}

// ---- direct convolution ---------------------------------------------------------------------

/**
 * out[n, co, o] for the direct convolution: sum over the group's input channels ci and kernel
 * offsets k of x[n, ci, o*stride - pad + k*dil] * w[co, ci, k] (im2col + GEMM's order); transposed,
 * sum over k of (sum over ci of x[n, ci, i] * w[ci, co, k]) where o = i*stride - pad + k*dil (the
 * GEMM's inner sums, added in col2im's order).
 */
export function conv(ctx: GLContext, x: View, w: View, g: ConvGeometry, groups: number, cout: number, transposed: boolean, out: Storage): void {
  const decl = [...GEOMETRY, 'uniform int u_cout;', 'uniform int u_coutG;', 'uniform int u_cinG;',
    'uniform sampler2D u_x;', 'uniform int u_wx;', 'uniform int u_sx;', 'uniform int u_xo;', 'uniform int u_xs[5];',
    'uniform sampler2D u_f;', 'uniform int u_wf;', 'uniform int u_sf;', 'uniform int u_fo;', 'uniform int u_fs[5];'];
  const head = `
  int ow = md_(e, u_out[2]); int r = dv_(e, u_out[2]);
  int oh = md_(r, u_out[1]); r = dv_(r, u_out[1]);
  int od = md_(r, u_out[0]); r = dv_(r, u_out[0]);
  int co = md_(r, u_cout); int n = dv_(r, u_cout);
  int grp = dv_(co, u_coutG);
  int xb = u_xo + n * u_xs[0] + grp * u_cinG * u_xs[1];
  float acc = 0.0;`;
  const body = transposed ? `
float el_(int e) {${head}
  int fb = u_fo + grp * u_cinG * u_fs[0] + (co - grp * u_coutG) * u_fs[1];
  for (int kd = 0; kd < u_k[0]; kd++) {${gatherBack(0, 'od', 'id', 'u_size')}
    for (int kh = 0; kh < u_k[1]; kh++) {${gatherBack(1, 'oh', 'ih', 'u_size')}
      for (int kw = 0; kw < u_k[2]; kw++) {${gatherBack(2, 'ow', 'iw', 'u_size')}
        int xi = xb + id * u_xs[2] + ih * u_xs[3] + iw * u_xs[4];
        int fi = fb + kd * u_fs[2] + kh * u_fs[3] + kw * u_fs[4];
        float part = 0.0;
        for (int ci = 0; ci < u_cinG; ci++) part += rf_(u_x, u_wx, u_sx, xi + ci * u_xs[1]) * rf_(u_f, u_wf, u_sf, fi + ci * u_fs[0]);
        acc += part;
      }
    }
  }
  return acc;
}` : `
float el_(int e) {${head}
  int fb = u_fo + co * u_fs[0];
  int d0 = od * u_st[0] - u_pad[0], h0 = oh * u_st[1] - u_pad[1], w0 = ow * u_st[2] - u_pad[2];
  for (int ci = 0; ci < u_cinG; ci++) {
    int xc = xb + ci * u_xs[1], fc = fb + ci * u_fs[1];
    for (int kd = 0; kd < u_k[0]; kd++) {
      int id = d0 + kd * u_dil[0];
      if (id < 0 || id >= u_size[0]) continue;
      for (int kh = 0; kh < u_k[1]; kh++) {
        int ih = h0 + kh * u_dil[1];
        if (ih < 0 || ih >= u_size[1]) continue;
        int xr = xc + id * u_xs[2] + ih * u_xs[3], fr = fc + kd * u_fs[2] + kh * u_fs[3];
        for (int kw = 0; kw < u_k[2]; kw++) {
          int iw = w0 + kw * u_dil[2];
          if (iw < 0 || iw >= u_size[2]) continue;
          acc += rf_(u_x, u_wx, u_sx, xr + iw * u_xs[4]) * rf_(u_f, u_wf, u_sf, fr + kw * u_fs[4]);
        }
      }
    }
  }
  return acc;
}
// four outputs along ow: one weight read for the four, their inputs stride apart
float tap_(int xr, int iw) { return iw >= 0 && iw < u_size[2] ? rf_(u_x, u_wx, u_sx, xr + iw * u_xs[4]) : 0.0; }
vec4 el4_(int e, int ow) {
  int r = dv_(e, u_out[2]);
  int oh = md_(r, u_out[1]); r = dv_(r, u_out[1]);
  int od = md_(r, u_out[0]); r = dv_(r, u_out[0]);
  int co = md_(r, u_cout); int n = dv_(r, u_cout);
  int grp = dv_(co, u_coutG);
  int xb = u_xo + n * u_xs[0] + grp * u_cinG * u_xs[1];
  int fb = u_fo + co * u_fs[0];
  int d0 = od * u_st[0] - u_pad[0], h0 = oh * u_st[1] - u_pad[1], w0 = ow * u_st[2] - u_pad[2];
  vec4 acc = vec4(0.0);
  for (int ci = 0; ci < u_cinG; ci++) {
    int xc = xb + ci * u_xs[1], fc = fb + ci * u_fs[1];
    for (int kd = 0; kd < u_k[0]; kd++) {
      int id = d0 + kd * u_dil[0];
      if (id < 0 || id >= u_size[0]) continue;
      for (int kh = 0; kh < u_k[1]; kh++) {
        int ih = h0 + kh * u_dil[1];
        if (ih < 0 || ih >= u_size[1]) continue;
        int xr = xc + id * u_xs[2] + ih * u_xs[3], fr = fc + kd * u_fs[2] + kh * u_fs[3];
        for (int kw = 0; kw < u_k[2]; kw++) {
          int iw = w0 + kw * u_dil[2];
          float f = rf_(u_f, u_wf, u_sf, fr + kw * u_fs[4]);
          acc += f * vec4(tap_(xr, iw), tap_(xr, iw + u_st[2]), tap_(xr, iw + 2 * u_st[2]), tap_(xr, iw + 3 * u_st[2]));
        }
      }
    }
  }
  return acc;
}`;
  const p = ctx.program(`cv:conv:${transposed ? 't' : 'f'}`, () => shader(decl, body, false, transposed ? undefined : 'u_out[2]'));
  run(ctx, p, out, g.n * cout * numelOf(g.out), [['u_x', ctx.tex(x.storage.ptr)], ['u_f', ctx.tex(w.storage.ptr)]],
    [...geometryUniforms(g), ['u_cout', 'i', cout], ['u_coutG', 'i', cout / groups], ['u_cinG', 'i', g.c / groups],
      ['u_xo', 'i', x.offset], ['u_xs', 'iv', x.strides], ['u_fo', 'i', w.offset], ['u_fs', 'iv', w.strides]]);
}

// ---- pooling --------------------------------------------------------------------------------

const POOL = ['uniform isampler2D u_q;', 'uniform int u_wq;', 'uniform int u_sq;', 'uniform int u_H;', 'uniform int u_W;', 'uniform int u_OH;',
  'uniform int u_OW;', 'uniform int u_dh;', 'uniform int u_dw;', 'uniform int u_mode;', 'uniform float u_div;',
  'uniform int u_kh;', 'uniform int u_kw;'];

/** Window table reads and the average's divisor (conv-ref.ts's divide: modes 1-3). */
const POOL_DEFS = `
int tab_(int i) { return ri_(u_q, u_wq, u_sq, i); }
float divide_(float s, int oh, int ow) {
  int hd = tab_(2 * u_OH + oh), wd = tab_(3 * u_OH + 2 * u_OW + ow);
  if (u_mode == 1) return s / float(hd * wd);
  if (u_mode == 2) return (s / float(hd)) / float(wd);
  return s / u_div;
}`;

function poolUniforms(p: PoolWindows): Uniform[] {
  return [['u_H', 'i', p.h], ['u_W', 'i', p.w], ['u_OH', 'i', p.oh], ['u_OW', 'i', p.ow], ['u_dh', 'i', p.dh], ['u_dw', 'i', p.dw],
    ['u_mode', 'i', p.mode], ['u_div', 'f', p.override], ['u_kh', 'i', maxOf(p.table, p.oh, 2 * p.oh)],
    ['u_kw', 'i', maxOf(p.table, 3 * p.oh + p.ow, 3 * p.oh + 2 * p.ow)]];
}

/** The largest window count in table[from, to): the loops run to it (uniform bounds keep SIMD lanes together). */
function maxOf(t: Int32Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, t[i]);
  return m;
}

/**
 * Pooling of dense planes: max (the flat index in the plane of the window's maximum, the last NaN
 * winning as with PyTorch's `val > max || isnan(val)`, then the value read there) or average.
 */
export function pool(ctx: GLContext, x: View, p: PoolWindows, out: Storage, indices: Storage | null): void {
  const n = p.planes * p.oh * p.ow;
  if (n === 0) return;
  const t = table(ctx, p.table);
  try {
    const decl = [...POOL, 'uniform sampler2D u_x;', 'uniform int u_wx;', 'uniform int u_sx;', 'uniform int u_xo;'];
    const head = `
  int j = md_(e, u_OW); int r = dv_(e, u_OW); int i = md_(r, u_OH); int q = dv_(r, u_OH);
  int hs = tab_(i), hc = tab_(u_OH + i), ws = tab_(3 * u_OH + j), wc = tab_(3 * u_OH + u_OW + j);
  int xp = u_xo + q * u_H * u_W;`;
    const max = (result: string, int: boolean) => shader(decl, `${POOL_DEFS}
${int ? 'int' : 'float'} el_(int e) {${head}
  float best = -inf_(); int bi = hs * u_W + ws;
  for (int a = 0; a < u_kh; a++) {
    int h = hs + a * u_dh;
    for (int b = 0; b < u_kw; b++) {
      if (a >= hc || b >= wc) continue;
      int w = ws + b * u_dw;
      float v = rf_(u_x, u_wx, u_sx, xp + h * u_W + w);
      if (v > best || isnan(v)) { best = v; bi = h * u_W + w; }
    }
  }
  return ${result};
}`, int);
    const inputs: [string, Tex][] = [['u_q', t], ['u_x', ctx.tex(x.storage.ptr)]];
    const uniforms = (): Uniform[] => [...poolUniforms(p), ['u_xo', 'i', x.offset]];
    if (p.mode === 0 && !indices) run(ctx, ctx.program('pl:max', () => max('best', false)), out, n, inputs, uniforms());
    if (p.mode === 0 && indices) {
      // the window search once, for the index; the value is then one read at it (-inf for an empty window)
      run(ctx, ctx.program('pl:argmax', () => max('bi', true)), indices, n, inputs, uniforms());
      const at = ctx.program('pl:maxat', () => shader([...decl, 'uniform isampler2D u_i;', 'uniform int u_wi;', 'uniform int u_si;'], `${POOL_DEFS}
float el_(int e) {${head}
  return hc * wc == 0 ? -inf_() : rf_(u_x, u_wx, u_sx, xp + ri_(u_i, u_wi, u_si, e));
}`));
      run(ctx, at, out, n, [...inputs, ['u_i', ctx.tex(indices.ptr)]], uniforms());
    }
    if (p.mode === 0) return;
    const avg = ctx.program('pl:avg', () => shader(decl, `${POOL_DEFS}
float el_(int e) {${head}
  float s = 0.0;
  for (int a = 0; a < u_kh; a++) {
    int h = hs + a * u_dh;
    for (int b = 0; b < u_kw; b++) if (a < hc && b < wc) s += rf_(u_x, u_wx, u_sx, xp + h * u_W + ws + b * u_dw);
  }
  return divide_(s, i, j);
}`));
    run(ctx, avg, out, n, inputs, uniforms());
  } finally {
    ctx.release(t);
  }
}

/** Range tables [lo, hi) per input position along one dim: the outputs whose windows may hold it. */
class Coverage {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  constructor(readonly size: number, outs: number) {
    this.lo = new Int32Array(size).fill(outs);
    this.hi = new Int32Array(size);
  }
  mark(i: number, o: number): void {
    if (i < 0 || i >= this.size) return;
    if (o < this.lo[i]) this.lo[i] = o;
    if (o + 1 > this.hi[i]) this.hi[i] = o + 1;
  }
  /** every position of each window (starts, counts, step apart) */
  windows(starts: Int32Array, counts: Int32Array, step: number): this {
    for (let o = 0; o < starts.length; o++) for (let a = 0; a < counts[o]; a++) this.mark(starts[o] + a * step, o);
    return this;
  }
}

/**
 * The pooling's input gradient as a gather: input element (q, h, w) visits the outputs whose
 * windows may cover it (row-major, the order in which the cpu loop adds them) and adds g where
 * max's index names it, or the average's share where the window covers it.
 */
export function poolBackward(ctx: GLContext, g: View, indices: View | null, p: PoolWindows, out: Storage): void {
  const n = p.planes * p.h * p.w;
  if (n === 0) return;
  const T = p.table, OH = p.oh, OW = p.ow, max = p.mode === 0;
  const hs = T.subarray(0, OH), ws = T.subarray(3 * OH, 3 * OH + OW);
  const rows = new Coverage(p.h, OH).windows(hs, T.subarray(OH, 2 * OH), p.dh);
  const cols = new Coverage(p.w, OW).windows(ws, T.subarray(3 * OH + OW, 3 * OH + 2 * OW), p.dw);
  if (max) {
    // a window with nothing in it (all padding) keeps the index hs * W + ws of its start, which
    // (as in PyTorch) may name an element of the next row when ws >= W: those positions too
    const carries = new Set(Array.from(ws, (v) => Math.floor(v / p.w)));
    hs.forEach((v, o) => { for (const c of carries) rows.mark(v + c, o); });
    ws.forEach((v, o) => cols.mark(v % p.w, o));
  }
  const [rlo, rhi, clo, chi] = [rows.lo, rows.hi, cols.lo, cols.hi];
  const all = new Int32Array(T.length + 2 * p.h + 2 * p.w);
  all.set(T);
  all.set(rlo, T.length); all.set(rhi, T.length + p.h); all.set(clo, T.length + 2 * p.h); all.set(chi, T.length + 2 * p.h + p.w);
  const t = table(ctx, all);
  try {
    const decl = [...POOL, 'uniform int u_tb;', 'uniform sampler2D u_g;', 'uniform int u_wg;', 'uniform int u_sg;', 'uniform int u_go;',
      'uniform isampler2D u_i;', 'uniform int u_wi;', 'uniform int u_si;', 'uniform int u_io;'];
    const inner = max
      ? `if (ri_(u_i, u_wi, u_si, u_io + o) == at) acc += rf_(u_g, u_wg, u_sg, u_go + o);`
      : `int ws = tab_(3 * u_OH + ow), wc = tab_(3 * u_OH + u_OW + ow);
      if (w < ws || md_(w - ws, u_dw) != 0 || dv_(w - ws, u_dw) >= wc) continue;
      acc += divide_(rf_(u_g, u_wg, u_sg, u_go + o), oh, ow);`;
    const rowTest = max ? '' : `
    int hs = tab_(oh), hc = tab_(u_OH + oh);
    if (h < hs || md_(h - hs, u_dh) != 0 || dv_(h - hs, u_dh) >= hc) continue;`;
    const prog = ctx.program(`pl:back:${max ? 'max' : 'avg'}`, () => shader(decl, `${POOL_DEFS}
float el_(int e) {
  int w = md_(e, u_W); int r = dv_(e, u_W); int h = md_(r, u_H); int q = dv_(r, u_H);
  int at = h * u_W + w;
  int r0 = tab_(u_tb + h), r1 = tab_(u_tb + u_H + h), c0 = tab_(u_tb + 2 * u_H + w), c1 = tab_(u_tb + 2 * u_H + u_W + w);
  int plane = q * u_OH * u_OW;
  float acc = 0.0;
  for (int oh = r0; oh < r1; oh++) {${rowTest}
    for (int ow = c0; ow < c1; ow++) {
      int o = plane + oh * u_OW + ow;
      ${inner}
    }
  }
  return acc;
}`));
    const inputs: [string, Tex][] = [['u_q', t], ['u_g', ctx.tex(g.storage.ptr)]];
    if (indices) inputs.push(['u_i', ctx.tex(indices.storage.ptr)]);
    run(ctx, prog, out, n, inputs, [...poolUniforms(p), ['u_tb', 'i', T.length], ['u_go', 'i', g.offset], ['u_io', 'i', indices ? indices.offset : 0]]);
  } finally {
    ctx.release(t);
  }
}
