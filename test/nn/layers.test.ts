import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const arr = (t: nb.Tensor) => Array.from(t.data());

describe('Dense', () => {
  it('builds from the input shape on first call and computes activation(x @ W + b)', () => {
    nb.seed(1);
    const d = nb.layers.dense({ units: 3, activation: 'relu' });
    expect(d.built).toBe(false);
    const x = nb.randn([4, 5]);
    const y = d.call(x);
    expect(d.built).toBe(true);
    expect(y.shape).toEqual([4, 3]);
    expect(d.kernel!.shape).toEqual([5, 3]);
    expect(d.bias!.shape).toEqual([3]);
    const ref = x.matmul(d.kernel!).add(d.bias!).relu();
    expect(arr(y)).toEqual(arr(ref));
  });

  it('applies to the last axis of higher-rank inputs', () => {
    const d = nb.layers.dense({ units: 2, kernelInitializer: 'ones', biasInitializer: nb.initializers.constant({ value: 0.5 }) });
    const y = d.call(nb.ones([2, 3, 4]));
    expect(y.shape).toEqual([2, 3, 2]);
    expect(arr(y).every((v) => v === 4.5)).toBe(true);
  });

  it('uses Keras defaults: glorotUniform kernel within ±√(6/(in+out)), zero bias', () => {
    nb.seed(3);
    const d = nb.layers.dense({ units: 50, inputShape: [30] });
    d.call(nb.zeros([1, 30]));
    const limit = Math.sqrt(6 / 80);
    const k = arr(d.kernel!);
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    expect(arr(d.bias!).every((v) => v === 0)).toBe(true);
  });

  it('names its errors: wrong input size, missing units, unknown options', () => {
    const d = nb.layers.dense({ units: 2, name: 'head' });
    d.call(nb.ones([1, 4]));
    expect(() => d.call(nb.ones([1, 5]))).toThrow(/Dense 'head': expected input with last dimension 4, got shape \[1,5\]/);
    expect(() => nb.layers.dense({} as never)).toThrow(/units is required/);
    expect(() => nb.layers.dense({ units: 2, unit: 3 } as never)).toThrow(/unknown option "unit"; valid options are .*units/);
    expect(() => nb.layers.dense({ units: -1 })).toThrow(nb.ConfigError);
    expect(() => nb.layers.dense({ units: 2, activation: 'relux' })).toThrow(/unknown activation "relux"/);
  });
});

