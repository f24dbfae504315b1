/**
 * Where the loops get their batches: tensors (shuffled per epoch when asked) or a batch source,
 * as `EpochData`, plus the checks fit runs on tensor data before the first step (no samples,
 * non-finite values, labels outside the output's classes) so a bad row is named by its index in the
 * data set, not in a shuffled batch.
 */
import { DataError, DTypeError, fmtShape } from '../errors.js';
import { getGenerator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { ArrayData, type Batch, type BatchSource, iterateSource } from './data-adapter.js';
import type { StepBatch } from './steps.js';
import type { Model } from './model.js';

/** A source of batches for one pass: tensors (shuffled per epoch when asked) or a batch source. */
export interface EpochData {
  readonly numBatches: number | null;
  readonly samples: number | null;
  readonly batchSize: number | null;
  pass(shuffle: boolean): Iterable<Batch> | AsyncIterable<Batch>;
}

export function arrayEpochs(data: ArrayData, batchSize: number): EpochData {
  return {
    numBatches: data.numBatches(batchSize),
    samples: data.n,
    batchSize,
    pass: (shuffle) => data.batches(batchSize, shuffle ? getGenerator().permutation(data.n) : null),
  };
}

/** Batches from a source; with `steps`, each pass takes that many, continuing (and restarting) the source's iterator. */
export function sourceEpochs(op: string, source: BatchSource, model: Model, steps: number | null): EpochData {
  const known = typeof source.numBatches === 'number' ? source.numBatches : null;
  let it: AsyncIterator<Batch> | null = null;
  const fresh = () => iterateSource(op, source, model.inputNames, model.outputNames);
  return {
    numBatches: steps ?? known,
    samples: null,
    batchSize: null,
    pass: (): AsyncIterable<Batch> => {
      if (steps === null) return fresh();
      return {
        async *[Symbol.asyncIterator]() {
          for (let s = 0; s < steps; s++) {
            it ??= fresh();
            let r = await it.next();
            if (r.done) {
              it = fresh();
              r = await it.next();
              if (r.done) throw new DataError(`${op}: the batch source yielded no batches`);
            }
            yield r.value;
          }
        },
      };
    },
  };
}

export function toEpochData(op: string, data: ArrayData | BatchSource, model: Model, batchSize: number, steps: number | null): EpochData {
  return data instanceof ArrayData ? arrayEpochs(data, batchSize) : sourceEpochs(op, data, model, steps);
}

/** The step's view of a loop batch, with sample weights already combined with class weights. */
export function stepBatch(b: Batch, sampleWeight: Tensor | null): StepBatch {
  return { xs: b.xs, ys: b.ys, x: b.xs[0]!, y: b.ys[0] ?? null, sampleWeight, size: b.size };
}

/** Refuses data with no samples. */
export function checkNotEmpty(op: string, data: ArrayData): void {
  if (data.n === 0) throw new DataError({ op, arg: 'x', detail: 'x has no samples (axis 0 has size 0); there is nothing to train on', code: 'E_DATA_EMPTY' });
}

/** The first NaN or ±Infinity in the inputs and targets, named by its sample index; scanned once before training. */
export function checkFiniteData(op: string, data: ArrayData): void {
  const groups: [string, Tensor[]][] = [['x', data.xs], ['y', data.ys]];
  if (data.sampleWeight) groups.push(['sampleWeight', [data.sampleWeight]]);
  for (const [name, list] of groups) {
    list.forEach((t, k) => {
      if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
      const d = t.data();
      for (let i = 0; i < d.length; i++) {
        const v = d[i]!;
        if (v - v !== 0) {
          const row = Math.floor(i / (t.size / t.shape[0]!));
          throw new DataError({
            op,
            detail: `${name}${list.length > 1 ? `[${k}]` : ''} holds ${v} in sample ${row} (flat index ${i})`,
            hint: 'clean or impute the data first (or pass checkData: false to skip this scan)',
            code: 'E_DATA_NONFINITE',
          });
        }
      }
    });
  }
}

/**
 * For outputs trained with a sparse categorical loss: labels must be integers in [0, classes), not
 * bool; a bad label is named by its sample index.
 */
export function checkSparseLabels(op: string, model: Model, lossNames: readonly string[], data: ArrayData): void {
  lossNames.forEach((name, i) => {
    if (!/^sparsecategorical/i.test(name.replace(/_/g, ''))) return;
    const y = data.ys[i];
    if (!y) return;
    if (y.dtype === 'bool') {
      throw new DTypeError({ op, arg: `y${data.ys.length > 1 ? `[${i}]` : ''}`, expected: `integer class labels for ${name} (int32 or whole floats), not bool`, received: y });
    }
    const shape = model.outputShapes[i];
    const classes = shape ? shape[shape.length - 1] : null;
    const d = y.data();
    for (let k = 0; k < d.length; k++) {
      const v = d[k]!;
      if (!Number.isInteger(v) || v < 0 || (typeof classes === 'number' && v >= classes)) {
        const range = typeof classes === 'number' ? `[0, ${classes})` : 'the non-negative integers';
        throw new DataError({
          op,
          detail: `label ${v} of sample ${Math.floor(k / Math.max(1, y.size / y.shape[0]!))} is outside ${range}${typeof classes === 'number' ? ` (the output has ${classes} classes, shape ${fmtShape(shape!)})` : ''}`,
          code: 'E_DATA_LABEL',
        });
      }
    }
  });
}
