/**
 * Affine warping of images by inverse mapping: for each output pixel, the combined transform's
 * inverse gives the point of the input to sample, read by bilinear or nearest interpolation with
 * a fill mode for points outside the image. One pass per image, whatever the number of
 * transforms combined (rotation, shifts, shear, zoom, flips).
 *
 * Coordinates: x to the right, y down, relative to the image centre ((w − 1)/2, (h − 1)/2).
 */
import type { TypedArray } from '../tensor/dtype.js';

/** What fills the points that fall outside the input (Keras's fill modes). */
export type FillMode = 'nearest' | 'constant' | 'reflect' | 'wrap';

/**
 * A 2-D affine map [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f (centred pixel
 * coordinates).
 */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];

/** The map `outer ∘ inner` (apply inner first). */
export function compose(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [A, B, C, D, E, F] = inner;
  return [a * A + b * D, a * B + b * E, a * C + b * F + c, d * A + e * D, d * B + e * E, d * C + e * F + f];
}

/** The inverse map, or null when it is singular. */
export function invert(m: Affine): Affine | null {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (!(Math.abs(det) > 1e-12)) return null;
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** Index `k` mapped into [0, n) by the fill mode, or −1 for 'constant' outside the image. */
function mapIndex(k: number, n: number, mode: FillMode): number {
  if (k >= 0 && k < n) return k;
  switch (mode) {
    case 'nearest':
      return k < 0 ? 0 : n - 1;
    case 'wrap':
      return ((k % n) + n) % n;
    case 'reflect': {
      // Half-sample symmetric: d c b a | a b c d | d c b a.
      const period = 2 * n;
      const m = ((k % period) + period) % period;
      return m < n ? m : period - 1 - m;
    }
    default:
      return -1;
  }
}

export interface WarpOptions {
  fillMode: FillMode;
  /** Value for points outside the image with fillMode 'constant'. */
  cval: number;
  interpolation: 'bilinear' | 'nearest';
}

/**
 * Warps one image [h, w, c] (row-major in `src` from `srcOffset`) into `out` from `outOffset`,
 * where `inverse` maps output coordinates to input coordinates.
 */
export function warpImage(src: TypedArray, srcOffset: number, h: number, w: number, c: number, inverse: Affine, o: WarpOptions, out: TypedArray, outOffset: number): void {
  const [a, b, tx, d, e, ty] = inverse;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const { fillMode, cval } = o;
  let q = outOffset;
  for (let i = 0; i < h; i++) {
    const v = i - cy;
    for (let j = 0; j < w; j++) {
      const u = j - cx;
      const xs = a * u + b * v + tx + cx;
      const ys = d * u + e * v + ty + cy;
      if (o.interpolation === 'nearest') {
        const xi = mapIndex(Math.round(xs), w, fillMode);
        const yi = mapIndex(Math.round(ys), h, fillMode);
        if (xi < 0 || yi < 0) for (let k = 0; k < c; k++) out[q++] = cval;
        else {
          const p = srcOffset + (yi * w + xi) * c;
          for (let k = 0; k < c; k++) out[q++] = src[p + k]!;
        }
        continue;
      }
      const x0 = Math.floor(xs);
      const y0 = Math.floor(ys);
      const fx = xs - x0;
      const fy = ys - y0;
      const xa = mapIndex(x0, w, fillMode);
      const xb = mapIndex(x0 + 1, w, fillMode);
      const ya = mapIndex(y0, h, fillMode);
      const yb = mapIndex(y0 + 1, h, fillMode);
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p00 = xa < 0 || ya < 0 ? -1 : srcOffset + (ya * w + xa) * c;
      const p01 = xb < 0 || ya < 0 ? -1 : srcOffset + (ya * w + xb) * c;
      const p10 = xa < 0 || yb < 0 ? -1 : srcOffset + (yb * w + xa) * c;
      const p11 = xb < 0 || yb < 0 ? -1 : srcOffset + (yb * w + xb) * c;
      for (let k = 0; k < c; k++) {
        const s00 = p00 < 0 ? cval : src[p00 + k]!;
        const s01 = p01 < 0 ? cval : src[p01 + k]!;
        const s10 = p10 < 0 ? cval : src[p10 + k]!;
        const s11 = p11 < 0 ? cval : src[p11 + k]!;
        out[q++] = w00 * s00 + w01 * s01 + w10 * s10 + w11 * s11;
      }
    }
  }
}
