// torch.set_default_device / get_default_device (PyTorch 2): which device creation functions and
// nn modules use when given none, and the argument's checks. Node has no WebGL2, so the 'webgl'
// device is stood in for here by the JS backend under that name: the routing is what is tested
// (the real device runs the nn and conv suites this way in tests/browser/webgl.test.ts).
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as torch from '../src/index.js';
import { JsBackend } from '../src/backends/js.js';
import { backendFor, registerDevice } from '../src/backends/index.js';
import type { Backend } from '../src/backend.js';
import { describeBackends } from './gradcheck.js';

const nn = torch.nn;
let realWebgl: Backend;

beforeAll(() => {
  realWebgl = backendFor('webgl');
  const stand = new JsBackend();
  Object.defineProperty(stand, 'device', { value: 'webgl' });
  registerDevice('webgl', stand);
});
afterAll(() => registerDevice('webgl', realWebgl));
afterEach(() => torch.set_default_device(null));

describe('the argument', () => {
  test('get_default_device() is the cpu until set; null goes back to it', () => {
    expect(torch.get_default_device()).toBeInstanceOf(torch.device);
    expect(torch.get_default_device().type).toBe('cpu');
    torch.set_default_device('webgl');
    expect(torch.get_default_device().type).toBe('webgl');
    expect(String(torch.get_default_device())).toBe('webgl');
    torch.set_default_device(null);
    expect(torch.get_default_device().type).toBe('cpu');
  });

  test('takes a string, a torch.device, or a device string with an index', () => {
    torch.set_default_device(torch.device('webgl'));
    expect(torch.get_default_device().type).toBe('webgl');
    torch.set_default_device('cpu:0');
    expect(String(torch.get_default_device())).toBe('cpu:0');
    expect(torch.zeros(1).device).toBe('cpu');
  });

  test("bad device strings get PyTorch's errors, and the default is left as it was", () => {
    torch.set_default_device('webgl');
    expect(() => torch.set_default_device('gpu')).toThrow(
      'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone, webgl device type at start of device string: gpu');
    expect(() => torch.set_default_device('CPU')).toThrow('device type at start of device string: CPU');
    expect(() => torch.set_default_device('cpu:x')).toThrow("Invalid device string: 'cpu:x'");
    expect(() => torch.set_default_device('')).toThrow('Device string must not be empty');
    expect(() => torch.set_default_device(3 as never)).toThrow('Device() received an invalid combination of arguments - got (int)');
    expect(torch.get_default_device().type).toBe('webgl');
  });

  test('torch.device checks its argument the same way and keeps an index', () => {
    expect(() => torch.device('gpu')).toThrow('device type at start of device string: gpu');
    expect(() => torch.device('cpu', -1)).toThrow('Device index must not be negative');
    expect(() => torch.device('cpu:0', 1)).toThrow('type (string) must not include an index because index was passed explicitly: cpu:0');
    const d = torch.device('cpu', 0);
    expect([d.type, d.index, String(d)]).toEqual(['cpu', 0, 'cpu:0']);
    expect(torch.device('webgl').index).toBeNull();
  });

  test('a PyTorch device webtorch lacks is accepted, as PyTorch does, and creation then says it is missing', () => {
    torch.set_default_device('cuda');
    expect(() => torch.zeros(2)).toThrow("device 'cuda' is not available here");
  });
});

