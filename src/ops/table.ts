// The ops table: each elementwise op is one row with its name, its JS reference lambda (the JS
// backend and the test oracle), the stem of its wasm exports (`exp` -> `exp_f32`, `exp_f64_s`),
// its GLSL expression, and its vector-Jacobian product written with tensor ops (so gradients run
// on every backend and are differentiable again for create_graph).
import type { Tensor } from '../tensor.js';

/**
 * Which dtypes an op computes in. `float`: integer/bool inputs promote to float32 (exp, div);
 * `number`: float and integer kernels (neg, add); `compare`: any input, bool output;
 * `logical`: inputs viewed as bool, bool output; `predicate`: float kernels, bool output
 * (integers short-circuit: isnan of an int is all false).
 */
export type DtypeRule = 'float' | 'number' | 'compare' | 'logical' | 'predicate';

export interface UnaryRow {
  readonly name: string;
  readonly kernel: string;
  readonly ref: (x: number) => number;
  readonly glsl: string;
  readonly dtypes: DtypeRule;
  /** PyTorch's grad_fn name, e.g. 'ExpBackward0'; absent for ops with no gradient (isnan) */
  readonly gradName?: string;
  /** d(out)/d(x) applied to the incoming gradient g; `y` is the op's output */
  readonly vjp?: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
  /** PyTorch's error for a bool input, where it has no bool kernel */
  readonly boolError?: string;
  /** on integer (and bool) inputs the op is the identity (rounding): the result is a copy */
  readonly intIdentity?: boolean;
  /** PyTorch's kernel name where it has no integer (nor bool) kernel: an integer input is an error */
  readonly floatOnlyKernel?: string;
  /** the result dtype of a bool input, where PyTorch promotes it (square is pow(x, 2): int64) */
  readonly boolResult?: 'int64';
}

export interface BinaryRow {
  readonly name: string;
  readonly kernel: string;
  readonly ref: (a: number, b: number) => number;
  readonly glsl: string;
  readonly dtypes: DtypeRule;
  readonly gradName?: string;
  /** grad_fn name when the second operand is a plain number: PyTorch's Scalar overloads, whose node has no edge for it */
  readonly gradNameScalar?: string;
  /**
   * What the gradient of `a` (first) and of `b` (second) read among 'a', 'b' and 'y' (the output).
   * A node saves only what the gradients it will compute read, as PyTorch does, so an in-place
   * change to anything else is no error.
   */
  readonly reads?: readonly [string, string];
  /**
   * The gradients of the operands that `need` one (tensors that require grad). `a` and `b` are the
   * operands as given (a number operand stays a number); a tensor operand no computed gradient
   * reads was not saved and arrives as null.
   */
  readonly vjp?: (g: Tensor, a: Tensor | number, b: Tensor | number, y: Tensor, need: readonly [boolean, boolean]) => [Tensor | null, Tensor | null];
  /** PyTorch's error when both operands are bool */
  readonly boolError?: string;
  /**
   * What integer kernels must refuse before computing: a zero divisor (PyTorch's
   * ZeroDivisionError), or a negative number as exponent (a negative tensor exponent is allowed).
   */
  readonly intCheck?: 'zero-divisor' | 'negative-scalar-exponent';
  /** PyTorch has no Scalar overload: a number operand is a TypeError (maximum(), atan2() ...) */
  readonly tensorsOnly?: boolean;
  /** the message when either operand is bool but not both (sub) */
  readonly oneBoolError?: string;
}

export interface ReduceRow {
  readonly name: string;
  readonly kernel: string;
  /** folds one reduced run of values; the JS backend's reference */
  readonly ref: (values: number[]) => number;
  /** the output is int64 positions (argmax): the wasm export is named by the input dtype alone */
  readonly indices?: boolean;
}

export interface ScanRow {
  readonly name: string;
  readonly kernel: string;
  readonly ref: (acc: number, x: number) => number;
  readonly identity: number;
}

const zero = (g: Tensor) => g.mul(0);

function unary(
  name: string, ref: (x: number) => number, glsl: string, dtypes: DtypeRule,
  gradName?: string, vjp?: UnaryRow['vjp'], facts?: Pick<UnaryRow, 'boolError' | 'intIdentity' | 'floatOnlyKernel' | 'boolResult'>,
): UnaryRow {
  return { name, kernel: name, ref, glsl, dtypes, gradName, vjp, ...facts };
}

