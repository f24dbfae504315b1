/**
 * The training, evaluation and prediction loops behind `fit`, `evaluate` and `predict`.
 * Per batch: slice (typed-array copies or views), forward, loss, backward, one optimizer step,
 * metrics from the typed arrays. Nothing is converted to JavaScript arrays per sample.
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { getGenerator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { withGradMode } from '../primitives/primitive.js';
import { add, mul } from '../ops/elementwise.js';
import { concat } from '../ops/shape.js';
import { CallContext } from '../nn/layer.js';
import type { Compiled } from './compile.js';
import { Mean } from './metrics.js';
import { ArrayData, type Batch, type BatchSource, classWeightsFor, isBatchSource, iterateSource } from './data-adapter.js';
import type { CallbackList, Logs } from './callbacks/callback.js';
import type { Model } from './model.js';

/** A source of batches for one pass: tensors (shuffled per epoch when asked) or a batch source. */
export interface EpochData {
  readonly numBatches: number | null;
  readonly samples: number | null;
  readonly batchSize: number | null;
  pass(shuffle: boolean): Iterable<Batch> | AsyncIterable<Batch>;
}

export function arrayEpochs(data: ArrayData, batchSize: number): EpochData {
  return {
    numBatches: data.numBatches(batchSize),
    samples: data.n,
    batchSize,
    pass: (shuffle) => data.batches(batchSize, shuffle ? getGenerator().permutation(data.n) : null),
  };
}

/** Batches from a source; with `steps`, each pass takes that many, continuing (and restarting) the source's iterator. */
export function sourceEpochs(op: string, source: BatchSource, model: Model, steps: number | null): EpochData {
  const known = typeof source.numBatches === 'number' ? source.numBatches : null;
  let it: AsyncIterator<Batch> | null = null;
  const fresh = () => iterateSource(op, source, model.inputNames, model.outputNames);
  return {
    numBatches: steps ?? known,
    samples: null,
    batchSize: null,
    pass: (): AsyncIterable<Batch> => {
      if (steps === null) return fresh();
      return {
        async *[Symbol.asyncIterator]() {
          for (let s = 0; s < steps; s++) {
            it ??= fresh();
            let r = await it.next();
            if (r.done) {
              it = fresh();
              r = await it.next();
              if (r.done) throw new ConfigError(`${op}: the batch source yielded no batches`);
            }
            yield r.value;
          }
        },
      };
    },
  };
}

export function toEpochData(op: string, data: ArrayData | BatchSource, model: Model, batchSize: number, steps: number | null): EpochData {
  return data instanceof ArrayData ? arrayEpochs(data, batchSize) : sourceEpochs(op, data, model, steps);
}

export { isBatchSource };

interface StepOutput {
  loss: number;
  outputLosses: number[];
  outputs: Tensor[];
}

/** Forward pass in the given mode; the model's outputs as a list. */
export function forwardMulti(model: Model, xs: Tensor[], ctx: CallContext): Tensor[] {
  if (xs.length !== model.inputNames.length) {
    throw new ConfigError(`${model.className} '${model.name}': expected ${model.inputNames.length} input(s) (${model.inputNames.join(', ')}), got ${xs.length}`);
  }
  const out = model._call(xs.length === 1 ? xs[0]! : xs, ctx);
  return Array.isArray(out) ? out : [out];
}

function batchWeights(op: string, b: Batch, classWeight: Readonly<Record<number, number>> | null): Tensor | null {
  let w = b.weights;
  if (classWeight) {
    if (b.ys.length !== 1) throw new ConfigError(`${op}: classWeight works with single-output models; use sampleWeight for several outputs`);
    const cw = classWeightsFor(op, b.ys[0]!, classWeight);
    w = w ? mul(w, cw) : cw;
  }
  if (w && (w.rank === 0 || w.shape[0] !== b.size)) throw new ShapeError(`${op}: sample weights of shape ${fmtShape(w.shape)} for a batch of ${b.size}`);
  return w;
}

