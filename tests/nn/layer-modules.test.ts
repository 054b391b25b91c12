// torch.nn's layer, normalisation, loss, attention and transformer modules against PyTorch 1.13
// (tests/fixtures/layers.json): the initial weights drawn under manual_seed(0), reprs, state_dict
// keys and order, training outputs (dropout draws under manual_seed(1)), input and parameter
// gradients, running statistics after the steps, and eval outputs.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends, gradcheck, leaf } from '../gradcheck.js';
import { FIX, dec, near, type Enc } from './fixture.js';

const nn = torch.nn as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Spec { cls: string; args: unknown[]; kwargs: Record<string, unknown>; layer?: Spec; norm?: Spec | null }

const val = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'data' in (v as object) ? dec(v as Enc) : v);

/** The module a fixture spec describes, built as the generator built it. */
function build(spec: Spec): torch.nn.Module {
  const args = spec.args.map(val);
  const kwargs = Object.fromEntries(Object.entries(spec.kwargs).map(([k, v]) => [k, val(v)]));
  if (spec.cls === 'TransformerEncoder' || spec.cls === 'TransformerDecoder') {
    const layer = build(spec.layer as Spec);
    const norm = spec.norm ? build(spec.norm) : null;
    return nn[spec.cls](layer, ...args, { norm, ...kwargs });
  }
  if (spec.cls === 'Embedding.from_pretrained') return nn.Embedding.from_pretrained(...args, kwargs);
  return nn[spec.cls](...args, kwargs);
}

