// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/nn_tutorial.py ("What is torch.nn really?" by Jeremy
// Howard, fast.ai; python/ beside this file), line by line, to the end. As in the adapted
// Python: seeded synthetic data of MNIST's row shape instead of the download, 2000 training and
// 500 validation rows.
// `xb @ w` is xb.matmul(w); x[0:bs] is x.index('0:bs'); `w -= g * lr` under no_grad is
// w.sub_(g.mul(lr)); input[range(n), target] is input.index(torch.arange(n), target);
// train_ds[a:b] is train_ds.getitem('a:b'); len(x) is x.shape[0], len(loader) loader.length.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

// MNIST data setup
//
// Instead of the MNIST download: seeded synthetic data of the same shapes.

/** n flattened 28x28 images in [0, 1) and their labels (the argmax of a linear map) */
function synthetic_mnist(n, w_true) {
  const x = torch.rand(n, 784).sub(0.8).mul(5).clamp({ min: 0 }); // 80% zeros, as MNIST's background
  const y = x.sub(0.1).matmul(w_true).argmax(1);
  return [x, y];
}


const w_true = torch.randn(784, 10);
let [x_train, y_train] = synthetic_mnist(2000, w_true);
const [x_valid, y_valid] = synthetic_mnist(500, w_true);

// Each image is 28 x 28, and is being stored as a flattened row of length
// 784 (=28x28).

print(x_train.shape);

// PyTorch uses `torch.tensor`; our synthetic data already is tensors.

const [n, c] = x_train.shape;
print(x_train, y_train);
print(x_train.shape);
print(y_train.min(), y_train.max());

// Neural net from scratch (no torch.nn)
//
// For the weights, we set `requires_grad` **after** the initialization, since we
// don't want that step included in the gradient.

const weights = torch.randn(784, 10).div(Math.sqrt(784));
weights.requires_grad_();
const bias = torch.zeros(10, { requires_grad: true });

// A plain matrix multiplication and broadcasted addition make a simple linear model,
// with our own `log_softmax` as the activation function.

function log_softmax(x) {
  return x.sub(x.exp().sum(-1).log().unsqueeze(-1));
}

let model = (xb) => log_softmax(xb.matmul(weights).add(bias));

// One *forward pass* on one batch of data (in this case, 64 images).

const bs = 64; // batch size

let xb = x_train.index(`0:${bs}`); // a mini-batch from x
const preds = model(xb); // predictions
print(preds.index(0), preds.shape);

// Negative log-likelihood as the loss function (again, standard JavaScript):


function nll(input, target) {
  return input.index(torch.arange(target.shape[0]), target).mean().neg();
}

let loss_func = nll;

// Let's check our loss with our random model.

let yb = y_train.index(`0:${bs}`);
print(loss_func(preds, yb));


// The accuracy of our model: for each prediction, if the index with the largest value
// matches the target value, then the prediction was correct.

function accuracy(out, yb) {
  const preds = torch.argmax(out, { dim: 1 });
  return preds.eq(yb).float().mean();
}

print(accuracy(preds, yb));

// The training loop.

let lr = 0.5; // learning rate
const epochs = 2; // how many epochs to train for

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const start_i = i * bs;
    const end_i = start_i + bs;
    xb = x_train.index(`${start_i}:${end_i}`);
    yb = y_train.index(`${start_i}:${end_i}`);
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    torch.no_grad(() => {
      weights.sub_(weights.grad.mul(lr));
      bias.sub_(bias.grad.mul(lr));
      weights.grad.zero_();
      bias.grad.zero_();
    });
  }
}

// Let's check the loss and accuracy and compare those to what we got earlier.

print(loss_func(model(xb), yb), accuracy(model(xb), yb));

// Using torch.nn.functional

const F = torch.nn.functional;

loss_func = F.cross_entropy;

model = (xb) => xb.matmul(weights).add(bias);

// Our loss and accuracy are the same as before:

print(loss_func(model(xb), yb), accuracy(model(xb), yb));

