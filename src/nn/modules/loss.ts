// torch.nn's loss modules (torch/nn/modules/loss.py): each keeps its options as attributes, a
// weight or pos_weight as a buffer (as PyTorch registers them, so they follow .to() and appear in
// state_dict), and calls its torch.nn.functional twin. Reprs are the bare `CrossEntropyLoss()`.
import type { Tensor } from '../../tensor.js';
import { isOptions } from '../../args.js';
import { bindArgs, callableClass } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';

type Reduction = 'none' | 'mean' | 'sum';

/** PyTorch's _Reduction.legacy_get_string: size_average / reduce override reduction. */
function legacyReduction(sizeAverage: unknown, reduce: unknown, reduction: unknown): string {
  if (sizeAverage === null && reduce === null) return reduction as string;
  const s = sizeAverage ?? true, r = reduce ?? true;
  return !r ? 'none' : s ? 'mean' : 'sum';
}

class LossImpl extends _ModuleImpl {
  /** loss.reduction: 'none' | 'mean' | 'sum' */
  declare reduction: Reduction;
  /** @internal binds the constructor's arguments and sets reduction (PyTorch's _Loss.__init__) */
  _init(name: string, args: readonly unknown[], names: string[], defaults: unknown[]): Record<string, unknown> {
    const vals = bindArgs(`${name}.__init__`, args, names, defaults);
    const o = Object.fromEntries(names.map((n, i) => [n, vals[i]]));
    this.reduction = ('size_average' in o ? legacyReduction(o.size_average, o.reduce, o.reduction) : o.reduction) as Reduction;
    return o;
  }
}

class WeightedLossImpl extends LossImpl {
  /** loss.weight: the class weights buffer, or null */
  declare weight: Tensor | null;
  /** @internal _WeightedLoss.__init__: reduction, then the weight buffer */
  override _init(name: string, args: readonly unknown[], names: string[], defaults: unknown[]): Record<string, unknown> {
    const o = super._init(name, args, names, defaults);
    this.register_buffer('weight', o.weight as Tensor | null);
    return o;
  }
}

const LEGACY = ['size_average', 'reduce', 'reduction'];
const LEGACY_DEFAULTS = [null, null, 'mean'];

class L1LossImpl extends LossImpl {
  /** torch.nn.L1Loss(size_average=None, reduce=None, reduction='mean'): `nn.L1Loss()(x, y)` */
  constructor(...args: unknown[]) { super(); this._init('L1Loss', args, LEGACY, LEGACY_DEFAULTS); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.l1_loss(input, target, { reduction: this.reduction }); }
}

class MSELossImpl extends LossImpl {
  /** torch.nn.MSELoss(size_average=None, reduce=None, reduction='mean'): `nn.MSELoss()(x, y)` */
  constructor(...args: unknown[]) { super(); this._init('MSELoss', args, LEGACY, LEGACY_DEFAULTS); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.mse_loss(input, target, { reduction: this.reduction }); }
}

class SmoothL1LossImpl extends LossImpl {
  declare beta: number;
  /** torch.nn.SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0): `nn.SmoothL1Loss({beta: 0.5})` */
  constructor(...args: unknown[]) {
    super();
    this.beta = this._init('SmoothL1Loss', args, [...LEGACY, 'beta'], [...LEGACY_DEFAULTS, 1]).beta as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta }); }
}

class HuberLossImpl extends LossImpl {
  declare delta: number;
  /** torch.nn.HuberLoss(reduction='mean', delta=1.0): `nn.HuberLoss({delta: 2})` */
  constructor(...args: unknown[]) {
    super();
    this.delta = this._init('HuberLoss', args, ['reduction', 'delta'], ['mean', 1]).delta as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta }); }
}

class SoftMarginLossImpl extends LossImpl {
  /** torch.nn.SoftMarginLoss(size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) { super(); this._init('SoftMarginLoss', args, LEGACY, LEGACY_DEFAULTS); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.soft_margin_loss(input, target, { reduction: this.reduction }); }
}

class KLDivLossImpl extends LossImpl {
  declare log_target: boolean;
  /** torch.nn.KLDivLoss(size_average=None, reduce=None, reduction='mean', log_target=False): `nn.KLDivLoss({reduction: 'batchmean'})(logq, p)` */
  constructor(...args: unknown[]) {
    super();
    this.log_target = this._init('KLDivLoss', args, [...LEGACY, 'log_target'], [...LEGACY_DEFAULTS, false]).log_target as boolean;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target }); }
}

class BCELossImpl extends WeightedLossImpl {
  /** torch.nn.BCELoss(weight=None, size_average=None, reduce=None, reduction='mean'): `nn.BCELoss()(probs, y)` */
  constructor(...args: unknown[]) { super(); this._init('BCELoss', args, ['weight', ...LEGACY], [null, ...LEGACY_DEFAULTS]); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction }); }
}

