/** Forward values of shape and movement ops, on float, int and bool tensors, including empty and 0-d ones. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const x23 = () =>
  nb.tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const ar = (shape: number[], dtype: nb.DType = 'float32') => nb.arange(shape.reduce((a, b) => a * b, 1)).cast(dtype).reshape(shape);

describe('reshape, flatten, squeeze, unsqueeze', () => {
  it('reshape shares storage and infers one -1', () => {
    const x = x23();
    const y = x.reshape([3, -1]);
    expect(y.shape).toEqual([3, 2]);
    expect(y.data()).toBe(x.data());
    y.data()[0] = 42;
    expect((x.toArray() as number[][])[0]![0]).toBe(42);
    expect(nb.reshape(nb.zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
    expect(nb.reshape(nb.tensor(5), [1, 1]).toArray()).toEqual([[5]]);
  });
  it('flatten ranges of axes', () => {
    const x = nb.zeros([2, 3, 4, 5]);
    expect(nb.flatten(x).shape).toEqual([120]);
    expect(nb.flatten(x, 1).shape).toEqual([2, 60]);
    expect(nb.flatten(x, 1, 2).shape).toEqual([2, 12, 5]);
    expect(nb.flatten(nb.tensor(1)).shape).toEqual([1]);
  });
  it('squeeze all size-1 axes or named ones; unsqueeze at any position', () => {
    const x = nb.zeros([1, 3, 1, 2]);
    expect(nb.squeeze(x).shape).toEqual([3, 2]);
    expect(nb.squeeze(x, 2).shape).toEqual([1, 3, 2]);
    expect(nb.squeeze(x, [0, -2]).shape).toEqual([3, 2]);
    expect(nb.unsqueeze(nb.zeros([3, 2]), 0).shape).toEqual([1, 3, 2]);
    expect(nb.unsqueeze(nb.zeros([3, 2]), 2).shape).toEqual([3, 2, 1]);
    expect(nb.unsqueeze(nb.zeros([3, 2]), -1).shape).toEqual([3, 2, 1]);
    expect(nb.expandDims(nb.tensor(1), 0).shape).toEqual([1]);
  });
});

describe('transpose, permute, swapAxes, broadcastTo', () => {
  it('transpose reverses axes by default; permute moves them', () => {
    expect(x23().transpose().toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const x = ar([2, 3, 4]);
    const y = nb.permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([4, 2, 3]);
    const xa = x.toArray() as number[][][];
    const ya = y.toArray() as number[][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expect(ya[k]![i]![j]).toBe(xa[i]![j]![k]);
    expect(nb.swapAxes(x, 0, 2).shape).toEqual([4, 3, 2]);
    expect(nb.transpose(x, [-1, 0, 1]).toArray()).toEqual(y.toArray());
  });
  it('broadcastTo repeats size-1 and missing axes', () => {
    expect(nb.broadcastTo(nb.tensor([[1], [2]]), [2, 2, 3]).toArray()).toEqual([
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
    ]);
    expect(nb.broadcastTo(nb.tensor(7, { dtype: 'int32' }), [2]).toArray()).toEqual([7, 7]);
  });
});

describe('concat, stack, split', () => {
  it('concat along any axis, promoting dtypes', () => {
    const a = nb.tensor([[1, 2]], { dtype: 'int32' });
    const b = nb.tensor([[3, 4]]);
    const c = nb.concat([a, b], 0);
    expect(c.dtype).toBe('float32');
    expect(c.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(nb.concat([a, a, a], -1).toArray()).toEqual([[1, 2, 1, 2, 1, 2]]);
    expect(nb.concat([nb.zeros([2, 0]), nb.ones([2, 1])], 1).toArray()).toEqual([[1], [1]]);
  });
  it('stack adds an axis', () => {
    const s = nb.stack([nb.tensor([1, 2]), nb.tensor([3, 4])], 1);
    expect(s.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(nb.stack([nb.tensor(1), nb.tensor(2)]).toArray()).toEqual([1, 2]);
  });
  it('split into equal sections or given sizes', () => {
    const parts = nb.split(ar([2, 6]), 3, 1);
    expect(parts.map((p) => p.toArray())).toEqual([
      [
        [0, 1],
        [6, 7],
      ],
      [
        [2, 3],
        [8, 9],
      ],
      [
        [4, 5],
        [10, 11],
      ],
    ]);
    expect(nb.split(ar([5]), [2, 0, 3]).map((p) => p.shape)).toEqual([[2], [0], [3]]);
  });
});

describe('slice, sliceAxis, flip', () => {
  it('slice takes a block; -1 runs to the end; negative begin counts from the end', () => {
    const x = ar([3, 4]);
    expect(nb.slice(x, [1, 1], [2, 2]).toArray()).toEqual([
      [5, 6],
      [9, 10],
    ]);
    expect(nb.slice(x, [-1]).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(nb.slice(x, [0, 3], [-1, 1]).toArray()).toEqual([[3], [7], [11]]);
    expect(nb.slice(x, [3], [0]).shape).toEqual([0, 4]);
  });
  it('sliceAxis follows Python slicing, negative steps included', () => {
    const x = nb.arange(6);
    expect(nb.sliceAxis(x, 0, 1, 5, 2).toArray()).toEqual([1, 3]);
    expect(nb.sliceAxis(x, 0, undefined, undefined, -1).toArray()).toEqual([5, 4, 3, 2, 1, 0]);
    expect(nb.sliceAxis(x, 0, -2, 0, -2).toArray()).toEqual([4, 2]);
    expect(nb.sliceAxis(x, 0, -100, 100).toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(nb.sliceAxis(x, 0, 4, 2).toArray()).toEqual([]);
  });
  it('flip reverses chosen axes', () => {
    expect(nb.flip(x23(), 1).toArray()).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(nb.flip(x23()).toArray()).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(nb.flip(nb.zeros([0, 2]), 0).shape).toEqual([0, 2]);
  });
});

describe('gather, indexSelect, scatterAdd, oneHot', () => {
  it('gather: result shape is x.shape[:axis] + indices.shape + x.shape[axis+1:]; negative indices count back', () => {
    const x = ar([3, 4]);
    expect(nb.gather(x, [2, 0, -1]).toArray()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    const g = nb.gather(x, [[1], [3]], 1);
    expect(g.shape).toEqual([3, 2, 1]);
    expect(g.toArray()).toEqual([
      [[1], [3]],
      [[5], [7]],
      [[9], [11]],
    ]);
    expect(nb.gather(x, nb.tensor(1, { dtype: 'int32' })).toArray()).toEqual([4, 5, 6, 7]);
    expect(nb.gather(nb.tensor([true, false]), [1, 1]).toArray()).toEqual([false, false]);
  });
  it('indexSelect is gather with 1-D indices', () => {
    expect(nb.indexSelect(ar([2, 3]), 1, [2, 0]).toArray()).toEqual([
      [2, 0],
      [5, 3],
    ]);
  });
  it('scatterAdd accumulates repeated indices', () => {
    const y = nb.scatterAdd(nb.zeros([3, 2]), [0, 2, 0], nb.tensor([[1, 1], [2, 2], [3, 3]]));
    expect(y.toArray()).toEqual([
      [4, 4],
      [0, 0],
      [2, 2],
    ]);
    const z = nb.scatterAdd(nb.zeros([2, 3], 'int32'), [1, 1], nb.ones([2, 2], 'int32'), 1);
    expect(z.dtype).toBe('int32');
    expect(z.toArray()).toEqual([
      [0, 2, 0],
      [0, 2, 0],
    ]);
  });
  it('oneHot encodes labels of any shape', () => {
    const o = nb.oneHot(nb.tensor([2, 0], { dtype: 'int32' }), 3);
    expect(o.dtype).toBe('float32');
    expect(o.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(nb.oneHot([[1]], 2).shape).toEqual([1, 1, 2]);
    expect(nb.oneHot([1], 2, { onValue: 0.9, offValue: 0.05, dtype: 'float64' }).toArray()).toEqual([[0.05, 0.9]]);
  });
});

describe('pad, tile, repeat', () => {
  it('pad with a constant on each side', () => {
    expect(nb.pad(nb.tensor([[1, 2]]), [[1, 0], [0, 2]], 9).toArray()).toEqual([
      [9, 9, 9, 9],
      [1, 2, 9, 9],
    ]);
    expect(nb.pad(nb.tensor([1], { dtype: 'int32' }), [[2, 1]]).toArray()).toEqual([0, 0, 1, 0]);
  });
  it('tile repeats the whole tensor (NumPy)', () => {
    expect(nb.tile(nb.tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
    expect(nb.tile(x23(), [2]).shape).toEqual([2, 6]);
  });
  it('repeat repeats each element (NumPy)', () => {
    expect(nb.repeat(nb.tensor([1, 2]), 2).toArray()).toEqual([1, 1, 2, 2]);
    expect(nb.repeat(x23(), 2, 0).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [4, 5, 6],
      [4, 5, 6],
    ]);
  });
});

describe('cast', () => {
  it('float to int truncates toward zero; anything to bool is != 0', () => {
    expect(nb.cast(nb.tensor([1.7, -1.7, 0.2]), 'int32').toArray()).toEqual([1, -1, 0]);
    expect(nb.cast(nb.tensor([0, -0.5, 2]), 'bool').toArray()).toEqual([false, true, true]);
    expect(nb.cast(nb.tensor([true, false]), 'float64').toArray()).toEqual([1, 0]);
    const t = nb.tensor([1, 2]);
    expect(nb.cast(t, 'float32')).toBe(t);
  });
});

describe('zero-size and 0-d tensors go through ops', () => {
  it('elementwise, broadcasting, matmul and reductions on empty tensors', () => {
    const e = nb.zeros([0, 3]);
    expect(nb.add(e, nb.ones([3])).shape).toEqual([0, 3]);
    expect(nb.exp(e).shape).toEqual([0, 3]);
    expect(nb.matmul(e, nb.ones([3, 2])).shape).toEqual([0, 2]);
    expect(nb.matmul(nb.ones([2, 0]), nb.ones([0, 4])).toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(nb.softmax(nb.zeros([0, 3])).shape).toEqual([0, 3]);
    expect(nb.transpose(e).shape).toEqual([3, 0]);
  });
  it('0-d tensors', () => {
    const s = nb.tensor(2);
    expect(s.shape).toEqual([]);
    expect(nb.add(s, s).toArray()).toBe(4);
    expect(nb.mul(s, nb.tensor([1, 2])).toArray()).toEqual([2, 4]);
    expect(nb.exp(s).shape).toEqual([]);
    expect(s.reshape([1]).toArray()).toEqual([2]);
    expect(nb.dot(nb.tensor([1, 2]), nb.tensor([3, 4])).shape).toEqual([]);
  });
  it('gradients flow through empty and 0-d tensors', () => {
    const e = nb.zeros([0, 3], { requiresGrad: true });
    nb.sum(nb.mul(e, 2)).backward();
    expect(e.grad!.shape).toEqual([0, 3]);
    const s = nb.tensor(3, { requiresGrad: true });
    nb.mul(s, s).backward();
    expect(s.grad!.item()).toBe(6);
  });
});
