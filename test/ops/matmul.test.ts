/** Matrix products against a naive triple loop: awkward sizes, transposes, broadcast batches, dtypes, 1-D rules. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { matmulT } from '../../src/primitives/matmul.js';
import { draw } from './op-db.js';
import { closeTo, refMatmul } from './ref.js';

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [7, 1, 33],
  [33, 7, 1],
  [7, 33, 17],
  [2, 0, 3],
];

describe('matmul values', () => {
  it.each(SIZES)('[%i,%i] @ [%i-wide] in float64 and float32', (m, k, n) => {
    const gen = new nb.Generator(m * 100 + k * 10 + n);
    const a = draw(gen, [m, k]);
    const b = draw(gen, [k, n]);
    const expected = refMatmul(a.data(), b.data(), m, k, n);
    const y = nb.matmul(a, b);
    expect(y.shape).toEqual([m, n]);
    const r = closeTo(y.data(), expected, 1e-14);
    expect(r.ok, r.worst).toBe(true);
    const y32 = nb.matmul(nb.cast(a, 'float32'), nb.cast(b, 'float32'));
    expect(y32.dtype).toBe('float32');
    const r32 = closeTo(y32.data(), expected, 1e-5);
    expect(r32.ok, r32.worst).toBe(true);
  });

  it.each([
    [false, true],
    [true, false],
    [true, true],
  ])('the kernel with transA=%s, transB=%s agrees with transposing first', (ta, tb) => {
    const gen = new nb.Generator(9);
    for (const [m, k, n] of SIZES) {
      const a = draw(gen, ta ? [k, m] : [m, k]);
      const b = draw(gen, tb ? [n, k] : [k, n]);
      const y = matmulT(a, b, ta, tb);
      const expected = nb.matmul(ta ? a.T : a, tb ? b.T : b);
      expect(y.shape).toEqual([m, n]);
      const r = closeTo(y.data(), expected.data(), 1e-14);
      expect(r.ok, r.worst).toBe(true);
    }
  });

  it('broadcasts batch dimensions on either side', () => {
    const gen = new nb.Generator(1);
    const a = draw(gen, [2, 1, 3, 4]);
    const b = draw(gen, [5, 4, 2]);
    const y = nb.matmul(a, b);
    expect(y.shape).toEqual([2, 5, 3, 2]);
    const A = a.toArray() as number[][][][];
    const B = b.toArray() as number[][][];
    const Y = y.toArray() as number[][][][];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 5; j++) {
        const expected = refMatmul(A[i]![0]!.flat(), B[j]!.flat(), 3, 4, 2);
        const r = closeTo(Y[i]![j]!.flat(), expected, 1e-14);
        expect(r.ok, r.worst).toBe(true);
      }
    expect(nb.matmul(nb.ones([3, 4]), nb.ones([6, 4, 2])).shape).toEqual([6, 3, 2]);
  });

  it('1-D operands follow NumPy: promoted, then the added axis removed', () => {
    const v = nb.tensor([1, 2, 3]);
    const m = nb.tensor([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(nb.matmul(v, m).toArray()).toEqual([4, 5]);
    expect(nb.matmul(m.T, v).toArray()).toEqual([4, 5]);
    expect(nb.matmul(v, v).toArray()).toBe(14);
    expect(nb.matmul(nb.ones([4, 2, 3]), v).shape).toEqual([4, 2]);
    expect(nb.dot(v, v).item()).toBe(14);
    expect(nb.outer(v, nb.tensor([1, -1])).toArray()).toEqual([
      [1, -1],
      [2, -2],
      [3, -3],
    ]);
  });

  it('int32 stays int32; mixed dtypes promote', () => {
    const a = nb.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'int32' },
    );
    const y = nb.matmul(a, a);
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([
      [7, 10],
      [15, 22],
    ]);
    const z = nb.matmul(a, nb.tensor([0.5, 0.25], { dtype: 'float64' }));
    expect(z.dtype).toBe('float64');
    expect(z.toArray()).toEqual([1, 2.5]);
    expect(nb.matmul(a, nb.ones([2, 1])).dtype).toBe('float32');
  });
});