class BCEWithLogitsLossImpl extends LossImpl {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  /** torch.nn.BCEWithLogitsLoss(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None): `nn.BCEWithLogitsLoss({pos_weight: torch.tensor([3])})` */
  constructor(...args: unknown[]) {
    super();
    const o = this._init('BCEWithLogitsLoss', args, ['weight', ...LEGACY, 'pos_weight'], [null, ...LEGACY_DEFAULTS, null]);
    this.register_buffer('weight', o.weight as Tensor | null);
    this.register_buffer('pos_weight', o.pos_weight as Tensor | null);
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}

class NLLLossImpl extends WeightedLossImpl {
  declare ignore_index: number;
  /** torch.nn.NLLLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'): `nn.NLLLoss()(logp, labels)` */
  constructor(...args: unknown[]) {
    super();
    this.ignore_index = this._init('NLLLoss', args, ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'], [null, null, -100, null, 'mean']).ignore_index as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

class CrossEntropyLossImpl extends WeightedLossImpl {
  declare ignore_index: number;
  declare label_smoothing: number;
  /** torch.nn.CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0): `nn.CrossEntropyLoss()(logits, labels)` */
  constructor(...args: unknown[]) {
    super();
    const o = this._init('CrossEntropyLoss', args, ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'], [null, null, -100, null, 'mean', 0]);
    this.ignore_index = o.ignore_index as number;
    this.label_smoothing = o.label_smoothing as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

class CosineEmbeddingLossImpl extends LossImpl {
  declare margin: number;
  /** torch.nn.CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'): `nn.CosineEmbeddingLoss()(a, b, y)` */
  constructor(...args: unknown[]) {
    super();
    this.margin = this._init('CosineEmbeddingLoss', args, ['margin', ...LEGACY], [0, ...LEGACY_DEFAULTS]).margin as number;
  }
  /** module(input1, input2, target): the functional form with this module's options */
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

class MarginRankingLossImpl extends LossImpl {
  declare margin: number;
  /** torch.nn.MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) {
    super();
    this.margin = this._init('MarginRankingLoss', args, ['margin', ...LEGACY], [0, ...LEGACY_DEFAULTS]).margin as number;
  }
  /** module(input1, input2, target): the functional form with this module's options */
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

class HingeEmbeddingLossImpl extends LossImpl {
  declare margin: number;
  /** torch.nn.HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) {
    super();
    this.margin = this._init('HingeEmbeddingLoss', args, ['margin', ...LEGACY], [1, ...LEGACY_DEFAULTS]).margin as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction }); }
}

class PoissonNLLLossImpl extends LossImpl {
  declare log_input: boolean;
  declare full: boolean;
  declare eps: number;
  /** torch.nn.PoissonNLLLoss(log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) {
    super();
    const o = this._init('PoissonNLLLoss', args, ['log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'], [true, false, null, 1e-8, null, 'mean']);
    this.log_input = o.log_input as boolean;
    this.full = o.full as boolean;
    this.eps = o.eps as number;
  }
  /** module(logInput, target): the functional form with this module's options */
  override forward(logInput: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(logInput, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

class GaussianNLLLossImpl extends LossImpl {
  declare full: boolean;
  declare eps: number;
  /** torch.nn.GaussianNLLLoss(*, full=False, eps=1e-6, reduction='mean'): `nn.GaussianNLLLoss()(mu, y, var)` */
  constructor(...args: unknown[]) {
    super();
    // its arguments are keyword-only
    const positional = args.filter((a) => !isOptions(a)).length;
    if (positional) throw new TypeError(`GaussianNLLLoss.__init__() takes 1 positional argument but ${positional + 1} were given`);
    const o = this._init('GaussianNLLLoss', args, ['full', 'eps', 'reduction'], [false, 1e-6, 'mean']);
    this.full = o.full as boolean;
    this.eps = o.eps as number;
  }
  /** module(input, target, variance): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
class TripletMarginLossImpl extends LossImpl {
  declare margin: number;
  declare p: number;
  declare eps: number;
  declare swap: boolean;
  /** torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) {
    super();
    const o = this._init('TripletMarginLoss', args, ['margin', 'p', 'eps', 'swap', ...LEGACY], [1, 2, 1e-6, false, ...LEGACY_DEFAULTS]);
    this.margin = o.margin as number;
    this.p = o.p as number;
    this.eps = o.eps as number;
    this.swap = o.swap as boolean;
  }
  /** module(anchor, positive, negative): the functional form with this module's options */
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

class MultiLabelSoftMarginLossImpl extends WeightedLossImpl {
  /** torch.nn.MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) { super(); this._init('MultiLabelSoftMarginLoss', args, ['weight', ...LEGACY], [null, ...LEGACY_DEFAULTS]); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

class MultiMarginLossImpl extends WeightedLossImpl {
  declare p: number;
  declare margin: number;
  /** torch.nn.MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) {
    super();
    const o = this._init('MultiMarginLoss', args, ['p', 'margin', 'weight', ...LEGACY], [1, 1, null, ...LEGACY_DEFAULTS]);
    if (o.p !== 1 && o.p !== 2) throw new Error('ValueError: only p == 1 and p == 2 supported');
    if (o.weight !== null && (o.weight as Tensor).ndim !== 1) throw new Error('AssertionError');
    this.p = o.p as number;
    this.margin = o.margin as number;
  }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

class MultiLabelMarginLossImpl extends LossImpl {
  /** torch.nn.MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean') */
  constructor(...args: unknown[]) { super(); this._init('MultiLabelMarginLoss', args, LEGACY, LEGACY_DEFAULTS); }
  /** module(input, target): the functional form with this module's options */
  override forward(input: Tensor, target: Tensor): Tensor { return F.multilabel_margin_loss(input, target, { reduction: this.reduction }); }
}

/** torch.nn.MultiMarginLoss */
export const MultiMarginLoss = callableClass(MultiMarginLossImpl);
export type MultiMarginLoss = MultiMarginLossImpl;
/** torch.nn.MultiLabelMarginLoss */
export const MultiLabelMarginLoss = callableClass(MultiLabelMarginLossImpl);
export type MultiLabelMarginLoss = MultiLabelMarginLossImpl;
/** torch.nn.TripletMarginLoss */
export const TripletMarginLoss = callableClass(TripletMarginLossImpl);
export type TripletMarginLoss = TripletMarginLossImpl;
/** torch.nn.MultiLabelSoftMarginLoss */
export const MultiLabelSoftMarginLoss = callableClass(MultiLabelSoftMarginLossImpl);
export type MultiLabelSoftMarginLoss = MultiLabelSoftMarginLossImpl;
/** torch.nn.L1Loss */
export const L1Loss = callableClass(L1LossImpl);
export type L1Loss = L1LossImpl;
/** torch.nn.MSELoss: `const loss = nn.MSELoss(); loss(pred, y).backward()` */
export const MSELoss = callableClass(MSELossImpl);
export type MSELoss = MSELossImpl;
/** torch.nn.SmoothL1Loss */
export const SmoothL1Loss = callableClass(SmoothL1LossImpl);
export type SmoothL1Loss = SmoothL1LossImpl;
/** torch.nn.HuberLoss */
export const HuberLoss = callableClass(HuberLossImpl);
export type HuberLoss = HuberLossImpl;
/** torch.nn.SoftMarginLoss */
export const SoftMarginLoss = callableClass(SoftMarginLossImpl);
export type SoftMarginLoss = SoftMarginLossImpl;
/** torch.nn.KLDivLoss */
export const KLDivLoss = callableClass(KLDivLossImpl);
export type KLDivLoss = KLDivLossImpl;
/** torch.nn.BCELoss */
export const BCELoss = callableClass(BCELossImpl);
export type BCELoss = BCELossImpl;
/** torch.nn.BCEWithLogitsLoss */
export const BCEWithLogitsLoss = callableClass(BCEWithLogitsLossImpl);
export type BCEWithLogitsLoss = BCEWithLogitsLossImpl;
/** torch.nn.NLLLoss */
export const NLLLoss = callableClass(NLLLossImpl);
export type NLLLoss = NLLLossImpl;
/** torch.nn.CrossEntropyLoss: `nn.CrossEntropyLoss({label_smoothing: 0.1})(logits, labels)` */
export const CrossEntropyLoss = callableClass(CrossEntropyLossImpl);
export type CrossEntropyLoss = CrossEntropyLossImpl;
/** torch.nn.CosineEmbeddingLoss */
export const CosineEmbeddingLoss = callableClass(CosineEmbeddingLossImpl);
export type CosineEmbeddingLoss = CosineEmbeddingLossImpl;
/** torch.nn.MarginRankingLoss */
export const MarginRankingLoss = callableClass(MarginRankingLossImpl);
export type MarginRankingLoss = MarginRankingLossImpl;
/** torch.nn.HingeEmbeddingLoss */
export const HingeEmbeddingLoss = callableClass(HingeEmbeddingLossImpl);
export type HingeEmbeddingLoss = HingeEmbeddingLossImpl;
/** torch.nn.PoissonNLLLoss */
export const PoissonNLLLoss = callableClass(PoissonNLLLossImpl);
export type PoissonNLLLoss = PoissonNLLLossImpl;
/** torch.nn.GaussianNLLLoss */
export const GaussianNLLLoss = callableClass(GaussianNLLLossImpl);
export type GaussianNLLLoss = GaussianNLLLossImpl;
