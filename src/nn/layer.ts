/**
 * The Layer base. A layer is built on its first call from the input shape, owns Variables
 * (found by walking its fields, as PyTorch modules do), may hold sub-layers in fields (found the
 * same way), and describes itself with `getConfig()` so a saved model can be rebuilt.
 *
 * To write a layer: extend `Layer`, create weights in `build(inputShape)` with `addWeight`, and
 * compute in `forward(x, ctx)`. Users call `layer.call(x)` (tensors) or `layer.apply(x)` (tensors or
 * symbolic tensors of the functional API). The call protocol (docs/architecture.md): `ctx` carries the
 * training mode, the inputs' mask and keyword inputs such as `initialState`; sub-layers called inside
 * `forward` inherit it (call-context.ts); masks travel with tensors (masks.ts) and a layer says what
 * mask its output has with `computeMask`; stateful layers keep state in non-trainable Variables and
 * clear it in `resetStates()`.
 *
 * @example
 * class Scale extends nb.Layer {
 *   static override readonly className = 'Scale';
 *   w: nb.Variable | null = null;
 *   override build(shape: nb.SymbolicShape) { this.w = this.addWeight('w', [shape.at(-1)!], { initializer: 'ones' }); }
 *   override forward(x: nb.Tensor) { return x.mul(this.w!); }
 * }
 */
import { ConfigError, ResourceError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, isFloat } from '../tensor/dtype.js';
import { cast } from '../primitives/elementwise.js';
import { withGradMode } from '../primitives/primitive.js';
import { zeros } from '../ops/create.js';
import { getGenerator } from '../random.js';
import { add } from '../ops/elementwise.js';
import { type InitializerLike, getInitializer } from './initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from './regularizers.js';
import { type JsonObject, snakeCase } from './options.js';
import { Variable } from './variable.js';
import { GraphNode, type SymbolicShape, SymbolicTensor, isSymbolic } from './symbolic.js';
import { loadStateDictInto, walkWeights } from './state.js';
import { CallContext, type KeywordInputs, type MaskArg, currentCallContext, withCallContext } from './call-context.js';
import { attachMasks, masksOf } from './masks.js';

export { CallContext, currentCallContext, type KeywordInputs, type MaskArg } from './call-context.js';
import { checkChoice } from '../check.js';

/**
 * Options of one call. Beyond `training` and `mask`, a layer accepts the keyword inputs it lists in
 * its static `keywordInputs` (a recurrent layer takes `initialState`); other names are refused.
 */
export interface CallOptions {
  /**
   * Training mode: dropout drops, batch normalisation uses batch statistics. Default: the mode of
   * the call this one runs inside (a sub-layer inherits its parent's), else false.
   */
  training?: boolean;
  /** The inputs' mask, overriding the one the inputs carry. */
  mask?: MaskArg;
  /** Initial state of a recurrent layer: one tensor per state. */
  initialState?: Tensor | readonly Tensor[];
  /** Other keyword inputs a layer declares in `keywordInputs`. */
  [keyword: string]: unknown;
}

/** The same options in the functional API: keyword inputs are symbolic tensors. */
export interface SymbolicCallOptions {
  training?: boolean;
  initialState?: SymbolicTensor | readonly SymbolicTensor[];
  [keyword: string]: unknown;
}

/** Bumped whenever the set of trainable variables may change (trainable flags, new weights). */
let weightStructureVersion = 0;

/** A number that changes whenever any layer's trainable set may have changed (optimizers follow it). */
export function trainableStructureVersion(): number {
  return weightStructureVersion;
}

/** Options every layer accepts (Keras's base-layer arguments). */
export interface LayerArgs {
  /** Unique name within a model; default: the snake_case class name plus a counter (`dense_1`). */
  name?: string;
  /** Whether the layer's weights are updated by training. Default true. */
  trainable?: boolean;
  /** Weight and computation dtype. Default 'float32' ('int32' only for layers taking indices, such as inputs of token ids). */
  dtype?: 'float32' | 'float64' | 'int32';
  /** Shape of one sample (no batch axis); lets a sequential model build before seeing data. */
  inputShape?: readonly (number | null)[];
  /** Full input shape with the batch axis (usually null) first; alternative to inputShape. */
  batchInputShape?: readonly (number | null)[];
  /** Fixed batch size, used with inputShape. */
  batchSize?: number | null;
  /** Penalty on the layer's output, added to the training loss. */
  activityRegularizer?: RegularizerLike | null;
}

