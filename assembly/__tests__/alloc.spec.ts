import { alloc, free } from "../alloc";

describe("alloc", () => {
  it("returns 16-byte aligned blocks for every size", () => {
    const sizes: i32[] = [0, 1, 3, 15, 16, 17, 100, 4096, 65537, 1 << 20];
    const ptrs: usize[] = [];
    for (let i = 0; i < sizes.length; i++) {
      const p = alloc(<usize>sizes[i]);
      expect<usize>(p).not.toBe(0);
      expect<usize>(p & 15).toBe(0, "size " + sizes[i].toString());
      ptrs.push(p);
    }
    for (let i = 0; i < ptrs.length; i++) free(ptrs[i]);
  });

  it("gives distinct, writable blocks", () => {
    const a = alloc(64), b = alloc(64);
    expect<bool>(a + 64 <= b || b + 64 <= a).toBe(true);
    memory.fill(a, 0x11, 64);
    memory.fill(b, 0x22, 64);
    expect<u8>(load<u8>(a + 63)).toBe(0x11);
    expect<u8>(load<u8>(b)).toBe(0x22);
    free(a);
    free(b);
  });

  it("alloc(0) is a valid pointer that can be freed", () => {
    const a = alloc(0), b = alloc(0);
    expect<usize>(a).not.toBe(0);
    expect<usize>(a & 15).toBe(0);
    expect<usize>(a).not.toBe(b);
    free(a);
    free(b);
  });

  it("reuses freed blocks: 1000 x alloc/free of 1 MiB does not grow memory", () => {
    free(alloc(1 << 20));
    const pages = memory.size();
    for (let i = 0; i < 1000; i++) {
      const p = alloc(1 << 20);
      store<u8>(p + (1 << 20) - 1, 7);
      free(p);
    }
    expect<i32>(memory.size()).toBe(pages);
  });

  it("a freed block is handed out again", () => {
    const a = alloc(256);
    free(a);
    const b = alloc(256);
    expect<usize>(b).toBe(a);
    free(b);
  });
});
