// Port of pytorch/tutorials beginner_source/examples_autograd/polynomial_custom_function.py
// (python/ beside this file), line by line. PyTorch: Defining New autograd Functions --
// y = a + b * P3(c + d x), P3 the Legendre polynomial of degree three as a custom Function.
import * as torch from 'webtorch';
import { print } from './py.mjs';


/**
 * We can implement our own custom autograd Functions by subclassing
 * torch.autograd.Function and implementing the forward and backward passes
 * which operate on Tensors.
 */
class LegendrePolynomial3 extends torch.autograd.Function {
  /**
   * In the forward pass we receive a Tensor containing the input and return
   * a Tensor containing the output. ctx is a context object that can be used
   * to stash information for backward computation.
   */
  static forward(ctx, input) {
    ctx.save_for_backward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }

  /**
   * In the backward pass we receive a Tensor containing the gradient of the loss
   * with respect to the output, and we need to compute the gradient of the loss
   * with respect to the input.
   */
  static backward(ctx, grad_output) {
    const [input] = ctx.saved_tensors;
    return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}


const dtype = torch.float;
const device = torch.device('cpu');
// device = torch.device('webgl')  // Uncomment this to run on the GPU

// Create Tensors to hold input and outputs.
const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
const y = torch.sin(x);

// Create random Tensors for weights. For this example, we need
// 4 weights: y = a + b * P3(c + d * x), these weights need to be initialized
// not too far from the correct result to ensure convergence.
const a = torch.full([], 0.0, { device, dtype, requires_grad: true });
const b = torch.full([], -1.0, { device, dtype, requires_grad: true });
const c = torch.full([], 0.0, { device, dtype, requires_grad: true });
const d = torch.full([], 0.3, { device, dtype, requires_grad: true });

const learning_rate = 5e-6;
for (let t = 0; t < 2000; t++) {
  // To apply our Function, we use Function.apply method. We alias this as 'P3'.
  const P3 = LegendrePolynomial3.apply;

  // Forward pass: compute predicted y using operations; we compute
  // P3 using our custom autograd operation.
  const y_pred = a.add(b.mul(P3(c.add(d.mul(x)))));

  // Compute and print loss
  const loss = y_pred.sub(y).pow(2).sum();
  if (t % 100 === 99) print(t, loss.item());

  // Use autograd to compute the backward pass.
  loss.backward();

  // Update weights using gradient descent
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

print(`Result: y = ${a.item()} + ${b.item()} * P3(${c.item()} + ${d.item()} x)`);
