/**
 * augmentation: the notes' data augmentation (seed 002: "overfitting happens when we have small #
 * of training examples … generates more training data from existing samples through random
 * transformations"). The notes' CNN is trained twice on the same 1 000 MNIST digits (100 per
 * class), from the same initial weights: once on the images as they are, once on images
 * transformed afresh at every epoch by an ImageDataGenerator. The validation accuracies on 2 000
 * held-out digits are compared side by side, and a grid shows what the generator makes of a few
 * digits.
 *
 *     image_gen_train = ImageDataGenerator(rescale=1./255, rotation_range=40, width_shift_range=0.2,
 *         height_shift_range=0.2, shear_range=0.2, zoom_range=0.2, horizontal_flip=True, fill_mode='nearest')
 *
 * The notes' generator is for 150×150 photographs of cats and dogs. Digits take milder ranges and
 * no flips (a mirrored 2 is not a 2); the background is black, so the fill is the constant 0.
 * (On Fashion-MNIST, whose test garments are all centred and upright, the same idea does not pay
 * within a short run: the unaugmented network wins there.)
 */
import { mnist } from '../data/datasets/mnist.js';
import { type ImageDataGeneratorOptions, imageDataGenerator } from '../data/augment.js';
import { takeRows } from '../data/element.js';
import { seed as seedGlobal } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { adam } from '../optim/optimizers.js';
import { cosineDecay } from '../optim/schedules.js';
import { lineChart } from '../viz/charts.js';
import { imageGrid } from '../viz/png.js';
import { balancedSubset, head, notesCnn, reportBackend } from './common/cnn.js';
import { progress, round } from './common/training.js';
import type { Recipe, RecipeContext, RecipeResult } from './types.js';

/** Rotation, shifts, shear and zoom: every transform of the notes' generator except the flip. */
export const DEFAULT_AUGMENTATION: ImageDataGeneratorOptions = {
  rotationRange: 10,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  shearRange: 10,
  zoomRange: 0.1,
  fillMode: 'constant',
};

/** Training digits per class (the small subset) and held-out digits for validation. */
export const AUGMENTATION_SIZES = { perClass: 100, validation: 2000 };

/** The original images in the first column, then `copies` augmented versions of each. */
export function augmentedGrid(x: Tensor, options: ImageDataGeneratorOptions, rows: number, copies: number, seed: number): Uint8Array {
  const gen = imageDataGenerator({ ...options, seed });
  const [, h, w, c] = x.shape as [number, number, number, number];
  const per = h * w * c;
  const out = new Float32Array(rows * (copies + 1) * per);
  for (let r = 0; r < rows; r++) {
    const img = takeRows(x, [r]);
    out.set(img.data() as Float32Array, r * (copies + 1) * per);
    for (let k = 1; k <= copies; k++) out.set(gen.transform(img).data() as Float32Array, (r * (copies + 1) + k) * per);
  }
  return imageGrid(new Tensor(out, [rows * (copies + 1), h, w, c], 'float32'), { cols: copies + 1, scale: 3, padding: 2, range: [0, 1] });
}

export const augmentation: Recipe = {
  name: 'augmentation',
  description: 'the notes’ CNN on 1 000 MNIST digits with and without ImageDataGenerator augmentation, validation accuracy side by side',
  defaults: { epochs: 20, batchSize: 32, lr: 1e-3 },
  async run(ctx: RecipeContext): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? 20;
    const batchSize = ctx.batchSize ?? 32;
    const lr = ctx.lr ?? 1e-3;
    reportBackend(ctx);
    const { train, test } = await mnist();
    const small = balancedSubset(train.x, train.y, AUGMENTATION_SIZES.perClass, 10, ctx.seed);
    const val = head(test.x, test.y, AUGMENTATION_SIZES.validation);
    ctx.log(`training on ${small.x.shape[0]} digits (${AUGMENTATION_SIZES.perClass} per class), validating on ${val.x.shape[0]} held-out digits`);

    const grid = augmentedGrid(small.x, DEFAULT_AUGMENTATION, 8, 7, ctx.seed);
    ctx.report.image('Augmented samples: each original (left) and seven random transformations of it', grid, 'augmented.png');

    const curves: Record<string, number[]> = {};
    const final: Record<string, number> = {};
    const best: Record<string, number> = {};
    for (const variant of ['withoutAugmentation', 'withAugmentation'] as const) {
      seedGlobal(ctx.seed); // the same initial weights for both
      const model = notesCnn();
      const steps = epochs * Math.ceil(small.x.shape[0]! / batchSize);
      model.compile({ optimizer: adam({ learningRate: cosineDecay({ initialLearningRate: lr, decaySteps: steps, alpha: 0.01 }) }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      const shown = progress(ctx, epochs, { label: variant === 'withAugmentation' ? 'with augmentation' : 'without augmentation' });
      const common = { epochs, validationData: [val.x, val.y] as const, validationBatchSize: 500, ...shown };
      const history =
        variant === 'withAugmentation'
          ? await model.fit(imageDataGenerator(DEFAULT_AUGMENTATION).flow(small.x, small.y, { batchSize }), common)
          : await model.fit(small.x, small.y, { ...common, batchSize });
      curves[variant] = history.history.val_accuracy!.slice();
      curves[`${variant}Loss`] = history.history.val_loss!.slice();
      final[variant] = curves[variant]!.at(-1)!;
      best[variant] = Math.max(...curves[variant]!);
      ctx.log(`${variant}: final validation accuracy ${final[variant]!.toFixed(4)} (best ${best[variant]!.toFixed(4)}), final training accuracy ${history.history.accuracy!.at(-1)!.toFixed(4)}`);
    }
    ctx.report.chart(
      'Validation accuracy by epoch',
      lineChart({ 'without augmentation': curves.withoutAugmentation!, 'with augmentation': curves.withAugmentation! }, { xTitle: 'epoch', yTitle: 'validation accuracy' }),
    );
    ctx.report.chart(
      'Validation loss by epoch (overfitting shows as a rising curve)',
      lineChart({ 'without augmentation': curves.withoutAugmentationLoss!, 'with augmentation': curves.withAugmentationLoss! }, { xTitle: 'epoch', yTitle: 'validation loss' }),
    );
    ctx.report.table(
      'Validation accuracy',
      ['training data', 'final', 'best epoch'],
      [
        ['as is', round(final.withoutAugmentation!), round(best.withoutAugmentation!)],
        ['augmented', round(final.withAugmentation!), round(best.withAugmentation!)],
      ],
    );
    return {
      metrics: {
        withAugmentation: round(final.withAugmentation!),
        withoutAugmentation: round(final.withoutAugmentation!),
        bestWithAugmentation: round(best.withAugmentation!),
        bestWithoutAugmentation: round(best.withoutAugmentation!),
      },
      epochs,
      history: curves,
    };
  },
};
