// vmath kernels: see ABI.md
