/**
 * k-means clustering (Lloyd's iterations) with k-means++, farthest-point or random
 * initialisation and several restarts, plus the elbow method with a knee detector.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, type Mat, BaseEstimator, generatorFor, tensor64, toMat } from './util.js';
import { checkInt, checkNumber, checkOptions } from '../check.js';

export type KMeansInit = 'k-means++' | 'farthest' | 'random' | Tensor | number[][];

export interface KMeansOptions {
  /** k, the number of clusters (default 8). */
  nClusters?: number;
  /**
   * 'k-means++' (default: each new centre drawn with probability ∝ squared distance, greedily best
   * of 2 + ln k draws), 'farthest' (the notes' rule: a random point, then repeatedly the point
   * farthest from the chosen centres), 'random' (k distinct samples) or explicit [k, d] centres.
   */
  init?: KMeansInit;
  /** Runs from different initialisations; the lowest inertia wins (default 10; 1 for explicit centres). */
  nInit?: number;
  /** Most Lloyd iterations per run (default 300). */
  maxIter?: number;
  /** Converged when the centres move less than tol × the mean feature variance (squared, summed; default 1e-4). */
  tol?: number;
  /** Seed of the initialisations (default: the global generator, `nb.seed`). */
  seed?: number | null;
}

interface Run {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

/**
 * k-means: centres minimising the inertia Σ‖xᵢ − c_{label(i)}‖².
 * @example const km = new nb.ml.KMeans({ nClusters: 3, seed: 0 }).fit(iris); km.inertia // ≈ 78.85
 */
export class KMeans extends BaseEstimator<KMeansOptions> {
  readonly estimatorType = 'clusterer' as const;
  private state: (Run & { d: number }) | null = null;

  constructor(options: KMeansOptions = {}) {
    super('KMeans', options, { nClusters: 8, init: 'k-means++', nInit: 10, maxIter: 300, tol: 1e-4, seed: null });
  }

  protected validate(): void {
    const p = this.params;
    checkInt('KMeans', 'nClusters', p.nClusters, { min: 1 });
    checkInt('KMeans', 'nInit', p.nInit, { min: 1 });
    checkInt('KMeans', 'maxIter', p.maxIter, { min: 1 });
    checkNumber('KMeans', 'tol', p.tol, { min: 0 });
    if (typeof p.init === 'string' && !['k-means++', 'farthest', 'random'].includes(p.init)) {
      throw new ConfigError(`KMeans: init must be 'k-means++', 'farthest', 'random' or [k, d] centres, got ${JSON.stringify(p.init)}`);
    }
  }

  /** Clusters the rows of `x`. */
  fit(x: Features): this {
    const m = toMat('KMeans.fit', 'x', x);
    const k = this.params.nClusters;
    if (m.rows < k) throw new ConfigError(`KMeans.fit: nClusters is ${k} but only ${m.rows} samples were given`);
    const gen = generatorFor(this.params.seed ?? undefined);
    const tolAbs = this.params.tol * meanVariance(m);
    const explicit = typeof this.params.init !== 'string' ? toMat('KMeans', 'init', this.params.init as Features) : null;
    if (explicit && (explicit.rows !== k || explicit.cols !== m.cols)) {
      throw new ShapeError(`KMeans: init centres must be [${k}, ${m.cols}], got [${explicit.rows}, ${explicit.cols}]`);
    }
    let best: Run | null = null;
    const runs = explicit ? 1 : this.params.nInit;
    for (let r = 0; r < runs; r++) {
      const c0 = explicit ? explicit.data.slice() : initCenters(m, k, this.params.init as string, gen);
      const run = lloyd(m, c0, k, this.params.maxIter, tolAbs);
      if (!best || run.inertia < best.inertia) best = run;
    }
    this.state = { ...best!, d: m.cols };
    return this;
  }

  /** Fits and returns the cluster of each row. */
  fitPredict(x: Features): Tensor {
    return this.fit(x).labels;
  }

  /** Centres, float64 [k, d]. */
  get clusterCenters(): Tensor {
    const s = this.fitted(this.state, 'clusterCenters');
    return tensor64(s.centers.slice(), [this.params.nClusters, s.d]);
  }

