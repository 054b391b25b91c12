// Lifetime of storage: reference counts, dispose(), torch.tidy scopes, the automatic step scope
// (tensors a training loop made and then left alone leave the core two iterations later, for the
// JS heap), and a FinalizationRegistry backstop for tensors the program simply drops.
import type { Gather, Origin, Spilled, Storage } from './backend.js';
import type { TypedArray } from './dtype.js';

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
  statsFor(s.backend.device).bytes -= s.nbytes;
  // batches gathered from it keep its elements, copied out, if they rely on them
  if (s.origin) detachOrigin(s);
  // a tensor the step scope released may still be used: its storage moves to the JS heap instead,
  // unless it can be gathered again (a DataLoader batch): then its memory is simply freed
  if (s.sleepers > 0) {
    if (s.recipe && canGather(s, s.recipe)) {
      s.recipe.origin.relied = true;
      s.backend.free(s);
    }
    else if (spilling) spilling.push(s);
    else spill(s);
  }
  else {
    s.freed = true;
    s.backend.free(s);
  }
}

/** While a boundary releases tensors: the storages to spill together when it is done. */
let spilling: Storage[] | null = null;

/** Spills storages, several at once where the backend waits once for all (webgl). */
function spillAll(list: readonly Storage[]): void {
  const byBackend = new Map<Storage['backend'], Storage[]>();
  for (const s of list) {
    const group = byBackend.get(s.backend);
    if (group) group.push(s);
    else byBackend.set(s.backend, [s]);
  }
  for (const [backend, group] of byBackend) {
    if (!backend.spillMany || group.length === 1) {
      for (const s of group) spill(s);
      continue;
    }
    try {
      const values = backend.spillMany(group);
      group.forEach((s, i) => { s.spill = values[i]; });
    } catch {
      for (const s of group) {
        s.freed = true;
        backend.free(s);
      }
    }
  }
}

/** Copies a storage's elements out of the backend's memory (which it frees) into a JS array. */
function spill(s: Storage): void {
  try {
    s.spill = s.backend.spill(s);
  } catch {
    // unreadable (a lost WebGL context): the values are gone, and a later use says so
    s.freed = true;
    s.backend.free(s);
  }
}

// ---- batches gathered again instead of spilled ---------------------------------------------------
//
// A DataLoader batch of a TensorDataset is rows of the dataset's tensors, and stays so until either
// is written: released by the step scope, its memory is freed without a copy, and a later use
// gathers the rows again (wake). The dataset's storage carries an Origin for its elements as they
// are now; before anything writes to it in place (willWrite) or frees it, an Origin that released
// batches rely on gets a copy of the elements, which the batches gather from instead. The storage
// then counts as volatile: its later batches spill as any tensor does, so a dataset written every
// step is not copied whole every step. A batch written in place is no longer its rows: it spills.

/** @internal `out`'s elements are rows of `source` (`row` elements from each of `starts`), as a DataLoader batch's. */
export function gathered(out: Storage, source: Storage, starts: readonly number[], row: number): void {
  // elements that already live in a JS array (the js backend) spill for free
  if (source.volatile || out.data !== null || source.backend !== out.backend) return;
  const origin = (source.origin ??= { storage: source, version: source.version, relied: false, values: null });
  out.recipe = { origin, version: out.version, starts, row };
}

/** Whether `s` still holds exactly the rows its recipe gathers. */
function canGather(s: Storage, g: Gather): boolean {
  const o = g.origin;
  return s.version === g.version && (o.values !== null || o.storage.origin === o);
}

/** @internal Copies `row` elements from each of `starts` in `from` into `into`, end to end: a batch's rows. */
export function gatherRows(from: TypedArray, starts: readonly number[], row: number, into: TypedArray): void {
  for (let k = 0; k < starts.length; k++) into.set(from.subarray(starts[k], starts[k] + row) as never, k * row);
}

