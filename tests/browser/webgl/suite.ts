// The suite page: imports a cpu test file (its tests register with vitest-shim) and runs them with
// tensors on webgl. window.webglTest.run(file, prefix) -> one result per test.
import { options, run, type Result } from './vitest-shim.js';

options.stripDevice = true;

const api = {
  async run(file: string, prefix: string, skip?: string): Promise<Result[]> {
    await import(file);
    return run(prefix, skip);
  },
};
(window as unknown as { webglTest: typeof api }).webglTest = api;
