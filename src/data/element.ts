/**
 * Elements of a data pipeline: a tensor, or a record of tensors such as `{ x, y }`. Batching and
 * windowing stack elements of one structure along a new leading axis (internal helpers).
 */
import { DataError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { shapesEqual, sizeOf } from '../tensor/shape.js';

/** What `batch` and `window` can stack: a tensor or a record of tensors (e.g. `{ x, y }`). */
export type Element = Tensor | { readonly [key: string]: Tensor };

/** Row `i` of `t` along the first axis, sharing `t`'s storage (no copy). */
export function rowView(t: Tensor, i: number): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  return new Tensor(t.data().subarray(i * rowSize, (i + 1) * rowSize), t.shape.slice(1), t.dtype);
}

/** Copies rows `indices` of `t` (along the first axis) into a new tensor. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  if (t.rank === 0) throw new ShapeError(`takeRows: expected a tensor with a first axis, got a scalar`);
  const n = t.shape[0]!;
  const rowSize = n === 0 ? 0 : t.size / n;
  const src = t.data();
  const out = allocate(t.dtype, indices.length * rowSize);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ShapeError(`takeRows: index ${i} at position ${k} is outside [0, ${n}) for shape ${fmtShape(t.shape)}`);
    }
    if (rowSize === 1) out[k] = src[i]!;
    else out.set(src.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)], t.dtype);
}

function stackTensors(items: readonly Tensor[], op: string, where: string): Tensor {
  const first = items[0]!;
  const rowSize = sizeOf(first.shape);
  const out = allocate(first.dtype, items.length * rowSize);
  for (let k = 0; k < items.length; k++) {
    const t = items[k]!;
    if (!shapesEqual(t.shape, first.shape) || t.dtype !== first.dtype) {
      throw new ShapeError(
        `${op}: cannot stack element ${k}${where} of shape ${fmtShape(t.shape)} ${t.dtype} with element 0 of shape ${fmtShape(first.shape)} ${first.dtype}`,
      );
    }
    if (rowSize === 1) out[k] = t.data()[0]!;
    else out.set(t.data(), k * rowSize);
  }
  return new Tensor(out, [items.length, ...first.shape], first.dtype);
}

/** Stacks elements of one structure along a new first axis: tensors → tensor, records → record of stacked tensors. */
export function stackElements<T>(items: readonly T[], op: string): T {
  if (items.length === 0) throw new DataError(`${op}: nothing to stack`);
  const first = items[0];
  if (first instanceof Tensor) {
    for (let k = 0; k < items.length; k++) {
      if (!(items[k] instanceof Tensor)) throw new DataError(`${op}: element ${k} is not a Tensor, but element 0 is`);
    }
    return stackTensors(items as readonly Tensor[], op, '') as T;
  }
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    const keys = Object.keys(first);
    const out: Record<string, Tensor> = {};
    for (const key of keys) {
      const column: Tensor[] = new Array<Tensor>(items.length);
      for (let k = 0; k < items.length; k++) {
        const v = (items[k] as Record<string, unknown>)[key];
        if (!(v instanceof Tensor)) {
          throw new DataError(`${op}: element ${k} has ${v === undefined ? 'no' : 'a non-Tensor'} field '${key}'; elements to stack must be Tensors or records of Tensors with the same keys`);
        }
        column[k] = v;
      }
      out[key] = stackTensors(column, op, ` (field '${key}')`);
    }
    return out as T;
  }
  throw new DataError(`${op}: elements must be Tensors or records of Tensors (like { x, y }), got ${Array.isArray(first) ? 'an array' : typeof first}`);
}

/** The number of rows shared by every tensor of a `fromTensors` input; throws on a mismatch. */
export function commonLength(input: Element, op: string): number {
  if (input instanceof Tensor) {
    if (input.rank === 0) throw new ShapeError(`${op}: expected tensors with a first (sample) axis, got a scalar`);
    return input.shape[0]!;
  }
  const entries = Object.entries(input);
  if (entries.length === 0) throw new DataError(`${op}: the record of tensors is empty`);
  let n = -1;
  let firstKey = '';
  for (const [key, t] of entries) {
    if (!(t instanceof Tensor)) throw new DataError(`${op}: field '${key}' is not a Tensor`);
    if (t.rank === 0) throw new ShapeError(`${op}: field '${key}' is a scalar; expected a first (sample) axis`);
    if (n < 0) {
      n = t.shape[0]!;
      firstKey = key;
    } else if (t.shape[0] !== n) {
      throw new ShapeError(`${op}: fields have different numbers of samples: '${firstKey}' has ${n} ${fmtShape(input[firstKey]!.shape)}, '${key}' has ${t.shape[0]} ${fmtShape(t.shape)}`);
    }
  }
  return n;
}

/** Element `i` of a `fromTensors` input: row views of each tensor. */
export function elementAt(input: Element, i: number): Element {
  if (input instanceof Tensor) return rowView(input, i);
  const out: Record<string, Tensor> = {};
  for (const key of Object.keys(input)) out[key] = rowView(input[key]!, i);
  return out;
}
