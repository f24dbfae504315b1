/**
 * Reference linear-algebra kernels: Cholesky, LU with partial pivoting, triangular and LU solves,
 * Householder QR. Each works on a batch of row-major matrices stored back to back. Arithmetic is
 * done in float64 whatever the storage (float32 inputs are widened, results narrowed on write).
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { TriangularSolveParams } from '../contract.js';

/** A float64 working copy of `len` elements from `off`. */
export function work(a: TypedArray, off: number, len: number): Float64Array {
  const w = new Float64Array(len);
  for (let i = 0; i < len; i++) w[i] = a[off + i]!;
  return w;
}

/** Machine epsilon of the storage type (float32 or float64). */
export function epsOf(a: TypedArray): number {
  return a instanceof Float32Array ? 1.1920929e-7 : 2.220446049250313e-16;
}

/**
 * Lower Cholesky factor of each symmetric positive-definite matrix (the lower triangle is read).
 * `info[b]` is 0, or k (1-based) when the k-th pivot is not positive.
 */
export function cholesky(a: TypedArray, out: TypedArray, batch: number, n: number, info: Int32Array): void {
  const nn = n * n;
  for (let t = 0; t < batch; t++) {
    const A = work(a, t * nn, nn);
    const L = new Float64Array(nn);
    info[t] = 0;
    for (let j = 0; j < n && info[t] === 0; j++) {
      const rj = j * n;
      let s = A[rj + j]!;
      for (let k = 0; k < j; k++) s -= L[rj + k]! * L[rj + k]!;
      if (!(s > 0)) {
        info[t] = j + 1;
        break;
      }
      const d = Math.sqrt(s);
      L[rj + j] = d;
      for (let i = j + 1; i < n; i++) {
        const ri = i * n;
        let v = A[ri + j]!;
        for (let k = 0; k < j; k++) v -= L[ri + k]! * L[rj + k]!;
        L[ri + j] = v / d;
      }
    }
    out.set(L, t * nn);
  }
}

/**
 * LU factorisation with partial pivoting, P·A = L·U, packed: U on and above the diagonal, L's
 * multipliers below (its unit diagonal implied). `pivots[b·n + i]` is the row swapped with row i
 * at step i. `info[b]` is 0, or k (1-based) when U's k-th pivot is zero or negligible
 * (|u_kk| ≤ n·ε·max|a_ij|, ε of the storage type); the factorisation still completes.
 */
export function lu(a: TypedArray, out: TypedArray, batch: number, n: number, pivots: Int32Array, info: Int32Array): void {
  const nn = n * n;
  const eps = epsOf(out);
  for (let t = 0; t < batch; t++) {
    const A = work(a, t * nn, nn);
    let scale = 0;
    for (let i = 0; i < nn; i++) scale = Math.max(scale, Math.abs(A[i]!));
    const tiny = n * eps * scale;
    info[t] = 0;
    for (let k = 0; k < n; k++) {
      let p = k;
      let best = Math.abs(A[k * n + k]!);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(A[i * n + k]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      pivots[t * n + k] = p;
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const tmp = A[k * n + j]!;
          A[k * n + j] = A[p * n + j]!;
          A[p * n + j] = tmp;
        }
      }
      const piv = A[k * n + k]!;
      if (!(best > tiny)) {
        if (info[t] === 0) info[t] = k + 1;
        if (piv === 0) continue;
      }
      for (let i = k + 1; i < n; i++) {
        const l = A[i * n + k]! / piv;
        A[i * n + k] = l;
        if (l === 0) continue;
        const ri = i * n;
        const rk = k * n;
        for (let j = k + 1; j < n; j++) A[ri + j]! -= l * A[rk + j]!;
      }
    }
    out.set(A, t * nn);
  }
}

