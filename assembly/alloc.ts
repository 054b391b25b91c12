// The only place the core touches the heap: kernels never allocate.
// heap.alloc is the runtime's TLSF allocator, so freed blocks are reused.

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}