/** The rows a released batch's recipe gathers, into a JS array. */
function gatherAgain(s: Storage, g: Gather): Spilled {
  const o = g.origin, src = o.storage;
  if (!o.values && (src.version !== o.version || src.refs === 0)) {
    throw new Error('webtorch bug: a DataLoader batch released at a step boundary cannot be gathered again: its dataset changed without a copy being kept. Please report it.');
  }
  const values = new s.dtype.array(s.numel);
  gatherRows((o.values ?? src.backend.array(src)) as TypedArray, g.starts, g.row, values);
  return values;
}

/** The storage's Origin is no longer its elements (written, or freed): batches that rely on it get a copy. */
function detachOrigin(s: Storage): void {
  const o = s.origin as Origin;
  s.origin = null;
  if (!o.relied) return;
  const values = new s.dtype.array(s.numel) as Float32Array;
  values.set(s.backend.array(s) as Float32Array);
  o.values = values;
  s.volatile = true;
}

/** @internal Before an in-place write to `s` (an op's, an optimizer's, a gradient's accumulation). */
export function willWrite(s: Storage): void {
  if (s.origin) detachOrigin(s);
}

/** @internal After a write to `s` (its version bump): a write that skipped willWrite is a bug, never a silently different batch. */
export function written(s: Storage): void {
  const o = s.origin as Origin;
  s.origin = null;
  if (o.relied) {
    throw new Error('webtorch bug: a storage DataLoader batches were gathered from was written without keeping their rows. Please report it.');
  }
}

/** Something tidy() can dispose, and the finalizer can release. */
export interface Owned {
  /** @internal */
  _dispose(fromFinalizer?: boolean): void;
  /** @internal */
  _keepAlive(): boolean;
  /** @internal the tensor leaves its tidy scopes alive: the finalizer watches it from now on */
  _adopt(): void;
}

/**
 * What the finalizer needs to release a tensor's hold on its storage; dispose() marks it released.
 * The step scope lists cells, not tensors, so a tensor the program drops can still be collected.
 */
export interface Cell {
  storage: Storage;
  live: boolean;
  /** the step clock's epoch when the tensor was made or its storage last read */
  epoch: number;
  /** never released by the step scope: parameters, kept tensors (torch.keep, .grad, optimizer state) */
  exempt: boolean;
  /** the step boundary that released it (its storage may be spilled to the JS heap), 0 if none did */
  releasedAt: number;
  /** where it was made, while torch.memory.track is on */
  site?: Error;
  /** whether the FinalizationRegistry watches it: deferred while a tidy scope owns it (see track) */
  registered: boolean;
  /** in the step scope's list: the scope releases it or registers it when it leaves (adopt waits) */
  listed: boolean;
  /** made inside a built-in module's forward and never handed to the program (see `frame`) */
  internal: boolean;
  /** the bytes it counts for while the finalizer watches it: its storage's if it is the only holder (see adopt) */
  watched: number;
}

/**
 * A tensor's handle on its storage, and what the FinalizationRegistry watches in its place. V8's
 * young-generation collector (Node 20) keeps registered targets alive, so registering the tensor
 * itself would promote it, with its graph node and closures, to the old generation on every op
 * (most of a small op's cost, measured in bench/autograd.mjs); only this small object is promoted
 * instead. Each registration takes its cell as unregister token, and a release (dispose, tidy, the
 * step scope) unregisters it: otherwise every dropped tensor's entry would wait for the registry's
 * cleanup task, which never runs inside a synchronous loop (measured: +15 KB of heap per MLP step,
 * without bound; with the token the heap stays flat and the step costs no more).
 */
export interface Hold { readonly cell: Cell }

/** Each time the bytes the finalizer watches grow by this much, a JS buffer of a quarter of it is made (see adopt). */
const BALLAST_EVERY = 1 << 26;
/** bytes of the tensors the finalizer watches, and their lowest since the last ballast */
let watchedBytes = 0, ballastFloor = 0;
/** the latest such buffer: the one before it is garbage (see adopt) */
const ballast: { buffer: ArrayBuffer | null } = { buffer: null };

