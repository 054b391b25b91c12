// Port of pytorch/tutorials beginner_source/introyt/trainingyt.py ("Introduction to PyTorch on
// YouTube: Training with PyTorch"; python/ beside this file), line by line. As in the adapted
// Python: seeded synthetic FashionMNIST-shaped data (240 training, 40 validation images), 2
// epochs, the loss reported every 20 batches, no TensorBoard or matplotlib, the best model saved
// to bytes (torch.save(obj) returns a Uint8Array). '{}'.format(v) is `${v}` (a 0-d tensor formats
// as its item()); `running_vloss += vloss` starts from the number 0.0, so it is
// vloss.add(running_vloss) on the first batch (0.0 + t is t + 0.0); `avg_vloss < best_vloss` is
// avg_vloss.lt(best_vloss).item(); next(dataiter) is dataiter.next().value.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

const templates = torch.rand(10, 1, 28, 28).mul(2).sub(1); // one noisy template per class


function synthetic_fashion_mnist(n) {
  const labels = torch.randint(0, 10, [n]);
  const images = templates.index(labels).add(torch.randn(n, 1, 28, 28).mul(0.5)).clamp(-1, 1);
  return torch.utils.data.TensorDataset(images, labels);
}


// Create datasets for training & validation
const training_set = synthetic_fashion_mnist(240);
const validation_set = synthetic_fashion_mnist(40);

// Create data loaders for our datasets; shuffle for training, not for validation
const training_loader = torch.utils.data.DataLoader(training_set, { batch_size: 4, shuffle: true, num_workers: 0 });
const validation_loader = torch.utils.data.DataLoader(validation_set, { batch_size: 4, shuffle: false, num_workers: 0 });

// Class labels
const classes = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle Boot'];

// Report split sizes
print(`Training set has ${training_set.length} instances`);
print(`Validation set has ${validation_set.length} instances`);


// As always, let's visualize the data as a sanity check (here: the labels):

const dataiter = training_loader[Symbol.iterator]();
const [images, labels] = dataiter.next().value;

print([0, 1, 2, 3].map((j) => classes[labels.index(j).item()]).join('  '));


// The Model

const nn = torch.nn;
const F = torch.nn.functional;

// PyTorch models inherit from torch.nn.Module
class GarmentClassifier extends nn.Module {
  constructor() {
    super();
    this.conv1 = nn.Conv2d(1, 6, 5);
    this.pool = nn.MaxPool2d(2, 2);
    this.conv2 = nn.Conv2d(6, 16, 5);
    this.fc1 = nn.Linear(16 * 4 * 4, 120);
    this.fc2 = nn.Linear(120, 84);
    this.fc3 = nn.Linear(84, 10);
  }

  forward(x) {
    x = this.pool(F.relu(this.conv1(x)));
    x = this.pool(F.relu(this.conv2(x)));
    x = x.view(-1, 16 * 4 * 4);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    x = this.fc3(x);
    return x;
  }
}


const model = new GarmentClassifier();


// Loss Function

const loss_fn = torch.nn.CrossEntropyLoss();

// NB: Loss functions expect data in batches, so we're creating batches of 4
// Represents the model's confidence in each of the 10 classes for a given input
const dummy_outputs = torch.rand(4, 10);
// Represents the correct class among the 10 being tested
const dummy_labels = torch.tensor([1, 5, 3, 7], { dtype: torch.long });

print(dummy_outputs);
print(dummy_labels);

const loss = loss_fn(dummy_outputs, dummy_labels);
print(`Total loss for this batch: ${loss.item()}`);


// Optimizer

// Optimizers specified in the torch.optim package
const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.001, momentum: 0.9 });


// The Training Loop

function train_one_epoch(epoch_index) {
  let running_loss = 0.;
  let last_loss = 0.;

  // Here, we use a counted loop over training_loader
  // so that we can track the batch
  // index and do some intra-epoch reporting
  let i = 0;
  for (const data of training_loader) {
    // Every data instance is an input + label pair
    const [inputs, labels] = data;

    // Zero your gradients for every batch!
    optimizer.zero_grad();

    // Make predictions for this batch
    const outputs = model(inputs);

    // Compute the loss and its gradients
    const loss = loss_fn(outputs, labels);
    loss.backward();

    // Adjust learning weights
    optimizer.step();

    // Gather data and report
    running_loss += loss.item();
    if (i % 20 === 19) {
      last_loss = running_loss / 20; // loss per batch
      print(`  batch ${i + 1} loss: ${last_loss}`);
      running_loss = 0.;
    }
    i++;
  }

  return last_loss;
}


// Per-Epoch Activity

let epoch_number = 0;

const EPOCHS = 2;

let best_vloss = 1_000_000.;
let model_bytes;

for (let epoch = 0; epoch < EPOCHS; epoch++) {
  print(`EPOCH ${epoch_number + 1}:`);

  // Make sure gradient tracking is on, and do a pass over the data
  model.train(true);
  const avg_loss = train_one_epoch(epoch_number);

  // We don't need gradients on to do reporting
  model.train(false);

  let running_vloss = 0.0;
  let i = 0;
  for (const vdata of validation_loader) {
    const [vinputs, vlabels] = vdata;
    const voutputs = model(vinputs);
    const vloss = loss_fn(voutputs, vlabels);
    running_vloss = typeof running_vloss === 'number' ? vloss.add(running_vloss) : running_vloss.add(vloss);
    i++;
  }

  const avg_vloss = running_vloss.div(i);
  print(`LOSS train ${avg_loss} valid ${avg_vloss.item()}`);

  // Track best performance, and save the model's state
  if (avg_vloss.lt(best_vloss).item()) {
    best_vloss = avg_vloss;
    model_bytes = torch.save(model.state_dict());
    print('saved the model of epoch', epoch_number);
  }

  epoch_number += 1;
}


// To load a saved version of the model:

const saved_model = new GarmentClassifier();
saved_model.load_state_dict(torch.load(model_bytes));
print(torch.equal(saved_model.fc3.weight, model.fc3.weight));
