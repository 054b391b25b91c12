// The f32x4 vector math of vmath.ts swept against Math (f64): 100k points spread
// log-uniformly over the whole float range plus 100k uniformly over each function's busy
// interval, special values, and the scalar f64 erf against reference values.

import {
  vexp, vexpm1, vlog, vlog1p, vlog2, vlog10, vtanh, vsigmoid, verf, vsin, vcos, vtan, erf64,
} from "../vmath";

const POINTS = 100000;
const RTOL: f64 = 2e-7;
const TRIG_ATOL: f64 = 1e-7; // near the zeros of sin / cos / tan
const MIN_SUBNORMAL: f64 = 1.401298464324817e-45;

let seed: u32 = 12345;
function uniform(): f64 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f64>seed / 4294967296.0;
}

/** Largest error seen, in units of the allowed error (<= 1 passes). */
let worst: f64 = 0;
let worstAt: f32 = 0;

/** Scores one lane: NaN must match NaN, a result that overflows f32 must be that infinity,
 *  else |got - want| <= max(rtol |want|, atol, one subnormal ulp). */
function score(x: f32, got: f32, want: f64, rtol: f64, atol: f64): void {
  const rounded = <f64>(<f32>want);
  let s: f64 = 0;
  if (isNaN(want) || isNaN(got)) s = isNaN(want) && isNaN(got) ? 0 : Infinity;
  else if (!isFinite(rounded)) s = <f64>got == rounded ? 0 : Infinity;
  else s = abs(<f64>got - want) / max(max(rtol * abs(want), atol), MIN_SUBNORMAL);
  if (s > worst) {
    worst = s;
    worstAt = x;
  }
}

/** Runs f on four inputs and scores each lane against ref. */
function quad(f: (v: v128) => v128, ref: (x: f64) => f64, v: v128, rtol: f64, atol: f64): void {
  const y = f(v);
  score(f32x4.extract_lane(v, 0), f32x4.extract_lane(y, 0), ref(f32x4.extract_lane(v, 0)), rtol, atol);
  score(f32x4.extract_lane(v, 1), f32x4.extract_lane(y, 1), ref(f32x4.extract_lane(v, 1)), rtol, atol);
  score(f32x4.extract_lane(v, 2), f32x4.extract_lane(y, 2), ref(f32x4.extract_lane(v, 2)), rtol, atol);
  score(f32x4.extract_lane(v, 3), f32x4.extract_lane(y, 3), ref(f32x4.extract_lane(v, 3)), rtol, atol);
}

const SPECIALS: StaticArray<f32> = [
  NaN, Infinity, -Infinity, 0, -0.0, 1, -1, 1.4e-45, -1.4e-45, 1.17549435e-38, 3.4028235e38,
  -3.4028235e38, 88.72283, 88.72284, -87.33655, -103.97208, 0.625, 1, 4, 1e5, -1e5, 100001,
];

/** Sweeps f: specials, log-uniform magnitudes (2^-149 .. 2^128, both signs) and uniform points
 *  in [lo, hi]; expects the worst error within bounds. */
