// The literal loops of tests/memory/loops.mjs (no tidy, no dispose) for many steps:
//   node bench/memory-soak.mjs [steps=1000000] [loop...]
// Prints, per loop, the time per step and torch.memory() / the core's memory after warm-up and
// at the end; exits 1 unless both stayed flat. Needs a build (npm run build).
import * as torch from '../dist/index.js';
import { backendFor } from '../dist/backends/index.js';
import { LOOPS } from '../tests/memory/loops.mjs';

const args = process.argv.slice(2);
const steps = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const names = args.filter((a) => !/^\d+$/.test(a));
await torch.ready?.();
const core = () => backendFor('cpu').memory?.buffer.byteLength ?? 0;
let flat = true;
for (const [name, make] of Object.entries(LOOPS)) {
  if (names.length && !names.includes(name)) continue;
  const { step } = make(torch);
  const warm = 1000;
  let loss = 0, atWarm = null, coreAtWarm = 0, maxTensors = 0, heapAtWarm = 0;
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    const l = step();
    if (i % 1000 === 0) loss = l.item();
    if (i === warm) { atWarm = torch.memory('cpu'); coreAtWarm = core(); heapAtWarm = process.memoryUsage().heapUsed; }
    if (i > warm && i % 1000 === 0) {
      const m = torch.memory('cpu');
      maxTensors = Math.max(maxTensors, m.tensors);
      if (m.tensors !== atWarm.tensors || m.bytes !== atWarm.bytes) flat = false;
    }
  }
  const ms = performance.now() - t0;
  const end = torch.memory('cpu');
  const ok = end.tensors === atWarm.tensors && end.bytes === atWarm.bytes && core() === coreAtWarm;
  if (!ok) flat = false;
  console.log(`${name.padEnd(10)} ${steps} steps, ${(ms * 1000 / steps).toFixed(1)} us/step; loss ${loss.toPrecision(6)}; ` +
    `live after ${warm}: ${atWarm.tensors} tensors ${atWarm.bytes} B, at end: ${end.tensors} tensors ${end.bytes} B (max ${maxTensors}); ` +
    `core memory ${coreAtWarm} -> ${core()} B ${ok ? 'flat' : 'GREW'}; JS heap ${(heapAtWarm / 2 ** 20).toFixed(0)} -> ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
}
console.log(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
if (!flat) process.exitCode = 1;
