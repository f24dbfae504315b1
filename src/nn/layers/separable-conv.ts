/**
 * Depthwise and depthwise-separable 2-D convolutions (MobileNet's building blocks), Keras's
 * DepthwiseConv2D and SeparableConv2D: each input channel is filtered by its own
 * `depthMultiplier` kernels, and (separable) a 1×1 convolution then mixes the channels.
 *
 * @example nb.layers.separableConv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' })
 * @example nb.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 })
 */
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../../ops/elementwise.js';
import { depthwiseConv2d, separableConv2d } from '../../ops/conv.js';
import { type ActivationFn, activationName, getActivation } from '../activations.js';
import { type Initializer, type InitializerLike, getInitializer, serializeInitializer } from '../initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from '../regularizers.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import type { Variable } from '../variable.js';
import { type DataFormat, checkDataFormat, defaultName, expectInput, paddingOption, tupleOption, windowLength } from './conv-utils.js';
import { checkBool, checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

interface DepthwiseCommon extends LayerArgs {
  kernelSize: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: 'valid' | 'same';
  dataFormat?: DataFormat;
  dilationRate?: number | readonly [number, number];
  /** Filters per input channel in the depthwise step. Default 1. */
  depthMultiplier?: number;
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  depthwiseInitializer?: InitializerLike;
  biasInitializer?: InitializerLike;
  depthwiseRegularizer?: RegularizerLike | null;
  biasRegularizer?: RegularizerLike | null;
}

export type DepthwiseConv2DArgs = DepthwiseCommon;

export interface SeparableConv2DArgs extends DepthwiseCommon {
  /** Output channels of the pointwise (1×1) step. */
  filters: number;
  /** Default 'glorotUniform'. */
  pointwiseInitializer?: InitializerLike;
  pointwiseRegularizer?: RegularizerLike | null;
}

const COMMON_KEYS = [
  ...LAYER_ARGS,
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'depthMultiplier',
  'activation',
  'useBias',
  'depthwiseInitializer',
  'biasInitializer',
  'depthwiseRegularizer',
  'biasRegularizer',
] as const;

abstract class BaseDepthwise extends Layer {
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly depthMultiplier: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly depthwiseInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly depthwiseRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  depthwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  protected constructor(op: string, keys: readonly string[], args: DepthwiseCommon) {
    checkOptions(op, args, keys);
    const { name, trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer } = args;
    const cls = (new.target as unknown as { className: string }).className;
    super({ name: defaultName(name, cls), trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer });
    const L = this.label;
    if (args.kernelSize === undefined) throw new ConfigError(`${op}: kernelSize is required, e.g. nb.layers.${op}({ kernelSize: 3 })`);
    this.kernelSize = tupleOption(L, 'kernelSize', args.kernelSize, 2, 1);
    this.strides = tupleOption(L, 'strides', args.strides, 2, 1);
    this.padding = paddingOption(L, args.padding, ['valid', 'same'] as const, 'valid');
    this.dataFormat = checkDataFormat(L, args.dataFormat);
    this.dilationRate = tupleOption(L, 'dilationRate', args.dilationRate, 2, 1);
    this.depthMultiplier = checkNumber(L, 'depthMultiplier', args.depthMultiplier ?? 1, { integer: true, min: 1 });
    this.activation = getActivation(args.activation ?? null, L);
    this.useBias = checkBool(L, 'useBias', args.useBias ?? true);
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer ?? 'glorotUniform', L);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', L);
    this.depthwiseRegularizer = getRegularizer(args.depthwiseRegularizer, L);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, L);
  }

  /** Output channels. */
  protected abstract outChannels(inChannels: number): number;

  protected buildDepthwise(inputShape: SymbolicShape): number {
    const c = expectInput(this.label, inputShape, 4, '[batch, height, width, channels]');
    this.computeOutputShape(inputShape);
    this.depthwiseKernel = this.addWeight('depthwiseKernel', [this.kernelSize[0]!, this.kernelSize[1]!, c, this.depthMultiplier], {
      initializer: this.depthwiseInitializer,
      regularizer: this.depthwiseRegularizer,
    });
    return c;
  }

  protected addBias(c: number): void {
    if (this.useBias) this.bias = this.addWeight('bias', [this.outChannels(c)], { initializer: this.biasInitializer, regularizer: this.biasRegularizer });
  }

  protected checkInput(x: Tensor): void {
    const c = this.depthwiseKernel!.shape[2]!;
    if (x.rank !== 4 || x.shape[3] !== c) throw new ShapeError(`${this.label}: expected input [batch, height, width, channels] with ${c} channels, got shape ${fmtShape(x.shape)}`);
  }

  protected finish(y: Tensor): Tensor {
    return this.activation(this.bias ? add(y, this.bias) : y);
  }

  protected get windowOptions() {
    return { strides: this.strides as [number, number], padding: this.padding, dilationRate: this.dilationRate as [number, number] };
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const c = expectInput(this.label, s, 4, '[batch, height, width, channels]');
    const h = windowLength(this.label, 'height', s[1] ?? null, this.kernelSize[0]!, this.strides[0]!, this.dilationRate[0]!, this.padding);
    const w = windowLength(this.label, 'width', s[2] ?? null, this.kernelSize[1]!, this.strides[1]!, this.dilationRate[1]!, this.padding);
    return [s[0] ?? null, h, w, this.outChannels(c)];
  }

  override getConfig(): JsonObject {
    const act = activationName(this.activation);
    if (act === null) throw new ConfigError(`${this.label}.getConfig: its activation is a custom function; register it with nb.activations.register(name, fn) to save the model`);
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      depthMultiplier: this.depthMultiplier,
      activation: act,
      useBias: this.useBias,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer) as unknown as JsonObject,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as JsonObject,
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer) as unknown as JsonObject,
      biasRegularizer: serializeRegularizer(this.biasRegularizer) as unknown as JsonObject,
    };
  }
}

