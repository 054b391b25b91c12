// The benchmark page's training steps (bench/index.html, train_*) in headless Chromium, on the
// cross-origin-isolated server (threads), webtorch's wasm backend against TF.js's wasm backend in
// the same page: ms per step, medians of the page's repetitions, and the ratio.
//   node bench/page-train.mjs [--benches train_mlp,train_logreg] [--sizes 32,64,128] [--reps 9]
import { chromium } from 'playwright-core';
import { startServer, repoRoot } from '../scripts/serve.mjs';
import { printTable } from './common.mjs';
import { existsSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const benches = arg('benches', 'train_mlp');
const sizes = arg('sizes', '32,64,128');
const reps = arg('reps', '9');
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!chromiumPath) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');

const server = await startServer({ root: repoRoot, host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-background-networking', '--no-first-run'] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}bench/index.html?sizes=${sizes}&reps=${reps}&benches=${benches}&backends=wasm,tfjs&metric=ms&autorun=1`);
  await page.waitForFunction(() => ['done', 'error'].includes(window.bench?.state), null, { timeout: 600_000, polling: 500 });
  const bench = await page.evaluate(() => ({ state: window.bench.state, error: window.bench.error, results: window.bench.results }));
  const env = await page.evaluate(() => document.querySelector('#env')?.textContent ?? '');
  if (bench.state !== 'done') throw new Error(`page failed: ${bench.error}\n${errors.join('\n')}`);
  const rows = [];
  for (const b of benches.split(',')) {
    for (const n of sizes.split(',').map(Number)) {
      const cell = (backend) => bench.results.find((r) => r.bench === b && r.n === n && r.backend === backend);
      const wt = cell('wasm'), tf = cell('tfjs');
      rows.push([b, String(n), wt?.ms?.toFixed(3) ?? wt?.note ?? '-', tf?.ms?.toFixed(3) ?? tf?.note ?? '-',
        wt?.ms && tf?.ms ? `${(tf.ms / wt.ms).toFixed(2)}x` : '-']);
    }
  }
  console.log(env.trim());
  printTable('benchmark page in headless Chromium: training steps, ms per step (median of the page\'s repetitions)',
    ['bench', 'N', 'webtorch wasm', 'TF.js wasm', 'TF.js / webtorch'], rows);
  console.log('(> 1x: webtorch is faster)');
} finally {
  await browser.close();
  await server.close();
}
