/** Reference batched matrix product, with loops ordered so the innermost one runs over contiguous memory. */
import type { MatmulParams } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';

export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, p: MatmulParams): void {
  const { batch, m, n, k, transA, transB, aOffsets, bOffsets } = p;
  const isInt = out instanceof Int32Array;
  for (let t = 0; t < batch; t++) {
    const ao = aOffsets[t]!;
    const bo = bOffsets[t]!;
    const oo = t * m * n;
    if (!transA && !transB) {
      // i-k-j: a row of A scales rows of B into a row of C.
      for (let i = 0; i < m; i++) {
        const orow = oo + i * n;
        for (let j = 0; j < n; j++) out[orow + j] = 0;
        for (let q = 0; q < k; q++) {
          const av = a[ao + i * k + q]!;
          const brow = bo + q * n;
          for (let j = 0; j < n; j++) out[orow + j]! += av * b[brow + j]!;
        }
      }
    } else if (!transA && transB) {
      // Dot products of rows of A with rows of B.
      for (let i = 0; i < m; i++) {
        const arow = ao + i * k;
        for (let j = 0; j < n; j++) {
          const brow = bo + j * k;
          let s = 0;
          for (let q = 0; q < k; q++) s += a[arow + q]! * b[brow + q]!;
          out[oo + i * n + j] = s;
        }
      }
    } else if (transA && !transB) {
      // A is [k, m]: k-i-j keeps B and C rows contiguous.
      for (let i = 0; i < m * n; i++) out[oo + i] = 0;
      for (let q = 0; q < k; q++) {
        const arow = ao + q * m;
        const brow = bo + q * n;
        for (let i = 0; i < m; i++) {
          const av = a[arow + i]!;
          const orow = oo + i * n;
          for (let j = 0; j < n; j++) out[orow + j]! += av * b[brow + j]!;
        }
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < k; q++) s += a[ao + q * m + i]! * b[bo + j * k + q]!;
          out[oo + i * n + j] = s;
        }
      }
    }
    if (isInt) for (let i = 0; i < m * n; i++) out[oo + i] = out[oo + i]! | 0;
  }
}
