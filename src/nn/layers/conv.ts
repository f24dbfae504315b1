/**
 * Convolution layers (channels last, Keras's names and defaults): Conv1D, Conv2D and their
 * transposes. Each is `activation(conv(x, kernel) + bias)`, with the convolution from ops/ (the
 * backend's convolution kernels, or im2col patches times the kernel), so a faster backend speeds
 * them up and their gradients need no code here. Conv1D and Conv2D hand their bias and a relu to
 * the convolution, which runs them inside its kernel.
 *
 * @example nb.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] })
 * @example nb.layers.conv1d({ filters: 16, kernelSize: 2, padding: 'causal', dilationRate: 4 })
 */
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../../ops/elementwise.js';
import { conv1d, conv1dTranspose, conv2d, conv2dTranspose } from '../../ops/conv.js';
import { type ActivationFn, activationName, getActivation } from '../activations.js';
import { type Initializer, type InitializerLike, getInitializer, serializeInitializer } from '../initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from '../regularizers.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import type { Variable } from '../variable.js';
import { type DataFormat, checkDataFormat, defaultName, expectInput, paddingOption, transposedLength, tupleOption, windowLength } from './conv-utils.js';
import { checkBool, checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

/** Options every convolution layer takes (Keras's names). */
export interface ConvArgs extends LayerArgs {
  /** Number of output channels (filters). */
  filters: number;
  /** Window size: one number, or one per spatial axis. */
  kernelSize: number | readonly number[];
  /** Step between windows (default 1). */
  strides?: number | readonly number[];
  /** Only 'channelsLast' (the default) is supported. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps (default 1). */
  dilationRate?: number | readonly number[];
  /** Name ('relu', …) or function; default linear. */
  activation?: string | ActivationFn | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerLike;
  /** Default 'zeros'. */
  biasInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike | null;
  biasRegularizer?: RegularizerLike | null;
}

export interface Conv2DArgs extends ConvArgs {
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Channel groups: the kernel is [kh, kw, inChannels / groups, filters]; groups = inChannels is depthwise. Default 1. */
  groups?: number;
}

export interface Conv1DArgs extends ConvArgs {
  /** 'valid' (default), 'same', or 'causal' (output t sees inputs ≤ t only; WaveNet's). */
  padding?: 'valid' | 'same' | 'causal';
  groups?: number;
}

export interface ConvTransposeArgs extends ConvArgs {
  /** 'valid' (default): output = input·stride + max(span − stride, 0); 'same': output = input·stride. */
  padding?: 'valid' | 'same';
}

const BASE_KEYS = [
  ...LAYER_ARGS,
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
] as const;

type ConvKind = { rank: 1 | 2; transpose: boolean; paddings: readonly string[] };

/** The shared body of the convolution layers. */
export abstract class BaseConv extends Layer {
  readonly rank: 1 | 2;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: string;
  readonly dataFormat: DataFormat;
  private readonly transposed: boolean;
  readonly dilationRate: number[];
  readonly groups: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  protected constructor(op: string, kind: ConvKind, args: ConvArgs & { padding?: string; groups?: number }) {
    checkOptions(op, args, kind.transpose ? BASE_KEYS : [...BASE_KEYS, 'groups']);
    super({ ...stripped(args), name: defaultName(args.name, (new.target as unknown as { className: string }).className) });
    const L = this.label;
    this.rank = kind.rank;
    this.transposed = kind.transpose;
    if (args.filters === undefined) throw new ConfigError(`${op}: filters is required (the number of output channels), e.g. nb.layers.${op}({ filters: 32, kernelSize: 3 })`);
    if (args.kernelSize === undefined) throw new ConfigError(`${op}: kernelSize is required, e.g. nb.layers.${op}({ filters: 32, kernelSize: 3 })`);
    this.filters = checkNumber(L, 'filters', args.filters, { integer: true, min: 1 });
    this.kernelSize = tupleOption(L, 'kernelSize', args.kernelSize, kind.rank, 1);
    this.strides = tupleOption(L, 'strides', args.strides, kind.rank, 1);
    this.padding = paddingOption(L, args.padding, kind.paddings, 'valid');
    this.dataFormat = checkDataFormat(L, args.dataFormat);
    this.dilationRate = tupleOption(L, 'dilationRate', args.dilationRate, kind.rank, 1);
    this.groups = checkNumber(L, 'groups', args.groups ?? 1, { integer: true, min: 1 });
    if (this.filters % this.groups !== 0) throw new ConfigError(`${L}: filters (${this.filters}) must be divisible by groups (${this.groups})`);
    this.activation = getActivation(args.activation ?? null, L);
    this.useBias = checkBool(L, 'useBias', args.useBias ?? true);
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform', L);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', L);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, L);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, L);
  }

  /** The layout of the input, for messages. */
  protected get layout(): string {
    return this.rank === 1 ? '[batch, length, channels]' : '[batch, height, width, channels]';
  }

  /** The kernel's shape for `inChannels` input channels. */
  protected abstract kernelShape(inChannels: number): number[];
  /**
   * The convolution, adding `bias` and applying relu when `relu` is set if the op can (then it
   * returns true as `done`), else leaving them to `forward`.
   */
  protected abstract convolve(x: Tensor, kernel: Tensor, bias: Tensor | null, relu: boolean): { y: Tensor; done: boolean };
  /** Output length along spatial axis `i`. */
  protected abstract outLength(n: number | null, i: number): number | null;
  /** Input channels the built kernel expects. */
  protected abstract expectedChannels(): number;

  override build(inputShape: SymbolicShape): void {
    const c = expectInput(this.label, inputShape, this.rank + 2, this.layout);
    if (c % this.groups !== 0) throw new ShapeError(`${this.label}: input channels (${c}) must be divisible by groups (${this.groups})`);
    this.computeOutputShape(inputShape); // rejects windows larger than the input now, with this layer's name
    this.kernel = this.addWeight('kernel', this.kernelShape(c), { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer });
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], { initializer: this.biasInitializer, regularizer: this.biasRegularizer });
  }

  override forward(x: Tensor, _ctx: CallContext): Tensor {
    const c = this.expectedChannels();
    if (x.rank !== this.rank + 2 || x.shape[x.rank - 1] !== c) {
      throw new ShapeError(`${this.label}: expected input ${this.layout} with ${c} channels, got shape ${fmtShape(x.shape)}`);
    }
    const act = activationName(this.activation);
    const fuse = act === 'relu' || act === 'linear';
    const { y, done } = this.convolve(x, this.kernel!, fuse ? this.bias : null, fuse && act === 'relu');
    if (done && fuse) return y;
    return this.activation(this.bias ? add(y, this.bias) : y);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectInput(this.label, inputShape, this.rank + 2, this.layout);
    const spatial = inputShape.slice(1, 1 + this.rank).map((n, i) => this.outLength(n, i));
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  override getConfig(): JsonObject {
    const act = activationName(this.activation);
    if (act === null) throw new ConfigError(`${this.label}.getConfig: its activation is a custom function; register it with nb.activations.register(name, fn) to save the model`);
    const c: JsonObject = {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      activation: act,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as JsonObject,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as JsonObject,
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer) as unknown as JsonObject,
      biasRegularizer: serializeRegularizer(this.biasRegularizer) as unknown as JsonObject,
    };
    if (!this.transposed) c.groups = this.groups;
    return c;
  }
}

