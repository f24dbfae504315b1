/**
 * Weight initializers with Keras's names and defaults. Every random draw goes through the global
 * generator (`nb.seed`) unless the initializer is given its own `seed`.
 *
 * @example nb.layers.dense({ units: 64, kernelInitializer: 'heNormal' })
 * @example nb.initializers.glorotUniform({ seed: 1 }).init([784, 128])
 */
import { ConfigError } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, isFloat } from '../tensor/dtype.js';
import { checkShape } from '../tensor/shape.js';
import { full } from '../ops/create.js';
import { rand, randn, truncatedNormal as truncNormalOp } from '../ops/random.js';
import { type JsonObject, type Serialized, NameTable } from './options.js';
import { checkChoice, checkNumber, checkOptions } from '../check.js';

export interface Initializer {
  /** Registry name, e.g. 'GlorotUniform'. */
  readonly className: string;
  /** The options that rebuild this initializer. */
  getConfig(): JsonObject;
  /** A new tensor of `shape` (float32 unless `dtype` says). */
  init(shape: readonly number[], dtype?: DType): Tensor;
}

/** How layers accept an initializer: a name ('heNormal', 'he_normal'), an object, or a saved `{className, config}`. */
export type InitializerLike = string | Initializer | Serialized;

/** fanIn and fanOut of a weight shape: [in, out] for dense kernels, [..receptive field, in, out] for convolutions. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i]!;
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

function floatDtype(op: string, dtype: DType): DType {
  if (!isFloat(dtype)) throw new ConfigError(`${op}: can only initialise float32 or float64 weights, got ${dtype}`);
  return dtype;
}

abstract class RandomInitializer implements Initializer {
  abstract readonly className: string;
  readonly generator: Generator | undefined;
  readonly seed: number | null;
  constructor(seed: number | null | undefined) {
    this.seed = seed ?? null;
    this.generator = seed == null ? undefined : new Generator(seed);
  }
  abstract getConfig(): JsonObject;
  abstract init(shape: readonly number[], dtype?: DType): Tensor;
}

export class Zeros implements Initializer {
  readonly className = 'Zeros';
  getConfig(): JsonObject {
    return {};
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return full(checkShape('zeros initializer', shape), 0, dtype);
  }
}

export class Ones implements Initializer {
  readonly className = 'Ones';
  getConfig(): JsonObject {
    return {};
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return full(checkShape('ones initializer', shape), 1, dtype);
  }
}

export class Constant implements Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(options: { value?: number } = {}) {
    checkOptions('constant', options, ['value']);
    this.value = checkNumber('constant', 'value', options.value ?? 0);
  }
  getConfig(): JsonObject {
    return { value: this.value };
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return full(checkShape('constant initializer', shape), this.value, dtype);
  }
}

export class RandomNormal extends RandomInitializer {
  readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(options: { mean?: number; stddev?: number; seed?: number | null } = {}) {
    checkOptions('randomNormal', options, ['mean', 'stddev', 'seed']);
    super(options.seed);
    this.mean = checkNumber('randomNormal', 'mean', options.mean ?? 0);
    this.stddev = checkNumber('randomNormal', 'stddev', options.stddev ?? 0.05, { min: 0 });
  }
  getConfig(): JsonObject {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return randn(shape, { mean: this.mean, std: this.stddev, dtype: floatDtype('randomNormal', dtype), generator: this.generator });
  }
}

export class RandomUniform extends RandomInitializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(options: { minval?: number; maxval?: number; seed?: number | null } = {}) {
    checkOptions('randomUniform', options, ['minval', 'maxval', 'seed']);
    super(options.seed);
    this.minval = checkNumber('randomUniform', 'minval', options.minval ?? -0.05);
    this.maxval = checkNumber('randomUniform', 'maxval', options.maxval ?? 0.05, { min: this.minval });
  }
  getConfig(): JsonObject {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return rand(shape, { low: this.minval, high: this.maxval, dtype: floatDtype('randomUniform', dtype), generator: this.generator });
  }
}

export class TruncatedNormal extends RandomInitializer {
  readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(options: { mean?: number; stddev?: number; seed?: number | null } = {}) {
    checkOptions('truncatedNormal', options, ['mean', 'stddev', 'seed']);
    super(options.seed);
    this.mean = checkNumber('truncatedNormal', 'mean', options.mean ?? 0);
    this.stddev = checkNumber('truncatedNormal', 'stddev', options.stddev ?? 0.05, { min: 0 });
  }
  getConfig(): JsonObject {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return truncNormalOp(shape, { mean: this.mean, std: this.stddev, dtype: floatDtype('truncatedNormal', dtype), generator: this.generator });
  }
}

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type ScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

export interface VarianceScalingOptions {
  scale?: number;
  mode?: FanMode;
  distribution?: ScalingDistribution;
  seed?: number | null;
}

/** Std of a normal truncated at ±2σ relative to the untruncated one: draws are scaled by 1/this. */
const TRUNCATED_STD = 0.8796256610342398;

