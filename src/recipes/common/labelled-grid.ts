/**
 * A grid of test images with their predicted and true class under each one, as a PNG (through
 * `imageGrid`): under every image a strip shows the predicted class number in green when right or
 * red when wrong, followed by the true class in black when they differ.
 */
import { ShapeError, fmtShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { imageGrid } from '../../viz/png.js';

/** 3 × 5 pixel digits, one row of three bits per line, top to bottom. */
const DIGITS: readonly (readonly number[])[] = [
  [7, 5, 5, 5, 7],
  [2, 6, 2, 2, 7],
  [7, 1, 7, 4, 7],
  [7, 1, 7, 1, 7],
  [5, 5, 7, 1, 1],
  [7, 4, 7, 1, 7],
  [7, 4, 7, 5, 7],
  [7, 1, 1, 2, 2],
  [7, 5, 7, 5, 7],
  [7, 5, 7, 1, 7],
];

const GREEN = [0.1, 0.6, 0.2];
const RED = [0.85, 0.1, 0.1];
const BLACK = [0, 0, 0];
const STRIP = 7;

export interface LabelledGridOptions {
  cols?: number;
  /** Pixel upscaling (default 2). */
  scale?: number;
}

/**
 * Images [n, h, w, 1] (or [n, h·w] square) in [0, 1] with predicted and true labels (0–99) as a PNG grid.
 * @example ctx.report.image('Test images', labelledGrid(test.x.slice(0, 48), pred, truth), 'predictions.png')
 */
export function labelledGrid(images: Tensor, predicted: ArrayLike<number>, truth: ArrayLike<number>, options: LabelledGridOptions = {}): Uint8Array {
  const n = images.shape[0]!;
  const per = images.size / Math.max(n, 1);
  const h = images.rank === 4 ? images.shape[1]! : Math.round(Math.sqrt(per));
  const w = images.rank === 4 ? images.shape[2]! : h;
  if (h * w !== per || (images.rank === 4 && images.shape[3] !== 1)) throw new ShapeError(`labelledGrid: expected grey images [n, h, w, 1] or [n, h·w] with square images, got ${fmtShape(images.shape)}`);
  if (predicted.length < n || truth.length < n) throw new ShapeError(`labelledGrid: ${n} images but ${predicted.length} predictions and ${truth.length} labels`);
  const H = h + STRIP;
  const src = images.data();
  const out = new Float32Array(n * H * w * 3).fill(1);
  for (let k = 0; k < n; k++) {
    const base = k * H * w * 3;
    for (let p = 0; p < h * w; p++) {
      const v = src[k * per + p]!;
      out[base + p * 3] = v;
      out[base + p * 3 + 1] = v;
      out[base + p * 3 + 2] = v;
    }
    const ok = predicted[k] === truth[k];
    const put = (x: number, y: number, c: readonly number[]) => {
      if (x < 0 || x >= w || y < 0 || y >= STRIP) return;
      out.set(c, base + ((h + y) * w + x) * 3);
    };
    let x = 1;
    x = drawNumber(predicted[k]!, x, 1, ok ? GREEN : RED, put);
    if (!ok) drawNumber(truth[k]!, x + 3, 1, BLACK, put);
  }
  return imageGrid(new Tensor(out, [n, H, w, 3], 'float32'), { cols: options.cols ?? Math.ceil(Math.sqrt(n)), scale: options.scale ?? 2, padding: 2, range: [0, 1] });
}

/** Draws a non-negative integer; returns the x after its last digit. */
function drawNumber(v: number, x0: number, y0: number, color: readonly number[], put: (x: number, y: number, c: readonly number[]) => void): number {
  let x = x0;
  for (const ch of String(Math.max(0, Math.floor(v)))) {
    const rows = DIGITS[Number(ch)]!;
    for (let r = 0; r < 5; r++) for (let c = 0; c < 3; c++) if (rows[r]! & (4 >> c)) put(x + c, y0 + r, color);
    x += 4;
  }
  return x;
}
