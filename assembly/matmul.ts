// matmul kernels: see ABI.md
