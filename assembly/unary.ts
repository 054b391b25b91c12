// unary kernels: see ABI.md
