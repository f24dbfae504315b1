import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const count = (xs: ArrayLike<number>, v: number) => Array.from(xs).filter((u) => u === v).length;

describe('data.apportion', () => {
  it('gives floors or ceilings of the exact shares, summing to the total', () => {
    const counts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const parts = nb.data.apportion(8000, counts);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(8000);
    parts.forEach((p, i) => {
      const exact = (8000 * counts[i]!) / 10000;
      expect(p === Math.floor(exact) || p === Math.ceil(exact)).toBe(true);
    });
    expect(nb.data.apportion(3, [5, 5, 5])).toEqual([1, 1, 1]);
    expect(nb.data.apportion(2, [1, 3])).toEqual([0, 2]);
  });
});

describe('data.trainTestSplit', () => {
  const n = 103;
  const x = nb.reshape(nb.arange(0, n * 2, 1, 'float32'), [n, 2]);
  // classes of sizes 60, 30, 13
  const y = nb.tensor(Array.from({ length: n }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2)), { dtype: 'int32' });

  it('splits rows with their labels, test size rounded up, disjoint and complete', () => {
    const s = nb.data.trainTestSplit(x, y, { testSize: 0.25, seed: 1 });
    expect(s.test.x.shape).toEqual([26, 2]);
    expect(s.train.x.shape).toEqual([77, 2]);
    const all = [...s.trainIndex, ...s.testIndex].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
    const tx = s.test.x.toArray() as number[][];
    Array.from(s.testIndex).forEach((i, k) => expect(tx[k]).toEqual([2 * i, 2 * i + 1]));
    expect(s.test.y.dtype).toBe('int32');
  });

  it('stratifies exactly: each class gets the floor or ceiling of its share', () => {
    const s = nb.data.trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed: 2 });
    const nTest = Math.ceil(0.2 * n); // 21
    expect(s.testIndex.length).toBe(nTest);
    const sizes = [60, 30, 13];
    sizes.forEach((size, c) => {
      const got = count(s.test.y.data(), c);
      const exact = (nTest * size) / n;
      expect(got === Math.floor(exact) || got === Math.ceil(exact)).toBe(true);
      expect(count(s.train.y.data(), c)).toBe(size - got);
    });
  });

  it('is deterministic by seed and keeps order without shuffle', () => {
    const a = nb.data.trainTestSplit(x, y, { seed: 5 });
    const b = nb.data.trainTestSplit(x, y, { seed: 5 });
    expect(Array.from(a.testIndex)).toEqual(Array.from(b.testIndex));
    const c = nb.data.trainTestSplit(x, y, { testSize: 3, shuffle: false });
    expect(Array.from(c.testIndex)).toEqual([100, 101, 102]);
    const d = nb.data.trainTestSplit(x, y, { testSize: 0.1, shuffle: false, stratify: true });
    // 11 test samples: shares 6.41, 3.20, 1.39 → 7, 3, 1 (largest remainder); the last members of each class, in order
    expect(Array.from(d.testIndex)).toEqual([53, 54, 55, 56, 57, 58, 59, 87, 88, 89, 102]);
  });

  it('reports bad arguments', () => {
    expect(() => nb.data.trainTestSplit(x, nb.zeros([5]))).toThrow(/same number of samples.*\[103,2\].*\[5\]/);
    expect(() => nb.data.trainTestSplit(x, y, { testSize: 0 })).toThrow(/testSize/);
    expect(() => nb.data.trainTestSplit(x, y, { testSize: 103 })).toThrow(/leaves 103 test and 0 train/);
    expect(() => nb.data.trainTestSplit(x, y, { testsize: 0.2 } as never)).toThrow(/unknown option "testsize".*testSize/);
  });
});

describe('data.kFold and data.stratifiedKFold', () => {
  it('kFold covers every sample once as test, folds of near-equal size', () => {
    const folds = nb.data.kFold(23, 5, { shuffle: true, seed: 0 });
    expect(folds.length).toBe(5);
    expect(folds.map((f) => f.testIndex.length)).toEqual([5, 5, 5, 4, 4]);
    const tests = folds.flatMap((f) => Array.from(f.testIndex)).sort((a, b) => a - b);
    expect(tests).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const f of folds) {
      expect(f.trainIndex.length + f.testIndex.length).toBe(23);
      const inTest = new Set(f.testIndex);
      expect(Array.from(f.trainIndex).some((i) => inTest.has(i))).toBe(false);
    }
    expect(Array.from(nb.data.kFold(6, 3)[1]!.testIndex)).toEqual([2, 3]);
    expect(() => nb.data.kFold(3, 4)).toThrow(/k = 4 folds need at least 4 samples, got n = 3/);
    expect(() => nb.data.kFold(10, 1)).toThrow(nb.ConfigError);
  });

  it('stratifiedKFold keeps class counts within one of each other across folds', () => {
    const labels = Array.from({ length: 47 }, (_, i) => (i < 25 ? 0 : i < 40 ? 1 : 2)); // 25, 15, 7
    const folds = nb.data.stratifiedKFold(nb.tensor(labels, { dtype: 'int32' }), 4, { shuffle: true, seed: 3 });
    const tests = folds.flatMap((f) => Array.from(f.testIndex)).sort((a, b) => a - b);
    expect(tests).toEqual(Array.from({ length: 47 }, (_, i) => i));
    const sizes = folds.map((f) => f.testIndex.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const c of [0, 1, 2]) {
      const perFold = folds.map((f) => Array.from(f.testIndex).filter((i) => labels[i] === c).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      expect(perFold.reduce((a, b) => a + b, 0)).toBe(labels.filter((l) => l === c).length);
    }
    expect(() => nb.data.stratifiedKFold([0, 1.5], 2)).toThrow(/integers, got 1.5/);
  });
});
