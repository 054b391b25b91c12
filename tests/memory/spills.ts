// What the step scope copies out of the backend (src/memory.ts's spill), counted for tests.
import { backendFor } from '../../src/backends/index.js';

/** The storages the cpu backend spills while fn runs. */
export function spilledDuring(fn: () => void): Set<unknown> {
  const backend = backendFor('cpu') as { spill: (s: unknown) => unknown };
  const own = Object.getOwnPropertyDescriptor(backend, 'spill');
  const spill = backend.spill;
  const spilled = new Set<unknown>();
  backend.spill = (s: unknown) => { spilled.add(s); return spill.call(backend, s); };
  try {
    fn();
  } finally {
    if (own) Object.defineProperty(backend, 'spill', own);
    else delete (backend as { spill?: unknown }).spill;
  }
  return spilled;
}
