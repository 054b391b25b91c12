// Randomised differential cases against PyTorch 1.13 (tests/fixtures/fuzz.json, written by
// scripts/fixtures/gen_fuzz.py under real PyTorch): random shapes with 0-size and size-1 dims,
// broadcasting, transposed inputs, every dtype, numbers as operands, float64 gradients, and the
// errors PyTorch raises. Each case replays on each backend through the oracle's replay.
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Case } from './oracle/replay.js';
import { replay } from './oracle/replay.js';
import { describeBackends } from './gradcheck.js';

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/fuzz.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('fuzz fixture', () => {
  test('holds at least 5,000 cases, with gradients and errors among them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5000);
    expect(cases.filter((c) => c.grads).length).toBeGreaterThan(500);
    expect(cases.filter((c) => c.error).length).toBeGreaterThan(100);
  });
});

describeBackends('fuzz', () => {
  // one test per op family keeps the report readable; a failure names the case
  const families = new Map<string, Case[]>();
  for (const c of cases) {
    const family = c.id.split('#')[0].split('/').slice(0, 2).join('/');
    families.set(family, [...(families.get(family) ?? []), c]);
  }
  for (const [family, list] of families) {
    test(`${family} (${list.length} cases)`, () => {
      const failures: string[] = [];
      for (const c of list) {
        try {
          replay(c);
        } catch (e) {
          failures.push(`${c.id}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      // FUZZ_REPORT=path lists every failing case there, for triage
      if (process.env.FUZZ_REPORT && failures.length) appendFileSync(process.env.FUZZ_REPORT, `${failures.join('\n')}\n`);
      expect(failures, failures.slice(0, 8).join('\n')).toEqual([]);
    });
  }
});
