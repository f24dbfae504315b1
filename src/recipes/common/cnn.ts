/**
 * What the convolutional-network recipes share: the notes' CNN (seed 002; built in models/), the fastest backend
 * available, balanced subsets of an image set, and accuracy with a confusion matrix and a grid of
 * labelled test images for the report.
 */
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { getBackend } from '../../backend/registry.js';
import type { Model } from '../../train/model.js';
import { takeRows } from '../../data/element.js';
import { confusionMatrix } from '../../ml/metrics.js';
import { heatmap } from '../../viz/charts.js';
import type { RecipeContext } from '../types.js';
import { labelledGrid } from './labelled-grid.js';
import { predictedClasses } from './training.js';

export { notesCnn, notesHead, notesTrunk, type NotesCnnOptions } from '../../models/notes-cnn.js';

/** Says which backend runs the recipe (the one asked for: NABLA_BACKEND or nb.setBackend; wasm by default in Node). */
export function reportBackend(ctx: RecipeContext): string {
  // The backend asked for (NABLA_BACKEND, nb.setBackend) is the backend used; this only reports it.
  const name = getBackend();
  ctx.log(`backend: ${name}`);
  return name;
}

/**
 * The first `perClass` images of each class among `x`'s rows from `offset` on (the image sets are
 * already shuffled, so this is a random balanced sample); `seed` shuffles the result's order.
 */
export function balancedSubset(x: Tensor, y: Tensor, perClass: number, classes = 10, seed = 0, offset = 0): { x: Tensor; y: Tensor } {
  const labels = y.data();
  const taken = new Array<number>(classes).fill(0);
  const idx: number[] = [];
  for (let i = offset; i < labels.length && idx.length < perClass * classes; i++) {
    const c = labels[i]!;
    if (taken[c]! < perClass) {
      taken[c]!++;
      idx.push(i);
    }
  }
  new Generator(seed).shuffle(idx);
  return { x: takeRows(x, idx), y: takeRows(y, idx) };
}

/** The first `n` rows of a split (the split itself when it has no more). */
export function head(x: Tensor, y: Tensor, n: number): { x: Tensor; y: Tensor } {
  if (n >= x.shape[0]!) return { x, y };
  const idx = Array.from({ length: Math.min(n, x.shape[0]!) }, (_, i) => i);
  return { x: takeRows(x, idx), y: takeRows(y, idx) };
}

/** Accuracy and mean cross-entropy of a softmax classifier on (x, y), with its class predictions. */
export async function accuracyOf(model: Model, x: Tensor, y: Tensor, batchSize = 500): Promise<{ accuracy: number; loss: number; predicted: Int32Array }> {
  const probs = await model.predict(x, { batchSize });
  const predicted = predictedClasses(probs);
  const truth = y.data();
  const p = probs.data();
  const k = probs.shape[1]!;
  let hit = 0;
  let loss = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] === truth[i]) hit++;
    loss -= Math.log(Math.max(p[i * k + truth[i]!]!, 1e-7));
  }
  return { accuracy: hit / predicted.length, loss: loss / predicted.length, predicted };
}

/** Adds a confusion matrix and a grid of the first test images with their predicted classes to the report. */
export function reportPredictions(ctx: RecipeContext, x: Tensor, y: Tensor, predicted: Int32Array, classNames: readonly string[], what: string): void {
  const labels = classNames.map((_, i) => i);
  const cm = confusionMatrix(y, Array.from(predicted), { labels });
  ctx.report.chart(`Confusion matrix on the ${what} (rows: true class)`, heatmap(cm, { xLabels: [...classNames], yLabels: [...classNames], annotate: true }));
  const n = Math.min(48, x.shape[0]!);
  const idx = Array.from({ length: n }, (_, i) => i);
  ctx.report.image(`The first ${n} ${what}: predicted class (green right, red wrong, then the true class)`, labelledGrid(takeRows(x, idx), predicted, y.data()), 'predictions.png');
}
