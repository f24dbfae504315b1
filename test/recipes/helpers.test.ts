// The helpers the dense-network recipes share: shifted image batches, the labelled image grid, the
// decision-surface pictures and the progress writer.
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { shiftedBatches } from '../../src/recipes/common/shifted-batches.js';
import { labelledGrid } from '../../src/recipes/common/labelled-grid.js';
import { boundaryLine } from '../../src/recipes/common/plane.js';
import { sampleFunction, surfacePng } from '../../src/recipes/common/surface.js';
import { predictedClasses, progress, progressWriter } from '../../src/recipes/common/training.js';
import type { RecipeContext } from '../../src/recipes/types.js';

function fakeCtx(lines: string[], tty = false): RecipeContext {
  const sink = { text() {}, chart() {}, image() {}, table() {}, model() {} };
  return { seed: 0, outDir: '.', json: false, report: sink, log: (l) => lines.push(l), tty };
}

describe('shiftedBatches', () => {
  it('covers every sample once per pass with its own label, each image moved by at most maxShift pixels', () => {
    const n = 10;
    const side = 8;
    const x = new Float32Array(n * side * side);
    // Image i has a single lit pixel at (row 3, column 4) with value (i + 1) / 10.
    for (let i = 0; i < n; i++) x[i * 64 + 3 * side + 4] = (i + 1) / 10;
    const y = Int32Array.from({ length: n }, (_, i) => i);
    const src = shiftedBatches(new nb.Tensor(x, [n, 64], 'float32'), new nb.Tensor(y, [n], 'int32'), { batchSize: 4, maxShift: 2, generator: new nb.Generator(3) });
    expect(src.numBatches).toBe(3);
    for (let pass = 0; pass < 2; pass++) {
      const seen: number[] = [];
      for (const b of src) {
        const bx = (b.x as nb.Tensor).data();
        const by = (b.y as nb.Tensor).data();
        expect((b.x as nb.Tensor).shape).toEqual([by.length, 64]);
        for (let k = 0; k < by.length; k++) {
          seen.push(by[k]!);
          const lit = [...bx.subarray(k * 64, (k + 1) * 64)].flatMap((v, p) => (v > 0 ? [p] : []));
          expect(lit).toHaveLength(1); // a shift of ≤ 2 keeps the pixel inside the 8 × 8 image
          const [r, c] = [Math.floor(lit[0]! / side), lit[0]! % side];
          expect(Math.abs(r - 3)).toBeLessThanOrEqual(2);
          expect(Math.abs(c - 4)).toBeLessThanOrEqual(2);
          expect(bx[k * 64 + lit[0]!]).toBeCloseTo((by[k]! + 1) / 10, 6);
        }
      }
      expect(seen.sort((a, b) => a - b)).toEqual([...y]);
    }
  });
});

describe('labelledGrid', () => {
  it('draws images with a label strip into a PNG of the expected size, green when right and red when wrong', () => {
    const images = nb.zeros([3, 28, 28, 1]);
    const png = labelledGrid(images, [1, 2, 3], [1, 2, 4], { cols: 3, scale: 1 });
    const img = nb.viz.decodePng(png);
    // imageGrid: 3 tiles of 28 × (28 + 7) with 2 pixels of padding around and between.
    expect([img.width, img.height]).toEqual([3 * 28 + 4 * 2, 35 + 2 * 2]);
    const colours = new Set<string>();
    for (let p = 0; p < img.width * img.height; p++) colours.add(Array.from(img.data.subarray(p * 4, p * 4 + 3)).join(','));
    const greenish = [...colours].some((c) => { const [r, g, b] = c.split(',').map(Number); return g! > 120 && r! < 60 && b! < 80; });
    const reddish = [...colours].some((c) => { const [r, g, b] = c.split(',').map(Number); return r! > 180 && g! < 60 && b! < 60; });
    expect(greenish).toBe(true);
    expect(reddish).toBe(true);
  });
});

describe('surfaces', () => {
  it('boundaryLine stays on w·x + b = 0 inside the bounds', () => {
    const line = boundaryLine(2, 1, -2);
    expect(line.length).toBeGreaterThan(10);
    for (const [x, y] of line) {
      expect(2 * x + y - 2).toBeCloseTo(0, 9);
      expect(x).toBeGreaterThanOrEqual(-0.5);
      expect(y).toBeLessThanOrEqual(1.5);
    }
    expect(boundaryLine(1, 1, 100)).toEqual([]);
  });

  it('surfacePng draws a grid upscaled, y up: the high corner of f(x, y) = x + y is top-right', () => {
    const grid = sampleFunction({ x: [0, 1], y: [0, 1] }, 10, (x, y) => x + y);
    const img = nb.viz.decodePng(surfacePng(grid, { scale: 3, domain: [0, 2] }));
    expect([img.width, img.height]).toEqual([30, 30]);
    const at = (x: number, y: number) => Array.from(img.data.subarray((y * 30 + x) * 4, (y * 30 + x) * 4 + 3));
    const topRight = at(29, 0);
    const bottomLeft = at(0, 29);
    expect(topRight[0]).toBeGreaterThan(topRight[2]!); // orange: high values
    expect(bottomLeft[2]).toBeGreaterThan(bottomLeft[0]!); // blue: low values
  });
});

describe('training helpers', () => {
  it('predictedClasses: arg-max of softmax rows, threshold 0.5 for one sigmoid unit', () => {
    expect(Array.from(predictedClasses(nb.tensor([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])))).toEqual([1, 0]);
    expect(Array.from(predictedClasses(nb.tensor([[0.2], [0.8]])))).toEqual([0, 1]);
  });

  it('progressWriter hands whole lines to ctx.log when not on a terminal', () => {
    const lines: string[] = [];
    const w = progressWriter(fakeCtx(lines));
    w.write('Epoch 1/2 - loss');
    w.write(': 0.5\nEpoch 2/2 - loss: 0.4\n');
    expect(lines).toEqual(['Epoch 1/2 - loss: 0.5', 'Epoch 2/2 - loss: 0.4']);
    expect(w.isTTY()).toBe(false);
  });

  it('progress: a line per epoch for short runs, about ten lines for long full-batch runs', async () => {
    const x = nb.tensor([[0], [1], [2], [3]]);
    const y = nb.tensor([[1], [3], [5], [7]]);
    for (const [epochs, expected] of [[3, 3], [200, 11]] as const) {
      const lines: string[] = [];
      const model = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
      model.compile({ optimizer: nb.optim.sgd({ learningRate: 0.01 }), loss: 'mse' });
      await model.fit(x, y, { epochs, batchSize: 4, ...progress(fakeCtx(lines), epochs) });
      expect(lines).toHaveLength(expected);
      expect(lines.at(-1)).toMatch(new RegExp(`^(Epoch|epoch) ${epochs}/${epochs} `));
    }
  });
});
