// torch.nn.TransformerEncoderLayer and TransformerEncoder (torch/nn/modules/transformer.py):
// submodules created in PyTorch's order (so a seeded program draws the same weights), post- or
// pre-norm, relu/gelu or any callable activation; the encoder deep-copies its layer num_layers
// times, as PyTorch's _get_clones does.
import { is_grad_enabled } from '../../autograd.js';
import { full } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import { Module, _ModuleImpl } from '../module.js';
import * as init from '../init.js';
import { Parameter } from '../parameter.js';
import { MultiheadAttention } from './attention.js';
import { ModuleList } from './container.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { LayerNorm, factory } from './normalization.js';

type Activation = ((x: Tensor) => Tensor) | Module;

/** PyTorch's _get_activation_fn for the legacy string form. */
function activationFn(a: unknown): Activation {
  if (a === 'relu') return F.relu;
  if (a === 'gelu') return F.gelu;
  if (typeof a === 'string') throw new Error(`RuntimeError: activation should be relu/gelu, not ${a}`);
  return a as Activation;
}

/** An activation that is a function of the program's (not F.relu, F.gelu or a module): it sees the layer's tensors. */
function programActivation(a: Activation): boolean {
  return !(a instanceof Module) && a !== F.relu && a !== F.gelu;
}

/**
 * @internal copy.deepcopy of a module: the same class and plain attributes, fresh copies of its
 * parameters (same requires_grad) and buffers, submodules copied recursively (shared ones once).
 */
export function deepcopyModule<M extends Module>(m: M, memo = new Map<Module, Module>()): M {
  const seen = memo.get(m);
  if (seen) return seen as M;
  const c = new _ModuleImpl() as Module;
  Object.setPrototypeOf(c, Object.getPrototypeOf(m));
  memo.set(m, c);
  for (const k of Object.keys(m)) {
    const v = (m as Record<string, unknown>)[k];
    (c as Record<string, unknown>)[k] = Array.isArray(v) ? v.slice() : v;
  }
  c.training = m.training;
  for (const [k, p] of m._parameters) c._parameters.set(k, p ? new Parameter(p.detach().clone(), p.requires_grad) : null);
  for (const [k, b] of m._buffers) {
    const copy = b ? b.clone() : null;
    if (copy) copy._kept = true;
    c._buffers.set(k, copy);
  }
  for (const k of m._non_persistent_buffers_set) c._non_persistent_buffers_set.add(k);
  for (const [k, sub] of m._modules) c._modules.set(k, sub ? deepcopyModule(sub, memo) : null);
  return c as M;
}

const LAYER = ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first', 'device', 'dtype'];

class TransformerEncoderLayerImpl extends _ModuleImpl {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation_relu_or_gelu: number;
  declare activation: Activation;
  /** @internal */
  override _runsProgramCode(): boolean { return programActivation(this.activation); }

  /**
   * torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False):
   * `nn.TransformerEncoderLayer(64, 4, {dim_feedforward: 128, batch_first: true})`
   */
  constructor(...args: unknown[]) {
    super();
    const [d, nhead, ff, dropout, activation, eps, batchFirst, normFirst, device, dtype] = bindArgs('TransformerEncoderLayer.__init__', args, LAYER,
      [REQUIRED, REQUIRED, 2048, 0.1, 'relu', 1e-5, false, false, null, null]) as
      [number, number, number, number, unknown, number, boolean, boolean, unknown, unknown];
    const f = factory(device, dtype);
    this.self_attn = new MultiheadAttention(d, nhead, { dropout, batch_first: batchFirst, ...f });
    this.linear1 = new Linear(d, ff, f);
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(ff, d, f);
    this.norm_first = normFirst;
    this.norm1 = new LayerNorm(d, { eps, ...f });
    this.norm2 = new LayerNorm(d, { eps, ...f });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    const act = activationFn(activation);
    const name = act instanceof _ModuleImpl ? (act as Module)._get_name() : '';
    this.activation_relu_or_gelu = act === F.relu || name === 'ReLU' ? 1 : act === F.gelu || name === 'GELU' ? 2 : 0;
    this.activation = act;
  }

