import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const arr = (t: nb.Tensor) => Array.from(t.data());

function celsiusData() {
  const c = [-40, -10, 0, 8, 15, 22, 38];
  return { x: nb.tensor(c.map((v) => [v])), y: nb.tensor(c.map((v) => [1.8 * v + 32])) };
}

function blobs(n: number, seed = 0) {
  // Two Gaussian blobs in 2-D, labels 0/1.
  nb.seed(seed);
  const x = nb.randn([n, 2]).add(nb.tensor([[0, 0]]));
  const labels = nb.randint(0, 2, [n]);
  const shift = labels.cast('float32').mul(3).reshape([n, 1]);
  return { x: x.add(shift), y: labels };
}

describe('fit: learning', () => {
  it('celsius: Dense(1) with Adam(0.1) learns F = 1.8C + 32', async () => {
    nb.seed(1);
    const { x, y } = celsiusData();
    const model = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: nb.optim.adam({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    const h = await model.fit(x, y, { epochs: 1500, verbose: 0 });
    expect(h.history.loss!.length).toBe(1500);
    const d = model.layers[0] as nb.layers.Dense;
    expect(d.kernel!.item()).toBeCloseTo(1.8, 1);
    expect(Math.abs(d.bias!.item() - 32)).toBeLessThan(1);
    expect(Math.abs((await model.predict(nb.tensor([[100]]))).item() - 212)).toBeLessThan(1);
  });

  it('xor: 2 hidden neurons reach accuracy 1.0', async () => {
    nb.seed(0);
    const x = nb.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = nb.tensor([[0], [1], [1], [0]]);
    const model = nb.sequential([nb.layers.dense({ units: 2, activation: 'tanh', inputShape: [2] }), nb.layers.dense({ units: 1, activation: 'sigmoid' })]);
    model.compile({ optimizer: nb.optim.adam({ learningRate: 0.1 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 1000, batchSize: 4, verbose: 0 });
    const { accuracy } = await model.evaluate(x, y);
    expect(accuracy).toBe(1);
  });

  it('an MLP separates two blobs, reporting accuracy and validation metrics', async () => {
    const { x, y } = blobs(400);
    const model = nb.sequential([
      nb.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
      nb.layers.dropout({ rate: 0.1 }),
      nb.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: nb.optim.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 20, batchSize: 32, validationSplit: 0.25, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(h.history.val_accuracy!.at(-1)).toBeGreaterThan(0.93); // the Bayes error of these blobs is about 2%
    expect(h.history.loss!.at(-1)).toBeLessThan(h.history.loss![0]!);
  });
});

describe('fit: options', () => {
  it('validationSplit holds out the last samples: val_loss equals evaluate on them', async () => {
    const { x, y } = blobs(100, 1);
    const model = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
    model.compile({ optimizer: nb.optim.sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 2, batchSize: 10, validationSplit: 0.2, verbose: 0 });
    const ev = await model.evaluate(nb.slice(x, [80]), nb.slice(y, [80]), { batchSize: 10 });
    expect(h.history.val_loss!.at(-1)).toBeCloseTo(ev.loss!, 5);
    expect(h.history.val_accuracy!.at(-1)).toBeCloseTo(ev.accuracy!, 6);
    expect(model.optimizer!.iterations).toBe(2 * 8); // 80 training samples in batches of 10
  });

  it('classWeight equals the matching sampleWeight, bit for bit', async () => {
    const { x, y } = blobs(60, 2);
    const train = async (opts: nb.FitOptions) => {
      nb.seed(7);
      const m = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
      m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
      await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, ...opts });
      return arr(m.weights[0]!);
    };
    const sw = nb.tensor(arr(y).map((c) => (c === 1 ? 3 : 1)));
    const a = await train({ classWeight: { 0: 1, 1: 3 } });
    expect(a).toEqual(await train({ sampleWeight: sw }));
    expect(a).not.toEqual(await train({}));
  });

  it('initialEpoch resumes the epoch count; shuffle follows nb.seed', async () => {
    const { x, y } = blobs(40, 3);
    const run = async () => {
      nb.seed(11);
      const m = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
      m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      const h = await m.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 8, verbose: 0 });
      return { h, w: arr(m.weights[0]!), m };
    };
    const r1 = await run();
    expect(r1.h.epoch).toEqual([2, 3]);
    expect(r1.m.completedEpochs).toBe(4);
    expect((await run()).w).toEqual(r1.w);
  });

  it('trains from a batch source: arrays of {x, y}, generators and async generators alike', async () => {
    const { x, y } = blobs(48, 4);
    const batches = [0, 16, 32].map((b) => ({ x: nb.slice(x, [b], [16]), y: nb.slice(y, [b], [16]) }));
    const train = async (data: unknown) => {
      nb.seed(5);
      const m = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
      m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      const h = data === 'tensors' ? await m.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 }) : await m.fit(data as nb.BatchSource, { epochs: 2, verbose: 0 });
      return { w: arr(m.weights[0]!), h };
    };
    const ref = await train('tensors');
    expect((await train(batches)).w).toEqual(ref.w);
    const gen = { *[Symbol.iterator]() { yield* batches; } };
    expect((await train(gen)).w).toEqual(ref.w);
    const agen = { async *[Symbol.asyncIterator]() { for (const b of batches) yield [b.x, b.y] as const; } };
    const r = await train(agen);
    expect(r.w).toEqual(ref.w);
    expect(r.h.history.accuracy!.length).toBe(2);
  });

  it('stepsPerEpoch takes that many batches per epoch from a source', async () => {
    const { x, y } = blobs(32, 6);
    const batches = [0, 8, 16, 24].map((b) => ({ x: nb.slice(x, [b], [8]), y: nb.slice(y, [b], [8]) }));
    const m = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await m.fit(batches, { epochs: 3, stepsPerEpoch: 3, verbose: 0 });
    expect(m.optimizer!.iterations).toBe(9);
  });

  it('clear errors: not compiled, unknown options, sample counts, targets missing', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [2], name: 'z' })]);
    await expect(m.fit(nb.ones([4, 2]), nb.ones([4, 1]))).rejects.toThrow(/compile the model first/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(nb.ones([4, 2]), nb.ones([4, 1]), { epoch: 3 } as never)).rejects.toThrow(/fit: unknown option "epoch"/);
    await expect(m.fit(nb.ones([4, 2]), nb.ones([5, 1]), { verbose: 0 })).rejects.toThrow(/same number of samples.*x \[4,2\], y \[5,1\]/);
    await expect(m.fit(nb.ones([4, 3]), nb.ones([4, 1]), { verbose: 0 })).rejects.toThrow(/Sequential 'sequential(_\d+)?': its input must have shape \[None,2\] \(batch axis first\), got \[4,3\]/);
    await expect(m.fit(nb.ones([4, 2]), nb.ones([4, 1]), { validationSplit: 1.5, verbose: 0 })).rejects.toThrow(/validationSplit must be a number in \[0, 1\)/);
  });
});

