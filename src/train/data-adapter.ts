/**
 * Turns what `fit`/`evaluate`/`predict` are given into batches: tensors (sliced by cheap typed-array
 * copies, or zero-copy views when not shuffled) or a batch source: any sync or async iterable of
 * `{x, y}` batches (a Dataset from `data/` is one). Nothing here converts data per sample.
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { type TensorLike, toTensor } from '../ops/create.js';

/** One batch from a batch source. */
export interface TrainingBatch {
  x: Tensor | Tensor[];
  y?: Tensor | Tensor[];
  sampleWeight?: Tensor | null;
}

/** A batch as a source may yield it: an object or an `[x, y]` / `[x, y, sampleWeight]` tuple. */
export type BatchLike = TrainingBatch | readonly [Tensor | Tensor[], (Tensor | Tensor[])?, (Tensor | null)?];

/**
 * Anything that yields batches, once per pass (iterated afresh each epoch): an array, a generator,
 * an async generator, or a Dataset. `numBatches`, when present, sizes the progress bar.
 */
export type BatchSource = (Iterable<BatchLike> | AsyncIterable<BatchLike>) & { readonly numBatches?: number };

/** Model inputs or targets: one tensor, a list (one per model input/output), or a record by name. */
export type TensorData = TensorLike | Tensor[] | Record<string, Tensor>;

/** A batch in the form the loops use. */
export interface Batch {
  xs: Tensor[];
  ys: Tensor[];
  weights: Tensor | null;
  size: number;
}

export function isBatchSource(x: unknown): x is BatchSource {
  if (x === null || typeof x !== 'object' || x instanceof Tensor) return false;
  if (Array.isArray(x)) return x.length > 0 && x.every((e) => isBatchLike(e));
  return Symbol.asyncIterator in x || Symbol.iterator in x;
}

function isBatchLike(e: unknown): boolean {
  if (e === null || typeof e !== 'object' || e instanceof Tensor) return false;
  if (Array.isArray(e)) {
    const first: unknown = e[0];
    return e.length >= 1 && e.length <= 3 && (first instanceof Tensor || (Array.isArray(first) && first.every((t) => t instanceof Tensor)));
  }
  return 'x' in e;
}

/** Normalises model inputs/targets to a list ordered like `names`. */
export function toTensorList(op: string, what: string, data: TensorData, names: readonly string[]): Tensor[] {
  if (data instanceof Tensor) return [data];
  if (Array.isArray(data) && data.length > 0 && data.every((d) => d instanceof Tensor)) return data as Tensor[];
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && !ArrayBuffer.isView(data)) {
    const rec = data as Record<string, Tensor>;
    const missing = names.filter((n) => !(n in rec));
    const extra = Object.keys(rec).filter((k) => !names.includes(k));
    if (missing.length || extra.length) {
      throw new ConfigError(`${op}: ${what} by name must have exactly the keys ${names.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}`);
    }
    return names.map((n) => rec[n]!);
  }
  return [toTensor(data as TensorLike)];
}

/** Rows [begin, end) of `t` along axis 0 as a view (no copy). */
export function rowView(t: Tensor, begin: number, end: number): Tensor {
  const row = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  return new Tensor(t.data().subarray(begin * row, end * row), [end - begin, ...t.shape.slice(1)], t.dtype);
}

/** Rows `idx[begin..end)` of `t` gathered into a new tensor (one block copy per row). */
export function takeRows(t: Tensor, idx: Int32Array, begin: number, end: number): Tensor {
  const row = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  const src = t.data();
  const out = allocate(t.dtype, (end - begin) * row);
  if (row === 1) for (let i = begin; i < end; i++) out[i - begin] = src[idx[i]!]!;
  else for (let i = begin; i < end; i++) out.set(src.subarray(idx[i]! * row, (idx[i]! + 1) * row) as never, (i - begin) * row);
  return new Tensor(out, [end - begin, ...t.shape.slice(1)], t.dtype);
}

