/**
 * Mini-batches of square grey images, shuffled each pass, each image moved by a random whole-pixel
 * shift (the notes' data augmentation, seed 002: "generates more training data from existing
 * samples through random transformations"; width_shift_range / height_shift_range). A batch
 * source for `fit`: iterated afresh every epoch.
 */
import { Generator, getGenerator } from '../../random.js';
import { Tensor } from '../../tensor/tensor.js';
import type { TrainingBatch } from '../../train/data-adapter.js';

export interface ShiftOptions {
  batchSize: number;
  /** Largest shift in pixels along each axis (default 2); the uncovered border is 0 (black). */
  maxShift?: number;
  /** Generator for the order and the shifts (default: the global one, `nb.seed`). */
  generator?: Generator;
}

/**
 * `x` is [n, side·side] (or [n, side, side, 1]) in [0, 1]; `y` the labels [n]. Returns an iterable
 * of `{x, y}` batches with x shaped like the input's rows.
 */
export function shiftedBatches(x: Tensor, y: Tensor, options: ShiftOptions): Iterable<TrainingBatch> & { numBatches: number } {
  const n = x.shape[0]!;
  const per = x.size / n;
  const side = Math.round(Math.sqrt(per));
  const rowShape = x.shape.slice(1);
  const { batchSize } = options;
  const maxShift = options.maxShift ?? 2;
  const src = x.data();
  const labels = y.data();
  const numBatches = Math.ceil(n / batchSize);
  return {
    numBatches,
    *[Symbol.iterator]() {
      const gen = options.generator ?? getGenerator();
      const order = gen.permutation(n);
      for (let b = 0; b < numBatches; b++) {
        const start = b * batchSize;
        const m = Math.min(batchSize, n - start);
        const out = new Float32Array(m * per);
        const lab = new Int32Array(m);
        for (let k = 0; k < m; k++) {
          const i = order[start + k]!;
          lab[k] = labels[i]!;
          const dx = Math.floor(gen.uniform() * (2 * maxShift + 1)) - maxShift;
          const dy = Math.floor(gen.uniform() * (2 * maxShift + 1)) - maxShift;
          const o = k * per;
          const s = i * per;
          for (let r = 0; r < side; r++) {
            const sr = r - dy;
            if (sr < 0 || sr >= side) continue;
            const c0 = Math.max(0, dx);
            const c1 = Math.min(side, side + dx);
            for (let c = c0; c < c1; c++) out[o + r * side + c] = src[s + sr * side + c - dx]!;
          }
        }
        yield { x: new Tensor(out, [m, ...rowShape], 'float32'), y: new Tensor(lab, [m], 'int32') };
      }
    },
  };
}
