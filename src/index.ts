// webtorch: `import * as torch from 'webtorch'`. The ESM entry waits for the WebAssembly core, so
// everything is usable once the import resolves.
import { ready } from './backends/index.js';

export * from './api.js';

await ready();
