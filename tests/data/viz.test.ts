// torch.viz.make_dot against PyTorch 1.13's autograd graphs drawn as torchviz draws them
// (tests/fixtures/viz.json from scripts/fixtures/gen_viz.py), and torch.utils.tqdm.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/viz.json', import.meta.url), 'utf8')) as { cases: Record<string, string[]> };
const F = torch.nn.functional;

/** The body lines with node ids renumbered by first appearance, as the fixture numbers Python's id()s. */
function body(src: string): string[] {
  const ids = new Map<string, string>();
  const lines = src.split(/\n(?=\t)/).slice(3).map((l) => l.replace(/\n}\n$/, ''));
  return lines.map((l) => l.replace(/^\t(\d+)( -> (\d+))?/, (_m, a: string, arrow: string | undefined, b: string | undefined) => {
    const n = (x: string) => { if (!ids.has(x)) ids.set(x, String(ids.size + 1)); return ids.get(x) as string; };
    return `\t${n(a)}${arrow ? ` -> ${n(b as string)}` : ''}`;
  }));
}

describeBackends('make_dot draws the graph torchviz draws', () => {
  const setup = () => {
    torch.manual_seed(0);
    const w1 = torch.randn(3, 4, { requires_grad: true });
    const b1 = torch.randn(3, { requires_grad: true });
    const w2 = torch.randn(2, 3, { requires_grad: true });
    const x = torch.randn(5, 4);
    return { w1, b1, w2, x, params: { 'fc1.weight': w1, 'fc1.bias': b1, 'fc2.weight': w2 } };
  };
  test('an MLP loss, with and without parameter names', () => {
    const { w1, b1, w2, x, params } = setup();
    const loss = F.linear(F.linear(x, w1, b1).relu(), w2).pow(2).mean();
    const dot = torch.viz.make_dot(loss, { params });
    expect(body(String(dot))).toEqual(fx.cases.mlp_loss);
    expect(body(torch.viz.make_dot(loss).source)).toEqual(fx.cases.mlp_no_params);
    expect(dot.source.startsWith('digraph {\n\tgraph [size="12,12"]\n\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n')).toBe(true);
    // params as a Map or as named_parameters-style pairs
    expect(torch.viz.make_dot(loss, { params: new Map(Object.entries(params)) }).source).toBe(dot.source);
    expect(torch.viz.make_dot(loss, { params: Object.entries(params) }).source).toBe(dot.source);
  });
  test('a view output gets its base', () => {
    const { w1, b1, x, params } = setup();
    const y = x.matmul(w1.t()).add(b1).sigmoid();
    expect(body(torch.viz.make_dot(y.view(-1), { params }).source)).toEqual(fx.cases.view_output);
  });
  test('several outputs', () => {
    const { w1, b1, params } = setup();
    const a = w1.mul(2);
    expect(body(torch.viz.make_dot([a.sum(), a.mul(b1.unsqueeze(1)).exp().sum()], { params }).source)).toEqual(fx.cases.two_outputs);
  });
});

test('make_dot: saved tensors, bad options, graph size grows with the graph', () => {
  const w = torch.randn(3, { requires_grad: true });
  const y = w.exp().mul(w).sum();
  const src = torch.viz.make_dot(y, { show_saved: true }).source;
  expect(src).toContain('fillcolor=orange');
  expect(src).toContain('saved[0]');
  expect(() => torch.viz.make_dot(y, { parms: {} } as never)).toThrow("make_dot() got an unexpected keyword argument 'parms'");
  let z: Tensor = w;
  for (let i = 0; i < 40; i++) z = z.mul(1.5);
  expect(torch.viz.make_dot(z).source).toMatch(/graph \[size="\d+\.\d+,\d+\.\d+"\]/);
});

test('Digraph.svg() renders through @viz-js/viz, loaded on demand', async () => {
  const w = torch.randn(2, { requires_grad: true });
  const svg = await torch.viz.make_dot(w.sum(), { params: { w } }).svg();
  expect(svg).toContain('<svg');
  expect(svg).toContain('SumBackward0');
});

test('tqdm: count, percentage, rate and time left on one line, redrawn in place', () => {
  let t = 0;
  const writes: string[] = [];
  const items: number[] = [];
  for (const i of torch.utils.tqdm([1, 2, 3, 4], { desc: 'epoch 1', file: { write: (s: string) => writes.push(s) }, mininterval: 0, _clock: () => t })) {
    items.push(i);
    t += 0.5;
  }
  expect(items).toEqual([1, 2, 3, 4]);
  expect(writes[0]).toBe('\repoch 1:   0%|                    | 0/4 [00:00<?, ?it/s]\x1b[K');
  expect(writes).toContain('\repoch 1:  50%|██████████          | 2/4 [00:01<00:01, 2.00it/s]\x1b[K');
  expect(writes[writes.length - 2]).toBe('\repoch 1: 100%|████████████████████| 4/4 [00:02<00:00, 2.00it/s]\x1b[K');
  expect(writes[writes.length - 1]).toBe('\n');
  // unknown length, an element instead of a stream, postfix
  const el = { textContent: '' as string | null };
  t = 0;
  const bar = torch.utils.tqdm((function* () { yield 1; yield 2; yield 3; })(), { element: el, mininterval: 0, _clock: () => t });
  for (const _ of bar) { t += 2; bar.set_postfix({ loss: 0.123456 }); }
  expect(el.textContent).toBe('3it [00:06, 2.00s/it, loss=0.123]');
  expect(() => torch.utils.tqdm([], { totl: 3 } as never)).toThrow("tqdm.__init__() got an unexpected keyword argument 'totl'");
});

test('tqdm over a DataLoader (length from the loader), async too', async () => {
  const ds = torch.utils.data.TensorDataset(torch.arange(10).float());
  const lines: string[] = [];
  const file = { write: (s: string) => lines.push(s) };
  let n = 0;
  for await (const _ of torch.utils.tqdm(torch.utils.data.DataLoader(ds, { batch_size: 4 }), { file, mininterval: 0 })) n++;
  expect(n).toBe(3);
  expect(lines[lines.length - 2]).toMatch(/^\r100%\|█{20}\| 3\/3 \[/);
});
