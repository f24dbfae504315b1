/**
 * Training: Sequential and functional models, compile/fit/evaluate/predict, metrics, callbacks,
 * the progress bar and History.
 *
 * @example
 * const model = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
 * model.compile({ optimizer: nb.optim.adam({ learningRate: 0.1 }), loss: 'meanSquaredError' });
 * await model.fit(celsius, fahrenheit, { epochs: 500, verbose: 0 });
 */
export { Model, type FitOptions, type EvaluateOptions, type PredictOptions, type ValidationData } from './model.js';
export { Sequential, sequential, type SequentialArgs } from './sequential.js';
export { Functional, model, type FunctionalArgs } from './functional.js';
export { deserialize as deserializeModel } from './serialization.js';
export type { CompileArgs, LossSpec } from './compile.js';
export { type StepBatch, type StepLogs, type LossResult, compiledLoss } from './steps.js';
export type { BatchSource, TrainingBatch, BatchLike, TensorData } from './data-adapter.js';
export { Callback, History, type Logs, type TrainingParams, type CallbackHooks } from './callbacks/callback.js';
export * as callbacks from './callbacks/index.js';
export * as metrics from './metrics.js';
export type { Metric, MetricSpec } from './metrics.js';
export { registerModelIO, type ModelIO } from './persistence.js';
export { onDivergence } from './loops.js';
export type { OutputWriter } from './output.js';
export * as transfer from './transfer.js';
