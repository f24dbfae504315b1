/** Polynomial feature expansion: every monomial of the inputs up to a degree (scikit-learn's order). */
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, BaseEstimator, tensor64, toMat } from './util.js';
import { checkInt } from '../check.js';

export interface PolynomialFeaturesOptions {
  /** Highest total degree (default 2). */
  degree?: number;
  /** Include the constant column 1 (default true). */
  includeBias?: boolean;
  /** Only products of distinct features, no powers (default false). */
  interactionOnly?: boolean;
}

/**
 * Maps each row x to the monomials of its features up to `degree`: for two features and degree 2,
 * [1, a, b, a², ab, b²].
 * @example new nb.ml.PolynomialFeatures({ degree: 3 }).fitTransform([[2]]) // [[1, 2, 4, 8]]
 */
export class PolynomialFeatures extends BaseEstimator<PolynomialFeaturesOptions> {
  readonly estimatorType = 'transformer' as const;
  private exps: number[][] | null = null;
  private nIn = 0;

  constructor(options: PolynomialFeaturesOptions = {}) {
    super('PolynomialFeatures', options, { degree: 2, includeBias: true, interactionOnly: false });
  }

  protected validate(): void {
    checkInt('PolynomialFeatures', 'degree', this.params.degree, { min: 0 });
  }

  /** Learns the number of input features. */
  fit(x: Features): this {
    const m = toMat('PolynomialFeatures.fit', 'x', x);
    this.nIn = m.cols;
    this.exps = monomials(m.cols, this.params.degree, this.params.includeBias, this.params.interactionOnly);
    return this;
  }

  /** The exponent of each input feature in each output column: [nOutputFeatures][nInputFeatures]. */
  get powers(): number[][] {
    return this.fitted(this.exps, 'powers').map((e) => e.slice());
  }

  /** Number of output columns. */
  get nOutputFeatures(): number {
    return this.fitted(this.exps, 'nOutputFeatures').length;
  }

  /** Names of the output columns, e.g. ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']. */
  featureNames(inputNames?: readonly string[]): string[] {
    const exps = this.fitted(this.exps, 'featureNames');
    const names = inputNames ?? Array.from({ length: this.nIn }, (_, i) => `x${i}`);
    return exps.map((e) => {
      const parts = e.flatMap((p, j) => (p === 0 ? [] : [p === 1 ? names[j]! : `${names[j]}^${p}`]));
      return parts.length ? parts.join(' ') : '1';
    });
  }

  /** The monomials of each row, float64 [n, nOutputFeatures]. */
  transform(x: Features): Tensor {
    const exps = this.fitted(this.exps, 'transform');
    const m = toMat('PolynomialFeatures.transform', 'x', x);
    if (m.cols !== this.nIn) throw new ShapeError(`PolynomialFeatures.transform: x has ${m.cols} features but fit saw ${this.nIn}`);
    const k = exps.length;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < k; c++) {
        let v = 1;
        const e = exps[c]!;
        for (let j = 0; j < m.cols; j++) if (e[j]! > 0) v *= m.data[i * m.cols + j]! ** e[j]!;
        out[i * k + c] = v;
      }
    }
    return tensor64(out, [m.rows, k]);
  }

  fitTransform(x: Features): Tensor {
    return this.fit(x).transform(x);
  }

  /** Not a predictor: defined for model selection, returns 0. */
  score(): number {
    return 0;
  }
}

/** Exponent vectors by total degree, then lexicographically by feature index (combinations with replacement). */
function monomials(n: number, degree: number, bias: boolean, interactionOnly: boolean): number[][] {
  const out: number[][] = [];
  if (bias) out.push(new Array<number>(n).fill(0));
  const walk = (deg: number, from: number, e: number[]): void => {
    if (deg === 0) {
      out.push(e.slice());
      return;
    }
    for (let j = from; j < n; j++) {
      e[j]!++;
      walk(deg - 1, interactionOnly ? j + 1 : j, e);
      e[j]!--;
    }
  };
  for (let d = 1; d <= degree; d++) walk(d, 0, new Array<number>(n).fill(0));
  return out;
}
