/** Creating tensors: from JavaScript values and typed arrays, constants, ranges, identity, *Like variants. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

describe('nb.tensor', () => {
  it('infers shape from nested arrays; float32 by default', () => {
    const t = nb.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.ndim).toBe(2);
    expect(t.data()).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('takes each dtype; booleans make bool tensors stored as 0/1 bytes', () => {
    expect(nb.tensor([1.5, 2], { dtype: 'float64' }).data()).toBeInstanceOf(Float64Array);
    const i = nb.tensor([1.9, -1.9], { dtype: 'int32' });
    expect(i.data()).toBeInstanceOf(Int32Array);
    expect(i.toArray()).toEqual([1, -1]);
    const b = nb.tensor([true, false]);
    expect(b.dtype).toBe('bool');
    expect(b.data()).toBeInstanceOf(Uint8Array);
    expect(Array.from(b.data())).toEqual([1, 0]);
    expect(b.toArray()).toEqual([true, false]);
    expect(nb.tensor([0, 2], { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });

  it('from a number or boolean gives a 0-d tensor', () => {
    const s = nb.tensor(3);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.item()).toBe(3);
    expect(s.toArray()).toBe(3);
    expect(nb.tensor(true).toArray()).toBe(true);
    expect(nb.scalar(2, 'int32').dtype).toBe('int32');
  });

  it('from typed arrays keeps their type, with an optional shape; copies the data', () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = nb.tensor(src, { shape: [3, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([3, 2]);
    src[0] = 99;
    expect(t.data()[0]).toBe(1);
    expect(nb.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(nb.tensor(new Float32Array(3)).shape).toEqual([3]);
    expect(nb.tensor(new Uint8Array([0, 3]), { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });

  it('empty arrays give zero-size tensors', () => {
    expect(nb.tensor([]).shape).toEqual([0]);
    expect(nb.tensor([[], []]).shape).toEqual([2, 0]);
    expect(nb.tensor([[], []]).toArray()).toEqual([[], []]);
  });

  it('requiresGrad marks a leaf', () => {
    const t = nb.tensor([1, 2], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(t.grad).toBeNull();
  });

  it('data() is the storage itself; toArray() is a copy', () => {
    const t = nb.tensor([1, 2]);
    t.data()[1] = 5;
    expect(t.toArray()).toEqual([1, 5]);
    expect(t.dataSync()).toBe(t.data());
    const a = t.toArray() as number[];
    a[0] = 7;
    expect(t.data()[0]).toBe(1);
  });

  it('detach shares storage, drops history and grad', () => {
    const x = nb.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    expect(d.data()).toBe(y.data());
  });
});

describe('constants and ranges', () => {
  it('zeros, ones, full with dtype strings or options', () => {
    expect(nb.zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(nb.ones([3], 'int32').dtype).toBe('int32');
    expect(nb.ones([3], { dtype: 'float64' }).dtype).toBe('float64');
    expect(nb.full([2], 7.5).toArray()).toEqual([7.5, 7.5]);
    expect(nb.full([2], true).dtype).toBe('bool');
    expect(nb.zeros([]).shape).toEqual([]);
    expect(nb.zeros([3, 0]).size).toBe(0);
    expect(nb.ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('*Like variants copy shape and dtype unless told otherwise', () => {
    const t = nb.tensor([[1, 2]], { dtype: 'int32' });
    expect(nb.zerosLike(t).dtype).toBe('int32');
    expect(nb.onesLike(t).toArray()).toEqual([[1, 1]]);
    expect(nb.fullLike(t, 4, 'float64').dtype).toBe('float64');
    expect(nb.fullLike(t, 4).toArray()).toEqual([[4, 4]]);
  });

  it('arange as NumPy: int32 for integer arguments, float32 otherwise', () => {
    expect(nb.arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(nb.arange(5).dtype).toBe('int32');
    expect(nb.arange(2, 8, 3).toArray()).toEqual([2, 5]);
    expect(nb.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    const f = nb.arange(0, 1, 0.25);
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(nb.arange(3, undefined, 1, 'float64').dtype).toBe('float64');
    expect(nb.arange(5, 0).shape).toEqual([0]);
  });

  it('linspace includes both ends; eye is the identity', () => {
    expect(nb.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(nb.linspace(2, 2, 1).toArray()).toEqual([2]);
    expect(nb.linspace(0, 1, 0).shape).toEqual([0]);
    expect(nb.eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(nb.eye(2, 3, 'int32').toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});
