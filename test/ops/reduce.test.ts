/** Forward values of reductions over every axis combination, the softmax family, cumsum, and empty inputs. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { draw } from './op-db.js';
import { closeTo, refReduce } from './ref.js';

type T = nb.Tensor;
type Axes = number | number[] | undefined;

const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);
const meanOf = (v: number[]) => sumOf(v) / v.length;
const varOf = (ddof: number) => (v: number[]) => {
  const m = meanOf(v);
  return sumOf(v.map((x) => (x - m) ** 2)) / (v.length - ddof);
};

const REDUCTIONS: [string, (x: T, a: Axes, k: boolean) => T, (v: number[]) => number][] = [
  ['sum', nb.sum, sumOf],
  ['mean', nb.mean, meanOf],
  ['prod', nb.prod, (v) => v.reduce((a, b) => a * b, 1)],
  ['max', nb.max, (v) => Math.max(...v)],
  ['min', nb.min, (v) => Math.min(...v)],
  ['variance', nb.variance, varOf(0)],
  ['variance ddof=1', (x, a, k) => nb.variance(x, a, k, 1), varOf(1)],
  ['std', nb.std, (v) => Math.sqrt(varOf(0)(v))],
  ['logSumExp', nb.logSumExp, (v) => Math.log(sumOf(v.map(Math.exp)))],
  ['norm', (x, a, k) => nb.norm(x, 2, a, k), (v) => Math.sqrt(sumOf(v.map((x) => x * x)))],
  ['norm ord=1', (x, a, k) => nb.norm(x, 1, a, k), (v) => sumOf(v.map(Math.abs))],
  ['norm ord=3', (x, a, k) => nb.norm(x, 3, a, k), (v) => sumOf(v.map((x) => Math.abs(x) ** 3)) ** (1 / 3)],
  ['norm ord=Infinity', (x, a, k) => nb.norm(x, Infinity, a, k), (v) => Math.max(...v.map(Math.abs))],
  ['norm ord=-Infinity', (x, a, k) => nb.norm(x, -Infinity, a, k), (v) => Math.min(...v.map(Math.abs))],
  ['norm ord=0', (x, a, k) => nb.norm(nb.round(x), 0, a, k), (v) => v.filter((x) => Math.round(x) !== 0).length],
];

const AXES: Axes[] = [undefined, 0, 1, 2, -1, -3, [0, 1], [0, 2], [1, 2], [2, 0], [0, 1, 2]];

describe('reductions over any axes, with and without keepDims', () => {
  const cases = REDUCTIONS.flatMap(([name, f, ref]) =>
    AXES.flatMap((axes) => [false, true].map((keepDims) => ({ name, f, ref, axes, keepDims, label: JSON.stringify(axes) ?? 'all' }))),
  );
  it.each(cases)('$name axes=$label keepDims=$keepDims', ({ f, ref, axes, keepDims }) => {
    const x = draw(new nb.Generator(3), [2, 3, 4], { low: -2, high: 2 });
    const y = f(x, axes, keepDims);
    const e = refReduce(x, axes, keepDims, ref);
    expect(y.shape).toEqual(e.shape);
    const r = closeTo(y.data(), e.values, 1e-13);
    expect(r.ok, r.worst).toBe(true);
  });

  it('sum over a long axis keeps float32 accuracy (accumulates in float64)', () => {
    const x = nb.full([100000], 0.1);
    expect(nb.sum(x).item()).toBeCloseTo(100000 * Math.fround(0.1), 2);
    expect(nb.mean(x).item()).toBeCloseTo(0.1, 6);
  });
});

describe('argmax and argmin', () => {
  const x = nb.tensor([
    [3, 7, 7, 1],
    [9, 2, 9, 0],
  ]);
  it('along an axis, first index on ties, int32', () => {
    const a = nb.argmax(x, 1);
    expect(a.dtype).toBe('int32');
    expect(a.toArray()).toEqual([1, 0]);
    expect(nb.argmin(x, 1).toArray()).toEqual([3, 3]);
    expect(nb.argmax(x, 0).toArray()).toEqual([1, 0, 1, 0]);
    expect(nb.argmax(x, -1, true).shape).toEqual([2, 1]);
  });
  it('of the flattened tensor when no axis is given', () => {
    expect(nb.argmax(x).item()).toBe(4);
    expect(nb.argmin(x).item()).toBe(7);
    expect(nb.argmax(x).shape).toEqual([]);
  });
  it('NaN wins, as in NumPy', () => {
    expect(nb.argmax(nb.tensor([1, NaN, 3])).item()).toBe(1);
    expect(Number.isNaN(nb.max(nb.tensor([1, NaN, 3])).item())).toBe(true);
  });
});

describe('softmax family', () => {
  it("matches the notes' example: softmax([0.02, 0.16, 0.10, 0.13, 0.99])", () => {
    const y = nb.softmax(nb.tensor([0.02, 0.16, 0.1, 0.13, 0.99]));
    const expected = [0.1431069, 0.1646121, 0.1550259, 0.1597471, 0.377508];
    (y.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(nb.sum(y).item()).toBeCloseTo(1, 6);
  });

  it('equals exp(x)/Σexp(x) along each axis', () => {
    const x = draw(new nb.Generator(5), [2, 3, 4], { low: -3, high: 3 });
    for (const axis of [0, 1, 2, -1]) {
      const e = nb.exp(x);
      const expected = nb.div(e, nb.sum(e, axis, true));
      const r = closeTo(nb.softmax(x, axis).data(), expected.data(), 1e-15);
      expect(r.ok, r.worst).toBe(true);
      const r2 = closeTo(nb.logSoftmax(x, axis).data(), nb.log(expected).data(), 1e-14);
      expect(r2.ok, r2.worst).toBe(true);
    }
  });

  it('is stable for large inputs and -Infinity', () => {
    const y = nb.softmax(nb.tensor([1000, 1000, -Infinity]));
    expect(y.toArray()).toEqual([0.5, 0.5, 0]);
    const l = nb.logSoftmax(nb.tensor([1000, 0]));
    expect((l.toArray() as number[])[0]).toBeCloseTo(0, 6);
    expect((l.toArray() as number[])[1]).toBeCloseTo(-1000, 3);
    expect(nb.logSumExp(nb.tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
    expect(nb.logSumExp(nb.tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(nb.softmax(nb.tensor([-1000, -1000])).toArray()).toEqual([0.5, 0.5]);
  });

  it('int inputs give float32', () => {
    expect(nb.softmax(nb.tensor([1, 2], { dtype: 'int32' })).dtype).toBe('float32');
    expect(nb.mean(nb.tensor([1, 2], { dtype: 'int32' })).toArray()).toBe(1.5);
  });
});

describe('cumsum', () => {
  it('along each axis, forwards and reversed', () => {
    const x = nb.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nb.cumsum(x, 1).toArray()).toEqual([
      [1, 3, 6],
      [4, 9, 15],
    ]);
    expect(nb.cumsum(x, 0).toArray()).toEqual([
      [1, 2, 3],
      [5, 7, 9],
    ]);
    expect(nb.cumsum(x, -1, true).toArray()).toEqual([
      [6, 5, 3],
      [15, 11, 6],
    ]);
  });
  it('of bool counts as int32', () => {
    const c = nb.cumsum(nb.tensor([true, false, true]));
    expect(c.dtype).toBe('int32');
    expect(c.toArray()).toEqual([1, 1, 2]);
  });
});

describe('all and any', () => {
  it('reduce over axes', () => {
    const x = nb.tensor([
      [true, false],
      [true, true],
    ]);
    expect(nb.all(x, 1).toArray()).toEqual([false, true]);
    expect(nb.any(x, 0).toArray()).toEqual([true, true]);
    expect(nb.all(nb.tensor([1, 2, 0])).toArray()).toBe(false);
    expect(nb.any(nb.tensor([0, 0, 0.5])).toArray()).toBe(true);
  });
  it('of an empty tensor: all is true, any is false (as NumPy)', () => {
    expect(nb.all(nb.zeros([0])).toArray()).toBe(true);
    expect(nb.any(nb.zeros([0])).toArray()).toBe(false);
    expect(nb.all(nb.zeros([2, 0]), 1).toArray()).toEqual([true, true]);
  });
});

describe('empty and 0-d inputs', () => {
  it('sum, prod and mean of nothing are 0, 1 and NaN', () => {
    expect(nb.sum(nb.zeros([0])).item()).toBe(0);
    expect(nb.prod(nb.zeros([0])).item()).toBe(1);
    expect(Number.isNaN(nb.mean(nb.zeros([0])).item())).toBe(true);
    expect(nb.sum(nb.zeros([2, 0]), 1).toArray()).toEqual([0, 0]);
    expect(nb.sum(nb.zeros([2, 0]), 0).shape).toEqual([0]);
  });
  it('max of an empty axis is an error naming the shape', () => {
    expect(() => nb.max(nb.zeros([2, 0]), 1)).toThrow(/max: cannot reduce an empty axis \(shape \[2,0\]\)/);
    expect(() => nb.argmax(nb.zeros([0]))).toThrow(/argmax: cannot take argmax of an empty axis/);
  });
  it('a 0-d tensor reduces to itself', () => {
    const s = nb.tensor(3);
    expect(nb.sum(s).toArray()).toBe(3);
    expect(nb.max(s).toArray()).toBe(3);
    expect(nb.mean(s, undefined, true).shape).toEqual([]);
  });
});
