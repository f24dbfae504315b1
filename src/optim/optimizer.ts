/**
 * The Optimizer base: owns the parameter list and per-parameter state, validates hyperparameters
 * when made, and on `step()` applies clipping, weight decay and the subclass's update rule (a
 * plain function from updates.ts) to each parameter's storage in place.
 *
 * @example
 * const opt = nb.optim.adam({ learningRate: 1e-3 }, model.parameters());
 * opt.zeroGrad(); nb.losses.meanSquaredError(y, model.call(x)).backward(); opt.step();
 */
import { ConfigError, DataError, DTypeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, isFloat } from '../tensor/dtype.js';
import { shapesEqual } from '../tensor/shape.js';
import { type JsonObject, type Serialized } from '../nn/options.js';
import { type LearningRateSchedule, getSchedule, serializeSchedule } from './schedules.js';
import { clipArraysByGlobalNorm, clipArraysByNorm, clipArraysByValue } from './clip.js';
import { type FloatArray, weightDecayUpdate } from './updates.js';
import { UpdateBackup, checkGradientsFinite, firstNonFiniteIndex, updateOverflow } from './finite.js';
import { checkNumber } from '../check.js';

export interface OptimizerOptions {
  /** A number or a schedule of the step count. */
  learningRate?: number | LearningRateSchedule | Serialized;
  /** Clip each gradient to this L2 norm (Keras's clipnorm). */
  clipNorm?: number | null;
  /** Clip each gradient element to ±clipValue. */
  clipValue?: number | null;
  /** Clip all gradients together to this global L2 norm. */
  globalClipNorm?: number | null;
  /** Decoupled weight decay λ: θ ← θ − η·λ·θ before each update. */
  weightDecay?: number | null;
}

export const BASE_OPTIONS = ['learningRate', 'clipNorm', 'clipValue', 'globalClipNorm', 'weightDecay'] as const;

/** Per-parameter state arrays by slot name ('m', 'v', …). */
export type Slots = Record<string, FloatArray>;

/** An optimizer's saved state: its config, step count and every parameter's slots. */
export interface OptimizerState {
  className: string;
  config: JsonObject;
  iterations: number;
  /** `${paramName}.${slot}` → values. */
  slots: Record<string, Tensor>;
}

export abstract class Optimizer {
  abstract readonly className: string;
  /** The parameters this optimizer updates. */
  params: Tensor[] = [];
  /** Updates applied so far (the step count schedules see). */
  iterations = 0;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  readonly globalClipNorm: number | null;
  readonly weightDecay: number | null;
  private lrValue = 0;
  private schedule: LearningRateSchedule | null = null;
  private readonly state = new Map<Tensor, Slots>();
  private readonly backup = new UpdateBackup();
  protected readonly op: string;

  constructor(op: string, options: OptimizerOptions, defaultLearningRate: number, params?: Iterable<Tensor>) {
    this.op = op;
    const lr = options.learningRate ?? defaultLearningRate;
    if (typeof lr === 'number') this.lrValue = checkNumber(op, 'learningRate', lr, { min: 0, minExclusive: true });
    else this.schedule = getSchedule(lr, `${op}: learningRate`);
    const opt = (name: 'clipNorm' | 'clipValue' | 'globalClipNorm') =>
      options[name] == null ? null : checkNumber(op, name, options[name], { min: 0, minExclusive: true });
    this.clipNorm = opt('clipNorm');
    this.clipValue = opt('clipValue');
    this.globalClipNorm = opt('globalClipNorm');
    if (this.clipNorm !== null && this.globalClipNorm !== null) throw new ConfigError(`${op}: give clipNorm or globalClipNorm, not both`);
    this.weightDecay = options.weightDecay == null ? null : checkNumber(op, 'weightDecay', options.weightDecay, { min: 0 });
    if (params) this.setParameters(params);
  }

  /** Names of the per-parameter state arrays. */
  protected abstract slotNames(): readonly string[];
  /** The update rule for one parameter (calls a function from updates.ts). `t` counts steps from 1. */
  protected abstract applyUpdate(p: FloatArray, g: ArrayLike<number>, s: Slots, lr: number, t: number): void;
  /** Hyperparameters beyond the base options, for getConfig. */
  protected abstract hyperConfig(): JsonObject;
  /** Initial value of a state slot (zeros unless overridden). */
  protected initSlot(_slot: string, p: Tensor): FloatArray {
    return allocate(p.dtype, p.size) as FloatArray;
  }

  /** The learning rate the next step uses. */
  get learningRate(): number {
    return this.schedule ? this.schedule.at(this.iterations) : this.lrValue;
  }

  /** Sets a constant learning rate (callbacks use this); not allowed while a schedule drives it. */
  set learningRate(v: number) {
    if (this.schedule) throw new ConfigError(`${this.op}: the learning rate follows a ${this.schedule.className} schedule and cannot be set`);
    this.lrValue = checkNumber(this.op, 'learningRate', v, { min: 0, minExclusive: true });
  }

