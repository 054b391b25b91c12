// torch.nn.init against PyTorch 1.13: the same draws under manual_seed, gains, and errors.
import { describe, expect, test } from 'vitest';
import * as torch from '../../src/index.js';
import { describeBackends } from '../gradcheck.js';
import { close, fixture, thrown } from './helpers.js';

const init = torch.nn.init as unknown as Record<string, (...a: unknown[]) => torch.Tensor>;

describeBackends('nn.init', () => {
  for (const c of fixture.init.cases) {
    test(`${c.fn}(${c.shape}, ${JSON.stringify(c.kwargs)})`, () => {
      torch.manual_seed(c.seed);
      const t = torch.empty(c.shape);
      const r = init[c.fn](t, c.kwargs);
      expect(r).toBe(t);
      // uniform/normal draws are PyTorch's to the bit; trunc_normal_'s erfinv and orthogonal_'s QR run in double here
      const tol = c.fn === 'trunc_normal_' || c.fn === 'orthogonal_' ? 2e-6 : 1e-7;
      close(t, c.values, tol, c.fn);
    });
  }
  test('on a parameter, outside no_grad (init functions run without recording)', () => {
    const p = torch.nn.Parameter(torch.empty(3, 4));
    torch.nn.init.kaiming_uniform_(p, { a: Math.sqrt(5) });
    expect(p.is_leaf).toBe(true);
    expect(p.grad_fn).toBe(null);
  });
});

describe('nn.init gains and errors', () => {
  test('calculate_gain', () => {
    for (const [n, p, g] of fixture.init.gains) expect(torch.nn.init.calculate_gain(n, p)).toBe(g);
  });
  test("PyTorch's messages", () => {
    const e = fixture.init.errors;
    expect(thrown(() => torch.nn.init.calculate_gain('foo'))).toBe(`ValueError: ${e.gain.message}`);
    expect(thrown(() => torch.nn.init.calculate_gain('leaky_relu', 'x'))).toBe(`ValueError: ${e.slope.message}`);
    expect(thrown(() => torch.nn.init.kaiming_uniform_(torch.empty(3)))).toBe(`ValueError: ${e.fan.message}`);
    expect(thrown(() => torch.nn.init.kaiming_uniform_(torch.empty(3, 3), { mode: 'fan_x' }))).toBe(`ValueError: ${e.mode.message}`);
    expect(thrown(() => torch.nn.init.eye_(torch.empty(3)))).toBe(`ValueError: ${e.eye.message}`);
    expect(thrown(() => torch.nn.init.dirac_(torch.empty(3, 3)))).toBe(`ValueError: ${e.dirac.message}`);
    expect(thrown(() => torch.nn.init.orthogonal_(torch.empty(3)))).toBe(`ValueError: ${e.orthogonal.message}`);
    expect(thrown(() => torch.nn.init.uniform_(torch.empty(3), { lo: 1 }))).toBe("uniform_() got an unexpected keyword argument 'lo'");
  });
});
