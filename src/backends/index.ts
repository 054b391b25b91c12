// Which backend runs the cpu device, and the one-time start of the WebAssembly core.
import type { Backend } from '../backend.js';
import { JsBackend } from './js.js';
import { coreUrl } from './core-files.js';
import { coreCount, threadsPossible, ThreadPool } from './threads.js';
import { WasmBackend, instantiateCore } from './wasm.js';

export const jsBackend = new JsBackend();
let wasmBackend: WasmBackend | null = null;
let cpuBackend: Backend | null = null;
let readyPromise: Promise<void> | null = null;
const gpuBackends = new Map<string, Backend>();

/** torch.set_num_threads' value; null: one per core. */
let numThreads: number | null = null;
/** Logical cores (known for sure once ready: Node has no navigator.hardwareConcurrency before 21). */
let cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;

/**
 * Resolves once the WebAssembly core is compiled and, where its memory is shared, the worker
 * threads are up; always safe to await.
 */
export function ready(): Promise<void> {
  readyPromise ??= (async () => {
    const core = await instantiateCore();
    const backend = new WasmBackend(core.exports, core.memory);
    cores = await coreCount();
    backend.threads = get_num_threads();
    if (core.variant.startsWith('mt')) {
      backend.pool = new ThreadPool(core.module, core.memory, core.exports);
      await backend.pool.grow(backend.threads);
      backend.calibratePool();
    }
    wasmBackend = backend;
    cpuBackend ??= backend;
  })();
  return readyPromise;
}

/**
 * Threads for cpu kernels (default: one per core). Where memory cannot be shared with workers
 * (a browser page that is not cross-origin isolated) kernels run on one thread whatever this is.
 */
export function set_num_threads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error('set_num_threads expects a positive integer');
  numThreads = n;
  if (wasmBackend) {
    wasmBackend.threads = n;
    // new workers join the jobs that start after they are up
    const backend = wasmBackend;
    void backend.pool?.grow(n).then(() => backend.calibratePool());
  }
}

/** PyTorch's `torch.get_num_threads()`: threads cpu kernels run on (1 where memory cannot be shared with workers). Example: `torch.get_num_threads()` */
export function get_num_threads(): number {
  // one where the core's memory is not shared: the script tag (no threaded build), pages that are
  // not cross-origin isolated, a threaded build that failed to load
  if ((wasmBackend && !wasmBackend.pool) || !threadsPossible() || !coreUrl('mt')) return 1;
  return numThreads ?? cores;
}

/** The backend for new tensors on a device. */
export function backendFor(device: string): Backend {
  if (device === 'cpu') {
    if (!cpuBackend) throw new Error('webtorch is not ready: await torch.ready() before using it');
    return cpuBackend;
  }
  const gpu = gpuBackends.get(device);
  if (!gpu) throw new Error(`webtorch: device '${device}' is not available here`);
  return gpu;
}

export function registerDevice(device: string, backend: Backend): void {
  gpuBackends.set(device, backend);
}

/**
 * Chooses what runs cpu tensors created from now on: 'wasm' (the SIMD core, default) or 'js'
 * (plain TypedArray loops: the reference implementation).
 */
export function set_backend(name: 'wasm' | 'js'): void {
  if (name === 'js') cpuBackend = jsBackend;
  else if (name === 'wasm') {
    if (!wasmBackend) throw new Error('webtorch is not ready: await torch.ready() before using it');
    cpuBackend = wasmBackend;
  } else throw new Error(`unknown backend '${String(name)}'; expected 'wasm' or 'js'`);
}

/** webtorch's backend of the cpu device: 'wasm' (the SIMD core) or 'js' (the reference loops). Example: `torch.get_backend()` */
export function get_backend(): 'wasm' | 'js' {
  return cpuBackend === jsBackend ? 'js' : 'wasm';
}

export function getWasmBackend(): WasmBackend | null {
  return wasmBackend;
}
