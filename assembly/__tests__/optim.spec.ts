// Fused optimizer kernels: SGD and Adam against scalar references written here (PyTorch's
// op-by-op order in the element type), and every kernel's SIMD body against its scalar tail
// (each element updated alone, n = 1, must come out bit for bit as in the vector run), for f32
// and f64, sizes that hit bodies and tails, every flag combination the optimizers use.

import * as O from "../optim";

const SIZES: StaticArray<i32> = [0, 1, 3, 4, 5, 17, 100];

let seed: u64 = 7;
/** the flags under test (a global: AssemblyScript closures cannot capture locals) */
let FLAGS: i32 = 0;
function rnd(): f64 {
  seed = seed * 6364136223846793005 + 1442695040888963407;
  return <f64>(<u32>(seed >> 33)) / 2147483648.0 - 1.0; // [-1, 1)
}

/** k arrays of n elements: params and grads in [-1, 1), state >= 0 where it must be (squares). */
function arrays<T>(k: i32, n: i32): usize {
  const p = heap.alloc(<usize>(k * max(n, 1)) * sizeof<T>());
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      const v = rnd();
      store<T>(p + <usize>(j * n + i) * sizeof<T>(), <T>(j >= 3 ? Math.abs(v) : v));
    }
  }
  return p;
}

function copyOf<T>(src: usize, count: i32): usize {
  const p = heap.alloc(<usize>max(count, 1) * sizeof<T>());
  memory.copy(p, src, <usize>count * sizeof<T>());
  return p;
}

function same<T>(a: T, b: T): bool {
  return a == b || (a != a && b != b);
}

/** Runs `kernel` over all n elements, and over each element alone (the scalar path); compares. */
function bodyMatchesTail<T>(k: i32, n: i32, run: (base: usize, n: i32, stride: i32, offset: i32) => void): void {
  const base = arrays<T>(k, n);
  const whole = copyOf<T>(base, k * n);
  const single = copyOf<T>(base, k * n);
  run(whole, n, n, 0);
  for (let i = 0; i < n; i++) run(single, 1, n, i);
  for (let j = 0; j < k * n; j++) {
    const a = load<T>(whole + <usize>j * sizeof<T>()), b = load<T>(single + <usize>j * sizeof<T>());
    expect<bool>(same<T>(a, b)).toBe(true, "vector and scalar paths differ");
  }
  heap.free(base);
  heap.free(whole);
  heap.free(single);
}

// operand k of the layout: k * stride elements in, plus offset
// @ts-ignore: decorator
@inline function at<T>(base: usize, k: i32, stride: i32, offset: i32): usize {
  return base + <usize>(k * stride + offset) * sizeof<T>();
}

