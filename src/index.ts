// webtorch: `import * as torch from 'webtorch'`. The ESM entry waits for the WebAssembly core, so
// everything is usable once the import resolves.
/**
 * PyTorch's `torch` module: tensors, creation, math, autograd. Example: `import * as torch from 'webtorch'`
 * @module torch
 */
import { ready } from './backends/index.js';

export * from './api.js';

await ready();
