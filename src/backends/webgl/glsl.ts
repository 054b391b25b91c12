// GLSL ES 3.00 sources for the webgl backend: the shared prelude, the math wrappers that make GPU
// builtins agree with the cpu backends, and the fragment-shader templates per kernel shape (map:
// unary/binary/where/copy/fill/scan; reduce; matmul). Every texture holds 4 consecutive elements per
// RGBA texel, row-major over a texture of width `w` texels: element e is component e & 3 of texel
// e >> 2 at (texel % w, texel / w). Each fragment computes the 4 elements of one output texel.
import type { DType } from '../../dtype.js';

/** 'f': float textures (float32, float16); 'i': int textures (every integer dtype and bool). */
export type Kind = 'f' | 'i';
export const kindOf = (d: DType): Kind => (d.is_floating_point ? 'f' : 'i');
export const scalarT = (k: Kind): string => (k === 'f' ? 'float' : 'int');
export const vecT = (k: Kind): string => (k === 'f' ? 'vec4' : 'ivec4');
export const samplerT = (k: Kind): string => (k === 'f' ? 'sampler2D' : 'isampler2D');

export const VERTEX_SHADER = `#version 300 es
void main() {
  // one triangle covering the viewport: no vertex buffers needed
  vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

export const HEADER = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
precision highp isampler2D;
`;

/** Texel and element fetches: the explicit layout described at the top of this file. */
export const FETCH = `
vec4 texF_(sampler2D t, int w, int q) { return texelFetch(t, ivec2(q % w, q / w), 0); }
ivec4 texI_(isampler2D t, int w, int q) { return texelFetch(t, ivec2(q % w, q / w), 0); }
float fetchF_(sampler2D t, int w, int e) { int q = e >> 2; return texelFetch(t, ivec2(q % w, q / w), 0)[e & 3]; }
int fetchI_(isampler2D t, int w, int e) { int q = e >> 2; return texelFetch(t, ivec2(q % w, q / w), 0)[e & 3]; }
float nan_() { return uintBitsToFloat(0x7fc00000u); }
float inf_() { return uintBitsToFloat(0x7f800000u); }
`;

/**
 * Payne-Hanek reduction for |x| >= 2^16: |x| * 2/pi mod 4 from a 96-bit window of 2/pi's bits, in
 * exact integer arithmetic on 16-bit limbs; returns (remainder * pi/2, quadrant). Written out
 * limb by limb (no local arrays: compilers may keep those in memory).
 */
const TWO_OVER_PI = ['0x0000a2f9', '0x836e4e44', '0x1529fc27', '0x57d1f534', '0xddc0db62', '0x95993c43', '0x9041fe51',
  '0x63abdebb', '0xc561b724', '0x6e3a424d'];

function reduceLargeSource(): string {
  const L = [0, 1, 2, 3, 4, 5];
  const lines = [
    // 2/pi's bits after 16 zero bits, as 32-bit words
    'uint twoOverPi_(int w) {',
    `  return ${TWO_OVER_PI.map((v, i) => (i < TWO_OVER_PI.length - 1 ? `w == ${i} ? ${v}u : ` : `${v}u`)).join('')};`,
    '}',
    'uint bits16_(int p) {',
    '  int w = p >> 5, s = p & 31;',
    '  uint v = s == 0 ? twoOverPi_(w) : (twoOverPi_(w) << uint(s)) | (twoOverPi_(w + 1) >> uint(32 - s));',
    '  return v >> 16;',
    '}',
    'vec2 reduceLarge_(float ax) {',
    '  uint b = floatBitsToUint(ax);',
    '  uint m = (b & 0x7fffffu) | 0x800000u;',
    '  uint m0 = m & 0xffffu, m1 = m >> 16;',
    // the window starts at the bit of 2/pi whose product with m weighs 2: earlier bits only add multiples of 4
    '  int s = int(b >> 23) - 136;',
    // little-endian limbs of the window: w5 holds its first 16 bits
    ...L.map((k) => `  uint w${k} = bits16_(s + ${16 * (5 - k)});`),
    '  uint carry = 0u, t, u, lo;',
    ...L.flatMap((k) => [
      `  t = w${k} * m0; u = ${k > 0 ? `w${k - 1} * m1` : '0u'};`,
      '  lo = (t & 0xffffu) + (u & 0xffffu) + (carry & 0xffffu);',
      '  carry = (t >> 16) + (u >> 16) + (carry >> 16) + (lo >> 16);',
      `  uint p${k} = lo & 0xffffu;`,
    ]),
    '  uint q = p5 >> 14;',
    '  p5 &= 0x3fffu;',
    '  float sgn = 1.0;',
    '  if ((p5 & 0x2000u) != 0u) {',
    // fraction >= 1/2: the next quadrant, and a negative remainder (the fraction negated exactly)
    '    q += 1u; sgn = -1.0;',
    '    uint c = 1u, v;',
    ...L.map((k) => `    v = (~p${k} & 0xffffu) + c; p${k} = v & 0xffffu; c = v >> 16;`),
    '    p5 &= 0x3fffu;',
    '  }',
    '  float f = float(p5) * exp2(-14.0) + float(p4) * exp2(-30.0) + float(p3) * exp2(-46.0) + float(p2) * exp2(-62.0);',
    '  return vec2(sgn * f * 1.5707963267948966, float(q & 3u));',
    '}',
  ];
  return '\n' + lines.join('\n');
}

