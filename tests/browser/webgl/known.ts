// Oracle cases that fail on the webgl device by design: each with its reason and the error it must
// fail with (the webgl test checks both, and that >= 95% of the float32 cases pass).
import { NO_FLOAT64 } from '../../../src/backends/webgl.js';

export interface Known { reason: string; error: string }

const float64: Known = {
  reason: "float64: WebGL2 has no 64-bit floats, so the device refuses them (as PyTorch's MPS device does)",
  error: NO_FLOAT64,
};

export const WEBGL_KNOWN: Record<string, Known> = {
  'exp/float64': float64,
  'add/float32+float64': float64,
  'sum/dtype-float64': float64,
  'matmul/float64': float64,
  'zeros/float64': float64,
  'double': float64,
  'repr/18': float64,
};

/**
 * Tests of the cpu suites (run on webgl by the suite page) that fail there for a reason other than
 * float64, by full name. Failures with the float64 error are expected without a listing.
 */
export const SUITE_KNOWN: Record<string, string> = {};
