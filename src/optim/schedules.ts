/**
 * Learning-rate schedules: the rate as a function of the optimizer's step count (Keras's
 * `LearningRateSchedule`). Pass one as `learningRate`; for per-epoch rules use the
 * `learningRateScheduler` callback instead.
 *
 * @example nb.optim.adam({ learningRate: nb.optim.cosineDecay({ initialLearningRate: 1e-3, decaySteps: 10_000 }) })
 */
import { ConfigError } from '../errors.js';
import { type JsonObject, type JsonValue, type Serialized, NameTable } from '../nn/options.js';
import { checkBool, checkNumber, checkOptions } from '../check.js';

export interface LearningRateSchedule {
  readonly className: string;
  /** The learning rate at optimizer step `step` (0 for the first update). */
  at(step: number): number;
  getConfig(): JsonObject;
}

const positive = { min: 0, minExclusive: true } as const;

/** lr₀ · rate^(step / decaySteps), or rate^⌊step / decaySteps⌋ when `staircase`. */
export class ExponentialDecay implements LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  constructor(o: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }) {
    checkOptions('exponentialDecay', o, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    this.initialLearningRate = checkNumber('exponentialDecay', 'initialLearningRate', o.initialLearningRate, positive);
    this.decaySteps = checkNumber('exponentialDecay', 'decaySteps', o.decaySteps, positive);
    this.decayRate = checkNumber('exponentialDecay', 'decayRate', o.decayRate, positive);
    this.staircase = checkBool('exponentialDecay', 'staircase', o.staircase ?? false);
  }
  at(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate * Math.pow(this.decayRate, this.staircase ? Math.floor(p) : p);
  }
  getConfig(): JsonObject {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase };
  }
}

/** lr₀ · gamma^⌊step / stepSize⌋ (PyTorch's StepLR, counted in optimizer steps). */
export class StepDecay implements LearningRateSchedule {
  readonly className = 'StepDecay';
  readonly initialLearningRate: number;
  readonly stepSize: number;
  readonly gamma: number;
  constructor(o: { initialLearningRate: number; stepSize: number; gamma?: number }) {
    checkOptions('stepDecay', o, ['initialLearningRate', 'stepSize', 'gamma']);
    this.initialLearningRate = checkNumber('stepDecay', 'initialLearningRate', o.initialLearningRate, positive);
    this.stepSize = checkNumber('stepDecay', 'stepSize', o.stepSize, { integer: true, min: 1 });
    this.gamma = checkNumber('stepDecay', 'gamma', o.gamma ?? 0.1, positive);
  }
  at(step: number): number {
    return this.initialLearningRate * Math.pow(this.gamma, Math.floor(step / this.stepSize));
  }
  getConfig(): JsonObject {
    return { initialLearningRate: this.initialLearningRate, stepSize: this.stepSize, gamma: this.gamma };
  }
}

/** values[i] while step ≤ boundaries[i] (and the last value after the last boundary). */
export class PiecewiseConstantDecay implements LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];
  constructor(o: { boundaries: number[]; values: number[] }) {
    checkOptions('piecewiseConstantDecay', o, ['boundaries', 'values']);
    if (!Array.isArray(o.boundaries) || !Array.isArray(o.values) || o.values.length !== o.boundaries.length + 1) {
      throw new ConfigError(`piecewiseConstantDecay: values must have one more entry than boundaries, got ${JSON.stringify(o.boundaries)} and ${JSON.stringify(o.values)}`);
    }
    o.boundaries.forEach((b, i) => {
      checkNumber('piecewiseConstantDecay', `boundaries[${i}]`, b, { min: i > 0 ? o.boundaries[i - 1]! : 0 });
    });
    o.values.forEach((v, i) => checkNumber('piecewiseConstantDecay', `values[${i}]`, v, { min: 0 }));
    this.boundaries = [...o.boundaries];
    this.values = [...o.values];
  }
  at(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) if (step <= this.boundaries[i]!) return this.values[i]!;
    return this.values[this.values.length - 1]!;
  }
  getConfig(): JsonObject {
    return { boundaries: this.boundaries, values: this.values };
  }
}

/**
 * Cosine decay from lr₀ to alpha·lr₀ over decaySteps (Loshchilov & Hutter), optionally after a
 * linear warm-up from lr₀ to warmupTarget over warmupSteps (then decaying from warmupTarget).
 */
export class CosineDecay implements LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  constructor(o: { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }) {
    checkOptions('cosineDecay', o, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
    this.initialLearningRate = checkNumber('cosineDecay', 'initialLearningRate', o.initialLearningRate, { min: 0 });
    this.decaySteps = checkNumber('cosineDecay', 'decaySteps', o.decaySteps, positive);
    this.alpha = checkNumber('cosineDecay', 'alpha', o.alpha ?? 0, { min: 0, max: 1 });
    this.warmupTarget = o.warmupTarget == null ? null : checkNumber('cosineDecay', 'warmupTarget', o.warmupTarget, positive);
    this.warmupSteps = checkNumber('cosineDecay', 'warmupSteps', o.warmupSteps ?? 0, { integer: true, min: 0 });
  }
  at(step: number): number {
    if (this.warmupTarget !== null && step < this.warmupSteps) {
      return this.initialLearningRate + ((this.warmupTarget - this.initialLearningRate) * step) / this.warmupSteps;
    }
    const base = this.warmupTarget ?? this.initialLearningRate;
    const s = Math.min(Math.max(step - (this.warmupTarget !== null ? this.warmupSteps : 0), 0), this.decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * s) / this.decaySteps));
    return base * ((1 - this.alpha) * cosine + this.alpha);
  }
  getConfig(): JsonObject {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }
}

