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
  _dispose(fromFinalizer?: boolean): void;
  _keepAlive(): boolean;
}

const finalizer = new FinalizationRegistry<{ storage: Storage; device: string }>((held) => {
  statsFor(held.device).tensors--;
  release(held.storage);
});

export function track(owner: Owned, storage: Storage): void {
  statsFor(storage.backend.device).tensors++;
  finalizer.register(owner, { storage, device: storage.backend.device }, owner);
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(new WeakRef(owner));
}

export function untrack(owner: Owned, storage: Storage): void {
  finalizer.unregister(owner);
  statsFor(storage.backend.device).tensors--;
  release(storage);
}

const scopes: WeakRef<Owned>[][] = [];

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
  const scope: WeakRef<Owned>[] = [];
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
  for (const ref of scope) {
    const t = ref.deref();
    if (!t) continue;
    if (keep.has(t) || t._keepAlive()) parent?.push(ref);
    else t._dispose();
  }
  return result;
}

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
