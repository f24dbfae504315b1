/** Tensor#backward: accumulation, retained and freed graphs, non-leaf gradients, shared subexpressions, dtypes. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { apply, type Primitive } from '../../src/primitives/primitive.js';

const leaf = (v: nb.NestedArray, dtype: nb.DType = 'float64') => nb.tensor(v, { dtype, requiresGrad: true });

describe('backward', () => {
  it('accumulates into .grad across two backward calls', () => {
    const x = leaf([1, 2]);
    x.mul(3).sum().backward();
    x.square().sum().backward();
    expect(x.grad!.toArray()).toEqual([3 + 2, 3 + 4]);
  });

  it('a second pass through a freed graph is a clear error; retainGraph keeps it', () => {
    const x = leaf([1, 2]);
    const y = x.exp().sum();
    y.backward();
    let err: unknown;
    try {
      y.backward();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(nb.NablaError);
    expect((err as nb.NablaError).code).toBe('E_GRAPH_FREED');
    expect((err as Error).message).toMatch(/backward: trying to go through the graph a second time.*pass \{ retainGraph: true \}/);

    const z = leaf([0, 1]);
    const w = z.exp().sum();
    w.backward({ retainGraph: true });
    w.backward();
    expect(z.grad!.toArray()).toEqual([2, 2 * Math.E]);
  });

  it('.grad of a non-leaf is null unless retainGrad()', () => {
    const x = leaf([1, 2]);
    const h = x.mul(2);
    const k = x.mul(3).retainGrad();
    h.add(k).square().sum().backward();
    expect(h.grad).toBeNull();
    expect(h.isLeaf).toBe(false);
    // d/dk Σ(h+k)² = 2(h+k) = 2·5x
    expect(k.grad!.toArray()).toEqual([10, 20]);
    expect(x.grad!.toArray()).toEqual([50, 100]);
  });

  it('gradients through shared subexpressions add up (x used three times)', () => {
    const x = leaf([2, -1]);
    x.mul(x).mul(x).sum().backward(); // 3x²
    expect(x.grad!.toArray()).toEqual([12, 3]);
    const y = leaf([1.5]);
    const s = y.sin();
    s.add(s).add(s.mul(y)).sum().backward(); // d/dy (2 sin y + y sin y)
    expect(y.grad!.item()).toBeCloseTo(2 * Math.cos(1.5) + Math.sin(1.5) + 1.5 * Math.cos(1.5), 14);
  });

  it('gradients through broadcasting sum back to each input shape', () => {
    const w = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = leaf([10, 20, 30]);
    const c = leaf([[1], [2]]);
    const s = leaf(2);
    w.add(b).mul(c).mul(s).sum().backward();
    expect(b.grad!.toArray()).toEqual([6, 6, 6]);
    expect(c.grad!.toArray()).toEqual([[2 * (6 + 60)], [2 * (15 + 60)]]);
    expect(w.grad!.toArray()).toEqual([
      [2, 2, 2],
      [4, 4, 4],
    ]);
    expect(s.grad!.item()).toBe(66 + 2 * 75);
  });

  it('an explicit gradient seeds a non-scalar output', () => {
    const x = leaf([1, 2, 3]);
    x.square().backward(nb.tensor([1, 0, -1], { dtype: 'float64' }));
    expect(x.grad!.toArray()).toEqual([2, 0, -6]);
  });

  it('a seed of another dtype is brought to the output dtype', () => {
    const x = leaf([1, 2], 'float32');
    x.backward(nb.tensor([0.5, 2], { dtype: 'float64' })); // the leaf is the output itself
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.toArray()).toEqual([0.5, 2]);
  });

  it('mixed float32/float64 graphs give each leaf a gradient of its own dtype', () => {
    const a = leaf([1, 2], 'float32');
    const b = leaf([3, 4], 'float64');
    const y = a.mul(b).sum();
    expect(y.dtype).toBe('float64');
    y.backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
    expect(a.grad!.toArray()).toEqual([3, 4]);
    expect(b.grad!.toArray()).toEqual([1, 2]);
    const c = leaf([0.5], 'float64');
    nb.cast(c, 'float32').mul(2).sum().backward();
    expect(c.grad!.dtype).toBe('float64');
  });

  it('gradients handed out never share storage (in-place updates of one leave the others alone)', () => {
    const a = leaf([1, 2]);
    const b = leaf([3, 4]);
    const seed = nb.tensor([1, 1], { dtype: 'float64' });
    a.add(b).backward(seed);
    expect(a.grad!.data()).not.toBe(b.grad!.data());
    expect(a.grad!.data()).not.toBe(seed.data());
    a.grad!.data()[0] = 100;
    expect(b.grad!.toArray()).toEqual([1, 1]);
    expect(seed.toArray()).toEqual([1, 1]);
    const [ga, gb] = nb.grad((p: nb.Tensor, q: nb.Tensor) => p.add(q).sum(), { argnums: [0, 1] })(nb.ones([2]), nb.ones([2]));
    expect(ga!.data()).not.toBe(gb!.data());
  });

  it('detach and noGrad cut the graph', () => {
    const x = leaf([3]);
    const y = x.mul(x.detach()).sum(); // only one path carries a gradient
    y.backward();
    expect(x.grad!.item()).toBe(3);
    const z = nb.noGrad(() => x.mul(2));
    expect(z.requiresGrad).toBe(false);
    expect(nb.noGrad(() => nb.isGradEnabled())).toBe(false);
    expect(nb.noGrad(() => nb.enableGrad(() => x.mul(2)).requiresGrad)).toBe(true);
    expect(nb.isGradEnabled()).toBe(true);
  });

  it('noGrad restores recording even when its function throws', () => {
    expect(() =>
      nb.noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(nb.isGradEnabled()).toBe(true);
  });

  it('a leaf as the loss itself gets gradient 1', () => {
    const x = leaf(4);
    x.backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('deep graphs (10 000 ops) do not overflow the stack', () => {
    const x = leaf([1]);
    let y = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(1.0001 ** 10000, 6);
  });

  it('the engine checks every gradient a primitive returns against its input shape', () => {
    const bad: Primitive<void> = {
      name: 'bad',
      infer: ([x]) => ({ shape: [...x!.shape], dtype: x!.dtype }),
      forward: ([x]) => x!.data().slice(),
      vjp: () => [nb.ones([7], 'float64')],
    };
    const x = leaf([1, 2, 3]);
    expect(() => apply(bad, [x], undefined).sum().backward()).toThrow(
      /^backward: the gradient of bad's input 0 has shape \[7\], expected \[3\]$/,
    );
  });

  it('nb.backward(t) is the functional spelling', () => {
    const x = leaf([1, 2]);
    nb.backward(x.square().sum());
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });
});
