/**
 * Transfer learning (the notes: "take the pre-trained model, freeze it, and attach a new
 * classifier at the end"): freezing and unfreezing layers, taking a model's trunk (every layer up
 * to a chosen one) as a feature extractor, and attaching a new head.
 *
 * A frozen layer's weights get no gradients, so `fit` leaves them unchanged, and a frozen
 * batchNormalization normalises with its moving statistics even in training (inference mode).
 *
 * @example
 * const base = await nb.loadModel('runs/digits');
 * const trunk = nb.transfer.trunk(base, 'flatten');          // shares the pretrained weights
 * const model = nb.transfer.attachHead(trunk, [nb.layers.dense({ units: 10, activation: 'softmax' })]);
 * model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
 * await model.fit(x, y, { epochs: 5 });                       // trains the head only
 * nb.transfer.unfreeze(trunk);                                // then fine-tune everything, gently
 * model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-5 }), loss: 'sparseCategoricalCrossentropy' });
 */
import { ConfigError } from '../errors.js';
import { checkOptions } from '../check.js';
import { Layer, withoutInitialization } from '../nn/layer.js';
import type { GraphNode, SymbolicTensor } from '../nn/symbolic.js';
import { serializeLayer } from '../nn/registry.js';
import { Functional } from './functional.js';
import type { Model } from './model.js';
import { Sequential } from './sequential.js';
import { deserialize } from './serialization.js';

/** A layer of a model: its name, its index in `model.layers` (negative counts from the end), or the layer. */
export type LayerRef = string | number | Layer;

/** Where to freeze or unfreeze within a model. */
export interface FreezeOptions {
  /** Only the layers from the first up to this one (inclusive). */
  upTo?: LayerRef;
  /** Only the layers from this one to the last. */
  from?: LayerRef;
}

function isModel(x: unknown): x is Model {
  return x instanceof Layer && Array.isArray((x as { layers?: unknown }).layers);
}

/** The index in `model.layers` of `ref`. */
export function layerIndex(op: string, model: Model, ref: LayerRef): number {
  const layers = model.layers;
  const names = () => layers.map((l, i) => `${i}: ${l.name}`).join(', ');
  if (typeof ref === 'number') {
    const i = ref < 0 ? layers.length + ref : ref;
    if (!Number.isInteger(ref) || i < 0 || i >= layers.length) throw new ConfigError(`${op}: layer index ${ref} is out of range for '${model.name}' (${layers.length} layers: ${names()})`);
    return i;
  }
  const i = ref instanceof Layer ? layers.indexOf(ref) : layers.findIndex((l) => l.name === ref);
  if (i < 0) throw new ConfigError(`${op}: '${model.name}' has no layer ${ref instanceof Layer ? `'${ref.name}'` : JSON.stringify(ref)}; its layers are ${names()}`);
  return i;
}

/** Sets `trainable` on every layer under `root` to `want(layer)`, parents before children (the setter cascades). */
function applyStates(root: Layer, want: (l: Layer) => boolean): void {
  const seen = new Set<Layer>();
  const visit = (l: Layer) => {
    if (seen.has(l)) return;
    seen.add(l);
    l.trainable = want(l);
    for (const [, c] of l.namedChildren()) visit(c);
  };
  visit(root);
}

function setTrainable(op: string, target: Layer | readonly Layer[], value: boolean, options: FreezeOptions): void {
  if (Array.isArray(target)) {
    if (options.upTo !== undefined || options.from !== undefined) throw new ConfigError(`${op}: upTo and from apply to a model, not to a list of layers`);
    for (const l of target) setTrainable(op, l, value, {});
    return;
  }
  if (!(target instanceof Layer)) throw new ConfigError(`${op}: expected a layer, a model or a list of layers, got ${target === null ? 'null' : typeof target}`);
  if (options.upTo === undefined && options.from === undefined) {
    target.trainable = value;
    return;
  }
  if (!isModel(target)) throw new ConfigError(`${op}: upTo and from need a model (with layers), got ${target.className} '${target.name}'`);
  const layers = target.layers;
  const lo = options.from === undefined ? 0 : layerIndex(op, target, options.from);
  const hi = options.upTo === undefined ? layers.length - 1 : layerIndex(op, target, options.upTo);
  const chosen = new Set<Layer>();
  for (let i = lo; i <= hi; i++) for (const l of layers[i]!.allLayers()) chosen.add(l);
  const before = new Map(target.allLayers().map((l) => [l, l.trainable] as const));
  // Containers stay trainable when any layer inside them is (a frozen container would refreeze them on reload).
  applyStates(target, (l) => {
    if (chosen.has(l)) return value;
    if (value && l.allLayers().some((d) => chosen.has(d))) return true;
    return before.get(l) ?? l.trainable;
  });
}

/**
 * Freezes a layer, a model, a list of layers, or part of a model (`upTo` / `from`): their weights
 * stop training and frozen batchNormalization runs in inference mode. Returns the target.
 * @example nb.transfer.freeze(model, { upTo: 'flatten' }) // everything up to flatten, inclusive
 */
