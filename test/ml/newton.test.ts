import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
// nb.optim re-exports these once src/optim/index.ts lists them; the module is tested directly.
import { gradientDescent, newton, optimalStepSize } from '../../src/optim/newton.js';

/** A seeded, non-separable binary classification problem with a bias column. */
function logisticProblem(): (w: nb.Tensor) => nb.Tensor {
  const gen = new nb.Generator(7);
  const n = 200;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    // Correlated features on different scales: an ill-conditioned Hessian, as raw data gives.
    const a = gen.normal();
    const b = 0.8 * a + 0.6 * gen.normal();
    xs.push([3 * a, 0.3 * b, 1]);
    ys.push(gen.random() < 1 / (1 + Math.exp(-(2 * a - b + 0.5))) ? 1 : 0);
  }
  const x = nb.tensor(xs, { dtype: 'float64' });
  const y = nb.tensor(ys, { dtype: 'float64' });
  // Mean binary cross-entropy of sigmoid(x·w): softplus(z) − y·z.
  return (w) => {
    const z = x.matmul(w);
    return z.softplus().sub(z.mul(y)).mean();
  };
}

describe('newton', () => {
  it('minimises a quadratic in one step', () => {
    const a = nb.tensor([[3, 1], [1, 2]], { dtype: 'float64' });
    const b = nb.tensor([1, -1], { dtype: 'float64' });
    const f = (x: nb.Tensor): nb.Tensor => x.matmul(a).mul(x).sum().mul(0.5).sub(x.mul(b).sum());
    const r = newton(f, nb.zeros([2], 'float64'));
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(true);
    const want = nb.linalg.solve(a, b).toArray() as number[];
    (r.x.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 10));
  });

  it('takes fewer iterations than gradient descent to the same loss on logistic regression', () => {
    const f = logisticProblem();
    const w0 = nb.zeros([3], 'float64');
    const best = newton(f, w0, { tol: 1e-10 });
    expect(best.converged).toBe(true);
    const target = best.loss + 1e-9;
    const nt = newton(f, w0, { targetLoss: target });
    const gdOptimal = gradientDescent(f, w0, { targetLoss: target, learningRate: 'optimal', maxIter: 2000 });
    const gdFixed = gradientDescent(f, w0, { targetLoss: target, learningRate: 0.5, maxIter: 5000 });
    expect(nt.converged && gdOptimal.converged && gdFixed.converged).toBe(true);
    expect(nt.iterations).toBeLessThan(gdOptimal.iterations);
    expect(gdOptimal.iterations).toBeLessThan(gdFixed.iterations);
    expect(nt.iterations).toBeLessThanOrEqual(8);
  });

  it('computes the optimal step size gᵀg / gᵀHg', () => {
    // For f = ½xᵀAx with A = diag(1, 4) at x = (1, 1): g = (1, 4), gᵀg = 17, gᵀAg = 65.
    expect(optimalStepSize([1, 4], [[1, 0], [0, 4]])).toBeCloseTo(17 / 65, 14);
  });

  it('validates options', () => {
    const f = (x: nb.Tensor): nb.Tensor => x.square().sum();
    expect(() => newton(f, nb.ones([2], 'float64'), { maxiter: 3 } as never)).toThrow(nb.ConfigError);
    expect(() => gradientDescent(f, nb.ones([2], 'float64'), { learningRate: -1 })).toThrow(/learningRate must be a positive number/);
  });
});
