// copy kernels: see ABI.md
