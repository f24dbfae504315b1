/**
 * Losses, Keras's definitions and argument order `(yTrue, yPred, options)`. Each returns a scalar
 * tensor (the mean over samples) unless `reduction` says otherwise, so it can be `.backward()`-ed
 * directly. All are numerically stable: logits go through log-sum-exp, probabilities are clipped
 * to [1e-7, 1 − 1e-7] before a log.
 *
 * @example const loss = nb.losses.meanSquaredError(yTrue, model.call(x)); loss.backward();
 * @example nb.losses.sparseCategoricalCrossentropy(labels, logits, { fromLogits: true })
 */
import { ConfigError, DataError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { normAxis, shapesEqual } from '../tensor/shape.js';
import { type TensorLike, full, toTensor } from '../ops/create.js';
import { abs, add, cast, clip, div, exp, log, log1p, minimum, mul, neg, relu, softplus, square, sub } from '../ops/elementwise.js';
import { logSoftmax, max, mean, sum } from '../ops/reduce.js';
import { gather, reshape, squeeze, unsqueeze } from '../ops/shape.js';
import { type JsonObject, NameTable } from './options.js';
import { checkChoice, checkNumber, checkOptions } from '../check.js';

/** Clipping bound for probabilities (Keras's backend epsilon). */
export const EPSILON = 1e-7;

/** 'mean' averages over every per-sample loss (Keras's sum_over_batch_size), 'sum' adds them, 'none' returns them. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
  /** Per-sample weights, shape [batch] (or the per-sample loss's shape). */
  sampleWeight?: TensorLike | null;
}

export interface CrossentropyOptions extends LossOptions {
  /** yPred holds logits (unnormalised scores) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Mixes the targets with the uniform distribution: y·(1 − s) + s / classes. Default 0. */
  labelSmoothing?: number;
}

export interface SparseCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
}

export interface HuberOptions extends LossOptions {
  /** Where the loss changes from quadratic to linear. Default 1. */
  delta?: number;
}

