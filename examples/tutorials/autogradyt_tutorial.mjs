// Port of pytorch/tutorials beginner_source/introyt/autogradyt_tutorial.py ("Introduction to
// PyTorch on YouTube: The Fundamentals of Autograd"; python/ beside this file), line by line, with
// the adapted Python's cuts (no matplotlib, profiler or torch.autograd.functional).
// `2 * b` is b.mul(2); `x - y` is x.sub(y); w[0][0:10] is w.index(0).index('0:10');
// `with torch.no_grad():` and the @torch.no_grad() decorator are torch.no_grad(() => ...);
// Python's repr of the next_functions tuples and of a tuple of tensors is written out (tuple()).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

/** Python's repr() of a tuple: (a, b), (a,) or () */
const tuple = (items) => `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
/** repr(grad_fn.next_functions): ((<MulBackward0 object>, 0), (None, 0)) */
const nextFns = (nf) => tuple(nf.map(([f, i]) => tuple([f === null ? 'None' : String(f), i])));


let a = torch.linspace(0., 2. * Math.PI, { steps: 25, requires_grad: true });
print(a);

let b = torch.sin(a);

print(b);

let c = b.mul(2);
print(c);

const d = c.add(1);
print(d);

const out = d.sum();
print(out);

print('d:');
print(d.grad_fn);
print(nextFns(d.grad_fn.next_functions));
print(nextFns(d.grad_fn.next_functions[0][0].next_functions));
print(nextFns(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions));
print(nextFns(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions));
print('\nc:');
print(c.grad_fn);
print('\nb:');
print(b.grad_fn);
print('\na:');
print(a.grad_fn === null ? 'None' : a.grad_fn);

out.backward();
print(a.grad);

// Autograd in Training

const BATCH_SIZE = 16;
const DIM_IN = 1000;
const HIDDEN_SIZE = 100;
const DIM_OUT = 10;

class TinyModel extends torch.nn.Module {

  constructor() {
    super();

    this.layer1 = torch.nn.Linear(1000, 100);
    this.relu = torch.nn.ReLU();
    this.layer2 = torch.nn.Linear(100, 10);
  }

  forward(x) {
    x = this.layer1(x);
    x = this.relu(x);
    x = this.layer2(x);
    return x;
  }
}

const some_input = torch.randn(BATCH_SIZE, DIM_IN, { requires_grad: false });
const ideal_output = torch.randn(BATCH_SIZE, DIM_OUT, { requires_grad: false });

const model = new TinyModel();

print(model.layer2.weight.index(0).index('0:10')); // just a small slice
print(model.layer2.weight.grad === null ? 'None' : model.layer2.weight.grad);

const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.001 });

let prediction = model(some_input);

let loss = ideal_output.sub(prediction).pow(2).sum();
print(loss);

loss.backward();
print(model.layer2.weight.index(0).index('0:10'));
print(model.layer2.weight.grad.index(0).index('0:10'));

optimizer.step();
print(model.layer2.weight.index(0).index('0:10'));
print(model.layer2.weight.grad.index(0).index('0:10'));

print(model.layer2.weight.grad.index(0).index('0:10'));

for (let i = 0; i < 5; i++) {
  prediction = model(some_input);
  loss = ideal_output.sub(prediction).pow(2).sum();
  loss.backward();
}

print(model.layer2.weight.grad.index(0).index('0:10'));

optimizer.zero_grad();

print(model.layer2.weight.grad.index(0).index('0:10'));

// Turning Autograd Off and On

a = torch.ones(2, 3, { requires_grad: true });
print(a);

const b1 = a.mul(2);
print(b1);

a.requires_grad = false;
const b2 = a.mul(2);
print(b2);

a = torch.ones(2, 3, { requires_grad: true }).mul(2);
b = torch.ones(2, 3, { requires_grad: true }).mul(3);

let c1 = a.add(b);
print(c1);

let c2 = torch.no_grad(() => a.add(b));

print(c2);

const c3 = a.mul(b);
print(c3);

function add_tensors1(x, y) {
  return x.add(y);
}

const add_tensors2 = (x, y) => torch.no_grad(() => x.add(y));


a = torch.ones(2, 3, { requires_grad: true }).mul(2);
b = torch.ones(2, 3, { requires_grad: true }).mul(3);

c1 = add_tensors1(a, b);
print(c1);

c2 = add_tensors2(a, b);
print(c2);

let x = torch.rand(5, { requires_grad: true });
let y = x.detach();

print(x);
print(y);

// Advanced Topic: More Autograd Detail and the High-Level API

x = torch.randn(3, { requires_grad: true });

y = x.mul(2);
while (y.data.norm().item() < 1000) {
  y = y.mul(2);
}

print(y);

const v = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float }); // stand-in for gradients
y.backward(v);

print(x.grad);

function exp_adder(x, y) {
  return x.exp().mul(2).add(y.mul(3));
}

let inputs = [torch.rand(1), torch.rand(1)]; // arguments for the function
print(tuple(inputs));

inputs = [torch.rand(3), torch.rand(3)]; // arguments for the function
print(tuple(inputs));
