/**
 * Speed of the convolution paths on the course notes' CNN shapes (batch 64, 3×3 'same'), with the
 * active backend (wasm by default in Node). Paths, timed in interleaved rounds so machine load hits
 * them alike (compare the ratios; absolute times depend on the load):
 *   im2col  — im2col → matmul → reshape, then bias add and relu as ops (the path before the fused kernels);
 *   fused   — the fused convolution primitives, bias add and relu as ops;
 *   fused+e — the fused convolution with bias and relu in its kernel's epilogue (`conv2d(x, k, { bias, activation: 'relu' })`).
 *
 * Sections (`--only layer,cnn,model,breakdown,tfjs`; default layer,cnn,model):
 *   layer     — each conv layer alone ([64,28,28,1]→32 and [64,14,14,32]→64), forward and forward + backward;
 *   cnn       — the notes' CNN written with ops (Conv32-Pool-Conv64-Pool-Dense128-Dense10): forward + backward
 *               at batch 64 (no optimizer) and inference at batch 256;
 *   model     — the same CNN as `nb.sequential` layers (trainOnBatch with Adam at batch 64, predict at 256):
 *               im2col vs fused (layers add bias and activation themselves);
 *   breakdown — the im2col path's parts (im2col and its three products) and max pooling;
 *   tfjs      — TensorFlow.js's CPU backend on the layer shapes (slow: one run each).
 *
 *   npx tsx scripts/conv-speed.ts [--backend NAME] [--reps N] [--only SECTIONS]
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/conv-speed.ts   (Node 20: the relaxed-SIMD kernels, as `npm run bench`)
 */
import * as nb from '../src/index.node.js';
import { conv2d } from '../src/ops/conv.js';
import { maxPool2d } from '../src/ops/pool.js';
import { convRouting, im2col } from '../src/primitives/conv.js';
import { windowGeometry } from '../src/primitives/conv-geometry.js';
import { matmulT, withGradMode } from '../src/primitives/index.js';
import { runtime } from '../src/backend/wasm/runtime.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const reps = Number(opt('--reps', '7'));
const backend = opt('--backend', nb.getBackend());
const only = new Set(opt('--only', 'layer,cnn,model').split(','));
if (backend === 'wasm' && !nb.listBackends().includes('wasm')) {
  const { wasmBackend } = await import('../src/backend/wasm/index.js');
  nb.registerBackend(wasmBackend);
}
if (backend !== nb.getBackend()) nb.setBackend(backend);

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

type PathName = 'im2col' | 'fused' | 'fused+e';
const ROUTES: Record<PathName, { fused: boolean; epilogue: boolean }> = {
  im2col: { fused: false, epilogue: false },
  fused: { fused: true, epilogue: false },
  'fused+e': { fused: true, epilogue: true },
};

/** Times `fn` under each path, one call per path per round (after a warm-up round), so load drifts hit all alike. */
function comparePaths(paths: PathName[], fn: () => void): Map<PathName, Timing> {
  const runs = new Map<PathName, number[]>(paths.map((p) => [p, []]));
  for (let round = -1; round < reps; round++) {
    for (const p of paths) {
      Object.assign(convRouting, ROUTES[p]);
      const t0 = performance.now();
      fn();
      if (round >= 0) runs.get(p)!.push(performance.now() - t0);
    }
  }
  Object.assign(convRouting, ROUTES['fused+e']);
  return new Map([...runs].map(([p, ts]) => [p, summarise(ts)]));
}

const fmt = (t: Timing) => `${t.median.toFixed(1).padStart(8)} ms (best ${t.best.toFixed(1).padStart(7)})`;

