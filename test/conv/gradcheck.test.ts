import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { conv1d, conv1dTranspose, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from '../../src/ops/conv.js';
import {
  avgPool1d,
  avgPool2d,
  globalAvgPool1d,
  globalAvgPool2d,
  globalMaxPool1d,
  globalMaxPool2d,
  maxPool1d,
  maxPool2d,
  upSampling1d,
  upSampling2d,
  zeroPadding2d,
} from '../../src/ops/pool.js';
import { resizeBilinear, resizeNearest } from '../../src/ops/image.js';

const f64 = (shape: number[], seed: number) => {
  nb.seed(seed);
  return nb.randn(shape, { dtype: 'float64' });
};

/** Values spread apart so max pooling has no near-ties for finite differences to straddle. */
function distinct(shape: number[], seed: number) {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = i * 0.37;
  const gen = new nb.Generator(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(gen.uniform(0, i + 1));
    [vals[i], vals[j]] = [vals[j]!, vals[i]!];
  }
  return nb.tensor(vals, { dtype: 'float64' }).reshape(shape);
}

function check(fn: (...xs: nb.Tensor[]) => nb.Tensor, inputs: nb.Tensor[]) {
  const r = nb.gradcheck(fn, inputs);
  expect(r.checked).toBeGreaterThan(0);
  expect(r.maxError).toBeLessThan(1e-6);
}

describe('conv2d gradients (float64, batch 2, 3 → 4 channels)', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      for (const dilationRate of [1, 2]) {
        it(`padding ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
          const x = f64([2, 7, 6, 3], 1);
          const k = f64([3, 2, 3, 4], 2);
          check((a, b) => conv2d(a, b, { padding, strides, dilationRate }), [x, k]);
        });
      }
    }
  }

  it('non-square strides and dilation', () => {
    check((a, b) => conv2d(a, b, { padding: 'same', strides: [2, 1], dilationRate: [1, 2] }), [f64([2, 6, 7, 2], 3), f64([2, 3, 2, 3], 4)]);
  });

  it('groups = 2 (kernel [3,3,2,6] on 4 channels)', () => {
    check((a, b) => conv2d(a, b, { padding: 'same', groups: 2, strides: 2 }), [f64([2, 5, 6, 4], 5), f64([3, 3, 2, 6], 6)]);
  });

  it('1×1 kernel (the pointwise shortcut)', () => {
    check((a, b) => conv2d(a, b), [f64([2, 3, 4, 3], 7), f64([1, 1, 3, 5], 8)]);
  });

  it('second order: the gradient of the input gradient', () => {
    const k = f64([3, 3, 2, 3], 10);
    const inner = (x: nb.Tensor, kk: nb.Tensor) => nb.grad((xx: nb.Tensor) => conv2d(xx, kk, { padding: 'same', strides: 2 }).square().sum(), { createGraph: true })(x);
    check(inner, [f64([2, 5, 4, 2], 9), k]);
  });
});

describe('conv1d gradients', () => {
  for (const padding of ['valid', 'same', 'causal'] as const) {
    for (const strides of [1, 2]) {
      for (const dilationRate of [1, 2]) {
        it(`padding ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
          check((a, b) => conv1d(a, b, { padding, strides, dilationRate }), [f64([2, 9, 3], 11), f64([3, 3, 2], 12)]);
        });
      }
    }
  }

  it('groups = 3', () => {
    check((a, b) => conv1d(a, b, { groups: 3, padding: 'causal' }), [f64([2, 6, 3], 13), f64([2, 1, 6], 14)]);
  });
});

