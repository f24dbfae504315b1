/**
 * Classification and regression metrics with scikit-learn's definitions: accuracy, confusion
 * matrix, precision / recall / F1 (binary, macro, micro, weighted), ROC AUC and curve, MSE, MAE, R².
 * Inputs are tensors or arrays; scores are plain numbers.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, type Targets, toMat, toVec } from './util.js';
import { checkOptions } from '../check.js';

function pair(op: string, yTrue: Targets, yPred: Targets): [Float64Array, Float64Array] {
  const a = toVec(op, 'yTrue', yTrue);
  const b = toVec(op, 'yPred', yPred);
  if (a.length !== b.length) throw new ShapeError(`${op}: yTrue has ${a.length} values but yPred has ${b.length}`);
  if (a.length === 0) throw new ShapeError(`${op}: no samples`);
  return [a, b];
}

/**
 * Fraction of exact label matches.
 * @example nb.ml.accuracyScore([0, 1, 1], [0, 1, 0]) // 0.667
 */
export function accuracyScore(yTrue: Targets, yPred: Targets): number {
  const [a, b] = pair('accuracyScore', yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hit++;
  return hit / a.length;
}

function labelsOf(a: Float64Array, b: Float64Array, given: readonly number[] | undefined): number[] {
  return given ? [...given] : [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/**
 * Counts C[i][j] of samples with true label `labels[i]` predicted as `labels[j]` (int32 [C, C]);
 * labels default to the sorted union of both arrays.
 * @example nb.ml.confusionMatrix([0, 1, 1], [0, 1, 0]).toArray() // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: Targets, yPred: Targets, options: { labels?: readonly number[] } = {}): Tensor {
  checkOptions('confusionMatrix', options, ['labels']);
  const [a, b] = pair('confusionMatrix', yTrue, yPred);
  const labels = labelsOf(a, b, options.labels);
  const index = new Map(labels.map((l, i) => [l, i]));
  const c = labels.length;
  const out = new Int32Array(c * c);
  for (let i = 0; i < a.length; i++) {
    const r = index.get(a[i]!);
    const k = index.get(b[i]!);
    if (r !== undefined && k !== undefined) out[r * c + k]!++;
  }
  return new Tensor(out, [c, c], 'int32');
}

export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

export interface ClassificationScoreOptions {
  /** How per-class scores combine (default 'binary': the score of `posLabel`). */
  average?: Average;
  /** The positive class for average 'binary' (default 1). */
  posLabel?: number;
  /** Classes to score (default: all labels present). */
  labels?: readonly number[];
  /** Value of a ratio whose denominator is 0 (default 0). */
  zeroDivision?: number;
}

export interface PerClassScores {
  labels: number[];
  precision: number[];
  recall: number[];
  f1: number[];
  /** Number of true samples of each class. */
  support: number[];
}

function counts(op: string, yTrue: Targets, yPred: Targets, given?: readonly number[]) {
  const [a, b] = pair(op, yTrue, yPred);
  const labels = labelsOf(a, b, given);
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Float64Array(labels.length);
  const fp = new Float64Array(labels.length);
  const fn = new Float64Array(labels.length);
  for (let i = 0; i < a.length; i++) {
    const t = index.get(a[i]!);
    const p = index.get(b[i]!);
    if (t !== undefined && t === p) tp[t]!++;
    else {
      if (p !== undefined) fp[p]!++;
      if (t !== undefined) fn[t]!++;
    }
  }
  return { labels, tp, fp, fn };
}

const ratio = (num: number, den: number, zd: number): number => (den > 0 ? num / den : zd);
const fOf = (p: number, r: number, zd: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : zd);

/** Precision, recall, F1 and support of every class. */
export function precisionRecallFscoreSupport(
  yTrue: Targets,
  yPred: Targets,
  options: { labels?: readonly number[]; zeroDivision?: number } = {},
): PerClassScores {
  checkOptions('precisionRecallFscoreSupport', options, ['labels', 'zeroDivision']);
  const zd = options.zeroDivision ?? 0;
  const { labels, tp, fp, fn } = counts('precisionRecallFscoreSupport', yTrue, yPred, options.labels);
  const precision = labels.map((_, i) => ratio(tp[i]!, tp[i]! + fp[i]!, zd));
  const recall = labels.map((_, i) => ratio(tp[i]!, tp[i]! + fn[i]!, zd));
  const f1 = labels.map((_, i) => fOf(precision[i]!, recall[i]!, zd));
  return { labels, precision, recall, f1, support: labels.map((_, i) => tp[i]! + fn[i]!) };
}

function averaged(op: string, which: 'precision' | 'recall' | 'f1', yTrue: Targets, yPred: Targets, options: ClassificationScoreOptions): number {
  checkOptions(op, options, ['average', 'posLabel', 'labels', 'zeroDivision']);
  const average = options.average ?? 'binary';
  const zd = options.zeroDivision ?? 0;
  if (average === 'micro') {
    const { tp, fp, fn } = counts(op, yTrue, yPred, options.labels);
    const sum = (v: Float64Array): number => v.reduce((s, x) => s + x, 0);
    const p = ratio(sum(tp), sum(tp) + sum(fp), zd);
    const r = ratio(sum(tp), sum(tp) + sum(fn), zd);
    return which === 'precision' ? p : which === 'recall' ? r : fOf(p, r, zd);
  }
  const s = precisionRecallFscoreSupport(yTrue, yPred, { labels: options.labels, zeroDivision: zd });
  const values = s[which];
  if (average === 'binary') {
    const pos = options.posLabel ?? 1;
    if (s.labels.length > 2) {
      throw new ConfigError(`${op}: average 'binary' needs two classes, got ${s.labels.length} (${s.labels.join(', ')}); use 'macro', 'micro' or 'weighted'`);
    }
    const i = s.labels.indexOf(pos);
    return i < 0 ? zd : values[i]!;
  }
  if (average === 'macro') return values.reduce((a, v) => a + v, 0) / values.length;
  if (average === 'weighted') {
    const total = s.support.reduce((a, v) => a + v, 0);
    return total > 0 ? values.reduce((a, v, i) => a + v * s.support[i]!, 0) / total : zd;
  }
  throw new ConfigError(`${op}: average must be 'binary', 'macro', 'micro' or 'weighted', got ${JSON.stringify(average)}`);
}

/** Precision tp / (tp + fp). @example nb.ml.precisionScore(y, pred, { average: 'macro' }) */
export function precisionScore(yTrue: Targets, yPred: Targets, options: ClassificationScoreOptions = {}): number {
  return averaged('precisionScore', 'precision', yTrue, yPred, options);
}

/** Recall tp / (tp + fn). */
export function recallScore(yTrue: Targets, yPred: Targets, options: ClassificationScoreOptions = {}): number {
  return averaged('recallScore', 'recall', yTrue, yPred, options);
}

/** F1, the harmonic mean of precision and recall (per class, then averaged). */
export function f1Score(yTrue: Targets, yPred: Targets, options: ClassificationScoreOptions = {}): number {
  return averaged('f1Score', 'f1', yTrue, yPred, options);
}

/** Ranks (1-based, ties averaged) of the values. */
function ranks(v: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]!] === v[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Binary AUC: the probability a random positive scores above a random negative (ties count half). */
function binaryAuc(op: string, positive: boolean[], score: ArrayLike<number>): number {
  const r = ranks(score);
  let nPos = 0;
  let sum = 0;
  positive.forEach((p, i) => {
    if (p) {
      nPos++;
      sum += r[i]!;
    }
  });
  const nNeg = positive.length - nPos;
  if (nPos === 0 || nNeg === 0) throw new ConfigError(`${op}: ROC AUC needs both classes in yTrue; got only ${nPos === 0 ? 'negatives' : 'positives'}`);
  return (sum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Area under the ROC curve. Binary: `yScore` is one score per sample (higher = more positive;
 * the positive class is the larger label). Multi-class: `yScore` is [n, C] probabilities in the
 * order of the sorted labels, averaged one-vs-rest ('macro' by default, or 'weighted').
 * @example nb.ml.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAucScore(yTrue: Targets, yScore: Targets | Features, options: { average?: 'macro' | 'weighted' } = {}): number {
  checkOptions('rocAucScore', options, ['average']);
  const y = toVec('rocAucScore', 'yTrue', yTrue);
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const is2d = yScore instanceof Tensor ? yScore.rank === 2 && yScore.shape[1]! > 1 : Array.isArray(yScore[0]);
  if (!is2d) {
    const s = toVec('rocAucScore', 'yScore', yScore as Targets, y.length);
    if (classes.length > 2) throw new ConfigError(`rocAucScore: yTrue has ${classes.length} classes; pass [n, C] scores for a multi-class AUC`);
    return binaryAuc('rocAucScore', Array.from(y, (v) => v === classes[classes.length - 1]), s);
  }
  const m = toMat('rocAucScore', 'yScore', yScore as Features);
  if (m.rows !== y.length || m.cols !== classes.length) {
    throw new ShapeError(`rocAucScore: yScore must be [${y.length}, ${classes.length}] (samples × classes), got [${m.rows}, ${m.cols}]`);
  }
  let total = 0;
  let weight = 0;
  classes.forEach((c, k) => {
    const pos = Array.from(y, (v) => v === c);
    const col = Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + k]!);
    const w = options.average === 'weighted' ? pos.filter(Boolean).length : 1;
    total += w * binaryAuc('rocAucScore', pos, col);
    weight += w;
  });
  return total / weight;
}

/**
 * The ROC curve of binary scores: false- and true-positive rates at each distinct threshold
 * (descending), starting from (0, 0).
 */
export function rocCurve(yTrue: Targets, yScore: Targets, options: { posLabel?: number } = {}): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  checkOptions('rocCurve', options, ['posLabel']);
  const [y, s] = pair('rocCurve', yTrue, yScore);
  const pos = options.posLabel ?? Math.max(...y);
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => s[b]! - s[a]!);
  const P = y.reduce((n, v) => n + (v === pos ? 1 : 0), 0);
  const N = y.length - P;
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (y[order[i]!] === pos) tp++;
    else fp++;
    if (i === order.length - 1 || s[order[i + 1]!] !== s[order[i]!]) {
      fpr.push(N > 0 ? fp / N : 0);
      tpr.push(P > 0 ? tp / P : 0);
      thresholds.push(s[order[i]!]!);
    }
  }
  return { fpr, tpr, thresholds };
}

/** Mean of squared differences. */
export function meanSquaredError(yTrue: Targets, yPred: Targets): number {
  const [a, b] = pair('meanSquaredError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s / a.length;
}

/** Mean of absolute differences. */
export function meanAbsoluteError(yTrue: Targets, yPred: Targets): number {
  const [a, b] = pair('meanAbsoluteError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/** Coefficient of determination 1 − SS_res / SS_tot (1 is perfect; 0 predicts no better than the mean). */
export function r2Score(yTrue: Targets, yPred: Targets): number {
  const [a, b] = pair('r2Score', yTrue, yPred);
  let mean = 0;
  for (const v of a) mean += v;
  mean /= a.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < a.length; i++) {
    res += (a[i]! - b[i]!) ** 2;
    tot += (a[i]! - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Short names, as the issue lists them. */
export { accuracyScore as accuracy, meanSquaredError as mse, meanAbsoluteError as mae, r2Score as r2 };
