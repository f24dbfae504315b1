/**
 * Training speed of a 784-128-10 MLP (the MNIST/Fashion-MNIST recipes' model) on random data:
 * one epoch of 60 000 samples at batch sizes 32 and 128, through `model.fit`, printing samples/s
 * and where the time goes (forward+backward+step vs the matrix products alone).
 *
 *   npx tsx scripts/mlp-speed.ts [--samples 60000] [--batch 32,128] [--backend js]
 */
import * as nb from '../src/index.node.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const samples = Number(arg('samples', '60000'));
const batches = arg('batch', '32,128').split(',').map(Number);
const backend = arg('backend', nb.getBackend());
if (!nb.listBackends().includes(backend)) {
  console.error(`backend '${backend}' is not registered; available: ${nb.listBackends().join(', ')}`);
  process.exit(1);
}
nb.setBackend(backend);

nb.seed(0);
const x = nb.rand([samples, 784]);
const y = nb.randint(0, 10, [samples]);

function mlp(): nb.Sequential {
  return nb.sequential([
    nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
    nb.layers.dense({ units: 10, activation: 'softmax' }),
  ]);
}

/** GEMM throughput of the forward and weight-gradient products of the first layer at this batch size. */
function gemmRate(batch: number): number {
  const a = nb.rand([batch, 784]);
  const w = nb.rand([784, 128]);
  const g = nb.rand([batch, 128]);
  const reps = Math.max(5, Math.floor(20000 / batch));
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    a.matmul(w);
    a.T.matmul(g);
  }
  const s = (performance.now() - t0) / 1000;
  return (reps * 2 * 2 * batch * 784 * 128) / s / 1e9;
}

console.log(`backend: ${nb.getBackend()}, ${samples} samples of 784 features, 10 classes`);
for (const batchSize of batches) {
  const model = mlp();
  model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const s = (performance.now() - t0) / 1000;
  // Products per sample: the first layer needs forward + weight gradient (its input needs none), the second all three.
  const flops = (samples * 2 * (2 * 784 * 128 + 3 * 128 * 10)) / 1e9;
  console.log(
    `batch ${String(batchSize).padStart(3)}: ${s.toFixed(1)} s/epoch, ${Math.round(samples / s)} samples/s, ` +
      `${(flops / s).toFixed(2)} GFLOP/s overall; first-layer GEMMs alone: ${gemmRate(batchSize).toFixed(2)} GFLOP/s`,
  );
}
