/**
 * Reference spectral kernels: the symmetric eigendecomposition (Householder tridiagonalisation,
 * then implicit QL with Wilkinson-type shifts) and the thin SVD (one-sided Jacobi, after a QR of
 * tall matrices). Arithmetic in float64 whatever the storage.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import { householderQr, work } from './linalg.js';

const EPS = 2.220446049250313e-16;

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (the columns of `v`) of each symmetric
 * n×n matrix; only the lower triangle is read.
 */
export function eigh(a: TypedArray, w: TypedArray, v: TypedArray, batch: number, n: number): void {
  const nn = n * n;
  for (let t = 0; t < batch; t++) {
    const A = work(a, t * nn, nn);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = A[j * n + i]!;
    const { d, zt } = symmetricEigen(A, n);
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
    for (let j = 0; j < n; j++) {
      const src = order[j]!;
      w[t * n + j] = d[src]!;
      for (let r = 0; r < n; r++) v[t * nn + r * n + j] = zt[src * n + r]!;
    }
  }
}

/**
 * Eigen-decomposition of a full symmetric float64 matrix (overwritten): eigenvalues `d` (unsorted)
 * and eigenvectors as the rows of `zt`.
 */
export function symmetricEigen(A: Float64Array, n: number): { d: Float64Array; zt: Float64Array } {
  // zt holds Zᵀ, so both the reflections and the rotations below update contiguous rows.
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  const row = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const s = k + 1;
    const len = n - s;
    let norm2 = 0;
    for (let i = 0; i < len; i++) norm2 += A[(s + i) * n + k]! ** 2;
    if (norm2 === 0) continue;
    const x0 = A[s * n + k]!;
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    for (let i = 0; i < len; i++) v[i] = A[(s + i) * n + k]!;
    v[0] = x0 - alpha;
    let vn2 = 0;
    for (let i = 0; i < len; i++) vn2 += v[i]! * v[i]!;
    if (vn2 === 0) continue;
    const inv = 1 / Math.sqrt(vn2);
    for (let i = 0; i < len; i++) v[i]! *= inv;
    // Trailing block B ← H B H with H = I − 2vvᵀ: B − 2(v qᵀ + q vᵀ), p = Bv, q = p − (vᵀp)v.
    let vp = 0;
    for (let i = 0; i < len; i++) {
      const ri = (s + i) * n + s;
      let acc = 0;
      for (let j = 0; j < len; j++) acc += A[ri + j]! * v[j]!;
      p[i] = acc;
      vp += v[i]! * acc;
    }
    for (let i = 0; i < len; i++) p[i] = p[i]! - vp * v[i]!;
    for (let i = 0; i < len; i++) {
      const ri = (s + i) * n + s;
      const vi = 2 * v[i]!;
      const qi = 2 * p[i]!;
      for (let j = 0; j < len; j++) A[ri + j]! -= vi * p[j]! + qi * v[j]!;
    }
    A[s * n + k] = alpha;
    A[k * n + s] = alpha;
    for (let i = 1; i < len; i++) {
      A[(s + i) * n + k] = 0;
      A[k * n + s + i] = 0;
    }
    // Zᵀ ← H Zᵀ on rows s..n-1.
    row.fill(0);
    for (let i = 0; i < len; i++) {
      const vi = v[i]!;
      if (vi === 0) continue;
      const ri = (s + i) * n;
      for (let c = 0; c < n; c++) row[c]! += vi * zt[ri + c]!;
    }
    for (let i = 0; i < len; i++) {
      const vi = 2 * v[i]!;
      if (vi === 0) continue;
      const ri = (s + i) * n;
      for (let c = 0; c < n; c++) zt[ri + c]! -= vi * row[c]!;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = A[i * n + i]!;
  for (let i = 0; i < n - 1; i++) e[i] = A[(i + 1) * n + i]!;
  tridiagonalQl(d, e, zt, n);
  return { d, zt };
}

/**
 * Implicit QL iterations on the symmetric tridiagonal matrix (diagonal d, off-diagonal e[i]
 * between i and i+1), rotating the rows of zt along. On return d holds the eigenvalues.
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, zt: Float64Array, n: number): void {
  for (let l = 0; l < n; l++) {
    for (let iter = 0; iter < 200; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= EPS * dd) break;
      }
      if (m === l) break;
      // Shift from the leading 2×2 block, then chase the bulge from m up to l.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        const r0 = i * n;
        const r1 = (i + 1) * n;
        for (let k = 0; k < n; k++) {
          const z0 = zt[r0 + k]!;
          const z1 = zt[r1 + k]!;
          zt[r1 + k] = s * z0 + c * z1;
          zt[r0 + k] = c * z0 - s * z1;
        }
      }
      if (underflow) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Thin SVD of each [m, n] matrix: U [m, r], s [r] descending, Vᵀ [r, n], r = min(m, n).
 */
export function svd(a: TypedArray, u: TypedArray, s: TypedArray, vt: TypedArray, batch: number, m: number, n: number): void {
  const r = Math.min(m, n);
  for (let t = 0; t < batch; t++) {
    const A = work(a, t * m * n, m * n);
    let res: { U: Float64Array; S: Float64Array; Vt: Float64Array };
    if (m >= n) res = svdTall(A, m, n);
    else {
      // SVD of Aᵀ = U' Σ V'ᵀ gives A = V' Σ U'ᵀ.
      const At = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) At[j * m + i] = A[i * n + j]!;
      const tr = svdTall(At, n, m);
      const U = new Float64Array(m * r);
      const Vt = new Float64Array(r * n);
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < m; j++) U[j * r + i] = tr.Vt[i * m + j]!;
        for (let j = 0; j < n; j++) Vt[i * n + j] = tr.U[j * r + i]!;
      }
      res = { U, S: tr.S, Vt };
    }
    u.set(res.U, t * m * r);
    s.set(res.S, t * r);
    vt.set(res.Vt, t * r * n);
  }
}