/** The option names of `LayerArgs`, for subclasses' unknown-option checks. */
export const LAYER_ARGS = ['name', 'trainable', 'dtype', 'inputShape', 'batchInputShape', 'batchSize', 'activityRegularizer'] as const;

const nameCounters = new Map<string, number>();

/** A fresh name `prefix`, `prefix_1`, `prefix_2`… (Keras's scheme). */
export function uniqueLayerName(prefix: string): string {
  const n = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Resets the automatic layer-name counters (Keras's `clear_session`), e.g. between tests. */
export function resetLayerNames(): void {
  nameCounters.clear();
}

let skipInitialization = false;

/** Runs `fn` with weight initializers skipped (weights are zeros): used when loading saved weights. */
export function withoutInitialization<T>(fn: () => T): T {
  const prev = skipInitialization;
  skipInitialization = true;
  try {
    return fn();
  } finally {
    skipInitialization = prev;
  }
}

export interface AddWeightOptions {
  initializer?: InitializerLike;
  /** Trainable weight (default) or non-trainable state. */
  trainable?: boolean;
  regularizer?: Regularizer | null;
  dtype?: DType;
}

export abstract class Layer {
  /** Registry name used when saving; every subclass sets its own. */
  static readonly className: string = 'Layer';
  /** Names of the keyword inputs `call`/`apply` accept besides `training` and `mask` (e.g. `initialState`). */
  static readonly keywordInputs: readonly string[] = [];

  /**
   * Whether the layer passes its input's mask on unchanged (the default `computeMask`). Layers
   * that act on each time step independently (Dense, Activation, Dropout…) set it.
   */
  supportsMasking = false;

  readonly name: string;
  readonly dtype: 'float32' | 'float64' | 'int32';
  built = false;
  /** Input shape given at construction (batch axis first), or null. */
  readonly batchInputShape: SymbolicShape | null;
  readonly activityRegularizer: Regularizer | null;
  /** Cast inputs to the layer's dtype before `forward` (off for layers taking indices). */
  protected autoCast = true;
  /** @internal Functional-API applications of this layer. */
  readonly inboundNodes: GraphNode[] = [];
  /** Shape of the last output (batch axis null), once known; shown by `summary()`. */
  outputShape: SymbolicShape | SymbolicShape[] | null = null;
  private _trainable = true;
  private readonly _regularizers = new Map<Variable, Regularizer>();
  private _activityLosses: Tensor[] = [];

  constructor(args: LayerArgs = {}) {
    const cls = this.className;
    this.name = args.name ?? uniqueLayerName(snakeCase(cls));
    if (typeof this.name !== 'string' || this.name === '' || /[.\s]/.test(this.name)) {
      throw new ConfigError(`${cls}: name must be a non-empty string without dots or spaces, got ${JSON.stringify(args.name)}`);
    }
    this.dtype = checkChoice(cls, 'dtype', args.dtype ?? 'float32', this.allowedDtypes());
    this._trainable = args.trainable ?? true;
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
    if (this.batchInputShape) {
      for (const d of this.batchInputShape) {
        if (d !== null && (!Number.isInteger(d) || d < 0)) {
          throw new ConfigError(`${cls} '${this.name}': inputShape entries must be non-negative integers or null, got ${JSON.stringify(args.inputShape ?? args.batchInputShape)}`);
        }
      }
    }
    this.activityRegularizer = getRegularizer(args.activityRegularizer, `${cls} '${this.name}'`);
  }

  /** The registry name of this layer's class. */
  get className(): string {
    const ctor = this.constructor as { className?: string; name: string };
    // An anonymous class (`new (class extends nb.Layer { … })()`) is named 'Layer'.
    return Object.prototype.hasOwnProperty.call(ctor, 'className') ? ctor.className! : ctor.name || 'Layer';
  }

  /** The dtypes this layer computes in (called from the constructor: must not read fields). */
  protected allowedDtypes(): ('float32' | 'float64' | 'int32')[] {
    return ['float32', 'float64'];
  }

  /** `Dense 'dense_1'`, for error messages. */
  protected get label(): string {
    return `${this.className} '${this.name}'`;
  }

  // ---------------------------------------------------------------- to override

  /** Creates the weights from the input shape (batch axis null). Called once, before the first forward. */
  build(_inputShape: SymbolicShape | SymbolicShape[]): void {}

  /** The computation. Override this; call the layer with `call`/`apply`. */
  abstract forward(inputs: Tensor | Tensor[], ctx: CallContext): Tensor | Tensor[];

  /**
   * The output shape for an input shape (batch axis null). The default runs `forward` once on
   * zeros (unknown sizes taken as 1) in a probing context, restoring every variable and the global
   * generator afterwards, so shape inference never changes state; layers override it when that is
   * wasteful or inexact. `kwargShapes` gives the shapes of keyword inputs (a probe feeds zeros).
   */
  computeOutputShape(inputShape: SymbolicShape | SymbolicShape[], kwargShapes: Readonly<Record<string, SymbolicShape | SymbolicShape[]>> = {}): SymbolicShape | SymbolicShape[] {
    const list = isShapeList(inputShape) ? inputShape : [inputShape];
    const probe = (s: SymbolicShape) => zeros(s.map((d) => d ?? 1), this.dtype);
    const probes = list.map(probe);
    const kwargs: Record<string, Tensor | Tensor[]> = {};
    for (const [k, v] of Object.entries(kwargShapes)) kwargs[k] = isShapeList(v) ? v.map(probe) : probe(v);
    const out = withoutStateChanges(this, () =>
      withGradMode(false, () => {
        const ctx = new CallContext(false, { kwargs, probing: true });
        return withCallContext(ctx, () => this.forward(list.length === 1 ? probes[0]! : probes, ctx));
      }),
    );
    const outs = (Array.isArray(out) ? out : [out]).map((t) => (t.rank > 0 && list[0]![0] === null ? [null, ...t.shape.slice(1)] : [...t.shape]));
    return Array.isArray(out) ? outs : outs[0]!;
  }

  /**
   * The mask of the output, given the inputs and their mask (Keras's `compute_mask`). Default: the
   * input's mask passed on when `supportsMasking`, else none. A layer that makes a mask (embedding
   * with `maskZero`, masking) or changes the time axis overrides it.
   */
  computeMask(_inputs: Tensor | Tensor[], mask: MaskArg): MaskArg {
    return this.supportsMasking ? mask : null;
  }

  /** Clears the state of stateful layers (recurrent layers with `stateful: true`), here and in every sub-layer. */
  resetStates(): void {
    for (const [, c] of this.namedChildren()) c.resetStates();
  }

  /** The options that rebuild this layer (`new Cls(config)`); subclasses add theirs. */
  getConfig(): JsonObject {
    const c: JsonObject = { name: this.name, trainable: this._trainable, dtype: this.dtype };
    if (this.batchInputShape) c.batchInputShape = [...this.batchInputShape];
    if (this.activityRegularizer) c.activityRegularizer = serializeRegularizer(this.activityRegularizer) as unknown as JsonObject;
    return c;
  }

  // ---------------------------------------------------------------- calling

  /**
   * Runs the layer on tensors (building it first if needed) and returns its single output. Inside
   * another layer's `forward`, the call inherits that call's training mode and losses.
   * @example const y = nb.layers.dense({ units: 3 }).call(nb.ones([2, 4])); // [2, 3]
   */
  call(inputs: Tensor | readonly Tensor[], options: CallOptions = {}): Tensor {
    const outs = this.callMulti(inputs, options);
    if (outs.length !== 1) throw new ConfigError(`${this.label}: call returns one tensor, but this layer has ${outs.length} outputs; use callMulti`);
    return outs[0]!;
  }

  /** Runs the layer and returns all of its outputs. */
  callMulti(inputs: Tensor | readonly Tensor[], options: CallOptions = {}): Tensor[] {
    const parent = currentCallContext();
    const root = parent ?? new CallContext(options.training ?? false);
    const out = this._call(inputs, root, options);
    if (!parent) this._activityLosses = root.losses;
    return Array.isArray(out) ? out : [out];
  }

  /** Applies the layer to symbolic tensors (functional API) or, like `call`, to tensors. */
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[], options?: SymbolicCallOptions): SymbolicTensor;
  apply(inputs: Tensor | readonly Tensor[], options?: CallOptions): Tensor;
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[] | Tensor | readonly Tensor[], options: CallOptions | SymbolicCallOptions = {}): SymbolicTensor | Tensor {
    if (isSymbolic(inputs)) {
      const outs = this.applyMulti(inputs, options as SymbolicCallOptions);
      if (outs.length !== 1) throw new ConfigError(`${this.label}: apply returns one tensor, but this layer has ${outs.length} outputs; use applyMulti`);
      return outs[0]!;
    }
    return this.call(inputs as Tensor | readonly Tensor[], options as CallOptions);
  }

  /** Applies the layer to symbolic tensors, returning every output. Keyword inputs may be symbolic tensors too. */
  applyMulti(inputs: SymbolicTensor | readonly SymbolicTensor[], options: SymbolicCallOptions = {}): SymbolicTensor[] {
    const list = Array.isArray(inputs) ? (inputs as readonly SymbolicTensor[]) : [inputs as SymbolicTensor];
    if (!isSymbolic(list)) throw new ConfigError(`${this.label}.applyMulti: expected symbolic tensors (from nb.input or another layer's apply)`);
    const { training, kwargs } = this.splitOptions('apply', options);
    const symKwargs: Record<string, SymbolicTensor | SymbolicTensor[]> = {};
    const kwShapes: Record<string, SymbolicShape | SymbolicShape[]> = {};
    for (const [k, v] of Object.entries(kwargs)) {
      const vs = Array.isArray(v) ? v : [v];
      if (!vs.every((e) => e instanceof SymbolicTensor)) {
        throw new ConfigError({ op: `${this.label}.apply`, arg: k, expected: 'symbolic tensors (from nb.input or a layer) in the functional API', received: v });
      }
      symKwargs[k] = Array.isArray(v) ? (v as SymbolicTensor[]) : (v as SymbolicTensor);
      kwShapes[k] = Array.isArray(v) ? (v as SymbolicTensor[]).map((t) => t.shape) : (v as SymbolicTensor).shape;
    }
    const shapes = list.map((s) => s.shape);
    const arg = list.length === 1 ? shapes[0]! : shapes;
    this.ensureBuilt(arg);
    const outShape = this.computeOutputShape(arg, kwShapes);
    this.outputShape = outShape;
    const outShapes = isShapeList(outShape) ? outShape : [outShape];
    const node = new GraphNode(this, list, symKwargs, training);
    const nodeIndex = this.inboundNodes.length;
    this.inboundNodes.push(node);
    node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, this.dtype, this, nodeIndex, i));
    return node.outputs;
  }

  /** Splits call options into the training flag, the mask and the keyword inputs this layer declares. */
  private splitOptions(op: string, options: CallOptions | SymbolicCallOptions): { training: boolean | undefined; mask: MaskArg | undefined; kwargs: Record<string, unknown> } {
    const declared = (this.constructor as typeof Layer).keywordInputs ?? [];
    let training: boolean | undefined;
    let mask: MaskArg | undefined;
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined) continue;
      if (k === 'training') {
        if (typeof v !== 'boolean') throw new ConfigError({ op: `${this.label}.${op}`, arg: 'training', expected: 'true or false', received: v });
        training = v;
      } else if (k === 'mask') mask = v as MaskArg;
      else if (declared.includes(k)) kwargs[k] = v;
      else {
        throw new ConfigError({
          op: `${this.label}.${op}`,
          arg: k,
          detail: `unknown option ${JSON.stringify(k)}; valid options are training, mask${declared.length ? `, ${declared.join(', ')}` : ''}`,
          code: 'E_CONFIG_UNKNOWN_OPTION',
        });
      }
    }
    return { training, mask, kwargs };
  }

  /**
   * @internal One forward pass inside a call: builds, casts, runs `forward` in a child of `parent`
   * (the inherited mode unless `options.training` overrides it), adds activity penalties, and
   * attaches the output mask.
   */
  _call(inputs: Tensor | readonly Tensor[], parent: CallContext, options: CallOptions = {}): Tensor | Tensor[] {
    const many = Array.isArray(inputs);
    let list = many ? (inputs as readonly Tensor[]).slice() : [inputs as Tensor];
    for (const t of list) {
      if (!(t instanceof Tensor)) throw new ConfigError(`${this.label}: expected Tensor inputs, got ${t === null ? 'null' : typeof t}`);
    }
    const { training, mask: given, kwargs } = this.splitOptions('call', options);
    for (const [k, v] of Object.entries(kwargs)) {
      const vs = Array.isArray(v) ? v : [v];
      if (!vs.every((e) => e instanceof Tensor)) throw new ConfigError({ op: `${this.label}.call`, arg: k, expected: 'a Tensor or a list of Tensors', received: v });
    }
    // Masks belong to the inputs as given (before casting makes new tensors).
    const mask = given !== undefined ? given : masksOf(list, many);
    if (this.autoCast) list = list.map((t) => (t.dtype === this.dtype || !(isFloat(t.dtype) || t.dtype === 'int32' || t.dtype === 'bool') ? t : cast(t, this.dtype)));
    const shapes = list.map((t) => batchless(t.shape));
    this.ensureBuilt(many ? shapes : shapes[0]!);
    const ctx = parent.child({ training, mask, kwargs: kwargs as KeywordInputs });
    const x = many ? list : list[0]!;
    const out = withCallContext(ctx, () => this.forward(x, ctx));
    const outs = Array.isArray(out) ? out : [out];
    if (this.activityRegularizer && !ctx.probing) for (const o of outs) ctx.addLoss(this.activityRegularizer.compute(o));
    attachMasks(outs, this.computeMask(x, mask));
    this.outputShape = Array.isArray(out) ? outs.map((o) => batchless(o.shape)) : batchless(out.shape);
    return out;
  }

  /** Builds the layer for `inputShape` if it is not built yet. */
  ensureBuilt(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (this.built) return;
    this.build(inputShape);
    this.built = true;
  }

  // ---------------------------------------------------------------- weights

  /** Creates a weight owned by this layer; assign it to a field so the layer finds it. */
  addWeight(name: string, shape: readonly number[], options: AddWeightOptions = {}): Variable {
    const trainable = options.trainable ?? true;
    const dtype = options.dtype ?? this.dtype;
    const init = getInitializer(options.initializer ?? 'glorotUniform', `${this.label} weight '${name}'`);
    let values: Tensor;
    try {
      values = skipInitialization ? zeros(shape, dtype) : init.init(shape, dtype);
    } catch (e) {
      if (e instanceof ResourceError) throw new ResourceError({ op: `${this.label} weight '${name}'`, detail: e.message, code: e.code });
      throw e;
    }
    const v = new Variable(values, { name: `${this.name}.${name}`, trainable });
    if (isFloat(v.dtype)) v.requiresGrad = trainable && this._trainable;
    if (options.regularizer) this._regularizers.set(v, options.regularizer);
    weightStructureVersion++;
    return v;
  }

  /** Whether training updates this layer's weights. Setting it sets every sub-layer too (Keras's rule). */
  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(v: boolean) {
    this._trainable = Boolean(v);
    weightStructureVersion++;
    for (const [, child] of this.namedChildren()) child.trainable = this._trainable;
    for (const [, w] of this.ownVariables()) if (isFloat(w.dtype)) w.requiresGrad = w.trainable && this._trainable;
  }

  /** Sub-layers held in this layer's fields (directly or in arrays), with their field names. */
  namedChildren(): [string, Layer][] {
    const out: [string, Layer][] = [];
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Layer) out.push([k, v]);
      else if (Array.isArray(v)) v.forEach((e, i) => e instanceof Layer && out.push([`${k}.${i}`, e]));
    }
    return out;
  }

  /** Variables held in this layer's own fields (not its sub-layers'), with their field names. */
  ownVariables(): [string, Variable][] {
    const out: [string, Variable][] = [];
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Variable) out.push([k, v]);
      else if (Array.isArray(v)) v.forEach((e, i) => e instanceof Variable && out.push([`${k}.${i}`, e]));
    }
    return out;
  }

  /** Every layer inside this one (itself first), each once. */
  allLayers(): Layer[] {
    const seen = new Set<Layer>();
    const visit = (l: Layer) => {
      if (seen.has(l)) return;
      seen.add(l);
      for (const [, c] of l.namedChildren()) visit(c);
    };
    visit(this);
    return [...seen];
  }

  /** All variables with dotted names (`kernel`, `layers.0.kernel` in a model), each once, in a stable order. */
  namedWeights(): [string, Variable][] {
    return walkWeights(this);
  }

  /** Every variable (trainable weights and state). */
  get weights(): Variable[] {
    return this.namedWeights().map(([, v]) => v);
  }

  /** Variables training updates now (trainable kind, in a trainable layer). */
  get trainableWeights(): Variable[] {
    return this.weights.filter((v) => v.requiresGrad);
  }

  /** Variables training does not update (state, and weights of frozen layers). */
  get nonTrainableWeights(): Variable[] {
    return this.weights.filter((v) => !v.requiresGrad);
  }

  /** The trainable weights, PyTorch's name: hand them to an optimizer. */
  parameters(): Variable[] {
    return this.trainableWeights;
  }

  /** Number of scalars in all weights. */
  countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** The weights by dotted name (sharing storage with the layer). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, v] of this.namedWeights()) out[k] = v;
    return out;
  }

  /**
   * Copies saved weights in. Missing, unexpected and wrong-shaped names are all reported in one
   * DataError (`source` names where the weights came from, e.g. a file).
   */
  loadStateDict(state: Readonly<Record<string, Tensor>>, options: { strict?: boolean; source?: string } = {}): void {
    loadStateDictInto(this.label, this.namedWeights(), state, options);
  }

  /** Copies of every weight's values, in `weights` order (Keras's get_weights). */
  getWeights(): Tensor[] {
    return this.weights.map((v) => new Tensor(v.data().slice(), [...v.shape], v.dtype));
  }

  /** Sets every weight from a list in `weights` order (Keras's set_weights). */
  setWeights(values: readonly Tensor[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) throw new ShapeError(`${this.label}.setWeights: expected ${ws.length} tensors, got ${values.length}`);
    ws.forEach((w, i) => w.assign(values[i]!));
  }

  // ---------------------------------------------------------------- losses

  /** The weight penalties of this layer and its sub-layers (trainable weights only), summed; null if none. */
  regularizationLoss(): Tensor | null {
    let total: Tensor | null = null;
    for (const l of this.allLayers()) {
      for (const [v, r] of l._regularizers) {
        if (!v.requiresGrad) continue;
        const t = r.compute(v);
        total = total ? add(total, t) : t;
      }
    }
    return total;
  }

  /** Weight penalties plus the activity penalties of the last `call` (Keras's `layer.losses`). */
  get losses(): Tensor[] {
    const out: Tensor[] = [];
    for (const l of this.allLayers()) {
      for (const [v, r] of l._regularizers) if (v.requiresGrad) out.push(r.compute(v));
    }
    return out.concat(this._activityLosses);
  }

  toString(): string {
    return `${this.className}(name=${this.name})`;
  }
}

/**
 * Runs `fn` (a shape probe) and puts back every variable of `layer` and the global generator as they
 * were, so inferring shapes never changes a stateful layer's state or the random stream.
 */
function withoutStateChanges<T>(layer: Layer, fn: () => T): T {
  const vars = layer.weights;
  const saved = vars.map((v) => v.data().slice());
  const shapes = vars.map((v) => v.shape);
  const gen = getGenerator();
  const genState = gen.getState();
  try {
    return fn();
  } finally {
    vars.forEach((v, i) => {
      // A layer that replaced a state variable's shape during the probe has no old values to restore.
      if (v.shape === shapes[i] && v.size === saved[i]!.length && !sameValues(v.data(), saved[i]!)) v.assign(saved[i]!);
    });
    gen.setState(genState);
  }
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** True when `s` is a list of shapes rather than one shape. */
export function isShapeList(s: SymbolicShape | readonly SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** A concrete shape with its batch axis replaced by null. */
export function batchless(shape: readonly number[]): SymbolicShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}
