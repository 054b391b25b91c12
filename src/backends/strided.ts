// Element offsets of a strided walk, shared by the JS backend's loops.

/**
 * Calls `body(o0, o1, ...)` for every index of `shape` in row-major order with each operand's
 * element offset (its base offset plus index . strides). Operands are [offset, strides] pairs.
 */
export function forEachOffset(
  shape: readonly number[],
  operands: readonly { offset: number; strides: readonly number[] }[],
  body: (offsets: Int32Array | Float64Array) => void,
): void {
  const nd = shape.length;
  const k = operands.length;
  let n = 1;
  for (let i = 0; i < nd; i++) n *= shape[i];
  if (n === 0) return;
  const offs = new Float64Array(k);
  for (let j = 0; j < k; j++) offs[j] = operands[j].offset;
  const idx = new Array<number>(nd).fill(0);
  for (let e = 0; e < n; e++) {
    body(offs);
    // odometer: bump the last dim, carry into earlier ones
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < k; j++) offs[j] += operands[j].strides[d];
      if (idx[d] < shape[d]) break;
      for (let j = 0; j < k; j++) offs[j] -= operands[j].strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}
