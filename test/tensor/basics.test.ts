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

describe('the public names of DESIGN.md exist as written', () => {
  it('functions on nb', () => {
    for (const name of ['tensor', 'randn', 'ones', 'seed', 'grad', 'noGrad', 'gradcheck', 'hessian', 'valueAndGrad', 'softmax', 'logSoftmax', 'gather', 'oneHot']) {
      expect(typeof (nb as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
    for (const cls of [nb.Tensor, nb.NablaError, nb.ShapeError, nb.DTypeError, nb.ConfigError, nb.DataError, nb.Generator]) {
      expect(typeof cls).toBe('function');
    }
  });

  it('methods and properties on Tensor', () => {
    const x = nb.randn([2, 2], { requiresGrad: true });
    for (const name of ['matmul', 'relu', 'backward', 'add', 'square', 'mean', 'sum', 'detach', 'toArray', 'data', 'item', 'toString']) {
      expect(typeof (x as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
    expect('grad' in x).toBe(true);
    expect(x.grad).toBeNull();
  });

  it('nb.grad, nb.noGrad and nb.gradcheck work as the quick tour says', () => {
    const g = nb.grad((x: nb.Tensor) => x.pow(3).sum())(nb.tensor([2]));
    expect(g.toArray()).toEqual([12]);
    const y = nb.noGrad(() => nb.ones([2], { requiresGrad: true }).mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(nb.gradcheck((a, b) => a.mul(b).sin(), [nb.randn([3, 1]), nb.randn([4])]).ok).toBe(true);
  });
});
