// Port of pytorch/tutorials beginner_source/examples_autograd/polynomial_autograd.py (python/
// beside this file), line by line. PyTorch: Tensors and autograd -- the forward pass with tensor
// ops, the gradients from autograd.
import * as torch from 'webtorch';
import { print } from './py.mjs';
torch.manual_seed(0);

const dtype = torch.float;
const device = 'cpu';
print(`Using ${device} device`);

// Create Tensors to hold input and outputs.
// By default, requires_grad=false, which indicates that we do not need to
// compute gradients with respect to these Tensors during the backward pass.
const x = torch.linspace(-Math.PI, Math.PI, 2000, { dtype });
const y = torch.sin(x);

// Create random Tensors for weights. For a third order polynomial, we need
// 4 weights: y = a + b x + c x^2 + d x^3
// Setting requires_grad: true indicates that we want to compute gradients with
// respect to these Tensors during the backward pass.
const a = torch.randn([], { dtype, requires_grad: true });
const b = torch.randn([], { dtype, requires_grad: true });
const c = torch.randn([], { dtype, requires_grad: true });
const d = torch.randn([], { dtype, requires_grad: true });

const learning_rate = 1e-6;
for (let t = 0; t < 2000; t++) {
  // Forward pass: compute predicted y using operations on Tensors.
  const y_pred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));

  // Compute and print loss using operations on Tensors.
  // loss.item() gets the scalar value held in the loss.
  const loss = y_pred.sub(y).pow(2).sum();
  if (t % 100 === 99) print(t, loss.item());

  // Use autograd to compute the backward pass. This call will compute the
  // gradient of loss with respect to all Tensors with requires_grad=true.
  loss.backward();

  // Manually update weights using gradient descent. Wrap in torch.no_grad
  // because weights have requires_grad=true, but we don't need to track this
  // in autograd.
  torch.no_grad(() => {
    a.sub_(a.grad.mul(learning_rate));
    b.sub_(b.grad.mul(learning_rate));
    c.sub_(c.grad.mul(learning_rate));
    d.sub_(d.grad.mul(learning_rate));

    // Manually zero the gradients after updating weights
    a.grad = null;
    b.grad = null;
    c.grad = null;
    d.grad = null;
  });
}

print(`Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`);