/** Tensors sharing a first (sample) axis, batched in order or in a given permutation. */
export class ArrayData {
  readonly n: number;
  constructor(
    readonly xs: Tensor[],
    readonly ys: Tensor[],
    readonly sampleWeight: Tensor | null,
    op = 'fit',
  ) {
    const all: [string, number, Tensor][] = [...xs.map((t, i): [string, number, Tensor] => ['x', i, t]), ...ys.map((t, i): [string, number, Tensor] => ['y', i, t])];
    if (sampleWeight) all.push(['sampleWeight', 0, sampleWeight]);
    for (const [, , t] of all) if (t.rank === 0) throw new ShapeError(`${op}: data must have a sample axis first, got a 0-d tensor`);
    this.n = xs[0]!.shape[0]!;
    for (const [name, i, t] of all) {
      if (t.shape[0] !== this.n) {
        const desc = all.map(([nm, j, u]) => `${nm}${all.filter((a) => a[0] === nm).length > 1 ? `[${j}]` : ''} ${fmtShape(u.shape)}`).join(', ');
        throw new ShapeError(`${op}: every input, target and weight needs the same number of samples (axis 0); ${name}${i ? `[${i}]` : ''} differs: ${desc}`);
      }
    }
  }

  /** The samples [begin, end), sharing storage. */
  slice(begin: number, end: number): ArrayData {
    return new ArrayData(
      this.xs.map((t) => rowView(t, begin, end)),
      this.ys.map((t) => rowView(t, begin, end)),
      this.sampleWeight ? rowView(this.sampleWeight, begin, end) : null,
    );
  }

  numBatches(batchSize: number): number {
    return Math.ceil(this.n / batchSize);
  }

  /** Batches of `batchSize` (the last may be smaller), in `order` if given. */
  *batches(batchSize: number, order: Int32Array | null): Generator<Batch> {
    for (let b = 0; b < this.n; b += batchSize) {
      const e = Math.min(b + batchSize, this.n);
      const pick = (t: Tensor) => (order ? takeRows(t, order, b, e) : rowView(t, b, e));
      yield { xs: this.xs.map(pick), ys: this.ys.map(pick), weights: this.sampleWeight ? pick(this.sampleWeight) : null, size: e - b };
    }
  }
}

/** Normalises one yielded batch. */
export function normalizeBatch(op: string, b: BatchLike, inputNames: readonly string[], outputNames: readonly string[]): Batch {
  let x: Tensor | Tensor[];
  let y: Tensor | Tensor[] | undefined;
  let w: Tensor | null | undefined;
  if (Array.isArray(b)) [x, y, w] = b as [Tensor | Tensor[], (Tensor | Tensor[])?, (Tensor | null)?];
  else if (b && typeof b === 'object' && 'x' in b) ({ x, y, sampleWeight: w } = b as TrainingBatch);
  else throw new ConfigError(`${op}: a batch source must yield {x, y} objects or [x, y] pairs, got ${b === null ? 'null' : typeof b}`);
  const xs = toTensorList(op, 'x', x as TensorData, inputNames);
  const ys = y === undefined ? [] : toTensorList(op, 'y', y as TensorData, outputNames);
  const size = xs[0]?.shape[0] ?? 0;
  return { xs, ys, weights: w ?? null, size };
}

/** Iterates a batch source (sync or async) as an async iterator of normalised batches. */
export async function* iterateSource(op: string, source: BatchSource, inputNames: readonly string[], outputNames: readonly string[]): AsyncGenerator<Batch> {
  for await (const b of source as AsyncIterable<BatchLike>) yield normalizeBatch(op, b, inputNames, outputNames);
}

/**
 * Per-sample weights from a class-weight table and the targets of a batch: integer labels ([N] or
 * [N, 1]), one-hot rows (argmax) or 0/1 probabilities (rounded).
 */
export function classWeightsFor(op: string, y: Tensor, classWeight: Readonly<Record<number, number>>): Tensor {
  const n = y.shape[0]!;
  const d = y.data();
  const out = new Float32Array(n);
  const width = n === 0 ? 1 : y.size / n;
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (width === 1) cls = y.dtype === 'int32' ? d[i]! : Math.round(d[i]!);
    else {
      let best = 0;
      for (let j = 1; j < width; j++) if (d[i * width + j]! > d[i * width + best]!) best = j;
      cls = best;
    }
    const w = classWeight[cls];
    out[i] = w === undefined ? 1 : w;
  }
  return new Tensor(out, [n], 'float32');
}