describe('hand-written loops and penalties', () => {
  it('opt.zeroGrad(); loss.backward(); opt.step() trains a model', () => {
    nb.seed(0);
    const model = nb.sequential([nb.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), nb.layers.dense({ units: 1 })]);
    const opt = nb.optim.adam({ learningRate: 0.05 }, model.parameters());
    const x = nb.randn([64, 2]);
    const y = x.mul(x).sum(1, true);
    const first = nb.losses.meanSquaredError(y, model.call(x)).item();
    for (let i = 0; i < 200; i++) {
      opt.zeroGrad();
      const loss = nb.losses.meanSquaredError(y, model.call(x, { training: true }));
      loss.backward();
      opt.step();
    }
    expect(nb.losses.meanSquaredError(y, model.call(x)).item()).toBeLessThan(first / 10);
  });

  it('the logged loss includes weight and activity penalties', async () => {
    const m = nb.sequential([
      nb.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'ones', useBias: false, kernelRegularizer: nb.regularizers.l2(0.5), activityRegularizer: nb.regularizers.l1(0.25) }),
    ]);
    m.compile({ optimizer: nb.optim.sgd({ learningRate: 1e-9 }), loss: 'mse' });
    const ev = await m.evaluate(nb.tensor([[2]]), nb.tensor([[2]]));
    expect(ev.loss).toBeCloseTo(0 + 0.5 * 1 + 0.25 * 2, 5);
  });
});