describe('Layer base', () => {
  it('finds weights by walking fields, with dotted names, and counts parameters', () => {
    const m = nb.sequential([
      nb.layers.dense({ units: 4, inputShape: [3], name: 'a' }),
      nb.layers.batchNormalization({ name: 'bn' }),
      nb.layers.dense({ units: 2, name: 'b' }),
    ]);
    expect(m.namedWeights().map(([k]) => k)).toEqual([
      'layers.0.kernel',
      'layers.0.bias',
      'layers.1.gamma',
      'layers.1.beta',
      'layers.1.movingMean',
      'layers.1.movingVariance',
      'layers.2.kernel',
      'layers.2.bias',
    ]);
    expect(m.countParams()).toBe(3 * 4 + 4 + 4 * 4 + 4 * 2 + 2);
    expect(m.parameters().length).toBe(6); // moving statistics are not trainable
    expect(m.nonTrainableWeights.map((w) => w.name)).toEqual(['bn.movingMean', 'bn.movingVariance']);
  });

  it('a frozen layer gets no gradients and is left out of parameters()', () => {
    const m = nb.sequential([nb.layers.dense({ units: 4, inputShape: [3], name: 'f1' }), nb.layers.dense({ units: 1, name: 'f2' })]);
    m.getLayer('f1').trainable = false;
    expect(m.parameters().map((p) => p.name)).toEqual(['f2.kernel', 'f2.bias']);
    const loss = m.call(nb.ones([2, 3])).sum();
    loss.backward();
    const f1 = m.getLayer('f1') as nb.layers.Dense;
    expect(f1.kernel!.grad).toBeNull();
    expect((m.getLayer('f2') as nb.layers.Dense).kernel!.grad).not.toBeNull();
    m.trainable = false;
    expect(m.parameters()).toEqual([]);
    m.trainable = true;
    expect(m.parameters().length).toBe(4);
  });

  it('getConfig rebuilds an equivalent layer through the registry', () => {
    const d = nb.layers.dense({ units: 7, activation: 'tanh', useBias: false, kernelRegularizer: nb.regularizers.l2(0.1), name: 'cfg' });
    const cfg = JSON.parse(JSON.stringify(nb.serializeLayer(d)));
    const d2 = nb.deserializeLayer(cfg) as nb.layers.Dense;
    expect(d2).toBeInstanceOf(nb.layers.Dense);
    expect(d2.getConfig()).toEqual(d.getConfig());
    expect(() => nb.deserializeLayer({ className: 'Nope', config: {} })).toThrow(/unknown layer class 'Nope'.*Known: .*Dense/);
  });

  it('custom layers: addWeight in build, registerLayer for loading', () => {
    class Scale extends nb.Layer {
      static override readonly className = 'ScaleTest';
      w: nb.Variable | null = null;
      override build(shape: nb.SymbolicShape) {
        this.w = this.addWeight('w', [shape[shape.length - 1]!], { initializer: 'ones' });
      }
      override forward(x: nb.Tensor) {
        return x.mul(this.w!);
      }
    }
    nb.registerLayer(Scale);
    const s = new Scale({ name: 'sc' });
    expect(arr(s.call(nb.tensor([[2, 3]])))).toEqual([2, 3]);
    expect(s.namedWeights().map(([k]) => k)).toEqual(['w']);
    const again = nb.deserializeLayer(nb.serializeLayer(s));
    expect(again.className).toBe('ScaleTest');
  });

  it('loadStateDict reports missing, unexpected and mis-shaped names in one error', () => {
    const m = nb.sequential([nb.layers.dense({ units: 2, inputShape: [3], name: 'q' })]);
    let msg = '';
    try {
      m.loadStateDict({ 'layers.0.kernel': nb.zeros([3, 3]), extra: nb.zeros([1]) }, { source: 'w.safetensors' });
    } catch (e) {
      expect(e).toBeInstanceOf(nb.DataError);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/w\.safetensors/);
    expect(msg).toMatch(/missing: layers\.0\.bias \[q\.bias\]/);
    expect(msg).toMatch(/unexpected: extra/);
    expect(msg).toMatch(/wrong shape: layers\.0\.kernel \[q\.kernel\] \(expected \[3,2\], got \[3,3\]\)/);
  });
});

describe('Dropout', () => {
  it('drops with probability rate and scales by 1/(1-rate) in training only', () => {
    nb.seed(5);
    const d = nb.layers.dropout({ rate: 0.25 });
    const x = nb.ones([200, 50]);
    expect(d.call(x)).toBe(x); // inference: identity
    const y = arr(d.call(x, { training: true }));
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / y.length).toBeGreaterThan(0.73);
    expect(kept.length / y.length).toBeLessThan(0.77);
  });

  it('follows nb.seed exactly', () => {
    const d = nb.layers.dropout({ rate: 0.5 });
    nb.seed(9);
    const a = arr(d.call(nb.ones([10, 10]), { training: true }));
    nb.seed(9);
    const b = arr(d.call(nb.ones([10, 10]), { training: true }));
    expect(a).toEqual(b);
  });

  it('noiseShape shares the mask along axes of size 1', () => {
    nb.seed(2);
    const y = nb.layers.dropout({ rate: 0.5, noiseShape: [null, 1] }).call(nb.ones([6, 8]), { training: true }).toArray() as number[][];
    for (const row of y) expect(new Set(row).size).toBe(1);
  });
});

