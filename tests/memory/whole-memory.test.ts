// The core's whole 4 GiB: addresses past 2 GiB are unsigned in JS, an allocation the core cannot
// serve throws PyTorch's error and changes nothing, and freed blocks are reused.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { backendFor } from '../../src/backends/index.js';

const coreBytes = () => (backendFor('cpu') as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength;
/** A few small ops whose results are compared before and after the big allocations. */
const small = () => {
  const a = torch.tensor([[1.5, -2.25], [3.0, 0.125]]);
  const b = torch.arange(4).float().reshape(2, 2);
  return [a.mul(b).add(1).tolist(), a.matmul(b).tolist(), a.exp().sum().item(), torch.ones(3).sum().item(), b.t().contiguous().tolist()];
};

test('3 GB of live tensors, then small ops give the same results; the 4 GiB limit throws and changes nothing', () => {
  torch.set_backend('wasm');
  const expected = small();
  const N = 200_000_000; // 800 MB of float32 each: 3.2 GB in four
  const big: Tensor[] = [];
  for (let i = 0; i < 4; i++) big.push(torch.empty(N));
  const ptrs = big.map((t) => t.storage.ptr);
  expect(Math.max(...ptrs)).toBeGreaterThan(2 ** 31);
  expect(ptrs.every((p) => p > 0)).toBe(true);
  // the last elements of the highest block, written and read back through JS views
  const top = big[ptrs.indexOf(Math.max(...ptrs))];
  const tail = top.narrow(0, N - 3, 3);
  tail.copy_(torch.tensor([7.5, -1, 3]));
  expect(tail.tolist()).toEqual([7.5, -1, 3]);
  // a small tensor made now sits past 2 GiB too
  const high = torch.ones(4);
  expect(high.storage.ptr).toBeGreaterThan(2 ** 31);
  expect(small()).toEqual(expected);

  // past the 4 GiB: PyTorch's error; nothing else changes
  // a fifth block brings the core to 4.0 GB; 320 MB more does not fit in 4 GiB
  big.push(torch.empty(N));
  const before = torch.memory('cpu');
  const grown = coreBytes();
  expect(() => torch.empty(80_000_000)).toThrow("can't allocate memory: you tried to allocate 320000000 bytes");
  expect(torch.memory('cpu')).toEqual(before);
  expect(small()).toEqual(expected);
  expect(tail.tolist()).toEqual([7.5, -1, 3]);

  // freed blocks are reused: the same sizes again need no fresh pages
  big.forEach((t) => t.dispose());
  tail.dispose();
  high.dispose();
  for (let i = 0; i < 5; i++) big[i] = torch.empty(N);
  expect(coreBytes()).toBe(grown);
  big.forEach((t) => t.dispose());
  expect(small()).toEqual(expected);
}, 60_000);
