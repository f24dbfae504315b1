/**
 * The Model: a Layer made of layers (Sequential or functional) that can be compiled and trained.
 * `fit` takes tensors `(x, y)` or a batch source (any iterable of `{x, y}` batches, such as a
 * Dataset), and runs the loop in loops.ts with callbacks, validation and a progress bar.
 *
 * @example
 * model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * const history = await model.fit(x, y, { epochs: 5, batchSize: 64, validationSplit: 0.1 });
 * const { loss, accuracy } = await model.evaluate(xTest, yTest);
 */
import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Layer, type LayerArgs } from '../nn/layer.js';
import type { Optimizer } from '../optim/optimizer.js';
import { type CompileArgs, type Compiled, resolveCompile } from './compile.js';
import { ArrayData, type BatchSource, type TensorData, isBatchSource, toTensorList } from './data-adapter.js';
import { type Callback, type CallbackHooks, CallbackList, History, type Logs, type TrainingParams } from './callbacks/callback.js';
import { ProgressBar } from './callbacks/progress.js';
import { type EpochData, LogTracker, Yielder, evaluateLoop, predictLoop, toEpochData, trainStep } from './loops.js';
import type { OutputWriter } from './output.js';
import { modelIO } from './persistence.js';
import { summarize } from './summary.js';
import { checkNumber, checkOptions } from '../check.js';

/** Validation data: `[x, y]`, `[x, y, sampleWeight]`, `{x, y, sampleWeight}`, or a batch source. */
export type ValidationData =
  | readonly [TensorData, TensorData]
  | readonly [TensorData, TensorData, Tensor]
  | { x: TensorData; y: TensorData; sampleWeight?: Tensor }
  | BatchSource;

export interface FitOptions {
  /** Index of the last epoch (training runs epochs initialEpoch…epochs−1). Default 1. */
  epochs?: number;
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar (plain lines when not a terminal), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: (Callback | CallbackHooks)[];
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  validationData?: ValidationData;
  /** Shuffle the training samples every epoch. Default true. */
  shuffle?: boolean;
  /** Weight of each class in the loss, e.g. `{ 0: 1, 1: 5 }`. */
  classWeight?: Record<number, number>;
  /** Weight of each sample in the loss, shape [samples]. */
  sampleWeight?: Tensor;
  /** Epoch to start at (to resume). Default 0. */
  initialEpoch?: number;
  /** Batches per epoch when training from a batch source (default: one full pass). */
  stepsPerEpoch?: number;
  validationSteps?: number;
  validationBatchSize?: number;
  /** Validate every N epochs. Default 1. */
  validationFreq?: number;
  /** Where the progress bar writes (default: stdout). */
  writer?: OutputWriter;
  /** Stop at the first batch whose loss is NaN or infinite, saying so (default true: training never silently produces NaN). */
  terminateOnNaN?: boolean;
}

const FIT_OPTIONS = [
  'terminateOnNaN',
  'epochs',
  'batchSize',
  'verbose',
  'callbacks',
  'validationSplit',
  'validationData',
  'shuffle',
  'classWeight',
  'sampleWeight',
  'initialEpoch',
  'stepsPerEpoch',
  'validationSteps',
  'validationBatchSize',
  'validationFreq',
  'writer',
];

export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: Tensor;
  /** Batches to evaluate from a batch source (default: all). */
  steps?: number;
  callbacks?: (Callback | CallbackHooks)[];
}

export interface PredictOptions {
  batchSize?: number;
  steps?: number;
  callbacks?: (Callback | CallbackHooks)[];
}

export abstract class Model extends Layer {
  /** The optimizer given to `compile`. */
  optimizer: Optimizer | null = null;
  /** Set by a callback to end `fit` after the current batch/epoch. */
  stopTraining = false;
  /** The History of the last (or current) `fit`. */
  history: History | null = null;
  /** Epochs trained so far (restored by `loadModel`, so `fit({ initialEpoch: model.completedEpochs })` resumes). */
  completedEpochs = 0;
  private _compiled: Compiled | null = null;

  constructor(args: LayerArgs = {}) {
    super(args);
    // The model's own layers cast what they need; an input layer may take int32 ids.
    this.autoCast = false;
  }

  /** The layers, in order. */
  abstract get layers(): Layer[];
  /** Names of the model's inputs, in the order `fit` expects them. */
  abstract get inputNames(): string[];
  /** Names of the model's outputs (keys for per-output losses, metrics and logs). */
  abstract get outputNames(): string[];

