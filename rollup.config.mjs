// Bundles the facade for users (npm run build:bundle, after build:asc and build:ts):
//   dist/webtorch.mjs     ESM for browsers, bundlers and Node; fetches dist/webtorch.wasm next to
//                         itself (streaming compile; bundlers see the new URL(...) and copy it),
//                         with the same bytes inlined (gzip'd) as the fallback (Node, file://)
//   dist/webtorch.min.js  IIFE defining globalThis.torch, the wasm inlined (gzip'd): one file for
//                         a script tag
// The types are tsc's dist/index.d.ts (build:ts).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const root = dirname(fileURLToPath(import.meta.url));
const src = (p) => join(root, 'src', p);
/** The script-tag file's budget, wasm included (issue 7). */
const SCRIPT_TAG_BUDGET_GZIP = 150 * 1024;

const ts = () => typescript({
  tsconfig: join(root, 'tsconfig.json'),
  // declarations come from build:ts; here only JS and maps
  declaration: false,
  declarationMap: false,
  sourceMap: true,
  // the maps carry the sources: the package ships dist/ only
  inlineSources: true,
  outDir: 'dist',
  // build:ts is the type gate; here type errors are reported as warnings
  noEmitOnError: false,
});

/** The inlined core as bytes: the asset must be byte-identical to the fallback. */
function coreBytes() {
  const text = readFileSync(src('generated/core-wasm.ts'), 'utf8');
  const m = /coreWasmBase64 = '([A-Za-z0-9+/=]*)'/.exec(text);
  if (!m) throw new Error('src/generated/core-wasm.ts has no coreWasmBase64: run npm run build:asc');
  return Buffer.from(m[1], 'base64');
}

const LOADER_ID = '\0webtorch-core-loader';

/**
 * The loader the bundles put in place of the core's WebAssembly.instantiate call. The inlined
 * copy is gzip'd: base64 of raw wasm gzips badly, base64 of gzip'd wasm costs about what the wasm
 * itself does (DecompressionStream is in every engine that has wasm SIMD, Node >= 18 too).
 */
function loaderSource({ fetchSibling }) {
  return `
async function inflate(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // not gzip: plain wasm
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export async function instantiateCore(bytes, imports) {${fetchSibling ? `
  // Prefer the sibling webtorch.wasm, compiled while it streams in; the inlined copy serves file:
  // pages, Node (whose fetch has no file:) and hosts that did not copy the asset.
  const url = new URL('./webtorch.wasm', import.meta.url);
  if (url.protocol !== 'file:' && typeof fetch === 'function') {
    try {
      const res = await fetch(url);
      if (res.ok) {
        return await (typeof WebAssembly.instantiateStreaming === 'function' && /wasm/.test(res.headers.get('content-type') ?? '')
          ? WebAssembly.instantiateStreaming(res, imports)
          : WebAssembly.instantiate(await res.arrayBuffer(), imports));
      }
    } catch {
      // fall through to the inlined copy
    }
  }` : ''}
  return WebAssembly.instantiate(await inflate(bytes), imports);
}
`;
}

/**
 * Puts the core in a bundle: src/generated/core-wasm.ts is replaced by the gzip'd bytes, and the
 * one WebAssembly.instantiate call in src/backends/wasm.ts goes through the loader above. With
 * `asset`, also emits dist/webtorch.wasm for the loader to fetch. Fails the build if that call
 * moved, rather than silently shipping a bundle that cannot read its core.
 */
