import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { iris } from './helpers/iris.js';

/** Three well-separated Gaussian blobs in 2-D. */
function blobs(perBlob: number, seed: number): { x: number[][]; y: number[] } {
  const gen = new nb.Generator(seed);
  const centres = [[0, 0], [8, 0], [0, 8]];
  const x: number[][] = [];
  const y: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < perBlob; i++) {
      x.push([c[0]! + gen.normal(), c[1]! + gen.normal()]);
      y.push(k);
    }
  });
  return { x, y };
}

describe('KMeans', () => {
  it('reaches inertia ≤ 79.0 on iris with k-means++ and 10 restarts (optimum ≈ 78.85)', () => {
    const { x } = iris();
    const km = new nb.ml.KMeans({ nClusters: 3, nInit: 10, seed: 0 }).fit(x);
    expect(km.inertia).toBeLessThanOrEqual(79.0);
    expect(km.inertia).toBeGreaterThan(78.8);
    expect(km.clusterCenters.shape).toEqual([3, 4]);
    expect(Array.from(km.predict(x).data())).toEqual(Array.from(km.labels.data()));
    expect(km.score(x)).toBeCloseTo(-km.inertia, 9);
  });

  it("recovers blobs with the notes' farthest-point initialisation, and is reproducible", () => {
    const { x, y } = blobs(40, 1);
    const a = new nb.ml.KMeans({ nClusters: 3, init: 'farthest', nInit: 1, seed: 3 }).fit(x);
    const labels = Array.from(a.labels.data());
    // Same partition as the truth, up to renaming the clusters.
    const map = new Map<number, number>();
    labels.forEach((l, i) => map.set(l, y[i]!));
    expect(labels.every((l, i) => map.get(l) === y[i])).toBe(true);
    const b = new nb.ml.KMeans({ nClusters: 3, init: 'farthest', nInit: 1, seed: 3 }).fit(x);
    expect(b.inertia).toBe(a.inertia);
    const t = a.transform([[0, 0]]).data();
    expect(Math.min(...t)).toBeLessThan(1);
  });

  it('finds the knee of the elbow curve at the true k, and a high silhouette there', () => {
    const { x } = blobs(30, 2);
    const e = nb.ml.elbow(x, { kMax: 8, seed: 0 });
    expect(e.ks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < e.inertias.length; i++) expect(e.inertias[i]!).toBeLessThanOrEqual(e.inertias[i - 1]! + 1e-9);
    expect(e.knee).toBe(3);
    const s3 = nb.ml.silhouetteScore(x, new nb.ml.KMeans({ nClusters: 3, seed: 0 }).fitPredict(x));
    const s6 = nb.ml.silhouetteScore(x, new nb.ml.KMeans({ nClusters: 6, seed: 0 }).fitPredict(x));
    expect(s3).toBeGreaterThan(0.7);
    expect(s3).toBeGreaterThan(s6);
    expect(nb.ml.kneeLocator([1, 2, 3, 4, 5], [100, 30, 15, 12, 10])).toBe(1);
  });
});

describe('PCA', () => {
  const want = [0.9246, 0.0531, 0.0171, 0.0052];

  it.each(['svd', 'eigh'] as const)('explains iris variance as [0.9246, 0.0531, 0.0171, 0.0052] (%s)', (svdSolver) => {
    const { x } = iris();
    const pca = new nb.ml.PCA({ svdSolver }).fit(x);
    const r = Array.from(pca.explainedVarianceRatio.data());
    want.forEach((w, i) => expect(Math.abs(r[i]! - w)).toBeLessThan(0.0005));
    const c = pca.components;
    expect(c.shape).toEqual([4, 4]);
    const ortho = c.matmul(c.T).data();
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(ortho[i * 4 + j]!).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('round-trips with all components, compresses with two, and whitens to unit variance', () => {
    const { x } = iris();
    const full = new nb.ml.PCA().fit(x);
    const back = full.inverseTransform(full.transform(x)).data();
    x.flat().forEach((v, i) => expect(back[i]!).toBeCloseTo(v, 10));
    const two = new nb.ml.PCA({ nComponents: 2 }).fit(x);
    expect(two.transform(x).shape).toEqual([150, 2]);
    expect(new nb.ml.PCA({ nComponents: 0.95 }).fit(x).nComponents).toBe(2);
    const z = new nb.ml.PCA({ nComponents: 2, whiten: true }).fitTransform(x);
    const v = nb.variance(z, 0, false, 1).data();
    expect(v[0]).toBeCloseTo(1, 10);
    expect(v[1]).toBeCloseTo(1, 10);
  });
});
