// The 60-minute blitz's "Neural Networks" tutorial (LeNet), ported line by line from
// python/neural_networks_tutorial.py; `node examples/tutorials/neural_networks_tutorial.mjs`
// prints what PyTorch prints (expected/neural_networks_tutorial.txt).
import * as torch from 'webtorch';

const nn = torch.nn;
const F = torch.nn.functional;

torch.manual_seed(0);

class Net extends nn.Module {
  constructor() {
    super();
    // 1 input image channel, 6 output channels, 5x5 square convolution kernel
    this.conv1 = nn.Conv2d(1, 6, 5);
    this.conv2 = nn.Conv2d(6, 16, 5);
    // an affine operation: y = Wx + b
    this.fc1 = nn.Linear(16 * 5 * 5, 120);
    this.fc2 = nn.Linear(120, 84);
    this.fc3 = nn.Linear(84, 10);
  }

  forward(x) {
    // Max pooling over a (2, 2) window
    x = F.max_pool2d(F.relu(this.conv1(x)), [2, 2]);
    // If the size is a square you can only specify a single number
    x = F.max_pool2d(F.relu(this.conv2(x)), 2);
    x = x.view(-1, this.num_flat_features(x));
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    x = this.fc3(x);
    return x;
  }

  num_flat_features(x) {
    const size = x.size().slice(1); // all dimensions except the batch dimension
    let numFeatures = 1;
    for (const s of size) numFeatures *= s;
    return numFeatures;
  }
}

const net = new Net();
console.log(String(net));

const params = [...net.parameters()];
console.log(params.length);
console.log(String(params[0].size())); // conv1's .weight

const input = torch.randn(1, 1, 32, 32);
const out = net(input);
console.log(String(out));

net.zero_grad();
out.backward(torch.randn(1, 10));

const output = net(input);
let target = torch.randn(10); // a dummy target, for example
target = target.view(1, -1); // make it the same shape as output
const criterion = F.mse_loss;

const loss = criterion(output, target);
console.log(String(loss));

console.log(loss.grad_fn); // MSELoss
console.log(loss.grad_fn.next_functions[0][0]); // Linear
console.log(loss.grad_fn.next_functions[0][0].next_functions[0][0]); // ReLU

net.zero_grad(); // zeroes the gradient buffers of all parameters

console.log('conv1.bias.grad before backward');
console.log(String(net.conv1.bias.grad));

loss.backward();

console.log('conv1.bias.grad after backward');
console.log(String(net.conv1.bias.grad));

const learningRate = 0.01;
for (const f of net.parameters()) f.data.sub_(f.grad.data.mul(learningRate));

console.log(String(criterion(net(input), target)));
