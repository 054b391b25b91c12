// Port of pytorch/tutorials beginner_source/examples_nn/polynomial_module.py (python/ beside this
// file), line by line. PyTorch: Custom nn Modules -- the polynomial as a Module subclass with four
// Parameters, trained by torch.optim.SGD. `x ** 2` is x.pow(2); `a + b * x` is a.add(b.mul(x)).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);


class Polynomial3 extends torch.nn.Module {
  /**
   * In the constructor we instantiate four parameters and assign them as
   * member parameters.
   */
  constructor() {
    super();
    this.a = torch.nn.Parameter(torch.randn([]));
    this.b = torch.nn.Parameter(torch.randn([]));
    this.c = torch.nn.Parameter(torch.randn([]));
    this.d = torch.nn.Parameter(torch.randn([]));
  }

  /**
   * In the forward function we accept a Tensor of input data and we must return
   * a Tensor of output data. We can use Modules defined in the constructor as
   * well as arbitrary operators on Tensors.
   */
  forward(x) {
    return this.a.add(this.b.mul(x)).add(this.c.mul(x.pow(2))).add(this.d.mul(x.pow(3)));
  }

  /**
   * Just like any class in Python, you can also define custom method on PyTorch modules
   */
  string() {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3`;
  }
}


// Create Tensors to hold input and outputs.
const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

// Construct our model by instantiating the class defined above
const model = new Polynomial3();

// Construct our loss function and an Optimizer. The call to model.parameters()
// in the SGD constructor will contain the learnable parameters (defined
// with torch.nn.Parameter) which are members of the model.
const criterion = torch.nn.MSELoss({ reduction: 'sum' });
const optimizer = torch.optim.SGD(model.parameters(), { lr: 1e-6 });
for (let t = 0; t < 2000; t++) {
  // Forward pass: Compute predicted y by passing x to the model
  const y_pred = model(x);

  // Compute and print loss
  const loss = criterion(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  // Zero gradients, perform a backward pass, and update the weights.
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}

print(`Result: ${model.string()}`);
