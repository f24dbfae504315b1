/**
 * Runs the full-size checks of nb.ml and nb.linalg (the "Done when" numbers) and prints
 * them with their timings:
 *
 *     npx tsx scripts/ml-check.ts            # everything
 *     npx tsx scripts/ml-check.ts --quick    # skip the MNIST runs (KNN 2 000 × 8 000, t-SNE 2 000)
 *     npx tsx scripts/ml-check.ts --wasm     # on the wasm backend (float32 matmul in WebAssembly)
 *
 * MNIST comes from the `mnist` package through the test helper (each digit's first 80 % to train).
 */
import * as nb from '../src/index.node.js';
import { gradientDescent, newton } from '../src/optim/newton.js';
import { iris } from '../test/ml/helpers/iris.js';
import { mnistDigits } from '../test/ml/helpers/mnist.js';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = {};
if (process.argv.includes('--wasm')) {
  const { wasmBackend } = await import('../src/backend/wasm/index.js');
  if (!nb.listBackends().includes('wasm')) nb.registerBackend(wasmBackend);
  nb.setBackend('wasm');
}
console.log(`backend: ${nb.getBackend()}`);
results.backend = nb.getBackend();

function timed<T>(label: string, fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`  ${label}: ${s.toFixed(2)} s`);
  return [out, s];
}

const fmt = (v: ArrayLike<number>, d = 4): string => `[${Array.from(v, (x) => x.toFixed(d)).join(', ')}]`;

// ---------------------------------------------------------------- iris
const { x: irisX, y: irisY } = iris();
console.log('Iris');
for (const svdSolver of ['svd', 'eigh'] as const) {
  const r = new nb.ml.PCA({ svdSolver }).fit(irisX).explainedVarianceRatio.data();
  console.log(`  PCA (${svdSolver}) explainedVarianceRatio ${fmt(r)}   (want [0.9246, 0.0531, 0.0171, 0.0052] ± 0.0005)`);
  results[`pcaIris_${svdSolver}`] = Array.from(r);
}
const km = new nb.ml.KMeans({ nClusters: 3, init: 'k-means++', nInit: 10, seed: 0 }).fit(irisX);
console.log(`  KMeans k=3 k-means++ nInit 10: inertia ${km.inertia.toFixed(4)}   (want ≤ 79.0)`);
results.kmeansIrisInertia = km.inertia;
const logit = new nb.ml.LogisticRegression({ maxIter: 500 }).fit(irisX, irisY);
console.log(`  LogisticRegression training accuracy ${logit.score(irisX, irisY).toFixed(4)}   (want ≥ 0.96)`);
results.logisticIrisAccuracy = logit.score(irisX, irisY);

// ---------------------------------------------------------------- regression
{
  const gen = new nb.Generator(1);
  const x = nb.randn([200, 3], { dtype: 'float64', generator: gen });
  const xd = x.data();
  const y = Array.from({ length: 200 }, (_, i) => 1.5 * xd[i * 3]! - 2 * xd[i * 3 + 1]! + 0.5 * xd[i * 3 + 2]! + 0.3 + 0.1 * gen.normal());
  const a = nb.concat([x, nb.ones([200, 1], 'float64')], 1);
  const exact = nb.linalg.solve(a.T.matmul(a), a.T.matmul(nb.tensor(y, { dtype: 'float64' }))).data();
  const diff = (m: { coef: nb.Tensor; intercept: number }): number => Math.max(...[...m.coef.data(), m.intercept].map((v, i) => Math.abs(v - exact[i]!)));
  const qr = new nb.ml.LinearRegression().fit(x, y);
  const [gd] = timed('LinearRegression gradient descent', () => new nb.ml.LinearRegression({ solver: 'gd', learningRate: 0.1, tol: 1e-10 }).fit(x, y));
  console.log(`  LinearRegression: |QR − closed form| ${diff(qr).toExponential(2)} (want ≤ 1e-9), |GD − closed form| ${diff(gd).toExponential(2)} (want ≤ 1e-3) after ${gd.nIter} steps`);
  results.linregQrError = diff(qr);
  results.linregGdError = diff(gd);
}

// ---------------------------------------------------------------- newton
{
  const gen = new nb.Generator(7);
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 200; i++) {
    const u = gen.normal();
    const v = 0.8 * u + 0.6 * gen.normal();
    rows.push([3 * u, 0.3 * v, 1]);
    ys.push(gen.random() < 1 / (1 + Math.exp(-(2 * u - v + 0.5))) ? 1 : 0);
  }
  const xt = nb.tensor(rows, { dtype: 'float64' });
  const yt = nb.tensor(ys, { dtype: 'float64' });
  const f = (w: nb.Tensor): nb.Tensor => {
    const z = xt.matmul(w);
    return z.softplus().sub(z.mul(yt)).mean();
  };
  const w0 = nb.zeros([3], 'float64');
  const target = newton(f, w0, { tol: 1e-10 }).loss + 1e-9;
  const nt = newton(f, w0, { targetLoss: target });
  const gd = gradientDescent(f, w0, { targetLoss: target, learningRate: 'optimal', maxIter: 5000 });
  console.log(`  Newton ${nt.iterations} iterations vs gradient descent (ε* = gᵀg / gᵀHg) ${gd.iterations} to the same loss`);
  results.newtonIterations = nt.iterations;
  results.gradientDescentIterations = gd.iterations;
}

// ---------------------------------------------------------------- MNIST
if (!quick) {
  console.log('MNIST digits (mnist package, 80 % / 20 % per digit)');
  const [{ train, test }] = timed('load', () => mnistDigits());
  console.log(`  train ${train.x.shape[0]}, test ${test.x.shape[0]}`);
  for (const [metric, weights] of [['euclidean', 'uniform'], ['cosine', 'distance']] as const) {
    const [acc, s] = timed(`KNN k=3 ${metric}/${weights}`, () =>
      new nb.ml.KNeighborsClassifier({ nNeighbors: 3, metric, weights }).fit(train.x, train.y).score(test.x, test.y),
    );
    console.log(`  KNN k=3 ${metric}, ${weights} weights: accuracy ${acc.toFixed(4)} in ${s.toFixed(1)} s   (want ≥ 0.94 in < 30 s)`);
    results[`knnAccuracy_${metric}_${weights}`] = acc;
    results[`knnSeconds_${metric}_${weights}`] = s;
  }
  const [emb, s] = timed('t-SNE (Barnes–Hut, 2 000 test digits, 1 000 iterations)', () => new nb.ml.TSNE({ seed: 0 }).fitTransform(test.x));
  const [tw, s2] = timed('trustworthiness', () => nb.ml.trustworthiness(test.x, emb, { nNeighbors: 5 }));
  console.log(`  t-SNE trustworthiness (k=5) ${tw.toFixed(4)} in ${(s + s2).toFixed(1)} s   (want ≥ 0.90 in < 120 s)`);
  results.tsneTrustworthiness = tw;
  results.tsneSeconds = s;
}

console.log(JSON.stringify(results));