/** Thin SVD of a float64 [m, n] matrix with m ≥ n. */
function svdTall(A: Float64Array, m: number, n: number): { U: Float64Array; S: Float64Array; Vt: Float64Array } {
  // Tall: A = QR first, then Jacobi on the small square R (U = Q·U_R).
  let Q: Float64Array | null = null;
  let rows = m;
  let M = A;
  if (m > n) {
    const f = householderQr(A, m, n);
    Q = f.Q;
    M = f.R;
    rows = n;
  }
  // G's rows are M's columns, so the rotations below touch contiguous memory.
  const G = new Float64Array(n * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) G[j * rows + i] = M[i * n + j]!;
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  jacobiSweeps(G, V, n, rows);
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = 0; i < rows; i++) acc += G[j * rows + i]! ** 2;
    norms[j] = Math.sqrt(acc);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => norms[y]! - norms[x]!);
  const S = new Float64Array(n);
  const Vt = new Float64Array(n * n);
  const Ur = new Float64Array(rows * n); // columns: left singular vectors of M, as rows here
  const smax = norms[order[0]!] ?? 0;
  const tiny = smax * EPS * Math.max(m, n);
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    S[k] = norms[j]!;
    for (let c = 0; c < n; c++) Vt[k * n + c] = V[j * n + c]!;
    if (norms[j]! > tiny && norms[j]! > 0) {
      const inv = 1 / norms[j]!;
      for (let i = 0; i < rows; i++) Ur[k * rows + i] = G[j * rows + i]! * inv;
    } else completeBasis(Ur, k, rows);
  }
  const U = new Float64Array(m * n);
  if (Q) {
    // U = Q · U_R, with Q [m, n] and U_R stored transposed.
    for (let i = 0; i < m; i++) {
      const qi = i * n;
      for (let k = 0; k < n; k++) {
        let acc = 0;
        const uk = k * rows;
        for (let c = 0; c < n; c++) acc += Q[qi + c]! * Ur[uk + c]!;
        U[i * n + k] = acc;
      }
    }
  } else for (let k = 0; k < n; k++) for (let i = 0; i < m; i++) U[i * n + k] = Ur[k * m + i]!;
  return { U, S, Vt };
}

/** Rotates pairs of rows of G (and of V) until all rows of G are mutually orthogonal. */
function jacobiSweeps(G: Float64Array, V: Float64Array, n: number, len: number): void {
  const tol = EPS * Math.max(len, n);
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      const rp = p * len;
      for (let q = p + 1; q < n; q++) {
        const rq = q * len;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < len; i++) {
          const x = G[rp + i]!;
          const y = G[rq + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotations++;
        const zeta = (beta - alpha) / (2 * gamma);
        const tn = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tn * tn);
        const s = c * tn;
        for (let i = 0; i < len; i++) {
          const x = G[rp + i]!;
          const y = G[rq + i]!;
          G[rp + i] = c * x - s * y;
          G[rq + i] = s * x + c * y;
        }
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const x = V[vp + i]!;
          const y = V[vq + i]!;
          V[vp + i] = c * x - s * y;
          V[vq + i] = s * x + c * y;
        }
      }
    }
    if (rotations === 0) break;
  }
}

/** Fills row k of `B` (rows of length `len`) with a unit vector orthogonal to rows 0..k-1. */
function completeBasis(B: Float64Array, k: number, len: number): void {
  // Project each standard basis vector off the accepted rows; keep the largest residual
  // (their squared norms sum to len − k ≥ 1, so the best is at least 1/√len).
  const x = new Float64Array(len);
  let bestNorm = -1;
  let best = new Float64Array(len);
  for (let e = 0; e < len; e++) {
    x.fill(0);
    x[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let i = 0; i < len; i++) dot += B[j * len + i]! * x[i]!;
        for (let i = 0; i < len; i++) x[i]! -= dot * B[j * len + i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < len; i++) nrm += x[i]! * x[i]!;
    nrm = Math.sqrt(nrm);
    if (nrm > bestNorm) {
      bestNorm = nrm;
      best = x.slice();
      if (nrm > 0.7) break;
    }
  }
  for (let i = 0; i < len; i++) B[k * len + i] = bestNorm > 0 ? best[i]! / bestNorm : 0;
}
