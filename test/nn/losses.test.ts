import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const val = (t: nb.Tensor) => t.item();

describe('losses: closed forms', () => {
  const yt = nb.tensor([[1, 2], [3, 4]]);
  const yp = nb.tensor([[1, 1], [1, 1]]);

  it('meanSquaredError and meanAbsoluteError average per sample then over the batch', () => {
    expect(val(nb.losses.meanSquaredError(yt, yp))).toBeCloseTo((0.5 + 6.5) / 2, 6);
    expect(val(nb.losses.meanAbsoluteError(yt, yp))).toBeCloseTo((0.5 + 2.5) / 2, 6);
    expect(Array.from(nb.losses.mse(yt, yp, { reduction: 'none' }).data())).toEqual([0.5, 6.5]);
    expect(val(nb.losses.mse(yt, yp, { reduction: 'sum' }))).toBeCloseTo(7, 6);
  });

  it('huber is quadratic within delta and linear beyond', () => {
    // errors 0, 1 | 2, 3 → 0, 0.5 | 1.5, 2.5
    expect(val(nb.losses.huber(yt, yp))).toBeCloseTo((0.25 + 2) / 2, 6);
    // delta 2: errors 2 and 3 give ½·4 = 2 and 2·3 − ½·4 = 4
    expect(val(nb.losses.huber(yt, yp, { delta: 2 }))).toBeCloseTo((0.25 + (2 + 4) / 2) / 2, 6);
  });

  it('binaryCrossentropy on probabilities and on logits agree', () => {
    const y = nb.tensor([1, 0]);
    const p = nb.tensor([0.8, 0.3]);
    const expected = -(Math.log(0.8) + Math.log(0.7)) / 2;
    expect(val(nb.losses.binaryCrossentropy(y, p))).toBeCloseTo(expected, 5);
    const logits = nb.tensor([Math.log(0.8 / 0.2), Math.log(0.3 / 0.7)]);
    expect(val(nb.losses.binaryCrossentropy(y, logits, { fromLogits: true }))).toBeCloseTo(expected, 5);
    // label smoothing 0.2: targets 0.9 and 0.1
    const smoothed = -(0.9 * Math.log(0.8) + 0.1 * Math.log(0.2) + 0.1 * Math.log(0.3) + 0.9 * Math.log(0.7)) / 2;
    expect(val(nb.losses.binaryCrossentropy(y, p, { labelSmoothing: 0.2 }))).toBeCloseTo(smoothed, 5);
  });

  it('categoricalCrossentropy: probabilities, logits (log-sum-exp), label smoothing', () => {
    expect(val(nb.losses.categoricalCrossentropy(nb.tensor([[0, 1, 0]]), nb.tensor([[0.2, 0.7, 0.1]])))).toBeCloseTo(-Math.log(0.7), 5);
    const lse = Math.log(Math.E + Math.E ** 2 + Math.E ** 3);
    expect(val(nb.losses.categoricalCrossentropy(nb.tensor([[0, 0, 1]]), nb.tensor([[1, 2, 3]]), { fromLogits: true }))).toBeCloseTo(lse - 3, 5);
    const s = 0.1;
    const p = [0.2, 0.7, 0.1];
    const t = [s / 3, 1 - s + s / 3, s / 3];
    const expected = -t.reduce((a, ti, i) => a + ti * Math.log(p[i]!), 0);
    expect(val(nb.losses.categoricalCrossentropy(nb.tensor([[0, 1, 0]]), nb.tensor([p]), { labelSmoothing: s }))).toBeCloseTo(expected, 5);
  });

  it('sparseCategoricalCrossentropy equals the one-hot categorical loss, labels [N] or [N, 1]', () => {
    const p = nb.tensor([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
    const expected = -(Math.log(0.7) + Math.log(0.25)) / 2;
    expect(val(nb.losses.sparseCategoricalCrossentropy(nb.tensor([1, 2], { dtype: 'int32' }), p))).toBeCloseTo(expected, 5);
    expect(val(nb.losses.sparseCategoricalCrossentropy(nb.tensor([[1], [2]]), p))).toBeCloseTo(expected, 5);
    const logits = nb.tensor([[1, 2, 3], [0, 0, 0]]);
    const cce = nb.losses.categoricalCrossentropy(nb.tensor([[1, 0, 0], [0, 1, 0]]), logits, { fromLogits: true });
    expect(val(nb.losses.sparseCategoricalCrossentropy(nb.tensor([0, 1]), logits, { fromLogits: true }))).toBeCloseTo(val(cce), 5);
  });

  it('negativeLogLikelihood takes log-probabilities; klDivergence and hinge', () => {
    const logp = nb.logSoftmax(nb.tensor([[1, 2, 3]]));
    expect(val(nb.losses.negativeLogLikelihood(nb.tensor([2]), logp))).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3, 5);
    expect(val(nb.losses.klDivergence(nb.tensor([[0.5, 0.5]]), nb.tensor([[0.9, 0.1]])))).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), 5);
    // 0/1 targets become -1/+1
    expect(val(nb.losses.hinge(nb.tensor([1, 0]), nb.tensor([0.3, 0.4])))).toBeCloseTo((0.7 + 1.4) / 2, 5);
    expect(val(nb.losses.squaredHinge(nb.tensor([1, -1]), nb.tensor([0.3, 0.4])))).toBeCloseTo((0.49 + 1.96) / 2, 5);
  });
});

