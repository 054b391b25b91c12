// A tiny static server for the example and benchmark pages (npm run bench:serve) and the browser
// tests. It sends COOP/COEP so pages are cross-origin isolated: SharedArrayBuffer (threaded
// kernels, TF.js's threaded wasm) only exists there.
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root DIR]
import { createReadStream, promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serves `root` on host:port (port 0 picks a free one). Resolves once listening with the base URL
 * (ending in '/') and a close() that also drops open keep-alive connections.
 */
export function startServer({ root = repoRoot, host = '127.0.0.1', port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const headers = { ...ISOLATION, 'Cache-Control': 'no-store' };
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      let file = resolve(join(base, decodeURIComponent(pathname)));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403, headers).end('forbidden');
        return;
      }
      let stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        // relative links on the page resolve against the folder only with the trailing slash
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { ...headers, Location: `${pathname}/` }).end();
          return;
        }
        file = join(file, 'index.html');
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat?.isFile()) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(500, headers).end(String(e));
    }
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const url = `http://${host}:${addr.port}/`;
      resolveListen({
        server,
        url,
        port: addr.port,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const host = arg('host') ?? '127.0.0.1';
  const root = arg('root') ?? repoRoot;
  const wanted = Number(arg('port') ?? process.env.PORT ?? 8080);
  let s;
  try {
    s = await startServer({ root, host, port: wanted });
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e;
    s = await startServer({ root, host, port: 0 });
    console.log(`port ${wanted} is busy; using ${s.port}`);
  }
  console.log(`Serving ${root} with COOP/COEP (cross-origin isolated) at ${s.url}`);
  console.log(`  benchmark page: ${s.url}bench/`);
  console.log(`  example page:   ${s.url}examples/`);
  console.log('Ctrl-C to stop.');
}