/** A loss function as `compile` takes it: per-sample losses (or one scalar) from targets and predictions. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A named, configured loss: what `compile` resolves any loss spec to. */
export interface Loss {
  readonly name: string;
  /** Options beyond reduction (e.g. `{ fromLogits: true }`); saved with the model. */
  readonly config: JsonObject;
  /** Per-sample losses: the last (class/feature) axis reduced. */
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  /** The weighted mean over samples, a scalar. */
  compute(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor;
}

// ---------------------------------------------------------------- helpers

function floatPred(op: string, yPred: Tensor): Tensor {
  if (!(yPred instanceof Tensor)) throw new ConfigError(`${op}: yPred must be a Tensor, got ${typeof yPred}`);
  if (!isFloat(yPred.dtype)) throw new DTypeError(`${op}: yPred must be float32 or float64, got ${yPred.dtype}`);
  return yPred;
}

/** Targets shaped like the predictions: [N] and [N, 1] are reconciled; anything else must match exactly. */
function matchTargets(op: string, yTrue: TensorLike, yPred: Tensor): Tensor {
  let t = toTensor(yTrue);
  if (t.dtype !== yPred.dtype) t = cast(t, yPred.dtype);
  if (t.rank === yPred.rank - 1 && yPred.shape[yPred.rank - 1] === 1) t = unsqueeze(t, -1);
  else if (t.rank === yPred.rank + 1 && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
  if (!shapesEqual(t.shape, yPred.shape)) {
    throw new ShapeError(`${op}: yTrue has shape ${fmtShape(t.shape)} and yPred ${fmtShape(yPred.shape)}; they must match`);
  }
  return t;
}

/** Mean over the last axis (each sample's loss); a 1-D tensor is already one loss per sample. */
function perSampleMean(x: Tensor): Tensor {
  return x.rank >= 2 ? mean(x, -1) : x;
}

/** Applies sample weights and the reduction to per-sample losses. */
export function reduceLoss(op: string, losses: Tensor, reduction: Reduction = 'mean', sampleWeight?: TensorLike | null): Tensor {
  checkChoice(op, 'reduction', reduction, ['mean', 'sum', 'none']);
  let l = losses;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    let w = toTensor(sampleWeight);
    if (w.dtype !== l.dtype) w = cast(w, l.dtype);
    if (w.rank > l.rank || w.shape.some((d, i) => d !== l.shape[i])) {
      throw new ShapeError(`${op}: sampleWeight has shape ${fmtShape(w.shape)}, the per-sample losses ${fmtShape(l.shape)}`);
    }
    while (w.rank < l.rank) w = unsqueeze(w, -1);
    l = mul(l, w);
  }
  if (reduction === 'none') return l;
  if (reduction === 'sum') return sum(l);
  return l.size === 0 ? full([], 0, l.dtype) : mean(l);
}

/** Integer class labels for predictions of shape [..., C]: indices into the flattened predictions. */
function flatLabelIndices(op: string, labels: TensorLike, yPred: Tensor): { idx: Int32Array; lead: number[] } {
  const t = toTensor(labels);
  if (t.dtype === 'bool') throw new DTypeError({ op, arg: 'labels', expected: 'integer class indices (int32 or whole floats), not bool', received: t });
  const lead = yPred.shape.slice(0, -1);
  const c = yPred.shape[yPred.rank - 1]!;
  const okShape = shapesEqual(t.shape, lead) || (t.rank === lead.length + 1 && t.shape[t.rank - 1] === 1 && shapesEqual(t.shape.slice(0, -1), lead));
  if (yPred.rank < 1 || !okShape) {
    throw new ShapeError(`${op}: labels have shape ${fmtShape(t.shape)}, expected ${fmtShape(lead)} (or ${fmtShape([...lead, 1])}) for yPred ${fmtShape(yPred.shape)}`);
  }
  const d = t.data();
  const idx = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= c) {
      throw new DataError(`${op}: label ${v} at index ${i} is not a class index in [0, ${c})`);
    }
    idx[i] = i * c + v;
  }
  return { idx, lead };
}

function pickLabels(op: string, labels: TensorLike, values: Tensor): Tensor {
  const { idx, lead } = flatLabelIndices(op, labels, values);
  return reshape(gather(reshape(values, [values.size]), idx), lead);
}

// ---------------------------------------------------------------- per-sample definitions

type PerSample = (yTrue: TensorLike, yPred: Tensor, o: Record<string, unknown>) => Tensor;

interface LossDef {
  perSample: PerSample;
  options: readonly string[];
}

const REDUCE_OPTS = ['reduction', 'sampleWeight'] as const;

const msePS: PerSample = (t, p) => perSampleMean(square(sub(p, matchTargets('meanSquaredError', t, p))));
const maePS: PerSample = (t, p) => perSampleMean(abs(sub(p, matchTargets('meanAbsoluteError', t, p))));

const huberPS: PerSample = (t, p, o) => {
  const delta = checkNumber('huber', 'delta', o.delta ?? 1, { min: 0, minExclusive: true });
  const a = abs(sub(p, matchTargets('huber', t, p)));
  const q = minimum(a, delta);
  // ½q² + δ(|x| − q): quadratic inside [−δ, δ], linear outside, one expression for both.
  return perSampleMean(add(mul(square(q), 0.5), mul(sub(a, q), delta)));
};

const logCoshPS: PerSample = (t, p) => {
  const x = sub(p, matchTargets('logCosh', t, p));
  // log cosh x = x + softplus(−2x) − log 2, stable for large |x|.
  return perSampleMean(sub(add(x, softplus(mul(x, -2))), Math.LN2));
};

function smoothing(op: string, o: Record<string, unknown>): number {
  return checkNumber(op, 'labelSmoothing', o.labelSmoothing ?? 0, { min: 0, max: 1 });
}

