// torch.nn.PairwiseDistance and CosineSimilarity (torch/nn/modules/distance.py).
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

class PairwiseDistanceImpl extends _ModuleImpl {
  /** the p of the norm (PyTorch names the attribute `norm`) */
  declare norm: number;
  declare eps: number;
  declare keepdim: boolean;
  /** torch.nn.PairwiseDistance(p=2.0, eps=1e-6, keepdim=False): `nn.PairwiseDistance()(a, b)` */
  constructor(...args: unknown[]) {
    super();
    [this.norm, this.eps, this.keepdim] = bindArgs('PairwiseDistance.__init__', args, ['p', 'eps', 'keepdim'], [2, 1e-6, false]) as [number, number, boolean];
  }
  /** module(x1, x2): the functional form with this module's options */
  override forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim); }
}

class CosineSimilarityImpl extends _ModuleImpl {
  declare dim: number;
  declare eps: number;
  /** torch.nn.CosineSimilarity(dim=1, eps=1e-8): `nn.CosineSimilarity({dim: -1})(a, b)` */
  constructor(...args: unknown[]) {
    super();
    [this.dim, this.eps] = bindArgs('CosineSimilarity.__init__', args, ['dim', 'eps'], [1, 1e-8]) as [number, number];
  }
  /** module(x1, x2): the functional form with this module's options */
  override forward(x1: Tensor, x2: Tensor): Tensor { return F.cosine_similarity(x1, x2, this.dim, this.eps); }
}

/** torch.nn.PairwiseDistance */
export const PairwiseDistance = callableClass(PairwiseDistanceImpl);
export type PairwiseDistance = PairwiseDistanceImpl;
/** torch.nn.CosineSimilarity */
export const CosineSimilarity = callableClass(CosineSimilarityImpl);
export type CosineSimilarity = CosineSimilarityImpl;
