// The dense-network recipes end to end through the runner, with small settings: their metrics meet
// the thresholds of the issue, and each run folder holds the report, the history, the saved model
// and the pictures.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from 'nabla';
import { runRecipe, type RunSummary } from '../../src/recipes/runner.js';
import { registryProblems } from '../../src/recipes/registry.js';
import type { Recipe } from '../../src/recipes/types.js';
import { celsius } from '../../src/recipes/celsius.js';
import { perceptronAnd, perceptronOr } from '../../src/recipes/perceptron.js';
import { xor } from '../../src/recipes/xor.js';
import { iris } from '../../src/recipes/iris.js';
import { kfold } from '../../src/recipes/kfold.js';
import { optimizers } from '../../src/recipes/optimizers.js';
import { regularization } from '../../src/recipes/regularization.js';
import { mnistMlp } from '../../src/recipes/mnist-mlp.js';
import { fashionMlp } from '../../src/recipes/fashion-mlp.js';
import { baseline } from '../../src/recipes/baseline.js';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-dense-recipes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(recipe: Recipe, options: { epochs?: number; seed?: number } = {}): Promise<{ summary: RunSummary; lines: string[] }> {
  const lines: string[] = [];
  const summary = await runRecipe(recipe, { ...options, out: join(tmp, `${recipe.name}-${options.seed ?? 42}`), json: true, tty: false, log: (l) => lines.push(l) });
  return { summary, lines };
}

function num(m: RunSummary['metrics'], key: string): number {
  const v = m[key];
  if (typeof v !== 'number') throw new Error(`metric ${key} is ${JSON.stringify(v)}, not a number`);
  return v;
}

function record(m: RunSummary['metrics'], key: string): Record<string, number> {
  return m[key] as Record<string, number>;
}

/** The run folder has report.html (with `svgs` inline charts at least), history.json with these keys, metrics.json. */
function expectReport(out: string, historyKeys: string[], svgs: number): string {
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(svgs);
  expect(html).not.toContain('could not be rendered');
  const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as Record<string, number[]>;
  for (const k of historyKeys) expect(history[k]?.length, `history.${k}`).toBeGreaterThan(0);
  expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).metrics).toBeTypeOf('object');
  return html;
}

/** A PNG beside the report decodes to the given size. */
function expectPng(out: string, file: string, width: number, height: number): void {
  const img = nb.viz.decodePng(new Uint8Array(readFileSync(join(out, file))));
  expect([img.width, img.height]).toEqual([width, height]);
}

function expectSavedModel(out: string, dir = 'model'): void {
  for (const f of ['model.json', 'weights.safetensors']) expect(existsSync(join(out, dir, f)), `${dir}/${f}`).toBe(true);
}

describe('recipe definitions', () => {
  it('are well formed and named as the issue names them', () => {
    const list = [celsius, perceptronAnd, perceptronOr, xor, iris, mnistMlp, fashionMlp, optimizers, regularization, kfold, baseline];
    expect(registryProblems(list)).toEqual([]);
    expect(list.map((r) => r.name)).toEqual(['celsius', 'perceptron-and', 'perceptron-or', 'xor', 'iris', 'mnist-mlp', 'fashion-mlp', 'optimizers', 'regularization', 'kfold', 'baseline']);
  });
});

describe('celsius', () => {
  it('learns °F = 1.8 °C + 32 with Adam(0.1), and the saved model converts 100 °C', async () => {
    const { summary, lines } = await run(celsius);
    expect(Math.abs(num(summary.metrics, 'weight') - 1.8)).toBeLessThan(0.01);
    expect(Math.abs(num(summary.metrics, 'bias') - 32)).toBeLessThan(0.5);
    expect(summary.epochs).toBe(1000);
    expect(lines.some((l) => l.startsWith('epoch 1000/1000 - loss: '))).toBe(true);
    expectReport(summary.out, ['loss'], 2);
    expectSavedModel(summary.out);
    const model = await nb.loadModel(join(summary.out, 'model'));
    const f = (await model.predict(nb.tensor([[100]]))).item();
    expect(Math.abs(f - 212)).toBeLessThan(1);
  });

  it('with the notes’ 500 epochs stops where the notebook did (weight ≈ 1.82, bias ≈ 29)', async () => {
    const { summary } = await run(celsius, { epochs: 500, seed: 1 });
    expect(num(summary.metrics, 'weight')).toBeCloseTo(1.82, 1);
    expect(Math.abs(num(summary.metrics, 'bias') - 29.1)).toBeLessThan(0.5);
  });
});

describe('perceptron', () => {
  for (const [recipe, gate, truth] of [
    [perceptronAnd, 'and', [0, 0, 0, 1]],
    [perceptronOr, 'or', [0, 1, 1, 1]],
  ] as const) {
    it(`a single neuron learns ${gate.toUpperCase()}: accuracy 1, and its boundary w·x + b = 0 separates the corners`, async () => {
      const { summary, lines } = await run(recipe);
      expect(num(summary.metrics, 'accuracy')).toBe(1);
      expect(num(summary.metrics, 'perceptronRuleAccuracy')).toBe(1);
      const [w1, w2] = summary.metrics.weights as number[];
      const b = num(summary.metrics, 'bias');
      const corners = [[0, 0], [0, 1], [1, 0], [1, 1]];
      expect(corners.map(([a, c]) => (w1! * a! + w2! * c! + b > 0 ? 1 : 0))).toEqual([...truth]);
      expect(lines.some((l) => l.startsWith(`${gate.toUpperCase()}: w = [`))).toBe(true);
      expectReport(summary.out, ['loss', 'accuracy'], 3);
      expectPng(summary.out, `${gate}-surface.png`, 320, 320);
      expectSavedModel(summary.out);
    });
  }
});