describeBackends('nn layers', () => {
  // also with the training forward inside torch.tidy on views of the inputs made there (freed with
  // the scope): the backward outside it must read only what the graph saved
  for (const c of FIX.modules) for (const tidy of [false, true]) {
    test(tidy ? `${c.name} (forward inside torch.tidy)` : c.name, () => {
      torch.manual_seed(0);
      const m = build(c.spec);
      expect(String(m)).toBe(c.repr);
      const sd = m.state_dict();
      expect(Object.keys(sd)).toEqual(c.state_dict.map((e: [string, Enc]) => e[0]));
      for (const [k, e] of c.state_dict as [string, Enc][]) near(sd[k], e, 1e-6);
      expect([...m.named_parameters()].map(([k]) => k)).toEqual(c.named_parameters);

      const ins = (c.inputs as Enc[]).map((e, i) => dec(e, c.grad_inputs.includes(i)));
      const kwargs = Object.fromEntries(Object.entries(c.forward_kwargs).map(([k, v]) => [k, val(v)]));
      const call = (xs: Tensor[]) => (Object.keys(kwargs).length ? m(...xs, kwargs) : m(...xs)) as Tensor | [Tensor, Tensor | null];
      const cot = dec(c.cot);
      const train = () => {
        const xs = tidy ? ins.map((x) => x.expand_as(x)) : ins;
        torch.manual_seed(1);
        let out = call(xs);
        for (let s = 1; s < c.steps; s++) out = call(xs);
        const first = Array.isArray(out) ? out[0] : out;
        near(first, c.train_out, 3e-5);
        if (Array.isArray(out)) near(out[1], c.train_extra, 3e-5);
        return first.mul(cot).sum();
      };
      (tidy ? torch.tidy(train) : train()).backward();
      (c.grad_inputs as number[]).forEach((i, k) => near(ins[i].grad, c.input_grads[k], 1e-4));
      const params = new Map([...m.named_parameters()]);
      for (const [k, e] of c.param_grads as [string, Enc | null][]) near((params.get(k) as Tensor).grad, e, 1e-4);
      const after = m.state_dict();
      for (const [k, e] of c.after_train as [string, Enc][]) near(after[k], e, 2e-5);

      m.eval();
      const ev = call((c.inputs as Enc[]).map((e) => dec(e)));
      near(Array.isArray(ev) ? ev[0] : ev, c.eval_out, 3e-5);
    });
  }

  test('gradcheck in float64 through TransformerEncoderLayer and BatchNorm2d after .double()', () => {
    torch.manual_seed(3);
    const layer = nn.TransformerEncoderLayer(4, 2, 6, 0.0, 'gelu').double();
    const src = leaf(Array.from({ length: 12 }, (_, i) => Math.cos(i * 0.9)), [3, 1, 4], true);
    gradcheck((x) => layer(x), [src]);
    const bn = nn.BatchNorm2d(2).double();
    gradcheck((x) => bn(x), [leaf(Array.from({ length: 16 }, (_, i) => Math.sin(i * 1.3)), [2, 2, 2, 2], true)]);
    expect(bn.running_mean.dtype).toBe(torch.float64);
  });

  describe('arguments and errors as PyTorch', () => {
    test('keyword arguments, unknown keys, with and without new', () => {
      expect(String(new nn.BatchNorm1d(3, { momentum: null }))).toBe('BatchNorm1d(3, eps=1e-05, momentum=None, affine=True, track_running_stats=True)');
      expect(String(nn.CrossEntropyLoss())).toBe('CrossEntropyLoss()');
      expect(String(nn.Dropout())).toBe('Dropout(p=0.5, inplace=False)');
      expect(String(nn.GroupNorm(2, 4))).toBe('GroupNorm(2, 4, eps=1e-05, affine=True)');
      expect(() => nn.Linear(3, 1, { biass: true })).toThrow("Linear.__init__() got an unexpected keyword argument 'biass'");
      expect(() => nn.CrossEntropyLoss({ smoothing: 0.1 })).toThrow("CrossEntropyLoss.__init__() got an unexpected keyword argument 'smoothing'");
      expect(() => nn.BatchNorm2d(3)(torch.ones(2, 3))).toThrow('expected 4D input (got 2D input)');
      expect(() => nn.BatchNorm1d(3)(torch.ones(2, 3, 1, 1))).toThrow('expected 2D or 3D input (got 4D input)');
      expect(() => nn.GroupNorm(3, 4)).toThrow('num_channels must be divisible by num_groups');
      expect(() => nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
      expect(() => nn.MultiheadAttention(6, 4)).toThrow('embed_dim must be divisible by num_heads');
      expect(() => nn.GaussianNLLLoss(true)).toThrow('GaussianNLLLoss.__init__() takes 1 positional argument but 2 were given');
    });
    test('BatchNorm buffers: num_batches_tracked is int64 and counts; eval leaves the running stats', () => {
      const bn = nn.BatchNorm1d(2);
      expect(bn.num_batches_tracked.dtype).toBe(torch.int64);
      bn(torch.tensor([[1, 2], [3, 5]]));
      expect(bn.num_batches_tracked.item()).toBe(1);
      const before = bn.running_mean.tolist();
      bn.eval();
      bn(torch.tensor([[10, 20], [30, 50]]));
      expect(bn.running_mean.tolist()).toEqual(before);
      expect([...bn.buffers()].length).toBe(3);
      const loss = nn.BCEWithLogitsLoss({ pos_weight: torch.ones(2) });
      expect(Object.keys(loss.state_dict())).toEqual(['pos_weight']);
    });
    test('Transformer.generate_square_subsequent_mask and batch checks', () => {
      expect(nn.Transformer.generate_square_subsequent_mask(3).tolist()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
      const t = nn.Transformer({ d_model: 4, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 8 });
      expect(() => t(torch.ones(3, 2, 4), torch.ones(3, 1, 4))).toThrow('the batch number of src and tgt must be equal');
      expect(() => t(torch.ones(3, 2, 4), torch.ones(3, 2, 5))).toThrow('the feature number of src and tgt must be equal to d_model');
    });
    test('Dropout respects training; Embedding.from_pretrained freezes by default', () => {
      const d = nn.Dropout(0.5);
      d.eval();
      const x = torch.ones(4);
      expect(d(x)).toBe(x);
      const e = nn.Embedding.from_pretrained(torch.ones(3, 2));
      expect(e.weight.requires_grad).toBe(false);
      expect(String(e)).toBe('Embedding(3, 2)');
    });
  });
});

describeBackends('TransformerEncoder inference with a padding mask', () => {
  for (const c of FIX.nested) {
    test(c.name, () => {
      torch.manual_seed(0);
      const enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, { batch_first: true }), 2, { norm: c.norm ? nn.LayerNorm(8) : null });
      enc.eval();
      const run = () => enc(dec(c.src), { src_key_padding_mask: dec(c.kpm) }) as Tensor;
      near(c.grad ? run() : torch.no_grad(run), c.out, 3e-5);
    });
  }
});
