/**
 * The layer registry: class name → constructor, so a saved topology (`{className, config}`)
 * can be rebuilt. Each layer class registers itself where it is defined, with a static block
 * (`static { registerLayer(this); }`), so a new layer is one file plus one export line; users
 * register their own classes the same way or with a call.
 *
 * @example
 * class MyLayer extends nb.Layer { static override readonly className = 'MyLayer'; static { nb.registerLayer(this); } … }
 */
import { ConfigError } from '../errors.js';
import type { Layer } from './layer.js';
import type { JsonObject, Serialized } from './options.js';

export type LayerFactory = (config: JsonObject) => Layer;

const REGISTRY = new Map<string, LayerFactory>();

/** A class whose constructor takes the options its `getConfig()` returns. */
export interface LayerClass {
  readonly className: string;
  new (config: never): Layer;
}

/** Makes a layer class loadable by its `className` (or registers a factory under a name). */
export function registerLayer(cls: LayerClass): void;
export function registerLayer(className: string, factory: LayerFactory): void;
export function registerLayer(a: LayerClass | string, factory?: LayerFactory): void {
  if (typeof a === 'string') {
    if (!factory) throw new ConfigError(`registerLayer: a factory is needed with a class name ('${a}')`);
    REGISTRY.set(a, factory);
    return;
  }
  if (typeof a !== 'function' || typeof a.className !== 'string') {
    throw new ConfigError('registerLayer: expected a Layer class with a static className');
  }
  const C = a as unknown as new (config: JsonObject) => Layer;
  REGISTRY.set(a.className, (config) => new C(config));
}

/** Builds a layer from its saved form; unknown class names are a ConfigError listing the known ones. */
export function deserializeLayer(spec: Serialized): Layer {
  if (!spec || typeof spec !== 'object' || typeof spec.className !== 'string') {
    throw new ConfigError(`deserializeLayer: expected {className, config}, got ${JSON.stringify(spec)}`);
  }
  const f = REGISTRY.get(spec.className);
  if (!f) {
    throw new ConfigError(
      `deserializeLayer: unknown layer class '${spec.className}'; register it with nb.registerLayer(Class). Known: ${[...REGISTRY.keys()].join(', ')}`,
    );
  }
  return f(spec.config ?? {});
}

/** The saved form of a layer. */
export function serializeLayer(layer: Layer): Serialized {
  return { className: layer.className, config: layer.getConfig() };
}
