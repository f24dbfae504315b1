/**
 * The Model: a Layer made of layers (Sequential or functional) that can be compiled and trained.
 * `fit` takes tensors `(x, y)` or a batch source (any iterable of `{x, y}` batches, such as a
 * Dataset), and runs the loop in loops.ts with callbacks, validation and a progress bar. Each batch
 * goes through `trainStep` (`testStep` in evaluation, `predictStep` in prediction), which a subclass
 * may override — a GAN trains its two halves with two optimizers and keeps everything `fit` gives.
 *
 * @example
 * model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * const history = await model.fit(x, y, { epochs: 5, batchSize: 64, validationSplit: 0.1 });
 * const { loss, accuracy } = await model.evaluate(xTest, yTest);
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { withGradMode } from '../primitives/primitive.js';
import { CallContext, type CallOptions, Layer, type LayerArgs, trainableStructureVersion } from '../nn/layer.js';
import type { SymbolicShape } from '../nn/symbolic.js';
import { checkBool, checkNumber, checkOptions } from '../check.js';
import type { Optimizer } from '../optim/optimizer.js';
import { type CompileArgs, type Compiled, resolveCompile } from './compile.js';
import { ArrayData, type BatchSource, type TensorData, isBatchSource, toTensorList } from './data-adapter.js';
import { type Callback, type CallbackHooks, CallbackList, History, type Logs, type TrainingParams } from './callbacks/callback.js';
import { ProgressBar } from './callbacks/progress.js';
import { LogTracker, batchWeights, evaluateLoop, fitLoop, predictLoop } from './loops.js';
import { type EpochData, checkFiniteData, checkNotEmpty, checkSparseLabels, stepBatch, toEpochData } from './epoch-data.js';
import { type LossResult, type StepBatch, type StepLogs, compiledLoss, defaultTestStep, defaultTrainStep } from './steps.js';
import { type OutputWriter, defaultWriter } from './output.js';
import { modelIO } from './persistence.js';
import { summarize } from './summary.js';

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
  /**
   * Stop at the first batch whose loss, gradients or update are not finite, saying so and keeping
   * the weights from before that batch (default true). With false the NumericalError propagates.
   */
  terminateOnNaN?: boolean;
  /** Scan tensor data once before training for NaN/Infinity and out-of-range labels (default true). */
  checkData?: boolean;
}