/**
 * Draws with variance `scale / n`, where n is fanIn, fanOut or their mean: the family that
 * Glorot/Xavier (fanAvg, scale 1), He (fanIn, scale 2) and LeCun (fanIn, scale 1) belong to.
 */
export class VarianceScaling extends RandomInitializer {
  className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: ScalingDistribution;
  constructor(options: VarianceScalingOptions = {}, op = 'varianceScaling') {
    checkOptions(op, options, ['scale', 'mode', 'distribution', 'seed']);
    super(options.seed);
    this.scale = checkNumber(op, 'scale', options.scale ?? 1, { min: 0, minExclusive: true });
    this.mode = checkChoice(op, 'mode', fanModeOf(options.mode ?? 'fanIn'), ['fanIn', 'fanOut', 'fanAvg']);
    this.distribution = checkChoice(op, 'distribution', distributionOf(options.distribution ?? 'truncatedNormal'), [
      'truncatedNormal',
      'untruncatedNormal',
      'uniform',
    ]);
  }
  getConfig(): JsonObject {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
  init(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const [fanIn, fanOut] = computeFans(checkShape(this.className, shape));
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const d = floatDtype(this.className, dtype);
    const g = this.generator;
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return rand(shape, { low: -limit, high: limit, dtype: d, generator: g });
    }
    if (this.distribution === 'untruncatedNormal') return randn(shape, { std: Math.sqrt(variance), dtype: d, generator: g });
    return truncNormalOp(shape, { std: Math.sqrt(variance) / TRUNCATED_STD, dtype: d, generator: g });
  }
}

function fanModeOf(m: string): string {
  const k = m.replace(/_/g, '').toLowerCase();
  return k === 'fanin' ? 'fanIn' : k === 'fanout' ? 'fanOut' : k === 'fanavg' ? 'fanAvg' : m;
}
function distributionOf(d: string): string {
  const k = d.replace(/_/g, '').toLowerCase();
  if (k === 'truncatednormal' || k === 'normal') return 'truncatedNormal';
  if (k === 'untruncatednormal') return 'untruncatedNormal';
  return d;
}

function preset(className: string, scale: number, mode: FanMode, distribution: ScalingDistribution) {
  return class extends VarianceScaling {
    constructor(options: { seed?: number | null } = {}) {
      checkOptions(className, options, ['seed']);
      super({ scale, mode, distribution, seed: options.seed }, className);
      this.className = className;
    }
    override getConfig(): JsonObject {
      return { seed: this.seed };
    }
  };
}

/** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))). Keras's default kernel initializer. */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Glorot/Xavier normal: truncated normal with std √(2 / (fanIn + fanOut)). */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** He uniform: U(±√(6 / fanIn)), for ReLU layers. */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** He normal: truncated normal with std √(2 / fanIn), for ReLU layers. */
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** LeCun normal: truncated normal with std √(1 / fanIn), for SELU layers. */
export const LecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');
/** LeCun uniform: U(±√(3 / fanIn)). */
export const LecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');