const bce: PerSample = (yTrue, p, o) => {
  let t = matchTargets('binaryCrossentropy', yTrue, p);
  const s = smoothing('binaryCrossentropy', o);
  if (s > 0) t = add(mul(t, 1 - s), 0.5 * s);
  if (o.fromLogits) {
    // max(x, 0) − x·y + log(1 + e^{−|x|}): never exponentiates a large positive number.
    return perSampleMean(add(sub(relu(p), mul(p, t)), log1p(exp(neg(abs(p))))));
  }
  const q = clip(p, EPSILON, 1 - EPSILON);
  return perSampleMean(neg(add(mul(t, log(q)), mul(sub(1, t), log(sub(1, q))))));
};

const cce: PerSample = (yTrue, p, o) => {
  let t = matchTargets('categoricalCrossentropy', yTrue, p);
  const s = smoothing('categoricalCrossentropy', o);
  const axis = normAxis('categoricalCrossentropy', (o.axis as number | undefined) ?? -1, p.rank);
  if (s > 0) t = add(mul(t, 1 - s), s / p.shape[axis]!);
  if (o.fromLogits) return neg(sum(mul(t, logSoftmax(p, axis)), axis));
  const q = clip(div(p, sum(p, axis, true)), EPSILON, 1 - EPSILON);
  return neg(sum(mul(t, log(q)), axis));
};

const sparseCce: PerSample = (labels, p, o) => {
  const op = 'sparseCategoricalCrossentropy';
  if (o.fromLogits) return neg(pickLabels(op, labels, logSoftmax(p, -1)));
  const picked = div(pickLabels(op, labels, p), sum(p, -1));
  return neg(log(clip(picked, EPSILON, 1 - EPSILON)));
};

const nll: PerSample = (labels, logProbs) => neg(pickLabels('negativeLogLikelihood', labels, logProbs));

const kldPS: PerSample = (yTrue, p) => {
  const t = clip(matchTargets('klDivergence', yTrue, p), EPSILON, 1);
  const q = clip(p, EPSILON, 1);
  const terms = mul(t, log(div(t, q)));
  return terms.rank >= 2 ? sum(terms, -1) : terms;
};

/** Hinge targets are −1/+1; 0/1 labels are converted (as Keras does). */
function hingeTargets(op: string, yTrue: TensorLike, p: Tensor): Tensor {
  const t = matchTargets(op, yTrue, p);
  const d = t.data();
  let binary01 = true;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && d[i] !== 1) binary01 = false;
  return binary01 ? sub(mul(t, 2), 1) : t;
}

const hingePS: PerSample = (t, p) => perSampleMean(relu(sub(1, mul(hingeTargets('hinge', t, p), p))));
const squaredHingePS: PerSample = (t, p) => perSampleMean(square(relu(sub(1, mul(hingeTargets('squaredHinge', t, p), p)))));
const categoricalHingePS: PerSample = (yTrue, p) => {
  const t = matchTargets('categoricalHinge', yTrue, p);
  const pos = sum(mul(t, p), -1);
  const negScore = max(mul(sub(1, t), p), -1);
  return relu(add(sub(negScore, pos), 1));
};

const poissonPS: PerSample = (t, p) => {
  const y = matchTargets('poisson', t, p);
  return perSampleMean(sub(p, mul(y, log(add(p, EPSILON)))));
};

