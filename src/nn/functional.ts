/**
 * The functional twins of the layers: the same computation with the weights passed in, for
 * hand-written models (`nb.nn.functional.dense(x, w, b)`). Layers call these.
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Generator, getGenerator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { broadcastShapes, normAxes, sizeOf } from '../tensor/shape.js';
import { add, mul, rsqrt, sub } from '../ops/elementwise.js';
import { mean as meanOp, variance as varianceOp } from '../ops/reduce.js';
import { matmul } from '../ops/matmul.js';
import { reshape } from '../ops/shape.js';
import { type ActivationFn, type ActivationName, getActivation } from './activations.js';

/**
 * `x @ kernel + bias` over the last axis of `x` (any rank ≥ 1).
 * @example nb.nn.functional.dense(x, w, b) // x [32, 784], w [784, 128], b [128] → [32, 128]
 */
export function dense(x: Tensor, kernel: Tensor, bias?: Tensor | null): Tensor {
  if (kernel.rank !== 2) throw new ShapeError(`dense: kernel must be 2-D [in, out], got ${fmtShape(kernel.shape)}`);
  const inDim = kernel.shape[0]!;
  if (x.rank === 0 || x.shape[x.rank - 1] !== inDim) {
    throw new ShapeError(`dense: input's last dimension must be ${inDim} (the kernel is ${fmtShape(kernel.shape)}), got input ${fmtShape(x.shape)}`);
  }
  let y: Tensor;
  if (x.rank === 2) y = matmul(x, kernel);
  else {
    // Fold leading axes into one so the product is a single 2-D GEMM.
    const lead = x.shape.slice(0, -1);
    y = reshape(matmul(reshape(x, [sizeOf(lead), inDim]), kernel), [...lead, kernel.shape[1]!]);
  }
  return bias ? add(y, bias) : y;
}

/** Applies an activation given by name or function. */
export function activation(x: Tensor, fn: ActivationName | string | ActivationFn | null): Tensor {
  return getActivation(fn)(x);
}

export interface DropoutOptions {
  /** Drop only in training (default true here: calling dropout means you want it). */
  training?: boolean;
  /** Shape of the mask, broadcast against x (e.g. [batch, 1, features] drops whole features). */
  noiseShape?: readonly (number | null)[] | null;
  /** Draw the mask from this generator instead of the global one. */
  generator?: Generator;
}

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the rest by
 * 1 / (1 − rate), so the expected value is unchanged and inference needs no rescaling.
 */
export function dropout(x: Tensor, rate: number, options: DropoutOptions = {}): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new ConfigError(`dropout: rate must be in [0, 1), got ${rate}`);
  if (options.training === false || rate === 0) return x;
  const shape = options.noiseShape ? options.noiseShape.map((d, i) => d ?? x.shape[i]!) : [...x.shape];
  if (options.noiseShape) {
    const b = broadcastShapes('dropout', shape, x.shape, ['noiseShape', 'input']);
    if (b.length !== x.rank || b.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`dropout: noiseShape ${fmtShape(shape)} must broadcast to the input ${fmtShape(x.shape)}`);
    }
  }
  const g = options.generator ?? getGenerator();
  const m = allocate(x.dtype === 'float64' ? 'float64' : 'float32', sizeOf(shape));
  const scale = 1 / (1 - rate);
  for (let i = 0; i < m.length; i++) m[i] = g.random() >= rate ? scale : 0;
  return mul(x, new Tensor(m, shape));
}

/** Mean and (biased) variance over `axes`, kept as size-1 axes when `keepDims`. */
export function moments(x: Tensor, axes: number | readonly number[], keepDims = false): { mean: Tensor; variance: Tensor } {
  const ax = normAxes('moments', axes, x.rank);
  return { mean: meanOp(x, ax, keepDims), variance: varianceOp(x, ax, keepDims) };
}

/**
 * `(x − mean) / √(variance + ε) · gamma + beta`, with the statistics and parameters broadcast
 * against `x` (shape them like the normalised axis, e.g. [features] for the last axis).
 */
export function batchNormalization(
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  beta: Tensor | null,
  gamma: Tensor | null,
  epsilon = 1e-3,
): Tensor {
  let y = mul(sub(x, mean), rsqrt(add(variance, epsilon)));
  if (gamma) y = mul(y, gamma);
  if (beta) y = add(y, beta);
  return y;
}

/** Normalises each sample over `axes` (default the last) with its own mean and variance, then scales and shifts. */
export function layerNormalization(
  x: Tensor,
  gamma: Tensor | null,
  beta: Tensor | null,
  options: { axes?: number | readonly number[]; epsilon?: number } = {},
): Tensor {
  const { mean, variance } = moments(x, options.axes ?? -1, true);
  return batchNormalization(x, mean, variance, beta, gamma, options.epsilon ?? 1e-3);
}

/** Flattens every axis after the first: [batch, ...] → [batch, product]. */
export function flatten(x: Tensor): Tensor {
  if (x.rank === 0) throw new ShapeError('flatten: expected a batch of samples, got a 0-d tensor');
  return reshape(x, [x.shape[0]!, sizeOf(x.shape.slice(1))]);
}
