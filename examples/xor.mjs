// An MLP learns XOR: `node examples/xor.mjs` trains it on the cpu. The training function takes the
// torch module and a device, so the browser tests run this same model on 'webgl' and compare.
//   2 inputs -> 8 tanh units -> 1 sigmoid output, mean squared error, plain SGD

/** Trains the MLP; returns the loss every `every` steps, the final loss, predictions and weights. */
export function trainXor(torch, { device = 'cpu', steps = 500, lr = 1.0, hidden = 8, seed = 0, every = 50 } = {}) {
  torch.manual_seed(seed);
  const X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], { device });
  const Y = torch.tensor([[0], [1], [1], [0]], { device });
  // the same random numbers on every device: drawn on the cpu, then moved
  const w1 = torch.randn(2, hidden, { device, requires_grad: true });
  const b1 = torch.zeros(hidden, { device, requires_grad: true });
  const w2 = torch.randn(hidden, 1, { device, requires_grad: true });
  const b2 = torch.zeros(1, { device, requires_grad: true });
  const params = [w1, b1, w2, b2];
  const forward = (x) => x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();

  const losses = [];
  for (let step = 1; step <= steps; step++) {
    const loss = torch.tidy(() => {
      const loss = forward(X).sub(Y).pow(2).mean();
      loss.backward();
      torch.no_grad(() => {
        for (const p of params) {
          p.sub_(p.grad.mul(lr));
          p.grad.zero_();
        }
      });
      return loss;
    });
    // reading a value waits for the device: only every few steps
    if (step % every === 0 || step === steps) losses.push(loss.item());
    loss.dispose();
  }
  const out = torch.no_grad(() => forward(X));
  const predictions = out.tolist().map((r) => r[0]);
  out.dispose();
  const weights = params.map((p) => p.detach().cpu().tolist());
  return { losses, predictions, weights, params, dispose: () => [X, Y, ...params].forEach((t) => t.dispose()) };
}

async function main() {
  const torch = await import('webtorch');
  const steps = 600;
  const { losses, predictions, dispose } = trainXor(torch, { steps });
  losses.forEach((l, i) => console.log(`step ${String(Math.min((i + 1) * 50, steps)).padStart(4)}  loss ${l.toFixed(6)}`));
  console.log('inputs   target  prediction');
  [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].forEach(([a, b, t], i) => console.log(`(${a}, ${b})   ${t}       ${predictions[i].toFixed(4)}`));
  const learned = predictions.every((p, i) => (p > 0.5) === [false, true, true, false][i]);
  console.log(learned ? 'XOR learned' : 'XOR not learned');
  dispose();
  if (!learned) process.exitCode = 1;
}

if (typeof process !== 'undefined' && process.versions?.node) {
  const { pathToFileURL } = await import('node:url');
  if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
}
