// The worker pool (issue 5): threads that run core kernels on the same shared WebAssembly.Memory,
// Node's worker_threads or a browser's Web Workers. Each worker holds its own instance of the core
// (globals, such as the GEMM scratch pointer, are per instance) and waits on its own "go" word;
// the main thread writes a list of kernel calls into the worker's slot, bumps the word, runs its
// own share, then waits for the done count. Workers never allocate: the allocator's state lives in
// the main instance's globals, so every pointer they see comes from the main thread. Messages are
// used only at start-up; a job is a few shared-memory writes.
//
// When to split (issue 15: more threads must never be slower). A split saves the time of the
// parts the workers take over and costs a hand-off: writing the slots, waking the workers, waiting
// for the last one. Both are measured on the machine it runs on, never assumed: the hand-off by
// calibrate() at start-up (awake workers: a back-to-back stream of empty jobs; asleep: an empty
// job after they went to sleep), then kept up to date from every split job's measured overshoot;
// a kernel's speed per unit of work (multiply-adds, elements) by timing its runs on this thread
// alone, per kernel. A job is split only when the measured time it would save is larger than the
// measured cost of handing it off, with a margin; a kernel not yet timed runs on this thread first.
// After a job a worker spins for SPIN_MS before sleeping (in a stream of jobs, the layers of a
// model, only the first pays for waking them), unless a job this thread kept to itself came when no
// split had run for SPLITTING_MS (the pool is not splitting: the spin would only take CPU time from
// this thread on a busy host); idle, workers sleep in Atomics.wait and burn no core. Splits with the
// workers awake and splits that had to wake them are measured apart.
//
// A split never waits for a worker that has not started: each worker's part carries a claim word,
// taken by the worker when it starts the part or, once this thread has finished its own part, by
// this thread, which then runs the part itself. On a machine whose cores are busy with other
// processes a worker may not be scheduled for milliseconds; the job then costs about what it costs
// on one thread, instead of the wait (measured on the shared 2-core host: 64x64 products went from
// 15 us to 230 us on two threads before this).

/** Node (or an engine that presents itself as Node): worker_threads, fs, os. */
export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** A Node built-in, imported so that bundlers targeting browsers leave the specifier alone. */
export function nodeModule<T>(name: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ `node:${name}`) as Promise<T>;
}

/**
 * Whether kernels can share memory with worker threads: SharedArrayBuffer exists (Node always;
 * browsers only on cross-origin-isolated pages) and workers can be started.
 */
export function threadsPossible(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (isNode) return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof Worker === 'function';
}