describeBackends('set_default_device', () => {
  test('creation functions given no device use it; an explicit device wins', () => {
    torch.set_default_device('webgl');
    const made = [
      torch.tensor([1, 2]), torch.as_tensor([1, 2]), torch.zeros(2), torch.ones([2]), torch.empty(2), torch.full([2], 3),
      torch.eye(2), torch.arange(3), torch.linspace(0, 1, 5), torch.rand(2), torch.randn(2), torch.randint(5, [3]),
      torch.randperm(4), torch.normal(0, 1, [3]), torch.tensor(new Float32Array([1, 2])),
    ];
    expect(made.map((t) => t.device)).toEqual(made.map(() => 'webgl'));
    expect(torch.zeros(2, { device: 'cpu' }).device).toBe('cpu');
    expect(torch.tensor([1], { device: torch.device('cpu') }).device).toBe('cpu');
    expect(torch.arange(3).tolist()).toEqual([0, 1, 2]);
    expect(torch.eye(2).dtype).toBe(torch.float32);
  });

  test('*_like and new_* keep their input’s device; from_numpy stays on the cpu', () => {
    const x = torch.ones(2);
    torch.set_default_device('webgl');
    for (const t of [torch.zeros_like(x), torch.ones_like(x), torch.empty_like(x), torch.full_like(x, 2), torch.rand_like(x), torch.randn_like(x), x.new_zeros(2), x.new_tensor([1])]) {
      expect(t.device).toBe('cpu');
    }
    expect(torch.from_numpy(new Float32Array(2)).device).toBe('cpu');
  });

  test('torch.tensor(t) and as_tensor(t) move t to the default device when one is set, and keep its device otherwise', () => {
    const x = torch.tensor([1, 2]);
    const g = x.to('webgl');
    expect(torch.tensor(g).device).toBe('webgl');
    expect(torch.as_tensor(g)).toBe(g);
    torch.set_default_device('webgl');
    expect(torch.tensor(x).device).toBe('webgl');
    expect(torch.as_tensor(x).device).toBe('webgl');
    torch.set_default_device('cpu');
    expect(torch.tensor(g).device).toBe('cpu');
  });

  test('random draws on the default device are the cpu generator’s numbers', () => {
    torch.manual_seed(7);
    const cpu = [torch.rand(20), torch.randn(3, 7), torch.randint(0, 9, [5]), torch.randperm(6), torch.normal(1, 2, [17])].map((t) => t.tolist());
    torch.set_default_device('webgl');
    torch.manual_seed(7);
    const dev = [torch.rand(20), torch.randn(3, 7), torch.randint(0, 9, [5]), torch.randperm(6), torch.normal(1, 2, [17])];
    expect(dev.map((t) => t.device)).toEqual(dev.map(() => 'webgl'));
    expect(dev.map((t) => t.tolist())).toEqual(cpu);
  });

  test('nn modules make their parameters and buffers there, with the cpu’s initial values', () => {
    const build = () => {
      torch.manual_seed(0);
      return nn.Sequential(
        nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.Flatten(), nn.Linear(12, 4), nn.LayerNorm(4), nn.PReLU(),
        nn.Bilinear(4, 4, 2), nn.GroupNorm(1, 2), nn.InstanceNorm1d(2, { affine: true, track_running_stats: true }),
      );
    };
    const extras = () => {
      torch.manual_seed(1);
      return [nn.Embedding(5, 3), nn.EmbeddingBag(5, 3), nn.MultiheadAttention(4, 2, { add_bias_kv: true }), nn.ConvTranspose1d(2, 2, 3), nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8 })];
    };
    const values = (ms: torch.nn.Module[]) => ms.flatMap((m) => Object.entries(m.state_dict()).map(([k, v]) => [k, (v as torch.Tensor).device, (v as torch.Tensor).tolist()]));
    const cpu = values([build(), ...extras()]);
    expect(cpu.length).toBeGreaterThan(40);
    torch.set_default_device('webgl');
    const dev = values([build(), ...extras()]);
    expect(dev.map(([k, d]) => [k, d])).toEqual(cpu.map(([k]) => [k, 'webgl']));
    expect(dev.map(([k, , v]) => [k, v])).toEqual(cpu.map(([k, , v]) => [k, v]));
    expect(nn.Parameter().device).toBe('webgl');
  });

  test('nn.init on a tensor of another device draws the cpu’s numbers (trunc_normal_, orthogonal_ included)', () => {
    const inits: [string, (t: torch.Tensor) => unknown][] = [
      ['uniform_', (t) => nn.init.uniform_(t, -2, 3)], ['normal_', (t) => nn.init.normal_(t, 1, 2)],
      ['xavier_uniform_', (t) => nn.init.xavier_uniform_(t)], ['kaiming_normal_', (t) => nn.init.kaiming_normal_(t)],
      ['trunc_normal_', (t) => nn.init.trunc_normal_(t, 0, 1, -1, 1)], ['orthogonal_', (t) => nn.init.orthogonal_(t, 2)],
      ['eye_', (t) => nn.init.eye_(t)],
    ];
    for (const [name, init] of inits) {
      for (const transposed of [false, true]) {
        const make = (device: string) => {
          const t = torch.zeros(transposed ? [6, 5] : [5, 6], { device });
          return transposed ? t.t() : t;
        };
        torch.manual_seed(3);
        const c = make('cpu');
        init(c);
        torch.manual_seed(3);
        const g = make('webgl');
        init(g);
        expect([name, g.device, g.tolist()]).toEqual([name, 'webgl', c.tolist()]);
      }
    }
  });

  test('a module trains on the default device; optimizer steps stay cpu scalars; batches are collated on the cpu', () => {
    torch.set_default_device('webgl');
    torch.manual_seed(0);
    const m = nn.Linear(3, 1);
    const opt = torch.optim.Adam(m.parameters(), { lr: 0.1 });
    const x = torch.randn(8, 3), y = torch.randn(8, 1);
    for (let i = 0; i < 3; i++) {
      opt.zero_grad();
      const loss = nn.functional.mse_loss(m(x), y);
      loss.backward();
      opt.step();
    }
    expect(m.weight.device).toBe('webgl');
    expect(m.weight.grad?.device).toBe('webgl');
    expect((opt.state.get(m.weight)!.step as torch.Tensor).device).toBe('cpu');
    const batch = torch.utils.data.default_collate([1.5, 2.5]) as torch.Tensor;
    expect([batch.device, batch.dtype]).toEqual(['cpu', torch.float64]);
  });
});
