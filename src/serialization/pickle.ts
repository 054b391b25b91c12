// The subset of Python's pickle that checkpoints use: a reader (a small virtual machine over the
// opcodes of protocols 2-5, binary forms only) and a writer of protocol 2, which is what
// torch.save writes by default. Neither knows about tensors: globals, REDUCE/BUILD and persistent
// ids go through the hooks given by the caller, so nothing outside its allowlist is ever called.

/** @internal A Python tuple while unpickling (lists are JS arrays; tuples must stay distinct until the end). */
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** @internal A Python dict while unpickling: keys may be anything, insertion order kept. */
export class PyDict {
  readonly keys: unknown[] = [];
  readonly values: unknown[] = [];
  /** set when it was built by collections.OrderedDict */
  ordered = false;
  /** the instance __dict__ a BUILD gave it (OrderedDict's _metadata) */
  state: PyDict | null = null;
  /** where each primitive key is: equal str/int keys replace, as in a Python dict */
  private index = new Map<unknown, number>();
  set(key: unknown, value: unknown): void {
    const i = typeof key === 'object' && key !== null ? undefined : this.index.get(key);
    if (i !== undefined) { this.values[i] = value; return; }
    if (typeof key !== 'object' || key === null) this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }
}

/** @internal A global the reader resolved through the allowlist: `module.name`. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get path(): string { return `${this.module}.${this.name}`; }
}

/** @internal what the caller decides: the allowlist, calls, BUILD and storages */
export interface UnpicklerHooks {
  /** GLOBAL / STACK_GLOBAL: returns the object for an allowed global, throws for anything else */
  findClass(module: string, name: string): unknown;
  /** REDUCE (func(*args)) and NEWOBJ (cls.__new__(cls, *args)) on a value findClass returned */
  call(func: unknown, args: unknown[], newobj: boolean): unknown;
  /** BUILD: sets `state` on `obj`; returns the object that stays on the stack */
  build(obj: unknown, state: unknown): unknown;
  /** BINPERSID: the object a persistent id stands for (torch's storages) */
  persistentLoad(pid: unknown): unknown;
}


