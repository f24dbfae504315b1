/** Least squares, pseudo-inverse and numerical rank (QR for full-rank tall systems, SVD otherwise). */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { type TensorLike } from '../ops/create.js';
import { alloc, asFloat, matrixBatch } from './util.js';
import { checkOptions } from '../check.js';

const EPS = 2.220446049250313e-16;

export interface LstsqOptions {
  /** Singular values (or |R_ii|) below rcond · the largest count as zero. Default ε·max(m, n). */
  rcond?: number;
}

export interface LstsqResult {
  /** x minimising ‖a·x − b‖₂ (the minimum-norm one when a is rank-deficient): [n] or [n, k]. */
  solution: Tensor;
  /** Sum of squared residuals ‖a·x − b‖² per column of b: [] or [k]. */
  residuals: Tensor;
  /** Numerical rank of a. */
  rank: number;
}

interface Svd64 {
  u: Float64Array;
  s: Float64Array;
  vt: Float64Array;
}

function svd64(a: Float64Array, m: number, n: number): Svd64 {
  const r = Math.min(m, n);
  const out = { u: new Float64Array(m * r), s: new Float64Array(r), vt: new Float64Array(r * n) };
  kernels().svd(a, out.u, out.s, out.vt, 1, m, n);
  return out;
}

function rcondOf(fn: string, options: LstsqOptions, m: number, n: number): number {
  const rcond = options.rcond ?? EPS * Math.max(m, n);
  if (typeof rcond !== 'number' || !(rcond >= 0)) throw new ConfigError(`${fn}: rcond must be a non-negative number, got ${String(rcond)}`);
  return rcond;
}

/**
 * Least-squares solution of a·x ≈ b for a 2-D `a` [m, n] and `b` [m] or [m, k]: Householder QR when
 * a has full column rank, SVD (minimum-norm solution) otherwise. Not differentiable; computed in
 * float64, returned in the inputs' dtype.
 * @example nb.linalg.lstsq(xWithOnes, y).solution // [slope, intercept]
 */
export function lstsq(a: TensorLike, b: TensorLike, options: LstsqOptions = {}): LstsqResult {
  checkOptions('lstsq', options, ['rcond']);
  const ta = asFloat('lstsq', 'a', a);
  const tb = asFloat('lstsq', 'b', b);
  if (ta.rank !== 2) throw new ShapeError(`lstsq: a must be a 2-D matrix, got shape ${fmtShape(ta.shape)}`);
  const { m, n } = matrixBatch('lstsq', 'a', ta);
  const vec = tb.rank === 1;
  if ((tb.rank !== 1 && tb.rank !== 2) || tb.shape[0] !== m) {
    throw new ShapeError(`lstsq: b must be [${m}] or [${m}, k] to match a ${fmtShape(ta.shape)}, got ${fmtShape(tb.shape)}`);
  }
  const k = vec ? 1 : tb.shape[1]!;
  const rcond = rcondOf('lstsq', options, m, n);
  const A = Float64Array.from(ta.data());
  const B = Float64Array.from(tb.data());
  const X = new Float64Array(n * k);
  let rank = 0;
  let done = false;
  const K = kernels();
  if (m >= n && n > 0) {
    const q = new Float64Array(m * n);
    const r = new Float64Array(n * n);
    K.qr(A, q, r, 1, m, n);
    let rmax = 0;
    for (let i = 0; i < n; i++) rmax = Math.max(rmax, Math.abs(r[i * n + i]!));
    let full = rmax > 0;
    for (let i = 0; i < n; i++) if (!(Math.abs(r[i * n + i]!) > rcond * rmax)) full = false;
    if (full) {
      // x = R⁻¹ Qᵀ b.
      const qtb = new Float64Array(n * k);
      for (let i = 0; i < m; i++) {
        for (let c = 0; c < n; c++) {
          const qv = q[i * n + c]!;
          if (qv === 0) continue;
          for (let j = 0; j < k; j++) qtb[c * k + j]! += qv * B[i * k + j]!;
        }
      }
      K.triangularSolve(r, qtb, X, { batch: 1, n, k, upper: true, transpose: false, unitDiagonal: false });
      rank = n;
      done = true;
    }
  }
  if (!done) {
    const { u, s, vt } = svd64(A, m, n);
    const rr = Math.min(m, n);
    const cut = rcond * (s[0] ?? 0);
    // x = V Σ⁺ Uᵀ b over the singular values above the cut-off.
    for (let c = 0; c < rr; c++) {
      if (!(s[c]! > cut)) continue;
      rank++;
      const coef = new Float64Array(k);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) coef[j]! += u[i * rr + c]! * B[i * k + j]!;
      for (let j = 0; j < k; j++) coef[j]! /= s[c]!;
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) X[i * k + j]! += vt[c * n + i]! * coef[j]!;
    }
  }
  const res = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      let pred = 0;
      for (let c = 0; c < n; c++) pred += A[i * n + c]! * X[c * k + j]!;
      res[j]! += (B[i * k + j]! - pred) ** 2;
    }
  }
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const xShape = vec ? [n] : [n, k];
  const rShape = vec ? [] : [k];
  const xd = alloc(dtype, xShape);
  xd.set(X);
  const rd = alloc(dtype, rShape);
  rd.set(res);
  return { solution: new Tensor(xd, xShape, dtype), residuals: new Tensor(rd, rShape, dtype), rank };
}

/**
 * The Moore–Penrose pseudo-inverse of a 2-D matrix, from its SVD (singular values below
 * rcond · the largest are dropped; default ε·max(m, n)). Not differentiable.
 */
export function pinv(a: TensorLike, options: LstsqOptions = {}): Tensor {
  checkOptions('pinv', options, ['rcond']);
  const t = asFloat('pinv', 'a', a);
  if (t.rank !== 2) throw new ShapeError(`pinv: a must be a 2-D matrix, got shape ${fmtShape(t.shape)}`);
  const [m, n] = t.shape as [number, number];
  const rcond = rcondOf('pinv', options, m, n);
  const { u, s, vt } = svd64(Float64Array.from(t.data()), m, n);
  const r = Math.min(m, n);
  const out = alloc(t.dtype, [n, m]);
  const cut = rcond * (s[0] ?? 0);
  for (let c = 0; c < r; c++) {
    if (!(s[c]! > cut)) continue;
    const inv = 1 / s[c]!;
    for (let i = 0; i < n; i++) {
      const v = vt[c * n + i]! * inv;
      for (let j = 0; j < m; j++) out[i * m + j]! += v * u[j * r + c]!;
    }
  }
  return new Tensor(out, [n, m], t.dtype);
}

/** The number of singular values above `tol` (default σ_max·ε·max(m, n)). */
export function matrixRank(a: TensorLike, options: { tol?: number } = {}): number {
  checkOptions('matrixRank', options, ['tol']);
  const t = asFloat('matrixRank', 'a', a);
  if (t.rank !== 2) throw new ShapeError(`matrixRank: a must be a 2-D matrix, got shape ${fmtShape(t.shape)}`);
  const [m, n] = t.shape as [number, number];
  const { s } = svd64(Float64Array.from(t.data()), m, n);
  const tol = options.tol ?? (s[0] ?? 0) * Math.max(m, n) * (t.dtype === 'float32' ? 1.1920929e-7 : EPS);
  let r = 0;
  for (const v of s) if (v > tol) r++;
  return r;
}
