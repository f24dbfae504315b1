/** Reductions over any axes with keepDims, and the softmax family. All composed from primitives. */
import { ConfigError, DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { floatResult } from '../tensor/dtype.js';
import { normAxes, normAxis } from '../tensor/shape.js';
import * as p from '../primitives/index.js';
import { type TensorLike, toTensor } from './create.js';
import { where } from './elementwise.js';

export type Axis = number | readonly number[] | null | undefined;

function axesOf(op: string, t: Tensor, axis: Axis): number[] {
  return normAxes(op, axis as number | number[] | undefined, t.rank);
}

/** Sum over `axis` (all axes by default). Bool and int32 sum to int32. */
export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  return p.sum(t, axesOf('sum', t, axis), keepDims);
}

/** Product over `axis`. */
export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  return p.prod(t, axesOf('prod', t, axis), keepDims);
}

function countOf(t: Tensor, axes: number[]): number {
  return axes.reduce((n, a) => n * t.shape[a]!, 1);
}

/** Arithmetic mean over `axis` (ints give float32). */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  const axes = axesOf('mean', t, axis);
  const s = p.sum(p.cast(t, floatResult(t.dtype)), axes, keepDims);
  return p.mul(s, p.scalarOf(1 / countOf(t, axes), s.dtype));
}

function extremum(op: 'max' | 'min', x: TensorLike, axis: Axis, keepDims: boolean): Tensor {
  const t = toTensor(x);
  const axes = axesOf(op, t, axis);
  if (axes.some((a) => t.shape[a] === 0)) throw new ConfigError(`${op}: cannot reduce an empty axis (shape [${t.shape.join(',')}])`);
  return op === 'max' ? p.max(t, axes, keepDims) : p.min(t, axes, keepDims);
}

/** Largest value over `axis`; ties share the gradient evenly. */
export function max(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return extremum('max', x, axis, keepDims);
}

/** Smallest value over `axis`. */
export function min(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return extremum('min', x, axis, keepDims);
}

function argExtremum(op: 'argmax' | 'argmin', x: TensorLike, axis: number | undefined, keepDims: boolean): Tensor {
  let t = toTensor(x);
  let a: number;
  if (axis === undefined) {
    t = p.reshape(t, [t.size]);
    a = 0;
  } else a = normAxis(op, axis, t.rank);
  if (t.shape[a] === 0) throw new ConfigError(`${op}: cannot take ${op} of an empty axis`);
  return op === 'argmax' ? p.argmax(t, a, keepDims) : p.argmin(t, a, keepDims);
}

/** Index of the largest value along `axis` (of the flattened tensor when omitted), int32. First on ties. */
export function argmax(x: TensorLike, axis?: number, keepDims = false): Tensor {
  return argExtremum('argmax', x, axis, keepDims);
}

/** Index of the smallest value along `axis`, int32. */
export function argmin(x: TensorLike, axis?: number, keepDims = false): Tensor {
  return argExtremum('argmin', x, axis, keepDims);
}

/** Whether every element is true (non-zero) over `axis`; true over an empty axis (as NumPy). */
export function all(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  // Counting the false elements (rather than a min) gives the right answer over empty axes.
  const falses = p.sum(p.logicalNot(t), axesOf('all', t, axis), keepDims);
  return p.equal(falses, p.scalarOf(0, 'int32'));
}

/** Whether any element is true (non-zero) over `axis`; false over an empty axis. */
export function any(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  const trues = p.sum(p.cast(t, 'bool'), axesOf('any', t, axis), keepDims);
  return p.greater(trues, p.scalarOf(0, 'int32'));
}

/** Variance over `axis`; `ddof` = 0 is the population variance (NumPy's default), 1 the unbiased one. */
export function variance(x: TensorLike, axis?: Axis, keepDims = false, ddof = 0): Tensor {
  const t = p.cast(toTensor(x), floatResult(toTensor(x).dtype));
  const axes = axesOf('variance', t, axis);
  const n = countOf(t, axes);
  if (!(n - ddof > 0)) throw new ConfigError(`variance: ddof ${ddof} leaves no degrees of freedom for ${n} values`);
  const m = p.mul(p.sum(t, axes, true), p.scalarOf(1 / n, t.dtype));
  const d = p.sub(t, m);
  return p.mul(p.sum(p.mul(d, d), axes, keepDims), p.scalarOf(1 / (n - ddof), t.dtype));
}

