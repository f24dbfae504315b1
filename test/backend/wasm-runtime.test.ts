/**
 * The wasm backend as users meet it: registration and `setBackend`, `setThreads`, falling back when
 * the kernels are missing or workers fail, workers that never keep a process alive, and training
 * that gives the js backend's results to float32 rounding. The kernel conformance suite runs on the
 * composed kernels with every call sent to WebAssembly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from 'nabla';
import { kernels, referenceKernels } from '../../src/backend/registry.js';
import { getThreads, initWasm, installWasmBackend, provideBinary, resetRuntime, setThreads, wasmBackend, wasmUnavailableReason } from '../../src/backend/wasm/index.js';
import { setWasmHost, wasmHost, type WasmHost } from '../../src/backend/wasm/host.js';
import { runtime } from '../../src/backend/wasm/runtime.js';
import { compareOutputs, conformanceCases } from './conformance.js';
import { relError, sendEverythingToWasm, setupWasm } from './wasm-setup.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

nb.registerBackend(wasmBackend);

beforeAll(async () => {
  await setupWasm();
});
afterEach(() => nb.setBackend('js'));

/** A few Adam-free SGD steps of a 784-32-10 MLP; returns losses and final parameters. */
function train(): { losses: number[]; params: Float32Array[] } {
  nb.seed(7);
  const x = nb.rand([40, 784]);
  const y = nb.randint(0, 10, [40]);
  const w1 = nb.randn([784, 32], { std: 0.05, requiresGrad: true });
  const b1 = nb.zeros([32], { requiresGrad: true });
  const w2 = nb.randn([32, 10], { std: 0.2, requiresGrad: true });
  const params = [w1, b1, w2];
  const losses: number[] = [];
  for (let step = 0; step < 4; step++) {
    const logits = x.matmul(w1).add(b1).relu().matmul(w2);
    const loss = nb.neg(nb.mean(nb.sum(nb.mul(nb.oneHot(y, 10), nb.logSoftmax(logits, -1)), 1)));
    losses.push(loss.item());
    loss.backward();
    nb.noGrad(() => {
      for (const p of params) {
        p.data().set(p.sub(p.grad!.mul(0.1)).data());
        p.grad = null;
      }
    });
  }
  return { losses, params: params.map((p) => p.data() as Float32Array) };
}

describe('choosing the wasm backend', () => {
  it('is registered, starts, and reports its threads', () => {
    expect(nb.listBackends()).toContain('wasm');
    nb.setBackend('wasm');
    expect(nb.getBackend()).toBe('wasm');
    setThreads(2);
    expect(getThreads()).toBe(2);
    setThreads(1);
    expect(getThreads()).toBe(1);
  });

  it('setThreads rejects what is not a thread count', () => {
    for (const bad of [0, -1, 1.5, NaN, 65]) {
      expect(() => setThreads(bad)).toThrow(nb.ConfigError);
    }
    expect(() => setThreads(0)).toThrow('setThreads: expected an integer from 1 to 64, got 0');
  });

  it('training gives the js results to float32 rounding, on 1 and 2 threads', () => {
    const ref = train();
    nb.setBackend('wasm');
    for (const threads of [1, 2]) {
      setThreads(threads);
      const got = train();
      got.losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.losses[i]!))));
      got.params.forEach((p, i) => expect(relError(p, ref.params[i]!)).toBeLessThan(1e-5));
    }
    expect(ref.losses[3]).toBeLessThan(ref.losses[0]!);
  });

  describe('with every call sent to WebAssembly', () => {
    let restore = () => {};
    beforeAll(() => {
      restore = sendEverythingToWasm();
      setThreads(2);
    });
    afterAll(() => restore());

    it('passes the kernel conformance suite', () => {
      nb.setBackend('wasm');
      const k = kernels();
      const ref = referenceKernels();
      // The reference sums some float32 products in float64; a float32 accumulation over k = 65
      // terms of size up to 9 may differ by ~k·ε·9 ≈ 3e-5 where the sum cancels, so float32
      // products get 1e-4 here (the GEMM tests bound the norm-wise error by 1e-5).
      const tol = (c: { kernel: string; label: string; tol: number }) => (c.kernel === 'matmul' && c.label.includes('float32') ? 1e-4 : c.tol);
      const failures = conformanceCases()
        .map((c) => ({ c, r: compareOutputs(c.run(k), c.run(ref), tol(c)) }))
        .filter(({ r }) => !r.ok)
        .map(({ c, r }) => `${c.label}: ${r.detail}`);
      expect(failures).toEqual([]);
    });
  });
});

