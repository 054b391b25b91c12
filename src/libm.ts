// log, exp, sin, cos and tan of doubles rounded as glibc rounds them (correctly, but for the
// rarest near-ties), for the float64 random samplers: V8's Math.log/exp/sin/cos/tan differ from
// glibc in the last bit for a few percent of arguments, and PyTorch's CPU kernels call glibc.
// Each evaluates in double-double (about 100 bits) from small tables computed once with BigInt.

/** a + b = s + e exactly */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b, v = s - a;
  return [s, (a - (s - v)) + (b - v)];
}
const SPLIT = 134217729; // 2^27 + 1
/** a * b = p + e exactly (Dekker) */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
type DD = [number, number];
function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = twoSum(s, e + t);
  return twoSum(s2, e2 + f);
}
function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

// ---- tables, from BigInt fixed point with 2^-160 scale -------------------------------------------
const FB = 160n;
const ONE = 1n << FB;
/** a fixed-point BigInt as a double-double */
function toDD(v: bigint): DD {
  const hi = Number(v) / 2 ** 160; // Number(bigint) rounds to nearest; the scaling is exact
  // hi * 2^160 is an integer-valued double for every table entry (all are 0 or above 2^-100)
  const lo = Number(v - BigInt(hi * 2 ** 160)) / 2 ** 160;
  return twoSum(hi, lo);
}
/** ln(c) for c = num/den in (0.5, 2], by 2 atanh((c - 1) / (c + 1)) */
function lnFixed(num: bigint, den: bigint): bigint {
  // a positive series only: BigInt shifts of negatives round down and never reach 0
  if (num < den) return -lnFixed(den, num);
  const t = ((num - den) << FB) / (num + den);
  const t2 = (t * t) >> FB;
  let p = t, sum = 0n;
  for (let n = 1n; p !== 0n; n += 2n) { sum += p / n; p = (p * t2) >> FB; }
  return 2n * sum;
}
/** e^x for a fixed-point x with |x| <= 1 */
function expFixed(x: bigint): bigint {
  let term = ONE, sum = ONE;
  for (let n = 1n; term !== 0n; n++) { term = (term * x) / (n << FB); sum += term; }
  return sum;
}
/** [sin x, cos x] for a fixed-point |x| <= 1 */
function sinCosFixed(x: bigint): [bigint, bigint] {
  let s = 0n, c = 0n, term = ONE;
  for (let n = 0n; term !== 0n; n++) {
    // term = x^n / n!
    const k = n % 4n;
    if (k === 0n) c += term; else if (k === 1n) s += term; else if (k === 2n) c -= term; else s -= term;
    term = (term * x) / ((n + 1n) << FB);
  }
  return [s, c];
}
let LN2: DD = [0, 0];
/** ln(1 + j/64) for j in -32..64, split in high and low parts */
const LOG_HI = new Float64Array(97), LOG_LO = new Float64Array(97);
/** 2^(j/64) for j in 0..63 */
const EXP_TABLE: DD[] = [];
/** sin and cos of i/64 for i in 0..51 (covers [0, pi/4 + 1/128]) */
const SIN_HI = new Float64Array(52), SIN_LO = new Float64Array(52), COS_HI = new Float64Array(52), COS_LO = new Float64Array(52);
/** pi/2 in three parts (the reduction of arguments up to a few thousand stays exact enough) */
let PIO2_1 = 0, PIO2_2 = 0, PIO2_3 = 0;
let built = false;

/** The tables, computed on first use (a few milliseconds of BigInt arithmetic kept off import). */
function build(): void {
  built = true;
  const ln2 = lnFixed(2n, 1n);
  LN2 = toDD(ln2);
  for (let j = -32; j <= 64; j++) [LOG_HI[j + 32], LOG_LO[j + 32]] = toDD(lnFixed(BigInt(64 + j), 64n));
  for (let j = 0; j < 64; j++) EXP_TABLE.push(toDD(expFixed((ln2 * BigInt(j)) / 64n)));
  for (let i = 0; i <= 51; i++) {
    const [sn, cs] = sinCosFixed((BigInt(i) << FB) / 64n);
    [SIN_HI[i], SIN_LO[i]] = toDD(sn);
    [COS_HI[i], COS_LO[i]] = toDD(cs);
  }
  // pi/2 = 2 (4 atan(1/5) - atan(1/239)) (Machin), each by its series
  const atanInv = (m: bigint): bigint => {
    let term = ONE / m, sum = 0n;
    const m2 = m * m;
    for (let n = 1n, sign = 1n; term !== 0n; n += 2n, sign = -sign) { sum += (sign * term) / n; term /= m2; }
    return sum;
  };
  const pio2 = 2n * (4n * atanInv(5n) - atanInv(239n));
  PIO2_1 = Number(pio2) / 2 ** 160;
  const rest = pio2 - BigInt(PIO2_1 * 2 ** 160);
  PIO2_2 = Number(rest) / 2 ** 160;
  PIO2_3 = Number(rest - BigInt(PIO2_2 * 2 ** 160)) / 2 ** 160;
}

