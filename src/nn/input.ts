/** `nb.input`: the symbolic entry point of a functional model. */
import { InputLayer } from './layers/basic.js';
import { GraphNode, SymbolicTensor } from './symbolic.js';
import { checkOptions } from '../check.js';

export interface InputOptions {
  /** Shape of one sample, without the batch axis; null for unknown sizes. */
  shape?: readonly (number | null)[];
  /** Full shape with the batch axis first (alternative to shape). */
  batchShape?: readonly (number | null)[];
  batchSize?: number | null;
  name?: string;
  /** 'int32' for token ids (fed to an embedding); default 'float32'. */
  dtype?: 'float32' | 'float64' | 'int32';
}

/**
 * A symbolic input for the functional API.
 * @example const x = nb.input({ shape: [784] }); // shape (None, 784)
 */
export function input(options: InputOptions): SymbolicTensor {
  checkOptions('input', options, ['shape', 'batchShape', 'batchSize', 'name', 'dtype']);
  const layer = new InputLayer({
    name: options.name,
    dtype: options.dtype,
    inputShape: options.shape,
    batchInputShape: options.batchShape,
    batchSize: options.batchSize ?? null,
  });
  return inputFromLayer(layer);
}

/** The symbolic tensor an InputLayer produces (made once per application; used when rebuilding saved models). */
export function inputFromLayer(layer: InputLayer): SymbolicTensor {
  const node = new GraphNode(layer, []);
  const index = layer.inboundNodes.length;
  layer.inboundNodes.push(node);
  node.outputs = [new SymbolicTensor(layer.batchInputShape!, layer.dtype, layer, index, 0)];
  return node.outputs[0]!;
}
