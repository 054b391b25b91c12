// Convolution's data movement (ABI.md, "conv.ts"): im2col gathers every kernel tap of every output
// position into a dense matrix, so a convolution is one GEMM (matmul.ts); col2im is its adjoint
// (sums the columns back into an image), used by the input gradient and conv_transpose.
//
// Geometry descriptor (i32 array), spatial dims always three (1-D/2-D convs pass size-1 dims):
//   [0] N  [1] C  [2..4] D H W  [5..9] x strides (N C D H W, elements; im2col only)
//   [10..12] kernel kD kH kW  [13..15] stride  [16..18] padding  [19..21] dilation
//   [22..24] output oD oH oW
// cols is dense [N, C*kD*kH*kW, oD*oH*oW]; col2im's image is dense [N, C, D, H, W].

@inline function gi(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

// Runs shorter than this many bytes are copied/zeroed in-line: V8 calls out of the module for
// memory.copy/memory.fill, which costs more than the move for the short rows of small images.
const INLINE_BYTES: usize = 256;

// dst[0..n) = src[0..n), n a multiple of 4 bytes.
@inline function copyBytes(dst: usize, src: usize, n: usize): void {
  if (n >= INLINE_BYTES) {
    memory.copy(dst, src, n);
    return;
  }
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, v128.load(src + i));
  if (i + 8 <= n) {
    store<u64>(dst + i, load<u64>(src + i));
    i += 8;
  }
  if (i < n) store<u32>(dst + i, load<u32>(src + i));
}

// dst[0..n) = 0, n a multiple of 4 bytes.
@inline function zeroBytes(dst: usize, n: usize): void {
  if (n >= INLINE_BYTES) {
    memory.fill(dst, 0, n);
    return;
  }
  const z = i64x2.splat(0);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, z);
  if (i + 8 <= n) {
    store<u64>(dst + i, 0);
    i += 8;
  }
  if (i < n) store<u32>(dst + i, 0);
}

// First and one-past-last output index o with 0 <= o*s + off < size (off = tap offset - padding).
@inline function firstValid(off: i32, s: i32): i32 {
  return off >= 0 ? 0 : (-off + s - 1) / s;
}
@inline function endValid(off: i32, s: i32, size: i32, n: i32): i32 {
  if (off >= size) return 0;
  const e = (size - off + s - 1) / s;
  return e < n ? e : n;
}

function im2col<T>(x: usize, cols: usize, desc: usize): void {
  const N = gi(desc, 0), C = gi(desc, 1), D = gi(desc, 2), H = gi(desc, 3), W = gi(desc, 4);
  const sN = gi(desc, 5), sC = gi(desc, 6), sD = gi(desc, 7), sH = gi(desc, 8), sW = gi(desc, 9);
  const kD = gi(desc, 10), kH = gi(desc, 11), kW = gi(desc, 12);
  const tD = gi(desc, 13), tH = gi(desc, 14), tW = gi(desc, 15);
  const pD = gi(desc, 16), pH = gi(desc, 17), pW = gi(desc, 18);
  const dD = gi(desc, 19), dH = gi(desc, 20), dW = gi(desc, 21);
  const oD = gi(desc, 22), oH = gi(desc, 23), oW = gi(desc, 24);
  const e = <usize>sizeof<T>();
  const rowBytes = <usize>oW * e;
  let dst = cols;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x + <usize>(<isize>n * sN + <isize>c * sC) * e;
      for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) {
        const offW = kw * dW - pW;
        const lo = firstValid(offW, tW), hi = endValid(offW, tW, W, oW);
        for (let od = 0; od < oD; od++) {
          const id = od * tD - pD + kd * dD;
          if (id < 0 || id >= D) {
            zeroBytes(dst, rowBytes * <usize>oH);
            dst += rowBytes * <usize>oH;
            continue;
          }
          if (tW == 1 && sW == 1 && lo == 0 && hi == oW) {
            // whole rows at unit stride (the usual case): zero rows above and below the input,
            // the rows between copied in a loop of their own
            const offH = kh * dH - pH;
            const a = min(firstValid(offH, tH), oH), b = max(a, endValid(offH, tH, H, oH));
            zeroBytes(dst, rowBytes * <usize>a);
            let src = plane + <usize>(<isize>id * sD + <isize>(a * tH + offH) * sH + <isize>offW) * e;
            const step = <usize>(<isize>tH * sH) * e;
            let d = dst + rowBytes * <usize>a;
            for (let oh = a; oh < b; oh++) {
              copyBytes(d, src, rowBytes);
              src += step;
              d += rowBytes;
            }
            zeroBytes(d, rowBytes * <usize>(oH - b));
            dst += rowBytes * <usize>oH;
            continue;
          }
          for (let oh = 0; oh < oH; oh++) {
            const ih = oh * tH - pH + kh * dH;
            if (ih < 0 || ih >= H || hi <= lo) {
              zeroBytes(dst, rowBytes);
              dst += rowBytes;
              continue;
            }
            const row = plane + <usize>(<isize>id * sD + <isize>ih * sH) * e;
            if (lo > 0) zeroBytes(dst, <usize>lo * e);
            if (tW == 1 && sW == 1) {
              copyBytes(dst + <usize>lo * e, row + <usize>(lo + offW) * e, <usize>(hi - lo) * e);
            } else {
              let iw = lo * tW + offW;
              for (let ow = lo; ow < hi; ow++) {
                store<T>(dst + <usize>ow * e, load<T>(row + <usize>(<isize>iw * sW) * e));
                iw += tW;
              }
            }
            if (hi < oW) zeroBytes(dst + <usize>hi * e, <usize>(oW - hi) * e);
            dst += rowBytes;
          }
        }
      }
    }
  }
}

