/**
 * The digit network of the `mnist-mlp` and `baseline` recipes: 784-256-10 (ReLU, dropout 0.2,
 * softmax), Adam, trained on randomly shifted copies of the training digits (see mnist-mlp.ts).
 */
import type { Tensor } from '../../tensor/tensor.js';
import { dense, dropout } from '../../nn/layers/index.js';
import { adam } from '../../optim/optimizers.js';
import { sequential } from '../../train/sequential.js';
import type { Sequential } from '../../train/sequential.js';
import type { History } from '../../train/callbacks/callback.js';
import type { FitOptions } from '../../train/model.js';
import { shiftedBatches } from './shifted-batches.js';

export const MNIST_EPOCHS = 12;
export const MNIST_BATCH = 32;
export const MNIST_LR = 1e-3;

/** A compiled 784-256-10 network with dropout 0.2. */
export function mnistNet(lr = MNIST_LR): Sequential {
  const model = sequential([
    dense({ units: 256, activation: 'relu', inputShape: [784], name: 'hidden' }),
    dropout({ rate: 0.2 }),
    dense({ units: 10, activation: 'softmax', name: 'output' }),
  ]);
  model.compile({ optimizer: adam({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Trains a fresh network on `train` (flattened digits in [0, 1]), every epoch on copies shifted by
 * up to 2 pixels, with `test` as the validation data of the curves; returns it with its history
 * and test loss/accuracy.
 */
export async function trainMnistNet(
  train: { x: Tensor; y: Tensor },
  test: { x: Tensor; y: Tensor },
  options: { epochs: number; batchSize: number; lr: number; fit?: Partial<FitOptions> },
): Promise<{ model: Sequential; history: History; loss: number; accuracy: number }> {
  const model = mnistNet(options.lr);
  const batches = shiftedBatches(train.x, train.y, { batchSize: options.batchSize, maxShift: 2 });
  const history = await model.fit(batches, { epochs: options.epochs, validationData: [test.x, test.y], validationBatchSize: 1000, ...options.fit });
  const logs = await model.evaluate(test.x, test.y, { batchSize: 1000 });
  return { model, history, loss: logs.loss!, accuracy: logs.accuracy! };
}
