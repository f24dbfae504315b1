import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const st = nb.safetensors;

function header(bytes: Uint8Array): { len: number; json: Record<string, unknown> } {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { len, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) };
}

/** Builds a file from a header object and raw data, as another writer might. */
function craft(h: unknown, data: Uint8Array, lenOverride?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, lenOverride ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips every dtype exactly, with metadata, data 8-byte aligned', () => {
    const tensors = {
      f32: nb.tensor([[1.5, -2.25], [3.1, Number.MIN_VALUE]]),
      f64: nb.tensor([Math.PI, -1e300], { dtype: 'float64' }),
      i32: nb.tensor([-7, 2147483647], { dtype: 'int32' }),
      b: nb.tensor([true, false, true]),
      empty: nb.zeros([0, 3]),
      scalar: nb.scalar(4),
    };
    const bytes = st.encode(tensors, { note: 'hi' });
    const { len, json } = header(bytes);
    expect((8 + len) % 8).toBe(0);
    expect(json.f32).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect((json.b as { dtype: string }).dtype).toBe('BOOL');
    const back = st.decode(bytes);
    expect(back.metadata).toEqual({ note: 'hi' });
    for (const [k, t] of Object.entries(tensors)) {
      expect(back.tensors[k]!.dtype).toBe(t.dtype);
      expect(back.tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(back.tensors[k]!.data())).toEqual(Array.from(t.data()));
    }
  });

  it('reads files written by other tools (unpadded header, any key order)', () => {
    const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const f = craft({ b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data);
    const { tensors } = st.decode(f, 'x.safetensors');
    expect(Array.from(tensors.a!.data())).toEqual([1, 2]);
    expect(Array.from(tensors.b!.data())).toEqual([3]);
  });

  it('names the file and the problem for corrupt input', () => {
    const good = st.encode({ w: nb.ones([4]) });
    const d = new Uint8Array(16);
    expect(() => st.decode(good.subarray(0, 5), 'w.st')).toThrow(/w\.st: truncated: 5 bytes/);
    expect(() => st.decode(good.subarray(0, good.length - 4), 'w.st')).toThrow(/w\.st: tensor 'w': data_offsets \[0, 16\] run past the end of the data \(12 bytes\)/);
    expect(() => st.decode(craft({}, d, 10_000), 'w.st')).toThrow(/w\.st: truncated: the header claims 10000 bytes/);
    const bad = craft({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, d);
    bad[9] = 0x7b; // break the JSON
    bad[10] = 0x7b;
    expect(() => st.decode(bad, 'w.st')).toThrow(/w\.st: the header is not valid JSON/);
    expect(() => st.decode(craft({ w: { dtype: 'F16', shape: [8], data_offsets: [0, 16] } }, d), 'w.st')).toThrow(/unsupported dtype "F16"/);
    expect(() => st.decode(craft({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, d), 'w.st')).toThrow(/16 bytes for float32 of shape \[3\], which needs 12/);
    expect(() => st.decode(craft({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, d), 'w.st')).toThrow(/gap of 8 bytes before tensor 'w'/);
    expect(() => st.decode(craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, d), 'w.st')).toThrow(/8 bytes after the last tensor belong to no tensor/);
    expect(() => st.decode(craft({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 16] } }, d), 'w.st')).toThrow(/shape must be a list of non-negative integers/);
    expect(() => st.decode(craft([1, 2], d), 'w.st')).toThrow(/the header must be a JSON object/);
    let caught: unknown;
    try {
      st.decode(good.subarray(0, 3), 'w.st');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(nb.DataError);
  });
});
