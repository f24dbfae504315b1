/**
 * Spatial reshaping layers without weights (channels last, Keras's names): upsampling by
 * repetition (or bilinear), zero padding and cropping, in 1-D and 2-D.
 *
 * @example nb.layers.upSampling2d({ size: 2 }) // [b,7,7,16] → [b,14,14,16]
 * @example nb.layers.zeroPadding2d({ padding: 1 }) // [b,28,28,1] → [b,30,30,1]
 * @example nb.layers.cropping2d({ cropping: [[2, 2], [4, 4]] })
 */
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { upSampling1d, upSampling2d, zeroPadding1d, zeroPadding2d } from '../../ops/pool.js';
import { slice } from '../../ops/shape.js';
import { LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject, type JsonValue } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import { type DataFormat, checkDataFormat, defaultName, fmtSym, tupleOption } from './conv-utils.js';
import { checkChoice, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

type Pair = readonly [number, number];

export interface UpSampling2DArgs extends LayerArgs {
  /** Repeat factors [height, width] (one number for both). Default 2. */
  size?: number | Pair;
  /** 'nearest' (repeat, default) or 'bilinear'. */
  interpolation?: 'nearest' | 'bilinear';
  dataFormat?: DataFormat;
}

export interface UpSampling1DArgs extends LayerArgs {
  /** Repeats of each time step. Default 2. */
  size?: number;
}

export interface ZeroPadding2DArgs extends LayerArgs {
  /** n (all sides), [h, w] (symmetric) or [[top, bottom], [left, right]]. Default 1. */
  padding?: number | Pair | readonly [Pair, Pair];
  dataFormat?: DataFormat;
}

export interface ZeroPadding1DArgs extends LayerArgs {
  /** n (both ends) or [before, after]. Default 1. */
  padding?: number | Pair;
}

export interface Cropping2DArgs extends LayerArgs {
  /** n (all sides), [h, w] (symmetric) or [[top, bottom], [left, right]]. Default 0. */
  cropping?: number | Pair | readonly [Pair, Pair];
  dataFormat?: DataFormat;
}

export interface Cropping1DArgs extends LayerArgs {
  /** n (both ends) or [before, after]. Default 1. */
  cropping?: number | Pair;
}

function baseArgs(args: LayerArgs, cls: string): LayerArgs {
  const { name, trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer } = args;
  return { name: defaultName(name, cls), trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer };
}

function clsName(t: unknown): string {
  return (t as { className: string }).className;
}

/** [[top, bottom], [left, right]] from Keras's three spellings. */
function pairs2d(label: string, name: string, v: unknown, dflt: number): [[number, number], [number, number]] {
  const raw = v === undefined || v === null ? dflt : v;
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (ok(raw)) return [[raw, raw], [raw, raw]];
  if (Array.isArray(raw) && raw.length === 2 && raw.every(ok)) return [[raw[0], raw[0]], [raw[1], raw[1]]];
  if (Array.isArray(raw) && raw.length === 2 && raw.every((q) => Array.isArray(q) && q.length === 2 && q.every(ok))) {
    const [[a, b], [c, d]] = raw as [[number, number], [number, number]];
    return [[a, b], [c, d]];
  }
  throw new ConfigError(`${label}: ${name} must be a non-negative integer, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(v)}`);
}

function pair1d(label: string, name: string, v: unknown, dflt: number): [number, number] {
  const raw = v === undefined || v === null ? dflt : v;
  const t = tupleOption(label, name, typeof raw === 'number' ? [raw, raw] : raw, 2, [dflt, dflt], 0);
  return [t[0]!, t[1]!];
}

function expectRank(label: string, s: readonly (number | null)[], rank: number, layout: string): void {
  if (s.length !== rank) throw new ShapeError(`${label}: expected ${rank}-D input ${layout}, got shape ${fmtSym(s)}`);
}

const mulOrNull = (n: number | null, k: number) => (n === null ? null : n * k);
const addOrNull = (n: number | null, k: number) => (n === null ? null : n + k);

/** Repeats rows and columns (or resizes bilinearly) by integer factors. */
export class UpSampling2D extends Layer {
  static override readonly className = 'UpSampling2D';
  static {
    registerLayer(this);
  }
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';
  readonly dataFormat: DataFormat;
  constructor(args: UpSampling2DArgs = {}) {
    checkOptions('upSampling2d', args, [...LAYER_ARGS, 'size', 'interpolation', 'dataFormat']);
    super(baseArgs(args, clsName(new.target)));
    this.size = tupleOption(this.label, 'size', args.size, 2, 2) as [number, number];
    this.interpolation = checkChoice(this.label, 'interpolation', args.interpolation ?? 'nearest', ['nearest', 'bilinear']);
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
  }
  override forward(x: Tensor): Tensor {
    expectRank(this.label, x.shape, 4, '[batch, height, width, channels]');
    return upSampling2d(x, { size: this.size, interpolation: this.interpolation });
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 4, '[batch, height, width, channels]');
    return [s[0] ?? null, mulOrNull(s[1] ?? null, this.size[0]), mulOrNull(s[2] ?? null, this.size[1]), s[3] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), size: [...this.size], interpolation: this.interpolation, dataFormat: this.dataFormat };
  }
}

