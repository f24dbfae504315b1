/**
 * Max and average pooling on the one-pass kernels, on the active backend (run the folder with and
 * without NABLA_BACKEND=js): values and gradients against definitions written out here, on shapes
 * large enough for the wasm kernels (float32) and in float64 and int32; the maxPool kernel against
 * the reference on random geometries; gradients of second order through both pools.
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { kernels, referenceKernels } from '../../src/backend/registry.js';
import type { ConvGeometry } from '../../src/backend/contract.js';
import { avgPool1d, avgPool2d, globalMaxPool2d, maxPool1d, maxPool2d } from '../../src/ops/pool.js';
import { windowGeometry } from '../../src/primitives/conv-geometry.js';

type Padding = 'valid' | 'same';

/** Max pooling and each window's chosen flat index, from the definition (first maximum, NaN wins). */
function naiveMaxPool(x: ArrayLike<number>, g: ConvGeometry): { values: number[]; indices: number[] } {
  const values: number[] = [];
  const indices: number[] = [];
  for (let n = 0; n < g.batch; n++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let c = 0; c < g.channels; c++) {
          let best = NaN;
          let at = -1;
          for (let ky = 0; ky < g.kernelH; ky++)
            for (let kx = 0; kx < g.kernelW; kx++) {
              const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
              const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
              if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
              const i = ((n * g.inH + iy) * g.inW + ix) * g.channels + c;
              const v = x[i]!;
              if (at < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
                best = v;
                at = i;
              }
            }
          values.push(best);
          indices.push(at);
        }
  return { values, indices };
}

/** Average pooling from the definition: the mean of each window's in-image elements. */
function naiveAvgPool(x: ArrayLike<number>, g: ConvGeometry): number[] {
  const out: number[] = [];
  for (let n = 0; n < g.batch; n++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let c = 0; c < g.channels; c++) {
          let s = 0;
          let count = 0;
          for (let ky = 0; ky < g.kernelH; ky++)
            for (let kx = 0; kx < g.kernelW; kx++) {
              const iy = oy * g.strideH - g.padTop + ky;
              const ix = ox * g.strideW - g.padLeft + kx;
              if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
              s += x[((n * g.inH + iy) * g.inW + ix) * g.channels + c]!;
              count++;
            }
          out.push(s / count);
        }
  return out;
}

/** A float32 batch with ties (a few levels), NaNs, infinities and signed zeros. */
function tied(shape: number[], seed: number): nb.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const gen = new nb.Generator(seed);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.round(gen.uniform(-3, 3));
  for (let i = 3; i < n; i += 89) v[i] = NaN;
  for (let i = 7; i < n; i += 41) v[i] = -0;
  for (let i = 13; i < n; i += 67) v[i] = i % 2 ? Infinity : -Infinity;
  return nb.tensor(v, { shape, dtype: 'float32' });
}

const sameValues = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return `element ${i}: got ${got[i]}, want ${want[i]}`;
  return null;
};

const relErr = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  let d = 0;
  let s = 0;
  for (let i = 0; i < want.length; i++) {
    d = Math.max(d, Math.abs(got[i]! - want[i]!));
    s = Math.max(s, Math.abs(want[i]!));
  }
  return d / Math.max(s, 1e-30);
};

// Big enough that float32 calls go to the wasm kernels (more than 4096 outputs).
const CASES: [shape: number[], poolSize: [number, number], strides: [number, number] | null, padding: Padding][] = [
  [[8, 28, 28, 32], [2, 2], null, 'valid'],
  [[3, 15, 13, 37], [3, 3], [2, 2], 'same'],
  [[2, 21, 20, 17], [3, 2], [1, 2], 'same'],
  [[5, 17, 17, 3], [2, 3], [3, 1], 'valid'],
];

