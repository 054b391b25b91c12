// Port of pytorch/tutorials beginner_source/introyt/tensors_deeper_tutorial.py ("Introduction to
// PyTorch on YouTube: Introduction to PyTorch Tensors"; python/ beside this file), line by line,
// its first part (up to "More Math with Tensors", as the adapted Python). `a * b` is a.mul(b),
// `x ** 2` is x.pow(2); a Python tuple of ints is an array with dtype torch.long (a JavaScript
// number array makes float32); type(x) is type(x) from py.mjs with the class name.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';


// Creating Tensors

let x = torch.empty(3, 4);
print(x instanceof torch.Tensor ? "<class 'torch.Tensor'>" : typeof x);
print(x);

const zeros = torch.zeros(2, 3);
print(zeros);

let ones = torch.ones(2, 3);
print(ones);

torch.manual_seed(1729);
const random = torch.rand(2, 3);
print(random);


// Random Tensors and Seeding

torch.manual_seed(1729);
const random1 = torch.rand(2, 3);
print(random1);

const random2 = torch.rand(2, 3);
print(random2);

torch.manual_seed(1729);
const random3 = torch.rand(2, 3);
print(random3);

const random4 = torch.rand(2, 3);
print(random4);


// Tensor Shapes

x = torch.empty(2, 2, 3);
print(x.shape);
print(x);

const empty_like_x = torch.empty_like(x);
print(empty_like_x.shape);
print(empty_like_x);

const zeros_like_x = torch.zeros_like(x);
print(zeros_like_x.shape);
print(zeros_like_x);

const ones_like_x = torch.ones_like(x);
print(ones_like_x.shape);
print(ones_like_x);

const rand_like_x = torch.rand_like(x);
print(rand_like_x.shape);
print(rand_like_x);

const some_constants = torch.tensor([[3.1415926, 2.71828], [1.61803, 0.0072897]]);
print(some_constants);

const some_integers = torch.tensor([2, 3, 5, 7, 11, 13, 17, 19], { dtype: torch.long });
print(some_integers);

const more_integers = torch.tensor([[2, 4, 6], [3, 6, 9]], { dtype: torch.long });
print(more_integers);


// Tensor Data Types

let a = torch.ones([2, 3], { dtype: torch.int16 });
print(a);

let b = torch.rand([2, 3], { dtype: torch.float64 }).mul(20.);
print(b);

let c = b.to(torch.int32);
print(c);


// Math & Logic with PyTorch Tensors

ones = torch.zeros(2, 2).add(1);
const twos = torch.ones(2, 2).mul(2);
const threes = torch.ones(2, 2).mul(7).sub(1).div(2);
const fours = twos.pow(2);
const sqrt2s = twos.pow(0.5);

print(ones);
print(twos);
print(threes);
print(fours);
print(sqrt2s);

const powers2 = twos.pow(torch.tensor([[1, 2], [3, 4]], { dtype: torch.long }));
print(powers2);

const fives = ones.add(fours);
print(fives);

const dozens = threes.mul(fours);
print(dozens);


// In Brief: Tensor Broadcasting

const rand = torch.rand(2, 4);
const doubled = rand.mul(torch.ones(1, 4).mul(2));

print(rand);
print(doubled);

a = torch.ones(4, 3, 2);

b = a.mul(torch.rand(3, 2)); // 3rd & 2nd dims identical to a, dim 1 absent
print(b);

c = a.mul(torch.rand(3, 1)); // 3rd dim = 1, 2nd dim identical to a
print(c);

const d = a.mul(torch.rand(1, 2)); // 3rd dim identical to a, 2nd dim = 1
print(d);
