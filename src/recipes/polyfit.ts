/**
 * polyfit: capacity and overfitting (seeds 001–004). Polynomials of degree 1, 3, 9 and 15 are
 * fitted by least squares to 20 noisy samples of a cubic; training error keeps falling with the
 * degree while the error on 200 fresh samples rises again once the model starts fitting the noise.
 */
import { polynomial } from '../data/datasets/regression.js';
import { LinearRegression } from '../ml/linear.js';
import { PolynomialFeatures } from '../ml/polynomial.js';
import { meanSquaredError } from '../ml/metrics.js';
import { lineChart } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

const DEGREES = [1, 3, 9, 15];
const TRUE_COEF = [0.3, -1.2, 0.2, 1.5];

export const polyfit: Recipe = {
  name: 'polyfit',
  description: 'Polynomial fits of degree 1, 3, 9, 15: training versus test error (under- and overfitting)',
  defaults: {},
  async run(ctx): Promise<RecipeResult> {
    const train = polynomial({ n: 20, coef: TRUE_COEF, noise: 0.2, seed: ctx.seed });
    const test = polynomial({ n: 200, coef: TRUE_COEF, noise: 0.2, seed: ctx.seed + 1 });
    const trainMse: Record<string, number> = {};
    const testMse: Record<string, number> = {};
    const grid = Array.from({ length: 101 }, (_, i) => [-1 + i / 50]);
    const curves: Record<string, number[]> = {};
    for (const degree of DEGREES) {
      const features = new PolynomialFeatures({ degree, includeBias: false });
      const model = new LinearRegression().fit(features.fitTransform(train.x), train.y);
      trainMse[degree] = meanSquaredError(train.y, model.predict(features.transform(train.x)));
      testMse[degree] = meanSquaredError(test.y, model.predict(features.transform(test.x)));
      curves[`degree ${degree}`] = Array.from(model.predict(features.transform(grid)).data(), (v) => Math.max(-4, Math.min(4, v)));
      ctx.log(`degree ${String(degree).padStart(2)}: train MSE ${trainMse[degree]!.toFixed(4)}, test MSE ${testMse[degree]!.toFixed(4)}`);
    }
    ctx.report.chart(
      'Error against polynomial degree',
      lineChart({ train: DEGREES.map((d) => trainMse[d]!), test: DEGREES.map((d) => testMse[d]!) }, { x: DEGREES, logY: true, xTitle: 'degree', yTitle: 'mean squared error' }),
    );
    ctx.report.chart('Fitted polynomials on [-1, 1] (clipped to ±4)', lineChart(curves, { x: grid.map((g) => g[0]!), xTitle: 'x', yTitle: 'prediction', points: false }));
    ctx.report.table(
      'Training and test error',
      ['degree', 'train MSE', 'test MSE'],
      DEGREES.map((d) => [d, trainMse[d]!, testMse[d]!]),
    );
    return { metrics: { trainMse, testMse }, epochs: 0 };
  },
};
