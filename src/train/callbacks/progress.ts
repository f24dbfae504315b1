/**
 * The Keras-style progress bar `fit` shows with `verbose: 1`: on a terminal, a bar redrawn in
 * place with step count, ETA, samples/s and the running metrics, then one summary line per epoch;
 * when output is not a terminal (or with `verbose: 2`), one plain line per epoch.
 *
 *     Epoch 1/5
 *     1875/1875 [==============================] - 14s 7ms/step - 4286 samples/s - loss: 0.4213 - accuracy: 0.8712
 */
import { type OutputWriter, defaultWriter, fmtDuration, fmtLogs } from '../output.js';
import { Callback, type Logs } from './callback.js';

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

export class ProgressBar extends Callback {
  private readonly writer: OutputWriter;
  private tty = false;
  private epochStart = 0;
  private lastDraw = 0;
  private lastLen = 0;
  private epochs = 0;
  /** Batches finished in the current epoch. */
  private done = 0;

  constructor(
    private readonly verbose: 1 | 2 = 1,
    writer?: OutputWriter,
  ) {
    super();
    this.writer = writer ?? defaultWriter();
  }

  override onTrainBegin(): void {
    this.tty = this.verbose === 1 && this.writer.isTTY();
    this.epochs = this.params?.epochs ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = now();
    this.lastDraw = 0;
    this.lastLen = 0;
    this.done = 0;
    if (this.tty) this.writer.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    this.done = batch + 1;
    if (!this.tty) return;
    const t = now();
    const steps = this.params?.steps ?? null;
    if (t - this.lastDraw < REDRAW_MS && !(steps !== null && batch + 1 === steps)) return;
    this.lastDraw = t;
    const done = batch + 1;
    const elapsed = (t - this.epochStart) / 1000;
    const parts = [this.counter(done, steps) + (steps ? ` ${bar(done / steps)}` : '')];
    if (steps) parts.push(`ETA: ${fmtDuration((elapsed / done) * (steps - done))}`);
    parts.push(this.rate(done, elapsed));
    const body = fmtLogs(logs);
    if (body) parts.push(body);
    this.redraw(parts.join(' - '));
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const elapsed = (now() - this.epochStart) / 1000;
    const steps = this.params?.steps ?? null;
    const stepsDone = this.done;
    const perStep = stepsDone > 0 ? `${fmtDuration(elapsed / stepsDone)}/step` : '';
    const body = fmtLogs(logs);
    if (this.tty) {
      const head = steps ? `${this.counter(stepsDone, steps)} ${bar(stepsDone / steps)}` : `${stepsDone}/${stepsDone}`;
      const parts = [head, [fmtDuration(elapsed), perStep].filter(Boolean).join(' '), this.rate(stepsDone, elapsed)];
      if (body) parts.push(body);
      this.redraw(parts.join(' - '));
      this.writer.write('\n');
    } else {
      const parts = [`Epoch ${epoch + 1}/${this.epochs}`, fmtDuration(elapsed)];
      if (perStep) parts.push(perStep);
      parts.push(this.rate(stepsDone, elapsed));
      if (body) parts.push(body);
      this.writer.write(parts.join(' - ') + '\n');
    }
  }

  override onTrainEnd(): void {
    const reason = this.model?.history?.stopReason;
    if (reason) this.writer.write(`${reason}\n`);
  }

  private counter(done: number, steps: number | null): string {
    if (steps === null) return `${done}/Unknown`;
    const w = String(steps).length;
    return `${String(done).padStart(w)}/${steps}`;
  }

  /** Samples per second when the sample count is known, else steps per second. */
  private rate(stepsDone: number, elapsed: number): string {
    const samples = this.params?.samples ?? null;
    const steps = this.params?.steps ?? null;
    const batch = this.params?.batchSize ?? null;
    if (elapsed <= 0) return '- samples/s';
    if (samples !== null && steps && batch) {
      const seen = Math.min(stepsDone * batch, samples);
      return `${Math.round(seen / elapsed)} samples/s`;
    }
    return `${(stepsDone / elapsed).toFixed(1)} steps/s`;
  }

  private redraw(line: string): void {
    const pad = this.lastLen > line.length ? ' '.repeat(this.lastLen - line.length) : '';
    this.writer.write(`\r${line}${pad}`);
    this.lastLen = line.length;
  }
}

function bar(frac: number): string {
  const filled = Math.min(BAR_WIDTH, Math.floor(frac * BAR_WIDTH));
  if (filled >= BAR_WIDTH) return `[${'='.repeat(BAR_WIDTH)}]`;
  return `[${'='.repeat(filled)}>${'.'.repeat(BAR_WIDTH - filled - 1)}]`;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
