// `npm start`: a short PyTorch-style session of tensor basics, each line as you would type it.
import * as torch from 'webtorch';

function show(code, fn) {
  console.log(`>>> ${code}`);
  const value = fn();
  if (value !== undefined) console.log(typeof value === 'string' ? value : String(value));
}

show("x = torch.tensor([[1, 2], [3, 4]])", () => { globalThis.x = torch.tensor([[1, 2], [3, 4]]); });
show('x', () => x);
show('x.shape', () => x.shape);
show('x.dtype', () => x.dtype);
show('x.add(10)', () => x.add(10));
show('x.mul(x)', () => x.mul(x));
show('x.pow(2).sum()', () => x.pow(2).sum());
show('x.mean(0)', () => x.mean(0));
show('x.matmul(x)', () => x.matmul(x));
show('x.T', () => x.T);
show("x.index(':, 1')", () => x.index(':, 1'));
show('x.max(1)', () => x.max(1));
show('x.softmax(-1)', () => x.softmax(-1));
show('x.gt(2)', () => x.gt(2));
show('torch.arange(6).reshape(2, 3)', () => torch.arange(6).reshape(2, 3));
show("torch.zeros(2, 3, {dtype: torch.float64})", () => torch.zeros(2, 3, { dtype: torch.float64 }));
show('torch.manual_seed(0); torch.rand(3)', () => { torch.manual_seed(0); return torch.rand(3); });
show('torch.randn(2, 2)', () => torch.randn(2, 2));
show('torch.tensor([1.0, NaN, Infinity]).isnan()', () => torch.tensor([1.0, NaN, Infinity]).isnan());
show('torch.linspace(0, 1, 5).exp()', () => torch.linspace(0, 1, 5).exp());
show('x.float().sigmoid()', () => x.float().sigmoid());
show("w = torch.tensor(3.0, {requires_grad: true})", () => { globalThis.w = torch.tensor(3.0, { requires_grad: true }); });
show('y = w.pow(2); y', () => (globalThis.y = w.pow(2)));
show('y.backward(); w.grad', () => { y.backward(); return w.grad; });
show('x.tolist()', () => JSON.stringify(x.tolist()));
show('torch.memory()', () => JSON.stringify(torch.memory()));
