import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { randMat } from './helpers.js';

// Random matrices shifted towards the identity, so they are well conditioned.
const wellConditioned = (n: number, seed: number): nb.Tensor => randMat(n, n, seed).add(nb.eye(n, n, 'float64').mul(3));

describe('gradients pass gradcheck (float64)', () => {
  it('solve, in both arguments, vector and matrix right-hand sides, batched', () => {
    expect(nb.gradcheck((a, b) => nb.linalg.solve(a, b), [wellConditioned(4, 1), randMat(4, 3, 2)]).ok).toBe(true);
    expect(nb.gradcheck((a, b) => nb.linalg.solve(a, b), [wellConditioned(3, 3), nb.randn([3], { dtype: 'float64' })]).ok).toBe(true);
    const ab = nb.randn([2, 3, 3], { dtype: 'float64', generator: new nb.Generator(4) }).add(nb.eye(3, 3, 'float64').mul(3));
    expect(nb.gradcheck((a, b) => nb.linalg.solve(a, b), [ab, randMat(3, 2, 5)]).ok).toBe(true);
  });

  it('inv', () => {
    const r = nb.gradcheck((a) => nb.linalg.inv(a), [wellConditioned(5, 6)]);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('det and slogdet, and det at a singular matrix (adjugate)', () => {
    expect(nb.gradcheck((a) => nb.linalg.det(a), [wellConditioned(4, 7)]).ok).toBe(true);
    expect(nb.gradcheck((a) => nb.linalg.slogdet(a).logAbsDet, [wellConditioned(4, 8)]).ok).toBe(true);
    const g = nb.grad((a: nb.Tensor) => nb.linalg.det(a))(nb.tensor([[1, 2], [2, 4]], { dtype: 'float64' }));
    const got = g.toArray() as number[][];
    [[4, -2], [-2, 1]].forEach((row, i) => row.forEach((v, j) => expect(got[i]![j]).toBeCloseTo(v, 12)));
  });

  it('cholesky (through a symmetric parametrisation X·Xᵀ + I)', () => {
    const f = (x: nb.Tensor): nb.Tensor => nb.linalg.cholesky(x.matmul(x.T).add(nb.eye(4, 4, 'float64')));
    expect(nb.gradcheck(f, [randMat(4, 4, 9)]).ok).toBe(true);
  });

  it('solveTriangular, lower and upper, plain and transposed', () => {
    for (const upper of [false, true]) {
      for (const transpose of [false, true]) {
        const f = (t: nb.Tensor, b: nb.Tensor): nb.Tensor => nb.linalg.solveTriangular(t, b, { upper, transpose });
        const r = nb.gradcheck(f, [wellConditioned(4, 10), randMat(4, 2, 11)]);
        expect(r.ok, `upper=${upper} transpose=${transpose}: ${r.maxError}`).toBe(true);
      }
    }
  });

  it('second derivatives through the VJP of inv (gradcheck of a gradient)', () => {
    // f(a) = sum(inv(a)) twice differentiated through inv's own VJP.
    const r = nb.gradcheck((a) => nb.grad((x: nb.Tensor) => nb.linalg.inv(x).sum(), { createGraph: true })(a), [wellConditioned(3, 12)]);
    expect(r.ok).toBe(true);
  });

  it('the matrix norms 1, Infinity and fro are differentiable', () => {
    const a = randMat(3, 4, 13);
    for (const ord of [1, Infinity, 'fro'] as const) expect(nb.gradcheck((x) => nb.linalg.norm(x, ord), [a]).ok).toBe(true);
  });
});
