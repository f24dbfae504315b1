/**
 * Principal component analysis: the directions of largest variance (seed 002, 004: "find the max
 * directions of variance, project onto them"), from the SVD of the centred data or the symmetric
 * eigendecomposition of its covariance.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { matmulT } from '../primitives/index.js';
import { noGrad } from '../autograd/index.js';
import { eigh, svd } from '../linalg/decompositions.js';
import { type Features, type Mat, BaseEstimator, tensor64, toMat } from './util.js';
import { checkChoice } from '../check.js';

export interface PCAOptions {
  /**
   * Components kept: an integer, a fraction in (0, 1) of the variance to explain, or null for
   * all (min(n, d)). Default null.
   */
  nComponents?: number | null;
  /** Scale the projections to unit variance (default false). */
  whiten?: boolean;
  /** 'svd' (of the centred data), 'eigh' (of the covariance) or 'auto' (default: eigh when n ≥ d). */
  svdSolver?: 'auto' | 'svd' | 'eigh';
}

interface State {
  mean: Float64Array;
  /** [k, d] principal axes, rows of unit length. */
  components: Float64Array;
  variance: Float64Array;
  ratio: Float64Array;
  singular: Float64Array;
  k: number;
  d: number;
}

/**
 * PCA with scikit-learn's conventions (variance with n − 1, each component's largest-magnitude
 * entry positive).
 * @example const pca = new nb.ml.PCA({ nComponents: 2 }).fit(iris); pca.explainedVarianceRatio // [0.9246, 0.0531]
 */
export class PCA extends BaseEstimator<PCAOptions> {
  readonly estimatorType = 'transformer' as const;
  private state: State | null = null;

  constructor(options: PCAOptions = {}) {
    super('PCA', options, { nComponents: null, whiten: false, svdSolver: 'auto' });
  }

  protected validate(): void {
    const k = this.params.nComponents;
    if (k !== null && !(typeof k === 'number' && k > 0 && (Number.isInteger(k) || k < 1))) {
      throw new ConfigError(`PCA: nComponents must be a positive integer, a fraction in (0, 1) or null, got ${String(k)}`);
    }
    checkChoice('PCA', 'svdSolver', this.params.svdSolver, ['auto', 'svd', 'eigh']);
  }