  /**
   * Sub-layers by position (`layers.0`, `layers.1`…), so weights are saved as `layers.0.kernel`:
   * names that depend only on the architecture, not on how many layers the session made before
   * (automatic layer names like `dense_7` do), so weights load into any model of the same shape.
   */
  override namedChildren(): [string, Layer][] {
    return this.layers.map((l, i) => [`layers.${i}`, l]);
  }

  /** For `summary()`: what feeds `layer` (`dense[0][0]`); empty for sequential models. */
  layerConnections(_layer: Layer): string[] {
    return [];
  }

  /** The layer called `name`. */
  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new ConfigError(`${this.label}.getLayer: no layer named '${name}'; layers: ${this.layers.map((x) => x.name).join(', ')}`);
    return l;
  }

  /** Whether `compile` has been called. */
  get isCompiled(): boolean {
    return this._compiled !== null;
  }

  /** The resolved compile arguments (losses, metrics, optimizer), or null. */
  get compiled(): Compiled | null {
    return this._compiled;
  }

  /** Sets the optimizer, loss(es) and metrics used by `fit` and `evaluate`. */
  compile(args: CompileArgs): void {
    this._compiled = resolveCompile(args, this.outputNames);
    this.optimizer = this._compiled.optimizer;
  }

  protected requireCompiled(op: string): Compiled {
    if (!this._compiled) throw new ConfigError(`${this.label}.${op}: compile the model first, e.g. model.compile({ optimizer: 'adam', loss: 'mse' })`);
    return this._compiled;
  }

  private arrayData(op: string, x: TensorData, y: TensorData | undefined, sampleWeight: Tensor | null): ArrayData {
    const xs = toTensorList(op, 'x', x, this.inputNames);
    const ys = y === undefined ? [] : toTensorList(op, 'y', y, this.outputNames);
    return new ArrayData(xs, ys, sampleWeight, op);
  }

  /**
   * Trains for `epochs` epochs on tensors `(x, y)` or on a batch source `(data)`.
   * @example await model.fit(x, y, { epochs: 5, batchSize: 64, validationSplit: 0.1 })
   * @example await model.fit(dataset, { epochs: 5, validationData: valDataset })
   */
  fit(x: TensorData, y: TensorData, options?: FitOptions): Promise<History>;
  fit(data: BatchSource, options?: FitOptions): Promise<History>;
  async fit(a: TensorData | BatchSource, b?: TensorData | FitOptions, c?: FitOptions): Promise<History> {
    const source = isBatchSource(a) && (b === undefined || isOptionsObject(b));
    const options = ((source ? b : c) ?? {}) as FitOptions;
    checkOptions('fit', options, FIT_OPTIONS);
    const compiled = this.requireCompiled('fit');
    const op = 'fit';
    const epochs = checkNumber(op, 'epochs', options.epochs ?? 1, { integer: true, min: 0 });
    const batchSize = checkNumber(op, 'batchSize', options.batchSize ?? 32, { integer: true, min: 1 });
    const initialEpoch = checkNumber(op, 'initialEpoch', options.initialEpoch ?? 0, { integer: true, min: 0 });
    const verbose = options.verbose ?? 1;
    if (![0, 1, 2].includes(verbose)) throw new ConfigError(`fit: verbose must be 0, 1 or 2, got ${verbose}`);
    const steps = options.stepsPerEpoch == null ? null : checkNumber(op, 'stepsPerEpoch', options.stepsPerEpoch, { integer: true, min: 1 });
    const validationFreq = checkNumber(op, 'validationFreq', options.validationFreq ?? 1, { integer: true, min: 1 });
    const classWeight = options.classWeight ?? null;

    let train: ArrayData | BatchSource;
    let val: ArrayData | BatchSource | null = null;
    if (source) {
      if (options.validationSplit) throw new ConfigError('fit: validationSplit needs tensors; with a batch source, pass validationData');
      if (options.sampleWeight) throw new ConfigError('fit: sampleWeight needs tensors; a batch source can yield {x, y, sampleWeight}');
      train = a as BatchSource;
    } else {
      if (b === undefined || isOptionsObject(b)) throw new ConfigError('fit: targets y are required: fit(x, y, options)');
      let data = this.arrayData(op, a as TensorData, b as TensorData, options.sampleWeight ?? null);
      const split = options.validationSplit ?? 0;
      checkNumber(op, 'validationSplit', split, { min: 0, max: 1, maxExclusive: true });
      if (split > 0) {
        const nVal = Math.floor(data.n * split);
        if (nVal === 0 || nVal === data.n) throw new ConfigError(`fit: validationSplit ${split} of ${data.n} samples leaves ${nVal === 0 ? 'no validation' : 'no training'} samples`);
        val = data.slice(data.n - nVal, data.n);
        data = data.slice(0, data.n - nVal);
      }
      train = data;
    }
    if (options.validationData !== undefined) {
      if (val) throw new ConfigError('fit: give validationSplit or validationData, not both');
      val = this.validationData(options.validationData);
    }
    const valBatch = checkNumber(op, 'validationBatchSize', options.validationBatchSize ?? batchSize, { integer: true, min: 1 });
    const valSteps = options.validationSteps == null ? null : checkNumber(op, 'validationSteps', options.validationSteps, { integer: true, min: 1 });
    const trainData = toEpochData(op, train, this, batchSize, steps);
    const valData: EpochData | null = val ? toEpochData('fit (validation)', val, this, valBatch, valSteps) : null;
    return this.runFit(compiled, trainData, valData, { ...options, epochs, batchSize, initialEpoch, verbose, validationFreq, classWeight });
  }

  private validationData(v: ValidationData): ArrayData | BatchSource {
    // An array of {x, y} batches is a source; any other array is an [x, y(, sampleWeight)] tuple.
    if (Array.isArray(v) && v.length > 0 && v.every((b) => b !== null && typeof b === 'object' && !Array.isArray(b) && 'x' in b)) return v as BatchSource;
    if (Array.isArray(v)) {
      if (v.length < 2 || v.length > 3) throw new ConfigError(`fit: validationData must be [x, y] or [x, y, sampleWeight], got ${v.length} items`);
      return this.arrayData('fit (validationData)', v[0] as TensorData, v[1] as TensorData, (v[2] as Tensor | undefined) ?? null);
    }
    if (v && typeof v === 'object' && 'x' in v && 'y' in v && !isBatchSource(v)) {
      const o = v as { x: TensorData; y: TensorData; sampleWeight?: Tensor };
      return this.arrayData('fit (validationData)', o.x, o.y, o.sampleWeight ?? null);
    }
    if (isBatchSource(v)) return v;
    throw new ConfigError('fit: validationData must be [x, y], {x, y} or a batch source');
  }

  private async runFit(
    c: Compiled,
    train: EpochData,
    val: EpochData | null,
    o: Omit<FitOptions, 'classWeight'> & { epochs: number; batchSize: number; initialEpoch: number; verbose: number; validationFreq: number; classWeight: Record<number, number> | null },
  ): Promise<History> {
    const history = new History();
    const list: (Callback | CallbackHooks)[] = [...(o.callbacks ?? [])];
    if (o.verbose > 0) list.push(new ProgressBar(o.verbose as 1 | 2, o.writer));
    list.push(history);
    const cbs = new CallbackList(list);
    const tracker = new LogTracker(this, c);
    const params: TrainingParams = {
      epochs: o.epochs,
      steps: train.numBatches,
      samples: train.samples,
      batchSize: train.batchSize,
      verbose: o.verbose,
      initialEpoch: o.initialEpoch,
      doValidation: val !== null,
      metrics: Object.keys({ ...tracker.logs(), ...(val ? tracker.logs('val_') : {}) }),
    };
    cbs.setModel(this);
    cbs.setParams(params);
    this.history = history;
    this.stopTraining = false;
    const attach = { done: false };
    const yielder = new Yielder();
    const shuffle = o.shuffle ?? true;
    let epochLogs: Logs = {};
    await cbs.call('onTrainBegin', {});
    for (let epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
      await cbs.call('onEpochBegin', epoch, {});
      tracker.reset();
      let step = 0;
      for await (const batch of train.pass(shuffle)) {
        if (cbs.has('onTrainBatchBegin')) await cbs.call('onTrainBatchBegin', step, {});
        const r = trainStep(this, c, batch, o.classWeight, attach);
        tracker.add(r.loss, r.outputLosses, batch.size);
        if (!Number.isFinite(r.loss) && o.terminateOnNaN !== false) {
          this.stopTraining = true;
          history.stopReason = `fit: batch ${step + 1} of epoch ${epoch + 1} gave loss ${r.loss}; training stopped (the weights are no longer finite; pass terminateOnNaN: false to go on)`;
        }
        if (cbs.has('onTrainBatchEnd')) {
          const logs = tracker.logs();
          logs.loss = r.loss; // the batch's own loss, so a NaN shows at once
          await cbs.call('onTrainBatchEnd', step, logs);
        }
        step++;
        await yielder.maybe();
        if (this.stopTraining) break;
      }
      epochLogs = tracker.logs();
      if (val && (epoch + 1) % o.validationFreq === 0) Object.assign(epochLogs, await evaluateLoop(this, c, val, cbs, 'val_'));
      this.completedEpochs = epoch + 1;
      await cbs.call('onEpochEnd', epoch, epochLogs);
      if (this.stopTraining) break;
    }
    await cbs.call('onTrainEnd', epochLogs);
    return history;
  }

  /**
   * Loss and metrics on `(x, y)` or a batch source, in inference mode.
   * @example const { loss, accuracy } = await model.evaluate(xTest, yTest)
   */
  evaluate(x: TensorData, y: TensorData, options?: EvaluateOptions): Promise<Logs>;
  evaluate(data: BatchSource, options?: EvaluateOptions): Promise<Logs>;
  async evaluate(a: TensorData | BatchSource, b?: TensorData | EvaluateOptions, c?: EvaluateOptions): Promise<Logs> {
    const source = isBatchSource(a) && (b === undefined || isOptionsObject(b));
    const o = ((source ? b : c) ?? {}) as EvaluateOptions;
    checkOptions('evaluate', o, ['batchSize', 'sampleWeight', 'steps', 'callbacks']);
    const compiled = this.requireCompiled('evaluate');
    const batchSize = checkNumber('evaluate', 'batchSize', o.batchSize ?? 32, { integer: true, min: 1 });
    if (!source && (b === undefined || isOptionsObject(b))) throw new ConfigError('evaluate: targets y are required: evaluate(x, y, options)');
    const data = source ? (a as BatchSource) : this.arrayData('evaluate', a as TensorData, b as TensorData, o.sampleWeight ?? null);
    const cbs = new CallbackList(o.callbacks ?? []);
    cbs.setModel(this);
    return evaluateLoop(this, compiled, toEpochData('evaluate', data, this, batchSize, o.steps ?? null), cbs);
  }

  /**
   * The model's output for `x`, computed in batches in inference mode.
   * @example const probs = await model.predict(xTest); probs.argmax(-1)
   */
  async predict(x: TensorData | BatchSource, options: PredictOptions = {}): Promise<Tensor> {
    const outs = await this.predictMulti(x, options);
    if (outs.length !== 1) throw new ConfigError(`${this.label}.predict: the model has ${outs.length} outputs; use predictMulti`);
    return outs[0]!;
  }

  /** Every output of the model for `x`, in batches. */
  async predictMulti(x: TensorData | BatchSource, options: PredictOptions = {}): Promise<Tensor[]> {
    checkOptions('predict', options, ['batchSize', 'steps', 'callbacks']);
    const batchSize = checkNumber('predict', 'batchSize', options.batchSize ?? 32, { integer: true, min: 1 });
    const data = isBatchSource(x) ? x : this.arrayData('predict', x as TensorData, undefined, null);
    const cbs = new CallbackList(options.callbacks ?? []);
    cbs.setModel(this);
    return predictLoop(this, toEpochData('predict', data, this, batchSize, options.steps ?? null), cbs);
  }

  /** One optimizer step on one batch; returns that batch's loss and metrics. */
  trainOnBatch(x: TensorData, y: TensorData, options: { sampleWeight?: Tensor; classWeight?: Record<number, number> } = {}): Logs {
    checkOptions('trainOnBatch', options, ['sampleWeight', 'classWeight']);
    const c = this.requireCompiled('trainOnBatch');
    const data = this.arrayData('trainOnBatch', x, y, options.sampleWeight ?? null);
    const [batch] = data.batches(data.n, null);
    const tracker = new LogTracker(this, c);
    tracker.reset();
    const r = trainStep(this, c, batch!, options.classWeight ?? null, { done: false });
    tracker.add(r.loss, r.outputLosses, batch!.size);
    return tracker.logs();
  }

  /** Writes the model (topology, weights, optimizer state) to a directory. See `nb.loadModel`. */
  async save(dir: string): Promise<void> {
    await modelIO('save').save(this, dir);
  }

  /** Writes only the weights, to one safetensors file. */
  async saveWeights(file: string): Promise<void> {
    await modelIO('saveWeights').saveWeights(this, file);
  }

  /** Reads weights written by `saveWeights` (names and shapes must match). */
  async loadWeights(file: string): Promise<void> {
    await modelIO('loadWeights').loadWeights(this, file);
  }

  /** The layer table Keras prints: names, types, output shapes, parameter counts. */
  summary(options: { lineLength?: number } = {}): string {
    return summarize(this, options);
  }
}

/** A plain options object (not data: no tensor values, not a tensor, array or batch source). */
function isOptionsObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Tensor || isBatchSource(v)) return false;
  return !Object.values(v as object).some((e) => e instanceof Tensor);
}
