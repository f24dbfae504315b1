/**
 * Shared set-up of the wasm backend tests: compiles the kernels when they are missing or older than
 * asm/ (so the tests run without a prior `npm run build`), optionally enables relaxed SIMD in this
 * process, and gives helpers for random data and comparison with the js reference.
 */
import { setFlagsFromString } from 'node:v8';
import { buildWasm } from '../../scripts/build-wasm.mjs';
import { Generator } from '../../src/random.js';
import { resetRuntime, wasmUnavailableReason } from '../../src/backend/wasm/index.js';
import { runtime } from '../../src/backend/wasm/runtime.js';
import { tuning } from '../../src/backend/wasm/tuning.js';

/** Builds the kernels if needed and starts a fresh runtime (`relaxed: false` forces plain SIMD). */
export async function setupWasm(options: { relaxed?: boolean } = {}): Promise<void> {
  await buildWasm({ ifStale: true, quiet: true });
  // Node 20 accepts relaxed SIMD only behind a V8 flag; setting it before compiling is enough here.
  if (options.relaxed) setFlagsFromString('--experimental-wasm-relaxed-simd');
  resetRuntime({ relaxed: options.relaxed ?? false });
  const why = wasmUnavailableReason();
  if (why) throw new Error(`wasm backend unavailable in tests: ${why}`);
}

/** Whether the running kernels are the relaxed-SIMD build. */
export function isRelaxed(): boolean {
  return runtime()?.kernels.relaxed ?? false;
}

/** Uniform floats in [-1, 1) from a seeded generator. */
export function randomF32(gen: Generator, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniform(-1, 1);
  return out;
}

/** Norm-wise relative error max|got − want| / max|want| (NaN anywhere in `got` is Infinity). */
export function relError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    if (g !== g) return Infinity;
    diff = Math.max(diff, Math.abs(g - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Float32 array filled with NaN (outputs are poisoned before each run). */
export const poisoned = (n: number) => new Float32Array(n).fill(NaN);

/** Lowers every size threshold so each kernel call goes to WebAssembly, split across threads; returns the undo. */
export function sendEverythingToWasm(): () => void {
  const saved = { ...tuning };
  for (const key of Object.keys(tuning) as (keyof typeof tuning)[]) {
    if (key.endsWith('PerThread')) tuning[key] = 1;
    else if (key.endsWith('MinSize') || key.endsWith('MinWork')) tuning[key] = 0;
  }
  return () => Object.assign(tuning, saved);
}
