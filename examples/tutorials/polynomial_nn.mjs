// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/examples_nn/polynomial_nn.py (python/ beside this
// file), line by line. PyTorch: nn -- the polynomial as a Linear layer in a Sequential.
import * as torch from 'webtorch';
import { print } from './py.mjs';
torch.manual_seed(0);


// Create Tensors to hold input and outputs.
const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

// For this example, the output y is a linear function of (x, x^2, x^3), so
// we can consider it as a linear layer neural network. Let's prepare the
// tensor (x, x^2, x^3).
const p = torch.tensor([1, 2, 3]);
const xx = x.unsqueeze(-1).pow(p);

// In the above code, x.unsqueeze(-1) has shape (2000, 1), and p has shape
// (3,), for this case, broadcasting semantics will apply to obtain a tensor
// of shape (2000, 3)

// Use the nn package to define our model as a sequence of layers. nn.Sequential
// is a Module which contains other Modules, and applies them in sequence to
// produce its output. The Linear Module computes output from input using a
// linear function, and holds internal Tensors for its weight and bias.
// The Flatten layer flatens the output of the linear layer to a 1D tensor,
// to match the shape of `y`.
const model = torch.nn.Sequential(
  torch.nn.Linear(3, 1),
  torch.nn.Flatten(0, 1),
);

// The nn package also contains definitions of popular loss functions; in this
// case we will use Mean Squared Error (MSE) as our loss function.
// (torch.nn.MSELoss({reduction: 'sum'}) where the loss modules are merged; the same function:)
const loss_fn = torch.nn.MSELoss
  ? torch.nn.MSELoss({ reduction: 'sum' })
  : (input, target) => torch.nn.functional.mse_loss(input, target, { reduction: 'sum' });

const learning_rate = 1e-6;
for (let t = 0; t < 2000; t++) {

  // Forward pass: compute predicted y by passing x to the model.
  const y_pred = model(xx);

  // Compute and print loss.
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  // Zero the gradients before running the backward pass.
  model.zero_grad();

  // Backward pass: compute gradient of the loss with respect to all the learnable
  // parameters of the model.
  loss.backward();

  // Update the weights using gradient descent. Each parameter is a Tensor, so
  // we can access its gradients like we did before.
  torch.no_grad(() => {
    for (const param of model.parameters()) param.sub_(param.grad.mul(learning_rate));
  });
}

// You can access the first layer of `model` like accessing the first item of a list
const linear_layer = model[0];

// For linear layer, its parameters are stored as `weight` and `bias`.
print(`Result: y = ${linear_layer.bias.item()} + ${linear_layer.weight.index(':, 0').item()} x + ${linear_layer.weight.index(':, 1').item()} x^2 + ${linear_layer.weight.index(':, 2').item()} x^3`);
