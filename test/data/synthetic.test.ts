import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const rows = (t: nb.Tensor) => t.toArray() as number[][];
const counts = (y: nb.Tensor, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (const v of y.data()) c[v]!++;
  return c;
};

describe('synthetic classification sets', () => {
  it('xor without noise is the truth table', () => {
    const { x, y } = nb.datasets.xor({ n: 4, noise: 0, shuffle: false });
    expect(x.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(y.toArray()).toEqual([0, 1, 1, 0]);
    expect(y.dtype).toBe('int32');
  });

  it('circles put class 0 on the unit circle and class 1 at radius factor', () => {
    const { x, y } = nb.datasets.circles({ n: 101, noise: 0, factor: 0.3, seed: 0 });
    expect(counts(y, 2)).toEqual([50, 51]);
    rows(x).forEach((p, i) => expect(Math.hypot(p[0]!, p[1]!)).toBeCloseTo(y.data()[i] === 0 ? 1 : 0.3, 5));
  });

  it('moons lie on two half circles', () => {
    const { x, y } = nb.datasets.moons({ n: 40, noise: 0, seed: 0 });
    rows(x).forEach((p, i) => {
      const [cx, cy] = y.data()[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(p[0]! - cx, p[1]! - cy)).toBeCloseTo(1, 5);
    });
  });

  it('spiral has one arm per class, radius growing to 1', () => {
    const { x, y } = nb.datasets.spiral({ n: 90, classes: 3, noise: 0, shuffle: false });
    expect(counts(y, 3)).toEqual([30, 30, 30]);
    const p = rows(x);
    expect(Math.hypot(p[29]![0]!, p[29]![1]!)).toBeCloseTo(1, 5);
    expect(Math.hypot(p[0]![0]!, p[0]![1]!)).toBeCloseTo(1 / 30, 5);
  });

  it('blobs scatter around their centres with std = noise', () => {
    const { x, y, centers } = nb.datasets.blobs({ n: 3000, centers: [[0, 0], [10, 10], [-10, 5]], noise: 0.5, seed: 4 });
    expect(counts(y, 3)).toEqual([1000, 1000, 1000]);
    expect(centers.toArray()).toEqual([[0, 0], [10, 10], [-10, 5]]);
    const p = rows(x);
    for (let c = 0; c < 3; c++) {
      const pts = p.filter((_, i) => y.data()[i] === c);
      const mx = pts.reduce((a, q) => a + q[0]!, 0) / pts.length;
      const sd = Math.sqrt(pts.reduce((a, q) => a + (q[0]! - mx) ** 2, 0) / pts.length);
      expect(mx).toBeCloseTo((centers.toArray() as number[][])[c]![0]!, 0);
      expect(Math.abs(sd - 0.5)).toBeLessThan(0.05);
    }
    expect(nb.datasets.blobs({ centers: 4, features: 3, seed: 1 }).x.shape).toEqual([200, 3]);
  });

  it('is reproducible by seed or by nb.seed, and checks options', () => {
    expect(nb.datasets.moons({ seed: 3 }).x.toArray()).toEqual(nb.datasets.moons({ seed: 3 }).x.toArray());
    nb.seed(9);
    const a = nb.datasets.spiral().x.toArray();
    nb.seed(9);
    expect(nb.datasets.spiral().x.toArray()).toEqual(a);
    expect(() => nb.datasets.moons({ n: 0 })).toThrow(/n must be an integer ≥ 1, got 0/);
    expect(() => nb.datasets.circles({ factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
    expect(() => nb.datasets.xor({ nosie: 0.1 } as never)).toThrow(/unknown option "nosie"; valid options are n, noise/);
  });
});

describe('synthetic regression sets', () => {
  it('linear data follow y = x·coef + bias', () => {
    const { x, y, coef, bias } = nb.datasets.linear({ n: 50, coef: [1.8], bias: 32, xRange: [-40, 40], noise: 0, seed: 1 });
    expect([coef, bias]).toEqual([[1.8], 32]);
    expect(x.shape).toEqual([50, 1]);
    expect(y.shape).toEqual([50, 1]);
    rows(x).forEach((p, i) => expect(y.data()[i]).toBeCloseTo(1.8 * p[0]! + 32, 3));
    const multi = nb.datasets.linear({ n: 10, features: 3, seed: 2 });
    expect(multi.x.shape).toEqual([10, 3]);
    expect(multi.coef.length).toBe(3);
  });

  it('polynomial data follow the returned coefficients, with noise of the given size', () => {
    const { x, y, coef } = nb.datasets.polynomial({ n: 2000, degree: 2, noise: 0.2, seed: 5 });
    expect(coef.length).toBe(3);
    const resid = rows(x).map((p, i) => y.data()[i]! - (coef[0]! + coef[1]! * p[0]! + coef[2]! * p[0]! ** 2));
    const sd = Math.sqrt(resid.reduce((a, r) => a + r * r, 0) / resid.length);
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.02);
    expect(() => nb.datasets.polynomial({ degree: 2, coef: [1, 2] })).toThrow(/degree \(2\) differs from coef.length - 1 \(1\)/);
  });
});
