// Mini-batch linear regression over a shuffled DataLoader, ported line by line from
//
//   torch.manual_seed(0)
//   X = torch.rand(64, 3); Y = X @ torch.tensor([[1.], [-2.], [3.]]) + 0.5
//   loader = DataLoader(TensorDataset(X, Y), batch_size=16, shuffle=True)
//   w = torch.zeros(3, 1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
//   for epoch in range(200):
//       for xb, yb in loader:
//           loss = ((xb @ w + b - yb) ** 2).mean()
//           loss.backward()
//           with torch.no_grad():
//               w -= 0.1 * w.grad; b -= 0.1 * b.grad
//               w.grad.zero_(); b.grad.zero_()
//   print(w.flatten(), b, torch.rand(1))
//
// The shuffles draw from the default generator exactly as PyTorch's DataLoader does, so the
// batches, the learned weights and the torch.rand(1) after training are PyTorch's (to float
// rounding in the arithmetic). torch.utils.tqdm shows the epochs on stderr.
import * as torch from 'webtorch';
const { DataLoader, TensorDataset } = torch.utils.data;

torch.manual_seed(0);
const X = torch.rand(64, 3);
const Y = X.matmul(torch.tensor([[1], [-2], [3]])).add(0.5);
const loader = DataLoader(TensorDataset(X, Y), { batch_size: 16, shuffle: true });
const w = torch.zeros(3, 1, { requires_grad: true });
const b = torch.zeros(1, { requires_grad: true });
let last = 0;
for (const _epoch of torch.utils.tqdm(Array.from({ length: 200 }, (_, i) => i), { desc: 'training', mininterval: 0.5 })) {
  for (const [xb, yb] of loader) {
    torch.tidy(() => {
      const loss = xb.matmul(w).add(b).sub(yb).pow(2).mean();
      loss.backward();
      torch.no_grad(() => {
        w.sub_(w.grad.mul(0.1));
        b.sub_(b.grad.mul(0.1));
        w.grad.zero_();
        b.grad.zero_();
      });
      last = loss.item();
    });
  }
}
console.log(`last batch loss ${last.toExponential(3)}`);
console.log(String(w.flatten()), String(b), String(torch.rand(1)));
if (!(last < 1e-3)) process.exitCode = 1;
