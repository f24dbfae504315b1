/**
 * The optimizers of the notes' table, with Keras's defaults: SGD (with momentum and Nesterov),
 * Adagrad, Adadelta, RMSprop, Adam, AdamW. Options first, parameters second (optional: `compile`
 * supplies a model's).
 *
 * @example nb.optim.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }, params)
 * @example model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'mse' })
 */
import type { Tensor } from '../tensor/tensor.js';
import { type JsonObject, type Serialized, NameTable } from '../nn/options.js';
import { ConfigError } from '../errors.js';
import { BASE_OPTIONS, Optimizer, type OptimizerOptions, type Slots } from './optimizer.js';
import { type FloatArray, adadeltaUpdate, adagradUpdate, adamUpdate, momentumUpdate, rmspropUpdate, sgdUpdate } from './updates.js';
import { checkBool, checkNumber, checkOptions } from '../check.js';

const unit = (op: string, name: string, v: number) => checkNumber(op, name, v, { min: 0, max: 1, maxExclusive: true });
const positive = (op: string, name: string, v: number) => checkNumber(op, name, v, { min: 0, minExclusive: true });

export interface SGDOptions extends OptimizerOptions {
  /** Default 0 (plain gradient descent). */
  momentum?: number;
  nesterov?: boolean;
}

/** Gradient descent, with optional (Nesterov) momentum. Defaults: learningRate 0.01, momentum 0. */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(options: SGDOptions = {}, params?: Iterable<Tensor>, op = 'SGD') {
    checkOptions(op, options, [...BASE_OPTIONS, 'momentum', 'nesterov']);
    super(op, options, 0.01, params);
    this.momentum = unit(op, 'momentum', options.momentum ?? 0);
    this.nesterov = checkBool(op, 'nesterov', options.nesterov ?? false);
  }
  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['velocity'] : [];
  }
  protected applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number): void {
    if (this.momentum > 0) momentumUpdate(p, g, s.velocity!, lr, this.momentum, this.nesterov);
    else sgdUpdate(p, g, lr);
  }
  protected hyperConfig(): JsonObject {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the squared-gradient sum; default 0.1. */
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/** Adagrad: per-parameter rates shrinking with the sum of squared gradients. Default learningRate 0.001. */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  constructor(options: AdagradOptions = {}, params?: Iterable<Tensor>) {
    checkOptions('Adagrad', options, [...BASE_OPTIONS, 'initialAccumulatorValue', 'epsilon']);
    super('Adagrad', options, 0.001, params);
    this.initialAccumulatorValue = checkNumber('Adagrad', 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0.1, { min: 0 });
    this.epsilon = positive('Adagrad', 'epsilon', options.epsilon ?? 1e-7);
  }
  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }
  protected override initSlot(slot: string, p: Tensor): FloatArray {
    const a = super.initSlot(slot, p);
    a.fill(this.initialAccumulatorValue);
    return a;
  }
  protected applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number): void {
    adagradUpdate(p, g, s.accumulator!, lr, this.epsilon);
  }
  protected hyperConfig(): JsonObject {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay of the running averages; default 0.95. */
  rho?: number;
  epsilon?: number;
}

/** Adadelta: step sizes from the ratio of running RMS of updates and gradients. Default learningRate 0.001 (Keras's). */
export class Adadelta extends Optimizer {
  readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;
  constructor(options: AdadeltaOptions = {}, params?: Iterable<Tensor>) {
    checkOptions('Adadelta', options, [...BASE_OPTIONS, 'rho', 'epsilon']);
    super('Adadelta', options, 0.001, params);
    this.rho = unit('Adadelta', 'rho', options.rho ?? 0.95);
    this.epsilon = positive('Adadelta', 'epsilon', options.epsilon ?? 1e-7);
  }
  protected slotNames(): readonly string[] {
    return ['accumulatedGrad', 'accumulatedDelta'];
  }
  protected applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number): void {
    adadeltaUpdate(p, g, s.accumulatedGrad!, s.accumulatedDelta!, lr, this.rho, this.epsilon);
  }
  protected hyperConfig(): JsonObject {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the squared-gradient average; default 0.9. */
  rho?: number;
  momentum?: number;
  epsilon?: number;
  /** Normalise by the gradient's variance instead of its second moment. */
  centered?: boolean;
}

/** RMSprop: divides by a running RMS of the gradient. Default learningRate 0.001. */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(options: RMSpropOptions = {}, params?: Iterable<Tensor>) {
    checkOptions('RMSprop', options, [...BASE_OPTIONS, 'rho', 'momentum', 'epsilon', 'centered']);
    super('RMSprop', options, 0.001, params);
    this.rho = unit('RMSprop', 'rho', options.rho ?? 0.9);
    this.momentum = unit('RMSprop', 'momentum', options.momentum ?? 0);
    this.epsilon = positive('RMSprop', 'epsilon', options.epsilon ?? 1e-7);
    this.centered = checkBool('RMSprop', 'centered', options.centered ?? false);
  }
  protected slotNames(): readonly string[] {
    return ['velocity', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['averageGradient'] : [])];
  }
  protected applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number): void {
    rmspropUpdate(p, g, s.velocity!, lr, this.rho, this.epsilon, s.momentum ?? null, this.momentum, s.averageGradient ?? null);
  }
  protected hyperConfig(): JsonObject {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment average; default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average; default 0.999. */
  beta2?: number;
  epsilon?: number;
  /** Use the running maximum of the second moment (Reddi et al. 2018). */
  amsgrad?: boolean;
}

