import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const score = (m: nb.Metric, yt: nb.Tensor, yp: nb.Tensor, w?: nb.Tensor) => {
  m.reset();
  m.update(yt, yp, w);
  return m.result();
};

describe('metrics', () => {
  const probs = nb.tensor([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.2, 0.3, 0.5], [0.4, 0.35, 0.25]]);
  const labels = nb.tensor([1, 2, 2, 1]);
  const oneHot = nb.oneHot(labels, 3);

  it('sparse and categorical accuracy agree; sample weights weight the mean', () => {
    expect(score(nb.metrics.sparseCategoricalAccuracy(), labels, probs)).toBe(0.5);
    expect(score(nb.metrics.categoricalAccuracy(), oneHot, probs)).toBe(0.5);
    expect(score(nb.metrics.sparseCategoricalAccuracy(), labels, probs, nb.tensor([1, 1, 1, 5]))).toBeCloseTo(2 / 8, 12);
    expect(score(nb.metrics.sparseCategoricalAccuracy(), nb.tensor([[1], [2], [2], [1]]), probs)).toBe(0.5);
  });

  it('top-k accuracy counts the label among the k highest scores', () => {
    expect(score(nb.metrics.sparseTopKCategoricalAccuracy({ k: 2 }), labels, probs)).toBe(1);
    expect(score(nb.metrics.sparseTopKCategoricalAccuracy({ k: 1 }), labels, probs)).toBe(0.5);
    expect(score(nb.metrics.topKCategoricalAccuracy({ k: 2 }), oneHot, probs)).toBe(1);
  });

  it('binary accuracy thresholds at 0.5 by default; mse and mae average per sample', () => {
    expect(score(nb.metrics.binaryAccuracy(), nb.tensor([[1], [0], [1]]), nb.tensor([[0.7], [0.2], [0.4]]))).toBeCloseTo(2 / 3, 12);
    expect(score(nb.metrics.binaryAccuracy({ threshold: 0.3 }), nb.tensor([[1], [0], [1]]), nb.tensor([[0.7], [0.2], [0.4]]))).toBe(1);
    expect(score(nb.metrics.mse(), nb.tensor([[1, 2], [3, 4]]), nb.tensor([[1, 1], [1, 1]]))).toBeCloseTo(3.5, 12);
    expect(score(nb.metrics.mae(), nb.tensor([[1, 2], [3, 4]]), nb.tensor([[1, 1], [1, 1]]))).toBeCloseTo(1.5, 12);
  });

  it("'accuracy' resolves from the loss, as Keras does, and accumulates over batches", () => {
    const acc = nb.metrics.accuracy() as nb.Metric & { resolved: nb.Metric | null };
    acc.update(labels, probs);
    expect(acc.resolved!.className).toBe('SparseCategoricalAccuracy');
    acc.update(nb.tensor([0]), nb.tensor([[0.9, 0.1, 0]]));
    expect(acc.result()).toBeCloseTo(3 / 5, 12);
    expect(() => score(nb.metrics.categoricalAccuracy(), labels, probs)).toThrow(/targets of shape \[4\] do not fit predictions of shape \[4,3\]/);
  });
});
