/**
 * What `compile` resolves its arguments to: the optimizer, one loss and weight per model output,
 * and the metrics per output, plus the serialisable form saved with the model.
 */
import { ConfigError } from '../errors.js';
import * as losses from '../nn/losses.js';
import type { Loss, LossFunction } from '../nn/losses.js';
import { type JsonObject, type JsonValue, type Serialized } from '../nn/options.js';
import { Optimizer } from '../optim/optimizer.js';
import { getOptimizer, serializeOptimizer } from '../optim/optimizers.js';
import { type Metric, type MetricSpec, getMetric } from './metrics.js';
import { checkOptions } from '../check.js';

/** A loss as compile takes it: a name ('mse'), a function from nb.losses, a Loss, or a custom function. */
export type LossSpec = string | Loss | LossFunction;

export interface CompileArgs {
  /** An optimizer, a name ('adam', 'sgd', …) or a saved `{className, config}`. Needed by the default `trainStep`. */
  optimizer?: string | Optimizer | Serialized;
  /**
   * More optimizers by name, for a `trainStep` that uses several (a GAN's
   * `{ dOptimizer: nb.optim.adam(…), gOptimizer: nb.optim.adam(…) }`); the model exposes them as
   * `model.optimizers`, and saves and checkpoints their state.
   */
  optimizers?: Record<string, string | Optimizer | Serialized>;
  /**
   * One loss for every output, a list (one per output), or a record by output name. Needed by the
   * default steps; a model whose `trainStep` computes its own loss may omit it.
   */
  loss?: LossSpec | LossSpec[] | Record<string, LossSpec>;
  /** Metric names or objects, for every output, or a record by output name. */
  metrics?: MetricSpec[] | Record<string, MetricSpec[]>;
  /** Weights of each output's loss in the total (default 1 each). */
  lossWeights?: number[] | Record<string, number>;
}

export interface CompiledMetric {
  output: number;
  /** Key in the logs (prefixed with the output name when the model has several outputs). */
  key: string;
  metric: Metric;
}

export interface Compiled {
  /** The main optimizer, or null when only named ones were given. */
  optimizer: Optimizer | null;
  /** The named optimizers (`optimizers` of compile). */
  optimizers: Record<string, Optimizer>;
  /** One loss per output; empty when compile was given none. */
  losses: Loss[];
  lossWeights: number[];
  metrics: CompiledMetric[];
  /** The JSON form saved in model.json (null entries: custom functions that cannot be saved). */
  trainingConfig: JsonObject;
}

function perOutput<T>(op: string, what: string, spec: T | T[] | Record<string, T>, names: readonly string[], isSingle: (v: unknown) => boolean): T[] {
  if (isSingle(spec)) return names.map(() => spec as T);
  if (Array.isArray(spec)) {
    if (spec.length !== names.length) throw new ConfigError(`${op}: got ${spec.length} ${what} for ${names.length} outputs (${names.join(', ')})`);
    return spec;
  }
  const rec = spec as Record<string, T>;
  const extra = Object.keys(rec).filter((k) => !names.includes(k));
  if (extra.length) throw new ConfigError(`${op}: ${what} given for unknown outputs ${extra.join(', ')}; outputs are ${names.join(', ')}`);
  return names.map((n) => {
    if (!(n in rec)) throw new ConfigError(`${op}: no ${what} given for output '${n}'`);
    return rec[n]!;
  });
}

const isLossSingle = (v: unknown) => typeof v === 'string' || typeof v === 'function' || (v !== null && typeof v === 'object' && 'perSample' in v);

function lossJson(l: Loss): JsonValue {
  try {
    losses.get(l.name);
  } catch {
    return null; // a custom function: not saveable by name
  }
  return { name: l.name, config: l.config };
}

function metricJson(m: Metric): JsonValue {
  return { className: m.className, config: m.getConfig() };
}

