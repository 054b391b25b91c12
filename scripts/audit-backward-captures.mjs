// `node scripts/audit-backward-captures.mjs`: lists every autograd backward closure in src/ (the
// BackwardFn given to record, recordInplace, fused, new Node) that reads an outer variable whose type
// mentions Tensor other than for its metadata (shape_, dtype, ndim, requires_grad, ...). Such a
// closure must take tensors through its saved list: a forward temporary it captures is freed by
// torch.tidy (or the step scope) before the backward runs ("Tensor is disposed", tests/tidy-backward).
// Captures reviewed as safe (helper functions, truthiness tests, metadata behind a cast) are listed
// in REVIEWED by file; anything else is printed and the exit status is 1. Uses the TypeScript
// compiler's type checker (about 4 s).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** file -> captured names checked by reading the code: helper functions of tensors, or tensors only tested for null / read for metadata */
const REVIEWED = {
  // functions passed in by the op's callers (view backwards, table rows' vjp, pieces' assembly)
  'src/ops/shape.ts': ['back', 'assemble'],
  'src/ops/reduce.ts': ['grad'],
  'src/ops/elementwise.ts': ['vjp', 'nLo', 'nHi', 'bound'],
  'src/ops/matmul.ts': ['product'],
  'src/nn/functional-layers.ts': ['slope', 'fixed', 'plan', 'weight', 'bias'],
  'src/nn/functional.ts': ['slope', 'inner', 'weight', 'bias'],
  'src/nn/module.ts': ['backward'],
  // only tested for null, or read for metadata (requires_grad, shape_ behind a cast)
  'src/ops/views.ts': ['target', 'values'],
  'src/ops/conv.ts': ['b'],
  'src/autograd-function.ts': ['ctx', 'cls', 'tensorInputs'],
  // resample: the axes give their dims and tap counts, the taps' tensors come from the saved list;
  // named(): autograd.grad from the composition's output, which reads only its grad_fn
  'src/nn/functional-conv.ts': ['axes', 'inner', 'wanted', 'aliases'],
};
let unreviewed = 0;
const cfg = ts.getParsedCommandLineOfConfigFile(root + '/tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(cfg.fileNames, cfg.options);
const checker = program.getTypeChecker();
const META = new Set(['shape_', 'shape', 'dtype', 'ndim', 'requires_grad', 'strides', 'offset', 'device', 'is_leaf', 'numel']);
const seen = new Map();
function mentionsTensor(t, depth = 0) {
  if (seen.has(t)) return seen.get(t);
  seen.set(t, false);
  let r = /\bTensor\b/.test(checker.typeToString(t));
  if (!r && t.isUnion?.()) r = t.types.some((u) => mentionsTensor(u, depth));
  const elem = !r && checker.getIndexTypeOfType(t, ts.IndexKind.Number);
  if (elem) r = mentionsTensor(elem, depth);
  if (!r && depth < 3 && !elem && !t.getCallSignatures().length) {
    for (const p of t.getProperties?.() ?? []) {
      const d = p.valueDeclaration;
      if (d && mentionsTensor(checker.getTypeOfSymbolAtLocation(p, d), depth + 1)) { r = true; break; }
    }
  }
  seen.set(t, r);
  return r;
}
/** The function a helper variable holds (`const margins = (t) => ...`), when declared as one. */
function helperBody(d) {
  if (ts.isVariableDeclaration(d) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
  return null;
}
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.startsWith(root + '/src/')) continue;
  const visit = (node) => {
    let fnArgs = null, label = '';
    if (ts.isCallExpression(node)) {
      const name = node.expression.getText(sf);
      if (['record', 'recordInplace', 'fused'].includes(name)) { fnArgs = node.arguments.filter((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || ts.isIdentifier(a)); label = name; }
    } else if (ts.isNewExpression(node) && ['Node', 'CopySlices'].includes(node.expression.getText(sf))) { fnArgs = (node.arguments ?? []).filter((a) => ts.isArrowFunction(a)); label = 'new Node'; }
    if (fnArgs) {
      // fused: the backward is the 5th argument (compute and save run in the forward)
      if (label === 'fused') fnArgs = [node.arguments[4]].filter(Boolean);
      for (let fn of fnArgs) {
        if (ts.isIdentifier(fn)) {
          const sym = checker.getSymbolAtLocation(fn);
          const d = sym?.valueDeclaration;
          if (d && ts.isVariableDeclaration(d) && d.initializer && (ts.isArrowFunction(d.initializer))) fn = d.initializer; else continue;
        }
        const found = new Map();
        const followed = new Set();
        // the closure's captures, and those of the local helper functions it calls (`via`)
        const scan = (f, via) => {
          const walk = (n) => {
            if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
              const sym = checker.getSymbolAtLocation(n);
              const d = sym?.valueDeclaration;
              if (d && d.getSourceFile() === sf && !(d.pos >= f.pos && d.end <= f.end) && !(d.pos >= fn.pos && d.end <= fn.end) && (ts.isVariableDeclaration(d) || ts.isParameter(d) || ts.isBindingElement(d))) {
                const helper = helperBody(d);
                if (helper) {
                  if (!followed.has(helper)) { followed.add(helper); scan(helper, via ? `${via} > ${n.text}` : n.text); }
                } else if (mentionsTensor(checker.getTypeOfSymbolAtLocation(sym, n))) {
                  const use = ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n ? n.parent.name.text : '(whole)';
                  const k = via ? `${n.text} via ${via}` : n.text;
                  if (!found.has(k)) found.set(k, new Set());
                  found.get(k).add(use);
                }
              }
            }
            ts.forEachChild(n, walk);
          };
          walk(f.body);
        };
        scan(fn, '');
        const file = sf.fileName.slice(root.length + 1);
        const bad = [...found].filter(([k, uses]) => [...uses].some((u) => !META.has(u)) && !(REVIEWED[file] ?? []).includes(k.split(' via ')[0]));
        if (bad.length) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
          console.log(`${file}:${line + 1} ${label}: ` + bad.map(([k, u]) => `${k} (${[...u].join(', ')})`).join('; '));
          unreviewed += bad.length;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
console.log(unreviewed ? `${unreviewed} captured tensor(s) to review` : 'no unreviewed captures');
process.exitCode = unreviewed ? 1 : 0;
