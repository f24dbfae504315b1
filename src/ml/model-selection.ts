/**
 * Model selection: cross-validated scores and an exhaustive grid search over option values. The
 * splits themselves (kFold, stratifiedKFold, trainTestSplit) are the data layer's, `nb.data.*`.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { type SplitIndices, kFold, stratifiedKFold } from '../data/split.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/index.js';
import { gather } from '../primitives/index.js';
import { type Estimator, type Features, type Targets, tensor64, toMat, toVec } from './util.js';
import { accuracyScore, f1Score, meanAbsoluteError, meanSquaredError, r2Score } from './metrics.js';
import { checkOptions } from '../check.js';

function asTensor(op: string, x: Features): Tensor {
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${op}: x must be 2-D (samples × features), got rank ${x.rank}`);
    return x;
  }
  const m = toMat(op, 'x', x);
  return tensor64(m.data, [m.rows, m.cols]);
}

function asTargets(op: string, y: Targets, n: number): Tensor {
  if (y instanceof Tensor) {
    if (y.shape[0] !== n) throw new ShapeError(`${op}: y has ${y.shape[0]} values but x has ${n} samples`);
    return y;
  }
  return tensor64(toVec(op, 'y', y, n), [n]);
}

function rows(t: Tensor, idx: Int32Array): Tensor {
  return noGrad(() => gather(t, 0, idx));
}

/** A named score, a function of (fitted estimator, x, y), or the estimator's own `score`. */
export type Scoring =
  | 'accuracy'
  | 'r2'
  | 'f1Macro'
  | 'negMeanSquaredError'
  | 'negMeanAbsoluteError'
  | ((estimator: Estimator, x: Tensor, y: Tensor) => number);

function scorer(scoring: Scoring | undefined): (e: Estimator, x: Tensor, y: Tensor) => number {
  if (scoring === undefined) return (e, x, y) => e.score(x, y);
  if (typeof scoring === 'function') return scoring;
  const predict = (e: Estimator, x: Tensor): Tensor => {
    const p = (e as Estimator & { predict?: (x: Features) => Tensor }).predict;
    if (!p) throw new ConfigError(`scoring '${scoring}': the estimator has no predict()`);
    return p.call(e, x);
  };
  switch (scoring) {
    case 'accuracy':
      return (e, x, y) => accuracyScore(y, predict(e, x));
    case 'r2':
      return (e, x, y) => r2Score(y, predict(e, x));
    case 'f1Macro':
      return (e, x, y) => f1Score(y, predict(e, x), { average: 'macro' });
    case 'negMeanSquaredError':
      return (e, x, y) => -meanSquaredError(y, predict(e, x));
    case 'negMeanAbsoluteError':
      return (e, x, y) => -meanAbsoluteError(y, predict(e, x));
    default:
      throw new ConfigError(`scoring must be 'accuracy', 'r2', 'f1Macro', 'negMeanSquaredError', 'negMeanAbsoluteError' or a function, got ${JSON.stringify(scoring)}`);
  }
}

export interface CrossValOptions {
  /** Number of folds, or explicit folds from `nb.data.kFold`/`stratifiedKFold` (default 5; stratified for classifiers). */
  cv?: number | SplitIndices[];
  scoring?: Scoring;
  /** Shuffle before splitting into folds (default false). */
  shuffle?: boolean;
  seed?: number;
}

function foldsFor(e: Estimator, y: Tensor, options: CrossValOptions): SplitIndices[] {
  if (Array.isArray(options.cv)) return options.cv;
  const k = options.cv ?? 5;
  const o = options.seed === undefined ? { shuffle: options.shuffle ?? false } : { shuffle: options.shuffle ?? false, seed: options.seed };
  return e.estimatorType === 'classifier' ? stratifiedKFold(y, k, o) : kFold(y.shape[0]!, k, o);
}

