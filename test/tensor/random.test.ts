/** Random tensors: every draw follows nb.seed, the generator is reproducible and its distributions are right. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const draws = (): number[][] => [
  Array.from(nb.rand([5]).data()),
  Array.from(nb.randn([5]).data()),
  Array.from(nb.randint(0, 100, [5]).data()),
  Array.from(nb.truncatedNormal([5]).data()),
  Array.from(nb.randLike(nb.zeros([2])).data()),
  Array.from(nb.randnLike(nb.zeros([2])).data()),
  Array.from(nb.randintLike(nb.zeros([2]), 0, 9).data()),
];

describe('seeding', () => {
  it('nb.seed(n) makes every random creation function reproducible', () => {
    nb.seed(123);
    const a = draws();
    nb.seed(123);
    const b = draws();
    expect(b).toEqual(a);
    nb.seed(124);
    const c = draws();
    expect(c[0]).not.toEqual(a[0]);
    expect(c[1]).not.toEqual(a[1]);
  });

  it('an explicit generator is independent of the global one', () => {
    const g1 = new nb.Generator(5);
    const g2 = new nb.Generator(5);
    nb.seed(1);
    const x = nb.randn([4], { generator: g1 });
    nb.randn([100]); // advancing the global stream changes nothing for g2
    const y = nb.randn([4], { generator: g2 });
    expect(y.toArray()).toEqual(x.toArray());
  });

  it('getState/setState resume the same stream', () => {
    const g = new nb.Generator(9);
    g.normal(); // leaves a spare normal in the state
    const s = g.getState();
    const a = [g.normal(), g.random(), g.normal()];
    const h = new nb.Generator(0);
    h.setState(s);
    expect([h.normal(), h.random(), h.normal()]).toEqual(a);
  });
});

describe('distributions', () => {
  it('rand is uniform in [low, high)', () => {
    const x = nb.rand([20000], { low: -2, high: 3, generator: new nb.Generator(1) });
    const d = Array.from(x.data());
    expect(Math.min(...d)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...d)).toBeLessThan(3);
    expect(nb.mean(x).item()).toBeCloseTo(0.5, 1);
    expect(nb.variance(x).item()).toBeCloseTo(25 / 12, 1);
  });

  it('randn has the requested mean and std; float64 on request', () => {
    const x = nb.randn([20000], { mean: 3, std: 2, dtype: 'float64', generator: new nb.Generator(2) });
    expect(x.dtype).toBe('float64');
    expect(nb.mean(x).item()).toBeCloseTo(3, 1);
    expect(nb.std(x).item()).toBeCloseTo(2, 1);
  });

  it('truncatedNormal stays within two standard deviations', () => {
    const x = nb.truncatedNormal([5000], { std: 0.5, generator: new nb.Generator(3) });
    expect(nb.max(nb.abs(x)).item()).toBeLessThanOrEqual(1);
  });

  it('randint covers [low, high) and only that', () => {
    const x = nb.randint(-2, 3, [5000], { generator: new nb.Generator(4) });
    expect(x.dtype).toBe('int32');
    const seen = new Set(Array.from(x.data()));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('permutation and shuffle are permutations', () => {
    const g = new nb.Generator(8);
    const p = Array.from(g.permutation(50));
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(p).not.toEqual([...Array(50).keys()]);
    expect(g.choice([1, 2, 3], 3).sort()).toEqual([1, 2, 3]);
  });
});
