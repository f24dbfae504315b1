// Helpers shared by the kernels. `madd` is a fused multiply-add in the relaxed-SIMD build and a
// multiply then add otherwise; the build compiles this source twice and the loader picks one.

/** a * b + c, lane-wise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Reads the i-th 32-bit integer of a descriptor block. */
@inline export function arg(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

/** Reads the i-th slot of a descriptor block as a float. */
@inline export function argf(desc: usize, i: i32): f32 {
  return load<f32>(desc + (<usize>i << 2));
}

/** Byte address of element `i` of a float32 array starting at byte address `base`. */
@inline export function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/**
 * Transposes the 4×4 block whose rows start at `src`, `src + stride`, … (byte stride) and writes
 * its columns as four consecutive vectors at `dst`, `dst + dstStride`, ….
 */
@inline export function transpose4(src: usize, stride: usize, dst: usize, dstStride: usize): void {
  const v0 = v128.load(src);
  const v1 = v128.load(src + stride);
  const v2 = v128.load(src + 2 * stride);
  const v3 = v128.load(src + 3 * stride);
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}
