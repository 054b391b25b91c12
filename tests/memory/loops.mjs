// Training loops as PyTorch users write them, ported line by line with no memory calls (no tidy,
// no dispose): what the automatic step scope must keep bounded. Each takes the torch module
// (src/ in tests, dist/ in bench/memory-soak.mjs) and returns one step of the loop to run.

/**
 * The seeds' manual SGD (examples/linear-regression.mjs without its tidy):
 *   loss = ((X * w + b - Y) ** 2).mean(); loss.backward()
 *   with torch.no_grad(): w -= lr * w.grad; b -= lr * b.grad; w.grad.zero_(); b.grad.zero_()
 */
export function manualSGD(torch, { lr = 0.004, device = 'cpu' } = {}) {
  torch.manual_seed(0);
  const X = torch.arange(1.0, 6.0, { device }).unsqueeze(1);
  const Y = X.mul(2).add(1);
  const w = torch.randn(1, { requires_grad: true, device });
  const b = torch.zeros(1, { requires_grad: true, device });
  const step = () => {
    const loss = X.mul(w).add(b).sub(Y).pow(2).mean();
    loss.backward();
    torch.no_grad(() => {
      w.sub_(w.grad.mul(lr));
      b.sub_(b.grad.mul(lr));
      w.grad.zero_();
      b.grad.zero_();
    });
    return loss;
  };
  return { step, params: [w, b] };
}

/**
 * "Learning PyTorch with Examples", autograd: a cubic fitted to sin(x), the gradients set to None
 * each step (here on 20 points rather than 2,000).
 */
export function polynomial(torch, { points = 20, lr = 1e-4 } = {}) {
  torch.manual_seed(0);
  const x = torch.linspace(-Math.PI, Math.PI, points);
  const y = torch.sin(x);
  const a = torch.randn([], { requires_grad: true });
  const b = torch.randn([], { requires_grad: true });
  const c = torch.randn([], { requires_grad: true });
  const d = torch.randn([], { requires_grad: true });
  const step = () => {
    const y_pred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
    const loss = y_pred.sub(y).pow(2).sum();
    loss.backward();
    torch.no_grad(() => {
      a.sub_(a.grad.mul(lr));
      b.sub_(b.grad.mul(lr));
      c.sub_(c.grad.mul(lr));
      d.sub_(d.grad.mul(lr));
      a.grad = null;
      b.grad = null;
      c.grad = null;
      d.grad = null;
    });
    return loss;
  };
  return { step, params: [a, b, c, d] };
}

/** A two-layer MLP on raw tensors with cross_entropy, updated by hand: the leaking loop. */
export function mlp(torch, { batch = 8, inputs = 4, hidden = 16, classes = 3, lr = 0.05 } = {}) {
  torch.manual_seed(0);
  const F = torch.nn.functional;
  const x = torch.randn(batch, inputs);
  const y = torch.randint(0, classes, [batch]);
  const W1 = torch.randn(inputs, hidden).mul(0.5).requires_grad_();
  const b1 = torch.zeros(hidden, { requires_grad: true });
  const W2 = torch.randn(hidden, classes).mul(0.5).requires_grad_();
  const b2 = torch.zeros(classes, { requires_grad: true });
  const params = [W1, b1, W2, b2];
  const step = () => {
    const h = x.matmul(W1).add(b1).relu();
    const logits = h.matmul(W2).add(b2);
    const loss = F.cross_entropy(logits, y);
    loss.backward();
    torch.no_grad(() => {
      for (const p of params) {
        p.sub_(p.grad.mul(lr));
        p.grad.zero_();
      }
    });
    return loss;
  };
  return { step, params };
}

/**
 * "Learn the Basics" (optimization tutorial): an nn.Module, a loss module, torch.optim.SGD and a
 * shuffling DataLoader over a TensorDataset, in the tutorial's order
 *   pred = model(X); loss = loss_fn(pred, y); optimizer.zero_grad(); loss.backward(); optimizer.step()
 * (64 samples of 4 features in batches of 8; the loader starts again when it runs out).
 */
export function tutorial(torch, { samples = 64, batch = 8, lr = 0.05 } = {}) {
  torch.manual_seed(0);
  const { nn } = torch;
  const { DataLoader, TensorDataset } = torch.utils.data;
  const loader = DataLoader(TensorDataset(torch.randn(samples, 4), torch.randint(0, 3, [samples])), { batch_size: batch, shuffle: true });
  const model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3));
  const lossFn = nn.CrossEntropyLoss();
  const optimizer = torch.optim.SGD(model.parameters(), { lr });
  let batches = loader[Symbol.iterator]();
  const step = () => {
    let next = batches.next();
    if (next.done) next = (batches = loader[Symbol.iterator]()).next();
    const [X, y] = next.value;
    const pred = model(X);
    const loss = lossFn(pred, y);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss;
  };
  return { step, params: [...model.parameters()] };
}

export const LOOPS = { manualSGD, polynomial, mlp, tutorial };
