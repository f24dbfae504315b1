/**
 * Pairwise distances in blocks and exact k-nearest-neighbour search. Euclidean and cosine
 * distances go through the backend's matrix product (‖a‖² + ‖b‖² − 2a·b), a block of query rows
 * at a time, so a faster matmul kernel speeds every caller up; Manhattan is a direct loop.
 */
import { ConfigError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { noGrad } from '../autograd/index.js';
import { cast, matmulT } from '../primitives/index.js';
import { type Features, toMat } from './util.js';

export type Metric = 'euclidean' | 'manhattan' | 'cosine';
export const METRICS: readonly Metric[] = ['euclidean', 'manhattan', 'cosine'];

/**
 * Points for distance computations: a float tensor (float32 tensors stay float32, so a fast
 * float32 matmul applies; arrays become float64), with row norms precomputed.
 */
export interface Points {
  t: Tensor;
  rows: number;
  cols: number;
  /** ‖row‖² (euclidean) or 1 / ‖row‖ (cosine), in float64. */
  aux: Float64Array;
}

/** Prepares features for `metric`. Cosine rows are scaled to unit length (zero rows stay zero). */
export function toPoints(op: string, name: string, x: Features, metric: Metric): Points {
  let t: Tensor;
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${op}: ${name} must be 2-D (samples × features), got shape ${fmtShape(x.shape)}`);
    if (x.dtype === 'bool') throw new DTypeError(`${op}: ${name} must be numeric, got a bool tensor`);
    t = isFloat(x.dtype) ? x.detach() : noGrad(() => cast(x, 'float32'));
  } else {
    const m = toMat(op, name, x);
    t = new Tensor(m.data, [m.rows, m.cols], 'float64');
  }
  const rows = t.shape[0]!;
  const cols = t.shape[1]!;
  const d = t.data();
  const aux = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = i * cols; j < (i + 1) * cols; j++) s += d[j]! * d[j]!;
    aux[i] = s;
  }
  if (metric === 'cosine') {
    const scaled = t.dtype === 'float64' ? new Float64Array(d.length) : new Float32Array(d.length);
    for (let i = 0; i < rows; i++) {
      const inv = aux[i]! > 0 ? 1 / Math.sqrt(aux[i]!) : 0;
      for (let j = i * cols; j < (i + 1) * cols; j++) scaled[j] = d[j]! * inv;
      aux[i] = inv > 0 ? 1 : 0;
    }
    t = new Tensor(scaled, [rows, cols], t.dtype);
  }
  return { t, rows, cols, aux };
}

/** Rows [start, start + count) of a 2-D tensor, sharing storage. */
function rowBlock(t: Tensor, start: number, count: number): Tensor {
  const cols = t.shape[1]!;
  return new Tensor(t.data().subarray(start * cols, (start + count) * cols), [count, cols], t.dtype);
}

/**
 * Calls `fn(start, count, block)` for consecutive blocks of query rows, with `block` the
 * [count, data.rows] distances (squared for euclidean when `squared` is set) in float64.
 */
export function forEachDistanceBlock(
  q: Points,
  data: Points,
  metric: Metric,
  fn: (start: number, count: number, block: Float64Array) => void,
  options: { squared?: boolean; blockRows?: number } = {},
): void {
  if (q.cols !== data.cols) throw new ShapeError(`distances: queries have ${q.cols} features but the data has ${data.cols}`);
  const n = data.rows;
  // Blocks of about 4 million distances keep memory bounded whatever n is.
  const blockRows = options.blockRows ?? Math.max(1, Math.min(q.rows, Math.floor(4_000_000 / Math.max(n, 1))));
  const out = new Float64Array(blockRows * n);
  for (let start = 0; start < q.rows; start += blockRows) {
    const count = Math.min(blockRows, q.rows - start);
    const block = out.subarray(0, count * n);
    if (metric === 'manhattan') manhattanBlock(q, data, start, count, block);
    else {
      const dots = noGrad(() => matmulT(rowBlock(q.t, start, count), data.t, false, true)).data();
      for (let i = 0; i < count; i++) {
        const qa = q.aux[start + i]!;
        const o = i * n;
        if (metric === 'cosine') for (let j = 0; j < n; j++) block[o + j] = Math.max(0, 1 - dots[o + j]!);
        else {
          for (let j = 0; j < n; j++) {
            const d2 = qa + data.aux[j]! - 2 * dots[o + j]!;
            block[o + j] = d2 > 0 ? d2 : 0;
          }
          if (!options.squared) for (let j = 0; j < n; j++) block[o + j] = Math.sqrt(block[o + j]!);
        }
      }
    }
    fn(start, count, block);
  }
}

function manhattanBlock(q: Points, data: Points, start: number, count: number, block: Float64Array): void {
  const qd = q.t.data();
  const xd = data.t.data();
  const c = q.cols;
  for (let i = 0; i < count; i++) {
    const qo = (start + i) * c;
    for (let j = 0; j < data.rows; j++) {
      const xo = j * c;
      let s = 0;
      for (let k = 0; k < c; k++) s += Math.abs(qd[qo + k]! - xd[xo + k]!);
      block[i * data.rows + j] = s;
    }
  }
}

export interface Neighbors {
  /** [queries × k] indices into the data, nearest first. */
  indices: Int32Array;
  /** [queries × k] distances (squared euclidean when asked). */
  distances: Float64Array;
  k: number;
}

/**
 * The k nearest data points of every query (exact). With `excludeSelf`, queries are the data
 * themselves and each point is not its own neighbour.
 */
export function kNearest(
  q: Points,
  data: Points,
  k: number,
  metric: Metric,
  options: { excludeSelf?: boolean; squared?: boolean } = {},
): Neighbors {
  const avail = data.rows - (options.excludeSelf ? 1 : 0);
  if (!(k >= 1 && k <= avail)) throw new ConfigError(`kNearest: k must be between 1 and ${avail} (the data points available), got ${k}`);
  const indices = new Int32Array(q.rows * k);
  const distances = new Float64Array(q.rows * k);
  const n = data.rows;
  forEachDistanceBlock(
    q,
    data,
    metric,
    (start, count, block) => {
      for (let i = 0; i < count; i++) {
        const row = start + i;
        selectSmallest(block, i * n, n, k, options.excludeSelf ? row : -1, indices, distances, row * k);
      }
    },
    { squared: options.squared ?? false },
  );
  return { indices, distances, k };
}

/** The k smallest of d[off .. off+n) (skipping index `skip`) into idx/dist at `at`, ascending; ties by index. */
export function selectSmallest(
  d: Float64Array,
  off: number,
  n: number,
  k: number,
  skip: number,
  idx: Int32Array,
  dist: Float64Array,
  at: number,
): void {
  let filled = 0;
  for (let j = 0; j < n; j++) {
    if (j === skip) continue;
    const v = d[off + j]!;
    if (filled === k && !(v < dist[at + k - 1]!)) continue;
    let pos = filled < k ? filled++ : k - 1;
    while (pos > 0 && dist[at + pos - 1]! > v) {
      dist[at + pos] = dist[at + pos - 1]!;
      idx[at + pos] = idx[at + pos - 1]!;
      pos--;
    }
    dist[at + pos] = v;
    idx[at + pos] = j;
  }
}
