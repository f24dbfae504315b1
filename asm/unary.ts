// Elementwise float32 → float32 functions over a range of elements. Transcendental functions are
// computed in double precision (math64.ts) and rounded once to float32, as the js reference does,
// so results agree with it (bit for bit, but for inputs within ~1e-16 of a rounding boundary).
import { arg, at } from './simd';
import { exp2x, expm12x, log1p2x, log2x } from './math64';

// Operation codes (the TypeScript adapter keeps the same table).
const NEG = 0;
const ABS = 1;
const SQUARE = 2;
const SQRT = 3;
const RSQRT = 4;
const RECIPROCAL = 5;
const RELU = 6;
const EXP = 7;
const EXPM1 = 8;
const LOG = 9;
const LOG1P = 10;
const TANH = 11;
const SIGMOID = 12;
const FLOOR = 13;
const CEIL = 14;
const ROUND = 15;
const SIGN = 16;
const IDENTITY = 17;

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

@inline function join(a: v128, b: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

// One op on a pair of doubles.
@inline function f64op(op: i32, x: v128): v128 {
  const one = f64x2.splat(1);
  switch (op) {
    case RSQRT:
      return f64x2.div(one, f64x2.sqrt(x));
    case RECIPROCAL:
      return f64x2.div(one, x);
    case EXP:
      return exp2x(x);
    case EXPM1:
      return expm12x(x);
    case LOG:
      return log2x(x);
    case LOG1P:
      return log1p2x(x);
    case TANH: {
      // tanh|x| = em / (em + 2), em = expm1(2|x|); |x| ≥ 20 gives 1; the sign is copied back.
      const ax = f64x2.min(f64x2.abs(x), f64x2.splat(20));
      const em = expm12x(f64x2.add(ax, ax));
      const t = f64x2.div(em, f64x2.add(em, f64x2.splat(2)));
      return v128.or(t, v128.and(x, i64x2.splat(0x8000000000000000)));
    }
    case SIGMOID: {
      // 1 / (1 + e^{-x}) for x ≥ 0, e^x / (1 + e^x) below: never exponentiates a large positive number.
      const e = exp2x(f64x2.neg(f64x2.abs(x)));
      const d = f64x2.add(one, e);
      return v128.bitselect(f64x2.div(one, d), f64x2.div(e, d), f64x2.ge(x, f64x2.splat(0)));
    }
    default:
      return x;
  }
}

// One op on four floats.
@inline function f32op(op: i32, v: v128): v128 {
  const zero = f32x4.splat(0);
  switch (op) {
    case NEG:
      return f32x4.neg(v);
    case ABS:
      return f32x4.abs(v);
    case SQUARE:
      return f32x4.mul(v, v);
    case SQRT:
      return f32x4.sqrt(v);
    case RELU:
      // x > 0 or NaN keeps x; everything else (−0 included) becomes +0.
      return v128.and(v, v128.or(f32x4.gt(v, zero), f32x4.ne(v, v)));
    case FLOOR:
      return f32x4.floor(v);
    case CEIL:
      return f32x4.ceil(v);
    case ROUND:
      return f32x4.nearest(v);
    case SIGN: {
      const pos = v128.and(f32x4.gt(v, zero), f32x4.splat(1));
      const neg = v128.and(f32x4.lt(v, zero), f32x4.splat(-1));
      return v128.or(v128.or(pos, neg), v128.and(v, f32x4.ne(v, v)));
    }
    case IDENTITY:
      return v;
    default:
      return join(f64op(op, lo(v)), f64op(op, hi(v)));
  }
}

@inline function scalarOp(op: i32, x: f32): f32 {
  const v = f32op(op, f32x4.splat(x));
  return f32x4.extract_lane(v, 0);
}

/** out[i] = op(x[i]) for i in [i0, i1). Descriptor: op, x, out, i0, i1. */
export function unary(desc: usize): void {
  const op = arg(desc, 0);
  const x = <usize>arg(desc, 1);
  const out = <usize>arg(desc, 2);
  const i0 = arg(desc, 3);
  const i1 = arg(desc, 4);
  let i = i0;
  // One loop per op, so the switch is resolved outside the loop.
  switch (op) {
    case NEG: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(NEG, v128.load(at(x, i)))); break;
    case ABS: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(ABS, v128.load(at(x, i)))); break;
    case SQUARE: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(SQUARE, v128.load(at(x, i)))); break;
    case SQRT: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(SQRT, v128.load(at(x, i)))); break;
    case RSQRT: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(RSQRT, v128.load(at(x, i)))); break;
    case RECIPROCAL: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(RECIPROCAL, v128.load(at(x, i)))); break;
    case RELU: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(RELU, v128.load(at(x, i)))); break;
    case EXP: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(EXP, v128.load(at(x, i)))); break;
    case EXPM1: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(EXPM1, v128.load(at(x, i)))); break;
    case LOG: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(LOG, v128.load(at(x, i)))); break;
    case LOG1P: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(LOG1P, v128.load(at(x, i)))); break;
    case TANH: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(TANH, v128.load(at(x, i)))); break;
    case SIGMOID: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(SIGMOID, v128.load(at(x, i)))); break;
    case FLOOR: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(FLOOR, v128.load(at(x, i)))); break;
    case CEIL: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(CEIL, v128.load(at(x, i)))); break;
    case ROUND: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(ROUND, v128.load(at(x, i)))); break;
    case SIGN: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), f32op(SIGN, v128.load(at(x, i)))); break;
    default: for (; i + 4 <= i1; i += 4) v128.store(at(out, i), v128.load(at(x, i)));
  }
  for (; i < i1; i++) store<f32>(at(out, i), scalarOp(op, load<f32>(at(x, i))));
}