/** @internal the step clock: cells compare their stamp with `epoch` */
export const clock = { epoch: 0 };

const finalizer = new FinalizationRegistry<Cell>(finalized);

function finalized(cell: Cell): void {
  if (cell.registered) {
    cell.registered = false;
    unwatched(cell);
  }
  if (cell.live) drop(cell);
}

/** The finalizer no longer watches the cell's bytes. */
function unwatched(cell: Cell): void {
  watchedBytes -= cell.watched;
  cell.watched = 0;
  if (watchedBytes < ballastFloor) ballastFloor = watchedBytes;
}

function releaseCell(cell: Cell): void {
  if (!cell.live) return;
  unwatch(cell);
  drop(cell);
}

/** The finalizer stops watching the cell (a release, or the step scope taking it over). */
function unwatch(cell: Cell): void {
  if (!cell.registered) return;
  finalizer.unregister(cell);
  cell.registered = false;
  unwatched(cell);
}

/** @internal Has the finalizer watch a tensor that left its tidy scopes alive. */
export function adopt(hold: Hold): void {
  const cell = hold.cell;
  // a tensor the step scope lists (one a library tidy scope handed over, say) is not registered
  // twice over: the list releases it, or registers it when it leaves
  if (!cell.live || cell.registered || cell.listed) return;
  finalizer.register(hold, cell, cell);
  cell.registered = true;
  // V8 does not see the core's memory (nor the GPU's) and collects as its own heap grows: large
  // tensors dropped by a loop with no iteration boundary, a few hundred bytes of JS each, filled the
  // 4 GiB before a collection let the finalizer free them. So each time the bytes the finalizer
  // watches (made, neither disposed nor collected) grow by 64 MiB, a 16 MiB JS buffer is made and the
  // previous one dropped: V8 counts buffers' memory (untouched zero pages here, not resident) and
  // collects in time (4 MB results dropped with an await between them: 4 GiB at ~1000 iterations
  // before, a ~360 MiB peak after). Disposed tensors leave the count, and a view (of a storage others
  // hold already) counts for nothing: counting them made collections cost a disposed clone 5 us.
  cell.watched = cell.storage.refs === 1 ? cell.storage.nbytes : 0;
  watchedBytes += cell.watched;
  if (watchedBytes - ballastFloor >= BALLAST_EVERY) {
    ballast.buffer = new ArrayBuffer(BALLAST_EVERY >>> 2);
    ballastFloor = watchedBytes;
  }
}

function drop(cell: Cell): void {
  cell.live = false;
  if (cell.site) liveSites.delete(cell);
  statsFor(cell.storage.backend.device).tensors--;
  release(cell.storage);
}

export function track(owner: Owned, storage: Storage): Hold {
  statsFor(storage.backend.device).tensors++;
  const cell: Cell = { storage, live: true, epoch: clock.epoch, exempt: false, releasedAt: 0, registered: false, listed: false, internal: frame.library, watched: 0 };
  if (detail) {
    cell.site = new Error();
    liveSites.add(cell);
  }
  const hold: Hold = { cell };
  // a registration and its unregistration cost ~0.3 us (most of a small op's bookkeeping): a
  // tensor made inside a tidy scope (the backward pass, fused ops, the user's) is either disposed
  // when the scope ends or adopted then, so it is registered only if it survives
  // likewise a tensor the step scope lists: it is released at a boundary, or registered when it
  // leaves the list alive (exempt, the list given up, or an idle event loop: see onIdle)
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(owner);
  if (clock.epoch > 0 && collecting) list(hold);
  else if (!scope) adopt(hold);
  return hold;
}

