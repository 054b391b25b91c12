// Opens a test page in the shared browser harness (tests/browser/harness.ts) with the TypeScript
// sources transpiled on request: a page imports /src/*.js and /tests/*.js and gets the matching
// .ts file as JavaScript, so the webgl tests run the current sources with no bundling step.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Page } from 'playwright-core';
import { repoRoot, watch, type Harness, type OpenedPage } from '../harness.js';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const cache = new Map<string, string>();

function transpile(file: string): string {
  let out = cache.get(file);
  if (out === undefined) {
    out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
    }).outputText;
    cache.set(file, out);
  }
  return out;
}

export async function openTsPage(h: Harness, path: string): Promise<OpenedPage> {
  const context = await h.browser.newContext();
  await context.route((url) => url.href.startsWith(h.baseUrl) && url.pathname.endsWith('.js'), async (route) => {
    const { pathname } = new URL(route.request().url());
    const file = join(repoRoot, decodeURIComponent(pathname));
    const source = file.replace(/\.js$/, '.ts');
    if (!file.startsWith(repoRoot) || existsSync(file) || !existsSync(source)) { await route.continue(); return; }
    await route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: ISOLATION, body: transpile(source) });
  });
  const opened = watch(await context.newPage());
  await opened.page.goto(new URL(path, h.baseUrl).href);
  // the page's module graph either defines window.webglTest or fails to load (reported as errors)
  const deadline = Date.now() + 60_000;
  while (!(await opened.page.evaluate(() => (window as unknown as { webglTest?: unknown }).webglTest !== undefined))) {
    if (opened.errors.length || Date.now() > deadline) {
      throw new Error(`the webgl test page did not start:\n${[...opened.errors, ...opened.logs].join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return opened;
}

/** Calls `window.webglTest[fn](...args)` on a page opened by openTsPage and returns its result. */
export function pageCaller(page: () => Page) {
  return <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page().evaluate(([f, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).webglTest[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
}
