/** dtype rules: int32/bool arithmetic and PyTorch-like promotion, with weak Python-style scalars. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const i32 = (v: nb.NestedArray) => nb.tensor(v, { dtype: 'int32' });

describe('promotion', () => {
  it('the promotion lattice: bool < int32 < float32 < float64', () => {
    expect(nb.promoteTypes('bool', 'int32')).toBe('int32');
    expect(nb.promoteTypes('int32', 'float32')).toBe('float32');
    expect(nb.promoteTypes('float32', 'float64')).toBe('float64');
    expect(nb.promoteTypes('bool', 'bool')).toBe('bool');
  });

  it('int32 tensor + integer scalar stays int32; + fractional scalar gives float32', () => {
    const x = i32([1, 2, 3]);
    expect(x.add(1).dtype).toBe('int32');
    expect(x.add(1).toArray()).toEqual([2, 3, 4]);
    expect(x.mul(2).dtype).toBe('int32');
    expect(x.add(1.5).dtype).toBe('float32');
    expect(x.add(1.5).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(nb.sub(10, x).dtype).toBe('int32');
    expect(nb.sub(10, x).toArray()).toEqual([9, 8, 7]);
  });

  it('float tensors keep their dtype with any scalar; float32 with float64 tensors promotes', () => {
    expect(nb.ones([2], 'float64').add(1).dtype).toBe('float64');
    expect(nb.ones([2]).mul(0.1).dtype).toBe('float32');
    expect(nb.ones([2]).add(nb.ones([2], 'float64')).dtype).toBe('float64');
    expect(i32([1]).add(nb.ones([1])).dtype).toBe('float32');
  });

  it('int / int is a true division giving float32', () => {
    const q = nb.div(i32([1, 7]), i32([2, 2]));
    expect(q.dtype).toBe('float32');
    expect(q.toArray()).toEqual([0.5, 3.5]);
    expect(i32([3]).div(2).toArray()).toEqual([1.5]);
  });

  it('int32 arithmetic wraps and floors like int32 (mod, pow, square, abs, neg, maximum)', () => {
    expect(nb.mod(i32([7, -7]), 3).toArray()).toEqual([1, 2]);
    expect(nb.pow(i32([2, 3]), 3).toArray()).toEqual([8, 27]);
    expect(nb.pow(i32([2, 3]), 3).dtype).toBe('int32');
    expect(nb.square(i32([-4])).toArray()).toEqual([16]);
    expect(nb.abs(i32([-4])).dtype).toBe('int32');
    expect(nb.neg(i32([4])).toArray()).toEqual([-4]);
    expect(nb.maximum(i32([1, 5]), 3).toArray()).toEqual([3, 5]);
    expect(nb.relu(i32([-1, 2])).toArray()).toEqual([0, 2]);
  });

  it('float-only ops (exp, sqrt, mean, softmax) give float32 from ints', () => {
    expect(nb.exp(i32([0])).dtype).toBe('float32');
    expect(nb.sqrt(i32([4])).toArray()).toEqual([2]);
    expect(nb.mean(i32([1, 2])).dtype).toBe('float32');
    expect(nb.sigmoid(nb.tensor([true])).dtype).toBe('float32');
  });

  it('comparisons give bool; logical ops take and give bool', () => {
    const x = i32([1, 2, 3]);
    const c = x.greater(1.5);
    expect(c.dtype).toBe('bool');
    expect(c.toArray()).toEqual([false, true, true]);
    expect(x.equal(2).toArray()).toEqual([false, true, false]);
    expect(nb.logicalAnd(c, x.less(3)).toArray()).toEqual([false, true, false]);
    expect(nb.logicalOr(c, false).dtype).toBe('bool');
    expect(nb.logicalNot(c).toArray()).toEqual([true, false, false]);
  });

  it('sum of bool gives int32; bool arithmetic counts in int32; max of bool stays bool', () => {
    const b = nb.tensor([true, false, true]);
    expect(b.sum().dtype).toBe('int32');
    expect(b.sum().item()).toBe(2);
    expect(b.add(b).dtype).toBe('int32');
    expect(b.add(1).toArray()).toEqual([2, 1, 2]);
    expect(b.max().dtype).toBe('bool');
    expect(i32([1, 2]).sum().dtype).toBe('int32');
    expect(i32([1, 2]).prod().item()).toBe(2);
    expect(nb.cumsum(i32([1, 2])).dtype).toBe('int32');
  });

  it('shape ops keep int32 and bool', () => {
    const b = nb.tensor([[true, false]]);
    expect(b.transpose().dtype).toBe('bool');
    expect(nb.concat([b, b]).dtype).toBe('bool');
    expect(nb.pad(b, [[0, 1]]).toArray()).toEqual([[true, false], [false, false]]);
    expect(nb.flip(i32([1, 2])).toArray()).toEqual([2, 1]);
    expect(nb.where(b, i32(1), i32(0)).dtype).toBe('int32');
  });

  it('where promotes its branches; comparisons between int and float compare values', () => {
    expect(nb.where(nb.tensor([true]), i32([1]), nb.tensor([0.5])).dtype).toBe('float32');
    expect(nb.equal(i32([1, 2]), nb.tensor([1, 2.5])).toArray()).toEqual([true, false]);
  });
});

describe('gradients need float dtypes', () => {
  it('requiresGrad on int32 or bool is a DTypeError', () => {
    const t = i32([1]);
    expect(() => {
      t.requiresGrad = true;
    }).toThrow(nb.DTypeError);
    expect(() => nb.zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(
      /requiresGrad: only float32 and float64 tensors can require gradients, this one is int32/,
    );
    expect(() => nb.tensor([true], { requiresGrad: true })).toThrow(/this one is bool/);
  });

  it('ops with int outputs do not record; int inputs get no gradient', () => {
    const x = nb.tensor([1.5, 2.5], { requiresGrad: true });
    expect(nb.argmax(x).requiresGrad).toBe(false);
    expect(nb.cast(x, 'int32').requiresGrad).toBe(false);
    expect(x.greater(2).requiresGrad).toBe(false);
    const y = x.mul(i32([2, 3])).sum();
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 3]);
  });

  it('nb.grad refuses to differentiate with respect to an int tensor', () => {
    expect(() => nb.grad((a: nb.Tensor) => a.sum())(i32([1]))).toThrow(
      /grad: argument 0 has dtype int32; only float tensors can be differentiated/,
    );
  });
});
