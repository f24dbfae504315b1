import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const range = (n: number) => nb.arange(0, n, 1, 'float32');
const values = (ds: Iterable<nb.Tensor>) => Array.from(ds, (t) => t.toArray());

describe('data.fromTensors', () => {
  it('yields rows of each tensor of a record, sharing storage', () => {
    const x = nb.tensor([[1, 2], [3, 4], [5, 6]]);
    const y = nb.tensor([0, 1, 2], { dtype: 'int32' });
    const ds = nb.data.fromTensors({ x, y });
    expect(ds.cardinality).toBe(3);
    const els = ds.toArray();
    expect(els.map((e) => e.x.toArray())).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(els.map((e) => e.y.shape)).toEqual([[], [], []]);
    expect(els.map((e) => e.y.dtype)).toEqual(['int32', 'int32', 'int32']);
  });

  it('rejects tensors with different numbers of samples, naming both', () => {
    expect(() => nb.data.fromTensors({ x: nb.zeros([3, 2]), y: nb.zeros([4]) })).toThrow(/'x' has 3 \[3,2\], 'y' has 4 \[4\]/);
    expect(() => nb.data.fromTensors(nb.scalar(1))).toThrow(nb.ShapeError);
  });
});

describe('Dataset.batch', () => {
  it('stacks records into batches and keeps the remainder unless told', () => {
    const x = nb.reshape(range(10), [5, 2]);
    const y = nb.tensor([0, 1, 0, 1, 0], { dtype: 'int32' });
    const batches = nb.data.fromTensors({ x, y }).batch(2).toArray();
    expect(batches.map((b) => b.x.shape)).toEqual([[2, 2], [2, 2], [1, 2]]);
    expect(batches[1]!.x.toArray()).toEqual([[4, 5], [6, 7]]);
    expect(batches[2]!.y.toArray()).toEqual([0]);
    expect(batches[0]!.y.dtype).toBe('int32');
    const dropped = nb.data.fromTensors({ x, y }).batch(2, { dropRemainder: true });
    expect(dropped.cardinality).toBe(2);
    expect(dropped.toArray().length).toBe(2);
  });

  it('refuses elements of different shapes with a message naming them', () => {
    const ds = nb.data.fromArray([nb.zeros([2]), nb.zeros([3])]).batch(2);
    expect(() => ds.toArray()).toThrow(/element 1 of shape \[3\] float32 with element 0 of shape \[2\]/);
  });

  it('validates its arguments', () => {
    const ds = nb.data.fromTensors(range(4));
    expect(() => ds.batch(0)).toThrow(nb.ConfigError);
    expect(() => ds.batch(2, { dropRemainder: true, drop: true } as never)).toThrow(/unknown option "drop".*dropRemainder/);
  });
});

describe('Dataset.shuffle', () => {
  it('with a buffer as large as the data gives a permutation, reshuffled each iteration, reproducible by seed', () => {
    const ds = nb.data.fromTensors(range(50)).shuffle(50, { seed: 3 });
    const a = values(ds) as number[];
    const b = values(ds) as number[];
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(b);
    expect(values(nb.data.fromTensors(range(50)).shuffle(50, { seed: 3 }))).toEqual(a);
    const fixed = nb.data.fromTensors(range(50)).shuffle(50, { seed: 3, reshuffleEachIteration: false });
    expect(values(fixed)).toEqual(values(fixed));
  });

  it('follows the global seed when it has none', () => {
    nb.seed(7);
    const a = values(nb.data.fromTensors(range(20)).shuffle(20));
    nb.seed(7);
    const b = values(nb.data.fromTensors(range(20)).shuffle(20));
    expect(a).toEqual(b);
  });

  it('with a small buffer only moves elements a bounded distance forward', () => {
    const out = values(nb.data.fromTensors(range(100)).shuffle(4, { seed: 1 })) as number[];
    expect([...out].sort((p, q) => p - q)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // An element can only be emitted after at most bufferSize - 1 later elements have been read.
    out.forEach((v, pos) => expect(v).toBeLessThanOrEqual(pos + 3));
    expect(out).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('repeat, take, skip, map, filter, concatenate', () => {
  it('compose lazily with the right cardinality', () => {
    const base = nb.data.fromTensors(range(5));
    expect(values(base.repeat(2))).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(base.repeat(2).cardinality).toBe(10);
    expect(base.repeat().cardinality).toBe(Infinity);
    expect(values(base.repeat().take(7))).toEqual([0, 1, 2, 3, 4, 0, 1]);
    expect(values(base.skip(3))).toEqual([3, 4]);
    expect(base.skip(9).cardinality).toBe(0);
    expect(values(base.map((t) => t.mul(10)))).toEqual([0, 10, 20, 30, 40]);
    expect(values(base.filter((t) => t.item() % 2 === 0))).toEqual([0, 2, 4]);
    expect(base.filter(() => true).cardinality).toBeNull();
    expect(values(base.take(2).concatenate(base.skip(4)))).toEqual([0, 1, 4]);
    expect(() => base.repeat().toArray()).toThrow(/infinite/);
  });

  it('run the pipeline of the issue: shuffle(1000).batch(32).repeat(2).take(10)', () => {
    nb.seed(0);
    const x = nb.randn([100, 3]);
    const y = nb.arange(0, 100, 1, 'int32');
    const ds = nb.data.fromTensors({ x, y }).shuffle(1000).batch(32).repeat(2).take(10);
    const batches = ds.toArray();
    expect(batches.length).toBe(8); // 4 batches (32, 32, 32, 4) per pass, 2 passes
    expect(batches.map((b) => b.x.shape[0])).toEqual([32, 32, 32, 4, 32, 32, 32, 4]);
    const firstPass = batches.slice(0, 4).flatMap((b) => Array.from(b.y.data()));
    expect(firstPass.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // rows stay paired with their labels
    const b0 = batches[0]!;
    const xs = x.toArray() as number[][];
    Array.from(b0.y.data()).forEach((label, i) => expect((b0.x.toArray() as number[][])[i]).toEqual(xs[label]));
  });
});

describe('Dataset.window', () => {
  it('gives sliding windows with shift and stride, dropping partial windows by default', () => {
    const ds = nb.data.fromTensors(range(10));
    expect(values(ds.window(3, 1))).toEqual([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7], [6, 7, 8], [7, 8, 9]]);
    expect(ds.window(3, 1).cardinality).toBe(8);
    expect(values(ds.window(3, 2, 2))).toEqual([[0, 2, 4], [2, 4, 6], [4, 6, 8]]);
    expect(ds.window(3, 2, 2).cardinality).toBe(3);
    expect(values(ds.window(2, 4))).toEqual([[0, 1], [4, 5], [8, 9]]);
    expect(values(ds.window(4, 4, 1, { dropRemainder: false }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(ds.window(4, 4, 1, { dropRemainder: false }).cardinality).toBe(3);
  });

  it('windows records of tensors, stacking each field', () => {
    const x = nb.reshape(range(12), [6, 2]);
    const w = nb.data.fromTensors({ x, t: nb.arange(0, 6, 1, 'int32') }).window(3, 3).toArray();
    expect(w.length).toBe(2);
    expect(w[1]!.x.shape).toEqual([3, 2]);
    expect(w[1]!.x.toArray()).toEqual([[6, 7], [8, 9], [10, 11]]);
    expect(w[1]!.t.toArray()).toEqual([3, 4, 5]);
  });
});
