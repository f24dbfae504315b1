/** Rebuilding any layer or model from its saved `{className, config}`. */
import { deserializeLayer } from '../nn/registry.js';
import type { Layer } from '../nn/layer.js';
import type { Serialized } from '../nn/options.js';
import { Sequential } from './sequential.js';
import { Functional } from './functional.js';

/** A layer or model (nested models included) from its saved form. */
export function deserialize(spec: Serialized): Layer {
  if (spec && spec.className === 'Sequential') return Sequential.fromConfig(spec.config, deserialize);
  if (spec && (spec.className === 'Functional' || spec.className === 'Model')) return Functional.fromConfig(spec.config, deserialize);
  return deserializeLayer(spec);
}
