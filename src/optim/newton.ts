/**
 * Second-order minimisation for small problems: Newton's method with the exact Hessian
 * (`nb.hessian`), and gradient descent with the notes' optimal step size ε* = gᵀg / gᵀHg
 * (seed 003, eq. 4.10), for comparison. Both minimise a scalar function of one tensor.
 */
import { ConfigError, DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { grad, hessian, noGrad, valueAndGrad } from '../autograd/index.js';
import { type TensorLike, toTensor } from '../ops/create.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { cholesky } from '../linalg/cholesky.js';
import { solveTriangular } from '../linalg/solve.js';
import { checkOptions } from '../check.js';

export interface MinimizeResult {
  /** The final point (same shape and dtype as x0). */
  x: Tensor;
  /** f at the final point. */
  loss: number;
  /** Steps taken. */
  iterations: number;
  /** Whether a stopping criterion (tol or targetLoss) was met before maxIter. */
  converged: boolean;
  /** ‖∇f‖₂ at the final point. */
  gradNorm: number;
  /** f before each step and at the end (iterations + 1 values). */
  history: number[];
}

interface CommonOptions {
  /** Most steps. Default 100 (Newton) or 10 000 (gradient descent). */
  maxIter?: number;
  /** Stop when ‖∇f‖₂ ≤ tol. Default 1e-8. */
  tol?: number;
  /** Also stop when f ≤ targetLoss (to compare methods at one loss tolerance). */
  targetLoss?: number;
}

export interface NewtonOptions extends CommonOptions {
  /** λ added to the Hessian's diagonal (raised automatically while H + λI is not positive definite). Default 0. */
  damping?: number;
  /** Backtracking (Armijo) line search on the Newton step. Default true. */
  lineSearch?: boolean;
}

export interface GradientDescentOptions extends CommonOptions {
  /** A fixed step, or 'optimal' for ε* = gᵀg / gᵀHg at every step. Default 'optimal'. */
  learningRate?: number | 'optimal';
}

type Objective = (x: Tensor) => Tensor;

function start(op: string, x0: TensorLike): Tensor {
  const x = toTensor(x0);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: x0 must be a float tensor, got ${x.dtype}`);
  return x.detach();
}

function flat(t: Tensor): Float64Array {
  return Float64Array.from(t.data());
}

function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function evalF(f: Objective, x: Tensor): number {
  return noGrad(() => f(x)).item();
}

function stepTo(x: Tensor, d: Float64Array, alpha: number): Tensor {
  const xd = x.data();
  const out = x.dtype === 'float64' ? new Float64Array(xd.length) : new Float32Array(xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = xd[i]! - alpha * d[i]!;
  return new Tensor(out, x.shape, x.dtype);
}

function checkCommon(op: string, o: CommonOptions, defaultIter: number): { maxIter: number; tol: number; target: number } {
  const maxIter = o.maxIter ?? defaultIter;
  const tol = o.tol ?? 1e-8;
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new ConfigError(`${op}: maxIter must be a non-negative integer, got ${maxIter}`);
  if (!(tol >= 0)) throw new ConfigError(`${op}: tol must be a non-negative number, got ${tol}`);
  return { maxIter, tol, target: o.targetLoss ?? -Infinity };
}

/** Backtracking along −d from x until the Armijo condition holds; returns the step and new loss. */
function backtrack(f: Objective, x: Tensor, loss: number, g: Float64Array, d: Float64Array): { alpha: number; next: Tensor; loss: number } {
  let slope = 0;
  for (let i = 0; i < g.length; i++) slope += g[i]! * d[i]!;
  let alpha = 1;
  for (let k = 0; k < 60; k++) {
    const next = stepTo(x, d, alpha);
    const l = evalF(f, next);
    if (l <= loss - 1e-4 * alpha * slope) return { alpha, next, loss: l };
    alpha /= 2;
  }
  return { alpha: 0, next: x, loss };
}

/**
 * Minimises f by Newton's method: x ← x − α (H + λI)⁻¹ ∇f with the exact Hessian from
 * `nb.hessian` (one backward pass per element of x, so for small problems), λ raised when H is
 * not positive definite, α from a backtracking line search.
 * @example const { x, iterations } = nb.optim.newton((w) => logisticLoss(w), nb.zeros([3], 'float64'));
 */
export function newton(f: Objective, x0: TensorLike, options: NewtonOptions = {}): MinimizeResult {
  checkOptions('newton', options, ['maxIter', 'tol', 'targetLoss', 'damping', 'lineSearch']);
  const { maxIter, tol, target } = checkCommon('newton', options, 100);
  const damping = options.damping ?? 0;
  if (!(damping >= 0)) throw new ConfigError(`newton: damping must be a non-negative number, got ${damping}`);
  const lineSearch = options.lineSearch ?? true;
  let x = start('newton', x0);
  const n = x.size;
  const history: number[] = [];
  let iterations = 0;
  let converged = false;
  let gradNorm = Infinity;
  for (;;) {
    const [value, gt] = valueAndGrad(f)(x);
    const loss = value.item();
    const g = flat(gt as Tensor);
    gradNorm = norm2(g);
    history.push(loss);
    if (gradNorm <= tol || loss <= target) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    const h = flat(hessian(f, x));
    const d = newtonDirection(h, g, n, damping);
    if (lineSearch) {
      const r = backtrack(f, x, loss, g, d);
      if (r.alpha === 0) break; // no decrease possible along the Newton direction
      x = r.next;
    } else x = stepTo(x, d, 1);
    iterations++;
  }
  return { x, loss: history[history.length - 1]!, iterations, converged, gradNorm, history };
}

/** Solves (H + λI) d = g by Cholesky, raising λ until H + λI is positive definite. */
function newtonDirection(h: Float64Array, g: Float64Array, n: number, damping: number): Float64Array {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(h[i * n + i]!));
  let lambda = damping;
  for (let attempt = 0; attempt < 60; attempt++) {
    const a = h.slice();
    for (let i = 0; i < n; i++) {
      a[i * n + i]! += lambda;
      // Symmetrise: the Hessian from two backward passes is symmetric only up to rounding.
      for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = (a[i * n + j]! + a[j * n + i]!) / 2;
    }
    try {
      const l = cholesky(new Tensor(a, [n, n], 'float64'));
      const y = solveTriangular(l, new Tensor(g.slice(), [n], 'float64'));
      return flat(solveTriangular(l, y, { transpose: true }));
    } catch {
      lambda = Math.max(2 * lambda, 1e-10 * Math.max(scale, 1));
    }
  }
  return g.slice(); // fall back to the gradient direction
}

/**
 * The notes' optimal step size for gradient descent at a point with gradient g and Hessian H:
 * ε* = gᵀg / gᵀHg (seed 003, eq. 4.10). `h` is [n, n] (or any shape of n² elements).
 * @example nb.optim.optimalStepSize(g, nb.hessian(f, x))
 */
export function optimalStepSize(g: TensorLike, h: TensorLike): number {
  const gd = flat(toTensor(g));
  const hd = flat(toTensor(h));
  const n = gd.length;
  if (hd.length !== n * n) throw new ConfigError(`optimalStepSize: h must have ${n}×${n} = ${n * n} elements for g of ${n}, got ${hd.length}`);
  let gg = 0;
  let ghg = 0;
  for (let i = 0; i < n; i++) {
    gg += gd[i]! * gd[i]!;
    let hg = 0;
    for (let j = 0; j < n; j++) hg += hd[i * n + j]! * gd[j]!;
    ghg += gd[i]! * hg;
  }
  return gg / ghg;
}

/** gᵀHg from one Hessian-vector product (a double backward pass), without forming H. */
function curvature(f: Objective, x: Tensor, g: Tensor): number {
  const v = g.detach();
  const hv = grad((z: Tensor) => sum(mul(grad(f, { createGraph: true })(z as never) as Tensor, v)))(x);
  const hd = hv.data();
  const vd = v.data();
  let s = 0;
  for (let i = 0; i < vd.length; i++) s += vd[i]! * hd[i]!;
  return s;
}

/**
 * Minimises f by full-batch gradient descent, x ← x − ε ∇f, with a fixed ε or the notes'
 * optimal ε* = gᵀg / gᵀHg at each step (gᵀHg by a Hessian-vector product; where the curvature
 * is not positive, a backtracking step instead).
 * @example nb.optim.gradientDescent(f, x0, { learningRate: 'optimal', tol: 1e-6 })
 */
export function gradientDescent(f: Objective, x0: TensorLike, options: GradientDescentOptions = {}): MinimizeResult {
  checkOptions('gradientDescent', options, ['maxIter', 'tol', 'targetLoss', 'learningRate']);
  const { maxIter, tol, target } = checkCommon('gradientDescent', options, 10_000);
  const lr = options.learningRate ?? 'optimal';
  if (lr !== 'optimal' && !(typeof lr === 'number' && lr > 0)) {
    throw new ConfigError(`gradientDescent: learningRate must be a positive number or 'optimal', got ${String(lr)}`);
  }
  let x = start('gradientDescent', x0);
  const history: number[] = [];
  let iterations = 0;
  let converged = false;
  let gradNorm = Infinity;
  for (;;) {
    const [value, gt] = valueAndGrad(f)(x);
    const loss = value.item();
    const g = flat(gt as Tensor);
    gradNorm = norm2(g);
    history.push(loss);
    if (gradNorm <= tol || loss <= target) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    if (lr === 'optimal') {
      const c = curvature(f, x, gt as Tensor);
      if (c > 0) x = stepTo(x, g, (gradNorm * gradNorm) / c);
      else {
        const r = backtrack(f, x, loss, g, g);
        if (r.alpha === 0) break;
        x = r.next;
      }
    } else x = stepTo(x, g, lr);
    iterations++;
  }
  return { x, loss: history[history.length - 1]!, iterations, converged, gradNorm, history };
}