// ---- the automatic step scope ------------------------------------------------------------------
//
// A training loop ported line by line frees nothing, and inside one synchronous job JavaScript
// cannot see that a tensor became unreachable. What webtorch can see are the loop's iteration
// boundaries: backward(), optimizer.step()/zero_grad(), a DataLoader's next batch, a model called
// from the program (an nn.Module's call that is not inside another's forward). One kind of
// boundary paces the clock (the first seen; another takes over when it repeats with no pacing
// boundary in between: an evaluation loop after training), so a window is one iteration even
// when an iteration has three boundaries (zero_grad, backward, step: releasing at each would free
// `outputs` before the accuracy line after step()). Every read of a tensor's storage stamps it
// with the current epoch; at each pacing boundary, tensors made after the first one whose stamp
// is older than the two windows that just closed (made or used in one iteration, untouched in
// the next two) are released. Two, not one: a GAN's iteration has two or three backward() calls
// when no DataLoader paces it, and `print(lossD.item())` at its end comes two windows after lossD.
// Why "untouched", not "made before the previous boundary": state a loop carries (a moving
// average, a hidden state, a best loss it compares with) is read every iteration and stays in the
// core whatever its age. Parameters (leaves that require grad), kept tensors (.grad, optimizer
// state, module buffers, torch.keep) and tensors made before the first boundary never are released.
//
// Released is not gone: JS cannot tell whether the program still holds the tensor (a list of
// losses read after the loop, `best = w.clone()`, a batch from next(iter(loader)) used much later),
// so the storage, once no live tensor holds it, is spilled: its elements are copied into a JS
// array and the core's (or the GPU's) memory is freed. A later use copies them back in (wake): a
// PyTorch program never sees the difference, and never an error. A tensor the program dropped takes
// its JS copy with it when the garbage collector collects it, which it does inside a synchronous
// loop too (JS arrays are memory V8 sees and manages). Measured (tests/memory/loops.mjs): after the
// library frees its own temporaries (fused ops, cross_entropy, the backward pass), a step leaves
// only the program's own intermediates to spill, a few small copies per iteration; on webgl they
// are read back together, with one wait per boundary. torch.keep is only a hint now: a tensor
// kept stays in the core, with no copy out and back.
// Not bounded: a synchronous loop with no boundary at all (raw tensor ops under no_grad, no model,
// no DataLoader): JS cannot tell which of its tensors are garbage; torch.tidy around the body
// bounds it. One that awaits between iterations is bounded by the finalizer (see adopt).

/** which boundary kinds exist: backward() here; the others are called by optim, data and nn (a model called from the program) */
export type BoundaryKind = 'backward' | 'step' | 'zero_grad' | 'batch' | 'forward';
/** the tensors made after the first boundary, not yet released (their holds: the tensor itself stays collectable) */
let candidates: Hold[] = [];
let compactAt = 1 << 12;
/** past this many unreleased tensors with no boundary in sight, the scope stops listing them (the finalizer still sees them) */
const MAX_CANDIDATES = 1 << 20;
let collecting = true;
let autoRelease = true;
let pacer: BoundaryKind | null = null;
let advances = 0;
const lastSeen = new Map<BoundaryKind, number>();

/** Puts a tensor in the step scope's list. */
function list(hold: Hold): void {
  hold.cell.listed = true;
  candidates.push(hold);
  if (candidates.length >= compactAt) compact();
}

/** Drops released and disposed tensors from the list; gives up listing when a boundary-free run piles up live ones. */
function compact(): void {
  let w = 0;
  for (const h of candidates) {
    if (h.cell.live) candidates[w++] = h;
    else h.cell.listed = false;
  }
  candidates.length = w;
  if (w >= MAX_CANDIDATES) {
    unlist();
    collecting = false;
    w = 0;
  }
  compactAt = Math.max(1 << 12, 2 * w);
}

/** Empties the list: what is still live there is the finalizer's from now on. */
function unlist(): void {
  for (const h of candidates) {
    h.cell.listed = false;
    adopt(h);
  }
  candidates = [];
}

let suspended = 0;

