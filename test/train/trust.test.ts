/**
 * Training never ends with non-finite weights; bad data, shapes and sizes get typed errors that name
 * the argument and the values; the progress line and callbacks speak in Keras's order (issue 10).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { main } from '../../src/cli/main.js';
import type { Recipe } from '../../src/recipes/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const silent = { write: () => {}, isTTY: () => false };

function regression(n = 32) {
  const g = new nb.Generator(5);
  const x = nb.tensor(Array.from({ length: n }, () => [g.normal(), g.normal()]));
  const y = nb.tensor(Array.from({ length: n }, (_, i) => [2 * x.data()[2 * i]! - x.data()[2 * i + 1]!]));
  return { x, y };
}

function model(lr = 0.05) {
  nb.seed(1);
  const m = nb.sequential([nb.layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }), nb.layers.dense({ units: 1 })]);
  m.compile({ optimizer: nb.optim.sgd({ learningRate: lr }), loss: 'mse' });
  return m;
}

const weightsOf = (m: nb.Model) => m.getWeights().map((w) => Array.from(w.data()));

describe('no non-finite weights, ever, by default', () => {
  it('NaN in x is reported with its sample index before training starts', async () => {
    const { x, y } = regression();
    x.data()[2 * 17 + 1] = Number.NaN;
    const m = model();
    const before = weightsOf(m);
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(
      'fit: x holds NaN in sample 17 (flat index 35); clean or impute the data first (or pass checkData: false to skip this scan)',
    );
    expect(weightsOf(m)).toEqual(before);
  });

  it('with the scan off, NaN in x stops fit at that batch with a message and the weights from before it', async () => {
    const { x, y } = regression();
    x.data()[2 * 17] = Number.NaN;
    const m = model();
    let text = '';
    let before: number[][] = [];
    const h = await m.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      shuffle: false,
      checkData: false,
      verbose: 0,
      writer: { write: (t) => void (text += t), isTTY: () => false },
      callbacks: [{ onTrainBatchBegin: () => void (before = weightsOf(m)) }],
    });
    expect(h.stopReason).toBe(
      'fit: training stopped at batch 3 of epoch 1: the loss is NaN: the input batch has x = NaN at row 1 of the batch. The model keeps the weights it had before this batch.',
    );
    expect(text).toBe(`${h.stopReason}\n`);
    expect(weightsOf(m)).toEqual(before);
    expect(m.completedEpochs).toBe(0);
  });

  it('Infinity in y is reported by the scan, and by the step when the scan is off', async () => {
    const { x, y } = regression();
    y.data()[30] = Number.POSITIVE_INFINITY;
    const m = model();
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow('fit: y holds Infinity in sample 30 (flat index 30)');
    const before = weightsOf(m);
    const h = await m.fit(x, y, { batchSize: 32, shuffle: false, checkData: false, verbose: 0, writer: silent });
    expect(h.stopReason).toMatch(/the loss is Infinity: the input batch has y = Infinity at row 30 of the batch/);
    expect(weightsOf(m)).toEqual(before);
  });

  it('a diverging learning rate stops with the last finite weights, which then save', async () => {
    const { x, y } = regression();
    const m = model(1e38);
    let before: number[][] = [];
    const h = await m.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, writer: silent, callbacks: [{ onTrainBatchBegin: () => void (before = weightsOf(m)) }] });
    expect(h.nonFinite).toBe(true);
    expect(h.stopReason).toMatch(/^fit: training stopped at batch \d+ of epoch \d+: /);
    expect(weightsOf(m)).toEqual(before);
    expect(weightsOf(m).flat().every(Number.isFinite)).toBe(true);
  });

  it('an optimizer refuses a non-finite gradient or update in a hand-written loop, changing nothing', () => {
    const w = nb.variable(nb.tensor([1, 2]), { name: 'w' });
    const opt = nb.optim.sgd({ learningRate: 1e38 }, [w]);
    w.grad = nb.tensor([0, Number.NaN]);
    expect(() => opt.step()).toThrow('SGD.step: the gradient of variable \'w\' [2] is NaN at flat index 1; the step was skipped and no weight changed');
    w.grad = nb.tensor([1e3, 0]);
    expect(() => opt.step()).toThrow(/SGD.step: the update of variable 'w' \[2\] gives -Infinity at flat index 0 \(learning rate 1e\+38\); the step was undone/);
    expect(Array.from(w.data())).toEqual([1, 2]);
    expect(opt.iterations).toBe(0);
  });
});

describe('shape, dtype and size guards', () => {
  it('a model checks its input against the shape it was built for', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 2, inputShape: [4], name: 'd' })], { name: 'net' });
    await expect(m.predict(nb.ones([4]))).rejects.toThrow(
      "Sequential 'net': its input must have shape [None,4] (batch axis first), got [4]; add the batch axis, e.g. x.reshape([1, ...x.shape])",
    );
    expect(() => m.call(nb.ones([3, 5]))).toThrow("Sequential 'net': its input must have shape [None,4] (batch axis first), got [3,5]");
  });

  it('empty data, bool labels and labels out of range are typed errors naming the sample', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await expect(m.fit(nb.zeros([0, 2]), nb.zeros([0], 'int32'), { verbose: 0 })).rejects.toThrow(
      'fit: x has no samples (axis 0 has size 0); there is nothing to train on',
    );
    await expect(m.fit(nb.ones([4, 2]), nb.tensor([true, false, true, true]), { verbose: 0 })).rejects.toThrow(
      'fit: y must be integer class labels for sparseCategoricalCrossentropy (int32 or whole floats), not bool, got a bool tensor of shape [4]',
    );
    await expect(m.fit(nb.ones([5, 2]), nb.tensor([0, 1, 2, 3, 1], { dtype: 'int32' }), { verbose: 0 })).rejects.toThrow(
      'fit: label 3 of sample 3 is outside [0, 3) (the output has 3 classes, shape [None,3])',
    );
    expect(() => nb.losses.sparseCategoricalCrossentropy(nb.tensor([true]), nb.ones([1, 2]).softmax())).toThrow(nb.DTypeError);
  });

  it('fit on a batch source refuses sampleWeight with a clear message', async () => {
    const m = nb.sequential([nb.layers.dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const ds = nb.data.fromTensors({ x: nb.ones([4, 2]), y: nb.ones([4, 1]) }).batch(2);
    await expect(m.fit(ds, { sampleWeight: nb.ones([4]), verbose: 0 })).rejects.toThrow(
      'fit: sampleWeight needs tensors (fit(x, y, { sampleWeight })); a batch source yields its own weights as {x, y, sampleWeight}',
    );
  });

  it('huge tensors are a ResourceError naming the op, the shape and the bytes', () => {
    expect(() => nb.zeros([1e6, 1e6])).toThrow(
      'zeros: cannot allocate a float32 tensor of shape [1000000,1000000] (3.64 TiB): it is above the allocation limit of 4.00 GiB (nb.setAllocationLimit changes it)',
    );
    expect(() => nb.layers.dense({ units: 1e6 }).call(nb.ones([1, 1e6]))).toThrow(nb.ResourceError);
    const limit = nb.getAllocationLimit();
    nb.setAllocationLimit(1024);
    try {
      expect(() => nb.ones([16, 17])).toThrow('ones: cannot allocate a float32 tensor of shape [16,17] (1.06 KiB): it is above the allocation limit of 1.00 KiB');
    } finally {
      nb.setAllocationLimit(limit);
    }
  });
});

describe('the progress line and callbacks, as in Keras', () => {
  it('the live line shows running means, and callback messages follow the epoch line they refer to', async () => {
    const { x, y } = regression(64);
    const m = model();
    let text = '';
    const losses: number[] = [];
    const batchLogs: number[] = [];
    await m.fit(x, y, {
      epochs: 2,
      batchSize: 16,
      shuffle: false,
      verbose: 2,
      writer: { write: (t) => void (text += t), isTTY: () => false },
      callbacks: [
        { onTrainBatchEnd: (_b, logs) => void batchLogs.push(logs.loss!) },
        { onEpochEnd: (e) => void (text += `callback saw epoch ${e + 1}\n`) },
      ],
    });
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^Epoch 1\/2 - /);
    expect(lines[1]).toBe('callback saw epoch 1');
    expect(lines[2]).toMatch(/^Epoch 2\/2 - /);
    // The last batch's logged loss is the epoch's running mean, which is what the epoch line shows.
    const epochLoss = Number(/loss: ([0-9.]+)/.exec(lines[0]!)![1]);
    expect(batchLogs[3]).toBeCloseTo(epochLoss, 4);
    losses.push(...batchLogs);
    expect(losses.length).toBe(8);
  });
});

describe('the command line', () => {
  const diverging: Recipe = {
    name: 'diverge',
    description: 'trains with a learning rate that diverges (test recipe)',
    defaults: { epochs: 5 },
    async run(ctx) {
      const m = model(1e38);
      const { x, y } = regression();
      await m.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, writer: silent });
      return { metrics: { loss: 1 }, epochs: 5 };
    },
  };

  it('a diverged run exits non-zero with one line, and --out on a file is one line, never a stack trace', async () => {
    let out = '';
    let err = '';
    const cli = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), tty: false, recipes: [diverging], runsDir: join(tmp, 'runs') };
    const code = await main(['train', 'diverge', '--out', join(tmp, 'd1')], cli);
    expect(code).toBe(1);
    expect(err.split('\n')[0]).toMatch(/^nabla train diverge: failed: NumericalError: nabla train: training diverged: training stopped at batch \d+ of epoch \d+: /);
    expect(err).not.toMatch(/\n\s+at /);
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    err = '';
    expect(await main(['train', 'diverge', '--out', file], cli)).toBe(1);
    expect(err.split('\n')[0]).toBe(`nabla train diverge: failed: ConfigError: nabla train: cannot make the run folder ${JSON.stringify(file)}: a file is in the way`);
    expect(err).not.toMatch(/\n\s+at /);
    void out;
  });
});
