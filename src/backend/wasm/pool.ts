/**
 * A pool of workers over the kernels' shared memory. The calling thread is thread 0 and always takes
 * a share; workers 1…n−1 each own a control slot. A call writes each worker's kernel and descriptor
 * into its slot, bumps the slot's sequence number and wakes it, runs its own share, then waits (spin,
 * then `Atomics.wait` with a timeout) until every worker has published "done".
 *
 * Workers start asynchronously and join once they have said they are ready; until then their share
 * runs elsewhere. They are unref'd: an idle pool never keeps a process alive. Shrinking the pool
 * only parks workers (asleep, costing nothing), so a control slot never changes hands while a
 * worker might still read it; `close` stops them all.
 */
import { canBlock, wasmHost, type WorkerHandle } from './host.js';
import { CTRL_BYTES, DESC, DONE, KERNEL, KERNEL_NAMES, MAX_THREADS, READY, SEQ, STATUS, ctrlAddress } from './layout.js';
import type { KernelMemory } from './memory.js';
import { WORKER_SOURCE } from './worker-source.js';

/** How long one wait on a worker may last before the pool gives up on it. */
const TIMEOUT_MS = 120_000;

interface Slot {
  handle: WorkerHandle | null;
  ctrl: Int32Array;
  failed: string | null;
}

export class ThreadPool {
  private slots: Slot[] = [];
  /** Workers in use (the first `active` slots). */
  private active = 0;
  private readonly fns: ((desc: number) => void)[];

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly mem: KernelMemory,
    exports: WebAssembly.Exports,
  ) {
    this.fns = KERNEL_NAMES.map((n) => exports[n] as (desc: number) => void);
  }

  /** Threads including the calling one. */
  get size(): number {
    return this.active + 1;
  }

  /** Workers that have reported ready and not failed (starting the pool's workers on first use). */
  readyWorkers(): number {
    this.spawn();
    let n = 0;
    for (let i = 0; i < this.active; i++) if (usable(this.slots[i]!)) n++;
    return n;
  }

  /**
   * Resizes to `threads` (including the caller). Workers start on first use, or now with `wait`,
   * which also blocks up to `waitMs` for them to be ready.
   */
  resize(threads: number, wait = false, waitMs = 5000): void {
    const shared = this.mem.memory.buffer instanceof SharedArrayBuffer;
    const want = shared ? Math.max(0, Math.min(MAX_THREADS, threads) - 1) : 0;
    this.active = want;
    if (wait) this.spawn();
    if (wait && canBlock()) {
      const deadline = Date.now() + waitMs;
      for (const s of this.slots.slice(0, want)) {
        while (!s.failed && Atomics.load(s.ctrl, READY) !== 1) {
          const left = deadline - Date.now();
          if (left <= 0) break;
          Atomics.wait(s.ctrl, READY, 0, Math.min(left, 50));
        }
      }
    }
  }

  /** Starts the workers the pool is sized for and does not have yet. */
  private spawn(): void {
    while (this.slots.length < this.active) this.slots.push(this.start(this.slots.length + 1));
  }

  private start(thread: number): Slot {
    const ctrl = new Int32Array(this.mem.memory.buffer, ctrlAddress(thread), CTRL_BYTES / 4);
    ctrl.fill(0);
    const slot: Slot = { handle: null, ctrl, failed: null };
    const data = { module: this.module, memory: this.mem.memory, ctrl: ctrlAddress(thread), names: KERNEL_NAMES };
    try {
      slot.handle = wasmHost().startWorker(WORKER_SOURCE, data, (msg) => {
        slot.failed = msg;
      });
      if (!slot.handle) slot.failed = 'workers are not available here';
    } catch (e) {
      slot.failed = (e as Error).message;
    }
    return slot;
  }

  private stop(s: Slot): void {
    if (!s.handle) return;
    Atomics.store(s.ctrl, KERNEL, -1);
    Atomics.add(s.ctrl, SEQ, 1);
    Atomics.notify(s.ctrl, SEQ);
    s.handle.terminate();
    s.handle = null;
  }

  /** Stops every worker; the pool is unusable afterwards. */
  close(): void {
    for (const s of this.slots) this.stop(s);
    this.slots = [];
    this.active = 0;
  }

  /** Runs kernel `id` on each descriptor: the first on this thread, the rest on ready workers (at most readyWorkers()). */
  run(id: number, descs: readonly number[]): void {
    const fn = this.fns[id]!;
    const used: Slot[] = [];
    let next = 1;
    for (let i = 0; i < this.active && next < descs.length; i++) {
      const s = this.slots[i];
      if (!s || !usable(s)) continue;
      Atomics.store(s.ctrl, KERNEL, id);
      Atomics.store(s.ctrl, DESC, descs[next++]!);
      Atomics.add(s.ctrl, SEQ, 1);
      Atomics.notify(s.ctrl, SEQ);
      used.push(s);
    }
    let failed = false;
    try {
      // Descriptors no worker took (not ready, or fewer workers than shares) run here.
      fn(descs[0]!);
      for (; next < descs.length; next++) fn(descs[next]!);
    } finally {
      // Even when this thread's share threw, the workers finish before the arena is reused.
      for (const s of used) {
        this.await(s);
        if (Atomics.load(s.ctrl, STATUS) !== 0) failed = true;
      }
    }
    if (failed) throw new Error('wasm backend: a kernel failed in a worker thread (out-of-bounds access?)');
  }

  private await(s: Slot): void {
    const seq = Atomics.load(s.ctrl, SEQ);
    for (let spin = 0; spin < 4000; spin++) if (Atomics.load(s.ctrl, DONE) === seq) return;
    const block = canBlock();
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const d = Atomics.load(s.ctrl, DONE);
      if (d === seq) return;
      if (Date.now() > deadline) {
        s.failed = 'timed out';
        throw new Error(`wasm backend: a worker did not finish within ${TIMEOUT_MS / 1000} s; threads are disabled`);
      }
      if (block) Atomics.wait(s.ctrl, DONE, d, 100);
    }
  }
}

function usable(s: Slot): boolean {
  return s.handle !== null && s.failed === null && Atomics.load(s.ctrl, READY) === 1;
}
