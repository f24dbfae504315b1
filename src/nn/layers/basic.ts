/**
 * Shape-only and stateless layers: input, activation, dropout, flatten, reshape.
 *
 * @example nb.layers.dropout({ rate: 0.2 })
 * @example nb.layers.reshape({ targetShape: [28, 28, 1] })
 */
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape as reshapeOp } from '../../ops/shape.js';
import { type ActivationFn, activationName, getActivation } from '../activations.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import * as F from '../functional.js';
import { checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

/** The entry of a functional model: passes its input through. Made by `nb.input`. */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  constructor(args: LayerArgs) {
    checkOptions('inputLayer', args, LAYER_ARGS);
    super(args);
    if (!this.batchInputShape) throw new ConfigError(`inputLayer: give inputShape or batchInputShape`);
    // Integer inputs (token ids) pass through as they are; float inputs are cast to the layer's dtype.
    this.autoCast = this.dtype !== 'int32';
    this.built = true;
    this.outputShape = this.batchInputShape;
  }
  protected override allowedDtypes(): ('float32' | 'float64' | 'int32')[] {
    return ['float32', 'float64', 'int32'];
  }
  override forward(x: Tensor): Tensor {
    const want = this.batchInputShape!;
    if (x.rank !== want.length || want.some((d, i) => d !== null && d !== x.shape[i])) {
      throw new ShapeError(`${this.label}: expected input of shape ${fmtWant(want)}, got ${fmtShape(x.shape)}`);
    }
    return x;
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
}

export interface ActivationArgs extends LayerArgs {
  activation: string | ActivationFn;
}

/** Applies an activation function: `nb.layers.activation({ activation: 'relu' })`. */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  readonly activation: ActivationFn;
  constructor(args: ActivationArgs) {
    checkOptions('activation', args, [...LAYER_ARGS, 'activation']);
    super(args);
    if (args.activation === undefined) throw new ConfigError(`activation: the activation option is required, e.g. { activation: 'relu' }`);
    this.activation = getActivation(args.activation, this.label);
  }
  override forward(x: Tensor): Tensor {
    return this.activation(x);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
  override getConfig(): JsonObject {
    const name = activationName(this.activation);
    if (name === null) throw new ConfigError(`${this.label}.getConfig: its activation is a custom function; register it with nb.activations.register(name, fn) to save the model`);
    return { ...super.getConfig(), activation: name };
  }
}

export interface DropoutArgs extends LayerArgs {
  /** Fraction of inputs to drop, in [0, 1). */
  rate: number;
  /** Mask shape (null entries take the input's size), e.g. [null, 1, null] to drop whole time steps' features together. */
  noiseShape?: (number | null)[] | null;
  /** Seed for this layer's own generator; default: the global generator. */
  seed?: number | null;
}

/** Inverted dropout in training; the identity at inference. */
export class Dropout extends Layer {
  static override readonly className = 'Dropout';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private readonly generator: Generator | undefined;
  constructor(args: DropoutArgs) {
    checkOptions('dropout', args, [...LAYER_ARGS, 'rate', 'noiseShape', 'seed']);
    super(args);
    this.rate = checkNumber(this.label, 'rate', args.rate, { min: 0, max: 1, maxExclusive: true });
    this.noiseShape = args.noiseShape ? [...args.noiseShape] : null;
    this.seed = args.seed ?? null;
    this.generator = this.seed === null ? undefined : new Generator(this.seed);
  }
  override forward(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return x;
    return F.dropout(x, this.rate, { training: true, noiseShape: this.noiseShape, generator: this.generator });
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}

/** Flattens each sample: [batch, d1, d2, …] → [batch, d1·d2·…]. */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';
  static {
    registerLayer(this);
  }
  constructor(args: LayerArgs = {}) {
    checkOptions('flatten', args, LAYER_ARGS);
    super(args);
  }
  override forward(x: Tensor): Tensor {
    return F.flatten(x);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const rest = s.slice(1);
    return [s[0] ?? null, rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * d!, 1)];
  }
}

export interface ReshapeArgs extends LayerArgs {
  /** Shape of each sample after reshaping (no batch axis); one entry may be -1. */
  targetShape: number[];
}

/** Reshapes each sample: `nb.layers.reshape({ targetShape: [28, 28, 1] })`. */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  static {
    registerLayer(this);
  }
  readonly targetShape: number[];
  constructor(args: ReshapeArgs) {
    checkOptions('reshape', args, [...LAYER_ARGS, 'targetShape']);
    super(args);
    if (!Array.isArray(args.targetShape)) throw new ConfigError(`${this.label}: targetShape must be an array, got ${JSON.stringify(args.targetShape)}`);
    if (args.targetShape.filter((d) => d === -1).length > 1) throw new ConfigError(`${this.label}: only one entry of targetShape may be -1, got ${fmtShape(args.targetShape)}`);
    for (const d of args.targetShape) {
      if (d !== -1 && (!Number.isInteger(d) || d < 0)) throw new ConfigError(`${this.label}: targetShape ${fmtShape(args.targetShape)} has an invalid size ${d}`);
    }
    this.targetShape = [...args.targetShape];
  }
  override forward(x: Tensor): Tensor {
    const per = x.size / (x.shape[0] ?? 1);
    const known = this.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const ok = this.targetShape.includes(-1) ? known > 0 && per % known === 0 : known === per;
    if (!ok) throw new ShapeError(`${this.label}: cannot reshape samples of shape ${fmtShape(x.shape.slice(1))} (${per} values) into ${fmtShape(this.targetShape)}`);
    return reshapeOp(x, [x.shape[0]!, ...this.targetShape]);
  }
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const rest = s.slice(1);
    if (!this.targetShape.includes(-1) || rest.some((d) => d === null)) return [s[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const per = rest.reduce<number>((a, d) => a * d!, 1);
    const known = this.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    return [s[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? per / known : d))];
  }
  override getConfig(): JsonObject {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

function fmtWant(s: SymbolicShape): string {
  return `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