  /** Cluster of each training row, int32 [n]. */
  get labels(): Tensor {
    const s = this.fitted(this.state, 'labels');
    return new Tensor(s.labels.slice(), [s.labels.length], 'int32');
  }

  /** Sum of squared distances of the training rows to their centres. */
  get inertia(): number {
    return this.fitted(this.state, 'inertia').inertia;
  }

  /** Lloyd iterations of the best run. */
  get nIter(): number {
    return this.fitted(this.state, 'nIter').nIter;
  }

  /** The nearest centre of each row, int32 [n]. */
  predict(x: Features): Tensor {
    const s = this.fitted(this.state, 'predict');
    const m = this.input('predict', x, s.d);
    const labels = new Int32Array(m.rows);
    assign(m, s.centers, this.params.nClusters, labels);
    return new Tensor(labels, [m.rows], 'int32');
  }

  /** Euclidean distance of each row to each centre, float64 [n, k]. */
  transform(x: Features): Tensor {
    const s = this.fitted(this.state, 'transform');
    const m = this.input('transform', x, s.d);
    const k = this.params.nClusters;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) for (let c = 0; c < k; c++) out[i * k + c] = Math.sqrt(sqDist(m.data, i * m.cols, s.centers, c * m.cols, m.cols));
    return tensor64(out, [m.rows, k]);
  }

  /** Minus the inertia of `x` against the fitted centres (higher is better). */
  score(x: Features): number {
    const s = this.fitted(this.state, 'score');
    const m = this.input('score', x, s.d);
    return -assign(m, s.centers, this.params.nClusters, new Int32Array(m.rows));
  }

  private input(method: string, x: Features, d: number): Mat {
    const m = toMat(`KMeans.${method}`, 'x', x);
    if (m.cols !== d) throw new ShapeError(`KMeans.${method}: x has ${m.cols} features but fit saw ${d}`);
    return m;
  }
}

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ao + j]! - b[bo + j]!;
    s += t * t;
  }
  return s;
}

function meanVariance(m: Mat): number {
  let total = 0;
  for (let j = 0; j < m.cols; j++) {
    let mean = 0;
    for (let i = 0; i < m.rows; i++) mean += m.data[i * m.cols + j]!;
    mean /= m.rows;
    let v = 0;
    for (let i = 0; i < m.rows; i++) v += (m.data[i * m.cols + j]! - mean) ** 2;
    total += v / m.rows;
  }
  return total / Math.max(m.cols, 1);
}

/** Nearest centre of every row into `labels`; returns the inertia. */
function assign(m: Mat, centers: Float64Array, k: number, labels: Int32Array, dmin?: Float64Array): number {
  let inertia = 0;
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    let bd = Infinity;
    for (let c = 0; c < k; c++) {
      const dd = sqDist(m.data, i * m.cols, centers, c * m.cols, m.cols);
      if (dd < bd) {
        bd = dd;
        best = c;
      }
    }
    labels[i] = best;
    if (dmin) dmin[i] = bd;
    inertia += bd;
  }
  return inertia;
}

function lloyd(m: Mat, centers: Float64Array, k: number, maxIter: number, tolAbs: number): Run {
  const { rows: n, cols: d } = m;
  const labels = new Int32Array(n);
  const dmin = new Float64Array(n);
  const next = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let nIter = 0;
  for (let it = 0; it < maxIter; it++) {
    assign(m, centers, k, labels, dmin);
    next.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) next[c * d + j]! += m.data[i * d + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]! > 0) for (let j = 0; j < d; j++) next[c * d + j]! /= counts[c]!;
      else {
        // An empty cluster takes the point farthest from its centre.
        let far = 0;
        for (let i = 1; i < n; i++) if (dmin[i]! > dmin[far]!) far = i;
        for (let j = 0; j < d; j++) next[c * d + j] = m.data[far * d + j]!;
        dmin[far] = 0;
      }
    }
    let shift = 0;
    for (let i = 0; i < k * d; i++) shift += (next[i]! - centers[i]!) ** 2;
    centers.set(next);
    nIter = it + 1;
    if (shift <= tolAbs) break;
  }
  const inertia = assign(m, centers, k, labels);
  return { centers, labels, inertia, nIter };
}

