/**
 * The live state of the WebAssembly backend: compiled kernels, their memory, the calling thread's
 * instance and the worker pool. Created on first use, synchronously.
 */
import { ConfigError } from '../../errors.js';
import { wasmHost } from './host.js';
import { MAX_THREADS, WORK_BASE, descAddress } from './layout.js';
import { KernelMemory } from './memory.js';
import { type CompiledKernels, compileKernels } from './module.js';
import { ThreadPool } from './pool.js';

export interface Runtime {
  readonly kernels: CompiledKernels;
  readonly mem: KernelMemory;
  readonly exports: WebAssembly.Exports;
  readonly pool: ThreadPool;
  /** Scratch bytes each thread owns (packed GEMM panels), 64 KiB-aligned. */
  readonly workBytes: number;
}

let rt: Runtime | null = null;
let failure: string | null = null;
let threads = 0;
let allowRelaxed = true;
let forceUnshared = false;

/** The runtime, created on first call; null when the kernels cannot run here (see `wasmUnavailableReason`). */
export function runtime(): Runtime | null {
  if (rt || failure) return rt;
  const compiled = compileKernels(forceUnshared ? { allowRelaxed, shared: false } : { allowRelaxed });
  if (typeof compiled === 'string') {
    failure = compiled;
    return null;
  }
  try {
    const mem = new KernelMemory(compiled.shared);
    const env = { memory: mem.memory, abort: () => { throw new Error('wasm abort'); } };
    const exports = new WebAssembly.Instance(compiled.module, { env }).exports;
    const workBytes = Math.ceil((exports.gemmWorkBytes as () => number)() / 65536) * 65536;
    const pool = new ThreadPool(compiled.module, mem, exports);
    rt = { kernels: compiled, mem, exports, pool, workBytes };
    applyThreads(threads || defaultThreads(), false);
  } catch (e) {
    failure = `the kernels could not be instantiated: ${(e as Error).message}`;
    rt = null;
  }
  return rt;
}

/** Why the backend cannot run here, or null when it can. */
export function wasmUnavailableReason(): string | null {
  runtime();
  return failure;
}

function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, wasmHost().cores()));
}

function applyThreads(n: number, wait: boolean): void {
  threads = n;
  if (!rt) return;
  const eff = rt.kernels.shared ? n : 1;
  rt.pool.resize(eff, wait);
  rt.mem.setBase(WORK_BASE + eff * rt.workBytes);
}

/**
 * Sets how many threads the WebAssembly kernels use, counting the calling thread (default: every
 * core). Blocks briefly until new workers are ready. Without shared memory only 1 is possible.
 * @example nb.setThreads(1) // everything on the calling thread
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ConfigError(`setThreads: expected an integer from 1 to ${MAX_THREADS}, got ${String(n)}`);
  }
  if (rt) applyThreads(n, true);
  else threads = n;
}

/** The number of threads the kernels use (including the calling thread). */
export function getThreads(): number {
  const r = runtime();
  return r ? r.pool.size : 1;
}

/** Threads that can take a share right now: the caller plus the workers that are ready. */
export function activeThreads(r: Runtime): number {
  return 1 + r.pool.readyWorkers();
}

/** Scratch address of thread t. */
export function workAddress(r: Runtime, t: number): number {
  return WORK_BASE + t * r.workBytes;
}

/** Writes i32 arguments into thread t's descriptor block; returns its address. */
export function writeDesc(r: Runtime, t: number, args: readonly number[]): number {
  const p = descAddress(t);
  r.mem.i32.set(args, p >> 2);
  return p;
}

/**
 * Drops the runtime (workers stop) and recompiles on next use; `relaxed: false` forces the plain
 * SIMD build, `shared: false` the single-threaded one (as where SharedArrayBuffer is missing).
 * For tests and benchmarks comparing variants.
 */
export function resetRuntime(options: { relaxed?: boolean; shared?: boolean } = {}): void {
  rt?.pool.close();
  rt = null;
  failure = null;
  allowRelaxed = options.relaxed ?? true;
  forceUnshared = options.shared === false;
}

/** Forgets a failure to start (after the kernels were fetched), so the next use tries again. */
export function retryRuntime(): void {
  if (!rt) failure = null;
}
