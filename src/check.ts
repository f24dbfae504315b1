/**
 * The one argument-checking module. Every public function validates its options and numbers with
 * these, so every such error is a `ConfigError` with the same fields (op, arg, expected, received,
 * a specific code) and the same message shape: `dense: units must be a positive integer, got -1`.
 *
 * @example
 * checkOptions('fit', options, ['epochs', 'batchSize']);           // unknown names are refused
 * const units = checkInt('dense', 'units', options.units, { min: 1 });
 * const rate = checkNumber('dropout', 'rate', options.rate, { min: 0, max: 1, maxExclusive: true });
 */
import { ConfigError } from './errors.js';

/** Refuses any key of `options` not in `valid`, listing the valid ones. `undefined`/`null` mean no options. */
export function checkOptions(op: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError({ op, arg: 'options', expected: 'an object', received: Array.isArray(options) ? 'an array' : options, code: 'E_CONFIG_TYPE' });
  }
  const bad = Object.keys(options).filter((k) => !valid.includes(k));
  if (bad.length > 0) {
    const list = bad.map((k) => JSON.stringify(k)).join(', ');
    throw new ConfigError({
      op,
      arg: bad[0],
      detail: `unknown option${bad.length > 1 ? 's' : ''} ${list}; valid options are ${valid.join(', ')}`,
      code: 'E_CONFIG_UNKNOWN_OPTION',
    });
  }
}

export interface NumberBounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
}

/** Words for a range: "positive", "≥ 1", "in [0, 1)", with "an integer"/"a number" as needed. */
export function describeBounds(b: NumberBounds): string {
  const kind = b.integer ? 'an integer' : 'a number';
  const lo = b.min;
  const hi = b.max;
  if (lo !== undefined && hi !== undefined) return `${kind} in ${b.minExclusive ? '(' : '['}${lo}, ${hi}${b.maxExclusive ? ')' : ']'}`;
  if (lo !== undefined) {
    if (lo === 0) return b.minExclusive ? `a positive ${b.integer ? 'integer' : 'number'}` : `a non-negative ${b.integer ? 'integer' : 'number'}`;
    return `${kind} ${b.minExclusive ? '>' : '≥'} ${lo}`;
  }
  if (hi !== undefined) return `${kind} ${b.maxExclusive ? '<' : '≤'} ${hi}`;
  return b.integer ? 'a finite integer' : 'a finite number';
}

/** Checks that `v` is a finite number within `bounds` and returns it. */
export function checkNumber(op: string, arg: string, v: unknown, bounds: NumberBounds = {}): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!bounds.integer || Number.isInteger(v)) &&
    (bounds.min === undefined || (bounds.minExclusive ? v > bounds.min : v >= bounds.min)) &&
    (bounds.max === undefined || (bounds.maxExclusive ? v < bounds.max : v <= bounds.max));
  if (!ok) {
    const code = typeof v !== 'number' ? 'E_CONFIG_TYPE' : 'E_CONFIG_RANGE';
    throw new ConfigError({ op, arg, expected: describeBounds(bounds), received: v, code });
  }
  return v as number;
}

/** Checks that `v` is an integer within `bounds` (default: ≥ 0) and returns it. */
export function checkInt(op: string, arg: string, v: unknown, bounds: Omit<NumberBounds, 'integer'> = { min: 0 }): number {
  return checkNumber(op, arg, v, { ...bounds, integer: true });
}

/** Checks a boolean option. */
export function checkBool(op: string, arg: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ConfigError({ op, arg, expected: 'true or false', received: v, code: 'E_CONFIG_TYPE' });
  return v;
}

/** Checks that `v` is one of `choices`. */
export function checkChoice<T extends string>(op: string, arg: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ConfigError({ op, arg, expected: `one of ${choices.map((c) => `'${c}'`).join(', ')}`, received: v, code: 'E_CONFIG_CHOICE' });
  }
  return v as T;
}

/** Checks a non-empty string. */
export function checkString(op: string, arg: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError({ op, arg, expected: 'a non-empty string', received: v, code: 'E_CONFIG_TYPE' });
  return v;
}

/** Checks a function. */
export function checkFunction<T extends (...a: never[]) => unknown>(op: string, arg: string, v: unknown): T {
  if (typeof v !== 'function') throw new ConfigError({ op, arg, expected: 'a function', received: v, code: 'E_CONFIG_TYPE' });
  return v as T;
}

/** Checks an array of integers within `bounds` (a shape, a kernel size…), optionally of a given length. */
export function checkIntArray(op: string, arg: string, v: unknown, bounds: Omit<NumberBounds, 'integer'> = { min: 0 }, length?: number): number[] {
  const ok =
    Array.isArray(v) &&
    (length === undefined || v.length === length) &&
    v.every((e) => typeof e === 'number' && Number.isInteger(e) && (bounds.min === undefined || (bounds.minExclusive ? e > bounds.min : e >= bounds.min)) && (bounds.max === undefined || (bounds.maxExclusive ? e < bounds.max : e <= bounds.max)));
  if (!ok) {
    const each = describeBounds({ ...bounds, integer: true }).replace(/^an? /, '');
    const expected = `${length === undefined ? 'an array' : `an array of ${length}`} of ${each.endsWith('integer') ? `${each}s` : `integers (${each})`}`;
    throw new ConfigError({ op, arg, expected, received: v, code: Array.isArray(v) ? 'E_CONFIG_RANGE' : 'E_CONFIG_TYPE' });
  }
  return (v as number[]).slice();
}
