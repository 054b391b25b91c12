// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/blitz/cifar10_tutorial.py ("Deep Learning with
// PyTorch: A 60 Minute Blitz: Training a Classifier"; python/ beside this file), line by line. As
// in the adapted Python: seeded synthetic data of CIFAR10's shapes instead of the download (240
// training, 400 test images), lr=0.01, the loss printed every 20 mini-batches, num_workers 0, no
// imshow.
// '%5s' % s is s.padStart(5), '%d' % v is Math.trunc(v), '%.3f' % v is v.toFixed(3);
// next(dataiter) is dataiter.next().value; templates[labels] is templates.index(labels).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

// Synthetic images of normalized range [-1, 1] and their labels.

const templates = torch.rand(10, 3, 32, 32).mul(2).sub(1); // one noisy template per class


function synthetic_cifar10(n) {
  const labels = torch.randint(0, 10, [n]);
  const images = templates.index(labels).add(torch.randn(n, 3, 32, 32).mul(0.5)).clamp(-1, 1);
  return torch.utils.data.TensorDataset(images, labels);
}


const trainset = synthetic_cifar10(240);
const trainloader = torch.utils.data.DataLoader(trainset, { batch_size: 4, shuffle: true, num_workers: 0 });

const testset = synthetic_cifar10(400);
const testloader = torch.utils.data.DataLoader(testset, { batch_size: 4, shuffle: false, num_workers: 0 });

const classes = ['plane', 'car', 'bird', 'cat',
  'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

// Let us show some of the training images' labels, for fun.

// get some random training images
let dataiter = trainloader[Symbol.iterator]();
let [images, labels] = dataiter.next().value;

// print labels
print([0, 1, 2, 3].map((j) => classes[labels.index(j).item()].padStart(5)).join(' '));


// 2. Define a Convolutional Neural Network

const nn = torch.nn;
const F = torch.nn.functional;


class Net extends nn.Module {
  constructor() {
    super();
    this.conv1 = nn.Conv2d(3, 6, 5);
    this.pool = nn.MaxPool2d(2, 2);
    this.conv2 = nn.Conv2d(6, 16, 5);
    this.fc1 = nn.Linear(16 * 5 * 5, 120);
    this.fc2 = nn.Linear(120, 84);
    this.fc3 = nn.Linear(84, 10);
  }

  forward(x) {
    x = this.pool(F.relu(this.conv1(x)));
    x = this.pool(F.relu(this.conv2(x)));
    x = x.view(-1, 16 * 5 * 5);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    x = this.fc3(x);
    return x;
  }
}


const net = new Net();

// 3. Define a Loss function and optimizer

const optim = torch.optim;

const criterion = nn.CrossEntropyLoss();
const optimizer = optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });

// 4. Train the network

for (let epoch = 0; epoch < 2; epoch++) { // loop over the dataset multiple times

  let running_loss = 0.0;
  let i = 0;
  for (const data of trainloader) {
    // get the inputs; data is a list of [inputs, labels]
    const [inputs, labels] = data;

    // zero the parameter gradients
    optimizer.zero_grad();

    // forward + backward + optimize
    const outputs = net(inputs);
    const loss = criterion(outputs, labels);
    loss.backward();
    optimizer.step();

    // print statistics
    running_loss += loss.item();
    if (i % 20 === 19) { // print every 20 mini-batches
      print(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${(running_loss / 20).toFixed(3)}`);
      running_loss = 0.0;
    }
    i++;
  }
}

print('Finished Training');

// 5. Test the network on the test data

dataiter = testloader[Symbol.iterator]();
[images, labels] = dataiter.next().value;

print('GroundTruth: ', [0, 1, 2, 3].map((j) => classes[labels.index(j).item()].padStart(5)).join(' '));

// Okay, now let us see what the neural network thinks these examples above are:

let outputs = net(images);

let [, predicted] = torch.max(outputs, 1);

print('Predicted: ', [0, 1, 2, 3].map((j) => classes[predicted.index(j).item()].padStart(5)).join(' '));

// Let us look at how the network performs on the whole dataset.

let correct = 0;
let total = 0;
torch.no_grad(() => {
  for (const data of testloader) {
    const [images, labels] = data;
    const outputs = net(images);
    const [, predicted] = torch.max(outputs.data, 1);
    total += labels.size(0);
    correct += predicted.eq(labels).sum().item();
  }
});

print(`Accuracy of the network on the 400 test images: ${Math.trunc(100 * correct / total)} %`);

// What are the classes that performed well, and the classes that did
// not perform well:

const class_correct = Array.from({ length: 10 }, () => 0.0);
const class_total = Array.from({ length: 10 }, () => 0.0);
torch.no_grad(() => {
  for (const data of testloader) {
    const [images, labels] = data;
    const outputs = net(images);
    const [, predicted] = torch.max(outputs, 1);
    const c = predicted.eq(labels).squeeze();
    for (let i = 0; i < 4; i++) {
      const label = labels.index(i).item();
      class_correct[label] += Number(c.index(i).item());
      class_total[label] += 1;
    }
  }
});


for (let i = 0; i < 10; i++) {
  print(`Accuracy of ${classes[i].padStart(5)} : ${String(Math.trunc(100 * class_correct[i] / class_total[i])).padStart(2)} %`);
}

// Training on GPU

const device = torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu');

// Assuming that we are on a CUDA machine, this should print a CUDA device:

print(device);