/** PyTorch's message for a kernel with no bool instantiation */
const noBool = (kernel: string) => ({ boolError: `"${kernel}" not implemented for 'Bool'` });
const rounding = (kernel: string) => ({ ...noBool(kernel), intIdentity: true });

/** Python's rounding: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const SQRT_PI_2 = 2 / Math.sqrt(Math.PI);

/** erf to double precision (Abramowitz-Stegun 7.1.26 is too coarse; this is a series/continued fraction pair). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2) {
    // Maclaurin series: converges fast for |x| < 2
    let term = x, sum = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return SQRT_PI_2 * sum;
  }
  if (ax > 6) return Math.sign(x);
  // continued fraction for erfc, evaluated bottom-up
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

export const UNARY = {
  neg: unary('neg', (x) => -x, '-x', 'number', 'NegBackward0', (g) => g.neg(), {
    boolError: 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
  }),
  abs: unary('abs', Math.abs, 'abs(x)', 'number', 'AbsBackward0', (g, x) => g.mul(x.sign()), noBool('abs_cpu')),
  sqrt: unary('sqrt', Math.sqrt, 'sqrt(x)', 'float', 'SqrtBackward0', (g, _x, y) => g.div(y.mul(2))),
  rsqrt: unary('rsqrt', (x) => 1 / Math.sqrt(x), 'inversesqrt(x)', 'float', 'RsqrtBackward0',
    (g, _x, y) => g.mul(y.pow(3)).mul(-0.5)),
  exp: unary('exp', Math.exp, 'exp(x)', 'float', 'ExpBackward0', (g, _x, y) => g.mul(y)),
  log: unary('log', Math.log, 'log(x)', 'float', 'LogBackward0', (g, x) => g.div(x)),
  log1p: unary('log1p', Math.log1p, 'log(1.0 + x)', 'float', 'Log1PBackward0', (g, x) => g.div(x.add(1))),
  expm1: unary('expm1', Math.expm1, 'exp(x) - 1.0', 'float', 'Expm1Backward0', (g, _x, y) => g.mul(y.add(1))),
  log2: unary('log2', Math.log2, 'log2(x)', 'float', 'Log2Backward0', (g, x) => g.div(x.mul(Math.LN2))),
  log10: unary('log10', Math.log10, 'log(x) * 0.4342944819032518', 'float', 'Log10Backward0',
    (g, x) => g.div(x.mul(Math.LN10))),
  sin: unary('sin', Math.sin, 'sin(x)', 'float', 'SinBackward0', (g, x) => g.mul(x.cos())),
  cos: unary('cos', Math.cos, 'cos(x)', 'float', 'CosBackward0', (g, x) => g.mul(x.sin().neg())),
  tan: unary('tan', Math.tan, 'tan(x)', 'float', 'TanBackward0', (g, _x, y) => g.mul(y.square().add(1))),
  tanh: unary('tanh', Math.tanh, 'tanh(x)', 'float', 'TanhBackward0', (g, _x, y) => g.mul(y.square().neg().add(1))),
  sigmoid: unary('sigmoid', (x) => 1 / (1 + Math.exp(-x)), '1.0 / (1.0 + exp(-x))', 'float', 'SigmoidBackward0',
    (g, _x, y) => g.mul(y.mul(y.neg().add(1)))),
  // x < 0 ? 0 : x: NaN and -0 pass through, as PyTorch's relu
  relu: unary('relu', (x) => (x < 0 ? 0 : x), '(x < 0.0 ? 0.0 : x)', 'number', 'ReluBackward0',
    // PyTorch's threshold_backward: 0 where y <= 0, else g (a NaN input passes g; an infinite g
    // where y = 0 gives 0, which g * (y > 0) made NaN), and no bool-to-float copy of the mask
    (g, _x, y) => g.masked_fill(y.le(0), 0), { boolError: 'Boolean inputs not supported for relu' }),
  erf: unary('erf', erf, 'erf(x)', 'float', 'ErfBackward0',
    (g, x) => g.mul(x.square().neg().exp().mul(SQRT_PI_2))),
  floor: unary('floor', Math.floor, 'floor(x)', 'float', 'FloorBackward0', zero, rounding('floor_vml_cpu')),
  ceil: unary('ceil', Math.ceil, 'ceil(x)', 'float', 'CeilBackward0', zero, rounding('ceil_vml_cpu')),
  round: unary('round', roundHalfEven, 'roundEven(x)', 'float', 'RoundBackward0', zero, rounding('round_vml_cpu')),
  trunc: unary('trunc', Math.trunc, 'trunc(x)', 'float', 'TruncBackward0', zero, rounding('trunc_vml_cpu')),
  frac: unary('frac', (x) => x - Math.trunc(x), 'x - trunc(x)', 'float', 'FracBackward0', (g) => g, { floatOnlyKernel: 'frac_cpu' }),
  sign: unary('sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), 'sign(x)', 'number', 'SignBackward0', zero),
  square: unary('square', (x) => x * x, 'x * x', 'number', 'PowBackward0', (g, x) => g.mul(x.mul(2)), { boolResult: 'int64' }),
  reciprocal: unary('reciprocal', (x) => 1 / x, '1.0 / x', 'float', 'ReciprocalBackward0',
    (g, _x, y) => g.mul(y.square().neg())),
  isnan: unary('isnan', (x) => +Number.isNaN(x), 'float(isnan(x))', 'predicate'),
  isinf: unary('isinf', (x) => +(x === Infinity || x === -Infinity), 'float(isinf(x))', 'predicate'),
  isfinite: unary('isfinite', (x) => +Number.isFinite(x), 'float(!isnan(x) && !isinf(x))', 'predicate'),
  logical_not: unary('logical_not', (x) => +!x, 'float(x == 0.0)', 'logical'),
} satisfies Record<string, UnaryRow>;

export type UnaryName = keyof typeof UNARY;

function binary(
  name: string, ref: (a: number, b: number) => number, glsl: string, dtypes: DtypeRule,
  grad?: Pick<BinaryRow, 'gradName' | 'gradNameScalar' | 'reads' | 'vjp' | 'boolError' | 'intCheck' | 'tensorsOnly' | 'oneBoolError'>,
): BinaryRow {
  return { name, kernel: name, ref, glsl, dtypes, ...grad };
}

function fmodRef(a: number, b: number): number { return a % b; }
function remainderRef(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && (b < 0) !== (m < 0) ? m + b : m;
}
function powRef(a: number, b: number): number { return a === 1 || b === 0 ? 1 : Math.pow(a, b); }
/** Python's floor division, as PyTorch's div_floor computes it (1 // 0.1 == 9, not 10). */
function floorDivideRef(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  let q = Math.floor(div);
  if (div - q > 0.5) q += 1;
  return q;
}