describe('losses: numerical stability', () => {
  it('no log(0) and no overflow for extreme inputs', () => {
    const big = nb.tensor([[1000, -1000, 0]]);
    const l1 = val(nb.losses.sparseCategoricalCrossentropy(nb.tensor([1]), big, { fromLogits: true }));
    expect(l1).toBeCloseTo(2000, 3);
    const l2 = val(nb.losses.binaryCrossentropy(nb.tensor([0, 1]), nb.tensor([200, -200]), { fromLogits: true }));
    expect(l2).toBeCloseTo(200, 3);
    const l3 = val(nb.losses.categoricalCrossentropy(nb.tensor([[1, 0]]), nb.tensor([[0, 1]])));
    expect(Number.isFinite(l3)).toBe(true);
    expect(l3).toBeCloseTo(-Math.log(1e-7), 1);
    const l4 = val(nb.losses.binaryCrossentropy(nb.tensor([1]), nb.tensor([0])));
    expect(Number.isFinite(l4)).toBe(true);
  });

  it('gradients are finite at saturation and match finite differences', () => {
    const x = nb.tensor([[1000, -1000, 0]], { requiresGrad: true });
    nb.losses.sparseCategoricalCrossentropy(nb.tensor([1]), x, { fromLogits: true }).backward();
    expect(Array.from(x.grad!.data()).every(Number.isFinite)).toBe(true);
    const labels = nb.tensor([0, 2], { dtype: 'int32' });
    const r = nb.gradcheck((z) => nb.losses.sparseCategoricalCrossentropy(labels, z, { fromLogits: true }), [nb.randn([2, 3])]);
    expect(r.ok).toBe(true);
    const r2 = nb.gradcheck((z) => nb.losses.binaryCrossentropy(nb.tensor([1, 0, 1], { dtype: 'float64' }), z, { fromLogits: true }), [nb.randn([3])]);
    expect(r2.ok).toBe(true);
    const r3 = nb.gradcheck((p, t) => nb.losses.huber(t, p), [nb.randn([4, 2]), nb.randn([4, 2])]);
    expect(r3.ok).toBe(true);
  });
});

describe('losses: weights, shapes and errors', () => {
  it('sample weights scale each sample (sum over batch size, as Keras)', () => {
    const l = nb.losses.mse(nb.tensor([[1], [3]]), nb.tensor([[0], [0]]), { sampleWeight: nb.tensor([2, 0]) });
    expect(val(l)).toBeCloseTo((2 * 1 + 0 * 9) / 2, 6);
  });

  it('refuses mismatched shapes instead of broadcasting [N] against [N, N]', () => {
    expect(() => nb.losses.mse(nb.ones([4, 2]), nb.ones([4, 3]))).toThrow(/meanSquaredError: yTrue has shape \[4,2\] and yPred \[4,3\]/);
    expect(val(nb.losses.mse(nb.tensor([1, 2]), nb.tensor([[1], [2]])))).toBe(0); // [N] vs [N, 1] reconciled
    expect(() => nb.losses.sparseCategoricalCrossentropy(nb.tensor([3]), nb.ones([1, 3]))).toThrow(/label 3 at index 0 is not a class index in \[0, 3\)/);
    expect(() => nb.losses.mse(nb.ones([1]), nb.ones([1]), { fromLogits: true } as never)).toThrow(/unknown option "fromLogits"/);
  });

  it('losses.get resolves names, aliases, functions and options', () => {
    expect(nb.losses.get('mse').name).toBe('meanSquaredError');
    expect(nb.losses.get('sparse_categorical_crossentropy').name).toBe('sparseCategoricalCrossentropy');
    expect(nb.losses.get(nb.losses.huber).name).toBe('huber');
    const l = nb.losses.get('binaryCrossentropy', { fromLogits: true });
    expect(l.config).toEqual({ fromLogits: true });
    expect(val(l.compute(nb.tensor([1]), nb.tensor([0])))).toBeCloseTo(Math.log(2), 5);
    expect(() => nb.losses.get('msee')).toThrow(/unknown loss "msee"/);
  });
});

