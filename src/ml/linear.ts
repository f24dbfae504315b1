/**
 * Linear regression: ordinary least squares (QR, Cholesky or SVD, or gradient descent on the
 * mean squared error — the notes' "baby neural network" z = w·x + b), Ridge (L2) and Lasso (L1,
 * coordinate descent). Coefficients are float64.
 */
import { DataError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { valueAndGrad } from '../autograd/index.js';
import { matmul } from '../ops/matmul.js';
import { add, square, sub } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { lstsq, pinv } from '../linalg/lstsq.js';
import { cholesky } from '../linalg/cholesky.js';
import { svd } from '../linalg/decompositions.js';
import { solveTriangular } from '../linalg/solve.js';
import { type Features, type Mat, type Targets, BaseEstimator, tensor64, toMat, toVec } from './util.js';
import { r2Score } from './metrics.js';
import { checkChoice, checkInt, checkNumber } from '../check.js';

interface Fit {
  coef: Float64Array;
  intercept: number;
}

/** Shared prediction and scoring of the linear regressors. */
abstract class LinearModel<O extends object> extends BaseEstimator<O> {
  readonly estimatorType = 'regressor' as const;
  protected state: Fit | null = null;

  /** The weights w of z = w·x + b, float64 [nFeatures]. */
  get coef(): Tensor {
    return tensor64(this.fitted(this.state, 'coef').coef.slice(), [this.state!.coef.length]);
  }

  /** The bias b of z = w·x + b (0 when fitIntercept is false). */
  get intercept(): number {
    return this.fitted(this.state, 'intercept').intercept;
  }

  /** w·x + b for each row of `x`, float64 [n]. */
  predict(x: Features): Tensor {
    const { coef, intercept } = this.fitted(this.state, 'predict');
    const m = toMat(`${this.estimatorName}.predict`, 'x', x);
    if (m.cols !== coef.length) throw new ShapeError(`${this.estimatorName}.predict: x has ${m.cols} features but the model was fitted on ${coef.length}`);
    const out = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let s = intercept;
      for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j]! * coef[j]!;
      out[i] = s;
    }
    return tensor64(out, [m.rows]);
  }

  /** R² of the predictions on (x, y). */
  score(x: Features, y: Targets): number {
    return r2Score(y, this.predict(x));
  }
}

/** Column means of a matrix. */
function colMeans(m: Mat): Float64Array {
  const mu = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) mu[j]! += m.data[i * m.cols + j]!;
  for (let j = 0; j < m.cols; j++) mu[j]! /= Math.max(m.rows, 1);
  return mu;
}

/** X (and y) centred when fitting an intercept, so the intercept can be recovered as ȳ − x̄·w. */
function centre(m: Mat, y: Float64Array, fitIntercept: boolean): { xc: Mat; yc: Float64Array; mu: Float64Array; ym: number } {
  const mu = fitIntercept ? colMeans(m) : new Float64Array(m.cols);
  let ym = 0;
  if (fitIntercept) {
    for (const v of y) ym += v;
    ym /= Math.max(y.length, 1);
  }
  const xc = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) xc[i * m.cols + j] = m.data[i * m.cols + j]! - mu[j]!;
  const yc = y.map((v) => v - ym);
  return { xc: { data: xc, rows: m.rows, cols: m.cols }, yc, mu, ym };
}

function finish(coef: Float64Array, mu: Float64Array, ym: number): Fit {
  let b = ym;
  for (let j = 0; j < coef.length; j++) b -= mu[j]! * coef[j]!;
  return { coef, intercept: b };
}

/**
 * Solves the SPD system A w = r by Cholesky (float64); null when A is singular or too close to it
 * for the normal equations to be trusted (a pivot below √(n·ε) of the largest).
 */
