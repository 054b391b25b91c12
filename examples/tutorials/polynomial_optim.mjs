// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/examples_nn/polynomial_optim.py (python/ beside this
// file), line by line. PyTorch: optim -- the nn polynomial trained by torch.optim.RMSprop; as in
// the adapted Python, 1000 iterations instead of 2000.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);


// Create Tensors to hold input and outputs.
const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

// Prepare the input tensor (x, x^2, x^3).
const p = torch.tensor([1, 2, 3]);
const xx = x.unsqueeze(-1).pow(p);

// Use the nn package to define our model and loss function.
const model = torch.nn.Sequential(
  torch.nn.Linear(3, 1),
  torch.nn.Flatten(0, 1),
);
const loss_fn = torch.nn.MSELoss({ reduction: 'sum' });

// Use the optim package to define an Optimizer that will update the weights of
// the model for us. Here we will use RMSprop; the optim package contains many other
// optimization algorithms. The first argument to the RMSprop constructor tells the
// optimizer which Tensors it should update.
const learning_rate = 1e-3;
const optimizer = torch.optim.RMSprop(model.parameters(), { lr: learning_rate });
for (let t = 0; t < 1000; t++) {
  // Forward pass: compute predicted y by passing x to the model.
  const y_pred = model(xx);

  // Compute and print loss.
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  // Before the backward pass, use the optimizer object to zero all of the
  // gradients for the variables it will update (which are the learnable
  // weights of the model). This is because by default, gradients are
  // accumulated in buffers( i.e, not overwritten) whenever .backward()
  // is called. Checkout docs of torch.autograd.backward for more details.
  optimizer.zero_grad();

  // Backward pass: compute gradient of the loss with respect to model
  // parameters
  loss.backward();

  // Calling the step function on an Optimizer makes an update to its
  // parameters
  optimizer.step();
}


const linear_layer = model[0];
print(`Result: y = ${linear_layer.bias.item()} + ${linear_layer.weight.index(':, 0').item()} x + ${linear_layer.weight.index(':, 1').item()} x^2 + ${linear_layer.weight.index(':, 2').item()} x^3`);
