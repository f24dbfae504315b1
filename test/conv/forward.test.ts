import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from '../../src/ops/conv.js';
import { avgPool1d, avgPool2d, globalAvgPool2d, globalMaxPool1d, maxPool1d, maxPool2d, upSampling1d, upSampling2d, zeroPadding1d, zeroPadding2d } from '../../src/ops/pool.js';
import { resizeBilinear, resizeNearest } from '../../src/ops/image.js';

const image = (rows: number[][]) => nb.tensor(rows).reshape([1, rows.length, rows[0]!.length, 1]);
const plane = (t: nb.Tensor) => t.reshape([t.shape[1]!, t.shape[2]!]).toArray();
const ramp = (h: number, w: number) => nb.arange(0, h * w).reshape([1, h, w, 1]);
const sobelX = nb.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]).reshape([3, 3, 1, 1]);

function close(a: nb.Tensor, b: nb.Tensor, tol = 1e-5) {
  expect(a.shape).toEqual(b.shape);
  const x = a.data();
  const y = b.data();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(tol);
}

describe('conv2d forward values', () => {
  it('a 3×3 edge kernel on a 5×5 ramp, valid and same', () => {
    expect(plane(conv2d(ramp(5, 5), sobelX))).toEqual([
      [8, 8, 8],
      [8, 8, 8],
      [8, 8, 8],
    ]);
    // Borders: the zero padding cuts off part of the ramp.
    expect(plane(conv2d(ramp(5, 5), sobelX, { padding: 'same' }))).toEqual([
      [8, 6, 6, 6, -14],
      [24, 8, 8, 8, -32],
      [44, 8, 8, 8, -52],
      [64, 8, 8, 8, -72],
      [58, 6, 6, 6, -64],
    ]);
  });

  it("'same' with stride 2 on an even size pads after, not before (TensorFlow's rule)", () => {
    const y = conv2d(ramp(4, 4), nb.ones([3, 3, 1, 1]), { padding: 'same', strides: 2 });
    // Pad total 1 goes to the bottom/right: window (0,0) covers rows/cols 0..2, no padding.
    expect(plane(y)).toEqual([
      [45, 39],
      [66, 50],
    ]);
  });

  it('dilation spreads the taps; strides skip outputs', () => {
    const k = nb.tensor([1, 0, -1]).reshape([1, 3, 1, 1]); // x[j] − x[j + 2d]
    expect(plane(conv2d(ramp(1, 7), k, { dilationRate: 2 }))).toEqual([[-4, -4, -4]]);
    expect(plane(conv2d(ramp(1, 7), k, { strides: 2 }))).toEqual([[-2, -2, -2]]);
  });

  it('mixes channels: outC[o] = Σ_c kernel[.., c, o] · x[.., c]', () => {
    const x = nb.tensor([1, 10, 100]).reshape([1, 1, 1, 3]);
    const k = nb.tensor([[1, 0], [0, 1], [1, 1]]).reshape([1, 1, 3, 2]);
    expect(conv2d(x, k).toArray()).toEqual([[[[101, 110]]]]);
  });

  it('groups equal separate convolutions on channel blocks, concatenated', () => {
    nb.seed(1);
    const x = nb.randn([2, 5, 6, 4]);
    const k = nb.randn([3, 3, 2, 6]);
    const y = conv2d(x, k, { groups: 2, padding: 'same' });
    const [x0, x1] = nb.split(x, 2, 3);
    const [k0, k1] = nb.split(k, 2, 3);
    close(y, nb.concat([conv2d(x0!, k0!, { padding: 'same' }), conv2d(x1!, k1!, { padding: 'same' })], 3));
  });

  it('depthwise: output channel c·m + j is input channel c with filter j', () => {
    nb.seed(2);
    const x = nb.randn([1, 4, 4, 2]);
    const k = nb.randn([3, 3, 2, 2]);
    const y = depthwiseConv2d(x, k);
    const [x0, x1] = nb.split(x, 2, 3);
    const parts = [x0!, x1!].flatMap((xc, c) =>
      [0, 1].map((j) => conv2d(xc, nb.slice(k, [0, 0, c, j], [3, 3, 1, 1]))),
    );
    close(y, nb.concat(parts, 3));
    const s = separableConv2d(x, k, nb.ones([1, 1, 4, 1]));
    close(s, y.sum(3, true));
  });
});

