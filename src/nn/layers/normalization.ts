/**
 * Batch and layer normalisation, with Keras's defaults (momentum 0.99, ε = 1e-3).
 *
 * BatchNormalization normalises with the batch's statistics in training and with its moving
 * averages otherwise; a frozen one (`trainable = false`) always runs in inference mode, so a
 * pretrained network keeps the statistics it learned (the behaviour transfer learning relies on).
 *
 * @example nb.layers.batchNormalization()
 * @example nb.layers.layerNormalization({ epsilon: 1e-5 })
 */
import { ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { normAxes, normAxis } from '../../tensor/shape.js';
import { reshape } from '../../ops/shape.js';
import { type Initializer, type InitializerLike, getInitializer, serializeInitializer } from '../initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from '../regularizers.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import type { Variable } from '../variable.js';
import * as F from '../functional.js';
import { fmtSym } from './dense.js';
import { checkBool, checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature (channel) axis; default -1. */
  axis?: number;
  /** Moving-average decay; default 0.99. */
  momentum?: number;
  epsilon?: number;
  /** Learn an offset beta; default true. */
  center?: boolean;
  /** Learn a scale gamma; default true. */
  scale?: boolean;
  betaInitializer?: InitializerLike;
  gammaInitializer?: InitializerLike;
  movingMeanInitializer?: InitializerLike;
  movingVarianceInitializer?: InitializerLike;
  betaRegularizer?: RegularizerLike | null;
  gammaRegularizer?: RegularizerLike | null;
}

export class BatchNormalization extends Layer {
  static override readonly className = 'BatchNormalization';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  private readonly regs: Record<'beta' | 'gamma', Regularizer | null>;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  private paramShape: number[] = [];
  private reduceAxes: number[] = [];

  constructor(args: BatchNormalizationArgs = {}) {
    checkOptions('batchNormalization', args, [
      ...LAYER_ARGS,
      'axis',
      'momentum',
      'epsilon',
      'center',
      'scale',
      'betaInitializer',
      'gammaInitializer',
      'movingMeanInitializer',
      'movingVarianceInitializer',
      'betaRegularizer',
      'gammaRegularizer',
    ]);
    super(args);
    this.axis = checkNumber(this.label, 'axis', args.axis ?? -1, { integer: true });
    this.momentum = checkNumber(this.label, 'momentum', args.momentum ?? 0.99, { min: 0, max: 1 });
    this.epsilon = checkNumber(this.label, 'epsilon', args.epsilon ?? 1e-3, { min: 0, minExclusive: true });
    this.center = checkBool(this.label, 'center', args.center ?? true);
    this.scale = checkBool(this.label, 'scale', args.scale ?? true);
    this.inits = {
      beta: getInitializer(args.betaInitializer ?? 'zeros', this.label),
      gamma: getInitializer(args.gammaInitializer ?? 'ones', this.label),
      movingMean: getInitializer(args.movingMeanInitializer ?? 'zeros', this.label),
      movingVariance: getInitializer(args.movingVarianceInitializer ?? 'ones', this.label),
    };
    this.regs = { beta: getRegularizer(args.betaRegularizer, this.label), gamma: getRegularizer(args.gammaRegularizer, this.label) };
  }

  override build(inputShape: SymbolicShape): void {
    const a = normAxis(this.label, this.axis, inputShape.length);
    const c = inputShape[a];
    if (c === null || c === undefined) throw new ShapeError(`${this.label}: axis ${this.axis} of the input must have a known size, got ${fmtSym(inputShape)}`);
    this.paramShape = inputShape.map((_, i) => (i === a ? c : 1));
    this.reduceAxes = inputShape.map((_, i) => i).filter((i) => i !== a);
    if (this.scale) this.gamma = this.addWeight('gamma', [c], { initializer: this.inits.gamma, regularizer: this.regs.gamma });
    if (this.center) this.beta = this.addWeight('beta', [c], { initializer: this.inits.beta, regularizer: this.regs.beta });
    this.movingMean = this.addWeight('movingMean', [c], { initializer: this.inits.movingMean, trainable: false });
    this.movingVariance = this.addWeight('movingVariance', [c], { initializer: this.inits.movingVariance, trainable: false });
  }

  override forward(x: Tensor, ctx: CallContext): Tensor {
    if (x.rank !== this.paramShape.length || x.shape[normAxis(this.label, this.axis, x.rank)] !== this.movingMean!.size) {
      throw new ShapeError(`${this.label}: built for inputs like ${fmtShape(this.paramShape.map((d) => (d === 1 ? 0 : d)))} (0 = any), got ${fmtShape(x.shape)}`);
    }
    const shaped = (t: Tensor | null) => (t ? reshape(t, this.paramShape) : null);
    // A frozen layer normalises with its moving statistics even in training.
    if (!(ctx.training && this.trainable)) {
      return F.batchNormalization(x, shaped(this.movingMean)!, shaped(this.movingVariance)!, shaped(this.beta), shaped(this.gamma), this.epsilon);
    }
    const { mean, variance } = F.moments(x, this.reduceAxes, true);
    this.updateMoving(mean.data(), variance.data());
    return F.batchNormalization(x, mean, variance, shaped(this.beta), shaped(this.gamma), this.epsilon);
  }

  /** moving ← moving·momentum + batch·(1 − momentum), in place (no gradient flows into state). */
  private updateMoving(mean: ArrayLike<number>, variance: ArrayLike<number>): void {
    const m = this.momentum;
    const mm = this.movingMean!.data();
    const mv = this.movingVariance!.data();
    for (let i = 0; i < mm.length; i++) {
      mm[i] = mm[i]! * m + mean[i]! * (1 - m);
      mv[i] = mv[i]! * m + variance[i]! * (1 - m);
    }
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }

  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.inits.beta) as unknown as JsonObject,
      gammaInitializer: serializeInitializer(this.inits.gamma) as unknown as JsonObject,
      movingMeanInitializer: serializeInitializer(this.inits.movingMean) as unknown as JsonObject,
      movingVarianceInitializer: serializeInitializer(this.inits.movingVariance) as unknown as JsonObject,
      betaRegularizer: serializeRegularizer(this.regs.beta) as unknown as JsonObject,
      gammaRegularizer: serializeRegularizer(this.regs.gamma) as unknown as JsonObject,
    };
  }
}

