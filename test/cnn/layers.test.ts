import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const L = nb.layers;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The notes' Fashion-MNIST CNN. */
function notesCnn(): nb.Sequential {
  return nb.sequential([
    L.conv2d({ filters: 32, kernelSize: [3, 3], padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
    L.maxPooling2d({ poolSize: [2, 2], strides: 2 }),
    L.conv2d({ filters: 64, kernelSize: [3, 3], padding: 'same', activation: 'relu' }),
    L.maxPooling2d({ poolSize: [2, 2], strides: 2 }),
    L.flatten(),
    L.dense({ units: 128, activation: 'relu' }),
    L.dense({ units: 10, activation: 'softmax' }),
  ]);
}

describe('the notes’ CNN', () => {
  it('has 421 642 parameters and Keras’s output shapes in its summary', () => {
    nb.resetLayerNames();
    const m = notesCnn();
    expect(m.countParams()).toBe(421_642);
    const s = m.summary();
    expect(s).toMatch(/conv2d \(Conv2D\)\s+\(None, 28, 28, 32\)\s+320\n/);
    expect(s).toMatch(/max_pooling2d \(MaxPooling2\s*\(None, 14, 14, 32\)\s+0/);
    expect(s).toMatch(/conv2d_1 \(Conv2D\)\s+\(None, 14, 14, 64\)\s+18496/);
    expect(s).toMatch(/\(None, 7, 7, 64\)/);
    expect(s).toMatch(/flatten \(Flatten\)\s+\(None, 3136\)\s+0/);
    expect(s).toMatch(/dense \(Dense\)\s+\(None, 128\)\s+401536/);
    expect(s).toMatch(/Total params: 421,642/);
    const y = m.call(nb.rand([2, 28, 28, 1]));
    expect(y.shape).toEqual([2, 10]);
    expect(y.sum(-1).toArray()).toEqual([expect.closeTo(1, 5), expect.closeTo(1, 5)]);
  });
});

describe('output shapes', () => {
  const cases: [string, () => nb.Layer, number[]][] = [
    ['conv1d valid stride 2 dilation 2', () => L.conv1d({ filters: 5, kernelSize: 3, strides: 2, dilationRate: 2 }), [3, 17, 2]],
    ['conv1d causal stride 3', () => L.conv1d({ filters: 5, kernelSize: 4, strides: 3, padding: 'causal' }), [3, 17, 2]],
    ['conv1d same', () => L.conv1d({ filters: 1, kernelSize: 5, padding: 'same' }), [1, 8, 3]],
    ['conv2d valid strides [2,3] dilation [1,2]', () => L.conv2d({ filters: 4, kernelSize: [3, 2], strides: [2, 3], dilationRate: [1, 2] }), [2, 11, 13, 3]],
    ['conv2d same stride 2', () => L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), [2, 11, 13, 3]],
    ['conv2d groups', () => L.conv2d({ filters: 6, kernelSize: 1, groups: 3 }), [1, 4, 4, 3]],
    ['conv2dTranspose valid stride 2', () => L.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }), [2, 5, 4, 2]],
    ['conv2dTranspose same stride 2', () => L.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), [2, 5, 4, 2]],
    ['conv1dTranspose valid', () => L.conv1dTranspose({ filters: 3, kernelSize: 4, strides: 3 }), [2, 5, 2]],
    ['depthwiseConv2d', () => L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3, padding: 'same' }), [2, 6, 6, 2]],
    ['separableConv2d', () => L.separableConv2d({ filters: 7, kernelSize: 3, strides: 2 }), [2, 9, 9, 2]],
    ['maxPooling2d same stride 1', () => L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), [2, 7, 5, 2]],
    ['averagePooling2d valid', () => L.averagePooling2d({ poolSize: [2, 3] }), [2, 7, 8, 2]],
    ['maxPooling1d same', () => L.maxPooling1d({ poolSize: 2, padding: 'same' }), [2, 7, 2]],
    ['averagePooling1d strides 1', () => L.averagePooling1d({ poolSize: 3, strides: 1 }), [2, 7, 2]],
    ['globalAveragePooling2d', () => L.globalAveragePooling2d(), [2, 7, 5, 3]],
    ['globalMaxPooling1d keepDims', () => L.globalMaxPooling1d({ keepDims: true }), [2, 7, 3]],
    ['upSampling2d', () => L.upSampling2d({ size: [2, 3] }), [2, 3, 4, 2]],
    ['upSampling1d', () => L.upSampling1d({ size: 4 }), [2, 3, 2]],
    ['zeroPadding2d', () => L.zeroPadding2d({ padding: [[1, 2], [3, 4]] }), [2, 3, 4, 2]],
    ['zeroPadding1d', () => L.zeroPadding1d({ padding: 2 }), [2, 3, 2]],
    ['cropping2d', () => L.cropping2d({ cropping: [1, 2] }), [2, 5, 6, 2]],
    ['cropping1d', () => L.cropping1d({ cropping: [0, 2] }), [2, 5, 2]],
    ['spatialDropout2d', () => L.spatialDropout2d({ rate: 0.5 }), [2, 3, 3, 2]],
  ];
  for (const [name, make, shape] of cases) {
    it(`${name}: computeOutputShape matches the computed output`, () => {
      const layer = make();
      const y = layer.call(nb.randn(shape), { training: true });
      expect(layer.computeOutputShape([null, ...shape.slice(1)])).toEqual([null, ...y.shape.slice(1)]);
    });
  }

  it('unknown spatial sizes stay unknown', () => {
    expect(L.conv2d({ filters: 4, kernelSize: 3 }).computeOutputShape([null, null, 10, 3])).toEqual([null, null, 8, 4]);
    expect(L.maxPooling1d().computeOutputShape([null, null, 3])).toEqual([null, null, 3]);
  });

  it('parameter counts: depthwise and separable are cheaper than a full conv', () => {
    const full = L.conv2d({ filters: 16, kernelSize: 3 });
    full.call(nb.zeros([1, 5, 5, 8]));
    const sep = L.separableConv2d({ filters: 16, kernelSize: 3 });
    sep.call(nb.zeros([1, 5, 5, 8]));
    const dw = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 });
    dw.call(nb.zeros([1, 5, 5, 8]));
    expect(full.countParams()).toBe(3 * 3 * 8 * 16 + 16);
    expect(sep.countParams()).toBe(3 * 3 * 8 + 8 * 16 + 16);
    expect(dw.countParams()).toBe(3 * 3 * 8 * 2 + 16);
    const grouped = L.conv2d({ filters: 16, kernelSize: 3, groups: 4 });
    grouped.call(nb.zeros([1, 5, 5, 8]));
    expect(grouped.kernel!.shape).toEqual([3, 3, 2, 16]);
  });
});

