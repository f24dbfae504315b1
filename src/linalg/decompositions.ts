/**
 * Matrix decompositions without gradients: QR, symmetric eigendecomposition, SVD, LU. Batched over
 * leading dimensions; float32 inputs are computed in float64 and returned as float32.
 */
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike } from '../ops/create.js';
import { alloc, asFloat, matrixBatch, squareBatch } from './util.js';

/**
 * Reduced QR: a [..., m, n] = q [..., m, r] · r [..., r, n] with r = min(m, n), q's columns
 * orthonormal and r upper triangular with a non-negative diagonal (Householder reflections).
 * Not differentiable.
 * @example const { q, r } = nb.linalg.qr(a);
 */
export function qr(a: TensorLike): { q: Tensor; r: Tensor } {
  const t = asFloat('qr', 'a', a);
  const b = matrixBatch('qr', 'a', t);
  const k = Math.min(b.m, b.n);
  const qShape = [...b.batchShape, b.m, k];
  const rShape = [...b.batchShape, k, b.n];
  const q = alloc(t.dtype, qShape);
  const r = alloc(t.dtype, rShape);
  kernels().qr(t.data(), q, r, b.batch, b.m, b.n);
  return { q: new Tensor(q, qShape, t.dtype), r: new Tensor(r, rShape, t.dtype) };
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix, so that
 * a = V·diag(w)·Vᵀ. Only the lower triangle is read. Not differentiable.
 * @example const { eigenvalues, eigenvectors } = nb.linalg.eigh(cov);
 */
export function eigh(a: TensorLike): { eigenvalues: Tensor; eigenvectors: Tensor } {
  const t = asFloat('eigh', 'a', a);
  const b = squareBatch('eigh', 'a', t);
  const wShape = [...b.batchShape, b.n];
  const w = alloc(t.dtype, wShape);
  const v = alloc(t.dtype, t.shape);
  kernels().eigh(t.data(), w, v, b.batch, b.n);
  return { eigenvalues: new Tensor(w, wShape, t.dtype), eigenvectors: new Tensor(v, t.shape, t.dtype) };
}

/** Eigenvalues (ascending) of a symmetric matrix. Not differentiable. */
export function eigvalsh(a: TensorLike): Tensor {
  return eigh(a).eigenvalues;
}

/**
 * Thin singular value decomposition a [..., m, n] = u [..., m, r] · diag(s [..., r]) · vt [..., r, n],
 * r = min(m, n), singular values descending (one-sided Jacobi, accurate to working precision).
 * Not differentiable.
 * @example const { u, s, vt } = nb.linalg.svd(x);
 */
export function svd(a: TensorLike): { u: Tensor; s: Tensor; vt: Tensor } {
  const t = asFloat('svd', 'a', a);
  const b = matrixBatch('svd', 'a', t);
  const r = Math.min(b.m, b.n);
  const uShape = [...b.batchShape, b.m, r];
  const sShape = [...b.batchShape, r];
  const vShape = [...b.batchShape, r, b.n];
  const u = alloc(t.dtype, uShape);
  const s = alloc(t.dtype, sShape);
  const vt = alloc(t.dtype, vShape);
  kernels().svd(t.data(), u, s, vt, b.batch, b.m, b.n);
  return { u: new Tensor(u, uShape, t.dtype), s: new Tensor(s, sShape, t.dtype), vt: new Tensor(vt, vShape, t.dtype) };
}

/** Singular values (descending). Not differentiable. */
export function svdvals(a: TensorLike): Tensor {
  return svd(a).s;
}

/**
 * LU factorisation with partial pivoting: a = p · l · u, p a permutation matrix, l unit lower
 * triangular, u upper triangular. Works for singular matrices too. Not differentiable.
 * @example const { p, l, u } = nb.linalg.lu(a);
 */
export function lu(a: TensorLike): { p: Tensor; l: Tensor; u: Tensor } {
  const t = asFloat('lu', 'a', a);
  const b = squareBatch('lu', 'a', t);
  const n = b.n;
  const nn = n * n;
  const packed = new Float64Array(t.size);
  const pivots = new Int32Array(b.batch * n);
  kernels().lu(t.data(), packed, b.batch, n, pivots, new Int32Array(b.batch));
  const P = alloc(t.dtype, t.shape);
  const L = alloc(t.dtype, t.shape);
  const U = alloc(t.dtype, t.shape);
  for (let k = 0; k < b.batch; k++) {
    const o = k * nn;
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = pivots[k * n + i]!;
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    // Row i of P·A… is row perm[i] of A, so A = Pᵀ(LU) and the returned p has p[perm[i], i] = 1.
    for (let i = 0; i < n; i++) {
      P[o + perm[i]! * n + i] = 1;
      L[o + i * n + i] = 1;
      for (let j = 0; j < n; j++) {
        if (j < i) L[o + i * n + j] = packed[o + i * n + j]!;
        else U[o + i * n + j] = packed[o + i * n + j]!;
      }
    }
  }
  return { p: new Tensor(P, t.shape, t.dtype), l: new Tensor(L, t.shape, t.dtype), u: new Tensor(U, t.shape, t.dtype) };
}
