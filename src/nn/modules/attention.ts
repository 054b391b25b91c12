// torch.nn.MultiheadAttention (in PyTorch's torch/nn/modules/activation.py): packed or separate
// q/k/v projections, xavier_uniform_ initialised after out_proj draws its own Linear weights, as
// PyTorch does; the forward is F.multi_head_attention_forward (PyTorch's slow path, which its
// inference fast path matches numerically).
import { empty } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, REQUIRED } from '../callable.js';
import * as F from '../functional.js';
import * as init from '../init.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from './linear.js';
import { factory } from './normalization.js';

/** torch.nn.modules.linear.NonDynamicallyQuantizableLinear: a Linear by another name (MHA's out_proj) */
class NonDynamicallyQuantizableLinearImpl extends Linear {}
/** NonDynamicallyQuantizableLinear(in_features, out_features, bias=True): MultiheadAttention's out_proj */
export const NonDynamicallyQuantizableLinear = callableClass(NonDynamicallyQuantizableLinearImpl);

const NAMES = ['embed_dim', 'num_heads', 'dropout', 'bias', 'add_bias_kv', 'add_zero_attn', 'kdim', 'vdim', 'batch_first', 'device', 'dtype'];
const FORWARD = ['key_padding_mask', 'need_weights', 'attn_mask', 'average_attn_weights'];

class MultiheadAttentionImpl extends _ModuleImpl {
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: InstanceType<typeof NonDynamicallyQuantizableLinearImpl>;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare add_zero_attn: boolean;

  /**
   * torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False):
   * `const mha = nn.MultiheadAttention(64, 8, {batch_first: true}); const [out, w] = mha(q, k, v)`
   */
  constructor(...args: unknown[]) {
    super();
    const [e, heads, dropout, bias, addBiasKV, addZeroAttn, kdim, vdim, batchFirst, device, dtype] = bindArgs('MultiheadAttention.__init__', args, NAMES,
      [REQUIRED, REQUIRED, 0, true, false, false, null, null, false, null, null]) as
      [number, number, number, boolean, boolean, boolean, number | null, number | null, boolean, unknown, unknown];
    const f = factory(device, dtype);
    this.embed_dim = e;
    this.kdim = kdim ?? e;
    this.vdim = vdim ?? e;
    this._qkv_same_embed_dim = this.kdim === e && this.vdim === e;
    this.num_heads = heads;
    this.dropout = dropout;
    this.batch_first = batchFirst;
    this.head_dim = Math.floor(e / heads);
    if (this.head_dim * heads !== e) throw new Error('AssertionError: embed_dim must be divisible by num_heads');
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = new Parameter(empty([e, e], f));
      this.k_proj_weight = new Parameter(empty([e, this.kdim], f));
      this.v_proj_weight = new Parameter(empty([e, this.vdim], f));
      this.register_parameter('in_proj_weight', null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * e, e], f));
      this.register_parameter('q_proj_weight', null);
      this.register_parameter('k_proj_weight', null);
      this.register_parameter('v_proj_weight', null);
    }
    if (bias) this.in_proj_bias = new Parameter(empty([3 * e], f));
    else this.register_parameter('in_proj_bias', null);
    this.out_proj = new NonDynamicallyQuantizableLinear(e, e, { bias, ...f });
    if (addBiasKV) {
      this.bias_k = new Parameter(empty([1, 1, e], f));
      this.bias_v = new Parameter(empty([1, 1, e], f));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = addZeroAttn;
    this._reset_parameters();
  }

  /** @internal xavier_uniform_ on the projections, zero biases, xavier_normal_ on bias_k/bias_v */
  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) init.xavier_uniform_(this.in_proj_weight as Tensor);
    else for (const w of [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) init.xavier_uniform_(w as Tensor);
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias as Tensor, 0);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  /**
   * mha(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True):
   * returns `[attn_output, attn_weights | null]`.
   */
  override forward(query: Tensor, key: Tensor, value: Tensor, ...rest: unknown[]): [Tensor, Tensor | null] {
    const [kpm, needWeights, attnMask, average] = bindArgs('MultiheadAttention.forward', rest, FORWARD, [null, true, null, true]) as
      [Tensor | null, boolean, Tensor | null, boolean];
    const batched = query.ndim === 3;
    if (kpm && kpm.dtype.name !== 'bool' && !kpm.dtype.is_floating_point) throw new Error('AssertionError: only bool and floating types of key_padding_mask are supported');
    if (this.batch_first && batched) {
      // keep query/key/value identity, which picks the packed projection
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else { query = query.transpose(1, 0); key = value = key.transpose(1, 0); }
      } else {
        query = query.transpose(1, 0); key = key.transpose(1, 0); value = value.transpose(1, 0);
      }
    }
    const common = { training: this.training, key_padding_mask: kpm, need_weights: needWeights, attn_mask: attnMask, average_attn_weights: average };
    const separate = this._qkv_same_embed_dim ? {} : {
      use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight,
    };
    const [out, weights] = F.multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads,
      this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v, this.add_zero_attn, this.dropout,
      this.out_proj.weight, this.out_proj.bias, { ...common, ...separate });
    if (!(this.batch_first && batched)) return [out, weights];
    // the batch-first transposes are this call's own views: freed now, as Python would free them
    const result = out.transpose(1, 0);
    for (const t of new Set([query, key, value, out])) t.dispose();
    return [result, weights];
  }
}

/** torch.nn.MultiheadAttention: `const [out, weights] = nn.MultiheadAttention(16, 4)(q, k, v)` */
export const MultiheadAttention = callableClass(MultiheadAttentionImpl);
export type MultiheadAttention = MultiheadAttentionImpl;
