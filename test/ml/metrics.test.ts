import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const yTrue = [0, 1, 2, 0, 1, 2, 0, 2];
const yPred = [0, 2, 1, 0, 0, 2, 0, 2];

describe('classification metrics', () => {
  it('accuracy and the confusion matrix', () => {
    expect(nb.ml.accuracyScore(yTrue, yPred)).toBe(5 / 8);
    expect(nb.ml.accuracy(nb.tensor([1, 1]), nb.tensor([1, 0]))).toBe(0.5);
    expect(nb.ml.confusionMatrix(yTrue, yPred).toArray()).toEqual([
      [3, 0, 0],
      [1, 0, 1],
      [0, 1, 2],
    ]);
  });

  it('precision, recall and F1 with every average (values from their definitions)', () => {
    // Per class: precision [3/4, 0, 2/3], recall [1, 0, 2/3], support [3, 2, 3].
    const s = nb.ml.precisionRecallFscoreSupport(yTrue, yPred);
    expect(s.precision).toEqual([3 / 4, 0, 2 / 3]);
    expect(s.recall).toEqual([1, 0, 2 / 3]);
    expect(s.support).toEqual([3, 2, 3]);
    expect(nb.ml.precisionScore(yTrue, yPred, { average: 'macro' })).toBeCloseTo((3 / 4 + 2 / 3) / 3, 14);
    expect(nb.ml.recallScore(yTrue, yPred, { average: 'weighted' })).toBeCloseTo((3 + 2) / 8, 14);
    expect(nb.ml.f1Score(yTrue, yPred, { average: 'micro' })).toBeCloseTo(5 / 8, 14);
    const f1c = [2 * (3 / 4) / (1 + 3 / 4), 0, 2 / 3];
    expect(nb.ml.f1Score(yTrue, yPred, { average: 'macro' })).toBeCloseTo((f1c[0]! + f1c[2]!) / 3, 14);
    expect(nb.ml.precisionScore([0, 1, 1, 0], [1, 1, 0, 0])).toBe(0.5);
    expect(() => nb.ml.f1Score(yTrue, yPred)).toThrow(/average 'binary' needs two classes/);
  });

  it('ROC AUC (binary, ties, one-vs-rest) and the ROC curve', () => {
    expect(nb.ml.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 14);
    expect(nb.ml.rocAucScore([0, 1], [0.5, 0.5])).toBe(0.5);
    const probs = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.6, 0.3, 0.1]];
    expect(nb.ml.rocAucScore([0, 1, 2, 0], probs)).toBe(1);
    const c = nb.ml.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(c.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(c.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
  });
});

describe('regression metrics', () => {
  it('MSE, MAE and R²', () => {
    const t = [3, -0.5, 2, 7];
    const p = [2.5, 0.0, 2, 8];
    expect(nb.ml.meanSquaredError(t, p)).toBeCloseTo(0.375, 14);
    expect(nb.ml.meanAbsoluteError(t, p)).toBeCloseTo(0.5, 14);
    expect(nb.ml.r2Score(t, p)).toBeCloseTo(0.9486081370449679, 12);
    expect(nb.ml.r2(t, t)).toBe(1);
    expect(nb.ml.mse(nb.tensor(t), nb.tensor(t))).toBe(0);
  });
});

describe('embedding metrics', () => {
  it('trustworthiness is 1 for a faithful embedding and lower for a scrambled one', () => {
    const gen = new nb.Generator(4);
    const x = nb.randn([60, 5], { dtype: 'float64', generator: gen });
    expect(nb.ml.trustworthiness(x, x, { nNeighbors: 5 })).toBeCloseTo(1, 12);
    const scrambled = nb.randn([60, 2], { dtype: 'float64', generator: gen });
    expect(nb.ml.trustworthiness(x, scrambled, { nNeighbors: 5 })).toBeLessThan(0.7);
  });

  it('silhouette of a known 1-D clustering', () => {
    // Clusters {0, 1} and {10, 11}: for 0, a = 1, b = mean(10, 11) = 10.5 → s = 9.5 / 10.5.
    const s = nb.ml.silhouetteSamples([[0], [1], [10], [11]], [0, 0, 1, 1]).data();
    expect(s[0]).toBeCloseTo(9.5 / 10.5, 14);
    expect(nb.ml.silhouetteScore([[0], [1], [10], [11]], [0, 0, 1, 1])).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5 + 8.5 / 9.5 + 9.5 / 10.5) / 4, 14);
  });
});
