// Script-tag entry (dist/webtorch.min.js, global `torch`): the whole API (api.ts) without the ESM
// entry's top-level `await ready()`, which an IIFE cannot hold.
// The core starts compiling as soon as the script runs; `await torch.ready()` before the first op,
// which otherwise throws "webtorch is not ready" (src/backends/index.ts).
import { ready } from './backends/index.js';

export * from './api.js';

ready().catch((e: unknown) => {
  // surfaced here too: a page that never awaits ready() would only see "not ready" errors
  console.error('webtorch: the WebAssembly core failed to load', e);
});
