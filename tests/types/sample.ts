// A small user program against `import * as torch from 'webtorch'`, type-checked with
// tsc --strict by types.test.ts. Each annotation is a claim about the published types; the lines
// marked ts-expect-error check that misuse is rejected (the types are not `any`).
import * as torch from 'webtorch';
import { Tensor, Size, DType } from 'webtorch';

await torch.ready();
torch.manual_seed(0);

// creation and attributes
const x: Tensor = torch.tensor([[1, 2], [3, 4]]);
const z: Tensor = torch.zeros(3, 4, { dtype: torch.float64 });
const r: Tensor = torch.randn([2, 2]);
const shape: Size = x.shape;
const dims: number[] = [...shape];
const dt: DType = x.dtype;
const sameDtype: boolean = dt === torch.float32;
const n: number = x.numel() + z.ndim + dims.length;
const strides: number[] | number = x.stride();

// elementwise with broadcasting and numbers, reductions, shapes
const y: Tensor = x.mul(r).add(1).pow(2).div(torch.tensor([1, 2])).relu();
const s: Tensor = y.sum(1, true).mean();
const v: Tensor = x.reshape(4).unsqueeze(0).transpose(0, 1);

// autograd: a linear regression step
const w = torch.randn(2, 1).requires_grad_();
const b = torch.zeros(1).requires_grad_();
const pred = x.unsqueeze(2).mul(w).sum(1).add(b);
const loss: Tensor = pred.sub(torch.ones(2, 1)).pow(2).mean();
loss.backward();
const g: Tensor | null = w.grad;
torch.no_grad(() => {
  for (const p of [w, b]) {
    if (p.grad) {
      p.sub_(p.grad.mul(0.1));
      p.grad.zero_();
    }
  }
});
const doubled: Tensor = torch.no_grad(() => w.mul(2));
const kept: number = torch.tidy(() => x.exp().sum().item() as number);

// reading values, printing, memory, backends
const item: number | boolean = s.item();
const text: string = String(x) + String(torch.float32) + String(shape);
const mem: { tensors: number; bytes: number } = torch.memory();
torch.set_backend('js');
const backend: 'wasm' | 'js' = torch.get_backend();
torch.set_backend('wasm');
const cudaAvailable: boolean = torch.cuda.is_available();
x.dispose();

// torch.nn: a subclass of Module, built-in layers with and without new, autograd.Function
class Net extends torch.nn.Module {
  constructor() {
    super();
    this.fc = torch.nn.Linear(2, 3);
    this.act = new torch.nn.ReLU();
  }
  forward(input: Tensor): Tensor { return this.act(this.fc(input)); }
}
const net = new Net();
const netOut: Tensor = net(x);
const names: string[] = [...net.named_parameters()].map(([name]) => name);
const sd: Record<string, Tensor> = net.state_dict();
const param: Tensor = torch.nn.Parameter(torch.ones(2));
class Square extends torch.autograd.Function {
  static forward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, t: Tensor): Tensor { ctx.save_for_backward(t); return t.mul(t); }
  static backward(ctx: InstanceType<typeof torch.autograd.FunctionCtx>, g: Tensor): Tensor { const [t] = ctx.saved_tensors; return g.mul(2).mul(t as Tensor); }
}
const sq = Square.apply(x) as Tensor;

// @ts-expect-error: set_backend takes 'wasm' or 'js'
torch.set_backend('cuda');
// @ts-expect-error: operands are tensors or numbers
x.add('1');
// @ts-expect-error: grad may be null until backward runs
w.grad.zero_();
// @ts-expect-error: ready() is a Promise, not a value
const notReady: boolean = torch.ready();

