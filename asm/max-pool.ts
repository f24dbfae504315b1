// Max pooling over NHWC images in one pass: each window's maximum and, when asked, its flat index,
// chosen as the reference does: the first in-image tap seeds the window, a later tap replaces the
// best when larger, or when it is a NaN and the best is not (so the first NaN wins and propagates).
//
// Per output position the in-image taps form a rectangle of the window (computed once), and the
// channels are swept in blocks of 16 (values only, with a cheaper rule that is exact unless a NaN
// appears) or 8 (with indices) kept in registers over all the taps, then in single vectors, then
// one by one. The kernel reads each input once, so it runs at memory speed.
import { arg, at } from './simd';

// Whether tap v replaces best b: v > b, or v is NaN and b is not. As one comparison: not (v <= b)
// holds when v > b or either is NaN; masking out a NaN best leaves exactly the rule.
@inline function takes(v: v128, b: v128): v128 {
  return v128.andnot(f32x4.eq(b, b), f32x4.le(v, b));
}

@inline function takesScalar(v: f32, b: f32): bool {
  return v > b || (v != v && b == b);
}

/**
 * Output positions [r0, r1) of (b, oh, ow). Descriptor: geometry (14, as conv.ts), x, out (f32),
 * indices (i32; 0 for none), r0, r1.
 */
