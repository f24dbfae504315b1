/**
 * Neural-network building blocks: the Layer base and layers, activations, initializers, losses,
 * regularizers, and the functional twins of the layers.
 *
 * @example
 * const model = nb.sequential([nb.layers.dense({ units: 10, activation: 'softmax', inputShape: [784] })]);
 * const loss = nb.losses.sparseCategoricalCrossentropy(labels, model.call(x));
 */
export { Layer, CallContext, currentCallContext, type CallOptions, type SymbolicCallOptions, type MaskArg, type KeywordInputs, type LayerArgs, type AddWeightOptions, resetLayerNames, withoutInitialization, LAYER_ARGS } from './layer.js';
export { getMask, setMask } from './masks.js';
export { Variable, variable, isVariable, type VariableOptions } from './variable.js';
export { SymbolicTensor, GraphNode, type SymbolicShape, isSymbolic } from './symbolic.js';
export { registerLayer, deserializeLayer, serializeLayer, type LayerClass, type LayerFactory } from './registry.js';
export type { JsonValue, JsonObject, Serialized } from './options.js';
export type { Initializer, InitializerLike } from './initializers.js';
export type { Regularizer, RegularizerLike } from './regularizers.js';
export type { ActivationFn, ActivationName } from './activations.js';
export type { Loss, LossFunction, LossOptions, CrossentropyOptions, Reduction } from './losses.js';
export * as layers from './layers/index.js';
export * as activations from './activations.js';
export * as initializers from './initializers.js';
export * as regularizers from './regularizers.js';
export * as losses from './losses.js';
export { input, inputFromLayer, type InputOptions } from './input.js';
export * as nn from './nn-namespace.js';
