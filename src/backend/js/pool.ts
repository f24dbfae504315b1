/**
 * Reference pooling kernel: max pooling's values (and, when asked, the flat index of each window's
 * maximum) in one pass over NHWC batches. One-dimensional windows are the height-1 case.
 */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';

/**
 * `out` [batch, outH, outW, channels] gets each window's maximum, `indices` (unless null) its flat
 * index into `x`: taps outside the image skipped, ties to the first tap in row-major window order,
 * a NaN selected over numbers (the first NaN of the window). The first in-image tap seeds the window.
 */
export function maxPool(x: TypedArray, g: ConvGeometry, out: TypedArray, indices: Int32Array | null): void {
  const { batch, inH, inW, channels: C, kernelH: KH, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const rowLen = inW * C;
  const imgLen = inH * rowLen;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * imgLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++, o += C) {
        const x0 = ox * strideW - padLeft;
        let seeded = false;
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky * dilationH;
          if (iy < 0 || iy >= inH) continue;
          const xrow = xn + iy * rowLen;
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const s = xrow + ix * C;
            if (!seeded) {
              seeded = true;
              for (let c = 0; c < C; c++) out[o + c] = x[s + c]!;
              if (indices) for (let c = 0; c < C; c++) indices[o + c] = s + c;
            } else if (indices) {
              for (let c = 0; c < C; c++) {
                const v = x[s + c]!;
                const b = out[o + c]!;
                if (v > b || (v !== v && b === b)) {
                  out[o + c] = v;
                  indices[o + c] = s + c;
                }
              }
            } else {
              for (let c = 0; c < C; c++) {
                const v = x[s + c]!;
                const b = out[o + c]!;
                if (v > b || (v !== v && b === b)) out[o + c] = v;
              }
            }
          }
        }
        if (!seeded) {
          for (let c = 0; c < C; c++) out[o + c] = -Infinity;
          if (indices) for (let c = 0; c < C; c++) indices[o + c] = -1;
        }
      }
    }
  }
}

/** The in-image taps of a window along one axis: first and last+1 tap index (empty when first >= end). */
function tapRange(start: number, k: number, dilation: number, n: number): [number, number] {
  let k0 = 0;
  while (k0 < k && start + k0 * dilation < 0) k0++;
  let k1 = k;
  while (k1 > k0 && start + (k1 - 1) * dilation >= n) k1--;
  return [k0, k1];
}

/**
 * Average pooling: `out` [batch, outH, outW, channels] gets the mean of each window's in-image taps
 * (padding is not counted, as Keras's 'same' average pooling); a window of padding only gives 0.
 */
export function avgPool(x: TypedArray, g: ConvGeometry, out: TypedArray): void {
  const { batch, inH, inW, channels: C, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const rowLen = inW * C;
  const acc = new Float64Array(C);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * inH * rowLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      const [ky0, ky1] = tapRange(y0, g.kernelH, dilationH, inH);
      for (let ox = 0; ox < outW; ox++, o += C) {
        const x0 = ox * strideW - padLeft;
        const [kx0, kx1] = tapRange(x0, KW, dilationW, inW);
        const count = Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
        acc.fill(0);
        for (let ky = ky0; ky < ky1; ky++) {
          const xrow = xn + (y0 + ky * dilationH) * rowLen;
          for (let kx = kx0; kx < kx1; kx++) {
            const s = xrow + (x0 + kx * dilationW) * C;
            for (let c = 0; c < C; c++) acc[c]! += x[s + c]!;
          }
        }
        for (let c = 0; c < C; c++) out[o + c] = count ? acc[c]! / count : 0;
      }
    }
  }
}

/**
 * avgPool's adjoint: each element of `dy` [batch, outH, outW, channels], divided by its window's
 * in-image tap count, is added to those taps of `out` [batch, inH, inW, channels] (overwritten).
 */
export function avgPoolBackward(dy: TypedArray, g: ConvGeometry, out: TypedArray): void {
  const { batch, inH, inW, channels: C, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  out.fill(0);
  const rowLen = inW * C;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * inH * rowLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      const [ky0, ky1] = tapRange(y0, g.kernelH, dilationH, inH);
      for (let ox = 0; ox < outW; ox++, o += C) {
        const x0 = ox * strideW - padLeft;
        const [kx0, kx1] = tapRange(x0, KW, dilationW, inW);
        const count = Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
        if (count === 0) continue;
        for (let ky = ky0; ky < ky1; ky++) {
          const xrow = xn + (y0 + ky * dilationH) * rowLen;
          for (let kx = kx0; kx < kx1; kx++) {
            const s = xrow + (x0 + kx * dilationW) * C;
            for (let c = 0; c < C; c++) out[s + c]! += dy[o + c]! / count;
          }
        }
      }
    }
  }
}
