/**
 * The report of an image classifier (mnist-mlp, fashion-mlp): test predictions, a grid of test
 * images with predicted/true labels, the confusion matrix and per-class accuracy.
 */
import { takeRows } from '../../data/element.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../train/model.js';
import { confusionMatrix } from '../../ml/metrics.js';
import { barChart, heatmap } from '../../viz/charts.js';
import type { ReportSink } from '../types.js';
import { labelledGrid } from './labelled-grid.js';
import { predictedClasses } from './training.js';

export interface ClassifierReport {
  predictions: Int32Array;
  accuracy: number;
  /** Accuracy of each class, by class name. */
  perClass: Record<string, number>;
}

/**
 * Predicts the test set, then adds to the report: the first `gridCount` test images with
 * predicted/true labels (PNG), the confusion matrix, and per-class accuracy.
 */
export async function reportClassifier(
  report: ReportSink,
  model: Model,
  test: { x: Tensor; y: Tensor },
  classNames: readonly string[],
  options: { gridCount?: number; fileName?: string; imageShape?: readonly number[] } = {},
): Promise<ClassifierReport> {
  const probs = await model.predict(test.x, { batchSize: 1000 });
  const pred = predictedClasses(probs);
  const truth = test.y.data();
  const k = classNames.length;
  const labels = Array.from({ length: k }, (_, i) => i);
  const cm = confusionMatrix(Array.from(truth), Array.from(pred), { labels });
  const cmd = cm.data();
  let hit = 0;
  const perClass: Record<string, number> = {};
  for (let c = 0; c < k; c++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += cmd[c * k + j]!;
    hit += cmd[c * k + c]!;
    perClass[classNames[c]!] = row ? cmd[c * k + c]! / row : NaN;
  }
  const accuracy = hit / truth.length;

  const n = Math.min(options.gridCount ?? 64, test.x.shape[0]!);
  const idx = Array.from({ length: n }, (_, i) => i);
  let images = takeRows(test.x, idx);
  if (options.imageShape) images = images.reshape([n, ...options.imageShape]);
  const legend = classNames.every((c, i) => c === String(i)) ? '' : ` Classes: ${classNames.map((c, i) => `${i} ${c}`).join(', ')}.`;
  report.image(
    `The first ${n} test images: predicted class in green when right, red when wrong (followed by the true class in black).${legend}`,
    labelledGrid(images, pred.subarray(0, n), truth, { cols: 8, scale: 2 }),
    options.fileName ?? 'test-predictions.png',
  );
  report.chart(
    'Confusion matrix on the test set (rows: true class, columns: predicted)',
    heatmap(cm, { xLabels: classNames, yLabels: classNames, xTitle: 'predicted', yTitle: 'true', annotate: true }),
  );
  report.chart('Test accuracy per class', barChart(perClass, { yTitle: 'accuracy', horizontal: true }));
  return { predictions: pred, accuracy, perClass };
}
