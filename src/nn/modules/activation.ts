// torch.nn activation modules: PyTorch's constructor arguments, defaults, extra_repr and forward
// (each is its torch.nn.functional counterpart). One factory builds the stateless ones from a
// spec, since they differ only in their arguments, their call and their repr.
import { empty } from '../../creation.js';
import { type DTypeLike } from '../../dtype.js';
import { inplace as writeInto } from '../../ops/elementwise.js';
import type { Tensor } from '../../tensor.js';
import { bindArgs, callableClass, pyFloat, pyStr, REQUIRED, type CallableClass } from '../callable.js';
import * as F from '../functional.js';
import { _ModuleImpl } from '../module.js';
import { Parameter } from '../parameter.js';

type Args = Record<string, unknown>;
interface Spec {
  names: string[];
  defaults: unknown[];
  forward: (x: Tensor, a: Args, m: _ModuleImpl) => Tensor;
  repr?: (a: Args) => string;
  check?: (a: Args) => void;
}

/** The class of an activation module whose attributes are its constructor arguments. */
export type Activation = _ModuleImpl;
type ActivationClass = CallableClass<new (...args: unknown[]) => Activation>;

function activation(name: string, spec: Spec): ActivationClass {
  const cls = class extends _ModuleImpl {
    constructor(...args: unknown[]) {
      super();
      const vals = bindArgs(`${name}.__init__`, args, spec.names, spec.defaults);
      const a: Args = {};
      spec.names.forEach((n, i) => { a[n] = vals[i]; (this as Args)[n] = vals[i]; });
      spec.check?.(a);
    }
    override forward(input: Tensor): Tensor {
      const a: Args = {};
      for (const n of spec.names) a[n] = (this as Args)[n];
      return spec.forward(input, a, this);
    }
    override extra_repr(): string {
      if (!spec.repr) return '';
      const a: Args = {};
      for (const n of spec.names) a[n] = (this as Args)[n];
      return spec.repr(a);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return callableClass(cls) as unknown as ActivationClass;
}

const inplaceOnly = (a: Args) => (a.inplace ? 'inplace=True' : '');
const inplaceTail = (a: Args) => (a.inplace ? ', inplace=True' : '');
const INPLACE = { names: ['inplace'], defaults: [false] };

/** torch.nn.ReLU(inplace=False): `nn.ReLU()(x)` */
export const ReLU = activation('ReLU', { ...INPLACE, forward: (x, a) => F.relu(x, { inplace: a.inplace as boolean }), repr: inplaceOnly });
/** torch.nn.ReLU6(inplace=False) */
export const ReLU6 = activation('ReLU6', { ...INPLACE, forward: (x, a) => F.hardtanh(x, 0, 6, a.inplace), repr: inplaceOnly });
/** torch.nn.LeakyReLU(negative_slope=0.01, inplace=False) */
export const LeakyReLU = activation('LeakyReLU', {
  names: ['negative_slope', 'inplace'], defaults: [1e-2, false],
  forward: (x, a) => F.leaky_relu(x, a.negative_slope as number, a.inplace as boolean),
  repr: (a) => `negative_slope=${pyFloat(a.negative_slope as number)}${inplaceTail(a)}`,
});
/** torch.nn.ELU(alpha=1.0, inplace=False) */
export const ELU = activation('ELU', {
  names: ['alpha', 'inplace'], defaults: [1, false],
  forward: (x, a) => F.elu(x, a.alpha as number, a.inplace as boolean),
  repr: (a) => `alpha=${pyFloat(a.alpha as number)}${inplaceTail(a)}`,
});
/** torch.nn.CELU(alpha=1.0, inplace=False) */
export const CELU = activation('CELU', {
  names: ['alpha', 'inplace'], defaults: [1, false],
  forward: (x, a) => F.celu(x, a.alpha, a.inplace),
  repr: (a) => `alpha=${pyFloat(a.alpha as number)}${inplaceTail(a)}`,
});
/** torch.nn.SELU(inplace=False) */
export const SELU = activation('SELU', { ...INPLACE, forward: (x, a) => F.selu(x, a.inplace), repr: inplaceOnly });
/** torch.nn.GELU(approximate='none') */
export const GELU = activation('GELU', {
  names: ['approximate'], defaults: ['none'],
  forward: (x, a) => F.gelu(x, { approximate: a.approximate as 'none' | 'tanh' }),
  repr: (a) => `approximate='${a.approximate}'`,
});
/** torch.nn.SiLU(inplace=False) */
export const SiLU = activation('SiLU', {
  ...INPLACE, repr: inplaceOnly,
  forward: (x, a) => (a.inplace ? writeInto(x, F.silu(x)) : F.silu(x)),
});
/** torch.nn.Mish(inplace=False) */
export const Mish = activation('Mish', { ...INPLACE, forward: (x, a) => F.mish(x, a.inplace), repr: inplaceOnly });
/** torch.nn.Sigmoid() */
export const Sigmoid = activation('Sigmoid', { names: [], defaults: [], forward: (x) => x.sigmoid() });
/** torch.nn.Tanh() */
export const Tanh = activation('Tanh', { names: [], defaults: [], forward: (x) => x.tanh() });
/** torch.nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False) */
export const Hardtanh = activation('Hardtanh', {
  names: ['min_val', 'max_val', 'inplace'], defaults: [-1, 1, false],
  check: (a) => { if (!((a.max_val as number) > (a.min_val as number))) throw new Error('AssertionError'); },
  forward: (x, a) => F.hardtanh(x, a.min_val, a.max_val, a.inplace),
  repr: (a) => `min_val=${pyFloat(a.min_val as number)}, max_val=${pyFloat(a.max_val as number)}${inplaceTail(a)}`,
});
/** torch.nn.Hardswish(inplace=False) */
export const Hardswish = activation('Hardswish', { ...INPLACE, forward: (x, a) => F.hardswish(x, a.inplace) });
/** torch.nn.Hardsigmoid(inplace=False) */
export const Hardsigmoid = activation('Hardsigmoid', { ...INPLACE, forward: (x, a) => F.hardsigmoid(x, a.inplace) });
/** torch.nn.Softplus(beta=1, threshold=20) */
export const Softplus = activation('Softplus', {
  names: ['beta', 'threshold'], defaults: [1, 20],
  forward: (x, a) => F.softplus(x, a.beta as number, a.threshold as number),
  repr: (a) => `beta=${pyStr(a.beta)}, threshold=${pyStr(a.threshold)}`,
});
/** torch.nn.Threshold(threshold, value, inplace=False) */
export const Threshold = activation('Threshold', {
  names: ['threshold', 'value', 'inplace'], defaults: [REQUIRED, REQUIRED, false],
  forward: (x, a) => F.threshold(x, a.threshold, a.value, a.inplace),
  repr: (a) => `threshold=${pyStr(a.threshold)}, value=${pyStr(a.value)}${inplaceTail(a)}`,
});
const dimSpec = (f: (x: Tensor, dim: number | null) => Tensor) => ({
  names: ['dim'], defaults: [null], forward: (x: Tensor, a: Args) => f(x, a.dim as number | null), repr: (a: Args) => `dim=${pyStr(a.dim)}`,
});
/** torch.nn.Softmax(dim=None): `nn.Softmax({dim: 1})` */
export const Softmax = activation('Softmax', dimSpec((x, dim) => F.softmax(x, dim)));
/** torch.nn.LogSoftmax(dim=None) */
export const LogSoftmax = activation('LogSoftmax', dimSpec((x, dim) => F.log_softmax(x, dim)));
/** torch.nn.Softmin(dim=None) */
export const Softmin = activation('Softmin', dimSpec((x, dim) => F.softmin(x, dim)));
/** torch.nn.Softsign() */
export const Softsign = activation('Softsign', { names: [], defaults: [], forward: (x) => F.softsign(x) });
/** torch.nn.Tanhshrink() */
export const Tanhshrink = activation('Tanhshrink', { names: [], defaults: [], forward: (x) => F.tanhshrink(x) });
/** torch.nn.LogSigmoid() */
export const LogSigmoid = activation('LogSigmoid', { names: [], defaults: [], forward: (x) => F.logsigmoid(x) });

class PReLUImpl extends _ModuleImpl {
  declare num_parameters: number;
  declare weight: Parameter;
  /** torch.nn.PReLU(num_parameters=1, init=0.25, device=None, dtype=None) */
  constructor(...args: unknown[]) {
    super();
    const [n, initValue, device, dtype] = bindArgs('PReLU.__init__', args, ['num_parameters', 'init', 'device', 'dtype'], [1, 0.25, null, null]) as [number, number, string | null, DTypeLike | null];
    this.num_parameters = n;
    const opts: { device?: string; dtype?: DTypeLike } = {};
    if (device !== null) opts.device = device;
    if (dtype !== null) opts.dtype = dtype;
    this.weight = new Parameter(empty([n], opts).fill_(initValue));
  }
  override forward(input: Tensor): Tensor { return F.prelu(input, this.weight); }
  override extra_repr(): string { return `num_parameters=${this.num_parameters}`; }
}
/** torch.nn.PReLU(num_parameters=1, init=0.25) */
export const PReLU = callableClass(PReLUImpl);
export type PReLU = PReLUImpl;
