/**
 * Model selection: k-fold splits (plain and stratified), train/test split, cross-validated
 * scores and an exhaustive grid search over option values.
 */
import { ConfigError, ShapeError, checkOptions } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/index.js';
import { gather } from '../primitives/index.js';
import { type Estimator, type Features, type Targets, checkInt, generatorFor, tensor64, toMat, toVec } from './util.js';
import { accuracyScore, f1Score, meanAbsoluteError, meanSquaredError, r2Score } from './metrics.js';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

export interface KFoldOptions {
  /** Number of folds (default 5). */
  nSplits?: number;
  /** Shuffle the samples before splitting (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (default: the global generator). */
  seed?: number;
}

function foldsFrom(order: ArrayLike<number>, sizes: number[], n: number): Fold[] {
  const folds: Fold[] = [];
  let start = 0;
  for (const size of sizes) {
    const test = Int32Array.from({ length: size }, (_, i) => order[start + i]!);
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train = new Int32Array(n - size);
    let t = 0;
    for (let i = 0; i < n; i++) if (!inTest[i]) train[t++] = i;
    folds.push({ train, test: test.sort() });
    start += size;
  }
  return folds;
}

/**
 * k-fold cross-validation indices: n samples split into nSplits consecutive folds (the first
 * n mod k folds one larger), each used once as the test set.
 * @example nb.ml.kFold(10, { nSplits: 5 })[0].test // [0, 1]
 */
export function kFold(n: number, options: KFoldOptions = {}): Fold[] {
  checkOptions('kFold', options, ['nSplits', 'shuffle', 'seed']);
  const k = checkInt('kFold', 'nSplits', options.nSplits ?? 5, 2);
  checkInt('kFold', 'n', n, k);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (options.shuffle) generatorFor(options.seed).shuffle(order);
  const sizes = Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  return foldsFrom(order, sizes, n);
}

/** k folds that keep each class's proportion: every class's samples are dealt round-robin over the folds. */
export function stratifiedKFold(y: Targets, options: KFoldOptions = {}): Fold[] {
  checkOptions('stratifiedKFold', options, ['nSplits', 'shuffle', 'seed']);
  const k = checkInt('stratifiedKFold', 'nSplits', options.nSplits ?? 5, 2);
  const yv = toVec('stratifiedKFold', 'y', y);
  const n = yv.length;
  checkInt('stratifiedKFold', 'n', n, k);
  const gen = generatorFor(options.seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) byClass.set(yv[i]!, [...(byClass.get(yv[i]!) ?? []), i]);
  const members: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(cls)!;
    if (options.shuffle) gen.shuffle(idx);
    for (const i of idx) members[next++ % k]!.push(i);
  }
  const order = members.flat();
  return foldsFrom(order, members.map((m) => m.length), n);
}

/**
 * Splits samples into a training and a test part (shuffled by default; stratified by `stratify`).
 * @example const s = nb.ml.trainTestSplit(x, y, { testSize: 0.25, seed: 0 }); s.xTrain, s.yTest
 */
export function trainTestSplit(
  x: Features,
  y: Targets,
  options: { testSize?: number; shuffle?: boolean; seed?: number; stratify?: boolean } = {},
): { xTrain: Tensor; xTest: Tensor; yTrain: Tensor; yTest: Tensor } {
  checkOptions('trainTestSplit', options, ['testSize', 'shuffle', 'seed', 'stratify']);
  const xt = asTensor('trainTestSplit', x);
  const yt = asTargets('trainTestSplit', y, xt.shape[0]!);
  const n = xt.shape[0]!;
  const ts = options.testSize ?? 0.25;
  const nTest = ts < 1 ? Math.ceil(ts * n) : ts;
  if (!(nTest >= 1 && nTest < n && Number.isInteger(nTest))) throw new ConfigError(`trainTestSplit: testSize must leave at least one sample on each side of ${n}, got ${ts}`);
  const gen = generatorFor(options.seed);
  const shuffle = options.shuffle ?? true;
  let test: Int32Array;
  if (options.stratify) {
    // Each class gives its share of the test set (largest remainders settle the rounding).
    const yv = toVec('trainTestSplit', 'y', yt);
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) byClass.set(yv[i]!, [...(byClass.get(yv[i]!) ?? []), i]);
    const groups = [...byClass.keys()].sort((a, b) => a - b).map((c) => byClass.get(c)!);
    const exact = groups.map((g) => (nTest * g.length) / n);
    const take = exact.map(Math.floor);
    let left = nTest - take.reduce((a, v) => a + v, 0);
    for (const i of exact.map((e, i) => i).sort((a, b) => exact[b]! - take[b]! - (exact[a]! - take[a]!))) {
      if (left-- <= 0) break;
      take[i]!++;
    }
    const picked: number[] = [];
    groups.forEach((g, i) => {
      if (shuffle) gen.shuffle(g);
      picked.push(...g.slice(0, take[i]!));
    });
    test = Int32Array.from(picked).sort();
  } else {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (shuffle) gen.shuffle(order);
    test = order.slice(0, nTest).sort();
  }
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !inTest[i]);
  return { xTrain: rows(xt, train), xTest: rows(xt, test), yTrain: rows(yt, train), yTest: rows(yt, test) };
}

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
  /** Number of folds, or explicit folds (default 5; stratified for classifiers). */
  cv?: number | Fold[];
  scoring?: Scoring;
  /** Shuffle before splitting into folds (default false). */
  shuffle?: boolean;
  seed?: number;
}

function foldsFor(e: Estimator, y: Tensor, options: CrossValOptions): Fold[] {
  if (Array.isArray(options.cv)) return options.cv;
  const nSplits = options.cv ?? 5;
  const o = { nSplits, shuffle: options.shuffle ?? false, seed: options.seed };
  return e.estimatorType === 'classifier' ? stratifiedKFold(y, o) : kFold(y.shape[0]!, o);
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
    e.fit(rows(xt, f.train), rows(yt, f.train));
    return score(e, rows(xt, f.test), rows(yt, f.test));
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
