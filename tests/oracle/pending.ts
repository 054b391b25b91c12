// Oracle cases whose op is not built yet, by the issue that builds it. The conformance test lists
// each of these as a todo (visible in the test summary), never skips one silently: a case whose
// op is missing and is not listed here fails.
export const PENDING: Record<string, string> = {
  // issue 4: shapes, indexing, reductions, torch.nn.functional
  ...Object.fromEntries(
    [
      'index', 'cat', 'stack', 'split', 'chunk', 'flatten', 'squeeze', 't',
      'repeat', 'flip', 'roll', 'tril', 'triu', 'diag', 'trace', 'gather', 'take', 'index_select', 'masked_select',
      'prod', 'std', 'var', 'norm', 'amax', 'amin', 'max', 'min', 'argmax', 'argmin', 'logsumexp', 'cumsum', 'cumprod',
      'softmax', 'log_softmax', 'all', 'any',
      'F.binary_cross_entropy', 'F.binary_cross_entropy_with_logits', 'F.cosine_similarity', 'F.cross_entropy',
      'F.dropout', 'F.elu', 'F.gelu', 'F.l1_loss', 'F.layer_norm', 'F.leaky_relu', 'F.linear', 'F.mse_loss',
      'F.nll_loss', 'F.normalize', 'F.one_hot', 'F.relu', 'F.silu', 'F.softmax', 'F.softplus',
    ].map((op) => [op, 'issue 4']),
  ),
};
