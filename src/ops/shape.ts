/** Shape and movement ops: reshape, transpose, concat/stack/split, slice, gather, pad, tile, repeat, flip, oneHot. */
import { ConfigError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, allocate } from '../tensor/dtype.js';
import { normAxes, normAxis, sizeOf } from '../tensor/shape.js';
import * as p from '../primitives/index.js';
import { type TensorLike, toTensor, arange } from './create.js';

/** Same data under a new shape; one dimension may be -1 (inferred). Shares storage. */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x);
  if (!Array.isArray(shape)) throw new ConfigError(`reshape: shape must be an array, got ${String(shape)}`);
  let infer = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (infer >= 0) throw new ShapeError(`reshape: only one dimension can be -1, got ${fmtShape(shape)}`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ConfigError(`reshape: shape ${fmtShape(shape)} has an invalid size ${d}`);
    } else known *= d;
  });
  const s = shape.slice();
  if (infer >= 0) {
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(t.shape)} (${t.size} elements) into ${fmtShape(shape)}`);
    }
    s[infer] = t.size / known;
  }
  return p.reshape(t, s);
}

/** Flattens axes startAxis..endAxis into one (default: everything into 1-D). */
export function flatten(x: TensorLike, startAxis = 0, endAxis = -1): Tensor {
  const t = toTensor(x);
  if (t.rank === 0) return p.reshape(t, [1]);
  const s = normAxis('flatten', startAxis, t.rank);
  const e = normAxis('flatten', endAxis, t.rank);
  if (e < s) throw new ShapeError(`flatten: endAxis ${endAxis} comes before startAxis ${startAxis}`);
  const shape = [...t.shape.slice(0, s), sizeOf(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)];
  return p.reshape(t, shape);
}

/** Removes size-1 axes (all of them, or the ones given, which must have size 1). */
export function squeeze(x: TensorLike, axis?: number | number[]): Tensor {
  const t = toTensor(x);
  if (axis === undefined) return p.reshape(t, t.shape.filter((d) => d !== 1));
  const axes = normAxes('squeeze', axis, t.rank);
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${fmtShape(t.shape)} has size ${t.shape[a]}, not 1`);
  }
  return p.reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

/** Inserts a size-1 axis at `axis` (which may be rank, to append). */
export function unsqueeze(x: TensorLike, axis: number): Tensor {
  const t = toTensor(x);
  const a = normAxis('unsqueeze', axis, t.rank + 1);
  const s = t.shape.slice();
  s.splice(a, 0, 1);
  return p.reshape(t, s);
}

/** TensorFlow's name for `unsqueeze`. */
export const expandDims = unsqueeze;

/** Reorders axes; with no permutation, reverses them (NumPy's transpose). */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x);
  const pr = perm ?? t.shape.map((_, i) => t.rank - 1 - i);
  if (pr.length !== t.rank) throw new ShapeError(`transpose: permutation ${JSON.stringify(pr)} has ${pr.length} axes, the tensor has ${t.rank}`);
  const norm = pr.map((a) => normAxis('transpose', a, t.rank));
  if (new Set(norm).size !== norm.length) throw new ShapeError(`transpose: permutation ${JSON.stringify(pr)} repeats an axis`);
  return p.permute(t, norm);
}

/** PyTorch's name: `permute(x, [2, 0, 1])`. */
export const permute = transpose;

/** Swaps two axes. */
export function swapAxes(x: TensorLike, a: number, b: number): Tensor {
  const t = toTensor(x);
  const perm = t.shape.map((_, i) => i);
  const i = normAxis('swapAxes', a, t.rank);
  const j = normAxis('swapAxes', b, t.rank);
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return p.permute(t, perm);
}

/** Repeats size-1 (or missing leading) axes to reach `shape`. */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  return p.broadcastTo(toTensor(x), shape);
}

