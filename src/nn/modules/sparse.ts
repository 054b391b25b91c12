// torch.nn.Embedding (torch/nn/modules/sparse.py): a lookup table initialised from N(0, 1) on the
// global generator, its padding row then zeroed, as PyTorch does.
import { empty } from '../../creation.js';
import { no_grad } from '../../autograd.js';
import type { DTypeLike } from '../../dtype.js';
import { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import * as init from '../init.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';

const NAMES = ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight', 'device', 'dtype'];

class EmbeddingImpl extends _ModuleImpl {
  declare num_embeddings: number;
  declare embedding_dim: number;
  declare padding_idx: number | null;
  declare max_norm: number | null;
  declare norm_type: number;
  declare scale_grad_by_freq: boolean;
  declare sparse: boolean;
  declare weight: Parameter;
  /** torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None): `nn.Embedding(10, 3)` */
  constructor(...args: unknown[]) {
    super();
    const [num, dim, paddingIdx, maxNorm, normType, byFreq, sparse, weight, device, dtype] =
      bindArgs('Embedding.__init__', args, NAMES, [REQUIRED, REQUIRED, null, null, 2, false, false, null, null, null]) as
        [number, number, number | null, number | null, number, boolean, boolean, Tensor | null, unknown, unknown];
    this.num_embeddings = num;
    this.embedding_dim = dim;
    let pad = paddingIdx;
    if (pad !== null) {
      if (pad > 0 && !(pad < num)) throw new Error('AssertionError: Padding_idx must be within num_embeddings');
      if (pad < 0) {
        if (!(pad >= -num)) throw new Error('AssertionError: Padding_idx must be within num_embeddings');
        pad = num + pad;
      }
    }
    this.padding_idx = pad;
    this.max_norm = maxNorm;
    this.norm_type = normType;
    this.scale_grad_by_freq = byFreq;
    if (weight === null) {
      const o: { device?: string; dtype?: DTypeLike } = {};
      if (device !== null) o.device = String(device);
      if (dtype !== null) o.dtype = dtype as DTypeLike;
      this.weight = new Parameter(empty([num, dim], o));
      this.reset_parameters();
    } else {
      if (weight.ndim !== 2 || weight.shape_[0] !== num || weight.shape_[1] !== dim) {
        throw new Error('AssertionError: Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.weight = new Parameter(weight);
    }
    this.sparse = sparse;
  }

  /** embedding.reset_parameters(): normal_(weight), then the padding row zeroed */
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }

  /** @internal */
  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) no_grad(() => this.weight.index(this.padding_idx as number).fill_(0));
  }

  /** embedding(input): the rows of weight named by the int64 indices in input */
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }

  /** `10, 3, padding_idx=0` */
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq !== false) s += ', scale_grad_by_freq=True';
    if (this.sparse !== false) s += ', sparse=True';
    return s;
  }

  /**
   * Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
   * `nn.Embedding.from_pretrained(torch.randn(10, 3))` uses the tensor's storage as the weight.
   */
  static from_pretrained(...args: unknown[]): EmbeddingImpl {
    const [embeddings, freeze, paddingIdx, maxNorm, normType, byFreq, sparse] = bindArgs('from_pretrained', args,
      ['embeddings', 'freeze', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'],
      [REQUIRED, true, null, null, 2, false, false]) as [Tensor, boolean, number | null, number | null, number, boolean, boolean];
    if (!(embeddings instanceof Tensor) || embeddings.ndim !== 2) throw new Error('AssertionError: Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape_;
    const e = new this({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, padding_idx: paddingIdx, max_norm: maxNorm, norm_type: normType, scale_grad_by_freq: byFreq, sparse });
    e.weight.requires_grad_(!freeze);
    return e;
  }
}

const BAG_NAMES = ['num_embeddings', 'embedding_dim', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', '_weight', 'include_last_offset', 'padding_idx', 'device', 'dtype'];

class EmbeddingBagImpl extends _ModuleImpl {
  declare num_embeddings: number;
  declare embedding_dim: number;
  declare max_norm: number | null;
  declare norm_type: number;
  declare scale_grad_by_freq: boolean;
  declare weight: Parameter;
  declare mode: string;
  declare sparse: boolean;
  declare include_last_offset: boolean;
  declare padding_idx: number | null;
  /** torch.nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None): `nn.EmbeddingBag(1000, 64)(ids, offsets)` */
  constructor(...args: unknown[]) {
    super();
    const [num, dim, maxNorm, normType, byFreq, mode, sparse, weight, includeLast, paddingIdx, device, dtype] =
      bindArgs('EmbeddingBag.__init__', args, BAG_NAMES, [REQUIRED, REQUIRED, null, 2, false, 'mean', false, null, false, null, null, null]) as
        [number, number, number | null, number, boolean, string, boolean, Tensor | null, boolean, number | null, unknown, unknown];
    this.num_embeddings = num;
    this.embedding_dim = dim;
    this.max_norm = maxNorm;
    this.norm_type = normType;
    this.scale_grad_by_freq = byFreq;
    let pad = paddingIdx;
    if (pad !== null) {
      if (pad > 0 && !(pad < num)) throw new Error('AssertionError: padding_idx must be within num_embeddings');
      if (pad < 0) {
        if (!(pad >= -num)) throw new Error('AssertionError: padding_idx must be within num_embeddings');
        pad = num + pad;
      }
    }
    this.padding_idx = pad;
    if (weight === null) {
      const o: { device?: string; dtype?: DTypeLike } = {};
      if (device !== null) o.device = String(device);
      if (dtype !== null) o.dtype = dtype as DTypeLike;
      this.weight = new Parameter(empty([num, dim], o));
      this.reset_parameters();
    } else {
      if (weight.ndim !== 2 || weight.shape_[0] !== num || weight.shape_[1] !== dim) {
        throw new Error('AssertionError: Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.weight = new Parameter(weight);
    }
    this.mode = mode;
    this.sparse = sparse;
    this.include_last_offset = includeLast;
  }

  /** embedding_bag.reset_parameters(): normal_(weight), then the padding row zeroed */
  reset_parameters(): void {
    init.normal_(this.weight);
    if (this.padding_idx !== null) no_grad(() => this.weight.index(this.padding_idx as number).fill_(0));
  }

  /** bag(input, offsets=None, per_sample_weights=None): one reduced row per bag */
  override forward(input: Tensor, ...rest: unknown[]): Tensor {
    const [offsets, psw] = bindArgs('EmbeddingBag.forward', rest, ['offsets', 'per_sample_weights'], [null, null]) as [Tensor | null, Tensor | null];
    return F.embedding_bag(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse, psw,
      this.include_last_offset, this.padding_idx);
  }

  /** `10, 3, mode=mean` (PyTorch 1.13 prints the mode without quotes) */
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq !== false) s += ', scale_grad_by_freq=True';
    s += `, mode=${this.mode}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }

  /** EmbeddingBag.from_pretrained(embeddings, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, include_last_offset=False, padding_idx=None) */
  static from_pretrained(...args: unknown[]): EmbeddingBagImpl {
    const [embeddings, freeze, maxNorm, normType, byFreq, mode, sparse, includeLast, paddingIdx] = bindArgs('from_pretrained', args,
      ['embeddings', 'freeze', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'include_last_offset', 'padding_idx'],
      [REQUIRED, true, null, 2, false, 'mean', false, false, null]) as [Tensor, boolean, number | null, number, boolean, string, boolean, boolean, number | null];
    if (!(embeddings instanceof Tensor) || embeddings.ndim !== 2) throw new Error('AssertionError: Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape_;
    const e = new this({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, max_norm: maxNorm, norm_type: normType,
      scale_grad_by_freq: byFreq, mode, sparse, include_last_offset: includeLast, padding_idx: paddingIdx });
    e.weight.requires_grad_(!freeze);
    return e;
  }
}

/** torch.nn.EmbeddingBag: `nn.EmbeddingBag(vocab, 64, {mode: 'sum'})(ids, offsets)` */
export const EmbeddingBag = callableClass(EmbeddingBagImpl);
export type EmbeddingBag = EmbeddingBagImpl;
/** torch.nn.Embedding: `const emb = nn.Embedding(1000, 64, {padding_idx: 0}); emb(ids)` */
export const Embedding = callableClass(EmbeddingImpl);
export type Embedding = EmbeddingImpl;
