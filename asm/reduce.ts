// Float32 reductions (sum, max, min) over the middle axis of x viewed as [outer, red, inner],
// accumulated in double precision as the js reference does. Threads split the outer rows, or,
// with a single outer row, strips of the inner columns.
import { arg, at } from './simd';

const SUM = 0;
const MAX = 1;
const MIN = 2;
/** Inner columns accumulated at once (doubles in the thread's scratch). */
const CHUNK = 4096;

@inline function combine(op: i32, acc: v128, v: v128): v128 {
  if (op == SUM) return f64x2.add(acc, v);
  if (op == MAX) return f64x2.max(acc, v);
  return f64x2.min(acc, v);
}

@inline function identity(op: i32): f64 {
  return op == SUM ? 0 : op == MAX ? -Infinity : Infinity;
}

/**
 * out[o·inner + j] = op over t of x[(o·red + t)·inner + j], for rows o in [o0, o1) and columns
 * j in [j0, j1). Descriptor: op, x, out, outer, red, inner, o0, o1, j0, j1, work.
 */
export function reduce(desc: usize): void {
  const op = arg(desc, 0);
  const x = <usize>arg(desc, 1);
  const out = <usize>arg(desc, 2);
  const red = arg(desc, 4);
  const inner = arg(desc, 5);
  const o0 = arg(desc, 6);
  const o1 = arg(desc, 7);
  const j0 = arg(desc, 8);
  const j1 = arg(desc, 9);
  const acc = <usize>arg(desc, 10);
  const init = f64x2.splat(identity(op));
  if (inner == 1) {
    // Contiguous runs: two pairs of double accumulators, then a scalar tail.
    for (let o = o0; o < o1; o++) {
      const base = at(x, o * red);
      let s0 = init;
      let s1 = init;
      let t = 0;
      for (; t + 4 <= red; t += 4) {
        const v = v128.load(at(base, t));
        s0 = combine(op, s0, f64x2.promote_low_f32x4(v));
        s1 = combine(op, s1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      }
      s0 = combine(op, s0, s1);
      let s = combine(op, s0, i64x2.shuffle(s0, s0, 1, 0));
      for (; t < red; t++) s = combine(op, s, f64x2.splat(<f64>load<f32>(at(base, t))));
      store<f32>(at(out, o), <f32>f64x2.extract_lane(s, 0));
    }
    return;
  }
  for (let o = o0; o < o1; o++) {
    for (let c0 = j0; c0 < j1; c0 += CHUNK) {
      const c1 = min(j1, c0 + CHUNK);
      const w = c1 - c0;
      for (let j = 0; j < w; j += 2) v128.store(acc + (<usize>j << 3), init);
      for (let t = 0; t < red; t++) {
        const row = at(x, (o * red + t) * inner + c0);
        let j = 0;
        for (; j + 4 <= w; j += 4) {
          const v = v128.load(at(row, j));
          const p = acc + (<usize>j << 3);
          v128.store(p, combine(op, v128.load(p), f64x2.promote_low_f32x4(v)));
          v128.store(p, combine(op, v128.load(p, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
        }
        for (; j < w; j++) {
          const p = acc + (<usize>j << 3);
          const r = combine(op, f64x2.splat(load<f64>(p)), f64x2.splat(<f64>load<f32>(at(row, j))));
          store<f64>(p, f64x2.extract_lane(r, 0));
        }
      }
      for (let j = 0; j < w; j++) store<f32>(at(out, o * inner + c0 + j), <f32>load<f64>(acc + (<usize>j << 3)));
    }
  }
}
