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

/** Throws a ConfigError listing the valid option names when `options` holds any other key. */
export function checkOptions(op: string, options: object | undefined | null, valid: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`${op}: options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const bad = Object.keys(options).filter((k) => !valid.includes(k));
  if (bad.length > 0) {
    const list = bad.map((k) => JSON.stringify(k)).join(', ');
    throw new ConfigError(`${op}: unknown option${bad.length > 1 ? 's' : ''} ${list}; valid options are ${valid.join(', ')}`);
  }
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

/** Checks that `v` is a finite number, optionally within bounds; quotes the bad value. */
export function checkNumber(
  op: string,
  name: string,
  v: unknown,
  opts: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean } = {},
): number {
  const fail = (what: string): never => {
    throw new ConfigError(`${op}: ${name} must be ${what}, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
  };
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(opts.integer ? 'a finite integer' : 'a finite number');
  const x = v as number;
  if (opts.integer && !Number.isInteger(x)) fail('an integer');
  if (opts.min !== undefined) {
    if (opts.minExclusive ? !(x > opts.min) : !(x >= opts.min)) {
      fail(opts.min === 0 && opts.minExclusive ? 'positive' : `${opts.minExclusive ? '>' : '≥'} ${opts.min}`);
    }
  }
  if (opts.max !== undefined) {
    if (opts.maxExclusive ? !(x < opts.max) : !(x <= opts.max)) fail(`${opts.maxExclusive ? '<' : '≤'} ${opts.max}`);
  }
  return x;
}

/** Checks a boolean option. */
export function checkBool(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(`${op}: ${name} must be true or false, got ${String(v)}`);
  return v;
}

/** Checks that `v` is one of `choices`. */
export function checkChoice<T extends string>(op: string, name: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ConfigError(`${op}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** `camelCase` or `PascalCase` to Keras's `snake_case` (for default layer names). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
