/**
 * Speed of conv2d forward + backward for the course notes' CNN shapes (batch 64, 3×3 'same'):
 *   layer 1: [64, 28, 28, 1] → 32 filters,  layer 2: [64, 14, 14, 32] → 64 filters,
 * plus max pooling 2×2 on each output, with the active backend (js by default), and TensorFlow.js's
 * CPU backend (plain JavaScript, the nearest peer) on the same shapes for comparison.
 *
 *   npx tsx scripts/conv-speed.ts [--backend NAME] [--reps N] [--tfjs]
 *
 * TensorFlow.js's CPU gradients of conv2d are slow (tens of seconds for layer 2), so its timings
 * run only with --tfjs, from a single run each.
 */
import * as nb from '../src/index.node.js';
import { conv2d } from '../src/ops/conv.js';
import { maxPool2d } from '../src/ops/pool.js';
import { im2col } from '../src/primitives/conv.js';
import { windowGeometry } from '../src/primitives/conv-geometry.js';
import { matmulT, withGradMode } from '../src/primitives/index.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const reps = Number(opt('--reps', '5'));
const backend = opt('--backend', 'js');
if (backend === 'wasm' && !nb.listBackends().includes('wasm')) {
  const { wasmBackend } = await import('../src/backend/wasm/index.js');
  nb.registerBackend(wasmBackend);
}
if (backend !== 'js') nb.setBackend(backend);

/** Median and fastest of the runs (on a shared machine, noise only ever adds time). */
interface Timing {
  median: number;
  best: number;
}

function summarise(xs: number[]): Timing {
  const s = xs.slice().sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, best: s[0]! };
}

function time(fn: () => void, n = reps): Timing {
  if (n > 1) fn(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return summarise(ts);
}

interface Case {
  name: string;
  x: [number, number, number, number];
  k: [number, number, number, number];
}
const cases: Case[] = [
  { name: '28×28×1 → 32', x: [64, 28, 28, 1], k: [3, 3, 1, 32] },
  { name: '14×14×32 → 64', x: [64, 14, 14, 32], k: [3, 3, 32, 64] },
];

const fmt = (t: Timing) => `${t.median.toFixed(1).padStart(8)} ms (best ${t.best.toFixed(1).padStart(7)})`;
const gflops = (flops: number, t: Timing) => `${(flops / t.median / 1e6).toFixed(2)} GFLOP/s`;

console.log(`conv2d, 3×3 'same', float32, backend ${nb.getBackend()}, median of ${reps} runs (and the fastest)`);
for (const c of cases) {
  nb.seed(0);
  const x = nb.randn(c.x).requiresGrad_();
  const k = nb.randn(c.k).requiresGrad_();
  const [n, h, w, ci] = c.x;
  const co = c.k[3];
  const macs = n * h * w * 9 * ci * co;
  let y = conv2d(x, k, { padding: 'same' });
  const g = nb.randn([...y.shape]);
  const tFwd = time(() => {
    y = withGradMode(false, () => conv2d(x, k, { padding: 'same' }));
  });
  const tFwdBwd = time(() => {
    x.grad = null;
    k.grad = null;
    conv2d(x, k, { padding: 'same' }).backward(g);
  });
  // Where the time goes: the patch copy and the three matrix products of forward + backward.
  const geom = windowGeometry('conv2d', c.x, [3, 3], [1, 1], [1, 1], 'same');
  const xd = x.detach();
  const tIm2col = time(() => void withGradMode(false, () => im2col(xd, geom)));
  const cols = withGradMode(false, () => im2col(xd, geom)).reshape([n * h * w, 9 * ci]);
  const k2 = k.detach().reshape([9 * ci, co]);
  const g2 = g.reshape([n * h * w, co]);
  const tMm = time(() => void withGradMode(false, () => matmulT(cols, k2, false, false)));
  const tMmDx = time(() => void withGradMode(false, () => matmulT(g2, k2, false, true)));
  const tMmDw = time(() => void withGradMode(false, () => matmulT(cols, g2, true, false)));
  console.log(`\n${c.name} (batch ${n}; ${(macs / 1e6).toFixed(0)} M multiply-adds per product)`);
  console.log(`  forward            ${fmt(tFwd)}  ${gflops(2 * macs, tFwd)}`);
  console.log(`  forward + backward ${fmt(tFwdBwd)}  ${gflops(6 * macs, tFwdBwd)}`);
  console.log(`    im2col           ${fmt(tIm2col)}`);
  console.log(`    cols·W           ${fmt(tMm)}`);
  console.log(`    g·Wᵀ (dx)        ${fmt(tMmDx)}`);
  console.log(`    colsᵀ·g (dW)     ${fmt(tMmDw)}`);
  const tPool = time(() => {
    x.grad = null;
    maxPool2d(x, 2).backward(nb.ones([n, h / 2, w / 2, ci]));
  });
  console.log(`  maxPool2d 2×2 on the input, forward + backward ${fmt(tPool)}`);
}

if (args.includes('--tfjs')) {
  const tf = await import('@tensorflow/tfjs'); // the union package registers the gradients
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  console.log(`\nTensorFlow.js ${tf.version_core}, cpu backend (plain JavaScript), same shapes (forward + backward: one run)`);
  for (const c of cases) {
    const x = tf.randomNormal(c.x) as import('@tensorflow/tfjs').Tensor4D;
    const k = tf.randomNormal(c.k) as import('@tensorflow/tfjs').Tensor4D;
    const f = (a: import('@tensorflow/tfjs').Tensor4D, b: import('@tensorflow/tfjs').Tensor4D) => tf.conv2d(a, b, 1, 'same');
    const gradsOf = tf.grads((a, b) => f(a as never, b as never));
    const tFwd = time(() => tf.tidy(() => void f(x, k).dataSync()));
    const tFwdBwd = time(
      () =>
        tf.tidy(() => {
          const [dx, dk] = gradsOf([x, k]);
          dx!.dataSync();
          dk!.dataSync();
        }),
      1,
    );
    console.log(`  ${c.name}: forward ${fmt(tFwd)}, forward + backward ${fmt(tFwdBwd)}`);
  }
}
