/** Shape arithmetic: sizes, strides, NumPy broadcasting, axis normalisation. Pure functions. */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-given shape: non-negative integers. */
export function checkShape(op: string, shape: unknown, arg = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new ConfigError(`${op}: ${arg} must be an array of integers, got ${String(shape)}`);
  // String() rather than JSON: NaN and Infinity must print as themselves, not as null.
  const shown = `[${shape.map((d) => (typeof d === 'string' ? JSON.stringify(d) : String(d))).join(',')}]`;
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new ConfigError(`${op}: ${arg} ${shown} has ${typeof d === 'string' ? JSON.stringify(d) : String(d)} at position ${i}, not an integer`);
    }
    if (d < 0) throw new ConfigError(`${op}: ${arg} ${shown} has a negative size ${d} at position ${i}`);
  });
  return shape.slice() as number[];
}

/** NumPy broadcasting of two shapes; throws a ShapeError naming the op. */
export function broadcastShapes(op: string, a: Shape, b: Shape, names: [string, string] = ['a', 'b']): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new ShapeError(
        `${op}: shapes cannot broadcast: ${names[0]} is ${fmtShape(a)}, ${names[1]} is ${fmtShape(b)} ` +
          `(dimension ${i - n} is ${da} vs ${db})`,
      );
    }
  }
  return out;
}

/** Normalises one axis (negative counts from the end) and checks its range. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis)) throw new ConfigError(`${op}: axis must be an integer, got ${axis}`);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank} (valid: ${-rank}..${rank - 1})`);
  }
  return a;
}

/** Normalises a list of axes (undefined = all), sorted, without repeats. */
export function normAxes(op: string, axes: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normAxis(op, a, rank));
  const set = new Set(out);
  if (set.size !== out.length) throw new ShapeError(`${op}: repeated axis in ${JSON.stringify(list)}`);
  return out.sort((x, y) => x - y);
}

/** The shape after reducing `axes` (kept as 1 when keepDims). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}
