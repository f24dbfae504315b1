/**
 * Keras-style progress output: `formatProgress` makes one line; `ProgressBar` redraws it in place on
 * a terminal and prints one plain line per epoch otherwise (logs, pipes, CI).
 *
 *     Epoch 1/5
 *      375/1875 [=====>........................] - ETA: 12s - loss: 0.4213 - accuracy: 0.8512 - 2531 samples/s
 *     1875/1875 [==============================] - 14s 7ms/step - loss: 0.3120 - accuracy: 0.8890
 */

export interface ProgressState {
  /** Steps (batches) done so far. */
  current: number;
  /** Steps in the epoch, when known. */
  total?: number | null;
  /** Milliseconds since the epoch started. */
  elapsedMs: number;
  /** Running metrics, printed in insertion order. */
  metrics?: Readonly<Record<string, number>>;
  /** Samples seen so far (adds a samples/s figure while running). */
  samples?: number;
  /** Whether the epoch is finished (prints total time and time per step instead of the ETA). */
  done?: boolean;
  /** Characters inside the brackets (default 30). */
  width?: number;
  /** Leave out the bar (for plain, non-terminal lines). */
  noBar?: boolean;
}

/** A duration as Keras prints it: `12s`, `1:02`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const two = (v: number) => String(v).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** A metric value with 4 decimals, or in exponent notation when it is tiny or huge. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(4);
  return v.toFixed(4);
}

function perStep(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/**
 * One Keras-style progress line (no newline or carriage return).
 * @example formatProgress({ current: 375, total: 1875, elapsedMs: 3000, metrics: { loss: 0.4213 } })
 * // ' 375/1875 [=====>........................] - ETA: 12s - loss: 0.4213'
 */
export function formatProgress(state: ProgressState): string {
  const { current, elapsedMs } = state;
  const total = state.total ?? null;
  const width = state.width ?? 30;
  const parts: string[] = [];
  if (total !== null && total > 0) {
    const digits = String(total).length;
    let head = `${String(current).padStart(digits)}/${total}`;
    if (!state.noBar) {
      const ratio = Math.min(1, current / total);
      const filled = Math.floor(width * ratio);
      let bar: string;
      if (state.done || current >= total) bar = '='.repeat(width);
      else if (filled > 0) bar = `${'='.repeat(filled - 1)}>${'.'.repeat(width - filled)}`;
      else bar = '.'.repeat(width);
      head += ` [${bar}]`;
    }
    parts.push(head);
  } else {
    parts.push(`${String(current).padStart(7)}/Unknown`);
  }
  const seconds = elapsedMs / 1000;
  if (state.done) {
    parts.push(current > 0 ? `${formatDuration(seconds)} ${perStep(elapsedMs / current)}` : formatDuration(seconds));
  } else if (total !== null && current > 0 && current < total) {
    parts.push(`ETA: ${formatDuration((seconds / current) * (total - current))}`);
  }
  for (const [name, v] of Object.entries(state.metrics ?? {})) parts.push(`${name}: ${formatMetric(v)}`);
  if (!state.done && state.samples !== undefined && seconds > 0) parts.push(`${Math.round(state.samples / seconds)} samples/s`);
  return parts.join(' - ');
}

export interface ProgressBarOptions {
  /** Steps per epoch, when known. */
  total?: number | null;
  /** 1-based epoch number and epoch count, printed as `Epoch 1/5`. */
  epoch?: number;
  epochs?: number;
  /** Animate in place (a terminal); otherwise print one line when the epoch ends. */
  tty: boolean;
  /** Where text goes (e.g. `platform().write` or `process.stdout.write`). */
  write: (text: string) => void;
  /** Bar width (default 30). */
  width?: number;
  /** Minimum milliseconds between redraws on a terminal (default 50). */
  minIntervalMs?: number;
  /** Clock in milliseconds (default performance.now / Date.now); injectable for tests. */
  now?: () => number;
}

const defaultNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The progress display of one epoch. Call `update` after each step and `done` at the end.
 * @example
 * const bar = new nb.viz.ProgressBar({ total: steps, epoch: 1, epochs: 5, tty: process.stdout.isTTY, write: (s) => process.stdout.write(s) });
 * for (let i = 1; i <= steps; i++) { ...; bar.update(i, { loss }); }
 * bar.done({ loss, val_loss });
 */
export class ProgressBar {
  private readonly options: ProgressBarOptions;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private lastLength = 0;
  private headerShown = false;
  private current = 0;
  private finished = false;

  constructor(options: ProgressBarOptions) {
    this.options = options;
    this.now = options.now ?? defaultNow;
    this.start = this.now();
  }

  private header(): string {
    const { epoch, epochs } = this.options;
    return epoch === undefined ? '' : `Epoch ${epoch}${epochs === undefined ? '' : `/${epochs}`}`;
  }

  private draw(line: string, end: string): void {
    const o = this.options;
    if (!this.headerShown) {
      this.headerShown = true;
      const h = this.header();
      if (h) o.write(`${h}\n`);
    }
    const padding = this.lastLength > line.length ? ' '.repeat(this.lastLength - line.length) : '';
    o.write(`\r${line}${padding}${end}`);
    this.lastLength = line.length;
  }

  /** Records that `current` steps are done; redraws on a terminal (at most every minIntervalMs). */
  update(current: number, metrics?: Readonly<Record<string, number>>, samples?: number): void {
    if (this.finished) return;
    this.current = current;
    if (!this.options.tty) return;
    const t = this.now();
    const total = this.options.total ?? null;
    if (t - this.lastDraw < (this.options.minIntervalMs ?? 50) && !(total !== null && current >= total)) return;
    this.lastDraw = t;
    this.draw(formatProgress({ current, total, elapsedMs: t - this.start, metrics, samples, width: this.options.width }), '');
  }

  /** Ends the epoch: the final line (with total time and time per step) and a newline. Returns the line. */
  done(metrics?: Readonly<Record<string, number>>, current = this.current): string {
    if (this.finished) return '';
    this.finished = true;
    const o = this.options;
    const total = o.total ?? current;
    const state = { current, total, elapsedMs: this.now() - this.start, metrics, done: true, width: o.width };
    if (o.tty) {
      const line = formatProgress(state);
      this.draw(line, '\n');
      return line;
    }
    const h = this.header();
    const line = `${h ? `${h} - ` : ''}${formatProgress({ ...state, noBar: true })}`;
    o.write(`${line}\n`);
    return line;
  }
}
