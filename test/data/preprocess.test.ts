import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol);
};

describe('standardScaler', () => {
  it('gives zero mean and unit variance per column and inverts exactly', () => {
    nb.seed(1);
    const x = nb.randn([200, 3]).mul(nb.tensor([1, 10, 0.1])).add(nb.tensor([5, -3, 100]));
    const s = nb.data.standardScaler();
    const z = s.fitTransform(x);
    close(nb.mean(z, 0).data(), [0, 0, 0], 1e-4);
    close(nb.std(z, 0).data(), [1, 1, 1], 1e-4);
    close(s.mean.data(), nb.mean(x, 0).data(), 1e-3);
    close(s.inverseTransform(z).data(), x.data(), 1e-4);
    expect(z.dtype).toBe('float32');
  });

  it('leaves a constant column at zero and checks feature counts', () => {
    const x = nb.tensor([[1, 7], [3, 7], [5, 7]]);
    const s = nb.data.standardScaler().fit(x);
    const z = s.transform(x).toArray() as number[][];
    expect(z.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(() => s.transform(nb.zeros([2, 3]))).toThrow(/\[2,3\] has 3 features per sample, fit saw 2/);
    expect(() => nb.data.standardScaler().transform(x)).toThrow(/call fit\(x\) first/);
    expect(() => nb.data.standardScaler({ withMeans: true } as never)).toThrow(/unknown option "withMeans"/);
  });

  it('treats every axis after the first as features', () => {
    const x = nb.reshape(nb.arange(0, 24, 1, 'float32'), [3, 2, 2, 2]);
    const s = nb.data.standardScaler().fit(x);
    expect(s.mean.shape).toEqual([2, 2, 2]);
    expect(s.transform(x).shape).toEqual([3, 2, 2, 2]);
  });
});

describe('minMaxScaler', () => {
  it('maps each column to the range and inverts', () => {
    const x = nb.tensor([[1, -10], [2, 0], [5, 30]]);
    const s = nb.data.minMaxScaler({ featureRange: [-1, 1] });
    const z = s.fitTransform(x);
    expect(z.toArray()).toEqual([[-1, -1], [-0.5, -0.5], [1, 1]]);
    close(s.inverseTransform(z).data(), x.data());
    close(s.dataMin.data(), [1, -10]);
    close(s.dataMax.data(), [5, 30]);
    expect(() => nb.data.minMaxScaler({ featureRange: [1, 0] })).toThrow(/low < high, got \[1, 0\]/);
  });
});

describe('logTransform', () => {
  it('is log1p by default and inverts', () => {
    const x = nb.tensor([0, 1, 9, 99]);
    const y = nb.data.logTransform(x);
    close(y.data(), [0, Math.log(2), Math.log(10), Math.log(100)]);
    close(nb.data.inverseLogTransform(y).data(), x.data(), 1e-4);
    close(nb.data.logTransform(nb.tensor([1, Math.E]), { offset: 0 }).data(), [0, 1]);
    expect(() => nb.data.logTransform(nb.tensor([1, -2]))).toThrow(/-2 \+ 1 at flat index 1/);
  });
});

describe('labelEncoder and toCategorical', () => {
  it('encodes strings to sorted integer codes and back', () => {
    const enc = nb.data.labelEncoder();
    const codes = enc.fitTransform(['virginica', 'setosa', 'versicolor', 'setosa']);
    expect(enc.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(codes.dtype).toBe('int32');
    expect(codes.toArray()).toEqual([2, 0, 1, 0]);
    expect(enc.inverseTransform(codes)).toEqual(['virginica', 'setosa', 'versicolor', 'setosa']);
    expect(() => enc.transform(['rose'])).toThrow(/"rose" at index 0 was not seen by fit; known labels: \["setosa"/);
    expect(() => enc.inverseTransform([3])).toThrow(/outside \[0, 3\)/);
    expect(nb.data.labelEncoder().fit([10, 2, 33, 2]).classes).toEqual([2, 10, 33]);
    expect(() => nb.data.labelEncoder().fit(['a', 1])).toThrow(nb.DataError);
  });

  it('one-hot encodes integer labels, inferring the class count', () => {
    const y = nb.tensor([2, 0, 1], { dtype: 'int32' });
    expect(nb.data.toCategorical(y).toArray()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    expect(nb.data.oneHot([1], 4).toArray()).toEqual([[0, 1, 0, 0]]);
    expect(() => nb.data.toCategorical([0, 0.5])).toThrow(/integers, got 0.5/);
  });
});
