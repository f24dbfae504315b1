/**
 * t-SNE as the notes describe it (seed 004): Gaussian input affinities p_ij with σᵢ set by the
 * perplexity, Student-t output affinities q_ij = (1 + ‖yᵢ − yⱼ‖²)⁻¹ / Σ_{k≠l} (1 + ‖y_k − y_l‖²)⁻¹,
 * and gradient descent on KL(P‖Q) from random coordinates, with momentum, per-coordinate gains
 * and early exaggeration. Exact O(n²) gradient for small n, Barnes–Hut for larger n. Seeded.
 */
import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, BaseEstimator, generatorFor, tensor64 } from './util.js';
import { toPoints } from './distance.js';
import { type SparseP, denseAffinities, sparseAffinities } from './tsne-affinity.js';
import { QuadTree, barnesHutGradient } from './tsne-bh.js';
import { PCA } from './pca.js';
import { checkChoice, checkInt, checkNumber } from '../check.js';

export interface TSNEProgress {
  iteration: number;
  /** KL(P‖Q) of the current embedding (with the exaggeration removed). */
  klDivergence: number;
}

export interface TSNEOptions {
  /** Dimensions of the embedding (default 2; Barnes–Hut needs 2). */
  nComponents?: number;
  /** The effective number of neighbours each point's σ is tuned to (default 30). */
  perplexity?: number;
  /** Factor on P during the first `exaggerationIter` iterations (default 12). */
  earlyExaggeration?: number;
  exaggerationIter?: number;
  /** Step size, or 'auto' = max(n / earlyExaggeration / 4, 50) (default). */
  learningRate?: number | 'auto';
  /** Total gradient steps (default 1000). */
  maxIter?: number;
  /** Momentum during exaggeration, then after (defaults 0.5 and 0.8). */
  momentum?: number;
  finalMomentum?: number;
  /** 'exact', 'barnes-hut' or 'auto' (default: exact up to 1000 points, else Barnes–Hut). */
  method?: 'auto' | 'exact' | 'barnes-hut';
  /** Barnes–Hut angle: cells with side / distance < θ are summarised (default 0.5). */
  theta?: number;
  /** 'random' (default: N(0, 10⁻⁴) coordinates, as the notes start) or 'pca' (first components scaled to std 10⁻⁴). */
  init?: 'random' | 'pca';
  /** Seed of the initial coordinates (default: the global generator, `nb.seed`). */
  seed?: number | null;
  /** Called every 50 iterations and at the end with the KL divergence. */
  callback?: ((p: TSNEProgress) => void) | null;
}

/**
 * t-distributed stochastic neighbour embedding.
 * @example const y = new nb.ml.TSNE({ perplexity: 30, seed: 0 }).fitTransform(digits); // [n, 2]
 */
export class TSNE extends BaseEstimator<TSNEOptions> {
  readonly estimatorType = 'transformer' as const;
  private result: { embedding: Float64Array; n: number; kl: number; nIter: number } | null = null;

  constructor(options: TSNEOptions = {}) {
    super('TSNE', options, {
      nComponents: 2,
      perplexity: 30,
      earlyExaggeration: 12,
      exaggerationIter: 250,
      learningRate: 'auto',
      maxIter: 1000,
      momentum: 0.5,
      finalMomentum: 0.8,
      method: 'auto',
      theta: 0.5,
      init: 'random',
      seed: null,
      callback: null,
    });
  }

  protected validate(): void {
    const p = this.params;
    checkInt('TSNE', 'nComponents', p.nComponents, { min: 1 });
    checkNumber('TSNE', 'perplexity', p.perplexity, { min: 0, minExclusive: true });
    checkNumber('TSNE', 'earlyExaggeration', p.earlyExaggeration, { min: 0, minExclusive: true });
    checkInt('TSNE', 'exaggerationIter', p.exaggerationIter, { min: 0 });
    if (p.learningRate !== 'auto') checkNumber('TSNE', 'learningRate', p.learningRate, { min: 0, minExclusive: true });
    checkInt('TSNE', 'maxIter', p.maxIter, { min: 1 });
    checkNumber('TSNE', 'momentum', p.momentum, { min: 0 });
    checkNumber('TSNE', 'finalMomentum', p.finalMomentum, { min: 0 });
    checkChoice('TSNE', 'method', p.method, ['auto', 'exact', 'barnes-hut']);
    checkNumber('TSNE', 'theta', p.theta, { min: 0 });
    checkChoice('TSNE', 'init', p.init, ['random', 'pca']);
    if (p.method === 'barnes-hut' && p.nComponents !== 2) throw new ConfigError(`TSNE: method 'barnes-hut' embeds in 2 dimensions; nComponents is ${p.nComponents}`);
  }

  /** Embeds the rows of `x`; returns the embedding, float64 [n, nComponents]. */
  fitTransform(x: Features): Tensor {
    this.fit(x);
    return this.embedding;
  }

