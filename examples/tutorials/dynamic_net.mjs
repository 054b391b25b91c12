// Port of pytorch/tutorials beginner_source/examples_nn/dynamic_net.py (python/ beside this file),
// line by line. PyTorch: Control Flow + Weight Sharing. As in the adapted Python: the random
// order is torch.randint(4, 7, ()).item() (Python's random.randint(4, 6)), and 6000 iterations
// instead of 30000 (loss printed every 500) to keep the test short.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);


class DynamicNet extends torch.nn.Module {
  /**
   * In the constructor we instantiate five parameters and assign them as members.
   */
  constructor() {
    super();
    this.a = torch.nn.Parameter(torch.randn([]));
    this.b = torch.nn.Parameter(torch.randn([]));
    this.c = torch.nn.Parameter(torch.randn([]));
    this.d = torch.nn.Parameter(torch.randn([]));
    this.e = torch.nn.Parameter(torch.randn([]));
  }

  /**
   * For the forward pass of the model, we randomly choose either 4, 5
   * and reuse the e parameter to compute the contribution of these orders.
   *
   * Since each forward pass builds a dynamic computation graph, we can use normal
   * JavaScript control-flow operators like loops or conditional statements when
   * defining the forward pass of the model.
   *
   * Here we also see that it is perfectly safe to reuse the same parameter many
   * times when defining a computational graph.
   */
  forward(x) {
    let y = this.a.add(this.b.mul(x)).add(this.c.mul(x.pow(2))).add(this.d.mul(x.pow(3)));
    for (let exp = 4, end = torch.randint(4, 7, []).item(); exp < end; exp++) {
      y = y.add(this.e.mul(x.pow(exp)));
    }
    return y;
  }

  /**
   * Just like any class in Python, you can also define custom method on PyTorch modules
   */
  string() {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3 + ${this.e.item()} x^4 ? + ${this.e.item()} x^5 ?`;
  }
}


// Create Tensors to hold input and outputs.
const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

// Construct our model by instantiating the class defined above
const model = new DynamicNet();

// Construct our loss function and an Optimizer. Training this strange model with
// vanilla stochastic gradient descent is tough, so we use momentum
const criterion = torch.nn.MSELoss({ reduction: 'sum' });
const optimizer = torch.optim.SGD(model.parameters(), { lr: 1e-8, momentum: 0.9 });
for (let t = 0; t < 6000; t++) {
  // Forward pass: Compute predicted y by passing x to the model
  const y_pred = model(x);

  // Compute and print loss
  const loss = criterion(y_pred, y);
  if (t % 500 === 499) print(t, loss.item());

  // Zero gradients, perform a backward pass, and update the weights.
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}

print(`Result: ${model.string()}`);
