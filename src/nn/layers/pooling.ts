/**
 * Pooling layers (channels last, Keras's names): max and average pooling over windows in 1-D and
 * 2-D, and their global forms over the whole sequence or image. No weights; the computations are
 * the ops of ops/pool.ts, differentiable through their primitives.
 *
 * @example nb.layers.maxPooling2d({ poolSize: 2, strides: 2 }) // [b,28,28,32] → [b,14,14,32]
 * @example nb.layers.globalAveragePooling1d() // [b, time, features] → [b, features]
 */
import { ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { avgPool1d, avgPool2d, globalAvgPool1d, globalAvgPool2d, globalMaxPool1d, globalMaxPool2d, maxPool1d, maxPool2d } from '../../ops/pool.js';
import { LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import { type DataFormat, checkDataFormat, defaultName, expectInput, fmtSym, paddingOption, tupleOption, windowLength } from './conv-utils.js';
import { checkBool, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window size, one number or [height, width]. Default 2. */
  poolSize?: number | readonly [number, number];
  /** Step between windows; default (or null): the pool size. */
  strides?: number | readonly [number, number] | null;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  dataFormat?: DataFormat;
}

export interface Pooling1DArgs extends LayerArgs {
  /** Window length. Default 2. */
  poolSize?: number;
  /** Step between windows; default (or null): the pool size. */
  strides?: number | null;
  padding?: 'valid' | 'same';
  dataFormat?: DataFormat;
}

export interface GlobalPoolingArgs extends LayerArgs {
  dataFormat?: DataFormat;
  /** Keep the pooled axes with size 1 (Keras's keepdims). Default false. */
  keepDims?: boolean;
}

/** The base-layer options with a Keras-style default name. */
function baseArgs(args: LayerArgs, cls: string): LayerArgs {
  const { name, trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer } = args;
  return { name: defaultName(name, cls), trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer };
}

abstract class BasePooling extends Layer {
  readonly rank: 1 | 2;
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;

  protected constructor(op: string, rank: 1 | 2, args: Pooling2DArgs | Pooling1DArgs) {
    checkOptions(op, args, [...LAYER_ARGS, 'poolSize', 'strides', 'padding', 'dataFormat']);
    super(baseArgs(args, (new.target as unknown as { className: string }).className));
    this.rank = rank;
    this.poolSize = tupleOption(this.label, 'poolSize', args.poolSize, rank, 2);
    this.strides = args.strides === undefined || args.strides === null ? this.poolSize.slice() : tupleOption(this.label, 'strides', args.strides, rank, 1);
    this.padding = paddingOption(this.label, args.padding, ['valid', 'same'] as const, 'valid');
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
  }

  protected get layout(): string {
    return this.rank === 1 ? '[batch, length, channels]' : '[batch, height, width, channels]';
  }

  protected checkInput(x: Tensor): void {
    if (x.rank !== this.rank + 2) throw new ShapeError(`${this.label}: expected ${this.rank + 2}-D input ${this.layout}, got shape ${fmtShape(x.shape)}`);
    this.computeOutputShape(x.shape);
  }

  protected get options() {
    return this.rank === 1
      ? { poolSize: this.poolSize[0]!, strides: this.strides[0]!, padding: this.padding }
      : { poolSize: this.poolSize as [number, number], strides: this.strides as [number, number], padding: this.padding };
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    expectInput(this.label, s, this.rank + 2, this.layout);
    const axes = this.rank === 1 ? ['length'] : ['height', 'width'];
    const spatial = s.slice(1, 1 + this.rank).map((n, i) => windowLength(this.label, axes[i]!, n, this.poolSize[i]!, this.strides[i]!, 1, this.padding));
    return [s[0] ?? null, ...spatial, s[this.rank + 1]!];
  }

  override getConfig(): JsonObject {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding, dataFormat: this.dataFormat };
  }
}

/** Maximum over each poolSize window of an NHWC image. */
export class MaxPooling2D extends BasePooling {
  static override readonly className = 'MaxPooling2D';
  static {
    registerLayer(this);
  }
  constructor(args: Pooling2DArgs = {}) {
    super('maxPooling2d', 2, args);
  }
  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    return maxPool2d(x, this.options as Parameters<typeof maxPool2d>[1]);
  }
}