/** Logical cores: the default number of threads. */
export async function coreCount(): Promise<number> {
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (hc) return hc;
  if (!isNode) return 1;
  const os = await nodeModule<typeof import('node:os')>('os');
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** One kernel call: an export of the core and its arguments (bigints for i64 parameters). */
export type Call = readonly [fn: string, ...args: (number | bigint)[]];

// The pool-wide control words (an Int32Array over their own SharedArrayBuffer).
const FAILED = 1; // set by a worker whose kernel threw
const PROBE = 2; // always 0: Atomics.wait on it tells whether this thread may block
const SPIN = 3; // 1 while jobs are being split: workers spin between jobs only while it is set
// A worker's block: the go word, then its slot of calls as doubles (every i32 pointer, size and
// stride, and the 0/1 scalars, are exact): [ncalls, (fn, nargs, bigint mask, ...args)...].
const SLOT_OFFSET = 8;
// A worker's claim word (Int32 index 1 of its block): what became of the part last posted to it.
const POSTED = 0; // waiting for a taker
const TAKEN = 1; // the worker is running it
const FINISHED = 2; // the worker ran it
const STOLEN = 3; // this thread took it (and ran it)
const SLOT_DOUBLES = 126;
/** How long a worker stays awake after a job (see the top of this file). */
const SPIN_MS = 2;
/** Workers count as awake this soon after the last job ended (SPIN_MS less a safety margin). */
const AWAKE_MS = 1.5;
/** The pool counts as splitting (its workers keep spinning through kept jobs) this long after a split job. */
const SPLITTING_MS = 5;
/** The main thread spins this long at most for the workers, then sleeps. */
const MAIN_SPIN_MS = 2;
/** A split must save this much more than the hand-off costs: noise must not turn it into a loss. */
const SPLIT_MARGIN = 1.5;
/** Measured side by side, a split is chosen when one thread takes this much longer. */
const MEASURED_WIN = 1.1;
/** Weight of a new measurement in the running estimates (kernel speeds, hand-off costs). */
const EMA = 0.2;

/** Measured time per unit of work of one kind of job (a kernel, at about one size), in microseconds. */
export interface Bucket {
  /** run on this thread alone (NaN until timed): recent.alone's estimate */
  alone: number;
  /** split over the threads with the workers awake (NaN until tried): recent.split's estimate */
  split: number;
  /** split over the threads when they had to be woken first (NaN until tried) */
  splitCold: number;
  /** jobs seen: every EXPLORE-th takes the path not chosen, to keep both measurements current */
  jobs: number;
  readonly recent: { alone: Recent; split: Recent; splitCold: Recent };
}

/** How many recent measurements of a bucket's path its estimate reads. */
const WINDOW = 9;

/**
 * The last WINDOW measurements of one path of a bucket, estimated by their mean without the
 * highest and the lowest. A shared machine now and then deschedules a thread for milliseconds: one
 * such job must not decide for hundreds (measured on the 2-core VM: a single 30x outlier among
 * split 100K-element adds made the running average call splitting 29x slower, and the path was
 * then retried once in 900 jobs, so the estimate stayed wrong for the rest of the run); a delay
 * that comes often (a worker that is usually not scheduled) stays in the mean and counts in full.
 */
class Recent {
  private readonly xs = new Float64Array(WINDOW);
  private n = 0;
  add(x: number): number {
    this.xs[this.n++ % WINDOW] = x;
    const k = Math.min(this.n, WINDOW);
    let sum = 0, hi = -Infinity, lo = Infinity;
    for (let i = 0; i < k; i++) {
      const v = this.xs[i];
      sum += v;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    return k < 3 ? sum / k : (sum - hi - lo) / (k - 2);
  }
}
/**
 * A hand-off cost's running estimate moved toward a new measurement. A measurement above twice the
 * estimate counts as twice it: on a shared machine this thread is now and then descheduled for
 * milliseconds, and one such outlier must not swing decisions for hundreds of jobs; a lasting
 * slowdown still raises the estimate by a fifth per job.
 */
function step(old: number, x: number): number {
  return old + EMA * (Math.min(x, 2 * old) - old);
}

/** @internal A bucket with nothing measured yet. */
export function newBucket(): Bucket {
  return { alone: NaN, split: NaN, splitCold: NaN, jobs: 0, recent: { alone: new Recent(), split: new Recent(), splitCold: new Recent() } };
}

/** One job in this many takes the path the measurements did not choose. */
const EXPLORE = 32;

/** Running estimates the split decision reads: measured (see the top of this file). */
interface Costs {
  /** a hand-off to awake (spinning) workers, in microseconds */
  hotUs: number;
  /** a hand-off that must wake sleeping workers, in microseconds */
  coldUs: number;
  /** per kernel and size (half-octaves of work) */
  readonly buckets: Map<string, Bucket>;
}

/** The bucket of a job: its kernel and its size to within a factor of about 1.4. */
export const bucketKey = (kernel: string, work: number) => `${kernel}:${Math.round(2 * Math.log2(work))}`;

/**
 * The worker's program. Plain JS run from a string (Node: eval; browsers: a blob: URL), so no
 * bundler or worker file is involved; it runs as a CommonJS script in Node, a classic worker in
 * browsers.
 */
const WORKER_SOURCE = `'use strict';
function serve({ module, memory, pool, own }, reply) {
  let core;
  try {
    const abort = (_msg, _file, line, col) => { throw new Error('webtorch core aborted at ' + line + ':' + col); };
    core = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
  } catch (e) {
    reply({ error: String(e) });
    return;
  }
  // exports numbered in module order, as the main thread numbers them
  const fns = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => core[e.name]);
  const control = new Int32Array(pool);
  const go = new Int32Array(own, 0, 2);
  const slot = new Float64Array(own, ${SLOT_OFFSET});
  reply({ ready: true });
  for (let seen = 0; ;) {
    // stay awake a while for the next job
    for (const until = performance.now() + ${SPIN_MS}; Atomics.load(go, 0) === seen && Atomics.load(control, ${SPIN}) === 1 && performance.now() < until;);
    Atomics.wait(go, 0, seen);
    seen = Atomics.load(go, 0);
    // the part may already be taken: by the main thread, which ran it while this one was not scheduled
    if (Atomics.compareExchange(go, 1, ${POSTED}, ${TAKEN}) !== ${POSTED}) continue;
    try {
      for (let c = 0, p = 1; c < slot[0]; c++) {
        const fn = fns[slot[p]], n = slot[p + 1], big = slot[p + 2], args = [];
        for (let i = 0; i < n; i++) args.push(big & (1 << i) ? BigInt(slot[p + 3 + i]) : slot[p + 3 + i]);
        fn(...args);
        p += 3 + n;
      }
    } catch {
      Atomics.store(control, ${FAILED}, 1);
    }
    Atomics.store(go, 1, ${FINISHED});
    Atomics.notify(go, 1);
  }
}
if (typeof importScripts === 'function') {
  self.onmessage = (e) => serve(e.data, (m) => self.postMessage(m));
} else {
  const { parentPort, workerData } = require('node:worker_threads');
  serve(workerData, (m) => parentPort.postMessage(m));
}
`;

interface PoolWorker {
  /** [go count, claim word] */
  go: Int32Array;
  slot: Float64Array;
  ready: boolean;
}

/** What a started worker reports once: ready, or why it could not instantiate the core. */
type Hello = { ready: true } | { error: string };

/** Starts one worker on `data`; calls back once with its first message (or a failure). */
async function spawn(data: object, hello: (m: Hello) => void): Promise<void> {
  if (isNode) {
    const { Worker } = await nodeModule<typeof import('node:worker_threads')>('worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    w.once('message', (m: Hello) => {
      hello(m);
      // idle workers sleep in Atomics.wait: they must not keep the process alive
      w.unref();
    });
    w.once('error', (e) => hello({ error: String(e) }));
    return;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url, { name: 'webtorch' });
  URL.revokeObjectURL(url);
  w.onmessage = (e: MessageEvent<Hello>) => hello(e.data);
  w.onerror = (e) => hello({ error: e.message });
  w.postMessage(data);
}

/** Worker start-ups taking longer than this no longer hold up ready() (they join when up). */
const START_TIMEOUT_MS = 10_000;

export class ThreadPool {
  private readonly workers: PoolWorker[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(16));
  /** when the last job run() handed to workers ended (a job run on this thread alone wakes none) */
  private lastEnd = -Infinity;
  /** what splitting costs and what kernels take, measured here (until calibrate(): never split) */
  readonly costs: Costs = { hotUs: Infinity, coldUs: Infinity, buckets: new Map() };
  private readonly fnIndex = new Map<string, number>();
  /** run()'s list of the workers taking part, reused */
  private readonly busy: PoolWorker[] = [];
  /** the SPIN word as last stored */
  private spinning = false;
  /** A browser's main thread may not block in Atomics.wait: it spins on the done count instead. */
  private readonly canWait: boolean;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly core: Record<string, unknown>,
  ) {
    WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').forEach((e, i) => this.fnIndex.set(e.name, i));
    let canWait = true;
    try {
      Atomics.wait(this.control, PROBE, 1, 0);
    } catch {
      canWait = false;
    }
    this.canWait = canWait;
  }

  /**
   * Threads (1 to `wanted`) for a job of `work` units of `kernel` (see the top of this file): a
   * split when splitting measured MEASURED_WIN times faster than one thread for jobs of this kernel
   * and size; before any split was measured, when the hand-off model says it pays (the cost of a
   * hand-off to awake or to sleeping workers, as they are now), and every EXPLORE-th job. Jobs go
   * through run() whatever the answer, so that it can time them.
   */
  threadsFor(work: number, kernel: string, wanted: number): number {
    const threads = Math.min(wanted, this.size);
    if (threads < 2 || work <= 0) return 1;
    const key = bucketKey(kernel, work);
    let b = this.costs.buckets.get(key);
    if (!b) this.costs.buckets.set(key, (b = newBucket()));
    b.jobs++;
    if (Number.isNaN(b.alone)) return 1; // timed on this thread first
    const alone = work * b.alone;
    const awake = performance.now() - this.lastEnd < AWAKE_MS;
    // what the hand-off model says a split saves
    const mayPay = alone * (1 - 1 / threads) > SPLIT_MARGIN * (awake ? this.costs.hotUs : this.costs.coldUs);
    // splits with the workers awake and splits that woke them are measured apart: a stream of split
    // jobs keeps them awake, and tries made while the pool kept jobs to itself wake them every time
    const split = awake ? b.split : b.splitCold;
    // never split in this state: the model, and now and then a try (a part no worker takes in time
    // runs on this thread, so a try costs little even when the model's hand-off estimate is stale)
    if (Number.isNaN(split)) return mayPay || b.jobs % EXPLORE === 0 ? threads : 1;
    const splitWins = split * MEASURED_WIN < b.alone;
    // the path not chosen is retried less often the more it lost: its expected cost stays a small
    // share of the jobs' time, however busy the machine (a loaded host makes splits lose badly)
    const loss = splitWins ? b.alone / split : split / b.alone;
    const explore = b.jobs % (EXPLORE * Math.min(64, Math.max(1, Math.ceil(loss)))) === 0;
    return splitWins !== explore ? threads : 1;
  }

  /**
   * Measures the hand-off to awake and to sleeping workers with empty jobs (`noop`: a call that
   * does nothing, such as a dense kernel over 0 elements). Until this has run, nothing is split.
   */
  calibrate(noop: Call): void {
    if (this.size < 2) return;
    const job = Array.from({ length: this.size }, () => [noop]);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const hot: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      this.run(job, undefined, false);
      if (i >= 10) hot.push((performance.now() - t0) * 1000);
    }
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      // let the workers fall asleep, then hand them a job
      for (const until = performance.now() + SPIN_MS * 2; performance.now() < until;);
      const t0 = performance.now();
      this.run(job, undefined, false);
      cold.push((performance.now() - t0) * 1000);
    }
    this.costs.hotUs = median(hot);
    this.costs.coldUs = Math.max(median(cold), this.costs.hotUs);
  }

  /** Threads a job can use now: this one and every worker that has started. */
  get size(): number {
    let n = 1;
    for (const w of this.workers) if (w.ready) n++;
    return n;
  }

  /**
   * Starts workers until there are `threads - 1` of them (idle ones cost nothing, so none is
   * stopped); resolves when they are up, or failed, or after START_TIMEOUT_MS.
   */
  grow(threads: number): Promise<void> {
    const started: Promise<void>[] = [];
    while (this.workers.length < threads - 1) {
      const own = new SharedArrayBuffer(SLOT_OFFSET + SLOT_DOUBLES * 8);
      const w: PoolWorker = { go: new Int32Array(own, 0, 2), slot: new Float64Array(own, SLOT_OFFSET), ready: false };
      this.workers.push(w);
      const data = { module: this.module, memory: this.memory, pool: this.control.buffer, own };
      // a worker that fails stays out of every job: the pool just has one thread fewer
      started.push(new Promise<void>((resolve) => {
        spawn(data, (m) => {
          w.ready = 'ready' in m;
          resolve();
        }).catch(() => resolve());
      }));
    }
    if (!started.length) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, START_TIMEOUT_MS);
      (timer as { unref?: () => void }).unref?.();
    });
    return Promise.race([Promise.all(started).then(() => undefined), timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Runs parts[0] on this thread and parts[i] on the i-th ready worker, returning when every part
   * is done (parts.length <= size). A throwing kernel throws here, after all parts finished. With
   * `steal`, parts no worker has started once this thread's own is done run on this thread.
   */
  run(parts: readonly (readonly Call[])[], timing?: { kernel: string; work: number }, steal = true): void {
    const c = this.control;
    const start = performance.now();
    const awake = start - this.lastEnd < AWAKE_MS;
    // the first parts.length - 1 ready workers (no array built: this is on every product's path)
    const n = parts.length - 1;
    if (n === 0) {
      // a job kept on this thread while the pool is not splitting: workers stop spinning (on a busy
      // host a spinning worker takes CPU time from this thread); a split wakes them again. Between
      // the split products of a training step (a few hundred microseconds apart) they keep spinning
      if (this.spinning && start - this.lastEnd > SPLITTING_MS) {
        Atomics.store(c, SPIN, 0);
        this.spinning = false;
        this.lastEnd = -Infinity;
      }
    } else if (!this.spinning) {
      Atomics.store(c, SPIN, 1);
      this.spinning = true;
    }
    const busy = this.busy;
    busy.length = 0;
    for (let i = 0; i < this.workers.length && busy.length < n; i++) if (this.workers[i].ready) busy.push(this.workers[i]);
    if (busy.length < n) throw new RangeError('webtorch: more parts than threads');
    // every slot is written before any worker wakes: a bad call throws with no worker running
    for (let i = 0; i < n; i++) this.encode(parts[i + 1], busy[i].slot);
    Atomics.store(c, FAILED, 0);
    for (let i = 0; i < n; i++) {
      Atomics.store(busy[i].go, 1, POSTED);
      Atomics.add(busy[i].go, 0, 1);
      Atomics.notify(busy[i].go, 0);
    }
    let error: unknown = null;
    let stole = false;
    try {
      this.runCalls(parts[0]);
      // parts no worker has started yet: run here rather than wait for a worker to be scheduled
      for (let i = 0; steal && i < n; i++) {
        if (Atomics.compareExchange(busy[i].go, 1, POSTED, STOLEN) !== POSTED) continue;
        stole = true;
        this.runCalls(parts[i + 1]);
      }
    } catch (e) {
      error = e;
    }
    if (stole) this.afterSteal?.();
    for (let i = 0; i < n; i++) {
      const claim = busy[i].go;
      if (Atomics.load(claim, 1) !== TAKEN) continue;
      for (const until = performance.now() + MAIN_SPIN_MS; Atomics.load(claim, 1) === TAKEN && performance.now() < until;);
      // a browser's main thread may not block: it keeps spinning
      while (Atomics.load(claim, 1) === TAKEN) if (this.canWait) Atomics.wait(claim, 1, TAKEN);
    }
    const end = performance.now();
    if (n > 0) this.lastEnd = end;
    if (error) throw error;
    if (timing) this.learn(timing.kernel, timing.work, parts.length, (end - start) * 1000, awake);
    if (Atomics.load(c, FAILED)) throw new Error('webtorch: a kernel failed on a worker thread');
  }

  /**
   * Called on this thread after it ran a part meant for a worker (see run()): undoes what such a
   * part set on this thread's instance of the core (the wasm backend re-installs this thread's
   * GEMM scratch block, which a worker's part replaces with its own).
   */
  afterSteal: (() => void) | null = null;

  private runCalls(calls: readonly Call[]): void {
    for (const call of calls) (this.core[call[0]] as (...a: (number | bigint)[]) => void)(...(call.slice(1) as (number | bigint)[]));
  }

  /**
   * Updates the estimates from a job that took `us`: the time per unit of its bucket, alone or
   * split, and the hand-off cost a split actually paid over its share of the work (to awake or to
   * sleeping workers).
   */
  private learn(kernel: string, work: number, threads: number, us: number, awake: boolean): void {
    const b = this.costs.buckets.get(bucketKey(kernel, work));
    if (!b || work <= 0) return;
    const perUnit = us / work;
    if (threads === 1) {
      b.alone = b.recent.alone.add(perUnit);
      return;
    }
    // waiting for a worker that is often descheduled mid-part is a cost of splitting, and stays in
    // the estimate (see Recent)
    if (awake) b.split = b.recent.split.add(perUnit);
    else b.splitCold = b.recent.splitCold.add(perUnit);
    if (Number.isNaN(b.alone) || !Number.isFinite(this.costs.hotUs)) return;
    const paid = Math.max(0, us - (work * b.alone) / threads);
    if (awake) this.costs.hotUs = step(this.costs.hotUs, paid);
    else this.costs.coldUs = step(this.costs.coldUs, paid);
  }

  private encode(calls: readonly Call[], slot: Float64Array): void {
    let p = 1;
    for (const call of calls) {
      const index = this.fnIndex.get(call[0]);
      if (index === undefined) throw new Error(`webtorch core has no kernel ${call[0]}`);
      const nargs = call.length - 1;
      if (p + 3 + nargs > slot.length) throw new RangeError('webtorch: too many calls for a worker slot');
      let big = 0;
      for (let i = 0; i < nargs; i++) {
        const a = call[i + 1];
        if (typeof a === 'bigint') big |= 1 << i;
        slot[p + 3 + i] = Number(a);
      }
      slot[p] = index;
      slot[p + 1] = nargs;
      slot[p + 2] = big;
      p += 3 + nargs;
    }
    slot[0] = calls.length;
  }
}
