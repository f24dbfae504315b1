/**
 * Streaming metrics for `compile({ metrics })`: each accumulates a (sample-weighted) mean over
 * batches straight from the typed arrays of targets and predictions, with no per-sample tensors.
 *
 * @example model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })
 * @example metrics: [nb.metrics.sparseTopKCategoricalAccuracy({ k: 3 })]
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { type JsonObject, type Serialized, NameTable, nameKey } from '../nn/options.js';
import { checkNumber, checkOptions } from '../check.js';

export interface Metric {
  /** Key in the training logs (`accuracy`, `val_accuracy`). */
  readonly name: string;
  readonly className: string;
  getConfig(): JsonObject;
  reset(): void;
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  result(): number;
}

type RowFn = (yt: TypedArray, yp: TypedArray, row: number, width: number) => number;

/** A weighted mean of one value per row (a row is a sample, or a time step of a sequence). */
abstract class RowMeanMetric implements Metric {
  abstract readonly className: string;
  private total = 0;
  private count = 0;
  constructor(readonly name: string) {}
  abstract getConfig(): JsonObject;
  /** How many target values each row has, given the prediction row width (1: a label, width: dense targets). */
  protected abstract targetWidth(predWidth: number): number;
  protected abstract row: RowFn;

  reset(): void {
    this.total = 0;
    this.count = 0;
  }

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const width = yPred.rank >= 2 ? yPred.shape[yPred.rank - 1]! : 1;
    const rows = width === 0 ? 0 : yPred.size / width;
    const tw = this.targetWidth(width);
    if (yTrue.size !== rows * tw) {
      throw new ShapeError(`metric '${this.name}': targets of shape ${fmtShape(yTrue.shape)} do not fit predictions of shape ${fmtShape(yPred.shape)}`);
    }
    const yt = yTrue.data();
    const yp = yPred.data();
    const w = sampleWeight ? sampleWeight.data() : null;
    const n = yPred.rank >= 1 ? yPred.shape[0]! : 1;
    const perSample = n === 0 ? 1 : rows / n;
    for (let r = 0; r < rows; r++) {
      const wi = w ? w[Math.floor(r / perSample)]! : 1;
      if (wi === 0) continue;
      this.total += wi * this.row(yt, yp, r, width);
      this.count += wi;
    }
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

function argmaxRow(a: TypedArray, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (a[offset + j]! > a[offset + best]!) best = j;
  return best;
}

/** Fraction of predictions on the right side of `threshold` (targets 0/1). */
export class BinaryAccuracy extends RowMeanMetric {
  readonly className = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(options: { threshold?: number; name?: string } = {}) {
    checkOptions('binaryAccuracy', options, ['threshold', 'name']);
    super(options.name ?? 'binaryAccuracy');
    this.threshold = checkNumber('binaryAccuracy', 'threshold', options.threshold ?? 0.5);
  }
  getConfig(): JsonObject {
    return { threshold: this.threshold, name: this.name };
  }
  protected targetWidth(w: number): number {
    return w;
  }
  protected row: RowFn = (yt, yp, r, width) => {
    let hits = 0;
    for (let j = 0; j < width; j++) hits += (yp[r * width + j]! > this.threshold) === (yt[r * width + j]! > 0.5) ? 1 : 0;
    return hits / width;
  };
}

/** Fraction of rows whose predicted argmax equals the one-hot target's argmax. */
export class CategoricalAccuracy extends RowMeanMetric {
  readonly className = 'CategoricalAccuracy';
  constructor(options: { name?: string } = {}) {
    checkOptions('categoricalAccuracy', options, ['name']);
    super(options.name ?? 'categoricalAccuracy');
  }
  getConfig(): JsonObject {
    return { name: this.name };
  }
  protected targetWidth(w: number): number {
    return w;
  }
  protected row: RowFn = (yt, yp, r, width) => (argmaxRow(yp, r * width, width) === argmaxRow(yt, r * width, width) ? 1 : 0);
}

/** Fraction of rows whose predicted argmax equals the integer label. */
export class SparseCategoricalAccuracy extends RowMeanMetric {
  readonly className = 'SparseCategoricalAccuracy';
  constructor(options: { name?: string } = {}) {
    checkOptions('sparseCategoricalAccuracy', options, ['name']);
    super(options.name ?? 'sparseCategoricalAccuracy');
  }
  getConfig(): JsonObject {
    return { name: this.name };
  }
  protected targetWidth(): number {
    return 1;
  }
  protected row: RowFn = (yt, yp, r, width) => (argmaxRow(yp, r * width, width) === yt[r] ? 1 : 0);
}

/** Whether the target class is among the `k` highest predictions (ties resolved in the target's favour only if strictly fewer than k are larger). */
function inTopK(yp: TypedArray, offset: number, width: number, target: number, k: number): boolean {
  const v = yp[offset + target]!;
  let larger = 0;
  for (let j = 0; j < width; j++) if (yp[offset + j]! > v) larger++;
  return larger < k;
}

/** Fraction of rows whose one-hot target is among the top k predictions (default k = 5). */
export class TopKCategoricalAccuracy extends RowMeanMetric {
  readonly className = 'TopKCategoricalAccuracy';
  readonly k: number;
  constructor(options: { k?: number; name?: string } = {}) {
    checkOptions('topKCategoricalAccuracy', options, ['k', 'name']);
    super(options.name ?? 'topKCategoricalAccuracy');
    this.k = checkNumber('topKCategoricalAccuracy', 'k', options.k ?? 5, { integer: true, min: 1 });
  }
  getConfig(): JsonObject {
    return { k: this.k, name: this.name };
  }
  protected targetWidth(w: number): number {
    return w;
  }
  protected row: RowFn = (yt, yp, r, width) => (inTopK(yp, r * width, width, argmaxRow(yt, r * width, width), this.k) ? 1 : 0);
}

/** Fraction of rows whose integer label is among the top k predictions (default k = 5). */
export class SparseTopKCategoricalAccuracy extends RowMeanMetric {
  readonly className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;
  constructor(options: { k?: number; name?: string } = {}) {
    checkOptions('sparseTopKCategoricalAccuracy', options, ['k', 'name']);
    super(options.name ?? 'sparseTopKCategoricalAccuracy');
    this.k = checkNumber('sparseTopKCategoricalAccuracy', 'k', options.k ?? 5, { integer: true, min: 1 });
  }
  getConfig(): JsonObject {
    return { k: this.k, name: this.name };
  }
  protected targetWidth(): number {
    return 1;
  }
  protected row: RowFn = (yt, yp, r, width) => {
    const t = yt[r]!;
    return Number.isInteger(t) && t >= 0 && t < width && inTopK(yp, r * width, width, t, this.k) ? 1 : 0;
  };
}

/** Mean squared error. */
export class MeanSquaredError extends RowMeanMetric {
  readonly className = 'MeanSquaredError';
  constructor(options: { name?: string } = {}) {
    checkOptions('meanSquaredError', options, ['name']);
    super(options.name ?? 'mse');
  }
  getConfig(): JsonObject {
    return { name: this.name };
  }
  protected targetWidth(w: number): number {
    return w;
  }
  protected row: RowFn = (yt, yp, r, width) => {
    let s = 0;
    for (let j = 0; j < width; j++) {
      const d = yp[r * width + j]! - yt[r * width + j]!;
      s += d * d;
    }
    return s / width;
  };
}

/** Mean absolute error. */
export class MeanAbsoluteError extends RowMeanMetric {
  readonly className = 'MeanAbsoluteError';
  constructor(options: { name?: string } = {}) {
    checkOptions('meanAbsoluteError', options, ['name']);
    super(options.name ?? 'mae');
  }
  getConfig(): JsonObject {
    return { name: this.name };
  }
  protected targetWidth(w: number): number {
    return w;
  }
  protected row: RowFn = (yt, yp, r, width) => {
    let s = 0;
    for (let j = 0; j < width; j++) s += Math.abs(yp[r * width + j]! - yt[r * width + j]!);
    return s / width;
  };
}

const SPARSE_LOSSES = new Set(['sparsecategoricalcrossentropy', 'negativeloglikelihood']);
const BINARY_LOSSES = new Set(['binarycrossentropy', 'hinge', 'squaredhinge']);
const CATEGORICAL_LOSSES = new Set(['categoricalcrossentropy', 'categoricalhinge', 'kldivergence']);

/** 'accuracy': binary, categorical or sparse, chosen from the loss (else the shapes) at the first update, as Keras does. */
export class Accuracy implements Metric {
  readonly className = 'Accuracy';
  private inner: Metric | null = null;
  constructor(
    readonly name = 'accuracy',
    private readonly lossName: string | null = null,
  ) {}
  getConfig(): JsonObject {
    return { name: this.name };
  }
  /** The concrete accuracy in use, once the first batch has been seen. */
  get resolved(): Metric | null {
    return this.inner;
  }
  reset(): void {
    this.inner?.reset();
  }
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    if (!this.inner) {
      const key = this.lossName ? nameKey(this.lossName) : '';
      const width = yPred.rank >= 2 ? yPred.shape[yPred.rank - 1]! : 1;
      let kind: 'binary' | 'categorical' | 'sparse';
      if (SPARSE_LOSSES.has(key)) kind = 'sparse';
      else if (BINARY_LOSSES.has(key)) kind = 'binary';
      else if (CATEGORICAL_LOSSES.has(key)) kind = 'categorical';
      else if (width === 1) kind = 'binary';
      else kind = yTrue.size === yPred.size ? 'categorical' : 'sparse';
      this.inner =
        kind === 'binary'
          ? new BinaryAccuracy({ name: this.name })
          : kind === 'categorical'
            ? new CategoricalAccuracy({ name: this.name })
            : new SparseCategoricalAccuracy({ name: this.name });
    }
    this.inner.update(yTrue, yPred, sampleWeight);
  }
  result(): number {
    return this.inner ? this.inner.result() : 0;
  }
}

