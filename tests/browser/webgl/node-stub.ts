// node: built-ins for pages (the import maps point node:fs, node:url and node:child_process here):
// enough for test files to load; the Node-only tests they hold fail if run, and are not run.
const unavailable = (name: string) => (): never => { throw new Error(`${name} is not available in the browser`); };
export const readFileSync = unavailable('fs.readFileSync');
export const execFileSync = unavailable('child_process.execFileSync');
export const existsSync = (): boolean => false;
export const fileURLToPath = (u: string | URL): string => new URL(u).pathname;
export const pathToFileURL = (p: string): URL => new URL(`file://${p}`);
