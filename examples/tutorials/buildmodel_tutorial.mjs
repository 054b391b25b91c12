// Port of pytorch/tutorials beginner_source/basics/buildmodel_tutorial.py ("Learn the Basics:
// Build the Neural Network"; python/ beside this file), line by line. A module is called as in
// Python, model(X); param[:2] is param.index(':2').
import * as torch from 'webtorch';
import { print } from './py.mjs';
const nn = torch.nn;
torch.manual_seed(0);


// Get Device for Training

const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
print(`Using ${device} device`);

// Define the Class

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

// We create an instance of ``NeuralNetwork``, and move it to the ``device``, and print
// its structure.

const model = new NeuralNetwork().to(device);
print(model);


// To use the model, we pass it the input data.

const X = torch.rand(1, 28, 28, { device });
let logits = model(X);
let pred_probab = nn.Softmax({ dim: 1 })(logits);
const y_pred = pred_probab.argmax(1);
print(`Predicted class: ${y_pred}`);


// Model Layers

let input_image = torch.rand(3, 28, 28);
print(input_image.size());

// nn.Flatten

const flatten = nn.Flatten();
const flat_image = flatten(input_image);
print(flat_image.size());

// nn.Linear
const layer1 = nn.Linear({ in_features: 28 * 28, out_features: 20 });
let hidden1 = layer1(flat_image);
print(hidden1.size());


// nn.ReLU

print(`Before ReLU: ${hidden1}\n\n`);
hidden1 = nn.ReLU()(hidden1);
print(`After ReLU: ${hidden1}`);


// nn.Sequential

const seq_modules = nn.Sequential(
  flatten,
  layer1,
  nn.ReLU(),
  nn.Linear(20, 10),
);
input_image = torch.rand(3, 28, 28);
logits = seq_modules(input_image);

// nn.Softmax

const softmax = nn.Softmax({ dim: 1 });
pred_probab = softmax(logits);


// Model Parameters

print('Model structure: ', model, '\n\n');

for (const [name, param] of model.named_parameters()) {
  print(`Layer: ${name} | Size: ${param.size()} | Values : ${param.index(':2')} \n`);
}