  /** layer(src, src_mask=None, src_key_padding_mask=None): self-attention then the feed-forward block, each with a residual and LayerNorm */
  override forward(src: Tensor, ...rest: unknown[]): Tensor {
    const [mask, kpm] = bindArgs('TransformerEncoderLayer.forward', rest, ['src_mask', 'src_key_padding_mask'], [null, null]) as [Tensor | null, Tensor | null];
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), mask, kpm));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, mask, kpm)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }

  /** @internal */
  _sa_block(x: Tensor, attnMask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.self_attn(x, x, x, { attn_mask: attnMask, key_padding_mask: kpm, need_weights: false }) as [Tensor, null];
    return this.dropout1(y);
  }

  /** @internal */
  _ff_block(x: Tensor): Tensor {
    const act = this.activation as (t: Tensor) => Tensor;
    return this.dropout2(this.linear2(this.dropout(act(this.linear1(x)))));
  }
}

class TransformerEncoderImpl extends _ModuleImpl {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  declare mask_check: boolean;

  /** torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True): `nn.TransformerEncoder(layer, 6)` */
  constructor(...args: unknown[]) {
    super();
    const [layer, n, norm, nested, maskCheck] = bindArgs('TransformerEncoder.__init__', args, ['encoder_layer', 'num_layers', 'norm', 'enable_nested_tensor', 'mask_check'],
      [REQUIRED, REQUIRED, null, true, true]) as [Module, number, Module | null, boolean, boolean];
    this.layers = new ModuleList(Array.from({ length: n }, () => deepcopyModule(layer)));
    this.num_layers = n;
    this.norm = norm;
    this.enable_nested_tensor = nested;
    this.mask_check = maskCheck;
  }

  /**
   * encoder(src, mask=None, src_key_padding_mask=None): the layers in turn, then norm. Where
   * PyTorch 1.13 would run its nested-tensor path (inference, batch_first, a left-aligned padding
   * mask, ...), its result is reproduced: padded positions are zero and the sequence is cut to the
   * longest unpadded length, before norm.
   */
  override forward(src: Tensor, ...rest: unknown[]): Tensor {
    const [mask, kpm] = bindArgs('TransformerEncoder.forward', rest, ['mask', 'src_key_padding_mask'], [null, null]) as [Tensor | null, Tensor | null];
    if (kpm && kpm.dtype.name !== 'bool' && !kpm.dtype.is_floating_point) throw new Error('AssertionError: only bool and floating types of key_padding_mask are supported');
    const keep = this._nested_length(src, mask, kpm);
    let out = src;
    for (const mod of this.layers) out = mod(out, { src_mask: mask, src_key_padding_mask: kpm }) as Tensor;
    if (keep !== null) {
      const pad = (kpm as Tensor).narrow(1, 0, keep);
      out = out.narrow(1, 0, keep).masked_fill(pad.unsqueeze(-1), 0);
    }
    return this.norm !== null ? (this.norm(out) as Tensor) : out;
  }

  /** @internal the length PyTorch's nested tensors would pad back to, or null when it would not take that path */
  _nested_length(src: Tensor, mask: Tensor | null, kpm: Tensor | null): number | null {
    const first = this.layers.length ? (this.layers[0] as TransformerEncoderLayerImpl) : null;
    if (!(first instanceof TransformerEncoderLayerImpl) || first.norm_first || !first.self_attn.batch_first) return null;
    if (!first.self_attn._qkv_same_embed_dim || !first.activation_relu_or_gelu || first.norm1.eps !== first.norm2.eps) return null;
    if (src.ndim !== 3 || !this.enable_nested_tensor || kpm === null || kpm.dtype.name !== 'bool' || mask !== null) return null;
    if (first.self_attn.num_heads % 2 === 1) return null;
    const tensors = [src, ...first.parameters()];
    if (is_grad_enabled() && tensors.some((t) => t.requires_grad)) return null;
    // each row's unpadded positions must come first (PyTorch's mask_check), else no nested path
    const rows = kpm.tolist() as boolean[][];
    const lengths = rows.map((r) => r.indexOf(true) < 0 ? r.length : r.indexOf(true));
    if (this.mask_check && rows.some((r, i) => r.slice(lengths[i]).some((p) => !p))) return null;
    return Math.max(0, ...lengths);
  }
}

const DECODER_FORWARD = ['tgt_mask', 'memory_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'];

