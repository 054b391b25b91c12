// examples/checkpoint: the PyTorch-trained model runs in Node with PyTorch's outputs (run.mjs
// checks and exits non-zero otherwise), and PyTorch loads the checkpoint it saves (check.py).
// Runs the built package (dist/), like tests/examples.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const built = existsSync(join(root, 'dist', 'index.js'));

test.runIf(built)('examples/checkpoint/run.mjs, then PyTorch reads its checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webtorch-example-'));
  try {
    const out = join(dir, 'out.pt');
    const r = spawnSync(process.execPath, ['examples/checkpoint/run.mjs', out], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('classes [2,0,1,1,2] (PyTorch: [2,0,1,1,2])');
    if (!hasTorch) return;
    const c = spawnSync('/usr/bin/python3', ['examples/checkpoint/check.py', out], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(c.stderr).toBe('');
    expect(c.stdout).toContain("PyTorch loaded webtorch's checkpoint: epoch 301");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
