// PyTorch's word-language-model tutorial model (PositionalEncoding buffer, Embedding,
// TransformerEncoder, Linear), ported line by line: seeded, five SGD steps with dropout on, its
// losses against PyTorch 1.13's (tests/fixtures/layers.json, scripts/fixtures/gen_layers.py).
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { FIX } from './fixture.js';

const nn = torch.nn as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

class PositionalEncoding extends torch.nn.Module {
  constructor(d: number, dropout = 0.1, maxLen = 50) {
    super();
    this.dropout = nn.Dropout(dropout);
    const position = torch.arange(maxLen).unsqueeze(1);
    const divTerm = torch.exp(torch.arange(0, d, 2).mul(-Math.log(10000.0) / d));
    const pe = torch.zeros(maxLen, 1, d);
    pe.index(':, 0, 0::2').copy_(torch.sin(position.mul(divTerm)));
    pe.index(':, 0, 1::2').copy_(torch.cos(position.mul(divTerm)));
    this.register_buffer('pe', pe);
  }
  override forward(x: Tensor): Tensor { return this.dropout(x.add(this.pe.index(`:${x.shape[0]}`))); }
}

class TransformerModel extends torch.nn.Module {
  constructor(ntoken: number, d: number, nhead: number, dhid: number, nlayers: number, dropout = 0.5) {
    super();
    this.pos_encoder = new PositionalEncoding(d, dropout);
    this.transformer_encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, nhead, dhid, dropout), nlayers);
    this.encoder = nn.Embedding(ntoken, d);
    this.d_model = d;
    this.decoder = nn.Linear(d, ntoken);
    torch.no_grad(() => {
      this.encoder.weight.uniform_(-0.1, 0.1);
      this.decoder.bias.zero_();
      this.decoder.weight.uniform_(-0.1, 0.1);
    });
  }
  override forward(src: Tensor, mask: Tensor): Tensor {
    let s = this.encoder(src).mul(Math.sqrt(this.d_model));
    s = this.pos_encoder(s);
    return this.decoder(this.transformer_encoder(s, mask));
  }
}

describeBackends('word-language-model tutorial', () => {
  test('five seeded SGD steps give PyTorch\'s losses', () => {
    torch.manual_seed(0);
    const model = new TransformerModel(20, 16, 2, 32, 2, 0.2);
    const crit = nn.CrossEntropyLoss();
    const data = torch.randint(0, 20, [9, 4], { dtype: torch.int64 });
    const mask = nn.Transformer.generate_square_subsequent_mask(8).to(data.device); // the tutorial moves it: .to(device)
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = model(data.index(':8'), mask);
      const loss = crit(out.view(-1, 20), data.index('1:').reshape(-1));
      for (const p of model.parameters()) p.grad = null;
      loss.backward();
      torch.no_grad(() => { for (const p of model.parameters()) p.sub_((p.grad as Tensor).mul(0.5)); });
      losses.push(loss.item() as number);
    }
    (FIX.tutorial_lm as number[]).forEach((want, i) => expect(Math.abs(losses[i] - want), `step ${i}`).toBeLessThan(2e-5));
  });
});