/** Data losses (weighted by lossWeights) plus regularisation and activity penalties. */
function totalLoss(model: Model, c: Compiled, b: Batch, outs: Tensor[], ctx: CallContext, weights: Tensor | null, op: string): { total: Tensor; per: Tensor[] } {
  if (b.ys.length !== c.losses.length) {
    throw new ConfigError(`${op}: the model has ${c.losses.length} output(s) (${model.outputNames.join(', ')}) but ${b.ys.length} target(s) were given`);
  }
  const per: Tensor[] = [];
  let total: Tensor | null = null;
  c.losses.forEach((l, i) => {
    const v = l.compute(b.ys[i]!, outs[i]!, weights);
    per.push(v);
    const wv = c.lossWeights[i] === 1 ? v : mul(v, c.lossWeights[i]!);
    total = total ? add(total, wv) : wv;
  });
  const reg = model.regularizationLoss();
  if (reg) total = add(total!, reg);
  for (const a of ctx.losses) total = add(total!, a);
  return { total: total!, per };
}

/** One optimizer step on one batch. */
export function trainStep(model: Model, c: Compiled, b: Batch, classWeight: Readonly<Record<number, number>> | null, attach: { done: boolean }): StepOutput {
  const ctx = new CallContext(true);
  return withGradMode(true, () => {
    const outs = forwardMulti(model, b.xs, ctx);
    if (!attach.done) {
      c.optimizer.setParameters(model.trainableWeights);
      attach.done = true;
    }
    const weights = batchWeights('fit', b, classWeight);
    const { total, per } = totalLoss(model, c, b, outs, ctx, weights, 'fit');
    if (!total.requiresGrad) {
      throw new ConfigError(`fit: the loss does not depend on any trainable weight of '${model.name}' (are all its layers frozen?)`);
    }
    c.optimizer.zeroGrad();
    total.backward();
    c.optimizer.step();
    c.optimizer.zeroGrad();
    for (const m of c.metrics) m.metric.update(b.ys[m.output]!, outs[m.output]!.detach(), weights);
    return { loss: total.item(), outputLosses: per.map((t) => t.item()), outputs: outs };
  });
}

/** Running loss and metric values as epoch/batch logs. */
export class LogTracker {
  private readonly loss = new Mean();
  private readonly outLoss: Mean[];
  constructor(
    private readonly model: Model,
    private readonly c: Compiled,
  ) {
    this.outLoss = c.losses.map(() => new Mean());
  }
  reset(): void {
    this.loss.reset();
    this.outLoss.forEach((m) => m.reset());
    for (const m of this.c.metrics) m.metric.reset();
  }
  add(loss: number, perOutput: number[], size: number): void {
    this.loss.update(loss, size);
    perOutput.forEach((v, i) => this.outLoss[i]!.update(v, size));
  }
  logs(prefix = ''): Logs {
    const out: Logs = { [`${prefix}loss`]: this.loss.result() };
    if (this.outLoss.length > 1) this.model.outputNames.forEach((n, i) => (out[`${prefix}${n}_loss`] = this.outLoss[i]!.result()));
    for (const m of this.c.metrics) out[prefix + m.key] = m.metric.result();
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

/** Loss and metrics over every batch of `data`, in inference mode. */
export async function evaluateLoop(model: Model, c: Compiled, data: EpochData, cbs: CallbackList | null, prefix = ''): Promise<Logs> {
  const tracker = new LogTracker(model, c);
  tracker.reset();
  const yielder = new Yielder();
  await cbs?.call('onTestBegin', {});
  let step = 0;
  for await (const b of data.pass(false)) {
    if (cbs?.has('onTestBatchBegin')) await cbs.call('onTestBatchBegin', step, {});
    const ctx = new CallContext(false);
    withGradMode(false, () => {
      const outs = forwardMulti(model, b.xs, ctx);
      const weights = batchWeights('evaluate', b, null);
      const { total, per } = totalLoss(model, c, b, outs, ctx, weights, 'evaluate');
      tracker.add(total.item(), per.map((t) => t.item()), b.size);
      for (const m of c.metrics) m.metric.update(b.ys[m.output]!, outs[m.output]!, weights);
    });
    if (cbs?.has('onTestBatchEnd')) await cbs.call('onTestBatchEnd', step, tracker.logs());
    step++;
    await yielder.maybe();
  }
  const logs = tracker.logs(prefix);
  await cbs?.call('onTestEnd', logs);
  return logs;
}

/** The model's outputs over every batch, joined along the sample axis. */
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
    const ys = withGradMode(false, () => forwardMulti(model, b.xs, new CallContext(false)));
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
  return chunks[0]!.map((_, i) => concat(chunks.map((c) => c[i]!), 0));
}
