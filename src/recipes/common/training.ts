/**
 * What the dense-network recipes share around `fit`: where the progress output goes (the
 * Keras-style bar on a terminal, plain lines through `ctx.log` otherwise, a line every few epochs
 * for long full-batch runs), the History as the recipe result's `history`, saving the trained
 * model into the run folder, and class predictions.
 */
import { platform } from '../../platform/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Callback, CallbackHooks, History, Logs } from '../../train/callbacks/callback.js';
import type { Model } from '../../train/model.js';
import type { OutputWriter } from '../../train/output.js';
import { fmtLogs } from '../../train/output.js';
import type { RecipeContext } from '../types.js';

/**
 * A writer for `fit`'s progress bar: the terminal itself when `ctx.tty` (the bar redraws in
 * place), else whole lines handed to `ctx.log`.
 */
export function progressWriter(ctx: RecipeContext): OutputWriter {
  if (ctx.tty) {
    const p = platform('progress');
    return { write: (t) => p.write(t), isTTY: () => true };
  }
  let pending = '';
  return {
    write(text: string) {
      pending += text;
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i).replace(/^.*\r/, '');
        pending = pending.slice(i + 1);
        if (line.trim()) ctx.log(line);
      }
    },
    isTTY: () => false,
  };
}

export interface ProgressOptions {
  /** Prefix of each line (e.g. the variant being trained). */
  label?: string;
  /**
   * Runs longer than this many epochs (full-batch toys trained for hundreds of epochs) print one
   * line every `epochs / 10` epochs instead of a bar per epoch. Default 60.
   */
  maxBarEpochs?: number;
}

/** The `fit` options that show progress for a run of `epochs` epochs. */
export function progress(ctx: RecipeContext, epochs: number, options: ProgressOptions = {}): { verbose: 0 | 1; writer?: OutputWriter; callbacks: (Callback | CallbackHooks)[] } {
  const prefix = options.label ? `${options.label}: ` : '';
  if (epochs <= (options.maxBarEpochs ?? 60)) {
    if (!prefix) return { verbose: 1, writer: progressWriter(ctx), callbacks: [] };
    const inner = progressWriter(ctx);
    const writer: OutputWriter = { write: (t) => inner.write(t.replace(/(^|\n)Epoch /g, `$1${prefix}Epoch `)), isTTY: () => inner.isTTY() };
    return { verbose: 1, writer, callbacks: [] };
  }
  const every = Math.max(1, Math.round(epochs / 10));
  const hooks: CallbackHooks = {
    onEpochEnd: (epoch: number, logs: Logs) => {
      if ((epoch + 1) % every === 0 || epoch === 0 || epoch + 1 === epochs) ctx.log(`${prefix}epoch ${epoch + 1}/${epochs} - ${fmtLogs(logs)}`);
    },
  };
  return { verbose: 0, callbacks: [hooks] };
}

/** The per-epoch logs of a History as a plain record (`loss`, `val_accuracy`…), for the recipe result. */
export function historyOf(h: History, prefix = ''): Record<string, number[]> {
  return Object.fromEntries(Object.entries(h.history).map(([k, v]) => [`${prefix}${k}`, v.slice()]));
}

/** Saves `model` as `<run folder>/<dirName>` and adds its summary with a link to the report. */
export async function saveToRun(ctx: RecipeContext, model: Model, dirName = 'model'): Promise<string> {
  const dir = platform('recipe').joinPath(ctx.outDir, dirName);
  await model.save(dir);
  ctx.report.model(model.summary(), dirName);
  return dir;
}

/** Class predictions: the arg-max of a softmax output, or `p > 0.5` for a single sigmoid unit. */
export function predictedClasses(probs: Tensor): Int32Array {
  const d = probs.data();
  const n = probs.shape[0]!;
  const k = probs.size / Math.max(n, 1);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      out[i] = d[i]! > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (d[i * k + j]! > d[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** The share of positions where `a` and `b` agree. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hit++;
  return a.length === 0 ? 0 : hit / a.length;
}

/** A number rounded to `digits` decimals, for metrics that read well in JSON. */
export function round(v: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
