/**
 * filters: what a CNN learns (seeds 002 and 004: "a convolutional layer uses another layer of
 * numbers, known as the kernel"; "use multiple filters for multiple convoluted images"). The notes'
 * CNN is trained briefly on Fashion-MNIST; the report then shows its first layer's 32 learned
 * 3×3 kernels, and one test image's feature maps after each convolution (32 maps of 28×28, then 64
 * of 14×14), as PNG grids.
 */
import { fashionMnist } from '../data/datasets/mnist.js';
import { Tensor } from '../tensor/tensor.js';
import type { Conv2D } from '../nn/layers/conv.js';
import { adam } from '../optim/optimizers.js';
import { trunk } from '../train/transfer.js';
import type { Model } from '../train/model.js';
import { imageGrid } from '../viz/png.js';
import { accuracyOf, head, notesCnn, reportBackend } from './common/cnn.js';
import { historyOf, progress, round } from './common/training.js';
import type { Recipe, RecipeContext, RecipeResult } from './types.js';

/** Images used: a part of the 60 000 for training (so the recipe takes about a minute), test images to measure. */
export const FILTERS_DATA = { trainImages: 12_000, testImages: 2_000 };

/** Kernels [kh, kw, 1, n] (one input channel) as n grey images [n, kh, kw, 1], zero mid-grey, ±max|w| black/white. */
export function kernelImages(kernel: Tensor): Tensor {
  const [kh, kw, c, n] = kernel.shape as [number, number, number, number];
  const src = kernel.data();
  let m = 0;
  for (let i = 0; i < src.length; i++) m = Math.max(m, Math.abs(src[i]!));
  const out = new Float32Array(n * kh * kw);
  // Average over input channels (one for grey images) so any first layer can be drawn.
  for (let f = 0; f < n; f++) {
    for (let p = 0; p < kh * kw; p++) {
      let s = 0;
      for (let ch = 0; ch < c; ch++) s += src[(p * c + ch) * n + f]!;
      out[(f * kh + Math.floor(p / kw)) * kw + (p % kw)] = 0.5 + (0.5 * s) / c / (m || 1);
    }
  }
  return new Tensor(out, [n, kh, kw, 1], 'float32');
}

/** Feature maps [1, h, w, n] as n grey images [n, h, w, 1], each scaled to its own range (an all-zero map stays black). */
export function featureMapImages(maps: Tensor): Tensor {
  const [, h, w, n] = maps.shape as [number, number, number, number];
  const src = maps.data();
  const out = new Float32Array(n * h * w);
  for (let f = 0; f < n; f++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = 0; p < h * w; p++) {
      const v = src[p * n + f]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const k = hi > lo ? 1 / (hi - lo) : 0;
    for (let p = 0; p < h * w; p++) out[f * h * w + p] = (src[p * n + f]! - lo) * k;
  }
  return new Tensor(out, [n, h, w, 1], 'float32');
}

/** The activations of `model` up to and including layer `name`, for one input batch. */
async function activations(model: Model, name: string, x: Tensor): Promise<Tensor> {
  return trunk(model, name).predict(x);
}

export const filters: Recipe = {
  name: 'filters',
  description: 'the notes’ CNN’s learned first-layer kernels and one image’s feature maps after each convolution, as PNG grids',
  defaults: { epochs: 2, batchSize: 64, lr: 1e-3 },
  async run(ctx: RecipeContext): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? 2;
    const batchSize = ctx.batchSize ?? 64;
    const lr = ctx.lr ?? 1e-3;
    reportBackend(ctx);
    const { train, test, classNames } = await fashionMnist();
    const part = head(train.x, train.y, FILTERS_DATA.trainImages);
    const model = notesCnn();
    model.compile({ optimizer: adam({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    ctx.log(`training the notes' CNN on ${part.x.shape[0]} Fashion-MNIST images`);
    const history = await model.fit(part.x, part.y, { epochs, batchSize, ...progress(ctx, epochs) });
    const probe = head(test.x, test.y, FILTERS_DATA.testImages);
    const { accuracy } = await accuracyOf(model, probe.x, probe.y);
    ctx.log(`test accuracy on ${probe.x.shape[0]} images: ${accuracy.toFixed(4)}`);

    const conv1 = model.getLayer('conv1') as Conv2D;
    ctx.report.image(
      'The 32 learned 3×3 kernels of the first convolution (grey 0, white positive, black negative)',
      imageGrid(kernelImages(conv1.kernel!), { cols: 8, scale: 16, padding: 2, background: 255, range: [0, 1] }),
      'kernels-conv1.png',
    );
    const image = head(test.x, test.y, 1);
    const label = classNames[image.y.data()[0]!] ?? '?';
    ctx.report.image(`The test image (${label})`, imageGrid(image.x, { scale: 6, range: [0, 1] }), 'input.png');
    const maps: Record<string, number> = {};
    for (const name of ['conv1', 'conv2']) {
      const a = await activations(model, name, image.x);
      maps[name] = a.shape[3]!;
      ctx.report.image(
        `Its ${a.shape[3]} feature maps after ${name} (${a.shape[1]}×${a.shape[2]}, ReLU; each map scaled to its own range)`,
        imageGrid(featureMapImages(a), { cols: 8, scale: name === 'conv1' ? 3 : 5, padding: 2, range: [0, 1] }),
        `feature-maps-${name}.png`,
      );
    }
    return {
      metrics: { accuracy: round(accuracy), kernels: conv1.kernel!.shape[3]!, featureMaps: maps },
      epochs: history.epoch.length,
      history: historyOf(history),
    };
  },
};
