// The PyTorch oracle (tests/oracle/fixtures.json) replayed on the wasm and the JS backend.
import { describe, test, afterAll } from 'vitest';
import * as torch from '../src/index.js';
import { PENDING } from './oracle/pending.js';
import { loadCases, opName, replay } from './oracle/replay.js';

const cases = loadCases();

for (const backend of ['wasm', 'js'] as const) {
  describe(`oracle on ${backend}`, () => {
    afterAll(() => torch.set_backend('wasm'));
    for (const c of cases) {
      const pending = PENDING[opName(c)];
      if (pending) {
        test.todo(`${c.id} (pending: ${pending})`);
        continue;
      }
      test(c.id, () => {
        torch.set_backend(backend);
        try {
          replay(c);
        } finally {
          torch.set_backend('wasm');
        }
      });
    }
  });
}
