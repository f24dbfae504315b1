/**
 * iris: the notes' "neural net from scratch" on Fisher's iris data (seed 002, "Neural Net from
 * Scratch", with the Kaggle iris set), built the way seed 000 describes a network: standardised
 * inputs, a ReLU layer with He initialisation, a softmax output with Xavier initialisation,
 * cross-entropy loss (common/iris-mlp.ts). Forward propagation is u = xW + b, y = f(u); the
 * gradients come from backpropagation's chain rule ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w (seed 002).
 *
 * The split is stratified and fixed: the last 10 samples of each species (in the data set's order)
 * are the test set, the other 120 train. A test set of 30 flowers is small: one flower is 3.3
 * points of accuracy, and random stratified splits give this network (and logistic regression)
 * anything from 0.90 to 1.00. The `kfold` recipe measures the spread properly.
 */
import { iris as loadIris } from '../data/datasets/iris.js';
import { platform } from '../platform/index.js';
import { confusionMatrix } from '../ml/metrics.js';
import { heatmap, scatterChart } from '../viz/charts.js';
import { IRIS_BATCH, IRIS_EPOCHS, IRIS_LR, trainIris } from './common/iris-mlp.js';
import { historyOf, predictedClasses, progress, round, saveToRun } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

export const iris: Recipe = {
  name: 'iris',
  description: 'a small neural network (4-16-3, ReLU + softmax) classifies iris species; stratified split',
  defaults: { epochs: IRIS_EPOCHS, batchSize: IRIS_BATCH, lr: IRIS_LR },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? IRIS_EPOCHS;
    const ds = await loadIris();
    const { train, test, testIndex } = ds.split({ testSize: 0.2, shuffle: false });
    ctx.log(`iris: ${train.x.shape[0]} training and ${test.x.shape[0]} test flowers (stratified: 10 of each species held out)`);
    const run = await trainIris(train, test, {
      epochs,
      batchSize: ctx.batchSize ?? IRIS_BATCH,
      lr: ctx.lr ?? IRIS_LR,
      fit: progress(ctx, epochs),
    });
    const { model, scaler, history } = run;
    const probs = await model.predict(scaler.transform(test.x));
    const pred = predictedClasses(probs);
    const truth = Array.from(test.y.data());
    ctx.log(`test accuracy ${run.test.accuracy.toFixed(4)}, test loss ${run.test.loss.toFixed(4)}`);

    const names = ds.classNames;
    ctx.report.text(
      'Data and split',
      `150 flowers, 4 measurements (${ds.featureNames.join(', ')}), 3 species. Test set: the last 10 flowers of each species ` +
        `(rows ${Array.from(testIndex).join(', ')}); the training rows' mean and standard deviation standardise both sets. ` +
        `The val_ curves are measured on the test rows, which no choice of the recipe depends on.`,
    );
    ctx.report.chart(
      'Confusion matrix on the test set (rows: true species)',
      heatmap(confusionMatrix(truth, Array.from(pred), { labels: [0, 1, 2] }), { xLabels: names, yLabels: names, xTitle: 'predicted', yTitle: 'true', annotate: true }),
    );
    const petals = test.x.data();
    ctx.report.chart(
      'Test flowers by petal size, coloured by predicted species',
      scatterChart(
        { x: Array.from({ length: truth.length }, (_, i) => petals[i * 4 + 2]!), y: Array.from({ length: truth.length }, (_, i) => petals[i * 4 + 3]!) },
        { labels: Array.from(pred), classNames: names, labelTitle: 'predicted', xTitle: 'petal length (cm)', yTitle: 'petal width (cm)', size: 70 },
      ),
    );
    const dir = await saveToRun(ctx, model);
    const p = platform('iris');
    await p.writeFileAtomic(
      p.joinPath(ctx.outDir, 'preprocessing.json'),
      `${JSON.stringify({ standardize: { mean: Array.from(scaler.mean.data()), std: Array.from(scaler.std.data()) }, classNames: names, featureNames: ds.featureNames, model: dir }, null, 2)}\n`,
    );
    return {
      metrics: { accuracy: run.test.accuracy, loss: round(run.test.loss, 5), trainAccuracy: round(history.history.accuracy?.at(-1) ?? NaN, 4) },
      epochs: history.epoch.length,
      history: historyOf(history),
    };
  },
};