describe('depthwise, separable and transposed convolutions', () => {
  it('depthwiseConv2d with depth multiplier 2, strides 2, same', () => {
    check((a, b) => depthwiseConv2d(a, b, { strides: 2, padding: 'same' }), [f64([2, 6, 5, 3], 15), f64([3, 3, 3, 2], 16)]);
  });

  it('depthwiseConv2d dilated, valid', () => {
    check((a, b) => depthwiseConv2d(a, b, { dilationRate: 2 }), [f64([2, 7, 6, 2], 17), f64([3, 2, 2, 1], 18)]);
  });

  it('separableConv2d', () => {
    check((a, b, c) => separableConv2d(a, b, c, { padding: 'same' }), [f64([2, 5, 5, 2], 19), f64([3, 3, 2, 2], 20), f64([1, 1, 4, 3], 21)]);
  });

  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      it(`conv2dTranspose padding ${padding}, strides ${strides}`, () => {
        check((a, b) => conv2dTranspose(a, b, { padding, strides }), [f64([2, 3, 4, 3], 22), f64([3, 3, 2, 3], 23)]);
      });
    }
  }

  it('conv2dTranspose dilated, kernel smaller than the stride', () => {
    check((a, b) => conv2dTranspose(a, b, { strides: 3, dilationRate: 1 }), [f64([2, 2, 3, 2], 24), f64([2, 2, 3, 2], 25)]);
    check((a, b) => conv2dTranspose(a, b, { dilationRate: 2, padding: 'same' }), [f64([1, 3, 3, 2], 26), f64([2, 3, 2, 2], 27)]);
  });

  it('conv1dTranspose', () => {
    check((a, b) => conv1dTranspose(a, b, { strides: 2, padding: 'same' }), [f64([2, 4, 3], 28), f64([3, 2, 3], 29)]);
  });
});

describe('pooling gradients', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      it(`maxPool2d / avgPool2d, 3×2 windows, padding ${padding}, strides ${strides}`, () => {
        const x = distinct([2, 7, 6, 3], 30);
        check((a) => maxPool2d(a, { poolSize: [3, 2], strides, padding }), [x]);
        check((a) => avgPool2d(a, { poolSize: [3, 2], strides, padding }), [x]);
      });
      it(`maxPool1d / avgPool1d, padding ${padding}, strides ${strides}`, () => {
        const x = distinct([2, 9, 3], 31);
        check((a) => maxPool1d(a, { poolSize: 3, strides, padding }), [x]);
        check((a) => avgPool1d(a, { poolSize: 3, strides, padding }), [x]);
      });
    }
  }

  it('global pools', () => {
    const x = distinct([2, 4, 3, 3], 32);
    check((a) => globalMaxPool2d(a), [x]);
    check((a) => globalAvgPool2d(a, { keepDims: true }), [x]);
    const s = distinct([2, 5, 3], 33);
    check((a) => globalMaxPool1d(a), [s]);
    check((a) => globalAvgPool1d(a), [s]);
  });

  it('second order through max pooling (gather / scatter)', () => {
    const inner = (x: nb.Tensor) => nb.grad((xx: nb.Tensor) => maxPool2d(xx.square(), 2).sum(), { createGraph: true })(x);
    check(inner, [distinct([2, 4, 4, 2], 34)]);
  });
});

describe('upsampling, padding and resizing gradients', () => {
  it('upSampling2d nearest and bilinear, upSampling1d', () => {
    check((a) => upSampling2d(a, { size: [2, 3] }), [f64([2, 3, 2, 2], 35)]);
    check((a) => upSampling2d(a, { interpolation: 'bilinear' }), [f64([2, 3, 2, 2], 36)]);
    check((a) => upSampling1d(a, { size: 3 }), [f64([2, 3, 2], 37)]);
  });

  it('zeroPadding2d', () => {
    check((a) => zeroPadding2d(a, [[1, 2], [0, 3]]), [f64([2, 3, 2, 2], 38)]);
  });

  for (const options of [{}, { alignCorners: true }, { halfPixelCenters: false }]) {
    it(`resizeBilinear up and down ${JSON.stringify(options)}`, () => {
      check((a) => resizeBilinear(a, [7, 5], options), [f64([2, 4, 3, 2], 39)]);
      check((a) => resizeBilinear(a, [3, 2], options), [f64([2, 5, 6, 2], 40)]);
    });
  }

  it('resizeNearest routes gradients to source pixels', () => {
    check((a) => resizeNearest(a, [5, 7]), [f64([2, 3, 4, 2], 41)]);
  });
});
