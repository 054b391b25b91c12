#!/usr/bin/python3
"""Loads the checkpoint examples/checkpoint/run.mjs saved with real PyTorch and checks it:
    /usr/bin/python3 examples/checkpoint/check.py out.pt"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ckpt = torch.load(sys.argv[1])
model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 3))
model.load_state_dict(ckpt['model'])
opt = torch.optim.Adam(model.parameters(), lr=0.02)
opt.load_state_dict(ckpt['optimizer'])
expected = json.load(open(os.path.join(HERE, 'expected.json')))
with torch.no_grad():
    logits = model(torch.tensor(expected['inputs']))
assert logits.argmax(1).tolist() == expected['classes'], logits
print(f"PyTorch loaded webtorch's checkpoint: epoch {ckpt['epoch']}, classes {logits.argmax(1).tolist()}, Adam state for {len(opt.state)} tensors")