/**
 * @internal Runs fn with its boundaries ignored: they are part of one iteration of the caller's
 * (an optimizer's closure, which LBFGS evaluates many times within one step()).
 */
export function withoutBoundaries<T>(fn: () => T): T {
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
  }
}

/**
 * @internal An iteration boundary of a training or evaluation loop. backward() calls it; so do
 * optimizer.step(), optimizer.zero_grad() and a DataLoader's next batch (kind named accordingly).
 */
export function stepBoundary(kind: BoundaryKind): void {
  if (suspended > 0) return;
  const prev = lastSeen.get(kind);
  lastSeen.set(kind, advances);
  // the pacer, or a kind that came round again with no pacing boundary since: it paces from now on
  if (kind === pacer || pacer === null || prev === advances) {
    pacer = kind;
    advance();
  }
}

function advance(): void {
  advances++;
  const e = clock.epoch;
  if (autoRelease && e > 0) {
    const list: Storage[] = (spilling = []);
    let w = 0;
    try {
      for (const h of candidates) {
        const c = h.cell;
        if (c.epoch >= e - 1 && c.live && !c.exempt) {
          candidates[w++] = h;
          continue;
        }
        c.listed = false;
        if (!c.live) continue;
        // kept tensors and parameters are never released here: they leave the list for the finalizer
        if (c.exempt) adopt(h);
        else sleep(c);
      }
    } finally {
      spilling = null;
    }
    if (list.length) spillAll(list);
    candidates.length = w;
    compactAt = Math.max(1 << 12, 2 * w);
  }
  collecting = autoRelease;
  clock.epoch = e + 1;
  if (candidates.length) watchIdle();
}

/**
 * A loop that stops (training done, the page now idle) leaves its last two iterations' tensors
 * listed, and no boundary comes to release them: once the event loop has turned for IDLE_MS with
 * no boundary, two idle boundaries release what is still unread (spilled, so nothing is lost).
 */
const IDLE_MS = 250;
let idleTimer: unknown = null;
let idleMark = -1;
function watchIdle(): void {
  idleMark = advances;
  if (idleTimer !== null || typeof setTimeout !== 'function') return;
  const t = setTimeout(onIdle, IDLE_MS) as unknown as { unref?: () => void };
  // Node: the timer does not keep a finished program alive
  t.unref?.();
  idleTimer = t;
}
function onIdle(): void {
  idleTimer = null;
  if (!candidates.length || !autoRelease) return;
  if (advances !== idleMark) {
    watchIdle();
    return;
  }
  advance();
  advance();
}

/**
 * The step scope's release: the tensor lets go of its storage as dispose() would, but the storage,
 * when no one else holds it, is spilled to the JS heap rather than freed. The program may still
 * hold the tensor (JS cannot tell): a later use wakes it (wake), with its values. If the program
 * dropped it, the garbage collector frees the JS copy with the tensor, as it frees any JS array.
 */
function sleep(cell: Cell): void {
  if (cell.internal) {
    // no program can reach it (see `frame`): freed, as PyTorch's reference count would free it
    releaseCell(cell);
    return;
  }
  cell.live = false;
  cell.releasedAt = advances;
  unwatch(cell);
  if (cell.site) liveSites.delete(cell);
  statsFor(cell.storage.backend.device).tensors--;
  cell.storage.sleepers++;
  release(cell.storage);
}

/** @internal A use of a tensor the step scope released: it takes its storage back, copied back in if spilled. */
export function wake(hold: Hold): void {
  const cell = hold.cell, s = cell.storage;
  if (s.freed) {
    throw new Error('This tensor was released at a step boundary and its values could not be kept: copying them out of the device failed (a lost WebGL context, or no JS memory left)');
  }
  if (s.spill) {
    // may throw "can't allocate memory": nothing has changed then
    s.backend.restore(s, s.spill);
    s.spill = null;
    statsFor(s.backend.device).bytes += s.nbytes;
  } else if (s.refs === 0 && s.recipe) {
    // freed at its release: gathered again from its dataset
    s.backend.restore(s, gatherAgain(s, s.recipe));
    statsFor(s.backend.device).bytes += s.nbytes;
  }
  s.refs++;
  s.sleepers--;
  cell.live = true;
  cell.releasedAt = 0;
  statsFor(s.backend.device).tensors++;
  if (cell.site) liveSites.add(cell);
  if (clock.epoch > 0 && collecting) list(hold);
  else adopt(hold);
}

