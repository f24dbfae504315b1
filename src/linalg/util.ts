/** Shared checks and helpers for the linear-algebra functions. */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, allocate, isFloat } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import { type TensorLike, toTensor } from '../ops/create.js';
import * as p from '../primitives/index.js';

/** Converts to a float tensor: float32/float64 are kept, int32 becomes float32, bool is refused. */
export function asFloat(op: string, name: string, x: TensorLike): Tensor {
  const t = toTensor(x);
  if (t.dtype === 'bool') throw new DTypeError(`${op}: ${name} must be a numeric tensor, got bool`);
  return isFloat(t.dtype) ? t : p.cast(t, 'float32');
}

export interface MatrixBatch {
  /** Leading (batch) dimensions. */
  batchShape: number[];
  batch: number;
  m: number;
  n: number;
}

/** Checks rank ≥ 2 and returns the batch and matrix sizes. */
export function matrixBatch(op: string, name: string, t: Tensor): MatrixBatch {
  if (t.rank < 2) throw new ShapeError(`${op}: ${name} must be a matrix (or a batch of matrices), got shape ${fmtShape(t.shape)}`);
  const batchShape = t.shape.slice(0, -2);
  return { batchShape, batch: sizeOf(batchShape), m: t.shape[t.rank - 2]!, n: t.shape[t.rank - 1]! };
}

/** Checks that `t` is a (batch of) square matrices. */
export function squareBatch(op: string, name: string, t: Tensor): MatrixBatch {
  const b = matrixBatch(op, name, t);
  if (b.m !== b.n) throw new ShapeError(`${op}: ${name} must be square, got shape ${fmtShape(t.shape)} (${b.m}×${b.n})`);
  return b;
}

/** Where in a batch a matrix sits, for error messages ('' for an unbatched matrix). */
export function whichMatrix(b: MatrixBatch, index: number): string {
  return b.batch === 1 && b.batchShape.length === 0 ? '' : ` (matrix ${index} of the batch ${fmtShape(b.batchShape)})`;
}

/** The matrix transpose over the last two axes (differentiable). */
export function mT(t: Tensor): Tensor {
  const r = t.rank;
  const perm = t.shape.map((_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return p.permute(t, perm);
}

/** A new tensor over freshly computed storage. */
export function fromData(data: Float64Array | Float32Array | Int32Array, shape: readonly number[], dtype?: DType): Tensor {
  return new Tensor(data, shape, dtype);
}

/** Allocates storage of `dtype` for `shape`. */
export function alloc(dtype: DType, shape: readonly number[]): Float32Array | Float64Array {
  return allocate(dtype === 'float64' ? 'float64' : 'float32', sizeOf(shape)) as Float32Array | Float64Array;
}

/** A constant n×n mask broadcast over batches: `value(i, j)` per entry. */
export function matrixMask(n: number, dtype: DType, value: (i: number, j: number) => number): Tensor {
  const d = alloc(dtype, [n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = value(i, j);
  return new Tensor(d, [n, n], dtype);
}

/** `x` with two size-1 axes appended (a per-matrix scalar broadcast over its matrix). */
export function perMatrix(x: Tensor): Tensor {
  return p.reshape(x, [...x.shape, 1, 1]);
}