/** Joins tensors along an existing axis. */
export function concat(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ConfigError('concat: expected a non-empty array of tensors');
  const ts = xs.map((x) => toTensor(x));
  const r = ts[0]!.rank;
  if (r === 0) throw new ShapeError('concat: cannot concatenate 0-d tensors; use stack');
  ts.forEach((t, i) => {
    if (t.rank !== r) throw new ShapeError(`concat: tensor ${i} has rank ${t.rank} (shape ${fmtShape(t.shape)}), tensor 0 has rank ${r}`);
  });
  return p.concat(ts, normAxis('concat', axis, r));
}

/** Joins same-shaped tensors along a new axis. */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ConfigError('stack: expected a non-empty array of tensors');
  const ts = xs.map((x) => toTensor(x));
  const s0 = ts[0]!.shape;
  ts.forEach((t, i) => {
    if (t.shape.length !== s0.length || t.shape.some((d, j) => d !== s0[j])) {
      throw new ShapeError(`stack: tensor ${i} has shape ${fmtShape(t.shape)}, tensor 0 has ${fmtShape(s0)}; all must match`);
    }
  });
  const a = normAxis('stack', axis, s0.length + 1);
  return p.concat(
    ts.map((t) => unsqueeze(t, a)),
    a,
  );
}

/** Splits into equal sections (a number that divides the axis) or into the given sizes. */
export function split(x: TensorLike, sections: number | readonly number[], axis = 0): Tensor[] {
  const t = toTensor(x);
  const a = normAxis('split', axis, t.rank);
  const n = t.shape[a]!;
  let sizes: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0) throw new ConfigError(`split: sections must be a positive integer, got ${sections}`);
    if (n % sections !== 0) throw new ShapeError(`split: axis ${a} has size ${n}, which does not divide into ${sections} equal sections`);
    sizes = new Array(sections).fill(n / sections);
  } else {
    sizes = sections.slice();
    const total = sizes.reduce((s, v) => s + v, 0);
    if (sizes.some((v) => !Number.isInteger(v) || v < 0) || total !== n) {
      throw new ShapeError(`split: sizes ${JSON.stringify(sections)} must be non-negative integers summing to ${n} (axis ${a}), they sum to ${total}`);
    }
  }
  let start = 0;
  return sizes.map((len) => {
    const begin = t.shape.map(() => 0);
    begin[a] = start;
    const size = t.shape.slice();
    size[a] = len;
    start += len;
    return p.slice(t, { begin, size, step: t.shape.map(() => 1) });
  });
}

/**
 * A block of `x` starting at `begin` with extent `size` per axis (TensorFlow's slice); a size of -1
 * runs to the end, a negative begin counts from the end, and missing trailing axes are taken whole.
 * @example nb.slice(x, [0, 1], [-1, 2]) // all rows, columns 1..2
 */
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const t = toTensor(x);
  const b = typeof begin === 'number' ? [begin] : begin.slice();
  const s = size === undefined ? [] : typeof size === 'number' ? [size] : size.slice();
  if (b.length > t.rank) throw new ShapeError(`slice: begin ${JSON.stringify(b)} has more axes than the tensor's ${t.rank}`);
  const B: number[] = [];
  const S: number[] = [];
  for (let d = 0; d < t.rank; d++) {
    const n = t.shape[d]!;
    let bd = b[d] ?? 0;
    if (!Number.isInteger(bd)) throw new ConfigError(`slice: begin[${d}] must be an integer, got ${bd}`);
    if (bd < 0) bd += n;
    if (bd < 0 || bd > n) throw new ShapeError(`slice: begin[${d}] = ${b[d]} is out of range for axis ${d} of size ${n}`);
    let sd = s[d] ?? -1;
    if (sd === -1) sd = n - bd;
    if (!Number.isInteger(sd) || sd < 0 || bd + sd > n) {
      throw new ShapeError(`slice: size[${d}] = ${s[d]} from begin ${bd} runs past axis ${d} of size ${n}`);
    }
    B.push(bd);
    S.push(sd);
  }
  return p.slice(t, { begin: B, size: S, step: t.shape.map(() => 1) });
}

