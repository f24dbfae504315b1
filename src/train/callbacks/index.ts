/**
 * `nb.callbacks`: hooks into `fit` (early stopping, checkpoints, NaN guard, learning-rate
 * control, file loggers, custom hooks).
 *
 * @example callbacks: [nb.callbacks.earlyStopping({ patience: 2 }), nb.callbacks.csvLogger({ filename: 'log.csv' })]
 */
import { type CallbackHooks, CustomCallback } from './callback.js';

export { Callback, CustomCallback, CallbackList, History, type Logs, type TrainingParams, type CallbackHooks } from './callback.js';
export { EarlyStopping, earlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { ModelCheckpoint, modelCheckpoint, formatPath, type ModelCheckpointOptions } from './model-checkpoint.js';
export {
  TerminateOnNaN,
  terminateOnNaN,
  LearningRateScheduler,
  learningRateScheduler,
  ReduceLROnPlateau,
  reduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './training-control.js';
export { CSVLogger, JSONLogger, csvLogger, jsonLogger } from './loggers.js';
export { ProgressBar } from './progress.js';

/** A callback from hook functions. @example nb.callbacks.custom({ onEpochEnd: (epoch, logs) => console.log(epoch, logs) }) */
export const custom = (hooks: CallbackHooks): CustomCallback => new CustomCallback(hooks);
/** Alias of `custom` (Keras's LambdaCallback). */
export const lambda = custom;
