#!/usr/bin/python3
"""Trains a tiny classifier in PyTorch and writes what examples/checkpoint/run.mjs loads:

    /usr/bin/python3 examples/checkpoint/train.py

model.pt       the trained model's state_dict (torch.save, PyTorch's zip format)
checkpoint.pt  {epoch, model, optimizer, loss}: a training checkpoint with Adam's state
expected.json  test inputs and PyTorch's outputs for them, to compare webtorch's against
"""
import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)

# three classes of points on three arms of a spiral
n = 60
t = torch.linspace(0.2, 1.0, n)
xs, ys = [], []
for c in range(3):
    angle = t * 3.0 + c * 2 * math.pi / 3
    xs.append(torch.stack([t * torch.cos(angle), t * torch.sin(angle)], 1) + 0.02 * torch.randn(n, 2))
    ys.append(torch.full((n,), c, dtype=torch.int64))
X, Y = torch.cat(xs), torch.cat(ys)

model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(300):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(X), Y)
    loss.backward()
    opt.step()
accuracy = (model(X).argmax(1) == Y).float().mean().item()
print(f'loss {loss.item():.4f}, accuracy {accuracy:.3f}')

torch.save(model.state_dict(), os.path.join(HERE, 'model.pt'))
torch.save({'epoch': epoch + 1, 'model': model.state_dict(), 'optimizer': opt.state_dict(), 'loss': loss.item()},
           os.path.join(HERE, 'checkpoint.pt'))

test_x = torch.tensor([[0.5, 0.0], [-0.3, 0.4], [0.1, -0.6], [0.0, 0.0], [0.9, 0.2]])
with torch.no_grad():
    logits = model(test_x)
with open(os.path.join(HERE, 'expected.json'), 'w') as f:
    json.dump({'inputs': test_x.tolist(), 'logits': logits.tolist(), 'classes': logits.argmax(1).tolist(),
               'accuracy': accuracy}, f, indent=1)
    f.write('\n')
