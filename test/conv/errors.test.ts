import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from '../../src/ops/conv.js';
import { avgPool2d, globalAvgPool2d, maxPool1d, maxPool2d, upSampling2d, zeroPadding2d } from '../../src/ops/pool.js';
import { resizeBilinear } from '../../src/ops/image.js';

function throwsWith(fn: () => unknown, type: new (...a: never[]) => Error, message: string | RegExp) {
  expect(fn).toThrow(type);
  expect(fn).toThrow(message);
}

const x4 = nb.ones([2, 5, 5, 3]);

describe('convolution argument errors', () => {
  it('names the op, the channel counts and the kernel shape', () => {
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 1, 32])), nb.ShapeError, 'conv2d: input has 3 channels but the kernel expects 1 (kernel [3,3,1,32])');
    throwsWith(() => conv2d(nb.ones([1, 4, 4, 4]), nb.ones([3, 3, 1, 6]), { groups: 2 }), nb.ShapeError, 'input has 4 channels but the kernel expects 2 (kernel [3,3,1,6], groups 2)');
    throwsWith(() => conv2d(nb.ones([1, 4, 4, 3]), nb.ones([3, 3, 1, 6]), { groups: 2 }), nb.ShapeError, 'input channels (3) are not divisible by groups (2)');
    throwsWith(() => conv2d(nb.ones([1, 4, 4, 4]), nb.ones([3, 3, 2, 5]), { groups: 2 }), nb.ShapeError, "the kernel's 5 filters do not divide into 2 groups");
    throwsWith(() => depthwiseConv2d(x4, nb.ones([3, 3, 2, 1])), nb.ShapeError, 'depthwiseConv2d: input has 3 channels but the kernel expects 2');
    throwsWith(() => separableConv2d(x4, nb.ones([3, 3, 3, 1]), nb.ones([1, 1, 2, 4])), nb.ShapeError, 'the depthwise step gives 3 channels but the pointwise kernel expects 2');
    throwsWith(() => conv2dTranspose(x4, nb.ones([3, 3, 8, 2])), nb.ShapeError, 'conv2dTranspose: input has 3 channels but the kernel expects 2 (kernel [3,3,8,2])');
  });

  it('rejects a kernel larger than the (padded) input', () => {
    throwsWith(() => conv2d(nb.ones([1, 2, 6, 1]), nb.ones([3, 3, 1, 1])), nb.ShapeError, 'conv2d: the window (3) is larger than the input height (2)');
    throwsWith(() => conv1d(nb.ones([1, 4, 1]), nb.ones([3, 1, 1]), { dilationRate: 2 }), nb.ShapeError, 'conv1d: the window (3 with dilation 2 (5 wide)) is larger than the input length (4)');
    expect(conv2d(nb.ones([1, 2, 2, 1]), nb.ones([3, 3, 1, 1]), { padding: 'same' }).shape).toEqual([1, 2, 2, 1]);
  });

  it('rejects bad ranks, strides, paddings, options and dtypes', () => {
    throwsWith(() => conv2d(nb.ones([5, 5, 3]), nb.ones([3, 3, 3, 1])), nb.ShapeError, 'conv2d: input must be 4-D [batch, height, width, channels], got shape [5,5,3]');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3])), nb.ShapeError, 'conv2d: kernel must be 4-D');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { strides: 0 }), nb.ConfigError, 'conv2d: strides must be a positive integer or 2 of them, got 0');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { strides: [1, 2, 3] as never }), nb.ConfigError, 'got [1,2,3]');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { dilationRate: 1.5 }), nb.ConfigError, 'dilationRate must be a positive integer');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { padding: 'full' as never }), nb.ConfigError, `conv2d: padding must be 'valid' or 'same', got "full"`);
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { padding: 'causal' as never }), nb.ConfigError, 'padding must be');
    throwsWith(() => conv2d(x4, nb.ones([3, 3, 3, 1]), { stride: 2 } as never), nb.ConfigError, 'conv2d: unknown option "stride"; valid options are strides, padding, dilationRate, groups');
    throwsWith(() => conv2d(nb.ones([1, 3, 3, 1], 'bool'), nb.ones([1, 1, 1, 1])), nb.DTypeError, 'conv2d: bool tensors cannot be convolved');
  });
});

describe('pooling and resizing argument errors', () => {
  it('checks pool options and input ranks', () => {
    throwsWith(() => maxPool2d(nb.ones([5, 5, 3])), nb.ShapeError, 'maxPool2d: input must be 4-D');
    throwsWith(() => maxPool2d(x4, { poolSize: 6 }), nb.ShapeError, 'maxPool2d: the window (6) is larger than the input height (5)');
    throwsWith(() => avgPool2d(x4, { poolSize: 2, strides: -1 }), nb.ConfigError, 'avgPool2d: strides must be a positive integer');
    throwsWith(() => avgPool2d(x4, { pool_size: 2 } as never), nb.ConfigError, 'unknown option "pool_size"; valid options are poolSize, strides, padding');
    throwsWith(() => maxPool1d(x4), nb.ShapeError, 'maxPool1d: input must be 3-D [batch, length, channels]');
    throwsWith(() => globalAvgPool2d(x4, { keepdims: true } as never), nb.ConfigError, 'valid options are keepDims');
    throwsWith(() => upSampling2d(x4, { interpolation: 'cubic' as never }), nb.ConfigError, "interpolation must be 'nearest' or 'bilinear'");
    throwsWith(() => zeroPadding2d(x4, -1), nb.ConfigError, 'zeroPadding2d: padding sizes must be non-negative integers, got -1');
  });

  it('checks resize sizes and conventions', () => {
    throwsWith(() => resizeBilinear(x4, [0, 4]), nb.ConfigError, 'resizeBilinear: size must be [newHeight, newWidth] of positive integers, got [0,4]');
    throwsWith(() => resizeBilinear(x4, [4, 4], { alignCorners: true, halfPixelCenters: true }), nb.ConfigError, 'alignCorners and halfPixelCenters cannot both be true');
    throwsWith(() => resizeBilinear(nb.ones([4, 4]), [2, 2]), nb.ShapeError, 'resizeBilinear: images must be [batch, height, width, channels] or [height, width, channels], got shape [4,4]');
  });
});
