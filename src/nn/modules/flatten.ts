// torch.nn.Flatten and Unflatten.
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyStr, REQUIRED } from '../callable.js';
import { _ModuleImpl, typename } from '../module.js';

class FlattenImpl extends _ModuleImpl {
  declare start_dim: number;
  declare end_dim: number;
  /** torch.nn.Flatten(start_dim=1, end_dim=-1) */
  constructor(...args: unknown[]) {
    super();
    const [s, e] = bindArgs('Flatten.__init__', args, ['start_dim', 'end_dim'], [1, -1]) as [number, number];
    this.start_dim = s;
    this.end_dim = e;
  }
  override forward(input: Tensor): Tensor { return input.flatten(this.start_dim, this.end_dim); }
  override extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}

class UnflattenImpl extends _ModuleImpl {
  declare dim: number;
  declare unflattened_size: number[];
  /** torch.nn.Unflatten(dim, unflattened_size): `nn.Unflatten(1, [2, 5])` */
  constructor(...args: unknown[]) {
    super();
    const [dim, size] = bindArgs('Unflatten.__init__', args, ['dim', 'unflattened_size'], [REQUIRED, REQUIRED]) as [number, number[]];
    if (typeof dim !== 'number') throw new TypeError('invalid argument type for dim parameter');
    if (!Array.isArray(size)) throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${typename(size)}`);
    size.forEach((e, i) => {
      if (!Number.isInteger(e)) throw new TypeError(`unflattened_size must be tuple of ints, but found element of type ${typename(e)} at pos ${i}`);
    });
    this.dim = dim;
    this.unflattened_size = size;
  }
  override forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattened_size); }
  override extra_repr(): string { return `dim=${this.dim}, unflattened_size=${pyStr(this.unflattened_size)}`; }
}

/** torch.nn.Flatten(start_dim=1, end_dim=-1): `nn.Flatten()(torch.ones(2, 3, 4)).shape` is [2, 12] */
export const Flatten = callableClass(FlattenImpl);
export type Flatten = FlattenImpl;
/** torch.nn.Unflatten(dim, unflattened_size) */
export const Unflatten = callableClass(UnflattenImpl);
export type Unflatten = UnflattenImpl;
