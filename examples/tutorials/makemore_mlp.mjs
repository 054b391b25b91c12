// Port of python/makemore_mlp.py (makemore part 2, the MLP character-level language model of
// Andrej Karpathy's lecture, written out as a script), line by line, on the built-in names of
// makemore_bigram.mjs: names shuffled by torch.randperm from a Generator seeded 42, 200 training
// steps, layers initialized with the lecture's part 3 scaling, sampling from a Generator seeded
// 2147483647 + 10. Python's dict is a Map; C[X] (an
// embedding lookup by a tensor of indices) is C.index(X); `p.data += -lr * p.grad` is
// p.data.add_(p.grad.mul(-lr)); torch.tensor of lists of ints is given dtype torch.long (a
// JavaScript number array makes float32); sum(p.nelement() for p in parameters) is a reduce.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
const F = torch.nn.functional;

let words = `emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily
elizabeth mila ella avery sofia camila aria scarlett victoria madison luna grace chloe penelope
layla riley zoey nora lily eleanor hannah lillian addison aubrey ellie stella natalie zoe leah
hazel violet aurora savannah audrey brooklyn bella claire skylar quinn xavier jack james liam
noah oliver william benjamin lucas henry alexander mason michael ethan daniel jacob logan jackson
levi sebastian mateo owen theodore aiden samuel joseph john david wyatt matthew luke asher carter
julian grayson leo jayden gabriel isaac lincoln anthony hudson dylan ezra thomas charles
christopher jaxon maverick josiah isaiah andrew elias joshua nathan caleb ryan adrian miles
eli nolan christian aaron cameron ezekiel colton luca landon hunter jonathan santiago axel
easton cooper jeremiah angel roman connor jameson robert greyson jordan ian carson jaxson
leonardo nicholas dominic austin everett brooks xander adam jose jace kevin quincy felix fiona
`.split(/\s+/).filter((w) => w);
print(words.length);

// build the vocabulary of characters and mappings to/from integers
const chars = [...new Set(words.join(''))].sort();
const stoi = new Map(chars.map((s, i) => [s, i + 1]));
stoi.set('.', 0);
const itos = new Map([...stoi].map(([s, i]) => [i, s]));
const vocab_size = itos.size;
print(vocab_size);

// build the dataset
const block_size = 3; // context length: how many characters do we take to predict the next one?


function build_dataset(words) {
  let X = [], Y = [];
  for (const w of words) {
    let context = Array(block_size).fill(0);
    for (const ch of w + '.') {
      const ix = stoi.get(ch);
      X.push(context);
      Y.push(ix);
      context = [...context.slice(1), ix]; // crop and append
    }
  }

  X = torch.tensor(X, { dtype: torch.long });
  Y = torch.tensor(Y, { dtype: torch.long });
  print(X.shape, Y.shape);
  return [X, Y];
}


const perm = torch.randperm(words.length, { generator: torch.Generator().manual_seed(42) }).tolist();
words = perm.map((i) => words[i]);
const n1 = Math.trunc(0.8 * words.length);
const n2 = Math.trunc(0.9 * words.length);

const [Xtr, Ytr] = build_dataset(words.slice(0, n1)); // 80%
const [Xdev, Ydev] = build_dataset(words.slice(n1, n2)); // 10%
const [Xte, Yte] = build_dataset(words.slice(n2)); // 10%
print(Xtr.index(':5'), Ytr.index(':5'));

// the embedding lookup table and the layers
let g = torch.Generator().manual_seed(2147483647); // for reproducibility
const C = torch.randn([vocab_size, 10], { generator: g });
const W1 = torch.randn([30, 200], { generator: g }).mul((5 / 3) / 30 ** 0.5); // kaiming init for tanh
const b1 = torch.randn(200, { generator: g }).mul(0.01);
const W2 = torch.randn([200, vocab_size], { generator: g }).mul(0.01);
const b2 = torch.randn(vocab_size, { generator: g }).mul(0);
const parameters = [C, W1, b1, W2, b2];
print(parameters.reduce((s, p) => s + p.nelement(), 0)); // number of parameters in total
for (const p of parameters) {
  p.requires_grad = true;
}

// indexing the table with a tensor of indices embeds every character of every context
let emb = C.index(Xtr.index(':4'));
print(emb.shape);
print(emb.view(-1, 30).shape);

const lossi = [];
let h, logits, loss;
for (let i = 0; i < 200; i++) {

  // minibatch construct
  const ix = torch.randint(0, Xtr.shape[0], [32], { generator: g });

  // forward pass
  emb = C.index(Xtr.index(ix)); // (32, 3, 10)
  h = torch.tanh(emb.view(-1, 30).matmul(W1).add(b1)); // (32, 200)
  logits = h.matmul(W2).add(b2); // (32, 27)
  loss = F.cross_entropy(logits, Ytr.index(ix));

  // backward pass
  for (const p of parameters) {
    p.grad = null;
  }
  loss.backward();

  // update
  const lr = i < 100 ? 0.1 : 0.01;
  for (const p of parameters) {
    p.data.add_(p.grad.mul(-lr));
  }

  // track stats
  lossi.push(loss.log10().item());
  if (i % 20 === 0) print(i, loss.item());
}

print(lossi.reduce((s, l) => s + l, 0) / lossi.length); // (the lecture plots lossi)

// the loss on the whole training and dev sets
emb = C.index(Xtr); // (N, 3, 10)
h = torch.tanh(emb.view(-1, 30).matmul(W1).add(b1)); // (N, 200)
logits = h.matmul(W2).add(b2); // (N, 27)
loss = F.cross_entropy(logits, Ytr);
print(loss);

emb = C.index(Xdev);
h = torch.tanh(emb.view(-1, 30).matmul(W1).add(b1));
logits = h.matmul(W2).add(b2);
loss = F.cross_entropy(logits, Ydev);
print(loss);

// sample from the model
g = torch.Generator().manual_seed(2147483647 + 10);

for (let k = 0; k < 10; k++) {

  const out = [];
  let context = Array(block_size).fill(0); // initialize with all ...
  while (true) {
    const emb = C.index(torch.tensor([context], { dtype: torch.long })); // (1, block_size, d)
    const h = torch.tanh(emb.view(1, -1).matmul(W1).add(b1));
    const logits = h.matmul(W2).add(b2);
    const probs = F.softmax(logits, { dim: 1 });
    const ix = torch.multinomial(probs, { num_samples: 1, generator: g }).item();
    context = [...context.slice(1), ix];
    out.push(ix);
    if (ix === 0) break;
  }

  print(out.map((i) => itos.get(i)).join(''));
}
