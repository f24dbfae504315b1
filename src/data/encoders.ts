/** Encoding labels: strings (or any values) ↔ integer codes, and integer codes → one-hot rows. */
import { ConfigError, DataError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { oneHot as oneHotOp } from '../ops/shape.js';
import type { DType } from '../tensor/dtype.js';
import { labelsOf } from './split.js';

export type Label = string | number;

function preview(values: readonly Label[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v));
  return `[${shown.join(', ')}${values.length > 10 ? `, … (${values.length} in all)` : ''}]`;
}

/**
 * Maps labels to integer codes 0..k-1, in sorted order of the distinct labels (scikit-learn's
 * LabelEncoder). @example const enc = nb.data.labelEncoder().fit(['cat', 'dog', 'cat']); enc.transform(['dog']) // int32 [1]
 */
export class LabelEncoder {
  private classList: Label[] | null = null;
  private index = new Map<Label, number>();

  /** The distinct labels seen by fit, sorted; code i stands for classes[i]. */
  get classes(): readonly Label[] {
    if (!this.classList) throw new ConfigError('LabelEncoder.classes: call fit(labels) first');
    return this.classList;
  }

  /** Number of distinct labels. */
  get numClasses(): number {
    return this.classes.length;
  }

  /** Learns the distinct labels (all strings or all numbers). */
  fit(labels: readonly Label[]): this {
    if (!Array.isArray(labels)) throw new ConfigError(`LabelEncoder.fit: expected an array of labels, got ${typeof labels}`);
    if (labels.length === 0) throw new DataError('LabelEncoder.fit: no labels given');
    const kind = typeof labels[0];
    for (let i = 0; i < labels.length; i++) {
      const t = typeof labels[i];
      if ((t !== 'string' && t !== 'number') || t !== kind) {
        throw new DataError(`LabelEncoder.fit: labels must be all strings or all numbers; label ${i} is ${JSON.stringify(labels[i])} (${t}), label 0 is ${kind}`);
      }
    }
    const distinct = [...new Set(labels)];
    distinct.sort(kind === 'number' ? (a, b) => (a as number) - (b as number) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.classList = distinct;
    this.index = new Map(distinct.map((c, i) => [c, i]));
    return this;
  }

  /** The codes of `labels` as an int32 tensor [n]; an unseen label is a DataError. */
  transform(labels: readonly Label[]): Tensor {
    const classes = this.classes;
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const code = this.index.get(labels[i]!);
      if (code === undefined) {
        throw new DataError(`LabelEncoder.transform: label ${JSON.stringify(labels[i])} at index ${i} was not seen by fit; known labels: ${preview(classes)}`);
      }
      out[i] = code;
    }
    return new Tensor(out, [labels.length], 'int32');
  }

  /** `fit(labels)` then `transform(labels)`. */
  fitTransform(labels: readonly Label[]): Tensor {
    return this.fit(labels).transform(labels);
  }

  /** The labels of integer `codes`. */
  inverseTransform(codes: Tensor | ArrayLike<number>): Label[] {
    const classes = this.classes;
    const values = labelsOf('LabelEncoder.inverseTransform', codes, 'codes');
    return Array.from({ length: values.length }, (_, i) => {
      const c = values[i]!;
      if (c < 0 || c >= classes.length) throw new DataError(`LabelEncoder.inverseTransform: code ${c} at index ${i} is outside [0, ${classes.length})`);
      return classes[c]!;
    });
  }
}

/** A label encoder. @example nb.data.labelEncoder().fitTransform(['setosa', 'virginica']) */
export function labelEncoder(): LabelEncoder {
  return new LabelEncoder();
}

/**
 * One-hot rows for integer labels (Keras's to_categorical): [n] → [n, numClasses] float32.
 * `numClasses` defaults to the largest label + 1. @example nb.data.toCategorical(y, 10)
 */
export function toCategorical(labels: Tensor | ArrayLike<number>, numClasses?: number, dtype: DType = 'float32'): Tensor {
  const values = labelsOf('toCategorical', labels);
  let depth = numClasses;
  if (depth === undefined) {
    depth = 0;
    for (let i = 0; i < values.length; i++) depth = Math.max(depth, values[i]! + 1);
    if (depth === 0) throw new DataError('toCategorical: no labels to infer numClasses from; pass numClasses');
  }
  const t = labels instanceof Tensor ? labels : new Tensor(Int32Array.from(values), [values.length], 'int32');
  return oneHotOp(t, depth, { dtype });
}

/** Alias of `toCategorical`. */
export const oneHot = toCategorical;
