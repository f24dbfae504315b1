/**
 * The fixed part of the kernels' memory, below the per-call arena. All byte addresses.
 *
 *   0 … 1023          unused (address 0 stays null)
 *   CTRL …            one 64-byte control slot per thread (sequence, done, kernel, descriptor…)
 *   DESC …            one descriptor block per thread (the kernels' arguments)
 *   WORK …            per-thread scratch (packed GEMM panels), then the arena for operands
 */
export const MAX_THREADS = 64;
export const CTRL_BASE = 1024;
export const CTRL_BYTES = 64;
export const DESC_BASE = CTRL_BASE + MAX_THREADS * CTRL_BYTES;
/** Bytes of one descriptor block: 64 i32 slots. */
export const DESC_BYTES = 256;
export const WORK_BASE = 65536;
export const PAGE = 65536;

/** i32 fields of a control slot. */
export const SEQ = 0;
export const DONE = 1;
export const KERNEL = 2;
export const DESC = 3;
export const STATUS = 4;
export const READY = 5;

/** The kernels every thread can run, by index (the worker resolves them by name). */
export const KERNEL_NAMES = ['gemm', 'im2col', 'col2im', 'unary', 'binary', 'reduce', 'maxPoolIndices', 'maxPool', 'avgPool', 'avgPoolBackward'] as const;
export type KernelId = (typeof KERNEL_NAMES)[number];
export const kernelIndex = (name: KernelId): number => KERNEL_NAMES.indexOf(name);

export const ctrlAddress = (thread: number): number => CTRL_BASE + thread * CTRL_BYTES;
export const descAddress = (thread: number): number => DESC_BASE + thread * DESC_BYTES;
