import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { maxAbsDiff, randMat, spd } from './helpers.js';

const f64 = (x: nb.NestedArray): nb.Tensor => nb.tensor(x, { dtype: 'float64' });

describe('solve, inv, det', () => {
  it('solves a known system, with a vector or a matrix right-hand side', () => {
    expect(nb.linalg.solve(f64([[3, 1], [1, 2]]), f64([9, 8])).toArray()).toEqual([2, 3]);
    const x = nb.linalg.solve(f64([[3, 1], [1, 2]]), f64([[9, 1], [8, 2]]));
    expect(x.shape).toEqual([2, 2]);
    expect(maxAbsDiff(f64([[3, 1], [1, 2]]).matmul(x), f64([[9, 1], [8, 2]]))).toBeLessThan(1e-14);
  });

  it('solves random 200×200 systems to 1e-10 and broadcasts batches', () => {
    const a = randMat(200, 200, 1);
    const b = randMat(200, 3, 2);
    expect(maxAbsDiff(a.matmul(nb.linalg.solve(a, b)), b)).toBeLessThan(1e-10);
    const ab = nb.randn([4, 5, 5], { dtype: 'float64', generator: new nb.Generator(3) });
    const bb = randMat(5, 2, 4);
    const xb = nb.linalg.solve(ab, bb);
    expect(xb.shape).toEqual([4, 5, 2]);
    expect(maxAbsDiff(ab.matmul(xb), nb.broadcastTo(bb, [4, 5, 2]))).toBeLessThan(1e-12);
  });

  it('inverts: A·A⁻¹ = I, and the known 2×2 inverse', () => {
    const a = randMat(60, 60, 9);
    expect(maxAbsDiff(a.matmul(nb.linalg.inv(a)), nb.eye(60, 60, 'float64'))).toBeLessThan(1e-10);
    const i2 = nb.linalg.inv(f64([[4, 7], [2, 6]])).toArray() as number[][];
    [[0.6, -0.7], [-0.2, 0.4]].forEach((row, r) => row.forEach((v, c) => expect(i2[r]![c]).toBeCloseTo(v, 14)));
  });

  it('computes determinants: known values, batches, product of eigenvalues, singular = 0', () => {
    expect(nb.linalg.det(f64([[1, 2], [3, 4]])).item()).toBeCloseTo(-2, 14);
    expect(nb.linalg.det(f64([[1, 2], [2, 4]])).item()).toBe(0);
    const batch = nb.linalg.det(f64([[[2, 0], [0, 3]], [[0, 1], [1, 0]]]));
    expect(batch.toArray()).toEqual([6, -1]);
    const s = spd(6, 4);
    const w = Array.from(nb.linalg.eigvalsh(s).data());
    expect(nb.linalg.det(s).item() / w.reduce((a, b) => a * b, 1)).toBeCloseTo(1, 10);
    const { sign, logAbsDet } = nb.linalg.slogdet(f64([[1, 2], [3, 4]]));
    expect(sign.item()).toBe(-1);
    expect(logAbsDet.item()).toBeCloseTo(Math.log(2), 14);
  });

  it('factorises and solves batches: cholesky of [3, 4, 4], an unbatched a against batched b', () => {
    const mats = nb.stack([spd(4, 1), spd(4, 2), spd(4, 3)]);
    const l = nb.linalg.cholesky(mats);
    expect(l.shape).toEqual([3, 4, 4]);
    expect(maxAbsDiff(l.matmul(nb.transpose(l, [0, 2, 1])), mats)).toBeLessThan(1e-12);
    const a = randMat(4, 4, 5).add(nb.eye(4, 4, 'float64').mul(4));
    const b = nb.randn([3, 4, 2], { dtype: 'float64', generator: new nb.Generator(6) });
    const x = nb.linalg.solve(a, b);
    expect(x.shape).toEqual([3, 4, 2]);
    expect(maxAbsDiff(a.matmul(x), b)).toBeLessThan(1e-12);
    expect(nb.linalg.det(mats).shape).toEqual([3]);
  });

  it('keeps float32 in float32', () => {
    const a = nb.tensor([[3, 1], [1, 2]]);
    const x = nb.linalg.solve(a, nb.tensor([9, 8]));
    expect(x.dtype).toBe('float32');
    expect(Array.from(x.data())).toEqual([2, 3]);
    expect(nb.linalg.inv(a).dtype).toBe('float32');
  });

  it('solves triangular systems, plain and transposed', () => {
    const l = f64([[2, 0, 0], [1, 3, 0], [4, 5, 6]]);
    const b = f64([[1], [2], [3]]);
    const x = nb.linalg.solveTriangular(l, b);
    expect(maxAbsDiff(l.matmul(x), b)).toBeLessThan(1e-15);
    const xt = nb.linalg.solveTriangular(l, b, { transpose: true });
    expect(maxAbsDiff(l.T.matmul(xt), b)).toBeLessThan(1e-15);
    const xu = nb.linalg.solveTriangular(l.T, b, { upper: true });
    expect(maxAbsDiff(xu, xt)).toBeLessThan(1e-15);
  });
});

