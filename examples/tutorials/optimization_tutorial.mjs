// Port of pytorch/tutorials beginner_source/basics/optimization_tutorial.py ("Learn the Basics:
// Optimizing Model Parameters"; python/ beside this file), line by line. As in the adapted Python:
// seeded synthetic data of FashionMNIST's shapes instead of the download (1280 training, 320 test
// samples), a shuffling training DataLoader, 3 epochs, the loss printed every 5 batches.
// f"{loss:>7f}" is format(loss, '>7f'); len(X) is X.shape[0]; len(dataset) is dataset.length.
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


const training_data = synthetic_fashion_mnist(1280);

const test_data = synthetic_fashion_mnist(320);

const train_dataloader = DataLoader(training_data, { batch_size: 64, shuffle: true });
const test_dataloader = DataLoader(test_data, { batch_size: 64 });

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
    );
  }

  forward(x) {
    x = this.flatten(x);
    const logits = this.linear_relu_stack(x);
    return logits;
  }
}

const model = new NeuralNetwork();


// Hyperparameters

const learning_rate = 1e-3;
const batch_size = 64;
let epochs = 5;


// Loss Function

// Initialize the loss function
let loss_fn = nn.CrossEntropyLoss();


// Optimizer

let optimizer = torch.optim.SGD(model.parameters(), { lr: learning_rate });


// Full Implementation
// We define `train_loop` that loops over our optimization code, and `test_loop` that
// evaluates the model's performance against our test data.

function train_loop(dataloader, model, loss_fn, optimizer) {
  const size = dataloader.dataset.length;
  // Set the model to training mode - important for batch normalization and dropout layers
  // Unnecessary in this situation but added for best practices
  model.train();
  let batch = 0;
  for (const [X, y] of dataloader) {
    // Compute prediction and loss
    const pred = model(X);
    const loss = loss_fn(pred, y);

    // Backpropagation
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();

    if (batch % 5 === 0) {
      const [lossv, current] = [loss.item(), batch * batch_size + X.shape[0]];
      print(`loss: ${format(lossv, '>7f')}  [${format(current, '>5d')}/${format(size, '>5d')}]`);
    }
    batch++;
  }
}


function test_loop(dataloader, model, loss_fn) {
  // Set the model to evaluation mode - important for batch normalization and dropout layers
  // Unnecessary in this situation but added for best practices
  model.eval();
  const size = dataloader.dataset.length;
  const num_batches = dataloader.length;
  let [test_loss, correct] = [0, 0];

  // Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
  // also serves to reduce unnecessary gradient computations and memory usage for tensors with requires_grad=True
  torch.no_grad(() => {
    for (const [X, y] of dataloader) {
      const pred = model(X);
      test_loss += loss_fn(pred, y).item();
      correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
    }
  });

  test_loss /= num_batches;
  correct /= size;
  print(`Test Error: \n Accuracy: ${format(100 * correct, '>0.1f')}%, Avg loss: ${format(test_loss, '>8f')} \n`);
}


// We initialize the loss function and optimizer, and pass it to `train_loop` and `test_loop`.

loss_fn = nn.CrossEntropyLoss();
optimizer = torch.optim.SGD(model.parameters(), { lr: learning_rate });

epochs = 3;
for (let t = 0; t < epochs; t++) {
  print(`Epoch ${t + 1}\n-------------------------------`);
  train_loop(train_dataloader, model, loss_fn, optimizer);
  test_loop(test_dataloader, model, loss_fn);
}
print('Done!');