class TransformerDecoderLayerImpl extends _ModuleImpl {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: Activation;
  /** @internal */
  override _runsProgramCode(): boolean { return programActivation(this.activation); }

  /**
   * torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False):
   * `nn.TransformerDecoderLayer(64, 4)(tgt, memory)`
   */
  constructor(...args: unknown[]) {
    super();
    const [d, nhead, ff, dropout, activation, eps, batchFirst, normFirst, device, dtype] = bindArgs('TransformerDecoderLayer.__init__', args, LAYER,
      [REQUIRED, REQUIRED, 2048, 0.1, 'relu', 1e-5, false, false, null, null]) as
      [number, number, number, number, unknown, number, boolean, boolean, unknown, unknown];
    const f = factory(device, dtype);
    this.self_attn = new MultiheadAttention(d, nhead, { dropout, batch_first: batchFirst, ...f });
    this.multihead_attn = new MultiheadAttention(d, nhead, { dropout, batch_first: batchFirst, ...f });
    this.linear1 = new Linear(d, ff, f);
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(ff, d, f);
    this.norm_first = normFirst;
    this.norm1 = new LayerNorm(d, { eps, ...f });
    this.norm2 = new LayerNorm(d, { eps, ...f });
    this.norm3 = new LayerNorm(d, { eps, ...f });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.dropout3 = new Dropout(dropout);
    this.activation = activationFn(activation);
  }

  /** layer(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None) */
  override forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor {
    const [tgtMask, memMask, tgtKpm, memKpm] = bindArgs('TransformerDecoderLayer.forward', rest, DECODER_FORWARD, [null, null, null, null]) as (Tensor | null)[];
    let x = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), tgtMask, tgtKpm));
      x = x.add(this._mha_block(this.norm2(x), memory, memMask, memKpm));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, tgtMask, tgtKpm)));
      x = this.norm2(x.add(this._mha_block(x, memory, memMask, memKpm)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }

  /** @internal */
  _sa_block(x: Tensor, attnMask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.self_attn(x, x, x, { attn_mask: attnMask, key_padding_mask: kpm, need_weights: false }) as [Tensor, null];
    return this.dropout1(y);
  }

  /** @internal */
  _mha_block(x: Tensor, mem: Tensor, attnMask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.multihead_attn(x, mem, mem, { attn_mask: attnMask, key_padding_mask: kpm, need_weights: false }) as [Tensor, null];
    return this.dropout2(y);
  }

  /** @internal */
  _ff_block(x: Tensor): Tensor {
    const act = this.activation as (t: Tensor) => Tensor;
    return this.dropout3(this.linear2(this.dropout(act(this.linear1(x)))));
  }
}

class TransformerDecoderImpl extends _ModuleImpl {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;

  /** torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None): `nn.TransformerDecoder(layer, 6)` */
  constructor(...args: unknown[]) {
    super();
    const [layer, n, norm] = bindArgs('TransformerDecoder.__init__', args, ['decoder_layer', 'num_layers', 'norm'], [REQUIRED, REQUIRED, null]) as [Module, number, Module | null];
    this.layers = new ModuleList(Array.from({ length: n }, () => deepcopyModule(layer)));
    this.num_layers = n;
    this.norm = norm;
  }

  /** decoder(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None) */
  override forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor {
    const [tgtMask, memMask, tgtKpm, memKpm] = bindArgs('TransformerDecoder.forward', rest, DECODER_FORWARD, [null, null, null, null]) as (Tensor | null)[];
    let out = tgt;
    for (const mod of this.layers) {
      out = mod(out, memory, { tgt_mask: tgtMask, memory_mask: memMask, tgt_key_padding_mask: tgtKpm, memory_key_padding_mask: memKpm }) as Tensor;
    }
    return this.norm !== null ? (this.norm(out) as Tensor) : out;
  }
}

const TRANSFORMER = ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward', 'dropout', 'activation',
  'custom_encoder', 'custom_decoder', 'layer_norm_eps', 'batch_first', 'norm_first', 'device', 'dtype'];
const TRANSFORMER_FORWARD = ['src_mask', 'tgt_mask', 'memory_mask', 'src_key_padding_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'];

