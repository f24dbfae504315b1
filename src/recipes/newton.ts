/**
 * newton: curvature (seed 003). Logistic regression's loss minimised by Newton's method with the
 * exact Hessian and by gradient descent, with the notes' optimal step ε* = gᵀg / gᵀHg and with a
 * fixed learning rate, each run until it is within 1e-9 of the minimum.
 */
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from '../ops/matmul.js';
import { mul, softplus, sub } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { gradientDescent, newton as newtonMethod } from '../optim/newton.js';
import { lineChart } from '../viz/charts.js';
import type { Recipe, RecipeResult } from './types.js';

/** A seeded binary problem with correlated features on different scales (an ill-conditioned Hessian). */
function problem(seed: number): (w: Tensor) => Tensor {
  const gen = new Generator(seed);
  const n = 200;
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = gen.normal();
    const v = 0.8 * u + 0.6 * gen.normal();
    x.set([3 * u, 0.3 * v, 1], i * 3);
    y[i] = gen.random() < 1 / (1 + Math.exp(-(2 * u - v + 0.5))) ? 1 : 0;
  }
  const xt = new Tensor(x, [n, 3], 'float64');
  const yt = new Tensor(y, [n], 'float64');
  return (w) => {
    const z = matmul(xt, w);
    return mean(sub(softplus(z), mul(z, yt)));
  };
}

export const newton: Recipe = {
  name: 'newton',
  description: "Newton's method versus gradient descent (optimal and fixed step) on a logistic-regression loss",
  defaults: { lr: 0.5 },
  async run(ctx): Promise<RecipeResult> {
    const f = problem(ctx.seed);
    const w0 = new Tensor(new Float64Array(3), [3], 'float64');
    const best = newtonMethod(f, w0, { tol: 1e-12 }).loss;
    const target = best + 1e-9;
    const nt = newtonMethod(f, w0, { targetLoss: target });
    const opt = gradientDescent(f, w0, { targetLoss: target, learningRate: 'optimal', maxIter: 20_000 });
    const fixed = gradientDescent(f, w0, { targetLoss: target, learningRate: ctx.lr ?? 0.5, maxIter: 50_000 });
    ctx.log(`iterations to within 1e-9 of the minimum: Newton ${nt.iterations}, gradient descent with ε* ${opt.iterations}, with a fixed step ${fixed.iterations}`);
    const gap = (h: number[]): number[] => h.map((l) => Math.max(l - best, 1e-16));
    // The first 700 iterations tell the story (and keep the chart light).
    const thin = (h: number[]): number[] => h.slice(0, 700);
    ctx.report.chart(
      'Loss above the minimum (first 700 iterations)',
      lineChart({ newton: gap(nt.history), 'gradient descent, ε* = gᵀg / gᵀHg': thin(gap(opt.history)), 'gradient descent, fixed step': thin(gap(fixed.history)) }, { logY: true, xTitle: 'iteration', yTitle: 'f(w) − f*', points: false }),
    );
    return {
      metrics: {
        newtonIterations: nt.iterations,
        gradientDescentIterations: opt.iterations,
        gradientDescentFixedStepIterations: fixed.iterations,
        minimumLoss: best,
      },
      epochs: 0,
      history: { newtonLoss: nt.history },
    };
  },
};
