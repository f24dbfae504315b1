/**
 * Handwritten digits with a dense network (seeds 001, 002): 8 000 training digits, 2 000 held
 * out, a progress bar while it trains, then the test accuracy, a few predictions and the model
 * saved to runs/mnist-example.
 *
 *     npx tsx examples/mnist-mlp.ts
 */
import * as nb from 'nabla';

nb.seed(42);
const { train, test } = await nb.datasets.mnist({ flatten: true }); // x: [n, 784] in [0, 1], y: [n]

const model = nb.sequential([
  nb.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
  nb.layers.dropout({ rate: 0.2 }),
  nb.layers.dense({ units: 10, activation: 'softmax' }),
]);
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
console.log(model.summary());

await model.fit(train.x, train.y, { epochs: 5, batchSize: 32, validationSplit: 0.1 });
const { accuracy } = await model.evaluate(test.x, test.y);
console.log(`test accuracy: ${accuracy!.toFixed(4)}`);

const first = test.x.slice([0, 0], [8, 784]);
const predicted = (await model.predict(first)).argmax(-1);
console.log('predicted:', Array.from(predicted.data()).join(' '));
console.log('true:     ', Array.from(test.y.data().subarray(0, 8)).join(' '));

await model.save('runs/mnist-example');
const again = await nb.loadModel('runs/mnist-example');
console.log('reloaded model agrees:', nb.ml.accuracyScore(predicted, (await again.predict(first)).argmax(-1)) === 1);