  /** Finds the principal axes of the rows of `x`. */
  fit(x: Features): this {
    const m = toMat('PCA.fit', 'x', x);
    const { rows: n, cols: d } = m;
    if (n < 2) throw new ShapeError(`PCA.fit: needs at least 2 samples, got ${n}`);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    const xc = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xc[i * d + j] = m.data[i * d + j]! - mean[j]!;
    const solver = this.params.svdSolver === 'auto' ? (n >= d ? 'eigh' : 'svd') : this.params.svdSolver;
    const r = Math.min(n, d);
    let axes: Float64Array; // [r, d], by decreasing variance
    const variance = new Float64Array(r);
    if (solver === 'svd') {
      const f = svd(tensor64(xc, [n, d]));
      axes = Float64Array.from(f.vt.data());
      const s = f.s.data();
      for (let i = 0; i < r; i++) variance[i] = (s[i]! * s[i]!) / (n - 1);
    } else {
      const xt = tensor64(xc, [n, d]);
      const cov = noGrad(() => matmulT(xt, xt, true, false)).data() as Float64Array;
      for (let i = 0; i < cov.length; i++) cov[i]! /= n - 1;
      const f = eigh(tensor64(cov, [d, d]));
      const w = f.eigenvalues.data();
      const v = f.eigenvectors.data();
      axes = new Float64Array(r * d);
      for (let c = 0; c < r; c++) {
        const src = d - 1 - c; // eigenvalues ascend
        variance[c] = Math.max(w[src]!, 0);
        for (let j = 0; j < d; j++) axes[c * d + j] = v[j * d + src]!;
      }
    }
    let total = 0;
    if (solver === 'svd') for (const v of variance) total += v;
    else for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) total += (xc[i * d + j]! ** 2) / (n - 1);
    const k = this.componentsToKeep(variance, total, r);
    const components = axes.slice(0, k * d);
    for (let c = 0; c < k; c++) {
      let big = 0;
      for (let j = 1; j < d; j++) if (Math.abs(components[c * d + j]!) > Math.abs(components[c * d + big]!)) big = j;
      if (components[c * d + big]! < 0) for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j]!;
    }
    const kept = variance.slice(0, k);
    this.state = {
      mean,
      components,
      variance: kept,
      ratio: kept.map((v) => (total > 0 ? v / total : 0)),
      singular: kept.map((v) => Math.sqrt(v * (n - 1))),
      k,
      d,
    };
    return this;
  }

  private componentsToKeep(variance: Float64Array, total: number, r: number): number {
    const want = this.params.nComponents;
    if (want === null) return r;
    if (want >= 1) {
      if (want > r) throw new ConfigError(`PCA.fit: nComponents is ${want} but the data allow at most min(n, d) = ${r}`);
      return want;
    }
    let acc = 0;
    for (let c = 0; c < r; c++) {
      acc += variance[c]! / total;
      if (acc >= want) return c + 1;
    }
    return r;
  }

  /** Principal axes, float64 [k, d]. */
  get components(): Tensor {
    const s = this.fitted(this.state, 'components');
    return tensor64(s.components.slice(), [s.k, s.d]);
  }

  /** Variance along each component (with n − 1), float64 [k]. */
  get explainedVariance(): Tensor {
    const s = this.fitted(this.state, 'explainedVariance');
    return tensor64(s.variance.slice(), [s.k]);
  }

  /** Fraction of the total variance along each component, float64 [k]. */
  get explainedVarianceRatio(): Tensor {
    const s = this.fitted(this.state, 'explainedVarianceRatio');
    return tensor64(s.ratio.slice(), [s.k]);
  }

  /** Singular values of the centred data for the kept components, float64 [k]. */
  get singularValues(): Tensor {
    const s = this.fitted(this.state, 'singularValues');
    return tensor64(s.singular.slice(), [s.k]);
  }

  /** Per-feature mean removed before projecting, float64 [d]. */
  get mean(): Tensor {
    const s = this.fitted(this.state, 'mean');
    return tensor64(s.mean.slice(), [s.d]);
  }

  /** Number of components kept. */
  get nComponents(): number {
    return this.fitted(this.state, 'nComponents').k;
  }

  /** Coordinates of the rows of `x` along the components, float64 [n, k] (unit variance if whiten). */
  transform(x: Features): Tensor {
    const s = this.fitted(this.state, 'transform');
    const m = this.input('transform', x, s.d);
    const out = new Float64Array(m.rows * s.k);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < s.k; c++) {
        let v = 0;
        for (let j = 0; j < s.d; j++) v += (m.data[i * s.d + j]! - s.mean[j]!) * s.components[c * s.d + j]!;
        out[i * s.k + c] = this.params.whiten ? v / Math.sqrt(s.variance[c]! || 1) : v;
      }
    }
    return tensor64(out, [m.rows, s.k]);
  }

  fitTransform(x: Features): Tensor {
    return this.fit(x).transform(x);
  }

  /** Back from component coordinates [n, k] to the original space [n, d]. */
  inverseTransform(z: Features): Tensor {
    const s = this.fitted(this.state, 'inverseTransform');
    const m = this.input('inverseTransform', z, s.k);
    const out = new Float64Array(m.rows * s.d);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < s.d; j++) {
        let v = s.mean[j]!;
        for (let c = 0; c < s.k; c++) {
          const zc = m.data[i * s.k + c]! * (this.params.whiten ? Math.sqrt(s.variance[c]! || 1) : 1);
          v += zc * s.components[c * s.d + j]!;
        }
        out[i * s.d + j] = v;
      }
    }
    return tensor64(out, [m.rows, s.d]);
  }

  /** Not a predictor: defined for model selection, returns the explained variance fraction kept. */
  score(): number {
    const s = this.fitted(this.state, 'score');
    return s.ratio.reduce((a, v) => a + v, 0);
  }

  private input(method: string, x: Features, cols: number): Mat {
    const m = toMat(`PCA.${method}`, 'x', x);
    if (m.cols !== cols) throw new ShapeError(`PCA.${method}: x has ${m.cols} columns, expected ${cols}`);
    return m;
  }
}
