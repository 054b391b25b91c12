// reduce kernels: see ABI.md
