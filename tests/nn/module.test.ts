// torch.nn.Module and the containers against PyTorch 1.13: registration order, named_* and
// state_dict keys, reprs, load_state_dict's checks and messages, hooks, zero_grad, conversions.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { close, fixture, flat, thrown } from './helpers.js';

const nn = torch.nn;
const M = fixture.module;

/** The Net of scripts/fixtures/gen_nn.py, line for line. */
class Net extends nn.Module {
  constructor() {
    super();
    this.fc = nn.Linear(4, 8);
    this.register_buffer('running', torch.zeros(3));
    this.block = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 4), nn.Tanh()));
    this.scale = nn.Parameter(torch.ones(1));
    this.register_buffer('tmp', torch.ones(2), { persistent: false });
    this.heads = nn.ModuleList([nn.Linear(4, 2), nn.Linear(4, 3)]);
    this.dict = nn.ModuleDict({ a: nn.Identity(), b: nn.Softmax({ dim: 1 }) });
    this.plist = nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), nn.Parameter(torch.ones(4))]);
    this.pdict = nn.ParameterDict({ p: nn.Parameter(torch.zeros(5)) });
    this.shared = this.fc;
  }
  forward(x: Tensor): Tensor {
    const h = this.block(this.fc(x)).mul(this.scale);
    return this.heads[0](h).sum().add(this.dict.b(this.heads[1](h)).pow(2).sum());
  }
}

