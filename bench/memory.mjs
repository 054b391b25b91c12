// A literal training step (no tidy: the automatic step scope releases its tensors) against the
// same step under torch.tidy, alternating chunks in one run on each backend. Goal: the literal
// step at most 10% slower. Also prints the live tensors after each, which must not grow. The
// tutorial MLP is bench/train.mjs's (nn, optim, DataLoader) at the default threads.
import * as torch from '../dist/index.js';
import { literalVsTidy, printTable, tutorialMLP } from './common.mjs';
import { LOOPS } from '../tests/memory/loops.mjs';

const CHUNK = 500, CHUNKS = 20;



const rows = [];
for (const backend of ['wasm', 'js']) {
  torch.set_backend(backend);
  for (const name of ['mlp', 'manualSGD', ...(backend === 'wasm' ? ['tutorial MLP 64x784-128-10'] : [])]) {
    const { step } = name.startsWith('tutorial') ? { step: tutorialMLP(torch) } : LOOPS[name](torch);
    const { literal: a, tidied: b } = literalVsTidy(torch, step, { chunk: name.startsWith('tutorial') ? CHUNK / 10 : CHUNK, chunks: CHUNKS });
    rows.push([`${name} step, ${backend}`, a.toFixed(1), b.toFixed(1), `${((a / b - 1) * 100).toFixed(1)}%`, String(torch.memory().tensors)]);
  }
}
torch.set_backend('wasm');
printTable('memory: a literal training step vs the same step under torch.tidy (us per step, median of chunks)',
  ['case', 'literal', 'under tidy', 'literal slower by', 'live tensors'], rows);
console.log('(goal: literal at most 10% slower than tidy)');
