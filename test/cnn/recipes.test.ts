import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { runRecipe } from '../../src/recipes/runner.js';
import { FASHION_CNN_DATA, fashionCnn } from '../../src/recipes/fashion-cnn.js';
import { MNIST_CNN_DATA, mnistCnn } from '../../src/recipes/mnist-cnn.js';
import { AUGMENTATION_SIZES, augmentation } from '../../src/recipes/augmentation.js';
import { TRANSFER_SIZES, transfer } from '../../src/recipes/transfer.js';
import { FILTERS_DATA, filters, kernelImages } from '../../src/recipes/filters.js';
import type { Recipe } from '../../src/recipes/types.js';

// Smoke runs on tiny subsets: the recipes' full sizes are exercised by `nabla train`, not here.
const root = mkdtempSync(join(tmpdir(), 'nabla-cnn-recipes-'));
const saved = { f: { ...FASHION_CNN_DATA }, m: { ...MNIST_CNN_DATA }, a: { ...AUGMENTATION_SIZES }, t: { ...TRANSFER_SIZES }, fl: { ...FILTERS_DATA } };
beforeAll(() => {
  Object.assign(FASHION_CNN_DATA, { trainImages: 64, testImages: 50 });
  Object.assign(MNIST_CNN_DATA, { trainImages: 64, testImages: 50 });
  Object.assign(AUGMENTATION_SIZES, { perClass: 2, validation: 20 });
  Object.assign(TRANSFER_SIZES, { pretrainImages: 64, pretrainEpochs: 1, perClass: 2, test: 20, fineTuneEpochs: 1 });
  Object.assign(FILTERS_DATA, { trainImages: 64, testImages: 20 });
});
afterAll(() => {
  Object.assign(FASHION_CNN_DATA, saved.f);
  Object.assign(MNIST_CNN_DATA, saved.m);
  Object.assign(AUGMENTATION_SIZES, saved.a);
  Object.assign(TRANSFER_SIZES, saved.t);
  Object.assign(FILTERS_DATA, saved.fl);
  rmSync(root, { recursive: true, force: true });
});

async function run(recipe: Recipe, epochs: number) {
  const out = join(root, recipe.name);
  const lines: string[] = [];
  const summary = await runRecipe(recipe, { epochs, batchSize: 32, seed: 1, out, json: true, log: (l) => lines.push(l) });
  expect(existsSync(join(out, 'report.html'))).toBe(true);
  return { summary, out, lines };
}

const png = (path: string) => nb.viz.decodePng(new Uint8Array(readFileSync(path)));
const inUnit = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

describe('CNN recipes (smoke runs on tiny subsets)', () => {
  it('fashion-cnn trains the notes’ CNN and reports test accuracy', async () => {
    const { summary, out } = await run(fashionCnn, 1);
    expect(inUnit(summary.metrics.accuracy)).toBe(true);
    expect(summary.metrics.params).toBe(421_642);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
    expect(png(join(out, 'predictions.png')).width).toBeGreaterThan(100);
  });

  it('mnist-cnn trains on augmented digits and reports held-out accuracy', async () => {
    const { summary } = await run(mnistCnn, 1);
    expect(inUnit(summary.metrics.accuracy)).toBe(true);
    expect(summary.epochs).toBe(1);
  });

  it('augmentation compares validation accuracy with and without, and writes its PNG grid', async () => {
    const { summary, out } = await run(augmentation, 2);
    expect(inUnit(summary.metrics.withAugmentation)).toBe(true);
    expect(inUnit(summary.metrics.withoutAugmentation)).toBe(true);
    const grid = png(join(out, 'augmented.png'));
    // 8 rows × 8 columns of 28×28 images at scale 3 with 2-pixel padding.
    expect([grid.width, grid.height]).toEqual([8 * 28 * 3 + 9 * 2, 8 * 28 * 3 + 9 * 2]);
  });

  it('transfer reports transfer and scratch accuracies and saves the pretrained trunk', async () => {
    const { summary, out } = await run(transfer, 2);
    expect(inUnit(summary.metrics.transferAccuracy)).toBe(true);
    expect(inUnit(summary.metrics.scratchAccuracy)).toBe(true);
    expect(inUnit(summary.metrics.fineTunedAccuracy)).toBe(true);
    expect(existsSync(join(out, 'pretrained', 'weights.safetensors'))).toBe(true);
  });

  it('filters draws the first-layer kernels and the feature maps after each convolution', async () => {
    const { summary, out } = await run(filters, 1);
    expect(summary.metrics.kernels).toBe(32);
    expect(summary.metrics.featureMaps).toEqual({ conv1: 32, conv2: 64 });
    const k = png(join(out, 'kernels-conv1.png'));
    expect([k.width, k.height]).toEqual([8 * 3 * 16 + 9 * 2, 4 * 3 * 16 + 5 * 2]);
    expect(png(join(out, 'feature-maps-conv1.png')).width).toBe(8 * 28 * 3 + 9 * 2);
    expect(png(join(out, 'feature-maps-conv2.png')).height).toBe(8 * 14 * 5 + 9 * 2);
  });

  it('draws kernels with zero as mid-grey', () => {
    const k = new nb.Tensor(Float32Array.from([2, -1, 0, 1]), [2, 2, 1, 1], 'float32');
    expect(Array.from(kernelImages(k).data())).toEqual([1, 0.25, 0.5, 0.75]);
  });
});
