/**
 * Dense (fully connected): `activation(x @ kernel + bias)` over the last axis. The notes'
 * forward propagation u = xW + b, y = f(u).
 *
 * @example nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784] })
 */
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ActivationFn, activationName, getActivation } from '../activations.js';
import { type Initializer, type InitializerLike, getInitializer, serializeInitializer } from '../initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from '../regularizers.js';
import { type CallContext, LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import { type JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import type { Variable } from '../variable.js';
import * as F from '../functional.js';
import { checkBool, checkNumber, checkOptions } from '../../check.js';
import { registerLayer } from '../registry.js';

export interface DenseArgs extends LayerArgs {
  /** Output size. */
  units: number;
  /** Name ('relu', 'softmax'…) or function; default linear. */
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  /** Default 'glorotUniform' (Keras's). */
  kernelInitializer?: InitializerLike;
  /** Default 'zeros'. */
  biasInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike | null;
  biasRegularizer?: RegularizerLike | null;
}

export class Dense extends Layer {
  static override readonly className = 'Dense';
  static {
    registerLayer(this);
  }
  override supportsMasking = true;
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    checkOptions('dense', args, [...LAYER_ARGS, 'units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer']);
    super(args);
    if (args.units === undefined) throw new ConfigError(`dense: units is required (the output size), e.g. nb.layers.dense({ units: 10 })`);
    this.units = checkNumber(this.label, 'units', args.units, { integer: true, min: 1 });
    this.activation = getActivation(args.activation ?? null, this.label);
    this.useBias = checkBool(this.label, 'useBias', args.useBias ?? true);
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform', this.label);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', this.label);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, this.label);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, this.label);
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape[inputShape.length - 1];
    if (inputShape.length < 1 || inDim === null || inDim === undefined) {
      throw new ShapeError(`${this.label}: the last input dimension must be known to build, got shape ${fmtSym(inputShape)}`);
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer });
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], { initializer: this.biasInitializer, regularizer: this.biasRegularizer });
  }

  override forward(x: Tensor, _ctx: CallContext): Tensor {
    const inDim = this.kernel!.shape[0]!;
    if (x.rank < 1 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError(`${this.label}: expected input with last dimension ${inDim}, got shape ${fmtShape(x.shape)}`);
    }
    return this.activation(F.dense(x, this.kernel!, this.bias));
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): JsonObject {
    const act = activationName(this.activation);
    if (act === null) throw new ConfigError(`${this.label}.getConfig: its activation is a custom function; register it with nb.activations.register(name, fn) to save the model`);
    return {
      ...super.getConfig(),
      units: this.units,
      activation: act,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as JsonObject,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as JsonObject,
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer) as unknown as JsonObject,
      biasRegularizer: serializeRegularizer(this.biasRegularizer) as unknown as JsonObject,
    };
  }
}

export function fmtSym(s: SymbolicShape): string {
  return `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
