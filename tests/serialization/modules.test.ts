// torch.save / torch.load with torch.nn: a state_dict PyTorch wrote drives a webtorch model to
// PyTorch's outputs; a checkpoint {epoch, model, optimizer, loss} round-trips; Parameters stay
// Parameters; PyTorch's load_state_dict accepts what webtorch saves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { expected, fixture } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'webtorch-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const net = () => torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2));

describeBackends('checkpoints and modules', () => {
  test("model.load_state_dict(torch.load(bytes)) gives PyTorch's outputs", () => {
    const model = net();
    expect(model.load_state_dict(torch.load(fixture('state_dict.pt')) as Record<string, Tensor>)).toEqual({ missing_keys: [], unexpected_keys: [] });
    const fwd = expected['state_dict.pt:forward'] as { input: number[][]; output: number[][] };
    const out = torch.no_grad(() => model(torch.tensor(fwd.input))) as Tensor;
    const got = out.tolist() as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(fwd.output.flat()[i], 6));
  });

  test('a checkpoint {epoch, model, optimizer, loss} round-trips', () => {
    torch.manual_seed(1);
    const model = net();
    const optimizer = { state: { 0: { step: torch.tensor(3), exp_avg: torch.ones(4, 3) } }, param_groups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0, 1, 2, 3] }] };
    const bytes = torch.save({ epoch: 5, model: model.state_dict(), optimizer, loss: 0.125 });
    const ckpt = torch.load(bytes) as { epoch: number; model: Record<string, Tensor>; optimizer: typeof optimizer; loss: number };
    expect(ckpt.epoch).toBe(5);
    expect(ckpt.loss).toBe(0.125);
    expect(ckpt.optimizer.param_groups).toEqual(optimizer.param_groups);
    expect(ckpt.optimizer.state[0].exp_avg.tolist()).toEqual(optimizer.state[0].exp_avg.tolist());
    const fresh = net();
    fresh.load_state_dict(ckpt.model);
    for (const [k, t] of Object.entries(model.state_dict())) expect(fresh.state_dict()[k].tolist(), k).toEqual(t.tolist());
  });

  test('Parameters come back as Parameters (requires_grad kept), state_dict tensors as plain tensors', () => {
    const model = net();
    const back = torch.load(torch.save(model.state_dict({ keep_vars: true }))) as Record<string, Tensor>;
    expect(back['0.weight']).toBeInstanceOf(torch.nn.Parameter);
    expect(back['0.weight'].requires_grad).toBe(true);
    const frozen = torch.load(torch.save({ p: torch.nn.Parameter(torch.ones(2), false) })) as { p: Tensor };
    expect(frozen.p).toBeInstanceOf(torch.nn.Parameter);
    expect(frozen.p.requires_grad).toBe(false);
    const plain = torch.load(torch.save(model.state_dict())) as Record<string, Tensor>;
    expect(plain['0.weight']).not.toBeInstanceOf(torch.nn.Parameter);
    expect(plain['0.weight'].requires_grad).toBe(false);
  });
});

describe.runIf(hasTorch)('PyTorch loads what webtorch saves into its modules', () => {
  test('load_state_dict(strict=True) in PyTorch, then the same outputs', () => {
    torch.manual_seed(2);
    const model = net();
    const path = join(dir, 'model.pt');
    torch.save({ model: model.state_dict(), optimizer: { state: { 0: { step: torch.tensor(1) } }, param_groups: [{ params: [0, 1, 2, 3] }] } }, path);
    const x = [[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]];
    const script = [
      'import sys, json, torch',
      'ckpt = torch.load(sys.argv[1], weights_only=True)',
      'm = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))',
      'm.load_state_dict(ckpt["model"], strict=True)',
      'print(json.dumps({"out": m(torch.tensor(json.loads(sys.argv[2]))).tolist(), "state_keys": [type(k).__name__ for k in ckpt["optimizer"]["state"]], "ordered": type(ckpt["model"]).__name__}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script, path, JSON.stringify(x)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { out: number[][]; state_keys: string[]; ordered: string };
    expect(got.state_keys).toEqual(['int']);
    expect(got.ordered).toBe('OrderedDict');
    const mine = (torch.no_grad(() => model(torch.tensor(x))) as Tensor).tolist() as number[][];
    got.out.flat().forEach((v, i) => expect(mine.flat()[i]).toBeCloseTo(v, 6));
  });
});
