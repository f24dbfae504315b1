/** The "watch a metric, remember the best" logic shared by early stopping, checkpoints and LR reduction. */
import { ConfigError } from '../../errors.js';
import type { Logs, TrainingParams } from './callback.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/** 'auto' means max for accuracy-like keys and min otherwise (Keras's rule). */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  const k = monitor.toLowerCase();
  return k.includes('acc') || k.endsWith('auc') || k.includes('fmeasure') || k.includes('precision') || k.includes('recall') ? 'max' : 'min';
}

/**
 * The monitored value from epoch logs. Null when the key is a metric of this run that is absent
 * this epoch (validation every N epochs); a ConfigError listing the keys when it is not a metric at all.
 */
export function monitored(op: string, monitor: string, logs: Logs, params: TrainingParams | null = null): number | null {
  const v = logs[monitor];
  if (v === undefined) {
    if (params?.metrics.includes(monitor)) return null;
    const hint = monitor.startsWith('val_') ? ' (validation metrics need validationData or validationSplit)' : '';
    throw new ConfigError(`${op}: monitor '${monitor}' is not in the epoch logs${hint}; available: ${Object.keys(logs).join(', ') || 'none'}`);
  }
  return v;
}

/** Whether `current` improves on `best` by more than `minDelta` in `mode`. */
export function improves(mode: 'min' | 'max', current: number, best: number, minDelta: number): boolean {
  if (Number.isNaN(current)) return false;
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}
