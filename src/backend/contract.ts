/**
 * The kernel contract: the only way primitives reach compute.
 *
 * Kernels are pure functions on typed arrays. Every tensor is contiguous and row-major, so a
 * kernel receives flat arrays plus the shapes it needs, and writes into an output array the caller
 * allocated (of the output dtype). The `js` backend implements every kernel for every dtype and is
 * the specification; a faster backend implements any subset, and may decline a call it does not
 * handle (say, a float64 matmul) by returning `false`, in which case the reference kernel runs.
 */
import type { TypedArray } from '../tensor/dtype.js';
import type { Generator } from '../random.js';

export type Shape = readonly number[];

/** Elementwise one-input kernels. Output dtype is chosen by the caller (e.g. bool for `isnan`). */
export type UnaryOp =
  | 'identity'
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'erf'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'logicalNot'
  | 'isnan'
  | 'isfinite'
  | 'positive';

/** Elementwise two-input kernels with NumPy broadcasting. Comparisons and logical ops write 0/1. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'mod'
  | 'atan2'
  | 'equal'
  | 'notEqual'
  | 'less'
  | 'lessEqual'
  | 'greater'
  | 'greaterEqual'
  | 'logicalAnd'
  | 'logicalOr'
  | 'logicalXor';

/** Reductions. `argmax`/`argmin` reduce exactly one axis and write int32 indices (first on ties). */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

export type RandomKind = 'uniform' | 'normal' | 'truncatedNormal';

export interface MatmulParams {
  /** Number of matrix products. */
  batch: number;
  m: number;
  n: number;
  k: number;
  /** A is stored [k, m] (read transposed) instead of [m, k]. */
  transA: boolean;
  /** B is stored [n, k] (read transposed) instead of [k, n]. */
  transB: boolean;
  /** Element offset of each product's A and B block (broadcast batches repeat offsets). */
  aOffsets: Int32Array;
  bOffsets: Int32Array;
}

export interface Kernels {
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void | false;
  /** `out[i] = op(a[bcast i], b[bcast i])` over `outShape`. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void | false;
  /** `out = cond ? a : b` with broadcasting of all three. */
  where(
    cond: Uint8Array,
    condShape: Shape,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void | false;
  /** Reduces `axes` (sorted, unique) of `x`; `out` is laid out as the shape with those axes removed. */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void | false;
  /** Running sum along `axis` (reversed: from the end). */
  cumsum(x: TypedArray, shape: Shape, axis: number, reverse: boolean, out: TypedArray): void | false;
  /** `out[b] = op(A[b]) @ op(B[b])` for each product of the batch; `out` is [batch, m, n]. */
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, p: MatmulParams): void | false;
  /**
   * Strided gather into a contiguous output: `out[i₀…] = x[offset + Σ i_d · strides[d]]`.
   * Transpose, slice (any step, negative too), flip and broadcast (stride 0) are all this kernel.
   */
  copy(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, outShape: Shape): void | false;
  /** Constant padding: `before[d]` elements before dimension d; the rest of `out` is `value`. */
  pad(x: TypedArray, shape: Shape, before: readonly number[], value: number, out: TypedArray, outShape: Shape): void | false;
  /** Joins arrays along `axis`; all shapes agree except on that axis. */
  concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number, out: TypedArray, outShape: Shape): void | false;
  /** `x` viewed as [outer, n, inner]; `out` as [outer, indices.length, inner] taking rows `indices`. */
  gather(x: TypedArray, shape: Shape, axis: number, indices: Int32Array, out: TypedArray): void | false;
  /** Inverse of gather: `out` viewed as [outer, n, inner] gets `src` rows added at `indices` (repeats add). */
  scatterAdd(out: TypedArray, outShape: Shape, axis: number, indices: Int32Array, src: TypedArray): void | false;
  /** Converts between dtypes (float→int truncates toward zero; anything→bool is `!= 0`). */
  cast(x: TypedArray, out: TypedArray): void | false;
  /** Fills `out` from the generator: uniform [a, b), normal(mean a, std b), or normal truncated at 2 std. */
  random(kind: RandomKind, out: TypedArray, a: number, b: number, gen: Generator): void | false;
}

export type KernelName = keyof Kernels;

/** A backend: a name and the kernels it implements (any subset of the contract). */
export interface Backend {
  readonly name: string;
  readonly kernels: Partial<Kernels>;
  /** Optional start-up (e.g. compiling WebAssembly, starting workers); false if unavailable here. */
  init?(): boolean;
}
