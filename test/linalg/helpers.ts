/** Small helpers shared by the linear-algebra tests. */
import * as nb from 'nabla';

/** A seeded random float64 matrix with entries N(0, 1). */
export function randMat(m: number, n: number, seed: number, dtype: nb.DType = 'float64'): nb.Tensor {
  return nb.randn([m, n], { dtype, generator: new nb.Generator(seed) });
}

/** A well-conditioned symmetric positive-definite matrix X·Xᵀ + n·I. */
export function spd(n: number, seed: number, dtype: nb.DType = 'float64'): nb.Tensor {
  const x = randMat(n, n, seed, dtype);
  return x.matmul(x.T).add(nb.eye(n, n, dtype).mul(n));
}

/** Largest absolute elementwise difference. */
export function maxAbsDiff(a: nb.Tensor, b: nb.Tensor): number {
  expectSameShape(a, b);
  const x = a.data();
  const y = b.data();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function expectSameShape(a: nb.Tensor, b: nb.Tensor): void {
  if (a.shape.join(',') !== b.shape.join(',')) throw new Error(`shapes differ: [${a.shape}] vs [${b.shape}]`);
}
