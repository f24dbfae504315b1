/**
 * Spatial dropout (Keras's SpatialDropout1D/2D): drops whole feature maps (channels) instead of
 * single values, because neighbouring pixels or time steps are strongly correlated and dropping
 * them one by one barely regularises. Inverted scaling in training; the identity at inference.
 *
 * @example nb.layers.spatialDropout2d({ rate: 0.2 }) // one keep/drop draw per (sample, channel)
 */
import { ShapeError, fmtShape } from '../../errors.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import * as F from '../functional.js';
import { type DataFormat, checkDataFormat, defaultName } from './conv-utils.js';
import { checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

export interface SpatialDropoutArgs extends LayerArgs {
  /** Fraction of channels to drop, in [0, 1). */
  rate: number;
  /** Seed of this layer's own generator; default: the global generator. */
  seed?: number | null;
  dataFormat?: DataFormat;
}

abstract class BaseSpatialDropout extends Layer {
  readonly rate: number;
  readonly seed: number | null;
  readonly dataFormat: DataFormat;
  private readonly generator: Generator | undefined;
  protected abstract readonly spatialRank: number;

  protected constructor(op: string, args: SpatialDropoutArgs) {
    checkOptions(op, args, [...LAYER_ARGS, 'rate', 'seed', 'dataFormat']);
    const { name, trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer } = args;
    super({ name: defaultName(name, (new.target as unknown as { className: string }).className), trainable, dtype, inputShape, batchInputShape, batchSize, activityRegularizer });
    this.rate = checkNumber(this.label, 'rate', args.rate, { min: 0, max: 1, maxExclusive: true });
    this.seed = args.seed ?? null;
    if (this.seed !== null) checkNumber(this.label, 'seed', this.seed, { integer: true });
    this.generator = this.seed === null ? undefined : new Generator(this.seed);
    this.dataFormat = checkDataFormat(this.label, args.dataFormat);
  }

  override forward(x: Tensor, ctx: CallContext): Tensor {
    const rank = this.spatialRank + 2;
    if (x.rank !== rank) throw new ShapeError(`${this.label}: expected ${rank}-D input (batch, ${this.spatialRank} spatial axes, channels), got shape ${fmtShape(x.shape)}`);
    if (!ctx.training || this.rate === 0) return x;
    // One draw per (sample, channel), shared across the spatial axes.
    const noiseShape = x.shape.map((d, i) => (i === 0 || i === rank - 1 ? d : 1));
    return F.dropout(x, this.rate, { training: true, noiseShape, generator: this.generator });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }

  override getConfig(): JsonObject {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, dataFormat: this.dataFormat };
  }
}

/** Drops whole channels of NHWC feature maps. */
export class SpatialDropout2D extends BaseSpatialDropout {
  static override readonly className = 'SpatialDropout2D';
  static {
    registerLayer(this);
  }
  protected readonly spatialRank = 2;
  constructor(args: SpatialDropoutArgs) {
    super('spatialDropout2d', args);
  }
}

/** Drops whole feature channels of sequences [batch, time, features]. */
export class SpatialDropout1D extends BaseSpatialDropout {
  static override readonly className = 'SpatialDropout1D';
  static {
    registerLayer(this);
  }
  protected readonly spatialRank = 1;
  constructor(args: SpatialDropoutArgs) {
    super('spatialDropout1d', args);
  }
}
