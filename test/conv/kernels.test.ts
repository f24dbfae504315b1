/**
 * The sliding-window kernels of the active backend against their definition, on random geometries
 * of awkward sizes (padding, dilation, strides larger than the window, 1-wide images).
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { kernels, referenceKernels } from '../../src/backend/registry.js';
import type { ConvGeometry } from '../../src/backend/contract.js';

function randomGeometry(gen: nb.Generator): ConvGeometry {
  const int = (lo: number, hi: number) => Math.floor(gen.uniform(lo, hi + 1));
  const kernelH = int(1, 4);
  const kernelW = int(1, 4);
  const dilationH = int(1, 3);
  const dilationW = int(1, 3);
  const inH = int(1, 9);
  const inW = int(1, 9);
  const padTop = int(0, 3);
  const padLeft = int(0, 3);
  const strideH = int(1, 4);
  const strideW = int(1, 4);
  // Output sizes as if padding after were anything from 0 to 3.
  const outH = Math.max(1, Math.floor((inH + padTop + int(0, 3) - (kernelH - 1) * dilationH - 1) / strideH) + 1);
  const outW = Math.max(1, Math.floor((inW + padLeft + int(0, 3) - (kernelW - 1) * dilationW - 1) / strideW) + 1);
  return { batch: int(1, 3), inH, inW, channels: int(1, 5), kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW };
}

/** im2col straight from its definition. */
function naiveIm2col(x: ArrayLike<number>, g: ConvGeometry): Float64Array {
  const out = new Float64Array(g.batch * g.outH * g.outW * g.kernelH * g.kernelW * g.channels);
  let o = 0;
  for (let n = 0; n < g.batch; n++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let ky = 0; ky < g.kernelH; ky++)
          for (let kx = 0; kx < g.kernelW; kx++)
            for (let c = 0; c < g.channels; c++) {
              const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
              const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
              const inside = iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW;
              out[o++] = inside ? x[((n * g.inH + iy) * g.inW + ix) * g.channels + c]! : 0;
            }
  return out;
}

describe('im2col / col2im / maxPoolIndices kernels', () => {
  const gen = new nb.Generator(7);
  for (let trial = 0; trial < 40; trial++) {
    const g = randomGeometry(gen);
    it(`geometry ${trial}: ${JSON.stringify(g)}`, () => {
      const xSize = g.batch * g.inH * g.inW * g.channels;
      const colsSize = g.batch * g.outH * g.outW * g.kernelH * g.kernelW * g.channels;
      for (const Arr of [Float32Array, Float64Array]) {
        const x = new Arr(xSize).map(() => gen.normal(0, 1));
        const want = naiveIm2col(x, g);
        const cols = new Arr(colsSize);
        kernels().im2col(x, g, cols);
        expect(Array.from(cols)).toEqual(Array.from(want, (v) => (Arr === Float32Array ? Math.fround(v) : v)));

        // col2im is the adjoint: <im2col(x), c> = <x, col2im(c)>.
        const c = new Arr(colsSize).map(() => gen.normal(0, 1));
        const back = new Arr(xSize).fill(NaN); // overwritten, not accumulated
        kernels().col2im(c, g, back);
        let lhs = 0;
        let rhs = 0;
        for (let i = 0; i < colsSize; i++) lhs += want[i]! * c[i]!;
        for (let i = 0; i < xSize; i++) rhs += x[i]! * back[i]!;
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));

        // maxPoolIndices picks, per window, the first in-image tap holding the window's maximum.
        const idx = new Int32Array(g.batch * g.outH * g.outW * g.channels);
        kernels().maxPoolIndices(x, g, idx);
        const ref = new Int32Array(idx.length);
        referenceKernels().maxPoolIndices(x, g, ref);
        expect(Array.from(idx)).toEqual(Array.from(ref));
        const taps = g.kernelH * g.kernelW;
        for (let w = 0; w < idx.length; w++) {
          const win = Math.floor(w / g.channels);
          const ch = w % g.channels;
          let best = -Infinity;
          for (let t = 0; t < taps; t++) {
            const v = want[(win * taps + t) * g.channels + ch]!;
            // Padding taps read 0 in `want`; only in-image taps count, so recompute membership.
            const ky = Math.floor(t / g.kernelW);
            const kx = t % g.kernelW;
            const oy = Math.floor(win / g.outW) % g.outH;
            const ox = win % g.outW;
            const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
            if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW && v > best) best = v;
          }
          if (best === -Infinity) expect(idx[w]).toBe(-1);
          else expect(x[idx[w]!]).toBe(Arr === Float32Array ? Math.fround(best) : best);
        }
      }
    });
  }
});
