// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/nlp/word_embeddings_tutorial.py ("Deep Learning for
// NLP with PyTorch: Word Embeddings: Encoding Lexical Semantics", by Robert Guthrie; python/
// beside this file), line by line, with the adapted Python's sorted vocabularies.
// autograd.Variable(t) is t itself, so the port drops it; torch.LongTensor(list) is
// torch.tensor(list, {dtype: torch.long}); torch.Tensor([0]) is torch.tensor([0]); a dict is a
// Map; `total_loss += loss.data` is total_loss.add_(loss.data); lists print as Python's repr.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
const nn = torch.nn;
const F = torch.nn.functional;
const optim = torch.optim;

torch.manual_seed(1);

/** Python's repr() of a str, list or tuple (a tuple is given as {tuple: [...]}) */
const repr = (v) => (typeof v === 'string' ? (v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v}'`)
  : Array.isArray(v) ? `[${v.map(repr).join(', ')}]` : v && v.tuple ? `(${v.tuple.map(repr).join(', ')})` : String(v));

let word_to_ix = new Map([['hello', 0], ['world', 1]]);
const embeds = nn.Embedding(2, 5); // 2 words in vocab, 5 dimensional embeddings
const lookup_tensor = torch.tensor([word_to_ix.get('hello')], { dtype: torch.long });
const hello_embed = embeds(lookup_tensor);
print(hello_embed);


// An Example: N-Gram Language Modeling

let CONTEXT_SIZE = 2;
const EMBEDDING_DIM = 10;
// We will use Shakespeare Sonnet 2
const test_sentence = `When forty winters shall besiege thy brow,
And dig deep trenches in thy beauty's field,
Thy youth's proud livery so gazed on now,
Will be a totter'd weed of small worth held:
Then being asked, where all thy beauty lies,
Where all the treasure of thy lusty days;
To say, within thine own deep sunken eyes,
Were an all-eating shame, and thriftless praise.
How much more praise deserv'd thy beauty's use,
If thou couldst answer 'This fair child of mine
Shall sum my count, and make my old excuse,'
Proving his beauty by succession thine!
This were to be new made when thou art old,
And see thy blood warm when thou feel'st it cold.`.split(/\s+/);
// we should tokenize the input, but we will ignore that for now
// build a list of tuples.  Each tuple is ([ word_i-2, word_i-1 ], target word)
const trigrams = Array.from({ length: test_sentence.length - 2 }, (_, i) => [[test_sentence[i], test_sentence[i + 1]], test_sentence[i + 2]]);
// print the first 3, just so you can see what they look like
print(repr(trigrams.slice(0, 3).map((t) => ({ tuple: t }))));

let vocab = [...new Set(test_sentence)].sort();
word_to_ix = new Map(vocab.map((word, i) => [word, i]));


class NGramLanguageModeler extends nn.Module {

  constructor(vocab_size, embedding_dim, context_size) {
    super();
    this.embeddings = nn.Embedding(vocab_size, embedding_dim);
    this.linear1 = nn.Linear(context_size * embedding_dim, 128);
    this.linear2 = nn.Linear(128, vocab_size);
  }

  forward(inputs) {
    const embeds = this.embeddings(inputs).view([1, -1]);
    let out = F.relu(this.linear1(embeds));
    out = this.linear2(out);
    const log_probs = F.log_softmax(out, { dim: 1 });
    return log_probs;
  }
}


const losses = [];
const loss_function = nn.NLLLoss();
const model = new NGramLanguageModeler(vocab.length, EMBEDDING_DIM, CONTEXT_SIZE);
const optimizer = optim.SGD(model.parameters(), { lr: 0.001 });

for (let epoch = 0; epoch < 10; epoch++) {
  const total_loss = torch.tensor([0]);
  for (const [context, target] of trigrams) {

    // Step 1. Prepare the inputs to be passed to the model (i.e, turn the words
    // into integer indices)
    const context_idxs = context.map((w) => word_to_ix.get(w));
    const context_var = torch.tensor(context_idxs, { dtype: torch.long });

    // Step 2. Recall that torch *accumulates* gradients. Before passing in a
    // new instance, you need to zero out the gradients from the old
    // instance
    model.zero_grad();

    // Step 3. Run the forward pass, getting log probabilities over next
    // words
    const log_probs = model(context_var);

    // Step 4. Compute your loss function. (Again, Torch wants the target
    // word as a LongTensor)
    const loss = loss_function(log_probs, torch.tensor([word_to_ix.get(target)], { dtype: torch.long }));

    // Step 5. Do the backward pass and update the gradient
    loss.backward();
    optimizer.step();

    total_loss.add_(loss.data);
  }
  losses.push(total_loss);
}
print(`[${losses.join(', ')}]`); // The loss decreased every iteration over the training data!


// Exercise: Computing Word Embeddings: Continuous Bag-of-Words

CONTEXT_SIZE = 2; // 2 words to the left, 2 to the right
const raw_text = `We are about to study the idea of a computational process.
Computational processes are abstract beings that inhabit computers.
As they evolve, processes manipulate other abstract things called data.
The evolution of a process is directed by a pattern of rules
called a program. People create programs to direct processes. In effect,
we conjure the spirits of the computer with our spells.`.split(/\s+/);

// By deriving a set from `raw_text`, we deduplicate the array
vocab = [...new Set(raw_text)].sort();
const vocab_size = vocab.length;

word_to_ix = new Map(vocab.map((word, i) => [word, i]));
const data = [];
for (let i = 2; i < raw_text.length - 2; i++) {
  const context = [raw_text[i - 2], raw_text[i - 1],
    raw_text[i + 1], raw_text[i + 2]];
  const target = raw_text[i];
  data.push([context, target]);
}
print(repr(data.slice(0, 5).map((t) => ({ tuple: t }))));


// create your model and train.  here are some functions to help you make
// the data ready for use by your module


function make_context_vector(context, word_to_ix) {
  const idxs = context.map((w) => word_to_ix.get(w));
  const tensor = torch.tensor(idxs, { dtype: torch.long });
  return tensor;
}


print(make_context_vector(data[0][0], word_to_ix)); // example
