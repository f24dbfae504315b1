/**
 * Image resizing with TensorFlow's conventions (tf.image.resize: half-pixel centres by default;
 * alignCorners and the legacy corner-aligned grid on request). Both methods are separable and
 * built from gathers along the height and width axes, so they are differentiable (bilinear with
 * respect to the pixel values; nearest routes each output's gradient to its source pixel).
 */
import { ConfigError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, isFloat } from '../tensor/dtype.js';
import * as p from '../primitives/index.js';
import { checkOptions } from '../check.js';
import { type TensorLike, toTensor } from './create.js';

/** Options of `resizeBilinear` and `resizeNearest`. */
export interface ResizeOptions {
  /** Map corner pixel centres onto corner pixel centres (scale (in−1)/(out−1)). Default false. */
  alignCorners?: boolean;
  /** Sample at pixel centres ((i + 0.5)·scale − 0.5), as tf.image.resize does. Default: true unless alignCorners. */
  halfPixelCenters?: boolean;
}

interface Prepared {
  x: Tensor; // [n, h, w, c]
  batched: boolean;
  newH: number;
  newW: number;
  alignCorners: boolean;
  halfPixel: boolean;
}

function prepare(op: string, images: TensorLike, size: readonly [number, number], options: ResizeOptions): Prepared {
  checkOptions(op, options, ['alignCorners', 'halfPixelCenters']);
  let x = toTensor(images);
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ShapeError(`${op}: images must be [batch, height, width, channels] or [height, width, channels], got shape ${fmtShape(x.shape)}`);
  }
  if (!Array.isArray(size) || size.length !== 2 || size.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
    throw new ConfigError(`${op}: size must be [newHeight, newWidth] of positive integers, got ${JSON.stringify(size)}`);
  }
  const alignCorners = options.alignCorners ?? false;
  const halfPixel = options.halfPixelCenters ?? !alignCorners;
  if (alignCorners && halfPixel) throw new ConfigError(`${op}: alignCorners and halfPixelCenters cannot both be true`);
  const batched = x.rank === 4;
  if (!batched) x = p.reshape(x, [1, ...x.shape]);
  if (x.shape[1] === 0 || x.shape[2] === 0) throw new ShapeError(`${op}: cannot resize an empty image (shape ${fmtShape(x.shape)})`);
  return { x, batched, newH: size[0], newW: size[1], alignCorners, halfPixel };
}

function scaleOf(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

function finish(y: Tensor, batched: boolean): Tensor {
  return batched ? y : p.reshape(y, y.shape.slice(1));
}

/** Source rows (or columns) and weights of bilinear sampling along one axis. */
function bilinearAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean) {
  const scale = scaleOf(inSize, outSize, alignCorners);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const lerp = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixel ? (i + 0.5) * scale - 0.5 : i * scale;
    const f = Math.floor(src);
    lo[i] = Math.max(f, 0);
    hi[i] = Math.min(Math.ceil(src), inSize - 1);
    lerp[i] = src - f;
  }
  return { lo, hi, lerp };
}

function isIdentity(idx: Int32Array, n: number): boolean {
  if (idx.length !== n) return false;
  for (let i = 0; i < n; i++) if (idx[i] !== i) return false;
  return true;
}

/** Linear interpolation of `x` along `axis` (1 or 2) onto `outSize` samples. */
function lerpAxis(x: Tensor, axis: 1 | 2, outSize: number, alignCorners: boolean, halfPixel: boolean): Tensor {
  const inSize = x.shape[axis]!;
  const { lo, hi, lerp } = bilinearAxis(inSize, outSize, alignCorners, halfPixel);
  const a = isIdentity(lo, inSize) ? x : p.gather(x, axis, lo);
  let mixes = false;
  for (let i = 0; i < outSize; i++) if (lerp[i] !== 0 && lo[i] !== hi[i]) mixes = true;
  if (!mixes) return a;
  const b = p.gather(x, axis, hi);
  const w = allocate(x.dtype, outSize);
  for (let i = 0; i < outSize; i++) w[i] = lerp[i]!;
  const wShape = axis === 1 ? [1, outSize, 1, 1] : [1, 1, outSize, 1];
  return p.add(a, p.mul(p.sub(b, a), new Tensor(w, wShape, x.dtype)));
}

/**
 * Bilinear resize of images [batch, h, w, C] (or [h, w, C]) to [newH, newW]; integer images come
 * back as float32. Matches tf.image.resize(..., 'bilinear') by default.
 * @example nb.resizeBilinear(images, [56, 56]) // [8,28,28,1] → [8,56,56,1]
 */
export function resizeBilinear(images: TensorLike, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  const a = prepare('resizeBilinear', images, size, options);
  if (a.x.dtype === 'bool') throw new DTypeError(`resizeBilinear: bool images cannot be interpolated; cast them first`);
  const x = isFloat(a.x.dtype) ? a.x : p.cast(a.x, 'float32');
  const rows = lerpAxis(x, 1, a.newH, a.alignCorners, a.halfPixel);
  return finish(lerpAxis(rows, 2, a.newW, a.alignCorners, a.halfPixel), a.batched);
}

/** Source index of each output of nearest-neighbour sampling along one axis (TensorFlow's rule). */
function nearestAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): Int32Array {
  const scale = scaleOf(inSize, outSize, alignCorners);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixel ? (i + 0.5) * scale : i * scale;
    const j = alignCorners ? Math.round(src) : Math.floor(src);
    idx[i] = Math.max(0, Math.min(j, inSize - 1));
  }
  return idx;
}

/**
 * Nearest-neighbour resize of images [batch, h, w, C] (or [h, w, C]) to [newH, newW], keeping the
 * dtype. Matches tf.image.resize(..., 'nearest') by default.
 */
export function resizeNearest(images: TensorLike, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  const a = prepare('resizeNearest', images, size, options);
  const rows = nearestAxis(a.x.shape[1]!, a.newH, a.alignCorners, a.halfPixel);
  const cols = nearestAxis(a.x.shape[2]!, a.newW, a.alignCorners, a.halfPixel);
  let y = isIdentity(rows, a.x.shape[1]!) ? a.x : p.gather(a.x, 1, rows);
  y = isIdentity(cols, a.x.shape[2]!) ? y : p.gather(y, 2, cols);
  return finish(y, a.batched);
}
