// Max pooling's selection over NHWC images: the flat index of each window's maximum, first on ties,
// a NaN chosen over numbers (so NaN propagates), taps outside the image skipped — as the reference.
import { arg, at } from './simd';

/** Output rows [r0, r1) of (b, oh, ow). Descriptor: geometry (14, as conv.ts), x, out (int32), r0, r1. */
export function maxPoolIndices(desc: usize): void {
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
  const r0 = arg(desc, 16);
  const r1 = arg(desc, 17);
  const lanes = i32x4(0, 1, 2, 3);
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    const img = b * inH * inW * C;
    const dst = at(out, r * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let best = f32x4.splat(-Infinity);
      let bestIdx = i32x4.splat(-1);
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH - pT + kh * dH;
        if (ih < 0 || ih >= inH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW - pL + kw * dW;
          if (iw < 0 || iw >= inW) continue;
          const s = img + (ih * inW + iw) * C + c;
          const v = v128.load(at(x, s));
          const first = i32x4.eq(bestIdx, i32x4.splat(-1));
          const nanOverNumber = v128.and(f32x4.ne(v, v), f32x4.eq(best, best));
          const take = v128.or(v128.or(first, f32x4.gt(v, best)), nanOverNumber);
          best = v128.bitselect(v, best, take);
          bestIdx = v128.bitselect(i32x4.add(i32x4.splat(s), lanes), bestIdx, take);
        }
      }
      v128.store(at(dst, c), bestIdx);
    }
    for (; c < C; c++) {
      let best: f32 = -Infinity;
      let bestIdx = -1;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH - pT + kh * dH;
        if (ih < 0 || ih >= inH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW - pL + kw * dW;
          if (iw < 0 || iw >= inW) continue;
          const s = img + (ih * inW + iw) * C + c;
          const v = load<f32>(at(x, s));
          if (bestIdx == -1 || v > best || (v != v && best == best)) {
            best = v;
            bestIdx = s;
          }
        }
      }
      store<i32>(at(dst, c), bestIdx);
    }
  }
}