describe("optim kernels: vector body == scalar tail", () => {
  it("sgd f32/f64, every flag combination", () => {
    for (let f = 0; f < 32; f++) {
      if ((f & 2) != 0 && (f & 8) == 0) continue; // nesterov needs momentum
      FLAGS = f;
      for (let s = 0; s < SIZES.length; s++) {
        bodyMatchesTail<f32>(3, SIZES[s], (b: usize, n: i32, st: i32, o: i32): void => {
          O.sgd_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), n, 0.1, 0.01, 0.9, 0.7, FLAGS);
        });
        bodyMatchesTail<f64>(3, SIZES[s], (b: usize, n: i32, st: i32, o: i32): void => {
          O.sgd_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 2, st, o), n, 0.1, 0.01, 0.9, 0.7, FLAGS);
        });
      }
    }
  });
  it("adam f32/f64 (amsgrad, decoupled, maximize, L2)", () => {
    for (let s = 0; s < SIZES.length; s++) {
      bodyMatchesTail<f32>(5, SIZES[s], (b: usize, n: i32, st: i32, o: i32): void => {
        O.adam_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), at<f32>(b, 3, st, o), at<f32>(b, 4, st, o), n,
          0.999, 0.1, 0.9, 0.1, 0.999, 0.001, -0.01, 0.3, 1e-8, 1 | 2 | 16);
      });
      bodyMatchesTail<f32>(5, SIZES[s], (b: usize, n: i32, st: i32, o: i32): void => {
        O.adam_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), at<f32>(b, 3, st, o), 0, n,
          0.999, 0.1, 0.9, 0.1, 0.999, 0.001, -0.01, 0.3, 1e-8, 4);
      });
      bodyMatchesTail<f64>(5, SIZES[s], (b: usize, n: i32, st: i32, o: i32): void => {
        O.adam_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 2, st, o), at<f64>(b, 3, st, o), at<f64>(b, 4, st, o), n,
          0.999, 0.1, 0.9, 0.1, 0.999, 0.001, -0.01, 0.3, 1e-8, 2 | 4);
      });
    }
  });
  it("rmsprop, adagrad, adamax, nadam, radam f32/f64", () => {
    for (let s = 0; s < SIZES.length; s++) {
      const n = SIZES[s];
      for (let f = 0; f < 32; f += 1) {
        FLAGS = f & ~4;
        bodyMatchesTail<f32>(5, n, (b: usize, n: i32, st: i32, o: i32): void => {
          O.rmsprop_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 3, st, o), at<f32>(b, 2, st, o), at<f32>(b, 4, st, o), n,
            -0.01, 0.1, 0.99, 0.01, 1e-8, 0.9, FLAGS);
        });
      }
      bodyMatchesTail<f64>(5, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.rmsprop_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 3, st, o), 0, 0, n, -0.01, 0, 0.99, 0.01, 1e-8, 0, 0);
      });
      bodyMatchesTail<f32>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adagrad_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 3, st, o), n, -0.1, 0.1, 1e-10, 1 | 16);
      });
      bodyMatchesTail<f64>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adagrad_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 3, st, o), n, -0.1, 0, 1e-10, 0);
      });
      bodyMatchesTail<f32>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adamax_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), at<f32>(b, 3, st, o), n, -0.02, 0.1, 0.9, 0.1, 0.999, 1e-8, 1 | 16);
      });
      bodyMatchesTail<f64>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adamax_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 2, st, o), at<f64>(b, 3, st, o), n, -0.02, 0, 0.9, 0.1, 0.999, 1e-8, 0);
      });
      bodyMatchesTail<f32>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.nadam_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), at<f32>(b, 3, st, o), n, 0.1, 0.9, 0.1, 0.999, 0.001, 0.002, 1e-8, -0.1, -0.9, 16);
      });
      bodyMatchesTail<f64>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.nadam_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 2, st, o), at<f64>(b, 3, st, o), n, 0, 0.9, 0.1, 0.999, 0.001, 0.002, 1e-8, -0.1, -0.9, 0);
      });
      bodyMatchesTail<f32>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.radam_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 2, st, o), at<f32>(b, 3, st, o), n, 0.1, 0.9, 0.1, 0.999, 0.001, 0.5, 0.01, 0.2, 0.7, 1e-8, 16 | 32);
      });
      bodyMatchesTail<f64>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.radam_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 2, st, o), at<f64>(b, 3, st, o), n, 0, 0.9, 0.1, 0.999, 0.001, 0.5, 0.01, 0.2, 0.7, 1e-8, 0);
      });
      bodyMatchesTail<f32>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adadelta_f32(at<f32>(b, 0, st, o), at<f32>(b, 1, st, o), at<f32>(b, 3, st, o), at<f32>(b, 2, st, o), n, -1.0, 0.1, 0.9, 0.1, 1e-6, 1 | 16);
      });
      bodyMatchesTail<f64>(4, n, (b: usize, n: i32, st: i32, o: i32): void => {
        O.adadelta_f64(at<f64>(b, 0, st, o), at<f64>(b, 1, st, o), at<f64>(b, 3, st, o), at<f64>(b, 2, st, o), n, -1.0, 0, 0.9, 0.1, 1e-6, 0);
      });
    }
  });
});

describe("optim kernels: PyTorch's operation order", () => {
  it("sgd with momentum (second step) matches buf = buf*m + (1-d)*g; p += -lr*buf", () => {
    const n = 17;
    const base = arrays<f32>(3, n);
    const ref = copyOf<f32>(base, 3 * n);
    O.sgd_f32(base, base + 4 * n, base + 8 * n, n, 0.1, 0.0, 0.9, 0.75, 8);
    for (let i = 0; i < n; i++) {
      const p = load<f32>(ref + i * 4), g = load<f32>(ref + (n + i) * 4), b = load<f32>(ref + (2 * n + i) * 4);
      const nb: f32 = <f32>(b * <f32>0.9) + <f32>(<f32>0.75 * g);
      const np: f32 = p + <f32>(<f32>-0.1 * nb);
      expect<f32>(load<f32>(base + (2 * n + i) * 4)).toBe(nb);
      expect<f32>(load<f32>(base + i * 4)).toBe(np);
    }
  });
  it("adam matches m, v, sqrt(v)/bc2s + eps, p + (-step*m)/den", () => {
    const n = 13;
    const base = arrays<f64>(4, n);
    const ref = copyOf<f64>(base, 4 * n);
    O.adam_f64(base, base + 8 * n, base + 16 * n, base + 24 * n, 0, n, 1, 0, 0.9, 0.1, 0.999, 0.001, -0.02, 0.25, 1e-8, 0);
    for (let i = 0; i < n; i++) {
      const p = load<f64>(ref + i * 8), g = load<f64>(ref + (n + i) * 8);
      const m = load<f64>(ref + (2 * n + i) * 8) * 0.9 + 0.1 * g;
      const v = load<f64>(ref + (3 * n + i) * 8) * 0.999 + 0.001 * g * g;
      const den = Math.sqrt(v) / 0.25 + 1e-8;
      expect<f64>(load<f64>(base + i * 8)).toBe(p + (-0.02 * m) / den);
    }
  });
});
