// Port of pytorch/tutorials beginner_source/introyt/modelsyt_tutorial.py ("Introduction to
// PyTorch on YouTube: Building Models with PyTorch"; python/ beside this file), line by line. As
// in the original, LeNet and LSTMTagger are only defined (webtorch has no nn.LSTM yet; the
// tagger's constructor is never called). x.size()[1:] is x.size().slice(1); len(sentence) is
// sentence.shape[0]; `x * 20 + 5` is x.mul(20).add(5).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
torch.manual_seed(0);

class TinyModel extends torch.nn.Module {

  constructor() {
    super();

    this.linear1 = torch.nn.Linear(100, 200);
    this.activation = torch.nn.ReLU();
    this.linear2 = torch.nn.Linear(200, 10);
    this.softmax = torch.nn.Softmax();
  }

  forward(x) {
    x = this.linear1(x);
    x = this.activation(x);
    x = this.linear2(x);
    x = this.softmax(x);
    return x;
  }
}

const tinymodel = new TinyModel();

print('The model:');
print(tinymodel);

print('\n\nJust one layer:');
print(tinymodel.linear2);

print('\n\nModel params:');
for (const param of tinymodel.parameters()) {
  print(param);
}

print('\n\nLayer params:');
for (const param of tinymodel.linear2.parameters()) {
  print(param);
}

// Linear Layers

const lin = torch.nn.Linear(3, 2);
const x = torch.rand(1, 3);
print('Input:');
print(x);

print('\n\nWeight and Bias parameters:');
for (const param of lin.parameters()) {
  print(param);
}

const y = lin(x);
print('\n\nOutput:');
print(y);

// Convolutional Layers

const F = torch.nn.functional;


class LeNet extends torch.nn.Module {

  constructor() {
    super();
    // 1 input image channel (black & white), 6 output channels, 3x3 square convolution
    // kernel
    this.conv1 = torch.nn.Conv2d(1, 6, 5);
    this.conv2 = torch.nn.Conv2d(6, 16, 3);
    // an affine operation: y = Wx + b
    this.fc1 = torch.nn.Linear(16 * 6 * 6, 120); // 6*6 from image dimension
    this.fc2 = torch.nn.Linear(120, 84);
    this.fc3 = torch.nn.Linear(84, 10);
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
    let num_features = 1;
    for (const s of size) {
      num_features *= s;
    }
    return num_features;
  }
}

// Recurrent Layers

class LSTMTagger extends torch.nn.Module {

  constructor(embedding_dim, hidden_dim, vocab_size, tagset_size) {
    super();
    this.hidden_dim = hidden_dim;

    this.word_embeddings = torch.nn.Embedding(vocab_size, embedding_dim);

    // The LSTM takes word embeddings as inputs, and outputs hidden states
    // with dimensionality hidden_dim.
    this.lstm = torch.nn.LSTM(embedding_dim, hidden_dim);

    // The linear layer that maps from hidden state space to tag space
    this.hidden2tag = torch.nn.Linear(hidden_dim, tagset_size);
  }

  forward(sentence) {
    const embeds = this.word_embeddings(sentence);
    const [lstm_out] = this.lstm(embeds.view(sentence.shape[0], 1, -1));
    const tag_space = this.hidden2tag(lstm_out.view(sentence.shape[0], -1));
    const tag_scores = F.log_softmax(tag_space, { dim: 1 });
    return tag_scores;
  }
}

// Data Manipulation Layers

let my_tensor = torch.rand(1, 6, 6);
print(my_tensor);

const maxpool_layer = torch.nn.MaxPool2d(3);
print(maxpool_layer(my_tensor));

my_tensor = torch.rand(1, 4, 4).mul(20).add(5);
print(my_tensor);

print(my_tensor.mean());

const norm_layer = torch.nn.BatchNorm1d(4);
const normed_tensor = norm_layer(my_tensor);
print(normed_tensor);

print(normed_tensor.mean());

my_tensor = torch.rand(1, 4, 4);

const dropout = torch.nn.Dropout({ p: 0.4 });
print(dropout(my_tensor));
print(dropout(my_tensor));