/**
 * Helpers referenced by name from op expressions; a shader includes only those it uses. GPU
 * builtins are approximations that also drop IEEE special values (SwiftShader: log(0) = -88,
 * tanh(100) = NaN, sin(1) off by 2e-5, packHalf2x16(inf) = NaN), so the ops table's snippets are
 * compiled with `log`, `sin`, `cos`, `tan`, `tanh`, `atan` (and `exp`, `log2`) mapped to these wrappers.
 */
const HELPERS: Record<string, { deps?: string[]; src: string }> = {
  log_: { src: `
float log_(float x) {
  if (x < 0.0 || isnan(x)) return nan_();
  if (x == 0.0) return -inf_();
  if (isinf(x)) return x;
  return log(x);
}` },
  log2_: { src: `
float log2_(float x) {
  if (x < 0.0 || isnan(x)) return nan_();
  if (x == 0.0) return -inf_();
  if (isinf(x)) return x;
  return log2(x);
}` },
  // Cephes' expf: reduction by ln 2 in two parts, a degree-6 polynomial, then the power of two
  exp_: { src: `
float exp_(float x) {
  if (isnan(x)) return x;
  if (x > 88.72283905206835) return inf_();
  if (x < -103.97207708) return 0.0;
  float k = floor(1.44269504088896341 * x + 0.5);
  float r = (x - k * 0.693359375) - k * -2.12194440e-4;
  float z = r * r;
  float p = ((((( 1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r
    + 1.6666665459e-1) * r + 5.0000001201e-1) * z + r + 1.0;
  // times 2^k as two exact powers of two (GLSL ES 3.00 has no ldexp)
  int n = int(k), h = n / 2;
  return p * intBitsToFloat((h + 127) << 23) * intBitsToFloat((n - h + 127) << 23);
}` },
  reduceLarge_: { src: reduceLargeSource() },
  // Cody-Waite reduction by pi/2 in three float32 parts (exact for |x| < 2^16), Payne-Hanek above,
  // then Cephes' float polynomials
  sincos_: { deps: ['reduceLarge_'], src: `
vec2 sincos_(float x) {
  float k = floor(x * 0.636619772367581 + 0.5);
  float r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  int q = int(mod(k, 4.0));
  // GPUs skip this when no element of a group needs it. SwiftShader runs it masked regardless
  // (sin/cos/tan there are ~20x slower than exp), and as a loop rather than an if about 2x less so
  for (int once = int(abs(x) >= 65536.0); once > 0; once--) {
    vec2 rq = reduceLarge_(abs(x));
    r = x < 0.0 ? -rq.x : rq.x;
    q = x < 0.0 ? (4 - int(rq.y)) & 3 : int(rq.y);
  }
  float z = r * r;
  float s = r + r * z * (-1.6666654611e-1 + z * (8.3321608736e-3 + z * -1.9515295891e-4));
  float c = 1.0 - 0.5 * z + z * z * (4.166664568298827e-2 + z * (-1.388731625493765e-3 + z * 2.443315711809948e-5));
  // by quadrant: (s, c), (c, -s), (-s, -c), (-c, s), as selects rather than branches
  vec2 sc = (q & 1) == 0 ? vec2(s, c) : vec2(c, -s);
  return (q & 2) == 0 ? sc : -sc;
}` },
  sin_: { deps: ['sincos_'], src: `
float sin_(float x) { if (isnan(x) || isinf(x)) return nan_(); return sincos_(x).x; }` },
  cos_: { deps: ['sincos_'], src: `
float cos_(float x) { if (isnan(x) || isinf(x)) return nan_(); return sincos_(x).y; }` },
  tan_: { deps: ['sincos_'], src: `
float tan_(float x) { if (isnan(x) || isinf(x)) return nan_(); vec2 sc = sincos_(x); return sc.x / sc.y; }` },
  tanh_: { src: `
float tanh_(float x) {
  float a = abs(x);
  if (isnan(x)) return x;
  if (a > 9.1) return sign(x);
  if (a < 0.3) {
    float z = x * x;
    return x + x * z * (-0.333333333 + z * (0.133333333 + z * (-0.053968254 + z * (0.021869489 + z * -0.008863236))));
  }
  float e = exp(2.0 * a);
  return sign(x) * (1.0 - 2.0 / (e + 1.0));
}` },
  // GLSL's atan(y, x) and atan(x), both overloads
  atan_: { src: `
float atan_(float y, float x) {
  if (isnan(x) || isnan(y)) return nan_();
  if (isinf(x) || isinf(y)) {
    // IEEE atan2 at infinities: multiples of pi/4
    float ax = isinf(x) ? sign(x) : 0.0, ay = isinf(y) ? sign(y) : 0.0;
    if (ax == 0.0) return sign(y) * 1.5707963267948966;
    if (ay == 0.0) return x > 0.0 ? 0.0 * sign(y) : (y < 0.0 || (y == 0.0 && floatBitsToUint(y) != 0u) ? -3.141592653589793 : 3.141592653589793);
    return ay * (ax > 0.0 ? 0.7853981633974483 : 2.356194490192345);
  }
  if (y == 0.0 && x == 0.0) {
    bool negY = floatBitsToUint(y) != 0u, negX = floatBitsToUint(x) != 0u;
    return negX ? (negY ? -3.141592653589793 : 3.141592653589793) : y;
  }
  // atan on [0, 1] with a float minimax polynomial, then the octant
  float ax = abs(x), ay = abs(y);
  float mx = max(ax, ay), mn = min(ax, ay);
  float t = mn / mx;
  float r = t;
  float z = t * t;
  if (t > 0.4142135623730950) {
    float u = (t - 1.0) / (t + 1.0);
    float w = u * u;
    r = 0.7853981633974483 + u + u * w * (-0.333329491539 + w * (0.199777106478 + w * (-0.138776856032 + w * 0.0805374449538)));
  } else {
    r = t + t * z * (-0.333329491539 + z * (0.199777106478 + z * (-0.138776856032 + z * 0.0805374449538)));
  }
  if (ay > ax) r = 1.5707963267948966 - r;
  if (x < 0.0) r = 3.141592653589793 - r;
  return y < 0.0 ? -r : r;
}
float atan_(float x) { return atan_(x, 1.0); }` },
  // PyTorch's pow: exact products for small integer exponents (x*x, as the cpu does), IEEE pow's
  // special cases, and NaN for a negative base with a fractional exponent
  pow_: { src: `
float pow_(float a, float b) {
  if (b == 0.0 || a == 1.0) return 1.0;
  if (isnan(a) || isnan(b)) return nan_();
  bool bint = b == floor(b);
  if (bint && abs(b) <= 64.0) {
    float r = 1.0, base = a;
    int e = int(abs(b));
    while (e > 0) { if ((e & 1) == 1) r *= base; base *= base; e >>= 1; }
    return b < 0.0 ? 1.0 / r : r;
  }
  if (a < 0.0 && !bint) return isinf(a) ? (b > 0.0 ? inf_() : 0.0) : nan_();
  float aa = abs(a);
  float r;
  if (aa == 0.0) r = b > 0.0 ? 0.0 : inf_();
  else if (isinf(aa)) r = b > 0.0 ? inf_() : 0.0;
  else if (isinf(b)) r = aa == 1.0 ? 1.0 : ((aa > 1.0) == (b > 0.0) ? inf_() : 0.0);
  else r = exp2(b * log2(aa));
  bool odd = bint && abs(b) < 16777216.0 && mod(b, 2.0) == 1.0;
  return (a < 0.0 || (a == 0.0 && floatBitsToUint(a) != 0u)) && odd ? -r : r;
}` },
  // C's fmod (x for an infinite divisor) and PyTorch's remainder built on it (sign of the divisor)
  // exact: a - q*b with q*b split into two floats (Dekker), q corrected when a / b rounded across an integer
  fmod_: { src: `
vec2 split_(float a) { float c = 4097.0 * a; float hi = c - (c - a); return vec2(hi, a - hi); }
float fmod_(float a, float b) {
  if (isnan(a) || isnan(b) || isinf(a) || b == 0.0) return nan_();
  if (isinf(b) || abs(a) < abs(b)) return a;
  if (abs(a / b) >= 8388608.0) {
    // quotient beyond float precision: binary long division, each step exact (Sterbenz)
    float x = abs(a), y = abs(b);
    uint ym = floatBitsToUint(y) & 0x007fffffu;
    for (int i = 0; i < 300 && x >= y; i++) {
      int ex = int(floatBitsToUint(x) >> 23);
      float ys = uintBitsToFloat(ym | (uint(ex) << 23));
      if (ys > x) ys = uintBitsToFloat(ym | (uint(ex - 1) << 23));
      x -= ys;
    }
    return x == 0.0 ? 0.0 * sign(a) : sign(a) * x;
  }
  float q = trunc(a / b);
  float p = q * b;
  vec2 x = split_(q), y = split_(b);
  float e = ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y;
  float r = (a - p) - e;
  float step = sign(a) * abs(b);
  if (r != 0.0 && (r < 0.0) != (a < 0.0)) r += step;
  else if (abs(r) >= abs(b)) r -= step;
  return r == 0.0 ? 0.0 * sign(a) : r;
}` },
  // PyTorch's div_floor: (a - fmod(a, b)) / b, rounded to the nearest integer, floor-corrected
  floordiv_: { deps: ['fmod_'], src: `
float floordiv_(float a, float b) {
  if (b == 0.0) return a / b;
  float m = fmod_(a, b);
  float d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) d -= 1.0;
  if (d == 0.0) return 0.0 * sign(a / b);
  float q = floor(d);
  if (d - q > 0.5) q += 1.0;
  return q;
}` },
  remainder_: { deps: ['fmod_'], src: `
float remainder_(float a, float b) {
  float m = fmod_(a, b);
  return (m != 0.0 && ((b < 0.0) != (m < 0.0))) ? m + b : m;
}` },
  max_: { src: `
float max_(float a, float b) { return (isnan(a) || isnan(b)) ? nan_() : max(a, b); }` },
  min_: { src: `
float min_(float a, float b) { return (isnan(a) || isnan(b)) ? nan_() : min(a, b); }` },
  // Numerical Recipes' erfc (fractional error < 1.2e-7) and a Maclaurin series near 0
  erf: { src: `
float erf(float x) {
  float a = abs(x);
  if (a < 0.5) {
    float z = x * x;
    return x * (1.1283791671 + z * (-0.3761263890 + z * (0.1128379167 + z * (-0.0268661706 + z * (0.0052239776 + z * -0.0008548327)))));
  }
  if (a > 6.0) return sign(x);
  float t = 1.0 / (1.0 + 0.5 * a);
  float c = t * exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return sign(x) * (1.0 - c);
}` },
  ipow_: { src: `
int ipow_(int a, int b) {
  // a negative exponent: what PyTorch's integer kernel gives (1, +-1 for a = -1, else 0)
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) == 1 ? -1 : 1) : 0;
  int r = 1, base = a, e = b;
  while (e > 0) { if ((e & 1) == 1) r *= base; base *= base; e >>= 1; }
  return r;
}` },
  // integer division truncating toward zero without relying on GLSL's sign rules for / and %
  idivt_: { src: `
int idivt_(int a, int b) { int q = abs(a) / abs(b); return (a < 0) != (b < 0) ? -q : q; }` },
  idiv_: { deps: ['idivt_'], src: `
int idiv_(int a, int b) { int q = idivt_(a, b); return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q; }` },
  imod_: { deps: ['idivt_'], src: `
int imod_(int a, int b) { int m = a - idivt_(a, b) * b; return (m != 0 && ((m < 0) != (b < 0))) ? m + b : m; }` },
  // float -> integer as PyTorch on x86: truncation; NaN, inf and out-of-range give INT32_MIN
  f2i_: { src: `
int f2i_(float v) { return (isnan(v) || abs(v) >= 2147483648.0) ? int(0x80000000u) : int(v); }` },
  // round to binary16 (ties to even) keeping infinities, which packHalf2x16 turns into NaN
  h_: { src: `
float h_(float v) {
  if (isnan(v) || isinf(v)) return v;
  if (abs(v) >= 65520.0) return sign(v) * inf_();
  return unpackHalf2x16(packHalf2x16(vec2(v, 0.0))).x;
}` },
};

