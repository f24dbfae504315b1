/**
 * The `wasm` backend: float32 kernels in WebAssembly SIMD (AssemblyScript sources in `asm/`),
 * threaded over a shared memory. It implements the compute-heavy kernels and declines everything
 * else (other dtypes, tiny problems), which then runs on the js reference.
 *
 * @example
 * nb.setBackend('wasm');
 * nb.setThreads(2);
 */
import type { Backend, Kernels } from '../contract.js';
import { getBackend, registerBackend, setBackend } from '../registry.js';
import { matmul } from './gemm.js';
import { col2im, im2col } from './conv.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv-gemm.js';
import { maxPoolIndices } from './pool-indices.js';
import { maxPool } from './max-pool.js';
import { avgPool, avgPoolBackward } from './avg-pool.js';
import { unary } from './unary.js';
import { binary } from './binary.js';
import { reduce } from './reduce.js';
import { retryRuntime, runtime, wasmUnavailableReason } from './runtime.js';
import { fetchKernels } from './module.js';

export { setThreads, getThreads, wasmUnavailableReason, resetRuntime } from './runtime.js';
export { provideBinary } from './module.js';

const kernels: Partial<Kernels> = {
  matmul,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardFilter,
  im2col,
  col2im,
  maxPoolIndices,
  maxPool,
  avgPool,
  avgPoolBackward,
  unary,
  binary,
  reduce,
};

export const wasmBackend: Backend = {
  name: 'wasm',
  kernels,
  init: () => runtime() !== null,
};

/**
 * Registers the wasm backend and, when it can run here and js is still the active backend, makes
 * it the active one; otherwise passes one line saying why to `notice` (also when it runs without
 * threads). Returns whether wasm is active. Workers start on the first large kernel call, never at
 * import.
 */
export function installWasmBackend(notice?: (line: string) => void): boolean {
  registerBackend(wasmBackend);
  if (getBackend() === 'wasm') return true;
  if (getBackend() !== 'js') return false;
  if (wasmBackend.init!()) {
    setBackend('wasm');
    // Without shared memory (a page that is not cross-origin isolated) the kernels still beat js, on one thread.
    if (!runtime()!.kernels.shared) notice?.('nabla: WebAssembly kernels on one thread: shared memory (SharedArrayBuffer) is unavailable here');
    return true;
  }
  notice?.(`nabla: using the js backend: ${wasmUnavailableReason()}`);
  return false;
}

/**
 * Loads the kernels asynchronously, then installs the wasm backend as `installWasmBackend` does.
 * Needed once in a browser (which cannot read the `.wasm` files synchronously, nor compile large
 * modules synchronously on its main thread); optional in Node. `baseUrl`: the folder holding the
 * `.wasm` files (default: beside this module). Resolves to whether wasm is now active.
 * @example if (await nb.initWasm()) console.log(nb.getBackend()); // 'wasm'
 */
export async function initWasm(baseUrl?: string | URL, notice?: (line: string) => void): Promise<boolean> {
  await fetchKernels(baseUrl);
  retryRuntime();
  return installWasmBackend(notice);
}