describe('fallbacks', () => {
  afterEach(() => {
    setWasmHost(realHost);
    resetRuntime();
  });
  const realHost: WasmHost = wasmHost();

  it('names the reason when the compiled kernels are missing, and setBackend refuses', () => {
    setWasmHost({ ...realHost, readBinary: () => null });
    resetRuntime();
    expect(wasmUnavailableReason()).toMatch(/compiled kernels are missing \(run `npm run build`\)/);
    expect(() => nb.setBackend('wasm')).toThrow(/cannot run here/);
    expect(nb.getBackend()).toBe('js');
  });

  it('installWasmBackend makes wasm the default where it runs, else keeps js with a one-line notice', () => {
    const lines: string[] = [];
    expect(installWasmBackend((l) => lines.push(l))).toBe(true);
    expect(nb.getBackend()).toBe('wasm');
    expect(lines).toEqual([]);
    nb.setBackend('js');
    setWasmHost({ ...realHost, readBinary: () => null });
    resetRuntime();
    expect(installWasmBackend((l) => lines.push(l))).toBe(false);
    expect(nb.getBackend()).toBe('js');
    expect(lines).toEqual(['nabla: using the js backend: the compiled kernels are missing (run `npm run build`)']);
  });

  it('initWasm loads kernels it could not read synchronously (as in a browser) and makes wasm active', async () => {
    setWasmHost({ ...realHost, readBinary: () => null });
    resetRuntime();
    expect(wasmUnavailableReason()).toMatch(/missing/);
    // A bundler (or a test) hands over the bytes; initWasm retries and installs the backend.
    for (const v of ['nabla-simd-mt', 'nabla-simd'] as const) provideBinary(v, readFileSync(join(root, 'dist/backend/wasm', `${v}.wasm`)));
    expect(await initWasm()).toBe(true);
    expect(nb.getBackend()).toBe('wasm');
    expect(runtime()!.kernels.variant).toBe('nabla-simd-mt');
  });

  it('without shared memory, runs the single-threaded build and says so', () => {
    resetRuntime({ shared: false });
    const lines: string[] = [];
    expect(installWasmBackend((l) => lines.push(l))).toBe(true);
    expect(lines).toEqual(['nabla: WebAssembly kernels on one thread: shared memory (SharedArrayBuffer) is unavailable here']);
    expect(runtime()!.kernels.shared).toBe(false);
    setThreads(2);
    expect(getThreads()).toBe(1);
    const a = nb.randn([300, 200]);
    const b = nb.randn([200, 100]);
    const got = a.matmul(b).data();
    nb.setBackend('js');
    expect(relError(got, a.matmul(b).data())).toBeLessThan(1e-5);
  });

  it('runs everything on the calling thread when workers fail to start', () => {
    setWasmHost({ ...realHost, startWorker: (_s, _d, onError) => (onError('no workers today'), { terminate() {} }) });
    resetRuntime();
    setThreads(4);
    expect(runtime()!.pool.readyWorkers()).toBe(0);
    nb.setBackend('wasm');
    const a = nb.randn([300, 200]);
    const b = nb.randn([200, 100]);
    const got = a.matmul(b).data();
    nb.setBackend('js');
    expect(relError(got, a.matmul(b).data())).toBeLessThan(1e-5);
  });
});

describe('workers and the process', () => {
  it('a script that used two threads exits by itself, promptly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-wasm-'));
    const script = join(dir, 'exit.ts');
    writeFileSync(
      script,
      [
        `import { wasmBackend, setThreads, getThreads } from ${JSON.stringify(join(root, 'src/backend/wasm/index.ts'))};`,
        `wasmBackend.init!();`,
        `setThreads(2);`,
        `const n = 256, a = new Float32Array(n * n).fill(1), c = new Float32Array(n * n);`,
        `const p = { batch: 1, m: n, n, k: n, transA: false, transB: false, aOffsets: new Int32Array(1), bOffsets: new Int32Array(1) };`,
        `wasmBackend.kernels.matmul!(a, a, c, p);`,
        `console.log(getThreads(), c[0]);`,
      ].join('\n'),
    );
    const started = Date.now();
    const res = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe('2 256');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
