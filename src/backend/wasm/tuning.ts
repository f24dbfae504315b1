/** Size thresholds and work splitting shared by the kernel adapters. */

/**
 * Size thresholds (tests lower them to send every call to WebAssembly). Below `gemmMinWork`
 * multiply-adds the js reference is as fast as copying in and out; below `gemmWorkPerThread` per
 * extra thread, splitting does not pay for waking a worker.
 */
export const tuning = {
  gemmMinWork: 2048,
  gemmWorkPerThread: 1 << 21,
  convMinSize: 4096,
  convPerThread: 1 << 16,
  unaryMinSize: 4096,
  unaryHeavyMinSize: 256,
  unaryPerThread: 1 << 18,
  unaryHeavyPerThread: 1 << 14,
  binaryMinSize: 8192,
  binaryPerThread: 1 << 18,
  reduceMinSize: 4096,
  reducePerThread: 1 << 18,
  /** Bytes of patches a fused convolution builds at once. */
  convChunkBytes: 8 << 20,
};

/** Splits [0, total) into at most `parts` non-empty ranges whose inner bounds are multiples of `unit`. */
export function split(total: number, parts: number, unit: number): [number, number][] {
  const units = Math.ceil(total / unit);
  const per = Math.ceil(units / parts);
  const out: [number, number][] = [];
  for (let u = 0; u < units; u += per) out.push([u * unit, Math.min(total, (u + per) * unit)]);
  return out;
}
