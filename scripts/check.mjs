// `npm run check`: the package's habits, each one pass or fail. `npm test` runs them too and counts
// them in its totals line. They read the build (dist/), so build first (`npm run build`).
//   lint     biome lint (the linter only: the formatter's write mode is not run here)
//   publint  the packed tarball's package.json against what Node and bundlers expect
//   attw     @arethetypeswrong/cli on the tarball: every entry resolves to types and JS under
//            node16 (ESM) and bundler resolution, offline (no DefinitelyTyped lookup); the package is ESM-only (profile esm-only:
//            CommonJS callers use `await import('webtorch')`), and webtorch.wasm is not a module
//   types    tests/types (a user's program under tsc --strict, with its marked mistakes)
//   backward captures  scripts/audit-backward-captures.mjs: no autograd backward closure reads a
//            forward tensor it did not save (torch.tidy would have freed it)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}${r.status ? `(exit status ${r.status})` : ''}` };
}

/** Runs every check; prints a line each (and the output of those that fail); returns the counts. */
export function runChecks() {
  const results = [];
  const check = (name, fn) => {
    const { ok, out } = fn();
    console.log(`${ok ? '✓' : '✗'} check: ${name}`);
    if (!ok) console.log(out.trimEnd());
    results.push(ok);
  };
  check('lint (biome lint)', () => run(bin('biome'), ['lint', '--colors=off']));

  const missing = ['dist/webtorch.mjs', 'dist/index.d.ts'].filter((f) => !existsSync(join(root, f)));
  const dir = mkdtempSync(join(tmpdir(), 'webtorch-pack-'));
  try {
    let tarball = null;
    check('npm pack', () => {
      if (missing.length) return { ok: false, out: `${missing.join(', ')} missing: run npm run build first` };
      // the npm running us (under `npm test` the PATH starts with node_modules/.bin, where a
      // dependency's old npm 6 lives), packing the project from inside the temporary folder
      const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
      const r = run(npm[0], [...npm.slice(1), 'pack', root, '--ignore-scripts', '--silent'], dir);
      const name = r.out.trim().split('\n').at(-1);
      if (r.ok && name && existsSync(join(dir, name))) tarball = join(dir, name);
      return { ok: tarball !== null, out: r.out };
    });
    const onTarball = (args) => () => (tarball ? run(args[0], args.slice(1).concat(tarball)) : { ok: false, out: 'no tarball' });
    check('publint (the packed tarball)', onTarball([bin('publint'), 'run', '--strict']));
    check('attw (the packed tarball)', onTarball([bin('attw'), '--profile', 'esm-only', '--exclude-entrypoints', './webtorch.wasm', '--no-definitely-typed', '--no-color', '--format', 'ascii']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  check('types sample (tsc --strict -p tests/types)', () => run(bin('tsc'), ['-p', join('tests', 'types', 'tsconfig.json')]));
  check('backward captures (scripts/audit-backward-captures.mjs)', () => run(process.execPath, [join('scripts', 'audit-backward-captures.mjs')]));

  const passed = results.filter(Boolean).length;
  return { passed, failed: results.length - passed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { passed, failed } = runChecks();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