/** One line per path, with the speed-up over the first path (ratio of medians). */
function printPaths(title: string, ts: Map<PathName, Timing>, samples?: number): void {
  console.log(`  ${title}`);
  const base = [...ts.values()][0]!;
  for (const [p, t] of ts) {
    const rate = samples ? `  ${(samples / (t.median / 1000)).toFixed(0).padStart(6)} samples/s` : '';
    console.log(`    ${p.padEnd(8)} ${fmt(t)}${rate}  ×${(base.median / t.median).toFixed(2)}`);
  }
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

const kernelsInfo = runtime()?.kernels;
const variant = nb.getBackend() === 'wasm' && kernelsInfo ? ` (${kernelsInfo.relaxed ? 'relaxed SIMD' : 'SIMD'}, ${nb.getThreads()} thread(s))` : '';
console.log(`conv2d paths, float32, backend ${nb.getBackend()}${variant}, median of ${reps} interleaved rounds (and the fastest); ×: speed-up over the first path`);

if (only.has('layer')) {
  for (const c of cases) {
    nb.seed(0);
    const x = nb.randn(c.x).requiresGrad_();
    const k = nb.randn(c.k).mul(0.1).requiresGrad_();
    const b = nb.randn([c.k[3]]).mul(0.1).requiresGrad_();
    const g = nb.randn([c.x[0], c.x[1], c.x[2], c.k[3]]);
    console.log(`\n${c.name} (batch ${c.x[0]}), with bias and relu`);
    const layer = () => conv2d(x, k, { padding: 'same', bias: b, activation: 'relu' });
    printPaths('forward', comparePaths(['im2col', 'fused', 'fused+e'], () => void nb.noGrad(layer)));
    printPaths(
      'forward + backward',
      comparePaths(['im2col', 'fused', 'fused+e'], () => {
        x.grad = k.grad = b.grad = null;
        layer().backward(g);
      }),
    );
  }
}

/** The notes' CNN on ops, parameters as plain tensors. */
function cnnParams(): nb.Tensor[] {
  nb.seed(1);
  const he = (shape: number[], fanIn: number) => nb.randn(shape).mul(Math.sqrt(2 / fanIn)).requiresGrad_();
  return [he([3, 3, 1, 32], 9), nb.zeros([32]).requiresGrad_(), he([3, 3, 32, 64], 288), nb.zeros([64]).requiresGrad_(), he([3136, 128], 3136), nb.zeros([128]).requiresGrad_(), he([128, 10], 128), nb.zeros([10]).requiresGrad_()];
}

function cnnLogits(x: nb.Tensor, [w1, b1, w2, b2, d1, c1, d2, c2]: nb.Tensor[]): nb.Tensor {
  let h = maxPool2d(conv2d(x, w1!, { padding: 'same', bias: b1!, activation: 'relu' }), 2);
  h = maxPool2d(conv2d(h, w2!, { padding: 'same', bias: b2!, activation: 'relu' }), 2);
  const f = h.reshape([x.shape[0]!, 3136]);
  return f.matmul(d1!).add(c1!).relu().matmul(d2!).add(c2!);
}

const labels = (n: number) => nb.tensor(Int32Array.from({ length: n }, (_, i) => (i * 7) % 10), { shape: [n], dtype: 'int32' });
const images = (n: number, seed: number) => {
  nb.seed(seed);
  return nb.rand([n, 28, 28, 1]);
};

if (only.has('cnn')) {
  console.log('\nThe notes\' CNN on ops (Conv32-Pool-Conv64-Pool-Dense128-Dense10)');
  const params = cnnParams();
  const x64 = images(64, 2);
  const y64 = labels(64);
  const step = () => {
    for (const p of params) p.grad = null;
    const logits = cnnLogits(x64, params);
    nb.gather(nb.logSoftmax(logits, -1), y64.reshape([64, 1]), 1).mean().neg().backward();
  };
  printPaths('forward + backward, batch 64', comparePaths(['im2col', 'fused', 'fused+e'], step), 64);
  const x256 = images(256, 3);
  printPaths('inference, batch 256', comparePaths(['im2col', 'fused', 'fused+e'], () => void nb.noGrad(() => cnnLogits(x256, params))), 256);
}

if (only.has('model')) {
  const model = nb.models.notesCnn();
  model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
  console.log('\nThe same CNN as nb.sequential layers (the layers add bias and activation after nb.conv2d)');
  const x64 = images(64, 4);
  const y64 = labels(64);
  printPaths('trainOnBatch (Adam), batch 64', comparePaths(['im2col', 'fused'], () => void model.trainOnBatch(x64, y64)), 64);
  const x256 = images(256, 5);
  printPaths('inference, batch 256', comparePaths(['im2col', 'fused'], () => void nb.noGrad(() => model.call(x256, { training: false }))), 256);
}

if (only.has('breakdown')) {
  Object.assign(convRouting, ROUTES.im2col);
  console.log('\nThe im2col path, part by part');
  for (const c of cases) {
    nb.seed(0);
    const x = nb.randn(c.x).requiresGrad_();
    const k = nb.randn(c.k);
    const [n, h, w, ci] = c.x;
    const co = c.k[3];
    const g = nb.randn([n, h, w, co]);
    const geom = windowGeometry('conv2d', c.x, [3, 3], [1, 1], [1, 1], 'same');
    const xd = x.detach();
    const cols = withGradMode(false, () => im2col(xd, geom)).reshape([n * h * w, 9 * ci]);
    const k2 = k.reshape([9 * ci, co]);
    const g2 = g.reshape([n * h * w, co]);
    console.log(`  ${c.name}`);
    console.log(`    im2col           ${fmt(time(() => void withGradMode(false, () => im2col(xd, geom))))}`);
    console.log(`    cols·W           ${fmt(time(() => void withGradMode(false, () => matmulT(cols, k2, false, false))))}`);
    console.log(`    g·Wᵀ (dx)        ${fmt(time(() => void withGradMode(false, () => matmulT(g2, k2, false, true))))}`);
    console.log(`    colsᵀ·g (dW)     ${fmt(time(() => void withGradMode(false, () => matmulT(cols, g2, true, false))))}`);
    const tPool = time(() => {
      x.grad = null;
      maxPool2d(x, 2).backward(nb.ones([n, h / 2, w / 2, ci]));
    });
    console.log(`    maxPool2d 2×2 on the input, forward + backward ${fmt(tPool)}`);
  }
  Object.assign(convRouting, ROUTES['fused+e']);
}

if (only.has('tfjs')) {
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
