// The ported PyTorch tutorials (examples/tutorials/*.mjs) print what the Python originals print
// under PyTorch 1.13 (examples/tutorials/expected/*.txt, written by
// scripts/fixtures/gen_tutorials.py from examples/tutorials/python/*.py). Lines are compared
// text for text, numbers within a relative tolerance (float32 sums may round differently).
// Needs the build (dist/), as tests/examples.test.ts does.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'examples', 'tutorials');
const ports = readdirSync(join(dir, 'expected')).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();

/**
 * Lines (1-based) of the expected output that cannot match, and why. Memory addresses
 * (`<AddBackward0 object at 0x7f...>`) are removed from every line before comparing.
 */
const SKIP: Record<string, { lines: number[]; why: string }[]> = {
  tensor_tutorial: [
    { lines: [1, 2, 3, 4, 5], why: 'torch.empty shows uninitialized memory (webtorch gives zeros)' },
    { lines: [57], why: 'torch.from_numpy copies a JavaScript TypedArray into the core (a JS heap array cannot alias WebAssembly memory)' },
  ],
  tensors_deeper_tutorial: [
    { lines: [2, 3, 4, 20, 21, 23, 24, 26, 27, 29, 30], why: 'torch.empty / empty_like show uninitialized memory (webtorch gives zeros)' },
  ],
  tensorqs_tutorial: [
    { lines: [48], why: 'torch.from_numpy copies a JavaScript TypedArray into the core (a JS heap array cannot alias WebAssembly memory)' },
  ],
};

const RTOL = 1e-4, ATOL = 1e-6;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi;

/** Compares one line: the text between numbers exactly, the numbers within the tolerance. */
function sameLine(got: string, want: string): string | null {
  const split = (s: string) => ({ text: s.split(NUMBER), nums: (s.match(NUMBER) ?? []).map(Number) });
  const g = split(got), w = split(want);
  if (g.text.join('#') !== w.text.join('#') || g.nums.length !== w.nums.length) return 'text differs';
  for (let i = 0; i < w.nums.length; i++) {
    if (!(Math.abs(g.nums[i] - w.nums[i]) <= ATOL + RTOL * Math.abs(w.nums[i]))) return `number ${i}: ${g.nums[i]} vs ${w.nums[i]}`;
  }
  return null;
}

function run(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join('examples', 'tutorials', file)], { cwd: root, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

test.each(ports)('examples/tutorials/%s.mjs prints what PyTorch prints', async (name) => {
  const got = (await run(`${name}.mjs`)).split('\n');
  const want = readFileSync(join(dir, 'expected', `${name}.txt`), 'utf8').split('\n');
  expect(got.length, 'line count').toBe(want.length);
  const skipped = new Set((SKIP[name] ?? []).flatMap((s) => s.lines));
  const bad: string[] = [];
  want.forEach((line, i) => {
    if (skipped.has(i + 1)) return;
    const why = sameLine(got[i], line.replace(/ at 0x[0-9a-f]+/g, ''));
    if (why) bad.push(`line ${i + 1} (${why}):\n  got:  ${got[i]}\n  want: ${line}`);
  });
  expect(bad.join('\n')).toBe('');
}, 130_000);
