/**
 * Forward values against TensorFlow.js's CPU kernels (an independent implementation of the same
 * TensorFlow conventions) on random inputs of awkward sizes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from '../../src/ops/conv.js';
import { avgPool2d, maxPool2d } from '../../src/ops/pool.js';
import { resizeBilinear, resizeNearest } from '../../src/ops/image.js';

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
});

let seed = 100;
function pair(shape: number[]): [nb.Tensor, tf.Tensor] {
  nb.seed(seed++);
  const t = nb.randn(shape);
  return [t, tf.tensor(t.data() as Float32Array, shape)];
}

function same(a: nb.Tensor, b: tf.Tensor) {
  expect(a.shape).toEqual(b.shape);
  const x = a.data();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(1, Math.abs(y[i]!)));
  expect(worst).toBeLessThan(1e-5);
}

describe('parity with TensorFlow.js', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const [strides, dilation] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [3, 1],
    ] as const) {
      it(`conv2d ${padding}, strides ${strides}, dilation ${dilation}`, () => {
        const [x, tx] = pair([3, 11, 8, 3]);
        const [k, tk] = pair([3, 4, 3, 5]);
        same(conv2d(x, k, { padding, strides, dilationRate: dilation }), tf.conv2d(tx as tf.Tensor4D, tk as tf.Tensor4D, strides, padding, 'NHWC', dilation));
      });
    }
  }

  it('conv1d same and valid, stride 2', () => {
    const [x, tx] = pair([2, 13, 3]);
    const [k, tk] = pair([4, 3, 2]);
    for (const padding of ['valid', 'same'] as const) {
      same(conv1d(x, k, { padding, strides: 2 }), tf.conv1d(tx as tf.Tensor3D, tk as tf.Tensor3D, 2, padding));
    }
  });

  it('depthwise and separable, stride 2 same', () => {
    const [x, tx] = pair([2, 9, 10, 3]);
    const [dk, tdk] = pair([3, 3, 3, 2]);
    const [pk, tpk] = pair([1, 1, 6, 4]);
    same(depthwiseConv2d(x, dk, { strides: 2, padding: 'same' }), tf.depthwiseConv2d(tx as tf.Tensor4D, tdk as tf.Tensor4D, 2, 'same'));
    same(
      separableConv2d(x, dk, pk, { strides: 2, padding: 'same' }),
      tf.separableConv2d(tx as tf.Tensor4D, tdk as tf.Tensor4D, tpk as tf.Tensor4D, 2, 'same'),
    );
  });

  for (const padding of ['valid', 'same'] as const) {
    it(`conv2dTranspose ${padding}, stride 2`, () => {
      const [x, tx] = pair([2, 5, 4, 3]);
      const [k, tk] = pair([3, 3, 6, 3]);
      const y = conv2dTranspose(x, k, { strides: 2, padding });
      const ty = tf.conv2dTranspose(tx as tf.Tensor4D, tk as tf.Tensor4D, y.shape as [number, number, number, number], 2, padding);
      same(y, ty);
    });
  }

  for (const padding of ['valid', 'same'] as const) {
    for (const [size, strides] of [
      [2, 2],
      [3, 2],
      [3, 1],
    ] as const) {
      it(`maxPool2d / avgPool2d ${padding}, pool ${size}, strides ${strides}`, () => {
        const [x, tx] = pair([2, 9, 8, 3]);
        same(maxPool2d(x, { poolSize: size, strides, padding }), tf.maxPool(tx as tf.Tensor4D, size, strides, padding));
        same(avgPool2d(x, { poolSize: size, strides, padding }), tf.avgPool(tx as tf.Tensor4D, size, strides, padding));
      });
    }
  }

  for (const [h, w] of [
    [13, 7],
    [4, 3],
    [9, 9],
  ] as const) {
    for (const [alignCorners, halfPixelCenters] of [
      [false, true],
      [true, false],
      [false, false],
    ] as const) {
      it(`resize to ${h}×${w}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`, () => {
        const [x, tx] = pair([2, 6, 5, 2]);
        same(resizeBilinear(x, [h, w], { alignCorners, halfPixelCenters }), tf.image.resizeBilinear(tx as tf.Tensor4D, [h, w], alignCorners, halfPixelCenters));
        same(resizeNearest(x, [h, w], { alignCorners, halfPixelCenters }), tf.image.resizeNearestNeighbor(tx as tf.Tensor4D, [h, w], alignCorners, halfPixelCenters));
      });
    }
  }
});
