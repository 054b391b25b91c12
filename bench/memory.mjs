// A literal training step (no tidy: the automatic step scope releases its tensors) against the
// same step under torch.tidy, alternating chunks in one run on each backend. Goal: the literal
// step at most 10% slower. Also prints the live tensors after each, which must not grow. The
// tutorial MLP is bench/train.mjs's (nn, optim, DataLoader) at the default threads.
import * as torch from '../dist/index.js';
import { printTable, tutorialMLP } from './common.mjs';
import { LOOPS } from '../tests/memory/loops.mjs';

const CHUNK = 500, CHUNKS = 20;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}


const rows = [];
for (const backend of ['wasm', 'js']) {
  torch.set_backend(backend);
  for (const name of ['mlp', 'manualSGD', ...(backend === 'wasm' ? ['tutorial MLP 64x784-128-10'] : [])]) {
    const { step } = name.startsWith('tutorial') ? { step: tutorialMLP(torch) } : LOOPS[name](torch);
    const chunk = name.startsWith('tutorial') ? CHUNK / 10 : CHUNK;
    const literal = () => { step(); };
    const tidied = () => { torch.tidy(() => { step(); }); };
    for (let i = 0; i < 4 * chunk; i++) { literal(); tidied(); }
    const times = { literal: [], tidied: [] };
    for (let c = 0; c < CHUNKS; c++) {
      for (const [k, f] of c % 2 ? [['literal', literal], ['tidied', tidied]] : [['tidied', tidied], ['literal', literal]]) {
        const t0 = performance.now();
        for (let i = 0; i < chunk; i++) f();
        times[k].push(((performance.now() - t0) * 1000) / chunk);
      }
    }
    const a = median(times.literal), b = median(times.tidied);
    rows.push([`${name} step, ${backend}`, a.toFixed(1), b.toFixed(1), `${((a / b - 1) * 100).toFixed(1)}%`, String(torch.memory().tensors)]);
  }
}
torch.set_backend('wasm');
printTable('memory: a literal training step vs the same step under torch.tidy (us per step, median of chunks)',
  ['case', 'literal', 'under tidy', 'literal slower by', 'live tensors'], rows);
console.log('(goal: literal at most 10% slower than tidy)');
