// Port of pytorch/tutorials beginner_source/basics/tensorqs_tutorial.py ("Learn the Basics:
// Tensors"; python/ beside this file), line by line. JavaScript differences, as the README lists:
// integer data needs an explicit dtype (torch.tensor([[1, 2]]) is float32 here), x[...] is
// x.index(...), NumPy arrays are TypedArrays (printed the NumPy way by npstr).
import * as torch from 'webtorch';
import { npstr, print, pyFloat, type } from './py.mjs';
torch.manual_seed(0);


// Initializing a Tensor
//
// **Directly from data**

const data = [[1, 2], [3, 4]];
const x_data = torch.tensor(data, { dtype: torch.int64 });

// **From a NumPy array** (a TypedArray, reshaped after)
const np_array = BigInt64Array.from(data.flat(), BigInt);
const x_np = torch.from_numpy(np_array).reshape(2, 2);


// **From another tensor:**

const x_ones = torch.ones_like(x_data); // retains the properties of x_data
print(`Ones Tensor: \n ${x_ones} \n`);

const x_rand = torch.rand_like(x_data, { dtype: torch.float }); // overrides the datatype of x_data
print(`Random Tensor: \n ${x_rand} \n`);


// **With random or constant values:**

const shape = [2, 3];
const rand_tensor = torch.rand(shape);
const ones_tensor = torch.ones(shape);
const zeros_tensor = torch.zeros(shape);

print(`Random Tensor: \n ${rand_tensor} \n`);
print(`Ones Tensor: \n ${ones_tensor} \n`);
print(`Zeros Tensor: \n ${zeros_tensor}`);


// Attributes of a Tensor

let tensor = torch.rand(3, 4);

print(`Shape of tensor: ${tensor.shape}`);
print(`Datatype of tensor: ${tensor.dtype}`);
print(`Device tensor is stored on: ${tensor.device}`);


// Operations on Tensors

// We move our tensor to the GPU if available
if (torch.cuda.is_available()) {
  tensor = tensor.to('cuda');
}


// **Standard numpy-like indexing and slicing:**

tensor = torch.ones(4, 4);
print('First row: ', tensor.index(0));
print('First column: ', tensor.index(':, 0'));
print('Last column:', tensor.index('..., -1'));
tensor.index(':, 1').fill_(0);
print(tensor);

// **Joining tensors**
const t1 = torch.cat([tensor, tensor, tensor], { dim: 1 });
print(t1);


// **Arithmetic operations**

// This computes the matrix multiplication between two tensors. y1, y2, y3 will have the same value
const y1 = tensor.matmul(tensor.T);
const y2 = tensor.matmul(tensor.T);

const y3 = torch.rand_like(tensor);
torch.matmul(tensor, tensor.T, { out: y3 });


// This computes the element-wise product. z1, z2, z3 will have the same value
const z1 = tensor.mul(tensor);
const z2 = tensor.mul(tensor);

const z3 = torch.rand_like(tensor);
torch.mul(tensor, tensor, { out: z3 });


// **Single-element tensors**

const agg = tensor.sum();
const agg_item = agg.item();
print(pyFloat(agg_item), type(agg_item));


// **In-place operations**

print(tensor, '\n');
tensor.add_(5);
print(tensor);


// Bridge with NumPy

// Tensor to NumPy array
let t = torch.ones(5);
print(`t: ${t}`);
let n = t.numpy();
print(`n: ${npstr(n)}`);

// A change in the tensor reflects in the NumPy array.

t.add_(1);
print(`t: ${t}`);
print(`n: ${npstr(n)}`);


// NumPy array to Tensor
n = new Float64Array(5).fill(1);
t = torch.from_numpy(n);

// Changes in the NumPy array reflects in the tensor.
n.forEach((v, i) => { n[i] = v + 1; });
print(`t: ${t}`);
print(`n: ${npstr(n)}`);