function sweep(name: string, f: (v: v128) => v128, ref: (x: f64) => f64, lo: f64, hi: f64, rtol: f64 = RTOL, atol: f64 = 0, maxAbs: f64 = Infinity): void {
  worst = 0;
  for (let i = 0; i < SPECIALS.length; i++) {
    quad(f, ref, f32x4.splat(SPECIALS[i]), rtol, atol);
  }
  for (let i = 0; i < POINTS; i += 4) {
    let v = f32x4.splat(0);
    v = f32x4.replace_lane(v, 0, logUniform(maxAbs));
    v = f32x4.replace_lane(v, 1, logUniform(maxAbs));
    v = f32x4.replace_lane(v, 2, <f32>(lo + (hi - lo) * uniform()));
    v = f32x4.replace_lane(v, 3, <f32>(lo + (hi - lo) * uniform()));
    quad(f, ref, v, rtol, atol);
  }
  log<string>(name + ": worst error " + worst.toString() + " of the bound at x = " + worstAt.toString());
  expect<f64>(worst).toBeLessThanOrEqual(1, name + " at x = " + worstAt.toString());
}
function logUniform(maxAbs: f64): f32 {
  const m = <f32>Math.pow(2, -149 + 277 * uniform());
  const x = uniform() < 0.5 ? -m : m;
  return abs(x) <= maxAbs ? x : <f32>(x % maxAbs);
}
function sigmoidRef(x: f64): f64 {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

describe("vmath accuracy over the f32 range", () => {
  it("exp, expm1", () => {
    sweep("exp", (v: v128): v128 => vexp(v), (x: f64): f64 => Math.exp(x), -104, 89);
    sweep("expm1", (v: v128): v128 => vexpm1(v), (x: f64): f64 => Math.expm1(x), -20, 20);
  });
  it("log, log1p, log2, log10 (incl. subnormals)", () => {
    sweep("log", (v: v128): v128 => vlog(v), (x: f64): f64 => Math.log(x), 0, 4);
    sweep("log1p", (v: v128): v128 => vlog1p(v), (x: f64): f64 => Math.log1p(x), -1, 3);
    sweep("log2", (v: v128): v128 => vlog2(v), (x: f64): f64 => Math.log2(x), 0, 4);
    sweep("log10", (v: v128): v128 => vlog10(v), (x: f64): f64 => Math.log10(x), 0, 4);
  });
  it("tanh, sigmoid, erf", () => {
    sweep("tanh", (v: v128): v128 => vtanh(v), (x: f64): f64 => Math.tanh(x), -10, 10);
    sweep("sigmoid", (v: v128): v128 => vsigmoid(v), (x: f64): f64 => sigmoidRef(x), -110, 20);
    sweep("erf", (v: v128): v128 => verf(v), (x: f64): f64 => erf64(x), -5, 5);
  });
  it("sin, cos: 2e-7 relative or 1e-7 absolute up to |x| = 1e5", () => {
    sweep("sin", (v: v128): v128 => vsin(v), (x: f64): f64 => Math.sin(x), -100, 100, RTOL, TRIG_ATOL, 1e5);
    sweep("cos", (v: v128): v128 => vcos(v), (x: f64): f64 => Math.cos(x), -100, 100, RTOL, TRIG_ATOL, 1e5);
  });
  it("tan (not required to 2e-7: 3.5e-7 relative or 1e-7 absolute)", () => {
    sweep("tan", (v: v128): v128 => vtan(v), (x: f64): f64 => Math.tan(x), -10, 10, 3.5e-7, TRIG_ATOL, 1e5);
  });
  it("sin, cos, tan beyond |x| = 1e5 are Math's, rounded", () => {
    for (let i = 0; i < 20000; i++) {
      const x = <f32>((i & 1 ? -1 : 1) * Math.pow(10, 5 + 33 * uniform()));
      const v = f32x4.splat(x);
      expect<f32>(f32x4.extract_lane(vsin(v), 0)).toBe(<f32>Math.sin(x));
      expect<f32>(f32x4.extract_lane(vcos(v), 1)).toBe(<f32>Math.cos(x));
      expect<f32>(f32x4.extract_lane(vtan(v), 2)).toBe(<f32>Math.tan(x));
    }
  });
});

function lanes(v: v128, want: f32): bool {
  for (let i = 0; i < 4; i++) {
    const g = f32x4.extract_lane(v, 0);
    if (isNaN(want) ? !isNaN(g) : g != want) return false;
    v = i32x4.shuffle(v, v, 1, 2, 3, 0);
  }
  return true;
}
function at(x: f32, f: (v: v128) => v128): f32 {
  return f32x4.extract_lane(f(f32x4.splat(x)), 0);
}

describe("vmath special values", () => {
  it("exp, expm1", () => {
    expect<f32>(at(-Infinity, (v: v128): v128 => vexp(v))).toBe(0);
    expect<f32>(at(Infinity, (v: v128): v128 => vexp(v))).toBe(Infinity);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vexp(v)))).toBe(true);
    expect<f32>(at(89, (v: v128): v128 => vexp(v))).toBe(Infinity);
    expect<f32>(at(-150, (v: v128): v128 => vexp(v))).toBe(0);
    expect<f32>(at(-103.9, (v: v128): v128 => vexp(v))).toBe(1.4e-45); // rounds to the smallest subnormal
    expect<f32>(at(-Infinity, (v: v128): v128 => vexpm1(v))).toBe(-1);
    expect<f32>(at(Infinity, (v: v128): v128 => vexpm1(v))).toBe(Infinity);
    expect<f32>(at(88.7, (v: v128): v128 => vexpm1(v))).toBe(<f32>Math.expm1(<f32>88.7));
    expect<f32>(1 / at(-0.0, (v: v128): v128 => vexpm1(v))).toBe(-Infinity);
  });
  it("log family", () => {
    expect<f32>(at(0, (v: v128): v128 => vlog(v))).toBe(-Infinity);
    expect<f32>(at(-0.0, (v: v128): v128 => vlog(v))).toBe(-Infinity);
    expect<bool>(isNaN(at(-1, (v: v128): v128 => vlog(v)))).toBe(true);
    expect<bool>(isNaN(at(-Infinity, (v: v128): v128 => vlog(v)))).toBe(true);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vlog(v)))).toBe(true);
    expect<f32>(at(Infinity, (v: v128): v128 => vlog(v))).toBe(Infinity);
    expect<f32>(at(1, (v: v128): v128 => vlog(v))).toBe(0);
    expect<f32>(at(1.4e-45, (v: v128): v128 => vlog(v))).toBe(<f32>Math.log(1.401298464324817e-45));
    expect<f32>(at(1.4e-45, (v: v128): v128 => vlog2(v))).toBe(-149);
    expect<f32>(at(1024, (v: v128): v128 => vlog2(v))).toBe(10);
    expect<f32>(at(0, (v: v128): v128 => vlog10(v))).toBe(-Infinity);
    expect<f32>(at(-1, (v: v128): v128 => vlog1p(v))).toBe(-Infinity);
    expect<bool>(isNaN(at(-2, (v: v128): v128 => vlog1p(v)))).toBe(true);
    expect<f32>(at(Infinity, (v: v128): v128 => vlog1p(v))).toBe(Infinity);
    expect<f32>(1 / at(-0.0, (v: v128): v128 => vlog1p(v))).toBe(-Infinity);
  });
  it("tanh, sigmoid, erf", () => {
    expect<f32>(at(Infinity, (v: v128): v128 => vtanh(v))).toBe(1);
    expect<f32>(at(-Infinity, (v: v128): v128 => vtanh(v))).toBe(-1);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vtanh(v)))).toBe(true);
    expect<f32>(at(-Infinity, (v: v128): v128 => vsigmoid(v))).toBe(0);
    expect<f32>(at(Infinity, (v: v128): v128 => vsigmoid(v))).toBe(1);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vsigmoid(v)))).toBe(true);
    expect<f32>(at(-100, (v: v128): v128 => vsigmoid(v))).toBe(<f32>Math.exp(-100));
    expect<f32>(at(Infinity, (v: v128): v128 => verf(v))).toBe(1);
    expect<f32>(at(-Infinity, (v: v128): v128 => verf(v))).toBe(-1);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => verf(v)))).toBe(true);
  });
  it("sin, cos, tan", () => {
    expect<bool>(isNaN(at(Infinity, (v: v128): v128 => vsin(v)))).toBe(true);
    expect<bool>(isNaN(at(-Infinity, (v: v128): v128 => vcos(v)))).toBe(true);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vsin(v)))).toBe(true);
    expect<bool>(isNaN(at(NaN, (v: v128): v128 => vtan(v)))).toBe(true);
    expect<f32>(at(0, (v: v128): v128 => vcos(v))).toBe(1);
    expect<f32>(1 / at(-0.0, (v: v128): v128 => vsin(v))).toBe(-Infinity);
    expect<f32>(1 / at(-0.0, (v: v128): v128 => vtan(v))).toBe(-Infinity);
  });
  it("lanes are independent (mixed specials in one vector)", () => {
    const v = f32x4(NaN, -Infinity, 0, 1);
    const e = vexp(v);
    expect<bool>(isNaN(f32x4.extract_lane(e, 0))).toBe(true);
    expect<f32>(f32x4.extract_lane(e, 1)).toBe(0);
    expect<f32>(f32x4.extract_lane(e, 2)).toBe(1);
    const s = vsin(f32x4(1e6, 0.5, Infinity, -0.5));
    expect<f32>(f32x4.extract_lane(s, 0)).toBe(<f32>Math.sin(1e6));
    expect<bool>(isNaN(f32x4.extract_lane(s, 2))).toBe(true);
    expect<bool>(abs(<f64>f32x4.extract_lane(s, 3) - Math.sin(-0.5)) < 1e-7).toBe(true);
    expect<bool>(lanes(vtanh(f32x4.splat(Infinity)), 1)).toBe(true);
  });
});

