/**
 * Functional models: a graph of layers applied to symbolic tensors, with any number of inputs
 * and outputs, shared layers and branches.
 *
 * @example
 * const a = nb.input({ shape: [4] }), b = nb.input({ shape: [3] });
 * const h = nb.layers.dense({ units: 8, activation: 'relu' }).apply(a);
 * const out1 = nb.layers.dense({ units: 1, name: 'price' }).apply(h);
 * const out2 = nb.layers.dense({ units: 3, activation: 'softmax', name: 'kind' }).apply(b);
 * const model = nb.model({ inputs: [a, b], outputs: [out1, out2] });
 */
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CallContext, CallOptions, Layer } from '../nn/layer.js';
import { InputLayer } from '../nn/layers/basic.js';
import { inputFromLayer } from '../nn/input.js';
import { type JsonObject, type JsonValue, type Serialized } from '../nn/options.js';
import { serializeLayer } from '../nn/registry.js';
import { type GraphNode, type SymbolicShape, SymbolicTensor } from '../nn/symbolic.js';
import { Model } from './model.js';
import { checkOptions } from '../check.js';

export interface FunctionalArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
  trainable?: boolean;
}

type Ref = [string, number, number];

export class Functional extends Model {
  static override readonly className = 'Functional';
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  private readonly order: GraphNode[];
  private readonly layerList: Layer[];
  /** Each node's index among the nodes of its layer in this model. */
  private readonly localIndex: Map<GraphNode, number>;