function core({ asset }) {
  const wasmTs = src('backends/wasm.ts');
  const generated = src('generated/core-wasm.ts');
  return {
    name: 'webtorch-core',
    resolveId: (id) => (id === LOADER_ID ? id : null),
    load(id) {
      if (id === LOADER_ID) return loaderSource({ fetchSibling: asset });
      if (resolve(id) === generated) {
        const packed = gzipSync(coreBytes(), { level: 9 }).toString('base64');
        return `// the core, gzip'd (rollup.config.mjs)\nexport const coreWasmBase64 = '${packed}';\n`;
      }
      return null;
    },
    buildStart() {
      if (asset) this.emitFile({ type: 'asset', fileName: 'webtorch.wasm', source: coreBytes() });
    },
    transform(code, id) {
      if (resolve(id) !== wasmTs) return null;
      const calls = code.split('WebAssembly.instantiate(').length - 1;
      if (calls !== 1) this.error(`expected one WebAssembly.instantiate( in src/backends/wasm.ts, found ${calls}: update rollup.config.mjs`);
      const out = `import { instantiateCore as __webtorchInstantiate } from ${JSON.stringify(LOADER_ID)};\n`
        + code.replace('WebAssembly.instantiate(', '__webtorchInstantiate(');
      return { code: out, map: null };
    },
  };
}

/**
 * Script tag only: an IIFE cannot hold a top-level await, so the `await ready()` statements at
 * the top level of src/index.ts are dropped; src/browser.ts starts ready() instead and ops before
 * it resolves throw "not ready" (src/backends/index.ts).
 */
function dropTopLevelAwait() {
  const target = src('index.ts');
  return {
    name: 'webtorch-drop-top-level-await',
    transform(code, id) {
      if (resolve(id) !== target) return null;
      const ast = this.parse(code);
      let out = code, removed = 0;
      for (const node of [...ast.body].reverse()) {
        if (node.type === 'ExpressionStatement' && node.expression.type === 'AwaitExpression') {
          out = out.slice(0, node.start) + out.slice(node.end);
          removed++;
        }
      }
      if (!removed) this.warn('src/index.ts has no top-level await to drop');
      return { code: out, map: null };
    },
  };
}

/** Leaves the inlined wasm's base64 out of the maps' sourcesContent: 250 KB nobody reads. */
function slimMaps() {
  return {
    name: 'webtorch-slim-maps',
    generateBundle(_options, bundle) {
      // rollup 4 puts each map in the bundle as a JSON asset beside its chunk
      for (const item of Object.values(bundle)) {
        if (item.type !== 'asset' || !item.fileName.endsWith('.map')) continue;
        const map = JSON.parse(String(item.source));
        map.sources.forEach((source, i) => {
          if (source.includes('generated/') && map.sourcesContent) map.sourcesContent[i] = null;
        });
        item.source = JSON.stringify(map);
      }
    },
  };
}

function fmt(n) {
  return `${(n / 1024).toFixed(1)} KiB`;
}

/** Prints each output's size (and gzip size) after writing; warns past the script-tag budget. */
function reportSizes() {
  return {
    name: 'webtorch-sizes',
    writeBundle(options, bundle) {
      for (const [name, item] of Object.entries(bundle)) {
        if (name.endsWith('.map')) continue;
        const bytes = Buffer.from(item.type === 'chunk' ? item.code : item.source);
        const gz = gzipSync(bytes, { level: 9 }).length;
        let line = `  ${(options.dir ?? dirname(options.file)).replace(root + sep, '')}/${name}: ${fmt(bytes.length)}, ${fmt(gz)} gzipped`;
        if (name.endsWith('.min.js')) {
          line += ` (budget ${fmt(SCRIPT_TAG_BUDGET_GZIP)} gzipped)`;
          if (gz > SCRIPT_TAG_BUDGET_GZIP) line += '  OVER BUDGET';
        }
        console.log(line);
      }
    },
  };
}

const onwarn = (warning, warn) => {
  // tensor.ts and the ops modules import each other by design (methods call ops, ops make
  // tensors); only module-level code runs at import, so the cycles are harmless
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    input: src('index.ts'),
    plugins: [core({ asset: true }), ts(), slimMaps(), reportSizes()],
    output: { file: join(root, 'dist', 'webtorch.mjs'), format: 'es', sourcemap: true },
    onwarn,
  },
  {
    input: src('browser.ts'),
    plugins: [core({ asset: false }), ts(), dropTopLevelAwait(), slimMaps(), reportSizes()],
    output: {
      file: join(root, 'dist', 'webtorch.min.js'),
      format: 'iife',
      name: 'torch',
      sourcemap: true,
      plugins: [terser({ format: { comments: false } })],
    },
    onwarn,
  },
];
