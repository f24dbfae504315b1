/**
 * Classical machine learning (`nb.ml`) with scikit-learn's shape of API: estimators are classes
 * with `fit` (returning `this`), `predict` / `predictProba` / `transform` / `fitTransform` and
 * `score`, taking tensors or plain arrays; options use camelCase names (nClusters, nNeighbors…).
 *
 * @example
 * const km = new nb.ml.KMeans({ nClusters: 3, seed: 0 }).fit(x);
 * km.inertia; km.predict(x);
 * const knn = new nb.ml.KNeighborsClassifier({ nNeighbors: 3 }).fit(xTrain, yTrain);
 * nb.ml.accuracyScore(yTest, knn.predict(xTest));
 */
export type { Features, Targets, Estimator } from './util.js';
export { LinearRegression, Ridge, Lasso, type LinearRegressionOptions, type RidgeOptions, type LassoOptions } from './linear.js';
export { PolynomialFeatures, type PolynomialFeaturesOptions } from './polynomial.js';
export { LogisticRegression, type LogisticRegressionOptions } from './logistic.js';
export { Perceptron, type PerceptronOptions } from './perceptron.js';
export { KNeighborsClassifier, KNeighborsRegressor, type KNeighborsOptions } from './neighbors.js';
export { KMeans, elbow, kneeLocator, type KMeansOptions, type KMeansInit, type ElbowResult } from './kmeans.js';
export { PCA, type PCAOptions } from './pca.js';
export { TSNE, type TSNEOptions, type TSNEProgress } from './tsne.js';
export type { Metric } from './distance.js';
export {
  linearRegression,
  ridge,
  lasso,
  polynomialFeatures,
  logisticRegression,
  perceptron,
  kNeighborsClassifier,
  kNeighborsRegressor,
  kMeans,
  pca,
  tsne,
} from './factories.js';
export {
  accuracyScore,
  confusionMatrix,
  precisionScore,
  recallScore,
  f1Score,
  precisionRecallFscoreSupport,
  rocAucScore,
  rocCurve,
  meanSquaredError,
  meanAbsoluteError,
  r2Score,
  accuracy,
  mse,
  mae,
  r2,
  type Average,
  type ClassificationScoreOptions,
  type PerClassScores,
} from './metrics.js';
export { silhouetteScore, silhouetteSamples, trustworthiness } from './embedding-metrics.js';
export {
  crossValScore,
  parameterGrid,
  GridSearchCV,
  gridSearch,
  type CrossValOptions,
  type Scoring,
  type GridResult,
} from './model-selection.js';
