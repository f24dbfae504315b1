// Single-precision GEMM: C = op(A) · op(B) (+ bias, activation), packed and blocked.
//
// The classic layered scheme: for each block of NC columns and KC steps of the inner dimension,
// B's block is packed into NR-wide column panels, then for each block of MC rows A's block is
// packed into MR-high row panels, and a 4×8 register-blocked micro-kernel sweeps the panels.
// Packed panels are zero-padded to full MR/NR, so the micro-kernel never branches on edges; edge
// tiles are computed into a small scratch tile and only their valid part is written out.
// Transposes are absorbed by the packing routines (row or column stride of 1).
import { arg, at, madd, transpose4 } from './simd';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

/** Bytes of scratch one thread needs: packed A block, packed B block, one edge tile. */
export function gemmWorkBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) << 2;
}

// Packs rows [i0, i0 + mc) and inner indices [p0, p0 + kc) of A (element (i, p) at a[i*rs + p*cs])
// into panels of MR rows stored p-major: dst[panel][p][r].
function packA(a: usize, rs: i32, cs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const src = at(a, (i0 + ir) * rs + p0 * cs);
    if (rows == MR && rs == 1) {
      // A stored [k, m]: each step p is MR contiguous floats.
      const step = <usize>cs << 2;
      let s = src;
      for (let p = 0; p < kc; p++) {
        v128.store(dst + (<usize>p << 4), v128.load(s));
        s += step;
      }
    } else if (rows == MR && cs == 1) {
      // A stored [m, k]: transpose 4×4 blocks of the MR rows.
      const stride = <usize>rs << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) transpose4(src + (<usize>p << 2), stride, dst + (<usize>p << 4), 16);
      for (; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>(p * MR + r) << 2), load<f32>(at(src, r * rs + p)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(at(src, r * rs + p * cs)) : 0;
          store<f32>(dst + (<usize>(p * MR + r) << 2), v);
        }
      }
    }
    dst += <usize>(kc * MR) << 2;
  }
}

// Packs inner indices [p0, p0 + kc) and columns [j0, j0 + nc) of B (element (p, j) at
// b[p*rs + j*cs]) into panels of NR columns stored p-major: dst[panel][p][j].
function packB(b: usize, rs: i32, cs: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const src = at(b, p0 * rs + (j0 + jr) * cs);
    if (cols == NR && cs == 1) {
      // B stored [k, n]: each step p is NR contiguous floats.
      const step = <usize>rs << 2;
      let s = src;
      for (let p = 0; p < kc; p++) {
        const d = dst + (<usize>p << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        s += step;
      }
    } else if (cols == NR && rs == 1) {
      // B stored [n, k]: transpose 4×4 blocks, two per step of 4.
      const stride = <usize>cs << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const d = dst + (<usize>p << 5);
        transpose4(src + (<usize>p << 2), stride, d, 32);
        transpose4(src + (<usize>p << 2) + 4 * stride, stride, d + 16, 32);
      }
      for (; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>(p * NR + j) << 2), load<f32>(at(src, j * cs + p)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < cols ? load<f32>(at(src, p * rs + j * cs)) : 0;
          store<f32>(dst + (<usize>(p * NR + j) << 2), v);
        }
      }
    }
    dst += <usize>(kc * NR) << 2;
  }
}

// C[4×8] = (acc ? C : 0) + Ap(kc×4)ᵀ · Bp(kc×8); `ldc` in elements.
function kernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const ld = <usize>ldc << 2;
  const r1 = c + ld;
  const r2 = r1 + ld;
  const r3 = r2 + ld;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(r1));
    c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2));
    c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3));
    c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
}

// Sweeps packed panels over an mc×nc block of C (row stride ldc).
function macro(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, acc: bool, tile: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const bpan = bp + (<usize>(jr * kc) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const apan = ap + (<usize>(ir * kc) << 2);
      const cij = at(c, ir * ldc + jr);
      if (rows == MR && cols == NR) {
        kernel4x8(kc, apan, bpan, cij, ldc, acc);
      } else {
        kernel4x8(kc, apan, bpan, tile, NR, false);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) {
            const dst = at(cij, r * ldc + j);
            const v = load<f32>(at(tile, r * NR + j));
            store<f32>(dst, acc ? load<f32>(dst) + v : v);
          }
        }
      }
    }
  }
}

