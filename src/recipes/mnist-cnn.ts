/**
 * mnist-cnn: the notes' CNN (seed 002) on handwritten digits: the 10 000 digits of the `mnist`
 * package split 8 000 for training and 2 000 held out. Each training image is moved by a small
 * random shift, rotation and zoom at every epoch (the notes' data augmentation, through
 * `imageDataGenerator(...).flow`), which matters with only 8 000 digits. Adam's learning rate
 * starts at 2e-3 and decays along a cosine to nearly zero by the last step.
 */
import { mnist } from '../data/datasets/mnist.js';
import { imageDataGenerator } from '../data/augment.js';
import { adam } from '../optim/optimizers.js';
import { cosineDecay } from '../optim/schedules.js';
import { accuracyOf, head, notesCnn, reportPredictions, reportBackend } from './common/cnn.js';
import { historyOf, progress, round, saveToRun } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

/** Mild, label-preserving changes for digits (no flips: a mirrored 2 is no longer a 2). */
export const DIGIT_AUGMENTATION = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, fillMode: 'constant' as const };

/** How many digits to use (all of them; tests shrink this for quick smoke runs). */
export const MNIST_CNN_DATA = { trainImages: 8_000, testImages: 2_000 };

export const mnistCnn: Recipe = {
  name: 'mnist-cnn',
  description: 'the notes’ CNN on MNIST digits with light augmentation (8 000 train), accuracy on the 2 000 held-out digits',
  defaults: { epochs: 12, batchSize: 64, lr: 2e-3 },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? 12;
    const batchSize = ctx.batchSize ?? 64;
    const lr = ctx.lr ?? 2e-3;
    const backend = reportBackend(ctx);
    const all = await mnist();
    const { classNames } = all;
    const train = head(all.train.x, all.train.y, MNIST_CNN_DATA.trainImages);
    const test = head(all.test.x, all.test.y, MNIST_CNN_DATA.testImages);
    ctx.log(`MNIST: ${train.x.shape[0]} training and ${test.x.shape[0]} held-out digits`);

    const model = notesCnn();
    const schedule = cosineDecay({ initialLearningRate: lr, decaySteps: epochs * Math.ceil(train.x.shape[0]! / batchSize), alpha: 0.01 });
    model.compile({ optimizer: adam({ learningRate: schedule }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const augmented = imageDataGenerator(DIGIT_AUGMENTATION).flow(train.x, train.y, { batchSize });
    const t0 = Date.now();
    const history = await model.fit(augmented, { epochs, ...progress(ctx, epochs) });
    const trainSeconds = (Date.now() - t0) / 1000;

    const { accuracy, loss, predicted } = await accuracyOf(model, test.x, test.y);
    ctx.log(`held-out accuracy ${accuracy.toFixed(4)}, loss ${loss.toFixed(4)} (${history.epoch.length} epochs in ${trainSeconds.toFixed(0)} s on ${backend})`);
    ctx.report.text(
      'Result',
      `The notes' CNN, trained ${history.epoch.length} epochs on ${train.x.shape[0]} digits shifted, rotated and zoomed at random, ` +
        `recognises ${(accuracy * 100).toFixed(2)} % of the ${test.x.shape[0]} held-out digits. Training took ${trainSeconds.toFixed(0)} s on the ${backend} backend.`,
    );
    reportPredictions(ctx, test.x, test.y, predicted, classNames, 'held-out digits');
    await saveToRun(ctx, model);
    return {
      metrics: { accuracy: round(accuracy), loss: round(loss), trainAccuracy: round(history.history.accuracy?.at(-1) ?? NaN), trainSeconds: round(trainSeconds, 1) },
      epochs: history.epoch.length,
      history: historyOf(history),
    };
  },
};
