/**
 * Pooling, upsampling and zero padding over NHWC batches (Keras semantics), composed from
 * primitives: max pooling takes each window's first maximum in one kernel pass (its gradient goes to
 * that one element, as TensorFlow's), average pooling takes the mean of the in-image elements of each
 * window ('same' padding does not count the padding), also in one pass.
 */
import { ConfigError, DTypeError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import * as p from '../primitives/index.js';
import { avgPoolP, maxPoolP } from '../primitives/pool.js';
import { type ConvGeometry, checkPadding, checkRank, intTuple, windowGeometry } from '../primitives/conv-geometry.js';
import { checkOptions } from '../check.js';
import { type TensorLike, toTensor } from './create.js';
import { resizeBilinear } from './image.js';

/** Options of the 2-D pooling ops (Keras's MaxPooling2D / AveragePooling2D names). */
export interface Pool2dOptions {
  /** Window size, one number or [height, width]. Default 2. */
  poolSize?: number | readonly [number, number];
  /** Step between windows; default (or null): the pool size. */
  strides?: number | readonly [number, number] | null;
  /** 'valid' (default) or 'same' (output = ceil(input / stride)). */
  padding?: 'valid' | 'same';
}

/** Options of the 1-D pooling ops. */
export interface Pool1dOptions {
  poolSize?: number;
  strides?: number | null;
  padding?: 'valid' | 'same';
}

/** Options of the global pooling ops. */
export interface GlobalPoolOptions {
  /** Keep the pooled axes as size 1 (Keras's keepdims). Default false. */
  keepDims?: boolean;
}

const POOL_KEYS = ['poolSize', 'strides', 'padding'] as const;

function poolGeometry(op: string, x: Tensor, options: Pool2dOptions | Pool1dOptions | number | readonly number[], rank: 1 | 2): ConvGeometry {
  const o: Pool2dOptions = typeof options === 'number' || Array.isArray(options) ? { poolSize: options as number } : (options as Pool2dOptions);
  checkOptions(op, o, POOL_KEYS);
  const padding = checkPadding(op, o.padding, ['valid', 'same']);
  const size = intTuple(op, 'poolSize', o.poolSize as number | number[] | undefined, rank, 2);
  const strides = o.strides === null || o.strides === undefined ? size : intTuple(op, 'strides', o.strides as number | number[], rank, 1);
  if (rank === 1) {
    checkRank(op, 'input', x.shape, 3, '[batch, length, channels]');
    const [n, w, c] = x.shape as [number, number, number];
    return windowGeometry(op, [n, 1, w, c], [1, size[0]!], [1, strides[0]!], [1, 1], padding, ['height', 'length']);
  }
  checkRank(op, 'input', x.shape, 4, '[batch, height, width, channels]');
  return windowGeometry(op, x.shape, size as [number, number], strides as [number, number], [1, 1], padding);
}

function pooledShape(g: ConvGeometry, rank: 1 | 2): number[] {
  return rank === 1 ? [g.batch, g.outW, g.channels] : [g.batch, g.outH, g.outW, g.channels];
}

function maxPoolWith(op: string, x: Tensor, g: ConvGeometry, shape: number[]): Tensor {
  if (x.dtype === 'bool') throw new DTypeError(`${op}: bool tensors cannot be pooled; cast them first`);
  return p.reshape(maxPoolP(p.reshape(x, [g.batch, g.inH, g.inW, g.channels]), g), shape);
}

function avgPoolWith(op: string, x: Tensor, g: ConvGeometry, shape: number[]): Tensor {
  if (x.dtype === 'bool') throw new DTypeError(`${op}: bool tensors cannot be pooled; cast them first`);
  const xf = isFloat(x.dtype) ? x : p.cast(x, 'float32');
  return p.reshape(avgPoolP(p.reshape(xf, [g.batch, g.inH, g.inW, g.channels]), g), shape);
}

/**
 * 2-D max pooling: x [batch, h, w, C] → [batch, outH, outW, C]. The gradient goes to the first
 * maximum of each window (row-major within the window) when several tie.
 * @example nb.maxPool2d(x, { poolSize: 2 }) // [64,28,28,32] → [64,14,14,32]
 */
export function maxPool2d(x: TensorLike, options: Pool2dOptions | number | readonly [number, number] = {}): Tensor {
  const t = toTensor(x);
  const g = poolGeometry('maxPool2d', t, options, 2);
  return maxPoolWith('maxPool2d', t, g, pooledShape(g, 2));
}

/** 1-D max pooling over sequences: x [batch, length, C] → [batch, outLength, C]. */
export function maxPool1d(x: TensorLike, options: Pool1dOptions | number = {}): Tensor {
  const t = toTensor(x);
  const g = poolGeometry('maxPool1d', t, options, 1);
  return maxPoolWith('maxPool1d', t, g, pooledShape(g, 1));
}

/**
 * 2-D average pooling: x [batch, h, w, C] → [batch, outH, outW, C]; with 'same' padding each
 * window's mean is over its in-image elements only (Keras's AveragePooling2D).
 */
export function avgPool2d(x: TensorLike, options: Pool2dOptions | number | readonly [number, number] = {}): Tensor {
  const t = toTensor(x);
  const g = poolGeometry('avgPool2d', t, options, 2);
  return avgPoolWith('avgPool2d', t, g, pooledShape(g, 2));
}

/** 1-D average pooling over sequences: x [batch, length, C] → [batch, outLength, C]. */
export function avgPool1d(x: TensorLike, options: Pool1dOptions | number = {}): Tensor {
  const t = toTensor(x);
  const g = poolGeometry('avgPool1d', t, options, 1);
  return avgPoolWith('avgPool1d', t, g, pooledShape(g, 1));
}

function globalPool(op: string, x: TensorLike, options: GlobalPoolOptions, rank: 1 | 2, kind: 'max' | 'avg'): Tensor {
  checkOptions(op, options, ['keepDims']);
  const t = toTensor(x);
  if (rank === 1) checkRank(op, 'input', t.shape, 3, '[batch, length, channels]');
  else checkRank(op, 'input', t.shape, 4, '[batch, height, width, channels]');
  if (t.dtype === 'bool') throw new DTypeError(`${op}: bool tensors cannot be pooled; cast them first`);
  const n = t.shape[0]!;
  const c = t.shape[t.rank - 1]!;
  const h = rank === 1 ? 1 : t.shape[1]!;
  const w = t.shape[t.rank - 2]!;
  if (h * w === 0) throw new ShapeError(`${op}: cannot pool an empty ${rank === 1 ? 'sequence' : 'image'} (input ${JSON.stringify(t.shape)})`);
  const keep = options.keepDims === true;
  const shape = keep ? (rank === 1 ? [n, 1, c] : [n, 1, 1, c]) : [n, c];
  if (kind === 'avg') {
    const xf = isFloat(t.dtype) ? t : p.cast(t, 'float32');
    const axes = rank === 1 ? [1] : [1, 2];
    return p.reshape(p.div(p.sum(xf, axes), p.scalarOf(h * w, xf.dtype)), shape);
  }
  const g = windowGeometry(op, [n, h, w, c], [h, w], [1, 1], [1, 1], 'valid');
  return maxPoolWith(op, t, g, shape);
}

/** Mean over the spatial axes: [batch, h, w, C] → [batch, C] (or [batch, 1, 1, C] with keepDims). */
export function globalAvgPool2d(x: TensorLike, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalAvgPool2d', x, options, 2, 'avg');
}

/** Mean over time: [batch, length, C] → [batch, C] (or [batch, 1, C] with keepDims). */
export function globalAvgPool1d(x: TensorLike, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalAvgPool1d', x, options, 1, 'avg');
}

/** Maximum over the spatial axes: [batch, h, w, C] → [batch, C]; the gradient goes to the first maximum. */
export function globalMaxPool2d(x: TensorLike, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalMaxPool2d', x, options, 2, 'max');
}

/** Maximum over time: [batch, length, C] → [batch, C]; the gradient goes to the first maximum. */
export function globalMaxPool1d(x: TensorLike, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalMaxPool1d', x, options, 1, 'max');
}

/** Options of `upSampling2d` (Keras's UpSampling2D). */
export interface UpSampling2dOptions {
  /** Repeat factors [height, width] (one number for both). Default 2. */
  size?: number | readonly [number, number];
  /** 'nearest' (repeat rows and columns, default) or 'bilinear' (tf.image.resize, half-pixel centres). */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Repeats rows and columns: [batch, h, w, C] → [batch, h·sh, w·sw, C].
 * @example nb.upSampling2d(x, { size: 2 }) // [8,7,7,16] → [8,14,14,16]
 */
export function upSampling2d(x: TensorLike, options: UpSampling2dOptions = {}): Tensor {
  const op = 'upSampling2d';
  checkOptions(op, options, ['size', 'interpolation']);
  const t = toTensor(x);
  checkRank(op, 'input', t.shape, 4, '[batch, height, width, channels]');
  const [sh, sw] = intTuple(op, 'size', options.size as number | number[] | undefined, 2, 2) as [number, number];
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const interp = options.interpolation ?? 'nearest';
  if (interp === 'bilinear') return resizeBilinear(t, [h * sh, w * sw]);
  if (interp !== 'nearest') throw new ConfigError(`${op}: interpolation must be 'nearest' or 'bilinear', got ${JSON.stringify(interp)}`);
  const b = p.broadcastTo(p.reshape(t, [n, h, 1, w, 1, c]), [n, h, sh, w, sw, c]);
  return p.reshape(b, [n, h * sh, w * sw, c]);
}

/** Repeats each time step `size` times: [batch, length, C] → [batch, length·size, C] (Keras's UpSampling1D). */
export function upSampling1d(x: TensorLike, options: { size?: number } = {}): Tensor {
  const op = 'upSampling1d';
  checkOptions(op, options, ['size']);
  const t = toTensor(x);
  checkRank(op, 'input', t.shape, 3, '[batch, length, channels]');
  const [s] = intTuple(op, 'size', options.size, 1, 2) as [number];
  const [n, w, c] = t.shape as [number, number, number];
  return p.reshape(p.broadcastTo(p.reshape(t, [n, w, 1, c]), [n, w, s, c]), [n, w * s, c]);
}

type Pair = readonly [number, number];

function nonNegative(op: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigError(`${op}: padding sizes must be non-negative integers, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Zero rows and columns around each image: padding n (all sides), [h, w] (symmetric), or
 * [[top, bottom], [left, right]] (Keras's ZeroPadding2D).
 * @example nb.zeroPadding2d(x, 1) // [8,28,28,1] → [8,30,30,1]
 */
export function zeroPadding2d(x: TensorLike, padding: number | Pair | readonly [Pair, Pair] = 1): Tensor {
  const op = 'zeroPadding2d';
  const t = toTensor(x);
  checkRank(op, 'input', t.shape, 4, '[batch, height, width, channels]');
  let hw: [Pair, Pair];
  if (typeof padding === 'number') hw = [[padding, padding], [padding, padding]];
  else if (Array.isArray(padding) && padding.length === 2 && padding.every((q) => typeof q === 'number')) {
    const [a, b] = padding as Pair;
    hw = [[a, a], [b, b]];
  } else if (Array.isArray(padding) && padding.length === 2 && padding.every((q) => Array.isArray(q) && q.length === 2)) {
    hw = padding as [Pair, Pair];
  } else throw new ConfigError(`${op}: padding must be a number, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`);
  const [[top, bottom], [left, right]] = hw.map((q) => q.map((v) => nonNegative(op, v))) as [number[], number[]];
  return p.pad(t, [0, top!, left!, 0], [0, bottom!, right!, 0], 0);
}

/** Zero time steps before and after each sequence: padding n (both ends) or [before, after] (Keras's ZeroPadding1D). */
export function zeroPadding1d(x: TensorLike, padding: number | Pair = 1): Tensor {
  const op = 'zeroPadding1d';
  const t = toTensor(x);
  checkRank(op, 'input', t.shape, 3, '[batch, length, channels]');
  const pair = typeof padding === 'number' ? [padding, padding] : Array.isArray(padding) && padding.length === 2 ? padding : null;
  if (!pair) throw new ConfigError(`${op}: padding must be a number or [before, after], got ${JSON.stringify(padding)}`);
  const [a, b] = pair.map((v) => nonNegative(op, v)) as [number, number];
  return p.pad(t, [0, a, 0], [0, b, 0], 0);
}