/** Builtins whose GPU versions are replaced by the wrappers above in ops-table snippets. */
const BUILTIN_WRAPPERS: [RegExp, string][] = [
  [/\blog\(/g, 'log_('], [/\blog2\(/g, 'log2_('], [/\bexp\(/g, 'exp_('], [/\bsin\(/g, 'sin_('],
  [/\bcos\(/g, 'cos_('], [/\btan\(/g, 'tan_('], [/\btanh\(/g, 'tanh_('], [/\batan\(/g, 'atan_('],
];

/** An ops-table GLSL snippet with inaccurate builtins swapped for the wrappers. */
export function accurate(snippet: string): string {
  let s = snippet;
  for (const [re, to] of BUILTIN_WRAPPERS) s = s.replace(re, to);
  return s;
}

/** The helper definitions `code` calls, dependencies first. */
export function helpersFor(code: string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const d of HELPERS[name].deps ?? []) add(d);
    out.push(HELPERS[name].src);
  };
  let grew = true;
  let text = code;
  while (grew) {
    grew = false;
    for (const name of Object.keys(HELPERS)) {
      if (!seen.has(name) && new RegExp(`\\b${name}\\(`).test(text)) { add(name); grew = true; }
    }
    text = code + out.join('');
  }
  return out.join('\n');
}

/**
 * GLSL converting `v` (of kind `from`) to the value stored for dtype `to`, with PyTorch's casts:
 * float->int truncates (NaN/inf/out of range -> INT32_MIN), narrow ints wrap, bool is v != 0,
 * float16 rounds to half.
 */
export function convert(v: string, from: Kind, to: DType): string {
  switch (to.name) {
    case 'float32': case 'float64': return from === 'f' ? v : `float(${v})`;
    case 'float16': return from === 'f' ? `h_(${v})` : `h_(float(${v}))`;
    case 'bool': return from === 'f' ? `((${v}) != 0.0 ? 1 : 0)` : `((${v}) != 0 ? 1 : 0)`;
    default: {
      const i = from === 'f' ? `f2i_(${v})` : `(${v})`;
      if (to.name === 'uint8') return `(${i} & 255)`;
      if (to.name === 'int8') return `((${i} << 24) >> 24)`;
      if (to.name === 'int16') return `((${i} << 16) >> 16)`;
      return i;
    }
  }
}

// ---- map: one output element from operands at the same index --------------------------------

/**
 * What an operand gives the expression: 'tex' its value (from a texture), 'uniform' a number
 * operand's value, 'texref' its element offset plus a reader rd<i>_(offset) of its texture,
 * 'offset' only the offset (an index along some dim, from strides of 0s and 1s).
 */
export type Source = 'tex' | 'uniform' | 'texref' | 'offset';

/**
 * How a 'tex' operand is read for the 4 elements of an output texel (whole outputs whose last dim
 * is a multiple of 4, so the 4 share every index but the last):
 * 'direct': the same texel as the output's (same layout, offset 0): no address arithmetic;
 * 'vec': one texel fetch (stride 1 along the last dim, texel-aligned);
 * 'splat': one element for all 4 (stride 0 along the last dim);
 * 'elem': one fetch per element, each with its own index arithmetic.
 */
export type Access = 'direct' | 'vec' | 'splat' | 'elem';

export interface MapOperandSpec {
  kind: Kind;
  source: Source;
  access: Access;
}

export interface MapSpec {
  nd: number;
  operands: MapOperandSpec[];
  outKind: Kind;
  /** 'whole': the output is its whole dense storage; 'view': a strided window, other elements copied through */
  outMode: 'whole' | 'view';
  /** GLSL defining the op (functions); may call rd<i>_(offset) for texture operands */
  defs: string;
  /** expression of the stored value, in terms of in<i> (value or offset per operand) */
  expr: string;
  /** extra uniform declarations used by defs */
  uniforms?: string;
}

const COMPONENTS = ['x', 'y', 'z', 'w'];

/**
 * A fragment shader for a map: out[idx] = expr(operands at idx). The 4 elements of the output
 * texel are written out one by one (no loop, no dynamic vector indexing: both cost several times
 * the arithmetic on GPUs and SwiftShader alike), and elements past the end are computed
 * harmlessly rather than tested for.
 */
export function mapShader(s: MapSpec): string {
  const nd = s.nd;
  const decl: string[] = [];
  const rd: string[] = [];
  if (nd > 0) decl.push(`uniform int u_shape[${nd}];`);
  decl.push('uniform int u_ow;');
  if (s.outMode === 'view') {
    decl.push('uniform int u_oo;', `uniform ${samplerT(s.outKind)} u_old;`);
    if (nd > 0) decl.push(`uniform int u_ost[${nd}];`);
  }
  s.operands.forEach((o, i) => {
    const T = scalarT(o.kind);
    if (o.source === 'uniform') { decl.push(`uniform ${T} u_s${i};`); return; }
    decl.push(`uniform int u_o${i};`);
    if (nd > 0) decl.push(`uniform int u_st${i}[${nd}];`);
    if (o.source === 'tex' || o.source === 'texref') {
      decl.push(`uniform ${samplerT(o.kind)} u_t${i};`, `uniform int u_w${i};`);
      rd.push(`${T} rd${i}_(int e) { return fetch${o.kind === 'f' ? 'F' : 'I'}_(u_t${i}, u_w${i}, e); }`);
    }
  });
  if (s.uniforms) decl.push(s.uniforms);

  const OT = scalarT(s.outKind), OV = vecT(s.outKind);
  const perElem = s.operands.map((o, i) => ({ o, i })).filter(({ o }) => o.source !== 'uniform' && (o.source !== 'tex' || o.access === 'elem'));
  const perTexel = s.operands.map((o, i) => ({ o, i })).filter(({ o }) => o.source === 'tex' && (o.access === 'vec' || o.access === 'splat'));

  // offsets of `ops` at output element `e` (whole) or storage element `e` (view: may be outside)
  const offsets = (ops: { i: number }[], e: string, view: boolean): string[] => {
    const out: string[] = [];
    if (!ops.length && !view) return out;
    for (const { i } of ops) out.push(`  int off${i} = u_o${i};`);
    if (!view) {
      if (nd === 0) return out;
      out.push(`  int rem = ${e};`);
      if (nd > 1) {
        out.push(`  for (int d = ${nd - 1}; d > 0; d--) {`, '    int s = u_shape[d]; int k = rem % s; rem /= s;',
          ...ops.map(({ i }) => `    off${i} += k * u_st${i}[d];`), '  }');
      }
      for (const { i } of ops) out.push(`  off${i} += rem * u_st${i}[0];`);
      return out;
    }
    // invert the output view: dims come sorted by output stride (largest first), so a greedy
    // division recovers the index of storage element e, if e is in the view at all
    out.push(`  int rem = ${e} - u_oo;`, '  if (rem < 0) return old;');
    if (nd > 0) {
      out.push(`  for (int d = 0; d < ${nd}; d++) {`, '    int k = rem / u_ost[d];', '    if (k >= u_shape[d]) return old;',
        '    rem -= k * u_ost[d];', ...ops.map(({ i }) => `    off${i} += k * u_st${i}[d];`), '  }');
    }
    out.push('  if (rem != 0) return old;');
    return out;
  };

  // one element: per-element operands are read here; direct and per-texel ones are passed in
  const direct = s.operands.map((o, i) => ({ o, i })).filter(({ o }) => o.source === 'tex' && o.access === 'direct');
  const params = ['int e', ...direct.map(({ o, i }) => `${scalarT(o.kind)} in${i}`),
    ...perTexel.map(({ o, i }) => `${scalarT(o.kind)} in${i}`), ...(s.outMode === 'view' ? [`${OT} old`] : [])];
  const elem = [`${OT} elem_(${params.join(', ')}) {`, ...offsets(perElem, 'e', s.outMode === 'view')];
  for (const { o, i } of perElem) {
    const ref = o.source === 'offset' || o.source === 'texref';
    elem.push(`  ${ref ? 'int' : scalarT(o.kind)} in${i} = ${ref ? `off${i}` : `rd${i}_(off${i})`};`);
  }
  s.operands.forEach((o, i) => { if (o.source === 'uniform') elem.push(`  ${scalarT(o.kind)} in${i} = u_s${i};`); });
  elem.push(`  return ${s.expr};`, '}');

  const main = ['out ' + OV + ' o;', 'void main() {', '  ivec2 px = ivec2(gl_FragCoord.xy);', '  int q = px.y * u_ow + px.x;', '  int e0 = q * 4;'];
  if (s.outMode === 'view') main.push(`  ${OV} old = texelFetch(u_old, px, 0);`);
  if (perTexel.length) main.push(...offsets(perTexel, 'e0', false));
  for (const { o, i } of perTexel) {
    const F = o.kind === 'f' ? 'F' : 'I';
    main.push(o.access === 'vec' ? `  ${vecT(o.kind)} v${i} = tex${F}_(u_t${i}, u_w${i}, off${i} >> 2);` : `  ${scalarT(o.kind)} v${i} = rd${i}_(off${i});`);
  }
  for (const { o, i } of direct) main.push(`  ${vecT(o.kind)} v${i} = texelFetch(u_t${i}, px, 0);`);
  const call = (c: number): string => {
    const args = [c ? `e0 + ${c}` : 'e0', ...direct.map(({ i }) => `v${i}.${COMPONENTS[c]}`),
      ...perTexel.map(({ o, i }) => (o.access === 'vec' ? `v${i}.${COMPONENTS[c]}` : `v${i}`)),
      ...(s.outMode === 'view' ? [`old.${COMPONENTS[c]}`] : [])];
    return `elem_(${args.join(', ')})`;
  };
  main.push(`  o = ${OV}(${[0, 1, 2, 3].map(call).join(', ')});`, '}');

  const code = rd.join('\n') + '\n' + s.defs + '\n' + elem.join('\n') + '\n' + main.join('\n');
  return HEADER + decl.join('\n') + FETCH + helpersFor(code) + '\n' + code;
}

// ---- reduce ---------------------------------------------------------------------------------

export interface Fold {
  /** accumulator type and its initial value (GLSL), given the input kind */
  acc: (k: Kind) => { type: string; init: string };
  /** statement folding value `v` (at reduced flat index `r`) into `acc` (and `ai`, an int) */
  step: (k: Kind) => string;
  /** the fold tracks an index in `ai`, which starts at -1 (0 otherwise, unused) */
  index?: boolean;
  /** the result from `acc`/`ai` (defaults to acc) and its kind */
  result?: (k: Kind) => { expr: string; kind: Kind };
  /** partial results can be folded again by the same step (multi-pass trees) */
  associative: boolean;
}

/**
 * 'vecOut': the 4 outputs of a fragment are 4 consecutive elements along a dense kept dim, read
 * as one texel per reduced index; 'vecRed': the reduced run is dense, read a texel (4 indices) at
 * a time; 'scalar': one fetch per element.
 */
export type ReduceMode = 'vecOut' | 'vecRed' | 'scalar';

export interface ReduceSpec {
  keptNd: number;
  redNd: number;
  inKind: Kind;
  fold: Fold;
  mode: ReduceMode;
  /** conversion of the result expression `v` to the stored value */
  store: (v: string) => string;
  outKind: Kind;
}

/**
 * Output element e is chunk p = e / K of kept index k = e % K ([P, K] layout: partials of
 * neighbouring outputs are neighbours, so later passes read them a texel at a time); it folds
 * reduced indices [p*C, min((p+1)*C, R)).
 */
export function reduceShader(s: ReduceSpec): string {
  const k = s.inKind;
  const T = scalarT(k), V = vecT(k), F = k === 'f' ? 'F' : 'I';
  const acc = s.fold.acc(k);
  const res = s.fold.result ? s.fold.result(k) : { expr: 'acc', kind: k };
  const decl = ['uniform int u_ow;', 'uniform int u_K;', 'uniform int u_C;', 'uniform int u_R;',
    'uniform int u_off;', `uniform ${samplerT(k)} u_t;`, 'uniform int u_w;'];
  if (s.keptNd) decl.push(`uniform int u_ks[${s.keptNd}];`, `uniform int u_kst[${s.keptNd}];`);
  if (s.redNd) decl.push(`uniform int u_rs[${s.redNd}];`, `uniform int u_rst[${s.redNd}];`);
  const keptBase = (kk: string): string => (s.keptNd === 0 ? '  int base = u_off;' : `
  int base = u_off;
  int kr = ${kk};
  for (int d = ${s.keptNd - 1}; d > 0; d--) { int s = u_ks[d]; int i = kr % s; kr /= s; base += i * u_kst[d]; }
  base += kr * u_kst[0];`);
  const redOff = (rr: string): string => (s.redNd === 0 ? 'base' : s.redNd === 1 ? `(base + ${rr} * u_rst[0])` : `roff_(base, ${rr})`);
  const roff = s.redNd > 1 ? `
int roff_(int base, int rr) {
  int off = base, m = rr;
  for (int d = ${s.redNd - 1}; d > 0; d--) { int s = u_rs[d]; int i = m % s; m /= s; off += i * u_rst[d]; }
  return off + m * u_rst[0];
}` : '';
  const ai = `  int ai = ${s.fold.index ? -1 : 0};\n`;
  const step = `void step_(inout ${acc.type} acc, inout int ai, ${T} v, int r) { ${s.fold.step(k)} }`;
  let body: string;
  if (s.mode === 'vecOut') {
    // 4 accumulators, one per output, fed a texel per reduced index
    body = `
void main() {
  int q = int(gl_FragCoord.y) * u_ow + int(gl_FragCoord.x);
  int e0 = q * 4;
  int p = e0 / u_K;
${keptBase('e0 - p * u_K')}
  int r0 = p * u_C, r1 = min(r0 + u_C, u_R);
  ${acc.type} acc = ${acc.init};
${ai}  ${acc.type} acc0 = acc, acc1 = acc, acc2 = acc, acc3 = acc;
  int ai0 = ai, ai1 = ai, ai2 = ai, ai3 = ai;
  for (int rr = r0; rr < r1; rr++) {
    ${V} t = tex${F}_(u_t, u_w, ${redOff('rr')} >> 2);
    step_(acc0, ai0, t.x, rr); step_(acc1, ai1, t.y, rr); step_(acc2, ai2, t.z, rr); step_(acc3, ai3, t.w, rr);
  }
  ${vecT(s.outKind)} res;
  acc = acc0; ai = ai0; res.x = ${s.store(res.expr)};
  acc = acc1; ai = ai1; res.y = ${s.store(res.expr)};
  acc = acc2; ai = ai2; res.z = ${s.store(res.expr)};
  acc = acc3; ai = ai3; res.w = ${s.store(res.expr)};
  o = res;
}`;
  } else {
    const loop = s.mode === 'vecRed' ? `
  for (int rr = r0; rr < r1; rr += 4) {
    ${V} t = tex${F}_(u_t, u_w, ${redOff('rr')} >> 2);
    step_(acc, ai, t.x, rr);
    if (rr + 1 < r1) step_(acc, ai, t.y, rr + 1);
    if (rr + 2 < r1) step_(acc, ai, t.z, rr + 2);
    if (rr + 3 < r1) step_(acc, ai, t.w, rr + 3);
  }` : `
  for (int rr = r0; rr < r1; rr++) step_(acc, ai, fetch${F}_(u_t, u_w, ${redOff('rr')}), rr);`;
    body = `
${scalarT(s.outKind)} red_(int e) {
  int p = e / u_K;
${keptBase('e - p * u_K')}
  int r0 = p * u_C, r1 = min(r0 + u_C, u_R);
  ${acc.type} acc = ${acc.init};
${ai}${loop}
  return ${s.store(res.expr)};
}
void main() {
  int q = int(gl_FragCoord.y) * u_ow + int(gl_FragCoord.x);
  int e0 = q * 4;
  o = ${vecT(s.outKind)}(red_(e0), red_(e0 + 1), red_(e0 + 2), red_(e0 + 3));
}`;
  }
  const code = `${roff}\n${step}\nout ${vecT(s.outKind)} o;${body}`;
  return HEADER + decl.join('\n') + FETCH + helpersFor(code) + '\n' + code;
}

// ---- matmul ---------------------------------------------------------------------------------

/**
 * C[p, i, j] = sum_k A[p, i, k] B[p, k, j]; each fragment computes 4 consecutive elements of C.
 * When they share a row (always when `bVec`), the fragment reads A once per k for all 4 and B as 4
 * consecutive columns, 4 k at a time. `aVec`/`bVec`: A's rows / B's rows are dense and
 * texel-aligned (B with N % 4 == 0), so those reads are single texel fetches whose texture
 * coordinates advance incrementally (no division per fetch).
 */
export function matmulShader(k: Kind, store: (v: string) => string, outKind: Kind, aVec: boolean, bVec: boolean): string {
  const T = scalarT(k), V = vecT(k), F = k === 'f' ? 'F' : 'I';
  const decl = ['uniform int u_ow;', 'uniform int u_M;', 'uniform int u_N;', 'uniform int u_K;',
    `uniform ${samplerT(k)} u_ta;`, 'uniform int u_wa;', 'uniform int u_oa;', 'uniform int u_sa;', 'uniform int u_ra;', 'uniform int u_ca;',
    `uniform ${samplerT(k)} u_tb;`, 'uniform int u_wb;', 'uniform int u_ob;', 'uniform int u_sb;', 'uniform int u_rb;', 'uniform int u_cb;'];
  const readA4 = aVec
    ? `texelFetch(u_ta, ca, 0); ca.x++; while (ca.x >= u_wa) { ca.x -= u_wa; ca.y++; }`
    : `rd4A(ab + kk * u_ca, u_ca);`;
  const readB4 = bVec
    ? (name: string) => `${V} ${name} = texelFetch(u_tb, cb, 0); cb.x += db; while (cb.x >= u_wb) { cb.x -= u_wb; cb.y++; }`
    : (name: string, d: number) => `${V} ${name} = rd4B(bb + (kk + ${d}) * u_rb, u_cb);`;
  const code = `
${T} rdA(int e) { return fetch${F}_(u_ta, u_wa, e); }
${T} rdB(int e) { return fetch${F}_(u_tb, u_wb, e); }
${V} rd4A(int e, int s) {
  if (s == 1 && (e & 3) == 0) return tex${F}_(u_ta, u_wa, e >> 2);
  return ${V}(rdA(e), rdA(e + s), rdA(e + 2 * s), rdA(e + 3 * s));
}
${V} rd4B(int e, int s) {
  if (s == 1 && (e & 3) == 0) return tex${F}_(u_tb, u_wb, e >> 2);
  return ${V}(rdB(e), rdB(e + s), rdB(e + 2 * s), rdB(e + 3 * s));
}
out ${vecT(outKind)} o;
void main() {
  int q = int(gl_FragCoord.y) * u_ow + int(gl_FragCoord.x);
  int e0 = q * 4;
  int mn = u_M * u_N;
  int p = e0 / mn;
  int rem = e0 - p * mn;
  int i = rem / u_N;
  int j = rem - i * u_N;
  ${V} acc = ${V}(0);
  if (${bVec ? 'true' : 'j + 3 < u_N'}) {
    int ab = u_oa + p * u_sa + i * u_ra;
    int bb = u_ob + p * u_sb + j * u_cb;
    int kk = 0;
${aVec ? '    int ta = ab >> 2;\n    ivec2 ca = ivec2(ta % u_wa, ta / u_wa);' : ''}
${bVec ? '    int tb = bb >> 2, db = u_rb >> 2;\n    ivec2 cb = ivec2(tb % u_wb, tb / u_wb);' : ''}
    while (kk + 3 < u_K) {
      ${V} a = ${readA4}
      ${readB4('b0', 0)}
      ${readB4('b1', 1)}
      ${readB4('b2', 2)}
      ${readB4('b3', 3)}
      acc += a.x * b0 + a.y * b1 + a.z * b2 + a.w * b3;
      kk += 4;
    }
    while (kk < u_K) { acc += rdA(ab + kk * u_ca) * rd4B(bb + kk * u_rb, u_cb); kk++; }
  } else {
    // the 4 elements straddle rows (or batches): one dot product each
    for (int c = 0; c < 4; c++) {
      int e = e0 + c;
      int pp = e / mn; int rr = e - pp * mn; int ii = rr / u_N; int jj = rr - ii * u_N;
      int ab = u_oa + pp * u_sa + ii * u_ra;
      int bb = u_ob + pp * u_sb + jj * u_cb;
      ${T} s = ${T}(0);
      for (int kk = 0; kk < u_K; kk++) s += rdA(ab + kk * u_ca) * rdB(bb + kk * u_rb);
      acc[c] = s;
    }
  }
  ${vecT(outKind)} res;
  res.x = ${store('acc.x')}; res.y = ${store('acc.y')}; res.z = ${store('acc.z')}; res.w = ${store('acc.w')};
  o = res;
}`;
  return HEADER + decl.join('\n') + FETCH + helpersFor(code) + '\n' + code;
}
