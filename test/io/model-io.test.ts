import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const tmp = () => mkdtempSync(join(tmpdir(), 'nabla-io-'));
const bits = (t: nb.Tensor) => Array.from(new Uint32Array(new Float32Array(t.data()).buffer));

function data(n = 96) {
  nb.seed(123);
  const x = nb.randn([n, 4]);
  const y = nb.argmax(x.matmul(nb.tensor([[1, 0, -1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])), 1);
  return { x, y };
}

function build() {
  const m = nb.sequential([
    nb.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelRegularizer: nb.regularizers.l2(1e-3) }),
    nb.layers.dropout({ rate: 0.3 }),
    nb.layers.batchNormalization(),
    nb.layers.dense({ units: 3, activation: 'softmax' }),
  ]);
  m.compile({ optimizer: nb.optim.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

describe('save and load', () => {
  it('save → load → predict gives bit-identical outputs, and the compile state comes back', async () => {
    const { x, y } = data();
    nb.seed(1);
    const m = build();
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    const dir = tmp();
    await m.save(dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'optimizer.json', 'optimizer.safetensors', 'weights.safetensors']);
    const m2 = await nb.loadModel(dir);
    expect(bits(await m2.predict(x))).toEqual(bits(await m.predict(x)));
    expect(m2.summary()).toEqual(m.summary());
    expect(m2.optimizer!.iterations).toBe(m.optimizer!.iterations);
    expect(m2.completedEpochs).toBe(2);
    expect((await m2.evaluate(x, y)).accuracy).toBe((await m.evaluate(x, y)).accuracy);
    const before = readFileSync(join(dir, 'weights.safetensors'));
    await m2.save(dir); // same state → same bytes (the save id depends only on the contents)
    expect(readFileSync(join(dir, 'weights.safetensors')).equals(before)).toBe(true);
  });

  it('functional multi-input models round-trip too', async () => {
    const a = nb.input({ shape: [3], name: 'ia' });
    const b = nb.input({ shape: [2], name: 'ib' });
    const shared = nb.layers.dense({ units: 4, activation: 'tanh', name: 'sh' });
    const h = nb.layers.dense({ units: 2, name: 'mix' }).apply(shared.apply(a));
    const out = nb.layers.dense({ units: 1, name: 'o' }).apply(nb.layers.dense({ units: 2, name: 'hb' }).apply(b));
    const m = nb.model({ inputs: [a, b], outputs: [h, out], name: 'two' });
    const dir = tmp();
    await m.save(dir);
    const m2 = await nb.loadModel(dir);
    expect(m2).toBeInstanceOf(nb.Functional);
    const xa = nb.randn([5, 3]);
    const xb = nb.randn([5, 2]);
    const [p1, p2] = await m.predictMulti([xa, xb]);
    const [q1, q2] = await m2.predictMulti([xa, xb]);
    expect(bits(q1!)).toEqual(bits(p1!));
    expect(bits(q2!)).toEqual(bits(p2!));
    expect(m2.isCompiled).toBe(false);
  });

  it('a run stopped after epoch 2 and resumed ends with the same weights as an uninterrupted run', async () => {
    const { x, y } = data();
    nb.seed(42);
    const full = build();
    const dir = tmp();
    const ckpt = nb.callbacks.modelCheckpoint({ filepath: join(dir, 'epoch-{epoch}') });
    await full.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, validationSplit: 0.25, callbacks: [ckpt] });

    nb.seed(42);
    const part = build();
    await part.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    await part.save(join(dir, 'stopped'));

    for (const from of ['stopped', 'epoch-2']) {
      nb.seed(999); // a fresh process would have another random state
      const resumed = await nb.loadModel(join(dir, from));
      expect(resumed.completedEpochs).toBe(2);
      await resumed.fit(x, y, { epochs: 4, initialEpoch: resumed.completedEpochs, batchSize: 16, verbose: 0, validationSplit: 0.25 });
      resumed.weights.forEach((w, i) => expect(bits(w)).toEqual(bits(full.weights[i]!)));
    }
  });

  it('saveWeights / loadWeights: one safetensors file', async () => {
    nb.seed(2);
    const a = build();
    const b = build();
    const file = join(tmp(), 'w.safetensors');
    await a.saveWeights(file);
    await b.loadWeights(file);
    b.weights.forEach((w, i) => expect(bits(w)).toEqual(bits(a.weights[i]!)));
  });
});

describe('load errors name the file and the problem', () => {
  async function saved() {
    nb.seed(3);
    const m = build();
    await m.fit(data(32).x, data(32).y, { epochs: 1, verbose: 0 });
    const dir = tmp();
    await m.save(dir);
    return dir;
  }

  it('truncated weights, corrupt model.json, missing directory', async () => {
    const dir = await saved();
    const wPath = join(dir, 'weights.safetensors');
    const w = readFileSync(wPath);
    writeFileSync(wPath, w.subarray(0, w.length - 10));
    await expect(nb.loadModel(dir)).rejects.toThrow(new RegExp(`${wPath.replace(/[/.]/g, '\\$&')}: tensor '.*' run past the end|${wPath.replace(/[/.]/g, '\\$&')}: .*belong to no tensor|truncated`));
    const dir2 = await saved();
    const mPath = join(dir2, 'model.json');
    writeFileSync(mPath, readFileSync(mPath, 'utf8').slice(0, 100));
    await expect(nb.loadModel(dir2)).rejects.toThrow(/model\.json: not valid JSON/);
    await expect(nb.loadModel(join(dir2, 'nope'))).rejects.toThrow(/nope\/model\.json does not exist/);
  });

  it('weights that do not match the topology: missing, unexpected and wrong-shaped names in one error', async () => {
    const dir = await saved();
    const file = join(dir, 'weights.safetensors');
    const { tensors, metadata } = nb.safetensors.decode(readFileSync(file));
    const t = { ...tensors };
    delete t['layers.0.bias'];
    t['dense_9.kernel'] = nb.zeros([1]);
    const k = 'layers.3.kernel';
    t[k] = nb.zeros([2, 2]);
    writeFileSync(file, nb.safetensors.encode(t, metadata));
    let msg = '';
    await nb.loadModel(dir).catch((e: Error) => (msg = `${e.name}: ${e.message}`));
    expect(msg).toMatch(/^DataError: /);
    expect(msg).toContain(file);
    expect(msg).toMatch(/missing: layers\.0\.bias \[dense(_\d+)?\.bias\]/);
    expect(msg).toMatch(/unexpected: dense_9\.kernel/);
    expect(msg).toMatch(/wrong shape: layers\.3\.kernel \[dense_\d+\.kernel\] \(expected \[8,3\], got \[2,2\]\)/);
  });

  it('files from two different saves are not mixed silently', async () => {
    const dir = await saved();
    const other = await saved();
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
    await m.save(other);
    writeFileSync(join(dir, 'weights.safetensors'), readFileSync(join(other, 'weights.safetensors')));
    await expect(nb.loadModel(dir)).rejects.toThrow(/weights\.safetensors: its save id .* differs from model\.json's .*mixes files from different saves/);
  });

  it('an unknown layer class says how to register it', async () => {
    const dir = await saved();
    const p = join(dir, 'model.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('"BatchNormalization"', '"FancyNorm"'));
    await expect(nb.loadModel(dir)).rejects.toThrow(/model\.json: cannot rebuild the model: .*unknown layer class 'FancyNorm'; register it with nb\.registerLayer/);
  });
});
