// `npm run bench`: every Node benchmark in turn, in one process each, after a build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['elementwise', 'reduce', 'simd-peak', 'matmul', 'autograd'].filter((b) => !only.length || only.includes(b));
console.log(`webtorch benchmarks — node ${process.version}, ${process.arch}`);
for (const b of benches) {
  const file = join(here, `${b}.mjs`);
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
