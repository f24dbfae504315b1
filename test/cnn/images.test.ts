import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const dir = mkdtempSync(join(tmpdir(), 'nabla-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An image of byte values k/255 (exactly representable after a PNG round trip). */
function byteImage(shape: number[], seed: number): nb.Tensor {
  const g = new nb.Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = g.randint(0, 256) / 255;
  return new nb.Tensor(d, shape, 'float32');
}

describe('PNG ↔ tensor', () => {
  it('round-trips grey, colour and RGBA images exactly', async () => {
    for (const shape of [[5, 4, 1], [3, 6, 3], [2, 2, 4]]) {
      const img = byteImage(shape, shape[2]!);
      const back = await nb.data.decodeImage(await nb.data.encodeImage(img));
      expect(back.shape).toEqual(shape);
      expect(back.dtype).toBe('float32');
      expect(Array.from(back.data())).toEqual(Array.from(img.data()));
    }
  });

  it('writes and reads files, converting channels on request', async () => {
    const rgb = byteImage([4, 5, 3], 9);
    const path = join(dir, 'rgb.png');
    await nb.data.writeImage(path, rgb);
    const again = await nb.data.readImage(path);
    expect(Array.from(again.data())).toEqual(Array.from(rgb.data()));
    const grey = await nb.data.readImage(path, { channels: 1, scale: 'byte' });
    expect(grey.shape).toEqual([4, 5, 1]);
    const d = rgb.data();
    expect(grey.data()[0]).toBe(Math.round(0.299 * d[0]! * 255 + 0.587 * d[1]! * 255 + 0.114 * d[2]! * 255));
    const g2 = byteImage([3, 3, 1], 2);
    await nb.data.writeImage(join(dir, 'grey.png'), g2);
    const asRgb = await nb.data.readImage(join(dir, 'grey.png'), { channels: 3 });
    expect(asRgb.shape).toEqual([3, 3, 3]);
    expect(asRgb.data()[4]).toBe(g2.data()[1]);
    const asRgba = await nb.data.readImage(join(dir, 'grey.png'), { channels: 4 });
    expect(asRgba.data()[3]).toBe(1);
  });

  it('maps other value ranges to bytes, 0–255 data included', async () => {
    const img = nb.tensor([[0, 127.5, 255]]).reshape([1, 3, 1]);
    const back = await nb.data.decodeImage(await nb.data.encodeImage(img), { scale: 'byte' });
    expect(Array.from(back.data())).toEqual([0, 128, 255]);
    const signed = nb.tensor([[-1, 0, 1]]).reshape([1, 3, 1]);
    const b2 = await nb.data.decodeImage(await nb.data.encodeImage(signed, { range: [-1, 1] }), { scale: 'byte' });
    expect(Array.from(b2.data())).toEqual([0, 128, 255]);
  });

  it('reads images of different sizes into one batch by resizing', async () => {
    await nb.data.writeImage(join(dir, 'a.png'), byteImage([6, 8, 3], 1));
    await nb.data.writeImage(join(dir, 'b.png'), byteImage([10, 4, 3], 2));
    const batch = await nb.data.readImages([join(dir, 'a.png'), join(dir, 'b.png')], { size: [5, 5] });
    expect(batch.shape).toEqual([2, 5, 5, 3]);
    await expect(nb.data.readImages([join(dir, 'a.png'), join(dir, 'b.png')])).rejects.toThrow(/image 1 is \[10,4,3\] but image 0 is \[6,8,3\]; pass size/);
  });

  it('reports unreadable and missing files', async () => {
    writeFileSync(join(dir, 'bad.png'), 'not a png');
    await expect(nb.data.readImage(join(dir, 'bad.png'))).rejects.toThrow(nb.DataError);
    await expect(nb.data.readImage(join(dir, 'bad.png'))).rejects.toThrow(/bad\.png: not a readable PNG/);
    await expect(nb.data.readImage(join(dir, 'none.png'))).rejects.toThrow(/none\.png does not exist/);
    expect(() => nb.data.imageToPixels(nb.zeros([2, 2, 2]))).toThrow(/needs 1, 3 or 4 channels, got 2/);
    await expect(nb.data.decodeImage(new Uint8Array(4), { channels: 2 as never })).rejects.toThrow(/channels must be 1, 3, 4 or 'auto'/);
  });
});

describe('resizing and colour', () => {
  it('bilinear keeps a constant image constant and matches the half-pixel rule', () => {
    const c = nb.full([3, 5, 2], 0.25);
    expect(Array.from(nb.data.resizeImages(c, [7, 2]).data()).every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    const x = nb.tensor([[0, 1]]).reshape([1, 2, 1]);
    // out j samples (j + 0.5)·(2/4) − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamped lerp.
    expect(Array.from(nb.data.resizeImages(x, [1, 4]).data())).toEqual([0, 0.25, 0.75, 1]);
  });

  it('nearest repeats pixels and keeps the dtype', () => {
    const x = new nb.Tensor(Int32Array.from([1, 2, 3, 4]), [2, 2, 1], 'int32');
    const y = nb.data.resizeImages(x, [4, 4], { interpolation: 'nearest' });
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.data())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('stacks grey and colour images of different sizes', () => {
    const b = nb.data.stackImages([nb.ones([4, 4, 1]), nb.zeros([2, 3, 3])], { size: [3, 3] });
    expect(b.shape).toEqual([2, 3, 3, 3]);
    expect(b.data()[0]).toBe(1);
    expect(() => nb.data.stackImages([nb.ones([4, 4, 2]), nb.zeros([4, 4, 3])])).toThrow(/channels/);
  });

  it('converts between grey and RGB', () => {
    const rgb = nb.tensor([1, 0, 0, 0, 1, 0, 0, 0, 1]).reshape([1, 3, 3]);
    expect(Array.from(nb.data.toGrayscale(rgb).data()).map((v) => +v.toFixed(4))).toEqual([0.299, 0.587, 0.114]);
    expect(nb.data.grayscaleToRgb(nb.ones([2, 2, 1])).shape).toEqual([2, 2, 3]);
    expect(() => nb.data.toGrayscale(nb.ones([2, 2, 1]))).toThrow(/expected RGB or RGBA images/);
  });
});
