/**
 * Makes the convolutional-network layers (conv, pooling, reshaping, spatial dropout) loadable by
 * class name, so `nb.loadModel` rebuilds saved CNNs. Loaded by the nn/ entry.
 */
import * as cnn from './layers/cnn.js';
import { type LayerClass, registerLayer } from './registry.js';

/** Every convolutional-network layer class. */
export const CNN_LAYER_CLASSES = [
  cnn.Conv1D,
  cnn.Conv2D,
  cnn.Conv1DTranspose,
  cnn.Conv2DTranspose,
  cnn.DepthwiseConv2D,
  cnn.SeparableConv2D,
  cnn.MaxPooling1D,
  cnn.MaxPooling2D,
  cnn.AveragePooling1D,
  cnn.AveragePooling2D,
  cnn.GlobalAveragePooling1D,
  cnn.GlobalAveragePooling2D,
  cnn.GlobalMaxPooling1D,
  cnn.GlobalMaxPooling2D,
  cnn.UpSampling1D,
  cnn.UpSampling2D,
  cnn.ZeroPadding1D,
  cnn.ZeroPadding2D,
  cnn.Cropping1D,
  cnn.Cropping2D,
  cnn.SpatialDropout1D,
  cnn.SpatialDropout2D,
] as const;

for (const C of CNN_LAYER_CLASSES) registerLayer(C as unknown as LayerClass);