/** Mean over each poolSize window of an NHWC image ('same' padding averages in-image values only). */
export class AveragePooling2D extends BasePooling {
  static override readonly className = 'AveragePooling2D';
  static {
    registerLayer(this);
  }
  constructor(args: Pooling2DArgs = {}) {
    super('averagePooling2d', 2, args);
  }
  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    return avgPool2d(x, this.options as Parameters<typeof avgPool2d>[1]);
  }
}

/** Maximum over each window of a sequence [batch, length, channels]. */
export class MaxPooling1D extends BasePooling {
  static override readonly className = 'MaxPooling1D';
  static {
    registerLayer(this);
  }
  constructor(args: Pooling1DArgs = {}) {
    super('maxPooling1d', 1, args);
  }
  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    return maxPool1d(x, this.options as Parameters<typeof maxPool1d>[1]);
  }
}

/** Mean over each window of a sequence [batch, length, channels]. */
export class AveragePooling1D extends BasePooling {
  static override readonly className = 'AveragePooling1D';
  static {
    registerLayer(this);
  }
  constructor(args: Pooling1DArgs = {}) {
    super('averagePooling1d', 1, args);
  }
  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    return avgPool1d(x, this.options as Parameters<typeof avgPool1d>[1]);
  }
}

abstract class BaseGlobalPooling extends Layer {
  readonly rank: 1 | 2;
  readonly dataFormat: DataFormat;
  readonly keepDims: boolean;

  protected constructor(op: string, rank: 1 | 2, args: GlobalPoolingArgs) {
    checkOptions(op, args, [...LAYER_ARGS, 'dataFormat', 'keepDims']);
    super(baseArgs(args, (new.target as unknown as { className: string }).className));
    this.rank = rank;
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
    this.keepDims = checkBool(this.label, 'keepDims', args.keepDims ?? false);
  }

  protected abstract pool(x: Tensor): Tensor;

  override forward(x: Tensor): Tensor {
    const layout = this.rank === 1 ? '[batch, length, channels]' : '[batch, height, width, channels]';
    if (x.rank !== this.rank + 2) throw new ShapeError(`${this.label}: expected ${this.rank + 2}-D input ${layout}, got shape ${fmtShape(x.shape)}`);
    return this.pool(x);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    if (s.length !== this.rank + 2) throw new ShapeError(`${this.label}: expected ${this.rank + 2}-D input, got shape ${fmtSym(s)}`);
    const c = s[this.rank + 1] ?? null;
    return this.keepDims ? [s[0] ?? null, ...new Array<number>(this.rank).fill(1), c] : [s[0] ?? null, c];
  }

  override getConfig(): JsonObject {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepDims: this.keepDims };
  }
}

/** Mean over height and width: [batch, h, w, C] → [batch, C] (a lighter alternative to Flatten before the head). */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  static {
    registerLayer(this);
  }
  constructor(args: GlobalPoolingArgs = {}) {
    super('globalAveragePooling2d', 2, args);
  }
  protected pool(x: Tensor): Tensor {
    return globalAvgPool2d(x, { keepDims: this.keepDims });
  }
}

/** Maximum over height and width: [batch, h, w, C] → [batch, C]. */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';
  static {
    registerLayer(this);
  }
  constructor(args: GlobalPoolingArgs = {}) {
    super('globalMaxPooling2d', 2, args);
  }
  protected pool(x: Tensor): Tensor {
    return globalMaxPool2d(x, { keepDims: this.keepDims });
  }
}

/** Mean over time: [batch, length, C] → [batch, C] (the notes' alternative to Flatten for text). */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  static {
    registerLayer(this);
  }
  constructor(args: GlobalPoolingArgs = {}) {
    super('globalAveragePooling1d', 1, args);
  }
  protected pool(x: Tensor): Tensor {
    return globalAvgPool1d(x, { keepDims: this.keepDims });
  }
}

/** Maximum over time: [batch, length, C] → [batch, C]. */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  static {
    registerLayer(this);
  }
  constructor(args: GlobalPoolingArgs = {}) {
    super('globalMaxPooling1d', 1, args);
  }
  protected pool(x: Tensor): Tensor {
    return globalMaxPool1d(x, { keepDims: this.keepDims });
  }
}
