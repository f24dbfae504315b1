/**
 * pca: principal component analysis (seeds 002, 004: "find the max directions of variance,
 * project onto them") of the unscaled iris measurements and of the MNIST training digits.
 */
import { iris } from '../data/datasets/iris.js';
import { mnist } from '../data/datasets/mnist.js';
import { PCA } from '../ml/pca.js';
import { gather } from '../ops/shape.js';
import { lineChart, scatterChart } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

export const pca: Recipe = {
  name: 'pca',
  description: 'PCA of iris (explained variance ratios) and of MNIST digits (components for 90 % / 95 % of the variance)',
  defaults: {},
  async run(ctx): Promise<RecipeResult> {
    const ir = await iris();
    const p = new PCA().fit(ir.x);
    const irisRatio = Array.from(p.explainedVarianceRatio.data());
    ctx.log(`iris explained variance ratio: ${irisRatio.map((v) => v.toFixed(4)).join(', ')}`);
    ctx.report.chart('Iris on its first two principal components', scatterChart(new PCA({ nComponents: 2 }).fitTransform(ir.x), { labels: ir.y, classNames: ir.classNames, xTitle: 'PC1', yTitle: 'PC2', labelTitle: 'species' }));

    const { train } = await mnist({ flatten: true });
    const t0 = Date.now();
    const m = new PCA().fit(train.x);
    ctx.log(`MNIST PCA of ${train.x.shape[0]} × ${train.x.shape[1]} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const ratio = Array.from(m.explainedVarianceRatio.data());
    const cumulative: number[] = [];
    ratio.reduce((acc, v) => (cumulative.push(acc + v), acc + v), 0);
    const needed = (f: number): number => cumulative.findIndex((c) => c >= f) + 1;
    ctx.log(`MNIST: ${needed(0.9)} components explain 90 % of the variance, ${needed(0.95)} explain 95 %`);
    ctx.report.chart('MNIST: cumulative explained variance', lineChart({ cumulative: cumulative.slice(0, 200) }, { xTitle: 'components', yTitle: 'fraction of variance', points: false }));
    // Every 4th digit (2 000 points) keeps the chart light.
    const some = Array.from({ length: Math.ceil(train.x.shape[0]! / 4) }, (_, i) => 4 * i);
    const z = new PCA({ nComponents: 2 }).fit(train.x).transform(gather(train.x, some));
    ctx.report.chart('MNIST digits on their first two principal components', scatterChart(z, { labels: gather(train.y, some), labelTitle: 'digit', xTitle: 'PC1', yTitle: 'PC2', size: 10 }));
    return {
      metrics: {
        irisExplainedVarianceRatio: irisRatio,
        mnistExplainedVarianceRatio: ratio.slice(0, 10),
        mnistComponentsFor90: needed(0.9),
        mnistComponentsFor95: needed(0.95),
      },
      epochs: 0,
    };
  },
};