describe('layer behaviour', () => {
  it('conv2d with a given kernel computes the cross-correlation plus bias', () => {
    const layer = L.conv2d({ filters: 1, kernelSize: 2, kernelInitializer: 'ones', biasInitializer: nb.initializers.constant({ value: 0.5 }) });
    const x = nb.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9]).reshape([1, 3, 3, 1]);
    expect(Array.from(layer.call(x).data())).toEqual([12.5, 16.5, 24.5, 28.5]);
  });

  it('adds the bias once and applies the activation, fused (relu, linear) or not (tanh, custom)', () => {
    nb.seed(5);
    const x = nb.randn([2, 5, 5, 3]);
    for (const activation of ['relu', 'linear', 'tanh', (t: nb.Tensor) => t.sigmoid()] as const) {
      const layer = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation, biasInitializer: 'randomNormal' });
      const y = layer.call(x);
      const z = nb.conv2d(x, layer.kernel!, { padding: 'same' }).add(layer.bias!);
      const ref = typeof activation === 'function' ? activation(z) : activation === 'relu' ? z.relu() : activation === 'tanh' ? z.tanh() : z;
      const d = y.data();
      const r = ref.data();
      for (let i = 0; i < d.length; i++) expect(d[i]).toBeCloseTo(r[i]!, 5);
    }
  });

  it('causal conv1d: output t depends on inputs up to t only', () => {
    nb.seed(2);
    const layer = L.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal' });
    const x = nb.randn([1, 10, 1]);
    const y1 = layer.call(x).data().slice();
    const x2 = x.data().slice();
    x2[7] = 100;
    const y2 = layer.call(new nb.Tensor(x2, [1, 10, 1], 'float32')).data();
    for (let t = 0; t < 10; t++) for (let f = 0; f < 2; f++) (t < 7 ? expect(y2[t * 2 + f]).toBe(y1[t * 2 + f]) : null);
    expect(y2[7 * 2]).not.toBe(y1[7 * 2]);
  });

  it('spatial dropout drops whole channels in training and is the identity at inference', () => {
    const layer = L.spatialDropout2d({ rate: 0.5, seed: 4 });
    const x = nb.ones([3, 4, 4, 6]);
    expect(Array.from(layer.call(x).data()).every((v) => v === 1)).toBe(true);
    const y = layer.call(x, { training: true }).data();
    let kept = 0;
    for (let n = 0; n < 3; n++) {
      for (let c = 0; c < 6; c++) {
        const vals = new Set<number>();
        for (let i = 0; i < 16; i++) vals.add(y[(n * 16 + i) * 6 + c]!);
        expect(vals.size).toBe(1); // the whole map is kept (×2) or dropped (0)
        const v = [...vals][0]!;
        expect([0, 2]).toContain(v);
        if (v === 2) kept++;
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(18);
  });

  it('uses Keras’s default names', () => {
    nb.resetLayerNames();
    expect(L.conv2d({ filters: 1, kernelSize: 1 }).name).toBe('conv2d');
    expect(L.conv2d({ filters: 1, kernelSize: 1 }).name).toBe('conv2d_1');
    expect(L.maxPooling2d().name).toBe('max_pooling2d');
    expect(L.conv2dTranspose({ filters: 1, kernelSize: 1 }).name).toBe('conv2d_transpose');
    expect(L.globalAveragePooling2d().name).toBe('global_average_pooling2d');
    expect(L.separableConv2d({ filters: 1, kernelSize: 1 }).name).toBe('separable_conv2d');
    expect(L.maxPool2d()).toBeInstanceOf(L.MaxPooling2D);
  });
});

