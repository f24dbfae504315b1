// exp, expm1 and log on pairs of doubles (f64x2), accurate to a few units in the last place of a
// double, so that rounding their results to float32 gives what the js reference (Math.exp …
// rounded to float32) gives, but for inputs within ~1e-16 of a float32 rounding boundary.

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.4426950408889634;

@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}

// e^r for |r| ≤ ln2/2: Taylor series to degree 13 (remainder < 1e-17).
@inline function expPoly(r: v128): v128 {
  let p = splat(1.0 / 6227020800.0); // 1/13!
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0));
  return f64x2.add(f64x2.mul(p, r), splat(1.0));
}

/** e^x, lane-wise; inputs are clamped to ±200 (enough for float32 results: overflow and underflow stay exact). */
@inline export function exp2x(x: v128): v128 {
  x = f64x2.max(f64x2.min(x, splat(200)), splat(-200)); // NaN stays NaN
  const k = f64x2.nearest(f64x2.mul(x, splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, splat(LN2_HI))), f64x2.mul(k, splat(LN2_LO)));
  // 2^k from the exponent bits; k ∈ [-289, 289] so 1023 + k is a normal exponent.
  const ki = i32x4.trunc_sat_f64x2_s_zero(k);
  const kk = i64x2.extend_low_i32x4_s(ki);
  const scale = i64x2.shl(i64x2.add(kk, i64x2.splat(1023)), 52);
  return f64x2.mul(expPoly(r), scale);
}

/** e^x − 1 without cancellation near 0. */
@inline export function expm12x(x: v128): v128 {
  // |x| < 0.5: the series of expm1 to degree 16 (remainder < 1e-18); elsewhere e^x − 1 is accurate.
  let p = splat(1.0 / 355687428096000.0); // 1/17!
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 20922789888000.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 1307674368000.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 87178291200.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 6227020800.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, x), splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, x), splat(0.5));
  const small = f64x2.add(f64x2.mul(f64x2.mul(p, x), x), x);
  const big = f64x2.sub(exp2x(x), splat(1));
  const isSmall = f64x2.lt(f64x2.abs(x), splat(0.5));
  return v128.bitselect(small, big, isSmall);
}

/** Natural logarithm, lane-wise (x < 0: NaN, 0: −∞, +∞: +∞); inputs are promoted float32, so never subnormal. */
@inline export function log2x(x: v128): v128 {
  const bits = x;
  // x = 2^e · m with m ∈ [√½, √2).
  let e = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, splat(1.4142135623730951));
  m = v128.bitselect(f64x2.mul(m, splat(0.5)), m, big);
  e = i64x2.sub(e, big); // big lanes are all ones (−1): e + 1
  const s = f64x2.div(f64x2.sub(m, splat(1)), f64x2.add(m, splat(1)));
  const z = f64x2.mul(s, s);
  // log m = 2·atanh s = 2(s + s³/3 + s⁵/5 + …), |s| ≤ 0.1716: 11 terms leave < 1e-18.
  let p = splat(1.0 / 21.0);
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 19.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 17.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, z), splat(1.0 / 3.0));
  const logm = f64x2.mul(f64x2.add(f64x2.mul(f64x2.mul(p, z), s), s), splat(2));
  const ef = f64x2.convert_low_i32x4_s(i32x4.shuffle(e, e, 0, 2, 0, 2));
  let r = f64x2.add(f64x2.add(f64x2.mul(ef, splat(LN2_LO)), logm), f64x2.mul(ef, splat(LN2_HI)));
  // Special values: NaN or negative → NaN, 0 → −∞, +∞ → +∞.
  r = v128.bitselect(splat(-Infinity), r, f64x2.eq(x, splat(0)));
  r = v128.bitselect(splat(Infinity), r, f64x2.eq(x, splat(Infinity)));
  return v128.bitselect(splat(NaN), r, v128.or(f64x2.lt(x, splat(0)), f64x2.ne(x, x)));
}

/** log(1 + x) without cancellation near 0 (the correction keeps 1 + x's rounding out). */
@inline export function log1p2x(x: v128): v128 {
  const u = f64x2.add(x, splat(1));
  const corr = f64x2.div(f64x2.sub(f64x2.sub(u, splat(1)), x), u);
  const r = f64x2.sub(log2x(u), corr);
  // u = 1 exactly: log1p(x) = x; u = ∞: ∞ and u = 0: −∞ (the correction would be NaN).
  const exact = v128.bitselect(x, r, f64x2.eq(u, splat(1)));
  return v128.bitselect(log2x(u), exact, v128.or(f64x2.eq(u, splat(Infinity)), f64x2.eq(u, splat(0))));
}
