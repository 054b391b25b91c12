// Script-tag entry (dist/webtorch.min.js, global `torch`): the whole API of index.ts, whose
// top-level `await ready()` an IIFE cannot hold (rollup.config.mjs drops it for this build).
// The core starts compiling as soon as the script runs; `await torch.ready()` before the first op,
// which otherwise throws "webtorch is not ready" (src/backends/index.ts).
import { ready } from './backends/index.js';

export * from './index.js';

ready().catch((e: unknown) => {
  // surfaced here too: a page that never awaits ready() would only see "not ready" errors
  console.error('webtorch: the WebAssembly core failed to load', e);
});
