/**
 * Typed errors, as data. Every error nabla throws is a `NablaError` with a stable `code`; errors
 * about an argument also carry `op`, `arg`, `expected` and `received`, and their message is
 * formatted from those fields by one function (zod's pattern), so messages stay uniform and tests
 * can check the fields as well as the text.
 *
 * @example
 * try { nb.ones([2, 3]).matmul(nb.ones([2, 3])); }
 * catch (e) { if (e instanceof nb.ShapeError) console.log(e.code); } // 'E_SHAPE'
 * @example
 * new ConfigError({ op: 'dense', arg: 'units', expected: 'a positive integer', received: -1 })
 * // message: "dense: units must be a positive integer, got -1"
 */

/** The fields of an error about one argument (or one operation, with `detail`). */
export interface ErrorInfo {
  /** The function, op or layer that refused (`matmul`, `Dense 'dense_1'`, `fit`). */
  op: string;
  /** The argument or option at fault (`units`, `inputs[1]`). */
  arg?: string;
  /** What was expected, in words (`a positive integer`, `shape [4]`). */
  expected?: string;
  /** The value that came instead (formatted by `fmtValue`). */
  received?: unknown;
  /** A specific code refining the class's one (`E_CONFIG_UNKNOWN_OPTION`); default: the class's code. */
  code?: string;
  /** Free text used instead of "arg must be expected" (then "got …" is added only if `received` is given). */
  detail?: string;
  /** A sentence appended after the main message: how to fix it. */
  hint?: string;
}

/** Formats a received value for a message: strings quoted, arrays and objects as short JSON, tensors by shape. */
export function fmtValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return `a function${v.name ? ` (${v.name})` : ''}`;
  if (typeof v === 'symbol') return v.toString();
  const o = v as { shape?: unknown; dtype?: unknown; constructor?: { name?: string } };
  if (Array.isArray(o.shape) && typeof o.dtype === 'string') return `a ${o.dtype} tensor of shape ${fmtShape(o.shape as number[])}`;
  if (ArrayBuffer.isView(v)) return `a ${o.constructor?.name ?? 'typed array'} of length ${(v as unknown as { length: number }).length}`;
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** The one formatter of argument errors: "op: arg must be expected, got received. hint". */
export function formatError(info: ErrorInfo): string {
  let body: string;
  if (info.detail !== undefined) {
    body = info.detail;
    if ('received' in info) body += `, got ${fmtValue(info.received)}`;
  } else {
    const subject = info.arg ?? 'the argument';
    body = `${subject} must be ${info.expected ?? 'valid'}`;
    if ('received' in info) body += `, got ${fmtValue(info.received)}`;
  }
  const msg = info.op ? `${info.op}: ${body}` : body;
  return info.hint ? `${msg}; ${info.hint}` : msg;
}

export class NablaError extends Error {
  /** Stable machine-readable code, e.g. `E_SHAPE` or a refinement such as `E_CONFIG_UNKNOWN_OPTION`. */
  readonly code: string;
  /** The op that refused, when the error was made from fields. */
  readonly op?: string;
  /** The argument at fault. */
  readonly arg?: string;
  /** What was expected, in words. */
  readonly expected?: string;
  /** What was received. */
  readonly received?: unknown;

  constructor(message: string | ErrorInfo, code = 'E_NABLA') {
    super(typeof message === 'string' ? message : formatError(message));
    this.name = new.target.name;
    if (typeof message === 'string') {
      this.code = code;
    } else {
      this.code = message.code ?? code;
      this.op = message.op;
      if (message.arg !== undefined) this.arg = message.arg;
      if (message.expected !== undefined) this.expected = message.expected;
      if ('received' in message) this.received = message.received;
    }
  }
}

/** Shapes that do not fit the op: mismatched dimensions, axes out of range, ragged arrays. */
export class ShapeError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_SHAPE');
  }
}

/** A dtype the op cannot take, e.g. a gradient requested for an int32 tensor. */
export class DTypeError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_DTYPE');
  }
}

/** A bad option or argument value: unknown option names, negative sizes, NaN where a count is needed. */
export class ConfigError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_CONFIG');
  }
}

/** Bad data: a corrupt or truncated file, a missing data set, NaN in training data. */
export class DataError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_DATA');
  }
}

/**
 * A misuse of the autograd graph: a second backward through freed values (`E_GRAPH_FREED`), or a
 * saved tensor that was modified in place after the forward pass (`E_GRAPH_STALE`).
 */
export class GraphError extends NablaError {
  constructor(message: string | ErrorInfo, code = 'E_GRAPH') {
    super(message, code);
  }
}

/**
 * A value that is not finite where training needs one: a NaN or infinite loss (`E_NUMERIC_LOSS`), a
 * gradient (`E_NUMERIC_GRADIENT`) or an update that would leave a weight non-finite
 * (`E_NUMERIC_UPDATE`). Nothing is changed when it is thrown: the weights keep their last finite values.
 */
export class NumericalError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_NUMERIC');
  }
}

/** A resource limit: an allocation above the size limit or one the runtime refused (`E_RESOURCE`). */
export class ResourceError extends NablaError {
  constructor(message: string | ErrorInfo) {
    super(message, 'E_RESOURCE');
  }
}

/** A file-system failure, naming the path and the cause (`E_FS`, refined as `E_FS_EACCES` and so on). */
export class FileSystemError extends NablaError {
  /** The path the operation was about. */
  readonly path: string;
  /** The operating system's code (`ENOSPC`, `EACCES`…), when there is one. */
  override readonly cause?: unknown;
  constructor(info: { op: string; path: string; detail: string; sysCode?: string; cause?: unknown }) {
    super({ op: info.op, detail: `${info.detail} (${info.path})`, code: info.sysCode ? `E_FS_${info.sysCode}` : 'E_FS' });
    this.path = info.path;
    if (info.cause !== undefined) this.cause = info.cause;
  }
}

/** Formats a shape the way error messages print it: `[32,784]`; unknown sizes print as `None` (`[None,784]`). */
export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'None' : d)).join(',')}]`;
}

