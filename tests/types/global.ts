// The script-tag build's global `torch` (dist/webtorch.min.d.ts), as a page's TypeScript sees it.
// A user writes `/// <reference types="webtorch/webtorch.min.js" />` (resolved through the
// package's "exports"); a package cannot resolve a type reference to itself, so the path here.
/// <reference path="../../dist/webtorch.min.d.ts" />
torch.ready().then(() => {
  const x = torch.tensor([[1, 2], [3, 4]]);
  const fixed: string = x.matmul(x).sum().item().toFixed(1);
  console.log(fixed);
  // @ts-expect-error: the global is typed: no such function
  torch.zeroes(2);
});