/**
 * Python-style slicing of one axis: start (inclusive), stop (exclusive), step (may be negative);
 * undefined bounds take the whole range in the step's direction.
 * @example nb.sliceAxis(x, 0, undefined, undefined, -1) // reversed rows
 */
export function sliceAxis(x: TensorLike, axis: number, start?: number, stop?: number, step = 1): Tensor {
  const t = toTensor(x);
  const a = normAxis('sliceAxis', axis, t.rank);
  const n = t.shape[a]!;
  if (!Number.isInteger(step) || step === 0) throw new ConfigError(`sliceAxis: step must be a non-zero integer, got ${step}`);
  const clampIdx = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  let b: number;
  let e: number;
  if (step > 0) {
    b = start === undefined ? 0 : clampIdx(start, 0, n);
    e = stop === undefined ? n : clampIdx(stop, 0, n);
  } else {
    b = start === undefined ? n - 1 : clampIdx(start, -1, n - 1);
    e = stop === undefined ? -1 : clampIdx(stop, -1, n - 1);
  }
  const len = Math.max(0, Math.ceil((e - b) / step));
  const begin = t.shape.map(() => 0);
  const size = t.shape.slice();
  const steps = t.shape.map(() => 1);
  begin[a] = len > 0 ? b : 0;
  size[a] = len;
  steps[a] = step;
  return p.slice(t, { begin, size, step: steps });
}

/** Reverses the order along the given axes (all by default). */
export function flip(x: TensorLike, axes?: number | number[]): Tensor {
  const t = toTensor(x);
  const ax = normAxes('flip', axes, t.rank);
  const begin = t.shape.map((n, d) => (ax.includes(d) && n > 0 ? n - 1 : 0));
  const step = t.shape.map((_, d) => (ax.includes(d) ? -1 : 1));
  return p.slice(t, { begin, size: t.shape.slice(), step });
}

function indexArray(op: string, indices: TensorLike, n: number, axis: number): { idx: Int32Array; shape: number[] } {
  const it = indices instanceof Tensor ? indices : toTensor(indices);
  if (it.dtype !== 'int32') {
    // Accept float tensors holding integers (e.g. labels from a float array), reject anything else.
    const d = it.data();
    for (let i = 0; i < d.length; i++) {
      if (!Number.isInteger(d[i])) throw new DTypeError(`${op}: indices must be integers, found ${d[i]} at flat index ${i}`);
    }
  }
  const d = it.data();
  const idx = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    let v = d[i]!;
    if (v < 0) v += n;
    if (v < 0 || v >= n) throw new ShapeError(`${op}: index ${d[i]} is out of range for axis ${axis} of size ${n}`);
    idx[i] = v;
  }
  return { idx, shape: [...it.shape] };
}

/**
 * Takes entries along `axis` at `indices` (TensorFlow's gather): the result's shape is
 * x.shape[:axis] + indices.shape + x.shape[axis+1:]. Negative indices count from the end.
 * @example nb.gather(embeddings, tokenIds) // rows of a lookup table
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  const a = normAxis('gather', axis, t.rank);
  const { idx, shape } = indexArray('gather', indices, t.shape[a]!, a);
  const g = p.gather(t, a, idx);
  return p.reshape(g, [...t.shape.slice(0, a), ...shape, ...t.shape.slice(a + 1)]);
}

/** PyTorch's index_select: rows at 1-D `indices` along `axis`. */
export function indexSelect(x: TensorLike, axis: number, indices: TensorLike): Tensor {
  const it = toTensor(indices);
  if (it.rank !== 1) throw new ShapeError(`indexSelect: indices must be 1-D, got shape ${fmtShape(it.shape)}`);
  return gather(x, it, axis);
}

/**
 * `x` with the rows of `src` added at `indices` along `axis` (PyTorch's index_add); repeated
 * indices accumulate. `src` has x's shape with `axis` replaced by the number of indices.
 */
