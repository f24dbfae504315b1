/**
 * knn: k-nearest-neighbour classification of MNIST digits (seed 004: "assign the class of the K
 * (ex: 3) nearest neighbours"), 8 000 training digits against 2 000 held-out ones.
 *
 * Headline (`accuracy`): the notes' setting, k = 3 with plain Euclidean distance and a majority
 * vote. A tuned variant is reported beside it (`tunedAccuracy`): the metric (euclidean, cosine),
 * the vote (uniform, distance-weighted) and k ∈ {1, 3, 5, 7} are chosen on 1 000 validation digits
 * carved from the 8 000 training digits (searched among the other 7 000), then the chosen setting
 * searches all 8 000 and meets the 2 000 held-out digits once.
 */
import { mnist } from '../data/datasets/mnist.js';
import { trainTestSplit } from '../data/split.js';
import { KNeighborsClassifier } from '../ml/neighbors.js';
import { accuracyScore, confusionMatrix } from '../ml/metrics.js';
import type { Tensor } from '../tensor/tensor.js';
import { barChart, heatmap } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

const KS = [1, 3, 5, 7];
const METRICS = ['euclidean', 'cosine'] as const;
const VOTES = ['uniform', 'distance'] as const;
type Setting = { metric: (typeof METRICS)[number]; weights: (typeof VOTES)[number]; k: number };

/** Votes of the first k of kMax neighbours (nearest first), uniform or inverse-distance; ties go to the nearest class. */
function vote(indices: ArrayLike<number>, distances: ArrayLike<number>, kMax: number, k: number, weights: Setting['weights'], labels: ArrayLike<number>, n: number): Int32Array {
  const out = new Int32Array(n);
  const votes = new Float64Array(10);
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    let exact = false;
    if (weights === 'distance') for (let q = 0; q < k; q++) if (distances[i * kMax + q] === 0) exact = true;
    for (let q = 0; q < k; q++) {
      const d = distances[i * kMax + q]!;
      const w = weights === 'uniform' ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
      votes[labels[indices[i * kMax + q]!]!]! += w;
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

/** Predictions of every (weights, k) for one metric from one neighbour search. */
function searchAll(train: { x: Tensor; y: Tensor }, query: Tensor, metric: Setting['metric']): Map<string, Int32Array> {
  const { indices, distances } = new KNeighborsClassifier({ nNeighbors: 7, metric }).fit(train.x, train.y).kneighbors(query, 7);
  const out = new Map<string, Int32Array>();
  for (const weights of VOTES) for (const k of KS) out.set(`${weights}/${k}`, vote(indices.data(), distances.data(), 7, k, weights, train.y.data(), query.shape[0]!));
  return out;
}

const describe = (s: Setting) => `k = ${s.k}, ${s.metric} distance, ${s.weights === 'uniform' ? 'majority vote' : 'distance-weighted vote'}`;

export const knn: Recipe = {
  name: 'knn',
  description: 'k-nearest neighbours on MNIST digits: the notes’ k = 3 Euclidean, and a variant tuned on validation digits',
  defaults: {},
  async run(ctx): Promise<RecipeResult> {
    const { train, test } = await mnist({ flatten: true });
    const t0 = Date.now();

    // 1. Choose the variant on validation digits carved from the training digits.
    const split = trainTestSplit(train.x, train.y, { testSize: 1000, stratify: true, seed: ctx.seed });
    const validation: Record<string, number> = {};
    let best: Setting = { metric: 'euclidean', weights: 'uniform', k: 3 };
    let bestAcc = -1;
    for (const metric of METRICS) {
      const preds = searchAll(split.train, split.test.x, metric);
      for (const weights of VOTES) {
        for (const k of KS) {
          const acc = accuracyScore(split.test.y, Array.from(preds.get(`${weights}/${k}`)!));
          validation[`${metric}/${weights}/k=${k}`] = acc;
          if (acc > bestAcc) {
            bestAcc = acc;
            best = { metric, weights, k };
          }
        }
      }
    }
    ctx.log(`validation (1 000 of the training digits): best ${describe(best)} at ${bestAcc.toFixed(4)}`);

    // 2. The held-out digits, once: the notes' setting and the chosen variant.
    const notes = searchAll(train, test.x, 'euclidean');
    const headlinePred = notes.get('uniform/3')!;
    const accuracy = accuracyScore(test.y, Array.from(headlinePred));
    const tunedPred = best.metric === 'euclidean' ? notes.get(`${best.weights}/${best.k}`)! : searchAll(train, test.x, best.metric).get(`${best.weights}/${best.k}`)!;
    const tunedAccuracy = accuracyScore(test.y, Array.from(tunedPred));
    const accuracyByK: Record<string, number> = {};
    for (const k of KS) accuracyByK[k] = accuracyScore(test.y, Array.from(notes.get(`uniform/${k}`)!));
    const seconds = (Date.now() - t0) / 1000;
    ctx.log(`held-out digits: notes' setting (k = 3, euclidean, majority) ${accuracy.toFixed(4)}; tuned (${describe(best)}) ${tunedAccuracy.toFixed(4)}`);

    ctx.report.text(
      'Settings and how they were chosen',
      `Headline: the notes' setting, k = 3 nearest neighbours by Euclidean distance with a majority vote, searched among ` +
        `${train.x.shape[0]} training digits for each of the ${test.x.shape[0]} held-out digits: accuracy ${accuracy.toFixed(4)}.` +
        (accuracy < 0.94 ? ` This is short of the 0.94 the classical-methods issue asked for; the notes' setting is reported as it is.` : '') +
        `\nVariant: metric, vote and k chosen on 1 000 validation digits carved (stratified) from the training digits, searched among the other ` +
        `${split.train.x.shape[0]}; the best, ${describe(best)} (validation ${bestAcc.toFixed(4)}), then searched all training digits and met ` +
        `the held-out digits once: ${tunedAccuracy.toFixed(4)}. The held-out digits played no part in any choice.`,
    );
    ctx.report.chart('Validation accuracy of each setting (1 000 digits from the training set)', barChart(validation, { yTitle: 'accuracy' }));
    ctx.report.chart('Held-out accuracy by k (Euclidean, majority vote)', barChart(Object.fromEntries(KS.map((k) => [`k = ${k}`, accuracyByK[k]!])), { yTitle: 'accuracy' }));
    const labels = Array.from({ length: 10 }, (_, i) => String(i));
    ctx.report.chart(
      "Confusion matrix, the notes' setting (rows: true digit)",
      heatmap(confusionMatrix(test.y, Array.from(headlinePred), { labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), { xLabels: labels, yLabels: labels, annotate: true }),
    );
    return {
      metrics: {
        accuracy,
        tunedAccuracy,
        tunedValidationAccuracy: bestAcc,
        tunedK: best.k,
        tunedSetting: { [`${best.metric}/${best.weights}`]: best.k },
        accuracyByK,
        seconds,
      },
      epochs: 0,
    };
  },
};
