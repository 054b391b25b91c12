// torch.optim and a learning-rate schedule, ported line by line from
//
//   torch.manual_seed(0)
//   X = torch.randn(64, 3); Y = X @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.3
//   w = torch.zeros(3, 1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
//   opt = torch.optim.Adam([{'params': [w]}, {'params': [b], 'lr': 0.05}], lr=0.1)
//   sched = torch.optim.lr_scheduler.StepLR(opt, step_size=100, gamma=0.5)
//   for epoch in range(1, 401):
//       opt.zero_grad()
//       loss = ((X @ w + b - Y) ** 2).mean()
//       loss.backward()
//       opt.step()
//       sched.step()
//
// `node examples/optim-scheduler.mjs` prints the loss and learning rates every 100 epochs, then
// the optimizer's state_dict layout (the one torch.save writes for a PyTorch checkpoint).

import * as torch from 'webtorch';

async function main() {
  torch.manual_seed(0);
  const X = torch.randn(64, 3);
  const Y = X.matmul(torch.tensor([[1.5], [-2.0], [0.5]])).add(0.3);
  const w = torch.zeros(3, 1, { requires_grad: true });
  const b = torch.zeros(1, { requires_grad: true });
  const opt = torch.optim.Adam([{ params: [w] }, { params: [b], lr: 0.05 }], { lr: 0.1 });
  const sched = torch.optim.lr_scheduler.StepLR(opt, { step_size: 100, gamma: 0.5 });
  let loss;
  for (let epoch = 1; epoch <= 400; epoch++) {
    torch.tidy(() => {
      opt.zero_grad();
      loss = X.matmul(w).add(b).sub(Y).pow(2).mean();
      loss.backward();
      opt.step();
      sched.step();
      if (epoch % 100 === 0) {
        console.log(`epoch ${String(epoch).padStart(3)}: loss = ${loss.item().toExponential(4)}, lr = ${sched.get_last_lr().join(', ')}`);
      }
      loss = loss.item();
    });
  }
  console.log(String(w.detach().reshape(-1)), String(b.detach()));
  console.log(String(opt));
  const sd = opt.state_dict();
  console.log('state_dict: state', Object.keys(sd.state), Object.keys(sd.state[0]), 'param_groups', sd.param_groups.map((g) => g.params));
  if (!(loss < 1e-6)) process.exitCode = 1;
}

if (typeof process !== 'undefined' && process.versions?.node) {
  const { pathToFileURL } = await import('node:url');
  if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
}
