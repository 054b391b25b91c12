// Types for scripts/serve.mjs (used by tests/browser/harness.ts).
export declare const repoRoot: string;
export interface RunningServer {
  server: import('node:http').Server;
  /** base URL, ending in '/' */
  url: string;
  port: number;
  close(): Promise<void>;
}
export declare function startServer(options?: { root?: string; host?: string; port?: number }): Promise<RunningServer>;