describeBackends('nn.Module', () => {
  test('Net: repr, names in registration order, initial weights, forward and gradients', () => {
    torch.manual_seed(0);
    const net = new Net();
    expect(String(net)).toBe(M.repr);
    expect([...net.named_parameters()].map(([k, v]) => [k, [...v.shape]])).toEqual(M.named_parameters);
    expect([...net.named_buffers()].map(([k]) => k)).toEqual(M.named_buffers);
    expect([...net.named_modules()].map(([k]) => k)).toEqual(M.named_modules);
    expect([...net.named_children()].map(([k]) => k)).toEqual(M.named_children);
    expect(Object.keys(net.state_dict())).toEqual(M.state_dict);
    for (const [k, p] of net.named_parameters()) close(p, M.params[k], 1e-7, k);
    torch.manual_seed(1);
    const x = torch.randn(3, 4);
    close(x, M.x, 1e-7);
    const y = net(x);
    close(y, [M.y], 1e-5, 'y');
    y.backward();
    for (const [k, p] of net.named_parameters()) {
      if (M.grads[k]) close(p.grad as Tensor, M.grads[k], 1e-5, `${k}.grad`);
      else expect(p.grad, k).toBe(null);
    }
  });

  test('hooks run in PyTorch order; forward hooks and pre-hooks replace values; handles remove', () => {
    const events: string[] = [];
    torch.manual_seed(0);
    const model = nn.Sequential(nn.Linear(3, 2), nn.Tanh());
    model[0].register_forward_pre_hook(() => { events.push('pre0'); });
    const h = model[0].register_forward_hook(() => { events.push('fwd0'); });
    model.register_forward_pre_hook(() => { events.push('preSeq'); });
    model.register_forward_hook((_m: unknown, _i: unknown, out: Tensor) => { events.push('fwdSeq'); return out.mul(2); });
    model[1].register_forward_pre_hook((_m: unknown, inp: Tensor[]) => { events.push('pre1'); return [inp[0].add(1)]; });
    model[0].register_full_backward_hook(() => { events.push('bwd0'); });
    model.register_full_backward_hook(() => { events.push('bwdSeq'); });
    const xin = torch.tensor([[1.0, -2.0, 0.5]], { requires_grad: true });
    const out = model(xin);
    events.push('|');
    out.sum().backward();
    h.remove();
    events.push('|');
    const out2 = model(xin);
    expect(events).toEqual(M.hooks.events);
    close(out, M.hooks.out);
    close(out2, M.hooks.out2);
    close(xin.grad as Tensor, M.hooks.xgrad);
  });

  test('full backward hook sees grad_input and grad_output and may replace grad_input', () => {
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    const seen: { gi?: (number[] | null)[]; go?: number[][] } = {};
    lin.register_full_backward_hook((_m: unknown, gi: (Tensor | null)[], go: Tensor[]) => {
      seen.gi = gi.map((g) => (g ? flat(g) : null));
      seen.go = go.map(flat);
      return [(gi[0] as Tensor).mul(10)];
    });
    const xin = torch.tensor([[1.0, -2.0, 0.5], [0.0, 1.0, 2.0]], { requires_grad: true });
    lin(xin).mul(torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward();
    close(seen.gi?.[0] as number[], M.backward_hook.gi[0]);
    close(seen.go?.[0] as number[], M.backward_hook.go[0]);
    close(xin.grad as Tensor, M.backward_hook.xgrad);
  });

  test('load_state_dict: strictness, PyTorch messages, nothing copied on error', () => {
    torch.manual_seed(0);
    const a = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
    const sd = a.state_dict();
    const missing: Record<string, Tensor> = { ...sd };
    delete missing['2.bias'];
    const unexpected: Record<string, Tensor> = { ...sd, '2.extra': torch.zeros(1), '5.weight': torch.zeros(1) };
    const both: Record<string, Tensor> = { ...missing, '3.weight': torch.zeros(1) };
    const wrong: Record<string, Tensor> = { ...sd, '0.weight': torch.zeros(2, 2) };
    const b = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
    const before = flat(b[2].weight);
    expect(thrown(() => b.load_state_dict(missing))).toBe(M.load.missing.message);
    expect(thrown(() => b.load_state_dict(unexpected))).toBe(M.load.unexpected.message);
    expect(thrown(() => b.load_state_dict(both))).toBe(M.load.both.message);
    expect(thrown(() => b.load_state_dict(wrong))).toBe(M.load.size.message);
    expect(thrown(() => b.load_state_dict(wrong, { strict: false }))).toBe(M.load.size_nonstrict.message);
    expect(flat(b[2].weight)).toEqual(before); // webtorch checks everything before copying
    const r = b.load_state_dict(both, { strict: false });
    expect([r.missing_keys, r.unexpected_keys]).toEqual([[], []]); // 1.13 lists none when strict=False
    expect(flat(b[2].weight)).toEqual(flat(a[2].weight));
    const c = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
    expect(c.load_state_dict(new Map(Object.entries(sd)))).toEqual({ missing_keys: [], unexpected_keys: [] });
    expect(flat(c[0].bias)).toEqual(flat(a[0].bias));
  });

  test('state_dict values are detached tensors sharing storage', () => {
    const l = nn.Linear(2, 2);
    const sd = l.state_dict();
    expect(sd.weight.requires_grad).toBe(false);
    expect(sd.weight).not.toBe(l.weight);
    sd.weight.fill_(3);
    expect(flat(l.weight)).toEqual([3, 3, 3, 3]);
    expect(l.state_dict({ keep_vars: true }).weight).toBe(l.weight);
  });

  test('zero_grad zeroes in place by default (1.13); set_to_none', () => {
    torch.manual_seed(0);
    const z = nn.Linear(2, 2);
    z(torch.ones(1, 2)).sum().backward();
    const g = z.weight.grad;
    z.zero_grad();
    expect(z.weight.grad).toBe(g);
    expect(flat(z.weight.grad as Tensor)).toEqual(M.zero_grad);
    z.zero_grad({ set_to_none: true });
    expect(z.weight.grad).toBe(null);
  });
});

describe('nn.Module attributes', () => {
  test("__setattr__'s errors and None slots", () => {
    const e = M.errors;
    const m = nn.Linear(2, 2);
    expect(thrown(() => { m.weight = torch.zeros(2, 2); })).toBe(e.assign_tensor.message);
    const s = nn.Sequential(nn.Linear(2, 2));
    expect(thrown(() => { s['0'] = torch.zeros(1); })).toBe(e.assign_module_slot.message);
    const b = nn.Module();
    b.register_buffer('b', torch.zeros(1));
    expect(thrown(() => { b.b = 3; })).toBe(e.buffer_slot.message);
    expect(thrown(() => nn.Module().register_parameter('a.b', null))).toBe(`KeyError: ${e.dotted.message.slice(1, -1).replace("\\'", "'")}`);
    const x = nn.Module();
    x.x = 3;
    expect(thrown(() => x.register_buffer('x', torch.zeros(1)))).toBe(`KeyError: ${e.exists.message.slice(1, -1)}`);
    expect(thrown(() => nn.Sequential(nn.Linear(2, 2)).get_submodule('0.weight'))).toBe(`AttributeError: ${e.submodule.message}`);
    const n = nn.Linear(2, 2);
    n.bias = null;
    expect(String(n)).toBe(M.bias_none.repr);
    expect(Object.keys(n.state_dict())).toEqual(M.bias_none.state_dict);
    expect([...n.named_parameters()].map(([k]) => k)).toEqual(M.bias_none.params);
  });

  test('reprs: nested Sequential, OrderedDict (Map), slices, parameter containers, Parameter', () => {
    const seq = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1, { bias: false })), nn.Flatten(0));
    expect(String(seq)).toBe(M.seq_repr);
    const named = nn.Sequential(new Map([['fc1', nn.Linear(2, 2)], ['act', nn.GELU()], ['fc2', nn.Linear(2, 1)]]));
    expect(String(named)).toBe(M.named_seq_repr);
    expect(String(named.slice(1))).toBe(M.named_seq_slice_repr);
    expect(String(nn.ParameterDict({ a: nn.Parameter(torch.zeros(2, 3)), b: nn.Parameter(torch.ones(4)) }))).toBe(M.pdict_repr);
    expect(String(nn.Module())).toBe(M.empty_repr);
    expect(String(nn.Parameter(torch.tensor([1.0, 2.0])))).toBe(M.param_repr);
    expect(String(nn.Parameter(torch.tensor([[1.0, 2.0]]), false))).toBe(M.param_nograd_repr);
    expect(`${seq}`).toBe(M.seq_repr);
  });

  // apart from the float32 reprs above, so that those are checked on webgl too (it has no float64)
  test('repr of a ParameterList with a float64 parameter', () => {
    expect(String(nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), nn.Parameter(torch.ones(4, { dtype: torch.float64 }))]))).toBe(M.plist_repr);
  });

  test('Parameter is a Tensor aliasing its data; modules are callable functions with their class', () => {
    const t = torch.zeros(2);
    const p = nn.Parameter(t);
    expect(p).toBeInstanceOf(torch.Tensor);
    expect(p).toBeInstanceOf(nn.Parameter);
    expect(p.requires_grad).toBe(true);
    expect(p.is_leaf).toBe(true);
    t.fill_(5);
    expect(flat(p)).toEqual([5, 5]);
    expect(p.mul(2)).not.toBeInstanceOf(nn.Parameter);
    const l = new nn.Linear(2, 1);
    expect(typeof l).toBe('function');
    expect(l).toBeInstanceOf(nn.Linear);
    expect(l).toBeInstanceOf(nn.Module);
    expect(l.training).toBe(true);
    expect(l.eval()).toBe(l);
    expect(l.training).toBe(false);
  });

  test('containers: index, negative index, length, iteration, append, insert, ModuleDict, ParameterList', () => {
    const a = nn.Linear(1, 1), b = nn.ReLU(), c = nn.Tanh();
    const s = nn.Sequential(a, b);
    expect(s.length).toBe(2);
    expect(s[0]).toBe(a);
    expect(s[-1]).toBe(b);
    expect([...s]).toEqual([a, b]);
    s.append(c);
    expect(s[2]).toBe(c);
    s.insert(0, nn.Identity());
    expect([...s.named_children()].map(([k]) => k)).toEqual(['0', '1', '2', '3']);
    expect(s[1]).toBe(a);
    expect(thrown(() => s[4])).toBe('IndexError: index 4 is out of range');
    const ml = nn.ModuleList([a, b]);
    ml.append(c);
    expect(ml.length).toBe(3);
    expect(ml[-1]).toBe(c);
    expect(String(ml.slice(1))).toBe('ModuleList(\n  (0): ReLU()\n  (1): Tanh()\n)');
    const md = nn.ModuleDict({ x: a });
    md.set('y', b);
    expect(md.keys()).toEqual(['x', 'y']);
    expect(md.y).toBe(b);
    expect([...md]).toEqual(['x', 'y']);
    const pl = nn.ParameterList([torch.ones(2)]);
    expect(pl[0]).toBeInstanceOf(nn.Parameter);
    pl.append(torch.zeros(3));
    expect(pl.length).toBe(2);
    expect([...pl.parameters()].length).toBe(2);
    expect(thrown(() => pl(torch.ones(1)))).toBe('ParameterList should not be called.');
  });

  test('apply, train/eval recursion, requires_grad_, get_parameter, add_module, delete', () => {
    const net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2)));
    const names: string[] = [];
    net.apply((m: torch.nn.Module) => names.push(m._get_name()));
    expect(names).toEqual(['Linear', 'Linear', 'Sequential', 'Sequential']);
    net.eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    net.requires_grad_(false);
    expect([...net.parameters()].some((p) => p.requires_grad)).toBe(false);
    expect(net.get_parameter('1.0.weight')).toBe(net[1][0].weight);
    net.add_module('act', nn.ReLU());
    expect(net.length).toBe(3);
    delete net.act;
    expect(net.length).toBe(2);
  });
});
