describe("simd", () => {
  it("adds f32x4", () => {
    const v = f32x4.add(f32x4.splat(1), f32x4.splat(2));
    expect<f32>(f32x4.extract_lane(v, 0)).toBe(3);
    const p = heap.alloc(64);
    heap.free(p);
  });
});
