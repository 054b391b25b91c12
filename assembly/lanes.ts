// Vector helpers shared by kernels (not exported from the module: index.ts does not re-export this file).

/** 16 / sizeof<T>() elements `step` bytes apart, as one vector (T of 4 or 8 bytes). */
// @ts-ignore: decorator
@inline export function gather<T>(p: usize, step: usize): v128 {
  if (sizeof<T>() == 8) return v128.load64_lane(p + step, v128.load64_zero(p), 1);
  let v = v128.load32_zero(p);
  v = v128.load32_lane(p + step, v, 1);
  v = v128.load32_lane(p + 2 * step, v, 2);
  return v128.load32_lane(p + 3 * step, v, 3);
}