export function freeze<T extends Layer | readonly Layer[]>(target: T, options: FreezeOptions = {}): T {
  setTrainable('transfer.freeze', target, false, options);
  return target;
}

/**
 * Makes layers trainable again (all of them, or part of a model with `from` / `upTo`); for fine-tuning,
 * recompile afterwards with a lower learning rate. Returns the target.
 * @example nb.transfer.unfreeze(model, { from: -3 }) // the last three layers
 */
export function unfreeze<T extends Layer | readonly Layer[]>(target: T, options: FreezeOptions = {}): T {
  setTrainable('transfer.unfreeze', target, true, options);
  return target;
}

export interface TrunkOptions {
  /** Name of the new model; default `<model>_trunk`. */
  name?: string;
  /** Copy the layers and weights instead of sharing them (changes to one then leave the other alone). Default false. */
  copy?: boolean;
  /** Freeze the trunk (the usual first step of transfer learning). Default false. */
  freeze?: boolean;
}

/** Nodes of `model`'s graph (reachable from its outputs). */
function graphNodes(model: Functional): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const visit = (t: SymbolicTensor) => {
    const node = t.sourceLayer.inboundNodes[t.nodeIndex]!;
    if (seen.has(node)) return;
    seen.add(node);
    node.inputs.forEach(visit);
  };
  model.outputs.forEach(visit);
  return seen;
}

/**
 * A new model made of `model`'s layers from its input up to `upTo` (inclusive): a feature
 * extractor that shares the layers (and so the pretrained weights) unless `copy` is set.
 * Sequential models give a Sequential trunk; functional models a functional one ending at that
 * layer's output.
 * @example const features = nb.transfer.trunk(model, 'flatten'); // model without its classifier
 */
export function trunk(model: Model, upTo: LayerRef, options: TrunkOptions = {}): Model {
  const op = 'transfer.trunk';
  checkOptions(op, options, ['name', 'copy', 'freeze']);
  if (!isModel(model)) throw new ConfigError(`${op}: expected a model, got ${model === null ? 'null' : typeof model}`);
  const idx = layerIndex(op, model, upTo);
  const name = options.name ?? `${model.name}_trunk`;
  let out: Model;
  if (model instanceof Sequential) {
    if (!model.built) throw new ConfigError(`${op}: build '${model.name}' first (give its first layer an inputShape, or call it once)`);
    const seq = new Sequential({ layers: model.layers.slice(0, idx + 1), name });
    if (!seq.built && model.buildInputShape) seq.ensureBuilt(model.buildInputShape);
    out = seq;
  } else if (model instanceof Functional) {
    const layer = model.layers[idx]!;
    const nodes = graphNodes(model);
    const mine = layer.inboundNodes.filter((n) => nodes.has(n));
    if (mine.length !== 1) throw new ConfigError(`${op}: layer '${layer.name}' is applied ${mine.length} times in '${model.name}'; build the trunk with nb.model({ inputs, outputs }) from the output you want`);
    out = new Functional({ inputs: model.inputs, outputs: mine[0]!.outputs, name });
  } else {
    throw new ConfigError(`${op}: expected a Sequential or functional model, got ${model.className}`);
  }
  if (options.copy) {
    const copy = withoutInitialization(() => deserialize(serializeLayer(out))) as Model;
    copy.loadStateDict(out.stateDict(), { source: `${op} (copy of '${model.name}')` });
    out = copy;
  }
  if (options.freeze) out.trainable = false;
  return out;
}

export interface AttachHeadOptions {
  /** Name of the new model. */
  name?: string;
  /** Freeze the trunk first. Default true (train the new head only). */
  freezeTrunk?: boolean;
}

/**
 * A Sequential model: the trunk (as one layer) followed by the `head` layers.
 * @example const model = nb.transfer.attachHead(trunk, [nb.layers.dense({ units: 10, activation: 'softmax' })])
 */
export function attachHead(trunkModel: Model, head: Layer | readonly Layer[], options: AttachHeadOptions = {}): Sequential {
  const op = 'transfer.attachHead';
  checkOptions(op, options, ['name', 'freezeTrunk']);
  if (!isModel(trunkModel) || !trunkModel.built) throw new ConfigError(`${op}: expected a built model as the trunk`);
  const layers = head instanceof Layer ? [head] : [...head];
  if (layers.length === 0 || !layers.every((l) => l instanceof Layer)) throw new ConfigError(`${op}: head must be a layer or a non-empty list of layers`);
  if (options.freezeTrunk ?? true) trunkModel.trainable = false;
  const model = new Sequential({ layers: [trunkModel, ...layers], name: options.name });
  const shape = trunkModel instanceof Sequential ? trunkModel.buildInputShape : trunkModel instanceof Functional && trunkModel.inputs.length === 1 ? trunkModel.inputs[0]!.shape : null;
  if (shape) model.ensureBuilt(shape);
  return model;
}
