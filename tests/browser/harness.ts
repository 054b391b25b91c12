// Browser test harness: the COOP/COEP static server (scripts/serve.mjs) on 127.0.0.1 with a free
// port, headless Chromium through playwright-core (the system browser: never `playwright install`),
// pages that record console errors. Use from any tests/browser/*.test.ts:
//
//   const h = await startHarness();            // in beforeAll
//   const { page, errors } = await h.open('bench/index.html');   // path relative to the repo root
//   ...; expect(errors).toEqual([]);
//   await h.close();                           // in afterAll
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, repoRoot as root } from '../../scripts/serve.mjs';

export const repoRoot: string = root;

/** Chromium from the Debian package (CI: apt-get install -y chromium); CHROMIUM_PATH overrides. */
export const chromiumPath: string | null = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((p): p is string => !!p && existsSync(p)) ?? null;

/** Flags checked on these machines: WebGL2 via SwiftShader, no network noise. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface OpenedPage {
  page: Page;
  /** console.error messages, uncaught exceptions and failed requests, in order */
  errors: string[];
  /** every console message as "type: text", for diagnosing a failure */
  logs: string[];
}

export interface OpenOptions {
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
  /** sees every request's URL from the first one (listeners added after open() miss the page's own) */
  onRequest?: (url: string) => void;
  /** script run in the page before any of its own (page.addInitScript) */
  init?: string;
}

export interface Harness {
  browser: Browser;
  /** the server's base URL, ending in '/' */
  baseUrl: string;
  /** Opens a repo-relative path over http (cross-origin isolated), or an absolute http(s)/file URL. */
  open(pathOrUrl: string, options?: OpenOptions): Promise<OpenedPage>;
  /** file:// URL of a repo-relative path (for pages that must work without a server) */
  fileUrl(path: string): string;
  close(): Promise<void>;
}

/** Wraps a page so that console errors, page errors and failed requests are collected. */
export function watch(page: Page): OpenedPage {
  const errors: string[] = [], logs: string[] = [];
  page.on('console', (msg) => {
    logs.push(`${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? ''})`));
  page.on('response', (r) => {
    if (r.status() >= 400) logs.push(`http ${r.status()}: ${r.url()}`);
  });
  return { page, errors, logs };
}

export async function startHarness(options: { viewport?: { width: number; height: number } } = {}): Promise<Harness> {
  if (!chromiumPath) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  const server = await startServer({ root: repoRoot, host: '127.0.0.1', port: 0 });
  let browser: Browser;
  try {
    // launch() gives every run a fresh temporary user-data-dir
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (e) {
    await server.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    browser,
    baseUrl: server.url,
    async open(pathOrUrl, { waitUntil = 'load', onRequest, init } = {}) {
      const url = /^(https?|file):/.test(pathOrUrl) ? pathOrUrl : new URL(pathOrUrl, server.url).href;
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 900 } });
      contexts.push(context);
      const opened = watch(await context.newPage());
      if (onRequest) opened.page.on('request', (r) => onRequest(r.url()));
      if (init) await opened.page.addInitScript(init);
      await opened.page.goto(url, { waitUntil });
      return opened;
    },
    fileUrl: (path) => pathToFileURL(join(repoRoot, path)).href,
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** The built bundles the browser tests load; a clear message instead of a 404 when missing. */
export function requireDist(...files: string[]): void {
  const missing = files.filter((f) => !existsSync(join(repoRoot, 'dist', f)));
  if (missing.length) throw new Error(`dist/${missing.join(', dist/')} missing: run npm run build first`);
}
