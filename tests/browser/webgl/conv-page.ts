// The in-page half of tests/browser/webgl-conv.test.ts (driven through window.webglTest): the conv
// fixtures (tests/fixtures/conv.json, from real PyTorch) on device 'webgl', a randomized differential
// test of the webgl convolution and pooling kernels against the cpu, and a timing of a LeNet-sized
// forward and backward with the GPU kernels and with the cpu round trip they replace. Every run
// counts the webgl backend's texture readbacks, which a GPU-resident op never makes.
import * as torch from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { backendFor } from '../../../src/backends/index.js';
import type { WebGLBackend } from '../../../src/backends/webgl.js';

const F = torch.nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>;
const backend = (): WebGLBackend => backendFor('webgl') as WebGLBackend;

interface Enc { dtype: string; shape: number[]; data: number[] }
export interface FixtureCase {
  name: string; fn: string; xform: string | null; args: (Enc | null | number | number[])[]; kwargs: Record<string, unknown>;
  grad: number[]; outs: Enc[]; cot: Enc; grad_fn: string | null; grads: Enc[];
}
export interface FixtureResult { name: string; fn: string; ok: boolean; message?: string; readbacks: number }

const isEnc = (a: unknown): a is Enc => a !== null && typeof a === 'object' && 'shape' in (a as object);

function decode(e: Enc, device: string): Tensor {
  const dtype = e.dtype === 'int64' ? torch.int64 : torch.float32;
  return torch.tensor(e.data, { dtype }).reshape(e.shape).to(device);
}

function message(e: unknown): string {
  return String(e instanceof Error ? e.message : e).slice(0, 600);
}

/** Worst |got - want| / (1 + |want|); indices and shapes must match exactly. */
function compare(t: Tensor, want: { shape: number[]; data: number[]; exact: boolean }, tol: number, what: string): string | null {
  if (JSON.stringify([...t.shape]) !== JSON.stringify(want.shape)) return `${what}: shape [${t.shape}] vs [${want.shape}]`;
  const got = t.reshape(-1).tolist() as number[];
  let worst = 0, at = -1;
  for (let i = 0; i < got.length; i++) {
    const a = got[i], b = want.data[i];
    const d = a === b ? 0 : Number.isNaN(b) ? (Number.isNaN(a) ? 0 : Infinity) : want.exact ? (a === b ? 0 : Infinity) : Math.abs(a - b) / (1 + Math.abs(b));
    if (!(d <= worst)) { worst = d; at = i; }
  }
  return worst <= tol ? null : `${what}[${at}]: ${got[at]} vs ${want.data[at]} (worst relative difference ${worst})`;
}

/** One fixture case on 'webgl' in float32: outputs, grad_fn, gradients of every tensor argument. */
function runFixture(c: FixtureCase, tol: number): FixtureResult {
  const b = backend();
  let readbacks = 0;
  try {
    const problems = torch.tidy(() => {
      const args = c.args.map((a, i) => {
        if (!isEnc(a)) return a;
        const t = decode(a, 'webgl');
        return c.grad.includes(i) ? t.requires_grad_() : t;
      });
      const cot = decode(c.cot, 'webgl');
      const call = args.slice();
      if (c.xform === 't') call[0] = (call[0] as Tensor).transpose(-1, -2);
      const start = b.readbacks;
      const out = F[c.fn](...call, c.kwargs);
      const outs = Array.isArray(out) ? out : [out];
      const gradFn = outs[0].grad_fn?.name() ?? null;
      outs[0].mul(cot).sum().backward();
      readbacks = b.readbacks - start;
      const found: (string | null)[] = [];
      outs.forEach((o, i) => {
        if (o.device !== 'webgl') found.push(`output ${i} is on ${o.device}`);
        found.push(compare(o, { ...c.outs[i], exact: c.outs[i].dtype === 'int64' }, tol, `output ${i}`));
      });
      if (gradFn !== c.grad_fn) found.push(`grad_fn ${gradFn} vs ${c.grad_fn}`);
      c.grad.forEach((pos, i) => {
        const g = (args[pos] as Tensor).grad;
        found.push(g ? compare(g, { ...c.grads[i], exact: false }, tol, `grad of argument ${pos}`) : `no grad for argument ${pos}`);
      });
      return found.filter((m): m is string => m !== null);
    });
    return { name: c.name, fn: c.fn, ok: problems.length === 0, message: problems.join('; ') || undefined, readbacks };
  } catch (e) {
    return { name: c.name, fn: c.fn, ok: false, message: message(e), readbacks };
  }
}

