// Linear regression by gradient descent, the PyTorch tutorial's first model, ported line by line:
// `node examples/linear-regression.mjs` learns y = 2x + 1 and prints what PyTorch prints for
//
//   torch.manual_seed(0)
//   X = torch.arange(1.0, 6.0).unsqueeze(1); Y = 2 * X + 1
//   w = torch.randn(1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
//   for epoch in range(1, 10001):
//       loss = ((X * w + b - Y) ** 2).mean()
//       loss.backward()
//       with torch.no_grad():
//           w -= lr * w.grad; b -= lr * b.grad
//           w.grad.zero_(); b.grad.zero_()
//
// The one addition is torch.tidy around a step: JavaScript has no reference counting, so the
// step's tensors are released when it ends rather than when the garbage collector gets to them.
// (The graph, its saved tensors and the gradients in flight are released by backward() itself.)

/** The model and one training step; `step()` returns that step's loss. `device`: 'cpu' or 'webgl'. */
export function linearRegression(torch, { lr = 0.004, seed = 0, device = 'cpu' } = {}) {
  torch.manual_seed(seed);
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
  return { X, Y, w, b, step, dispose: () => [X, Y, w, b].forEach((t) => t.dispose()) };
}

async function main() {
  const torch = await import('webtorch');
  const { w, b, step, dispose } = linearRegression(torch);
  console.log(`start: w = ${w.item().toFixed(4)}, b = ${b.item().toFixed(4)}`);
  for (let epoch = 1; epoch <= 10_000; epoch++) {
    const loss = torch.tidy(step);
    if (epoch % 1000 === 0) {
      console.log(`epoch ${String(epoch).padStart(5)}: loss = ${loss.item().toFixed(8)}, w = ${w.item().toFixed(4)}, b = ${b.item().toFixed(4)}`);
    }
    loss.dispose();
  }
  console.log(`learned: y = ${w.item().toFixed(3)}x + ${b.item().toFixed(3)}`);
  console.log(String(w), String(b));
  const learned = Math.abs(w.item() - 2) < 5e-4 && Math.abs(b.item() - 1) < 5e-4;
  dispose();
  if (!learned) process.exitCode = 1;
}

if (typeof process !== 'undefined' && process.versions?.node) {
  const { pathToFileURL } = await import('node:url');
  if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
}