// torch.utils.data: batches typed from the dataset; a Generator for the shuffling
const gen: torch.Generator = torch.Generator().manual_seed(0);
const ds = torch.utils.data.TensorDataset(x, torch.arange(2));
let batches = 0;
for (const [xb, yb] of torch.utils.data.DataLoader(ds, { batch_size: 2, shuffle: true, generator: gen })) {
  const both: Tensor = xb.add(yb);
  batches += both.ndim;
}
const drawn: Tensor = torch.multinomial(torch.tensor([0.2, 0.8]), 1, { generator: gen });
// @ts-expect-error: a sample of a TensorDataset is an array of tensors, not a string
for (const text2 of torch.utils.data.DataLoader(ds)) { const t2: string = text2; void t2; }


// common PyTorch translations that must compile with precise types
const F = torch.nn.functional;
const logits = torch.randn(4, 3, { requires_grad: true });
const labels = torch.tensor([0, 2, 1, 0], { dtype: torch.int64 });
const ce: Tensor = F.cross_entropy(logits, labels, { reduction: 'sum', label_smoothing: 0.1 });
const mse: Tensor = F.mse_loss(logits, torch.zeros_like(logits), { reduction: 'none' });
const fixed: string = ce.item().toFixed(3);
const anyPositive: boolean = logits.gt(0).any().item<boolean>();
const sized: Tensor[] = [torch.zeros(2, 3, { dtype: torch.int32 }), torch.ones([2, 3]), torch.empty(x.shape), torch.rand(2, { device: 'cpu' }),
  torch.arange(5), torch.arange(0, 1, 0.25), torch.arange(1, 4, { dtype: torch.float32 }), torch.randint(10, [3]), torch.randint(-5, 5, [2, 2]),
  torch.full([2], 7), torch.cat([x, x], 0), torch.stack([x, x], { dim: 1 }), ...x.split(1, { dim: 0 })];
const acts: Tensor[] = [F.relu(x, { inplace: false }), F.gelu(x, 'tanh'), F.leaky_relu(x, 0.2), F.softmax(x, 1), F.log_softmax(x, { dim: 1 }),
  F.dropout(x, { p: 0.1, training: false }), F.linear(x, torch.ones(3, 2), null), F.layer_norm(x, [2], { eps: 1e-6 })];
const reduced: Tensor = x.sum({ dim: 1, keepdim: true });

// twelve common mistakes, each rejected by the compiler
// @ts-expect-error: a dtype where a size goes (options are an object: {dtype: torch.int32})
torch.zeros(2, 3, torch.int32);
// @ts-expect-error: misspelt option name
x.sum({ dim: 1, keepdimz: true });
// @ts-expect-error: misspelt option name
F.mse_loss(logits, logits, { reductoin: 'sum' });
// @ts-expect-error: PyTorch's names, not camelCase: requires_grad
torch.zeros(2, { requiresGrad: true });
// @ts-expect-error: a string where a number goes
torch.ones('3');
// @ts-expect-error: reduction is 'mean' | 'sum' | 'none'
F.cross_entropy(logits, labels, { reduction: 'average' });
// @ts-expect-error: no such dtype
torch.randn(2, 2, { dtype: 'float33' });
// @ts-expect-error: step is positional: torch.arange(0, 10, 2)
torch.arange(0, 10, { step: 2 });
// @ts-expect-error: approximate is 'none' | 'tanh'
F.gelu(x, { approximate: 'fast' });
// @ts-expect-error: cat takes a list of tensors
torch.cat(x, 0);
// @ts-expect-error: item() is a number
ce.item().toUpperCase();
// @ts-expect-error: the keyword is training
F.dropout(x, { p: 0.5, train: false });
// @ts-expect-error: randint's size is a list
torch.randint(10, 3);
// @ts-expect-error: full's size is a list
torch.full(2, 3);

// the default device (PyTorch 2): a string, a torch.device or null; a torch.device back
torch.set_default_device(torch.device('cpu'));
torch.set_default_device(null);
const defaultType: string = torch.get_default_device().type;
// @ts-expect-error: a device, not a number
torch.set_default_device(0);


export const used = [netOut, names, sd, param, sq, sameDtype, n, strides, v, g, doubled, kept, item, text, mem, backend, cudaAvailable, notReady, batches, drawn, ce, mse, fixed, anyPositive, sized, acts, reduced, defaultType];
