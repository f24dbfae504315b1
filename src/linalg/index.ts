/**
 * Linear algebra (`nb.linalg`), float32 and float64, batched over leading dimensions: solve, inv,
 * det, slogdet, cholesky and solveTriangular are differentiable; qr, eigh, svd, lu, lstsq and
 * pinv are not. The factorisations are kernels of the backend contract.
 *
 * @example
 * const a = nb.tensor([[4, 2], [2, 3]], { dtype: 'float64' });
 * nb.linalg.solve(a, [2, 1]);       // [0.5, 0]
 * nb.linalg.cholesky(a);            // L with L·Lᵀ = a
 * const { u, s, vt } = nb.linalg.svd(a);
 */
export { solve, inv, solveTriangular, type TriangularOptions } from './solve.js';
export { det, slogdet } from './det.js';
export { cholesky, type CholeskyOptions } from './cholesky.js';
export { qr, eigh, eigvalsh, svd, svdvals, lu } from './decompositions.js';
export { lstsq, pinv, matrixRank, type LstsqOptions, type LstsqResult } from './lstsq.js';
export { norm, type MatrixNormOrd } from './norm.js';