function initCenters(m: Mat, k: number, init: string, gen: Generator): Float64Array {
  const { rows: n, cols: d } = m;
  const centers = new Float64Array(k * d);
  const put = (c: number, i: number): void => centers.set(m.data.subarray(i * d, (i + 1) * d), c * d);
  if (init === 'random') {
    const perm = gen.permutation(n);
    for (let c = 0; c < k; c++) put(c, perm[c]!);
    return centers;
  }
  const closest = new Float64Array(n);
  const first = gen.randint(0, n);
  put(0, first);
  for (let i = 0; i < n; i++) closest[i] = sqDist(m.data, i * d, m.data, first * d, d);
  const trials = 2 + Math.floor(Math.log(k));
  const cand = new Float64Array(n);
  const bestNew = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    if (init === 'farthest') {
      let far = 0;
      for (let i = 1; i < n; i++) if (closest[i]! > closest[far]!) far = i;
      put(c, far);
      for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i]!, sqDist(m.data, i * d, m.data, far * d, d));
      continue;
    }
    // k-means++ (greedy): draw candidates ∝ closest², keep the one that lowers the potential most.
    let pot = 0;
    for (let i = 0; i < n; i++) pot += closest[i]!;
    let bestPot = Infinity;
    let bestIdx = 0;
    for (let t = 0; t < trials; t++) {
      let r = gen.random() * pot;
      let idx = 0;
      while (idx < n - 1 && r >= closest[idx]!) r -= closest[idx++]!;
      let p = 0;
      for (let i = 0; i < n; i++) {
        cand[i] = Math.min(closest[i]!, sqDist(m.data, i * d, m.data, idx * d, d));
        p += cand[i]!;
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        bestNew.set(cand);
      }
    }
    put(c, bestIdx);
    closest.set(bestNew);
  }
  return centers;
}

/**
 * Index of the knee of a curve: the point farthest from the chord joining its ends, after both
 * axes are scaled to [0, 1] (for a decreasing convex curve such as inertia against k).
 * @example nb.ml.kneeLocator([1, 2, 3, 4, 5], [100, 30, 15, 12, 10]) // 1 (x = 2)
 */
export function kneeLocator(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 3) throw new ShapeError(`kneeLocator: needs ≥ 3 points with as many xs as ys, got ${xs.length} and ${ys.length}`);
  const x0 = xs[0]!;
  const x1 = xs[xs.length - 1]!;
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  const nx = xs.map((x) => (x - x0) / (x1 - x0 || 1));
  const ny = ys.map((y) => (y - yMin) / (yMax - yMin || 1));
  const a = ny[0]!;
  const b = ny[ny.length - 1]!;
  let best = 0;
  let bestGap = -Infinity;
  nx.forEach((x, i) => {
    const gap = a + (b - a) * x - ny[i]!;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  });
  return best;
}

export interface ElbowResult {
  ks: number[];
  inertias: number[];
  /** The k at the knee of the inertia curve. */
  knee: number;
}

/**
 * The elbow method: k-means inertia for k = kMin..kMax and the k at the curve's knee.
 * @example nb.ml.elbow(x, { kMax: 8, seed: 0 }).knee // 3 on iris
 */
export function elbow(x: Features, options: { kMin?: number; kMax?: number } & Omit<KMeansOptions, 'nClusters'> = {}): ElbowResult {
  checkOptions('elbow', options, ['kMin', 'kMax', 'init', 'nInit', 'maxIter', 'tol', 'seed']);
  const { kMin = 1, kMax = 10, ...rest } = options;
  checkInt('elbow', 'kMin', kMin, { min: 1 });
  checkInt('elbow', 'kMax', kMax, { min: kMin + 2 });
  const m = toMat('elbow', 'x', x);
  const xt = tensor64(m.data, [m.rows, m.cols]);
  const ks: number[] = [];
  const inertias: number[] = [];
  for (let k = kMin; k <= kMax; k++) {
    ks.push(k);
    inertias.push(new KMeans({ ...rest, nClusters: k }).fit(xt).inertia);
  }
  return { ks, inertias, knee: ks[kneeLocator(ks, inertias)]! };
}