describe(`max pooling on the one-pass kernel (backend ${nb.getBackend()})`, () => {
  for (const [shape, poolSize, strides, padding] of CASES) {
    it(`${shape.join('×')} pool ${poolSize.join('×')} strides ${strides ?? 'default'} ${padding}: values and gradient`, () => {
      const x = tied(shape, shape[1]!);
      const g = windowGeometry('test', shape, poolSize, strides ?? poolSize, [1, 1], padding);
      const want = naiveMaxPool(x.data(), g);
      const opts = { poolSize, strides, padding };
      // Inference keeps no indices; with a gradient it does: the values agree either way.
      const inference = nb.noGrad(() => maxPool2d(x, opts));
      expect(inference.shape).toEqual([g.batch, g.outH, g.outW, g.channels]);
      expect(sameValues(inference.data(), want.values)).toBeNull();
      const xg = x.detach().requiresGrad_();
      const y = maxPool2d(xg, opts);
      expect(sameValues(y.data(), want.values)).toBeNull();
      // The gradient of Σ w·y goes to each window's chosen element (repeats add).
      const w = nb.randn(y.shape);
      y.mul(w).sum().backward();
      const grad = new Float64Array(x.size);
      want.indices.forEach((at, i) => (grad[at] = Math.fround(grad[at]! + w.data()[i]!)));
      expect(relErr(xg.grad!.data(), grad)).toBeLessThan(1e-6);
    });
  }

  it('float64 and int32 inputs keep their dtype', () => {
    nb.seed(3);
    const x64 = nb.randn([2, 9, 8, 5], { dtype: 'float64' });
    const g = windowGeometry('test', x64.shape, [3, 3], [2, 2], [1, 1], 'same');
    const y64 = maxPool2d(x64, { poolSize: 3, strides: 2, padding: 'same' });
    expect(y64.dtype).toBe('float64');
    expect(Array.from(y64.data())).toEqual(naiveMaxPool(x64.data(), g).values);
    const xi = nb.randint(-50, 50, [2, 9, 8, 5]);
    const yi = maxPool2d(xi, { poolSize: 3, strides: 2, padding: 'same' });
    expect(yi.dtype).toBe('int32');
    expect(Array.from(yi.data())).toEqual(naiveMaxPool(xi.data(), g).values);
  });

  it('1-D and global max pooling', () => {
    const s = tied([4, 300, 11], 5);
    const g = windowGeometry('test', [4, 1, 300, 11], [1, 3], [1, 2], [1, 1], 'same');
    expect(sameValues(maxPool1d(s, { poolSize: 3, strides: 2, padding: 'same' }).data(), naiveMaxPool(s.data(), g).values)).toBeNull();
    const x = tied([3, 30, 29, 50], 6);
    const gg = windowGeometry('test', x.shape, [30, 29], [1, 1], [1, 1], 'valid');
    expect(sameValues(globalMaxPool2d(x).data(), naiveMaxPool(x.data(), gg).values)).toBeNull();
  });

  it('the maxPool kernel equals the reference on random geometries, with and without indices', () => {
    const gen = new nb.Generator(11);
    const int = (lo: number, hi: number) => Math.floor(gen.uniform(lo, hi + 1));
    for (let trial = 0; trial < 30; trial++) {
      const shape = [int(1, 3), int(2, 30), int(2, 30), int(1, 40)];
      const k: [number, number] = [int(1, Math.min(4, shape[1]!)), int(1, Math.min(4, shape[2]!))];
      const g = windowGeometry('test', shape, k, [int(1, 3), int(1, 3)], [int(1, 2), int(1, 2)].map((d, i) => (k[i]! * d > shape[i + 1]! ? 1 : d)) as [number, number], trial % 2 ? 'same' : 'valid');
      const x = tied(shape, trial).data() as Float32Array;
      const m = g.batch * g.outH * g.outW * g.channels;
      const want = new Float32Array(m);
      const wantIdx = new Int32Array(m);
      referenceKernels().maxPool(x, g, want, wantIdx);
      const got = new Float32Array(m).fill(12345);
      const gotIdx = new Int32Array(m).fill(-7);
      kernels().maxPool(x, g, got, gotIdx);
      expect(sameValues(got, want), JSON.stringify(g)).toBeNull();
      expect(Array.from(gotIdx)).toEqual(Array.from(wantIdx));
      const values = new Float32Array(m).fill(12345);
      kernels().maxPool(x, g, values, null);
      expect(sameValues(values, want)).toBeNull();
      expect(Array.from(wantIdx)).toEqual(naiveMaxPool(x, g).indices);
    }
  });

  it('second order through max pooling (the unpooling gathers back)', () => {
    const x = nb.tensor(Float64Array.from({ length: 2 * 6 * 6 * 2 }, (_, i) => ((i * 37) % 71) * 0.1), { dtype: 'float64' }).reshape([2, 6, 6, 2]);
    const inner = (a: nb.Tensor) => nb.grad((b: nb.Tensor) => maxPool2d(b.square(), { poolSize: 3, strides: 2, padding: 'same' }).sum(), { createGraph: true })(a);
    const r = nb.gradcheck(inner, [x]);
    expect(r.checked).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(1e-6);
  });
});