  /** The schedule driving the learning rate, or null for a constant rate. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /** Sets the parameters to update (state of parameters kept from before is kept). */
  setParameters(params: Iterable<Tensor>): this {
    const list: Tensor[] = [];
    const seen = new Set<Tensor>();
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new ConfigError(`${this.op}: parameters must be tensors, got ${p === null ? 'null' : typeof p}`);
      if (!isFloat(p.dtype)) throw new DTypeError(`${this.op}: parameter of shape ${fmtShape(p.shape)} is ${p.dtype}; only float tensors can be optimized`);
      if (!p.isLeaf) throw new ConfigError(`${this.op}: cannot optimize a tensor computed from others (shape ${fmtShape(p.shape)}); pass leaf tensors such as model.parameters()`);
      if (!seen.has(p)) list.push(p);
      seen.add(p);
    }
    this.params = list;
    this.backup.retain(list);
    return this;
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /**
   * Applies one update to every parameter that has a gradient (frozen ones have none). Never leaves
   * a non-finite weight: a non-finite gradient throws a `NumericalError` before anything changes, and
   * an update that overflows is undone (every parameter of this step gets its old values back) before
   * it throws.
   */
  step(): void {
    if (this.params.length === 0) {
      throw new ConfigError(`${this.op}: no parameters to update; pass them when making the optimizer (e.g. model.parameters() of a built model) or compile a model with it`);
    }
    const active = this.params.filter((p) => p.grad !== null && p.requiresGrad);
    if (active.length === 0) return;
    let grads: ArrayLike<number>[] = active.map((p) => {
      const g = p.grad!;
      if (!shapesEqual(g.shape, p.shape)) throw new DTypeError(`${this.op}: gradient of shape ${fmtShape(g.shape)} for a parameter of shape ${fmtShape(p.shape)}`);
      return g.data();
    });
    checkGradientsFinite(`${this.op}.step`, active, grads);
    if (this.clipValue !== null) grads = clipArraysByValue(grads, this.clipValue);
    if (this.clipNorm !== null) grads = clipArraysByNorm(grads, this.clipNorm);
    if (this.globalClipNorm !== null) grads = clipArraysByGlobalNorm(grads, this.globalClipNorm).arrays;
    const lr = this.learningRate;
    const t = this.iterations + 1;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      const data = p.data() as FloatArray;
      this.backup.save(p);
      if (this.weightDecay) weightDecayUpdate(data, lr, this.weightDecay);
      this.applyUpdate(data, grads[i]!, this.slotsOf(p), lr, t);
      const bad = firstNonFiniteIndex(data);
      if (bad >= 0) {
        const value = data[bad]!;
        this.backup.restore(active.slice(0, i + 1));
        throw updateOverflow(`${this.op}.step`, p, this.params.indexOf(p), bad, value, lr);
      }
    }
    this.iterations = t;
  }

  /** The state arrays of one parameter (made on first use). */
  slotsOf(p: Tensor): Slots {
    let s = this.state.get(p);
    if (!s) {
      s = {};
      for (const name of this.slotNames()) s[name] = this.initSlot(name, p);
      this.state.set(p, s);
    }
    return s;
  }

  /** The options that rebuild this optimizer. */
  getConfig(): JsonObject {
    return {
      learningRate: this.schedule ? (serializeSchedule(this.schedule) as unknown as JsonObject) : this.lrValue,
      clipNorm: this.clipNorm,
      clipValue: this.clipValue,
      globalClipNorm: this.globalClipNorm,
      weightDecay: this.weightDecay,
      ...this.hyperConfig(),
    };
  }

  /**
   * Everything needed to resume: config, step count and the state of each parameter, keyed by
   * `names[i]` (default: the parameter's index) and slot.
   */
  stateDict(names?: readonly string[]): OptimizerState {
    const keys = this.paramKeys(names, 'stateDict');
    const slots: Record<string, Tensor> = {};
    this.params.forEach((p, i) => {
      const s = this.state.get(p);
      if (!s) return;
      for (const [slot, arr] of Object.entries(s)) slots[`${keys[i]}.${slot}`] = new Tensor(arr.slice(), [...p.shape], p.dtype);
    });
    return { className: this.className, config: this.getConfig(), iterations: this.iterations, slots };
  }

  /**
   * Restores state saved by `stateDict` (with the same `names`). Unknown keys and wrong shapes are
   * reported together in one DataError naming `source`.
   */
  loadStateDict(state: OptimizerState, names?: readonly string[], source = 'optimizer state'): void {
    if (state.className !== this.className) {
      throw new DataError(`${this.op}.loadStateDict (${source}): the state is from ${state.className}, not ${this.className}`);
    }
    const keys = this.paramKeys(names, 'loadStateDict');
    const wanted = new Map<string, [Tensor, string]>();
    this.params.forEach((p, i) => {
      for (const slot of this.slotNames()) wanted.set(`${keys[i]}.${slot}`, [p, slot]);
    });
    const unexpected: string[] = [];
    const wrong: string[] = [];
    for (const [k, t] of Object.entries(state.slots)) {
      const w = wanted.get(k);
      if (!w) unexpected.push(k);
      else if (!shapesEqual(t.shape, w[0].shape)) wrong.push(`${k} (expected ${fmtShape(w[0].shape)}, got ${fmtShape(t.shape)})`);
    }
    if (unexpected.length || wrong.length) {
      const parts = [];
      if (unexpected.length) parts.push(`unexpected: ${unexpected.join(', ')}`);
      if (wrong.length) parts.push(`wrong shape: ${wrong.join('; ')}`);
      throw new DataError(`${this.op}.loadStateDict (${source}): ${parts.join('; ')}`);
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new DataError(`${this.op}.loadStateDict (${source}): iterations must be a non-negative integer, got ${state.iterations}`);
    }
    this.state.clear();
    for (const [k, t] of Object.entries(state.slots)) {
      const [p, slot] = wanted.get(k)!;
      this.slotsOf(p)[slot]!.set(t.data() as ArrayLike<number> & Float32Array);
    }
    this.iterations = state.iterations;
  }

  private paramKeys(names: readonly string[] | undefined, fn: string): string[] {
    if (!names) return this.params.map((_, i) => String(i));
    if (names.length !== this.params.length) throw new ConfigError(`${this.op}.${fn}: got ${names.length} names for ${this.params.length} parameters`);
    return [...names];
  }
}
