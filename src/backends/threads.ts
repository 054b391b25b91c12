// The worker pool (issue 5): threads that run core kernels on the same shared WebAssembly.Memory,
// Node's worker_threads or a browser's Web Workers. Each worker holds its own instance of the core
// (globals, such as the GEMM scratch pointer, are per instance) and waits on its own "go" word;
// the main thread writes a list of kernel calls into the worker's slot, bumps the word, runs its
// own share, then waits for the done count. Workers never allocate: the allocator's state lives in
// the main instance's globals, so every pointer they see comes from the main thread. Messages are
// used only at start-up; a job is a few shared-memory writes.
//
// Waking a sleeping thread costs tens of microseconds, and more on VMs, whose schedulers tend to
// queue the woken thread behind the waker on the waker's CPU (measured here: about 1 ms before a
// woken worker runs). So after a job a worker spins for SPIN_MS before sleeping, and the pool
// splits a job when it is large enough to absorb a slow start (the caller's `coldMin`), or when it
// comes soon after the previous one: in a stream of jobs (the layers of a model, a loop) only the
// first pays for waking the workers, the next find them awake on their own CPUs. A lone small job
// runs on the calling thread. The main thread, too, spins a while for the workers before sleeping.

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
const DONE = 0; // workers finished with the current job
const FAILED = 1; // set by a worker whose kernel threw
const PROBE = 2; // always 0: Atomics.wait on it tells whether this thread may block
// A worker's block: the go word, then its slot of calls as doubles (every i32 pointer, size and
// stride, and the 0/1 scalars, are exact): [ncalls, (fn, nargs, bigint mask, ...args)...].
const SLOT_OFFSET = 8;
const SLOT_DOUBLES = 126;
/** How long a worker stays awake after a job (see the top of this file). */
const SPIN_MS = 2;
/** A job this soon after the end of the last one is split whatever its size (workers still spin). */
const SOON_MS = 1.5;
/** The main thread spins this long at most for the workers, then sleeps. */
const MAIN_SPIN_MS = 2;

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
  const go = new Int32Array(own, 0, 1);
  const slot = new Float64Array(own, ${SLOT_OFFSET});
  reply({ ready: true });
  for (let seen = 0; ;) {
    // stay awake a while for the next job
    for (const until = performance.now() + ${SPIN_MS}; Atomics.load(go, 0) === seen && performance.now() < until;);
    Atomics.wait(go, 0, seen);
    seen = Atomics.load(go, 0);
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
    Atomics.add(control, ${DONE}, 1);
    Atomics.notify(control, ${DONE});
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
  /** when the last job run() ended */
  private lastEnd = -Infinity;
  private readonly fnIndex = new Map<string, number>();
  /** run()'s list of the workers taking part, reused */
  private readonly busy: PoolWorker[] = [];
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
   * Threads (1 to `wanted`) for a job of `work` units: all it may have when the job reaches
   * `coldMin` or comes soon after the last one, else 1 (see the top of this file). Jobs that may
   * be split go through run() even on one thread, so that run() knows when the last one ended.
   */
  threadsFor(work: number, coldMin: number, wanted: number): number {
    return wanted > 1 && (work >= coldMin || performance.now() - this.lastEnd < SOON_MS) ? Math.min(wanted, this.size) : 1;
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
      const w: PoolWorker = { go: new Int32Array(own, 0, 1), slot: new Float64Array(own, SLOT_OFFSET), ready: false };
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
   * is done (parts.length <= size). A throwing kernel throws here, after all parts finished.
   */
  run(parts: readonly (readonly Call[])[]): void {
    const c = this.control;
    // the first parts.length - 1 ready workers (no array built: this is on every product's path)
    const n = parts.length - 1;
    const busy = this.busy;
    busy.length = 0;
    for (let i = 0; i < this.workers.length && busy.length < n; i++) if (this.workers[i].ready) busy.push(this.workers[i]);
    if (busy.length < n) throw new RangeError('webtorch: more parts than threads');
    // every slot is written before any worker wakes: a bad call throws with no worker running
    for (let i = 0; i < n; i++) this.encode(parts[i + 1], busy[i].slot);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    for (let i = 0; i < n; i++) {
      Atomics.add(busy[i].go, 0, 1);
      Atomics.notify(busy[i].go, 0);
    }
    let error: unknown = null;
    try {
      for (const call of parts[0]) (this.core[call[0]] as (...a: (number | bigint)[]) => void)(...(call.slice(1) as (number | bigint)[]));
    } catch (e) {
      error = e;
    }
    if (Atomics.load(c, DONE) < n) {
      for (const until = performance.now() + MAIN_SPIN_MS; Atomics.load(c, DONE) < n && performance.now() < until;);
      for (let d = Atomics.load(c, DONE); d < n; d = Atomics.load(c, DONE)) {
        // a browser's main thread may not block
        if (this.canWait) Atomics.wait(c, DONE, d);
      }
    }
    this.lastEnd = performance.now();
    if (error) throw error;
    if (Atomics.load(c, FAILED)) throw new Error('webtorch: a kernel failed on a worker thread');
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
