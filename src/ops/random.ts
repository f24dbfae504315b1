/** Random tensors, all drawn from the seeded generator (`nb.seed(n)`) unless one is passed. */
import { ConfigError, DTypeError } from '../errors.js';
import { Generator, getGenerator } from '../random.js';
import { kernels } from '../backend/registry.js';
import { Tensor, type TensorOptions } from '../tensor/tensor.js';
import { type DType, allocate, assertDType, isFloat } from '../tensor/dtype.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import type { RandomKind } from '../backend/contract.js';
import { checkOptions } from '../check.js';

export interface RandomOptions extends TensorOptions {
  /** Draw from this generator instead of the global one. */
  generator?: Generator;
}

const BASE = ['dtype', 'requiresGrad', 'generator'];

function draw(op: string, kind: RandomKind, shape: readonly number[], a: number, b: number, o: RandomOptions): Tensor {
  const s = checkShape(op, shape);
  const dtype: DType = o.dtype === undefined ? 'float32' : assertDType(op, o.dtype);
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new ConfigError(`${op}: parameters must be finite, got ${a} and ${b}`);
  const out = allocate(dtype, sizeOf(s), { op, shape: s });
  kernels().random(kind, out, a, b, o.generator ?? getGenerator());
  const t = new Tensor(out, s, dtype);
  if (o.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Uniform values in [low, high) (default [0, 1)). @example nb.rand([2, 2]) */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  checkOptions('rand', options, [...BASE, 'low', 'high']);
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  if (!(high >= low)) throw new ConfigError(`rand: high (${high}) must not be less than low (${low})`);
  return draw('rand', 'uniform', shape, low, high, options);
}

/** Normal values (default mean 0, std 1). @example nb.randn([4, 3], { requiresGrad: true }) */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  checkOptions('randn', options, [...BASE, 'mean', 'std']);
  const std = options.std ?? 1;
  if (!(std >= 0)) throw new ConfigError(`randn: std must be non-negative, got ${std}`);
  return draw('randn', 'normal', shape, options.mean ?? 0, std, options);
}

/** Normal values redrawn until within two standard deviations (Keras's truncated normal). */
export function truncatedNormal(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  checkOptions('truncatedNormal', options, [...BASE, 'mean', 'std']);
  const std = options.std ?? 1;
  if (!(std >= 0)) throw new ConfigError(`truncatedNormal: std must be non-negative, got ${std}`);
  return draw('truncatedNormal', 'truncatedNormal', shape, options.mean ?? 0, std, options);
}

/** Uniform integers in [low, high) as int32. @example nb.randint(0, 10, [5]) */
export function randint(low: number, high: number, shape: readonly number[], options: { generator?: Generator; dtype?: DType } = {}): Tensor {
  checkOptions('randint', options, ['generator', 'dtype']);
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ConfigError(`randint: low and high must be integers, got ${low} and ${high}`);
  if (!(high > low)) throw new ConfigError(`randint: high (${high}) must be greater than low (${low})`);
  const s = checkShape('randint', shape);
  const dtype = options.dtype === undefined ? 'int32' : assertDType('randint', options.dtype);
  const g = options.generator ?? getGenerator();
  const out = allocate(dtype, sizeOf(s), { op: 'randint', shape: s });
  for (let i = 0; i < out.length; i++) out[i] = g.randint(low, high);
  return new Tensor(out, s, dtype);
}

export function randLike(t: Tensor, options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  return rand(t.shape, { dtype: isFloat(t.dtype) ? t.dtype : 'float32', ...options });
}
export function randnLike(t: Tensor, options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  return randn(t.shape, { dtype: isFloat(t.dtype) ? t.dtype : 'float32', ...options });
}
export function randintLike(t: Tensor, low: number, high: number, options: { generator?: Generator } = {}): Tensor {
  return randint(low, high, t.shape, options);
}
