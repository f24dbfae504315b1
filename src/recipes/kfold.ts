/**
 * kfold: 5-fold cross-validation of the iris network (seed 001: "the k-fold cross-validation
 * partitions a dataset into K nonoverlapping subsets. The model performance may then be estimated
 * by taking the average performance across K trials"; seed 004: "Cross validation: no separate
 * 'validation' set"). Stratified folds (each fold keeps the 50/50/50 species balance), shuffled
 * with the run's seed; every fold trains a fresh network, standardised with its own training rows.
 */
import { iris as loadIris } from '../data/datasets/iris.js';
import { stratifiedKFold } from '../data/split.js';
import { takeRows } from '../data/element.js';
import { barChart, lineChart } from '../viz/charts.js';
import { IRIS_BATCH, IRIS_EPOCHS, IRIS_LR, trainIris } from './common/iris-mlp.js';
import { round } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

const K = 5;

export const kfold: Recipe = {
  name: 'kfold',
  description: '5-fold stratified cross-validation of the iris network: accuracy per fold, mean and spread',
  defaults: { epochs: IRIS_EPOCHS, batchSize: IRIS_BATCH, lr: IRIS_LR },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? IRIS_EPOCHS;
    const ds = await loadIris();
    const folds = stratifiedKFold(ds.y, K, { shuffle: true, seed: ctx.seed });
    const foldAccuracies: number[] = [];
    const foldLosses: number[] = [];
    const history: Record<string, number[]> = {};
    for (const [f, { trainIndex, testIndex }] of folds.entries()) {
      const train = { x: takeRows(ds.x, trainIndex), y: takeRows(ds.y, trainIndex) };
      const test = { x: takeRows(ds.x, testIndex), y: takeRows(ds.y, testIndex) };
      const run = await trainIris(train, test, { epochs, batchSize: ctx.batchSize ?? IRIS_BATCH, lr: ctx.lr ?? IRIS_LR, fit: { verbose: 0 } });
      foldAccuracies.push(run.test.accuracy);
      foldLosses.push(run.test.loss);
      for (const [k, v] of Object.entries(run.history.history)) history[`fold${f + 1}_${k}`] = v.slice();
      ctx.log(`fold ${f + 1}/${K}: trained on ${trainIndex.length}, held out ${testIndex.length}: accuracy ${run.test.accuracy.toFixed(4)}, loss ${run.test.loss.toFixed(4)}`);
    }
    const mean = foldAccuracies.reduce((a, b) => a + b, 0) / K;
    // Spread of the five fold scores (population standard deviation, as scikit-learn's scores.std()).
    const std = Math.sqrt(foldAccuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / K);
    ctx.log(`accuracy ${mean.toFixed(4)} ± ${std.toFixed(4)} over ${K} folds`);

    ctx.report.text(
      'How to read this',
      `Each of the ${K} folds holds out 30 flowers (10 per species) once; the network is trained from scratch on the other 120. ` +
        `The mean, ${mean.toFixed(4)}, estimates how the network does on flowers it has not seen; the spread, ±${std.toFixed(4)}, ` +
        `shows how much a single 30-flower test set can move that number.`,
    );
    ctx.report.chart('Held-out accuracy per fold', barChart(Object.fromEntries(foldAccuracies.map((a, i) => [`fold ${i + 1}`, a])), { yTitle: 'accuracy' }));
    ctx.report.chart(
      'Held-out loss per epoch, each fold',
      lineChart(Object.fromEntries(folds.map((_, f) => [`fold ${f + 1}`, history[`fold${f + 1}_val_loss`] ?? []])), { xTitle: 'epoch', yTitle: 'validation loss', points: false }),
    );
    ctx.report.table('Folds', ['fold', 'held-out accuracy', 'held-out loss'], foldAccuracies.map((a, i) => [i + 1, round(a, 4), round(foldLosses[i]!, 4)]));
    return {
      metrics: { foldAccuracies: foldAccuracies.map((a) => round(a, 6)), mean: round(mean, 6), std: round(std, 6), foldLosses: foldLosses.map((l) => round(l, 5)) },
      epochs,
      // The folds' mean curves: training loss/accuracy and held-out (val_) loss/accuracy per epoch.
      history: Object.fromEntries(['loss', 'accuracy', 'val_loss', 'val_accuracy'].map((k) => [k, meanCurve(K, (f) => history[`fold${f + 1}_${k}`])])),
    };
  },
};

/** The epoch-by-epoch mean of the folds' curves (as long as the shortest). */
function meanCurve(k: number, curve: (f: number) => number[] | undefined): number[] {
  const curves = Array.from({ length: k }, (_, f) => curve(f) ?? []);
  const len = Math.min(...curves.map((c) => c.length));
  return Array.from({ length: len }, (_, e) => curves.reduce((a, c) => a + c[e]!, 0) / k);
}
