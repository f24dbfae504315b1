/**
 * Symbolic tensors for the functional API: placeholders that carry a shape (batch axis `null`)
 * and remember which layer produced them, so `nb.model({ inputs, outputs })` can recover the graph.
 *
 * @example
 * const inp = nb.input({ shape: [784] });
 * const h = nb.layers.dense({ units: 64, activation: 'relu' }).apply(inp);
 * const model = nb.model({ inputs: inp, outputs: nb.layers.dense({ units: 10 }).apply(h) });
 */
import type { DType } from '../tensor/dtype.js';
import type { Layer } from './layer.js';

/** A shape whose entries may be unknown (`null`), the batch axis first. */
export type SymbolicShape = readonly (number | null)[];

/** One application of a layer to symbolic inputs (and keyword inputs such as `initialState`). */
export class GraphNode {
  outputs: SymbolicTensor[] = [];
  constructor(
    readonly layer: Layer,
    readonly inputs: readonly SymbolicTensor[],
    /** Keyword inputs of this application, by name. */
    readonly kwargs: Readonly<Record<string, SymbolicTensor | readonly SymbolicTensor[]>> = {},
    /** A training mode fixed for this application (`layer.apply(x, { training: false })`), else undefined. */
    readonly training?: boolean,
  ) {}

  /** Every symbolic tensor this node reads: positional inputs, then keyword inputs in name order. */
  get allInputs(): SymbolicTensor[] {
    const out = [...this.inputs];
    for (const k of Object.keys(this.kwargs).sort()) {
      const v = this.kwargs[k]!;
      if (Array.isArray(v)) out.push(...(v as SymbolicTensor[]));
      else out.push(v as SymbolicTensor);
    }
    return out;
  }
}

export class SymbolicTensor {
  constructor(
    /** Shape with the batch axis (usually `null`) first. */
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    /** The layer whose output this is. */
    readonly sourceLayer: Layer,
    /** Which application of that layer (index into its `inboundNodes`). */
    readonly nodeIndex: number,
    /** Which of that application's outputs. */
    readonly tensorIndex: number,
  ) {}

  /** `layer_name:node:index`, for error messages. */
  get name(): string {
    return `${this.sourceLayer.name}:${this.nodeIndex}:${this.tensorIndex}`;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor(${this.name}, shape=(${this.shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}))`;
  }
}

export function isSymbolic(x: unknown): x is SymbolicTensor | readonly SymbolicTensor[] {
  return x instanceof SymbolicTensor || (Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof SymbolicTensor));
}

/** Formats a symbolic shape as Keras prints it: `(None, 128)`. */
export function fmtSymbolicShape(s: SymbolicShape): string {
  const parts = s.map((d) => (d === null ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}
