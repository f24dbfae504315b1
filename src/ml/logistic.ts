/**
 * Logistic regression with an L2 penalty: binary (sigmoid) or multinomial (softmax) for more than
 * two classes, fitted by L-BFGS on float64 data.
 */
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, type Targets, BaseEstimator, encodeLabels, labelsTensor, tensor64, toMat } from './util.js';
import { lbfgs } from './lbfgs.js';
import { accuracyScore } from './metrics.js';
import { checkChoice, checkInt, checkNumber } from '../check.js';

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength: the loss is C·Σ cross-entropy + ½‖W‖² (default 1). */
  C?: number;
  /** 'l2' (default) or 'none'. */
  penalty?: 'l2' | 'none';
  fitIntercept?: boolean;
  /** Most L-BFGS iterations (default 200). */
  maxIter?: number;
  /** Stop when every gradient component (of the mean loss) is below tol (default 1e-6). */
  tol?: number;
}

interface State {
  classes: number[];
  /** [K, d + 1] rows of weights then bias; K = 1 for binary problems. */
  w: Float64Array;
  k: number;
  d: number;
}

/**
 * Logistic regression classifier (scikit-learn's LogisticRegression with the lbfgs solver).
 * @example const clf = new nb.ml.LogisticRegression({ maxIter: 500 }).fit(x, y); clf.score(x, y)
 */
export class LogisticRegression extends BaseEstimator<LogisticRegressionOptions> {
  readonly estimatorType = 'classifier' as const;
  private state: State | null = null;
  /** L-BFGS iterations of the last fit. */
  nIter = 0;
  /** Whether the last fit met the tolerance. */
  converged = false;

  constructor(options: LogisticRegressionOptions = {}) {
    super('LogisticRegression', options, { C: 1, penalty: 'l2', fitIntercept: true, maxIter: 200, tol: 1e-6 });
  }

  protected validate(): void {
    checkNumber('LogisticRegression', 'C', this.params.C, { min: 0, minExclusive: true });
    checkChoice('LogisticRegression', 'penalty', this.params.penalty, ['l2', 'none']);
    checkInt('LogisticRegression', 'maxIter', this.params.maxIter, { min: 1 });
    checkNumber('LogisticRegression', 'tol', this.params.tol, { min: 0 });
  }

