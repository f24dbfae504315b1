// im2col and col2im for 2-D convolutions over NHWC images.
//
// Row r = (b, oh, ow) of the patch matrix holds the kH·kW·C inputs that output pixel sees, ordered
// (kh, kw, c), so that patches · W[kH·kW·C, F] is the NHWC output and W is the HWIO filter.
// Geometry descriptor (i32): batch, inH, inW, C, kH, kW, strideH, strideW, padTop, padLeft,
// dilationH, dilationW, outH, outW, then per kernel: pointers and the range this thread does.
import { arg, at } from './simd';

// Adds n floats from src into dst.
@inline function addRun(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(dst, j), f32x4.add(v128.load(at(dst, j)), v128.load(at(src, j))));
  for (; j < n; j++) store<f32>(at(dst, j), load<f32>(at(dst, j)) + load<f32>(at(src, j)));
}

// Copies n floats (short runs: a loop beats a bulk-memory call).
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(dst, j), v128.load(at(src, j)));
  for (; j < n; j++) store<f32>(at(dst, j), load<f32>(at(src, j)));
}

// Zeroes n floats.
@inline function zeroRun(dst: usize, n: i32): void {
  const z = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(dst, j), z);
  for (; j < n; j++) store<f32>(at(dst, j), 0);
}

/** Patch rows [r0, r1) of x into cols. Descriptor: geometry (14), x, cols, r0, r1. */
export function im2col(desc: usize): void {
  const inH = arg(desc, 1);
  const inW = arg(desc, 2);
  const C = arg(desc, 3);
  const kH = arg(desc, 4);
  const kW = arg(desc, 5);
  const sH = arg(desc, 6);
  const sW = arg(desc, 7);
  const pT = arg(desc, 8);
  const pL = arg(desc, 9);
  const dH = arg(desc, 10);
  const dW = arg(desc, 11);
  const outH = arg(desc, 12);
  const outW = arg(desc, 13);
  const x = <usize>arg(desc, 14);
  const cols = <usize>arg(desc, 15);
  const r0 = arg(desc, 16);
  const r1 = arg(desc, 17);
  const K = kH * kW * C;
  const tapRow = kW * C;
  let ow = r0 % outW;
  let oh = (r0 / outW) % outH;
  let b = r0 / (outW * outH);
  let dst = at(cols, r0 * K);
  for (let r = r0; r < r1; r++) {
    const img = at(x, b * inH * inW * C);
    const x0 = ow * sW - pL;
    // A kernel row is one contiguous run of x when it lies inside the image undilated.
    const inside = dW == 1 && x0 >= 0 && x0 + kW <= inW;
    for (let kh = 0; kh < kH; kh++) {
      const ih = oh * sH - pT + kh * dH;
      if (ih < 0 || ih >= inH) {
        zeroRun(dst, tapRow);
      } else {
        const row = at(img, ih * inW * C);
        if (inside) {
          copyRun(dst, at(row, x0 * C), tapRow);
        } else {
          for (let kw = 0; kw < kW; kw++) {
            const iw = x0 + kw * dW;
            if (iw < 0 || iw >= inW) zeroRun(at(dst, kw * C), C);
            else copyRun(at(dst, kw * C), at(row, iw * C), C);
          }
        }
      }
      dst = at(dst, tapRow);
    }
    if (++ow == outW) {
      ow = 0;
      if (++oh == outH) {
        oh = 0;
        b++;
      }
    }
  }
}

/** Sums the patch rows of images [b0, b1) back into x (overwritten). Descriptor: geometry (14), x, cols, b0, b1. */
export function col2im(desc: usize): void {
  const inH = arg(desc, 1);
  const inW = arg(desc, 2);
  const C = arg(desc, 3);
  const kH = arg(desc, 4);
  const kW = arg(desc, 5);
  const sH = arg(desc, 6);
  const sW = arg(desc, 7);
  const pT = arg(desc, 8);
  const pL = arg(desc, 9);
  const dH = arg(desc, 10);
  const dW = arg(desc, 11);
  const outH = arg(desc, 12);
  const outW = arg(desc, 13);
  const x = <usize>arg(desc, 14);
  const cols = <usize>arg(desc, 15);
  const b0 = arg(desc, 16);
  const b1 = arg(desc, 17);
  const K = kH * kW * C;
  const tapRow = kW * C;
  const imgSize = inH * inW * C;
  memory.fill(at(x, b0 * imgSize), 0, <usize>((b1 - b0) * imgSize) << 2);
  let src = at(cols, b0 * outH * outW * K);
  for (let b = b0; b < b1; b++) {
    const img = at(x, b * imgSize);
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const x0 = ow * sW - pL;
        const inside = dW == 1 && x0 >= 0 && x0 + kW <= inW;
        for (let kh = 0; kh < kH; kh++) {
          const ih = oh * sH - pT + kh * dH;
          if (ih >= 0 && ih < inH) {
            const row = at(img, ih * inW * C);
            if (inside) {
              addRun(at(row, x0 * C), src, tapRow);
            } else {
              for (let kw = 0; kw < kW; kw++) {
                const iw = x0 + kw * dW;
                if (iw >= 0 && iw < inW) addRun(at(row, iw * C), at(src, kw * C), C);
              }
            }
          }
          src = at(src, tapRow);
        }
      }
    }
  }
}
