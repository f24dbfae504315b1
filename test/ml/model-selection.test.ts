import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { iris } from './helpers/iris.js';

describe('model selection', () => {
  it('crossValScore accepts explicit folds from nb.data and matches its own stratified folds', () => {
    const { x, y } = iris();
    const knn = new nb.ml.KNeighborsClassifier({ nNeighbors: 5 });
    const folds = nb.data.stratifiedKFold(y, 5);
    expect(nb.ml.crossValScore(knn, x, y, { cv: folds })).toEqual(nb.ml.crossValScore(knn, x, y, { cv: 5 }));
  });

  it('crossValScore on iris with KNN and linear regression', () => {
    const { x, y } = iris();
    const scores = nb.ml.crossValScore(new nb.ml.KNeighborsClassifier({ nNeighbors: 5 }), x, y, { cv: 5 });
    expect(scores).toHaveLength(5);
    expect(scores.reduce((a, b) => a + b) / 5).toBeGreaterThan(0.93);
    const mse = nb.ml.crossValScore(new nb.ml.LinearRegression(), x, y, { cv: 3, shuffle: true, seed: 0, scoring: 'negMeanSquaredError' });
    expect(mse.every((v) => v < 0 && v > -0.2)).toBe(true);
  });

  it('grid search picks the best option value and refits', () => {
    const { x, y } = iris();
    const gs = new nb.ml.GridSearchCV(new nb.ml.LogisticRegression({ maxIter: 300 }), { C: [1e-4, 1] }, { cv: 3 }).fit(x, y);
    expect(gs.bestParams).toEqual({ C: 1 });
    expect(gs.results).toHaveLength(2);
    expect(gs.results.find((r) => r.rank === 1)!.meanScore).toBe(gs.bestScore);
    expect(gs.score(x, y)).toBeGreaterThan(0.95);
    expect(nb.ml.parameterGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });
});

describe('estimator conventions and errors', () => {
  it('rejects unknown options with a ConfigError listing the valid ones', () => {
    expect(() => new nb.ml.KMeans({ nCluster: 3 } as never)).toThrow(/KMeans: unknown option "nCluster"; valid options are nClusters, init/);
    expect(() => new nb.ml.KMeans({ nClusters: 0 })).toThrow(nb.ConfigError);
    expect(() => new nb.ml.KNeighborsClassifier({ metric: 'minkowski' as never })).toThrow(/metric must be one of/);
  });

  it('refuses to predict before fit, and mismatched shapes', () => {
    expect(() => new nb.ml.PCA().transform([[1, 2]])).toThrow(/PCA.transform: the estimator is not fitted yet/);
    const lr = new nb.ml.LinearRegression().fit([[1], [2], [3]], [1, 2, 3]);
    expect(() => lr.predict([[1, 2]])).toThrow(nb.ShapeError);
    expect(() => new nb.ml.LinearRegression().fit([[1], [2]], [1, 2, 3])).toThrow(/y has 3 values but X has 2 samples/);
    expect(() => new nb.ml.KMeans().fit([[1, Number.NaN]])).toThrow(nb.DataError);
  });

  it('has factory spellings', () => {
    expect(nb.ml.kMeans({ nClusters: 2 })).toBeInstanceOf(nb.ml.KMeans);
    expect(nb.ml.pca({ nComponents: 1 }).fit([[1, 2], [2, 4], [3, 7]]).nComponents).toBe(1);
  });

  it('clones with the same options, getParams reports them, setParams validates', () => {
    const km = new nb.ml.KMeans({ nClusters: 4 });
    expect(km.clone().getParams().nClusters).toBe(4);
    expect(km.clone({ nClusters: 2 }).getParams().nClusters).toBe(2);
    expect(() => km.setParams({ maxIter: -1 })).toThrow(nb.ConfigError);
  });
});
