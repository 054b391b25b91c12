// The distributed files themselves (no browser needed): the script-tag size budget, the source
// maps, the package's entry points, and what `npm pack` would publish.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, expect, test } from 'vitest';
import { repoRoot, requireDist } from './harness.js';

const dist = (f: string) => join(repoRoot, 'dist', f);
const BUDGET = 150 * 1024; // issue 7: the script-tag file, wasm included, gzipped

beforeAll(() => requireDist('webtorch.min.js', 'webtorch.mjs', 'webtorch.wasm', 'index.d.ts'));

test('dist/webtorch.min.js (wasm inlined) is within 150 KiB gzipped', () => {
  const gz = gzipSync(readFileSync(dist('webtorch.min.js')), { level: 9 }).length;
  expect(gz).toBeLessThanOrEqual(BUDGET);
});

test('both bundles have source maps back to src/', () => {
  for (const f of ['webtorch.mjs', 'webtorch.min.js']) {
    expect(readFileSync(dist(f), 'utf8')).toContain(`//# sourceMappingURL=${f}.map`);
    const map = JSON.parse(readFileSync(dist(`${f}.map`), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    const i = map.sources.indexOf('../src/tensor.ts');
    expect(i).toBeGreaterThanOrEqual(0);
    // the sources travel inside the map: the package has no src/
    expect(map.sourcesContent?.[i]).toContain('export class Tensor');
  }
});

test('package.json points Node, browsers, bundlers and types at the built files', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const dot = pkg.exports['.'];
  expect(dot.types).toBe('./dist/index.d.ts');
  for (const cond of ['node', 'browser', 'default']) expect(dot[cond]).toBe('./dist/webtorch.mjs');
  expect(pkg.exports['./webtorch.min.js']).toBe('./dist/webtorch.min.js');
  expect(pkg.unpkg).toBe('./dist/webtorch.min.js');
});

test('npm pack publishes the bundles, the wasm, the maps and the types, and nothing else', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
  for (const needed of ['package.json', 'dist/webtorch.mjs', 'dist/webtorch.min.js', 'dist/webtorch.wasm', 'dist/webtorch-mt-relaxed.wasm', 'dist/index.d.ts', 'dist/tensor.d.ts']) {
    expect(files).toContain(needed);
  }
  const allowed = /^(package\.json|README\.md|LICENSE(\.md)?|dist\/webtorch\.(mjs|min\.js)(\.map)?|dist\/webtorch(-mt)?(-relaxed)?\.wasm|dist\/.*\.d\.ts)$/;
  expect(files.filter((f) => !allowed.test(f))).toEqual([]);
});
