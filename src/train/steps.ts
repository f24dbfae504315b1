/**
 * The default steps behind `Model.trainStep`, `testStep` and `predictStep` (Keras 3's train_step):
 * forward in the right mode, the compiled loss plus regularisation and added losses, one optimizer
 * step, the compiled metrics. A subclass overrides the methods (a GAN's step uses two optimizers)
 * and keeps fit's callbacks, progress bar, history and checkpoints.
 *
 * No step ever leaves non-finite weights: a non-finite loss stops the step before backward, and the
 * optimizer refuses non-finite gradients or updates (optim/finite.ts). Either way a `NumericalError`
 * says what was not finite; `fit` turns it into a clean stop.
 */
import { ConfigError, NumericalError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { withGradMode } from '../primitives/primitive.js';
import { add, mul } from '../ops/elementwise.js';
import { CallContext } from '../nn/layer.js';
import { getMask } from '../nn/masks.js';
import type { Compiled } from './compile.js';
import type { Model } from './model.js';

/** One batch as a step sees it. */
export interface StepBatch {
  /** The model's inputs, one tensor per input. */
  readonly xs: Tensor[];
  /** The targets, one per output (empty when fit was given no targets). */
  readonly ys: Tensor[];
  /** The first input (most models have one). */
  readonly x: Tensor;
  /** The first target, or null. */
  readonly y: Tensor | null;
  /** Per-sample weights (sample and class weights combined), or null. */
  readonly sampleWeight: Tensor | null;
  /** Number of samples. */
  readonly size: number;
}

/**
 * What a step returns: this batch's values by name (`loss`, `d_loss`…). `fit` shows and records
 * their running means over the epoch, beside the results of the compiled metrics.
 */
export type StepLogs = Record<string, number>;

/** The total training loss of a batch and each output's own loss. */
export interface LossResult {
  total: Tensor;
  perOutput: Tensor[];
}

/** The compiled losses (weighted), weight penalties and losses layers added during the forward pass. */
export function compiledLoss(model: Model, c: Compiled, batch: StepBatch, outs: readonly Tensor[], ctx: CallContext, op: string): LossResult {
  if (c.losses.length === 0) {
    throw new ConfigError(`${op}: compile the model with a loss, or override trainStep/testStep to compute one (e.g. a GAN)`);
  }
  if (batch.ys.length !== c.losses.length) {
    const given = batch.ys.length === 0 ? 'no targets were given' : `${batch.ys.length} target(s) were given`;
    throw new ConfigError(`${op}: the model has ${c.losses.length} output(s) (${model.outputNames.join(', ')}) but ${given}`);
  }
  const perOutput: Tensor[] = [];
  let total: Tensor | null = null;
  c.losses.forEach((l, i) => {
    const v = l.compute(batch.ys[i]!, outs[i]!, weightsWithMask(batch.sampleWeight, outs[i]!, op));
    perOutput.push(v);
    const wv = c.lossWeights[i] === 1 ? v : mul(v, c.lossWeights[i]!);
    total = total ? add(total, wv) : wv;
  });
  const reg = model.regularizationLoss();
  if (reg) total = add(total!, reg);
  for (const a of ctx.losses) total = add(total!, a);
  return { total: total!, perOutput };
}

/**
 * Sample weights combined with the output's mask (a sequence output [batch, time, …] whose padded
 * steps must not count): the mask becomes per-step weights scaled by total/kept, so a mean over
 * all steps equals the mean over the kept ones (Keras's rule).
 */
function weightsWithMask(w: Tensor | null, out: Tensor, op: string): Tensor | null {
  const m = getMask(out);
  if (!m) return w;
  const md = m.data();
  let kept = 0;
  for (let i = 0; i < md.length; i++) if (md[i]) kept++;
  const mw = mul(m.dtype === out.dtype ? m : m.cast(out.dtype), kept === 0 ? 0 : md.length / kept);
  if (!w) return mw;
  if (w.rank !== 1 && !(w.rank === m.rank && w.shape.every((d, i) => d === m.shape[i]))) {
    throw new ShapeError(`${op}: sample weights of shape ${fmtShape(w.shape)} cannot combine with an output mask of shape ${fmtShape(m.shape)}`);
  }
  return w.rank === 1 ? mul(mw, w.reshape([w.shape[0]!, ...m.shape.slice(1).map(() => 1)])) : mul(mw, w);
}

/** Throws a NumericalError when a loss value is not finite, naming the first non-finite input value if the batch has one. */
export function checkLossFinite(op: string, value: number, batch: StepBatch): void {
  if (Number.isFinite(value)) return;
  const bad = firstNonFinite(batch);
  throw new NumericalError({
    op,
    detail: bad ? `the loss is ${value}: the input batch has ${bad}` : `the loss is ${value}`,
    code: 'E_NUMERIC_LOSS',
  });
}

/** "x[0] = NaN at row 3 of the batch", or null when every input and target value is finite. */
export function firstNonFinite(batch: StepBatch): string | null {
  const groups: [string, Tensor[]][] = [['x', batch.xs], ['y', batch.ys]];
  for (const [name, list] of groups) {
    for (let k = 0; k < list.length; k++) {
      const t = list[k]!;
      if (t.dtype !== 'float32' && t.dtype !== 'float64') continue;
      const d = t.data();
      const row = t.shape[0] ? t.size / t.shape[0] : 1;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) return `${name}${list.length > 1 ? `[${k}]` : ''} = ${d[i]} at row ${Math.floor(i / row)} of the batch`;
      }
    }
  }
  return null;
}

/** The standard supervised step: forward (training), loss, backward, one optimizer step, metrics. */
export function defaultTrainStep(model: Model, c: Compiled, batch: StepBatch): StepLogs {
  const op = 'fit';
  const opt = c.optimizer;
  if (!opt) throw new ConfigError(`${op}: compile the model with an optimizer, or override trainStep to use the named ones`);
  return withGradMode(true, () => {
    const ctx = new CallContext(true);
    const outs = model.forwardBatch(batch.xs, ctx);
    const { total, perOutput } = model.computeLoss(batch, outs, ctx);
    checkLossFinite(op, total.item(), batch);
    if (!total.requiresGrad) {
      throw new ConfigError(`${op}: the loss does not depend on any trainable weight of '${model.name}' (are all its layers frozen?)`);
    }
    model.followTrainableWeights(opt);
    opt.zeroGrad();
    total.backward();
    opt.step();
    opt.zeroGrad();
    for (const m of c.metrics) m.metric.update(batch.ys[m.output]!, outs[m.output]!.detach(), batch.sampleWeight);
    return lossLogs(model, total, perOutput);
  });
}

/** The standard evaluation step: forward (inference), loss, metrics. */
export function defaultTestStep(model: Model, c: Compiled, batch: StepBatch): StepLogs {
  return withGradMode(false, () => {
    const ctx = new CallContext(false);
    const outs = model.forwardBatch(batch.xs, ctx);
    const { total, perOutput } = model.computeLoss(batch, outs, ctx);
    for (const m of c.metrics) m.metric.update(batch.ys[m.output]!, outs[m.output]!, batch.sampleWeight);
    return lossLogs(model, total, perOutput);
  });
}

function lossLogs(model: Model, total: Tensor, perOutput: readonly Tensor[]): StepLogs {
  const logs: StepLogs = { loss: total.item() };
  if (perOutput.length > 1) model.outputNames.forEach((n, i) => (logs[`${n}_loss`] = perOutput[i]!.item()));
  return logs;
}
