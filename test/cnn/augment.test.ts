import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

type Params = nb.data.TransformParams;
const none: Params = { rotation: 0, shiftX: 0, shiftY: 0, shear: 0, zoomX: 1, zoomY: 1, flipHorizontal: false, flipVertical: false, brightness: 1, channelShift: null };

/** A 9×9 grey image with one bright pixel at (row, col). */
function dot(row: number, col: number, size = 9): nb.Tensor {
  const d = new Float32Array(size * size);
  d[row * size + col] = 1;
  return new nb.Tensor(d, [size, size, 1], 'float32');
}

/** (row, col) of the brightest pixel of a [h, w, 1] image. */
function argmax2d(t: nb.Tensor): [number, number] {
  const d = t.data();
  let best = 0;
  for (let i = 1; i < d.length; i++) if (d[i]! > d[best]!) best = i;
  return [Math.floor(best / t.shape[1]!), best % t.shape[1]!];
}

describe('each transform on a small synthetic image', () => {
  const gen = nb.data.imageDataGenerator({ interpolation: 'bilinear', fillMode: 'constant' });

  it('a horizontal flip mirrors left and right; a vertical flip top and bottom', () => {
    const img = nb.arange(12).reshape([3, 4, 1]);
    const h = gen.applyTransform(img, { ...none, flipHorizontal: true });
    expect(Array.from(h.data())).toEqual([3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8]);
    const v = gen.applyTransform(img, { ...none, flipVertical: true });
    expect(Array.from(v.data())).toEqual([8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]);
    expect(Array.from(gen.applyTransform(img, none).data())).toEqual(Array.from(img.data()));
  });

  it('a shift moves a bright pixel right (shiftX) and down (shiftY)', () => {
    expect(argmax2d(gen.applyTransform(dot(3, 2), { ...none, shiftX: 2 }))).toEqual([3, 4]);
    expect(argmax2d(gen.applyTransform(dot(3, 2), { ...none, shiftY: 3 }))).toEqual([6, 2]);
    const half = gen.applyTransform(dot(4, 4), { ...none, shiftX: 0.5 }).data();
    expect(half[4 * 9 + 4]).toBeCloseTo(0.5, 6); // bilinear: split between two pixels
    expect(half[4 * 9 + 5]).toBeCloseTo(0.5, 6);
  });

  it('a rotation turns counter-clockwise about the centre', () => {
    expect(argmax2d(gen.applyTransform(dot(4, 7), { ...none, rotation: 90 }))).toEqual([1, 4]);
    expect(argmax2d(gen.applyTransform(dot(4, 7), { ...none, rotation: 180 }))).toEqual([4, 1]);
  });

  it('a zoom factor below 1 magnifies about the centre; shear slides rows sideways', () => {
    expect(argmax2d(gen.applyTransform(dot(4, 6), { ...none, zoomX: 0.5, zoomY: 0.5 }))).toEqual([4, 8]);
    expect(argmax2d(gen.applyTransform(dot(2, 4), { ...none, zoomY: 2 }))).toEqual([3, 4]);
    const sheared = argmax2d(gen.applyTransform(dot(1, 4), { ...none, shear: 45 }));
    expect(sheared).toEqual([1, 7]); // 3 rows above the centre → 3 columns to the right
    expect(argmax2d(gen.applyTransform(dot(4, 2), { ...none, shear: 45 }))).toEqual([4, 2]); // the centre row stays
  });

  it('fill modes fill what a shift uncovers: nearest, constant, reflect, wrap', () => {
    const row = nb.tensor([1, 2, 3, 4, 5]).reshape([1, 5, 1]);
    const shifted = (fillMode: nb.data.FillMode) =>
      Array.from(nb.data.imageDataGenerator({ fillMode, cval: -1 }).applyTransform(row, { ...none, shiftX: 2 }).data());
    expect(shifted('nearest')).toEqual([1, 1, 1, 2, 3]);
    expect(shifted('constant')).toEqual([-1, -1, 1, 2, 3]);
    expect(shifted('reflect')).toEqual([2, 1, 1, 2, 3]);
    expect(shifted('wrap')).toEqual([4, 5, 1, 2, 3]);
  });

  it('nearest interpolation keeps pixel values; brightness and channel shift change them', () => {
    const g = nb.data.imageDataGenerator({ interpolation: 'nearest' });
    const out = g.applyTransform(dot(4, 4), { ...none, shiftX: 0.4 });
    expect(Array.from(out.data()).filter((v) => v !== 0)).toEqual([1]);
    expect(g.applyTransform(nb.full([2, 2, 1], 0.5), { ...none, brightness: 1.5 }).data()[0]).toBe(0.75);
    const rgb = nb.tensor([0, 0.5, 1, 0.2, 0.4, 0.6]).reshape([1, 2, 3]);
    expect(Array.from(g.applyTransform(rgb, { ...none, channelShift: [0.5, 0, -0.5] }).data()).map((v) => +v.toFixed(6))).toEqual([0.5, 0.5, 0.5, 0.7, 0.4, 0.1]);
  });
});

