/**
 * The notes' first model (seed 002): one Dense unit learns Celsius → Fahrenheit.
 *
 *     npx tsx examples/celsius.ts
 */
import * as nb from 'nabla';

nb.seed(42);
const celsius = nb.tensor([[-40], [-10], [0], [8], [15], [22], [38]]);
const fahrenheit = nb.tensor([[-40], [14], [32], [46], [59], [72], [100]]);

const model = nb.sequential([nb.layers.dense({ units: 1, inputShape: [1] })]);
model.compile({ optimizer: nb.optim.adam({ learningRate: 0.1 }), loss: 'meanSquaredError' });
const history = await model.fit(celsius, fahrenheit, { epochs: 1000, verbose: 0 });
console.log(`final loss: ${history.history.loss!.at(-1)!.toFixed(4)}`);

const [kernel, bias] = model.getWeights();
console.log(`these are the layer variables: weight ${kernel!.item().toFixed(4)}, bias ${bias!.item().toFixed(4)}`);
console.log(`100 °C is ${(await model.predict(nb.tensor([[100]]))).item().toFixed(2)} °F`);
