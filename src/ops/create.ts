/** Creating tensors: from JavaScript values, constants, ranges, identity. */
import { ConfigError, DTypeError, ShapeError } from '../errors.js';
import { Tensor, type NestedArray, type TensorOptions } from '../tensor/tensor.js';
import { type DType, type TypedArray, allocate, assertDType, promoteWithScalar } from '../tensor/dtype.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import { checkOptions } from '../check.js';

/** Anything an op accepts where a tensor is expected: a tensor, a number, a boolean or nested arrays of them. */
export type TensorLike = Tensor | number | boolean | NestedArray | TypedArray;

export interface CreateOptions extends TensorOptions {
  /** Shape for flat typed-array or array input (defaults to 1-D). */
  shape?: readonly number[];
}

function inferShape(data: NestedArray, path: string): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  void path;
  return shape;
}

function flatten(data: NestedArray, shape: number[], out: number[], dim: number, where: string): boolean {
  // Returns whether any leaf is a boolean; checks raggedness on the way.
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new ShapeError(`tensor: ragged nested array: ${where} is an array, but its siblings are numbers`);
    if (typeof data === 'boolean') {
      out.push(data ? 1 : 0);
      return true;
    }
    if (typeof data !== 'number') throw new DTypeError(`tensor: ${where} is ${describeLeaf(data)}, not a number or boolean`);
    out.push(data);
    return false;
  }
  if (!Array.isArray(data)) {
    throw new ShapeError(`tensor: ragged nested array: ${where} is ${JSON.stringify(data)}, expected an array of length ${shape[dim]}`);
  }
  if (data.length !== shape[dim]) {
    throw new ShapeError(`tensor: ragged nested array: ${where} has length ${data.length}, expected ${shape[dim]} (like its first sibling)`);
  }
  let anyBool = false;
  for (let i = 0; i < data.length; i++) anyBool = flatten(data[i]!, shape, out, dim + 1, `${where}[${i}]`) || anyBool;
  return anyBool;
}

function describeLeaf(x: unknown): string {
  if (x instanceof Tensor) return 'a Tensor (use nb.stack to join tensors)';
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} (use Array.from, or pass the typed array on its own)`;
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function fillChecked(dtype: DType, values: ArrayLike<number>, op: string): TypedArray {
  const out = allocate(dtype, values.length);
  if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v) || v < -2147483648 || v >= 2147483648) {
        throw new DTypeError(`${op}: value ${v} at flat index ${i} cannot be stored in an int32 tensor`);
      }
      out[i] = Math.trunc(v);
    }
  } else if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else out.set(values as ArrayLike<number>);
  return out;
}

/**
 * Makes a tensor from nested arrays, a number, a boolean or a typed array. Numbers default to
 * float32, booleans to bool; typed arrays keep their type (Uint8Array becomes int32 unless dtype says bool).
 * @example nb.tensor([[1, 2], [3, 4]]) // float32 [2,2]
 * @example nb.tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] })
 */
export function tensor(data: TensorLike, options: CreateOptions = {}): Tensor {
  checkOptions('tensor', options, ['dtype', 'requiresGrad', 'shape']);
  const dtypeOpt = options.dtype === undefined ? undefined : assertDType('tensor', options.dtype);
  let t: Tensor;
  if (data instanceof Tensor) {
    t = new Tensor(fillChecked(dtypeOpt ?? data.dtype, data.data(), 'tensor'), data.shape, dtypeOpt ?? data.dtype);
  } else if (ArrayBuffer.isView(data)) {
    const natural: DType =
      data instanceof Float32Array ? 'float32' : data instanceof Float64Array ? 'float64' : data instanceof Int32Array ? 'int32' : 'int32';
    const dtype = dtypeOpt ?? natural;
    const shape = options.shape ? checkShape('tensor', options.shape) : [data.length];
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`tensor: shape [${shape.join(',')}] needs ${sizeOf(shape)} values, the typed array has ${data.length}`);
    }
    const src = data as ArrayLike<number>;
    t = new Tensor(fillChecked(dtype, src, 'tensor'), shape, dtype);
  } else if (typeof data === 'number' || typeof data === 'boolean') {
    const dtype = dtypeOpt ?? (typeof data === 'boolean' ? 'bool' : 'float32');
    const shape = options.shape ? checkShape('tensor', options.shape) : [];
    const n = sizeOf(shape);
    t = new Tensor(fillChecked(dtype, new Array<number>(n).fill(Number(data)), 'tensor'), shape, dtype);
  } else if (Array.isArray(data)) {
    const shape = inferShape(data, 'data');
    const flat: number[] = [];
    const anyBool = flatten(data, shape, flat, 0, 'data');
    const dtype = dtypeOpt ?? (anyBool ? 'bool' : 'float32');
    let finalShape = shape;
    if (options.shape) {
      finalShape = checkShape('tensor', options.shape);
      if (sizeOf(finalShape) !== flat.length) {
        throw new ShapeError(`tensor: shape [${finalShape.join(',')}] needs ${sizeOf(finalShape)} values, the data has ${flat.length}`);
      }
    }
    t = new Tensor(fillChecked(dtype, flat, 'tensor'), finalShape, dtype);
  } else {
    throw new DTypeError(`tensor: cannot make a tensor from ${describeValue(data)}`);
  }
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + '…' : x)}`;
  if (typeof x === 'object') return `an object (${Object.prototype.toString.call(x).slice(8, -1)})`;
  return typeof x;
}

