/**
 * Where the time of one training step goes (the CNN of `npm run bench` at batch 64, or with
 * `--model mlp` the MLP at batch 32): every kernel call is timed by the kernel (and op) it runs,
 * through a backend that wraps the active one; what is left of the step is autograd, allocation,
 * the optimizer and the layers' own JavaScript.
 *
 *   node --import tsx bench/profile.ts [--model cnn|mlp] [--batch 64] [--backend wasm|js] [--threads 2] [--steps 10]
 */
import { setFlagsFromString } from 'node:v8';
import * as nb from '../src/index.node.js';
import type { KernelName, Kernels } from '../src/backend/contract.js';
import { kernels as activeKernels } from '../src/backend/registry.js';
import { setThreads, wasmBackend } from '../src/backend/wasm/index.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const backend = opt('--backend', 'wasm');
const steps = Number(opt('--steps', '10'));
setFlagsFromString('--experimental-wasm-relaxed-simd');
if (!nb.listBackends().includes('wasm')) nb.registerBackend(wasmBackend);
nb.setBackend(backend);
if (backend === 'wasm') setThreads(Number(opt('--threads', '2')));

// Wrap the composed kernels of the active backend, timing each call under "kernel op".
const base = activeKernels();
const spent = new Map<string, { ms: number; calls: number }>();
const timed: Record<string, unknown> = {};
for (const name of Object.keys(base) as KernelName[]) {
  const f = base[name] as (...a: unknown[]) => void;
  timed[name] = (...a: unknown[]) => {
    let key = typeof a[0] === 'string' ? `${name} ${a[0]}` : name;
    if (name === 'matmul') {
      const p = a[3] as { m: number; n: number; k: number; transA: boolean; transB: boolean };
      key = `matmul ${p.m}×${p.k}${p.transA ? 'ᵀ' : ''} · ${p.k}×${p.n}${p.transB ? 'ᵀ' : ''}`;
    }
    const t0 = performance.now();
    f(...a);
    const e = spent.get(key) ?? { ms: 0, calls: 0 };
    e.ms += performance.now() - t0;
    e.calls++;
    spent.set(key, e);
  };
}
nb.registerBackend({ name: 'profiled', kernels: timed as Partial<Kernels> });
nb.setBackend('profiled');

const L = nb.layers;
const isMlp = opt('--model', 'cnn') === 'mlp';
const batch = Number(opt('--batch', isMlp ? '32' : '64'));
const model = isMlp
  ? nb.sequential([L.dense({ inputShape: [784], units: 128, activation: 'relu' }), L.dense({ units: 10, activation: 'softmax' })])
  : nb.models.notesCnn();
model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
nb.seed(0);
const x = nb.rand(isMlp ? [batch, 784] : [batch, 28, 28, 1]);
const y = nb.randint(0, 10, [batch]);
for (let i = 0; i < 3; i++) model.trainOnBatch(x, y);
spent.clear();
const t0 = performance.now();
for (let i = 0; i < steps; i++) model.trainOnBatch(x, y);
const total = (performance.now() - t0) / steps;

const rows = [...spent.entries()].map(([k, v]) => ({ k, ms: v.ms / steps, calls: v.calls / steps })).sort((a, b) => b.ms - a.ms);
const inKernels = rows.reduce((s, r) => s + r.ms, 0);
const line = (k: string, ms: number, calls: string) => `${k.padEnd(34)} ${ms.toFixed(2).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${calls}`;
console.log(`${isMlp ? 'MLP' : 'CNN'} training step, batch ${batch}, backend ${backend}: ${total.toFixed(2)} ms per step (${((batch / total) * 1000).toFixed(0)} samples/s)`);
for (const r of rows.filter((r) => r.ms >= total / 500)) console.log(line(r.k, r.ms, `${r.calls} call(s)`));
console.log(line('(outside kernels)', total - inKernels, 'autograd, allocation, optimizer, layers'));
