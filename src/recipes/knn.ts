/**
 * knn: k-nearest-neighbour classification of MNIST digits (seed 004: "assign the class of the K
 * nearest neighbours"), 8 000 training digits against 2 000 held-out ones, for k = 1, 3, 5, 7.
 * Cosine distance with inverse-distance votes (the best of the metrics tried; euclidean is also
 * reported for k = 3).
 */
import { mnist } from '../data/datasets/mnist.js';
import { KNeighborsClassifier } from '../ml/neighbors.js';
import { accuracyScore, confusionMatrix } from '../ml/metrics.js';
import { barChart, heatmap } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

const KS = [1, 3, 5, 7];

/** Distance-weighted votes of the first k neighbours (nearest first); ties go to the nearest class. */
function vote(indices: ArrayLike<number>, distances: ArrayLike<number>, kMax: number, k: number, labels: ArrayLike<number>, n: number): Int32Array {
  const out = new Int32Array(n);
  const votes = new Float64Array(10);
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    let exact = false;
    for (let q = 0; q < k; q++) if (distances[i * kMax + q] === 0) exact = true;
    for (let q = 0; q < k; q++) {
      const d = distances[i * kMax + q]!;
      votes[labels[indices[i * kMax + q]!]!]! += exact ? (d === 0 ? 1 : 0) : 1 / d;
    }
    const top = Math.max(...votes);
    let best = labels[indices[i * kMax]!]!;
    for (let q = 0; q < k; q++) {
      const c = labels[indices[i * kMax + q]!]!;
      if (votes[c]! >= top * (1 - 1e-12)) {
        best = c;
        break;
      }
    }
    out[i] = best;
  }
  return out;
}

export const knn: Recipe = {
  name: 'knn',
  description: 'k-nearest neighbours on MNIST digits (8 000 train, 2 000 test), k = 1, 3, 5, 7',
  defaults: {},
  async run(ctx): Promise<RecipeResult> {
    const { train, test } = await mnist({ flatten: true });
    const t0 = Date.now();
    const clf = new KNeighborsClassifier({ nNeighbors: 3, metric: 'cosine', weights: 'distance' }).fit(train.x, train.y);
    const { indices, distances } = clf.kneighbors(test.x, 7);
    const seconds = (Date.now() - t0) / 1000;
    ctx.log(`searched ${test.x.shape[0]} × ${train.x.shape[0]} digits in ${seconds.toFixed(1)} s`);
    const n = test.x.shape[0]!;
    const accuracyByK: Record<string, number> = {};
    let pred3: Int32Array | null = null;
    for (const k of KS) {
      const pred = vote(indices.data(), distances.data(), 7, k, train.y.data(), n);
      if (k === 3) pred3 = pred;
      accuracyByK[k] = accuracyScore(test.y, Array.from(pred));
      ctx.log(`k = ${k}: accuracy ${accuracyByK[k]!.toFixed(4)}`);
    }
    const euclidean = new KNeighborsClassifier({ nNeighbors: 3 }).fit(train.x, train.y).score(test.x, test.y);
    ctx.log(`k = 3, euclidean, uniform votes: accuracy ${euclidean.toFixed(4)}`);
    ctx.report.chart('Test accuracy by k (cosine, distance-weighted)', barChart(Object.fromEntries(KS.map((k) => [`k = ${k}`, accuracyByK[k]!])), { yTitle: 'accuracy' }));
    const labels = Array.from({ length: 10 }, (_, i) => String(i));
    ctx.report.chart('Confusion matrix, k = 3 (rows: true digit)', heatmap(confusionMatrix(test.y, Array.from(pred3!), { labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), { xLabels: labels, yLabels: labels, annotate: true }));
    return { metrics: { accuracy: accuracyByK[3]!, accuracyByK, accuracyEuclidean: euclidean, searchSeconds: seconds }, epochs: 0 };
  },
};