/** A running mean of scalars, weighted (the logged loss: weighted by batch size). */
export class Mean {
  private total = 0;
  private count = 0;
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
  update(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

type Factory = (o: JsonObject) => Metric;
const TABLE = new NameTable<Factory>('metric');
TABLE.set('binaryAccuracy', (o) => new BinaryAccuracy(o as never));
TABLE.set('categoricalAccuracy', (o) => new CategoricalAccuracy(o as never));
TABLE.set('sparseCategoricalAccuracy', (o) => new SparseCategoricalAccuracy(o as never));
TABLE.set('topKCategoricalAccuracy', (o) => new TopKCategoricalAccuracy(o as never), ['topK', 'topKAccuracy']);
TABLE.set('sparseTopKCategoricalAccuracy', (o) => new SparseTopKCategoricalAccuracy(o as never), ['sparseTopK']);
TABLE.set('meanSquaredError', (o) => new MeanSquaredError(o as never), ['mse']);
TABLE.set('meanAbsoluteError', (o) => new MeanAbsoluteError(o as never), ['mae']);

/** A metric spec as `compile` takes it: a name, or a Metric object. */
export type MetricSpec = string | Metric;

/**
 * Resolves a metric spec. Names keep the spelling given as their log key ('acc' logs as 'acc');
 * 'accuracy'/'acc' pick the variant that fits `lossName`.
 */
export function getMetric(spec: MetricSpec | Serialized, lossName: string | null = null): Metric {
  if (typeof spec === 'string') {
    const k = nameKey(spec);
    if (k === 'accuracy' || k === 'acc') return new Accuracy(spec, lossName);
    return TABLE.get('compile: metrics', spec).value({ name: spec });
  }
  if (spec && typeof spec === 'object' && 'update' in spec && typeof spec.update === 'function') return spec;
  if (spec && typeof spec === 'object' && 'className' in spec && typeof spec.className === 'string') {
    const s = spec as Serialized;
    if (s.className === 'Accuracy') return new Accuracy(String(s.config?.name ?? 'accuracy'), lossName);
    return TABLE.get('metrics', s.className).value(s.config ?? {});
  }
  throw new ConfigError(`compile: metrics entries must be names or Metric objects, got ${JSON.stringify(spec)}`);
}

/** Fraction of predictions on the right side of `threshold`. */
export const binaryAccuracy = (options: { threshold?: number; name?: string } = {}): Metric => new BinaryAccuracy(options);
export const categoricalAccuracy = (options: { name?: string } = {}): Metric => new CategoricalAccuracy(options);
export const sparseCategoricalAccuracy = (options: { name?: string } = {}): Metric => new SparseCategoricalAccuracy(options);
/** @example nb.metrics.topKCategoricalAccuracy({ k: 3 }) */
export const topKCategoricalAccuracy = (options: { k?: number; name?: string } = {}): Metric => new TopKCategoricalAccuracy(options);
export const sparseTopKCategoricalAccuracy = (options: { k?: number; name?: string } = {}): Metric => new SparseTopKCategoricalAccuracy(options);
export const meanSquaredError = (options: { name?: string } = {}): Metric => new MeanSquaredError(options);
export const meanAbsoluteError = (options: { name?: string } = {}): Metric => new MeanAbsoluteError(options);
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
/** 'accuracy' that adapts to the loss (binary, categorical or sparse). */
export const accuracy = (options: { name?: string } = {}): Metric => new Accuracy(options.name ?? 'accuracy');
