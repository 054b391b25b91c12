// -*- coding: utf-8 -*-
// Port of pytorch/tutorials beginner_source/blitz/tensor_tutorial.py ("What is PyTorch?";
// python/ beside this file), line by line. x[:, 1] is x.index(':, 1'); NumPy arrays are
// TypedArrays (printed the NumPy way by npstr).
import * as torch from 'webtorch';
import { npstr, print } from './py.mjs';
torch.manual_seed(0);

// Construct a 5x3 matrix, uninitialized:

let x = torch.empty(5, 3);
print(x);

// Construct a randomly initialized matrix:

x = torch.rand(5, 3);
print(x);

// Construct a matrix filled zeros and of dtype long:

x = torch.zeros(5, 3, { dtype: torch.long });
print(x);

// Construct a tensor directly from data:

x = torch.tensor([5.5, 3]);
print(x);

// or create a tensor based on an existing tensor.

x = x.new_ones(5, 3, { dtype: torch.double }); // new_* methods take in sizes
print(x);

x = torch.randn_like(x, { dtype: torch.float }); // override dtype!
print(x); // result has the same size

// Get its size:

print(x.size());

// Addition: syntax 1
let y = torch.rand(5, 3);
print(x.add(y));

// Addition: syntax 2

print(torch.add(x, y));

// Addition: providing an output tensor as argument
const result = torch.empty(5, 3);
torch.add(x, y, { out: result });
print(result);

// Addition: in-place

// adds x to y
y.add_(x);
print(y);

// You can use standard NumPy-like indexing with all bells and whistles!

print(x.index(':, 1'));

// Resizing: If you want to resize/reshape tensor, you can use ``torch.view``:
x = torch.randn(4, 4);
y = x.view(16);
let z = x.view(-1, 8); // the size -1 is inferred from other dimensions
print(x.size(), y.size(), z.size());

// If you have a one element tensor, use ``.item()`` to get the value as a
// JavaScript number
x = torch.randn(1);
print(x);
print(x.item());

// Converting a Torch Tensor to a NumPy Array (a TypedArray)

let a = torch.ones(5);
print(a);

let b = a.numpy();
print(npstr(b));

// See how the numpy array changed in value.

a.add_(1);
print(a);
print(npstr(b));

// Converting NumPy Array to Torch Tensor

a = new Float64Array(5).fill(1);
b = torch.from_numpy(a);
a.forEach((v, i) => { a[i] = v + 1; });
print(npstr(a));
print(b);

// GPU tensors: let us run this cell only if a GPU is available
if (torch.cuda.is_available()) {
  const device = torch.device('cuda'); // a CUDA device object
  y = torch.ones_like(x, { device }); // directly create a tensor on GPU
  x = x.to(device); // or just use strings ``.to("cuda")``
  z = x.add(y);
  print(z);
  print(z.to('cpu', torch.double)); // ``.to`` can also change dtype together!
}
