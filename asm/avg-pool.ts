// Average pooling over NHWC images and its adjoint. Per output position the in-image taps form a
// rectangle of the window (padding is not counted in the mean, as Keras's 'same' average pooling);
// the forward pass sums the taps in registers over blocks of 16 channels, the backward pass spreads
// each output gradient over them, one image at a time (threads split by images, as col2im).
import { arg, at } from './simd';

/** Output positions [r0, r1) of (b, oh, ow). Descriptor: geometry (14, as conv.ts), x, out, r0, r1. */
export function avgPool(desc: usize): void {
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
  const rowStep = dH * inW * C;
  const colStep = dW * C;
  let ow = r0 % outW;
  let oh = (r0 / outW) % outH;
  let b = r0 / (outW * outH);
  for (let r = r0; r < r1; r++) {
    const y0 = oh * sH - pT;
    const x0 = ow * sW - pL;
    let kh0 = 0;
    while (kh0 < kH && y0 + kh0 * dH < 0) kh0++;
    let kh1 = kH;
    while (kh1 > kh0 && y0 + (kh1 - 1) * dH >= inH) kh1--;
    let kw0 = 0;
    while (kw0 < kW && x0 + kw0 * dW < 0) kw0++;
    let kw1 = kW;
    while (kw1 > kw0 && x0 + (kw1 - 1) * dW >= inW) kw1--;
    const dst = at(out, r * C);
    const nh = kh1 - kh0;
    const nw = kw1 - kw0;
    if (nh <= 0 || nw <= 0) {
      for (let c = 0; c < C; c++) store<f32>(at(dst, c), 0);
    } else {
      const first = ((b * inH + y0 + kh0 * dH) * inW + x0 + kw0 * dW) * C;
      const countF = <f32>(nh * nw);
      const count = f32x4.splat(countF);
      let c = 0;
      for (; c + 16 <= C; c += 16) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        let a2 = f32x4.splat(0);
        let a3 = f32x4.splat(0);
        for (let i = 0; i < nh; i++) {
          for (let j = 0; j < nw; j++) {
            const q = at(x, first + c + i * rowStep + j * colStep);
            a0 = f32x4.add(a0, v128.load(q));
            a1 = f32x4.add(a1, v128.load(q, 16));
            a2 = f32x4.add(a2, v128.load(q, 32));
            a3 = f32x4.add(a3, v128.load(q, 48));
          }
        }
        v128.store(at(dst, c), f32x4.div(a0, count));
        v128.store(at(dst, c), f32x4.div(a1, count), 16);
        v128.store(at(dst, c), f32x4.div(a2, count), 32);
        v128.store(at(dst, c), f32x4.div(a3, count), 48);
      }
      for (; c + 4 <= C; c += 4) {
        let a = f32x4.splat(0);
        for (let i = 0; i < nh; i++) {
          for (let j = 0; j < nw; j++) a = f32x4.add(a, v128.load(at(x, first + c + i * rowStep + j * colStep)));
        }
        v128.store(at(dst, c), f32x4.div(a, count));
      }
      for (; c < C; c++) {
        let a: f32 = 0;
        for (let i = 0; i < nh; i++) {
          for (let j = 0; j < nw; j++) a += load<f32>(at(x, first + c + i * rowStep + j * colStep));
        }
        store<f32>(at(dst, c), a / countF);
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

/** Images [b0, b1): dx (zeroed first) += dy / count over each window's taps. Descriptor: geometry (14), dy, dx, b0, b1. */
export function avgPoolBackward(desc: usize): void {
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
  const dy = <usize>arg(desc, 14);
  const dx = <usize>arg(desc, 15);
  const b0 = arg(desc, 16);
  const b1 = arg(desc, 17);
  const rowStep = dH * inW * C;
  const colStep = dW * C;
  const img = inH * inW * C;
  memory.fill(at(dx, b0 * img), 0, <usize>((b1 - b0) * img) << 2);
  for (let b = b0; b < b1; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const y0 = oh * sH - pT;
      let kh0 = 0;
      while (kh0 < kH && y0 + kh0 * dH < 0) kh0++;
      let kh1 = kH;
      while (kh1 > kh0 && y0 + (kh1 - 1) * dH >= inH) kh1--;
      const nh = kh1 - kh0;
      for (let ow = 0; ow < outW; ow++) {
        const x0 = ow * sW - pL;
        let kw0 = 0;
        while (kw0 < kW && x0 + kw0 * dW < 0) kw0++;
        let kw1 = kW;
        while (kw1 > kw0 && x0 + (kw1 - 1) * dW >= inW) kw1--;
        const nw = kw1 - kw0;
        if (nh <= 0 || nw <= 0) continue;
        const src = at(dy, ((b * outH + oh) * outW + ow) * C);
        const first = ((b * inH + y0 + kh0 * dH) * inW + x0 + kw0 * dW) * C;
        const countF = <f32>(nh * nw);
        const count = f32x4.splat(countF);
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const v = f32x4.div(v128.load(at(src, c)), count);
          for (let i = 0; i < nh; i++) {
            for (let j = 0; j < nw; j++) {
              const q = at(dx, first + c + i * rowStep + j * colStep);
              v128.store(q, f32x4.add(v128.load(q), v));
            }
          }
        }
        for (; c < C; c++) {
          const v = load<f32>(at(src, c)) / countF;
          for (let i = 0; i < nh; i++) {
            for (let j = 0; j < nw; j++) {
              const q = at(dx, first + c + i * rowStep + j * colStep);
              store<f32>(q, load<f32>(q) + v);
            }
          }
        }
      }
    }
  }
}