/** @internal a tensor that stopped being kept (a replaced .grad) becomes a candidate again */
export function requeue(hold: Hold): void {
  const cell = hold.cell;
  cell.epoch = clock.epoch;
  if (clock.epoch > 0 && collecting && cell.live && !cell.listed) {
    // listed again: the finalizer lets go (the step scope releases it, or registers it when it leaves)
    unwatch(cell);
    list(hold);
  }
}

/**
 * @internal Whether the code running now is a built-in module's forward (nn.Linear, nn.Sequential,
 * a TransformerEncoder...) with no hook and no callable of the program's in it: module.ts sets it
 * around each module call. A tensor made there is the library's own until it is handed to the
 * program (a module call's result returned to the program's code, or an argument of a hook or of a
 * module of the program's): the step scope frees such a tensor instead of spilling it, since nothing
 * can use it again. Outputs of every layer of a Sequential, an encoder's attention blocks: most of
 * what a model's forward makes.
 */
export const frame = { library: false };

/** @internal The tensors in `value` (a tensor, or an array, Map or plain object of them) are handed to the program's code. */
export function publish(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const hold = (value as { _hold?: Hold })._hold;
  if (hold) {
    hold.cell.internal = false;
    return;
  }
  const found = new Set<unknown>();
  collect(value, found);
  for (const v of found) {
    const h = (v as { _hold?: Hold })._hold;
    if (h) h.cell.internal = false;
  }
}

/**
 * torch.keep(t): marks tensors (a tensor, or an array, Map or plain object of them: a state dict) so that neither
 * torch.tidy nor the automatic step scope ever releases them; returns its argument.
 * Example: `best = torch.keep(model.weight.clone())`
 */
export function keep<T>(value: T): T {
  const found = new Set<unknown>();
  collect(value, found);
  for (const v of found) if (v && typeof v === 'object' && '_kept' in v) (v as { _kept: boolean })._kept = true;
  return value;
}

// ---- the leak report ---------------------------------------------------------------------------

