// In-place ops on views under autograd, against PyTorch 1.13: the base's history is rebased
// (CopySlices), the modified view reads its base's (AsStridedBackward0), other views of the base
// catch up lazily, and the in-place ops PyTorch forbids on views throw its errors. Expected values
// and messages were printed by PyTorch 1.13 (/usr/bin/python3) for the same programs.
import { describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { describeBackends, gradcheck, gradgradcheck, leaf } from './gradcheck.js';

const T = (data: number | number[] | number[][], requires_grad = false) => torch.tensor(data, { requires_grad });

function expectValues(t: Tensor | null | undefined, want: number | number[] | number[][], digits = 4): void {
  expect(t).toBeInstanceOf(torch.Tensor);
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const got = flat((t as Tensor).tolist());
  expect(got.length).toBe(flat(want).length);
  flat(want).forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
}

const names = (t: Tensor) => t.grad_fn?.next_functions.map(([n]) => n?.name() ?? null);

const LEAF_INPLACE = 'a leaf Variable that requires grad is being used in an in-place operation.';
const VIEW_OF_LEAF = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';
const MULTI_OUTPUT =
  'This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. ' +
  'You should replace the inplace operation by an out-of-place one.';
const NO_GRAD_VIEW = 'Given that this use case is ambiguous and error-prone, it is forbidden.';
const multiOutput = (nr: number, node: string) => `Output ${nr} of ${node} is a view and is being modified inplace. ${MULTI_OUTPUT}`;
const HINT = 'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';
const modified = (what: string, now: number, was: number) =>
  `one of the variables needed for gradient computation has been modified by an inplace operation: ${what} is at version ${now}; expected version ${was} instead. ${HINT}`;

describeBackends('in-place ops on views', () => {
  describe('the base takes the view\'s change into its history', () => {
    test('y.narrow(0, 0, 1).mul_(3): the gradient goes through the multiplication', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(2);
      y.narrow(0, 0, 1).mul_(3);
      expect(String(y)).toBe('tensor([6., 4., 6.], grad_fn=<CopySlices>)');
      y.sum().backward();
      expectValues(x.grad, [6, 2, 2]);
    });

    test('z.view([3]).exp_(): the gradient of exp, on every element', () => {
      const x = T([1, 2, 3], true);
      const z = x.mul(1);
      z.view([3]).exp_();
      z.sum().backward();
      expectValues(x.grad, [Math.E, Math.E ** 2, Math.E ** 3]);
    });

    test('grad_fn: CopySlices on the base, AsStridedBackward0 on the view, and _base', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(2);
      const v = y.narrow(0, 0, 1);
      expect(v.grad_fn?.name()).toBe('SliceBackward0');
      expect(v._base).toBe(y);
      expect(v._is_view()).toBe(true);
      expect(y._is_view()).toBe(false);
      expect(y.detach()._is_view()).toBe(false);
      v.mul_(3);
      expect(y.grad_fn?.name()).toBe('CopySlices');
      expect(names(y)).toEqual(['MulBackward0', null]); // mul_'s other input, the number 3, has no history
      expect(v.grad_fn?.name()).toBe('AsStridedBackward0');
      expect(v.grad_fn?.next_functions[0][0]).toBe(y.grad_fn);
      expect(String(v)).toBe('tensor([6.], grad_fn=<AsStridedBackward0>)');
    });

    test('x[:, 0] = w: the gradient reaches w and the rest of the base', () => {
      const c = T([[1, 2, 3], [4, 5, 6]]);
      // into a plain tensor, with index_put_: it starts requiring grad
      const plain = torch.zeros(2, 3);
      const w = T([5, 6], true);
      plain.index_put_([':', 0], w);
      expect(plain.requires_grad).toBe(true);
      expect(plain.is_leaf).toBe(false);
      plain.mul(c).sum().backward();
      expectValues(w.grad, [1, 4]);

      // through a view, with copy_: CopySlices, whose first input is the base's old history
      const a = T([[1, 2, 3], [4, 5, 6]], true);
      const x = a.mul(1);
      const w2 = T([5, 6], true);
      x.index(':, 0').copy_(w2);
      expect(String(x)).toBe('tensor([[5., 2., 3.],\n        [6., 5., 6.]], grad_fn=<CopySlices>)');
      expect(names(x)).toEqual(['MulBackward0', 'AccumulateGrad']);
      x.mul(c).sum().backward();
      expectValues(a.grad, [[0, 2, 3], [0, 5, 6]]);
      expectValues(w2.grad, [1, 4]);

      // a plain base has no history of its own: its edge is empty
      const b = torch.zeros(3);
      const v = b.index('1:');
      v.add_(T(2, true));
      expect(names(b)).toEqual([null, 'AccumulateGrad']);
      expect(v.grad_fn?.name()).toBe('AsStridedBackward0');
    });

    test('every in-place op on a view: masked_fill_, clamp_, fill_, index_put_, diagonal, a permuted view', () => {
      let x = T([1, 2, 3], true), y = x.mul(1);
      y.index('1:').masked_fill_(torch.tensor([true, false]), 0);
      expect(String(y)).toBe('tensor([1., 0., 3.], grad_fn=<CopySlices>)');
      y.sum().backward();
      expectValues(x.grad, [1, 0, 1]);

      x = T([1, 2, 3], true); y = x.mul(1);
      y.index('1:').clamp_(0, 2.5);
      y.pow(2).sum().backward();
      expectValues(x.grad, [2, 4, 0]);

      x = T([1, 2, 3], true); y = x.mul(1);
      y.index(1).fill_(7);
      expect(y.index(1).grad_fn?.name()).toBe('SelectBackward0');
      y.sum().backward();
      expectValues(x.grad, [1, 0, 1]);

      x = T([1, 2, 3, 4], true); y = x.mul(1);
      const w = T([10, 20], true);
      y.index('1:').index_put_([torch.tensor([0, 2], { dtype: torch.int64 })], w);
      expect(String(y)).toBe('tensor([ 1., 10.,  3., 20.], grad_fn=<CopySlices>)');
      y.mul(T([1, 2, 3, 4])).sum().backward();
      expectValues(x.grad, [1, 0, 3, 0]);
      expectValues(w.grad, [2, 4]);

      x = T([[1, 2], [3, 4]], true); y = x.mul(1);
      y.diagonal().mul_(T([5, 6]));
      y.mul(T([[1, 2], [3, 4]])).sum().backward();
      expectValues(x.grad, [[5, 2], [3, 24]]);

      x = T([[1, 2], [3, 4]], true); y = x.mul(1);
      y.permute(1, 0).unsqueeze(0).index(0, 0).mul_(3);
      expect(String(y)).toBe('tensor([[3., 2.],\n        [9., 4.]], grad_fn=<CopySlices>)');
      y.mul(T([[1, 2], [3, 4]])).sum().backward();
      expectValues(x.grad, [[3, 2], [9, 4]]);
    });

    test('a transposed view', () => {
      const c = T([[1, 2, 3], [4, 5, 6]]);
      const a = T([[1, 2, 3], [4, 5, 6]], true);
      const x = a.mul(1);
      x.t().mul_(T([1, 2]));
      expect(String(x)).toBe('tensor([[ 1.,  2.,  3.],\n        [ 8., 10., 12.]], grad_fn=<CopySlices>)');
      x.mul(c).sum().backward();
      expectValues(a.grad, [[1, 2, 3], [8, 10, 12]]);

      const a2 = T([[1, 2, 3], [4, 5, 6]], true), w = T([7, 8], true);
      const y = a2.mul(1);
      y.t().index(1).mul_(w); // column 1 of y
      expect(String(y)).toBe('tensor([[ 1., 14.,  3.],\n        [ 4., 40.,  6.]], grad_fn=<CopySlices>)');
      y.sum().backward();
      expectValues(a2.grad, [[1, 7, 1], [1, 8, 1]]);
      expectValues(w.grad, [2, 5]);
    });

    test('a view of a view rebases the root base', () => {
      const x = T([[1, 2], [3, 4]], true);
      const y = x.mul(1);
      const f = y.view(4);
      const g = f.index('1:3');
      expect(g._base).toBe(y);
      g.mul_(T([10, 100]));
      expect(String(y)).toBe('tensor([[  1.,  20.],\n        [300.,   4.]], grad_fn=<CopySlices>)');
      expect(f.grad_fn?.name()).toBe('AsStridedBackward0');
      expect(g.grad_fn?.name()).toBe('AsStridedBackward0');
      y.sum().backward();
      expectValues(x.grad, [[1, 10], [100, 1]]);
    });

    test('several in-place ops in a row, and mixed dtypes', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(1);
      y.index(':2').mul_(2);
      y.index('1:').mul_(3); // y = [2, 12, 9]
      y.index(1).add_(1);
      expectValues(y, [2, 13, 9]);
      y.sum().backward();
      expectValues(x.grad, [2, 6, 3]);

      const a = torch.tensor([1, 2, 3], { dtype: torch.float64, requires_grad: true }), b = T([2, 3], true);
      const z = a.mul(1);
      z.index('1:').mul_(b);
      z.sum().backward();
      expectValues(a.grad, [1, 2, 3]);
      expect(a.grad?.dtype).toBe(torch.float64);
      expectValues(b.grad, [2, 3]);
      expect(b.grad?.dtype).toBe(torch.float32);
    });

    test('a base that is not dense (a detached transposed slice) holds its gradients in its own layout', () => {
      const nd = torch.arange(12).float().reshape(3, 4).t().index('1:').detach();
      expect(nd.stride()).toEqual([1, 4]);
      expect(nd.storage_offset()).toBe(1);
      const w = T([1, 2, 3], true), w2 = T([4, 5, 6], true);
      nd.index(':, 1').copy_(w);
      nd.index(1).mul_(w2);
      expect(String(nd)).toBe('tensor([[ 1.,  1.,  9.],\n        [ 8., 10., 60.],\n        [ 3.,  3., 11.]], grad_fn=<CopySlices>)');
      nd.mul(torch.arange(9).float().reshape(3, 3)).sum().backward();
      expectValues(w.grad, [1, 20, 7]);
      expectValues(w2.grad, [6, 8, 50]);
    });
  });

  describe('other views of the base catch up when next read', () => {
    test('an older view reads the base\'s new history', () => {
      let a = T([1, 2, 3, 4], true), x = a.mul(1);
      let old = x.index('2:');
      expect(old.grad_fn?.name()).toBe('SliceBackward0');
      x.index(':2').mul_(5);
      expect(old.grad_fn?.name()).toBe('AsStridedBackward0');
      expect(old.grad_fn?.next_functions[0][0]).toBe(x.grad_fn);
      old.pow(2).sum().add(x.sum()).backward();
      expectValues(a.grad, [5, 5, 7, 9]);

      // overlapping the modified part: old = [10, 3] now
      a = T([1, 2, 3, 4], true); x = a.mul(1);
      old = x.index('1:3');
      x.index(':2').mul_(5);
      old.pow(2).sum().backward();
      expectValues(a.grad, [0, 100, 6, 0]);
    });

    test('a sibling view prints its new grad_fn; the base modified directly counts too', () => {
      const x = T([1, 2, 3], true), y = x.mul(1);
      const v1 = y.index(':2'), v2 = y.index('1:');
      v1.mul_(2);
      expect(String(v2)).toBe('tensor([4., 3.], grad_fn=<AsStridedBackward0>)');

      const b = T([1, 2, 3], true), z = b.mul(1);
      const v = z.index('1:');
      z.mul_(T([1, 10, 100]));
      v.sum().backward();
      expectValues(b.grad, [0, 10, 100]);
    });

    test('a view of a plain tensor starts requiring grad once its base does', () => {
      const b = torch.zeros(3);
      const old = b.index('1:');
      expect(old.requires_grad).toBe(false);
      b.add_(1); // no history yet: nothing changes
      expect(old.grad_fn).toBeNull();
      const w = T([1, 2, 3], true);
      b.add_(w);
      expect(old.requires_grad).toBe(true);
      expect(old.is_leaf).toBe(false);
      expect(old.grad_fn?.name()).toBe('AsStridedBackward0');
      old.sum().backward();
      expectValues(w.grad, [0, 1, 1]);
    });
  });

  describe('errors', () => {
    test('a view of a leaf that requires grad, before anything is written', () => {
      const x = T([1, 2, 3], true);
      const ops: [string, () => unknown][] = [
        ['mul_', () => x.index(0).mul_(2)], ['exp_', () => x.index('1:').exp_()], ['zero_', () => x.narrow(0, 0, 2).zero_()],
        ['fill_', () => x.index(0).fill_(2)], ['copy_', () => x.index(0).copy_(T(1))], ['clamp_', () => x.t().clamp_(0, 1)],
        ['masked_fill_', () => x.index(':2').masked_fill_(torch.tensor([true, false]), 0)],
        ['index_put_', () => x.index(':2').index_put_([torch.tensor([0], { dtype: torch.int64 })], T(1))],
        ['view of a view', () => x.view(3).index(0).add_(1)],
      ];
      for (const [name, f] of ops) expect(f, name).toThrow(VIEW_OF_LEAF);
      // the leaf itself keeps its own message
      expect(() => x.mul_(2)).toThrow(LEAF_INPLACE);
      expect(String(x)).toBe('tensor([1., 2., 3.], requires_grad=True)');
      // inside no_grad it is allowed, as the SGD step on a parameter's slice
      torch.no_grad(() => x.index(0).mul_(10));
      expectValues(x, [10, 2, 3]);
    });

    test('views from split, chunk and unbind cannot be modified in place', () => {
      const s = T([1, 2, 3, 4], true).mul(1);
      expect(() => s.split(2)[1].mul_(2)).toThrow(multiOutput(1, 'SplitBackward0'));
      expect(() => s.chunk(2)[1].mul_(2)).toThrow(multiOutput(1, 'SplitBackward0'));
      expect(() => s.split([1, 3])[1].mul_(2)).toThrow(multiOutput(1, 'SplitWithSizesBackward0'));
      expect(() => s.unbind()[2].mul_(2)).toThrow(multiOutput(2, 'UnbindBackward0'));
      expect(() => s.split(2)[1].index(0).mul_(2)).toThrow(multiOutput(0, 'SelectBackward0')); // a view of one inherits it
      expect(() => T([1, 2, 3], true).split(2)[0].mul_(2)).toThrow(multiOutput(0, 'SplitBackward0'));
      expectValues(s, [1, 2, 3, 4]);
      // of a plain tensor, only when the op is recorded
      expectValues(torch.zeros(4).split(2)[1].add_(1), [1, 1]);
      expect(() => torch.zeros(4).split(2)[1].copy_(T([1, 2], true)))
        .toThrow(`A view was created in no_grad mode and is being modified inplace with grad mode enabled. ${MULTI_OUTPUT}`);
      // the base modified: reading a piece's grad_fn throws
      const t = T([1, 2, 3, 4], true).mul(1);
      const pieces = t.split(2);
      t.mul_(2);
      expect(() => pieces[0].grad_fn)
        .toThrow(`Output 0 of SplitBackward0 is a view and its base or another view of its base has been modified inplace. ${MULTI_OUTPUT}`);
    });

    test('views made in no_grad mode cannot be modified in place with grad mode on', () => {
      const y = T([1, 2, 3], true).mul(1);
      const v = torch.no_grad(() => y.index(':2'));
      expect(v._base).toBe(y);
      expect(() => v.mul_(2)).toThrow(`A view was created in no_grad mode and is being modified inplace with grad mode enabled. ${NO_GRAD_VIEW}`);
      expectValues(y, [1, 2, 3]);
      y.mul_(2);
      expect(() => v.grad_fn).toThrow(`A view was created in no_grad mode and its base or another view of its base has been modified inplace with grad mode enabled. ${NO_GRAD_VIEW}`);
      expect(() => y.index(0).detach_()).toThrow("Can't detach views in-place. Use detach() instead.");
    });

    test('a tensor saved for backward and modified through a view makes backward throw', () => {
      const x = T([1, 2, 3], true);
      const y = x.exp(); // ExpBackward0 saves its output
      y.index(0).mul_(2);
      expect(y.grad_fn?.name()).toBe('CopySlices');
      expect(() => y.sum().backward()).toThrow(modified('[torch.FloatTensor [3]], which is output 0 of ExpBackward0,', 1, 0));

      // the version is the storage's: modifying another part of the base invalidates a saved view
      const x2 = T([1, 2, 3], true);
      const z = x2.mul(1);
      const v = z.index(':2');
      const p = v.pow(2);
      z.index(2).mul_(2);
      expect(() => p.sum().backward()).toThrow(modified('[torch.FloatTensor [2]], which is output 0 of AsStridedBackward0,', 1, 0));
    });
  });

  describe('graph modes', () => {
    test('in no_grad mode, in-place ops on views leave the graph alone', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(2);
      const v = y.index(':1');
      torch.no_grad(() => v.mul_(3));
      expect(y.grad_fn?.name()).toBe('MulBackward0');
      expect(v.grad_fn?.name()).toBe('AsStridedBackward0');
      expectValues(y, [6, 4, 6]);
      y.sum().add(v.sum().mul(10)).backward();
      expectValues(x.grad, [22, 2, 2]);

      // a plain tensor stays plain
      const b = torch.zeros(3);
      torch.no_grad(() => b.index('1:').add_(T([1, 2], true)));
      expect(b.requires_grad).toBe(false);
      expect(b.index('1:').grad_fn).toBeNull();
    });

    test('retain_graph keeps CopySlices; without it a second backward throws', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(1);
      y.index(':2').exp_();
      const s = y.sum();
      s.backward({ retain_graph: true });
      s.backward();
      expectValues(x.grad, [2 * Math.E, 2 * Math.E ** 2, 2]);
      // CopySlices frees its op with the graph, even when that op saved nothing
      const y2 = T([1, 2, 3], true).mul(1);
      y2.index(':2').mul_(2);
      const s2 = y2.sum();
      s2.backward();
      expect(() => s2.backward()).toThrow('Trying to backward through the graph a second time');
    });

    test('create_graph: second derivatives through CopySlices', () => {
      const x = T([1, 2, 3], true);
      const y = x.mul(1);
      y.index(':2').pow_(3);
      const [g] = torch.autograd.grad([y.sum()], [x], { create_graph: true });
      expectValues(g, [3, 12, 1]);
      (g as Tensor).sum().backward();
      expectValues(x.grad, [6, 12, 0]);
    });

    test('gradcheck and gradgradcheck of functions that modify views in place (float64)', () => {
      const x = leaf([0.5, -1.2, 0.3, 2.0, 1.1, -0.7], [2, 3], true);
      const w = leaf([0.9, -0.4], [2], true);
      const f = (a: Tensor, b: Tensor): Tensor => {
        const y = a.mul(1);
        y.index(':, 1').mul_(b); // a column
        y.t().index('1:').exp_(); // rows 1: of the transpose: columns 1 and 2
        const v = y.index(0); // an older view, read after another in-place op
        y.index(1).add_(b.sum());
        return v.mul(y.index(1)).sum().add(y.pow(2).sum());
      };
      gradcheck(f, [x, w]);
      gradgradcheck(f, [x, w]);

      // writing a source into a slice of a tensor with no history, and a non-dense base
      const g = (a: Tensor, b: Tensor): Tensor => {
        const base = torch.zeros(3, 2, { dtype: torch.float64 }).t().detach(); // strides [1, 2]
        base.index(0).copy_(a.index(0));
        base.index(':, 1:').mul_(b.index(0)).add_(a.index(1, '1:'));
        return base.sin().sum();
      };
      gradcheck(g, [x, w]);
      gradgradcheck(g, [x, w]);
    });
  });
});

describeBackends('in-place writes through expanded views', () => {
  const OVERLAP =
    'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';
  test('ops that would write one element many times throw before writing, as PyTorch 1.13', () => {
    const base = torch.zeros(3);
    const x = base.expand([2, 3]);
    for (const op of [() => x.add_(1), () => x.exp_(), () => x.copy_(torch.ones(2, 3)), () => x.clamp_(0, 1), () => x.index(':, 0').add_(1)]) {
      expect(op).toThrow(OVERLAP);
    }
    expect(base.tolist()).toEqual([0, 0, 0]);
  });
  test('fill_, masked_fill_ and writes through a row of the expansion are allowed (every write agrees)', () => {
    const base = torch.zeros(3);
    base.expand([2, 3]).fill_(2);
    expect(base.tolist()).toEqual([2, 2, 2]);
    base.expand([2, 3]).masked_fill_(torch.tensor([[true, false, false], [true, false, false]]), 5);
    expect(base.tolist()).toEqual([5, 2, 2]);
    base.expand([2, 3]).index(0).add_(1);
    expect(base.tolist()).toEqual([6, 3, 3]);
  });
});