/** Repeats each time step `size` times. */
export class UpSampling1D extends Layer {
  static override readonly className = 'UpSampling1D';
  static {
    registerLayer(this);
  }
  readonly size: number;
  constructor(args: UpSampling1DArgs = {}) {
    checkOptions('upSampling1d', args, [...LAYER_ARGS, 'size']);
    super(baseArgs(args, clsName(new.target)));
    this.size = tupleOption(this.label, 'size', args.size, 1, 2)[0]!;
  }
  override forward(x: Tensor): Tensor {
    expectRank(this.label, x.shape, 3, '[batch, length, channels]');
    return upSampling1d(x, { size: this.size });
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 3, '[batch, length, channels]');
    return [s[0] ?? null, mulOrNull(s[1] ?? null, this.size), s[2] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), size: this.size };
  }
}

/** Adds rows and columns of zeros around each image. */
export class ZeroPadding2D extends Layer {
  static override readonly className = 'ZeroPadding2D';
  static {
    registerLayer(this);
  }
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;
  constructor(args: ZeroPadding2DArgs = {}) {
    checkOptions('zeroPadding2d', args, [...LAYER_ARGS, 'padding', 'dataFormat']);
    super(baseArgs(args, clsName(new.target)));
    this.padding = pairs2d(this.label, 'padding', args.padding, 1);
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
  }
  override forward(x: Tensor): Tensor {
    expectRank(this.label, x.shape, 4, '[batch, height, width, channels]');
    return zeroPadding2d(x, this.padding);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 4, '[batch, height, width, channels]');
    const [[t, b], [l, r]] = this.padding;
    return [s[0] ?? null, addOrNull(s[1] ?? null, t + b), addOrNull(s[2] ?? null, l + r), s[3] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]) as JsonValue, dataFormat: this.dataFormat };
  }
}

/** Adds zero time steps before and after each sequence. */
export class ZeroPadding1D extends Layer {
  static override readonly className = 'ZeroPadding1D';
  static {
    registerLayer(this);
  }
  readonly padding: [number, number];
  constructor(args: ZeroPadding1DArgs = {}) {
    checkOptions('zeroPadding1d', args, [...LAYER_ARGS, 'padding']);
    super(baseArgs(args, clsName(new.target)));
    this.padding = pair1d(this.label, 'padding', args.padding, 1);
  }
  override forward(x: Tensor): Tensor {
    expectRank(this.label, x.shape, 3, '[batch, length, channels]');
    return zeroPadding1d(x, this.padding);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 3, '[batch, length, channels]');
    return [s[0] ?? null, addOrNull(s[1] ?? null, this.padding[0] + this.padding[1]), s[2] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), padding: [...this.padding] };
  }
}

/** Removes rows and columns at the borders of each image. */
export class Cropping2D extends Layer {
  static override readonly className = 'Cropping2D';
  static {
    registerLayer(this);
  }
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;
  constructor(args: Cropping2DArgs = {}) {
    checkOptions('cropping2d', args, [...LAYER_ARGS, 'cropping', 'dataFormat']);
    super(baseArgs(args, clsName(new.target)));
    this.cropping = pairs2d(this.label, 'cropping', args.cropping, 0);
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
  }
  override forward(x: Tensor): Tensor {
    const [, h, w] = this.computeOutputShape([null, ...x.shape.slice(1)]) as [null, number, number, number];
    const [[t], [l]] = this.cropping;
    return slice(x, [0, t, l, 0], [-1, h, w, -1]);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 4, '[batch, height, width, channels]');
    const [[t, b], [l, r]] = this.cropping;
    const out = (n: number | null, cut: number, axis: string) => {
      if (n !== null && n - cut <= 0) throw new ShapeError(`${this.label}: cropping ${cut} from the ${axis} (${n}) leaves nothing (input ${fmtSym(s)})`);
      return addOrNull(n, -cut);
    };
    return [s[0] ?? null, out(s[1] ?? null, t + b, 'height'), out(s[2] ?? null, l + r, 'width'), s[3] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => [...p]) as JsonValue, dataFormat: this.dataFormat };
  }
}

/** Removes time steps at the start and end of each sequence. */
export class Cropping1D extends Layer {
  static override readonly className = 'Cropping1D';
  static {
    registerLayer(this);
  }
  readonly cropping: [number, number];
  constructor(args: Cropping1DArgs = {}) {
    checkOptions('cropping1d', args, [...LAYER_ARGS, 'cropping']);
    super(baseArgs(args, clsName(new.target)));
    this.cropping = pair1d(this.label, 'cropping', args.cropping, 1);
  }
  override forward(x: Tensor): Tensor {
    if (x.rank !== 3) throw new ShapeError(`${this.label}: expected 3-D input [batch, length, channels], got shape ${fmtShape(x.shape)}`);
    const [, n] = this.computeOutputShape([null, ...x.shape.slice(1)]) as [null, number, number];
    return slice(x, [0, this.cropping[0], 0], [-1, n, -1]);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectRank(this.label, s, 3, '[batch, length, channels]');
    const cut = this.cropping[0] + this.cropping[1];
    const n = s[1] ?? null;
    if (n !== null && n - cut <= 0) throw new ShapeError(`${this.label}: cropping ${cut} from the length (${n}) leaves nothing (input ${fmtSym(s)})`);
    return [s[0] ?? null, addOrNull(n, -cut), s[2] ?? null];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), cropping: [...this.cropping] };
  }
}
