// The literal loops (tests/memory/loops.mjs: no tidy, no dispose) keep torch.memory() flat under
// the automatic step scope, and compute exactly what they compute with it switched off.
// Default: 2,000 steps per loop and backend (a step costs 0.1-0.5 ms on a busy host). WEBTORCH_SOAK=1: 100,000 (bench/memory-soak.mjs runs 1,000,000).
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import { backendFor } from '../../src/backends/index.js';
import { describeBackends } from '../gradcheck.js';
import { LOOPS } from './loops.mjs';

const STEPS = process.env.WEBTORCH_SOAK ? 100_000 : 2_000;
const WARM = 200;

/** The core's linear memory in bytes (0 on the JS backend): it must not grow after warm-up. */
function coreBytes(): number {
  return (backendFor('cpu') as { memory?: WebAssembly.Memory }).memory?.buffer.byteLength ?? 0;
}

describeBackends('literal loops', () => {
  for (const [name, make] of Object.entries(LOOPS)) {
    test(`${name}: ${STEPS} steps with flat memory`, () => {
      const before = torch.memory('cpu').tensors;
      const { step } = make(torch);
      let warm: { tensors: number; bytes: number } | null = null;
      let core = 0;
      const samples: string[] = [];
      for (let i = 1; i <= STEPS; i++) {
        const loss = step();
        if (i % 100 === 0) loss.item();
        if (i === WARM) {
          warm = torch.memory('cpu');
          core = coreBytes();
        } else if (i > WARM && i % 100 === 0) {
          const m = torch.memory('cpu');
          samples.push(`${m.tensors} ${m.bytes}`);
        }
      }
      const w = warm as { tensors: number; bytes: number };
      expect(new Set(samples)).toEqual(new Set([`${w.tensors} ${w.bytes}`]));
      expect(coreBytes()).toBe(core);
      // a small multiple of one step's working set: a step of these loops makes fewer than 40 tensors
      expect(w.tensors - before).toBeLessThan(120);
    }, 120_000);

    test(`${name}: flat with an await between steps too`, async () => {
      const before = torch.memory('cpu').tensors;
      const { step } = make(torch);
      const counts = new Set<number>();
      for (let i = 1; i <= 600; i++) {
        step();
        await new Promise((r) => setTimeout(r, 0));
        if (i > WARM && i % 50 === 0) counts.add(torch.memory('cpu').tensors - before);
      }
      expect(Math.max(...counts)).toBeLessThan(120);
    }, 120_000);

    test(`${name}: the same losses and parameters as with automatic release off`, () => {
      const run = (auto: boolean) => {
        const prev = torch.memory.auto(auto);
        try {
          const { step, params } = make(torch);
          const losses: number[] = [];
          for (let i = 0; i < 300; i++) losses.push(step().item() as number);
          return { losses, params: params.map((p) => p.tolist()) };
        } finally {
          torch.memory.auto(prev);
        }
      };
      expect(run(true)).toEqual(run(false));
    });
  }
});
