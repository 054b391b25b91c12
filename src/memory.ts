// Lifetime of storage: reference counts, dispose(), torch.tidy scopes, and a
// FinalizationRegistry backstop for tensors the program simply drops.
import type { Storage } from './backend.js';

interface DeviceStats { tensors: number; bytes: number }
const stats = new Map<string, DeviceStats>();

function statsFor(device: string): DeviceStats {
  let s = stats.get(device);
  if (!s) { s = { tensors: 0, bytes: 0 }; stats.set(device, s); }
  return s;
}

export function storageAllocated(s: Storage): void {
  statsFor(s.backend.device).bytes += s.nbytes;
}

export function retain(s: Storage): void {
  s.refs++;
}

export function release(s: Storage): void {
  if (--s.refs > 0 || s.freed) return;
  s.freed = true;
  statsFor(s.backend.device).bytes -= s.nbytes;
  s.backend.free(s);
}

/** Something tidy() can dispose, and the finalizer can release. */
export interface Owned {
  /** @internal */
  _dispose(fromFinalizer?: boolean): void;
  /** @internal */
  _keepAlive(): boolean;
}

/** What the finalizer needs to release a tensor's hold on its storage; dispose() marks it released. */
interface Cell { storage: Storage; live: boolean }

/**
 * A tensor's handle on its storage, and what the FinalizationRegistry watches in its place. V8's
 * young-generation collector (Node 20) keeps registered targets alive, so registering the tensor
 * itself would promote it, with its graph node and closures, to the old generation on every op
 * (most of a small op's cost, measured in bench/autograd.mjs); only this small object is promoted
 * instead. Registering without an unregister token is several times cheaper too (a token is a
 * weak key the collector tracks).
 */
export interface Hold { readonly cell: Cell }

const finalizer = new FinalizationRegistry<Cell>(releaseCell);

function releaseCell(cell: Cell): void {
  if (!cell.live) return;
  cell.live = false;
  statsFor(cell.storage.backend.device).tensors--;
  release(cell.storage);
}

export function track(owner: Owned, storage: Storage): Hold {
  statsFor(storage.backend.device).tensors++;
  const cell: Cell = { storage, live: true };
  const hold: Hold = { cell };
  finalizer.register(hold, cell);
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(owner);
  return hold;
}

export function untrack(hold: Hold): void {
  releaseCell(hold.cell);
}

// strong references: a WeakRef would keep its target alive to the end of the job anyway
const scopes: Owned[][] = [];

/** Collects the tensors reachable in a returned value (a tensor, array, or plain object of them). */
function collect(value: unknown, into: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || into.has(value)) return;
  into.add(value);
  if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, into);
}

/**
 * torch.tidy(fn): tensors created while fn runs are disposed when it returns, except those in its
 * result and leaves that require grad (parameters). Nested scopes hand their survivors to the parent.
 */
export function tidy<T>(fn: () => T): T {
  const scope: Owned[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  if (result instanceof Promise) throw new Error('torch.tidy cannot be used with an async function');
  const keep = new Set<unknown>();
  collect(result, keep);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (keep.has(t) || t._keepAlive()) parent?.push(t);
    else t._dispose();
  }
  return result;
}

/** webtorch's `torch.memory()`: live tensors and bytes, per device (PyTorch: `torch.cuda.memory_allocated()`). Example: `torch.memory().bytes` */
export function memory(device?: string): { tensors: number; bytes: number; devices: Record<string, DeviceStats> } {
  const devices: Record<string, DeviceStats> = {};
  let tensors = 0, bytes = 0;
  for (const [d, s] of stats) {
    if (device !== undefined && d !== device) continue;
    devices[d] = { ...s };
    tensors += s.tensors;
    bytes += s.bytes;
  }
  return { tensors, bytes, devices };
}