/** The base-layer options of `args` (the name is replaced by the caller). */
function stripped(args: LayerArgs): LayerArgs {
  const { trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer } = args;
  return { trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer };
}

/** 2-D convolution over NHWC images: kernel [kh, kw, inChannels / groups, filters]. */
export class Conv2D extends BaseConv {
  static override readonly className = 'Conv2D';
  static {
    registerLayer(this);
  }
  constructor(args: Conv2DArgs) {
    super('conv2d', { rank: 2, transpose: false, paddings: ['valid', 'same'] }, args);
  }
  protected kernelShape(c: number): number[] {
    return [this.kernelSize[0]!, this.kernelSize[1]!, c / this.groups, this.filters];
  }
  protected expectedChannels(): number {
    return this.kernel!.shape[2]! * this.groups;
  }
  protected convolve(x: Tensor, k: Tensor, bias: Tensor | null, relu: boolean): { y: Tensor; done: boolean } {
    const o = { strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same', dilationRate: this.dilationRate as [number, number], groups: this.groups };
    return { y: conv2d(x, k, { ...o, bias, activation: relu ? 'relu' : 'linear' }), done: true };
  }
  protected outLength(n: number | null, i: number): number | null {
    return windowLength(this.label, i === 0 ? 'height' : 'width', n, this.kernelSize[i]!, this.strides[i]!, this.dilationRate[i]!, this.padding);
  }
}

/** 1-D convolution over sequences [batch, length, channels]: kernel [k, inChannels / groups, filters]. */
export class Conv1D extends BaseConv {
  static override readonly className = 'Conv1D';
  static {
    registerLayer(this);
  }
  constructor(args: Conv1DArgs) {
    super('conv1d', { rank: 1, transpose: false, paddings: ['valid', 'same', 'causal'] }, args);
  }
  protected kernelShape(c: number): number[] {
    return [this.kernelSize[0]!, c / this.groups, this.filters];
  }
  protected expectedChannels(): number {
    return this.kernel!.shape[1]! * this.groups;
  }
  protected convolve(x: Tensor, k: Tensor, bias: Tensor | null, relu: boolean): { y: Tensor; done: boolean } {
    const o = { strides: this.strides[0]!, padding: this.padding as 'valid' | 'same' | 'causal', dilationRate: this.dilationRate[0]!, groups: this.groups };
    return { y: conv1d(x, k, { ...o, bias, activation: relu ? 'relu' : 'linear' }), done: true };
  }
  protected outLength(n: number | null): number | null {
    return windowLength(this.label, 'length', n, this.kernelSize[0]!, this.strides[0]!, this.dilationRate[0]!, this.padding);
  }
}

/** Transposed 2-D convolution (learned upsampling): kernel [kh, kw, filters, inChannels]. */
export class Conv2DTranspose extends BaseConv {
  static override readonly className = 'Conv2DTranspose';
  static {
    registerLayer(this);
  }
  constructor(args: ConvTransposeArgs) {
    super('conv2dTranspose', { rank: 2, transpose: true, paddings: ['valid', 'same'] }, args);
  }
  protected kernelShape(c: number): number[] {
    return [this.kernelSize[0]!, this.kernelSize[1]!, this.filters, c];
  }
  protected expectedChannels(): number {
    return this.kernel!.shape[3]!;
  }
  protected convolve(x: Tensor, k: Tensor): { y: Tensor; done: boolean } {
    return { y: conv2dTranspose(x, k, { strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same', dilationRate: this.dilationRate as [number, number] }), done: false };
  }
  protected outLength(n: number | null, i: number): number | null {
    return transposedLength(n, this.kernelSize[i]!, this.strides[i]!, this.dilationRate[i]!, this.padding);
  }
}

/** Transposed 1-D convolution: kernel [k, filters, inChannels]. */
export class Conv1DTranspose extends BaseConv {
  static override readonly className = 'Conv1DTranspose';
  static {
    registerLayer(this);
  }
  constructor(args: ConvTransposeArgs) {
    super('conv1dTranspose', { rank: 1, transpose: true, paddings: ['valid', 'same'] }, args);
  }
  protected kernelShape(c: number): number[] {
    return [this.kernelSize[0]!, this.filters, c];
  }
  protected expectedChannels(): number {
    return this.kernel!.shape[2]!;
  }
  protected convolve(x: Tensor, k: Tensor): { y: Tensor; done: boolean } {
    return { y: conv1dTranspose(x, k, { strides: this.strides[0]!, padding: this.padding as 'valid' | 'same', dilationRate: this.dilationRate[0]! }), done: false };
  }
  protected outLength(n: number | null): number | null {
    return transposedLength(n, this.kernelSize[0]!, this.strides[0]!, this.dilationRate[0]!, this.padding);
  }
}