function spdSolve(a: Float64Array, r: Float64Array, n: number): Float64Array | null {
  let l: Tensor;
  try {
    l = cholesky(tensor64(a, [n, n]));
  } catch (e) {
    if (e instanceof DataError) return null;
    throw e;
  }
  const ld = l.data();
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, ld[i * n + i]!);
    hi = Math.max(hi, ld[i * n + i]!);
  }
  if (!(lo * lo > hi * hi * n * 2.220446049250313e-16)) return null;
  const z = solveTriangular(l, tensor64(r, [n]));
  return Float64Array.from(solveTriangular(l, z, { transpose: true }).data());
}

/** XᵀX (+ alpha·I) and Xᵀy of a matrix. */
function normalEquations(m: Mat, y: Float64Array, alpha: number): { a: Float64Array; r: Float64Array } {
  const { rows, cols, data } = m;
  const a = new Float64Array(cols * cols);
  const r = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let p = 0; p < cols; p++) {
      const xp = data[o + p]!;
      if (xp === 0) continue;
      r[p]! += xp * y[i]!;
      for (let q = 0; q < cols; q++) a[p * cols + q]! += xp * data[o + q]!;
    }
  }
  for (let p = 0; p < cols; p++) a[p * cols + p]! += alpha;
  return { a, r };
}

export interface LinearRegressionOptions {
  /** Fit a bias b (default true). */
  fitIntercept?: boolean;
  /** 'qr' (default; least squares by Householder QR, SVD if rank-deficient), 'cholesky' (normal equations; falls back to 'svd' when they are singular), 'svd' (pseudo-inverse, minimum-norm) or 'gd' (gradient descent). */
  solver?: 'qr' | 'cholesky' | 'svd' | 'gd';
  /** Step size of gradient descent. Default 0.01. */
  learningRate?: number;
  /** Most gradient-descent steps. Default 10 000. */
  maxIter?: number;
  /** Gradient descent stops when every gradient component is below tol. Default 1e-9. */
  tol?: number;
}

/**
 * Ordinary least squares, z = w·x + b, by a closed form or by gradient descent on the mean
 * squared error (the notes' "baby neural network", trained with nabla's autograd).
 * @example const lr = new nb.ml.LinearRegression().fit([[0.02], [0.04], [0.08]], [3.2, 3.4, 3.8]); // w 10, b 3
 */
export class LinearRegression extends LinearModel<LinearRegressionOptions> {
  /** Gradient-descent steps taken (0 for closed forms). */
  nIter = 0;
  /** Mean squared error before each gradient-descent step. */
  lossHistory: number[] = [];

  constructor(options: LinearRegressionOptions = {}) {
    super('LinearRegression', options, { fitIntercept: true, solver: 'qr', learningRate: 0.01, maxIter: 10_000, tol: 1e-9 });
  }

  protected validate(): void {
    const p = this.params;
    checkChoice('LinearRegression', 'solver', p.solver, ['qr', 'cholesky', 'svd', 'gd']);
    checkNumber('LinearRegression', 'learningRate', p.learningRate, { min: 0, minExclusive: true });
    checkInt('LinearRegression', 'maxIter', p.maxIter, { min: 1 });
    checkNumber('LinearRegression', 'tol', p.tol, { min: 0 });
  }

  /** Fits w and b to rows `x` and targets `y`. */
  fit(x: Features, y: Targets): this {
    const m = toMat('LinearRegression.fit', 'x', x);
    const yv = toVec('LinearRegression.fit', 'y', y, m.rows);
    const { fitIntercept, solver } = this.params;
    this.nIter = 0;
    this.lossHistory = [];
    if (solver === 'gd') {
      this.state = this.gradientDescent(m, yv);
      return this;
    }
    const { xc, yc, mu, ym } = centre(m, yv, fitIntercept);
    let coef: Float64Array;
    const ne = solver === 'cholesky' ? normalEquations(xc, yc, 0) : null;
    const viaCholesky = ne && spdSolve(ne.a, ne.r, m.cols);
    if (viaCholesky) coef = viaCholesky;
    else if (solver === 'svd' || solver === 'cholesky') {
      coef = Float64Array.from(matmul(pinv(tensor64(xc.data, [m.rows, m.cols])), tensor64(yc, [m.rows])).data());
    } else coef = Float64Array.from(lstsq(tensor64(xc.data, [m.rows, m.cols]), tensor64(yc, [m.rows])).solution.data());
    this.state = finish(coef, mu, ym);
    return this;
  }

