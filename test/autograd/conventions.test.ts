/**
 * Gradients at non-differentiable points follow PyTorch's conventions. (The generated gradchecks
 * keep away from these points; this file tests them directly.)
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

/** The gradient of Σ f(x) at the given points, as plain numbers. */
function gradAt(f: (x: nb.Tensor) => nb.Tensor, values: number[]): number[] {
  const g = nb.grad((x: nb.Tensor) => nb.sum(f(x)))(nb.tensor(values, { dtype: 'float64' }));
  return g.toArray() as number[];
}

describe("PyTorch's conventions at kinks and ties", () => {
  it("relu'(0) = 0", () => {
    expect(gradAt(nb.relu, [-1, 0, 1])).toEqual([0, 0, 1]);
  });

  it("abs'(0) = 0 and sign' = 0", () => {
    expect(gradAt(nb.abs, [-2, 0, 2])).toEqual([-1, 0, 1]);
    expect(gradAt((x) => nb.mul(nb.sign(x), x), [-2, 0, 3])).toEqual([-1, 0, 1]);
  });

  it("leakyRelu'(0) = alpha; elu'(0) = selu'(0)/scale = alpha", () => {
    expect(gradAt((x) => nb.leakyRelu(x, 0.2), [-1, 0, 1])).toEqual([0.2, 0.2, 1]);
    expect(gradAt((x) => nb.elu(x, 0.5), [0])).toEqual([0.5]);
    const [s] = gradAt(nb.selu, [0]);
    expect(s).toBeCloseTo(1.0507009873554805 * 1.6732632423543772, 14);
  });

  it('clip: gradient 1 inside the closed interval (bounds included), 0 outside', () => {
    expect(gradAt((x) => nb.clip(x, -1, 1), [-2, -1, 0, 1, 2])).toEqual([0, 1, 1, 1, 0]);
  });

  it('max and min reductions split the gradient evenly among ties', () => {
    expect(gradAt(nb.max, [1, 3, 3, 2])).toEqual([0, 0.5, 0.5, 0]);
    expect(gradAt(nb.min, [1, 1, 1, 2])).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    expect(gradAt((x) => nb.max(nb.reshape(x, [2, 2]), 1), [5, 5, 1, 2])).toEqual([0.5, 0.5, 0, 1]);
    expect(gradAt((x) => nb.norm(x, Infinity), [-3, 3, 1])).toEqual([-0.5, 0.5, 0]);
  });

  it('maximum and minimum split ties evenly between the two inputs', () => {
    const f = (a: nb.Tensor, b: nb.Tensor) => nb.maximum(a, b).sum();
    const [ga, gb] = nb.grad(f, { argnums: [0, 1] })(nb.tensor([1, 2, 3], { dtype: 'float64' }), nb.tensor([3, 2, 1], { dtype: 'float64' }));
    expect(ga!.toArray()).toEqual([0, 0.5, 1]);
    expect(gb!.toArray()).toEqual([1, 0.5, 0]);
    const g = (a: nb.Tensor, b: nb.Tensor) => nb.minimum(a, b).sum();
    const [ha, hb] = nb.grad(g, { argnums: [0, 1] })(nb.tensor([2], { dtype: 'float64' }), nb.tensor([2], { dtype: 'float64' }));
    expect([ha!.item(), hb!.item()]).toEqual([0.5, 0.5]);
  });

  it("the 2-norm's gradient at 0 is 0 (not NaN)", () => {
    expect(gradAt((x) => nb.norm(x), [0, 0])).toEqual([0, 0]);
    expect(gradAt((x) => nb.norm(x, 1), [0, -2])).toEqual([0, -1]);
  });

  it('prod with zeros: the gradient of a zero entry is the product of the others', () => {
    expect(gradAt(nb.prod, [2, 0, 3])).toEqual([0, 6, 0]);
    expect(gradAt(nb.prod, [0, 0, 3])).toEqual([0, 0, 0]);
  });

  it("pow: d/db a^b at a = 0 is 0; sqrt'(0) is +Infinity (as PyTorch)", () => {
    const g = nb.grad((b: nb.Tensor) => nb.pow(nb.tensor([0, 2], { dtype: 'float64' }), b).sum())(nb.tensor([2, 3], { dtype: 'float64' }));
    expect(g.toArray()).toEqual([0, 8 * Math.LN2]);
    expect(gradAt((x) => nb.pow(x, 2), [0, 3])).toEqual([0, 6]);
    expect(gradAt(nb.sqrt, [0])).toEqual([Infinity]);
  });

  it('floor, ceil and round pass no gradient', () => {
    expect(gradAt((x) => nb.add(nb.floor(x), x), [1.5])).toEqual([1]);
    expect(gradAt((x) => nb.mul(nb.round(x), x), [1.4])).toEqual([1]);
  });

  it('where sends the gradient only to the branch taken', () => {
    expect(gradAt((x) => nb.where(nb.greater(x, 0), nb.mul(x, 3), nb.mul(x, -1)), [-1, 0, 1])).toEqual([-1, -1, 3]);
  });

  it('softplus is smooth across its linear threshold at 20', () => {
    const [a, b, c] = gradAt(nb.softplus, [19.999, 20, 20.001]);
    for (const v of [a, b, c]) expect(v).toBeCloseTo(1, 8);
  });

  it('logSumExp and softmax stay finite for huge and -Infinity inputs', () => {
    expect(gradAt(nb.logSumExp, [1000, 1000])).toEqual([0.5, 0.5]);
    expect(gradAt(nb.logSumExp, [0, -Infinity])).toEqual([1, 0]);
    const g = gradAt((x) => nb.mul(nb.logSoftmax(x), nb.tensor([1, 0], { dtype: 'float64' })), [1000, 0]);
    expect(g[0]).toBeCloseTo(0, 12);
    expect(g[1]).toBeCloseTo(0, 12);
  });
});
