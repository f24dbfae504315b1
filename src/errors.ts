/**
 * Typed errors. Every error nabla throws is a `NablaError` carrying a stable `code`, so callers
 * can branch on `err.code` and tests can check messages without string matching on prose alone.
 *
 * @example
 * try { nb.ones([2, 3]).matmul(nb.ones([2, 3])); }
 * catch (e) { if (e instanceof nb.ShapeError) console.log(e.code); } // 'E_SHAPE'
 */
export class NablaError extends Error {
  /** Stable machine-readable code, e.g. `E_SHAPE`. */
  readonly code: string;
  constructor(message: string, code = 'E_NABLA') {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Shapes that do not fit the op: mismatched dimensions, axes out of range, ragged arrays. */
export class ShapeError extends NablaError {
  constructor(message: string) {
    super(message, 'E_SHAPE');
  }
}

/** A dtype the op cannot take, e.g. a gradient requested for an int32 tensor. */
export class DTypeError extends NablaError {
  constructor(message: string) {
    super(message, 'E_DTYPE');
  }
}

/** A bad option or argument value: unknown option names, negative sizes, NaN where a count is needed. */
export class ConfigError extends NablaError {
  constructor(message: string) {
    super(message, 'E_CONFIG');
  }
}

/** Bad data: a corrupt or truncated file, a missing data set, NaN in training data. */
export class DataError extends NablaError {
  constructor(message: string) {
    super(message, 'E_DATA');
  }
}

/** Formats a shape the way error messages print it: `[32,784]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Checks an options object: a ConfigError names the function, the unknown option and the valid
 * ones (a misspelt `learningrate` must not be silently ignored). `undefined` means no options.
 * @example checkOptions('randn', { requiresgrad: true }, ['dtype', 'requiresGrad']) // throws
 */
export function checkOptions(op: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`${op}: options must be an object, got ${Array.isArray(options) ? 'an array' : String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) {
      throw new ConfigError(`${op}: unknown option ${JSON.stringify(key)}; valid options are ${valid.join(', ')}`);
    }
  }
}
