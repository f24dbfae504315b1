/**
 * Small helpers shared by nn/, optim/ and train/: option-object validation with messages that
 * name the function and the valid choices, lookups by name that accept Keras's snake_case
 * spellings, and the JSON value type configs are made of.
 */
import { ConfigError } from '../errors.js';

/** A value that survives `JSON.stringify` → `JSON.parse` unchanged (configs are made of these). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A serialised object: a class (or function) name and its config, as Keras saves them. */
export interface Serialized {
  className: string;
  config: JsonObject;
}


/** The canonical key of a name: lower case without '_' or '-' ('sparse_categorical_crossentropy' ≡ 'sparseCategoricalCrossentropy'). */
export function nameKey(name: string): string {
  return name.replace(/[_\-\s]/g, '').toLowerCase();
}

/** A lookup table keyed by canonical names, with aliases; errors list the canonical names. */
export class NameTable<T> {
  private readonly map = new Map<string, { name: string; value: T }>();
  private readonly names: string[] = [];
  constructor(private readonly what: string) {}

  /** Adds `value` under `name` and any `aliases` (later additions replace earlier ones). */
  set(name: string, value: T, aliases: readonly string[] = []): void {
    if (!this.map.has(nameKey(name))) this.names.push(name);
    this.map.set(nameKey(name), { name, value });
    for (const a of aliases) this.map.set(nameKey(a), { name, value });
  }

  has(name: string): boolean {
    return this.map.has(nameKey(name));
  }

  /** The entry for `name`, or a ConfigError naming `op` and listing what exists. */
  get(op: string, name: string): { name: string; value: T } {
    const e = typeof name === 'string' ? this.map.get(nameKey(name)) : undefined;
    if (!e) {
      throw new ConfigError(`${op}: unknown ${this.what} ${JSON.stringify(name)}; known: ${this.names.join(', ')}`);
    }
    return e;
  }

  list(): string[] {
    return this.names.slice();
  }
}




/** `camelCase` or `PascalCase` to Keras's `snake_case` (for default layer names). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
