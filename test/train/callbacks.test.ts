import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

function tiny(lr = 0.1) {
  const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })]);
  m.compile({ optimizer: nb.optim.sgd({ learningRate: lr }), loss: 'mse' });
  return m;
}
const X = nb.tensor([[1], [2], [3], [4]]);
const Y = nb.tensor([[2], [4], [6], [8]]);

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', () => {
    const m = tiny();
    const cb = nb.callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    cb.setModel(m);
    cb.onTrainBegin();
    const seq = [5, 3, 4, 3.5, 2];
    const kernel = (m.layers[0] as nb.layers.Dense).kernel!;
    let stoppedAt = -1;
    for (let e = 0; e < seq.length && stoppedAt < 0; e++) {
      kernel.assign(nb.tensor([[e]]));
      cb.onEpochEnd(e, { val_loss: seq[e]! });
      if (m.stopTraining) stoppedAt = e;
    }
    expect(stoppedAt).toBe(3); // best at epoch 1; epochs 2 and 3 do not improve
    expect(cb.bestEpoch).toBe(1);
    cb.onTrainEnd();
    expect(kernel.item()).toBe(1);
  });

  it('in fit: minDelta larger than any change stops at patience + 1 epochs; a missing monitor is an error', async () => {
    const m = tiny(0.01);
    const h = await m.fit(X, Y, { epochs: 20, verbose: 0, callbacks: [nb.callbacks.earlyStopping({ monitor: 'loss', patience: 2, minDelta: 1e9 })] });
    expect(h.epoch).toEqual([0, 1, 2]);
    await expect(tiny().fit(X, Y, { epochs: 2, verbose: 0, callbacks: [nb.callbacks.earlyStopping()] })).rejects.toThrow(
      /monitor 'val_loss' is not in the epoch logs \(validation metrics need validationData or validationSplit\); available: loss/,
    );
  });

  it('with validationFreq, epochs without validation are skipped, not errors', async () => {
    const h = await tiny(0.01).fit(X, Y, { epochs: 4, validationFreq: 2, validationData: [X, Y], verbose: 0, callbacks: [nb.callbacks.earlyStopping({ patience: 5 })] });
    expect(h.history.val_loss!.length).toBe(2);
    expect(h.history.loss!.length).toBe(4);
  });

  it('mode auto maximises accuracy-like metrics', () => {
    expect(nb.callbacks.earlyStopping({ monitor: 'val_accuracy' }).mode).toBe('max');
    expect(nb.callbacks.earlyStopping({ monitor: 'val_loss' }).mode).toBe('min');
  });
});

describe('modelCheckpoint', () => {
  it('saves when the monitored value improves, formats the path, never saves a NaN loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-ckpt-'));
    const m = tiny(0.01);
    const cb = nb.callbacks.modelCheckpoint({ filepath: join(dir, 'ep{epoch:02d}-{loss:.2f}'), monitor: 'loss', saveBestOnly: true });
    await m.fit(X, Y, { epochs: 3, verbose: 0, callbacks: [cb] });
    expect(cb.saved.length).toBe(3); // the loss falls every epoch
    expect(cb.saved[0]).toMatch(/ep01-\d+\.\d\d$/);
    expect(existsSync(join(cb.saved[2]!, 'model.json'))).toBe(true);
    cb.setModel(m);
    await cb.onEpochEnd(5, { loss: Number.NaN });
    expect(cb.saved.length).toBe(3);
    const w = nb.callbacks.modelCheckpoint({ filepath: join(dir, 'w.safetensors'), saveWeightsOnly: true, monitor: 'loss' });
    await m.fit(X, Y, { epochs: 1, verbose: 0, callbacks: [w] });
    expect(existsSync(join(dir, 'w.safetensors'))).toBe(true);
    expect(() => nb.callbacks.formatPath('{nope}', { epoch: 1 })).toThrow(/uses \{nope\}, which is not a log key/);
  });
});

describe('terminateOnNaN', () => {
  it('stops at the first non-finite batch loss before any weight changes, and records why', async () => {
    let calls = 0;
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
    const loss = (t: nb.Tensor, p: nb.Tensor) => {
      calls++;
      const l = nb.losses.meanSquaredError(t, p, { reduction: 'none' });
      return calls === 3 ? l.mul(Number.NaN) : l;
    };
    m.compile({ optimizer: 'sgd', loss });
    let before: Float32Array[] = [];
    const h = await m.fit(X, Y, {
      epochs: 5,
      batchSize: 1,
      shuffle: false,
      verbose: 0,
      writer: { write: () => {}, isTTY: () => false },
      callbacks: [{ onTrainBatchBegin: () => void (before = m.getWeights().map((w) => w.data() as Float32Array)) }],
    });
    expect(calls).toBe(3);
    expect(h.epoch).toEqual([]);
    expect(h.nonFinite).toBe(true);
    expect(h.stopReason).toBe('fit: training stopped at batch 3 of epoch 1: the loss is NaN. The model keeps the weights it had before this batch.');
    expect(m.getWeights().map((w) => Array.from(w.data()))).toEqual(before.map((d) => Array.from(d)));
  });

  it('fit stops when a step diverges, says so even at verbose 0, and keeps finite weights', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
    m.compile({ optimizer: nb.optim.sgd({ learningRate: 1e6 }), loss: 'mse' });
    let text = '';
    const h = await m.fit(X, Y, { epochs: 50, batchSize: 1, verbose: 0, writer: { write: (t) => void (text += t), isTTY: () => false } });
    expect(h.epoch.length).toBeLessThan(50);
    expect(h.stopReason).toMatch(/^fit: training stopped at batch \d+ of epoch \d+: /);
    expect(text).toContain(h.stopReason!);
    for (const w of m.getWeights()) expect(Array.from(w.data()).every(Number.isFinite)).toBe(true);
    await expect(m.fit(X, Y, { epochs: 3, verbose: 0, terminateOnNaN: false })).rejects.toBeInstanceOf(nb.NumericalError);
  });
});

