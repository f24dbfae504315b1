import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { maxAbsDiff, randMat, spd } from './helpers.js';

const SIZES: [number, number][] = [
  [1, 1],
  [7, 3],
  [3, 7],
  [33, 33],
  [200, 200],
  [200, 57],
];

function orthonormalError(q: nb.Tensor): number {
  const k = q.shape[1]!;
  return maxAbsDiff(q.T.matmul(q), nb.eye(k, k, q.dtype));
}

describe('qr', () => {
  it.each(SIZES)('reconstructs a random %i×%i float64 matrix to 1e-10 with orthonormal Q and triangular R', (m, n) => {
    const a = randMat(m, n, m * 1000 + n);
    const { q, r } = nb.linalg.qr(a);
    const k = Math.min(m, n);
    expect(q.shape).toEqual([m, k]);
    expect(r.shape).toEqual([k, n]);
    expect(maxAbsDiff(q.matmul(r), a)).toBeLessThan(1e-10);
    expect(orthonormalError(q)).toBeLessThan(1e-10);
    const rd = r.toArray() as number[][];
    for (let i = 0; i < k; i++) {
      expect(rd[i]![i]!).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < Math.min(i, n); j++) expect(rd[i]![j]).toBe(0);
    }
  });

  it('works in float32 (to float32 accuracy) and over a batch', () => {
    const a = nb.randn([3, 6, 4], { generator: new nb.Generator(3) });
    const { q, r } = nb.linalg.qr(a);
    expect(q.dtype).toBe('float32');
    expect(q.shape).toEqual([3, 6, 4]);
    expect(maxAbsDiff(q.matmul(r), a)).toBeLessThan(1e-5);
  });
});

describe('svd', () => {
  it.each(SIZES)('reconstructs a random %i×%i float64 matrix as UΣVᵀ to 1e-10', (m, n) => {
    const a = randMat(m, n, m * 77 + n);
    const { u, s, vt } = nb.linalg.svd(a);
    const k = Math.min(m, n);
    expect(s.shape).toEqual([k]);
    expect(maxAbsDiff(u.mul(s).matmul(vt), a)).toBeLessThan(1e-10);
    expect(orthonormalError(u)).toBeLessThan(1e-10);
    expect(orthonormalError(vt.T)).toBeLessThan(1e-10);
    const sv = Array.from(s.data());
    for (let i = 1; i < sv.length; i++) expect(sv[i]!).toBeLessThanOrEqual(sv[i - 1]!);
  });

  it('handles rank-deficient matrices with an orthonormal U', () => {
    const x = randMat(6, 2, 5);
    const a = x.matmul(randMat(2, 4, 6)); // rank 2, 6×4
    const { u, s, vt } = nb.linalg.svd(a);
    const sv = s.data();
    expect(sv[2]!).toBeLessThan(1e-12);
    expect(orthonormalError(u)).toBeLessThan(1e-10);
    expect(maxAbsDiff(u.mul(s).matmul(vt), a)).toBeLessThan(1e-12);
    expect(nb.linalg.matrixRank(a)).toBe(2);
  });

  it('matches known singular values', () => {
    const s = nb.linalg.svdvals(nb.tensor([[3, 0], [4, 5]], { dtype: 'float64' }));
    expect(s.data()[0]).toBeCloseTo(Math.sqrt(45), 12);
    expect(s.data()[1]).toBeCloseTo(Math.sqrt(5), 12);
  });
});

describe('eigh', () => {
  it.each([1, 2, 9, 64, 200])('reconstructs a random symmetric n×n matrix (n = %i) as VΛVᵀ to 1e-10', (n) => {
    const x = randMat(n, n, n);
    const a = x.add(x.T);
    const { eigenvalues: w, eigenvectors: v } = nb.linalg.eigh(a);
    expect(maxAbsDiff(v.mul(w).matmul(v.T), a)).toBeLessThan(1e-10);
    expect(orthonormalError(v)).toBeLessThan(1e-10);
    const wv = Array.from(w.data());
    for (let i = 1; i < wv.length; i++) expect(wv[i]!).toBeGreaterThanOrEqual(wv[i - 1]!);
  });

  it('finds the eigenvalues of a known matrix, with repeated ones', () => {
    const w = nb.linalg.eigvalsh(nb.tensor([[2, 1, 0], [1, 2, 0], [0, 0, 3]], { dtype: 'float64' }));
    const got = Array.from(w.data());
    [1, 3, 3].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 12));
  });

  it('reads only the lower triangle', () => {
    const full = nb.linalg.eigvalsh(nb.tensor([[2, 1], [1, 2]], { dtype: 'float64' }));
    const lower = nb.linalg.eigvalsh(nb.tensor([[2, 99], [1, 2]], { dtype: 'float64' }));
    expect(maxAbsDiff(full, lower)).toBe(0);
  });
});

describe('cholesky and lu', () => {
  it.each([1, 5, 200])('LLᵀ reconstructs an n×n SPD matrix (n = %i) to 1e-10', (n) => {
    const a = spd(n, n + 11);
    const l = nb.linalg.cholesky(a);
    expect(maxAbsDiff(l.matmul(l.T), a)).toBeLessThan(1e-10);
    const ld = l.toArray() as number[][];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(ld[i]![j]).toBe(0);
    const u = nb.linalg.cholesky(a, { upper: true });
    expect(maxAbsDiff(u.T.matmul(u), a)).toBeLessThan(1e-10);
  });

  it('PLU reconstructs a random matrix', () => {
    const a = randMat(40, 40, 8);
    const { p, l, u } = nb.linalg.lu(a);
    expect(maxAbsDiff(p.matmul(l).matmul(u), a)).toBeLessThan(1e-12);
    expect(maxAbsDiff(p.matmul(p.T), nb.eye(40, 40, 'float64'))).toBe(0);
  });
});
