/**
 * Overridable steps (issue 9): a GAN-shaped model trains with fit, its own step and two optimizers;
 * optimizers follow the trainable weights as they change during fit.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-steps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Real data: points of N([2, -1], 0.3²). The generator must learn to move its samples there. */
function realPoints(n: number): nb.Tensor {
  const g = new nb.Generator(11);
  return nb.tensor(Array.from({ length: n }, () => [g.normal(2, 0.3), g.normal(-1, 0.3)]));
}

class TinyGan extends nb.Model {
  static override readonly className = 'TinyGan';
  generator = nb.sequential([nb.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }), nb.layers.dense({ units: 2 })]);
  discriminator = nb.sequential([nb.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }), nb.layers.dense({ units: 1, activation: 'sigmoid' })]);

  override forward(z: nb.Tensor): nb.Tensor {
    return this.generator.call(z);
  }

  override trainStep(batch: nb.StepBatch): nb.StepLogs {
    const d = this.optimizers.d!;
    const g = this.optimizers.g!;
    const n = batch.size;
    const ones = nb.ones([n, 1]);
    const zeros = nb.zeros([n, 1]);
    // Discriminator step: real → 1, generated → 0; the generator's samples are constants here.
    const fake = this.generator.call(nb.randn([n, 2]), { training: true }).detach();
    const dLoss = nb.losses.binaryCrossentropy(ones, this.discriminator.call(batch.x, { training: true })).add(
      nb.losses.binaryCrossentropy(zeros, this.discriminator.call(fake, { training: true })),
    );
    this.followTrainableWeights(d, () => this.discriminator.trainableWeights);
    d.zeroGrad();
    dLoss.backward();
    d.step();
    // Generator step, through a fresh discriminator forward (the one before d.step() is stale).
    const score = this.discriminator.call(this.generator.call(nb.randn([n, 2]), { training: true }), { training: true });
    const gLoss = nb.losses.binaryCrossentropy(ones, score);
    this.followTrainableWeights(g, () => this.generator.trainableWeights);
    g.zeroGrad();
    gLoss.backward();
    g.step();
    return { dLoss: dLoss.item(), gLoss: gLoss.item(), dOfGz: score.mean().item() };
  }
}

describe('a GAN-shaped model overrides trainStep and keeps everything fit gives', () => {
  it('trains its two halves with two optimizers, with callbacks, history and checkpoints', async () => {
    nb.seed(3);
    const gan = new TinyGan();
    gan.compile({ optimizers: { d: nb.optim.adam({ learningRate: 1e-2 }), g: nb.optim.adam({ learningRate: 1e-2 }) } });
    const sampleMean = () => Array.from(gan.call(nb.randn([500, 2])).mean(0).data());
    const dist = (m: number[]) => Math.hypot(m[0]! - 2, m[1]! + 1);
    const start = dist(sampleMean());
    const epochsSeen: number[] = [];
    const ckpt = join(tmp, 'gan.safetensors');
    const h = await gan.fit(realPoints(512), {
      epochs: 100,
      batchSize: 64,
      verbose: 0,
      callbacks: [{ onEpochEnd: (e) => void epochsSeen.push(e) }, nb.callbacks.modelCheckpoint({ filepath: ckpt, saveWeightsOnly: true, monitor: 'gLoss' })],
    });
    expect(epochsSeen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Object.keys(h.history).sort()).toEqual(['dLoss', 'dOfGz', 'gLoss']);
    expect(h.history.dLoss!.every(Number.isFinite)).toBe(true);
    const end = dist(sampleMean());
    expect(start).toBeGreaterThan(1.5);
    expect(end).toBeLessThan(start / 3); // the generator moved its samples most of the way to the data
    expect(existsSync(ckpt)).toBe(true);
    const copy = new TinyGan();
    copy.call(nb.zeros([1, 2]));
    await copy.loadWeights(ckpt);
    expect(copy.getWeights().length).toBe(gan.getWeights().length);
  });

  it('a model without a loss refuses the default step with a clear message', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizers: { a: 'adam' } });
    await expect(m.fit(nb.ones([4, 2]), nb.ones([4, 1]), { verbose: 0 })).rejects.toThrow(
      /fit: compile the model with an optimizer, or override trainStep to use the named ones/,
    );
    expect(() => m.compile({ loss: 'mse' })).toThrow(/compile: optimizer is required/);
    const shared = nb.optim.adam();
    expect(() => m.compile({ optimizers: { a: shared, b: shared } })).toThrow(/optimizer 'b' is the same object as another one/);
  });
});

describe('optimizers follow the trainable weights as they change during fit', () => {
  it('a layer unfrozen by a callback mid-fit is updated from then on', async () => {
    nb.seed(4);
    const first = nb.layers.dense({ units: 4, activation: 'tanh', inputShape: [3], trainable: false });
    const m = nb.sequential([first, nb.layers.dense({ units: 1 })]);
    m.compile({ optimizer: nb.optim.sgd({ learningRate: 0.1 }), loss: 'mse' });
    const g = new nb.Generator(1);
    const x = nb.tensor(Array.from({ length: 64 }, () => [g.normal(), g.normal(), g.normal()]));
    const y = x.sum(1, true).sin();
    const snapshots: number[][] = [];
    await m.fit(x, y, {
      epochs: 4,
      batchSize: 16,
      verbose: 0,
      callbacks: [
        {
          onEpochEnd: (e) => {
            snapshots.push(Array.from(first.getWeights()[0]!.data()));
            if (e === 1) first.trainable = true;
          },
        },
      ],
    });
    expect(snapshots[1]).toEqual(snapshots[0]); // frozen for epochs 0 and 1
    expect(snapshots[2]).not.toEqual(snapshots[1]); // updated once unfrozen
    expect(snapshots[3]).not.toEqual(snapshots[2]);
  });
});
