/**
 * Helpers shared by the convolution, pooling and reshaping layers: Keras's default layer names,
 * int-or-tuple options, the 'channelsLast'-only data format, and the exact output-length rules
 * that `computeOutputShape` uses (the same as the ops' window geometry).
 */
import { ConfigError, ShapeError } from '../../errors.js';
import { uniqueLayerName } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

/**
 * Keras's snake_case of a class name: 'Conv2D' → 'conv2d', 'MaxPooling2D' → 'max_pooling2d',
 * 'Conv2DTranspose' → 'conv2d_transpose' (digits stay attached to the word before them).
 */
export function kerasSnake(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The name a layer gets: the given one, or a fresh Keras-style default (`conv2d`, `conv2d_1`…). */
export function defaultName(name: string | undefined, className: string): string {
  return name ?? uniqueLayerName(kerasSnake(className));
}

/** Keras's only supported layout here: channels last (NHWC images, [batch, time, features] sequences). */
export type DataFormat = 'channelsLast';

/** Accepts 'channelsLast' (or Keras's 'channels_last'); anything else is a ConfigError that says how to convert. */
export function checkDataFormat(label: string, v: unknown): DataFormat {
  if (v === undefined || v === null || v === 'channelsLast' || v === 'channels_last') return 'channelsLast';
  if (v === 'channelsFirst' || v === 'channels_first') {
    throw new ConfigError(
      `${label}: dataFormat 'channelsFirst' is not supported; nabla's layers are channels-last (NHWC). Transpose the data instead, e.g. x.transpose([0, 2, 3, 1])`,
    );
  }
  throw new ConfigError(`${label}: dataFormat must be 'channelsLast', got ${JSON.stringify(v)}`);
}

/** A positive integer or a tuple of `rank` of them, as a tuple (Keras's int-or-tuple arguments). */
export function tupleOption(label: string, name: string, v: unknown, rank: number, dflt: number | readonly number[], min = 1): number[] {
  const raw = v === undefined || v === null ? dflt : v;
  const vals = typeof raw === 'number' ? new Array<number>(rank).fill(raw) : Array.isArray(raw) ? [...(raw as number[])] : null;
  if (!vals || vals.length !== rank || vals.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < min)) {
    const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new ConfigError(`${label}: ${name} must be ${what}${rank > 1 ? ` or a list of ${rank} of them` : ''}, got ${JSON.stringify(v)}`);
  }
  return vals;
}

/** Checks a padding mode against the ones a layer accepts. */
export function paddingOption<T extends string>(label: string, v: unknown, allowed: readonly T[], dflt: T): T {
  const p = v === undefined || v === null ? dflt : v;
  if (typeof p !== 'string' || !(allowed as readonly string[]).includes(p)) {
    throw new ConfigError(`${label}: padding must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(v)}`);
  }
  return p as T;
}

/** Output length of a sliding window along one axis (null stays null): TensorFlow's rules. */
export function windowLength(label: string, axis: string, n: number | null, k: number, stride: number, dilation: number, padding: string): number | null {
  if (n === null) return null;
  const span = (k - 1) * dilation + 1;
  if (padding === 'same' || padding === 'causal') return Math.ceil(n / stride);
  if (n < span) {
    const dil = dilation > 1 ? ` with dilation ${dilation}, ${span} wide` : '';
    throw new ShapeError(`${label}: the window (${k}${dil}) is larger than the input ${axis} (${n}) with padding 'valid'`);
  }
  return Math.floor((n - span) / stride) + 1;
}

/** Output length of a transposed convolution along one axis (Keras's rule, no output padding). */
export function transposedLength(n: number | null, k: number, stride: number, dilation: number, padding: string): number | null {
  if (n === null) return null;
  const span = (k - 1) * dilation + 1;
  return padding === 'same' ? n * stride : n * stride + Math.max(span - stride, 0);
}

/** Throws unless a symbolic input shape has `rank` axes (batch included) and a known channel count. */
export function expectInput(label: string, shape: SymbolicShape, rank: number, layout: string): number {
  if (shape.length !== rank) {
    throw new ShapeError(`${label}: expected ${rank}-D input ${layout}, got shape ${fmtSym(shape)}`);
  }
  const c = shape[rank - 1];
  if (c === null || c === undefined) throw new ShapeError(`${label}: the channel axis (last) must have a known size, got shape ${fmtSym(shape)}`);
  return c;
}

/** Formats a symbolic shape as errors print it: `[null,28,28,1]`. */
export function fmtSym(s: SymbolicShape): string {
  return `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
