// Node's fs for torch.save(obj, path) / torch.load(path), without a static import, so browser
// bundles never see 'node:fs'. Node >= 20.16 hands it over synchronously
// (process.getBuiltinModule); older Node 20 gets it from a dynamic import started when this module
// loads, long done by the time the WebAssembly core is ready.

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

type NodeProcess = { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
const proc = (globalThis as { process?: NodeProcess }).process;
const isNode = typeof proc?.versions?.node === 'string';

let fs: NodeFs | null = isNode ? ((proc!.getBuiltinModule?.('node:fs') as NodeFs | undefined) ?? null) : null;
if (isNode && fs === null) {
  // a specifier computed at run time (a minifier cannot fold it back to a literal): bundlers leave it alone
  const spec = isNode ? 'node:fs' : '';
  import(/* webpackIgnore: true */ /* @vite-ignore */ spec).then((m: NodeFs) => { fs = m; }, () => {});
}

function nodeFs(what: string): NodeFs {
  if (fs) return fs;
  throw new Error(
    isNode
      ? `${what}: Node's fs module is still loading; await torch.ready() first`
      : `${what} with a file path needs Node.js; in a browser use the bytes form (torch.save(obj) returns a Uint8Array, torch.load(bytes))`,
  );
}

/** @internal the whole file at `path` */
export function readFile(path: string, what: string): Uint8Array {
  const b = nodeFs(what).readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** @internal writes `data` to `path` */
export function writeFile(path: string, data: Uint8Array, what: string): void {
  nodeFs(what).writeFileSync(path, data);
}