describe('conv1d forward values', () => {
  const seq = nb.tensor([1, 2, 3, 4]).reshape([1, 4, 1]);
  const pair = nb.ones([2, 1, 1]);
  it('causal padding sees only the past', () => {
    expect(conv1d(seq, pair, { padding: 'causal' }).reshape([4]).toArray()).toEqual([1, 3, 5, 7]);
    expect(conv1d(seq, pair, { padding: 'causal', dilationRate: 2 }).reshape([4]).toArray()).toEqual([1, 2, 4, 6]);
    expect(conv1d(seq, pair, { padding: 'causal', strides: 2 }).reshape([2]).toArray()).toEqual([1, 5]);
  });
  it('valid and same', () => {
    expect(conv1d(seq, pair).reshape([3]).toArray()).toEqual([3, 5, 7]);
    expect(conv1d(seq, pair, { padding: 'same' }).reshape([4]).toArray()).toEqual([3, 5, 7, 4]);
  });
});

describe('conv2dTranspose', () => {
  it('stamps the kernel at stride spacing, summing overlaps', () => {
    const x = image([[1, 2]]);
    const k = nb.tensor([[1, 1, 1]]).reshape([1, 3, 1, 1]);
    expect(plane(conv2dTranspose(x, k, { strides: [1, 2] }))).toEqual([[1, 1, 3, 2, 2]]);
    expect(conv2dTranspose(x, k, { strides: [1, 2], padding: 'same' }).shape).toEqual([1, 1, 4, 1]);
    // Keras: a stride larger than the kernel still gives input·stride rows (the extra row is zero).
    expect(plane(conv2dTranspose(x, k, { strides: 2 }))).toEqual([
      [1, 1, 3, 2, 2],
      [0, 0, 0, 0, 0],
    ]);
  });

  it("output sizes follow Keras's rule", () => {
    const x = nb.ones([2, 3, 3, 4]);
    expect(conv2dTranspose(x, nb.ones([3, 3, 5, 4]), { strides: 2 }).shape).toEqual([2, 7, 7, 5]);
    expect(conv2dTranspose(x, nb.ones([3, 3, 5, 4]), { strides: 2, padding: 'same' }).shape).toEqual([2, 6, 6, 5]);
    expect(conv2dTranspose(x, nb.ones([1, 1, 5, 4]), { strides: 3 }).shape).toEqual([2, 9, 9, 5]);
  });

  it('is the adjoint of conv2d: <conv2d(y, K), x> = <y, conv2dTranspose(x, K)>', () => {
    nb.seed(3);
    for (const padding of ['valid', 'same'] as const) {
      const k = nb.randn([3, 2, 3, 4], { dtype: 'float64' });
      const x = nb.randn([2, 4, 3, 4], { dtype: 'float64' });
      const yT = conv2dTranspose(x, k, { strides: 2, padding });
      const y = nb.randn([...yT.shape], { dtype: 'float64' });
      const lhs = conv2d(y, k, { strides: 2, padding }).mul(x).sum().item();
      const rhs = y.mul(yT).sum().item();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lhs)));
    }
  });
});