export function scatterAdd(x: TensorLike, indices: TensorLike, src: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  const a = normAxis('scatterAdd', axis, t.rank);
  const { idx } = indexArray('scatterAdd', indices, t.shape[a]!, a);
  const s = toTensor(src, t);
  return p.scatterAdd(t, s, a, idx);
}

/**
 * Pads with a constant: `paddings[d] = [before, after]` for each axis (missing trailing axes are not padded).
 * @example nb.pad(img, [[0, 0], [1, 1], [1, 1], [0, 0]]) // one pixel around an NHWC batch
 */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  const t = toTensor(x);
  if (paddings.length > t.rank) throw new ShapeError(`pad: ${paddings.length} paddings given for a tensor of rank ${t.rank}`);
  const before: number[] = [];
  const after: number[] = [];
  for (let d = 0; d < t.rank; d++) {
    const [b, a] = paddings[d] ?? [0, 0];
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new ConfigError(`pad: paddings[${d}] = [${b}, ${a}] must be non-negative integers`);
    }
    before.push(b);
    after.push(a);
  }
  return p.pad(t, before, after, value);
}

/** Repeats the whole tensor `reps[d]` times along each axis (NumPy's tile). */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  let t = toTensor(x);
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) throw new ConfigError(`tile: reps ${JSON.stringify(reps)} must be non-negative integers`);
  while (t.rank < reps.length) t = unsqueeze(t, 0);
  const r = [...new Array(t.rank - reps.length).fill(1), ...reps] as number[];
  const inter: number[] = [];
  const target: number[] = [];
  const final: number[] = [];
  t.shape.forEach((d, i) => {
    inter.push(1, d);
    target.push(r[i]!, d);
    final.push(r[i]! * d);
  });
  return p.reshape(p.broadcastTo(p.reshape(t, inter), target), final);
}

/** Repeats each element `repeats` times along `axis` (NumPy's repeat; no axis: flattened first). */
export function repeat(x: TensorLike, repeats: number, axis?: number): Tensor {
  let t = toTensor(x);
  if (!Number.isInteger(repeats) || repeats < 0) throw new ConfigError(`repeat: repeats must be a non-negative integer, got ${repeats}`);
  if (axis === undefined) {
    t = flatten(t);
    axis = 0;
  }
  const a = normAxis('repeat', axis, t.rank);
  const inter = [...t.shape.slice(0, a + 1), 1, ...t.shape.slice(a + 1)];
  const target = [...t.shape.slice(0, a + 1), repeats, ...t.shape.slice(a + 1)];
  const final = t.shape.slice();
  final[a] = t.shape[a]! * repeats;
  return p.reshape(p.broadcastTo(p.reshape(t, inter), target), final);
}

/**
 * One-hot encoding of integer labels: shape `[...indices.shape, depth]`, float32 by default.
 * Labels outside [0, depth) are an error.
 */
export function oneHot(indices: TensorLike, depth: number, options: { dtype?: DType; onValue?: number; offValue?: number } = {}): Tensor {
  if (!Number.isInteger(depth) || depth <= 0) throw new ConfigError(`oneHot: depth must be a positive integer, got ${depth}`);
  const it = toTensor(indices);
  const raw = it.data();
  for (let i = 0; i < raw.length; i++) {
    if (raw[i]! < 0) throw new ShapeError(`oneHot: label ${raw[i]} at flat index ${i} is outside [0, ${depth})`);
  }
  const { idx } = indexArray('oneHot', it, depth, -1);
  const dtype = options.dtype ?? 'float32';
  const on = options.onValue ?? 1;
  const off = options.offValue ?? 0;
  const out = allocate(dtype, idx.length * depth);
  if (off !== 0) out.fill(off);
  for (let i = 0; i < idx.length; i++) out[i * depth + idx[i]!] = on;
  return new Tensor(out, [...it.shape, depth], dtype);
}

/** Indices 0..n-1 (int32), a convenience for masks and positions. */
export function range(n: number): Tensor {
  return arange(0, n, 1, 'int32');
}