// erf(x) to double precision (mpmath), pairs [x, erf(x)].
const ERF: StaticArray<f64> = [
  1e-300, 1.1283791670955126e-300,
  1e-20, 1.1283791670955125e-20,
  1e-08, 1.1283791670955126e-08,
  0.001, 0.0011283787909692365,
  0.1, 0.1124629160182849,
  0.25, 0.27632639016823696,
  0.4999999, 0.5204997899347843,
  0.5, 0.5204998778130465,
  0.5000001, 0.5204999656913,
  0.75, 0.7111556336535151,
  0.9, 0.7969082124228322,
  1.0, 0.8427007929497149,
  1.25, 0.9229001282564583,
  1.5, 0.9661051464753108,
  2.0, 0.9953222650189527,
  2.5, 0.999593047982555,
  3.0, 0.9999779095030014,
  3.5, 0.9999992569016276,
  4.0, 0.9999999845827421,
  4.5, 0.9999999998033839,
  5.0, 0.9999999999984626,
  5.5, 0.9999999999999927,
  5.8, 0.9999999999999998,
  5.9, 0.9999999999999999,
  5.99, 1.0,
  6.0, 1.0,
  6.5, 1.0,
  27.0, 1.0,
  0.3183, 0.34739351537350105,
  0.0625, 0.07043197772238707,
  1.1111, 0.8838946080441902,
  2.2222, 0.9983258289099377,
  3.3333, 0.9999975709703309,
  4.4444, 0.9999999996728436,
  0.617, 0.6171023751485524,
  0.0078125, 0.008815282895179188,
];

describe("erf64", () => {
  it("is within 3e-16 relative of reference values, odd, and exact at the ends", () => {
    for (let i = 0; i < ERF.length; i += 2) {
      const x = ERF[i];
      const want = ERF[i + 1];
      expect<f64>(abs(erf64(x) - want)).toBeLessThanOrEqual(3e-16 * want, "erf64(" + x.toString() + ")");
      expect<f64>(erf64(-x)).toBe(-erf64(x));
    }
    expect<f64>(erf64(0)).toBe(0);
    expect<f64>(1 / erf64(-0.0)).toBe(-Infinity);
    expect<f64>(erf64(Infinity)).toBe(1);
    expect<f64>(erf64(-Infinity)).toBe(-1);
    expect<bool>(isNaN(erf64(NaN))).toBe(true);
  });
});