  /** Fits the weights to rows `x` and class labels `y` (any numbers; at least two distinct). */
  fit(x: Features, y: Targets): this {
    const m = toMat('LogisticRegression.fit', 'x', x);
    const { codes, classes } = encodeLabels('LogisticRegression.fit', y, m.rows);
    if (classes.length < 2) throw new ShapeError(`LogisticRegression.fit: y must hold at least two classes, got ${classes.length}`);
    const d = m.cols;
    const k = classes.length === 2 ? 1 : classes.length;
    const n = m.rows;
    const lam = this.params.penalty === 'l2' ? 1 / (this.params.C * n) : 0;
    const fi = this.params.fitIntercept;
    const z = new Float64Array(n * k);
    const fg = (w: Float64Array, g: Float64Array): number => {
      scores(m.data, n, d, w, k, fi, z);
      g.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        if (k === 1) {
          const zi = z[i]!;
          const yi = codes[i]!;
          // softplus(z) − y·z, computed stably.
          loss += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - yi * zi;
          const r = 1 / (1 + Math.exp(-zi)) - yi;
          for (let j = 0; j < d; j++) g[j]! += r * m.data[o + j]!;
          if (fi) g[d]! += r;
        } else {
          let mx = -Infinity;
          for (let c = 0; c < k; c++) mx = Math.max(mx, z[i * k + c]!);
          let s = 0;
          for (let c = 0; c < k; c++) s += Math.exp(z[i * k + c]! - mx);
          const lse = mx + Math.log(s);
          loss += lse - z[i * k + codes[i]!]!;
          for (let c = 0; c < k; c++) {
            const r = Math.exp(z[i * k + c]! - lse) - (c === codes[i] ? 1 : 0);
            const go = c * (d + 1);
            for (let j = 0; j < d; j++) g[go + j]! += r * m.data[o + j]!;
            if (fi) g[go + d]! += r;
          }
        }
      }
      loss /= n;
      for (let i = 0; i < g.length; i++) g[i]! /= n;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) {
          const wi = w[c * (d + 1) + j]!;
          loss += 0.5 * lam * wi * wi;
          g[c * (d + 1) + j]! += lam * wi;
        }
      }
      return loss;
    };
    const r = lbfgs(fg, new Float64Array(k * (d + 1)), { maxIter: this.params.maxIter, tol: this.params.tol });
    this.nIter = r.nIter;
    this.converged = r.converged;
    this.state = { classes, w: r.w, k, d };
    return this;
  }

  /** The distinct labels seen by fit, ascending. */
  get classes(): number[] {
    return this.fitted(this.state, 'classes').classes.slice();
  }

  /** Weights, float64 [1, nFeatures] (binary) or [nClasses, nFeatures]. */
  get coef(): Tensor {
    const s = this.fitted(this.state, 'coef');
    const out = new Float64Array(s.k * s.d);
    for (let c = 0; c < s.k; c++) for (let j = 0; j < s.d; j++) out[c * s.d + j] = s.w[c * (s.d + 1) + j]!;
    return tensor64(out, [s.k, s.d]);
  }

  /** Biases, float64 [1] (binary) or [nClasses]. */
  get intercept(): Tensor {
    const s = this.fitted(this.state, 'intercept');
    return tensor64(Float64Array.from({ length: s.k }, (_, c) => s.w[c * (s.d + 1) + s.d]!), [s.k]);
  }

  /** Linear scores: [n] (binary: the log-odds of the larger class) or [n, nClasses]. */
  decisionFunction(x: Features): Tensor {
    const s = this.fitted(this.state, 'decisionFunction');
    const m = this.input('decisionFunction', x, s);
    const z = new Float64Array(m.rows * s.k);
    scores(m.data, m.rows, s.d, s.w, s.k, this.params.fitIntercept, z);
    return tensor64(z, s.k === 1 ? [m.rows] : [m.rows, s.k]);
  }

  /** Class probabilities, float64 [n, nClasses] (columns in the order of `classes`). */
  predictProba(x: Features): Tensor {
    const s = this.fitted(this.state, 'predictProba');
    const z = this.decisionFunction(x).data();
    const n = s.k === 1 ? z.length : z.length / s.k;
    const c = s.classes.length;
    const out = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      if (s.k === 1) {
        const p = 1 / (1 + Math.exp(-z[i]!));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
      } else {
        let mx = -Infinity;
        for (let j = 0; j < c; j++) mx = Math.max(mx, z[i * c + j]!);
        let sum = 0;
        for (let j = 0; j < c; j++) sum += out[i * c + j] = Math.exp(z[i * c + j]! - mx);
        for (let j = 0; j < c; j++) out[i * c + j]! /= sum;
      }
    }
    return tensor64(out, [n, c]);
  }

  /** The most probable class of each row. */
  predict(x: Features): Tensor {
    const s = this.fitted(this.state, 'predict');
    const p = this.predictProba(x).data();
    const c = s.classes.length;
    const n = p.length / c;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (p[i * c + j]! > p[i * c + best]!) best = j;
      codes[i] = best;
    }
    return labelsTensor(s.classes, codes);
  }

  /** Accuracy on (x, y). */
  score(x: Features, y: Targets): number {
    return accuracyScore(y, this.predict(x));
  }

  private input(method: string, x: Features, s: State) {
    const m = toMat(`LogisticRegression.${method}`, 'x', x);
    if (m.cols !== s.d) throw new ShapeError(`LogisticRegression.${method}: x has ${m.cols} features but the model was fitted on ${s.d}`);
    return m;
  }
}

/** z[i, c] = w_c·x_i + b_c for the packed [K, d + 1] weights. */
function scores(x: Float64Array, n: number, d: number, w: Float64Array, k: number, fi: boolean, z: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const wo = c * (d + 1);
      let s = fi ? w[wo + d]! : 0;
      for (let j = 0; j < d; j++) s += w[wo + j]! * x[i * d + j]!;
      z[i * k + c] = s;
    }
  }
}
