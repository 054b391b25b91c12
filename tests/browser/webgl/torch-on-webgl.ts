// webtorch with 'webgl' as the device of every creation function that is not told otherwise (what
// PyTorch 2's torch.set_default_device('cuda') does): the suite page maps the test files' import
// of src/index.js here, so cpu test suites run their tensors on the webgl device unchanged.
// The query string loads the real entry module under another URL (the import map remaps the plain one).
import * as torch from '../../../src/index.js?real';

const DEVICE = 'webgl';
type Create = (...args: unknown[]) => unknown;

/** Appends or completes the trailing options object with the device. */
function onDevice(f: Create): Create {
  return (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (last !== null && typeof last === 'object' && !Array.isArray(last) && !ArrayBuffer.isView(last) && !(last instanceof torch.Tensor)) {
      const o = last as { device?: unknown };
      if (o.device === undefined || o.device === null) args[args.length - 1] = { ...o, device: DEVICE };
    } else args.push({ device: DEVICE });
    return f(...args);
  };
}

export * from '../../../src/index.js?real';
export const tensor = onDevice(torch.tensor as Create) as typeof torch.tensor;
export const as_tensor = onDevice(torch.as_tensor as Create) as typeof torch.as_tensor;
export const zeros = onDevice(torch.zeros as Create) as typeof torch.zeros;
export const ones = onDevice(torch.ones as Create) as typeof torch.ones;
export const empty = onDevice(torch.empty as Create) as typeof torch.empty;
export const full = onDevice(torch.full as Create) as typeof torch.full;
export const eye = onDevice(torch.eye as Create) as typeof torch.eye;
export const arange = onDevice(torch.arange as Create) as typeof torch.arange;
export const linspace = onDevice(torch.linspace as Create) as typeof torch.linspace;
export const rand = onDevice(torch.rand as Create) as typeof torch.rand;
export const randn = onDevice(torch.randn as Create) as typeof torch.randn;
export const randint = onDevice(torch.randint as Create) as typeof torch.randint;
export const randperm = onDevice(torch.randperm as Create) as typeof torch.randperm;
