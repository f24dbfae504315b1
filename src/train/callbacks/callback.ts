/**
 * Callbacks: hooks `fit`, `evaluate` and `predict` call at the start and end of training, of each
 * epoch and of each batch. Subclass `Callback` (override any hook; hooks may be async) or pass an
 * object of hook functions.
 *
 * @example
 * callbacks: [{ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) }]
 * @example
 * class Stop extends nb.Callback { override onEpochEnd(_e: number, logs: nb.Logs) { if (logs.loss < 0.01) this.model!.stopTraining = true; } }
 */
import { ConfigError } from '../../errors.js';
import type { Model } from '../model.js';

/** Metric values by name (`loss`, `accuracy`, `val_loss`…). */
export type Logs = Record<string, number>;

/** What the loop tells callbacks about the run. */
export interface TrainingParams {
  epochs: number;
  /** Batches per epoch, when known. */
  steps: number | null;
  /** Samples per epoch, when known. */
  samples: number | null;
  batchSize: number | null;
  verbose: number;
  initialEpoch: number;
  doValidation: boolean;
  /** Log keys, training then validation. */
  metrics: string[];
}

type Hook = void | Promise<void>;

export class Callback {
  /** The model being trained (set by the loop). */
  model: Model | null = null;
  params: TrainingParams | null = null;

  setModel(model: Model): void {
    this.model = model;
  }
  setParams(params: TrainingParams): void {
    this.params = params;
  }
  onTrainBegin(_logs: Logs): Hook {}
  onTrainEnd(_logs: Logs): Hook {}
  onEpochBegin(_epoch: number, _logs: Logs): Hook {}
  onEpochEnd(_epoch: number, _logs: Logs): Hook {}
  onTrainBatchBegin(_batch: number, _logs: Logs): Hook {}
  onTrainBatchEnd(_batch: number, _logs: Logs): Hook {}
  onTestBegin(_logs: Logs): Hook {}
  onTestEnd(_logs: Logs): Hook {}
  onTestBatchBegin(_batch: number, _logs: Logs): Hook {}
  onTestBatchEnd(_batch: number, _logs: Logs): Hook {}
  onPredictBegin(_logs: Logs): Hook {}
  onPredictEnd(_logs: Logs): Hook {}
  onPredictBatchBegin(_batch: number, _logs: Logs): Hook {}
  onPredictBatchEnd(_batch: number, _logs: Logs): Hook {}
}

/** Hook functions, any subset; `this` is not needed (the model is passed nowhere: use a closure). */
export interface CallbackHooks {
  onTrainBegin?: (logs: Logs) => Hook;
  onTrainEnd?: (logs: Logs) => Hook;
  onEpochBegin?: (epoch: number, logs: Logs) => Hook;
  onEpochEnd?: (epoch: number, logs: Logs) => Hook;
  onTrainBatchBegin?: (batch: number, logs: Logs) => Hook;
  onTrainBatchEnd?: (batch: number, logs: Logs) => Hook;
  onTestBegin?: (logs: Logs) => Hook;
  onTestEnd?: (logs: Logs) => Hook;
  onTestBatchBegin?: (batch: number, logs: Logs) => Hook;
  onTestBatchEnd?: (batch: number, logs: Logs) => Hook;
  onPredictBegin?: (logs: Logs) => Hook;
  onPredictEnd?: (logs: Logs) => Hook;
  onPredictBatchBegin?: (batch: number, logs: Logs) => Hook;
  onPredictBatchEnd?: (batch: number, logs: Logs) => Hook;
}

const HOOK_NAMES = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onTrainBatchBegin',
  'onTrainBatchEnd',
  'onTestBegin',
  'onTestEnd',
  'onTestBatchBegin',
  'onTestBatchEnd',
  'onPredictBegin',
  'onPredictEnd',
  'onPredictBatchBegin',
  'onPredictBatchEnd',
] as const;

export type HookName = (typeof HOOK_NAMES)[number];

/** A callback made of hook functions. @example nb.callbacks.custom({ onEpochEnd: (e, logs) => … }) */
export class CustomCallback extends Callback {
  constructor(hooks: CallbackHooks) {
    super();
    const bad = Object.keys(hooks).filter((k) => !(HOOK_NAMES as readonly string[]).includes(k));
    if (bad.length) throw new ConfigError(`callbacks.custom: unknown hook ${bad.join(', ')}; hooks are ${HOOK_NAMES.join(', ')}`);
    for (const name of HOOK_NAMES) {
      const fn = hooks[name];
      if (fn) (this as unknown as Record<string, unknown>)[name] = fn;
    }
  }
}

/** Accepts a Callback or an object of hooks. */
export function toCallback(c: Callback | CallbackHooks): Callback {
  return c instanceof Callback ? c : new CustomCallback(c);
}

/** Runs a hook on every callback that defines it, awaiting only hooks that return promises. */
export class CallbackList {
  readonly callbacks: Callback[];
  private readonly active = new Map<HookName, Callback[]>();

  constructor(callbacks: readonly (Callback | CallbackHooks)[]) {
    this.callbacks = callbacks.map(toCallback);
    const base = Callback.prototype as unknown as Record<string, unknown>;
    for (const name of HOOK_NAMES) {
      this.active.set(
        name,
        this.callbacks.filter((c) => (c as unknown as Record<string, unknown>)[name] !== base[name]),
      );
    }
  }

  setModel(m: Model): void {
    for (const c of this.callbacks) c.setModel(m);
  }
  setParams(p: TrainingParams): void {
    for (const c of this.callbacks) c.setParams(p);
  }

  /** Whether any callback defines `name` (the loop skips building logs otherwise). */
  has(name: HookName): boolean {
    return this.active.get(name)!.length > 0;
  }

  /** Calls `name` on each callback in order; returns a promise only if some hook was async. */
  call(name: HookName, ...args: unknown[]): void | Promise<void> {
    const list = this.active.get(name)!;
    for (let i = 0; i < list.length; i++) {
      const r = (list[i] as unknown as Record<string, (...a: unknown[]) => Hook>)[name]!(...args);
      if (r && typeof (r as Promise<void>).then === 'function') return this.finishAsync(r as Promise<void>, list, i + 1, name, args);
    }
  }

  private async finishAsync(first: Promise<void>, list: Callback[], from: number, name: HookName, args: unknown[]): Promise<void> {
    await first;
    for (let i = from; i < list.length; i++) await (list[i] as unknown as Record<string, (...a: unknown[]) => Hook>)[name]!(...args);
  }
}

/** Records the epoch logs of every `fit` (returned by it, and kept as `model.history`). */
export class History extends Callback {
  /** Epoch indices trained. */
  epoch: number[] = [];
  /** Each log key's value per epoch, e.g. `history.loss`, `history.val_accuracy`. */
  history: Record<string, number[]> = {};
  /** Why training stopped early, when a callback or the loop said (e.g. a non-finite loss). */
  stopReason: string | null = null;
  /** True when training stopped because a step met a non-finite loss, gradient or update. */
  nonFinite = false;

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
    this.stopReason = null;
    this.nonFinite = false;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
