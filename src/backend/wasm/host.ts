/**
 * What the WebAssembly backend needs from its host, found at run time so the engine imports no
 * Node built-ins: reading the compiled kernels synchronously (Node only; browsers use `initWasm`),
 * starting workers (worker_threads in Node, Web Workers in browsers), the number of cores, and
 * whether this thread may block in `Atomics.wait` (not a browser's main thread).
 */

/** The small part of a worker both hosts offer. */
export interface WorkerHandle {
  /** Stops the worker. */
  terminate(): void;
}

export interface WasmHost {
  readonly name: 'node' | 'browser';
  /** Reads a file next to the compiled kernels, or returns null when it is not there (or cannot be read synchronously). */
  readBinary(url: URL): Uint8Array | null;
  /** Starts a worker running `source` (plain JavaScript) with `data`; `onError` runs if it fails. It never keeps the process alive. */
  startWorker(source: string, data: unknown, onError: (message: string) => void): WorkerHandle | null;
  /** Logical cores available to this process. */
  cores(): number;
}

interface NodeFs {
  readFileSync(path: URL): Uint8Array;
  existsSync(path: URL): boolean;
}
interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', fn: (e: Error) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface NodeOs {
  availableParallelism?(): number;
  cpus(): unknown[];
}
interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
}

function nodeHost(): WasmHost | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const fs = get.call(proc, 'node:fs') as NodeFs | undefined;
  const wt = get.call(proc, 'node:worker_threads') as NodeWorkerThreads | undefined;
  const os = get.call(proc, 'node:os') as NodeOs | undefined;
  if (!fs || !wt || !os) return null;
  return {
    name: 'node',
    readBinary(url) {
      if (url.protocol !== 'file:' || !fs.existsSync(url)) return null;
      return fs.readFileSync(url);
    },
    startWorker(source, data, onError) {
      const w = new wt.Worker(source, { eval: true, workerData: data });
      w.on('error', (e) => onError(e.message));
      w.unref();
      return { terminate: () => void w.terminate() };
    },
    cores: () => (os.availableParallelism ? os.availableParallelism() : os.cpus().length),
  };
}

interface BrowserGlobals {
  Worker?: new (url: string) => { postMessage(data: unknown): void; terminate(): void; onerror: ((e: { message?: string }) => void) | null };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  navigator?: { hardwareConcurrency?: number };
}

function browserHost(): WasmHost {
  const g = globalThis as BrowserGlobals;
  return {
    name: 'browser',
    readBinary: () => null,
    startWorker(source, data, onError) {
      if (!g.Worker || !g.Blob || !g.URL) return null;
      const url = g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' }));
      const w = new g.Worker(url);
      w.onerror = (e) => onError(e.message ?? 'worker failed to start');
      w.postMessage(data);
      return { terminate: () => w.terminate() };
    },
    cores: () => g.navigator?.hardwareConcurrency ?? 1,
  };
}

let host: WasmHost | null = null;

/** The host the backend runs on (Node when `process.getBuiltinModule` exists, else a browser). */
export function wasmHost(): WasmHost {
  host ??= nodeHost() ?? browserHost();
  return host;
}

/** Replaces the host (tests, unusual embeddings). */
export function setWasmHost(h: WasmHost): void {
  host = h;
}

let blockable: boolean | null = null;

/** Whether this thread may block in `Atomics.wait` (false on a browser's main thread). */
export function canBlock(): boolean {
  if (blockable === null) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blockable = true;
    } catch {
      blockable = false;
    }
  }
  return blockable;
}