export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes to normalise over; default -1. */
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerLike;
  gammaInitializer?: InitializerLike;
  betaRegularizer?: RegularizerLike | null;
  gammaRegularizer?: RegularizerLike | null;
}

/** Normalises each sample over its feature axes (same in training and inference). */
export class LayerNormalization extends Layer {
  static override readonly className = 'LayerNormalization';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly inits: Record<'beta' | 'gamma', Initializer>;
  private readonly regs: Record<'beta' | 'gamma', Regularizer | null>;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  private axes: number[] = [];
  private paramShape: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    checkOptions('layerNormalization', args, [...LAYER_ARGS, 'axis', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'betaRegularizer', 'gammaRegularizer']);
    super(args);
    this.axis = Array.isArray(args.axis) ? [...args.axis] : (args.axis ?? -1);
    this.epsilon = checkNumber(this.label, 'epsilon', args.epsilon ?? 1e-3, { min: 0, minExclusive: true });
    this.center = checkBool(this.label, 'center', args.center ?? true);
    this.scale = checkBool(this.label, 'scale', args.scale ?? true);
    this.inits = { beta: getInitializer(args.betaInitializer ?? 'zeros', this.label), gamma: getInitializer(args.gammaInitializer ?? 'ones', this.label) };
    this.regs = { beta: getRegularizer(args.betaRegularizer, this.label), gamma: getRegularizer(args.gammaRegularizer, this.label) };
  }

  override build(inputShape: SymbolicShape): void {
    this.axes = normAxes(this.label, this.axis, inputShape.length);
    const dims = this.axes.map((a) => inputShape[a]);
    if (dims.some((d) => d === null || d === undefined)) throw new ShapeError(`${this.label}: normalised axes must have known sizes, got ${fmtSym(inputShape)}`);
    const shape = dims as number[];
    // Parameters broadcast against the input: sizes on the normalised axes, 1 elsewhere after the first of them.
    this.paramShape = inputShape.map((d, i) => (this.axes.includes(i) ? d! : 1)).slice(this.axes[0]);
    if (this.scale) this.gamma = this.addWeight('gamma', shape, { initializer: this.inits.gamma, regularizer: this.regs.gamma });
    if (this.center) this.beta = this.addWeight('beta', shape, { initializer: this.inits.beta, regularizer: this.regs.beta });
  }

  override forward(x: Tensor): Tensor {
    const shaped = (t: Tensor | null) => (t ? reshape(t, this.paramShape) : null);
    return F.layerNormalization(x, shaped(this.gamma), shaped(this.beta), { axes: this.axes, epsilon: this.epsilon });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }

  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.inits.beta) as unknown as JsonObject,
      gammaInitializer: serializeInitializer(this.inits.gamma) as unknown as JsonObject,
      betaRegularizer: serializeRegularizer(this.regs.beta) as unknown as JsonObject,
      gammaRegularizer: serializeRegularizer(this.regs.gamma) as unknown as JsonObject,
    };
  }
}
