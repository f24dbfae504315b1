/** The Cholesky factorisation A = L·Lᵀ of symmetric positive-definite matrices, differentiable. */
import { DataError } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike } from '../ops/create.js';
import * as p from '../primitives/index.js';
import { type Primitive, allocOut, apply } from '../primitives/primitive.js';
import { asFloat, matrixMask, mT, squareBatch, whichMatrix } from './util.js';
import { solveTriangular } from './solve.js';
import { checkOptions } from '../check.js';

const CHOLESKY: Primitive<void> = {
  name: 'cholesky',
  infer([a]) {
    squareBatch('cholesky', 'a', a!);
    return { shape: [...a!.shape], dtype: a!.dtype };
  },
  forward([a], _p, spec) {
    const b = squareBatch('cholesky', 'a', a!);
    const n = b.n;
    const d = a!.data();
    const tol = a!.dtype === 'float64' ? 1e-8 : 1e-4;
    for (let t = 0; t < b.batch; t++) {
      const o = t * n * n;
      let scale = 0;
      for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(d[o + i]!));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          const x = d[o + i * n + j]!;
          const y = d[o + j * n + i]!;
          if (Math.abs(x - y) > tol * scale) {
            throw new DataError(
              `cholesky: a (${n}×${n})${whichMatrix(b, t)} is not symmetric: a[${i},${j}] = ${x} but a[${j},${i}] = ${y}`,
            );
          }
        }
      }
    }
    const out = allocOut(spec);
    const info = new Int32Array(b.batch);
    kernels().cholesky(d, out, b.batch, n, info);
    for (let t = 0; t < b.batch; t++) {
      const k = info[t]!;
      if (k !== 0) {
        throw new DataError(
          `cholesky: a (${n}×${n})${whichMatrix(b, t)} is not positive definite: pivot ${k} ` +
            `(the leading ${k}×${k} minor) is not positive`,
        );
      }
    }
    return out;
  },
  vjp(g, ctx) {
    // Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹), Φ taking the lower triangle with the diagonal halved.
    const l = ctx.out;
    const n = l.shape[l.rank - 1]!;
    const phi = p.mul(p.matmulT(l, g, true, false), matrixMask(n, l.dtype, (i, j) => (j < i ? 1 : j === i ? 0.5 : 0)));
    const y = solveTriangular(l, phi, { transpose: true }); // L⁻ᵀ Φ
    const z = solveTriangular(l, mT(y), { transpose: true }); // (L⁻ᵀ Φ L⁻¹)ᵀ
    return [p.mul(p.add(z, mT(z)), p.scalarOf(0.5, z.dtype))];
  },
};

export interface CholeskyOptions {
  /** Return the upper factor U = Lᵀ (A = UᵀU) instead of L. Default false. */
  upper?: boolean;
}

/**
 * The lower-triangular L with A = L·Lᵀ, for a symmetric positive-definite A (or a batch of them).
 * Differentiable. Throws a DataError naming the failing pivot when A is not positive definite,
 * or the offending entries when it is not symmetric.
 * @example nb.linalg.cholesky([[4, 2], [2, 3]]) // [[2, 0], [1, 1.414…]]
 */
export function cholesky(a: TensorLike, options: CholeskyOptions = {}): Tensor {
  checkOptions('cholesky', options, ['upper']);
  const t = asFloat('cholesky', 'a', a);
  if (t.rank < 2) squareBatch('cholesky', 'a', t);
  const l = apply(CHOLESKY, [t], undefined);
  return options.upper ? mT(l) : l;
}