// Double-double arithmetic on module-level registers rather than arrays: the hot paths (log and
// sincos, twice per Box-Muller pair) then allocate nothing.
/** the registers: the accumulator (H, L), a product (PH, PL), sin and cos (SH, SL, CH, CL); a
 * typed array, because a double stored in a module variable is boxed on every write */
const R = new Float64Array(8);
/** (R[0], R[1]) += (b, bl) */
function acc(b: number, bl: number): void {
  let s = R[0] + b, v = s - R[0];
  const e = (R[0] - (s - v)) + (b - v);
  const t = R[1] + bl;
  v = t - R[1];
  const f = (R[1] - (t - v)) + (bl - v);
  const u = e + t;
  const s2 = s + u;
  v = s2 - s;
  const e2 = (s - (s2 - v)) + (u - v) + f;
  s = s2 + e2;
  v = s - s2;
  R[0] = s;
  R[1] = (s2 - (s - v)) + (e2 - v);
}
/** (R[2], R[3]) = a * b exactly (Dekker) */
function prod(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  R[2] = p;
  R[3] = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}
/** (R[2], R[3]) = (ah, al) * (bh, bl) */
function mulDD(ah: number, al: number, bh: number, bl: number): void {
  prod(ah, bh);
  const e = R[3] + (ah * bl + al * bh), p = R[2];
  const s = p + e, v = s - p;
  R[2] = s;
  R[3] = (p - (s - v)) + (e - v);
}

// ---- the functions --------------------------------------------------------------------------------
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** 1/3, -1/4, 1/5, ..., -1/12: log(1 + r)'s coefficients from r^3 */
const LOG_C = Float64Array.from({ length: 10 }, (_, i) => ((i + 3) % 2 ? 1 : -1) / (i + 3));

/** ln(x), as glibc's log */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity || x < 2.2250738585072014e-308) return Math.log(x);
  if (!built) build();
  f64[0] = x;
  let k = (u32[1] >>> 20) - 1023;
  u32[1] = (u32[1] & 0x000fffff) | 0x3ff00000;
  let m = f64[0];
  if (m > Math.SQRT2) { m /= 2; k++; }
  const j = Math.round((m - 1) * 64);
  const c = 1 + j / 64;
  const d = m - c; // exact: m and c are close
  // r = d / c as a double-double
  const rh = d / c;
  prod(rh, c);
  const rl = ((d - R[2]) - R[3]) / c;
  // log(1 + r) = r - r^2/2 + r^3/3 - ...: the first two in double-double, the rest in double
  let tail = 0;
  for (let n = 9; n >= 0; n--) tail = tail * rh + LOG_C[n];
  tail *= rh * rh * rh;
  mulDD(rh, rl, rh, rl);
  R[0] = rh; R[1] = rl;
  acc(-R[2] / 2, -R[3] / 2);
  acc(tail, 0);
  acc(LOG_HI[j + 32], LOG_LO[j + 32]);
  if (k !== 0) { mulDD(LN2[0], LN2[1], k, 0); acc(R[2], R[3]); }
  return R[0] + R[1];
}

/** e^x, as glibc's exp */
export function exp(x: number): number {
  if (!(Math.abs(x) < 700)) return Math.exp(x);
  if (!built) build();
  const n = Math.round((x * 64) / LN2[0]);
  const k = Math.floor(n / 64), j = n - 64 * k;
  // r = x - n ln2/64, in double-double
  const [a, ae] = twoProd(n, LN2[0] / 64);
  let r: DD = twoSum(x, -a);
  r = ddAdd(r, [-ae - (n * LN2[1]) / 64, 0]);
  // e^r = 1 + r + r^2/2 + r^3/6 + ...
  const r2 = ddMul(r, r);
  let tail = 0;
  for (let i = 12; i >= 3; i--) tail = tail * r[0] / (i + 1) + 1;
  tail = (tail * r[0] * r[0] * r[0]) / 6;
  let s: DD = ddAdd([1, 0], r);
  s = ddAdd(s, [r2[0] / 2, r2[1] / 2]);
  s = ddAdd(s, [tail, 0]);
  s = ddMul(s, EXP_TABLE[j]);
  return (s[0] + s[1]) * 2 ** k;
}

