// Linear, Bilinear, Identity, Flatten, Unflatten and the activation modules against PyTorch 1.13:
// initial weights under manual_seed, repr, state_dict keys, forward values, grad_fn names, and the
// gradients of the input and of every parameter.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends, gradcheck, leaf } from '../gradcheck.js';
import { close, fixture, flat, thrown } from './helpers.js';

const nn = torch.nn as unknown as Record<string, (...a: unknown[]) => torch.nn.Module>;
// shape ops whose node PyTorch 1.13 names after an internal alias (_reshape_alias) or that record nothing
const OWN_GRAD_FN = new Set(['Flatten', 'Identity']);

describeBackends('nn layers', () => {
  // also with the forward inside torch.tidy (its temporaries freed) and the backward outside it
  for (const c of fixture.layers) for (const tidy of [false, true]) {
    const label = `${c.cls}(${c.args.map((a: unknown) => JSON.stringify(a)).join(', ')}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})${tidy ? ' inside torch.tidy' : ''}`;
    test(label, () => {
      torch.manual_seed(c.seed);
      const m = Object.keys(c.kwargs).length ? nn[c.cls](...c.args, c.kwargs) : nn[c.cls](...c.args);
      expect(String(m)).toBe(c.repr);
      expect(Object.keys(m.state_dict())).toEqual(c.state_dict);
      const params = Object.fromEntries([...m.named_parameters()]) as Record<string, Tensor>;
      expect(Object.keys(params)).toEqual(Object.keys(c.params));
      for (const [k, v] of Object.entries(c.params)) close(params[k], v as number[], 1e-7, k);
      const inputs = c.inputs.map((i: { shape: number[]; values: number[] }) => torch.tensor(i.values).reshape(i.shape).requires_grad_());
      const forward = () => m(...inputs.map((x: Tensor) => x.mul(1))) as Tensor;
      const y = tidy ? torch.tidy(forward) : forward();
      expect([...y.shape]).toEqual(c.output.shape);
      close(y, c.output.values, 2e-6, 'output');
      if (!OWN_GRAD_FN.has(c.cls)) expect(y.grad_fn?.name()).toBe(c.grad_fn);
      const cot = torch.linspace(-1, 1, y.numel()).reshape([...y.shape]);
      y.mul(cot).sum().backward();
      inputs.forEach((x: Tensor, i: number) => close(x.grad as Tensor, c.input_grads[i], 2e-6, `input ${i} grad`));
      for (const [k, v] of Object.entries(c.param_grads)) close(params[k].grad as Tensor, v as number[], 2e-6, `${k} grad`);
    });
  }

  test('activations differentiate twice (float64 gradcheck of the new functional forms)', () => {
    const F = torch.nn.functional;
    const x = leaf([-2.5, -1.2, -0.3, 0.4, 1.1, 2.7], [2, 3], true);
    for (const f of [
      (t: Tensor) => F.mish(t), (t: Tensor) => F.selu(t), (t: Tensor) => F.celu(t, 1.5), (t: Tensor) => F.softsign(t),
      (t: Tensor) => F.tanhshrink(t), (t: Tensor) => F.logsigmoid(t), (t: Tensor) => F.softmin(t, 1), (t: Tensor) => F.hardswish(t),
      (t: Tensor) => F.hardtanh(t, -2, 2), (t: Tensor) => F.hardsigmoid(t), (t: Tensor) => F.threshold(t, 0.1, 20),
    ]) gradcheck(f, [x]);
    const w = leaf([0.1, -0.2, 0.3], [3], true);
    gradcheck((t: Tensor, ww: Tensor) => torch.nn.functional.prelu(t, ww), [x, w]);
  });
});

describe('layer construction', () => {
  test('with and without new, positional or keyword, unknown keys are errors', () => {
    torch.manual_seed(0);
    const a = torch.nn.Linear(3, 1);
    torch.manual_seed(0);
    const b = new torch.nn.Linear({ in_features: 3, out_features: 1 });
    expect(a).toBeInstanceOf(torch.nn.Linear);
    expect(b).toBeInstanceOf(torch.nn.Module);
    expect(flat(a.weight)).toEqual(flat(b.weight));
    expect(thrown(() => torch.nn.Linear(2, 2, { biass: false }))).toBe(fixture.module.errors.kwarg.message);
    expect(thrown(() => torch.nn.Linear(2))).toBe("Linear.__init__() missing 1 required positional argument: 'out_features'");
  });
  test('float64 Linear, dtype option and to()', () => {
    torch.manual_seed(0);
    const l = torch.nn.Linear(2, 2, { dtype: torch.float64 });
    expect(l.weight.dtype).toBe(torch.float64);
    const w = l.weight;
    l.to(torch.float32);
    expect(l.weight).toBe(w); // the same Parameter object, new data (PyTorch's param.data = ...)
    expect(l.weight.dtype).toBe(torch.float32);
    l.double();
    expect(l.bias.dtype).toBe(torch.float64);
  });
});
