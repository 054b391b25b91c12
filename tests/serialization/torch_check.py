#!/usr/bin/python3
"""Loads files webtorch wrote with real PyTorch and prints what it sees, as JSON (used by
tests/serialization/save.test.ts):  torch_check.py FILE...

Each file is loaded with weights_only=True first (PyTorch 1.13's restricted unpickler knows no
BINFLOAT, so files holding Python floats fall back to a plain torch.load, which is reported).
"""
import collections
import json
import math
import sys
import zipfile

import torch


def num(v):
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
    return v


def describe(value, storages):
    if isinstance(value, torch.Tensor):
        group = storages.setdefault(value.storage().data_ptr(), len(storages))
        return {
            '__tensor__': True,
            'parameter': isinstance(value, torch.nn.Parameter),
            'dtype': str(value.dtype).replace('torch.', ''),
            'shape': list(value.shape),
            'stride': list(value.stride()),
            'offset': value.storage_offset(),
            'requires_grad': value.requires_grad,
            'storage': group,
            'storage_numel': len(value.storage()),
            'values': [num(v) for v in value.detach().reshape(-1).tolist()],
        }
    if isinstance(value, dict):
        return {'__dict__': [[describe(k, storages), describe(v, storages)] for k, v in value.items()],
                'ordered': isinstance(value, collections.OrderedDict),
                'metadata': describe(getattr(value, '_metadata', None), storages)}
    if isinstance(value, (list, tuple)):
        return [describe(v, storages) for v in value]
    if isinstance(value, float):
        return {'__float__': num(value)}
    return num(value)


out = {}
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    offsets = {}
    for info in z.infolist():
        # where each record's data starts: PyTorch aligns them to 64 bytes
        with open(path, 'rb') as f:
            f.seek(info.header_offset + 26)
            n, m = int.from_bytes(f.read(2), 'little'), int.from_bytes(f.read(2), 'little')
        offsets[info.filename] = info.header_offset + 30 + n + m
    try:
        value = torch.load(path, weights_only=True)
        weights_only = True
    except Exception as e:  # noqa: BLE001
        value = torch.load(path)
        weights_only = str(e)
    out[path] = {'value': describe(value, {}), 'weights_only': weights_only, 'records': offsets,
                 'compressed': [i.filename for i in z.infolist() if i.compress_type != zipfile.ZIP_STORED]}
print(json.dumps(out))
