// Port of pytorch/tutorials beginner_source/basics/quickstart_tutorial.py ("Learn the Basics:
// Quickstart"; python/ beside this file), line by line. As in the adapted Python: seeded
// synthetic data of FashionMNIST's shapes instead of the download (1280 training, 320 test
// samples), 3 epochs, the loss printed every 5 batches, the model saved to bytes
// (torch.save(obj) returns a Uint8Array) instead of the file model.pth.
// f"{loss:>7f}" is format(loss, '>7f'); len(X) is X.shape[0]; dataset[i] is dataset.getitem(i).
import * as torch from '../../dist/index.js';
import { print, format } from './py.mjs';
const nn = torch.nn;
const { DataLoader, TensorDataset } = torch.utils.data;
torch.manual_seed(0);


/** n images of 1x28x28 pixels in [0, 1) and their labels (FashionMNIST with ToTensor()) */
function synthetic_fashion_mnist(n) {
  const X = torch.rand(n, 1, 28, 28);
  const y = X.flatten(1).index(':, :10').argmax(1);
  return TensorDataset(X, y);
}


// Training data (instead of the download).
const training_data = synthetic_fashion_mnist(1280);

// Test data (instead of the download).
const test_data = synthetic_fashion_mnist(320);

// We pass the `Dataset` as an argument to `DataLoader`. This wraps an iterable over our
// dataset, and supports automatic batching, sampling, shuffling and multiprocess data loading.

const batch_size = 64;

// Create data loaders.
const train_dataloader = DataLoader(training_data, { batch_size });
const test_dataloader = DataLoader(test_data, { batch_size });

for (const [X, y] of test_dataloader) {
  print('Shape of X [N, C, H, W]: ', X.shape);
  print('Shape of y: ', y.shape, y.dtype);
  break;
}

// Creating Models

// Get cpu or gpu device for training.
const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
print(`Using ${device} device`);

// Define model
class NeuralNetwork extends nn.Module {
  constructor() {
    super();
    this.flatten = nn.Flatten();
    this.linear_relu_stack = nn.Sequential(
      nn.Linear(28 * 28, 512),
      nn.ReLU(),
      nn.Linear(512, 512),
      nn.ReLU(),
      nn.Linear(512, 10),
      nn.ReLU(),
    );
  }

  forward(x) {
    x = this.flatten(x);
    const logits = this.linear_relu_stack(x);
    return logits;
  }
}

let model = new NeuralNetwork().to(device);
print(model);


// Optimizing the Model Parameters

const loss_fn = nn.CrossEntropyLoss();
const optimizer = torch.optim.SGD(model.parameters(), { lr: 1e-3 });


// In a single training loop, the model makes predictions on the training dataset (fed to it in
// batches), and backpropagates the prediction error to adjust the model's parameters.

function train(dataloader, model, loss_fn, optimizer) {
  const size = dataloader.dataset.length;
  let batch = 0;
  for (let [X, y] of dataloader) {
    [X, y] = [X.to(device), y.to(device)];

    // Compute prediction error
    const pred = model(X);
    const loss = loss_fn(pred, y);

    // Backpropagation
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();

    if (batch % 5 === 0) {
      const [lossv, current] = [loss.item(), batch * X.shape[0]];
      print(`loss: ${format(lossv, '>7f')}  [${format(current, '>5d')}/${format(size, '>5d')}]`);
    }
    batch++;
  }
}

// We also check the model's performance against the test dataset to ensure it is learning.

function test(dataloader, model, loss_fn) {
  const size = dataloader.dataset.length;
  const num_batches = dataloader.length;
  model.eval();
  let [test_loss, correct] = [0, 0];
  torch.no_grad(() => {
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];
      const pred = model(X);
      test_loss += loss_fn(pred, y).item();
      correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
    }
  });
  test_loss /= num_batches;
  correct /= size;
  print(`Test Error: \n Accuracy: ${format(100 * correct, '>0.1f')}%, Avg loss: ${format(test_loss, '>8f')} \n`);
}

// The training process is conducted over several iterations (*epochs*).

const epochs = 3;
for (let t = 0; t < epochs; t++) {
  print(`Epoch ${t + 1}\n-------------------------------`);
  train(train_dataloader, model, loss_fn, optimizer);
  test(test_dataloader, model, loss_fn);
}
print('Done!');

// Saving Models
// A common way to save a model is to serialize the internal state dictionary (containing the
// model parameters). Here to bytes in memory instead of the file "model.pth".

const model_pth = torch.save(model.state_dict());
print('Saved PyTorch Model State to model_pth');


// Loading Models

model = new NeuralNetwork();
model.load_state_dict(torch.load(model_pth));

// This model can now be used to make predictions.

const classes = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

model.eval();
const [x, y] = [test_data.getitem(0)[0], test_data.getitem(0)[1]];
torch.no_grad(() => {
  const pred = model(x);
  const [predicted, actual] = [classes[pred.index(0).argmax(0).item()], classes[y.item()]];
  print(`Predicted: "${predicted}", Actual: "${actual}"`);
});
