// The median of several whole runs of one benchmark script: these machines are shared, and a
// disturbance can last longer than one measurement's repeats. Runs `node <script>` `runs` times,
// then prints the first run's output with every number in its tables (plain or a ratio like
// 1.25x) replaced by the median of that cell over the runs.
import { spawnSync } from 'node:child_process';

const NUMBER = /^(-?\d+(?:\.\d+)?)(x?)$/;
/** A table line's cells (bench/common.mjs printTable separates columns by two spaces or more). */
const cells = (line) => line.trim().split(/\s{2,}/);

function median(values) {
  const v = values.slice().sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** Combines the runs' outputs line by line (they print the same tables in the same order). */
export function medianOutput(outputs) {
  const runs = outputs.map((o) => o.split('\n'));
  let widths = null; // column widths of the table being printed, from its line of dashes
  return runs[0].map((line, i) => {
    if (/^-+(\s+-+)*$/.test(line)) {
      widths = line.split(/\s+/).map((d) => d.length);
      return line;
    }
    if (!line.trim()) widths = null;
    const rows = runs.map((r) => cells(r[i] ?? ''));
    if (!widths || rows.some((r) => r.length !== widths.length)) return line;
    return rows[0].map((cell, c) => {
      const matches = rows.map((r) => NUMBER.exec(r[c]));
      if (c > 0 && matches.every(Boolean)) {
        const digits = (matches[0][1].split('.')[1] ?? '').length;
        cell = median(matches.map((m) => Number(m[1]))).toFixed(digits) + matches[0][2];
      }
      return c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]);
    }).join('  ');
  }).join('\n');
}

/** Runs `script` `runs` times: {status, output}, the output being the medians (or a failed run's). */
export function runMedian(script, runs, args = []) {
  const outputs = [];
  for (let r = 0; r < runs; r++) {
    const p = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (p.status !== 0) return { status: p.status, output: (p.stdout ?? '') + (p.stderr ?? '') };
    outputs.push(p.stdout);
  }
  return { status: 0, output: medianOutput(outputs) };
}
