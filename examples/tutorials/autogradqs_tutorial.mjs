// Port of pytorch/tutorials beginner_source/basics/autogradqs_tutorial.py ("Learn the Basics:
// Automatic Differentiation with torch.autograd"; python/ beside this file), line by line.
// `with torch.no_grad():` is torch.no_grad(() => ...); `a + b` is a.add(b).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

const x = torch.ones(5); // input tensor
const y = torch.zeros(3); // expected output
const w = torch.randn(5, 3, { requires_grad: true });
const b = torch.randn(3, { requires_grad: true });
let z = torch.matmul(x, w).add(b);
const loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y);


// Tensors, Functions and Computational graph
//
// A reference to the backward propagation function is stored in `grad_fn` property of a
// tensor.

print(`Gradient function for z = ${z.grad_fn}`);
print(`Gradient function for loss = ${loss.grad_fn}`);

// Computing Gradients

loss.backward();
print(w.grad);
print(b.grad);


// Disabling Gradient Tracking

z = torch.matmul(x, w).add(b);
print(z.requires_grad);

torch.no_grad(() => {
  z = torch.matmul(x, w).add(b);
});
print(z.requires_grad);


// Another way to achieve the same result is to use the `detach()` method
// on the tensor:

z = torch.matmul(x, w).add(b);
const z_det = z.detach();
print(z_det.requires_grad);

// Optional Reading: Tensor Gradients and Jacobian Products

const inp = torch.eye(4, 5, { requires_grad: true });
const out = inp.add(1).pow(2).t();
out.backward(torch.ones_like(out), { retain_graph: true });
print(`First call\n${inp.grad}`);
out.backward(torch.ones_like(out), { retain_graph: true });
print(`\nSecond call\n${inp.grad}`);
inp.grad.zero_();
out.backward(torch.ones_like(out), { retain_graph: true });
print(`\nCall after zeroing gradients\n${inp.grad}`);
