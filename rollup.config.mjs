// Bundles the facade for users (npm run build:bundle, after build:asc and build:ts):
//   dist/webtorch.mjs     ESM for browsers, bundlers and Node; loads the best core build it may
//                         (src/backends/wasm.ts) from the dist/webtorch*.wasm files next to itself
//                         (bundlers see the new URL(...) and copy them); no inlined copy of the core
//   dist/webtorch-inline.mjs  the same ESM with the plain build inlined (gzip'd) as the fallback
//                         where the .wasm files cannot be served beside it (`import 'webtorch/inline'`:
//                         bundlers that do not copy new URL(...) assets, such as esbuild)
//   dist/webtorch.min.js  IIFE defining globalThis.torch, the plain build inlined (gzip'd): one
//                         file for a script tag, so one thread and SIMD128
//   dist/index.d.ts       the types in one file: tsc's declarations (build:ts writes them to
//                         build/types, @internal members stripped) bundled by rollup-plugin-dts
//   dist/webtorch.min.d.ts  the script tag's global `torch`
import { readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
// bundles the runtime dependency (fflate, for torch.save/torch.load's zip) into both outputs
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';

const root = dirname(fileURLToPath(import.meta.url));
const src = (p) => join(root, 'src', p);
/** The script-tag file's budget, wasm included: issue 7's 150 KiB, raised for nn, optim, data, conv and checkpoints. */
const SCRIPT_TAG_BUDGET_GZIP = 256 * 1024;

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

/** The core's builds (scripts/build-core.mjs) as shipped next to the ESM bundle. */
const VARIANTS = ['', 'relaxed', 'mt', 'mt-relaxed'];
const distFile = (v) => (v ? `webtorch-${v}.wasm` : 'webtorch.wasm');

/**
 * Puts the core in a bundle: src/generated/core-wasm.ts becomes the plain build gzip'd (base64 of
 * raw wasm gzips badly; DecompressionStream is in every engine with wasm SIMD, Node >= 18 too),
 * or nothing when `inline` is false (the files are then the only source),
 * and src/backends/core-files.ts, which says where the builds are, points at the sibling
 * dist/webtorch*.wasm files (`asset`, which also emits them) or at none. Fails the build if
 * core-files.ts is not in the bundle, rather than silently shipping one that looks in build/.
 */
function core({ asset, inline }) {
  const generated = src('generated/core-wasm.ts');
  const files = src('backends/core-files.ts');
  // a virtual id: plain JS that the typescript plugin leaves alone
  const FILES_ID = '\0webtorch-core-files';
  let replaced = false;
  return {
    name: 'webtorch-core',
    resolveId(source, importer) {
      if (!importer || resolve(dirname(importer), source.replace(/\.js$/, '.ts')) !== files) return null;
      replaced = true;
      return FILES_ID;
    },
    load(id) {
      if (resolve(id) === generated) {
        if (!inline) return "// no inlined core: it is loaded from the .wasm files (rollup.config.mjs)\nexport const coreWasmBase64 = '';\n";
        const packed = gzipSync(coreBytes(), { level: 9 }).toString('base64');
        return `// the core, gzip'd (rollup.config.mjs)\nexport const coreWasmBase64 = '${packed}';\n`;
      }
      if (id !== FILES_ID) return null;
      if (!asset) return 'export const coreUrl = () => null;\n';
      // one literal new URL(...) per file: bundlers copy what they see referenced that way
      const urls = VARIANTS.map((v) => `  ${JSON.stringify(v)}: new URL('./${distFile(v)}', import.meta.url),\n`).join('');
      return `const urls = {\n${urls}};\nexport const coreUrl = (v) => urls[v];\n`;
    },
    buildStart() {
      replaced = false;
      if (!asset) return;
      for (const v of VARIANTS) {
        // the plain asset is byte-identical to the inlined fallback
        const source = v ? readFileSync(join(root, 'build', `core-${v}.wasm`)) : coreBytes();
        this.emitFile({ type: 'asset', fileName: distFile(v), source });
      }
    },
    buildEnd(error) {
      if (!error && !replaced) this.error('src/backends/core-files.ts is not in the bundle: update rollup.config.mjs');
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

/** The script tag's global, typed from the bundled declarations beside it. */
function globalTypes() {
  return {
    name: 'webtorch-global-types',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'webtorch.min.d.ts',
        source: '// The script-tag build (dist/webtorch.min.js) defines globalThis.torch. In a TypeScript script:\n' +
          '// /// <reference types="webtorch/webtorch.min.js" />, or "types": ["webtorch/webtorch.min.js"] in tsconfig.json.\n' +
          "declare var torch: typeof import('./index.js');\n",
      });
    },
  };
}

/**
 * rollup-plugin-dts lists a name that is both a value and a type (`export const Linear =
 * callableClass(LinearImpl); export type Linear = LinearImpl`) under a namespace's `export type
 * {...}`, which hides the value (`torch.nn.Linear(3, 1)` would not type-check). In a declaration
 * file `export {...}` carries types and values alike, so the namespaces export plainly.
 */
function namespaceValues() {
  return {
    name: 'webtorch-namespace-values',
    renderChunk(code) {
      // its namespace aliases of such names are type aliases only: add the value's
      const values = new Set([...code.matchAll(/^declare const (\w+)[:<]/gm)].map((m) => m[1]));
      const withValues = code.replace(/^type ([\w$]+)(?:<[^>]*>)? = (\w+)(?:<[^;]*>)?;$/gm, (line, alias, target) =>
        values.has(target) ? `${line}\ndeclare const ${alias}: typeof ${target};` : line);
      return withValues.replace(/^(\s+)export type \{/gm, '$1export {');
    },
  };
}

const configs = [
  {
    input: src('index.ts'),
    plugins: [core({ asset: true, inline: false }), nodeResolve({ browser: true }), ts(), slimMaps(), reportSizes()],
    output: { file: join(root, 'dist', 'webtorch.mjs'), format: 'es', sourcemap: true },
    onwarn,
  },
  {
    input: src('index.ts'),
    // still tries the files beside it first (threads, relaxed SIMD), then the inlined plain build
    plugins: [core({ asset: true, inline: true }), nodeResolve({ browser: true }), ts(), slimMaps(), reportSizes()],
    output: { file: join(root, 'dist', 'webtorch-inline.mjs'), format: 'es', sourcemap: true },
    onwarn,
  },
  {
    input: src('browser.ts'),
    plugins: [core({ asset: false, inline: true }), nodeResolve({ browser: true }), ts(), slimMaps(), reportSizes()],
    output: {
      file: join(root, 'dist', 'webtorch.min.js'),
      format: 'iife',
      name: 'torch',
      sourcemap: true,
      plugins: [terser({ format: { comments: false }, keep_classnames: true })],
    },
    onwarn,
  },
  {
    input: join(root, 'build', 'types', 'index.d.ts'),
    plugins: [dts({ respectExternal: false }), namespaceValues(), globalTypes(), reportSizes()],
    output: { file: join(root, 'dist', 'index.d.ts'), format: 'es' },
  },
];

// `rollup -c --environment ONLY:index.d.ts` builds only the outputs whose file name contains that
export default process.env.ONLY ? configs.filter((c) => c.output.file.includes(process.env.ONLY)) : configs;
