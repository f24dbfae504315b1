/**
 * The compact binary cache of an image data set: a 64-byte header, then uint8 pixels (train rows,
 * then test rows), then uint8 labels. The header carries a version, a fingerprint of the conversion
 * rule, the counts and a checksum of the payload, so a stale, truncated or corrupt file is detected
 * on read (and rebuilt by the loader).
 *
 * Header (little-endian uint32 words): 'NBDS' magic, format version, rule fingerprint, nTrain,
 * nTest, height, width, channels, numClasses, payload checksum, then zeros up to 64 bytes.
 */

export const CACHE_FORMAT_VERSION = 1;
const MAGIC = 0x5344424e; // 'NBDS' read as a little-endian uint32
const HEADER_BYTES = 64;

export interface ImageCache {
  nTrain: number;
  nTest: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** (nTrain + nTest) × height × width × channels bytes, train rows first. */
  pixels: Uint8Array;
  /** nTrain + nTest labels. */
  labels: Uint8Array;
}

/** FNV-1a of a string, used as the fingerprint of a conversion rule. */
export function fingerprint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** A fast 32-bit checksum of bytes (word-wise multiply–rotate mixing; not cryptographic). */
export function checksum(bytes: Uint8Array): number {
  let h = 0x9e3779b9 ^ bytes.length;
  const words = Math.floor(bytes.length / 4);
  if (bytes.byteOffset % 4 === 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) {
      h = Math.imul(h ^ w[i]!, 0x85ebca6b);
      h = (h << 13) | (h >>> 19);
    }
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < words; i++) {
      h = Math.imul(h ^ dv.getUint32(i * 4, true), 0x85ebca6b);
      h = (h << 13) | (h >>> 19);
    }
  }
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Serialises an image cache; `rule` is the fingerprint of the conversion that produced it. */
export function encodeImageCache(cache: ImageCache, rule: number): Uint8Array {
  const n = cache.nTrain + cache.nTest;
  const rowBytes = cache.height * cache.width * cache.channels;
  if (cache.pixels.length !== n * rowBytes || cache.labels.length !== n) {
    throw new Error(`internal: image cache sizes do not match its header (${cache.pixels.length} pixels, ${cache.labels.length} labels for ${n} images)`);
  }
  // The payload starts at a multiple of 4, so the checksum can read whole words.
  const out = new Uint8Array(HEADER_BYTES + n * rowBytes + n);
  out.set(cache.pixels, HEADER_BYTES);
  out.set(cache.labels, HEADER_BYTES + n * rowBytes);
  const header = new DataView(out.buffer, 0, HEADER_BYTES);
  const fields = [MAGIC, CACHE_FORMAT_VERSION, rule, cache.nTrain, cache.nTest, cache.height, cache.width, cache.channels, cache.numClasses];
  fields.forEach((v, i) => header.setUint32(i * 4, v, true));
  header.setUint32(36, checksum(out.subarray(HEADER_BYTES)), true);
  return out;
}

/**
 * Reads and validates a cache file's bytes. Returns the cache, or a reason it cannot be used
 * (wrong magic or version, another conversion rule, truncated, checksum mismatch). The returned
 * arrays are views into `bytes`.
 */
export function decodeImageCache(bytes: Uint8Array, rule: number): { cache: ImageCache } | { problem: string } {
  if (bytes.length < HEADER_BYTES) return { problem: `truncated: ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header` };
  const h = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const word = (i: number): number => h.getUint32(i * 4, true);
  if (word(0) !== MAGIC) return { problem: 'not a nabla data-set cache (bad magic number)' };
  if (word(1) !== CACHE_FORMAT_VERSION) return { problem: `cache format version ${word(1)}, this nabla reads version ${CACHE_FORMAT_VERSION}` };
  if (word(2) !== rule) return { problem: 'built by another conversion rule (stale)' };
  const [nTrain, nTest, height, width, channels, numClasses] = [word(3), word(4), word(5), word(6), word(7), word(8)];
  const n = nTrain + nTest;
  const rowBytes = height * width * channels;
  const expected = HEADER_BYTES + n * rowBytes + n;
  if (bytes.length !== expected) {
    return { problem: `${bytes.length < expected ? 'truncated' : 'too long'}: ${bytes.length} bytes, the header promises ${expected}` };
  }
  const payload = bytes.subarray(HEADER_BYTES);
  if (checksum(payload) !== word(9)) return { problem: 'checksum mismatch (corrupt contents)' };
  const labels = payload.subarray(n * rowBytes);
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= numClasses) return { problem: `label ${labels[i]} at index ${i} is not below the ${numClasses} classes` };
  }
  return { cache: { nTrain, nTest, height, width, channels, numClasses, pixels: payload.subarray(0, n * rowBytes), labels } };
}