/** Solves A·X = B for each batch element from `lu`'s packed factors and pivots; B and X are [n, k]. */
export function luSolve(
  luData: TypedArray,
  pivots: Int32Array,
  b: TypedArray,
  out: TypedArray,
  batch: number,
  n: number,
  k: number,
): void {
  const nn = n * n;
  const nk = n * k;
  for (let t = 0; t < batch; t++) {
    const F = work(luData, t * nn, nn);
    const X = work(b, t * nk, nk);
    // Row swaps, in the order they were made.
    for (let i = 0; i < n; i++) {
      const p = pivots[t * n + i]!;
      if (p !== i) {
        for (let j = 0; j < k; j++) {
          const tmp = X[i * k + j]!;
          X[i * k + j] = X[p * k + j]!;
          X[p * k + j] = tmp;
        }
      }
    }
    // Forward substitution with unit-lower L, then backward with U: whole rows at a time.
    for (let i = 1; i < n; i++) {
      const ri = i * k;
      for (let q = 0; q < i; q++) {
        const l = F[i * n + q]!;
        if (l === 0) continue;
        const rq = q * k;
        for (let j = 0; j < k; j++) X[ri + j]! -= l * X[rq + j]!;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * k;
      for (let q = i + 1; q < n; q++) {
        const u = F[i * n + q]!;
        if (u === 0) continue;
        const rq = q * k;
        for (let j = 0; j < k; j++) X[ri + j]! -= u * X[rq + j]!;
      }
      const d = F[i * n + i]!;
      for (let j = 0; j < k; j++) X[ri + j]! /= d;
    }
    out.set(X, t * nk);
  }
}

/** Solves op(T)·X = B for triangular T [n, n] (op transposes when asked); B and X are [n, k]. */
export function triangularSolve(tri: TypedArray, b: TypedArray, out: TypedArray, p: TriangularSolveParams): void {
  const { batch, n, k, upper, transpose, unitDiagonal } = p;
  const nn = n * n;
  const nk = n * k;
  // op(T) is lower triangular exactly when one of (upper, transpose) holds but not both.
  const forward = upper === transpose;
  for (let t = 0; t < batch; t++) {
    const T = work(tri, t * nn, nn);
    const X = work(b, t * nk, nk);
    const at = transpose ? (i: number, j: number) => T[j * n + i]! : (i: number, j: number) => T[i * n + j]!;
    for (let s = 0; s < n; s++) {
      const i = forward ? s : n - 1 - s;
      const ri = i * k;
      const lo = forward ? 0 : i + 1;
      const hi = forward ? i : n;
      for (let q = lo; q < hi; q++) {
        const c = at(i, q);
        if (c === 0) continue;
        const rq = q * k;
        for (let j = 0; j < k; j++) X[ri + j]! -= c * X[rq + j]!;
      }
      if (!unitDiagonal) {
        const d = T[i * n + i]!;
        for (let j = 0; j < k; j++) X[ri + j]! /= d;
      }
    }
    out.set(X, t * nk);
  }
}

/**
 * Reduced QR by Householder reflections: A [m, n] = Q [m, r] · R [r, n] with r = min(m, n),
 * Q's columns orthonormal, R upper triangular with a non-negative diagonal.
 */
export function qr(a: TypedArray, qOut: TypedArray, rOut: TypedArray, batch: number, m: number, n: number): void {
  const r = Math.min(m, n);
  for (let t = 0; t < batch; t++) {
    const A = work(a, t * m * n, m * n);
    const { Q, R } = householderQr(A, m, n);
    qOut.set(Q, t * m * r);
    rOut.set(R, t * r * n);
  }
}

/** Householder QR of a float64 row-major [m, n] matrix (overwritten). */
export function householderQr(A: Float64Array, m: number, n: number): { Q: Float64Array; R: Float64Array } {
  const r = Math.min(m, n);
  const vs: Float64Array[] = [];
  const w = new Float64Array(n);
  for (let j = 0; j < r; j++) {
    const len = m - j;
    const v = new Float64Array(len);
    let norm2 = 0;
    for (let i = 0; i < len; i++) {
      const x = A[(j + i) * n + j]!;
      v[i] = x;
      norm2 += x * x;
    }
    const norm = Math.sqrt(norm2);
    // Reflect x onto -sign(x₀)‖x‖e₁ (no cancellation in v₀ = x₀ - alpha).
    const alpha = v[0]! >= 0 ? -norm : norm;
    v[0] = v[0]! - alpha;
    let vn2 = 0;
    for (let i = 0; i < len; i++) vn2 += v[i]! * v[i]!;
    if (vn2 === 0) {
      vs.push(v);
      continue;
    }
    const inv = 1 / Math.sqrt(vn2);
    for (let i = 0; i < len; i++) v[i]! *= inv;
    vs.push(v);
    // A[j:, j:] -= 2 v (vᵀ A[j:, j:]), by rows so the inner loops run over contiguous memory.
    w.fill(0, j, n);
    for (let i = 0; i < len; i++) {
      const vi = v[i]!;
      if (vi === 0) continue;
      const row = (j + i) * n;
      for (let c = j; c < n; c++) w[c]! += vi * A[row + c]!;
    }
    for (let i = 0; i < len; i++) {
      const f = 2 * v[i]!;
      if (f === 0) continue;
      const row = (j + i) * n;
      for (let c = j; c < n; c++) A[row + c]! -= f * w[c]!;
    }
  }
  // Q = H₀ H₁ … applied to the first r columns of the identity, last reflector first.
  const Q = new Float64Array(m * r);
  for (let i = 0; i < r; i++) Q[i * r + i] = 1;
  const wq = new Float64Array(r);
  for (let j = r - 1; j >= 0; j--) {
    const v = vs[j]!;
    wq.fill(0);
    for (let i = 0; i < v.length; i++) {
      const vi = v[i]!;
      if (vi === 0) continue;
      const row = (j + i) * r;
      for (let c = 0; c < r; c++) wq[c]! += vi * Q[row + c]!;
    }
    for (let i = 0; i < v.length; i++) {
      const f = 2 * v[i]!;
      if (f === 0) continue;
      const row = (j + i) * r;
      for (let c = 0; c < r; c++) Q[row + c]! -= f * wq[c]!;
    }
  }
  const R = new Float64Array(r * n);
  for (let i = 0; i < r; i++) {
    // Make R's diagonal non-negative: flip row i of R and column i of Q together.
    const flip = A[i * n + i]! < 0 ? -1 : 1;
    for (let c = i; c < n; c++) R[i * n + c] = flip * A[i * n + c]!;
    if (flip < 0) for (let q = 0; q < m; q++) Q[q * r + i] = -Q[q * r + i]!;
  }
  return { Q, R };
}