/** Standard deviation over `axis` (see `variance` for ddof). */
export function std(x: TensorLike, axis?: Axis, keepDims = false, ddof = 0): Tensor {
  return p.sqrt(variance(x, axis, keepDims, ddof));
}

/** log Σ exp(x) over `axis`, computed stably by shifting with the (constant) maximum. */
export function logSumExp(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = toTensor(x);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return logSumExp(p.cast(t, 'float32'), axis, keepDims);
  const axes = axesOf('logSumExp', t, axis);
  const mRaw = p.max(t, axes, true).detach();
  // All -Infinity along an axis: shift by 0 so the result is -Infinity, not NaN.
  const m = where(p.isfinite(mRaw), mRaw, 0);
  const s = p.log(p.sum(p.exp(p.sub(t, m)), axes, true));
  const out = p.add(s, m);
  return keepDims ? out : p.reshape(out, out.shape.filter((_, i) => !axes.includes(i)));
}

function floatInput(op: string, x: TensorLike): Tensor {
  const t = toTensor(x);
  if (t.dtype === 'bool') throw new DTypeError(`${op}: expected a numeric tensor, got bool`);
  return p.cast(t, floatResult(t.dtype));
}

/**
 * Softmax along `axis` (default last), stable: exp(x − max) / Σ exp(x − max).
 * @example nb.softmax(nb.tensor([0.02, 0.16, 0.10, 0.13, 0.99]))
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const t = floatInput('softmax', x);
  const a = normAxis('softmax', axis, t.rank);
  const m = p.max(t, [a], true).detach();
  const e = p.exp(p.sub(t, where(p.isfinite(m), m, 0)));
  return p.div(e, p.sum(e, [a], true));
}

/** log(softmax(x)) along `axis`, computed as x − logSumExp(x) (no log of 0). */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const t = floatInput('logSoftmax', x);
  const a = normAxis('logSoftmax', axis, t.rank);
  return p.sub(t, logSumExp(t, a, true));
}

/** Running sum along `axis` (default 0); `reverse` sums from the end. */
export function cumsum(x: TensorLike, axis = 0, reverse = false): Tensor {
  const t = toTensor(x);
  return p.cumsum(t, normAxis('cumsum', axis, t.rank), reverse);
}

export type NormOrd = number | 'fro';

/**
 * Vector p-norm over `axis` (all elements by default): ord 2 (default, also 'fro'), 1, Infinity,
 * -Infinity, 0 (count of non-zeros) or any p > 0. The 2-norm's gradient at 0 is 0 (a subgradient).
 */
export function norm(x: TensorLike, ord: NormOrd = 2, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('norm', x);
  const axes = axesOf('norm', t, axis);
  const zero = p.scalarOf(0, t.dtype);
  if (ord === 2 || ord === 'fro') {
    const s = p.sum(p.mul(t, t), axes, keepDims);
    const pos = p.greater(s, zero);
    return where(pos, p.sqrt(where(pos, s, 1)), 0);
  }
  if (ord === 1) return p.sum(p.abs(t), axes, keepDims);
  if (ord === Infinity) return p.max(p.abs(t), axes, keepDims);
  if (ord === -Infinity) return p.min(p.abs(t), axes, keepDims);
  if (ord === 0) return p.sum(p.cast(p.notEqual(t, zero), t.dtype), axes, keepDims);
  if (typeof ord !== 'number' || !(ord > 0)) throw new ConfigError(`norm: ord must be a positive number, Infinity, -Infinity, 0 or 'fro', got ${String(ord)}`);
  const s = p.sum(p.pow(p.abs(t), p.scalarOf(ord, t.dtype)), axes, keepDims);
  return p.pow(s, p.scalarOf(1 / ord, t.dtype));
}
