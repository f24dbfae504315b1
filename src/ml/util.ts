/**
 * Shared plumbing of the estimators: converting inputs to float64 matrices, labels to class
 * codes, option checks, and the estimator base class (parameters, clone, fitted checks).
 */
import { DataError, DTypeError, NablaError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../check.js';

/** Samples × features: a 2-D tensor or nested arrays of numbers. */
export type Features = Tensor | readonly (readonly number[])[];
/** One target (or label) per sample: a 1-D tensor or an array of numbers. */
export type Targets = Tensor | readonly number[];

/** A dense row-major float64 matrix. */
export interface Mat {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Converts features to a float64 matrix (a copy), checking shape and finiteness. */
export function toMat(op: string, name: string, x: Features): Mat {
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${op}: ${name} must be 2-D (samples × features), got shape ${fmtShape(x.shape)}`);
    if (x.dtype === 'bool') throw new DTypeError(`${op}: ${name} must be numeric, got a bool tensor`);
    const data = Float64Array.from(x.data());
    checkFinite(op, name, data);
    return { data, rows: x.shape[0]!, cols: x.shape[1]! };
  }
  if (!Array.isArray(x)) throw new DTypeError(`${op}: ${name} must be a Tensor or an array of rows, got ${typeof x}`);
  const rows = x.length;
  const cols = rows > 0 ? (x[0]?.length ?? 0) : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ShapeError(`${op}: ${name} rows must all have ${cols} numbers; row ${i} has ${Array.isArray(row) ? row.length : typeof row}`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] as number;
  }
  checkFinite(op, name, data);
  return { data, rows, cols };
}

function checkFinite(op: string, name: string, d: Float64Array): void {
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) throw new DataError(`${op}: ${name} contains ${d[i]} at flat index ${i}; remove or impute it first`);
  }
}

/** Converts targets to a float64 vector of length n (a copy). */
export function toVec(op: string, name: string, y: Targets, n?: number): Float64Array {
  let data: Float64Array;
  if (y instanceof Tensor) {
    if (y.rank !== 1 && !(y.rank === 2 && y.shape[1] === 1)) throw new ShapeError(`${op}: ${name} must be 1-D, got shape ${fmtShape(y.shape)}`);
    data = Float64Array.from(y.data());
  } else if (Array.isArray(y)) data = Float64Array.from(y as number[]);
  else throw new DTypeError(`${op}: ${name} must be a Tensor or an array of numbers, got ${typeof y}`);
  if (n !== undefined && data.length !== n) throw new ShapeError(`${op}: ${name} has ${data.length} values but X has ${n} samples`);
  checkFinite(op, name, data);
  return data;
}

/** Labels as codes 0..C-1 into the sorted distinct values `classes`. */
export function encodeLabels(op: string, y: Targets, n: number): { codes: Int32Array; classes: number[] } {
  const v = toVec(op, 'y', y, n);
  const classes = [...new Set(v)].sort((a, b) => a - b);
  const index = new Map(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) codes[i] = index.get(v[i]!)!;
  return { codes, classes };
}

/** A float64 tensor over `data`. */
export function tensor64(data: Float64Array, shape: readonly number[]): Tensor {
  return new Tensor(data, shape, 'float64');
}

/** Rows `idx` of a matrix. */
export function takeRows(m: Mat, idx: ArrayLike<number>): Mat {
  const out = new Float64Array(idx.length * m.cols);
  for (let i = 0; i < idx.length; i++) out.set(m.data.subarray(idx[i]! * m.cols, (idx[i]! + 1) * m.cols), i * m.cols);
  return { data: out, rows: idx.length, cols: m.cols };
}

export { generatorFor } from '../random.js';

// ---------------------------------------------------------------- estimator base

/** What model selection needs from an estimator. */
export interface Estimator {
  /** 'classifier' makes cross-validation stratify its folds. */
  readonly estimatorType?: 'classifier' | 'regressor' | 'clusterer' | 'transformer';
  fit(x: Features, y?: Targets): this;
  score(x: Features, y?: Targets): number;
  getParams(): Record<string, unknown>;
  clone(overrides?: Record<string, unknown>): Estimator;
}

/**
 * Base of the estimators: validated options (unknown names are a ConfigError), `getParams`,
 * `setParams`, `clone` (an unfitted copy with the same or changed options) and fitted checks.
 */
export abstract class BaseEstimator<O extends object> {
  protected params: Required<O>;

  protected constructor(
    protected readonly estimatorName: string,
    options: O | undefined,
    defaults: Required<O>,
  ) {
    checkOptions(estimatorName, options, Object.keys(defaults));
    const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
    this.params = { ...defaults, ...given } as Required<O>;
    this.validate();
  }

  /** Checks `this.params`; called on construction and by setParams. */
  protected abstract validate(): void;

  /** The options in effect (defaults filled in). */
  getParams(): Required<O> {
    return { ...this.params };
  }

  /** Changes options (validated); the estimator must be fitted again. */
  setParams(params: Partial<O>): this {
    checkOptions(`${this.estimatorName}.setParams`, params, Object.keys(this.params));
    this.params = { ...this.params, ...params };
    this.validate();
    return this;
  }

  /** An unfitted estimator of the same kind with the same options, some overridden. */
  clone(overrides: Partial<O> = {}): this {
    const Ctor = this.constructor as new (o: O) => this;
    return new Ctor({ ...this.params, ...overrides } as O);
  }

  /** Throws when the estimator has not been fitted; returns the fitted state. */
  protected fitted<T>(state: T | null, method: string): T {
    if (state === null) throw new NablaError(`${this.estimatorName}.${method}: the estimator is not fitted yet; call fit() first`, 'E_NOT_FITTED');
    return state;
  }
}

/** Class values for codes, as int32 when every class is an integer, else float64. */
export function labelsTensor(classes: readonly number[], codes: ArrayLike<number>): Tensor {
  const ints = classes.every((c) => Number.isInteger(c) && Math.abs(c) < 2 ** 31);
  const out = ints ? new Int32Array(codes.length) : new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]!]!;
  return new Tensor(out, [codes.length], ints ? 'int32' : 'float64');
}