describe('xor', () => {
  it('two hidden neurons solve XOR at the default settings, for several seeds', async () => {
    for (const seed of [42, 0, 1]) {
      const { summary } = await run(xor, { seed });
      expect(num(summary.metrics, 'accuracy'), `seed ${seed}`).toBe(1);
      expect(num(summary.metrics, 'attempts')).toBeGreaterThanOrEqual(1);
      const outputs = summary.metrics.outputs as number[];
      expect(outputs[0]).toBeLessThan(0.1);
      expect(outputs[1]).toBeGreaterThan(0.9);
      expect(outputs[2]).toBeGreaterThan(0.9);
      expect(outputs[3]).toBeLessThan(0.1);
    }
    const out = join(tmp, 'xor-42');
    expectReport(out, ['loss', 'accuracy'], 3);
    expectPng(out, 'xor-surface.png', 320, 320);
    expectSavedModel(out);
  });
});

describe('iris', () => {
  it('reaches test accuracy ≥ 0.95 on the stratified split, and saves the model with its standardisation', async () => {
    const { summary } = await run(iris);
    expect(num(summary.metrics, 'accuracy')).toBeGreaterThanOrEqual(0.95);
    expectReport(summary.out, ['loss', 'accuracy', 'val_loss', 'val_accuracy'], 4);
    expectSavedModel(summary.out);
    const pre = JSON.parse(readFileSync(join(summary.out, 'preprocessing.json'), 'utf8'));
    expect(pre.standardize.mean).toHaveLength(4);
    expect(pre.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});

describe('kfold', () => {
  it('5 stratified folds: five accuracies, their mean and spread', async () => {
    const { summary, lines } = await run(kfold, { epochs: 60 });
    const folds = summary.metrics.foldAccuracies as number[];
    expect(folds).toHaveLength(5);
    for (const a of folds) expect(a).toBeGreaterThan(0.8);
    const mean = folds.reduce((a, b) => a + b, 0) / 5;
    expect(num(summary.metrics, 'mean')).toBeCloseTo(mean, 5);
    expect(num(summary.metrics, 'std')).toBeCloseTo(Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 5), 5);
    expect(mean).toBeGreaterThanOrEqual(0.9);
    expect(lines.filter((l) => /^fold \d\/5: trained on 120, held out 30/.test(l))).toHaveLength(5);
    expectReport(summary.out, ['loss', 'val_loss', 'val_accuracy'], 3);
  });
});

describe('optimizers', () => {
  it('runs all eight optimizers on the network (few epochs) and down Rosenbrock’s valley', async () => {
    const { summary } = await run(optimizers, { epochs: 4 });
    const names = ['sgd', 'momentum', 'nesterov', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw'];
    const finalLoss = record(summary.metrics, 'finalLoss');
    expect(Object.keys(finalLoss)).toEqual(names);
    for (const n of names) expect(Number.isFinite(finalLoss[n])).toBe(true);
    const valley = record(summary.metrics, 'rosenbrockLoss');
    // Momentum and Adam find the valley floor; plain gradient descent at a stable rate is still far up.
    expect(valley.momentum).toBeLessThan(0.05);
    expect(valley.adam).toBeLessThan(0.05);
    expect(valley.sgd).toBeGreaterThan(10 * valley.momentum!);
    const html = expectReport(summary.out, names.map((n) => `loss_${n}`), 12);
    expect(html).toContain('Paths on Rosenbrock');
    expectPng(summary.out, 'rosenbrock-paths.png', 480, 480);
  });
});

describe('regularization', () => {
  it('each cure lowers the validation loss of the overfitting network', async () => {
    const { summary } = await run(regularization, { epochs: 80 });
    const v = record(summary.metrics, 'valLoss');
    expect(Object.keys(v)).toEqual(['none', 'l2', 'dropout', 'earlyStopping']);
    expect(v.l2).toBeLessThan(v.none!);
    expect(v.dropout).toBeLessThan(v.none!);
    expect(v.earlyStopping).toBeLessThan(v.none!);
    expect(record(summary.metrics, 'epochsRun').earlyStopping).toBeLessThan(80);
    // The unregularised network fits its 60 points far better than it predicts new ones.
    expect(record(summary.metrics, 'trainLoss').none).toBeLessThan(v.none! / 3);
    expectReport(summary.out, ['loss_none', 'val_loss_none', 'val_loss_earlyStopping'], 4);
    for (const name of ['none', 'l2', 'dropout', 'earlyStopping']) expectPng(summary.out, `surface-${name}.png`, 360, 360);
    expectSavedModel(summary.out);
  });
});
