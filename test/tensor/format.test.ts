/** toString prints values, shape and dtype as NumPy/PyTorch users expect. */
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as nb from 'nabla';

describe('toString', () => {
  it('2-D float tensors in aligned rows', () => {
    expect(
      nb
        .tensor([
          [1, -2.5],
          [3.25, 4],
        ])
        .toString(),
    ).toMatchInlineSnapshot(`
      "tensor([[ 1.0000, -2.5000],
              [ 3.2500,  4.0000]], shape=[2,2], dtype=float32)"
    `);
  });

  it('integral floats end with a dot, ints do not', () => {
    expect(nb.tensor([1, 20, 3]).toString()).toBe('tensor([ 1., 20.,  3.], shape=[3], dtype=float32)');
    expect(nb.tensor([1, 20, -3], { dtype: 'int32' }).toString()).toBe('tensor([ 1, 20, -3], shape=[3], dtype=int32)');
  });

  it('0-d tensors print the bare value', () => {
    expect(nb.tensor(3.5).toString()).toBe('tensor(3.5000, shape=[], dtype=float32)');
    expect(nb.tensor(7, { dtype: 'int32' }).toString()).toBe('tensor(7, shape=[], dtype=int32)');
    expect(nb.tensor(true).toString()).toBe('tensor(true, shape=[], dtype=bool)');
  });

  it('bool tensors print true/false', () => {
    expect(nb.tensor([true, false]).toString()).toBe('tensor([ true, false], shape=[2], dtype=bool)');
    expect(nb.tensor([true, true]).toString()).toBe('tensor([true, true], shape=[2], dtype=bool)');
  });

  it('scientific notation for very large, very small or widely spread values', () => {
    expect(nb.tensor([1e-5, 1, 1000]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00, 1.0000e+03], shape=[3], dtype=float32)');
    expect(nb.tensor([1e10, 1], { dtype: 'float64' }).toString()).toBe('tensor([1.0000e+10, 1.0000e+00], shape=[2], dtype=float64)');
    expect(nb.tensor([1.5e-7]).toString()).toMatch(/1\.5000e-07/);
  });

  it('NaN and infinities', () => {
    expect(nb.tensor([NaN, -Infinity, 1.5]).toString()).toBe('tensor([      NaN, -Infinity,    1.5000], shape=[3], dtype=float32)');
  });

  it('empty tensors', () => {
    expect(nb.zeros([0]).toString()).toBe('tensor([], shape=[0], dtype=float32)');
    expect(nb.zeros([2, 0]).toString()).toBe('tensor([], shape=[2,0], dtype=float32)');
  });

  it('elides the middle of large tensors with ...', () => {
    const s = nb.arange(2000).reshape([40, 50]).toString();
    expect(s).toMatchInlineSnapshot(`
      "tensor([[   0,    1,    2, ...,   47,   48,   49],
              [  50,   51,   52, ...,   97,   98,   99],
              [ 100,  101,  102, ...,  147,  148,  149],
              ...,
              [1850, 1851, 1852, ..., 1897, 1898, 1899],
              [1900, 1901, 1902, ..., 1947, 1948, 1949],
              [1950, 1951, 1952, ..., 1997, 1998, 1999]], shape=[40,50], dtype=int32)"
    `);
    const long = nb.arange(0, 5000, 1, 'float32').toString();
    expect(long).toBe('tensor([   0.,    1.,    2., ..., 4997., 4998., 4999.], shape=[5000], dtype=float32)');
  });

  it('3-D tensors separate blocks with a blank line', () => {
    expect(nb.arange(8).reshape([2, 2, 2]).toString()).toMatchInlineSnapshot(`
      "tensor([[[0, 1],
               [2, 3]],

              [[4, 5],
               [6, 7]]], shape=[2,2,2], dtype=int32)"
    `);
  });

  it("console.log shows the values (Node's inspect hook)", () => {
    expect(inspect(nb.tensor([1, 2]))).toBe('tensor([1., 2.], shape=[2], dtype=float32)');
    expect(String(nb.tensor([1, 2]))).toBe('tensor([1., 2.], shape=[2], dtype=float32)');
  });
});
