// binary kernels: see ABI.md
