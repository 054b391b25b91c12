// Tensor additions that torch.nn needs, against PyTorch 1.13: new_* factories, .data (alias and
// assignment), nelement, Size slices, keepdims, out=.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { fixture } from './helpers.js';

const T = fixture.tensor;

describeBackends('Tensor additions', () => {
  test('new_zeros/new_ones/new_full/new_tensor/new_empty keep dtype and device unless given', () => {
    const x = torch.arange(6, { dtype: torch.float64 }).reshape(2, 3);
    expect(String(x.new_zeros(2))).toBe(T.new_zeros);
    expect(String(x.new_ones([1, 2]))).toBe(T.new_ones);
    expect(String(x.new_full([2], 3.5))).toBe(T.new_full);
    expect(String(x.new_tensor([1, 2]))).toBe(T.new_tensor);
    expect([...x.new_empty(3, 1).shape]).toEqual(T.new_empty_shape);
    expect(String(x.new_ones(2, { dtype: torch.int32 }))).toBe(T.new_ones_dtype);
    expect(x.nelement()).toBe(T.nelement);
    expect(String(x.shape.slice(1))).toBe(T.size_slice);
    expect(x.shape.slice(1)).toBeInstanceOf(torch.Size);
    expect(String(x.sum({ dim: 1, keepdims: true }))).toBe(T.keepdims);
  });
  test('.data is a detached alias; assigning it replaces the contents, keeping the tensor', () => {
    const w = torch.ones(2, { requires_grad: true });
    const d = w.data;
    d.mul_(3);
    expect(String(w)).toBe(T.data_alias);
    expect(d.requires_grad).toBe(T.data_requires_grad);
    w.data = torch.zeros(3, { dtype: torch.float64 });
    expect(String(w)).toBe(T.data_set);
  });
  test('out= writes into the given tensor and returns it', () => {
    const out = torch.empty(2, 2);
    const r = torch.matmul(torch.ones(2, 2), torch.ones(2, 2), { out });
    expect(String(out)).toBe(T.matmul_out);
    expect(r === out).toBe(T.out_is_result);
  });
});
