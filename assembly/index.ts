// The one WebAssembly core: every kernel family, re-exported. ABI.md describes each export.
export * from './alloc';
export * from './unary';
export * from './binary';
export * from './copy';
export * from './reduce';
export * from './softmax';
export * from './matmul';
export * from './optim';
export * from './conv';
export * from './pool';
export * from './winograd';
export * from './layernorm';
