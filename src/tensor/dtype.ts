/** Data types, their storage arrays and the promotion rules binary ops follow. */
import { DTypeError, ResourceError } from '../errors.js';

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

const ITEM_BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Bytes one element of `dtype` takes. */
export function itemBytes(dtype: DType): number {
  return ITEM_BYTES[dtype];
}

/** Largest single allocation allowed, in bytes (default 4 GiB); see `setAllocationLimit`. */
let allocationLimit = 4 * 2 ** 30;

/**
 * Sets the largest tensor, in bytes, nabla will allocate (default 4 GiB): a bigger request is a
 * `ResourceError` naming the op, shape and size instead of a process brought down by memory.
 * @example nb.setAllocationLimit(16 * 2 ** 30); // allow tensors up to 16 GiB
 */
export function setAllocationLimit(bytes: number): void {
  if (typeof bytes !== 'number' || !(bytes > 0)) {
    throw new ResourceError({ op: 'setAllocationLimit', arg: 'bytes', expected: 'a positive number of bytes', received: bytes, code: 'E_CONFIG_RANGE' });
  }
  allocationLimit = bytes;
}

/** The current allocation limit in bytes. */
export function getAllocationLimit(): number {
  return allocationLimit;
}

/** `4.00 GiB`, for messages. */
export function fmtBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${n.toFixed(2)} ${units[i]}`;
}

/**
 * Storage for `size` elements of `dtype`. `what` names the op and shape for the error when the
 * request is above the allocation limit or the runtime refuses it.
 */
export function allocate(dtype: DType, size: number, what?: { op: string; shape: readonly number[] }): TypedArray {
  const bytes = size * ITEM_BYTES[dtype];
  if (bytes > allocationLimit || !Number.isSafeInteger(size)) throw allocationError(dtype, size, bytes, what, `it is above the allocation limit of ${fmtBytes(allocationLimit)} (nb.setAllocationLimit changes it)`);
  try {
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
  } catch (e) {
    if (e instanceof RangeError) throw allocationError(dtype, size, bytes, what, `the JavaScript runtime refused it (${e.message})`);
    throw e;
  }
}

function allocationError(dtype: DType, size: number, bytes: number, what: { op: string; shape: readonly number[] } | undefined, why: string): ResourceError {
  const shape = what ? `[${what.shape.join(',')}]` : `[${size}]`;
  return new ResourceError({
    op: what?.op ?? 'allocate',
    detail: `cannot allocate a ${dtype} tensor of shape ${shape} (${fmtBytes(bytes)}): ${why}`,
    code: 'E_RESOURCE_ALLOC',
  });
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
