// The arithmetic ceiling of one core for the GEMM's inner step: eight f32x4 accumulators, each
// taking a multiply-add of two vectors loaded this step (five loads per eight multiply-adds, fewer
// than the 4x8 micro-kernel's six), with no dependency but each accumulator's own chain. Compiled
// twice by bench/simd-peak.mjs: SIMD128 (mul + add) and relaxed SIMD (f32x4.relaxed_madd).

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// Runs `steps` steps (8 multiply-adds of 4 lanes, 64 flops each) over 4 KiB of memory.
export function peak(steps: i32): f32 {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  let p: usize = 0;
  for (let i = 0; i < steps; i++) {
    const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48), v4 = v128.load(p, 64);
    a0 = madd(a0, v0, v1); a1 = madd(a1, v0, v2); a2 = madd(a2, v0, v3); a3 = madd(a3, v0, v4);
    a4 = madd(a4, v1, v2); a5 = madd(a5, v1, v3); a6 = madd(a6, v1, v4); a7 = madd(a7, v2, v3);
    p = (p + 80) & 4095;
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0);
}
