import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { iris } from './helpers/iris.js';

describe('LogisticRegression', () => {
  it('reaches training accuracy ≥ 0.96 on iris (multinomial)', () => {
    const { x, y } = iris();
    const clf = new nb.ml.LogisticRegression({ maxIter: 500 }).fit(x, y);
    expect(clf.classes).toEqual([0, 1, 2]);
    expect(clf.score(x, y)).toBeGreaterThanOrEqual(0.96);
    const p = clf.predictProba(x);
    expect(p.shape).toEqual([150, 3]);
    const pd = p.data();
    for (let i = 0; i < 150; i++) expect(pd[i * 3]! + pd[i * 3 + 1]! + pd[i * 3 + 2]!).toBeCloseTo(1, 12);
    expect(clf.coef.shape).toEqual([3, 4]);
  });

  it('separates a binary problem, with labels of any values, and regularises with C', () => {
    const x = [[0], [1], [2], [3], [4], [5]];
    const y = [-1, -1, -1, 1, 1, 1];
    const clf = new nb.ml.LogisticRegression({ C: 100 }).fit(x, y);
    expect(Array.from(clf.predict(x).data())).toEqual(y);
    expect(clf.coef.shape).toEqual([1, 1]);
    const weak = new nb.ml.LogisticRegression({ C: 0.01 }).fit(x, y);
    expect(Math.abs(weak.coef.data()[0]!)).toBeLessThan(Math.abs(clf.coef.data()[0]!));
    // The decision boundary of the symmetric problem sits at x = 2.5.
    expect(clf.intercept.data()[0]! / clf.coef.data()[0]!).toBeCloseTo(-2.5, 3);
  });
});

describe('Perceptron', () => {
  const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];

  it('learns AND and OR (linearly separable) and converges', () => {
    for (const y of [[0, 0, 0, 1], [0, 1, 1, 1]]) {
      const p = new nb.ml.Perceptron({ seed: 0 }).fit(inputs, y);
      expect(p.converged).toBe(true);
      expect(Array.from(p.predict(inputs).data())).toEqual(y);
      expect(p.errorsPerEpoch[p.errorsPerEpoch.length - 1]).toBe(0);
    }
  });

  it('never converges on XOR', () => {
    const p = new nb.ml.Perceptron({ seed: 0, maxIter: 500 }).fit(inputs, [0, 1, 1, 0]);
    expect(p.converged).toBe(false);
    expect(p.nIter).toBe(500);
    expect(Math.min(...p.errorsPerEpoch)).toBeGreaterThan(0);
    expect(p.score(inputs, [0, 1, 1, 0])).toBeLessThan(1);
  });
});

describe('KNeighbors', () => {
  it('classifies iris well and reports neighbours nearest first', () => {
    const { x, y } = iris();
    const knn = new nb.ml.KNeighborsClassifier({ nNeighbors: 5 }).fit(x, y);
    expect(knn.score(x, y)).toBeGreaterThan(0.95);
    const { distances, indices } = knn.kneighbors([x[0]!], 3);
    expect(indices.data()[0]).toBe(0);
    expect(distances.data()[0]).toBe(0);
    const dd = Array.from(distances.data());
    expect(dd[1]!).toBeLessThanOrEqual(dd[2]!);
    // Without x: the training points themselves, each excluded from its own neighbours.
    const self = knn.kneighbors(undefined, 1).indices.data();
    for (let i = 0; i < 150; i++) expect(self[i]).not.toBe(i);
  });

  it('agrees with a brute-force search for every metric and weighting', () => {
    const gen = new nb.Generator(5);
    const train = nb.randn([60, 3], { dtype: 'float64', generator: gen });
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const queries = nb.randn([10, 3], { dtype: 'float64', generator: gen });
    const t = train.toArray() as number[][];
    const q = queries.toArray() as number[][];
    const dist = {
      euclidean: (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!)),
      manhattan: (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0),
      cosine: (a: number[], b: number[]) => 1 - a.reduce((s, v, i) => s + v * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b)),
    };
    for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
      const knn = new nb.ml.KNeighborsClassifier({ nNeighbors: 4, metric }).fit(train, labels);
      const got = knn.kneighbors(queries).indices.toArray() as number[][];
      q.forEach((row, i) => {
        const want = t.map((r, j) => [dist[metric](row, r), j] as const).sort((a, b) => a[0] - b[0]).slice(0, 4).map((p) => p[1]);
        expect(got[i]).toEqual(want);
      });
    }
    const reg = new nb.ml.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit([[0], [1], [3]], [0, 10, 30]);
    expect(reg.predict([[1]]).data()[0]).toBe(10); // an exact match takes all the weight
    expect(reg.predict([[2]]).data()[0]).toBeCloseTo((10 / 1 + 30 / 1 + 0 / 2) / (1 + 1 + 0.5), 12);
  });
});
