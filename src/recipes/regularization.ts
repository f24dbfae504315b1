/**
 * regularization: overfitting and three cures (seed 001: "Overfitting occurs when the gap between
 * the training error and test/validation error is too large", L2 regularisation "original loss
 * function + λ‖θ‖²", dropout; seed 002: "dropout … better at not overfitting", "early stopping:
 * track loss on validation and stop training before it begins to increase"; seed 004: "Spotting
 * overfitting", "Regularisation: Early stopping / L2 / Dropout").
 *
 * A network far too big for its data (2-128-128-1, ReLU) learns 60 noisy two-moons points; 500
 * fresh points from the same distribution are the validation set. Four runs from the same initial
 * weights: no regularisation, an L2 penalty λ = 0.01 on the kernels, dropout 0.5 after each hidden
 * layer, and early stopping (patience 20 on the validation loss, best weights restored). The curves
 * show the unregularised validation loss climbing while its training loss falls to almost zero.
 */
import { moons } from '../data/datasets/synthetic.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer } from '../nn/layer.js';
import { dense, dropout } from '../nn/layers/index.js';
import { l2 } from '../nn/regularizers.js';
import { adam } from '../optim/optimizers.js';
import { seed as seedGlobal } from '../random.js';
import { sequential } from '../train/sequential.js';
import { earlyStopping } from '../train/callbacks/early-stopping.js';
import { barChart, lineChart } from '../viz/charts.js';
import { sampleGrid, surfacePng } from './common/surface.js';
import { round, saveToRun } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

const EPOCHS = 200;
const LR = 0.01;
const L2 = 0.01;
const DROPOUT = 0.5;
const PATIENCE = 20;

type Variant = 'none' | 'l2' | 'dropout' | 'earlyStopping';
const VARIANTS: Variant[] = ['none', 'l2', 'dropout', 'earlyStopping'];

function network(variant: Variant) {
  const reg = variant === 'l2' ? l2(L2) : null;
  const layers: Layer[] = [dense({ units: 128, activation: 'relu', inputShape: [2], kernelRegularizer: reg })];
  if (variant === 'dropout') layers.push(dropout({ rate: DROPOUT }));
  layers.push(dense({ units: 128, activation: 'relu', kernelRegularizer: reg }));
  if (variant === 'dropout') layers.push(dropout({ rate: DROPOUT }));
  layers.push(dense({ units: 1, activation: 'sigmoid' }));
  return sequential(layers);
}

const asTargets = (y: Tensor) => y.cast('float32').reshape([y.shape[0]!, 1]);

export const regularization: Recipe = {
  name: 'regularization',
  description: 'a big network overfits 60 points; validation curves without regularisation, with L2, dropout, early stopping',
  defaults: { epochs: EPOCHS, batchSize: 32, lr: LR },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? EPOCHS;
    const train = moons({ n: 60, noise: 0.3, seed: ctx.seed });
    const val = moons({ n: 500, noise: 0.3, seed: ctx.seed + 1 });
    const yTrain = asTargets(train.y);
    const yVal = asTargets(val.y);
    const initial = network('none').getWeights();

    const valLoss: Record<string, number> = {};
    const valAccuracy: Record<string, number> = {};
    const trainLoss: Record<string, number> = {};
    const epochsRun: Record<string, number> = {};
    const history: Record<string, number[]> = {};
    const bounds = { x: [-1.75, 2.75], y: [-1.25, 1.75] } as const;
    for (const variant of VARIANTS) {
      const model = network(variant);
      model.setWeights(initial); // dropout layers have no weights, so every variant starts from the same point
      model.compile({ optimizer: adam({ learningRate: ctx.lr ?? LR }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      seedGlobal(ctx.seed);
      const stopper = variant === 'earlyStopping' ? [earlyStopping({ monitor: 'val_loss', patience: PATIENCE, restoreBestWeights: true })] : [];
      const h = await model.fit(train.x, yTrain, { epochs, batchSize: ctx.batchSize ?? 32, validationData: [val.x, yVal], validationBatchSize: 500, verbose: 0, callbacks: stopper });
      const v = await model.evaluate(val.x, yVal, { batchSize: 500 });
      const t = await model.evaluate(train.x, yTrain, { batchSize: 500 });
      valLoss[variant] = round(v.loss!, 5);
      valAccuracy[variant] = v.accuracy!;
      trainLoss[variant] = round(t.loss!, 5);
      epochsRun[variant] = h.epoch.length;
      // Keys like loss_l2 and val_loss_l2, so the report pairs each variant's training and validation curves.
      for (const [k, values] of Object.entries(h.history)) history[`${k}_${variant}`] = values.slice();
      ctx.log(
        `${variant.padEnd(13)} ${String(h.epoch.length).padStart(3)} epochs: train loss ${t.loss!.toFixed(4)}, validation loss ${v.loss!.toFixed(4)}, validation accuracy ${v.accuracy!.toFixed(4)}`,
      );
      const grid = await sampleGrid(bounds, 90, async (pts) => (await model.predict(pts, { batchSize: 4096 })).data());
      ctx.report.image(
        `${variant}: the network's output over the plane, with the 60 training points (validation loss ${v.loss!.toFixed(3)})`,
        surfacePng(grid, { scale: 4, points: train.x, labels: train.y.data() }),
        `surface-${variant}.png`,
      );
      if (variant === 'earlyStopping') await saveToRun(ctx, model);
    }

    ctx.report.chart(
      'Validation loss per epoch',
      lineChart(Object.fromEntries(VARIANTS.map((v) => [v, history[`val_loss_${v}`] ?? []])), { xTitle: 'epoch', yTitle: 'validation loss', points: false, width: 520 }),
    );
    ctx.report.chart('Validation loss after training', barChart(valLoss, { yTitle: 'validation loss' }));
    ctx.report.table(
      'Summary',
      ['variant', 'epochs', 'training loss', 'validation loss', 'validation accuracy', 'gap (validation − training loss)'],
      VARIANTS.map((v) => [v, epochsRun[v]!, trainLoss[v]!, valLoss[v]!, round(valAccuracy[v]!, 4), round(valLoss[v]! - trainLoss[v]!, 4)]),
    );
    return {
      metrics: { valLoss, valAccuracy, trainLoss, epochsRun },
      epochs: Math.max(...Object.values(epochsRun)),
      history,
    };
  },
};
