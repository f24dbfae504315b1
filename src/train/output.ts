/**
 * Where training output goes: the platform's stdout (with its terminal check) when a platform is
 * installed, else the console. Tests and the playground pass their own writer.
 */
import { hasPlatform, platform } from '../platform/index.js';

export interface OutputWriter {
  write(text: string): void;
  /** Whether the output is an interactive terminal (the progress bar redraws in place). */
  isTTY(): boolean;
}

/** The default writer: platform stdout, or console.log lines when there is no platform. */
export function defaultWriter(): OutputWriter {
  if (hasPlatform()) {
    const p = platform();
    return { write: (t) => p.write(t), isTTY: () => p.isTTY() };
  }
  let pending = '';
  return {
    write: (t) => {
      pending += t;
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        console.log(pending.slice(0, i));
        pending = pending.slice(i + 1);
      }
    },
    isTTY: () => false,
  };
}

/** Formats a metric value as Keras prints it: 4 decimals, or scientific below 1e-3. */
export function fmtValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

/** Seconds as `2h 03m`, `4m 05s`, `12s` or `340ms`. */
export function fmtDuration(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m ${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  if (seconds >= 1) return `${Math.round(seconds)}s`;
  return `${Math.round(seconds * 1000)}ms`;
}

/** `loss: 0.1234 - accuracy: 0.9500`, in the order given. */
export function fmtLogs(logs: Record<string, number>): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${fmtValue(v)}`)
    .join(' - ');
}
