/**
 * Splitting samples: train/test (optionally stratified), k-fold and stratified k-fold. Splits are
 * index arrays; `trainTestSplit` also gathers the rows.
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { generatorFor } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { takeRows } from './element.js';
import { checkInt, checkOptions } from '../check.js';

export interface TrainTestSplitOptions {
  /** Fraction of samples in (0, 1), or a count ≥ 1, for the test set. Default 0.25 (the test count is rounded up). */
  testSize?: number;
  /** Keep each class's proportion in both parts: `true` stratifies by `y`; or give the labels to stratify by. */
  stratify?: boolean | Tensor | ArrayLike<number>;
  /** Shuffle before splitting (default true). Without it the last samples (of each class, when stratified) form the test set. */
  shuffle?: boolean;
  /** Seed of the split's own generator; without it the global generator (`nb.seed`) is used. */
  seed?: number;
}

export interface SplitIndices {
  trainIndex: Int32Array;
  testIndex: Int32Array;
}

export interface TrainTestSplit extends SplitIndices {
  train: { x: Tensor; y: Tensor };
  test: { x: Tensor; y: Tensor };
}

export interface FoldOptions {
  /** Shuffle the samples (within each class, for the stratified version) before cutting folds. Default false. */
  shuffle?: boolean;
  seed?: number;
}


/** Labels as plain integers, from a tensor or an array-like; checks they are integers. */
export function labelsOf(fn: string, labels: Tensor | ArrayLike<number>, name = 'labels'): ArrayLike<number> {
  const values = labels instanceof Tensor ? labels.data() : labels;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) throw new ConfigError(`${fn}: ${name} must be integers, got ${values[i]} at index ${i}`);
  }
  return values;
}

/** Sample indices grouped by class value, classes in ascending order. */
function groupByClass(labels: ArrayLike<number>): { classes: number[]; members: number[][] } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  return { classes, members: classes.map((c) => byClass.get(c)!) };
}

/**
 * Splits `total` into integer parts proportional to `counts` (largest-remainder method): each part
 * is the floor or the ceiling of its exact share, and the parts sum to `total` exactly. Ties go to
 * the larger count, then to the earlier position.
 * @example apportion(3, [5, 5, 5]) // [1, 1, 1]
 */
export function apportion(total: number, counts: readonly number[]): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (total * c) / sum);
  const parts = exact.map((e) => Math.floor(e + 1e-9));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = counts
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - parts[b]! - (exact[a]! - parts[a]!) || counts[b]! - counts[a]! || a - b);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!]!++;
  return parts;
}

function testCount(fn: string, testSize: number, n: number): number {
  if (typeof testSize !== 'number' || !Number.isFinite(testSize) || testSize <= 0) {
    throw new ConfigError(`${fn}: testSize must be a fraction in (0, 1) or a count ≥ 1, got ${testSize}`);
  }
  let nTest: number;
  if (testSize < 1) nTest = Math.ceil(testSize * n - 1e-9);
  else if (Number.isInteger(testSize)) nTest = testSize;
  else throw new ConfigError(`${fn}: testSize must be a fraction in (0, 1) or a whole count, got ${testSize}`);
  if (nTest < 1 || nTest >= n) {
    throw new ConfigError(`${fn}: testSize ${testSize} of ${n} samples leaves ${nTest} test and ${n - nTest} train samples; both need at least one`);
  }
  return nTest;
}

/**
 * Train/test indices for `n` samples (or for the labels given as `stratify`). Stratified splits give
 * each class its exact share of the test set (floor or ceiling), summing to the test size.
 * @example const { trainIndex, testIndex } = nb.data.trainTestIndices(150, { testSize: 0.2, seed: 0 })
 */
export function trainTestIndices(n: number, options: TrainTestSplitOptions = {}): SplitIndices {
  const fn = 'data.trainTestIndices';
  checkOptions(fn, options, ['testSize', 'stratify', 'shuffle', 'seed']);
  checkInt(fn, 'n', n, { min: 2 });
  const nTest = testCount(fn, options.testSize ?? 0.25, n);
  const shuffle = options.shuffle ?? true;
  const gen = shuffle ? generatorFor(options.seed) : null;
  const strat = options.stratify;
  let train: number[] = [];
  let test: number[] = [];
  if (strat !== undefined && strat !== false && strat !== true) {
    const labels = labelsOf(fn, strat, 'stratify');
    if (labels.length !== n) throw new ShapeError(`${fn}: stratify has ${labels.length} labels for ${n} samples`);
    const { members } = groupByClass(labels);
    const perClass = apportion(nTest, members.map((m) => m.length));
    members.forEach((m, c) => {
      if (gen) gen.shuffle(m);
      const cut = m.length - perClass[c]!;
      for (let i = 0; i < m.length; i++) (i < cut ? train : test).push(m[i]!);
    });
    if (gen) {
      gen.shuffle(train);
      gen.shuffle(test);
    } else {
      train.sort((a, b) => a - b);
      test.sort((a, b) => a - b);
    }
  } else {
    if (strat === true) throw new ConfigError(`${fn}: stratify: true needs the labels; pass them as stratify (trainTestSplit passes y)`);
    const order = gen ? Array.from(gen.permutation(n)) : Array.from({ length: n }, (_, i) => i);
    train = order.slice(0, n - nTest);
    test = order.slice(n - nTest);
  }
  return { trainIndex: Int32Array.from(train), testIndex: Int32Array.from(test) };
}

