/**
 * Reference sliding-window kernels over NHWC batches: im2col (patches), col2im (its adjoint) and
 * the window argmax of max pooling. One-dimensional windows are the height-1 case.
 *
 * Loops run over output positions and kernel taps with the channel loop innermost, so every copy
 * reads and writes contiguous memory; out-of-image taps are resolved once per row/column.
 */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';

/** Patches: `out` is [batch, outH, outW, kernelH, kernelW, channels]; taps outside the image read 0. */
export function im2col(x: TypedArray, g: ConvGeometry, out: TypedArray): void {
  const { batch, inH, inW, channels: C, kernelH: KH, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const rowLen = inW * C;
  const imgLen = inH * rowLen;
  const tapRow = KW * C; // one kernel row of a patch
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * imgLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padLeft;
        // A kernel row lies in one contiguous run of x when dilationW is 1 and it is fully inside.
        const runInside = dilationW === 1 && x0 >= 0 && x0 + KW <= inW;
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky * dilationH;
          if (iy < 0 || iy >= inH) {
            for (let j = 0; j < tapRow; j++) out[o++] = 0;
            continue;
          }
          const xrow = xn + iy * rowLen;
          if (runInside) {
            let s = xrow + x0 * C;
            for (let j = 0; j < tapRow; j++) out[o++] = x[s++]!;
            continue;
          }
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx * dilationW;
            if (ix < 0 || ix >= inW) {
              for (let c = 0; c < C; c++) out[o++] = 0;
            } else {
              let s = xrow + ix * C;
              for (let c = 0; c < C; c++) out[o++] = x[s++]!;
            }
          }
        }
      }
    }
  }
}

/** Adjoint of im2col: each patch entry is added back at its image position; `out` [batch, inH, inW, channels] is overwritten. */
export function col2im(cols: TypedArray, g: ConvGeometry, out: TypedArray): void {
  const { batch, inH, inW, channels: C, kernelH: KH, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  out.fill(0);
  const rowLen = inW * C;
  const imgLen = inH * rowLen;
  const tapRow = KW * C;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * imgLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padLeft;
        const runInside = dilationW === 1 && x0 >= 0 && x0 + KW <= inW;
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky * dilationH;
          if (iy < 0 || iy >= inH) {
            o += tapRow;
            continue;
          }
          const xrow = xn + iy * rowLen;
          if (runInside) {
            let s = xrow + x0 * C;
            for (let j = 0; j < tapRow; j++) out[s++]! += cols[o++]!;
            continue;
          }
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx * dilationW;
            if (ix < 0 || ix >= inW) {
              o += C;
            } else {
              let s = xrow + ix * C;
              for (let c = 0; c < C; c++) out[s++]! += cols[o++]!;
            }
          }
        }
      }
    }
  }
}

/**
 * Max pooling's selection: `out` [batch, outH, outW, channels] gets the flat index into `x` of each
 * window's maximum. Taps outside the image are skipped; ties go to the first tap in row-major
 * window order; a NaN in the window is selected (so NaN propagates).
 */
export function maxPoolIndices(x: TypedArray, g: ConvGeometry, out: Int32Array): void {
  const { batch, inH, inW, channels: C, kernelH: KH, kernelW: KW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const rowLen = inW * C;
  const imgLen = inH * rowLen;
  const best = new Float64Array(C);
  const bestIdx = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const xn = n * imgLen;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padLeft;
        best.fill(-Infinity);
        bestIdx.fill(-1);
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky * dilationH;
          if (iy < 0 || iy >= inH) continue;
          const xrow = xn + iy * rowLen;
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const s = xrow + ix * C;
            for (let c = 0; c < C; c++) {
              const v = x[s + c]!;
              const b = best[c]!;
              // First tap always taken; later ones when strictly larger, or NaN over a number.
              if (bestIdx[c] === -1 || v > b || (v !== v && b === b)) {
                best[c] = v;
                bestIdx[c] = s + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) out[o++] = bestIdx[c]!;
      }
    }
  }
}
