// node: built-ins for pages (the import maps point node:fs, node:url and node:child_process here):
// enough for test files to load and to read the repo's fixtures. readFileSync is a synchronous
// XMLHttpRequest to the test server (which serves the repo root), so suites that read their
// PyTorch fixtures at import time run unchanged; other Node-only calls throw.
const unavailable = (name: string) => (): never => { throw new Error(`${name} is not available in the browser`); };

/** The URL a path or URL names on the server: file:// URLs and absolute paths are repo paths there. */
function served(p: string | URL): string {
  const s = String(p);
  if (s.startsWith('file://')) return new URL(s).pathname;
  return new URL(s, location.href).href;
}

/** fs.readFileSync(path | URL, encoding?): text with an encoding, else the bytes (a Uint8Array). */
export function readFileSync(p: string | URL, options?: string | { encoding?: string | null }): string | Uint8Array {
  const encoding = typeof options === 'string' ? options : options?.encoding ?? null;
  const xhr = new XMLHttpRequest();
  xhr.open('GET', served(p), false);
  // binary through a synchronous request: each byte as one char code (responseType is refused there)
  if (!encoding) xhr.overrideMimeType('text/plain; charset=x-user-defined');
  xhr.send();
  if (xhr.status !== 200) throw new Error(`ENOENT: no such file or directory, open '${String(p)}'`);
  if (encoding) return xhr.responseText;
  const text = xhr.responseText, bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
export const execFileSync = unavailable('child_process.execFileSync');
export const existsSync = (): boolean => false;
export const fileURLToPath = (u: string | URL): string => new URL(u).pathname;
export const pathToFileURL = (p: string): URL => new URL(`file://${p}`);