class TransformerImpl extends _ModuleImpl {
  declare encoder: Module;
  declare decoder: Module;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;

  /**
   * torch.nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation=relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False):
   * `nn.Transformer({d_model: 32, nhead: 4, num_encoder_layers: 2, num_decoder_layers: 2})(src, tgt)`
   */
  constructor(...args: unknown[]) {
    super();
    const [d, nhead, nEnc, nDec, ff, dropout, activation, customEncoder, customDecoder, eps, batchFirst, normFirst, device, dtype] =
      bindArgs('Transformer.__init__', args, TRANSFORMER, [512, 8, 6, 6, 2048, 0.1, 'relu', null, null, 1e-5, false, false, null, null]) as
      [number, number, number, number, number, number, unknown, Module | null, Module | null, number, boolean, boolean, unknown, unknown];
    const f = factory(device, dtype);
    if (customEncoder !== null) this.encoder = customEncoder;
    else {
      const layer = new TransformerEncoderLayer(d, nhead, ff, dropout, activation, eps, batchFirst, normFirst, f);
      this.encoder = new TransformerEncoder(layer, nEnc, new LayerNorm(d, { eps, ...f }));
    }
    if (customDecoder !== null) this.decoder = customDecoder;
    else {
      const layer = new TransformerDecoderLayer(d, nhead, ff, dropout, activation, eps, batchFirst, normFirst, f);
      this.decoder = new TransformerDecoder(layer, nDec, new LayerNorm(d, { eps, ...f }));
    }
    this._reset_parameters();
    this.d_model = d;
    this.nhead = nhead;
    this.batch_first = batchFirst;
  }

  /** transformer(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None) */
  override forward(src: Tensor, tgt: Tensor, ...rest: unknown[]): Tensor {
    const [srcMask, tgtMask, memMask, srcKpm, tgtKpm, memKpm] = bindArgs('Transformer.forward', rest, TRANSFORMER_FORWARD, [null, null, null, null, null, null]) as (Tensor | null)[];
    const batched = src.ndim === 3;
    if (batched && (this.batch_first ? src.shape_[0] !== tgt.shape_[0] : src.shape_[1] !== tgt.shape_[1])) {
      throw new Error('the batch number of src and tgt must be equal');
    }
    if (src.shape_.at(-1) !== this.d_model || tgt.shape_.at(-1) !== this.d_model) throw new Error('the feature number of src and tgt must be equal to d_model');
    const memory = this.encoder(src, { mask: srcMask, src_key_padding_mask: srcKpm }) as Tensor;
    return this.decoder(tgt, memory, { tgt_mask: tgtMask, memory_mask: memMask, tgt_key_padding_mask: tgtKpm, memory_key_padding_mask: memKpm }) as Tensor;
  }

  /** Transformer.generate_square_subsequent_mask(sz): -inf above the diagonal, 0 elsewhere */
  static generate_square_subsequent_mask(sz: number, device = 'cpu'): Tensor {
    return full([sz, sz], -Infinity, { device }).triu(1);
  }

  /** @internal xavier_uniform_ on every parameter with more than one dimension */
  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.ndim > 1) init.xavier_uniform_(p);
  }
}

/** torch.nn.TransformerEncoderLayer */
export const TransformerEncoderLayer = callableClass(TransformerEncoderLayerImpl);
export type TransformerEncoderLayer = TransformerEncoderLayerImpl;
/** torch.nn.TransformerEncoder: `nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 4), 2)` */
export const TransformerEncoder = callableClass(TransformerEncoderImpl);
export type TransformerEncoder = TransformerEncoderImpl;
/** torch.nn.TransformerDecoderLayer */
export const TransformerDecoderLayer = callableClass(TransformerDecoderLayerImpl);
export type TransformerDecoderLayer = TransformerDecoderLayerImpl;
/** torch.nn.TransformerDecoder */
export const TransformerDecoder = callableClass(TransformerDecoderImpl);
export type TransformerDecoder = TransformerDecoderImpl;
/** torch.nn.Transformer: `const model = nn.Transformer({d_model: 32, nhead: 4}); model(src, tgt, {tgt_mask: nn.Transformer.generate_square_subsequent_mask(5)})` */
export const Transformer = callableClass(TransformerImpl);
export type Transformer = TransformerImpl;
