/**
 * Stops training when a monitored metric stops improving, optionally restoring the weights of
 * the best epoch when training ends.
 *
 * @example nb.callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true })
 */
import type { Tensor } from '../../tensor/tensor.js';
import { type OutputWriter, defaultWriter, fmtValue } from '../output.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, improves, monitored, resolveMode } from './monitor.js';
import { checkBool, checkChoice, checkNumber, checkOptions } from '../../check.js';

export interface EarlyStoppingOptions {
  /** Log key to watch; default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement; default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping; default 0. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  /** Keep training until the metric beats this value. */
  baseline?: number | null;
  /** At the end of training, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all. */
  startFromEpoch?: number;
  /** Where verbose messages go (default: stdout). */
  writer?: OutputWriter;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly verbose: number;
  private readonly writer: OutputWriter | undefined;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epoch at which training was stopped (0: not stopped). */
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const op = 'earlyStopping';
    checkOptions(op, options, ['monitor', 'minDelta', 'patience', 'verbose', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch', 'writer']);
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(checkNumber(op, 'minDelta', options.minDelta ?? 0));
    this.patience = checkNumber(op, 'patience', options.patience ?? 0, { integer: true, min: 0 });
    this.mode = resolveMode(this.monitor, checkChoice(op, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max']));
    this.baseline = options.baseline == null ? null : checkNumber(op, 'baseline', options.baseline);
    this.restoreBestWeights = checkBool(op, 'restoreBestWeights', options.restoreBestWeights ?? false);
    this.startFromEpoch = checkNumber(op, 'startFromEpoch', options.startFromEpoch ?? 0, { integer: true, min: 0 });
    this.verbose = options.verbose ?? 0;
    this.writer = options.writer;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.bestWeights = null;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (epoch < this.startFromEpoch) return;
    const current = monitored('earlyStopping', this.monitor, logs, this.params);
    if (current === null) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model!.getWeights();
    this.wait += 1;
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      if (this.baseline === null || improves(this.mode, current, this.baseline, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    const w = () => this.writer ?? defaultWriter();
    if (this.stoppedEpoch > 0 && this.verbose > 0) w().write(`Epoch ${this.stoppedEpoch + 1}: early stopping (best ${this.monitor} ${fmtValue(this.best)} at epoch ${this.bestEpoch + 1})\n`);
    if (this.restoreBestWeights && this.bestWeights) {
      if (this.verbose > 0) w().write(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.\n`);
      this.model!.setWeights(this.bestWeights);
    }
  }
}

export const earlyStopping = (options: EarlyStoppingOptions = {}): EarlyStopping => new EarlyStopping(options);