const FIT_OPTIONS = [
  'terminateOnNaN',
  'checkData',
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
  /** The named optimizers given to `compile` (`{ dOptimizer, gOptimizer }` for a GAN). */
  optimizers: Record<string, Optimizer> = {};
  /** Set by a callback to end `fit` after the current batch/epoch. */
  stopTraining = false;
  /** The History of the last (or current) `fit`. */
  history: History | null = null;
  /** Epochs trained so far (restored by `loadModel`, so `fit({ initialEpoch: model.completedEpochs })` resumes). */
  completedEpochs = 0;
  private _compiled: Compiled | null = null;
  /** The trainable-structure version each optimizer's parameter list was taken at. */
  private readonly _paramsVersion = new WeakMap<Optimizer, number>();

  constructor(args: LayerArgs = {}) {
    super(args);
    // The model's own layers cast what they need; an input layer may take int32 ids.
    this.autoCast = false;
  }

  /**
   * The layers, in order. Sequential and functional models list theirs; a subclassed model (a GAN
   * holding a generator and a discriminator in fields) gets the layers held in its fields.
   */
  get layers(): Layer[] {
    return Layer.prototype.namedChildren.call(this).map(([, l]) => l);
  }
  /** Names of the model's inputs, in the order `fit` expects them (a subclassed model has one, 'input'). */
  get inputNames(): string[] {
    return ['input'];
  }
  /** Names of the model's outputs (keys for per-output losses, metrics and logs). */
  get outputNames(): string[] {
    return ['output'];
  }
  /** The shape each input must have (batch axis first, null where any size goes), once known. */
  get inputShapes(): SymbolicShape[] | null {
    return this.batchInputShape ? [this.batchInputShape] : null;
  }

  /** The shape of each output (batch axis null), once known. */
  get outputShapes(): (SymbolicShape | null)[] {
    const s = this.outputShape;
    if (s === null) return this.outputNames.map(() => null);
    return Array.isArray(s[0]) ? (s as SymbolicShape[]) : [s as SymbolicShape];
  }

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
    this.optimizers = this._compiled.optimizers;
  }

  // ---------------------------------------------------------------- steps (override to customise fit)

  /**
   * One training step on one batch; returns this batch's values by name, which `fit` averages over
   * the epoch and shows. The default: forward in training mode, `computeLoss`, backward, one step of
   * `this.optimizer`, the compiled metrics. Override it to train differently (two optimizers, a
   * gradient penalty…); callbacks, progress, history and checkpoints still work.
   * @example
   * class Gan extends nb.Sequential {
   *   override trainStep(batch: nb.StepBatch) { … return { dLoss, gLoss }; }
   * }
   */
  trainStep(batch: StepBatch): StepLogs {
    return defaultTrainStep(this, this.requireCompiled('fit'), batch);
  }

  /** One evaluation step (inference mode): the default computes the compiled loss and updates the metrics. */
  testStep(batch: StepBatch): StepLogs {
    return defaultTestStep(this, this.requireCompiled('evaluate'), batch);
  }

  /** One prediction step: the model's outputs for `batch.xs` in inference mode. */
  predictStep(batch: StepBatch): Tensor[] {
    return withGradMode(false, () => this.forwardBatch(batch.xs, new CallContext(false)));
  }

  /**
   * The loss of a batch given the model's outputs: the compiled losses (weighted, masked steps
   * excluded), the weights' penalties and every loss layers added in this forward pass (Keras 3's
   * `compute_loss`). Override to add terms.
   */
  computeLoss(batch: StepBatch, outputs: readonly Tensor[], ctx: CallContext): LossResult {
    return compiledLoss(this, this.requireCompiled('fit'), batch, outputs, ctx, 'fit');
  }

  /** Runs the model on a list of inputs in `ctx` (a step's forward pass); returns the outputs as a list. */
  forwardBatch(xs: readonly Tensor[], ctx: CallContext): Tensor[] {
    if (xs.length !== this.inputNames.length) {
      throw new ConfigError(`${this.label}: expected ${this.inputNames.length} input(s) (${this.inputNames.join(', ')}), got ${xs.length}`);
    }
    const out = this._call(xs.length === 1 ? xs[0]! : xs, ctx);
    return Array.isArray(out) ? out : [out];
  }

  /**
   * Points `optimizer` at this model's current trainable weights when they changed since it last
   * looked (a layer unfrozen by a callback mid-fit is updated from the next batch on). Call it in
   * a custom `trainStep` before `optimizer.step()`; `weights` narrows it to part of the model.
   */
  followTrainableWeights(optimizer: Optimizer, weights?: () => Tensor[]): void {
    const v = trainableStructureVersion();
    if (this._paramsVersion.get(optimizer) === v && optimizer.params.length > 0) return;
    optimizer.setParameters(weights ? weights() : this.trainableWeights);
    this._paramsVersion.set(optimizer, v);
  }

  /** Checks inputs against the shapes the model was built for, then runs it. */
  override _call(inputs: Tensor | readonly Tensor[], parent: CallContext, options: CallOptions = {}): Tensor | Tensor[] {
    const specs = this.inputShapes;
    if (specs) {
      const list = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
      list.forEach((t, i) => {
        const spec = specs[i];
        if (!spec || !(t instanceof Tensor)) return;
        const fits = t.rank === spec.length && spec.every((d, k) => d === null || d === t.shape[k]);
        if (!fits) {
          const what = specs.length > 1 ? `input ${i} ('${this.inputNames[i]}')` : 'its input';
          throw new ShapeError({
            op: this.label,
            detail: `${what} must have shape ${fmtShape(spec)} (batch axis first), got ${fmtShape(t.shape)}`,
            hint: t.rank === spec.length - 1 ? 'add the batch axis, e.g. x.reshape([1, ...x.shape])' : undefined,
            code: 'E_SHAPE_INPUT',
          });
        }
      });
    }
    return super._call(inputs, parent, options);
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
   * Trains for `epochs` epochs on tensors `(x, y)` or on a batch source `(data)`. Targets may be
   * left out (`fit(x, options)`) for a model whose `trainStep` needs none (an autoencoder passes x as
   * y; a GAN's step uses only x).
   * @example await model.fit(x, y, { epochs: 5, batchSize: 64, validationSplit: 0.1 })
   * @example await model.fit(dataset, { epochs: 5, validationData: valDataset })
   */
  fit(x: TensorData, y: TensorData | null, options?: FitOptions): Promise<History>;
  fit(data: BatchSource | TensorData, options?: FitOptions): Promise<History>;
  async fit(a: TensorData | BatchSource, b?: TensorData | FitOptions | null, c?: FitOptions): Promise<History> {
    const source = isBatchSource(a) && (b === undefined || isOptionsObject(b));
    const noTargets = !source && (b === undefined || b === null || isOptionsObject(b));
    const options = ((source || (noTargets && b !== null) ? b : c) ?? {}) as FitOptions;
    checkOptions('fit', options, FIT_OPTIONS);
    const compiled = this.requireCompiled('fit');
    const op = 'fit';
    const epochs = checkNumber(op, 'epochs', options.epochs ?? 1, { integer: true, min: 0 });
    const batchSize = checkNumber(op, 'batchSize', options.batchSize ?? 32, { integer: true, min: 1 });
    const initialEpoch = checkNumber(op, 'initialEpoch', options.initialEpoch ?? 0, { integer: true, min: 0 });
    const verbose = options.verbose ?? 1;
    if (![0, 1, 2].includes(verbose)) throw new ConfigError({ op, arg: 'verbose', expected: '0, 1 or 2', received: verbose });
    const steps = options.stepsPerEpoch == null ? null : checkNumber(op, 'stepsPerEpoch', options.stepsPerEpoch, { integer: true, min: 1 });
    const validationFreq = checkNumber(op, 'validationFreq', options.validationFreq ?? 1, { integer: true, min: 1 });
    const checkData = checkBool(op, 'checkData', options.checkData ?? true);
    const terminateOnNaN = checkBool(op, 'terminateOnNaN', options.terminateOnNaN ?? true);
    const classWeight = options.classWeight ?? null;

    let train: ArrayData | BatchSource;
    let val: ArrayData | BatchSource | null = null;
    if (source) {
      if (options.validationSplit) throw new ConfigError('fit: validationSplit needs tensors; with a batch source, pass validationData');
      if (options.sampleWeight) throw new ConfigError('fit: sampleWeight needs tensors (fit(x, y, { sampleWeight })); a batch source yields its own weights as {x, y, sampleWeight}');
      train = a as BatchSource;
    } else {
      if (noTargets && compiled.losses.length > 0 && !this.overridesStep('trainStep')) throw new ConfigError('fit: targets y are required: fit(x, y, options)');
      let data = this.arrayData(op, a as TensorData, noTargets ? undefined : (b as TensorData), options.sampleWeight ?? null);
      checkNotEmpty(op, data);
      if (checkData) {
        checkFiniteData(op, data);
        checkSparseLabels(op, this, compiled.losses.map((l) => l.name), data);
      }
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
    return this.runFit(compiled, trainData, valData, { ...options, epochs, batchSize, initialEpoch, verbose, validationFreq, classWeight, terminateOnNaN });
  }

  /** Whether a subclass overrides one of the step methods. */
  private overridesStep(name: 'trainStep' | 'testStep'): boolean {
    return (this as unknown as Record<string, unknown>)[name] !== Model.prototype[name];
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
    o: Omit<FitOptions, 'classWeight'> & {
      epochs: number;
      batchSize: number;
      initialEpoch: number;
      verbose: number;
      validationFreq: number;
      classWeight: Record<number, number> | null;
      terminateOnNaN: boolean;
    },
  ): Promise<History> {
    const history = new History();
    // Keras's order: the progress line first, so messages of other callbacks follow the epoch line they refer to.
    const list: (Callback | CallbackHooks)[] = [];
    if (o.verbose > 0) list.push(new ProgressBar(o.verbose as 1 | 2, o.writer));
    list.push(...(o.callbacks ?? []), history);
    const cbs = new CallbackList(list);
    const tracker = new LogTracker(c);
    const keys = tracker.keys(this);
    const params: TrainingParams = {
      epochs: o.epochs,
      steps: train.numBatches,
      samples: train.samples,
      batchSize: train.batchSize,
      verbose: o.verbose,
      initialEpoch: o.initialEpoch,
      doValidation: val !== null,
      metrics: [...keys, ...(val ? keys.map((k) => `val_${k}`) : [])],
    };
    cbs.setModel(this);
    cbs.setParams(params);
    this.history = history;
    this.stopTraining = false;
    await fitLoop(this, c, train, val, cbs, history, {
      epochs: o.epochs,
      initialEpoch: o.initialEpoch,
      shuffle: o.shuffle ?? true,
      validationFreq: o.validationFreq,
      classWeight: o.classWeight,
      terminateOnNaN: o.terminateOnNaN,
      writer: o.writer ?? defaultWriter(),
      verbose: o.verbose,
    });
    return history;
  }

  /**
   * Loss and metrics on `(x, y)` or a batch source, in inference mode.
   * @example const { loss, accuracy } = await model.evaluate(xTest, yTest)
   */
  evaluate(x: TensorData, y: TensorData | null, options?: EvaluateOptions): Promise<Logs>;
  evaluate(data: BatchSource, options?: EvaluateOptions): Promise<Logs>;
  async evaluate(a: TensorData | BatchSource, b?: TensorData | EvaluateOptions | null, c?: EvaluateOptions): Promise<Logs> {
    const source = isBatchSource(a) && (b === undefined || isOptionsObject(b));
    const o = ((source || isOptionsObject(b) ? b : c) ?? {}) as EvaluateOptions;
    checkOptions('evaluate', o, ['batchSize', 'sampleWeight', 'steps', 'callbacks']);
    const compiled = this.requireCompiled('evaluate');
    const batchSize = checkNumber('evaluate', 'batchSize', o.batchSize ?? 32, { integer: true, min: 1 });
    const noTargets = !source && (b === undefined || b === null || isOptionsObject(b));
    if (noTargets && compiled.losses.length > 0 && !this.overridesStep('testStep')) throw new ConfigError('evaluate: targets y are required: evaluate(x, y, options)');
    const data = source ? (a as BatchSource) : this.arrayData('evaluate', a as TensorData, noTargets ? undefined : (b as TensorData), o.sampleWeight ?? null);
    if (data instanceof ArrayData) checkNotEmpty('evaluate', data);
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

  /** One `trainStep` on one batch; returns that batch's logs and the metrics' results. */
  trainOnBatch(x: TensorData, y: TensorData | null, options: { sampleWeight?: Tensor; classWeight?: Record<number, number> } = {}): Logs {
    checkOptions('trainOnBatch', options, ['sampleWeight', 'classWeight']);
    const c = this.requireCompiled('trainOnBatch');
    const data = this.arrayData('trainOnBatch', x, y ?? undefined, options.sampleWeight ?? null);
    checkNotEmpty('trainOnBatch', data);
    const [batch] = data.batches(data.n, null);
    const tracker = new LogTracker(c);
    tracker.reset();
    const w = batchWeights('trainOnBatch', batch!, options.classWeight ?? null);
    tracker.add(this.trainStep(stepBatch(batch!, w)), batch!.size);
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

const OPTION_NAMES = new Set([...FIT_OPTIONS, 'steps']);

/**
 * A plain options object, not data: not a tensor, array or batch source, and either holding no
 * tensors or only option names (`{ sampleWeight }` holds a tensor but is options, while targets by
 * output name are a record of tensors).
 */
function isOptionsObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Tensor || isBatchSource(v)) return false;
  const keys = Object.keys(v as object);
  if (keys.length > 0 && keys.every((k) => OPTION_NAMES.has(k))) return true;
  return !Object.values(v as object).some((e) => e instanceof Tensor);
}
