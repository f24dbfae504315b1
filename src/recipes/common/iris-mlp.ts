/**
 * The iris network of the `iris` and `kfold` recipes, as the notes build it (seed 000: "input data
 * standardization", "ReLU activation function, He initialization", "output layer weight Xavier
 * initialization", "softmax function for output", cross-entropy for classification): four
 * standardised measurements → 16 ReLU units → 3 softmax outputs, trained with Adam.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { StandardScaler } from '../../data/scalers.js';
import { dense } from '../../nn/layers/index.js';
import { adam } from '../../optim/optimizers.js';
import { sequential } from '../../train/sequential.js';
import type { Sequential } from '../../train/sequential.js';
import type { History } from '../../train/callbacks/callback.js';
import type { FitOptions } from '../../train/model.js';

export const IRIS_EPOCHS = 150;
export const IRIS_BATCH = 16;
export const IRIS_LR = 0.01;

/** A compiled 4-16-3 network (He-initialised ReLU layer, Glorot/Xavier softmax layer). */
export function irisModel(lr = IRIS_LR): Sequential {
  const model = sequential([
    dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [4], name: 'hidden' }),
    dense({ units: 3, activation: 'softmax', kernelInitializer: 'glorotUniform', name: 'output' }),
  ]);
  model.compile({ optimizer: adam({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export interface IrisRun {
  model: Sequential;
  scaler: StandardScaler;
  history: History;
  /** Test-set loss and accuracy. */
  test: { loss: number; accuracy: number };
}

/**
 * Standardises with the training rows' mean and deviation (never the test rows'), trains a fresh
 * network, and evaluates it on the test rows.
 */
export async function trainIris(
  train: { x: Tensor; y: Tensor },
  test: { x: Tensor; y: Tensor },
  options: { epochs: number; batchSize: number; lr: number; fit?: Partial<FitOptions> },
): Promise<IrisRun> {
  const scaler = new StandardScaler().fit(train.x);
  const xTest = scaler.transform(test.x);
  const model = irisModel(options.lr);
  const history = await model.fit(scaler.transform(train.x), train.y, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    validationData: [xTest, test.y],
    ...options.fit,
  });
  const logs = await model.evaluate(xTest, test.y, { batchSize: 256 });
  return { model, scaler, history, test: { loss: logs.loss!, accuracy: logs.accuracy! } };
}