/** Depthwise 2-D convolution: kernel [kh, kw, channels, depthMultiplier] → channels·depthMultiplier outputs. */
export class DepthwiseConv2D extends BaseDepthwise {
  static override readonly className = 'DepthwiseConv2D';
  static {
    registerLayer(this);
  }
  constructor(args: DepthwiseConv2DArgs) {
    super('depthwiseConv2d', COMMON_KEYS, args);
  }
  protected outChannels(c: number): number {
    return c * this.depthMultiplier;
  }
  override build(inputShape: SymbolicShape): void {
    this.addBias(this.buildDepthwise(inputShape));
  }
  override forward(x: Tensor, _ctx: CallContext): Tensor {
    this.checkInput(x);
    return this.finish(depthwiseConv2d(x, this.depthwiseKernel!, this.windowOptions));
  }
}

/** Depthwise then pointwise (1×1) convolution: far fewer weights than a full Conv2D of the same output. */
export class SeparableConv2D extends BaseDepthwise {
  static override readonly className = 'SeparableConv2D';
  static {
    registerLayer(this);
  }
  readonly filters: number;
  readonly pointwiseInitializer: Initializer;
  readonly pointwiseRegularizer: Regularizer | null;
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super('separableConv2d', [...COMMON_KEYS, 'filters', 'pointwiseInitializer', 'pointwiseRegularizer'], args);
    if (args.filters === undefined) throw new ConfigError(`separableConv2d: filters is required, e.g. nb.layers.separableConv2d({ filters: 64, kernelSize: 3 })`);
    this.filters = checkNumber(this.label, 'filters', args.filters, { integer: true, min: 1 });
    this.pointwiseInitializer = getInitializer(args.pointwiseInitializer ?? 'glorotUniform', this.label);
    this.pointwiseRegularizer = getRegularizer(args.pointwiseRegularizer, this.label);
  }
  protected outChannels(): number {
    return this.filters;
  }
  override build(inputShape: SymbolicShape): void {
    const c = this.buildDepthwise(inputShape);
    this.pointwiseKernel = this.addWeight('pointwiseKernel', [1, 1, c * this.depthMultiplier, this.filters], {
      initializer: this.pointwiseInitializer,
      regularizer: this.pointwiseRegularizer,
    });
    this.addBias(c);
  }
  override forward(x: Tensor, _ctx: CallContext): Tensor {
    this.checkInput(x);
    return this.finish(separableConv2d(x, this.depthwiseKernel!, this.pointwiseKernel!, this.windowOptions));
  }
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      filters: this.filters,
      pointwiseInitializer: serializeInitializer(this.pointwiseInitializer) as unknown as JsonObject,
      pointwiseRegularizer: serializeRegularizer(this.pointwiseRegularizer) as unknown as JsonObject,
    };
  }
}