/** (R[4], R[5]), (R[6], R[7]) = sin r, cos r for |r| <= pi/4 (plus a little), r = (rh, rl) */
function sinCosSmall(rh: number, rl: number): void {
  const neg = rh < 0;
  if (neg) { rh = -rh; rl = -rl; }
  const i = Math.round(rh * 64);
  // b = r - i/64 (exact in double-double: i/64 is close to rh)
  R[0] = rh; R[1] = rl;
  acc(-i / 64, 0);
  const bh = R[0], bl = R[1], z = bh * bh;
  // sin b = b - b^3/6 + b^5/120 - ..., cos b = 1 - b^2/2 + b^4/24 - ...
  const sinTail = bh * z * (-1 / 6 + z * (1 / 120 + z * (-1 / 5040 + z / 362880)));
  const cosTail = z * z * (1 / 24 + z * (-1 / 720 + z * (1 / 40320 - z / 3628800)));
  acc(sinTail, 0);
  const sbh = R[0], sbl = R[1];
  mulDD(bh, bl, bh, bl);
  R[0] = 1; R[1] = 0;
  acc(-R[2] / 2, -R[3] / 2);
  acc(cosTail, 0);
  const cbh = R[0], cbl = R[1];
  const sah = SIN_HI[i], sal = SIN_LO[i], cah = COS_HI[i], cal = COS_LO[i];
  // sin(a + b) = sin a cos b + cos a sin b; cos(a + b) = cos a cos b - sin a sin b
  mulDD(sah, sal, cbh, cbl);
  R[0] = R[2]; R[1] = R[3];
  mulDD(cah, cal, sbh, sbl);
  acc(R[2], R[3]);
  R[4] = neg ? -R[0] : R[0]; R[5] = neg ? -R[1] : R[1];
  mulDD(cah, cal, cbh, cbl);
  R[0] = R[2]; R[1] = R[3];
  mulDD(sah, sal, sbh, sbl);
  acc(-R[2], -R[3]);
  R[6] = R[0]; R[7] = R[1];
}

/** x reduced by multiples of pi/2: the quadrant and the remainder as a double-double */
function reduce(x: number): [number, DD] {
  if (!built) build();
  const n = Math.round(x / PIO2_1);
  const [p1, e1] = twoProd(n, PIO2_1);
  let r = twoSum(x, -p1);
  r = ddAdd(r, [-e1, 0]);
  const [p2, e2] = twoProd(n, PIO2_2);
  r = ddAdd(r, [-p2, -e2]);
  r = ddAdd(r, [-n * PIO2_3, 0]);
  return [((n % 4) + 4) % 4, r];
}

/** [sin x, cos x], each as glibc's sin and cos */
export function sincos(x: number): [number, number] {
  if (!(Math.abs(x) < 1e5) || Math.abs(x) < 1e-8) return [Math.sin(x), Math.cos(x)];
  const [q, r] = reduce(x);
  sinCosSmall(r[0], r[1]);
  const sv = R[4] + R[5], cv = R[6] + R[7];
  switch (q) {
    case 0: return [sv, cv];
    case 1: return [cv, -sv];
    case 2: return [-sv, -cv];
    default: return [-cv, sv];
  }
}

/** tan x, as glibc's tan */
export function tan(x: number): number {
  if (!(Math.abs(x) < 1e5) || Math.abs(x) < 1e-8) return Math.tan(x);
  const [q, r] = reduce(x);
  sinCosSmall(r[0], r[1]);
  const s: DD = [R[4], R[5]], c: DD = [R[6], R[7]];
  // sin/cos (or -cos/sin in odd quadrants) divided in double-double
  const [num, den]: [DD, DD] = q % 2 === 0 ? [s, c] : [[-c[0], -c[1]], s];
  const t = num[0] / den[0];
  const back = ddMul(den, [t, 0]);
  const rem = ddAdd(num, [-back[0], -back[1]]);
  return t + (rem[0] + rem[1]) / den[0];
}
