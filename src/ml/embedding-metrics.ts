/** Quality of clusterings and embeddings: silhouette coefficients and trustworthiness. */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Metric, METRICS, forEachDistanceBlock, kNearest, toPoints } from './distance.js';
import { type Features, type Targets, encodeLabels, tensor64 } from './util.js';
import { checkChoice, checkInt, checkOptions } from '../check.js';

/**
 * Silhouette coefficient of every sample, (b − a) / max(a, b): a is the mean distance to its own
 * cluster, b the smallest mean distance to another cluster (0 for a sample alone in its cluster).
 */
export function silhouetteSamples(x: Features, labels: Targets, options: { metric?: Metric } = {}): Tensor {
  checkOptions('silhouetteSamples', options, ['metric']);
  const metric = checkChoice('silhouetteSamples', 'metric', options.metric ?? 'euclidean', METRICS);
  const pts = toPoints('silhouetteSamples', 'x', x, metric);
  const { codes, classes } = encodeLabels('silhouetteSamples', labels, pts.rows);
  const c = classes.length;
  if (c < 2 || c > pts.rows - 1) {
    throw new ConfigError(`silhouetteSamples: needs between 2 and n − 1 = ${pts.rows - 1} clusters, got ${c}`);
  }
  const sizes = new Float64Array(c);
  for (const k of codes) sizes[k]!++;
  const out = new Float64Array(pts.rows);
  const n = pts.rows;
  const sums = new Float64Array(c);
  forEachDistanceBlock(pts, pts, metric, (start, count, block) => {
    for (let r = 0; r < count; r++) {
      const i = start + r;
      sums.fill(0);
      for (let j = 0; j < n; j++) sums[codes[j]!]! += block[r * n + j]!;
      const own = codes[i]!;
      if (sizes[own]! <= 1) {
        out[i] = 0;
        continue;
      }
      const a = sums[own]! / (sizes[own]! - 1);
      let b = Infinity;
      for (let k = 0; k < c; k++) if (k !== own) b = Math.min(b, sums[k]! / sizes[k]!);
      out[i] = Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
    }
  });
  return tensor64(out, [n]);
}

/**
 * Mean silhouette coefficient over all samples, in [−1, 1] (higher: denser, better-separated clusters).
 * @example nb.ml.silhouetteScore(x, new nb.ml.KMeans({ nClusters: 3 }).fitPredict(x))
 */
export function silhouetteScore(x: Features, labels: Targets, options: { metric?: Metric } = {}): number {
  const s = silhouetteSamples(x, labels, options).data();
  let t = 0;
  for (const v of s) t += v;
  return t / s.length;
}

/**
 * How well an embedding preserves local neighbourhoods, in [0, 1]:
 * T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k), where Uᵢ are the k nearest
 * neighbours of i in the embedding that are not among its k nearest in the original space and
 * r(i, j) is j's rank among i's neighbours in the original space.
 * @example nb.ml.trustworthiness(x, embedding, { nNeighbors: 5 }) // ≈ 0.9+ for a good t-SNE
 */
export function trustworthiness(x: Features, embedding: Features, options: { nNeighbors?: number; metric?: Metric } = {}): number {
  checkOptions('trustworthiness', options, ['nNeighbors', 'metric']);
  const k = checkInt('trustworthiness', 'nNeighbors', options.nNeighbors ?? 5, { min: 1 });
  const metric = checkChoice('trustworthiness', 'metric', options.metric ?? 'euclidean', METRICS);
  const px = toPoints('trustworthiness', 'x', x, metric);
  const pe = toPoints('trustworthiness', 'embedding', embedding, 'euclidean');
  const n = px.rows;
  if (pe.rows !== n) throw new ShapeError(`trustworthiness: x has ${n} samples but the embedding has ${pe.rows}`);
  if (!(k < n / 2)) throw new ConfigError(`trustworthiness: nNeighbors must be below n / 2 = ${n / 2}, got ${k}`);
  const nearE = kNearest(pe, pe, k, 'euclidean', { excludeSelf: true, squared: true });
  let penalty = 0;
  forEachDistanceBlock(
    px,
    px,
    metric,
    (start, count, block) => {
      for (let r = 0; r < count; r++) {
        const i = start + r;
        const o = r * n;
        for (let q = 0; q < k; q++) {
          const j = nearE.indices[i * k + q]!;
          const dj = block[o + j]!;
          // Rank of j among i's neighbours in x (1 = nearest; ties broken by index).
          let rank = 1;
          for (let l = 0; l < n; l++) {
            if (l === i || l === j) continue;
            const dl = block[o + l]!;
            if (dl < dj || (dl === dj && l < j)) rank++;
          }
          if (rank > k) penalty += rank - k;
        }
      }
    },
    { squared: true },
  );
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}
