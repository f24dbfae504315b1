/** Data types, their storage arrays and the promotion rules binary ops follow. */
import { DTypeError } from '../errors.js';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The typed array behind each dtype (bool is stored as one byte per element, 0 or 1). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type DataFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : Uint8Array;

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

export function assertDType(op: string, x: unknown): DType {
  if (!isDType(x)) throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(x)}; expected one of ${DTYPES.join(', ')}`);
  return x;
}

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** The dtype a typed array stores (Uint8Array is read as bool). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Promotion of two tensor dtypes: bool < int32 < float32 < float64 (as PyTorch: int32 with float32 gives float32). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Promotion of a tensor dtype with a plain JavaScript number ("weak" scalar, as in PyTorch):
 * the tensor's dtype wins unless the number needs a float and the tensor is integral or bool.
 */
export function promoteWithScalar(d: DType, value: number | boolean): DType {
  if (typeof value === 'boolean') return d;
  if (isFloat(d)) return d;
  if (Number.isInteger(value)) return d === 'bool' ? 'int32' : d;
  return 'float32';
}

/** The dtype a float-only op (exp, sqrt, mean…) produces from an input dtype. */
export function floatResult(d: DType): DType {
  return isFloat(d) ? d : 'float32';
}
