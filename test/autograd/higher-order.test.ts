/**
 * Done-when 3: second derivatives against closed forms and finite differences of the gradient
 * (float64); nb.hessian of a quadratic form; backward({ createGraph: true }).
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { draw } from '../ops/op-db.js';

type T = nb.Tensor;
const f64 = (v: nb.NestedArray) => nb.tensor(v, { dtype: 'float64' });
const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** Elementwise second derivative of f via grad(grad): d/dx Σ f'(x) (the Hessian of Σ f is diagonal). */
function secondDerivative(f: (x: T) => T, xs: number[]): number[] {
  const df = nb.grad((x: T) => f(x).sum());
  const d2f = nb.grad((x: T) => df(x).sum());
  return d2f(f64(xs)).toArray() as number[];
}

const POINTS = [-2.5, -0.7, 0.1, 1.3, 3];
const SECOND: [string, (x: T) => T, (x: number) => number, number[]][] = [
  ['tanh', nb.tanh, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2), POINTS],
  ['sigmoid', nb.sigmoid, (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)), POINTS],
  ['exp', nb.exp, Math.exp, POINTS],
  ['log', nb.log, (x) => -1 / (x * x), [0.2, 0.7, 1.3, 3]],
  ['softplus', nb.softplus, (x) => sig(x) * (1 - sig(x)), POINTS],
  ['sin', nb.sin, (x) => -Math.sin(x), POINTS],
  ['sqrt', nb.sqrt, (x) => -0.25 * x ** -1.5, [0.2, 1.3, 3]],
  ['gelu', (x) => nb.gelu(x), (x) => {
    const phi = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    return phi * (2 - x * x);
  }, POINTS],
  ['pow 3', (x) => nb.pow(x, 3), (x) => 6 * x, POINTS],
];

describe('second derivatives match closed forms (grad of grad)', () => {
  it.each(SECOND)('%s', (_name, f, ref, xs) => {
    const got = secondDerivative(f, xs);
    xs.forEach((x, i) => expect(got[i]).toBeCloseTo(ref(x), 10));
  });

  it('third derivative: grad(grad(grad(x⁴))) = 24x', () => {
    const d = (f: (x: T) => T) => nb.grad((x: T) => f(x).sum());
    const d3 = d(d(d((x) => nb.pow(x, 4))));
    expect(d3(f64([0.5, -2])).toArray()).toEqual([12, -48]);
  });

  it('grad of a scalar function of a 0-d tensor nests directly', () => {
    const f = (x: T) => nb.tanh(x);
    const d2 = nb.grad(nb.grad(f));
    const x = 0.3;
    expect(d2(f64(x)).item()).toBeCloseTo(-2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2), 14);
  });
});

describe('backward({ createGraph: true })', () => {
  it('leaves a differentiable .grad', () => {
    const x = nb.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    x.pow(3).sum().backward({ createGraph: true });
    const g = x.grad!;
    expect(g.toArray()).toEqual([3, 12]);
    expect(g.requiresGrad).toBe(true);
    x.grad = null;
    g.sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 12]);
  });

  it('gives a gradient-penalty term its own gradient (as in WGAN-GP)', () => {
    // penalty(w) = (‖∇ₓ(w·x)‖ - 1)² = (‖w‖ - 1)², so d/dw = 2(‖w‖ - 1)·w/‖w‖.
    const w = nb.tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const x = nb.tensor([0.5, -1], { dtype: 'float64', requiresGrad: true });
    const out = w.mul(x).sum();
    out.backward({ createGraph: true });
    const gx = x.grad!;
    w.grad = null;
    nb.norm(gx).sub(1).square().backward();
    const [g0, g1] = w.grad!.toArray() as number[];
    expect(g0).toBeCloseTo((2 * 4 * 3) / 5, 14);
    expect(g1).toBeCloseTo((2 * 4 * 4) / 5, 14);
  });
});

describe('nb.hessian', () => {
  it('of a quadratic form xᵀAx is A + Aᵀ', () => {
    const gen = new nb.Generator(21);
    const A = draw(gen, [4, 4]);
    const x = draw(gen, [4]);
    const H = nb.hessian((v: T) => v.matmul(A).mul(v).sum(), x);
    expect(H.shape).toEqual([4, 4]);
    const expected = A.add(A.T).toArray() as number[][];
    (H.toArray() as number[][]).forEach((row, i) => row.forEach((h, j) => expect(h).toBeCloseTo(expected[i]![j]!, 13)));
  });

  it("of a small MLP's loss matches finite differences of the gradient, and is symmetric", () => {
    // Parameters packed in one vector: w1 [3,4], b1 [4], w2 [4,2] (24 numbers).
    const gen = new nb.Generator(5);
    const X = draw(gen, [6, 3]);
    const labels = nb.oneHot([0, 1, 1, 0, 1, 0], 2, { dtype: 'float64' });
    const loss = (p: T): T => {
      const w1 = nb.reshape(nb.slice(p, [0], [12]), [3, 4]);
      const b1 = nb.slice(p, [12], [4]);
      const w2 = nb.reshape(nb.slice(p, [16], [8]), [4, 2]);
      const logits = nb.tanh(X.matmul(w1).add(b1)).matmul(w2);
      return nb.neg(nb.mean(nb.sum(nb.mul(labels, nb.logSoftmax(logits)), 1)));
    };
    const p0 = draw(gen, [24], { low: -1, high: 1 });
    const H = nb.hessian(loss, p0);
    expect(H.shape).toEqual([24, 24]);
    const Hd = H.data();
    const g = nb.grad(loss);
    const eps = 1e-5;
    let maxErr = 0;
    for (let j = 0; j < 24; j++) {
      const plus = p0.toArray() as number[];
      const minus = p0.toArray() as number[];
      plus[j]! += eps;
      minus[j]! -= eps;
      const gp = g(f64(plus)).data();
      const gm = g(f64(minus)).data();
      for (let i = 0; i < 24; i++) {
        const fd = (gp[i]! - gm[i]!) / (2 * eps);
        maxErr = Math.max(maxErr, Math.abs(Hd[i * 24 + j]! - fd));
        expect(Hd[i * 24 + j]).toBeCloseTo(Hd[j * 24 + i]!, 12);
      }
    }
    expect(maxErr).toBeLessThan(1e-7);
    expect(nb.norm(H).item()).toBeGreaterThan(0.01); // not trivially zero
  });
});

describe('jacobian', () => {
  it('of an elementwise map is diagonal; of a linear map is the matrix', () => {
    const x = f64([0.5, -1]);
    const J = nb.jacobian((v) => nb.exp(v), x);
    expect(J.toArray()).toEqual([
      [Math.exp(0.5), 0],
      [0, Math.exp(-1)],
    ]);
    const M = f64([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(nb.jacobian((v) => M.matmul(v), x).toArray()).toEqual(M.toArray());
  });
});
