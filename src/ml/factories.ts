/**
 * Factory spellings of the estimators, in the style of `nb.layers.dense(...)`:
 * `nb.ml.kMeans({ nClusters: 3 })` is `new nb.ml.KMeans({ nClusters: 3 })`.
 */
import { LinearRegression, Lasso, Ridge, type LassoOptions, type LinearRegressionOptions, type RidgeOptions } from './linear.js';
import { PolynomialFeatures, type PolynomialFeaturesOptions } from './polynomial.js';
import { LogisticRegression, type LogisticRegressionOptions } from './logistic.js';
import { Perceptron, type PerceptronOptions } from './perceptron.js';
import { KNeighborsClassifier, KNeighborsRegressor, type KNeighborsOptions } from './neighbors.js';
import { KMeans, type KMeansOptions } from './kmeans.js';
import { PCA, type PCAOptions } from './pca.js';
import { TSNE, type TSNEOptions } from './tsne.js';

/** `new LinearRegression(options)`. */
export const linearRegression = (options?: LinearRegressionOptions): LinearRegression => new LinearRegression(options);
/** `new Ridge(options)`. */
export const ridge = (options?: RidgeOptions): Ridge => new Ridge(options);
/** `new Lasso(options)`. */
export const lasso = (options?: LassoOptions): Lasso => new Lasso(options);
/** `new PolynomialFeatures(options)`. */
export const polynomialFeatures = (options?: PolynomialFeaturesOptions): PolynomialFeatures => new PolynomialFeatures(options);
/** `new LogisticRegression(options)`. */
export const logisticRegression = (options?: LogisticRegressionOptions): LogisticRegression => new LogisticRegression(options);
/** `new Perceptron(options)`. */
export const perceptron = (options?: PerceptronOptions): Perceptron => new Perceptron(options);
/** `new KNeighborsClassifier(options)`. */
export const kNeighborsClassifier = (options?: KNeighborsOptions): KNeighborsClassifier => new KNeighborsClassifier(options);
/** `new KNeighborsRegressor(options)`. */
export const kNeighborsRegressor = (options?: KNeighborsOptions): KNeighborsRegressor => new KNeighborsRegressor(options);
/** `new KMeans(options)`. */
export const kMeans = (options?: KMeansOptions): KMeans => new KMeans(options);
/** `new PCA(options)`. */
export const pca = (options?: PCAOptions): PCA => new PCA(options);
/** `new TSNE(options)`. */
export const tsne = (options?: TSNEOptions): TSNE => new TSNE(options);
