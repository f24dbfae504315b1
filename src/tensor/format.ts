/** Printing tensors the way NumPy and PyTorch users expect: aligned columns, elided middles. */
import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

const THRESHOLD = 1000; // elements above which the middle of each dimension is elided
const EDGE = 3; // items kept at each edge when eliding

export function formatTensor(data: TypedArray, shape: Shape, dtype: DType): string {
  const size = data.length;
  const elide = size > THRESHOLD;
  const fmt = makeFormatter(data, dtype, shape, elide);
  const prefix = 'tensor(';
  let body: string;
  if (shape.length === 0) body = fmt(data[0]!);
  else if (size === 0) body = '[]';
  else body = formatDim(data, shape, 0, 0, fmt, elide, prefix.length);
  return `${prefix}${body}, shape=[${shape.join(',')}], dtype=${dtype})`;
}

function formatDim(
  data: TypedArray,
  shape: Shape,
  dim: number,
  offset: number,
  fmt: (v: number) => string,
  elide: boolean,
  indent: number,
): string {
  const n = shape[dim]!;
  let stride = 1;
  for (let i = dim + 1; i < shape.length; i++) stride *= shape[i]!;
  const indices = visibleIndices(n, elide);
  const parts: string[] = [];
  for (const i of indices) {
    if (i < 0) {
      parts.push('...');
      continue;
    }
    if (dim === shape.length - 1) parts.push(fmt(data[offset + i]!));
    else parts.push(formatDim(data, shape, dim + 1, offset + i * stride, fmt, elide, indent + 1));
  }
  if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
  const newlines = '\n'.repeat(Math.max(1, shape.length - dim - 1));
  return `[${parts.join(',' + newlines + ' '.repeat(indent + 1))}]`;
}

function visibleIndices(n: number, elide: boolean): number[] {
  if (!elide || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE }, (_, i) => i);
  const tail = Array.from({ length: EDGE }, (_, i) => n - EDGE + i);
  return [...head, -1, ...tail];
}

/** Chooses one number format for the whole tensor (as NumPy does) and pads to a common width. */
function makeFormatter(data: TypedArray, dtype: DType, shape: Shape, elide: boolean): (v: number) => string {
  const shown = sampleShown(data, shape, elide);
  if (dtype === 'bool') {
    // Pad 'true' to line up with 'false' only when both appear.
    const pad = shown.some((v) => !v) && shown.some((v) => v) ? ' ' : '';
    return (v) => (v ? `${pad}true` : 'false');
  }
  if (dtype === 'int32') {
    const width = Math.max(...shown.map((v) => String(v).length), 1);
    return (v) => String(v).padStart(width);
  }
  const finite = shown.filter((v) => Number.isFinite(v));
  const abs = finite.map((v) => Math.abs(v)).filter((v) => v > 0);
  const maxAbs = abs.length ? Math.max(...abs) : 0;
  const minAbs = abs.length ? Math.min(...abs) : 0;
  const allInt = finite.every((v) => Number.isInteger(v));
  let one: (v: number) => string;
  if (allInt && maxAbs < 1e8) one = (v) => (Number.isFinite(v) ? `${v}.` : String(v));
  else if (maxAbs >= 1e8 || (minAbs > 0 && minAbs < 1e-4) || (minAbs > 0 && maxAbs / minAbs > 1e3 && maxAbs >= 1e3)) {
    // Two-digit exponents, as NumPy and PyTorch print them: 1.0000e-05.
    one = (v) => (Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : String(v));
  } else one = (v) => (Number.isFinite(v) ? v.toFixed(4) : String(v));
  const width = Math.max(...shown.map((v) => one(v).length), 1);
  return (v) => one(v).padStart(width);
}

/** The values that will be printed (all of them, or only the edges when eliding). */
function sampleShown(data: TypedArray, shape: Shape, elide: boolean): number[] {
  if (!elide) return Array.from(data as ArrayLike<number>);
  const out: number[] = [];
  const walk = (dim: number, offset: number): void => {
    if (shape.length === 0) {
      out.push(data[0]!);
      return;
    }
    let stride = 1;
    for (let i = dim + 1; i < shape.length; i++) stride *= shape[i]!;
    for (const i of visibleIndices(shape[dim]!, true)) {
      if (i < 0) continue;
      if (dim === shape.length - 1) out.push(data[offset + i]!);
      else walk(dim + 1, offset + i * stride);
    }
  };
  walk(0, 0);
  return out;
}
