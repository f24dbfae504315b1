/**
 * Image augmentation as the notes' Keras `ImageDataGenerator`: random rotations, shifts, shears,
 * zooms and flips (plus brightness and channel shifts), combined into one affine map and applied
 * in one inverse-mapped sampling pass per image, then rescaling. Every draw comes from the global
 * generator (`nb.seed`) or the generator's own `seed`, so runs are reproducible.
 *
 * It plugs into training three ways: `gen.flow(x, y, { batchSize })` is a Dataset of augmented
 * batches that `fit` takes directly; `dataset.map(gen.augment)` augments inside any pipeline; and
 * `gen.transform(images)` augments a batch by hand.
 *
 * @example
 * const gen = nb.data.imageDataGenerator({ rotationRange: 40, widthShiftRange: 0.2, heightShiftRange: 0.2,
 *   shearRange: 0.2, zoomRange: 0.2, horizontalFlip: true, fillMode: 'nearest' });
 * await model.fit(gen.flow(train.x, train.y, { batchSize: 32 }), { epochs: 10 });
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Generator, getGenerator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, isFloat } from '../tensor/dtype.js';
import { type Affine, type FillMode, IDENTITY, compose, invert, warpImage } from './affine.js';
import { Dataset } from './dataset.js';
import { takeRows } from './element.js';
import { checkOptions } from '../check.js';

export type { FillMode };

export interface ImageDataGeneratorOptions {
  /** Maximum rotation in degrees; each image turns by U(−r, r). Default 0. */
  rotationRange?: number;
  /** Horizontal shift: a fraction of the width when < 1, else pixels; drawn from U(−r, r). Default 0. */
  widthShiftRange?: number;
  /** Vertical shift: a fraction of the height when < 1, else pixels. Default 0. */
  heightShiftRange?: number;
  /** Maximum shear angle in degrees (Keras's unit), drawn from U(−r, r). Default 0. */
  shearRange?: number;
  /**
   * Zoom: z gives factors in [1 − z, 1 + z], or give [low, high]; width and height draw their own
   * factor. As in Keras, the factor scales the sampled area: below 1 magnifies, above 1 shrinks.
   */
  zoomRange?: number | readonly [number, number];
  /** Mirror left–right with probability ½. */
  horizontalFlip?: boolean;
  /** Mirror top–bottom with probability ½. */
  verticalFlip?: boolean;
  /** Points outside the input: 'nearest' (default, repeat the edge), 'constant' (cval), 'reflect', 'wrap'. */
  fillMode?: FillMode;
  /** Fill value for fillMode 'constant'. Default 0. */
  cval?: number;
  /** Sampling: 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Multiplies every pixel by U(low, high). */
  brightnessRange?: readonly [number, number] | null;
  /** Adds U(−r, r) to each channel (one draw per image and channel), clipped to the image's range. */
  channelShiftRange?: number;
  /** Multiplies the result (after the transforms), e.g. 1/255. Default none. */
  rescale?: number | null;
  /** Seed of this generator's own random draws; default: the global generator. */
  seed?: number | null;
}

const OPTION_KEYS = [
  'rotationRange',
  'widthShiftRange',
  'heightShiftRange',
  'shearRange',
  'zoomRange',
  'horizontalFlip',
  'verticalFlip',
  'fillMode',
  'cval',
  'interpolation',
  'brightnessRange',
  'channelShiftRange',
  'rescale',
  'seed',
];

/** One image's drawn transform (all in the image's pixels and degrees). */
export interface TransformParams {
  /** Counter-clockwise rotation in degrees. */
  rotation: number;
  /** Shift to the right, in pixels. */
  shiftX: number;
  /** Shift down, in pixels. */
  shiftY: number;
  /** Shear angle in degrees: rows move sideways in proportion to their height above the centre. */
  shear: number;
  /** Zoom factors (sampled area scale: < 1 magnifies). */
  zoomX: number;
  zoomY: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
  /** Brightness factor, or 1. */
  brightness: number;
  /** Per-channel additive shift, or null. */
  channelShift: number[] | null;
}

export interface FlowOptions {
  /** Images per batch. Default 32. */
  batchSize?: number;
  /** Reshuffle the samples every pass. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling; default: the augmentation generator. */
  seed?: number;
}

/** A batch of `flow`: augmented images and, when given, their targets. */
export interface FlowBatch {
  [key: string]: Tensor;
  x: Tensor;
}

/** A Dataset of augmented batches that knows its length (fit sizes its progress bar with it). */
export class FlowDataset extends Dataset<FlowBatch> {
  readonly numBatches: number;
  constructor(make: () => Iterator<FlowBatch>, numBatches: number) {
    super(make, numBatches);
    this.numBatches = numBatches;
  }
}

