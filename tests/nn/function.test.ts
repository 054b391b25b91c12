// torch.autograd.Function against PyTorch 1.13: node names, saved tensors and their version check,
// needs_input_grad, several outputs, mark_non_differentiable, double backward, gradcheck.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from '../gradcheck.js';
import { close, fixture, thrown } from './helpers.js';

const FX = fixture.function;
type Ctx = InstanceType<typeof torch.autograd.FunctionCtx>;

class Exp extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor) { const r = x.exp(); ctx.save_for_backward(r); return r; }
  static backward(ctx: Ctx, g: Tensor) { const [r] = ctx.saved_tensors as Tensor[]; return g.mul(r); }
}
class MulAdd extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor, y: Tensor, k: number) {
    ctx.save_for_backward(x, y);
    ctx.k = k;
    return [x.mul(y).add(k), x.mul(y).argmax()];
  }
  static backward(ctx: Ctx, g: Tensor) {
    const [x, y] = ctx.saved_tensors as Tensor[];
    return [g.mul(y), g.mul(x).mul(ctx.k as number), null];
  }
}
class MarkND extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor) {
    const a = x.mul(2), b = x.mul(3);
    ctx.mark_non_differentiable(b);
    return [a, b];
  }
  static backward(_ctx: Ctx, ga: Tensor, gb: Tensor) { return ga.mul(2).add(gb); }
}
/** From the tutorial polynomial_custom_function: P3(x) = (5x^3 - 3x) / 2 */
class LegendrePolynomial3 extends torch.autograd.Function {
  static forward(ctx: Ctx, input: Tensor) { ctx.save_for_backward(input); return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5); }
  static backward(ctx: Ctx, gradOutput: Tensor) {
    const [input] = ctx.saved_tensors as Tensor[];
    return gradOutput.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

describeBackends('autograd.Function', () => {
  test('apply, node name, repr, create_graph double backward', () => {
    const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float64, requires_grad: true });
    const y = Exp.apply(x) as Tensor;
    close(y, FX.exp.y, 1e-12);
    expect(y.grad_fn?.name()).toBe(FX.exp.grad_fn);
    expect(String(y)).toBe(FX.exp.repr);
    const [g] = torch.autograd.grad([y.sum()], [x], { create_graph: true }) as Tensor[];
    close(g, FX.exp.g, 1e-12);
    expect(g.grad_fn?.name()).toBe(FX.exp.g_grad_fn);
    const [gg] = torch.autograd.grad([g.sum()], [x]) as Tensor[];
    close(gg, FX.exp.gg, 1e-12);
  });

  test('apply taken off the class', () => {
    const exp = Exp.apply;
    const x = torch.tensor([1.0], { requires_grad: true });
    const y = exp(x) as Tensor;
    expect(y.grad_fn?.name()).toBe('ExpBackward');
  });

  test('several outputs, non-tensor arguments, an integer output, needs_input_grad', () => {
    const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    const w = torch.tensor([0.5, -1.0, 4.0]);
    const [out, idx] = MulAdd.apply(x, w, 2.0) as Tensor[];
    out.sum().backward();
    close(out, FX.muladd.out);
    expect(idx.item()).toBe(FX.muladd.idx);
    expect(idx.requires_grad).toBe(FX.muladd.idx_requires_grad);
    close(x.grad as Tensor, FX.muladd.xgrad);
    expect(w.grad === null).toBe(FX.muladd.w_grad_none);
    expect(String(out)).toBe(FX.muladd.repr);
    let flags: boolean[] = [];
    class Flags extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor) { flags = ctx.needs_input_grad; return a.add(b); }
      static backward(_ctx: Ctx, g: Tensor) { return [g, g, null]; }
    }
    Flags.apply(x, w, 3);
    expect(flags).toEqual(FX.needs_input_grad);
  });

  test('mark_non_differentiable', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const [a, b] = MarkND.apply(x) as Tensor[];
    a.sum().add(b.sum()).backward();
    expect(a.grad_fn?.name()).toBe(FX.mark_nd.a_grad_fn);
    expect(b.requires_grad).toBe(FX.mark_nd.b_requires_grad);
    close(x.grad as Tensor, FX.mark_nd.xgrad);
  });

  test('a saved tensor modified in place: PyTorch error at backward', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const y = Exp.apply(x) as Tensor;
    y.mul_(2);
    expect(thrown(() => y.sum().backward())).toBe(FX.inplace_error.message);
  });

  test('Legendre P3 (the tutorial): values, gradient, gradcheck and gradgradcheck in float64', () => {
    const x = torch.linspace(-1, 1, 5, { dtype: torch.float64, requires_grad: true });
    const p = LegendrePolynomial3.apply(x) as Tensor;
    p.sum().backward();
    close(p, FX.legendre.y, 1e-12);
    close(x.grad as Tensor, FX.legendre.xgrad, 1e-12);
    expect(p.grad_fn?.name()).toBe(FX.legendre.grad_fn);
    const z = leaf([-0.7, 0.2, 1.3], [3], true);
    gradcheck((t: Tensor) => LegendrePolynomial3.apply(t) as Tensor, [z]);
    gradgradcheck((t: Tensor) => LegendrePolynomial3.apply(t) as Tensor, [z]);
    gradgradcheck((t: Tensor) => Exp.apply(t) as Tensor, [z]);
  });

  test('wrong number of gradients, set_materialize_grads, no grad mode records nothing', () => {
    class Bad extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor) { return a.add(b); }
      static backward(_ctx: Ctx, g: Tensor) { return g; }
    }
    const a = torch.ones(2, { requires_grad: true }), b = torch.ones(2, { requires_grad: true });
    expect(thrown(() => (Bad.apply(a, b) as Tensor).sum().backward())).toBe('function BadBackward returned an incorrect number of gradients (expected 2, got 1)');
    let got: unknown = 'unset';
    class NoMat extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor) { ctx.set_materialize_grads(false); return [x.mul(1), x.mul(2)]; }
      static backward(_ctx: Ctx, g1: Tensor, g2: Tensor | null) { got = g2; return g1; }
    }
    const [u] = NoMat.apply(a) as Tensor[];
    u.sum().backward();
    expect(got).toBe(null);
    const y = torch.no_grad(() => Exp.apply(a) as Tensor);
    expect(y.requires_grad).toBe(false);
  });
});