  constructor(args: FunctionalArgs) {
    checkOptions('model', args, ['inputs', 'outputs', 'name', 'trainable']);
    super({ name: args.name ?? undefined });
    const inputs = Array.isArray(args.inputs) ? args.inputs : [args.inputs];
    const outputs = Array.isArray(args.outputs) ? args.outputs : [args.outputs];
    for (const [what, list] of [['inputs', inputs], ['outputs', outputs]] as const) {
      if (list.length === 0 || !list.every((t) => t instanceof SymbolicTensor)) {
        throw new ConfigError(`model: ${what} must be symbolic tensors (from nb.input and layer.apply), got ${JSON.stringify(list.map((t) => typeof t))}`);
      }
    }
    for (const t of inputs) {
      if (!(t.sourceLayer instanceof InputLayer)) throw new ConfigError(`model: every input must come from nb.input; '${t.name}' is the output of ${t.sourceLayer.className} '${t.sourceLayer.name}'`);
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.order = [];
    const inputSet = new Set(inputs);
    const done = new Set<GraphNode>();
    const onPath = new Set<GraphNode>();
    const visit = (t: SymbolicTensor): void => {
      const node = t.sourceLayer.inboundNodes[t.nodeIndex]!;
      if (done.has(node)) return;
      if (onPath.has(node)) throw new ConfigError(`model: the graph has a cycle through layer '${node.layer.name}'`);
      if (node.inputs.length === 0 && !inputSet.has(t)) {
        throw new ConfigError(`model: the outputs depend on input '${t.sourceLayer.name}', which is not among the model's inputs`);
      }
      onPath.add(node);
      for (const i of node.allInputs) visit(i);
      onPath.delete(node);
      done.add(node);
      this.order.push(node);
    };
    for (const t of inputs) visit(t);
    for (const t of outputs) visit(t);
    this.layerList = [];
    this.localIndex = new Map();
    const counts = new Map<Layer, number>();
    for (const node of this.order) {
      const k = counts.get(node.layer) ?? 0;
      counts.set(node.layer, k + 1);
      this.localIndex.set(node, k);
      if (k === 0) this.layerList.push(node.layer);
    }
    const names = new Set<string>();
    for (const l of this.layerList) {
      if (names.has(l.name)) throw new ConfigError(`model: two different layers are named '${l.name}'; layer names must be unique within a model`);
      names.add(l.name);
    }
    this.built = true;
    this.outputShape = outputs.length === 1 ? outputs[0]!.shape : outputs.map((o) => o.shape);
    if (args.trainable === false) this.trainable = false;
  }

  override get layers(): Layer[] {
    return this.layerList.slice();
  }

  override get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  override get inputShapes(): SymbolicShape[] {
    return this.inputs.map((t) => t.shape);
  }

  override get outputNames(): string[] {
    const names = this.outputs.map((t) => t.sourceLayer.name);
    return names.map((n, i) => (names.indexOf(n) !== i || names.lastIndexOf(n) !== i ? `${n}_${i}` : n));
  }

  override forward(x: Tensor | Tensor[], ctx: CallContext): Tensor | Tensor[] {
    const xs = Array.isArray(x) ? x : [x];
    if (xs.length !== this.inputs.length) {
      throw new ConfigError(`${this.label}: expected ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), got ${xs.length}`);
    }
    const values = new Map<SymbolicTensor, Tensor>();
    for (const node of this.order) {
      if (node.inputs.length === 0) {
        const i = this.inputs.indexOf(node.outputs[0]!);
        values.set(node.outputs[0]!, node.layer._call(xs[i]!, ctx) as Tensor);
        continue;
      }
      const ins = node.inputs.map((s) => values.get(s)!);
      const options: CallOptions = {};
      if (node.training !== undefined) options.training = node.training;
      for (const [k, v] of Object.entries(node.kwargs)) options[k] = Array.isArray(v) ? (v as SymbolicTensor[]).map((s) => values.get(s)!) : values.get(v as SymbolicTensor)!;
      const out = node.layer._call(ins.length === 1 ? ins[0]! : ins, ctx, options);
      const outs = Array.isArray(out) ? out : [out];
      node.outputs.forEach((s, i) => values.set(s, outs[i]!));
    }
    const outs = this.outputs.map((s) => values.get(s)!);
    return outs.length === 1 ? outs[0]! : outs;
  }

  override computeOutputShape(): SymbolicShape | SymbolicShape[] {
    return this.outputs.length === 1 ? this.outputs[0]!.shape : this.outputs.map((o) => o.shape);
  }

  private ref(t: SymbolicTensor): Ref {
    const node = t.sourceLayer.inboundNodes[t.nodeIndex]!;
    return [t.sourceLayer.name, this.localIndex.get(node)!, t.tensorIndex];
  }

  private nodeConfig(n: GraphNode): JsonObject {
    const c: JsonObject = { layer: n.layer.name, inputs: n.inputs.map((t) => this.ref(t)) as unknown as JsonValue };
    const kw = Object.entries(n.kwargs);
    if (kw.length) {
      c.kwargs = Object.fromEntries(kw.map(([k, v]) => [k, (Array.isArray(v) ? (v as SymbolicTensor[]).map((t) => this.ref(t)) : this.ref(v as SymbolicTensor)) as unknown as JsonValue]));
    }
    if (n.training !== undefined) c.training = n.training;
    return c;
  }

  override layerConnections(layer: Layer): string[] {
    const out: string[] = [];
    for (const node of this.order) {
      if (node.layer !== layer) continue;
      for (const t of node.allInputs) {
        const [n, k, i] = this.ref(t);
        out.push(`${n}[${k}][${i}]`);
      }
    }
    return out;
  }

  override getConfig(): JsonObject {
    return {
      name: this.name,
      trainable: this.trainable,
      layers: this.layerList.map((l) => serializeLayer(l) as unknown as JsonObject),
      nodes: this.order.map((n) => this.nodeConfig(n)),
      inputs: this.inputs.map((t) => this.ref(t)) as unknown as JsonValue,
      outputs: this.outputs.map((t) => this.ref(t)) as unknown as JsonValue,
    };
  }

  /** Rebuilds from `getConfig()` by replaying the saved nodes in order. */
  static fromConfig(config: JsonObject, deserialize: (s: Serialized) => Layer): Functional {
    const layers = new Map<string, Layer>();
    for (const s of (config.layers as unknown as Serialized[]) ?? []) {
      const l = deserialize(s);
      layers.set(l.name, l);
    }
    const tensors = new Map<string, SymbolicTensor>();
    const counts = new Map<string, number>();
    const get = (r: Ref) => {
      const t = tensors.get(r.join(':'));
      if (!t) throw new ConfigError(`model config: node input ${JSON.stringify(r)} refers to a tensor not produced earlier`);
      return t;
    };
    type SavedNode = { layer: string; inputs: Ref[]; kwargs?: Record<string, Ref | Ref[]>; training?: boolean };
    const isRefList = (v: Ref | Ref[]): v is Ref[] => Array.isArray(v[0]);
    for (const n of (config.nodes as unknown as SavedNode[]) ?? []) {
      const layer = layers.get(n.layer);
      if (!layer) throw new ConfigError(`model config: node of unknown layer '${n.layer}'`);
      const options: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n.kwargs ?? {})) options[k] = isRefList(v) ? v.map(get) : get(v);
      if (n.training !== undefined) options.training = n.training;
      const outs = layer instanceof InputLayer ? [inputFromLayer(layer)] : layer.applyMulti(n.inputs.map(get), options);
      const k = counts.get(n.layer) ?? 0;
      counts.set(n.layer, k + 1);
      outs.forEach((t, i) => tensors.set(`${n.layer}:${k}:${i}`, t));
    }
    return new Functional({
      inputs: (config.inputs as unknown as Ref[]).map(get),
      outputs: (config.outputs as unknown as Ref[]).map(get),
      name: config.name as string,
      trainable: config.trainable !== false,
    });
  }
}

/**
 * A functional model from symbolic inputs and outputs.
 * @example nb.model({ inputs: inp, outputs: out })
 */
export function model(args: FunctionalArgs): Functional {
  return new Functional(args);
}