// ---- randomized differential test -----------------------------------------------------------

/** mulberry32: the configurations' draws (tensor values come from torch.manual_seed). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Leaf { cpu: Tensor; gpu: Tensor; view: (t: Tensor) => Tensor }

/**
 * A random float32 leaf of `shape` on both devices; `strided` makes the operand a non-contiguous
 * view (dims 1 and -1 transposed in storage, or every other element of a wider last dim).
 */
function leaf(shape: number[], strided: number): Leaf {
  if (strided === 1 && shape.length > 2) {
    const base = [...shape];
    [base[1], base[base.length - 1]] = [base[base.length - 1], base[1]];
    const cpu = torch.randn(base).requires_grad_(true);
    return { cpu, gpu: cpu.detach().to('webgl').requires_grad_(true), view: (t) => t.transpose(1, -1) };
  }
  if (strided === 2) {
    const base = [...shape.slice(0, -1), 2 * shape[shape.length - 1]];
    const cpu = torch.randn(base).requires_grad_(true);
    const idx = shape.length - 1;
    return { cpu, gpu: cpu.detach().to('webgl').requires_grad_(true), view: (t) => t.unflatten(idx, [shape[idx], 2]).select(-1, 1) };
  }
  const cpu = torch.randn(shape).requires_grad_(true);
  return { cpu, gpu: cpu.detach().to('webgl').requires_grad_(true), view: (t) => t };
}

export interface DiffResult { cases: number; skipped: number; failures: string[]; readbacks: number; worst: number; kinds: Record<string, number> }

/** Runs `op` on both devices and compares outputs (indices exactly) and gradients. */
function differ(name: string, leaves: Leaf[], op: (xs: Tensor[]) => Tensor | Tensor[], res: DiffResult, tol: number): void {
  const b = backend();
  torch.tidy(() => {
    let cpuOut: Tensor[];
    try {
      const r = op(leaves.map((l) => l.view(l.cpu)));
      cpuOut = Array.isArray(r) ? r : [r];
    } catch {
      res.skipped++;
      return;
    }
    res.cases++;
    const cot = torch.randn([...cpuOut[0].shape]);
    cpuOut[0].mul(cot).sum().backward();
    const cotG = cot.to('webgl');
    const start = b.readbacks;
    let gpuOut: Tensor[];
    try {
      const r = op(leaves.map((l) => l.view(l.gpu)));
      gpuOut = Array.isArray(r) ? r : [r];
      gpuOut[0].mul(cotG).sum().backward();
    } catch (e) {
      res.failures.push(`${name}: ${message(e)}`);
      return;
    }
    res.readbacks += b.readbacks - start;
    const checks: [Tensor, Tensor, string][] = cpuOut.map((t, i) => [gpuOut[i], t, `output ${i}`]);
    leaves.forEach((l, i) => { if (l.cpu.grad) checks.push([l.gpu.grad as Tensor, l.cpu.grad, `grad ${i}`]); });
    for (const [g, c, what] of checks) {
      if (!g) { res.failures.push(`${name}: no ${what}`); continue; }
      const exact = c.dtype === torch.int64;
      const m = compare(g, { shape: [...c.shape], data: c.reshape(-1).tolist() as number[], exact }, tol, what);
      if (m) res.failures.push(`${name}: ${m}`);
      else if (!exact) {
        const a = g.reshape(-1).tolist() as number[], w = c.reshape(-1).tolist() as number[];
        for (let i = 0; i < a.length; i++) if (a[i] !== w[i]) res.worst = Math.max(res.worst, Math.abs(a[i] - w[i]) / (1 + Math.abs(w[i])));
      }
    }
    res.kinds[name.split(' ')[0]] = (res.kinds[name.split(' ')[0]] ?? 0) + 1;
  });
}

