/**
 * k-nearest-neighbour classification and regression: exact search with distances computed in
 * blocks through the matrix product (see distance.ts), uniform or inverse-distance weights.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Metric, type Points, METRICS, kNearest, toPoints } from './distance.js';
import { type Features, type Targets, BaseEstimator, encodeLabels, labelsTensor, tensor64, toVec } from './util.js';
import { accuracyScore, r2Score } from './metrics.js';
import { checkChoice, checkInt } from '../check.js';

export interface KNeighborsOptions {
  /** k, the number of neighbours that vote (default 5). */
  nNeighbors?: number;
  /** 'euclidean' (default), 'manhattan' or 'cosine'. */
  metric?: Metric;
  /** 'uniform' (default: each neighbour counts once) or 'distance' (weight 1/d; exact matches win). */
  weights?: 'uniform' | 'distance';
}

const DEFAULTS: Required<KNeighborsOptions> = { nNeighbors: 5, metric: 'euclidean', weights: 'uniform' };

interface Base {
  points: Points;
}

/** Search and weighting shared by the classifier and the regressor. */
abstract class KNeighborsBase<S extends Base> extends BaseEstimator<KNeighborsOptions> {
  protected state: S | null = null;

  protected validate(): void {
    checkInt(this.estimatorName, 'nNeighbors', this.params.nNeighbors, { min: 1 });
    checkChoice(this.estimatorName, 'metric', this.params.metric, METRICS);
    checkChoice(this.estimatorName, 'weights', this.params.weights, ['uniform', 'distance']);
  }

  protected store(x: Features): Points {
    const points = toPoints(`${this.estimatorName}.fit`, 'x', x, this.params.metric);
    if (points.rows < this.params.nNeighbors) {
      throw new ConfigError(`${this.estimatorName}.fit: nNeighbors is ${this.params.nNeighbors} but only ${points.rows} samples were given`);
    }
    return points;
  }

  protected search(method: string, x: Features | undefined, k: number): { idx: Int32Array; dist: Float64Array; n: number } {
    const s = this.fitted(this.state, method);
    const self = x === undefined;
    const q = self ? s.points : toPoints(`${this.estimatorName}.${method}`, 'x', x, this.params.metric);
    if (q.cols !== s.points.cols) throw new ShapeError(`${this.estimatorName}.${method}: x has ${q.cols} features but fit saw ${s.points.cols}`);
    const r = kNearest(q, s.points, k, this.params.metric, { excludeSelf: self });
    return { idx: r.indices, dist: r.distances, n: q.rows };
  }

  /**
   * The k nearest training samples of each row of `x` (of each training sample, itself excluded,
   * when `x` is omitted): distances float64 [n, k] and indices int32 [n, k], nearest first.
   */
  kneighbors(x?: Features, nNeighbors?: number): { distances: Tensor; indices: Tensor } {
    const k = nNeighbors ?? this.params.nNeighbors;
    const r = this.search('kneighbors', x, k);
    return { distances: tensor64(r.dist, [r.n, k]), indices: new Tensor(r.idx, [r.n, k], 'int32') };
  }

  /** Vote weights of one query's neighbours. */
  protected weightsOf(dist: Float64Array, at: number, k: number, out: Float64Array): void {
    if (this.params.weights === 'uniform') {
      out.fill(1);
      return;
    }
    let exact = false;
    for (let q = 0; q < k; q++) if (dist[at + q] === 0) exact = true;
    for (let q = 0; q < k; q++) {
      const d = dist[at + q]!;
      out[q] = exact ? (d === 0 ? 1 : 0) : 1 / d;
    }
  }
}

interface ClassifierState extends Base {
  codes: Int32Array;
  classes: number[];
}

/**
 * Assigns each sample the class most common among its k nearest training samples.
 * @example new nb.ml.KNeighborsClassifier({ nNeighbors: 3 }).fit(xTrain, yTrain).score(xTest, yTest)
 */
