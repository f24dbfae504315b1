import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

describe('DESIGN.md example', () => {
  it('runs as written and gives x.grad of shape [4, 3]', () => {
    nb.seed(42);
    const x = nb.randn([4, 3], { requiresGrad: true });
    const loss = x.matmul(nb.ones([3, 2])).relu().square().mean();
    loss.backward();
    expect(x.grad).not.toBeNull();
    expect(x.grad!.shape).toEqual([4, 3]);
    // d/dx mean(relu(x·1)²) = 2·relu(s)/8 per row sum s, repeated over 2 output columns.
    const xs = x.toArray() as number[][];
    const g = x.grad!.toArray() as number[][];
    xs.forEach((row, i) => {
      const s = row.reduce((a, b) => a + b, 0);
      const expected = (2 * 2 * Math.max(s, 0)) / 8;
      for (const v of g[i]!) expect(v).toBeCloseTo(expected, 5);
    });
  });
});