/**
 * Linear warm-up from `initialLearningRate` (default 0) to the rate `after` gives at its step 0,
 * over `warmupSteps`; then `after` (a number or a schedule, started from its step 0).
 */
export class LinearWarmup implements LearningRateSchedule {
  readonly className = 'LinearWarmup';
  readonly warmupSteps: number;
  readonly initialLearningRate: number;
  readonly after: number | LearningRateSchedule;
  constructor(o: { warmupSteps: number; after: number | LearningRateSchedule | Serialized; initialLearningRate?: number }) {
    checkOptions('linearWarmup', o, ['warmupSteps', 'after', 'initialLearningRate']);
    this.warmupSteps = checkNumber('linearWarmup', 'warmupSteps', o.warmupSteps, { integer: true, min: 1 });
    this.initialLearningRate = checkNumber('linearWarmup', 'initialLearningRate', o.initialLearningRate ?? 0, { min: 0 });
    this.after = typeof o.after === 'number' ? checkNumber('linearWarmup', 'after', o.after, positive) : getSchedule(o.after, 'linearWarmup');
  }
  private target(step: number): number {
    return typeof this.after === 'number' ? this.after : this.after.at(step);
  }
  at(step: number): number {
    if (step < this.warmupSteps) return this.initialLearningRate + ((this.target(0) - this.initialLearningRate) * step) / this.warmupSteps;
    return this.target(step - this.warmupSteps);
  }
  getConfig(): JsonObject {
    const after: JsonValue = typeof this.after === 'number' ? this.after : (serializeSchedule(this.after) as unknown as JsonObject);
    return { warmupSteps: this.warmupSteps, initialLearningRate: this.initialLearningRate, after };
  }
}

type Ctor = new (o: never) => LearningRateSchedule;
const REGISTRY = new NameTable<Ctor>('learning-rate schedule');
REGISTRY.set('ExponentialDecay', ExponentialDecay as Ctor);
REGISTRY.set('StepDecay', StepDecay as Ctor, ['StepLR']);
REGISTRY.set('PiecewiseConstantDecay', PiecewiseConstantDecay as Ctor);
REGISTRY.set('CosineDecay', CosineDecay as Ctor);
REGISTRY.set('LinearWarmup', LinearWarmup as Ctor, ['warmup']);

/** Makes a custom schedule class loadable by name. */
export function registerSchedule(className: string, ctor: new (config: never) => LearningRateSchedule): void {
  REGISTRY.set(className, ctor);
}

export function getSchedule(spec: LearningRateSchedule | Serialized, op = 'schedule'): LearningRateSchedule {
  if (spec && typeof spec === 'object' && 'at' in spec && typeof spec.at === 'function') return spec;
  if (spec && typeof spec === 'object' && 'className' in spec && typeof spec.className === 'string') {
    const C = REGISTRY.get(op, spec.className).value as unknown as new (c: JsonObject) => LearningRateSchedule;
    return new C((spec as Serialized).config ?? {});
  }
  throw new ConfigError(`${op}: expected a learning-rate schedule or {className, config}, got ${JSON.stringify(spec)}`);
}

export function serializeSchedule(s: LearningRateSchedule): Serialized {
  return { className: s.className, config: s.getConfig() };
}

/** @example nb.optim.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 }) */
export const exponentialDecay = (o: ConstructorParameters<typeof ExponentialDecay>[0]): ExponentialDecay => new ExponentialDecay(o);
/** @example nb.optim.stepDecay({ initialLearningRate: 0.1, stepSize: 500, gamma: 0.5 }) */
export const stepDecay = (o: ConstructorParameters<typeof StepDecay>[0]): StepDecay => new StepDecay(o);
/** @example nb.optim.piecewiseConstantDecay({ boundaries: [1000], values: [0.1, 0.01] }) */
export const piecewiseConstantDecay = (o: ConstructorParameters<typeof PiecewiseConstantDecay>[0]): PiecewiseConstantDecay => new PiecewiseConstantDecay(o);
/** @example nb.optim.cosineDecay({ initialLearningRate: 1e-3, decaySteps: 10_000, alpha: 0.01 }) */
export const cosineDecay = (o: ConstructorParameters<typeof CosineDecay>[0]): CosineDecay => new CosineDecay(o);
/** @example nb.optim.linearWarmup({ warmupSteps: 100, after: nb.optim.cosineDecay({ initialLearningRate: 1e-3, decaySteps: 5000 }) }) */
export const linearWarmup = (o: ConstructorParameters<typeof LinearWarmup>[0]): LinearWarmup => new LinearWarmup(o);
/** Alias of `linearWarmup`. */
export const warmup = linearWarmup;