/** Adam: momentum on the gradient and on its square, bias-corrected. Default learningRate 0.001. */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  constructor(options: AdamOptions = {}, params?: Iterable<Tensor>, op = 'Adam') {
    checkOptions(op, options, [...BASE_OPTIONS, 'beta1', 'beta2', 'epsilon', 'amsgrad']);
    super(op, options, 0.001, params);
    this.beta1 = unit(op, 'beta1', options.beta1 ?? 0.9);
    this.beta2 = unit(op, 'beta2', options.beta2 ?? 0.999);
    this.epsilon = positive(op, 'epsilon', options.epsilon ?? 1e-7);
    this.amsgrad = checkBool(op, 'amsgrad', options.amsgrad ?? false);
  }
  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
  }
  protected applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number, t: number): void {
    adamUpdate(p, g, s.m!, s.v!, s.vMax ?? null, lr, this.beta1, this.beta2, this.epsilon, t);
  }
  protected hyperConfig(): JsonObject {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter); default weightDecay 0.004 (Keras's). */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  constructor(options: AdamOptions = {}, params?: Iterable<Tensor>) {
    super({ ...options, weightDecay: options.weightDecay ?? 0.004 }, params, 'AdamW');
  }
}

/** Plain or momentum gradient descent. @example nb.optim.sgd({ learningRate: 0.1 }, params) */
export const sgd = (options: SGDOptions = {}, params?: Iterable<Tensor>): SGD => new SGD(options, params);
/** SGD with momentum (default 0.9): the notes' "rolling ball". */
export const momentum = (options: SGDOptions = {}, params?: Iterable<Tensor>): SGD =>
  new SGD({ ...options, momentum: options.momentum ?? 0.9 }, params, 'momentum');
/** SGD with Nesterov momentum (default 0.9): the notes' NAG. */
export const nesterov = (options: SGDOptions = {}, params?: Iterable<Tensor>): SGD =>
  new SGD({ ...options, momentum: options.momentum ?? 0.9, nesterov: options.nesterov ?? true }, params, 'nesterov');
export const adagrad = (options: AdagradOptions = {}, params?: Iterable<Tensor>): Adagrad => new Adagrad(options, params);
export const adadelta = (options: AdadeltaOptions = {}, params?: Iterable<Tensor>): Adadelta => new Adadelta(options, params);
export const rmsprop = (options: RMSpropOptions = {}, params?: Iterable<Tensor>): RMSprop => new RMSprop(options, params);
/** @example nb.optim.adam({ learningRate: 1e-3 }, model.parameters()) */
export const adam = (options: AdamOptions = {}, params?: Iterable<Tensor>): Adam => new Adam(options, params);
export const adamw = (options: AdamOptions = {}, params?: Iterable<Tensor>): AdamW => new AdamW(options, params);

type Factory = (config: JsonObject) => Optimizer;
const REGISTRY = new NameTable<Factory>('optimizer');
REGISTRY.set('SGD', (c) => new SGD(c as SGDOptions));
REGISTRY.set('momentum', (c) => momentum(c as SGDOptions));
REGISTRY.set('nesterov', (c) => nesterov(c as SGDOptions));
REGISTRY.set('Adagrad', (c) => new Adagrad(c as AdagradOptions));
REGISTRY.set('Adadelta', (c) => new Adadelta(c as AdadeltaOptions));
REGISTRY.set('RMSprop', (c) => new RMSprop(c as RMSpropOptions));
REGISTRY.set('Adam', (c) => new Adam(c as AdamOptions));
REGISTRY.set('AdamW', (c) => new AdamW(c as AdamOptions));

/** Makes a custom optimizer loadable by class name. */
export function registerOptimizer(className: string, factory: (config: JsonObject) => Optimizer): void {
  REGISTRY.set(className, factory);
}

/** An optimizer from a name ('adam'), an instance, or a saved `{className, config}`. */
export function getOptimizer(spec: string | Optimizer | Serialized): Optimizer {
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === 'string') return REGISTRY.get('optimizer', spec).value({});
  if (spec && typeof spec === 'object' && typeof spec.className === 'string') {
    const cfg: JsonObject = {};
    // Saved configs carry every base option, null where unused.
    for (const [k, v] of Object.entries(spec.config ?? {})) if (v !== null) cfg[k] = v;
    return REGISTRY.get('optimizer', spec.className).value(cfg);
  }
  throw new ConfigError(`optimizer: expected a name, an Optimizer or {className, config}, got ${JSON.stringify(spec)}`);
}

export function serializeOptimizer(o: Optimizer): Serialized {
  return { className: o.className, config: o.getConfig() };
}