  /** Embeds the rows of `x`. */
  fit(x: Features): this {
    const p = this.params;
    const pts = toPoints('TSNE.fit', 'x', x, 'euclidean');
    const n = pts.rows;
    if (!(p.perplexity < n)) throw new ConfigError(`TSNE.fit: perplexity (${p.perplexity}) must be less than the number of samples (${n})`);
    const dims = p.nComponents;
    const exact = p.method === 'exact' || (p.method === 'auto' && (n <= 1000 || dims !== 2));
    const P = exact ? denseAffinities(pts, p.perplexity) : sparseAffinities(pts, p.perplexity);
    const y = this.initial(x, n, dims);
    const lr = p.learningRate === 'auto' ? Math.max(n / p.earlyExaggeration / 4, 50) : p.learningRate;
    const grad = new Float64Array(n * dims);
    const update = new Float64Array(n * dims);
    const gains = new Float64Array(n * dims).fill(1);
    const tree = new QuadTree();
    const scratch = exact ? new Float64Array(n * n) : new Float64Array(0);
    let z = 0;
    let kl = NaN;
    for (let it = 0; it < p.maxIter; it++) {
      const early = it < p.exaggerationIter;
      const exag = early ? p.earlyExaggeration : 1;
      const momentum = early ? p.momentum : p.finalMomentum;
      z = exact ? exactGradient(y, n, dims, P as Float64Array, exag, grad, scratch) : barnesHutGradient(y, n, P as SparseP, exag, p.theta, grad, tree);
      for (let i = 0; i < grad.length; i++) {
        // Delta-bar-delta gains: grow where the gradient keeps its direction against the update.
        const g = grad[i]!;
        gains[i] = Math.max((g > 0) !== (update[i]! > 0) ? gains[i]! + 0.2 : gains[i]! * 0.8, 0.01);
        update[i] = momentum * update[i]! - lr * gains[i]! * g;
        y[i]! += update[i]!;
      }
      if (p.callback && ((it + 1) % 50 === 0 || it === p.maxIter - 1)) {
        kl = klDivergence(y, n, dims, P, exact, z);
        p.callback({ iteration: it + 1, klDivergence: kl });
      }
    }
    if (!p.callback) {
      if (!exact) barnesHutGradient(y, n, P as SparseP, 1, p.theta, grad, tree);
      kl = klDivergence(y, n, dims, P, exact, exact ? 0 : z);
    }
    this.result = { embedding: y, n, kl, nIter: p.maxIter };
    return this;
  }

  private initial(x: Features, n: number, dims: number): Float64Array {
    const y = new Float64Array(n * dims);
    if (this.params.init === 'pca') {
      const z = new PCA({ nComponents: Math.min(dims, n) }).fitTransform(x).data();
      let mean = 0;
      for (let i = 0; i < n; i++) mean += z[i * dims]!;
      mean /= n;
      let sd = 0;
      for (let i = 0; i < n; i++) sd += (z[i * dims]! - mean) ** 2;
      sd = Math.sqrt(sd / n) || 1;
      for (let i = 0; i < y.length; i++) y[i] = (z[i]! / sd) * 1e-4;
      return y;
    }
    const gen = generatorFor(this.params.seed ?? undefined);
    for (let i = 0; i < y.length; i++) y[i] = gen.normal(0, 1e-4);
    return y;
  }

  /** The embedding of the last fit, float64 [n, nComponents]. */
  get embedding(): Tensor {
    const r = this.fitted(this.result, 'embedding');
    return tensor64(r.embedding.slice(), [r.n, this.params.nComponents]);
  }

  /** KL(P‖Q) of the final embedding. */
  get klDivergence(): number {
    return this.fitted(this.result, 'klDivergence').kl;
  }

  /** Gradient steps taken. */
  get nIter(): number {
    return this.fitted(this.result, 'nIter').nIter;
  }

  /** Not a predictor: returns −KL(P‖Q) of the fitted embedding. */
  score(): number {
    return -this.klDivergence;
  }
}

/** dC/dyᵢ = 4 Σⱼ (exag·p_ij − q_ij)(yᵢ − yⱼ)(1 + ‖yᵢ − yⱼ‖²)⁻¹, exactly; returns Z. */
function exactGradient(y: Float64Array, n: number, dims: number, P: Float64Array, exag: number, grad: Float64Array, w: Float64Array): number {
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) d2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
      const v = 1 / (1 + d2);
      w[i * n + j] = v;
      w[j * n + i] = v;
      z += 2 * v;
    }
  }
  grad.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = w[i * n + j]!;
      const f = 4 * (exag * P[i * n + j]! - v / z) * v;
      for (let c = 0; c < dims; c++) grad[i * dims + c]! += f * (y[i * dims + c]! - y[j * dims + c]!);
    }
  }
  return z;
}

/** KL(P‖Q) = Σ p_ij log(p_ij / q_ij); Z is recomputed for the exact method. */
function klDivergence(y: Float64Array, n: number, dims: number, P: Float64Array | SparseP, exact: boolean, zIn: number): number {
  const w = (i: number, j: number): number => {
    let d2 = 0;
    for (let c = 0; c < dims; c++) d2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
    return 1 / (1 + d2);
  };
  let kl = 0;
  if (exact) {
    const dense = P as Float64Array;
    let z = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) z += 2 * w(i, j);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = dense[i * n + j]!;
        if (i !== j && p > 0) kl += p * Math.log(p / Math.max(w(i, j) / z, 1e-300));
      }
    }
    return kl;
  }
  const { rowPtr, cols, vals } = P as SparseP;
  for (let i = 0; i < n; i++) {
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const p = vals[q]!;
      if (p > 0) kl += p * Math.log(p / Math.max(w(i, cols[q]!) / zIn, 1e-300));
    }
  }
  return kl;
}
