/**
 * Layer factories, Keras's names in camelCase: `nb.layers.dense({ units: 10 })`. Each returns an
 * instance of the class of the same name (also exported, for `instanceof` and subclassing).
 */
import { Dense, type DenseArgs } from './dense.js';
import { Activation, type ActivationArgs, Dropout, type DropoutArgs, Flatten, InputLayer, Reshape, type ReshapeArgs } from './basic.js';
import { BatchNormalization, type BatchNormalizationArgs, LayerNormalization, type LayerNormalizationArgs } from './normalization.js';
import type { LayerArgs } from '../layer.js';

export { Dense, Activation, Dropout, Flatten, InputLayer, Reshape, BatchNormalization, LayerNormalization };
export type { DenseArgs, ActivationArgs, DropoutArgs, ReshapeArgs, BatchNormalizationArgs, LayerNormalizationArgs };

/** Fully connected layer. @example nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }) */
export const dense = (args: DenseArgs): Dense => new Dense(args);
/** Applies an activation. @example nb.layers.activation({ activation: 'softmax' }) */
export const activation = (args: ActivationArgs): Activation => new Activation(args);
/** Inverted dropout (training only). @example nb.layers.dropout({ rate: 0.2 }) */
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
/** Flattens each sample. @example nb.layers.flatten({ inputShape: [28, 28] }) */
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args);
/** Reshapes each sample. @example nb.layers.reshape({ targetShape: [28, 28, 1] }) */
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
/** Batch normalisation over the last axis by default. */
export const batchNormalization = (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args);
/** Layer normalisation over the last axis by default. */
export const layerNormalization = (args: LayerNormalizationArgs = {}): LayerNormalization => new LayerNormalization(args);
/** An input layer (mostly made through `nb.input`). */
export const inputLayer = (args: LayerArgs): InputLayer => new InputLayer(args);

/** Marks time steps equal to `maskValue` as padding (the mask travels with the output). */
export const masking = (args: MaskingArgs = {}): Masking => new Masking(args);
export { Masking, type MaskingArgs } from './masking.js';
import { Masking, type MaskingArgs } from './masking.js';

// Convolutional-network layers: conv1d/2d (+ transposes, depthwise, separable), pooling, upsampling, padding, cropping, spatial dropout.
export * from './cnn.js';
