// The published types (dist/index.d.ts, via package.json "exports") under tsc --strict:
// a sample user program compiles, and every name the ESM bundle exports at run time is declared.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const CHECK = '__exports_check__.ts';
let runtimeNames: string[] = [];
let diagnostics: string[] = [];

beforeAll(() => {
  for (const f of ['index.d.ts', 'webtorch.mjs']) {
    if (!existsSync(join(root, 'dist', f))) throw new Error(`dist/${f} missing: run npm run build first`);
  }
  // resolved by Node through the package's own "exports", as a user's `import 'webtorch'` is
  const out = execFileSync(process.execPath, ['--input-type=module', '-e',
    "const t = await import('webtorch'); console.log(JSON.stringify(Object.keys(t)));"], { cwd: root, encoding: 'utf8' });
  runtimeNames = JSON.parse(out.trim().split('\n').at(-1)!) as string[];
  // one program for both tests: the sample, and a file naming every run-time export
  const lines = runtimeNames.map((name) => `  torch[${JSON.stringify(name)}],`);
  diagnostics = compile({ [CHECK]: `import * as torch from 'webtorch';\nexport const all = [\n${lines.join('\n')}\n];\n` });
}, 60_000);

/** Compiles tests/types/tsconfig.json plus in-memory files; returns the diagnostics as text. */
function compile(extra: Record<string, string> = {}): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(here, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const host = ts.createCompilerHost(config.options);
  const virtual = new Map(Object.entries(extra).map(([name, text]) => [join(here, name), text]));
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = virtual.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...config.fileNames, ...virtual.keys()], options: config.options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(root + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

test('a sample program compiles under --strict against the published types, and misuse does not', () => {
  expect(diagnostics.filter((d) => !d.includes(CHECK))).toEqual([]);
});

test('each mistake marked @ts-expect-error in the sample is an error without the mark (at least 10 of them)', () => {
  const lines = readFileSync(join(here, 'sample.ts'), 'utf8').split('\n');
  // 1-based numbers of the lines after each mark
  const marked = lines.flatMap((l, i) => (l.includes('@ts-expect-error') ? [i + 2] : []));
  expect(marked.length).toBeGreaterThanOrEqual(12);
  const UNMARKED = 'sample-unmarked.ts';
  const unmarked = lines.map((l) => l.replace('@ts-expect-error', 'mistake')).join('\n');
  const errorLines = new Set(compile({ [UNMARKED]: unmarked }).filter((d) => d.includes(UNMARKED)).map((d) => Number(/:(\d+): /.exec(d)?.[1])));
  expect(marked.filter((n) => !errorLines.has(n))).toEqual([]);
  // and nothing else in the sample is an error
  expect([...errorLines].filter((n) => !marked.includes(n))).toEqual([]);
});

test('every run-time export of the bundle is declared in dist/index.d.ts', () => {
  expect(runtimeNames.length).toBeGreaterThan(50);
  const undeclared = diagnostics.filter((d) => d.includes(CHECK)).map((e) => /Property '(\w+)' does not exist/.exec(e)?.[1] ?? e);
  expect(undeclared).toEqual([]);
});
