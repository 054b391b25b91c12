// The blitz's LeNet tutorial port prints exactly what PyTorch 1.13 printed
// (examples/tutorials/expected/neural_networks.txt). Runs the built package (npm run build).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('examples/tutorials/neural_networks.mjs prints PyTorch\'s output', async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['examples/tutorials/neural_networks.mjs'], { cwd: root, timeout: 120_000 }, (err, out, errOut) => {
      if (err) reject(new Error(`${err.message}\n${errOut}`));
      else resolve(out);
    });
  });
  expect(stdout).toBe(readFileSync(join(root, 'examples/tutorials/expected/neural_networks.txt'), 'utf8'));
}, 130_000);