describe('Flatten and Reshape', () => {
  it('flatten keeps the batch axis; reshape infers -1', () => {
    const x = nb.arange(24).reshape([2, 3, 4]);
    expect(nb.layers.flatten().call(x).shape).toEqual([2, 12]);
    const r = nb.layers.reshape({ targetShape: [4, -1] });
    expect(r.call(x).shape).toEqual([2, 4, 3]);
    expect(r.computeOutputShape([null, 3, 4])).toEqual([null, 4, 3]);
    expect(() => nb.layers.reshape({ targetShape: [5] }).call(x)).toThrow(/cannot reshape samples of shape \[3,4\] \(12 values\) into \[5\]/);
  });
});

describe('BatchNormalization', () => {
  it('normalises with batch statistics in training and updates the moving averages (momentum 0.99)', () => {
    const bn = nb.layers.batchNormalization({ epsilon: 1e-3 });
    const x = nb.tensor([[1, 10], [3, 30]]);
    const y = bn.call(x, { training: true }).toArray() as number[][];
    // per feature: mean (2, 20), biased variance (1, 100)
    expect(y[0]![0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-3), 5);
    expect(y[1]![1]).toBeCloseTo(10 / Math.sqrt(100 + 1e-3), 5);
    expect(arr(bn.movingMean!)[0]).toBeCloseTo(0.01 * 2, 6);
    expect(arr(bn.movingVariance!)[1]).toBeCloseTo(0.99 + 0.01 * 100, 4);
  });

  it('uses the moving statistics at inference, and always when frozen', () => {
    const bn = nb.layers.batchNormalization({ center: false, scale: false });
    bn.call(nb.zeros([1, 2]));
    bn.movingMean!.assign(nb.tensor([1, 2]));
    bn.movingVariance!.assign(nb.tensor([4, 9]));
    const x = nb.tensor([[3, 8]]);
    const expected = [2 / Math.sqrt(4.001), 6 / Math.sqrt(9.001)];
    arr(bn.call(x)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    bn.trainable = false;
    const before = arr(bn.movingMean!);
    arr(bn.call(nb.tensor([[3, 8], [5, 0]]), { training: true })).slice(0, 2).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(arr(bn.movingMean!)).toEqual(before);
  });
});

describe('LayerNormalization', () => {
  it('normalises each sample over its features', () => {
    const ln = nb.layers.layerNormalization({ epsilon: 1e-5 });
    const y = ln.call(nb.tensor([[1, 2, 3], [10, 10, 40]])).toArray() as number[][];
    const s = Math.sqrt(2 / 3 + 1e-5);
    expect(y[0]![0]).toBeCloseTo(-1 / s, 4);
    expect(y[0]![2]).toBeCloseTo(1 / s, 4);
    expect(y[1]!.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 4);
    expect(ln.gamma!.shape).toEqual([3]);
  });
});

describe('Activation layer and activations', () => {
  it('resolves names, Keras snake_case and functions', () => {
    const x = nb.tensor([-2, 0, 3]);
    expect(arr(nb.layers.activation({ activation: 'relu' }).call(x))).toEqual([0, 0, 3]);
    expect(arr(nb.activations.get('leaky_relu')(x))[0]).toBeCloseTo(-0.6, 6);
    expect(arr(nb.activations.get('softmax')(nb.tensor([[0, 0]])))).toEqual([0.5, 0.5]);
    for (const name of ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'selu', 'softplus', 'softmax', 'gelu']) {
      expect(nb.activations.get(name)(x).shape).toEqual([3]);
    }
    expect(arr(nb.activations.get('softplus')(nb.tensor([0])))[0]).toBeCloseTo(Math.LN2, 6);
  });
});

describe('functional twins', () => {
  it('nn.functional.dense equals the Dense layer', () => {
    nb.seed(4);
    const d = nb.layers.dense({ units: 3 });
    const x = nb.randn([2, 4]);
    const y = d.call(x);
    expect(arr(nb.nn.functional.dense(x, d.kernel!, d.bias))).toEqual(arr(y));
    expect(() => nb.nn.functional.dense(nb.ones([2, 5]), d.kernel!)).toThrow(/last dimension must be 4/);
  });
});
