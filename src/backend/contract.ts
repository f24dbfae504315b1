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

/**
 * A sliding window over an NHWC batch [batch, inH, inW, channels] (1-D windows: inH = kernelH = 1).
 * Output position (oy, ox) reads input rows oy·strideH − padTop + ky·dilationH (columns likewise);
 * rows or columns outside the image are zero padding (what lies after the image is implied by outH/outW).
 */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

/** What conv2d applies to its output before writing it: a per-filter bias, then relu. */
export interface ConvEpilogue {
  bias?: TypedArray;
  relu?: boolean;
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
  /** Patches of an NHWC batch: `out` is [batch, outH, outW, kernelH, kernelW, channels], padding taps 0. */
  im2col(x: TypedArray, g: ConvGeometry, out: TypedArray): void | false;
  /** Adjoint of im2col: patch entries summed back into `out` [batch, inH, inW, channels] (overwritten). */
  col2im(cols: TypedArray, g: ConvGeometry, out: TypedArray): void | false;
  /** Flat index into `x` of each window's maximum, `out` [batch, outH, outW, channels]; first on ties, NaN wins, padding skipped (-1 if all padding). */
  maxPoolIndices(x: TypedArray, g: ConvGeometry, out: Int32Array): void | false;
  /**
   * Max pooling in one pass: `out` [batch, outH, outW, channels] (x's dtype) gets each window's maximum
   * and, unless `indices` is null, `indices` its flat index into `x`, chosen as `maxPoolIndices` does
   * (first on ties, NaN wins, padding skipped). A window of padding only (no pooling geometry has one)
   * gives -Infinity (0 in integer arrays) and index -1.
   */
  maxPool(x: TypedArray, g: ConvGeometry, out: TypedArray, indices: Int32Array | null): void | false;
  /**
   * Average pooling: `out` [batch, outH, outW, channels] gets the mean of each window's in-image taps
   * (padding not counted, as Keras's 'same' average pooling; a window of padding only gives 0).
   */
  avgPool(x: TypedArray, g: ConvGeometry, out: TypedArray): void | false;
  /** avgPool's adjoint: each `dy` element over its window's tap count, added to those taps of `out` [batch, inH, inW, channels] (overwritten). */
  avgPoolBackward(dy: TypedArray, g: ConvGeometry, out: TypedArray): void | false;
  /**
   * 2-D convolution (cross-correlation) of NHWC `x` with an HWIO kernel `w` [kernelH, kernelW, channels, filters]:
   * `out` [batch, outH, outW, filters] = im2col(x) · w (+ bias [filters], then relu when asked). One
   * call instead of im2col, matmul, add and relu, so a backend need not materialise the patches or
   * the pre-activation outside its own memory.
   */
  conv2d(x: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray, epilogue?: ConvEpilogue): void | false;
  /** conv2d's gradient with respect to x: col2im(dy · wᵀ), `out` [batch, inH, inW, channels] (overwritten). */
  conv2dBackwardInput(dy: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void | false;
  /** conv2d's gradient with respect to w: im2col(x)ᵀ · dy, `out` [kernelH, kernelW, channels, filters] (overwritten). */
  conv2dBackwardFilter(x: TypedArray, dy: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void | false;

  // Linear algebra: each kernel works on `batch` row-major float matrices stored back to back.
  /** Lower Cholesky factors of n×n SPD matrices (lower triangle read); `info[b]` = k (1-based) when pivot k is not positive, else 0. */
  cholesky(a: TypedArray, out: TypedArray, batch: number, n: number, info: Int32Array): void | false;
  /**
   * LU with partial pivoting, packed (unit L below the diagonal, U on and above); `pivots[b·n + i]` is the
   * row swapped with row i at step i; `info[b]` = k (1-based) when U's k-th pivot is zero or negligible.
   */
  lu(a: TypedArray, out: TypedArray, batch: number, n: number, pivots: Int32Array, info: Int32Array): void | false;
  /** Solves A·X = B from `lu`'s output; B and X are [n, k]. */
  luSolve(lu: TypedArray, pivots: Int32Array, b: TypedArray, out: TypedArray, batch: number, n: number, k: number): void | false;
  /** Solves op(T)·X = B for triangular T [n, n]; B and X are [n, k]. */
  triangularSolve(t: TypedArray, b: TypedArray, out: TypedArray, p: TriangularSolveParams): void | false;
  /** Reduced QR: A [m, n] = Q [m, r] · R [r, n], r = min(m, n), R's diagonal non-negative. */
  qr(a: TypedArray, q: TypedArray, r: TypedArray, batch: number, m: number, n: number): void | false;
  /** Symmetric eigendecomposition (lower triangle read): eigenvalues ascending in `w` [n], eigenvectors as the columns of `v` [n, n]. */
  eigh(a: TypedArray, w: TypedArray, v: TypedArray, batch: number, n: number): void | false;
  /** Thin SVD: A [m, n] = U [m, r] · diag(s [r], descending) · Vᵀ [r, n], r = min(m, n). */
  svd(a: TypedArray, u: TypedArray, s: TypedArray, vt: TypedArray, batch: number, m: number, n: number): void | false;
}

export interface TriangularSolveParams {
  batch: number;
  n: number;
  /** Columns of B. */
  k: number;
  /** T is upper (else lower) triangular; the other triangle is not read. */
  upper: boolean;
  /** Solve with Tᵀ instead of T. */
  transpose: boolean;
  /** Take T's diagonal as ones (not read). */
  unitDiagonal: boolean;
}

export type KernelName = keyof Kernels;

/** A backend: a name and the kernels it implements (any subset of the contract). */
export interface Backend {
  readonly name: string;
  readonly kernels: Partial<Kernels>;
  /** Optional start-up (e.g. compiling WebAssembly, starting workers); false if unavailable here. */
  init?(): boolean;
}