const TABLE = new NameTable<LossDef>('loss');
TABLE.set('meanSquaredError', { perSample: msePS, options: REDUCE_OPTS }, ['mse']);
TABLE.set('meanAbsoluteError', { perSample: maePS, options: REDUCE_OPTS }, ['mae']);
TABLE.set('huber', { perSample: huberPS, options: [...REDUCE_OPTS, 'delta'] }, ['huberLoss']);
TABLE.set('logCosh', { perSample: logCoshPS, options: REDUCE_OPTS });
TABLE.set('binaryCrossentropy', { perSample: bce, options: [...REDUCE_OPTS, 'fromLogits', 'labelSmoothing'] }, ['bce']);
TABLE.set('categoricalCrossentropy', { perSample: cce, options: [...REDUCE_OPTS, 'fromLogits', 'labelSmoothing', 'axis'] }, ['cce']);
TABLE.set('sparseCategoricalCrossentropy', { perSample: sparseCce, options: [...REDUCE_OPTS, 'fromLogits'] });
TABLE.set('negativeLogLikelihood', { perSample: nll, options: REDUCE_OPTS }, ['nll', 'nllLoss']);
TABLE.set('klDivergence', { perSample: kldPS, options: REDUCE_OPTS }, ['kld', 'kullbackLeiblerDivergence', 'kl']);
TABLE.set('hinge', { perSample: hingePS, options: REDUCE_OPTS });
TABLE.set('squaredHinge', { perSample: squaredHingePS, options: REDUCE_OPTS });
TABLE.set('categoricalHinge', { perSample: categoricalHingePS, options: REDUCE_OPTS });
TABLE.set('poisson', { perSample: poissonPS, options: REDUCE_OPTS });

function run(name: string, yTrue: TensorLike, yPred: Tensor, opts: object = {}): Tensor {
  const options = opts as LossOptions & Record<string, unknown>;
  const def = TABLE.get('losses', name).value;
  checkOptions(name, options, def.options);
  const per = def.perSample(yTrue, floatPred(name, yPred), options);
  return reduceLoss(name, per, options.reduction ?? 'mean', options.sampleWeight);
}

// ---------------------------------------------------------------- public functions

/** mean((yPred − yTrue)²). */
export function meanSquaredError(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('meanSquaredError', yTrue, yPred, options);
}
/** mean(|yPred − yTrue|). */
export function meanAbsoluteError(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('meanAbsoluteError', yTrue, yPred, options);
}
/** Quadratic for errors within ±delta, linear beyond: ½x² or δ|x| − ½δ². */
export function huber(yTrue: TensorLike, yPred: Tensor, options?: HuberOptions): Tensor {
  return run('huber', yTrue, yPred, options);
}
/** mean(log cosh(yPred − yTrue)). */
export function logCosh(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('logCosh', yTrue, yPred, options);
}
/** −[y log p + (1 − y) log(1 − p)] for 0/1 targets (probabilities, or logits with fromLogits). */
export function binaryCrossentropy(yTrue: TensorLike, yPred: Tensor, options?: CrossentropyOptions): Tensor {
  return run('binaryCrossentropy', yTrue, yPred, options);
}
/** −Σ y log p over the classes, for one-hot (or soft) targets. */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: Tensor, options?: CrossentropyOptions & { axis?: number }): Tensor {
  return run('categoricalCrossentropy', yTrue, yPred, options);
}
/** −log p[label] for integer class labels (shape [batch] or [batch, 1]). */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: Tensor, options?: SparseCrossentropyOptions): Tensor {
  return run('sparseCategoricalCrossentropy', yTrue, yPred, options);
}
/** −logProbs[label]: the negative log-likelihood of integer labels given log-probabilities (PyTorch's nll_loss). */
export function negativeLogLikelihood(yTrue: TensorLike, logProbs: Tensor, options?: LossOptions): Tensor {
  return run('negativeLogLikelihood', yTrue, logProbs, options);
}
/** Σ y log(y / p): Kullback–Leibler divergence of the predicted distribution from the target one. */
export function klDivergence(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('klDivergence', yTrue, yPred, options);
}
/** mean(max(0, 1 − y·p)) for targets −1/+1 (0/1 are converted). */
export function hinge(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('hinge', yTrue, yPred, options);
}
/** mean(max(0, 1 − y·p)²). */
export function squaredHinge(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('squaredHinge', yTrue, yPred, options);
}
/** max(0, max_{j≠y} p_j − p_y + 1) for one-hot targets. */
export function categoricalHinge(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('categoricalHinge', yTrue, yPred, options);
}
/** mean(p − y log p), for count targets. */
export function poisson(yTrue: TensorLike, yPred: Tensor, options?: LossOptions): Tensor {
  return run('poisson', yTrue, yPred, options);
}

