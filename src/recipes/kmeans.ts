/**
 * kmeans: clustering iris (seed 002): k-means with k-means++ and with the notes' farthest-point
 * initialisation, the elbow method over k = 1..10 with its knee, and the silhouette score.
 */
import { iris } from '../data/datasets/iris.js';
import { KMeans, elbow } from '../ml/kmeans.js';
import { PCA } from '../ml/pca.js';
import { silhouetteScore } from '../ml/embedding-metrics.js';
import { lineChart, scatterChart } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

export const kmeans: Recipe = {
  name: 'kmeans',
  description: 'k-means on iris: k-means++ versus farthest-point initialisation, the elbow method, silhouette',
  defaults: {},
  async run(ctx): Promise<RecipeResult> {
    const { x, y, classNames } = await iris();
    const km = new KMeans({ nClusters: 3, init: 'k-means++', nInit: 10, seed: ctx.seed }).fit(x);
    const far = new KMeans({ nClusters: 3, init: 'farthest', nInit: 1, seed: ctx.seed }).fit(x);
    ctx.log(`k = 3: inertia ${km.inertia.toFixed(3)} (k-means++, 10 runs), ${far.inertia.toFixed(3)} (farthest point, 1 run)`);
    const e = elbow(x, { kMin: 1, kMax: 10, seed: ctx.seed });
    ctx.log(`elbow: knee at k = ${e.knee}`);
    const silhouette = silhouetteScore(x, km.labels);
    ctx.log(`silhouette (k = 3): ${silhouette.toFixed(4)}`);
    ctx.report.chart('Elbow method: inertia against k', lineChart({ inertia: e.inertias }, { x: e.ks, xTitle: 'k', yTitle: 'inertia' }));
    const pcs = new PCA({ nComponents: 2 }).fitTransform(x);
    ctx.report.chart('Clusters (k = 3) on the first two principal components', scatterChart(pcs, { labels: km.labels, labelTitle: 'cluster', xTitle: 'PC1', yTitle: 'PC2' }));
    ctx.report.chart('True species on the same axes', scatterChart(pcs, { labels: y, classNames, labelTitle: 'species', xTitle: 'PC1', yTitle: 'PC2' }));
    return {
      metrics: { irisInertia: km.inertia, irisInertiaFarthest: far.inertia, elbowKnee: e.knee, elbowInertias: e.inertias, silhouette },
      epochs: 0,
    };
  },
};