describe('evaluate, predict, trainOnBatch', () => {
  it('predict is batched, in inference mode, and equals call', async () => {
    nb.seed(8);
    const m = nb.sequential([nb.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }), nb.layers.dropout({ rate: 0.5 }), nb.layers.dense({ units: 2 })]);
    const x = nb.randn([45, 3]);
    const p = await m.predict(x, { batchSize: 7 });
    expect(p.shape).toEqual([45, 2]);
    arr(p).forEach((v, i) => expect(v).toBeCloseTo(arr(m.call(x))[i]!, 5));
  });

  it('evaluate weights batch losses by batch size; trainOnBatch does one step', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })]);
    m.compile({ optimizer: nb.optim.sgd({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const x = nb.tensor([[1], [2], [3]]);
    const y = nb.tensor([[1], [2], [6]]);
    const ev = await m.evaluate(x, y, { batchSize: 2 });
    expect(ev.loss).toBeCloseTo((1 + 4 + 36) / 3, 5);
    expect(ev.mae).toBeCloseTo(3, 5);
    const logs = m.trainOnBatch(x, y);
    expect(logs.loss).toBeCloseTo(41 / 3, 5);
    expect(m.optimizer!.iterations).toBe(1);
  });
});

describe('functional models', () => {
  it('two inputs and two outputs with per-output losses, weights and metrics', async () => {
    nb.seed(3);
    const a = nb.input({ shape: [3], name: 'a' });
    const b = nb.input({ shape: [2], name: 'b' });
    const shared = nb.layers.dense({ units: 8, activation: 'relu', name: 'shared' });
    const ha = shared.apply(a);
    const hb = nb.layers.dense({ units: 8, activation: 'relu', name: 'side' }).apply(b);
    const price = nb.layers.dense({ units: 1, name: 'price' }).apply(ha);
    const kind = nb.layers.dense({ units: 3, activation: 'softmax', name: 'kind' }).apply(hb);
    const model = nb.model({ inputs: [a, b], outputs: [price, kind] });
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.outputNames).toEqual(['price', 'kind']);
    expect(price.shape).toEqual([null, 1]);
    model.compile({
      optimizer: nb.optim.adam({ learningRate: 0.01 }),
      loss: { price: 'mse', kind: 'sparseCategoricalCrossentropy' },
      lossWeights: { price: 1, kind: 0.5 },
      metrics: { price: ['mae'], kind: ['accuracy'] },
    });
    const xa = nb.randn([64, 3]);
    const xb = nb.randn([64, 2]);
    const yPrice = xa.sum(1, true);
    const yKind = nb.argmax(xb.matmul(nb.tensor([[1, -1, 0], [0, 1, -1]])), 1);
    const h = await model.fit({ a: xa, b: xb }, [yPrice, yKind], { epochs: 20, batchSize: 16, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['kind_accuracy', 'kind_loss', 'loss', 'price_loss', 'price_mae']);
    const last = (k: string) => h.history[k]!.at(-1)!;
    expect(last('loss')).toBeCloseTo(last('price_loss') + 0.5 * last('kind_loss'), 4);
    expect(last('loss')).toBeLessThan(h.history.loss![0]!);
    const [p1, p2] = await model.predictMulti([xa, xb]);
    expect(p1!.shape).toEqual([64, 1]);
    expect(p2!.shape).toEqual([64, 3]);
    expect(() => nb.model({ inputs: a, outputs: kind })).toThrow(/depend on input 'b', which is not among the model's inputs/);
  });

  it('int32 inputs (token ids) pass through an input layer uncast', () => {
    const ids = nb.input({ shape: [3], dtype: 'int32', name: 'ids' });
    const m = nb.model({ inputs: ids, outputs: ids });
    const out = m.call(nb.tensor([[1, 2, 3]], { dtype: 'int32' }));
    expect(out.dtype).toBe('int32');
    expect(() => nb.layers.dense({ units: 1, dtype: 'int32' })).toThrow(/dtype must be one of 'float32', 'float64', got "int32"/);
  });

  it('evaluates and validates on batch sources', async () => {
    const { x, y } = blobs(40, 9);
    const batches = [0, 20].map((b) => ({ x: nb.slice(x, [b], [20]), y: nb.slice(y, [b], [20]) }));
    const m = nb.sequential([nb.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 1, verbose: 0, validationData: batches });
    const ev = await m.evaluate(batches);
    expect(h.history.val_loss![0]).toBeCloseTo(ev.loss!, 6);
    expect((await m.evaluate(x, y, { batchSize: 20 })).accuracy).toBeCloseTo(ev.accuracy!, 6);
  });

  it('a shared layer is one set of weights; models nest as layers', () => {
    const inp = nb.input({ shape: [4] });
    const d = nb.layers.dense({ units: 4, name: 'twice' });
    const out = d.apply(d.apply(inp));
    const m = nb.model({ inputs: inp, outputs: out, name: 'inner' });
    expect(m.layers.map((l) => l.name)).toEqual([inp.sourceLayer.name, 'twice']);
    expect(m.countParams()).toBe(20);
    const outer = nb.sequential([m, nb.layers.dense({ units: 1, name: 'head' })]);
    expect(outer.call(nb.ones([2, 4])).shape).toEqual([2, 1]);
    expect(outer.namedWeights().map(([k]) => k)).toEqual(['layers.0.layers.1.kernel', 'layers.0.layers.1.bias', 'layers.1.kernel', 'layers.1.bias']);
  });
});

describe('summary', () => {
  it('prints the Keras layer table with output shapes and parameter counts', () => {
    const m = nb.sequential(
      [
        nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784], name: 'dense' }),
        nb.layers.dropout({ rate: 0.2, name: 'dropout' }),
        nb.layers.dense({ units: 10, activation: 'softmax', name: 'dense_1' }),
      ],
      { name: 'sequential' },
    );
    const s = m.summary();
    expect(s).toContain('Model: "sequential"');
    expect(s).toMatch(/ Layer \(type\)\s+Output Shape\s+Param #/);
    expect(s).toMatch(/ dense \(Dense\)\s+\(None, 128\)\s+100480/);
    expect(s).toMatch(/ dropout \(Dropout\)\s+\(None, 128\)\s+0/);
    expect(s).toMatch(/ dense_1 \(Dense\)\s+\(None, 10\)\s+1290/);
    expect(s).toContain('Total params: 101,770');
    expect(s).toContain('Trainable params: 101,770');
    expect(s).toContain('Non-trainable params: 0');
    expect(() => nb.sequential([nb.layers.dense({ units: 1 })]).summary()).toThrow(/not built yet/);
    const inp = nb.input({ shape: [3], name: 'in' });
    const g = nb.model({ inputs: inp, outputs: nb.layers.dense({ units: 2, name: 'out' }).apply(inp) });
    expect(g.summary()).toMatch(/out \(Dense\)\s+\(None, 2\)\s+8\s+in\[0\]\[0\]/);
  });
});
