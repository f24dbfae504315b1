/**
 * Two-input classifiers on the plane (the perceptron and XOR recipes): the truth tables, the
 * model's output over the unit square drawn as a decision surface (chart and PNG), and the line
 * where a single neuron's w·x + b crosses zero.
 */
import { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../train/model.js';
import type { ChartSpec } from '../../viz/charts.js';
import type { ReportSink } from '../types.js';
import { type Bounds, type Grid, fieldLayer, layered, pathsLayer, pointsLayer, sampleGrid, surfacePng } from './surface.js';

/** The four corners of the unit square, in the order (0,0), (0,1), (1,0), (1,1). */
export const CORNERS = new Tensor(Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), [4, 2], 'float32');

/** Truth tables of the gates, for the corners in CORNERS' order. */
export const GATES = {
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  xor: [0, 1, 1, 0],
} as const;

export type Gate = keyof typeof GATES;

/** The gate's targets as a float32 [4, 1] tensor (for a sigmoid unit and binary cross-entropy). */
export function gateTargets(gate: Gate): Tensor {
  return new Tensor(Float32Array.from(GATES[gate]), [4, 1], 'float32');
}

export const UNIT_SQUARE: Bounds = { x: [-0.5, 1.5], y: [-0.5, 1.5] };

/** The model's output (probability of class 1) on a grid over `bounds`. */
export function decisionGrid(model: Model, bounds: Bounds = UNIT_SQUARE, steps = 64): Promise<Grid> {
  return sampleGrid(bounds, steps, async (pts) => (await model.predict(pts, { batchSize: 4096 })).data());
}

/** The part of the line w₁x₁ + w₂x₂ + b = 0 inside `bounds`, as a polyline (empty when it misses them). */
export function boundaryLine(w1: number, w2: number, b: number, bounds: Bounds = UNIT_SQUARE): [number, number][] {
  const pts: [number, number][] = [];
  const steps = 200;
  for (let s = 0; s <= steps; s++) {
    let x: number;
    let y: number;
    if (Math.abs(w2) >= Math.abs(w1)) {
      x = bounds.x[0] + ((bounds.x[1] - bounds.x[0]) * s) / steps;
      y = -(w1 * x + b) / w2;
    } else {
      y = bounds.y[0] + ((bounds.y[1] - bounds.y[0]) * s) / steps;
      x = -(w2 * y + b) / w1;
    }
    if (x >= bounds.x[0] && x <= bounds.x[1] && y >= bounds.y[0] && y <= bounds.y[1]) pts.push([x, y]);
  }
  return pts;
}

/**
 * Adds the model's decision surface to the report: a chart (output as colour on a 32 × 32 grid,
 * the corners, optional lines) and a finer PNG of the same surface named `fileName`.
 */
export async function reportSurface(
  report: ReportSink,
  title: string,
  model: Model,
  labels: ArrayLike<number>,
  fileName: string,
  lines: Record<string, [number, number][]> = {},
): Promise<Grid> {
  const coarse = await decisionGrid(model, UNIT_SQUARE, 32);
  const layers: ChartSpec[] = [fieldLayer(coarse, { domain: [0, 1], title: 'P(class 1)' })];
  const drawn = Object.fromEntries(Object.entries(lines).filter(([, l]) => l.length > 1));
  if (Object.keys(drawn).length) layers.push(pathsLayer(drawn));
  layers.push(pointsLayer(CORNERS, labels));
  report.chart(title, layered(layers));
  const fine = await decisionGrid(model, UNIT_SQUARE, 80);
  report.image(`${title} (PNG)`, surfacePng(fine, { scale: 4, points: CORNERS, labels }), fileName);
  return fine;
}
