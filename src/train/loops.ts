/**
 * The loops behind `fit`, `evaluate` and `predict`. Each batch goes through the model's overridable
 * `trainStep` / `testStep` / `predictStep`; the loop owns everything around it: batches and
 * shuffling, class weights, callbacks in Keras's order, running means of every logged value,
 * validation, and a clean stop when a step meets a non-finite value.
 */
import { ConfigError, NumericalError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { mul } from '../ops/elementwise.js';
import { concat } from '../ops/shape.js';
import { Mean } from './metrics.js';
import { type Batch, classWeightsFor } from './data-adapter.js';
import { type CallbackList, type History, type Logs } from './callbacks/callback.js';
import type { Compiled } from './compile.js';
import { type EpochData, stepBatch } from './epoch-data.js';
import type { StepLogs } from './steps.js';
import type { OutputWriter } from './output.js';
import type { Model } from './model.js';

/** Running means (weighted by batch size) of every value steps return, plus the compiled metrics' results. */
export class LogTracker {
  private readonly means = new Map<string, Mean>();
  constructor(private readonly c: Compiled | null) {}

  reset(): void {
    this.means.clear();
    for (const m of this.c?.metrics ?? []) m.metric.reset();
  }

  add(logs: StepLogs, size: number): void {
    for (const [k, v] of Object.entries(logs)) {
      let m = this.means.get(k);
      if (!m) this.means.set(k, (m = new Mean()));
      m.update(v, size);
    }
  }

  /** The keys `logs()` will have (for callbacks' params), before any batch. */
  keys(model: Model): string[] {
    const out = this.c && this.c.losses.length ? ['loss'] : [];
    if (this.c && this.c.losses.length > 1) out.push(...model.outputNames.map((n) => `${n}_loss`));
    for (const m of this.c?.metrics ?? []) out.push(m.key);
    return out;
  }

  logs(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, m] of this.means) out[prefix + k] = m.result();
    for (const m of this.c?.metrics ?? []) out[prefix + m.key] = m.metric.result();
    return out;
  }
}