/** Resolves compile's arguments for a model with these output names. */
export function resolveCompile(args: CompileArgs, outputNames: readonly string[]): Compiled {
  const op = 'compile';
  checkOptions(op, args, ['optimizer', 'optimizers', 'loss', 'metrics', 'lossWeights']);
  if (args.optimizer === undefined && args.optimizers === undefined) {
    throw new ConfigError(`${op}: optimizer is required, e.g. 'adam' or nb.optim.adam({ learningRate: 1e-3 })`);
  }
  if (args.optimizer === undefined && args.loss !== undefined) {
    throw new ConfigError(`${op}: a loss needs an optimizer (the default trainStep uses 'optimizer'); give optimizer, or override trainStep`);
  }
  if (args.optimizer !== undefined && args.loss === undefined) throw new ConfigError(`${op}: loss is required, e.g. 'mse' or 'sparseCategoricalCrossentropy'`);
  const optimizer = args.optimizer === undefined ? null : getOptimizer(args.optimizer);
  const optimizers: Record<string, Optimizer> = {};
  if (args.optimizers !== undefined) {
    if (args.optimizers === null || typeof args.optimizers !== 'object' || Array.isArray(args.optimizers)) {
      throw new ConfigError({ op, arg: 'optimizers', expected: 'an object of optimizers by name', received: args.optimizers });
    }
    const seen = new Set<Optimizer>(optimizer ? [optimizer] : []);
    for (const [name, spec] of Object.entries(args.optimizers)) {
      const o = getOptimizer(spec);
      if (seen.has(o)) throw new ConfigError(`${op}: optimizer '${name}' is the same object as another one; each needs its own state`);
      seen.add(o);
      optimizers[name] = o;
    }
  }
  const lossList = args.loss === undefined ? [] : perOutput(op, 'losses', args.loss, outputNames, isLossSingle).map((s) => losses.get(s as never));
  if (args.metrics !== undefined && lossList.length === 0) throw new ConfigError(`${op}: metrics need a loss (the default steps update them)`);
  const lossWeights =
    args.lossWeights === undefined ? outputNames.map(() => 1) : perOutput(op, 'loss weights', args.lossWeights, outputNames, (v) => typeof v === 'number');
  lossWeights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ConfigError(`${op}: loss weight for '${outputNames[i]}' must be a finite number, got ${w}`);
  });
  const metrics: CompiledMetric[] = [];
  if (args.metrics !== undefined) {
    const specs = Array.isArray(args.metrics) ? outputNames.map(() => args.metrics as MetricSpec[]) : perOutput(op, 'metrics', args.metrics, outputNames, () => false);
    specs.forEach((list, i) => {
      if (!Array.isArray(list)) throw new ConfigError(`${op}: metrics for output '${outputNames[i]}' must be an array, got ${JSON.stringify(list)}`);
      for (const s of list) {
        const metric = getMetric(s, lossList[i]!.name);
        const key = outputNames.length > 1 ? `${outputNames[i]}_${metric.name}` : metric.name;
        if (key === 'loss' || metrics.some((m) => m.key === key)) throw new ConfigError(`${op}: two metrics would be logged as '${key}'; give one a different name`);
        metrics.push({ output: i, key, metric });
      }
    });
  }
  const trainingConfig: JsonObject = {
    optimizer: optimizer ? (serializeOptimizer(optimizer) as unknown as JsonObject) : null,
    loss: lossList.map(lossJson),
    lossWeights,
    metrics: metrics.map((m) => ({ output: m.output, metric: metricJson(m.metric) })),
  };
  if (Object.keys(optimizers).length) {
    trainingConfig.optimizers = Object.fromEntries(Object.entries(optimizers).map(([k, o]) => [k, serializeOptimizer(o) as unknown as JsonObject]));
  }
  return { optimizer, optimizers, losses: lossList, lossWeights, metrics, trainingConfig };
}

/** Compile arguments back from a saved training config (null: it used a custom loss). */
export function compileArgsFromJson(cfg: JsonObject, outputNames: readonly string[]): CompileArgs | null {
  const ls = cfg.loss as (JsonObject | null)[] | undefined;
  if (!Array.isArray(ls) || ls.some((l) => l === null)) return null;
  const named = cfg.optimizers as unknown as Record<string, Serialized> | undefined;
  if (ls.length === 0) return cfg.optimizer || named ? { ...(cfg.optimizer ? { optimizer: cfg.optimizer as unknown as Serialized } : {}), ...(named ? { optimizers: named } : {}) } : null;
  const metricsByOutput: MetricSpec[][] = outputNames.map(() => []);
  for (const m of (cfg.metrics as JsonObject[] | undefined) ?? []) {
    const saved = m.metric as unknown as Serialized;
    // 'accuracy' is re-resolved against the loss at compile time, so restore it by name.
    const spec = saved.className === 'Accuracy' ? String(saved.config?.name ?? 'accuracy') : getMetric(saved);
    metricsByOutput[m.output as number]!.push(spec);
  }
  const rec = (list: MetricSpec[][]) => Object.fromEntries(outputNames.map((n, i) => [n, list[i]!]));
  return {
    optimizer: cfg.optimizer as unknown as Serialized,
    ...(named ? { optimizers: named } : {}),
    loss: ls.map((l) => losses.get(l as { name: string; config?: JsonObject })),
    lossWeights: cfg.lossWeights as number[],
    metrics: rec(metricsByOutput),
  };
}