describe('errors name the layer, the option and the values', () => {
  it('rejects bad options', () => {
    expect(() => L.conv2d({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' as never, name: 'c' })).toThrow(/Conv2D 'c': dataFormat 'channelsFirst' is not supported; .*channels-last/);
    expect(() => L.conv2d({ kernelSize: 3 } as never)).toThrow(/conv2d: filters is required/);
    expect(() => L.conv2d({ filters: 2 } as never)).toThrow(/conv2d: kernelSize is required/);
    expect(() => L.conv2d({ filters: 2, kernelSize: 3, kernelSizes: 3 } as never)).toThrow(/unknown option "kernelSizes"; valid options are .*kernelSize/);
    expect(() => L.conv2d({ filters: 2, kernelSize: 3, padding: 'causal' as never, name: 'c2' })).toThrow(/Conv2D 'c2': padding must be 'valid' or 'same', got "causal"/);
    expect(() => L.conv2d({ filters: 2, kernelSize: [3, 0], name: 'c3' })).toThrow(/Conv2D 'c3': kernelSize must be a positive integer or a list of 2 of them, got \[3,0\]/);
    expect(() => L.conv2d({ filters: 3, kernelSize: 1, groups: 2, name: 'c4' })).toThrow(/filters \(3\) must be divisible by groups \(2\)/);
    expect(() => L.maxPooling2d({ poolSize: -1 as never, name: 'p' })).toThrow(/MaxPooling2D 'p': poolSize must be a positive integer/);
  });

  it('rejects inputs that do not fit', () => {
    const c = L.conv2d({ filters: 2, kernelSize: 5, name: 'big' });
    expect(() => c.call(nb.zeros([1, 3, 8, 1]))).toThrow(/Conv2D 'big': the window \(5\) is larger than the input height \(3\)/);
    const c2 = L.conv2d({ filters: 2, kernelSize: 1, name: 'ch' });
    c2.call(nb.zeros([1, 3, 3, 2]));
    expect(() => c2.call(nb.zeros([1, 3, 3, 4]))).toThrow(/Conv2D 'ch': expected input \[batch, height, width, channels\] with 2 channels, got shape \[1,3,3,4\]/);
    expect(() => L.conv1d({ filters: 1, kernelSize: 1, name: 'seq' }).call(nb.zeros([2, 3]))).toThrow(/Conv1D 'seq': expected 3-D input \[batch, length, channels\], got shape \[null,3\]/);
    expect(() => L.maxPooling2d({ name: 'mp' }).call(nb.zeros([2, 3, 3]))).toThrow(/MaxPooling2D 'mp': expected 4-D input/);
  });
});

describe('save and load', () => {
  it('round-trips a CNN of every layer kind with bit-identical predictions', async () => {
    nb.seed(11);
    const inp = nb.input({ shape: [12, 12, 3] });
    let h = L.zeroPadding2d({ padding: 1 }).apply(inp);
    h = L.conv2d({ filters: 6, kernelSize: 3, strides: 2, dilationRate: 1, activation: 'relu', kernelRegularizer: nb.regularizers.l2(1e-4) }).apply(h);
    h = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }).apply(h);
    h = L.separableConv2d({ filters: 4, kernelSize: 2, padding: 'same', activation: 'tanh' }).apply(h);
    h = L.spatialDropout2d({ rate: 0.3, seed: 1 }).apply(h);
    h = L.conv2d({ filters: 4, kernelSize: 1, groups: 2 }).apply(h);
    h = L.upSampling2d({ size: 2, interpolation: 'bilinear' }).apply(h);
    h = L.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }).apply(h);
    h = L.cropping2d({ cropping: [[1, 1], [2, 2]] }).apply(h);
    h = L.averagePooling2d({ poolSize: 2, padding: 'same' }).apply(h);
    const a = L.globalMaxPooling2d().apply(L.maxPooling2d({ poolSize: 2 }).apply(h));
    const b = L.globalAveragePooling2d().apply(h);
    const seq = L.reshape({ targetShape: [-1, 3] }).apply(h);
    let s = L.conv1d({ filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 2 }).apply(seq);
    s = L.conv1dTranspose({ filters: 2, kernelSize: 2, strides: 2 }).apply(s);
    s = L.upSampling1d({ size: 2 }).apply(L.zeroPadding1d({ padding: [1, 0] }).apply(s));
    s = L.maxPooling1d({ poolSize: 2 }).apply(L.averagePooling1d({ poolSize: 2, strides: 1 }).apply(L.cropping1d({ cropping: 1 }).apply(s)));
    s = L.globalAveragePooling1d().apply(L.spatialDropout1d({ rate: 0.1 }).apply(s));
    const c = L.globalMaxPooling1d().apply(L.conv1d({ filters: 2, kernelSize: 1 }).apply(seq));
    const out = L.dense({ units: 3, activation: 'softmax' }).apply(a);
    const model = nb.model({ inputs: inp, outputs: [out, b, s, c] });
    const x = nb.randn([2, 12, 12, 3]);
    const before = (await model.predictMulti(x)).map((t) => Array.from(t.data()));
    const dir = mkdtempSync(join(tmpdir(), 'nabla-cnn-'));
    dirs.push(dir);
    await model.save(dir);
    const loaded = await nb.loadModel(dir);
    expect(loaded.summary().replace(/_\d+/g, '')).toBe(model.summary().replace(/_\d+/g, ''));
    const after = (await loaded.predictMulti(x)).map((t) => Array.from(t.data()));
    expect(after).toEqual(before);
    const conv = loaded.layers.find((l) => l.className === 'Conv2D' && (l as nb.layers.Conv2D).groups === 1) as nb.layers.Conv2D;
    expect(conv.getConfig()).toMatchObject({ filters: 6, kernelSize: [3, 3], strides: [2, 2], padding: 'valid', activation: 'relu', dataFormat: 'channelsLast' });
    expect(conv.kernelRegularizer).not.toBeNull();
  });
});