/**
 * Scores of an estimator trained on k − 1 folds and tested on the remaining one, for each fold.
 * The estimator is cloned for every fold (it is not fitted itself).
 * @example nb.ml.crossValScore(new nb.ml.KNeighborsClassifier({ nNeighbors: 5 }), x, y, { cv: 5 }) // 5 accuracies
 */
export function crossValScore(estimator: Estimator, x: Features, y: Targets, options: CrossValOptions = {}): number[] {
  checkOptions('crossValScore', options, ['cv', 'scoring', 'shuffle', 'seed']);
  const xt = asTensor('crossValScore', x);
  const yt = asTargets('crossValScore', y, xt.shape[0]!);
  const score = scorer(options.scoring);
  return foldsFor(estimator, yt, options).map((f) => {
    const e = estimator.clone();
    e.fit(rows(xt, f.trainIndex), rows(yt, f.trainIndex));
    return score(e, rows(xt, f.testIndex), rows(yt, f.testIndex));
  });
}

export interface GridResult {
  params: Record<string, unknown>;
  meanScore: number;
  stdScore: number;
  scores: number[];
  rank: number;
}

/** Every combination of the grid's values, in key order. */
export function parameterGrid(grid: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`parameterGrid: '${key}' must list at least one value`);
    out = out.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return out;
}

/**
 * Exhaustive search over option values, scored by cross-validation (scikit-learn's GridSearchCV).
 * After fit, `bestParams`, `bestScore`, `results` and a `bestEstimator` refitted on all the data.
 * @example const gs = new nb.ml.GridSearchCV(new nb.ml.KNeighborsClassifier(), { nNeighbors: [1, 3, 5, 7] }).fit(x, y); gs.bestParams
 */
export class GridSearchCV {
  results: GridResult[] = [];
  bestParams: Record<string, unknown> | null = null;
  bestScore = NaN;
  bestEstimator: Estimator | null = null;

  constructor(
    readonly estimator: Estimator,
    readonly paramGrid: Record<string, readonly unknown[]>,
    readonly options: CrossValOptions & { refit?: boolean } = {},
  ) {
    checkOptions('GridSearchCV', options, ['cv', 'scoring', 'shuffle', 'seed', 'refit']);
    parameterGrid(paramGrid);
  }

  fit(x: Features, y: Targets): this {
    const { refit = true, ...cvOptions } = this.options;
    const xt = asTensor('GridSearchCV.fit', x);
    const yt = asTargets('GridSearchCV.fit', y, xt.shape[0]!);
    const folds = foldsFor(this.estimator, yt, cvOptions);
    this.results = parameterGrid(this.paramGrid).map((params) => {
      const scores = crossValScore(this.estimator.clone(params), xt, yt, { ...cvOptions, cv: folds });
      const mean = scores.reduce((a, v) => a + v, 0) / scores.length;
      const std = Math.sqrt(scores.reduce((a, v) => a + (v - mean) ** 2, 0) / scores.length);
      return { params, meanScore: mean, stdScore: std, scores, rank: 0 };
    });
    const order = this.results.map((_, i) => i).sort((a, b) => this.results[b]!.meanScore - this.results[a]!.meanScore);
    order.forEach((i, r) => (this.results[i]!.rank = r + 1));
    const best = this.results[order[0]!]!;
    this.bestParams = best.params;
    this.bestScore = best.meanScore;
    this.bestEstimator = refit ? this.estimator.clone(best.params).fit(xt, yt) : null;
    return this;
  }

  /** The refitted best estimator's score on (x, y). */
  score(x: Features, y: Targets): number {
    if (!this.bestEstimator) throw new ConfigError('GridSearchCV.score: fit first (with refit: true)');
    return this.bestEstimator.score(x, y);
  }
}

/** Function form of GridSearchCV: fits and returns it. */
export function gridSearch(
  estimator: Estimator,
  paramGrid: Record<string, readonly unknown[]>,
  x: Features,
  y: Targets,
  options: CrossValOptions & { refit?: boolean } = {},
): GridSearchCV {
  return new GridSearchCV(estimator, paramGrid, options).fit(x, y);
}
