/**
 * Images for the data layer: PNG files ↔ tensors [height, width, channels] (grey, RGB or RGBA),
 * resizing so images of different sizes feed one model (the notes: "resize to a set amount of
 * pixels"), and grey ↔ colour conversion.
 *
 * PNG coding uses the `pngjs` package, loaded on first use (so the browser entry does not pull it
 * in until an image is read or written); file access goes through the platform adapter.
 *
 * @example
 * const img = await nb.data.readImage('cat.png', { channels: 3, size: [150, 150] }); // [150, 150, 3] in [0, 1]
 * await nb.data.writeImage('out.png', img);
 * const batch = nb.data.stackImages([a, b, c], { size: [64, 64] }); // [3, 64, 64, C]
 */
import type { PNG as PngClass } from 'pngjs';
import { ConfigError, DataError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { platform } from '../platform/index.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { concat, reshape } from '../ops/shape.js';
import { resizeBilinear, resizeNearest } from '../ops/image.js';
import { checkOptions } from '../check.js';

/** Raw 8-bit pixels, row-major, `channels` values per pixel. */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** How many channels to decode to: 1 grey, 3 RGB, 4 RGBA, or 'auto' (what the file holds). */
export type ChannelMode = 1 | 3 | 4 | 'auto';

export type Interpolation = 'bilinear' | 'nearest';

export interface ImageReadOptions {
  /** Channels of the result; default 'auto' (1 for grey files, 3 for colour, 4 with transparency). */
  channels?: ChannelMode;
  /** Resize to [height, width] after decoding. */
  size?: readonly [number, number] | null;
  /** Resizing method. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Pixel values: 'unit' (float32 in [0, 1], default) or 'byte' (float32 0–255). */
  scale?: 'unit' | 'byte';
}

export interface ImageWriteOptions {
  /** Values mapped to 0 and 255; default [0, 1] when every value lies in it, else [0, 255] when they lie in that, else the data's min and max. */
  range?: readonly [number, number];
}

const READ_KEYS = ['channels', 'size', 'interpolation', 'scale'];

type PngLib = typeof PngClass;
let pngLib: Promise<PngLib> | null = null;

/** pngjs, imported once on first use. */
function loadPng(): Promise<PngLib> {
  pngLib ??= import('pngjs').then((m) => {
    const mod = m as unknown as { PNG?: PngLib; default?: { PNG?: PngLib } };
    const P = mod.PNG ?? mod.default?.PNG;
    if (!P) throw new ConfigError('images: the pngjs package has no PNG export; reinstall it (npm install pngjs)');
    return P;
  });
  return pngLib;
}

/** A Node Buffer view of `bytes` where Buffer exists (pngjs wants one), else the bytes themselves. */
function asBuffer(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(a: ArrayBufferLike, o: number, n: number): Uint8Array } }).Buffer;
  return B ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

function checkChannels(op: string, c: unknown): ChannelMode {
  if (c === undefined) return 'auto';
  if (c !== 1 && c !== 3 && c !== 4 && c !== 'auto') throw new ConfigError(`${op}: channels must be 1, 3, 4 or 'auto', got ${JSON.stringify(c)}`);
  return c;
}

/**
 * Pixels → a float32 tensor [height, width, channels], in [0, 1] (or 0–255 with scale 'byte').
 * @example nb.data.imageFromPixels({ width: 2, height: 1, channels: 1, data: new Uint8Array([0, 255]) }) // [[[0], [1]]]
 */
export function imageFromPixels(pixels: Pixels, options: { scale?: 'unit' | 'byte' } = {}): Tensor {
  const op = 'data.imageFromPixels';
  checkOptions(op, options, ['scale']);
  const { width, height, channels, data } = pixels;
  if (![1, 3, 4].includes(channels)) throw new ConfigError(`${op}: channels must be 1, 3 or 4, got ${channels}`);
  if (data.length !== width * height * channels) throw new ShapeError(`${op}: ${height}×${width}×${channels} needs ${width * height * channels} values, got ${data.length}`);
  const k = (options.scale ?? 'unit') === 'unit' ? 1 / 255 : 1;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * k;
  return new Tensor(out, [height, width, channels], 'float32');
}

/** The default value range of an image: [0, 1], [0, 255], or the data's own min and max. */
function valueRange(d: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0 && max <= 1) return [0, 1];
  if (min >= 0 && max <= 255) return [0, 255];
  return [min, max > min ? max : min + 1];
}

/**
 * A tensor [height, width, channels] (channels 1, 3 or 4) or [height, width] → 8-bit pixels, the
 * value range mapped to 0–255 (see `ImageWriteOptions.range`).
 */