  private gradientDescent(m: Mat, y: Float64Array): Fit {
    const { learningRate, maxIter, tol, fitIntercept } = this.params;
    const xt = tensor64(m.data, [m.rows, m.cols]);
    const yt = tensor64(y, [m.rows]);
    const mse = (w: Tensor, b: Tensor): Tensor => {
      const z = matmul(xt, w);
      return mean(square(sub(fitIntercept ? add(z, b) : z, yt)));
    };
    const step = valueAndGrad(mse, { argnums: [0, 1] });
    const w = new Float64Array(m.cols);
    const b = new Float64Array(1);
    for (let it = 0; it < maxIter; it++) {
      const [loss, grads] = step(tensor64(w, [m.cols]), tensor64(b, []));
      const [gw, gb] = (grads as Tensor[]).map((g) => g.data());
      this.lossHistory.push(loss.item());
      let gmax = fitIntercept ? Math.abs(gb![0]!) : 0;
      for (let j = 0; j < m.cols; j++) gmax = Math.max(gmax, Math.abs(gw![j]!));
      if (gmax < tol) break;
      for (let j = 0; j < m.cols; j++) w[j]! -= learningRate * gw![j]!;
      if (fitIntercept) b[0]! -= learningRate * gb![0]!;
      this.nIter = it + 1;
    }
    return { coef: w, intercept: b[0]! };
  }
}

export interface RidgeOptions {
  /** Strength of the L2 penalty α‖w‖² (default 1). */
  alpha?: number;
  fitIntercept?: boolean;
  /** 'cholesky' (default) or 'svd'. */
  solver?: 'cholesky' | 'svd';
}

/**
 * Least squares with an L2 penalty: minimises ‖y − Xw − b‖² + α‖w‖², in closed form
 * w = (XᵀX + αI)⁻¹Xᵀy on centred data (the intercept is not penalised).
 * @example new nb.ml.Ridge({ alpha: 0.5 }).fit(x, y).coef
 */
export class Ridge extends LinearModel<RidgeOptions> {
  constructor(options: RidgeOptions = {}) {
    super('Ridge', options, { alpha: 1, fitIntercept: true, solver: 'cholesky' });
  }

  protected validate(): void {
    checkNumber('Ridge', 'alpha', this.params.alpha, { min: 0 });
    checkChoice('Ridge', 'solver', this.params.solver, ['cholesky', 'svd']);
  }

  fit(x: Features, y: Targets): this {
    const m = toMat('Ridge.fit', 'x', x);
    const yv = toVec('Ridge.fit', 'y', y, m.rows);
    const { alpha, fitIntercept, solver } = this.params;
    const { xc, yc, mu, ym } = centre(m, yv, fitIntercept);
    let coef: Float64Array;
    const ne = solver === 'cholesky' ? normalEquations(xc, yc, alpha) : null;
    coef = (ne && spdSolve(ne.a, ne.r, m.cols)) ?? ridgeSvd(xc, yc, alpha);
    this.state = finish(coef, mu, ym);
    return this;
  }
}

