/** Function transformations: grad, valueAndGrad (argnums), noGrad, and gradcheck itself. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

type T = nb.Tensor;
const f64 = (v: nb.NestedArray) => nb.tensor(v, { dtype: 'float64' });

describe('grad and valueAndGrad', () => {
  it('grad(f)(x) is the gradient of a scalar function', () => {
    expect(nb.grad((x: T) => x.pow(3).sum())(f64([2])).toArray()).toEqual([12]);
  });

  it('valueAndGrad returns the value too', () => {
    const [v, g] = nb.valueAndGrad((w: T) => w.square().sum())(f64([1, 2]));
    expect(v.item()).toBe(5);
    expect((g as T).toArray()).toEqual([2, 4]);
  });

  it('argnums picks one argument or several; other arguments may be anything', () => {
    const f = (a: T, b: T, scale: number) => a.mul(b).sum().mul(scale);
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    expect(nb.grad(f, { argnums: 1 })(a, b, 2).toArray()).toEqual([2, 4]);
    const [ga, gb] = nb.grad(f, { argnums: [0, 1] })(a, b, 2);
    expect(ga!.toArray()).toEqual([6, 8]);
    expect(gb!.toArray()).toEqual([2, 4]);
  });

  it('an argument the function ignores gets a zero gradient', () => {
    const [, gb] = nb.grad((a: T, _b: T) => a.sum(), { argnums: [0, 1] })(f64([1]), f64([1, 2]));
    expect(gb!.toArray()).toEqual([0, 0]);
    expect(nb.grad((_a: T) => f64(3))(f64([1])).toArray()).toEqual([0]);
  });

  it("does not touch the arguments' .grad, and gives a plain gradient for a parameter at top level", () => {
    const w = nb.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const g = nb.grad((p: T) => p.square().sum())(w);
    expect(w.grad).toBeNull();
    expect(g.requiresGrad).toBe(false);
    expect(g.toArray()).toEqual([2, 4]);
    // createGraph on request, as PyTorch's autograd.grad(create_graph=True).
    const h = nb.grad((p: T) => p.square().sum(), { createGraph: true })(w);
    expect(h.requiresGrad).toBe(true);
  });

  it("with respect to an intermediate tensor, leaves the caller's graph usable", () => {
    const x = nb.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const h = x.mul(3);
    const g = nb.grad((v: T) => v.square().sum(), { createGraph: false })(h);
    expect(g.toArray()).toEqual([6, 12]);
    h.sum().backward(); // h's own history must not have been freed
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  it('float32 arguments give float32 gradients', () => {
    const g = nb.grad((x: T) => x.square().sum())(nb.tensor([1.5]));
    expect(g.dtype).toBe('float32');
    expect(g.toArray()).toEqual([3]);
  });
});

describe('gradcheck', () => {
  it('passes a correct gradient and reports how much it checked', () => {
    const r = nb.gradcheck((a, b) => a.mul(b).sin(), [nb.randn([3, 1]), nb.randn([4])]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBe(7);
    expect(r.maxError).toBeLessThan(1e-8);
  });

  it('catches a wrong gradient and says where', () => {
    // Only one of the two paths carries a gradient: analytic x, true 2x.
    const r = nb.gradcheck((x) => x.detach().mul(x), [f64([1, 3])]);
    expect(r.ok).toBe(false);
    expect(r.maxError).toBeGreaterThan(0.1);
    // The output is projected on a random direction w: analytic w·x against numeric 2w·x.
    expect(r.worst).toMatchObject({ input: 0, index: 1 });
    expect(r.worst!.numeric).toBeCloseTo(2 * r.worst!.analytic, 6);
  });

  it('passes non-float inputs through unchanged', () => {
    const r = nb.gradcheck((x, idx) => nb.gather(x, idx).square(), [f64([1, 2, 3]), nb.tensor([2, 2, 0], { dtype: 'int32' })]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBe(3);
  });

  it('rejects unknown options', () => {
    expect(() => nb.gradcheck((x) => x, [f64([1])], { epsilon: 1 } as nb.GradcheckOptions)).toThrow(
      'gradcheck: unknown option "epsilon"; valid options are eps, tol, seed',
    );
  });
});