export class KNeighborsClassifier extends KNeighborsBase<ClassifierState> {
  readonly estimatorType = 'classifier' as const;
  constructor(options: KNeighborsOptions = {}) {
    super('KNeighborsClassifier', options, DEFAULTS);
  }

  /** Stores the training samples and their labels. */
  fit(x: Features, y: Targets): this {
    const points = this.store(x);
    const { codes, classes } = encodeLabels('KNeighborsClassifier.fit', y, points.rows);
    this.state = { points, codes, classes };
    return this;
  }

  /** The distinct training labels, ascending. */
  get classes(): number[] {
    return this.fitted(this.state, 'classes').classes.slice();
  }

  /** Weighted vote shares of each class, float64 [n, nClasses]. */
  predictProba(x: Features): Tensor {
    const s = this.fitted(this.state, 'predictProba');
    const k = this.params.nNeighbors;
    const { idx, dist, n } = this.search('predictProba', x, k);
    const c = s.classes.length;
    const out = new Float64Array(n * c);
    const w = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      this.weightsOf(dist, i * k, k, w);
      let total = 0;
      for (let q = 0; q < k; q++) {
        out[i * c + s.codes[idx[i * k + q]!]!]! += w[q]!;
        total += w[q]!;
      }
      for (let j = 0; j < c; j++) out[i * c + j]! /= total;
    }
    return tensor64(out, [n, c]);
  }

  /** The winning class of each row; a tie goes to the tied class with the nearest neighbour. */
  predict(x: Features): Tensor {
    const s = this.fitted(this.state, 'predict');
    const k = this.params.nNeighbors;
    const { idx, dist, n } = this.search('predict', x, k);
    const c = s.classes.length;
    const votes = new Float64Array(c);
    const w = new Float64Array(k);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.weightsOf(dist, i * k, k, w);
      votes.fill(0);
      for (let q = 0; q < k; q++) votes[s.codes[idx[i * k + q]!]!]! += w[q]!;
      let top = 0;
      for (let j = 0; j < c; j++) top = Math.max(top, votes[j]!);
      // Neighbours come nearest first: the first one whose class has the top vote wins.
      let best = s.codes[idx[i * k]!]!;
      for (let q = 0; q < k; q++) {
        const cl = s.codes[idx[i * k + q]!]!;
        if (votes[cl]! >= top * (1 - 1e-12)) {
          best = cl;
          break;
        }
      }
      codes[i] = best;
    }
    return labelsTensor(s.classes, codes);
  }

  /** Accuracy on (x, y). */
  score(x: Features, y: Targets): number {
    return accuracyScore(y, this.predict(x));
  }
}

interface RegressorState extends Base {
  y: Float64Array;
}

/**
 * Predicts the (weighted) mean target of the k nearest training samples.
 * @example new nb.ml.KNeighborsRegressor({ nNeighbors: 5, weights: 'distance' }).fit(x, y).predict(xNew)
 */
export class KNeighborsRegressor extends KNeighborsBase<RegressorState> {
  readonly estimatorType = 'regressor' as const;
  constructor(options: KNeighborsOptions = {}) {
    super('KNeighborsRegressor', options, DEFAULTS);
  }

  /** Stores the training samples and their targets. */
  fit(x: Features, y: Targets): this {
    const points = this.store(x);
    this.state = { points, y: toVec('KNeighborsRegressor.fit', 'y', y, points.rows) };
    return this;
  }

  /** Weighted mean of the neighbours' targets, float64 [n]. */
  predict(x: Features): Tensor {
    const s = this.fitted(this.state, 'predict');
    const k = this.params.nNeighbors;
    const { idx, dist, n } = this.search('predict', x, k);
    const out = new Float64Array(n);
    const w = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      this.weightsOf(dist, i * k, k, w);
      let num = 0;
      let den = 0;
      for (let q = 0; q < k; q++) {
        num += w[q]! * s.y[idx[i * k + q]!]!;
        den += w[q]!;
      }
      out[i] = num / den;
    }
    return tensor64(out, [n]);
  }

  /** R² on (x, y). */
  score(x: Features, y: Targets): number {
    return r2Score(y, this.predict(x));
  }
}
