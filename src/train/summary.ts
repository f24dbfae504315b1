/**
 * `model.summary()`: the layer table Keras prints (Keras 2's plain-text layout), with output
 * shapes, parameter counts and, for functional models, the inbound layers.
 *
 *     Model: "sequential"
 *     _________________________________________________________________
 *      Layer (type)                Output Shape              Param #
 *     =================================================================
 *      dense (Dense)               (None, 128)               100480
 */
import { ConfigError } from '../errors.js';
import type { Layer } from '../nn/layer.js';
import { type SymbolicShape, fmtSymbolicShape } from '../nn/symbolic.js';
import type { Model } from './model.js';

function shapeText(s: SymbolicShape | SymbolicShape[] | null): string {
  if (s === null) return '?';
  if (s.length > 0 && Array.isArray(s[0])) return (s as SymbolicShape[]).map(fmtSymbolicShape).join(', ');
  return fmtSymbolicShape(s as SymbolicShape);
}

function counts(layer: Layer): { total: number; trainable: number } {
  let total = 0;
  let trainable = 0;
  for (const w of layer.weights) {
    total += w.size;
    if (w.requiresGrad) trainable += w.size;
  }
  return { total, trainable };
}

function fit(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 2)} ` : text.padEnd(width);
}

export function summarize(model: Model, options: { lineLength?: number } = {}): string {
  if (!model.built) {
    throw new ConfigError(`${model.className} '${model.name}'.summary: the model is not built yet; give the first layer an inputShape, or call/fit it once`);
  }
  const graph = model.className !== 'Sequential';
  const lineLength = options.lineLength ?? (graph ? 98 : 65);
  const cols = graph ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1];
  const widths = cols.map((c, i) => Math.floor(lineLength * c) - (i === 0 ? 0 : Math.floor(lineLength * cols[i - 1]!)));
  const row = (cells: string[]) => (' ' + cells.map((c, i) => fit(c, widths[i]! - (i === 0 ? 1 : 0))).join('')).trimEnd();
  const lines: string[] = [`Model: "${model.name}"`, '_'.repeat(lineLength)];
  lines.push(row(graph ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #']));
  lines.push('='.repeat(lineLength));
  model.layers.forEach((l, i) => {
    const cells = [`${l.name} (${l.className})`, shapeText(l.outputShape), String(counts(l).total)];
    if (graph) {
      const inbound = model.layerConnections(l);
      cells.push(inbound[0] ?? '');
      lines.push(row(cells));
      for (const extra of inbound.slice(1)) lines.push(row(['', '', '', extra]));
    } else lines.push(row(cells));
    if (i < model.layers.length - 1) lines.push('');
  });
  const c = counts(model);
  lines.push('='.repeat(lineLength));
  lines.push(`Total params: ${c.total.toLocaleString('en-US')}`);
  lines.push(`Trainable params: ${c.trainable.toLocaleString('en-US')}`);
  lines.push(`Non-trainable params: ${(c.total - c.trainable).toLocaleString('en-US')}`);
  lines.push('_'.repeat(lineLength));
  return lines.join('\n');
}