/**
 * Converts an op argument to a tensor; plain numbers take a dtype that fits `like` (PyTorch's
 * weak scalars). `op` and `arg` name the caller in the error for a value that is not tensor-like.
 */
export function toTensor(x: TensorLike, like?: Tensor, op?: string, arg = 'x'): Tensor {
  if (x instanceof Tensor) return x;
  if ((typeof x === 'number' || typeof x === 'boolean') && like) {
    const dtype = promoteWithScalar(like.dtype, x);
    return full([], Number(x), dtype);
  }
  const ok = typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x) || ArrayBuffer.isView(x);
  if (!ok && op) {
    throw new DTypeError(`${op}: ${arg} must be a Tensor, number, boolean, nested array or typed array, got ${describeValue(x)}`);
  }
  return tensor(x);
}

function opts(op: string, o: TensorOptions | DType | undefined): { dtype: DType; requiresGrad: boolean } {
  if (typeof o === 'string') return { dtype: assertDType(op, o), requiresGrad: false };
  checkOptions(op, o, ['dtype', 'requiresGrad']);
  return { dtype: o?.dtype === undefined ? 'float32' : assertDType(op, o.dtype), requiresGrad: o?.requiresGrad ?? false };
}

function finish(t: Tensor, requiresGrad: boolean): Tensor {
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

function filled(op: string, shape: readonly number[], value: number | boolean, options?: TensorOptions | DType): Tensor {
  const s = checkShape(op, shape);
  const o = opts(op, options);
  if (typeof value === 'boolean' && (options === undefined || (typeof options === 'object' && options.dtype === undefined))) o.dtype = 'bool';
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new DTypeError(`${op}: value must be a number or boolean, got ${typeof value}`);
  if (o.dtype === 'int32' && !Number.isFinite(Number(value))) throw new DTypeError(`${op}: value ${value} cannot be stored in an int32 tensor`);
  const d = allocate(o.dtype, sizeOf(s), { op, shape: s });
  d.fill(Number(value));
  return finish(new Tensor(d, s, o.dtype), o.requiresGrad);
}

/** A tensor filled with `value` (float32, or bool for a boolean value, unless a dtype is given). @example nb.full([2, 2], 0.5) */
export function full(shape: readonly number[], value: number | boolean, options?: TensorOptions | DType): Tensor {
  return filled('full', shape, value, options);
}

/** A tensor of zeros. @example nb.zeros([2, 3]) */
export function zeros(shape: readonly number[], options?: TensorOptions | DType): Tensor {
  return filled('zeros', shape, 0, options);
}

/** A tensor of ones. @example nb.ones([3, 2]) */
export function ones(shape: readonly number[], options?: TensorOptions | DType): Tensor {
  return filled('ones', shape, 1, options);
}

export function zerosLike(t: Tensor, options?: TensorOptions | DType): Tensor {
  return zeros(t.shape, options ?? t.dtype);
}
export function onesLike(t: Tensor, options?: TensorOptions | DType): Tensor {
  return ones(t.shape, options ?? t.dtype);
}
export function fullLike(t: Tensor, value: number | boolean, options?: TensorOptions | DType): Tensor {
  return full(t.shape, value, options ?? t.dtype);
}

function checkFinite(op: string, name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`${op}: ${name} must be a finite number, got ${v}`);
}

/**
 * Evenly spaced values in [start, stop) with `step` (NumPy's arange). One argument means [0, stop).
 * Integers give int32, otherwise float32, unless `dtype` says.
 */
export function arange(start: number, stop?: number, step = 1, options?: TensorOptions | DType): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  checkFinite('arange', 'start', start);
  checkFinite('arange', 'stop', stop);
  checkFinite('arange', 'step', step);
  if (step === 0) throw new ConfigError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const allInt = Number.isInteger(start) && Number.isInteger(step);
  const o = opts('arange', options ?? (allInt ? 'int32' : 'float32'));
  const d = allocate(o.dtype, n, { op: 'arange', shape: [n] });
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return finish(new Tensor(d, [n], o.dtype), o.requiresGrad);
}

/** `num` evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number, options?: TensorOptions | DType): Tensor {
  checkFinite('linspace', 'start', start);
  checkFinite('linspace', 'stop', stop);
  if (!Number.isInteger(num) || num < 0) throw new ConfigError(`linspace: num must be a non-negative integer, got ${num}`);
  const o = opts('linspace', options);
  const d = allocate(o.dtype, num, { op: 'linspace', shape: [num] });
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) d[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return finish(new Tensor(d, [num], o.dtype), o.requiresGrad);
}

/** The n×m identity matrix (m defaults to n). */
export function eye(n: number, m = n, options?: TensorOptions | DType): Tensor {
  checkShape('eye', [n, m], 'size');
  const o = opts('eye', options);
  const d = allocate(o.dtype, n * m, { op: 'eye', shape: [n, m] });
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return finish(new Tensor(d, [n, m], o.dtype), o.requiresGrad);
}

/** A 0-d tensor holding one value. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return full([], value, dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32'));
}