/** maximum/minimum split the gradient evenly on ties, as PyTorch 1.13 does. */
function pickGrad(g: Tensor, mine: Tensor | number, other: Tensor | number, wins: 'ge' | 'le'): Tensor {
  const m = mine as Tensor;
  const half = g.where(m.ne(other), g.mul(0.5));
  return half.mul(m[wins](other));
}

export const BINARY = {
  add: binary('add', (a, b) => a + b, 'a + b', 'number', {
    gradName: 'AddBackward0', reads: ['', ''], vjp: (g, _a, _b, _y, [na, nb]) => [na ? g : null, nb ? g : null],
  }),
  sub: binary('sub', (a, b) => a - b, 'a - b', 'number', {
    gradName: 'SubBackward0', reads: ['', ''], vjp: (g, _a, _b, _y, [na, nb]) => [na ? g : null, nb ? g.neg() : null],
    boolError: 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    oneBoolError: 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
  }),
  mul: binary('mul', (a, b) => a * b, 'a * b', 'number', {
    gradName: 'MulBackward0', reads: ['b', 'a'], vjp: (g, a, b, _y, [na, nb]) => [na ? g.mul(b) : null, nb ? g.mul(a) : null],
  }),
  div: binary('div', (a, b) => a / b, 'a / b', 'float', {
    gradName: 'DivBackward0', reads: ['b', 'ab'],
    vjp: (g, a, b, _y, [na, nb]) => [na ? g.div(b) : null, nb ? g.neg().mul(a).div((b as Tensor).square()) : null],
  }),
  pow: binary('pow', powRef, 'pow_(a, b)', 'number', {
    gradName: 'PowBackward1', gradNameScalar: 'PowBackward0', reads: ['ab', 'aby'], intCheck: 'negative-scalar-exponent',
    boolError: `"pow" not implemented for 'Bool'`,
    vjp: (g, a, b, y, [na, nb]) => {
      const at = a as Tensor;
      return [
        na ? (typeof b === 'number' ? (b === 0 ? g.mul(0) : g.mul(at.pow(b - 1).mul(b))) : g.mul(b).mul(at.pow(b.sub(1)))) : null,
        // d/db a^b = a^b ln a, with 0 where a == 0 and b >= 0 (PyTorch masks the 0 * -inf)
        nb ? g.mul(y).mul(typeof a === 'number' ? Math.log(a) : a.log()).where(
          typeof a === 'number' ? (b as Tensor).ge(a === 0 ? Infinity : -Infinity) : a.ne(0).logical_or((b as Tensor).lt(0)), 0) : null,
      ];
    },
  }),
  maximum: binary('maximum', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), 'max_(a, b)', 'number', {
    gradName: 'MaximumBackward0', reads: ['ab', 'ab'], tensorsOnly: true,
    vjp: (g, a, b, _y, [na, nb]) => [na ? pickGrad(g, a, b, 'ge') : null, nb ? pickGrad(g, b, a, 'ge') : null],
  }),
  minimum: binary('minimum', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), 'min_(a, b)', 'number', {
    gradName: 'MinimumBackward0', reads: ['ab', 'ab'], tensorsOnly: true,
    vjp: (g, a, b, _y, [na, nb]) => [na ? pickGrad(g, a, b, 'le') : null, nb ? pickGrad(g, b, a, 'le') : null],
  }),
  atan2: binary('atan2', Math.atan2, 'atan(a, b)', 'float', {
    gradName: 'Atan2Backward0', reads: ['ab', 'ab'], tensorsOnly: true,
    vjp: (g, a, b, _y, [na, nb]) => {
      const denom = (a as Tensor).square().add(typeof b === 'number' ? b * b : b.square());
      return [na ? g.mul(b).div(denom) : null, nb ? g.mul(a).neg().div(denom) : null];
    },
  }),
  remainder: binary('remainder', remainderRef, 'a - b * floor(a / b)', 'number', {
    gradName: 'RemainderBackward1', gradNameScalar: 'RemainderBackward0', reads: ['', 'ab'], intCheck: 'zero-divisor',
    boolError: `"remainder_cpu" not implemented for 'Bool'`,
    vjp: (g, a, b, _y, [na, nb]) => [na ? g : null, nb ? g.mul((a as Tensor).floor_divide(b)).neg() : null],
  }),
  fmod: binary('fmod', fmodRef, 'a - b * trunc(a / b)', 'number', {
    gradName: 'FmodBackward1', gradNameScalar: 'FmodBackward0', reads: ['', 'ab'], intCheck: 'zero-divisor',
    boolError: `"fmod_cpu" not implemented for 'Bool'`,
    vjp: (g, a, b, _y, [na, nb]) => [na ? g : null, nb ? g.mul((a as Tensor).div(b).trunc()).neg() : null],
  }),
  floor_divide: binary('floor_divide', floorDivideRef, 'floor(a / b)', 'number', {
    intCheck: 'zero-divisor', boolError: `"div_floor_cpu" not implemented for 'Bool'`,
  }),
  eq: binary('eq', (a, b) => +(a === b), 'float(a == b)', 'compare'),
  ne: binary('ne', (a, b) => +(a !== b), 'float(a != b)', 'compare'),
  lt: binary('lt', (a, b) => +(a < b), 'float(a < b)', 'compare'),
  le: binary('le', (a, b) => +(a <= b), 'float(a <= b)', 'compare'),
  gt: binary('gt', (a, b) => +(a > b), 'float(a > b)', 'compare'),
  ge: binary('ge', (a, b) => +(a >= b), 'float(a >= b)', 'compare'),
  logical_and: binary('logical_and', (a, b) => +(!!a && !!b), 'float(a != 0.0 && b != 0.0)', 'logical', { tensorsOnly: true }),
  logical_or: binary('logical_or', (a, b) => +(!!a || !!b), 'float(a != 0.0 || b != 0.0)', 'logical', { tensorsOnly: true }),
} satisfies Record<string, BinaryRow>;

export type BinaryName = keyof typeof BINARY;
