/**
 * Feature scaling, column by column: standardisation (zero mean, unit variance), min–max scaling to a
 * range, and the log transform. Statistics are computed in float64; results are float32 unless the
 * input is float64. Every axis after the first is a feature: a [n, 28, 28, 1] input has 784.
 */
import { ConfigError, DataError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNumber, checkOptions } from '../check.js';

function features(fn: string, x: Tensor): { n: number; d: number } {
  if (!(x instanceof Tensor)) throw new ConfigError(`${fn}: expected a Tensor, got ${typeof x}`);
  if (x.rank === 0) throw new ShapeError(`${fn}: expected samples along the first axis, got a scalar`);
  const n = x.shape[0]!;
  return { n, d: n === 0 ? 0 : x.size / n };
}

function outArray(x: Tensor, size: number): Float32Array | Float64Array {
  return x.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** Shared fitting state: per-feature shift and scale, y = (x - shift) / scale (+ offset). */
abstract class ColumnScaler {
  protected shift: Float64Array | null = null;
  protected scale: Float64Array | null = null;
  protected offset = 0;
  protected featureShape: number[] = [];
  protected abstract readonly name: string;

  protected abstract compute(x: Tensor, n: number, d: number): void;

  /** Learns the per-feature statistics from `x` ([n, ...features]). */
  fit(x: Tensor): this {
    const { n, d } = features(`${this.name}.fit`, x);
    if (n === 0) throw new DataError(`${this.name}.fit: x ${fmtShape(x.shape)} has no samples`);
    const v = x.data();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new DataError(`${this.name}.fit: x has a non-finite value ${v[i]} at flat index ${i}`);
    }
    this.featureShape = x.shape.slice(1);
    this.compute(x, n, d);
    return this;
  }

  private check(fn: string, x: Tensor): { n: number; d: number; shift: Float64Array; scale: Float64Array } {
    const { n, d } = features(fn, x);
    if (!this.shift || !this.scale) throw new ConfigError(`${fn}: call fit(x) first`);
    if (d !== this.shift.length) {
      throw new ShapeError(`${fn}: x ${fmtShape(x.shape)} has ${d} features per sample, fit saw ${this.shift.length} ${fmtShape(this.featureShape)}`);
    }
    return { n, d, shift: this.shift, scale: this.scale };
  }

  /** Applies the learnt scaling to `x`. */
  transform(x: Tensor): Tensor {
    const { n, d, shift, scale } = this.check(`${this.name}.transform`, x);
    const v = x.data();
    const out = outArray(x, n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (v[i * d + j]! - shift[j]!) / scale[j]! + this.offset;
    }
    return new Tensor(out, x.shape, out instanceof Float64Array ? 'float64' : 'float32');
  }

  /** Undoes `transform`. */
  inverseTransform(x: Tensor): Tensor {
    const { n, d, shift, scale } = this.check(`${this.name}.inverseTransform`, x);
    const v = x.data();
    const out = outArray(x, n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (v[i * d + j]! - this.offset) * scale[j]! + shift[j]!;
    }
    return new Tensor(out, x.shape, out instanceof Float64Array ? 'float64' : 'float32');
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  protected stat(values: Float64Array | null): Tensor {
    if (!values) throw new ConfigError(`${this.name}: call fit(x) first`);
    return new Tensor(new Float64Array(values), this.featureShape, 'float64');
  }
}

export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

/** Standardisation: (x - mean) / std per feature; a constant feature keeps a scale of 1. */
export class StandardScaler extends ColumnScaler {
  protected readonly name = 'StandardScaler';
  private readonly withMean: boolean;
  private readonly withStd: boolean;
  private meanValues: Float64Array | null = null;
  private stdValues: Float64Array | null = null;

  constructor(options: StandardScalerOptions = {}) {
    super();
    checkOptions('standardScaler', options, ['withMean', 'withStd']);
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  protected compute(x: Tensor, n: number, d: number): void {
    const v = x.data();
    const mean = new Float64Array(d);
    const m2 = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += v[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const e = v[i * d + j]! - mean[j]!;
        m2[j]! += e * e;
      }
    }
    const std = m2.map((s) => Math.sqrt(s / n));
    this.shift = this.withMean ? mean : new Float64Array(d);
    this.scale = this.withStd ? std.map((s) => (s > 0 ? s : 1)) : new Float64Array(d).fill(1);
    this.meanValues = mean;
    this.stdValues = std;
  }

  /** Per-feature mean seen by fit (float64, shape of one sample). */
  get mean(): Tensor {
    return this.stat(this.meanValues);
  }

  /** Per-feature (population) standard deviation seen by fit. */
  get std(): Tensor {
    return this.stat(this.stdValues);
  }
}

export interface MinMaxScalerOptions {
  /** The target range, default [0, 1]. */
  featureRange?: readonly [number, number];
}

/** Min–max scaling of each feature to `featureRange` (default [0, 1]); a constant feature maps to the range's low end. */
export class MinMaxScaler extends ColumnScaler {
  protected readonly name = 'MinMaxScaler';
  private readonly low: number;
  private readonly high: number;
  private minValues: Float64Array | null = null;
  private maxValues: Float64Array | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    checkOptions('minMaxScaler', options, ['featureRange']);
    const [low, high] = options.featureRange ?? [0, 1];
    checkNumber('minMaxScaler', 'featureRange[0]', low);
    checkNumber('minMaxScaler', 'featureRange[1]', high);
    if (!(high > low)) throw new ConfigError(`minMaxScaler: featureRange must be [low, high] with low < high, got [${low}, ${high}]`);
    this.low = low;
    this.high = high;
  }

  protected compute(x: Tensor, n: number, d: number): void {
    const v = x.data();
    const lo = new Float64Array(d).fill(Infinity);
    const hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const e = v[i * d + j]!;
        if (e < lo[j]!) lo[j] = e;
        if (e > hi[j]!) hi[j] = e;
      }
    }
    const width = this.high - this.low;
    this.shift = lo;
    this.scale = lo.map((l, j) => (hi[j]! > l ? (hi[j]! - l) / width : 1));
    this.offset = this.low;
    this.minValues = lo;
    this.maxValues = hi;
  }

  /** Per-feature minimum seen by fit. */
  get dataMin(): Tensor {
    return this.stat(this.minValues);
  }

  /** Per-feature maximum seen by fit. */
  get dataMax(): Tensor {
    return this.stat(this.maxValues);
  }
}

