// Port of python/makemore_bigram.py (makemore part 1, the bigram character-level language model
// of Andrej Karpathy's lecture, written out as a script), line by line: the counting model and
// the neural-net model on a small built-in list of names, sampling from a torch.Generator seeded
// 2147483647. Python's containers are JavaScript ones: a dict is a Map (it keeps insertion order),
// zip(chs, chs.slice(1)) a loop over pairs; f"{prob:.4f}" is format(prob.item(), '.4f'),
// f"{nll/n}" is `${nll.div(n).item()}`; N[ix1, ix2] += 1 is N.index(ix1, ix2).add_(1);
// log_likelihood = 0.0 is torch.tensor(0.0) (0.0 + tensor is that tensor); torch.tensor of a
// list of ints is given dtype torch.long (a JavaScript number array makes float32).
import * as torch from '../../dist/index.js';
import { print, format } from './py.mjs';
const F = torch.nn.functional;

const words = `emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily
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
/** Python's repr() of a str */
const repr = (s) => `'${s}'`;
/** zip(chs, chs[1:]) */
const pairs = (chs) => chs.slice(0, -1).map((ch, i) => [ch, chs[i + 1]]);
print(words.length, Math.min(...words.map((w) => w.length)), Math.max(...words.map((w) => w.length)));
print(`[${words.slice(0, 10).map(repr).join(', ')}]`);

// The bigrams of the first three names, with a start/end token.
for (const w of words.slice(0, 3)) {
  const chs = ['<S>', ...w, '<E>'];
  for (const [ch1, ch2] of pairs(chs)) {
    print(ch1, ch2);
  }
}

// Counting bigrams in a Map (Python's dict), most common first.
const b = new Map();
for (const w of words) {
  const chs = ['<S>', ...w, '<E>'];
  for (const [ch1, ch2] of pairs(chs)) {
    const bigram = `${ch1},${ch2}`;
    b.set(bigram, (b.get(bigram) ?? 0) + 1);
  }
}
print(`[${[...b.entries()].sort((x, y) => y[1] - x[1]).slice(0, 10).map(([k, v]) => `((${k.split(',').map(repr).join(', ')}), ${v})`).join(', ')}]`);

// The same counts in a 27x27 tensor: '.' (index 0) is both the start and the end token.
const chars = [...new Set(words.join(''))].sort();
const stoi = new Map(chars.map((s, i) => [s, i + 1]));
stoi.set('.', 0);
const itos = new Map([...stoi].map(([s, i]) => [i, s]));
print(chars.length, `{${[...itos].map(([i, s]) => `${i}: ${repr(s)}`).join(', ')}}`);

const N = torch.zeros([27, 27], { dtype: torch.int32 });
for (const w of words) {
  const chs = ['.', ...w, '.'];
  for (const [ch1, ch2] of pairs(chs)) {
    const ix1 = stoi.get(ch1);
    const ix2 = stoi.get(ch2);
    N.index(ix1, ix2).add_(1);
  }
}
print(N.index(0));
print(N.sum(), N.max());

// The first character, drawn from the first row's probabilities.
let p = N.index(0).float();
p = p.div(p.sum());
print(p);
let g = torch.Generator().manual_seed(2147483647);
let ix = torch.multinomial(p, { num_samples: 1, replacement: true, generator: g }).item();
print(itos.get(ix));

// A torch.multinomial example from the lecture.
g = torch.Generator().manual_seed(2147483647);
p = torch.rand(3, { generator: g });
p = p.div(p.sum());
print(p);
print(torch.multinomial(p, { num_samples: 100, replacement: true, generator: g }));

// The probability matrix, with add-one smoothing; each row sums to one (broadcasting).
const P = N.add(1).float();
P.div_(P.sum(1, { keepdims: true }));
print(P.index(0).sum(), P.sum(1).index(':5'));

// Sampling names from the counting model.
g = torch.Generator().manual_seed(2147483647);
for (let i = 0; i < 10; i++) {
  const out = [];
  let ix = 0;
  while (true) {
    const p = P.index(ix);
    ix = torch.multinomial(p, { num_samples: 1, replacement: true, generator: g }).item();
    out.push(itos.get(ix));
    if (ix === 0) break;
  }
  print(out.join(''));
}

// The quality of the model: the average negative log likelihood of the training bigrams.
let log_likelihood = torch.tensor(0.0);
let n = 0;
for (const w of words) {
  const chs = ['.', ...w, '.'];
  for (const [ch1, ch2] of pairs(chs)) {
    const ix1 = stoi.get(ch1);
    const ix2 = stoi.get(ch2);
    const prob = P.index(ix1, ix2);
    const logprob = torch.log(prob);
    log_likelihood = log_likelihood.add(logprob);
    n += 1;
    if (w === words[0]) print(`${ch1}${ch2}: ${format(prob.item(), '.4f')} ${format(logprob.item(), '.4f')}`);
  }
}
print(`log_likelihood=${log_likelihood}`);
const nll = log_likelihood.neg();
print(`nll=${nll}`);
print(`${nll.div(n).item()}`);

// The neural-net version: the training set of bigrams (x, y).
let xs = [], ys = [];
for (const w of words) {
  const chs = ['.', ...w, '.'];
  for (const [ch1, ch2] of pairs(chs)) {
    const ix1 = stoi.get(ch1);
    const ix2 = stoi.get(ch2);
    xs.push(ix1);
    ys.push(ix2);
  }
}
xs = torch.tensor(xs, { dtype: torch.long });
ys = torch.tensor(ys, { dtype: torch.long });
const num = xs.nelement();
print('number of examples: ', num);
print(xs.index(':5'), ys.index(':5'));

// One-hot inputs, a single linear layer of 27 neurons, softmax.
let xenc = F.one_hot(xs, { num_classes: 27 }).float();
print(xenc.shape, xenc.dtype);
print(xenc.index(':3'));

// Randomly initialize the 27 neurons' weights; each neuron receives 27 inputs.
g = torch.Generator().manual_seed(2147483647);
const W = torch.randn([27, 27], { generator: g, requires_grad: true });

// Gradient descent.
let loss;
for (let k = 0; k < 100; k++) {
  // forward pass
  const xenc = F.one_hot(xs, { num_classes: 27 }).float(); // input to the network: one-hot encoding
  const logits = xenc.matmul(W); // predict log-counts
  const counts = logits.exp(); // counts, equivalent to N
  const probs = counts.div(counts.sum(1, { keepdims: true })); // probabilities for next character
  loss = probs.index(torch.arange(num), ys).log().mean().neg().add(W.pow(2).mean().mul(0.01));
  if (k % 10 === 0) print(k, loss.item());

  // backward pass
  W.grad = null; // set to zero the gradient
  loss.backward();

  // update
  W.data.add_(W.grad.mul(-50));
}
print(loss.item());

// Sampling names from the neural net model.
g = torch.Generator().manual_seed(2147483647);
for (let i = 0; i < 10; i++) {
  const out = [];
  let ix = 0;
  while (true) {
    const xenc = F.one_hot(torch.tensor([ix], { dtype: torch.long }), { num_classes: 27 }).float();
    const logits = xenc.matmul(W); // predict log-counts
    const counts = logits.exp(); // counts, equivalent to N
    const p = counts.div(counts.sum(1, { keepdims: true })); // probabilities for next character
    ix = torch.multinomial(p, { num_samples: 1, replacement: true, generator: g }).item();
    out.push(itos.get(ix));
    if (ix === 0) break;
  }
  print(out.join(''));
}
