/**
 * tsne: t-SNE of 2 000 MNIST digits as seed 004 describes it (Gaussian p_ij by perplexity,
 * Student-t q_ij, gradient descent on KL(P‖Q) with momentum and early exaggeration; Barnes–Hut),
 * scored by trustworthiness (k = 5) against the original 784-D neighbourhoods.
 */
import { mnist } from '../data/datasets/mnist.js';
import { TSNE } from '../ml/tsne.js';
import { trustworthiness } from '../ml/embedding-metrics.js';
import { lineChart, scatterChart } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

export const tsne: Recipe = {
  name: 'tsne',
  description: 't-SNE (Barnes–Hut) of 2 000 MNIST digits, with trustworthiness',
  defaults: { epochs: 1000 },
  async run(ctx): Promise<RecipeResult> {
    const { test } = await mnist({ flatten: true });
    const kl: number[] = [];
    const iterations = ctx.epochs ?? 1000;
    const t0 = Date.now();
    const model = new TSNE({
      perplexity: 30,
      maxIter: iterations,
      seed: ctx.seed,
      callback: ({ iteration, klDivergence }) => {
        kl.push(klDivergence);
        if (iteration % 250 === 0) ctx.log(`iteration ${iteration}: KL(P‖Q) = ${klDivergence.toFixed(4)}`);
      },
    });
    const embedding = model.fitTransform(test.x);
    const seconds = (Date.now() - t0) / 1000;
    const tw = trustworthiness(test.x, embedding, { nNeighbors: 5 });
    ctx.log(`trustworthiness (k = 5): ${tw.toFixed(4)} after ${seconds.toFixed(1)} s`);
    ctx.report.chart('t-SNE of 2 000 MNIST digits', scatterChart(embedding, { labels: test.y, labelTitle: 'digit', xTitle: 'y₁', yTitle: 'y₂', size: 12 }));
    ctx.report.chart('KL(P‖Q) every 50 iterations', lineChart({ kl }, { x: kl.map((_, i) => (i + 1) * 50), xTitle: 'iteration', yTitle: 'KL divergence' }));
    return { metrics: { trustworthiness: tw, klDivergence: model.klDivergence, seconds }, epochs: iterations, history: { klDivergence: kl } };
  },
};