export function maxPool(desc: usize): void {
  const inH = arg(desc, 1);
  const inW = arg(desc, 2);
  const C = arg(desc, 3);
  const kH = arg(desc, 4);
  const kW = arg(desc, 5);
  const sH = arg(desc, 6);
  const sW = arg(desc, 7);
  const pT = arg(desc, 8);
  const pL = arg(desc, 9);
  const dH = arg(desc, 10);
  const dW = arg(desc, 11);
  const outH = arg(desc, 12);
  const outW = arg(desc, 13);
  const x = <usize>arg(desc, 14);
  const out = <usize>arg(desc, 15);
  const idx = <usize>arg(desc, 16);
  const r0 = arg(desc, 17);
  const r1 = arg(desc, 18);
  const rowStep = dH * inW * C; // elements between window rows
  const colStep = dW * C; // and columns
  const lanes = i32x4(0, 1, 2, 3);
  let ow = r0 % outW;
  let oh = (r0 / outW) % outH;
  let b = r0 / (outW * outH);
  for (let r = r0; r < r1; r++) {
    const y0 = oh * sH - pT;
    const x0 = ow * sW - pL;
    // The in-image taps: window rows [kh0, kh1) and columns [kw0, kw1).
    let kh0 = 0;
    while (kh0 < kH && y0 + kh0 * dH < 0) kh0++;
    let kh1 = kH;
    while (kh1 > kh0 && y0 + (kh1 - 1) * dH >= inH) kh1--;
    let kw0 = 0;
    while (kw0 < kW && x0 + kw0 * dW < 0) kw0++;
    let kw1 = kW;
    while (kw1 > kw0 && x0 + (kw1 - 1) * dW >= inW) kw1--;
    const dst = at(out, r * C);
    const dsti = idx ? at(idx, r * C) : 0;
    if (kh0 >= kh1 || kw0 >= kw1) {
      for (let c = 0; c < C; c++) store<f32>(at(dst, c), -Infinity);
      if (dsti) for (let c = 0; c < C; c++) store<i32>(at(dsti, c), -1);
    } else {
      const first = ((b * inH + y0 + kh0 * dH) * inW + x0 + kw0 * dW) * C; // element index of the seed tap
      const nh = kh1 - kh0;
      const nw = kw1 - kw0;
      let c = 0;
      if (!dsti) {
        // pmax(m, v) = m < v ? v : m keeps the first of ties and a NaN best, but not a later NaN tap:
        // NaN taps are only noted (a running sum of the taps turns NaN; an overflow to ∞ − ∞ only
        // costs a detour), and a block that saw one is redone below with the exact rule.
        for (; c + 16 <= C; c += 16) {
          const p = at(x, first + c);
          let m0 = v128.load(p);
          let m1 = v128.load(p, 16);
          let m2 = v128.load(p, 32);
          let m3 = v128.load(p, 48);
          let sum = f32x4.add(f32x4.add(m0, m1), f32x4.add(m2, m3));
          for (let i = 0; i < nh; i++) {
            for (let j = i == 0 ? 1 : 0; j < nw; j++) {
              const q = at(x, first + c + i * rowStep + j * colStep);
              const v0 = v128.load(q);
              const v1 = v128.load(q, 16);
              const v2 = v128.load(q, 32);
              const v3 = v128.load(q, 48);
              m0 = f32x4.pmax(m0, v0);
              m1 = f32x4.pmax(m1, v1);
              m2 = f32x4.pmax(m2, v2);
              m3 = f32x4.pmax(m3, v3);
              sum = f32x4.add(sum, f32x4.add(f32x4.add(v0, v1), f32x4.add(v2, v3)));
            }
          }
          if (v128.any_true(f32x4.ne(sum, sum))) break; // this block and the rest: the exact loops below
          v128.store(at(dst, c), m0);
          v128.store(at(dst, c), m1, 16);
          v128.store(at(dst, c), m2, 32);
          v128.store(at(dst, c), m3, 48);
        }
      } else {
        for (; c + 8 <= C; c += 8) {
          const p = at(x, first + c);
          let m0 = v128.load(p);
          let m1 = v128.load(p, 16);
          let i0 = i32x4.add(i32x4.splat(first + c), lanes);
          let i1 = i32x4.add(i0, i32x4.splat(4));
          for (let i = 0; i < nh; i++) {
            for (let j = i == 0 ? 1 : 0; j < nw; j++) {
              const s = first + c + i * rowStep + j * colStep;
              const q = at(x, s);
              const v0 = v128.load(q);
              const v1 = v128.load(q, 16);
              const t0 = takes(v0, m0);
              const t1 = takes(v1, m1);
              const p0 = i32x4.add(i32x4.splat(s), lanes);
              m0 = v128.bitselect(v0, m0, t0);
              m1 = v128.bitselect(v1, m1, t1);
              i0 = v128.bitselect(p0, i0, t0);
              i1 = v128.bitselect(i32x4.add(p0, i32x4.splat(4)), i1, t1);
            }
          }
          v128.store(at(dst, c), m0);
          v128.store(at(dst, c), m1, 16);
          v128.store(at(dsti, c), i0);
          v128.store(at(dsti, c), i1, 16);
        }
      }
      for (; c + 4 <= C; c += 4) {
        let m = v128.load(at(x, first + c));
        let im = i32x4.add(i32x4.splat(first + c), lanes);
        for (let i = 0; i < nh; i++) {
          for (let j = i == 0 ? 1 : 0; j < nw; j++) {
            const s = first + c + i * rowStep + j * colStep;
            const v = v128.load(at(x, s));
            const t = takes(v, m);
            m = v128.bitselect(v, m, t);
            im = v128.bitselect(i32x4.add(i32x4.splat(s), lanes), im, t);
          }
        }
        v128.store(at(dst, c), m);
        if (dsti) v128.store(at(dsti, c), im);
      }
      for (; c < C; c++) {
        let m = load<f32>(at(x, first + c));
        let im = first + c;
        for (let i = 0; i < nh; i++) {
          for (let j = i == 0 ? 1 : 0; j < nw; j++) {
            const s = first + c + i * rowStep + j * colStep;
            const v = load<f32>(at(x, s));
            if (takesScalar(v, m)) {
              m = v;
              im = s;
            }
          }
        }
        store<f32>(at(dst, c), m);
        if (dsti) store<i32>(at(dsti, c), im);
      }
    }
    if (++ow == outW) {
      ow = 0;
      if (++oh == outH) {
        oh = 0;
        b++;
      }
    }
  }
}
