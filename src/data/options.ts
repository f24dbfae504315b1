/** Small argument checks shared by the data layer (internal). */
import { ConfigError } from '../errors.js';

/** Throws a ConfigError naming `fn` and listing the valid names when `options` has an unknown key. */
export function checkOptions(fn: string, options: object | undefined, valid: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new ConfigError(`${fn}: options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) {
      throw new ConfigError(`${fn}: unknown option '${key}'; valid options are ${valid.map((v) => `'${v}'`).join(', ')}`);
    }
  }
}

/** Checks that `value` is an integer ≥ `min` and returns it. */
export function checkInt(fn: string, name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${fn}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Checks that `value` is a finite number (optionally ≥ `min`) and returns it. */
export function checkNumber(fn: string, name: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const bound = min === -Infinity ? '' : ` ≥ ${min}`;
    throw new ConfigError(`${fn}: ${name} must be a finite number${bound}, got ${String(value)}`);
  }
  return value;
}