export function imageToPixels(image: Tensor, options: ImageWriteOptions = {}): Pixels {
  const op = 'data.imageToPixels';
  checkOptions(op, options, ['range']);
  if (!(image instanceof Tensor)) throw new ConfigError(`${op}: expected a Tensor [height, width, channels]`);
  if (image.rank !== 2 && image.rank !== 3) throw new ShapeError(`${op}: expected an image [height, width, channels] or [height, width], got shape ${fmtShape(image.shape)}`);
  const [height, width] = image.shape as [number, number];
  const channels = image.rank === 3 ? image.shape[2]! : 1;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new ShapeError(`${op}: an image needs 1, 3 or 4 channels, got ${channels} (shape ${fmtShape(image.shape)})`);
  if (image.dtype === 'bool') throw new DTypeError(`${op}: cannot write a bool tensor as an image; cast it first`);
  const d = image.data();
  const [lo, hi] = options.range ?? valueRange(d);
  if (!(hi > lo)) throw new ConfigError(`${op}: range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const k = 255 / (hi - lo);
  const data = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) data[i] = Math.max(0, Math.min(255, Math.round((d[i]! - lo) * k)));
  return { width, height, channels, data };
}

/**
 * Decodes PNG bytes to a float32 tensor [height, width, channels].
 * @example const img = await nb.data.decodeImage(bytes, { channels: 3 })
 */
export async function decodeImage(bytes: Uint8Array, options: ImageReadOptions = {}): Promise<Tensor> {
  const op = 'data.decodeImage';
  checkOptions(op, options, READ_KEYS);
  const channels = checkChannels(op, options.channels);
  const PNG = await loadPng();
  let png: { width: number; height: number; data: Uint8Array; colorType?: number; alpha?: boolean };
  try {
    png = PNG.sync.read(asBuffer(bytes) as Parameters<typeof PNG.sync.read>[0]) as unknown as typeof png;
  } catch (e) {
    throw new DataError(`${op}: not a readable PNG (${(e as Error).message})`);
  }
  const grey = png.colorType === 0 || png.colorType === 4;
  const alpha = png.colorType === 4 || png.colorType === 6 || (png.colorType === 3 && png.alpha === true);
  const c: 1 | 3 | 4 = channels === 'auto' ? (grey && !alpha ? 1 : alpha ? 4 : 3) : channels;
  const n = png.width * png.height;
  const data = new Uint8Array(n * c);
  const rgba = png.data;
  for (let i = 0; i < n; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    if (c === 1) data[i] = grey ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      data[i * c] = r;
      data[i * c + 1] = g;
      data[i * c + 2] = b;
      if (c === 4) data[i * c + 3] = rgba[i * 4 + 3]!;
    }
  }
  const t = imageFromPixels({ width: png.width, height: png.height, channels: c, data }, { scale: options.scale ?? 'unit' });
  return options.size ? resizeImages(t, options.size, { interpolation: options.interpolation ?? 'bilinear' }) : t;
}

/**
 * Encodes an image tensor [height, width, channels] (1, 3 or 4 channels) or [height, width] as PNG bytes.
 * @example const bytes = await nb.data.encodeImage(img) // img in [0, 1]
 */
export async function encodeImage(image: Tensor, options: ImageWriteOptions = {}): Promise<Uint8Array> {
  const px = imageToPixels(image, options);
  const PNG = await loadPng();
  const colorType = px.channels === 1 ? 0 : px.channels === 3 ? 2 : 6;
  const opts = { colorType, inputColorType: colorType, inputHasAlpha: px.channels === 4 } as const;
  const png = new PNG({ width: px.width, height: px.height, ...opts });
  png.data = asBuffer(px.data as Uint8Array) as typeof png.data;
  const out = PNG.sync.write(png, opts) as Uint8Array;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Reads a PNG file into a float32 tensor [height, width, channels].
 * @example const img = await nb.data.readImage('photo.png', { channels: 3, size: [150, 150] })
 */
export async function readImage(path: string, options: ImageReadOptions = {}): Promise<Tensor> {
  const p = platform('data.readImage');
  if (!(await p.exists(path))) throw new DataError(`data.readImage: ${path} does not exist`);
  try {
    return await decodeImage(await p.readFile(path), options);
  } catch (e) {
    if (e instanceof DataError) throw new DataError(`data.readImage: ${path}: ${e.message.replace(/^data\.decodeImage: /, '')}`);
    throw e;
  }
}

/** Reads several PNG files into one batch [n, height, width, channels], resized to `size` (needed when their sizes differ). */
export async function readImages(paths: readonly string[], options: ImageReadOptions = {}): Promise<Tensor> {
  if (!Array.isArray(paths) || paths.length === 0) throw new ConfigError(`data.readImages: expected a non-empty array of paths`);
  const { size, interpolation, ...rest } = options;
  const images: Tensor[] = [];
  for (const path of paths) images.push(await readImage(path, rest));
  return stackImages(images, { size: size ?? null, interpolation });
}

/** Writes an image tensor [height, width, channels] as a PNG file. @example await nb.data.writeImage('out.png', img) */
export async function writeImage(path: string, image: Tensor, options: ImageWriteOptions = {}): Promise<void> {
  await platform('data.writeImage').writeFileAtomic(path, await encodeImage(image, options));
}

/**
 * Resizes images [batch, h, w, C] or [h, w, C] to [height, width], bilinearly (default, float
 * result) or by nearest neighbour (keeps the dtype); TensorFlow's half-pixel convention.
 * @example nb.data.resizeImages(img, [150, 150])
 */
export function resizeImages(images: Tensor, size: readonly [number, number], options: { interpolation?: Interpolation; alignCorners?: boolean } = {}): Tensor {
  const op = 'data.resizeImages';
  checkOptions(op, options, ['interpolation', 'alignCorners']);
  const method = options.interpolation ?? 'bilinear';
  if (method !== 'bilinear' && method !== 'nearest') throw new ConfigError(`${op}: interpolation must be 'bilinear' or 'nearest', got ${JSON.stringify(method)}`);
  const o = options.alignCorners === undefined ? {} : { alignCorners: options.alignCorners };
  return method === 'bilinear' ? resizeBilinear(images, size, o) : resizeNearest(images, size, o);
}

/**
 * Stacks images [h, w, C] into a batch [n, h, w, C], resizing each to `size` first (default: the
 * first image's size; images of another size then need `size`). Grey and colour images can be
 * mixed: grey ones are repeated to 3 channels when any image is RGB.
 */
export function stackImages(images: readonly Tensor[], options: { size?: readonly [number, number] | null; interpolation?: Interpolation } = {}): Tensor {
  const op = 'data.stackImages';
  checkOptions(op, options, ['size', 'interpolation']);
  if (!Array.isArray(images) || images.length === 0) throw new ConfigError(`${op}: expected a non-empty array of images`);
  images.forEach((t, i) => {
    if (!(t instanceof Tensor) || t.rank !== 3) throw new ShapeError(`${op}: image ${i} must be a tensor [height, width, channels], got ${t instanceof Tensor ? fmtShape(t.shape) : typeof t}`);
  });
  const size = options.size ?? ([images[0]!.shape[0]!, images[0]!.shape[1]!] as [number, number]);
  const maxC = Math.max(...images.map((t) => t.shape[2]!));
  const out = images.map((t, i) => {
    let u = t.shape[0] === size[0] && t.shape[1] === size[1] ? t : options.size ? resizeImages(t, size, { interpolation: options.interpolation ?? 'bilinear' }) : null;
    if (!u) throw new ShapeError(`${op}: image ${i} is ${fmtShape(t.shape)} but image 0 is ${fmtShape(images[0]!.shape)}; pass size: [height, width] to resize them to one size`);
    if (u.shape[2] !== maxC) {
      if (u.shape[2] === 1 && maxC === 3) u = grayscaleToRgb(u);
      else throw new ShapeError(`${op}: image ${i} has ${u.shape[2]} channels and another has ${maxC}; convert them first (toGrayscale, grayscaleToRgb)`);
    }
    return u;
  });
  return reshape(concat(out.map((t) => reshape(t, [1, ...t.shape])), 0), [out.length, size[0], size[1], maxC]);
}

/** RGB(A) → grey with the ITU-R BT.601 weights (0.299 R + 0.587 G + 0.114 B); the last axis becomes 1. Differentiable. */
export function toGrayscale(images: Tensor): Tensor {
  const c = images.shape[images.rank - 1];
  if (images.rank < 3 || (c !== 3 && c !== 4)) throw new ShapeError(`data.toGrayscale: expected RGB or RGBA images [..., height, width, 3 or 4], got shape ${fmtShape(images.shape)}`);
  if (!isFloat(images.dtype)) throw new DTypeError(`data.toGrayscale: expected float images, got ${images.dtype}`);
  const w = new Tensor(images.dtype === 'float64' ? new Float64Array(c) : new Float32Array(c), [c], images.dtype);
  w.data().set([0.299, 0.587, 0.114]);
  return sum(mul(images, w), -1, true);
}

/** Grey images [..., 1] → RGB [..., 3] by repeating the channel. */
export function grayscaleToRgb(images: Tensor): Tensor {
  if (images.rank < 3 || images.shape[images.rank - 1] !== 1) throw new ShapeError(`data.grayscaleToRgb: expected grey images [..., height, width, 1], got shape ${fmtShape(images.shape)}`);
  return concat([images, images, images], -1);
}
