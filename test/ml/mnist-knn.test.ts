import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { every, mnistDigits } from './helpers/mnist.js';

// The full check (2 000 queries against 8 000 digits, accuracy ≥ 0.94) is in scripts/ml-check.ts;
// here a class-balanced quarter of the test set (500 queries) against all 8 000 training digits.
describe('KNeighborsClassifier on MNIST digits', () => {
  it('k = 3 (cosine, distance-weighted) reaches ≥ 0.93 on 500 held-out digits', () => {
    const { train, test } = mnistDigits();
    expect(train.x.shape[0]! + test.x.shape[0]!).toBe(10_000);
    const q = every(test, 4);
    const knn = new nb.ml.KNeighborsClassifier({ nNeighbors: 3, metric: 'cosine', weights: 'distance' }).fit(train.x, train.y);
    const acc = nb.ml.accuracyScore(q.y, knn.predict(q.x));
    expect(acc).toBeGreaterThanOrEqual(0.93);
  });
});
