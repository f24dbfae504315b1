import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import * as transfer from '../../src/train/transfer.js';

const L = nb.layers;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function smallCnn(withBn = false): nb.Sequential {
  return nb.sequential([
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1], name: 'c1' }),
    ...(withBn ? [L.batchNormalization({ name: 'bn' })] : []),
    L.maxPooling2d({ name: 'pool' }),
    L.flatten({ name: 'flat' }),
    L.dense({ units: 3, activation: 'softmax', name: 'out' }),
  ]);
}

function data(n = 48, seed = 1): { x: nb.Tensor; y: nb.Tensor } {
  const g = new nb.Generator(seed);
  return { x: nb.rand([n, 8, 8, 1], { generator: g }), y: nb.randint(0, 3, [n], { generator: g }) };
}

const snapshot = (m: nb.Layer) => m.weights.map((w) => Array.from(w.data()));

describe('freezing', () => {
  it('keeps frozen weights unchanged during fit while the rest trains', async () => {
    nb.seed(1);
    const m = smallCnn();
    transfer.freeze(m, { upTo: 'pool' });
    expect(m.getLayer('c1').trainable).toBe(false);
    expect(m.getLayer('out').trainable).toBe(true);
    expect(m.summary()).toMatch(/Trainable params: 195\nNon-trainable params: 40/);
    const c1 = snapshot(m.getLayer('c1'));
    const out = snapshot(m.getLayer('out'));
    m.compile({ optimizer: nb.optim.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = data();
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(snapshot(m.getLayer('c1'))).toEqual(c1);
    expect(snapshot(m.getLayer('out'))).not.toEqual(out);
  });

  it('unfreezes part of a model, keeping containers consistent', () => {
    const m = smallCnn();
    transfer.freeze(m);
    expect(m.trainable).toBe(false);
    expect(m.trainableWeights.length).toBe(0);
    transfer.unfreeze(m, { from: -1 });
    expect(m.trainable).toBe(true);
    expect(m.layers.map((l) => l.trainable)).toEqual([false, false, false, true]);
    expect(m.trainableWeights.map((w) => w.name)).toEqual(['out.kernel', 'out.bias']);
    transfer.unfreeze(m);
    expect(m.trainableWeights.length).toBe(4);
    expect(() => transfer.freeze(m, { upTo: 'nope' })).toThrow(/transfer\.freeze: '.*' has no layer "nope"; its layers are 0: c1, 1: pool, 2: flat, 3: out/);
    expect(() => transfer.freeze(m, { upTo: 9 })).toThrow(/layer index 9 is out of range/);
  });

  it('a frozen batchNormalization runs in inference mode: moving statistics stay, training output = inference output', async () => {
    nb.seed(2);
    const m = smallCnn(true);
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = data();
    await m.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 }); // moving statistics move away from 0 and 1
    const bn = m.getLayer('bn') as nb.layers.BatchNormalization;
    transfer.freeze(m, { upTo: 'bn' });
    const stats = [Array.from(bn.movingMean!.data()), Array.from(bn.movingVariance!.data())];
    expect(stats[0]!.some((v) => v !== 0)).toBe(true);
    const probe = x.slice([0], [8]);
    expect(Array.from(m.call(probe, { training: true }).data())).toEqual(Array.from(m.call(probe).data()));
    await m.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    expect([Array.from(bn.movingMean!.data()), Array.from(bn.movingVariance!.data())]).toEqual(stats);
    // Unfrozen, it uses batch statistics again in training.
    transfer.unfreeze(m);
    expect(Array.from(m.call(probe, { training: true }).data())).not.toEqual(Array.from(m.call(probe).data()));
  });
});

describe('trunks and heads', () => {
  it('a trunk shares the layers and weights; a copy does not', async () => {
    nb.seed(3);
    const m = smallCnn();
    const t = transfer.trunk(m, 'flat');
    expect(t.layers.map((l) => l.name)).toEqual(['c1', 'pool', 'flat']);
    expect(t.layers[0]).toBe(m.layers[0]);
    const copy = transfer.trunk(m, 2, { copy: true });
    const { x, y } = data(16);
    const before = Array.from((await t.predict(x)).data());
    expect(Array.from((await copy.predict(x)).data())).toEqual(before);
    m.compile({ optimizer: nb.optim.sgd({ learningRate: 0.5 }), loss: 'sparseCategoricalCrossentropy' });
    await m.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    expect(Array.from((await t.predict(x)).data())).not.toEqual(before); // shared weights moved
    expect(Array.from((await copy.predict(x)).data())).toEqual(before); // the copy did not
  });

  it('takes the trunk of a functional model', () => {
    const inp = nb.input({ shape: [8, 8, 1] });
    const h = L.flatten({ name: 'f' }).apply(L.conv2d({ filters: 2, kernelSize: 3, name: 'c' }).apply(inp));
    const m = nb.model({ inputs: inp, outputs: L.dense({ units: 2, name: 'd' }).apply(h) });
    const t = transfer.trunk(m, 'f');
    expect(t.outputShape).toEqual([null, 72]);
    expect(t.call(nb.zeros([3, 8, 8, 1])).shape).toEqual([3, 72]);
  });

  it('loads a saved model, takes its trunk, trains a new head, then fine-tunes with a lower learning rate', async () => {
    nb.seed(4);
    const base = smallCnn();
    base.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = data();
    await base.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'nabla-transfer-'));
    dirs.push(dir);
    await base.save(join(dir, 'base'));
    const loaded = await nb.loadModel(join(dir, 'base'));
    const t = transfer.trunk(loaded, 'flat', { name: 'features' });
    const model = transfer.attachHead(t, [L.dense({ units: 5, activation: 'relu' }), L.dense({ units: 2, activation: 'softmax' })], { name: 'new_task' });
    expect(t.trainable).toBe(false);
    expect(model.summary()).toMatch(/features \(Sequential\)\s+\(None, 64\)\s+40/);
    const trunkW = snapshot(t);
    const y2 = nb.randint(0, 2, [48], { generator: new nb.Generator(9) });
    model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-2 }), loss: 'sparseCategoricalCrossentropy' });
    await model.fit(x, y2, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(snapshot(t)).toEqual(trunkW);
    transfer.unfreeze(t);
    model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-4 }), loss: 'sparseCategoricalCrossentropy' });
    await model.fit(x, y2, { epochs: 1, batchSize: 16, verbose: 0 });
    const after = snapshot(t);
    expect(after).not.toEqual(trunkW);
    const maxStep = Math.max(...after.flatMap((w, i) => w.map((v, j) => Math.abs(v - trunkW[i]![j]!))));
    expect(maxStep).toBeLessThan(1e-3 * 3 + 1e-6); // three Adam steps of at most ~lr each
    // The composed model saves and loads with its frozen state.
    transfer.freeze(t);
    await model.save(join(dir, 'composed'));
    const again = await nb.loadModel(join(dir, 'composed'));
    expect(again.layers[0]!.trainable).toBe(false);
    expect(Array.from((await again.predict(x)).data())).toEqual(Array.from((await model.predict(x)).data()));
  });
});
