/**
 * The safetensors format, written and read here with no dependency: an 8-byte little-endian
 * header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {string: string}}`, then the raw little-endian bytes of every tensor, packed
 * without gaps. Reading validates everything and names the source and the problem.
 *
 * @example
 * const bytes = nb.safetensors.encode({ w: nb.ones([2, 2]) }, { step: '10' });
 * const { tensors, metadata } = nb.safetensors.decode(bytes, 'weights.safetensors');
 */
import { DataError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, type TypedArray, allocate } from '../tensor/dtype.js';

const TO_FILE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
const FROM_FILE: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' };
const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };
/** Largest header the reference implementation accepts. */
const MAX_HEADER = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function bytesOf(a: TypedArray): Uint8Array {
  if (LITTLE_ENDIAN || a instanceof Uint8Array) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * 4, a[i]!, true);
    else if (a instanceof Float64Array) view.setFloat64(i * 8, a[i]!, true);
    else view.setInt32(i * 4, a[i]!, true);
  }
  return out;
}

function arrayFrom(bytes: Uint8Array, dtype: DType, count: number): TypedArray {
  // Copy into a fresh buffer: the file's bytes need not be aligned for a typed-array view.
  const out = allocate(dtype, count);
  const dst = new Uint8Array(out.buffer);
  if (LITTLE_ENDIAN || dtype === 'bool') dst.set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) {
      if (dtype === 'float32') out[i] = view.getFloat32(i * 4, true);
      else if (dtype === 'float64') out[i] = view.getFloat64(i * 8, true);
      else out[i] = view.getInt32(i * 4, true);
    }
  }
  return out;
}

/** Encodes tensors (and string metadata) as one safetensors byte array. */
export function encode(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = { ...metadata };
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    if (name === '__metadata__') throw new DataError(`safetensors.encode: '__metadata__' is reserved and cannot name a tensor`);
    const t = tensors[name]!;
    const n = t.size * ITEM_SIZE[t.dtype];
    header[name] = { dtype: TO_FILE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (allowed by the format).
  const pad = (8 - ((8 + encoder.encode(json).length) % 8)) % 8;
  json += ' '.repeat(pad);
  const head = encoder.encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.length, true);
  view.setUint32(4, 0, true);
  out.set(head, 8);
  let pos = 8 + head.length;
  for (const name of names) {
    const b = bytesOf(tensors[name]!.data());
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

export interface Decoded {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Decodes safetensors bytes. A truncated file, a header that is not JSON, an unknown dtype,
 * offsets outside the data or not matching the shape, gaps or overlaps: each a DataError
 * naming `source` and the tensor.
 */
export function decode(bytes: Uint8Array, source = 'safetensors data'): Decoded {
  const fail = (msg: string): never => {
    throw new DataError(`${source}: ${msg}`);
  };
  if (!(bytes instanceof Uint8Array)) fail('expected bytes (a Uint8Array)');
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLen = hi * 4294967296 + lo;
  if (headerLen > MAX_HEADER) fail(`header length ${headerLen} is implausible (over ${MAX_HEADER} bytes); not a safetensors file?`);
  if (8 + headerLen > bytes.length) fail(`truncated: the header claims ${headerLen} bytes but only ${bytes.length - 8} follow`);
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header must be a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const spans: [number, number, string][] = [];
  const tensors: Record<string, Tensor> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') fail(`tensor '${name}': entry must be an object`);
    const dtype = typeof e.dtype === 'string' ? FROM_FILE[e.dtype] : undefined;
    if (!dtype) fail(`tensor '${name}': unsupported dtype ${JSON.stringify(e.dtype)} (supported: ${Object.keys(FROM_FILE).join(', ')})`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}': shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0) || offs[1] < offs[0]) {
      fail(`tensor '${name}': data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end > dataLen) fail(`tensor '${name}': data_offsets [${begin}, ${end}] run past the end of the data (${dataLen} bytes); the file is truncated or corrupt`);
    const count = (shape as number[]).reduce((a, d) => a * d, 1);
    const want = count * ITEM_SIZE[dtype!];
    if (end - begin !== want) fail(`tensor '${name}': ${end - begin} bytes for ${dtype} of shape [${(shape as number[]).join(',')}], which needs ${want}`);
    spans.push([begin, end, name]);
    tensors[name] = new Tensor(arrayFrom(bytes.subarray(dataStart + begin, dataStart + end), dtype!, count), shape as number[], dtype);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let expected = 0;
  for (const [b, e, name] of spans) {
    if (b !== expected) fail(b < expected ? `tensor '${name}' overlaps the previous tensor's bytes` : `there is a gap of ${b - expected} bytes before tensor '${name}'`);
    expected = e;
  }
  if (expected !== dataLen) fail(`${dataLen - expected} bytes after the last tensor belong to no tensor (the file may be corrupt)`);
  return { tensors, metadata };
}
