import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

/** y = X·w + b + noise on seeded data (float64). */
function regressionData(n: number, d: number, seed: number): { x: nb.Tensor; y: nb.Tensor; w: number[]; b: number } {
  const gen = new nb.Generator(seed);
  const w = Array.from({ length: d }, () => gen.uniform(-2, 2));
  const b = 0.7;
  const x = nb.randn([n, d], { dtype: 'float64', generator: gen });
  const xd = x.data();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b + 0.1 * gen.normal();
    for (let j = 0; j < d; j++) s += w[j]! * xd[i * d + j]!;
    y[i] = s;
  }
  return { x, y: nb.tensor(y), w, b };
}

/** The closed form [w; b] = (AᵀA + αD)⁻¹Aᵀy with A = [X, 1], D = diag(1, …, 1, 0). */
function closedForm(x: nb.Tensor, y: nb.Tensor, alpha = 0): number[] {
  const n = x.shape[0]!;
  const d = x.shape[1]!;
  const a = nb.concat([x, nb.ones([n, 1], 'float64')], 1);
  const pen = nb.eye(d + 1, d + 1, 'float64').mul(alpha);
  pen.data()[d * (d + 1) + d] = 0;
  return Array.from(nb.linalg.solve(a.T.matmul(a).add(pen), a.T.matmul(y)).data());
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(tol);
}

describe('LinearRegression', () => {
  const { x, y, w, b } = regressionData(120, 4, 1);
  const exact = closedForm(x, y);

  it.each(['qr', 'cholesky', 'svd'] as const)('solver %s equals the closed form to 1e-9', (solver) => {
    const lr = new nb.ml.LinearRegression({ solver }).fit(x, y);
    expect(lr.coef.dtype).toBe('float64');
    expectClose([...lr.coef.data(), lr.intercept], exact, 1e-9);
    expectClose([...lr.coef.data(), lr.intercept], [...w, b], 0.05);
    expect(lr.score(x, y)).toBeGreaterThan(0.99);
  });

  it('gradient descent (the baby neural network) lands within 1e-3 of the closed form', () => {
    const lr = new nb.ml.LinearRegression({ solver: 'gd', learningRate: 0.1, maxIter: 20_000, tol: 1e-10 }).fit(x, y);
    expectClose([...lr.coef.data(), lr.intercept], exact, 1e-3);
    expect(lr.lossHistory[0]!).toBeGreaterThan(lr.lossHistory[lr.lossHistory.length - 1]!);
  });

  it("fits the notes' examples: heart rate → temperature z = 10x, concentration → effect z = 10x + 3", () => {
    const heart = new nb.ml.LinearRegression({ fitIntercept: false }).fit([[0.02], [0.04], [0.08]], [0.2, 0.4, 0.8]);
    expect(heart.coef.data()[0]).toBeCloseTo(10, 10);
    const effect = new nb.ml.LinearRegression({ solver: 'gd', learningRate: 0.5, maxIter: 200_000, tol: 1e-9 }).fit([[0.02], [0.04], [0.08]], [3.2, 3.4, 3.8]);
    expect(effect.coef.data()[0]).toBeCloseTo(10, 3);
    expect(effect.intercept).toBeCloseTo(3, 4);
    expect(Array.from(effect.predict([[0.1]]).data())[0]).toBeCloseTo(4, 3);
  });
});

describe('Ridge and Lasso', () => {
  const { x, y } = regressionData(80, 5, 2);

  it.each(['cholesky', 'svd'] as const)('Ridge (%s) equals the penalised closed form to 1e-9', (solver) => {
    const r = new nb.ml.Ridge({ alpha: 3, solver }).fit(x, y);
    expectClose([...r.coef.data(), r.intercept], closedForm(x, y, 3), 1e-9);
  });

  it('Ridge with alpha 0 on collinear columns falls back to the minimum-norm SVD solution', () => {
    const r = new nb.ml.Ridge({ alpha: 0 }).fit([[1, 1], [2, 2], [3, 3]], [2, 4, 6]);
    expectClose(r.coef.data(), [1, 1], 1e-9);
  });

  it('Ridge shrinks the coefficients as alpha grows, and alpha 0 is least squares', () => {
    const norms = [0, 10, 1000].map((alpha) => nb.linalg.norm(new nb.ml.Ridge({ alpha }).fit(x, y).coef).item());
    expect(norms[0]!).toBeGreaterThan(norms[1]!);
    expect(norms[1]!).toBeGreaterThan(norms[2]!);
    expectClose(new nb.ml.Ridge({ alpha: 0 }).fit(x, y).coef.data(), new nb.ml.LinearRegression().fit(x, y).coef.data(), 1e-9);
  });

  it('Lasso zeroes irrelevant features and matches least squares as alpha → 0', () => {
    const gen = new nb.Generator(3);
    const xs = nb.randn([200, 6], { dtype: 'float64', generator: gen });
    const xd = xs.data();
    const ys = Array.from({ length: 200 }, (_, i) => 3 * xd[i * 6]! - 2 * xd[i * 6 + 1]! + 0.05 * gen.normal());
    const lasso = new nb.ml.Lasso({ alpha: 0.1 }).fit(xs, ys);
    const c = Array.from(lasso.coef.data());
    expect(c.slice(2).every((v) => v === 0)).toBe(true);
    expect(c[0]!).toBeGreaterThan(2.5);
    expect(c[1]!).toBeLessThan(-1.5);
    const tiny = new nb.ml.Lasso({ alpha: 1e-8, tol: 1e-12, maxIter: 10_000 }).fit(xs, ys);
    expectClose(tiny.coef.data(), new nb.ml.LinearRegression().fit(xs, ys).coef.data(), 1e-6);
  });
});

describe('PolynomialFeatures', () => {
  it("expands in scikit-learn's order and names the columns", () => {
    const pf = new nb.ml.PolynomialFeatures({ degree: 2 });
    expect(pf.fitTransform([[2, 3]]).toArray()).toEqual([[1, 2, 3, 4, 6, 9]]);
    expect(pf.featureNames()).toEqual(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']);
    const inter = new nb.ml.PolynomialFeatures({ degree: 3, interactionOnly: true, includeBias: false }).fit([[1, 2, 3]]);
    expect(inter.featureNames(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a b', 'a c', 'b c', 'a b c']);
  });

  it('lets linear regression fit a cubic exactly', () => {
    const xs = Array.from({ length: 20 }, (_, i) => [i / 10 - 1]);
    const ys = xs.map(([t]) => 1 - 2 * t! + 0.5 * t! ** 3);
    const feats = new nb.ml.PolynomialFeatures({ degree: 3, includeBias: false }).fitTransform(xs);
    const lr = new nb.ml.LinearRegression().fit(feats, ys);
    expectClose(lr.coef.data(), [-2, 0, 0.5], 1e-10);
    expect(lr.intercept).toBeCloseTo(1, 10);
  });
});
