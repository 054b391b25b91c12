// torch.device and the default device (PyTorch 2's torch.set_default_device / get_default_device):
// the device that creation functions and nn modules' parameters use when not told one.
import { pyTypeName } from './args.js';

/** PyTorch's device types (its parser's list), and webtorch's GPU device 'webgl'. */
const DEVICE_TYPES = [
  'cpu', 'cuda', 'ipu', 'xpu', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 've', 'fpga', 'ort', 'xla', 'lazy', 'vulkan',
  'mps', 'meta', 'hpu', 'privateuseone', 'webgl',
];

/** @internal Splits 'type' / 'type:index' with PyTorch's checks and messages (c10::Device's parser). */
export function parseDevice(s: string): { type: string; index: number | null } {
  if (s === '') throw new Error('Device string must not be empty');
  const m = /^([a-z]*)(?::(.*))?$/.exec(s);
  const type = m?.[1] ?? '';
  if (!m || !DEVICE_TYPES.includes(type)) {
    throw new Error(`Expected one of ${DEVICE_TYPES.join(', ')} device type at start of device string: ${s}`);
  }
  if (m[2] === undefined) return { type, index: null };
  // an index is digits without leading zeros (PyTorch: "Invalid device string: 'cuda:x'")
  if (!/^(0|[1-9]\d*)$/.test(m[2])) throw new Error(`Invalid device string: '${s}'`);
  return { type, index: Number(m[2]) };
}

/** A device object, as torch.device returns: `torch.device('webgl').type` is 'webgl'. */
export class Device {
  /** 'cpu' or 'webgl' (or another of PyTorch's device types) */
  readonly type: string;
  /** the index after ':' in 'cpu:0', else null */
  readonly index: number | null;
  /** `torch.device('cpu')`, `torch.device('webgl')`, `torch.device('cpu', 0)`: PyTorch's parsing and errors */
  constructor(type: string | Device, index?: number | null) {
    if (type instanceof Device) {
      this.type = type.type;
      this.index = type.index;
      return;
    }
    if (typeof type !== 'string') {
      const got = pyTypeName(type);
      throw new TypeError(`Device() received an invalid combination of arguments - got (${got}), but expected one of:\n * (torch.device device)\n` +
        `      didn't match because some of the arguments have invalid types: (!${got}!)\n * (str type, int index)\n`);
    }
    const p = parseDevice(type);
    if (index !== undefined && index !== null && p.index !== null) {
      throw new Error(`type (string) must not include an index because index was passed explicitly: ${type}`);
    }
    if (index !== undefined && index !== null && !(Number.isInteger(index) && index >= 0)) {
      throw new Error(`Device index must not be negative`);
    }
    this.type = p.type;
    this.index = index ?? p.index;
  }
  /** `String(torch.device('cpu'))` is 'cpu' ('cpu:0' with an index), as str(device) */
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  /** @internal repr(device) in Node's console.log */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

/** The device set by set_default_device, or null when none is (creation then uses 'cpu'). */
let current: Device | null = null;

/**
 * @internal The device type creation functions use when given no device: 'cpu' unless
 * torch.set_default_device() said otherwise.
 */
export function defaultDevice(): string {
  return current ? current.type : 'cpu';
}

/** @internal The device set by set_default_device (null when unset): torch.tensor(t) keeps t's device then. */
export function defaultDeviceSet(): string | null {
  return current ? current.type : null;
}

/**
 * PyTorch 2's `torch.set_default_device(device)`: creation functions (tensor, zeros, ones, rand, arange, ...)
 * given no device, and the parameters and buffers nn modules make, go to `device`; `null` goes back to the cpu.
 * Random numbers are still drawn on the cpu's generator, so the values are the cpu's.
 * Example: `torch.set_default_device('webgl'); const model = torch.nn.Linear(3, 1)` (its weight is on webgl)
 */
export function set_default_device(device: string | Device | { type: string } | null): void {
  if (device === null || device === undefined) {
    current = null;
    return;
  }
  if (device instanceof Device) current = device;
  else if (typeof device === 'object' && typeof (device as { type?: unknown }).type === 'string') current = new Device((device as { type: string }).type);
  else current = new Device(device as string);
}

/** PyTorch 2's `torch.get_default_device()`: the device creation functions use (`device(type='cpu')` unless set). Example: `torch.get_default_device().type` */
export function get_default_device(): Device {
  return current ?? new Device('cpu');
}