/** Gives the event loop a turn now and then, so timers, I/O and worker messages are not starved. */
export class Yielder {
  private last = now();
  async maybe(): Promise<void> {
    if (now() - this.last < 50) return;
    await new Promise<void>((r) => setTimeout(r, 0));
    this.last = now();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Sample weights of a batch combined with class weights. */
export function batchWeights(op: string, b: Batch, classWeight: Readonly<Record<number, number>> | null): Tensor | null {
  let w = b.weights;
  if (classWeight) {
    if (b.ys.length !== 1) throw new ConfigError(`${op}: classWeight works with single-output models; use sampleWeight for several outputs`);
    const cw = classWeightsFor(op, b.ys[0]!, classWeight);
    w = w ? mul(w, cw) : cw;
  }
  if (w && (w.rank === 0 || w.shape[0] !== b.size)) throw new ShapeError(`${op}: sample weights of shape ${fmtShape(w.shape)} for a batch of ${b.size}`);
  return w;
}

const divergenceListeners = new Set<(reason: string) => void>();

/**
 * Calls `listener` whenever a `fit` stops because a step met a non-finite value (the command line
 * uses it to fail a diverged run). Returns a function that removes the listener.
 */
export function onDivergence(listener: (reason: string) => void): () => void {
  divergenceListeners.add(listener);
  return () => void divergenceListeners.delete(listener);
}

export interface FitLoopOptions {
  epochs: number;
  initialEpoch: number;
  shuffle: boolean;
  validationFreq: number;
  classWeight: Record<number, number> | null;
  /** Stop (keeping the last finite weights) when a step meets a non-finite value. Default true. */
  terminateOnNaN: boolean;
  /** Where a stop message goes when no progress bar prints it. */
  writer: OutputWriter | null;
  verbose: number;
}

/** The epoch loop: callbacks, steps, running logs, validation, stop requests and non-finite stops. */
export async function fitLoop(model: Model, c: Compiled | null, train: EpochData, val: EpochData | null, cbs: CallbackList, history: History, o: FitLoopOptions): Promise<void> {
  const tracker = new LogTracker(c);
  const yielder = new Yielder();
  let epochLogs: Logs = {};
  await cbs.call('onTrainBegin', {});
  for (let epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
    await cbs.call('onEpochBegin', epoch, {});
    tracker.reset();
    let step = 0;
    for await (const batch of train.pass(o.shuffle)) {
      if (cbs.has('onTrainBatchBegin')) await cbs.call('onTrainBatchBegin', step, {});
      const sb = stepBatch(batch, batchWeights('fit', batch, o.classWeight));
      let logs: StepLogs;
      try {
        logs = model.trainStep(sb);
      } catch (e) {
        if (!(e instanceof NumericalError) || !o.terminateOnNaN) throw e;
        history.stopReason = `fit: training stopped at batch ${step + 1} of epoch ${epoch + 1}: ${e.message.replace(/^[^:]*: /, '')}. The model keeps the weights it had before this batch.`;
        history.nonFinite = true;
        model.stopTraining = true;
        break;
      }
      checkStepLogs(logs);
      tracker.add(logs, batch.size);
      if (cbs.has('onTrainBatchEnd')) await cbs.call('onTrainBatchEnd', step, tracker.logs());
      step++;
      await yielder.maybe();
      if (model.stopTraining) break;
    }
    if (history.nonFinite) break;
    if (step === 0) throw new ConfigError('fit: the training data yielded no batches');
    epochLogs = tracker.logs();
    if (val && (epoch + 1) % o.validationFreq === 0) Object.assign(epochLogs, await evaluateLoop(model, c, val, cbs, 'val_'));
    model.completedEpochs = epoch + 1;
    await cbs.call('onEpochEnd', epoch, epochLogs);
    if (model.stopTraining) break;
  }
  await cbs.call('onTrainEnd', epochLogs);
  if (history.nonFinite) {
    // A progress bar prints the reason itself; without one, a diverged run must not end silently.
    if (o.verbose === 0 && o.writer) o.writer.write(`${history.stopReason}\n`);
    for (const l of divergenceListeners) l(history.stopReason!);
  }
}

function checkStepLogs(logs: unknown): void {
  if (logs === null || typeof logs !== 'object' || Array.isArray(logs)) {
    throw new ConfigError({ op: 'fit', arg: 'trainStep', expected: 'to return an object of numbers by name (e.g. { loss })', received: logs });
  }
  for (const [k, v] of Object.entries(logs)) {
    if (typeof v !== 'number') throw new ConfigError({ op: 'fit', arg: `trainStep's '${k}'`, expected: 'a number (use .item() on a scalar tensor)', received: v });
  }
}

/** Loss and metrics over every batch of `data`, in inference mode, through `testStep`. */
export async function evaluateLoop(model: Model, c: Compiled | null, data: EpochData, cbs: CallbackList | null, prefix = ''): Promise<Logs> {
  const tracker = new LogTracker(c);
  tracker.reset();
  const yielder = new Yielder();
  await cbs?.call('onTestBegin', {});
  let step = 0;
  for await (const b of data.pass(false)) {
    if (cbs?.has('onTestBatchBegin')) await cbs.call('onTestBatchBegin', step, {});
    const logs = model.testStep(stepBatch(b, batchWeights('evaluate', b, null)));
    checkStepLogs(logs);
    tracker.add(logs, b.size);
    if (cbs?.has('onTestBatchEnd')) await cbs.call('onTestBatchEnd', step, tracker.logs());
    step++;
    await yielder.maybe();
  }
  if (step === 0) throw new ConfigError('evaluate: the data yielded no batches');
  const logs = tracker.logs(prefix);
  await cbs?.call('onTestEnd', logs);
  return logs;
}

/** The model's outputs over every batch (through `predictStep`), joined along the sample axis. */
export async function predictLoop(model: Model, data: EpochData, cbs: CallbackList | null): Promise<Tensor[]> {
  const yielder = new Yielder();
  const known = data.samples;
  let outs: Tensor[] | null = null;
  const chunks: Tensor[][] = [];
  let offset = 0;
  let step = 0;
  await cbs?.call('onPredictBegin', {});
  for await (const b of data.pass(false)) {
    if (cbs?.has('onPredictBatchBegin')) await cbs.call('onPredictBatchBegin', step, {});
    const ys = model.predictStep(stepBatch(b, null));
    if (known !== null) {
      // Copy each batch's rows into one preallocated output per model output.
      outs ??= ys.map((y) => new Tensor(allocate(y.dtype, (y.size / Math.max(1, y.shape[0]!)) * known), [known, ...y.shape.slice(1)], y.dtype));
      ys.forEach((y, i) => (outs![i]!.data() as Float32Array).set(y.data() as Float32Array, offset * (y.size / Math.max(1, y.shape[0]!))));
      offset += b.size;
    } else chunks.push(ys);
    if (cbs?.has('onPredictBatchEnd')) await cbs.call('onPredictBatchEnd', step, {});
    step++;
    await yielder.maybe();
  }
  await cbs?.call('onPredictEnd', {});
  if (known !== null) return outs ?? [];
  if (chunks.length === 0) throw new ConfigError('predict: the batch source yielded no batches');
  return chunks[0]!.map((_, i) => concat(chunks.map((ch) => ch[i]!), 0));
}
