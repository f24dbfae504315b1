/**
 * The Layer base. A layer is built on its first call from the input shape, owns Variables
 * (found by walking its fields, as PyTorch modules do), may hold sub-layers in fields (found the
 * same way), and describes itself with `getConfig()` so a saved model can be rebuilt.
 *
 * To write a layer: extend `Layer`, create weights in `build(inputShape)` with `addWeight`, and
 * compute in `forward(x, ctx)`. Users call `layer.call(x)` (tensors) or `layer.apply(x)` (tensors or
 * symbolic tensors of the functional API).
 *
 * @example
 * class Scale extends nb.Layer {
 *   static override readonly className = 'Scale';
 *   w: nb.Variable | null = null;
 *   override build(shape: nb.SymbolicShape) { this.w = this.addWeight('w', [shape.at(-1)!], { initializer: 'ones' }); }
 *   override forward(x: nb.Tensor) { return x.mul(this.w!); }
 * }
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, isFloat } from '../tensor/dtype.js';
import { cast } from '../primitives/elementwise.js';
import { withGradMode } from '../primitives/primitive.js';
import { zeros } from '../ops/create.js';
import { add } from '../ops/elementwise.js';
import { type InitializerLike, getInitializer } from './initializers.js';
import { type Regularizer, type RegularizerLike, getRegularizer, serializeRegularizer } from './regularizers.js';
import { type JsonObject, snakeCase } from './options.js';
import { Variable } from './variable.js';
import { GraphNode, type SymbolicShape, SymbolicTensor, isSymbolic } from './symbolic.js';
import { loadStateDictInto, walkWeights } from './state.js';
import { checkChoice } from '../check.js';

export interface CallOptions {
  /** Training mode: dropout drops, batch normalisation uses batch statistics. Default false. */
  training?: boolean;
}

/** What one forward pass carries through the layers: the mode, and the losses layers add. */
export class CallContext {
  readonly losses: Tensor[] = [];
  constructor(readonly training: boolean) {}
  /** Adds a term to the training loss (activity regularisation, auxiliary losses). */
  addLoss(t: Tensor): void {
    this.losses.push(t);
  }
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
    return Object.prototype.hasOwnProperty.call(ctor, 'className') ? ctor.className! : ctor.name;
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
   * zeros (unknown sizes taken as 1), so layers override it when that is wasteful or inexact.
   */
  computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const list = isShapeList(inputShape) ? inputShape : [inputShape];
    const probes = list.map((s) => zeros(s.map((d) => d ?? 1), this.dtype));
    const out = withGradMode(false, () => this.forward(list.length === 1 ? probes[0]! : probes, new CallContext(false)));
    const outs = (Array.isArray(out) ? out : [out]).map((t) => (t.rank > 0 && list[0]![0] === null ? [null, ...t.shape.slice(1)] : [...t.shape]));
    return Array.isArray(out) ? outs : outs[0]!;
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
   * Runs the layer on tensors (building it first if needed) and returns its single output.
   * @example const y = nb.layers.dense({ units: 3 }).call(nb.ones([2, 4])); // [2, 3]
   */
  call(inputs: Tensor | readonly Tensor[], options: CallOptions = {}): Tensor {
    const outs = this.callMulti(inputs, options);
    if (outs.length !== 1) throw new ConfigError(`${this.label}: call returns one tensor, but this layer has ${outs.length} outputs; use callMulti`);
    return outs[0]!;
  }

  /** Runs the layer and returns all of its outputs. */
  callMulti(inputs: Tensor | readonly Tensor[], options: CallOptions = {}): Tensor[] {
    const ctx = new CallContext(options.training ?? false);
    const out = this._call(inputs, ctx);
    this._activityLosses = ctx.losses;
    return Array.isArray(out) ? out : [out];
  }

  /** Applies the layer to symbolic tensors (functional API) or, like `call`, to tensors. */
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor;
  apply(inputs: Tensor | readonly Tensor[], options?: CallOptions): Tensor;
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[] | Tensor | readonly Tensor[], options: CallOptions = {}): SymbolicTensor | Tensor {
    if (isSymbolic(inputs)) {
      const outs = this.applyMulti(inputs);
      if (outs.length !== 1) throw new ConfigError(`${this.label}: apply returns one tensor, but this layer has ${outs.length} outputs; use applyMulti`);
      return outs[0]!;
    }
    return this.call(inputs as Tensor | readonly Tensor[], options);
  }

  /** Applies the layer to symbolic tensors, returning every output. */
  applyMulti(inputs: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor[] {
    const list = Array.isArray(inputs) ? (inputs as readonly SymbolicTensor[]) : [inputs as SymbolicTensor];
    if (!isSymbolic(list)) throw new ConfigError(`${this.label}.applyMulti: expected symbolic tensors (from nb.input or another layer's apply)`);
    const shapes = list.map((s) => s.shape);
    const arg = list.length === 1 ? shapes[0]! : shapes;
    this.ensureBuilt(arg);
    const outShape = this.computeOutputShape(arg);
    this.outputShape = outShape;
    const outShapes = isShapeList(outShape) ? outShape : [outShape];
    const node = new GraphNode(this, list);
    const nodeIndex = this.inboundNodes.length;
    this.inboundNodes.push(node);
    node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, this.dtype, this, nodeIndex, i));
    return node.outputs;
  }

  /** @internal One forward pass inside a model: builds, casts, runs, adds activity penalties. */
  _call(inputs: Tensor | readonly Tensor[], ctx: CallContext): Tensor | Tensor[] {
    const many = Array.isArray(inputs);
    let list = many ? (inputs as readonly Tensor[]).slice() : [inputs as Tensor];
    for (const t of list) {
      if (!(t instanceof Tensor)) throw new ConfigError(`${this.label}: expected Tensor inputs, got ${t === null ? 'null' : typeof t}`);
    }
    if (this.autoCast) list = list.map((t) => (t.dtype === this.dtype || !(isFloat(t.dtype) || t.dtype === 'int32' || t.dtype === 'bool') ? t : cast(t, this.dtype)));
    const shapes = list.map((t) => batchless(t.shape));
    this.ensureBuilt(many ? shapes : shapes[0]!);
    const out = this.forward(many ? list : list[0]!, ctx);
    const outs = Array.isArray(out) ? out : [out];
    if (this.activityRegularizer) for (const o of outs) ctx.addLoss(this.activityRegularizer.compute(o));
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
    const values = skipInitialization ? zeros(shape, dtype) : init.init(shape, dtype);
    const v = new Variable(values, { name: `${this.name}.${name}`, trainable });
    if (isFloat(v.dtype)) v.requiresGrad = trainable && this._trainable;
    if (options.regularizer) this._regularizers.set(v, options.regularizer);
    return v;
  }

  /** Whether training updates this layer's weights. Setting it sets every sub-layer too (Keras's rule). */
  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(v: boolean) {
    this._trainable = Boolean(v);
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

/** True when `s` is a list of shapes rather than one shape. */
export function isShapeList(s: SymbolicShape | readonly SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** A concrete shape with its batch axis replaced by null. */
export function batchless(shape: readonly number[]): SymbolicShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}