let detail = typeof process !== 'undefined' && !!process.env?.WEBTORCH_MEMORY_TRACK;
const liveSites = new Set<Cell>();
/** frames in webtorch's own files (src/ or the bundle's folder) are the library; the first other one is the user's line */
const LIBRARY_DIR = import.meta.url.slice(0, import.meta.url.lastIndexOf('/') + 1).replace(/^file:\/\//, '');

interface SiteGroup { op: string; site: string; tensors: number; bytes: number }

/** The op (outermost library frame) and the program's line (first frame outside the library) of a creation stack. */
function describeSite(e: Error): [string, string] {
  const frames = (e.stack ?? '').split('\n').slice(1).map((l) => l.trim().replace(/^at /, ''));
  let op = '?', site = '?';
  for (const f of frames) {
    const m = /^(.*?) \((.*)\)$/.exec(f);
    const fn = m ? m[1] : '', where = (m ? m[2] : f).replace(/^file:\/\//, '');
    if (where.includes(LIBRARY_DIR)) {
      if (fn) op = fn.replace(/^(new |Object\.|Module\.)/, '');
      continue;
    }
    site = where;
    break;
  }
  return [op, site];
}

export function untrack(hold: Hold): void {
  const cell = hold.cell;
  if (!cell.live && cell.releasedAt) {
    // dispose() of a tensor the step scope released: it will not come back
    const s = cell.storage;
    cell.releasedAt = 0;
    if (--s.sleepers === 0 && s.refs === 0 && !s.freed) {
      s.spill = null;
      s.recipe = null;
      s.freed = true;
    }
    return;
  }
  releaseCell(cell);
}

// strong references: a WeakRef would keep its target alive to the end of the job anyway
const scopes: Owned[][] = [];

/** Collects the tensors reachable in a returned value (a tensor, or an array, Map or plain object of them). */
function collect(value: unknown, into: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || into.has(value)) return;
  into.add(value);
  if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (value instanceof Map) for (const v of value.values()) collect(v, into);
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
  let returned = false;
  try {
    result = fn();
    returned = !(result instanceof Promise);
  } finally {
    scopes.pop();
    // a throw (or a promise) disposes nothing: the scope's tensors stay, watched as any other
    if (!returned) handOver(scope);
  }
  if (result instanceof Promise) throw new Error('torch.tidy cannot be used with an async function');
  const keep = new Set<unknown>();
  collect(result, keep);
  const survivors: Owned[] = [];
  for (const t of scope) {
    if (keep.has(t) || t._keepAlive()) survivors.push(t);
    else t._dispose();
  }
  handOver(survivors);
  return result;
}

/** Survivors of a scope go to the enclosing one, or, outside every scope, to the finalizer. */
function handOver(owners: readonly Owned[]): void {
  const parent = scopes[scopes.length - 1];
  if (parent) for (const t of owners) parent.push(t);
  else for (const t of owners) t._adopt();
}

export interface MemoryReport {
  tensors: number;
  bytes: number;
  devices: Record<string, DeviceStats>;
  /** with {detail: true} while tracking is on: live tensors by the op and the program line that made them, most bytes first */
  detail?: SiteGroup[];
}

/**
 * torch.memory(device?) / torch.memory({device, detail}): live tensors and their storages' bytes,
 * per device. With detail (after torch.memory.track(true), or WEBTORCH_MEMORY_TRACK=1 in Node),
 * the live tensors grouped by the op and source line that created them.
 * Example: `torch.memory.track(true); ...; console.table(torch.memory({detail: true}).detail)`
 */
export function memory(options?: string | { device?: string; detail?: boolean }): MemoryReport {
  const opts = typeof options === 'object' && options !== null ? options : { device: options };
  for (const k of Object.keys(opts)) {
    if (k !== 'device' && k !== 'detail') throw new TypeError(`memory() got an unexpected keyword argument '${k}'`);
  }
  const device = opts.device;
  const devices: Record<string, DeviceStats> = {};
  let tensors = 0, bytes = 0;
  for (const [d, s] of stats) {
    if (device !== undefined && d !== device) continue;
    devices[d] = { ...s };
    tensors += s.tensors;
    bytes += s.bytes;
  }
  const report: MemoryReport = { tensors, bytes, devices };
  if ((opts as { detail?: boolean }).detail) {
    const groups = new Map<string, SiteGroup>();
    for (const cell of liveSites) {
      if (device !== undefined && cell.storage.backend.device !== device) continue;
      const [op, site] = describeSite(cell.site as Error);
      const key = `${op}\u0000${site}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { op, site, tensors: 0, bytes: 0 }));
      g.tensors++;
      g.bytes += cell.storage.nbytes;
    }
    report.detail = [...groups.values()].sort((a, b) => b.bytes - a.bytes || b.tensors - a.tensors);
  }
  return report;
}

/**
 * torch.memory.track(on): records where each tensor is made from now on (a stack capture per
 * tensor: for finding leaks, not for production), for torch.memory({detail: true}).
 */
memory.track = (on = true): void => {
  detail = !!on;
};

/**
 * torch.memory.auto(on): switches the automatic step scope (release of loop tensors left unused
 * for an iteration) on or off; on by default. Returns the previous setting.
 */
memory.auto = (on = true): boolean => {
  const prev = autoRelease;
  autoRelease = !!on;
  if (!autoRelease) {
    unlist();
    collecting = false;
  }
  return prev;
};
