/**
 * Saves the model (or only its weights) during training: every epoch, every N batches, or only
 * when the monitored metric improves. A non-finite loss never overwrites a checkpoint, so the
 * last good one survives a run that diverges.
 *
 * @example nb.callbacks.modelCheckpoint({ filepath: 'runs/ckpt-{epoch:02d}', saveBestOnly: true })
 */
import { ConfigError } from '../../errors.js';
import { type OutputWriter, defaultWriter, fmtValue } from '../output.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, improves, monitored, resolveMode } from './monitor.js';
import { checkBool, checkChoice, checkNumber, checkOptions } from '../../check.js';

export interface ModelCheckpointOptions {
  /**
   * Where to save: a directory for `model.save`, or a `.safetensors` file with saveWeightsOnly.
   * May contain `{epoch}`, `{epoch:02d}`, `{val_loss:.4f}` (any log key).
   */
  filepath: string;
  monitor?: string;
  verbose?: 0 | 1;
  /** Save only when the monitored value improves. */
  saveBestOnly?: boolean;
  /** Save weights (one safetensors file) instead of the whole model. */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** 'epoch' (default) or a number of batches. */
  saveFreq?: 'epoch' | number;
  /** With saveBestOnly, only save once the metric beats this. */
  initialValueThreshold?: number | null;
  writer?: OutputWriter;
}

/** Fills `{key}`, `{key:02d}` and `{key:.3f}` from `values`. */
export function formatPath(template: string, values: Record<string, number>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (_all, key: string, spec: string | undefined) => {
    const v = values[key];
    if (v === undefined) throw new ConfigError(`modelCheckpoint: filepath ${JSON.stringify(template)} uses {${key}}, which is not a log key; available: ${Object.keys(values).join(', ')}`);
    if (!spec) return String(v);
    const int = /^0?(\d*)d$/.exec(spec);
    if (int) return String(Math.round(v)).padStart(Number(int[1] || 0), spec.startsWith('0') ? '0' : ' ');
    const fix = /^\.(\d+)f$/.exec(spec);
    if (fix) return v.toFixed(Number(fix[1]));
    const exp = /^\.(\d+)e$/.exec(spec);
    if (exp) return v.toExponential(Number(exp[1]));
    throw new ConfigError(`modelCheckpoint: unsupported format {${key}:${spec}}; use d, 0Nd, .Nf or .Ne`);
  });
}

export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly saveFreq: 'epoch' | number;
  private readonly verbose: number;
  private readonly writer: OutputWriter | undefined;
  best: number;
  /** Paths written, in order. */
  readonly saved: string[] = [];
  private batchesSinceSave = 0;
  private epoch = 0;

  constructor(options: ModelCheckpointOptions) {
    super();
    const op = 'modelCheckpoint';
    checkOptions(op, options, ['filepath', 'monitor', 'verbose', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'saveFreq', 'initialValueThreshold', 'writer']);
    if (typeof options?.filepath !== 'string' || options.filepath === '') throw new ConfigError(`${op}: filepath is required, got ${JSON.stringify(options?.filepath)}`);
    this.filepath = options.filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.saveBestOnly = checkBool(op, 'saveBestOnly', options.saveBestOnly ?? false);
    this.saveWeightsOnly = checkBool(op, 'saveWeightsOnly', options.saveWeightsOnly ?? false);
    this.mode = resolveMode(this.monitor, checkChoice(op, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max']));
    const freq = options.saveFreq ?? 'epoch';
    this.saveFreq = freq === 'epoch' ? 'epoch' : checkNumber(op, 'saveFreq', freq, { integer: true, min: 1 });
    this.verbose = options.verbose ?? 0;
    this.writer = options.writer;
    this.best = options.initialValueThreshold ?? (this.mode === 'min' ? Infinity : -Infinity);
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onTrainBatchEnd(_batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    if (++this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.maybeSave(this.epoch, logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.maybeSave(epoch, logs);
  }

  private async maybeSave(epoch: number, logs: Logs): Promise<void> {
    const say = (msg: string) => this.verbose > 0 && (this.writer ?? defaultWriter()).write(`Epoch ${epoch + 1}: ${msg}\n`);
    if (logs.loss !== undefined && !Number.isFinite(logs.loss)) {
      say(`loss is ${logs.loss}; not saving, so the last good checkpoint is kept`);
      return;
    }
    const path = formatPath(this.filepath, { epoch: epoch + 1, ...logs });
    if (this.saveBestOnly) {
      const current = monitored('modelCheckpoint', this.monitor, logs, this.params);
      if (current === null) return;
      if (!improves(this.mode, current, this.best, 0)) {
        say(`${this.monitor} did not improve from ${fmtValue(this.best)}`);
        return;
      }
      say(`${this.monitor} improved from ${fmtValue(this.best)} to ${fmtValue(current)}, saving to ${path}`);
      this.best = current;
    } else say(`saving model to ${path}`);
    if (this.saveWeightsOnly) await this.model!.saveWeights(path);
    else await this.model!.save(path);
    this.saved.push(path);
  }
}

export const modelCheckpoint = (options: ModelCheckpointOptions): ModelCheckpoint => new ModelCheckpoint(options);
