// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/nlp/deep_learning_tutorial.py ("Deep Learning for NLP
// with PyTorch: Deep Learning with PyTorch", by Robert Guthrie; python/ beside this file), line by
// line. autograd.Variable(t) is t itself (PyTorch 0.4 merged Variable into Tensor), so the port
// drops it; a dict is a Map printed as Python prints a dict; vec[i] += 1 is vec.index(i).add_(1);
// torch.LongTensor([i]) is torch.tensor([i], {dtype: torch.long}); next(model.parameters()) is
// [...model.parameters()][0]; x[:, i] is x.index(':', i).
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
const nn = torch.nn;
const F = torch.nn.functional;
const optim = torch.optim;

torch.manual_seed(1);


const lin = nn.Linear(5, 3); // maps from R^5 to R^3, parameters A, b
// data is 2x5.  A maps from 5 to 3... can we map "data" under A?
let data = torch.randn(2, 5);
print(lin(data)); // yes


// Non-Linearities

// In pytorch, most non-linearities are in torch.functional (we have it imported as F)
// Note that non-linearites typically don't have parameters like affine maps do.
// That is, they don't have weights that are updated during training.
data = torch.randn(2, 2);
print(data);
print(F.relu(data));


// Softmax and Probabilities

// Softmax is also in torch.nn.functional
data = torch.randn(5);
print(data);
print(F.softmax(data, { dim: 0 }));
print(F.softmax(data, { dim: 0 }).sum()); // Sums to 1 because it is a distribution!
print(F.log_softmax(data, { dim: 0 })); // theres also log_softmax


// Example: Logistic Regression Bag-of-Words classifier

data = [['me gusta comer en la cafeteria'.split(' '), 'SPANISH'],
  ['Give it to me'.split(' '), 'ENGLISH'],
  ['No creo que sea una buena idea'.split(' '), 'SPANISH'],
  ['No it is not a good idea to get lost at sea'.split(' '), 'ENGLISH']];

const test_data = [['Yo creo que si'.split(' '), 'SPANISH'],
  ['it is lost on me'.split(' '), 'ENGLISH']];

// word_to_ix maps each word in the vocab to a unique integer, which will be its
// index into the Bag of words vector
const word_to_ix = new Map();
for (const [sent] of [...data, ...test_data]) {
  for (const word of sent) {
    if (!word_to_ix.has(word)) {
      word_to_ix.set(word, word_to_ix.size);
    }
  }
}
print(`{${[...word_to_ix].map(([w, i]) => `'${w}': ${i}`).join(', ')}}`);

const VOCAB_SIZE = word_to_ix.size;
const NUM_LABELS = 2;


class BoWClassifier extends nn.Module { // inheriting from nn.Module!

  constructor(num_labels, vocab_size) {
    // calls the init function of nn.Module.  Dont get confused by syntax,
    // just always do it in an nn.Module
    super();

    // Define the parameters that you will need.  In this case, we need A and b,
    // the parameters of the affine mapping.
    // Torch defines nn.Linear(), which provides the affine map.
    // Make sure you understand why the input dimension is vocab_size
    // and the output is num_labels!
    this.linear = nn.Linear(vocab_size, num_labels);

    // NOTE! The non-linearity log softmax does not have parameters! So we don't need
    // to worry about that here
  }

  forward(bow_vec) {
    // Pass the input through the linear layer,
    // then pass that through log_softmax.
    // Many non-linearities and other functions are in torch.nn.functional
    return F.log_softmax(this.linear(bow_vec), { dim: 1 });
  }
}


function make_bow_vector(sentence, word_to_ix) {
  const vec = torch.zeros(word_to_ix.size);
  for (const word of sentence) {
    vec.index(word_to_ix.get(word)).add_(1);
  }
  return vec.view(1, -1);
}


function make_target(label, label_to_ix) {
  return torch.tensor([label_to_ix[label]], { dtype: torch.long });
}


const model = new BoWClassifier(NUM_LABELS, VOCAB_SIZE);

// the model knows its parameters.  The first output below is A, the second is b.
for (const param of model.parameters()) {
  print(param);
}

// To run the model, pass in a BoW vector
const sample = data[0];
const bow_vector = make_bow_vector(sample[0], word_to_ix);
let log_probs = model(bow_vector);
print(log_probs);


// Which of the above values corresponds to the log probability of ENGLISH,
// and which to SPANISH? We never defined it, but we need to if we want to
// train the thing.

const label_to_ix = { SPANISH: 0, ENGLISH: 1 };


// So lets train!

// Run on test data before we train, just to see a before-and-after
for (const [instance] of test_data) {
  const bow_vec = make_bow_vector(instance, word_to_ix);
  const log_probs = model(bow_vec);
  print(log_probs);
}

// Print the matrix column corresponding to "creo"
print([...model.parameters()][0].index(':', word_to_ix.get('creo')));

const loss_function = nn.NLLLoss();
const optimizer = optim.SGD(model.parameters(), { lr: 0.1 });

// Usually you want to pass over the training data several times.
// 100 is much bigger than on a real data set, but real datasets have more than
// two instances.  Usually, somewhere between 5 and 30 epochs is reasonable.
for (let epoch = 0; epoch < 100; epoch++) {
  for (const [instance, label] of data) {
    // Step 1. Remember that Pytorch accumulates gradients.
    // We need to clear them out before each instance
    model.zero_grad();

    // Step 2. Make our BOW vector and also we must wrap the target as an
    // integer. For example, if the target is SPANISH, then
    // we wrap the integer 0. The loss function then knows that the 0th
    // element of the log probabilities is the log probability
    // corresponding to SPANISH
    const bow_vec = make_bow_vector(instance, word_to_ix);
    const target = make_target(label, label_to_ix);

    // Step 3. Run our forward pass.
    log_probs = model(bow_vec);

    // Step 4. Compute the loss, gradients, and update the parameters by
    // calling optimizer.step()
    const loss = loss_function(log_probs, target);
    loss.backward();
    optimizer.step();
  }
}

for (const [instance] of test_data) {
  const bow_vec = make_bow_vector(instance, word_to_ix);
  const log_probs = model(bow_vec);
  print(log_probs);
}

// Index corresponding to Spanish goes up, English goes down!
print([...model.parameters()][0].index(':', word_to_ix.get('creo')));
