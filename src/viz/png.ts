/** PNG encoding and decoding (pngjs), and image grids from image tensors. */
import { PNG, type ColorType } from 'pngjs';
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../check.js';

/** Raw 8-bit pixels, row-major, `channels` values per pixel (1 gray, 3 RGB, 4 RGBA). */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

const COLOR_TYPE: Record<1 | 3 | 4, ColorType> = { 1: 0, 3: 2, 4: 6 };

/** Encodes 8-bit pixels as PNG bytes. @example nb.viz.encodePng({ width: 2, height: 1, channels: 1, data: new Uint8Array([0, 255]) }) */
export function encodePng(image: RawImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ConfigError(`viz.encodePng: width and height must be positive integers, got ${width}×${height}`);
  }
  if (!(channels in COLOR_TYPE)) throw new ConfigError(`viz.encodePng: channels must be 1, 3 or 4, got ${channels}`);
  if (data.length !== width * height * channels) {
    throw new ShapeError(`viz.encodePng: ${width}×${height}×${channels} needs ${width * height * channels} bytes, got ${data.length}`);
  }
  const colorType = COLOR_TYPE[channels];
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Decodes PNG bytes to RGBA pixels. */
export function decodePng(bytes: Uint8Array): RawImage {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ConfigError(`viz.decodePng: not a readable PNG (${(e as Error).message})`);
  }
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

export interface ImageGridOptions {
  /** Images per row (default: about the square root of n). */
  cols?: number;
  /** Integer upscaling of each pixel (default 1; 28×28 digits look better at 2–4). */
  scale?: number;
  /** Pixels between images (default 1). */
  padding?: number;
  /** Grey level 0–255 of the padding (default 255, white). */
  background?: number;
  /**
   * Value range mapped to 0–255: default `[0, 1]` when all values lie in it, `[0, 255]` when they
   * lie in that, else the data's own min and max.
   */
  range?: readonly [number, number];
}

/**
 * Lays out images [n, h, w, c] (c = 1, 3 or 4) or [n, h, w] in a grid and encodes it as PNG.
 * @example const png = nb.viz.imageGrid(test.x.slice(0, 64), { cols: 8, scale: 2 })
 */
export function imageGrid(images: Tensor, options: ImageGridOptions = {}): Uint8Array {
  const fn = 'viz.imageGrid';
  checkOptions(fn, options, ['cols', 'scale', 'padding', 'background', 'range']);
  if (!(images instanceof Tensor)) throw new ConfigError(`${fn}: expected a Tensor of images`);
  if (images.rank !== 3 && images.rank !== 4) throw new ShapeError(`${fn}: expected images [n, h, w, c] or [n, h, w], got ${fmtShape(images.shape)}`);
  const [n, h, w] = [images.shape[0]!, images.shape[1]!, images.shape[2]!];
  const c = images.rank === 4 ? images.shape[3]! : 1;
  if (c !== 1 && c !== 3 && c !== 4) throw new ShapeError(`${fn}: images need 1, 3 or 4 channels, got ${c} in ${fmtShape(images.shape)}`);
  if (n === 0 || h === 0 || w === 0) throw new ShapeError(`${fn}: no pixels to draw in ${fmtShape(images.shape)}`);
  const intOpt = (name: string, v: number | undefined, dflt: number, min: number): number => {
    const x = v ?? dflt;
    if (!Number.isInteger(x) || x < min) throw new ConfigError(`${fn}: ${name} must be an integer ≥ ${min}, got ${x}`);
    return x;
  };
  const cols = Math.min(n, intOpt('cols', options.cols, Math.ceil(Math.sqrt(n)), 1));
  const scale = intOpt('scale', options.scale, 1, 1);
  const pad = intOpt('padding', options.padding, 1, 0);
  const bg = intOpt('background', options.background, 255, 0);
  const src = images.data();
  let [lo, hi] = options.range ?? [NaN, NaN];
  if (options.range === undefined) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min >= 0 && max <= 1) [lo, hi] = [0, 1];
    else if (min >= 0 && max <= 255) [lo, hi] = [0, 255];
    else [lo, hi] = [min, max > min ? max : min + 1];
  } else if (!(hi > lo)) throw new ConfigError(`${fn}: range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const rows = Math.ceil(n / cols);
  const width = cols * w * scale + (cols + 1) * pad;
  const height = rows * h * scale + (rows + 1) * pad;
  const out = new Uint8Array(width * height * c).fill(bg);
  if (c === 4) for (let i = 3; i < out.length; i += 4) out[i] = 255;
  const k = 255 / (hi - lo);
  for (let img = 0; img < n; img++) {
    const ox = pad + (img % cols) * (w * scale + pad);
    const oy = pad + Math.floor(img / cols) * (h * scale + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = src[((img * h + y) * w + x) * c + ch]!;
          const b = Math.max(0, Math.min(255, Math.round((v - lo) * k)));
          for (let sy = 0; sy < scale; sy++) {
            const row = (oy + y * scale + sy) * width;
            for (let sx = 0; sx < scale; sx++) out[(row + ox + x * scale + sx) * c + ch] = b;
          }
        }
      }
    }
  }
  return encodePng({ width, height, channels: c, data: out });
}
