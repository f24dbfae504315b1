/** Synthetic regression data: a noisy linear function and a noisy polynomial, seeded. */
import { ConfigError } from '../../errors.js';
import { Generator, getGenerator } from '../../random.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkInt, checkNumber, checkOptions } from '../../check.js';

export interface RegressionOptions {
  /** Number of samples. Default 100. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to y. Default 0.1. */
  noise?: number;
  /** Seed of this call's own generator; default: the global generator (`nb.seed`). */
  seed?: number;
  /** Inputs are drawn uniformly from this interval. Default [-1, 1]. */
  xRange?: readonly [number, number];
}

export interface LinearOptions extends RegressionOptions {
  /** Number of input features. Default 1 (or the length of `coef`). */
  features?: number;
  /** The true weights; default: drawn uniformly from [-2, 2]. */
  coef?: readonly number[];
  /** The true intercept; default: drawn uniformly from [-1, 1]. */
  bias?: number;
}

export interface PolynomialOptions extends RegressionOptions {
  /** Degree of the polynomial. Default 3 (or coef.length - 1). */
  degree?: number;
  /** Coefficients c0, c1, …, cd of c0 + c1·x + … + cd·x^d; default: drawn uniformly from [-1, 1]. */
  coef?: readonly number[];
}

/** Inputs x [n, features] (float32), targets y [n, 1] (float32) and the true parameters. */
export interface LinearData {
  x: Tensor;
  y: Tensor;
  coef: number[];
  bias: number;
}

export interface PolynomialData {
  x: Tensor;
  y: Tensor;
  coef: number[];
}

function common(fn: string, options: RegressionOptions) {
  const n = checkInt(fn, 'n', options.n ?? 100, { min: 1 });
  const noise = checkNumber(fn, 'noise', options.noise ?? 0.1, { min: 0 });
  const [lo, hi] = options.xRange ?? [-1, 1];
  checkNumber(fn, 'xRange[0]', lo);
  checkNumber(fn, 'xRange[1]', hi);
  if (!(hi > lo)) throw new ConfigError(`${fn}: xRange must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const gen = options.seed === undefined ? getGenerator() : new Generator(checkNumber(fn, 'seed', options.seed));
  return { n, noise, lo, hi, gen };
}

function checkCoef(fn: string, coef: readonly number[]): number[] {
  if (!Array.isArray(coef) || coef.length === 0 || coef.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new ConfigError(`${fn}: coef must be a non-empty array of finite numbers, got ${JSON.stringify(coef)}`);
  }
  return coef.slice();
}

/**
 * y = x·coef + bias + noise. @example const { x, y } = nb.datasets.linear({ n: 50, coef: [1.8], bias: 32, xRange: [-40, 40], noise: 0 })
 */
export function linear(options: LinearOptions = {}): LinearData {
  const fn = 'datasets.linear';
  checkOptions(fn, options, ['n', 'noise', 'seed', 'xRange', 'features', 'coef', 'bias']);
  const { n, noise, lo, hi, gen } = common(fn, options);
  let coef: number[];
  if (options.coef !== undefined) {
    coef = checkCoef(fn, options.coef);
    if (options.features !== undefined && options.features !== coef.length) {
      throw new ConfigError(`${fn}: features (${options.features}) differs from coef.length (${coef.length})`);
    }
  } else {
    const d = checkInt(fn, 'features', options.features ?? 1, { min: 1 });
    coef = Array.from({ length: d }, () => gen.uniform(-2, 2));
  }
  const bias = options.bias === undefined ? gen.uniform(-1, 1) : checkNumber(fn, 'bias', options.bias);
  const d = coef.length;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = bias;
    for (let j = 0; j < d; j++) {
      const v = gen.uniform(lo, hi);
      x[i * d + j] = v;
      s += coef[j]! * v;
    }
    y[i] = s + noise * gen.normal();
  }
  return { x: new Tensor(x, [n, d], 'float32'), y: new Tensor(y, [n, 1], 'float32'), coef, bias };
}

/**
 * y = c0 + c1·x + … + cd·x^d + noise, for one input feature: the data of the notes' capacity and
 * overfitting experiments. @example nb.datasets.polynomial({ n: 30, degree: 3, noise: 0.2, seed: 0 })
 */
export function polynomial(options: PolynomialOptions = {}): PolynomialData {
  const fn = 'datasets.polynomial';
  checkOptions(fn, options, ['n', 'noise', 'seed', 'xRange', 'degree', 'coef']);
  const { n, noise, lo, hi, gen } = common(fn, options);
  let coef: number[];
  if (options.coef !== undefined) {
    coef = checkCoef(fn, options.coef);
    if (options.degree !== undefined && options.degree !== coef.length - 1) {
      throw new ConfigError(`${fn}: degree (${options.degree}) differs from coef.length - 1 (${coef.length - 1})`);
    }
  } else {
    const degree = checkInt(fn, 'degree', options.degree ?? 3, { min: 0 });
    coef = Array.from({ length: degree + 1 }, () => gen.uniform(-1, 1));
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = gen.uniform(lo, hi);
    let s = 0;
    for (let k = coef.length - 1; k >= 0; k--) s = s * v + coef[k]!;
    x[i] = v;
    y[i] = s + noise * gen.normal();
  }
  return { x: new Tensor(x, [n, 1], 'float32'), y: new Tensor(y, [n, 1], 'float32'), coef };
}
