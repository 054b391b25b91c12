// `npm run bench`: every Node benchmark in turn, in one process each, after a build.
//   npm run bench [-- elementwise matmul ...] [-- --runs 3]
// With --runs N each benchmark runs N times and its tables show the median of every cell.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMedian } from './median.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 1;
const benches = ['elementwise', 'reduce', 'simd-peak', 'matmul', 'autograd', 'ops', 'optim', 'memory', 'conv', 'train', 'threads-ab'].filter((b) => !args.length || args.includes(b));
console.log(`webtorch benchmarks — node ${process.version}, ${process.arch}${runs > 1 ? `, median of ${runs} runs` : ''}`);
for (const b of benches) {
  const file = join(here, `${b}.mjs`);
  if (!existsSync(file)) continue;
  if (runs > 1) {
    const r = runMedian(file, runs);
    console.log(r.output);
    if (r.status !== 0) process.exitCode = 1;
    continue;
  }
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