describe(`average pooling on the one-pass kernels (backend ${nb.getBackend()})`, () => {
  for (const [shape, poolSize, strides, padding] of CASES) {
    it(`${shape.join('×')} pool ${poolSize.join('×')} strides ${strides ?? 'default'} ${padding}: values and gradient`, () => {
      nb.seed(shape[3]!);
      const x = nb.randn(shape);
      const g = windowGeometry('test', shape, poolSize, strides ?? poolSize, [1, 1], padding);
      const opts = { poolSize, strides, padding };
      const y = nb.noGrad(() => avgPool2d(x, opts));
      expect(relErr(y.data(), naiveAvgPool(x.data(), g))).toBeLessThan(1e-6);
      // The gradient of Σ w·y: each w over its window's count, added to the window's in-image elements.
      const xg = x.detach().requiresGrad_();
      const w = nb.randn(y.shape);
      avgPool2d(xg, opts).mul(w).sum().backward();
      const want = new Float64Array(x.size);
      let o = 0;
      for (let n = 0; n < g.batch; n++)
        for (let oy = 0; oy < g.outH; oy++)
          for (let ox = 0; ox < g.outW; ox++, o += g.channels) {
            const taps: number[] = [];
            for (let ky = 0; ky < g.kernelH; ky++)
              for (let kx = 0; kx < g.kernelW; kx++) {
                const iy = oy * g.strideH - g.padTop + ky;
                const ix = ox * g.strideW - g.padLeft + kx;
                if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW) taps.push(((n * g.inH + iy) * g.inW + ix) * g.channels);
              }
            expect(taps.length).toBeGreaterThan(0);
            for (let c = 0; c < g.channels; c++) for (const t of taps) want[t + c]! += w.data()[o + c]! / taps.length;
          }
      expect(relErr(xg.grad!.data(), want)).toBeLessThan(1e-5);
    });
  }

  it('integer input averages in float32; 1-D pooling', () => {
    const xi = nb.randint(-9, 10, [3, 12, 11, 4]);
    const y = avgPool2d(xi, { poolSize: 3, padding: 'same' });
    expect(y.dtype).toBe('float32');
    const g = windowGeometry('test', xi.shape, [3, 3], [3, 3], [1, 1], 'same');
    expect(relErr(y.data(), naiveAvgPool(xi.data(), g))).toBeLessThan(1e-6);
    nb.seed(4);
    const s = nb.randn([3, 500, 7]);
    const g1 = windowGeometry('test', [3, 1, 500, 7], [1, 4], [1, 3], [1, 1], 'same');
    expect(relErr(avgPool1d(s, { poolSize: 4, strides: 3, padding: 'same' }).data(), naiveAvgPool(s.data(), g1))).toBeLessThan(1e-6);
  });

  it('second order through average pooling (its adjoint pools again)', () => {
    nb.seed(8);
    const x = nb.randn([2, 7, 6, 3], { dtype: 'float64' });
    const inner = (a: nb.Tensor) => nb.grad((b: nb.Tensor) => avgPool2d(b.square(), { poolSize: [3, 2], strides: [2, 1], padding: 'same' }).sum(), { createGraph: true })(a);
    const r = nb.gradcheck(inner, [x]);
    expect(r.checked).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(1e-6);
  });
});