/** A standardising scaler. @example const s = nb.data.standardScaler(); const z = s.fitTransform(xTrain); s.transform(xTest) */
export function standardScaler(options: StandardScalerOptions = {}): StandardScaler {
  return new StandardScaler(options);
}

/** A min–max scaler. @example nb.data.minMaxScaler({ featureRange: [-1, 1] }).fitTransform(x) */
export function minMaxScaler(options: MinMaxScalerOptions = {}): MinMaxScaler {
  return new MinMaxScaler(options);
}

export interface LogTransformOptions {
  /** Added before the logarithm: log(x + offset). Default 1 (log1p), so zeros stay finite. */
  offset?: number;
}

/**
 * The log transform log(x + offset), for skewed positive features (counts, prices). Values with
 * x + offset ≤ 0 are a DataError. @example nb.data.logTransform(prices) // log1p
 */
export function logTransform(x: Tensor, options: LogTransformOptions = {}): Tensor {
  checkOptions('logTransform', options, ['offset']);
  const offset = checkNumber('logTransform', 'offset', options.offset ?? 1);
  if (!(x instanceof Tensor)) throw new ConfigError(`logTransform: expected a Tensor, got ${typeof x}`);
  const v = x.data();
  const out = outArray(x, v.length);
  for (let i = 0; i < v.length; i++) {
    const s = v[i]! + offset;
    if (!(s > 0)) throw new DataError(`logTransform: x + offset must be > 0, got ${v[i]} + ${offset} at flat index ${i}`);
    out[i] = Math.log(s);
  }
  return new Tensor(out, x.shape, out instanceof Float64Array ? 'float64' : 'float32');
}

/** Undoes `logTransform`: exp(y) - offset. */
export function inverseLogTransform(y: Tensor, options: LogTransformOptions = {}): Tensor {
  checkOptions('inverseLogTransform', options, ['offset']);
  const offset = checkNumber('inverseLogTransform', 'offset', options.offset ?? 1);
  if (!(y instanceof Tensor)) throw new ConfigError(`inverseLogTransform: expected a Tensor, got ${typeof y}`);
  const v = y.data();
  const out = outArray(y, v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.exp(v[i]!) - offset;
  return new Tensor(out, y.shape, out instanceof Float64Array ? 'float64' : 'float32');
}