describe('regularizers', () => {
  it('L1, L2 and L1L2 follow Keras (no ½ in L2) and default to 0.01', () => {
    const w = nb.tensor([1, -2, 3]);
    expect(val(nb.regularizers.l1().compute(w))).toBeCloseTo(0.06, 6);
    expect(val(nb.regularizers.l2(0.5).compute(w))).toBeCloseTo(7, 6);
    expect(val(nb.regularizers.l1l2({ l1: 1, l2: 1 }).compute(w))).toBeCloseTo(6 + 14, 6);
    expect(val(nb.regularizers.linf(2).compute(w))).toBeCloseTo(6, 6);
    expect(() => nb.regularizers.l2(-1)).toThrow(/l2: l2 must be a non-negative number, got -1/);
  });

  it('layer penalties appear in layer.losses and the training loss', () => {
    const d = nb.layers.dense({ units: 1, kernelInitializer: 'ones', kernelRegularizer: nb.regularizers.l2(0.1), activityRegularizer: nb.regularizers.l1(1) });
    d.call(nb.ones([1, 2]));
    const losses = d.losses.map((t) => t.item());
    expect(losses[0]).toBeCloseTo(0.2, 6); // 0.1 · (1 + 1)
    expect(losses[1]).toBeCloseTo(2, 6); // |output| = 2
  });
});

describe('initializers', () => {
  it('Keras defaults and fan-based scales', () => {
    nb.seed(0);
    const std = (t: nb.Tensor) => Math.sqrt(t.variance().item());
    expect(std(nb.initializers.heNormal().init([400, 300]))).toBeCloseTo(Math.sqrt(2 / 400), 2);
    expect(std(nb.initializers.glorotNormal().init([400, 300]))).toBeCloseTo(Math.sqrt(2 / 700), 2);
    expect(std(nb.initializers.lecunNormal().init([400, 300]))).toBeCloseTo(Math.sqrt(1 / 400), 2);
    const he = nb.initializers.heUniform().init([100, 10]);
    expect(he.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 100));
    expect(std(nb.initializers.randomNormal().init([100, 100]))).toBeCloseTo(0.05, 2);
    expect(nb.initializers.randomUniform().init([1000]).abs().max().item()).toBeLessThanOrEqual(0.05);
    expect(nb.initializers.truncatedNormal({ stddev: 1 }).init([2000]).abs().max().item()).toBeLessThanOrEqual(2);
    expect(Array.from(nb.initializers.constant({ value: 3 }).init([2]).data())).toEqual([3, 3]);
    expect(nb.initializers.computeFans([3, 3, 16, 32])).toEqual([144, 288]);
  });

  it('a seeded initializer is reproducible regardless of the global generator; unseeded follows nb.seed', () => {
    const a = nb.initializers.glorotUniform({ seed: 7 }).init([5, 5]);
    const b = nb.initializers.glorotUniform({ seed: 7 }).init([5, 5]);
    expect(Array.from(a.data())).toEqual(Array.from(b.data()));
    nb.seed(3);
    const c = nb.initializers.heNormal().init([4]);
    nb.seed(3);
    expect(Array.from(nb.initializers.heNormal().init([4]).data())).toEqual(Array.from(c.data()));
    expect(nb.initializers.getInitializer('xavier_uniform').className).toBe('GlorotUniform');
    expect(() => nb.initializers.getInitializer('heNorm')).toThrow(/unknown initializer "heNorm"/);
  });
});
