// A loop with no iteration boundary (no backward, optimizer, DataLoader or model call) that awaits
// between iterations: what it drops is the FinalizationRegistry's to free, after V8 collects. V8
// does not see the core's memory; the JS buffers made as tensors are handed to the finalizer
// (src/memory.ts, adopt) make it collect before the core fills. Its own file: the step scope must never have started here.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';

test('large tensors dropped by an async loop with no boundary are freed in time', async () => {
  torch.set_backend('wasm');
  const x = torch.randn(1024, 1024);
  let peak = 0;
  // 1500 dropped 4 MiB results: 6 GiB if none were freed (the core holds 4)
  for (let i = 0; i < 1500; i++) {
    x.mul(2);
    await new Promise((r) => setImmediate(r));
    peak = Math.max(peak, torch.memory('cpu').bytes);
  }
  expect(peak).toBeLessThan(2 ** 31);
}, 60_000);
