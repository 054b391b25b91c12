// `node examples/autograd-basics.mjs`: the autograd walk-through, each line as you would type it
// and each result as PyTorch prints it — a gradient, the chain rule, a single neuron's
// binary-cross-entropy gradients, and a second derivative.
import * as torch from 'webtorch';

const F = torch.nn.functional;
const vars = {};

/** Prints `>>> code`, runs it, and prints its value the way the Python REPL would. */
function show(code, fn) {
  console.log(`>>> ${code}`);
  const value = fn(vars);
  if (value !== undefined) console.log(String(value));
}

console.log('# d/dx x**2 at x = 3 is 2x = 6');
show('x = torch.tensor(3.0, {requires_grad: true})', (v) => { v.x = torch.tensor(3.0, { requires_grad: true }); });
show('y = x.pow(2)', (v) => { v.y = v.x.pow(2); });
show('y', (v) => v.y);
show('y.grad_fn.name()', (v) => v.y.grad_fn.name());
show('y.backward()', (v) => { v.y.backward(); });
show('x.grad', (v) => v.x.grad);

console.log('\n# the chain rule: d/dx sin(x**2) at x = 4 is 2x cos(x**2)');
show('x = torch.tensor(4.0, {requires_grad: true})', (v) => { v.x = torch.tensor(4.0, { requires_grad: true }); });
show('y = torch.sin(x.pow(2))', (v) => { v.y = torch.sin(v.x.pow(2)); });
show('y', (v) => v.y);
show('y.backward()', (v) => { v.y.backward(); });
show('x.grad', (v) => v.x.grad);

console.log('\n# one neuron: p = sigmoid(w * x + b), binary cross-entropy against the target y');
show('x = torch.tensor([6.7]); y = torch.tensor([0.0])', (v) => { v.x = torch.tensor([6.7]); v.y = torch.tensor([0.0]); });
show('w = torch.tensor([1.0], {requires_grad: true}); b = torch.tensor([0.0], {requires_grad: true})', (v) => {
  v.w = torch.tensor([1.0], { requires_grad: true });
  v.b = torch.tensor([0.0], { requires_grad: true });
});
show('z = w.mul(x).add(b)', (v) => { v.z = v.w.mul(v.x).add(v.b); });
show('z', (v) => v.z);
show('p = torch.sigmoid(z)', (v) => { v.p = torch.sigmoid(v.z); });
show('p', (v) => v.p);
show('loss = F.binary_cross_entropy(p, y)', (v) => { v.loss = F.binary_cross_entropy(v.p, v.y); });
show('loss.detach()', (v) => v.loss.detach());
show('loss.backward()', (v) => { v.loss.backward(); });
show('w.grad', (v) => v.w.grad);
show('b.grad', (v) => v.b.grad);

console.log('\n# a second derivative: d2/dx2 x**3 at x = 3 is 6x = 18');
show('x = torch.tensor(3.0, {requires_grad: true})', (v) => { v.x = torch.tensor(3.0, { requires_grad: true }); });
show('y = x.pow(3)', (v) => { v.y = v.x.pow(3); });
show('[dy] = torch.autograd.grad(y, x, {create_graph: true})', (v) => { [v.dy] = torch.autograd.grad(v.y, v.x, { create_graph: true }); });
show('dy', (v) => v.dy);
show('[d2y] = torch.autograd.grad(dy, x)', (v) => { [v.d2y] = torch.autograd.grad(v.dy, v.x); });
show('d2y', (v) => v.d2y);

console.log('\n# nothing is recorded under no_grad; detach() leaves the graph');
show('torch.no_grad(() => x.mul(2))', (v) => torch.no_grad(() => v.x.mul(2)));
show('x.mul(2).detach()', (v) => v.x.mul(2).detach());
