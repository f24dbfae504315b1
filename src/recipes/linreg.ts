/**
 * linreg: the notes' linear regressions (seed 004), fitted by gradient descent — the "baby neural
 * network" with one neuron — and checked against the least-squares closed form:
 * heart rate → temperature, z = w·x (w = 10), and concentration → effect, z = w·x + b (w = 10, b = 3).
 */
import { LinearRegression } from '../ml/linear.js';
import { lineChart } from '../viz/charts.js';
import type { Recipe, RecipeContext, RecipeResult } from './types.js';

const HEART = { x: [0.02, 0.04, 0.08], z: [0.2, 0.4, 0.8] };
const CONCENTRATION = { x: [0.02, 0.04, 0.08], z: [3.2, 3.4, 3.8] };

function fit(ctx: RecipeContext, data: { x: number[]; z: number[] }, fitIntercept: boolean): { gd: LinearRegression; exact: LinearRegression } {
  const x = data.x.map((v) => [v]);
  const gd = new LinearRegression({ solver: 'gd', fitIntercept, learningRate: ctx.lr ?? 0.5, maxIter: ctx.epochs ?? 200_000, tol: 1e-9 }).fit(x, data.z);
  const exact = new LinearRegression({ fitIntercept }).fit(x, data.z);
  return { gd, exact };
}

export const linreg: Recipe = {
  name: 'linreg',
  description: "The notes' linear regressions (heart rate → temperature, concentration → effect) by gradient descent",
  defaults: { epochs: 200_000, lr: 0.5 },
  async run(ctx): Promise<RecipeResult> {
    const heart = fit(ctx, HEART, false);
    const conc = fit(ctx, CONCENTRATION, true);
    const hw = heart.gd.coef.data()[0]!;
    const cw = conc.gd.coef.data()[0]!;
    const cb = conc.gd.intercept;
    ctx.log(`heart rate → temperature: z = ${hw.toFixed(4)}·x after ${heart.gd.nIter} steps (closed form ${heart.exact.coef.data()[0]!.toFixed(4)})`);
    ctx.log(`concentration → effect: z = ${cw.toFixed(4)}·x + ${cb.toFixed(4)} after ${conc.gd.nIter} steps (closed form ${conc.exact.coef.data()[0]!.toFixed(4)}·x + ${conc.exact.intercept.toFixed(4)})`);
    ctx.report.table(
      'Fitted models',
      ['data set', 'model', 'w (gradient descent)', 'b (gradient descent)', 'w (least squares)', 'b (least squares)', 'steps'],
      [
        ['heart rate → temperature', 'z = w·x', hw, 0, heart.exact.coef.data()[0]!, 0, heart.gd.nIter],
        ['concentration → effect', 'z = w·x + b', cw, cb, conc.exact.coef.data()[0]!, conc.exact.intercept, conc.gd.nIter],
      ],
    );
    const thin = (v: number[]): number[] => v.filter((_, i) => i % Math.max(1, Math.floor(v.length / 500)) === 0);
    ctx.report.chart(
      'Mean squared error during gradient descent',
      lineChart({ 'heart rate': thin(heart.gd.lossHistory), concentration: thin(conc.gd.lossHistory) }, { logY: true, xTitle: 'step (sampled)', yTitle: 'MSE' }),
    );
    return {
      metrics: {
        heartRate: { w: hw },
        concentration: { w: cw, b: cb },
        heartRateClosedForm: { w: heart.exact.coef.data()[0]! },
        concentrationClosedForm: { w: conc.exact.coef.data()[0]!, b: conc.exact.intercept },
      },
      epochs: Math.max(heart.gd.nIter, conc.gd.nIter),
      history: { heartRateLoss: heart.gd.lossHistory, concentrationLoss: conc.gd.lossHistory },
    };
  },
};
