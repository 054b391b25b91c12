// F.layer_norm's fused kernels (assembly/layernorm.ts, the JS backend's reference) against the
// composed formulas, which still run under create_graph: the same gradients, on both backends,
// for float32 and float64, a strided input, two normalized dims and no affine parameters.
// (Values against PyTorch: tests/nn/layer-modules.test.ts, tests/functional.test.ts, gradcheck.)
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';

const F = torch.nn.functional;

function closeTo(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.flatten().tolist() as number[], y = b.flatten().tolist() as number[];
  x.forEach((v, i) => expect(Math.abs(v - y[i]), `[${i}] ${v} vs ${y[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]))));
}

describeBackends('layer_norm kernels', () => {
  for (const dtype of [torch.float32, torch.float64]) {
    const tol = dtype === torch.float32 ? 2e-5 : 1e-12;
    test(`gradients match the composed backward (${dtype.scalarName})`, () => {
      torch.manual_seed(0);
      const cases: [number[], number[], boolean, boolean][] = [
        [[4, 7], [7], true, true],
        [[3, 2, 5], [2, 5], true, false],
        [[2, 3, 9], [9], false, false],
        [[5, 3, 16], [16], true, true],
      ];
      for (const [shape, norm, affine, strided] of cases) {
        const base = torch.randn(strided ? [...shape.slice(0, -2), shape.at(-1) as number, shape.at(-2) as number] : shape, { dtype }).mul(3).add(1).requires_grad_();
        const x = strided ? base.transpose(-1, -2) : base;
        const w = affine ? torch.randn(norm, { dtype }).requires_grad_() : null;
        const b = affine ? torch.randn(norm, { dtype }).requires_grad_() : null;
        const inputs = [base, ...(w ? [w, b as Tensor] : [])];
        const y = F.layer_norm(x, norm, w, b, 1e-5);
        const g = torch.randn(shape, { dtype });
        const fused = torch.autograd.grad(y, inputs, { grad_outputs: g, retain_graph: true });
        const composed = torch.autograd.grad(y, inputs, { grad_outputs: g, create_graph: true });
        fused.forEach((t, i) => closeTo(t as Tensor, (composed[i] as Tensor).detach(), tol));
        // the forward against its definition
        const dims = norm.map((_, i) => x.ndim - norm.length + i);
        const mean = x.detach().mean(dims, true), v = x.detach().var({ dim: dims, unbiased: false, keepdim: true });
        let want = x.detach().sub(mean).div(v.add(1e-5).sqrt());
        if (w) want = want.mul(w.detach()).add((b as Tensor).detach());
        closeTo(y.detach(), want, tol);
      }
    });
  }
});