/** @internal An Error for malformed or refused pickle data (PyTorch raises pickle.UnpicklingError). */
export class UnpicklingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnpicklingError';
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** @internal Reads one pickle from `data`, running only the opcodes below. */
export function unpickle(data: Uint8Array, hooks: UnpicklerHooks): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number): number => {
    if (n < 0 || pos + n > data.length) {
      throw new UnpicklingError(`pickle data was truncated: needs ${n} more bytes at offset ${pos}, has ${data.length - pos}`);
    }
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => data[need(1)];
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const u64 = (): number => {
    const at = need(8);
    const hi = view.getUint32(at + 4, true);
    if (hi >= 0x200000) throw new UnpicklingError(`pickle length ${hi} * 2**32 is too large`);
    return hi * 0x100000000 + view.getUint32(at, true);
  };
  const bytes = (n: number) => { const at = need(n); return data.subarray(at, at + n); };
  const text = (n: number): string => {
    try { return decoder.decode(bytes(n)); } catch (e) {
      if (e instanceof UnpicklingError) throw e;
      throw new UnpicklingError('pickle string is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new UnpicklingError('pickle data was truncated: a GLOBAL has no newline');
    const s = new TextDecoder().decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) throw new UnpicklingError('could not find MARK');
    stack = prev;
    return items;
  };
  const push = (v: unknown) => { stack.push(v); };
  const memoGet = (i: number) => {
    if (!memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
    push(memo.get(i));
  };
  const asList = (v: unknown, what: string): unknown[] => {
    if (!Array.isArray(v)) throw new UnpicklingError(`Can only ${what} lists, but got ${typeName(v)}`);
    return v;
  };
  const asDict = (v: unknown): PyDict => {
    if (!(v instanceof PyDict)) throw new UnpicklingError(`Can only set items of dicts, but got ${typeName(v)}`);
    return v;
  };

  for (;;) {
    if (pos >= data.length) throw new UnpicklingError('pickle data was truncated (no STOP opcode)');
    const op = data[pos++];
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: frames are only a hint for buffered readers
      case 0x2e: { // STOP
        const result = pop();
        if (stack.length !== 0 || metastack.length !== 0) throw new UnpicklingError('pickle data has items left on the stack at STOP');
        return result;
      }
      case 0x28: metastack.push(stack); stack = []; break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: push(top()); break; // DUP
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x4a: push(view.getInt32(need(4), true)); break; // BININT
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x8a: push(decodeLong(bytes(u8()))); break; // LONG1
      case 0x8b: { // LONG4
        const n = view.getInt32(need(4), true);
        if (n < 0) throw new UnpicklingError('LONG pickle has negative byte count');
        push(decodeLong(bytes(n)));
        break;
      }
      case 0x47: push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
      case 0x58: push(text(u32())); break; // BINUNICODE
      case 0x8c: push(text(u8())); break; // SHORT_BINUNICODE
      case 0x8d: push(text(u64())); break; // BINUNICODE8
      // byte strings: torch.load decodes Python 2 strings as utf-8 (its default encoding)
      case 0x55: push(text(u8())); break; // SHORT_BINSTRING
      case 0x54: push(text(u32())); break; // BINSTRING
      case 0x43: push(bytes(u8()).slice()); break; // SHORT_BINBYTES
      case 0x42: push(bytes(u32()).slice()); break; // BINBYTES
      case 0x8e: push(bytes(u64()).slice()); break; // BINBYTES8
      case 0x96: push(bytes(u64()).slice()); break; // BYTEARRAY8
      case 0x29: push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x74: push(new PyTuple(popMark())); break; // TUPLE
      case 0x85: push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x6c: push(popMark()); break; // LIST
      case 0x61: { const v = pop(); asList(top(), 'append to').push(v); break; } // APPEND
      case 0x65: { // APPENDS (a loop: spreading a long batch would overflow the call stack)
        const items = popMark();
        const list = asList(top(), 'extend');
        for (let i = 0; i < items.length; i++) list.push(items[i]);
        break;
      }
      case 0x7d: push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        const d = new PyDict();
        for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
        push(d);
        break;
      }
      case 0x73: { const v = pop(), k = pop(); asDict(top()).set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2) throw new UnpicklingError('odd number of items for SETITEMS');
        const d = asDict(top());
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        break;
      }
      case 0x8f: push(new Set()); break; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) throw new UnpicklingError(`Can only add items to sets, but got ${typeName(s)}`);
        for (const v of items) s.add(v);
        break;
      }
      case 0x91: push(new Set(popMark())); break; // FROZENSET
      case 0x63: { const module = line(); const name = line(); push(hooks.findClass(module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
        push(hooks.findClass(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const func = pop();
        if (!(args instanceof PyTuple)) throw new UnpicklingError(`REDUCE arguments must be a tuple, got ${typeName(args)}`);
        push(hooks.call(func, args.items, false));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = pop();
        if (!(args instanceof PyTuple)) throw new UnpicklingError(`NEWOBJ arguments must be a tuple, got ${typeName(args)}`);
        push(hooks.call(cls, args.items, true));
        break;
      }
      case 0x62: { const state = pop(); const obj = pop(); push(hooks.build(obj, state)); break; } // BUILD
      case 0x51: push(hooks.persistentLoad(pop())); break; // BINPERSID
      case 0x68: memoGet(u8()); break; // BINGET
      case 0x6a: memoGet(u32()); break; // LONG_BINGET
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      default:
        throw new UnpicklingError(`Unsupported operand ${op} (${JSON.stringify(String.fromCharCode(op))}) at offset ${pos - 1}`);
    }
  }
}

/** Python's decode_long: little-endian two's complement. Safe integers come back as numbers. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PyGlobal) return v.path;
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
}

// ---- writing --------------------------------------------------------------------------------

const encoder = new TextEncoder();

/**
 * @internal Writes protocol-2 pickle opcodes, as Python's pickle.Pickler(protocol=2) lays them out (MARK'd
 * batches of up to 1000 items, BINPUT memo entries), so PyTorch 1.13's weights_only reader, which
 * knows only those opcodes, reads what it writes.
 */
export class PickleWriter {
  private chunks: Uint8Array[] = [];
  private cur = new Uint8Array(1 << 12);
  private len = 0;
  private memoCount = 0;
  private globals = new Map<string, number>();

  private ensure(n: number): void {
    if (this.len + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.len));
    this.cur = new Uint8Array(Math.max(1 << 12, n));
    this.len = 0;
  }
  byte(b: number): this { this.ensure(1); this.cur[this.len++] = b; return this; }
  raw(b: Uint8Array): this { this.ensure(b.length); this.cur.set(b, this.len); this.len += b.length; return this; }
  private u32(v: number): void {
    this.ensure(4);
    new DataView(this.cur.buffer, this.cur.byteOffset).setUint32(this.len, v, true);
    this.len += 4;
  }

  proto(): this { return this.byte(0x80).byte(2); }
  stop(): this { return this.byte(0x2e); }
  mark(): this { return this.byte(0x28); }
  none(): this { return this.byte(0x4e); }
  bool(v: boolean): this { return this.byte(v ? 0x88 : 0x89); }
  /** the memo index of what is on top of the stack, for get() later */
  put(): number {
    const i = this.memoCount++;
    if (i < 256) this.byte(0x71).byte(i);
    else { this.byte(0x72); this.u32(i); }
    return i;
  }
  get(i: number): this {
    if (i < 256) return this.byte(0x68).byte(i);
    this.byte(0x6a); this.u32(i); return this;
  }
  int(v: number | bigint): this {
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      if (v >= 0 && v <= 0xff) return this.byte(0x4b).byte(v);
      if (v >= 0 && v <= 0xffff) return this.byte(0x4d).byte(v & 0xff).byte(v >> 8);
      if (v >= -0x80000000 && v <= 0x7fffffff) { this.byte(0x4a); this.ensure(4); new DataView(this.cur.buffer, this.cur.byteOffset).setInt32(this.len, v, true); this.len += 4; return this; }
    }
    // LONG1: little-endian two's complement, as few bytes as Python's encode_long
    let big = BigInt(v);
    const out: number[] = [];
    for (;;) {
      const b = Number(big & 0xffn);
      out.push(b);
      big >>= 8n;
      if ((big === 0n && !(b & 0x80)) || (big === -1n && b & 0x80)) break;
    }
    return this.byte(0x8a).byte(out.length).raw(Uint8Array.from(out));
  }
  float(v: number): this {
    this.byte(0x47);
    this.ensure(8);
    new DataView(this.cur.buffer, this.cur.byteOffset).setFloat64(this.len, v, false);
    this.len += 8;
    return this;
  }
  str(s: string): this {
    const b = encoder.encode(s);
    this.byte(0x58); this.u32(b.length);
    return this.raw(b);
  }
  /** GLOBAL module\nname\n, memoized as Python does (the second use is a BINGET) */
  global(module: string, name: string): this {
    const key = `${module}\n${name}\n`;
    const m = this.globals.get(key);
    if (m !== undefined) return this.get(m);
    this.byte(0x63).raw(encoder.encode(key));
    this.globals.set(key, this.put());
    return this;
  }
  /** TUPLE1/2/3 for short tuples, MARK ... TUPLE otherwise (`items` writes the elements) */
  tuple(n: number, items: () => void): this {
    if (n === 0) return this.byte(0x29);
    if (n > 3) this.mark();
    items();
    return this.byte(n > 3 ? 0x74 : [0, 0x85, 0x86, 0x87][n]);
  }
  emptyList(): this { return this.byte(0x5d); }
  emptyDict(): this { return this.byte(0x7d); }
  /** Python's _batch_appends / _batch_setitems: one item alone, MARK'd batches of 1000 otherwise */
  batches(count: number, writeItem: (i: number) => void, single: number, multi: number): this {
    for (let start = 0; start < count; start += 1000) {
      const n = Math.min(1000, count - start);
      if (n > 1) this.mark();
      for (let i = start; i < start + n; i++) writeItem(i);
      this.byte(n > 1 ? multi : single);
    }
    return this;
  }
  reduce(): this { return this.byte(0x52); }
  build(): this { return this.byte(0x62); }
  binpersid(): this { return this.byte(0x51); }

  bytes(): Uint8Array {
    const parts = [...this.chunks, this.cur.subarray(0, this.len)];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
}
