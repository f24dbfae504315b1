/**
 * Callbacks that steer training: stop on a NaN loss, set the learning rate per epoch, reduce it
 * when a metric plateaus.
 *
 * @example nb.callbacks.terminateOnNaN()
 * @example nb.callbacks.learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9))
 * @example nb.callbacks.reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3 })
 */
import { ConfigError } from '../../errors.js';
import type { Optimizer } from '../../optim/optimizer.js';
import type { Model } from '../model.js';
import { type OutputWriter, defaultWriter, fmtValue } from '../output.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, improves, monitored, resolveMode } from './monitor.js';
import { checkChoice, checkNumber, checkOptions } from '../../check.js';

function optimizerOf(op: string, model: Model | null): Optimizer {
  const opt = model?.optimizer;
  if (!opt) throw new ConfigError(`${op}: the model has no optimizer; compile it first`);
  return opt;
}

/** Stops training as soon as a batch's loss is NaN or infinite, saying which batch. */
export class TerminateOnNaN extends Callback {
  private epoch = 0;
  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }
  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      const m = this.model!;
      m.stopTraining = true;
      if (m.history) m.history.stopReason = `TerminateOnNaN: batch ${batch + 1} of epoch ${this.epoch + 1} gave loss ${loss}; training stopped`;
    }
  }
}

/** Sets the learning rate at the start of each epoch to `schedule(epoch, currentRate)`. */
export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: (epoch: number, lr: number) => number,
    private readonly verbose = 0,
    private readonly writer?: OutputWriter,
  ) {
    super();
    if (typeof schedule !== 'function') throw new ConfigError(`learningRateScheduler: schedule must be a function (epoch, lr) => lr, got ${typeof schedule}`);
  }
  override onEpochBegin(epoch: number): void {
    const opt = optimizerOf('learningRateScheduler', this.model);
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) {
      throw new ConfigError(`learningRateScheduler: the schedule returned ${lr} for epoch ${epoch}; it must return a positive number`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) (this.writer ?? defaultWriter()).write(`Epoch ${epoch + 1}: learning rate set to ${lr}.\n`);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learningRate = optimizerOf('learningRateScheduler', this.model).learningRate;
  }
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** Multiplier applied to the rate, < 1; default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing; default 10. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  /** Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. */
  cooldown?: number;
  /** Lower bound on the rate; default 0. */
  minLr?: number;
  writer?: OutputWriter;
}

/** Multiplies the learning rate by `factor` when the monitored metric has not improved for `patience` epochs. */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private readonly verbose: number;
  private readonly writer: OutputWriter | undefined;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const op = 'reduceLROnPlateau';
    checkOptions(op, options, ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr', 'writer']);
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = checkNumber(op, 'factor', options.factor ?? 0.1, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    this.patience = checkNumber(op, 'patience', options.patience ?? 10, { integer: true, min: 0 });
    this.mode = resolveMode(this.monitor, checkChoice(op, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max']));
    this.minDelta = checkNumber(op, 'minDelta', options.minDelta ?? 1e-4, { min: 0 });
    this.cooldown = checkNumber(op, 'cooldown', options.cooldown ?? 0, { integer: true, min: 0 });
    this.minLr = checkNumber(op, 'minLr', options.minLr ?? 0, { min: 0 });
    this.verbose = options.verbose ?? 0;
    this.writer = options.writer;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const opt = optimizerOf('reduceLROnPlateau', this.model);
    logs.learningRate = opt.learningRate;
    const current = monitored('reduceLROnPlateau', this.monitor, logs, this.params);
    if (current === null) return;
    const inCooldown = this.cooldownCounter > 0;
    if (inCooldown) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (!inCooldown) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose > 0) (this.writer ?? defaultWriter()).write(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${fmtValue(lr)}.\n`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

export const terminateOnNaN = (): TerminateOnNaN => new TerminateOnNaN();
export const learningRateScheduler = (schedule: (epoch: number, lr: number) => number, verbose: 0 | 1 = 0): LearningRateScheduler =>
  new LearningRateScheduler(schedule, verbose);
export const reduceLROnPlateau = (options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateau => new ReduceLROnPlateau(options);
