// Elementwise float32 binary operations with broadcasting. The adapter collapses the operands'
// shapes to at most 6 dimensions with per-operand strides (0 where an operand repeats); this kernel
// walks rows of the last dimension, with vector loops for the usual inner strides (1 and 0).
// Arithmetic writes float32; comparisons write one byte, 0 or 1.
import { arg, at } from './simd';

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAXIMUM = 4;
const MINIMUM = 5;
const EQUAL = 6;
const NOT_EQUAL = 7;
const LESS = 8;
const LESS_EQUAL = 9;
const GREATER = 10;
const GREATER_EQUAL = 11;
const MAX_RANK = 6;

@inline function vop(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD:
      return f32x4.add(x, y);
    case SUB:
      return f32x4.sub(x, y);
    case MUL:
      return f32x4.mul(x, y);
    case DIV:
      return f32x4.div(x, y);
    case MAXIMUM:
      return f32x4.max(x, y);
    case MINIMUM:
      return f32x4.min(x, y);
    case EQUAL:
      return f32x4.eq(x, y);
    case NOT_EQUAL:
      return f32x4.ne(x, y);
    case LESS:
      return f32x4.lt(x, y);
    case LESS_EQUAL:
      return f32x4.le(x, y);
    case GREATER:
      return f32x4.gt(x, y);
    default:
      return f32x4.ge(x, y);
  }
}

// Stores four results: floats, or (comparisons) the low byte of each lane's 0/1.
@inline function put(out: usize, i: i32, v: v128, bytes: bool): void {
  if (bytes) {
    const n = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(v, v), v);
    store<i32>(out + <usize>i, i32x4.extract_lane(n, 0) & 0x01010101);
  } else {
    v128.store(at(out, i), v);
  }
}

@inline function putOne(out: usize, i: i32, v: v128, bytes: bool): void {
  if (bytes) store<u8>(out + <usize>i, <u8>(i32x4.extract_lane(v, 0) & 1));
  else store<f32>(at(out, i), f32x4.extract_lane(v, 0));
}

// One row of n results; a and b point at the row's first operands, with inner strides ia, ib.
@inline function row(op: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, o: i32, n: i32, bytes: bool): void {
  let j = 0;
  if (ia == 1 && ib == 1) {
    for (; j + 4 <= n; j += 4) put(out, o + j, vop(op, v128.load(at(a, j)), v128.load(at(b, j))), bytes);
  } else if (ia == 1 && ib == 0) {
    const y = v128.load32_splat(b);
    for (; j + 4 <= n; j += 4) put(out, o + j, vop(op, v128.load(at(a, j)), y), bytes);
  } else if (ia == 0 && ib == 1) {
    const x = v128.load32_splat(a);
    for (; j + 4 <= n; j += 4) put(out, o + j, vop(op, x, v128.load(at(b, j))), bytes);
  }
  for (; j < n; j++) putOne(out, o + j, vop(op, v128.load32_splat(at(a, j * ia)), v128.load32_splat(at(b, j * ib))), bytes);
}

/**
 * out[r·n + j] = op(a[…], b[…]) for rows r in [r0, r1). Descriptor: op, a, b, out, rank, r0, r1,
 * dims[6], aStrides[6], bStrides[6] (dimensions in the first `rank` slots, the last one contiguous in out).
 */
export function binary(desc: usize): void {
  const op = arg(desc, 0);
  const a = <usize>arg(desc, 1);
  const b = <usize>arg(desc, 2);
  const out = <usize>arg(desc, 3);
  const rank = arg(desc, 4);
  const r0 = arg(desc, 5);
  const r1 = arg(desc, 6);
  const last = rank - 1;
  const n = arg(desc, 7 + last);
  const ia = arg(desc, 7 + MAX_RANK + last);
  const ib = arg(desc, 7 + 2 * MAX_RANK + last);
  const bytes = op >= EQUAL;
  // Row r0 as a multi-index over the leading dimensions (kept in the descriptor's spare slots
  // 32…37, which belong to this thread), and the operands' offsets there.
  const idx = desc + 32 * 4;
  let pa = 0;
  let pb = 0;
  let rem = r0;
  for (let d = last - 1; d >= 0; d--) {
    const dim = arg(desc, 7 + d);
    const q = rem % dim;
    rem /= dim;
    pa += q * arg(desc, 7 + MAX_RANK + d);
    pb += q * arg(desc, 7 + 2 * MAX_RANK + d);
    store<i32>(idx + (<usize>d << 2), q);
  }
  for (let r = r0; r < r1; r++) {
    row(op, at(a, pa), ia, at(b, pb), ib, out, r * n, n, bytes);
    // Advance the multi-index by one row, carrying into earlier dimensions.
    for (let d = last - 1; d >= 0; d--) {
      const dim = arg(desc, 7 + d);
      const sa = arg(desc, 7 + MAX_RANK + d);
      const sb = arg(desc, 7 + 2 * MAX_RANK + d);
      const slot = idx + (<usize>d << 2);
      const q = load<i32>(slot) + 1;
      if (q < dim) {
        pa += sa;
        pb += sb;
        store<i32>(slot, q);
        break;
      }
      pa -= sa * (dim - 1);
      pb -= sb * (dim - 1);
      store<i32>(slot, 0);
    }
  }
}