/**
 * Splits samples into train and test parts (scikit-learn's train_test_split).
 * @example const { train, test } = nb.data.trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed: 0 })
 */
export function trainTestSplit(x: Tensor, y: Tensor, options: TrainTestSplitOptions = {}): TrainTestSplit {
  const fn = 'data.trainTestSplit';
  if (!(x instanceof Tensor) || !(y instanceof Tensor)) throw new ConfigError(`${fn}: x and y must be Tensors`);
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`${fn}: x and y need the same number of samples (first axis), got x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)}`);
  }
  checkOptions(fn, options, ['testSize', 'stratify', 'shuffle', 'seed']);
  const stratify = options.stratify === true ? y : options.stratify;
  if (stratify === y && y.rank !== 1) throw new ShapeError(`${fn}: stratify: true needs integer labels y of shape [n], got ${fmtShape(y.shape)}; pass stratify: labels`);
  const { trainIndex, testIndex } = trainTestIndices(x.shape[0]!, { ...options, stratify: stratify === false ? undefined : stratify });
  return {
    train: { x: takeRows(x, trainIndex), y: takeRows(y, trainIndex) },
    test: { x: takeRows(x, testIndex), y: takeRows(y, testIndex) },
    trainIndex,
    testIndex,
  };
}

function foldsFromAssignment(fold: Int32Array, k: number): SplitIndices[] {
  const out: SplitIndices[] = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < fold.length; i++) (fold[i] === f ? te : tr).push(i);
    out.push({ trainIndex: Int32Array.from(tr), testIndex: Int32Array.from(te) });
  }
  return out;
}

/**
 * K-fold cross-validation: `k` splits whose test parts are disjoint and cover all `n` samples; the
 * first `n % k` folds hold one sample more. Indices are in ascending order.
 * @example for (const { trainIndex, testIndex } of nb.data.kFold(150, 5, { shuffle: true, seed: 0 })) { ... }
 */
export function kFold(n: number, k: number, options: FoldOptions = {}): SplitIndices[] {
  const fn = 'data.kFold';
  checkOptions(fn, options, ['shuffle', 'seed']);
  checkInt(fn, 'n', n, { min: 1 });
  checkInt(fn, 'k', k, { min: 2 });
  if (k > n) throw new ConfigError(`${fn}: k = ${k} folds need at least ${k} samples, got n = ${n}`);
  const order = options.shuffle ? generatorFor(options.seed).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const fold = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let j = 0; j < size; j++) fold[order[pos++]!] = f;
  }
  return foldsFromAssignment(fold, k);
}

/**
 * Stratified k-fold: like `kFold`, but every fold holds each class's share (counts differ by at
 * most one between folds, as do fold sizes).
 * @example nb.data.stratifiedKFold(y, 5, { shuffle: true, seed: 0 })
 */
export function stratifiedKFold(y: Tensor | ArrayLike<number>, k: number, options: FoldOptions = {}): SplitIndices[] {
  const fn = 'data.stratifiedKFold';
  checkOptions(fn, options, ['shuffle', 'seed']);
  const labels = labelsOf(fn, y, 'y');
  checkInt(fn, 'k', k, { min: 2 });
  if (k > labels.length) throw new ConfigError(`${fn}: k = ${k} folds need at least ${k} samples, got ${labels.length}`);
  const gen = options.shuffle ? generatorFor(options.seed) : null;
  const { members } = groupByClass(labels);
  // Deal the samples, class after class, to folds in turn; the turn carries on across classes.
  const fold = new Int32Array(labels.length);
  let pos = 0;
  for (const m of members) {
    if (gen) gen.shuffle(m);
    for (const i of m) fold[i] = pos++ % k;
  }
  return foldsFromAssignment(fold, k);
}
