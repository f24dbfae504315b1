/**
 * Weight and activity penalties, added to the training loss (Keras's definitions: L2 is
 * `l2 · Σ x²`, without a ½).
 *
 * @example nb.layers.dense({ units: 64, kernelRegularizer: nb.regularizers.l2(1e-4) })
 */
import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { abs, add, mul, square } from '../ops/elementwise.js';
import { full } from '../ops/create.js';
import { max, sum } from '../ops/reduce.js';
import { type JsonObject, type Serialized, NameTable } from './options.js';
import { checkNumber, checkOptions } from '../check.js';

export interface Regularizer {
  readonly className: string;
  getConfig(): JsonObject;
  /** The penalty for `x`, a scalar tensor (differentiable). */
  compute(x: Tensor): Tensor;
}

export type RegularizerLike = string | Regularizer | Serialized;

/** `l1 · Σ|x| + l2 · Σx²`. */
export class L1L2 implements Regularizer {
  className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(options: { l1?: number; l2?: number } = {}) {
    checkOptions('l1l2', options, ['l1', 'l2']);
    this.l1 = checkNumber('l1l2', 'l1', options.l1 ?? 0, { min: 0 });
    this.l2 = checkNumber('l1l2', 'l2', options.l2 ?? 0, { min: 0 });
  }
  getConfig(): JsonObject {
    return { l1: this.l1, l2: this.l2 };
  }
  compute(x: Tensor): Tensor {
    let out: Tensor | null = null;
    if (this.l1 > 0) out = mul(sum(abs(x)), this.l1);
    if (this.l2 > 0) {
      const t = mul(sum(square(x)), this.l2);
      out = out ? add(out, t) : t;
    }
    return out ?? full([], 0, x.dtype);
  }
}

export class L1 extends L1L2 {
  constructor(options: { l1?: number } = {}) {
    checkOptions('l1', options, ['l1']);
    super({ l1: checkNumber('l1', 'l1', options.l1 ?? 0.01, { min: 0 }) });
    this.className = 'L1';
  }
  override getConfig(): JsonObject {
    return { l1: this.l1 };
  }
}

export class L2 extends L1L2 {
  constructor(options: { l2?: number } = {}) {
    checkOptions('l2', options, ['l2']);
    super({ l2: checkNumber('l2', 'l2', options.l2 ?? 0.01, { min: 0 }) });
    this.className = 'L2';
  }
  override getConfig(): JsonObject {
    return { l2: this.l2 };
  }
}

/** `linf · max|x|`: the L∞ penalty (not in Keras; the notes list it beside L1 and L2). */
export class LInf implements Regularizer {
  readonly className = 'LInf';
  readonly linf: number;
  constructor(options: { linf?: number } = {}) {
    checkOptions('linf', options, ['linf']);
    this.linf = checkNumber('linf', 'linf', options.linf ?? 0.01, { min: 0 });
  }
  getConfig(): JsonObject {
    return { linf: this.linf };
  }
  compute(x: Tensor): Tensor {
    return mul(max(abs(x)), this.linf);
  }
}

type Ctor = new (config?: never) => Regularizer;
const REGISTRY = new NameTable<Ctor>('regularizer');
REGISTRY.set('L1', L1 as Ctor);
REGISTRY.set('L2', L2 as Ctor);
REGISTRY.set('L1L2', L1L2 as Ctor, ['l1_l2']);
REGISTRY.set('LInf', LInf as Ctor);

/** Makes a custom regularizer class loadable by name. */
export function registerRegularizer(className: string, ctor: new (config?: never) => Regularizer): void {
  REGISTRY.set(className, ctor);
}

/** Resolves a name ('l2'), a regularizer or a saved `{className, config}`; null stays null. */
export function getRegularizer(spec: RegularizerLike | null | undefined, op = 'regularizer'): Regularizer | null {
  if (spec === null || spec === undefined) return null;
  if (typeof spec === 'string') return new (REGISTRY.get(op, spec).value)();
  if (typeof spec === 'object') {
    if ('compute' in spec && typeof spec.compute === 'function') return spec;
    if ('className' in spec && typeof spec.className === 'string') {
      const C = REGISTRY.get(op, spec.className).value as unknown as new (c: JsonObject) => Regularizer;
      return new C((spec as Serialized).config ?? {});
    }
  }
  throw new ConfigError(`${op}: expected a regularizer name, object or {className, config}, got ${JSON.stringify(spec)}`);
}

export function serializeRegularizer(r: Regularizer | null): Serialized | null {
  return r ? { className: r.className, config: r.getConfig() } : null;
}

/** L1 penalty `l1 · Σ|x|` (Keras's default l1 = 0.01). @example nb.regularizers.l1(1e-3) */
export function l1(l1?: number | { l1?: number }): Regularizer {
  return new L1(typeof l1 === 'number' ? { l1 } : l1);
}

/** L2 penalty `l2 · Σx²` (Keras's default l2 = 0.01). @example nb.regularizers.l2(1e-4) */
export function l2(l2?: number | { l2?: number }): Regularizer {
  return new L2(typeof l2 === 'number' ? { l2 } : l2);
}

/** Both penalties (defaults 0, as Keras). @example nb.regularizers.l1l2({ l1: 1e-5, l2: 1e-4 }) */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  return new L1L2(options);
}

/** L∞ penalty `linf · max|x|`. */
export function linf(linf?: number | { linf?: number }): Regularizer {
  return new LInf(typeof linf === 'number' ? { linf } : linf);
}