describe('pooling forward values', () => {
  it("max and average pooling with 'same' padding (average over in-image elements only)", () => {
    expect(plane(maxPool2d(ramp(5, 5), { poolSize: 2, padding: 'same' }))).toEqual([
      [6, 8, 9],
      [16, 18, 19],
      [21, 23, 24],
    ]);
    expect(plane(avgPool2d(ramp(5, 5), { poolSize: 2, padding: 'same' }))).toEqual([
      [3, 5, 6.5],
      [13, 15, 16.5],
      [20.5, 22.5, 24],
    ]);
    expect(plane(maxPool2d(ramp(5, 5), 2))).toEqual([
      [6, 8],
      [16, 18],
    ]);
  });

  it('overlapping windows (pool 3, stride 1) and 1-D pools', () => {
    expect(plane(avgPool2d(ramp(4, 4), { poolSize: 3, strides: 1 }))).toEqual([
      [5, 6],
      [9, 10],
    ]);
    const s = nb.tensor([3, 1, 4, 1, 5]).reshape([1, 5, 1]);
    expect(maxPool1d(s).reshape([2]).toArray()).toEqual([3, 4]);
    expect(maxPool1d(s, { padding: 'same' }).reshape([3]).toArray()).toEqual([3, 4, 5]);
    expect(avgPool1d(s, { poolSize: 2, strides: 1 }).reshape([4]).toArray()).toEqual([2, 2.5, 2.5, 3]);
    expect(globalMaxPool1d(s).toArray()).toEqual([[5]]);
  });

  it('max pooling sends the gradient of a tie to the first maximum', () => {
    const x = image([
      [1, 1],
      [0, 1],
    ]).requiresGrad_();
    maxPool2d(x, 2).sum().backward();
    expect(plane(x.grad!)).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('a NaN in a window propagates', () => {
    const y = maxPool2d(image([[1, NaN, 3, 2]]), { poolSize: [1, 2] });
    const d = y.data();
    expect(Number.isNaN(d[0]!)).toBe(true);
    expect(d[1]).toBe(3);
  });

  it('global pools', () => {
    const x = nb.arange(0, 12).reshape([1, 2, 3, 2]);
    expect(globalAvgPool2d(x).toArray()).toEqual([[5, 6]]);
    expect(globalAvgPool2d(x, { keepDims: true }).shape).toEqual([1, 1, 1, 2]);
  });
});

describe('upsampling, padding, resizing', () => {
  it('upSampling2d repeats rows and columns', () => {
    expect(plane(upSampling2d(image([[1, 2], [3, 4]]), { size: [2, 3] }))).toEqual([
      [1, 1, 1, 2, 2, 2],
      [1, 1, 1, 2, 2, 2],
      [3, 3, 3, 4, 4, 4],
      [3, 3, 3, 4, 4, 4],
    ]);
    expect(upSampling1d(nb.tensor([1, 2]).reshape([1, 2, 1])).reshape([4]).toArray()).toEqual([1, 1, 2, 2]);
  });

  it('zeroPadding2d and zeroPadding1d', () => {
    expect(plane(zeroPadding2d(image([[5]]), [[1, 0], [0, 2]]))).toEqual([
      [0, 0, 0],
      [5, 0, 0],
    ]);
    expect(zeroPadding2d(nb.ones([2, 3, 3, 1])).shape).toEqual([2, 5, 5, 1]);
    expect(zeroPadding1d(nb.ones([1, 2, 1]), [0, 1]).reshape([3]).toArray()).toEqual([1, 1, 0]);
  });

  it('resizeBilinear with half-pixel centres, aligned corners and the legacy grid', () => {
    const x = image([[0, 1], [2, 3]]);
    expect(plane(resizeBilinear(x, [4, 4]))).toEqual([
      [0, 0.25, 0.75, 1],
      [0.5, 0.75, 1.25, 1.5],
      [1.5, 1.75, 2.25, 2.5],
      [2, 2.25, 2.75, 3],
    ]);
    expect(plane(resizeBilinear(x, [3, 3], { alignCorners: true }))).toEqual([
      [0, 0.5, 1],
      [1, 1.5, 2],
      [2, 2.5, 3],
    ]);
    expect((plane(resizeBilinear(x, [3, 3], { halfPixelCenters: false })) as number[][]).map((r) => r.map((v) => Math.round(v * 1e6) / 1e6))).toEqual([
      [0, 0.666667, 1],
      [1.333333, 2, 2.333333],
      [2, 2.666667, 3],
    ]);
    // A 3-D image keeps its rank; int images come back as float32.
    expect(resizeBilinear(nb.ones([2, 2, 3], 'int32'), [4, 4]).shape).toEqual([4, 4, 3]);
    expect(resizeBilinear(nb.ones([2, 2, 3], 'int32'), [4, 4]).dtype).toBe('float32');
  });

  it('resizeNearest picks TensorFlow’s source pixels', () => {
    const row = image([[0, 1, 2]]);
    expect(plane(resizeNearest(row, [1, 2]))).toEqual([[0, 2]]);
    expect(plane(resizeNearest(row, [1, 2], { halfPixelCenters: false }))).toEqual([[0, 1]]);
    expect(plane(resizeNearest(row, [1, 5], { alignCorners: true }))).toEqual([[0, 1, 1, 2, 2]]);
    expect(plane(resizeNearest(image([[0, 1]]), [1, 4]))).toEqual([[0, 0, 1, 1]]);
  });
});