/** `count` random convolutions (1-3-d, transposed or not) and `count` random poolings. */
function differential(seed: number, count: number, tol: number): DiffResult {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const res: DiffResult = { cases: 0, skipped: 0, failures: [], readbacks: 0, worst: 0, kinds: {} };
  torch.manual_seed(seed);
  // LeNet-sized layers first: big enough for the GEMM's padded fast path (webgl.ts's matmul)
  for (const [xs, ws, pad] of [[[8, 1, 28, 28], [6, 1, 5, 5], 2], [[8, 6, 14, 14], [16, 6, 5, 5], 0]] as [number[], number[], number][]) {
    differ(`conv2d x[${xs}] w[${ws}] padding ${pad} bias`, [leaf(xs, 0), leaf(ws, 0), leaf([ws[0]], 0)],
      ([xx, ww, bb]) => F.conv2d(xx, ww, bb, { padding: pad }) as Tensor, res, tol);
  }
  differ('max_pool2d x[8,6,28,28] k2', [leaf([8, 6, 28, 28], 0)], ([xx]) => F.max_pool2d(xx, 2) as Tensor, res, tol);
  for (let n = 0; n < count; n++) {
    const nd = int(1, 3);
    const G = [1, 1, 2, 3][int(0, 3)];
    const cin = G * int(1, 3), cout = G * int(1, 3), N = int(1, 2);
    const transposed = r() < 0.35;
    const k: number[] = [], s: number[] = [], p: number[] = [], d: number[] = [], op: number[] = [], size: number[] = [];
    for (let i = 0; i < nd; i++) {
      k.push(int(1, nd === 3 ? 2 : 4)); s.push(int(1, 3)); d.push(int(1, 2)); p.push(int(0, 2));
      if (transposed) {
        op.push(int(0, s[i] - 1)); // op >= stride (allowed below the dilation) breaks the cpu path: see the report
        size.push(int(1, 5));
        if ((size[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1 < 1) p[i] = 0;
      } else {
        op.push(0);
        size.push(Math.max(1, d[i] * (k[i] - 1) + 1 - 2 * p[i]) + int(0, nd === 3 ? 2 : 5));
      }
    }
    const x = leaf([N, cin, ...size], int(0, 2));
    const w = leaf(transposed ? [cin, cout / G, ...k] : [cout, cin / G, ...k], r() < 0.25 ? 1 : 0);
    const bias = r() < 0.5 ? leaf([cout], 0) : null;
    const fn = `conv${transposed ? '_transpose' : ''}${nd}d`;
    const opts = transposed ? { stride: s, padding: p, dilation: d, groups: G, output_padding: op } : { stride: s, padding: p, dilation: d, groups: G };
    differ(`${fn} x[${N},${cin},${size}] k[${k}] ${JSON.stringify(opts)}${bias ? ' bias' : ''}`, bias ? [x, w, bias] : [x, w],
      ([xx, ww, bb]) => F[fn](xx, ww, bb ?? null, opts) as Tensor, res, tol);
  }
  for (let n = 0; n < count; n++) {
    const nd = int(1, 2);
    const kind = ['max', 'max', 'avg', 'avg', 'adaptive_avg', 'adaptive_max'][int(0, 5)];
    const planes = [int(1, 2), int(1, 3)];
    if (kind.startsWith('adaptive')) {
      const size = Array.from({ length: nd }, () => int(1, 9)), out = size.map(() => int(1, 5));
      const fn = `${kind}_pool${nd}d`;
      const x = leaf([...planes, ...size], int(0, 2));
      const opts = kind === 'adaptive_max' ? { return_indices: r() < 0.5 } : {};
      differ(`${fn} x[${planes},${size}] out[${out}] ${JSON.stringify(opts)}`, [x], ([xx]) => F[fn](xx, nd === 1 ? out[0] : out, opts), res, tol);
      continue;
    }
    const k = Array.from({ length: nd }, () => int(1, 4));
    const s = k.map(() => int(1, 3)), p = k.map((kk) => int(0, Math.floor(kk / 2)));
    const d = kind === 'max' ? k.map(() => int(1, 2)) : k.map(() => 1);
    const size = k.map((kk, i) => Math.max(1, d[i] * (kk - 1) + 1 - 2 * p[i]) + int(0, 6));
    const x = leaf([...planes, ...size], int(0, 2));
    const ceil = r() < 0.5;
    const opts: Record<string, unknown> = kind === 'max'
      ? { stride: s, padding: p, dilation: d, ceil_mode: ceil, return_indices: r() < 0.5 }
      : { stride: s, padding: p, ceil_mode: ceil, count_include_pad: r() < 0.5, ...(nd === 2 && r() < 0.3 ? { divisor_override: int(1, 7) } : {}) };
    const fn = `${kind}_pool${nd}d`;
    differ(`${fn} x[${planes},${size}] k[${k}] ${JSON.stringify(opts)}`, [x], ([xx]) => F[fn](xx, k, opts), res, tol);
  }
  return res;
}

// ---- timing ---------------------------------------------------------------------------------

const KERNELS = ['im2col', 'col2im', 'pool2d', 'pool2dBackward'];

/**
 * Milliseconds per LeNet-sized step (conv 1->6 5x5 pad 2, relu, max-pool 2, conv 6->16 5x5, relu,
 * max-pool 2, then the gradients of both weights) on 'webgl' with im2col + GEMM (its choice at this
 * size), with the direct convolution shader, with the kernels hidden (the cpu round trip conv.ts falls back to), and on
 * the cpu.
 */
function bench(batch: number, steps: number): Record<string, number> {
  torch.manual_seed(0);
  const x0 = torch.randn(batch, 1, 28, 28), w10 = torch.randn(6, 1, 5, 5), w20 = torch.randn(16, 6, 5, 5);
  const time = (device: string): number => {
    const x = x0.to(device), w1 = w10.to(device).requires_grad_(true), w2 = w20.to(device).requires_grad_(true);
    const step = (): void => torch.tidy(() => {
      const h = F.max_pool2d(F.relu(F.conv2d(x, w1, null, { padding: 2 }) as Tensor), 2) as Tensor;
      const y = F.max_pool2d(F.relu(F.conv2d(h, w2) as Tensor), 2) as Tensor;
      const loss = y.pow(2).mean();
      const gs = torch.autograd.grad([loss], [w1, w2]);
      void gs;
      loss.item();
    });
    step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    return (performance.now() - t0) / steps;
  };
  const b = backend() as unknown as Record<string, unknown>;
  /** times with the webgl backend's `hidden` kernels shadowed by undefined (conv.ts then takes its next path) */
  const without = (hidden: readonly string[]): number => {
    for (const k of hidden) b[k] = undefined;
    try {
      return time('webgl');
    } finally {
      for (const k of hidden) delete b[k];
    }
  };
  return {
    'webgl, im2col + GEMM': time('webgl'),
    'webgl, direct convolution': withDirect(true, () => time('webgl')),
    'webgl, cpu round trip': without(['conv', ...KERNELS]),
    cpu: time('cpu'),
  };
}

/** Runs `fn` with every convolution on the webgl backend's direct shader (or, false, with its default choice). */
function withDirect<T>(direct: boolean, fn: () => T): T {
  const b = backend();
  const before = b.directConvMinCols;
  if (direct) b.directConvMinCols = 0;
  try {
    return fn();
  } finally {
    b.directConvMinCols = before;
  }
}

const api = {
  info(): { available: boolean; renderer: string; backend: string } {
    const ok = torch.webgl.is_available();
    return { available: ok, renderer: ok ? torch.webgl.get_device_name() : '', backend: torch.get_backend() };
  },
  /** Each case twice: convolutions as im2col/col2im + GEMM, then on the direct shader. */
  fixtures(cases: FixtureCase[], tol: number): FixtureResult[] {
    return cases.map((c) => {
      const [a, b] = [false, true].map((direct) => withDirect(direct, () => runFixture(c, tol)));
      const message = [a.message && `im2col + GEMM: ${a.message}`, b.message && `direct: ${b.message}`].filter(Boolean).join('; ');
      return { name: c.name, fn: c.fn, ok: a.ok && b.ok, message: message || undefined, readbacks: a.readbacks + b.readbacks };
    });
  },
  /** The differential test; `directRuns` counts the convolutions the direct shader ran. */
  differential(seed: number, count: number, tol: number, direct: boolean): DiffResult & { directRuns: number } {
    const b = backend();
    let directRuns = 0;
    const conv = b.conv;
    b.conv = (...args: Parameters<WebGLBackend['conv']>): boolean => {
      const ran = conv.apply(b, args);
      if (ran) directRuns++;
      return ran;
    };
    try {
      return { ...withDirect(direct, () => differential(seed, count, tol)), directRuns };
    } finally {
      delete (b as { conv?: unknown }).conv;
    }
  },
  bench,
};

(window as unknown as { webglTest: typeof api }).webglTest = api;
