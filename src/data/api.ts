/**
 * The data layer's functions, exported as `nb.data`: the Dataset pipeline, splits and k-fold,
 * scalers and encoders. @example nb.data.fromTensors({ x, y }).shuffle(1000).batch(32)
 */
export { Dataset, fromTensors, fromArray, fromGenerator, type ShuffleOptions, type BatchOptions, type WindowOptions } from './dataset.js';
export { type Element, takeRows } from './element.js';
export {
  trainTestSplit,
  trainTestIndices,
  kFold,
  stratifiedKFold,
  apportion,
  type TrainTestSplitOptions,
  type TrainTestSplit,
  type SplitIndices,
  type FoldOptions,
} from './split.js';
export {
  StandardScaler,
  MinMaxScaler,
  standardScaler,
  minMaxScaler,
  logTransform,
  inverseLogTransform,
  type StandardScalerOptions,
  type MinMaxScalerOptions,
  type LogTransformOptions,
} from './scalers.js';
export { LabelEncoder, labelEncoder, toCategorical, oneHot, type Label } from './encoders.js';
export {
  imageFromPixels,
  imageToPixels,
  decodeImage,
  encodeImage,
  readImage,
  readImages,
  writeImage,
  resizeImages,
  stackImages,
  toGrayscale,
  grayscaleToRgb,
  type Pixels,
  type ChannelMode,
  type Interpolation,
  type ImageReadOptions,
  type ImageWriteOptions,
} from './images.js';
export {
  ImageDataGenerator,
  imageDataGenerator,
  FlowDataset,
  type ImageDataGeneratorOptions,
  type TransformParams,
  type FlowOptions,
  type FlowBatch,
  type FillMode,
} from './augment.js';