// Refactor using nn.Module

const nn = torch.nn;

let Mnist_Logistic = class Mnist_Logistic extends nn.Module {
  constructor() {
    super();
    this.weights = nn.Parameter(torch.randn(784, 10).div(Math.sqrt(784)));
    this.bias = nn.Parameter(torch.zeros(10));
  }

  forward(xb) {
    return xb.matmul(this.weights).add(this.bias);
  }
};

model = new Mnist_Logistic();

print(loss_func(model(xb), yb));

// We wrap our little training loop in a `fit` function so we can run it again later.

let fit = () => {
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
      const start_i = i * bs;
      const end_i = start_i + bs;
      const xb = x_train.index(`${start_i}:${end_i}`);
      const yb = y_train.index(`${start_i}:${end_i}`);
      const pred = model(xb);
      const loss = loss_func(pred, yb);

      loss.backward();
      torch.no_grad(() => {
        for (const p of model.parameters()) {
          p.sub_(p.grad.mul(lr));
        }
        model.zero_grad();
      });
    }
  }
};

fit();

// Let's double-check that our loss has gone down:

print(loss_func(model(xb), yb));

// Refactor using nn.Linear

Mnist_Logistic = class Mnist_Logistic extends nn.Module {
  constructor() {
    super();
    this.lin = nn.Linear(784, 10);
  }

  forward(xb) {
    return this.lin(xb);
  }
};

model = new Mnist_Logistic();
print(loss_func(model(xb), yb));

fit();

print(loss_func(model(xb), yb));

// Refactor using optim

const optim = torch.optim;

function get_model() {
  const model = new Mnist_Logistic();
  return [model, optim.SGD(model.parameters(), { lr })];
}

let opt;
[model, opt] = get_model();
print(loss_func(model(xb), yb));

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const start_i = i * bs;
    const end_i = start_i + bs;
    xb = x_train.index(`${start_i}:${end_i}`);
    yb = y_train.index(`${start_i}:${end_i}`);
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

print(loss_func(model(xb), yb));

// Refactor using Dataset

const { TensorDataset } = torch.utils.data;

let train_ds = TensorDataset(x_train, y_train);

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    [xb, yb] = train_ds.getitem(`${i * bs}:${i * bs + bs}`);
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

print(loss_func(model(xb), yb));

// Refactor using DataLoader

const { DataLoader } = torch.utils.data;

train_ds = TensorDataset(x_train, y_train);
let train_dl = DataLoader(train_ds, { batch_size: bs });

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  for ([xb, yb] of train_dl) {
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

print(loss_func(model(xb), yb));

// Add validation

train_ds = TensorDataset(x_train, y_train);
train_dl = DataLoader(train_ds, { batch_size: bs, shuffle: true });

const valid_ds = TensorDataset(x_valid, y_valid);
let valid_dl = DataLoader(valid_ds, { batch_size: bs * 2 });

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  model.train();
  for (const [xb, yb] of train_dl) {
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }

  model.eval();
  // sum(loss_func(model(xb), yb) for xb, yb in valid_dl): Python's sum starts from 0
  let valid_loss = torch.tensor(0);
  torch.no_grad(() => {
    for (const [xb, yb] of valid_dl) valid_loss = valid_loss.add(loss_func(model(xb), yb));
  });

  print(epoch, valid_loss.div(valid_dl.length));
}

// Create fit() and get_data()


function loss_batch(model, loss_func, xb, yb, opt = null) {
  const loss = loss_func(model(xb), yb);

  if (opt !== null) {
    loss.backward();
    opt.step();
    opt.zero_grad();
  }

  return [loss.item(), xb.shape[0]];
}

// numpy's sum(multiply(losses, nums)) / sum(nums), in float64
fit = (epochs, model, loss_func, opt, train_dl, valid_dl) => {
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    for (const [xb, yb] of train_dl) {
      loss_batch(model, loss_func, xb, yb, opt);
    }

    model.eval();
    const [losses, nums] = [[], []];
    torch.no_grad(() => {
      for (const [xb, yb] of valid_dl) {
        const [l, k] = loss_batch(model, loss_func, xb, yb);
        losses.push(l);
        nums.push(k);
      }
    });
    const val_loss = losses.reduce((s, l, i) => s + l * nums[i], 0) / nums.reduce((s, k) => s + k, 0);

    print(epoch, val_loss);
  }
};


