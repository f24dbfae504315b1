/**
 * transfer: transfer learning (seeds 002 and 003: "take the pre-trained model, freeze it, and
 * attach a new classifier at the end"; "a feature extractor does everything but classify").
 *
 *  1. Pretrain the notes' CNN on the 8 000 MNIST training digits and save it.
 *  2. Load it back, take its trunk (every layer up to Flatten), freeze it, attach a new head
 *     (Dense 128 relu, Dense 10 softmax) and train the head on a small Fashion-MNIST subset.
 *  3. Train the same architecture from scratch on the same subset, for the same epochs.
 *  4. Fine-tune: unfreeze the trunk and train everything a little more at a tenth of the rate.
 *
 * Both are measured on Fashion-MNIST test images. Features learned on digits (edges, strokes,
 * blobs) carry over to garments, so the transferred model learns more from few examples.
 */
import { fashionMnist, mnist } from '../data/datasets/mnist.js';
import { platform } from '../platform/index.js';
import { seed as seedGlobal } from '../random.js';
import { loadModel } from '../io/model-io.js';
import { adam } from '../optim/optimizers.js';
import { attachHead, trunk, unfreeze } from '../train/transfer.js';
import { barChart, lineChart } from '../viz/charts.js';
import { accuracyOf, balancedSubset, head, notesCnn, notesHead, reportBackend } from './common/cnn.js';
import { progress, round } from './common/training.js';
import type { Recipe, RecipeContext, RecipeResult } from './types.js';

/** Sizes of the experiment: digits to pretrain on, garments per class to learn from, test garments. */
export const TRANSFER_SIZES = { pretrainImages: 8000, pretrainEpochs: 3, perClass: 20, test: 2000, fineTuneEpochs: 5 };

export const transfer: Recipe = {
  name: 'transfer',
  description: 'a CNN trunk pretrained on MNIST digits, frozen, with a new head for 200 Fashion-MNIST images, against the same network trained from scratch',
  defaults: { epochs: 30, batchSize: 32, lr: 1e-3 },
  async run(ctx: RecipeContext): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? 30;
    const batchSize = ctx.batchSize ?? 32;
    const lr = ctx.lr ?? 1e-3;
    reportBackend(ctx);
    const digitSet = await mnist();
    const digits = { train: head(digitSet.train.x, digitSet.train.y, TRANSFER_SIZES.pretrainImages), test: head(digitSet.test.x, digitSet.test.y, TRANSFER_SIZES.test) };
    const fashion = await fashionMnist();
    const small = balancedSubset(fashion.train.x, fashion.train.y, TRANSFER_SIZES.perClass, 10, ctx.seed);
    const test = head(fashion.test.x, fashion.test.y, TRANSFER_SIZES.test);

    // 1. Pretrain on digits and save.
    ctx.log(`pretraining on ${digits.train.x.shape[0]} MNIST digits`);
    const base = notesCnn({ prefix: 'digits_' });
    base.compile({ optimizer: adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const pre = TRANSFER_SIZES.pretrainEpochs;
    await base.fit(digits.train.x, digits.train.y, { epochs: pre, batchSize: 64, ...progress(ctx, pre, { label: 'pretraining' }) });
    const digitAccuracy = (await accuracyOf(base, digits.test.x, digits.test.y)).accuracy;
    ctx.log(`digit accuracy of the pretrained network: ${digitAccuracy.toFixed(4)}`);
    const savedDir = platform('transfer').joinPath(ctx.outDir, 'pretrained');
    await base.save(savedDir);

    // 2. Its frozen trunk with a new head, trained on the small garment set.
    const loaded = await loadModel(savedDir, { restoreRandomState: false });
    const features = trunk(loaded, 'digits_flatten', { name: 'digit_features' });
    seedGlobal(ctx.seed + 1);
    const transferred = attachHead(features, notesHead({ prefix: 'fashion_' }), { name: 'transferred' });
    transferred.compile({ optimizer: adam({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    ctx.report.model(transferred.summary());
    ctx.log(`training a new head on ${small.x.shape[0]} Fashion-MNIST images (${TRANSFER_SIZES.perClass} per class), trunk frozen`);
    const hT = await transferred.fit(small.x, small.y, { epochs, batchSize, validationData: [test.x, test.y], validationBatchSize: 500, ...progress(ctx, epochs, { label: 'transfer' }) });
    const transferAccuracy = (await accuracyOf(transferred, test.x, test.y)).accuracy;

    // 3. The same architecture from scratch.
    seedGlobal(ctx.seed + 1);
    const scratch = notesCnn({ prefix: 'scratch_' });
    scratch.compile({ optimizer: adam({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const hS = await scratch.fit(small.x, small.y, { epochs, batchSize, validationData: [test.x, test.y], validationBatchSize: 500, ...progress(ctx, epochs, { label: 'scratch' }) });
    const scratchAccuracy = (await accuracyOf(scratch, test.x, test.y)).accuracy;

    // 4. Fine-tuning: everything trainable, a tenth of the learning rate.
    unfreeze(features);
    transferred.compile({ optimizer: adam({ learningRate: lr / 10 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const ft = TRANSFER_SIZES.fineTuneEpochs;
    await transferred.fit(small.x, small.y, { epochs: ft, batchSize, ...progress(ctx, ft, { label: 'fine-tuning' }) });
    const fineTunedAccuracy = (await accuracyOf(transferred, test.x, test.y)).accuracy;

    ctx.log(`test accuracy on ${test.x.shape[0]} garments: transfer ${transferAccuracy.toFixed(4)}, from scratch ${scratchAccuracy.toFixed(4)}, fine-tuned ${fineTunedAccuracy.toFixed(4)}`);
    ctx.report.chart(
      'Test accuracy on Fashion-MNIST after training on the small subset',
      barChart({ 'frozen digit trunk + new head': transferAccuracy, 'from scratch': scratchAccuracy, 'then fine-tuned': fineTunedAccuracy }, { yTitle: 'accuracy' }),
    );
    ctx.report.chart(
      'Validation accuracy by epoch',
      lineChart({ 'transfer (frozen trunk)': hT.history.val_accuracy!, 'from scratch': hS.history.val_accuracy! }, { xTitle: 'epoch', yTitle: 'validation accuracy' }),
    );
    ctx.report.text(
      'What transferred',
      `The trunk learned on digits (${(digitAccuracy * 100).toFixed(1)} % digit accuracy) was frozen: only the new head's ` +
        `${transferred.trainableWeights.reduce((n, w) => n + w.size, 0)} weights trained on the ${small.x.shape[0]} garments. ` +
        `It reached ${(transferAccuracy * 100).toFixed(1)} % on ${test.x.shape[0]} test garments, against ${(scratchAccuracy * 100).toFixed(1)} % for the ` +
        `same network trained from scratch; fine-tuning everything at a tenth of the rate gave ${(fineTunedAccuracy * 100).toFixed(1)} %.`,
    );
    return {
      metrics: {
        transferAccuracy: round(transferAccuracy),
        scratchAccuracy: round(scratchAccuracy),
        fineTunedAccuracy: round(fineTunedAccuracy),
        pretrainedDigitAccuracy: round(digitAccuracy),
        trainingImages: small.x.shape[0]!,
      },
      epochs,
      history: { transferValAccuracy: hT.history.val_accuracy!, scratchValAccuracy: hS.history.val_accuracy!, transferLoss: hT.history.loss!, scratchLoss: hS.history.loss! },
    };
  },
};