export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
export const nllLoss = negativeLogLikelihood;
export const kld = klDivergence;

const FN_NAMES = new Map<unknown, string>([
  [meanSquaredError, 'meanSquaredError'],
  [meanAbsoluteError, 'meanAbsoluteError'],
  [huber, 'huber'],
  [logCosh, 'logCosh'],
  [binaryCrossentropy, 'binaryCrossentropy'],
  [categoricalCrossentropy, 'categoricalCrossentropy'],
  [sparseCategoricalCrossentropy, 'sparseCategoricalCrossentropy'],
  [negativeLogLikelihood, 'negativeLogLikelihood'],
  [klDivergence, 'klDivergence'],
  [hinge, 'hinge'],
  [squaredHinge, 'squaredHinge'],
  [categoricalHinge, 'categoricalHinge'],
  [poisson, 'poisson'],
]);

/** Per-sample options of a named loss (everything but reduction and sampleWeight). */
export type LossConfig = Omit<CrossentropyOptions & HuberOptions & { axis?: number }, 'reduction' | 'sampleWeight'>;

/**
 * Resolves a loss spec: a name ('mse', 'sparse_categorical_crossentropy'), one of the functions
 * above, a Loss, or a custom `(yTrue, yPred) => Tensor`. `config` sets options of a named loss.
 * @example model.compile({ loss: nb.losses.get('sparseCategoricalCrossentropy', { fromLogits: true }), optimizer: 'adam' })
 */
export function get(spec: string | Loss | LossFunction | { name: string; config?: JsonObject }, config: LossConfig = {}): Loss {
  if (spec && typeof spec === 'object' && 'perSample' in spec && typeof spec.perSample === 'function') return spec as Loss;
  if (spec && typeof spec === 'object' && 'name' in spec && typeof spec.name === 'string') return get(spec.name, { ...(spec.config ?? {}), ...config } as LossConfig);
  let name: string | undefined;
  if (typeof spec === 'string') name = TABLE.get('losses.get', spec).name;
  else if (typeof spec === 'function') name = FN_NAMES.get(spec);
  if (name !== undefined) {
    const def = TABLE.get('losses.get', name).value;
    checkOptions(`losses.get('${name}')`, config, def.options.filter((o) => o !== 'reduction' && o !== 'sampleWeight'));
    const cfg = { ...config } as JsonObject;
    return {
      name,
      config: cfg,
      perSample: (t, p) => def.perSample(t, floatPred(name!, p), cfg),
      compute: (t, p, w) => reduceLoss(name!, def.perSample(t, floatPred(name!, p), cfg), 'mean', w),
    };
  }
  if (typeof spec === 'function') {
    const fn = spec as LossFunction;
    const fname = fn.name || 'customLoss';
    return {
      name: fname,
      config: {},
      perSample: fn,
      compute: (t, p, w) => {
        const l = fn(t, p);
        if (!(l instanceof Tensor)) throw new ConfigError(`loss '${fname}': must return a Tensor, got ${typeof l}`);
        if (l.rank === 0) {
          if (w) throw new ConfigError(`loss '${fname}' returns a scalar, so sample or class weights cannot be applied; return per-sample losses instead`);
          return l;
        }
        return reduceLoss(fname, l, 'mean', w);
      },
    };
  }
  throw new ConfigError(`losses.get: expected a loss name, function or Loss, got ${JSON.stringify(spec)}`);
}

/** Names of the built-in losses. */
export function list(): string[] {
  return TABLE.list();
}
