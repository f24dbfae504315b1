import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { input64, layerGradcheck } from './helpers.js';

const L = nb.layers;
const f64 = { dtype: 'float64' as const };

function expectGradOk(layer: nb.Layer, x: nb.Tensor): void {
  nb.seed(3);
  const r = layerGradcheck(layer, x);
  expect(r.checked).toBeGreaterThanOrEqual(x.size);
  expect(r.maxError, r.worst).toBeLessThan(1e-6);
}

describe('gradients of the convolution layers (float64, input and weights)', () => {
  for (const padding of ['valid', 'same', 'causal'] as const) {
    for (const strides of [1, 2]) {
      for (const dilationRate of [1, 2]) {
        it(`conv1d padding ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
          const layer = L.conv1d({ filters: 4, kernelSize: 3, padding, strides, dilationRate, activation: 'tanh', biasInitializer: 'randomNormal', ...f64 });
          expectGradOk(layer, input64([2, 9, 3]));
        });
      }
    }
  }

  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      for (const dilationRate of [1, 2]) {
        it(`conv2d padding ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
          const layer = L.conv2d({ filters: 4, kernelSize: [3, 2], padding, strides, dilationRate, activation: 'tanh', biasInitializer: 'randomNormal', ...f64 });
          expectGradOk(layer, input64([2, 7, 6, 3]));
        });
      }
    }
  }

  it('conv2d and conv1d with bias and relu fused into the convolution', () => {
    for (const activation of ['relu', 'linear'] as const) {
      expectGradOk(L.conv2d({ filters: 3, kernelSize: 3, padding: 'same', strides: 2, activation, biasInitializer: 'randomNormal', ...f64 }), input64([2, 6, 5, 2]));
      expectGradOk(L.conv1d({ filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 2, activation, biasInitializer: 'randomNormal', ...f64 }), input64([2, 7, 2]));
    }
  });

  it('conv2d with groups (2 groups, and depthwise: groups = channels)', () => {
    expectGradOk(L.conv2d({ filters: 4, kernelSize: 3, groups: 2, padding: 'same', ...f64 }), input64([2, 5, 5, 4]));
    expectGradOk(L.conv2d({ filters: 6, kernelSize: 2, groups: 3, strides: 2, ...f64 }), input64([2, 5, 5, 3]));
  });

  it('conv1d with groups', () => {
    expectGradOk(L.conv1d({ filters: 4, kernelSize: 2, groups: 2, padding: 'causal', ...f64 }), input64([2, 6, 4]));
  });

  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      it(`conv2dTranspose padding ${padding}, strides ${strides}`, () => {
        expectGradOk(L.conv2dTranspose({ filters: 3, kernelSize: 3, padding, strides, biasInitializer: 'randomNormal', ...f64 }), input64([2, 4, 3, 2]));
      });
    }
  }

  it('conv2dTranspose with dilation, conv1dTranspose', () => {
    expectGradOk(L.conv2dTranspose({ filters: 2, kernelSize: 2, dilationRate: 2, ...f64 }), input64([2, 3, 3, 2]));
    expectGradOk(L.conv1dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', ...f64 }), input64([2, 4, 2]));
  });

  it('depthwiseConv2d and separableConv2d', () => {
    expectGradOk(L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', strides: 2, biasInitializer: 'randomNormal', ...f64 }), input64([2, 5, 5, 3]));
    expectGradOk(L.separableConv2d({ filters: 4, kernelSize: 2, depthMultiplier: 2, dilationRate: 2, activation: 'tanh', ...f64 }), input64([2, 5, 5, 3]));
  });
});

describe('gradients of pooling and reshaping layers (float64)', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [null, 1]) {
      it(`max and average pooling 1d/2d, padding ${padding}, strides ${strides ?? 'pool size'}`, () => {
        expectGradOk(L.maxPooling2d({ poolSize: [2, 3], strides, padding, ...f64 }), input64([2, 7, 7, 3]));
        expectGradOk(L.averagePooling2d({ poolSize: 3, strides, padding, ...f64 }), input64([2, 7, 5, 3]));
        expectGradOk(L.maxPooling1d({ poolSize: 3, strides, padding, ...f64 }), input64([2, 8, 3]));
        expectGradOk(L.averagePooling1d({ poolSize: 2, strides, padding, ...f64 }), input64([2, 7, 3]));
      });
    }
  }

  it('global pooling, with and without keepDims', () => {
    for (const keepDims of [false, true]) {
      expectGradOk(L.globalAveragePooling2d({ keepDims, ...f64 }), input64([2, 4, 3, 3]));
      expectGradOk(L.globalMaxPooling2d({ keepDims, ...f64 }), input64([2, 4, 3, 3]));
      expectGradOk(L.globalAveragePooling1d({ keepDims, ...f64 }), input64([2, 5, 3]));
      expectGradOk(L.globalMaxPooling1d({ keepDims, ...f64 }), input64([2, 5, 3]));
    }
  });

  it('upsampling (nearest, bilinear), zero padding and cropping', () => {
    expectGradOk(L.upSampling2d({ size: [2, 3], ...f64 }), input64([2, 3, 2, 2]));
    expectGradOk(L.upSampling2d({ size: 2, interpolation: 'bilinear', ...f64 }), input64([2, 3, 3, 2]));
    expectGradOk(L.upSampling1d({ size: 3, ...f64 }), input64([2, 3, 2]));
    expectGradOk(L.zeroPadding2d({ padding: [[1, 0], [2, 1]], ...f64 }), input64([2, 3, 3, 2]));
    expectGradOk(L.zeroPadding1d({ padding: [2, 1], ...f64 }), input64([2, 3, 2]));
    expectGradOk(L.cropping2d({ cropping: [[1, 0], [0, 2]], ...f64 }), input64([2, 4, 5, 2]));
    expectGradOk(L.cropping1d({ cropping: [1, 2], ...f64 }), input64([2, 6, 2]));
  });
});