/** w = V diag(s / (s² + α)) Uᵀ y. */
function ridgeSvd(m: Mat, y: Float64Array, alpha: number): Float64Array {
  const { u, s, vt } = svdOf(m);
  const r = s.length;
  const coef = new Float64Array(m.cols);
  const cut = (s[0] ?? 0) * 2.220446049250313e-16 * Math.max(m.rows, m.cols);
  for (let c = 0; c < r; c++) {
    const sc = s[c]!;
    // Without a penalty, numerically zero singular values are dropped (the minimum-norm solution).
    const f = alpha === 0 ? (sc > cut ? 1 / sc : 0) : sc / (sc * sc + alpha);
    if (f === 0) continue;
    let uy = 0;
    for (let i = 0; i < m.rows; i++) uy += u[i * r + c]! * y[i]!;
    for (let j = 0; j < m.cols; j++) coef[j]! += vt[c * m.cols + j]! * f * uy;
  }
  return coef;
}

function svdOf(m: Mat): { u: Float64Array; s: Float64Array; vt: Float64Array } {
  const r = svd(tensor64(m.data, [m.rows, m.cols]));
  return { u: r.u.data() as Float64Array, s: r.s.data() as Float64Array, vt: r.vt.data() as Float64Array };
}

export interface LassoOptions {
  /** Strength of the L1 penalty (default 1). */
  alpha?: number;
  fitIntercept?: boolean;
  /** Most passes over the coordinates. Default 1000. */
  maxIter?: number;
  /** Stop when the largest coefficient change is below tol · the largest coefficient. Default 1e-6. */
  tol?: number;
}

/**
 * Least squares with an L1 penalty, minimising (1/2n)‖y − Xw − b‖² + α‖w‖₁ by cyclic coordinate
 * descent with soft thresholding; drives small coefficients exactly to zero.
 * @example new nb.ml.Lasso({ alpha: 0.1 }).fit(x, y).coef
 */
export class Lasso extends LinearModel<LassoOptions> {
  /** Passes over the coordinates taken by the last fit. */
  nIter = 0;

  constructor(options: LassoOptions = {}) {
    super('Lasso', options, { alpha: 1, fitIntercept: true, maxIter: 1000, tol: 1e-6 });
  }

  protected validate(): void {
    checkNumber('Lasso', 'alpha', this.params.alpha, { min: 0 });
    checkInt('Lasso', 'maxIter', this.params.maxIter, { min: 1 });
    checkNumber('Lasso', 'tol', this.params.tol, { min: 0 });
  }

  fit(x: Features, y: Targets): this {
    const m = toMat('Lasso.fit', 'x', x);
    const yv = toVec('Lasso.fit', 'y', y, m.rows);
    const { alpha, fitIntercept, maxIter, tol } = this.params;
    const { xc, yc, mu, ym } = centre(m, yv, fitIntercept);
    const { rows: n, cols: d, data } = xc;
    const w = new Float64Array(d);
    const resid = Float64Array.from(yc);
    const colSq = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) colSq[j]! += data[i * d + j]! ** 2;
    this.nIter = 0;
    for (let it = 0; it < maxIter; it++) {
      let maxDelta = 0;
      let maxW = 0;
      for (let j = 0; j < d; j++) {
        if (colSq[j] === 0) continue;
        // ρ = x_jᵀ(r + x_j w_j) / n, then w_j = S(ρ, α) / (‖x_j‖² / n).
        let rho = 0;
        for (let i = 0; i < n; i++) rho += data[i * d + j]! * resid[i]!;
        rho = rho / n + (colSq[j]! / n) * w[j]!;
        const next = Math.sign(rho) * Math.max(Math.abs(rho) - alpha, 0) / (colSq[j]! / n);
        const delta = next - w[j]!;
        if (delta !== 0) {
          for (let i = 0; i < n; i++) resid[i]! -= delta * data[i * d + j]!;
          w[j] = next;
        }
        maxDelta = Math.max(maxDelta, Math.abs(delta));
        maxW = Math.max(maxW, Math.abs(next));
      }
      this.nIter = it + 1;
      if (maxW === 0 || maxDelta <= tol * maxW) break;
    }
    this.state = finish(w, mu, ym);
    return this;
  }
}