// out[i..i+len) += src[i..i+len), both contiguous.
@inline function addRun<T>(out: usize, src: usize, len: i32): void {
  const e = <usize>sizeof<T>();
  const lanes = 16 / <i32>sizeof<T>();
  let i = 0;
  for (; i + lanes <= len; i += lanes) {
    const o = <usize>i * e;
    v128.store(out + o, v128.add<T>(v128.load(out + o), v128.load(src + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i * e;
    store<T>(out + o, load<T>(out + o) + load<T>(src + o));
  }
}

function col2im<T>(cols: usize, out: usize, desc: usize): void {
  const N = gi(desc, 0), C = gi(desc, 1), D = gi(desc, 2), H = gi(desc, 3), W = gi(desc, 4);
  const kD = gi(desc, 10), kH = gi(desc, 11), kW = gi(desc, 12);
  const tD = gi(desc, 13), tH = gi(desc, 14), tW = gi(desc, 15);
  const pD = gi(desc, 16), pH = gi(desc, 17), pW = gi(desc, 18);
  const dD = gi(desc, 19), dH = gi(desc, 20), dW = gi(desc, 21);
  const oD = gi(desc, 22), oH = gi(desc, 23), oW = gi(desc, 24);
  const e = <usize>sizeof<T>();
  const planeLen = <usize>D * <usize>H * <usize>W;
  memory.fill(out, 0, <usize>N * <usize>C * planeLen * e);
  let src = cols;
  const rowBytes = <usize>oW * e;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = out + (<usize>(n * C + c)) * planeLen * e;
      for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) {
        const offW = kw * dW - pW;
        const lo = firstValid(offW, tW), hi = endValid(offW, tW, W, oW);
        for (let od = 0; od < oD; od++) {
          const id = od * tD - pD + kd * dD;
          if (id < 0 || id >= D) {
            src += rowBytes * <usize>oH;
            continue;
          }
          if (tW == 1 && lo == 0 && hi == oW) {
            // whole rows (the usual case): only the rows inside the input, in a loop of their own
            const offH = kh * dH - pH;
            const a = min(firstValid(offH, tH), oH), b = max(a, endValid(offH, tH, H, oH));
            let row = plane + ((<usize>id * <usize>H + <usize>(a * tH + offH)) * <usize>W + <usize>offW) * e;
            const step = <usize>tH * <usize>W * e;
            let s = src + rowBytes * <usize>a;
            for (let oh = a; oh < b; oh++) {
              addRun<T>(row, s, oW);
              row += step;
              s += rowBytes;
            }
            src += rowBytes * <usize>oH;
            continue;
          }
          for (let oh = 0; oh < oH; oh++) {
            const ih = oh * tH - pH + kh * dH;
            if (ih >= 0 && ih < H && hi > lo) {
              const row = plane + (<usize>id * <usize>H + <usize>ih) * <usize>W * e;
              if (tW == 1) {
                addRun<T>(row + <usize>(lo + offW) * e, src + <usize>lo * e, hi - lo);
              } else {
                let iw = lo * tW + offW;
                for (let ow = lo; ow < hi; ow++) {
                  const p = row + <usize>iw * e;
                  store<T>(p, load<T>(p) + load<T>(src + <usize>ow * e));
                  iw += tW;
                }
              }
            }
            src += rowBytes;
          }
        }
      }
    }
  }
}

export function im2col_f32(x: usize, cols: usize, desc: usize): void { im2col<f32>(x, cols, desc); }
export function im2col_f64(x: usize, cols: usize, desc: usize): void { im2col<f64>(x, cols, desc); }
export function col2im_f32(cols: usize, out: usize, desc: usize): void { col2im<f32>(cols, out, desc); }
export function col2im_f64(cols: usize, out: usize, desc: usize): void { col2im<f64>(cols, out, desc); }