function rangeOf(op: string, name: string, v: unknown, min = 0): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new ConfigError(`${op}: ${name} must be a finite number ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function pairOf(op: string, name: string, v: unknown): [number, number] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)) || !(v[0] <= v[1])) {
    throw new ConfigError(`${op}: ${name} must be [low, high] with low ≤ high, got ${JSON.stringify(v)}`);
  }
  return [v[0] as number, v[1] as number];
}

const RAD = Math.PI / 180;

/** Random image transforms, Keras's ImageDataGenerator. See the module comment. */
export class ImageDataGenerator {
  readonly rotationRange: number;
  readonly widthShiftRange: number;
  readonly heightShiftRange: number;
  readonly shearRange: number;
  readonly zoomRange: [number, number];
  readonly horizontalFlip: boolean;
  readonly verticalFlip: boolean;
  readonly fillMode: FillMode;
  readonly cval: number;
  readonly interpolation: 'bilinear' | 'nearest';
  readonly brightnessRange: [number, number] | null;
  readonly channelShiftRange: number;
  readonly rescale: number | null;
  readonly seed: number | null;
  private readonly own: Generator | null;

  constructor(options: ImageDataGeneratorOptions = {}) {
    const op = 'imageDataGenerator';
    checkOptions(op, options, OPTION_KEYS);
    this.rotationRange = rangeOf(op, 'rotationRange', options.rotationRange);
    this.widthShiftRange = rangeOf(op, 'widthShiftRange', options.widthShiftRange);
    this.heightShiftRange = rangeOf(op, 'heightShiftRange', options.heightShiftRange);
    this.shearRange = rangeOf(op, 'shearRange', options.shearRange);
    const z = options.zoomRange ?? 0;
    if (typeof z === 'number') {
      const r = rangeOf(op, 'zoomRange', z);
      if (r >= 1) throw new ConfigError(`${op}: zoomRange as one number must be in [0, 1) (factors 1 ± z), got ${r}; give [low, high] for other ranges`);
      this.zoomRange = [1 - r, 1 + r];
    } else {
      const pair = pairOf(op, 'zoomRange', z)!;
      if (!(pair[0] > 0)) throw new ConfigError(`${op}: zoomRange factors must be positive, got ${JSON.stringify(z)}`);
      this.zoomRange = pair;
    }
    for (const k of ['horizontalFlip', 'verticalFlip'] as const) {
      if (options[k] !== undefined && typeof options[k] !== 'boolean') throw new ConfigError(`${op}: ${k} must be true or false, got ${JSON.stringify(options[k])}`);
    }
    this.horizontalFlip = options.horizontalFlip ?? false;
    this.verticalFlip = options.verticalFlip ?? false;
    const fill = options.fillMode ?? 'nearest';
    if (!['nearest', 'constant', 'reflect', 'wrap'].includes(fill)) throw new ConfigError(`${op}: fillMode must be 'nearest', 'constant', 'reflect' or 'wrap', got ${JSON.stringify(fill)}`);
    this.fillMode = fill;
    this.cval = rangeOf(op, 'cval', options.cval ?? 0, -Infinity);
    const interp = options.interpolation ?? 'bilinear';
    if (interp !== 'bilinear' && interp !== 'nearest') throw new ConfigError(`${op}: interpolation must be 'bilinear' or 'nearest', got ${JSON.stringify(interp)}`);
    this.interpolation = interp;
    this.brightnessRange = pairOf(op, 'brightnessRange', options.brightnessRange);
    this.channelShiftRange = rangeOf(op, 'channelShiftRange', options.channelShiftRange);
    if (options.rescale !== undefined && options.rescale !== null && (typeof options.rescale !== 'number' || !Number.isFinite(options.rescale))) {
      throw new ConfigError(`${op}: rescale must be a finite number or null, got ${JSON.stringify(options.rescale)}`);
    }
    this.rescale = options.rescale ?? null;
    if (options.seed !== undefined && options.seed !== null && !Number.isInteger(options.seed)) throw new ConfigError(`${op}: seed must be an integer, got ${options.seed}`);
    this.seed = options.seed ?? null;
    this.own = this.seed === null ? null : new Generator(this.seed);
  }

  private get gen(): Generator {
    return this.own ?? getGenerator();
  }

  /**
   * Draws one image's transform for an image of `shape` [height, width, channels] (or [height, width]).
   * @example const params = gen.randomTransform([28, 28, 1]);
   */
  randomTransform(shape: readonly number[]): TransformParams {
    const g = this.gen;
    const [h, w] = shape as [number, number];
    const c = shape.length > 2 ? shape[2]! : 1;
    const u = (r: number) => (r > 0 ? g.uniform(-r, r) : 0);
    const shift = (r: number, n: number) => (r > 0 ? u(r) * (r < 1 ? n : 1) : 0);
    const rotation = u(this.rotationRange);
    const shiftX = shift(this.widthShiftRange, w);
    const shiftY = shift(this.heightShiftRange, h);
    const shear = u(this.shearRange);
    const [zl, zh] = this.zoomRange;
    const zoomX = zl === 1 && zh === 1 ? 1 : g.uniform(zl, zh);
    const zoomY = zl === 1 && zh === 1 ? 1 : g.uniform(zl, zh);
    const flipHorizontal = this.horizontalFlip && g.random() < 0.5;
    const flipVertical = this.verticalFlip && g.random() < 0.5;
    const brightness = this.brightnessRange ? g.uniform(this.brightnessRange[0], this.brightnessRange[1]) : 1;
    const channelShift = this.channelShiftRange > 0 ? Array.from({ length: c }, () => u(this.channelShiftRange)) : null;
    return { rotation, shiftX, shiftY, shear, zoomX, zoomY, flipHorizontal, flipVertical, brightness, channelShift };
  }

  /** The forward map (input → output, centred coordinates) of a transform: zoom, shear, rotation, shift, then flips. */
  static forwardMatrix(p: Pick<TransformParams, 'rotation' | 'shiftX' | 'shiftY' | 'shear' | 'zoomX' | 'zoomY' | 'flipHorizontal' | 'flipVertical'>): Affine {
    let m: Affine = [1 / p.zoomX, 0, 0, 0, 1 / p.zoomY, 0];
    if (p.shear !== 0) m = compose([1, -Math.tan(p.shear * RAD), 0, 0, 1, 0], m);
    if (p.rotation !== 0) {
      const cs = Math.cos(p.rotation * RAD);
      const sn = Math.sin(p.rotation * RAD);
      // Counter-clockwise on screen, with y pointing down.
      m = compose([cs, sn, 0, -sn, cs, 0], m);
    }
    m = compose([1, 0, p.shiftX, 0, 1, p.shiftY], m);
    if (p.flipHorizontal || p.flipVertical) m = compose([p.flipHorizontal ? -1 : 1, 0, 0, 0, p.flipVertical ? -1 : 1, 0], m);
    return m;
  }

  /**
   * Applies a drawn transform to one image [height, width, channels] (or [height, width]); the
   * result is float (float64 stays float64). Rescaling is not applied here (see `standardize`).
   */
  applyTransform(image: Tensor, params: TransformParams): Tensor {
    const op = 'ImageDataGenerator.applyTransform';
    if (!(image instanceof Tensor) || (image.rank !== 3 && image.rank !== 2)) {
      throw new ShapeError(`${op}: expected one image [height, width, channels], got ${image instanceof Tensor ? fmtShape(image.shape) : typeof image}`);
    }
    const dtype = image.dtype === 'float64' ? 'float64' : 'float32';
    const out = allocate(dtype, image.size) as Float32Array | Float64Array;
    this.warpInto(image.data(), 0, image.shape as number[], params, out, 0);
    return new Tensor(out, [...image.shape], dtype);
  }

  private warpInto(src: ArrayLike<number>, srcOffset: number, shape: readonly number[], p: TransformParams, out: Float32Array | Float64Array, outOffset: number): void {
    const [h, w] = shape as [number, number];
    const c = shape.length > 2 ? shape[2]! : 1;
    const fwd = ImageDataGenerator.forwardMatrix(p);
    const inv = invert(fwd);
    if (!inv) throw new ConfigError(`ImageDataGenerator: the drawn transform is singular (shear ${p.shear}°, zoom ${p.zoomX}×${p.zoomY}); reduce shearRange below 90°`);
    const same = inv.every((v, i) => v === IDENTITY[i]);
    if (same) for (let i = 0; i < h * w * c; i++) out[outOffset + i] = src[srcOffset + i]!;
    else warpImage(src as Float32Array, srcOffset, h, w, c, inv, { fillMode: this.fillMode, cval: this.cval, interpolation: this.interpolation }, out, outOffset);
    const n = h * w * c;
    if (p.channelShift) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = src[srcOffset + i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      for (let i = 0; i < n; i++) out[outOffset + i] = Math.min(hi, Math.max(lo, out[outOffset + i]! + p.channelShift[i % c]!));
    }
    if (p.brightness !== 1) for (let i = 0; i < n; i++) out[outOffset + i] = out[outOffset + i]! * p.brightness;
  }

  /** Applies `rescale` (Keras's standardize step). */
  standardize(images: Tensor): Tensor {
    if (this.rescale === null) return images;
    const dtype = images.dtype === 'float64' ? 'float64' : 'float32';
    const d = images.data();
    const out = allocate(dtype, d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i]! * this.rescale;
    return new Tensor(out, [...images.shape], dtype);
  }

  /**
   * Augments images [batch, height, width, channels] (or one image [height, width, channels]):
   * a fresh random transform per image, then rescaling.
   * @example const augmented = gen.transform(batch);
   */
  transform(images: Tensor): Tensor {
    const op = 'ImageDataGenerator.transform';
    if (!(images instanceof Tensor)) throw new ConfigError(`${op}: expected a Tensor of images`);
    if (images.rank !== 3 && images.rank !== 4) throw new ShapeError(`${op}: expected images [batch, height, width, channels] or one image [height, width, channels], got shape ${fmtShape(images.shape)}`);
    if (!isFloat(images.dtype) && images.dtype !== 'int32') throw new ShapeError(`${op}: expected numeric images, got ${images.dtype}`);
    const batched = images.rank === 4;
    const shape = batched ? images.shape.slice(1) : images.shape.slice();
    const n = batched ? images.shape[0]! : 1;
    const per = shape.reduce((a, b) => a * b, 1);
    const dtype = images.dtype === 'float64' ? 'float64' : 'float32';
    const out = allocate(dtype, images.size) as Float32Array | Float64Array;
    const src = images.data();
    for (let i = 0; i < n; i++) this.warpInto(src, i * per, shape, this.randomTransform(shape), out, i * per);
    if (this.rescale !== null) for (let i = 0; i < out.length; i++) out[i] = out[i]! * this.rescale;
    return new Tensor(out, [...images.shape], dtype);
  }

  /**
   * For `Dataset.map`: augments the `x` of a record element (or a tensor element), leaving the
   * rest as it is. Works before or after `batch`.
   * @example nb.data.fromTensors({ x, y }).shuffle(1000).batch(32).map(gen.augment)
   */
  readonly augment = <T extends Tensor | { readonly x: Tensor }>(element: T): T => {
    if (element instanceof Tensor) return this.transform(element) as T;
    if (element && typeof element === 'object' && (element as { x?: unknown }).x instanceof Tensor) {
      return { ...element, x: this.transform((element as { x: Tensor }).x) };
    }
    throw new ConfigError(`ImageDataGenerator.augment: expected a Tensor or a record with an x Tensor, got ${element === null ? 'null' : typeof element}`);
  };

  /**
   * Augmented batches of `x` (and `y`), drawn afresh at every pass, as a Dataset that `fit`
   * accepts: `{x, y}` batches, shuffled each pass unless `shuffle: false`.
   * @example await model.fit(gen.flow(xTrain, yTrain, { batchSize: 32 }), { epochs: 20, validationData: [xVal, yVal] })
   */
  flow(x: Tensor, y?: Tensor | null, options: FlowOptions = {}): FlowDataset {
    const op = 'ImageDataGenerator.flow';
    checkOptions(op, options, ['batchSize', 'shuffle', 'seed']);
    if (!(x instanceof Tensor) || x.rank !== 4) throw new ShapeError(`${op}: x must be images [n, height, width, channels], got ${x instanceof Tensor ? fmtShape(x.shape) : typeof x}`);
    if (y !== undefined && y !== null && (!(y instanceof Tensor) || y.shape[0] !== x.shape[0])) {
      throw new ShapeError(`${op}: y must have one row per image (${x.shape[0]}), got ${y instanceof Tensor ? fmtShape(y.shape) : typeof y}`);
    }
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`${op}: batchSize must be a positive integer, got ${batchSize}`);
    const shuffle = options.shuffle ?? true;
    const shuffler = options.seed === undefined ? null : new Generator(options.seed);
    const n = x.shape[0]!;
    const self = this;
    return new FlowDataset(function* () {
      const order = shuffle ? (shuffler ?? self.gen).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      for (let b = 0; b < n; b += batchSize) {
        const idx = order.subarray(b, Math.min(n, b + batchSize));
        const batch: FlowBatch = { x: self.transform(takeRows(x, idx)) };
        if (y) batch.y = takeRows(y, idx);
        yield batch;
      }
    }, Math.ceil(n / batchSize));
  }
}

/**
 * An image augmenter, Keras's ImageDataGenerator (see `ImageDataGenerator`).
 * @example const gen = nb.data.imageDataGenerator({ rotationRange: 15, horizontalFlip: true, seed: 1 })
 */
export function imageDataGenerator(options: ImageDataGeneratorOptions = {}): ImageDataGenerator {
  return new ImageDataGenerator(options);
}
