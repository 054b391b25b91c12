// Which backend runs the cpu device, and the one-time start of the WebAssembly core.
import type { Backend } from '../backend.js';
import { JsBackend } from './js.js';
import { WasmBackend, instantiateCore } from './wasm.js';

export const jsBackend = new JsBackend();
let wasmBackend: WasmBackend | null = null;
let cpuBackend: Backend | null = null;
let readyPromise: Promise<void> | null = null;
const gpuBackends = new Map<string, Backend>();

/** Resolves once the WebAssembly core is compiled; always safe to await. */
export function ready(): Promise<void> {
  readyPromise ??= instantiateCore().then(({ exports, memory }) => {
    wasmBackend = new WasmBackend(exports, memory);
    cpuBackend ??= wasmBackend;
  });
  return readyPromise;
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

export function get_backend(): 'wasm' | 'js' {
  return cpuBackend === jsBackend ? 'js' : 'wasm';
}

export function getWasmBackend(): WasmBackend | null {
  return wasmBackend;
}
