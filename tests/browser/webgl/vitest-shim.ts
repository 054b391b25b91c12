// The slice of vitest that runs in a page (the pages' import maps point 'vitest' here): describe,
// test, hooks and expect with the matchers our suites use. Test files imported by a page register
// their tests; run() executes them in order and reports, so a Node-side vitest test can assert.
type Fn = () => unknown;
interface Suite { name: string; before: Fn[]; after: Fn[]; beforeAll: Fn[]; afterAll: Fn[]; items: (Suite | Case)[] }
interface Case { name: string; fn: Fn | null; todo?: boolean }
export interface Result { name: string; ok: boolean; message?: string; todo?: boolean }

const root: Suite = { name: '', before: [], after: [], beforeAll: [], afterAll: [], items: [] };
let current = root;

export function describe(name: string, body: () => void): void {
  const s: Suite = { name, before: [], after: [], beforeAll: [], afterAll: [], items: [] };
  current.items.push(s);
  const parent = current;
  current = s;
  try { body(); } finally { current = parent; }
}
export function test(name: string, fn: Fn): void {
  current.items.push({ name, fn });
}
test.todo = (name: string): void => { current.items.push({ name, fn: null, todo: true }); };
test.skip = (name: string): void => { current.items.push({ name, fn: null, todo: true }); };
test.skipIf = (cond: boolean) => (cond ? test.skip : test);
test.each = <T>(rows: readonly T[]) => (name: string, fn: (row: T) => unknown): void => {
  for (const row of rows) test(name.replace('%s', String(row)), () => fn(row));
};
export const it = test;

type Spy = ((...a: unknown[]) => unknown) & {
  mock: { calls: unknown[][] };
  mockImplementation(f: (...a: never[]) => unknown): Spy;
  mockRestore(): void;
};
/** vi.spyOn(object, method): records calls, can replace the implementation, and restores it. */
export const vi = {
  spyOn(obj: object, key: string): Spy {
    const o = obj as Record<string, (...a: unknown[]) => unknown>;
    const original = o[key];
    let impl = original;
    const spy = function (this: unknown, ...a: unknown[]) { spy.mock.calls.push(a); return impl.apply(this, a); } as Spy;
    spy.mock = { calls: [] };
    spy.mockImplementation = (f) => { impl = f as (...a: unknown[]) => unknown; return spy; };
    spy.mockRestore = () => { o[key] = original; };
    o[key] = spy;
    return spy;
  },
};
export const beforeEach = (fn: Fn): void => { current.before.push(fn); };
export const afterEach = (fn: Fn): void => { current.after.push(fn); };
export const beforeAll = (fn: Fn): void => { current.beforeAll.push(fn); };
export const afterAll = (fn: Fn): void => { current.afterAll.push(fn); };

/**
 * Runs the registered tests whose full name (suites joined by ' > ') starts with `prefix`, leaving
 * out suites and tests whose name matches `skip` (a RegExp source).
 */
export async function run(prefix = '', skip = '(?!)'): Promise<Result[]> {
  const skipRe = new RegExp(skip);
  const results: Result[] = [];
  const walk = async (s: Suite, path: string[], hooks: { before: Fn[]; after: Fn[] }): Promise<void> => {
    const before = [...hooks.before, ...s.before], after = [...s.after, ...hooks.after];
    const full = (n: string) => [...path, n].filter(Boolean).join(' > ');
    const selected = (n: string) => full(n).startsWith(prefix) || prefix.startsWith(full(n));
    if (!s.items.some((i) => selected(i.name))) return;
    for (const f of s.beforeAll) await f();
    for (const item of s.items) {
      if (!selected(item.name)) continue;
      if ('items' in item) {
        if (!skipRe.test(item.name)) await walk(item, [...path, item.name], { before, after });
        continue;
      }
      const name = full(item.name);
      if (!name.startsWith(prefix) || skipRe.test(item.name)) continue;
      if (!item.fn) { results.push({ name, ok: true, todo: true }); continue; }
      try {
        for (const f of before) await f();
        try { await item.fn(); } finally { for (const f of after) await f(); }
        results.push({ name, ok: true });
      } catch (e) {
        results.push({ name, ok: false, message: String(e instanceof Error ? e.message : e).slice(0, 800) });
      }
    }
    for (const f of s.afterAll) await f();
  };
  await walk(root, [], { before: [], after: [] });
  return results;
}

