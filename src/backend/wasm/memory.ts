/**
 * The kernels' memory: one WebAssembly memory (shared when threads are possible) with typed-array
 * views that are recreated after it grows, and a bump arena that kernels use for the duration of a
 * call: copy the inputs in, compute, copy the outputs out, reset.
 */
import { PAGE, WORK_BASE } from './layout.js';

const ALIGN = 64;

/** Largest memory we ask for, in pages, trying smaller ones where the runtime refuses (4 GiB, 1 GiB, 256 MiB). */
const MAXIMA = [65536, 16384, 4096];
const INITIAL_PAGES = 64;

export class KernelMemory {
  readonly memory: WebAssembly.Memory;
  readonly maxBytes: number;
  f32!: Float32Array;
  i32!: Int32Array;
  private base = WORK_BASE;
  private top = WORK_BASE;

  constructor(shared: boolean) {
    let last: unknown;
    for (const maximum of MAXIMA) {
      try {
        this.memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared });
        this.maxBytes = maximum * PAGE;
        this.refresh();
        return;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  /** Recreates the views when the memory has grown (a shared buffer does not detach, it is replaced). */
  refresh(): void {
    const buf = this.memory.buffer;
    if (!this.f32 || this.f32.buffer !== buf || this.f32.byteLength !== buf.byteLength) {
      this.f32 = new Float32Array(buf);
      this.i32 = new Int32Array(buf);
    }
  }

  /** Sets where the arena starts (above the per-thread scratch) and empties it. */
  setBase(bytes: number): void {
    this.base = align(bytes);
    this.top = this.base;
  }

  /** Empties the arena. */
  reset(): void {
    this.top = this.base;
  }

  /** Whether `bytes` more would fit under the memory's maximum. */
  fits(bytes: number): boolean {
    return this.top + align(bytes) <= this.maxBytes;
  }

  /** Reserves `bytes` (64-byte aligned), growing the memory when needed; returns the byte address. */
  alloc(bytes: number): number {
    const p = this.top;
    const end = p + align(Math.max(bytes, 4));
    if (end > this.maxBytes) throw new RangeError(`wasm backend: ${end} bytes exceed the kernel memory's maximum of ${this.maxBytes}`);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow geometrically so a growing workload does not grow on every call.
      const want = Math.min(this.maxBytes, Math.max(end, Math.min(this.maxBytes, have * 1.5)));
      this.memory.grow(Math.ceil((want - have) / PAGE));
    }
    this.refresh();
    this.top = end;
    return p;
  }

  /** Copies a float32 array into the arena; returns its byte address. */
  putF32(x: Float32Array): number {
    const p = this.alloc(x.length * 4);
    this.f32.set(x, p >> 2);
    return p;
  }

  /** Copies an int32 array into the arena; returns its byte address. */
  putI32(x: Int32Array | readonly number[]): number {
    const p = this.alloc(x.length * 4);
    this.i32.set(x, p >> 2);
    return p;
  }

  /** A view of `n` floats at byte address `p` (valid until the memory next grows). */
  viewF32(p: number, n: number): Float32Array {
    return this.f32.subarray(p >> 2, (p >> 2) + n);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
