/**
 * The notes' "neural net from scratch" on iris (seed 002), with no layers and no optimizer object:
 * forward propagation u = xW + b, y = f(u) (seed 000), softmax and cross-entropy, gradients from
 * backpropagation, and the gradient-descent update θ ← θ − η ∂L/∂θ written out.
 *
 *     npx tsx examples/iris-from-scratch.ts
 */
import * as nb from 'nabla';

nb.seed(0);
const iris = await nb.datasets.iris();
const { train, test } = iris.split({ testSize: 0.2, shuffle: false });

// Standardise with the training rows' statistics (seed 000: "input data standardization").
const scaler = nb.data.standardScaler().fit(train.x);
const xTrain = scaler.transform(train.x);
const xTest = scaler.transform(test.x);

// 4 → 16 (ReLU, He initialisation) → 3 (softmax, Xavier initialisation).
const w1 = nb.randn([4, 16]).mul(Math.sqrt(2 / 4)).detach().requiresGrad_();
const b1 = nb.zeros([16], { requiresGrad: true });
const w2 = nb.randn([16, 3]).mul(Math.sqrt(2 / (16 + 3))).detach().requiresGrad_();
const b2 = nb.zeros([3], { requiresGrad: true });
const params = [w1, b1, w2, b2];

const logits = (x: nb.Tensor) => x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
const lr = 0.1;

for (let epoch = 1; epoch <= 300; epoch++) {
  // Cross-entropy of the softmax: the mean of −log p(true class).
  const loss = nb.losses.sparseCategoricalCrossentropy(train.y, logits(xTrain), { fromLogits: true });
  for (const p of params) p.grad = null;
  loss.backward();
  nb.noGrad(() => {
    for (const p of params) {
      const d = p.data();
      const g = p.grad!.data();
      for (let i = 0; i < d.length; i++) d[i] -= lr * g[i]!;
    }
  });
  if (epoch % 50 === 0) console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}`);
}

const predicted = nb.noGrad(() => logits(xTest)).argmax(-1);
console.log(`test accuracy: ${nb.ml.accuracyScore(test.y, predicted).toFixed(4)} on ${test.y.shape[0]} flowers`);
