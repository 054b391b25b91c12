// Smoke test: every Node example (examples/*.mjs) runs to completion with exit code 0.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.mjs')).sort();

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join('examples', file)], { cwd: root, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// vitest rejects a file without tests
if (!examples.length) test.skip('examples/ has no Node examples yet', () => {});

test.each(examples)('node examples/%s exits 0', async (file) => {
  const r = await run(file);
  if (r.code !== 0) throw new Error(`examples/${file} exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  expect(r.code).toBe(0);
}, 130_000);
