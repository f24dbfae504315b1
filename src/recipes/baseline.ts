/**
 * baseline: the notes' advice (seed 001, "Deep learning in genomics": "A good practice is to
 * compare against simpler machine learning models on the same dataset") on MNIST digits: the
 * majority class, logistic regression (scikit-learn's defaults: L2 penalty, C = 1, L-BFGS, 100
 * iterations), k-nearest neighbours (k = 3, cosine distance, distance-weighted votes, as the knn
 * recipe) and the mnist-mlp network, all trained on the same 8 000 digits and scored on the same
 * 2 000 held-out ones, in one table.
 */
import { mnist } from '../data/datasets/mnist.js';
import { LogisticRegression } from '../ml/logistic.js';
import { KNeighborsClassifier } from '../ml/neighbors.js';
import { accuracyScore } from '../ml/metrics.js';
import { barChart } from '../viz/charts.js';
import { MNIST_BATCH, MNIST_EPOCHS, MNIST_LR, trainMnistNet } from './common/mnist-net.js';
import { historyOf, progress, round, saveToRun } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

const seconds = (t0: number) => (Date.now() - t0) / 1000;

export const baseline: Recipe = {
  name: 'baseline',
  description: 'compare simpler models on MNIST: majority class, logistic regression, KNN and the MLP on one split',
  defaults: { epochs: MNIST_EPOCHS, batchSize: MNIST_BATCH, lr: MNIST_LR },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? MNIST_EPOCHS;
    const { train, test } = await mnist({ flatten: true });
    const truth = Array.from(test.y.data());
    ctx.log(`MNIST: ${train.x.shape[0]} training digits, ${test.x.shape[0]} held out; every model sees the same split`);

    // The floor: always answer the commonest training digit.
    const counts = new Array<number>(10).fill(0);
    for (const c of train.y.data()) counts[c]!++;
    const commonest = counts.indexOf(Math.max(...counts));
    const majorityClass = accuracyScore(truth, truth.map(() => commonest));
    ctx.log(`majority class (always ${commonest}): accuracy ${majorityClass.toFixed(4)}`);

    let t0 = Date.now();
    const logreg = new LogisticRegression({ maxIter: 100 }).fit(train.x, train.y);
    const logisticRegression = logreg.score(test.x, test.y);
    const logregSeconds = seconds(t0);
    ctx.log(`logistic regression: accuracy ${logisticRegression.toFixed(4)} (${logreg.nIter} L-BFGS iterations, ${logregSeconds.toFixed(1)} s)`);

    t0 = Date.now();
    const neighbours = new KNeighborsClassifier({ nNeighbors: 3, metric: 'cosine', weights: 'distance' }).fit(train.x, train.y);
    const knn = neighbours.score(test.x, test.y);
    const knnSeconds = seconds(t0);
    ctx.log(`k-nearest neighbours (k = 3): accuracy ${knn.toFixed(4)} (${knnSeconds.toFixed(1)} s)`);

    t0 = Date.now();
    const net = await trainMnistNet(train, test, { epochs, batchSize: ctx.batchSize ?? MNIST_BATCH, lr: ctx.lr ?? MNIST_LR, fit: progress(ctx, epochs, { label: 'mlp' }) });
    const mlp = net.accuracy;
    const mlpSeconds = seconds(t0);
    ctx.log(`MLP 784-256-10: accuracy ${mlp.toFixed(4)} (${epochs} epochs, ${mlpSeconds.toFixed(1)} s)`);

    const params = net.model.weights.reduce((a, w) => a + w.size, 0);
    ctx.report.table(
      'The same 8 000 training and 2 000 held-out digits, four models',
      ['model', 'held-out accuracy', 'training time (s)', 'parameters'],
      [
        [`majority class (always ${commonest})`, round(majorityClass, 4), 0, 0],
        ['logistic regression (L2, C = 1, L-BFGS, 100 iterations)', round(logisticRegression, 4), round(logregSeconds, 1), 785 * 10],
        ['k-nearest neighbours (k = 3, cosine, distance-weighted)', round(knn, 4), round(knnSeconds, 1), `${train.x.size} (the stored digits)`],
        [`MLP 784-256-10, dropout, shifted copies (${epochs} epochs)`, round(mlp, 4), round(mlpSeconds, 1), params],
      ],
    );
    ctx.report.chart(
      'Held-out accuracy',
      barChart({ 'majority class': majorityClass, 'logistic regression': logisticRegression, 'k-nearest neighbours': knn, MLP: mlp }, { yTitle: 'accuracy', horizontal: true }),
    );
    ctx.report.text(
      'Reading the table',
      `The network beats logistic regression by ${((mlp - logisticRegression) * 100).toFixed(1)} points and KNN by ${((mlp - knn) * 100).toFixed(1)} points ` +
        `of accuracy. Whether that is worth its training time and opacity is the question the notes ask of every deep model.`,
    );
    await saveToRun(ctx, net.model, 'mlp-model');
    return {
      metrics: { logisticRegression, knn, mlp, majorityClass },
      epochs: net.history.epoch.length,
      history: historyOf(net.history),
    };
  },
};
