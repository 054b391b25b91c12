// torch.utils.tqdm: a progress bar in the manner of the tqdm package (not part of PyTorch, but every
// PyTorch training loop has one). In Node it redraws one line in place on stderr; in a page it
// writes the same line into a given element (or nowhere, if none is given).
import { checkKeys } from './data/_util.js';

/** Where the line goes: something with write() (a Node stream), or an element whose text is set. */
export interface TqdmOptions {
  total?: number | null;
  desc?: string;
  /** a stream-like object (default: process.stderr in Node) */
  file?: { write(s: string): unknown } | null;
  /** a DOM element whose textContent shows the line (browsers) */
  element?: { textContent: string | null } | null;
  /** seconds between redraws (default 0.1) */
  mininterval?: number;
  /** width of the bar in characters (default 20) */
  ncols?: number;
  disable?: boolean;
  leave?: boolean;
  unit?: string;
  /** @internal a clock in seconds, for tests */
  _clock?: () => number;
}

const BLOCKS = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/** tqdm's time format: mm:ss, or h:mm:ss from an hour. */
function formatTime(t: number): string {
  if (!Number.isFinite(t)) return '?';
  const s = Math.floor(t), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const p = (x: number) => String(x).padStart(2, '0');
  return h ? `${h}:${p(m)}:${p(sec)}` : `${p(m)}:${p(sec)}`;
}

const now = (): number => (globalThis.performance?.now?.() ?? Date.now()) / 1000;

class Tqdm<T> implements Iterable<T>, AsyncIterable<T> {
  n = 0;
  total: number | null;
  desc: string;
  /** @internal */
  private postfix = '';
  private readonly start: number;
  private lastDraw = -Infinity;
  private drawnN = -1;
  private closed = false;
  private readonly opts: TqdmOptions;
  private readonly clock: () => number;
  private readonly file: { write(s: string): unknown } | null;

  constructor(readonly iterable: Iterable<T> | AsyncIterable<T> | null, opts: TqdmOptions = {}) {
    checkKeys('tqdm.__init__', opts, ['total', 'desc', 'file', 'element', 'mininterval', 'ncols', 'disable', 'leave', 'unit', '_clock']);
    this.opts = opts;
    let total = opts.total ?? null;
    const len = (iterable as { length?: unknown } | null)?.length;
    if (total === null && typeof len === 'number') total = len;
    this.total = total;
    this.desc = opts.desc ?? '';
    this.clock = opts._clock ?? now;
    this.start = this.clock();
    const proc = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process;
    this.file = opts.file !== undefined ? opts.file : opts.element ? null : proc?.stderr ?? null;
    this.refresh();
  }

  /** The current line, as tqdm prints it: `desc: 45%|█████     | 45/100 [00:02<00:03, 20.10it/s]`. */
  format(): string {
    const elapsed = this.clock() - this.start;
    const unit = this.opts.unit ?? 'it';
    const rate = elapsed > 0 ? this.n / elapsed : null;
    const rateStr = rate === null || this.n === 0 ? `?${unit}/s` : rate >= 1 ? `${rate.toFixed(2)}${unit}/s` : `${(1 / rate).toFixed(2)}s/${unit}`;
    const prefix = this.desc ? `${this.desc}: ` : '';
    const post = this.postfix ? `, ${this.postfix}` : '';
    if (this.total === null) return `${prefix}${this.n}${unit} [${formatTime(elapsed)}, ${rateStr}${post}]`;
    const frac = this.total > 0 ? Math.min(1, this.n / this.total) : 1;
    const width = this.opts.ncols ?? 20;
    const eighths = Math.floor(frac * width * 8);
    const full = Math.floor(eighths / 8);
    const bar = ('█'.repeat(full) + (full < width ? BLOCKS[eighths % 8] : '')).padEnd(width, ' ');
    const remaining = rate && rate > 0 ? (this.total - this.n) / rate : NaN;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4, ' ');
    return `${prefix}${pct}|${bar}| ${this.n}/${this.total} [${formatTime(elapsed)}<${formatTime(remaining)}, ${rateStr}${post}]`;
  }

  /** Redraws the line now. */
  refresh(): void {
    if (this.opts.disable) return;
    this.lastDraw = this.clock();
    this.drawnN = this.n;
    const line = this.format();
    if (this.opts.element) this.opts.element.textContent = line;
    // \r returns to the line's start; the ANSI erase clears what a longer previous line left
    if (this.file) this.file.write(`\r${line}\x1b[K`);
  }

  /** bar.update(n = 1): n more items done. */
  update(n = 1): void {
    this.n += n;
    if (this.clock() - this.lastDraw >= (this.opts.mininterval ?? 0.1) || (this.total !== null && this.n >= this.total)) this.refresh();
  }

  /** bar.set_description(desc) */
  set_description(desc: string): void { this.desc = desc; this.refresh(); }

  /** bar.set_postfix({loss: 0.25}): shown after the rate, as `loss=0.25`. */
  set_postfix(values: Record<string, unknown>): void {
    this.postfix = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : String(v)}`).join(', ');
    this.refresh();
  }

  /** bar.close(): the final redraw, and a newline in Node (unless leave is false: the line is erased). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.opts.disable) return;
    if (this.opts.leave === false) {
      if (this.file) this.file.write('\r\x1b[K');
      if (this.opts.element) this.opts.element.textContent = '';
      return;
    }
    // the final count is already on screen when the last update drew it
    if (this.drawnN !== this.n) this.refresh();
    if (this.file) this.file.write('\n');
  }

  *[Symbol.iterator](): Iterator<T> {
    const it = this.iterable as Iterable<T>;
    if (!it || typeof it[Symbol.iterator] !== 'function') throw new TypeError('tqdm: this iterable is only async iterable: use `for await`');
    try {
      for (const x of it) {
        yield x;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const it = this.iterable as AsyncIterable<T> & Iterable<T>;
    try {
      if (typeof it[Symbol.asyncIterator] === 'function') {
        for await (const x of it) { yield x; this.update(1); }
      } else {
        for (const x of it) { yield x; this.update(1); }
      }
    } finally {
      this.close();
    }
  }
}

/**
 * torch.utils.tqdm(iterable, {total, desc, element, file}): iterates `iterable` (sync or async)
 * showing count, percentage, rate and time left; `total` defaults to `iterable.length`.
 * `for (const [xb, yb] of torch.utils.tqdm(loader, {desc: 'epoch 1'})) { ... }`
 */
export function tqdm<T>(iterable: Iterable<T> | AsyncIterable<T> | null = null, opts: TqdmOptions = {}): Tqdm<T> {
  return new Tqdm(iterable, opts);
}
export type { Tqdm };
