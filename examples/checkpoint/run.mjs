// Loads a model PyTorch trained (examples/checkpoint/train.py wrote model.pt and checkpoint.pt) and
// runs it in Node with webtorch, then saves a checkpoint PyTorch can load back:
//   node examples/checkpoint/run.mjs [out.pt]
//   /usr/bin/python3 examples/checkpoint/check.py out.pt     (PyTorch reads webtorch's file)
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'webtorch';

const here = dirname(fileURLToPath(import.meta.url));

// the same architecture as train.py
const model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 3));
// torch.load reads PyTorch's zip checkpoint: a state_dict is a plain object of tensors
const sd = torch.load(join(here, 'model.pt'));
console.log('state_dict keys:', Object.keys(sd).join(', '));
model.load_state_dict(sd);
model.eval();
const forward = (x) => model(x);

const expected = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8'));
const logits = torch.no_grad(() => forward(torch.tensor(expected.inputs)));
console.log('logits:', String(logits));
const maxDiff = Math.max(...logits.tolist().flat().map((v, i) => Math.abs(v - expected.logits.flat()[i])));
const classes = logits.argmax(1).tolist();
console.log(`classes ${JSON.stringify(classes)} (PyTorch: ${JSON.stringify(expected.classes)}), max |difference| ${maxDiff.toExponential(2)}`);
if (maxDiff > 1e-5 || JSON.stringify(classes) !== JSON.stringify(expected.classes)) throw new Error('webtorch disagrees with PyTorch');

// a training checkpoint: epoch, the model, Adam's state (int keys), the loss
const ckpt = torch.load(join(here, 'checkpoint.pt'));
console.log(`checkpoint: epoch ${ckpt.epoch}, loss ${ckpt.loss.toFixed(4)}, Adam step ${ckpt.optimizer.state[0].step.item()}, lr ${ckpt.optimizer.param_groups[0].lr}`);

// and back: webtorch writes PyTorch's format (torch.save(obj) without a path returns the bytes)
const out = process.argv[2] ?? join(tmpdir(), 'webtorch-checkpoint.pt');
torch.save({ epoch: ckpt.epoch + 1, model: model.state_dict(), optimizer: ckpt.optimizer, loss: ckpt.loss }, out);
console.log(`saved ${out}: ${torch.save(model.state_dict()).length} bytes for the state_dict alone`);