function get_data(train_ds, valid_ds, bs) {
  return [
    DataLoader(train_ds, { batch_size: bs, shuffle: true }),
    DataLoader(valid_ds, { batch_size: bs * 2 }),
  ];
}

[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
[model, opt] = get_model();
fit(epochs, model, loss_func, opt, train_dl, valid_dl);

// Switch to CNN
//
// We are now going to build our neural network with three convolutional layers.
// Each convolution is followed by a ReLU.  At the end, we perform an
// average pooling.  (Note that `view` is PyTorch's version of numpy's
// `reshape`)

class Mnist_CNN extends nn.Module {
  constructor() {
    super();
    this.conv1 = nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 });
    this.conv2 = nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 });
    this.conv3 = nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 });
  }

  forward(xb) {
    xb = xb.view(-1, 1, 28, 28);
    xb = F.relu(this.conv1(xb));
    xb = F.relu(this.conv2(xb));
    xb = F.relu(this.conv3(xb));
    xb = F.avg_pool2d(xb, 4);
    return xb.view(-1, xb.size(1));
  }
}

lr = 0.1;

// Momentum is a variation on stochastic gradient descent that takes previous
// updates into account as well and generally leads to faster training.

model = new Mnist_CNN();
opt = optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

// nn.Sequential
//
// `Lambda` will create a layer that we can then use when defining a network with
// `Sequential`.

class Lambda extends nn.Module {
  constructor(func) {
    super();
    this.func = func;
  }

  forward(x) {
    return this.func(x);
  }
}


let preprocess = (x) => x.view(-1, 1, 28, 28);

// The model created with `Sequential` is simply:

model = nn.Sequential(
  new Lambda(preprocess),
  nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.AvgPool2d(4),
  new Lambda((x) => x.view(x.size(0), -1)),
);

opt = optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

// Wrapping DataLoader
//
// First, we can remove the initial Lambda layer by moving the data preprocessing
// into a generator:

preprocess = (x, y) => [x.view(-1, 1, 28, 28), y];


class WrappedDataLoader {
  constructor(dl, func) {
    this.dl = dl;
    this.func = func;
  }

  get length() {
    return this.dl.length;
  }

  *[Symbol.iterator]() {
    const batches = this.dl[Symbol.iterator]();
    for (const b of batches) {
      yield this.func(...b);
    }
  }
}

[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
train_dl = new WrappedDataLoader(train_dl, preprocess);
valid_dl = new WrappedDataLoader(valid_dl, preprocess);

// Next, we can replace `nn.AvgPool2d` with `nn.AdaptiveAvgPool2d`.

model = nn.Sequential(
  nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 }),
  nn.ReLU(),
  nn.AdaptiveAvgPool2d(1),
  new Lambda((x) => x.view(x.size(0), -1)),
);

opt = optim.SGD(model.parameters(), { lr, momentum: 0.9 });

// Let's try it out:

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

// Using your GPU

print(torch.cuda.is_available());

// And then create a device object for it:

const dev = torch.cuda.is_available() ? torch.device('cuda') : torch.device('cpu');

// Let's update `preprocess` to move batches to the GPU:


preprocess = (x, y) => [x.view(-1, 1, 28, 28).to(dev), y.to(dev)];


[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
train_dl = new WrappedDataLoader(train_dl, preprocess);
valid_dl = new WrappedDataLoader(valid_dl, preprocess);

// Finally, we can move our model to the GPU.

model.to(dev);
opt = optim.SGD(model.parameters(), { lr, momentum: 0.9 });

// You should find it runs faster now:

fit(epochs, model, loss_func, opt, train_dl, valid_dl);
