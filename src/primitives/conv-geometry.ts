/**
 * Sliding-window geometry shared by convolutions and pooling: TensorFlow's padding rules, output
 * sizes, and the argument checks that turn user options into a kernel's `ConvGeometry`.
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';

import type { ConvGeometry } from '../backend/contract.js';

export type { ConvGeometry };

/** Keras padding modes: 'valid' (none), 'same' (output = ceil(input / stride)), 'causal' (1-D, all padding before). */
export type Padding = 'valid' | 'same' | 'causal';

/** Padding before and after one spatial axis, and the output length. */
export interface AxisWindow {
  before: number;
  after: number;
  out: number;
}

/**
 * Padding and output length along one axis. 'same' pads max((ceil(n/s)−1)·s + (k−1)·d + 1 − n, 0)
 * in total, the extra element after (TensorFlow's rule); 'causal' pads (k−1)·d before only.
 */
export function axisWindow(op: string, axis: string, n: number, k: number, stride: number, dilation: number, padding: Padding): AxisWindow {
  const span = (k - 1) * dilation + 1;
  let before = 0;
  let after = 0;
  if (padding === 'same') {
    const out = Math.ceil(n / stride);
    const total = Math.max((out - 1) * stride + span - n, 0);
    before = Math.floor(total / 2);
    after = total - before;
  } else if (padding === 'causal') {
    before = span - 1;
  }
  const padded = n + before + after;
  if (span > padded) {
    const dil = dilation > 1 ? ` with dilation ${dilation} (${span} wide)` : '';
    throw new ShapeError(`${op}: the window (${k}${dil}) is larger than the ${padding === 'valid' ? '' : 'padded '}input ${axis} (${padded})`);
  }
  return { before, after, out: Math.floor((padded - span) / stride) + 1 };
}

/** A 2-D window's geometry from NHWC input dims, window size, strides, dilation and padding. */
export function windowGeometry(
  op: string,
  inShape: readonly number[],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilation: readonly [number, number],
  padding: Padding,
  axisNames: readonly [string, string] = ['height', 'width'],
): ConvGeometry {
  const [batch, inH, inW, channels] = inShape as [number, number, number, number];
  const h = axisWindow(op, axisNames[0], inH, kernel[0], strides[0], dilation[0], padding);
  const w = axisWindow(op, axisNames[1], inW, kernel[1], strides[1], dilation[1], padding);
  return {
    batch,
    inH,
    inW,
    channels,
    kernelH: kernel[0],
    kernelW: kernel[1],
    strideH: strides[0],
    strideW: strides[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    padTop: h.before,
    padLeft: w.before,
    outH: h.out,
    outW: w.out,
  };
}

/** A positive integer or a tuple of `rank` of them (Keras's int-or-tuple arguments). */
export function intTuple(op: string, name: string, v: number | readonly number[] | undefined, rank: number, dflt: number): number[] {
  const vals = v === undefined ? new Array<number>(rank).fill(dflt) : typeof v === 'number' ? new Array<number>(rank).fill(v) : [...v];
  if (vals.length !== rank || vals.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x <= 0)) {
    const shown = Array.isArray(v) ? JSON.stringify(v) : String(v);
    throw new ConfigError(`${op}: ${name} must be a positive integer${rank > 1 ? ` or ${rank} of them` : ''}, got ${shown}`);
  }
  return vals;
}

/** Validates a padding mode. */
export function checkPadding(op: string, padding: unknown, allowed: readonly Padding[]): Padding {
  if (padding === undefined) return 'valid';
  if (typeof padding !== 'string' || !(allowed as readonly string[]).includes(padding)) {
    throw new ConfigError(`${op}: padding must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(padding)}`);
  }
  return padding as Padding;
}

/** Throws unless `shape` has the given rank; `what` describes the expected layout, e.g. "[batch, height, width, channels]". */
export function checkRank(op: string, arg: string, shape: readonly number[], rank: number, what: string): void {
  if (shape.length !== rank) throw new ShapeError(`${op}: ${arg} must be ${rank}-D ${what}, got shape ${fmtShape(shape)}`);
}
