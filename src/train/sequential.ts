/**
 * Sequential: a plain stack of layers, each feeding the next.
 *
 * @example
 * const model = nb.sequential([
 *   nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   nb.layers.dropout({ rate: 0.2 }),
 *   nb.layers.dense({ units: 10, activation: 'softmax' }),
 * ]);
 */
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type CallContext, Layer, isShapeList } from '../nn/layer.js';
import { type JsonObject, type JsonValue, type Serialized } from '../nn/options.js';
import { serializeLayer } from '../nn/registry.js';
import type { SymbolicShape } from '../nn/symbolic.js';
import { Model } from './model.js';
import { checkOptions } from '../check.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  /** The input shape the model was built for (batch axis null). */
  buildInputShape: SymbolicShape | null = null;

  constructor(args: SequentialArgs = {}) {
    checkOptions('sequential', args, ['layers', 'name', 'trainable']);
    super({ name: args.name });
    for (const l of args.layers ?? []) this.add(l);
    if (args.trainable === false) this.trainable = false;
  }

  override get layers(): Layer[] {
    return this.stack.slice();
  }

  override get inputNames(): string[] {
    return [this.stack.length ? `${this.stack[0]!.name}_input` : 'input'];
  }

  override get inputShapes(): SymbolicShape[] | null {
    return this.buildInputShape ? [this.buildInputShape] : null;
  }

  override get outputNames(): string[] {
    return [this.stack.length ? this.stack[this.stack.length - 1]!.name : 'output'];
  }

  /** Appends a layer (built at once when the model already knows its input shape). */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ConfigError(`${this.label}.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}`);
    if (this.stack.some((l) => l.name === layer.name)) throw new ConfigError(`${this.label}.add: a layer named '${layer.name}' is already in the model; layer names must be unique`);
    if (this.stack.length > 0 && layer.batchInputShape && !this.built) {
      throw new ConfigError(`${this.label}.add: only the first layer may have an inputShape ('${layer.name}' has one)`);
    }
    this.stack.push(layer);
    if (this.stack.length === 1 && layer.batchInputShape) this.ensureBuilt(layer.batchInputShape);
    else if (this.built) {
      this.built = false;
      this.ensureBuilt(this.buildInputShape!);
    }
  }

  /** Removes the last layer. */
  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new ConfigError(`${this.label}.pop: the model has no layers`);
    return l;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (isShapeList(inputShape)) throw new ConfigError(`${this.label}: a sequential model takes one input`);
    if (this.stack.length === 0) throw new ConfigError(`${this.label}: the model has no layers`);
    this.buildInputShape = inputShape;
    let shape: SymbolicShape = inputShape;
    for (const l of this.stack) {
      l.ensureBuilt(shape);
      const out = l.computeOutputShape(shape);
      if (isShapeList(out)) throw new ConfigError(`${this.label}: layer '${l.name}' has several outputs, which a sequential model cannot chain`);
      l.outputShape = out;
      shape = out;
    }
    this.outputShape = shape;
  }

  override forward(x: Tensor | Tensor[], ctx: CallContext): Tensor {
    let h = x;
    for (const l of this.stack) h = l._call(h, ctx);
    if (Array.isArray(h)) throw new ConfigError(`${this.label}: the last layer returned several outputs`);
    return h;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    let shape = inputShape;
    for (const l of this.stack) shape = l.computeOutputShape(shape);
    return shape;
  }

  override getConfig(): JsonObject {
    return {
      name: this.name,
      trainable: this.trainable,
      layers: this.stack.map((l) => serializeLayer(l) as unknown as JsonObject),
      buildInputShape: this.buildInputShape ? ([...this.buildInputShape] as JsonValue) : null,
    };
  }

  /** Rebuilds from `getConfig()`; `deserialize` turns each saved layer back into a Layer. */
  static fromConfig(config: JsonObject, deserialize: (s: Serialized) => Layer): Sequential {
    const layers = ((config.layers as unknown as Serialized[]) ?? []).map(deserialize);
    const m = new Sequential({ layers, name: config.name as string });
    const shape = config.buildInputShape as (number | null)[] | null;
    if (!m.built && shape) m.ensureBuilt(shape);
    if (config.trainable === false) m.trainable = false;
    return m;
  }
}

/**
 * A sequential model from a list of layers.
 * @example nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })])
 */
export function sequential(layers: Layer[] = [], options: { name?: string; trainable?: boolean } = {}): Sequential {
  if (!Array.isArray(layers)) throw new ConfigError('sequential: expected an array of layers');
  return new Sequential({ ...options, layers });
}
