/**
 * Factories of the convolutional-network layers, Keras's names in camelCase
 * (`nb.layers.conv2d`, `nb.layers.maxPooling2d`, with Keras's short aliases `maxPool2d`,
 * `avgPool2d`, `globalAvgPool2d`…). Each returns an instance of the class of the same name.
 *
 * @example
 * const model = nb.sequential([
 *   nb.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
 *   nb.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
 *   nb.layers.flatten(),
 *   nb.layers.dense({ units: 10, activation: 'softmax' }),
 * ]);
 */
import { Conv1D, type Conv1DArgs, Conv1DTranspose, Conv2D, type Conv2DArgs, Conv2DTranspose, type ConvArgs, type ConvTransposeArgs } from './conv.js';
import { DepthwiseConv2D, type DepthwiseConv2DArgs, SeparableConv2D, type SeparableConv2DArgs } from './separable-conv.js';
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  type GlobalPoolingArgs,
  MaxPooling1D,
  MaxPooling2D,
  type Pooling1DArgs,
  type Pooling2DArgs,
} from './pooling.js';
import {
  Cropping1D,
  type Cropping1DArgs,
  Cropping2D,
  type Cropping2DArgs,
  UpSampling1D,
  type UpSampling1DArgs,
  UpSampling2D,
  type UpSampling2DArgs,
  ZeroPadding1D,
  type ZeroPadding1DArgs,
  ZeroPadding2D,
  type ZeroPadding2DArgs,
} from './reshaping.js';
import { SpatialDropout1D, SpatialDropout2D, type SpatialDropoutArgs } from './spatial-dropout.js';

export {
  Conv1D,
  Conv2D,
  Conv1DTranspose,
  Conv2DTranspose,
  DepthwiseConv2D,
  SeparableConv2D,
  MaxPooling1D,
  MaxPooling2D,
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  UpSampling1D,
  UpSampling2D,
  ZeroPadding1D,
  ZeroPadding2D,
  Cropping1D,
  Cropping2D,
  SpatialDropout1D,
  SpatialDropout2D,
};
export type {
  ConvArgs,
  Conv1DArgs,
  Conv2DArgs,
  ConvTransposeArgs,
  DepthwiseConv2DArgs,
  SeparableConv2DArgs,
  Pooling1DArgs,
  Pooling2DArgs,
  GlobalPoolingArgs,
  UpSampling1DArgs,
  UpSampling2DArgs,
  ZeroPadding1DArgs,
  ZeroPadding2DArgs,
  Cropping1DArgs,
  Cropping2DArgs,
  SpatialDropoutArgs,
};

/** 2-D convolution over NHWC images. @example nb.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }) */
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
/** 1-D convolution over sequences ('causal' padding for time series). @example nb.layers.conv1d({ filters: 32, kernelSize: 5, padding: 'causal' }) */
export const conv1d = (args: Conv1DArgs): Conv1D => new Conv1D(args);
/** Transposed 2-D convolution (learned upsampling). @example nb.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }) */
export const conv2dTranspose = (args: ConvTransposeArgs): Conv2DTranspose => new Conv2DTranspose(args);
/** Transposed 1-D convolution. */
export const conv1dTranspose = (args: ConvTransposeArgs): Conv1DTranspose => new Conv1DTranspose(args);
/** Depthwise 2-D convolution (one set of filters per input channel). @example nb.layers.depthwiseConv2d({ kernelSize: 3 }) */
export const depthwiseConv2d = (args: DepthwiseConv2DArgs): DepthwiseConv2D => new DepthwiseConv2D(args);
/** Depthwise-separable 2-D convolution. @example nb.layers.separableConv2d({ filters: 64, kernelSize: 3 }) */
export const separableConv2d = (args: SeparableConv2DArgs): SeparableConv2D => new SeparableConv2D(args);

/** 2-D max pooling. @example nb.layers.maxPooling2d({ poolSize: 2, strides: 2 }) */
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args);
/** 1-D max pooling. */
export const maxPooling1d = (args: Pooling1DArgs = {}): MaxPooling1D => new MaxPooling1D(args);
/** 2-D average pooling. */
export const averagePooling2d = (args: Pooling2DArgs = {}): AveragePooling2D => new AveragePooling2D(args);
/** 1-D average pooling. */
export const averagePooling1d = (args: Pooling1DArgs = {}): AveragePooling1D => new AveragePooling1D(args);
/** Mean over height and width. @example nb.layers.globalAveragePooling2d() // [b,7,7,64] → [b,64] */
export const globalAveragePooling2d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling2D => new GlobalAveragePooling2D(args);
/** Mean over time (the notes' alternative to Flatten for sequences). */
export const globalAveragePooling1d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling1D => new GlobalAveragePooling1D(args);
/** Maximum over height and width. */
export const globalMaxPooling2d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling2D => new GlobalMaxPooling2D(args);
/** Maximum over time. */
export const globalMaxPooling1d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling1D => new GlobalMaxPooling1D(args);

/** Alias of `maxPooling2d` (Keras's MaxPool2D). */
export const maxPool2d = maxPooling2d;
/** Alias of `maxPooling1d` (Keras's MaxPool1D). */
export const maxPool1d = maxPooling1d;
/** Alias of `averagePooling2d` (Keras's AvgPool2D). */
export const avgPool2d = averagePooling2d;
/** Alias of `averagePooling1d` (Keras's AvgPool1D). */
export const avgPool1d = averagePooling1d;
/** Alias of `globalAveragePooling2d` (Keras's GlobalAvgPool2D). */
export const globalAvgPool2d = globalAveragePooling2d;
/** Alias of `globalAveragePooling1d` (Keras's GlobalAvgPool1D). */
export const globalAvgPool1d = globalAveragePooling1d;
/** Alias of `globalMaxPooling2d` (Keras's GlobalMaxPool2D). */
export const globalMaxPool2d = globalMaxPooling2d;
/** Alias of `globalMaxPooling1d` (Keras's GlobalMaxPool1D). */
export const globalMaxPool1d = globalMaxPooling1d;

/** Repeats rows and columns. @example nb.layers.upSampling2d({ size: 2 }) */
export const upSampling2d = (args: UpSampling2DArgs = {}): UpSampling2D => new UpSampling2D(args);
/** Repeats time steps. */
export const upSampling1d = (args: UpSampling1DArgs = {}): UpSampling1D => new UpSampling1D(args);
/** Zero borders around images. @example nb.layers.zeroPadding2d({ padding: 2 }) */
export const zeroPadding2d = (args: ZeroPadding2DArgs = {}): ZeroPadding2D => new ZeroPadding2D(args);
/** Zero time steps at both ends. */
export const zeroPadding1d = (args: ZeroPadding1DArgs = {}): ZeroPadding1D => new ZeroPadding1D(args);
/** Cuts borders off images. @example nb.layers.cropping2d({ cropping: 2 }) */
export const cropping2d = (args: Cropping2DArgs = {}): Cropping2D => new Cropping2D(args);
/** Cuts time steps off both ends. */
export const cropping1d = (args: Cropping1DArgs = {}): Cropping1D => new Cropping1D(args);
/** Drops whole channels of feature maps. @example nb.layers.spatialDropout2d({ rate: 0.2 }) */
export const spatialDropout2d = (args: SpatialDropoutArgs): SpatialDropout2D => new SpatialDropout2D(args);
/** Drops whole feature channels of sequences. */
export const spatialDropout1d = (args: SpatialDropoutArgs): SpatialDropout1D => new SpatialDropout1D(args);