describe('lstsq, pinv, norm', () => {
  it('fits an exact line and reports zero residuals', () => {
    const a = f64([[1, 0], [1, 1], [1, 2], [1, 3]]);
    const { solution, residuals, rank } = nb.linalg.lstsq(a, f64([1, 3, 5, 7]));
    expect(rank).toBe(2);
    const s = solution.data();
    expect(s[0]).toBeCloseTo(1, 13);
    expect(s[1]).toBeCloseTo(2, 13);
    expect(residuals.item()).toBeLessThan(1e-24);
  });

  it('agrees with the normal equations on a noisy overdetermined system', () => {
    const a = randMat(50, 4, 12);
    const b = randMat(50, 2, 13);
    const { solution } = nb.linalg.lstsq(a, b);
    const normal = nb.linalg.solve(a.T.matmul(a), a.T.matmul(b));
    expect(maxAbsDiff(solution, normal)).toBeLessThan(1e-12);
  });

  it('gives the minimum-norm solution for rank-deficient and underdetermined systems', () => {
    const a = f64([[1, 1], [1, 1], [1, 1]]);
    const { solution, rank } = nb.linalg.lstsq(a, f64([2, 2, 2]));
    expect(rank).toBe(1);
    expect(solution.data()[0]).toBeCloseTo(1, 12);
    expect(solution.data()[1]).toBeCloseTo(1, 12);
    const wide = randMat(3, 6, 14);
    const bw = randMat(3, 1, 15);
    const xw = nb.linalg.lstsq(wide, bw).solution;
    expect(maxAbsDiff(wide.matmul(xw), bw)).toBeLessThan(1e-12);
    expect(maxAbsDiff(xw, nb.linalg.pinv(wide).matmul(bw))).toBeLessThan(1e-12);
  });

  it('computes matrix and vector norms', () => {
    const a = f64([[1, -2], [3, 4]]);
    expect(nb.linalg.norm(a).item()).toBeCloseTo(Math.sqrt(30), 14);
    expect(nb.linalg.norm(a, 'fro').item()).toBeCloseTo(Math.sqrt(30), 14);
    expect(nb.linalg.norm(a, 1).item()).toBe(6);
    expect(nb.linalg.norm(a, Infinity).item()).toBe(7);
    const s = Array.from(nb.linalg.svdvals(a).data());
    expect(nb.linalg.norm(a, 2).item()).toBeCloseTo(s[0]!, 14);
    expect(nb.linalg.norm(a, 'nuc').item()).toBeCloseTo(s[0]! + s[1]!, 14);
    expect(nb.linalg.norm(f64([3, 4])).item()).toBe(5);
    expect(nb.linalg.norm(a, 1, 1).toArray()).toEqual([3, 7]);
  });
});

describe('errors', () => {
  it('names singular matrices with their size', () => {
    expect(() => nb.linalg.solve(f64([[1, 2], [2, 4]]), f64([1, 1]))).toThrow(nb.DataError);
    expect(() => nb.linalg.inv(f64([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))).toThrow(/inv: a \(3×3\) is singular/);
  });

  it('rejects non-square, mismatched and non-SPD inputs', () => {
    expect(() => nb.linalg.inv(f64([[1, 2, 3], [4, 5, 6]]))).toThrow(nb.ShapeError);
    expect(() => nb.linalg.det(f64([1, 2]))).toThrow(/det: a must be a matrix/);
    expect(() => nb.linalg.solve(f64([[1, 0], [0, 1]]), f64([1, 2, 3]))).toThrow(nb.ShapeError);
    expect(() => nb.linalg.cholesky(f64([[1, 2], [2, 1]]))).toThrow(/not positive definite: pivot 2/);
    expect(() => nb.linalg.cholesky(f64([[2, 1], [0, 2]]))).toThrow(/not symmetric: a\[1,0\] = 0 but a\[0,1\] = 1/);
    expect(() => nb.linalg.cholesky(f64([[1, 0], [0, 1]]), { lower: true } as never)).toThrow(nb.ConfigError);
  });
});
