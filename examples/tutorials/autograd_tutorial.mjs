// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/blitz/autograd_tutorial.py ("Autograd: automatic
// differentiation"; python/ beside this file), line by line. `with torch.no_grad():` is
// torch.no_grad(() => ...); comparisons are x.lt(1000).item().
import * as torch from 'webtorch';
import { print } from './py.mjs';
torch.manual_seed(0);

// Create a tensor and set requires_grad=true to track computation with it
let x = torch.ones(2, 2, { requires_grad: true });
print(x);

// Do an operation of tensor:
let y = x.add(2);
print(y);

// ``y`` was created as a result of an operation, so it has a ``grad_fn``.
print(y.grad_fn);

// Do more operations on y
const z = y.mul(y).mul(3);
const out = z.mean();

print(z, out);

// ``.requires_grad_( ... )`` changes an existing Tensor's ``requires_grad``
// flag in-place. The input flag defaults to ``true`` if not given.
let a = torch.randn(2, 2);
a = a.mul(3).div(a.sub(1));
print(a.requires_grad);
a.requires_grad_(true);
print(a.requires_grad);
const b = a.mul(a).sum();
print(b.grad_fn);

// Gradients
// Let's backprop now

out.backward();

// print gradients d(out)/dx

print(x.grad);

// You can do many crazy things with autograd!


x = torch.randn(3, { requires_grad: true });

y = x.mul(2);
while (y.data.norm().lt(1000).item()) {
  y = y.mul(2);
}

print(y);

//
const gradients = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float });
y.backward(gradients);

print(x.grad);

// You can also stops autograd from tracking history on Tensors
// with requires_grad=true by wrapping the code block in
// ``torch.no_grad(() => ...)``
print(x.requires_grad);
print(x.pow(2).requires_grad);

torch.no_grad(() => {
  print(x.pow(2).requires_grad);
});