// Adds a per-column bias and applies an activation (0 none, 1 relu) to an mc×nc block of C.
function epilogue(c: usize, ldc: i32, mc: i32, nc: i32, bias: usize, act: i32): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < mc; i++) {
    const row = at(c, i * ldc);
    let j = 0;
    for (; j + 4 <= nc; j += 4) {
      let v = v128.load(at(row, j));
      if (bias) v = f32x4.add(v, v128.load(at(bias, j)));
      if (act == 1) v = f32x4.max(v, zero);
      v128.store(at(row, j), v);
    }
    for (; j < nc; j++) {
      let v = load<f32>(at(row, j));
      if (bias) v += load<f32>(at(bias, j));
      if (act == 1) v = v > 0 || v != v ? v : 0; // NaN stays NaN, as f32x4.max keeps it
      store<f32>(at(row, j), v);
    }
  }
}

/**
 * Computes rows [i0, i1) and columns [j0, j1) of products batch0 ≤ t < batch1, described by the
 * i32 block at `desc`: batch0, batch1, m, n, k, a, rsA, csA, b, rsB, csB, c, aOffsets, bOffsets,
 * i0, i1, j0, j1, work, bias, act, accumulate. Pointers are byte addresses; strides and offsets in
 * elements. C of product t is dense [m, n] at c + t·m·n; the bias (0 = none) has n elements; with
 * `accumulate` the product is added to C instead of replacing it.
 */
export function gemm(desc: usize): void {
  const t0 = arg(desc, 0);
  const t1 = arg(desc, 1);
  const m = arg(desc, 2);
  const n = arg(desc, 3);
  const k = arg(desc, 4);
  const a = <usize>arg(desc, 5);
  const rsA = arg(desc, 6);
  const csA = arg(desc, 7);
  const b = <usize>arg(desc, 8);
  const rsB = arg(desc, 9);
  const csB = arg(desc, 10);
  const c = <usize>arg(desc, 11);
  const aOffs = <usize>arg(desc, 12);
  const bOffs = <usize>arg(desc, 13);
  const i0 = arg(desc, 14);
  const i1 = arg(desc, 15);
  const j0 = arg(desc, 16);
  const j1 = arg(desc, 17);
  const work = <usize>arg(desc, 18);
  const bias = <usize>arg(desc, 19);
  const act = arg(desc, 20);
  const accumulate = arg(desc, 21) != 0;
  const ap = work;
  const bp = work + (<usize>(MC * KC) << 2);
  const tile = bp + (<usize>(KC * NC) << 2);
  for (let t = t0; t < t1; t++) {
    const at_ = at(a, load<i32>(aOffs + (<usize>t << 2)));
    const bt = at(b, load<i32>(bOffs + (<usize>t << 2)));
    const ct = c + ((<usize>t * <usize>m * <usize>n) << 2);
    if (k == 0) {
      if (!accumulate) for (let i = i0; i < i1; i++) memory.fill(at(ct, i * n + j0), 0, <usize>(j1 - j0) << 2);
      epilogue(at(ct, i0 * n + j0), n, i1 - i0, j1 - j0, bias ? at(bias, j0) : 0, act);
      continue;
    }
    for (let jc = j0; jc < j1; jc += NC) {
      const nc = min(NC, j1 - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        packB(bt, rsB, csB, pc, kc, jc, nc, bp);
        for (let ic = i0; ic < i1; ic += MC) {
          const mc = min(MC, i1 - ic);
          packA(at_, rsA, csA, ic, mc, pc, kc, ap);
          const cblk = at(ct, ic * n + jc);
          macro(mc, nc, kc, ap, bp, cblk, n, pc > 0 || accumulate, tile);
          if (pc + kc >= k && (bias || act)) epilogue(cblk, n, mc, nc, bias ? at(bias, jc) : 0, act);
        }
      }
    }
  }
}