type Ctor = new (config?: never) => Initializer;
const REGISTRY = new NameTable<Ctor>('initializer');
REGISTRY.set('Zeros', Zeros as Ctor, ['zeros', 'zero']);
REGISTRY.set('Ones', Ones as Ctor, ['ones', 'one']);
REGISTRY.set('Constant', Constant as Ctor);
REGISTRY.set('RandomNormal', RandomNormal as Ctor);
REGISTRY.set('RandomUniform', RandomUniform as Ctor);
REGISTRY.set('TruncatedNormal', TruncatedNormal as Ctor);
REGISTRY.set('VarianceScaling', VarianceScaling as Ctor);
REGISTRY.set('GlorotUniform', GlorotUniform as Ctor, ['xavierUniform']);
REGISTRY.set('GlorotNormal', GlorotNormal as Ctor, ['xavierNormal']);
REGISTRY.set('HeUniform', HeUniform as Ctor);
REGISTRY.set('HeNormal', HeNormal as Ctor);
REGISTRY.set('LecunNormal', LecunNormal as Ctor);
REGISTRY.set('LecunUniform', LecunUniform as Ctor);

/** Adds an initializer class to the registry so `getInitializer` (and loading a saved model) can build it by name. */
export function registerInitializer(className: string, ctor: new (config?: never) => Initializer): void {
  REGISTRY.set(className, ctor);
}

/** Resolves a name, an initializer object or a saved `{className, config}` to an initializer. */
export function getInitializer(spec: InitializerLike, op = 'initializer'): Initializer {
  if (typeof spec === 'string') return new (REGISTRY.get(op, spec).value)();
  if (spec && typeof spec === 'object') {
    if ('init' in spec && typeof spec.init === 'function') return spec;
    if ('className' in spec && typeof spec.className === 'string') {
      const C = REGISTRY.get(op, spec.className).value as unknown as new (c: JsonObject) => Initializer;
      return new C((spec as Serialized).config ?? {});
    }
  }
  throw new ConfigError(`${op}: expected an initializer name, object or {className, config}, got ${JSON.stringify(spec)}`);
}

/** The saved form of an initializer. */
export function serializeInitializer(init: Initializer): Serialized {
  return { className: init.className, config: init.getConfig() };
}

export const zeros = (): Initializer => new Zeros();
export const ones = (): Initializer => new Ones();
/** Every element `value`. */
export const constant = (options: { value?: number } = {}): Initializer => new Constant(options);
/** N(mean, stddev²); Keras's defaults mean 0, stddev 0.05. */
export const randomNormal = (options: { mean?: number; stddev?: number; seed?: number | null } = {}): Initializer => new RandomNormal(options);
/** U[minval, maxval); Keras's defaults ±0.05. */
export const randomUniform = (options: { minval?: number; maxval?: number; seed?: number | null } = {}): Initializer => new RandomUniform(options);
/** Normal draws redrawn beyond two standard deviations; Keras's defaults mean 0, stddev 0.05. */
export const truncatedNormal = (options: { mean?: number; stddev?: number; seed?: number | null } = {}): Initializer =>
  new TruncatedNormal(options);
export const varianceScaling = (options: VarianceScalingOptions = {}): Initializer => new VarianceScaling(options);
export const glorotUniform = (options: { seed?: number | null } = {}): Initializer => new GlorotUniform(options);
export const glorotNormal = (options: { seed?: number | null } = {}): Initializer => new GlorotNormal(options);
/** Xavier is Glorot's first name: the same initializer. */
export const xavierUniform = glorotUniform;
export const xavierNormal = glorotNormal;
export const heUniform = (options: { seed?: number | null } = {}): Initializer => new HeUniform(options);
export const heNormal = (options: { seed?: number | null } = {}): Initializer => new HeNormal(options);
export const lecunNormal = (options: { seed?: number | null } = {}): Initializer => new LecunNormal(options);
export const lecunUniform = (options: { seed?: number | null } = {}): Initializer => new LecunUniform(options);