describe('random draws', () => {
  const options: nb.data.ImageDataGeneratorOptions = { rotationRange: 40, widthShiftRange: 0.2, heightShiftRange: 3, shearRange: 20, zoomRange: 0.2, horizontalFlip: true, rescale: 0.5 };

  it('are seeded: the same seed gives the same images, another seed others; nb.seed fixes the global ones', () => {
    const x = nb.rand([4, 10, 8, 3], { generator: new nb.Generator(1) });
    const a = nb.data.imageDataGenerator({ ...options, seed: 5 }).transform(x);
    const b = nb.data.imageDataGenerator({ ...options, seed: 5 }).transform(x);
    const c = nb.data.imageDataGenerator({ ...options, seed: 6 }).transform(x);
    expect(Array.from(a.data())).toEqual(Array.from(b.data()));
    expect(Array.from(a.data())).not.toEqual(Array.from(c.data()));
    const g = nb.data.imageDataGenerator(options);
    nb.seed(3);
    const d1 = Array.from(g.transform(x).data());
    nb.seed(3);
    expect(Array.from(g.transform(x).data())).toEqual(d1);
  });

  it('stay within their ranges; flips happen about half the time', () => {
    const g = nb.data.imageDataGenerator({ ...options, seed: 2 });
    let flips = 0;
    for (let i = 0; i < 400; i++) {
      const p = g.randomTransform([10, 20, 1]);
      expect(Math.abs(p.rotation)).toBeLessThanOrEqual(40);
      expect(Math.abs(p.shiftX)).toBeLessThanOrEqual(0.2 * 20);
      expect(Math.abs(p.shiftY)).toBeLessThanOrEqual(3);
      expect(Math.abs(p.shear)).toBeLessThanOrEqual(20);
      for (const z of [p.zoomX, p.zoomY]) expect(z >= 0.8 && z <= 1.2).toBe(true);
      expect(p.flipVertical).toBe(false);
      if (p.flipHorizontal) flips++;
    }
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
  });

  it('rescale multiplies the transformed images', () => {
    const g = nb.data.imageDataGenerator({ rescale: 1 / 255 });
    expect(Array.from(g.transform(nb.full([1, 2, 2, 1], 255)).data())).toEqual([1, 1, 1, 1]);
  });

  it('rejects unknown and bad options', () => {
    expect(() => nb.data.imageDataGenerator({ rotation_range: 3 } as never)).toThrow(/unknown option "rotation_range"; valid options are .*rotationRange/);
    expect(() => nb.data.imageDataGenerator({ fillMode: 'mirror' as never })).toThrow(/fillMode must be 'nearest', 'constant', 'reflect' or 'wrap', got "mirror"/);
    expect(() => nb.data.imageDataGenerator({ zoomRange: 1.5 })).toThrow(/zoomRange as one number must be in \[0, 1\)/);
    expect(() => nb.data.imageDataGenerator().transform(nb.zeros([3, 3]))).toThrow(/expected images \[batch, height, width, channels\]/);
  });
});

describe('on the fly in fit', () => {
  it('flow yields shuffled augmented batches aligned with their labels', () => {
    const n = 10;
    const x = nb.arange(n).reshape([n, 1, 1, 1]).mul(nb.ones([n, 2, 2, 1]));
    const y = nb.arange(n);
    const flow = nb.data.imageDataGenerator({ seed: 1 }).flow(x, y, { batchSize: 4 });
    expect(flow.numBatches).toBe(3);
    const batches = [...flow];
    expect(batches.map((b) => b.x.shape[0])).toEqual([4, 4, 2]);
    const labels = batches.flatMap((b) => Array.from(b.y!.data()));
    expect([...labels].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(labels).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const b of batches) for (let i = 0; i < b.x.shape[0]!; i++) expect(b.x.data()[i * 4]).toBe(b.y!.data()[i]);
    const second = [...flow].flatMap((b) => Array.from(b.y!.data()));
    expect(second).not.toEqual(labels); // reshuffled every pass
  });

  it('fit trains on flow() and on Dataset.map(gen.augment)', async () => {
    nb.seed(4);
    const x = nb.rand([32, 6, 6, 1]);
    const y = nb.randint(0, 2, [32]);
    const model = nb.sequential([nb.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] }), nb.layers.flatten(), nb.layers.dense({ units: 2, activation: 'softmax' })]);
    model.compile({ optimizer: nb.optim.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const gen = nb.data.imageDataGenerator({ rotationRange: 10, horizontalFlip: true, seed: 3 });
    let seen = 0;
    const h1 = await model.fit(gen.flow(x, y, { batchSize: 8 }), { epochs: 2, verbose: 0, callbacks: [{ onTrainBatchEnd: () => void seen++ }] });
    expect(seen).toBe(8);
    expect(h1.history.loss!.length).toBe(2);
    const ds = nb.data.fromTensors({ x, y }).shuffle(32).batch(8).map(gen.augment);
    const h2 = await model.fit(ds, { epochs: 1, verbose: 0 });
    expect(Number.isFinite(h2.history.loss![0])).toBe(true);
    const first = [...ds][0]!;
    expect(first.x.shape).toEqual([8, 6, 6, 1]);
    expect(first.y.shape).toEqual([8]);
  });
});