describe('learning-rate callbacks', () => {
  it('learningRateScheduler sets the rate each epoch and logs it', async () => {
    const m = tiny();
    const h = await m.fit(X, Y, { epochs: 3, verbose: 0, callbacks: [nb.callbacks.learningRateScheduler((epoch) => 0.1 / (epoch + 1))] });
    expect(h.history.learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    await expect(m.fit(X, Y, { epochs: 1, verbose: 0, callbacks: [nb.callbacks.learningRateScheduler(() => -1)] })).rejects.toThrow(/returned -1 for epoch 0/);
  });

  it('reduceLROnPlateau multiplies by factor after patience, then cools down, never below minLr', () => {
    const m = tiny(1);
    const cb = nb.callbacks.reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, cooldown: 1, minLr: 0.2 });
    cb.setModel(m);
    cb.onTrainBegin();
    const lrs: number[] = [];
    Array.from({ length: 11 }, () => 1).forEach((v, e) => {
      cb.onEpochEnd(e, { val_loss: v });
      lrs.push(m.optimizer!.learningRate);
    });
    // reduce at epoch 2; cooldown epoch 3; waits 4, 5 → reduce; cooldown 6; waits 7, 8 → 0.125 clipped to minLr 0.2
    expect(lrs).toEqual([1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2]);
    expect(() => nb.callbacks.reduceLROnPlateau({ factor: 1 })).toThrow(/factor must be a number in \(0, 1\)/);
  });
});

describe('loggers', () => {
  it('csvLogger writes a header and one row per epoch; append continues the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nabla-csv-')), 'log.csv');
    const m = tiny(0.01);
    await m.fit(X, Y, { epochs: 2, verbose: 0, validationData: [X, Y], callbacks: [nb.callbacks.csvLogger({ filename: file })] });
    let lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('epoch,loss,val_loss');
    expect(lines.length).toBe(3);
    expect(lines[2]!.startsWith('1,')).toBe(true);
    await m.fit(X, Y, { epochs: 1, verbose: 0, validationData: [X, Y], callbacks: [nb.callbacks.csvLogger({ filename: file, append: true })] });
    lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBe(4);
  });

  it('jsonLogger writes a JSON array of epoch records', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nabla-json-')), 'log.json');
    await tiny().fit(X, Y, { epochs: 2, verbose: 0, callbacks: [nb.callbacks.jsonLogger({ filename: file })] });
    const recs = JSON.parse(readFileSync(file, 'utf8'));
    expect(recs.map((r: { epoch: number }) => r.epoch)).toEqual([0, 1]);
    expect(typeof recs[1].loss).toBe('number');
  });
});

describe('custom callbacks', () => {
  it('hooks run in order, objects of functions and subclasses alike, async hooks awaited', async () => {
    const events: string[] = [];
    class Rec extends nb.Callback {
      override async onEpochEnd(epoch: number) {
        await new Promise((r) => setTimeout(r, 1));
        events.push(`end${epoch}`);
      }
    }
    const m = tiny();
    await m.fit(X, Y, {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      validationData: [X, Y],
      callbacks: [
        {
          onTrainBegin: () => void events.push('train'),
          onEpochBegin: (e) => void events.push(`epoch${e}`),
          onTrainBatchEnd: (b, logs) => void events.push(`b${b}:${typeof logs.loss}`),
          onTestBegin: () => void events.push('test'),
          onTrainEnd: () => void events.push('done'),
        },
        new Rec(),
      ],
    });
    expect(events).toEqual(['train', 'epoch0', 'b0:number', 'b1:number', 'test', 'end0', 'epoch1', 'b0:number', 'b1:number', 'test', 'end1', 'done']);
    expect(() => nb.callbacks.custom({ onEpochFinish: () => {} } as never)).toThrow(/unknown hook onEpochFinish/);
  });

  it('a callback can stop training', async () => {
    const m = tiny();
    const h = await m.fit(X, Y, { epochs: 10, verbose: 0, callbacks: [{ onEpochEnd: (e) => void (e === 1 && (m.stopTraining = true)) }] });
    expect(h.epoch).toEqual([0, 1]);
  });
});

describe('progress output', () => {
  const capture = (tty: boolean) => {
    let text = '';
    return { writer: { write: (t: string) => void (text += t), isTTY: () => tty }, text: () => text };
  };

  it('plain lines when output is not a terminal', async () => {
    const out = capture(false);
    await tiny().fit(X, Y, { epochs: 2, batchSize: 2, validationData: [X, Y], writer: out.writer });
    const lines = out.text().trim().split('\n');
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/^Epoch 1\/2 - \d+(ms|s) - \d+(ms|s)\/step - \d+ samples\/s - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}$/);
  });

  it('a bar with step count, ETA and samples/s on a terminal', async () => {
    const out = capture(true);
    const m = tiny();
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    await m.fit(X, Y, { epochs: 1, batchSize: 1, writer: out.writer });
    const t = out.text();
    expect(t.startsWith('Epoch 1/1\n')).toBe(true);
    expect(t).toContain('\r');
    expect(t).toMatch(/4\/4 \[={30}\] - \d+(ms|s) \d+(ms|s)\/step - \d+ samples\/s - loss: \S+ - mae: \S+\n$/);
    const verbose2 = capture(true);
    await m.fit(X, Y, { epochs: 1, verbose: 2, writer: verbose2.writer });
    expect(verbose2.text()).not.toContain('\r');
  });
});