// ---- expect ---------------------------------------------------------------------------------

function fmt(v: unknown): string {
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Printed tensors carry `device='webgl'` on that device where the suites expect PyTorch's cpu
 * form: strings are compared with that suffix removed (the page sets this when tensors are on webgl).
 */
export const options = { stripDevice: false };
const norm = (v: unknown): unknown => {
  if (!options.stripDevice) return v;
  if (typeof v === 'string') return v.replace(/, device='webgl'/g, '');
  if (Array.isArray(v)) return v.map(norm);
  return v;
};

function matchers(actual: unknown, message: string | undefined, negate: boolean) {
  const check = (pass: boolean, detail: string): void => {
    if (pass === negate) throw new Error((message ? `${message}: ` : '') + (negate ? `not: ${detail}` : detail));
  };
  const thrown = (): { threw: boolean; error: unknown } => {
    try { (actual as () => unknown)(); return { threw: false, error: null }; } catch (e) { return { threw: true, error: e }; }
  };
  return {
    toStrictEqual: (e: unknown) => check(deepEqual(norm(actual), e), `expected ${fmt(norm(actual))} to equal ${fmt(e)}`),
    toBe: (e: unknown) => check(Object.is(norm(actual), e), `expected ${fmt(norm(actual))} to be ${fmt(e)}`),
    toEqual: (e: unknown) => check(deepEqual(norm(actual), e), `expected ${fmt(norm(actual))} to equal ${fmt(e)}`),
    toBeInstanceOf: (c: abstract new (...a: never[]) => unknown) => check(actual instanceof c, `expected ${fmt(actual)} to be an instance of ${c.name}`),
    toBeNull: () => check(actual === null, `expected ${fmt(actual)} to be null`),
    toContain: (part: unknown) => check(Array.isArray(actual) ? actual.includes(part) : String(norm(actual)).includes(String(part)),
      `expected ${fmt(norm(actual))} to contain ${fmt(part)}`),
    toBeCloseTo: (e: number, digits = 2) => check(Math.abs((actual as number) - e) < 10 ** -digits / 2,
      `expected ${fmt(actual)} to be close to ${e} (${digits} digits)`),
    toBeNaN: () => check(Number.isNaN(actual), `expected ${fmt(actual)} to be NaN`),
    toBeLessThan: (e: number) => check((actual as number) < e, `expected ${fmt(actual)} < ${e}`),
    toBeLessThanOrEqual: (e: number) => check((actual as number) <= e, `expected ${fmt(actual)} <= ${e}`),
    toBeGreaterThan: (e: number) => check((actual as number) > e, `expected ${fmt(actual)} > ${e}`),
    toBeGreaterThanOrEqual: (e: number) => check((actual as number) >= e, `expected ${fmt(actual)} >= ${e}`),
    toBeTruthy: () => check(!!actual, `expected ${fmt(actual)} to be truthy`),
    toBeFalsy: () => check(!actual, `expected ${fmt(actual)} to be falsy`),
    toBeDefined: () => check(actual !== undefined, 'expected a value'),
    toBeUndefined: () => check(actual === undefined, `expected ${fmt(actual)} to be undefined`),
    toHaveLength: (n: number) => check((actual as { length: number }).length === n, `expected length ${n}`),
    toMatch: (re: string | RegExp) => check(typeof re === 'string' ? String(norm(actual)).includes(re) : re.test(String(norm(actual))),
      `expected ${fmt(norm(actual))} to match ${String(re)}`),
    toThrow: (want?: string | RegExp | (abstract new (...a: never[]) => unknown)) => {
      const { threw, error } = thrown();
      const m = String(error instanceof Error ? error.message : error);
      const ok = threw && (want === undefined || (typeof want === 'string' ? m.includes(want)
        : want instanceof RegExp ? want.test(m) : error instanceof want));
      check(ok, threw ? `expected the error "${m}" to match ${String(want)}` : 'expected a throw');
    },
  };
}

export function expect(actual: unknown, message?: string) {
  return { ...matchers(actual, message, false), not: matchers(actual, message, true) };
}
expect.fail = (message: string): never => { throw new Error(message); };
