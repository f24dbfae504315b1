/**
 * celsius: the notes' first model (seed 002, Udacity's "Intro to TensorFlow for Deep Learning"):
 * one Dense unit learns Fahrenheit = 1.8 · Celsius + 32 from seven pairs, with mean squared error
 * and Adam(0.1).
 *
 *     model = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
 *     model.compile(loss='mean_squared_error', optimizer=tf.keras.optimizers.Adam(0.1))
 *     history = model.fit(celsius_q, fahrenheit_a, epochs=500, verbose=False)
 *
 * The notes train 500 epochs, which leaves the bias near 29 (the notebook prints weight 1.82 and
 * bias 29.1, as this recipe does at --epochs 500): Adam's steps of about 0.1 per epoch are slow to
 * carry the bias from 0 to 32. The default is 1 000 epochs, where the unit reaches the least-squares
 * line of the seven (rounded) pairs, weight 1.798 and bias 31.95.
 */
import { Tensor } from '../tensor/tensor.js';
import { Dense } from '../nn/layers/dense.js';
import { dense } from '../nn/layers/index.js';
import { adam } from '../optim/optimizers.js';
import { sequential } from '../train/sequential.js';
import { lineChart, overlay, scatterChart } from '../viz/charts.js';
import { historyOf, progress, round, saveToRun } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

/** The notebook's training pairs (°C, °F); the Fahrenheit values are rounded to integers. */
export const CELSIUS = [-40, -10, 0, 8, 15, 22, 38];
export const FAHRENHEIT = [-40, 14, 32, 46, 59, 72, 100];

export const celsius: Recipe = {
  name: 'celsius',
  description: 'one Dense unit learns Celsius → Fahrenheit from seven pairs with Adam(0.1) (the notes’ first model)',
  defaults: { epochs: 1000, lr: 0.1 },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? 1000;
    const lr = ctx.lr ?? 0.1;
    const x = new Tensor(Float32Array.from(CELSIUS), [CELSIUS.length, 1], 'float32');
    const y = new Tensor(Float32Array.from(FAHRENHEIT), [FAHRENHEIT.length, 1], 'float32');

    const model = sequential([dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: adam({ learningRate: lr }), loss: 'meanSquaredError' });
    const history = await model.fit(x, y, { epochs, batchSize: ctx.batchSize ?? 32, shuffle: false, ...progress(ctx, epochs) });

    const layer = model.layers[0] as Dense;
    const weight = layer.kernel!.data()[0]!;
    const bias = layer.bias!.data()[0]!;
    const at100 = (await model.predict(new Tensor(Float32Array.from([100]), [1, 1], 'float32'))).data()[0]!;
    const loss = history.history.loss?.at(-1) ?? NaN;
    ctx.log(`learned: °F = ${weight.toFixed(4)} · °C + ${bias.toFixed(4)} (exact: 1.8 · °C + 32)`);
    ctx.log(`100 °C → ${at100.toFixed(2)} °F (exact: 212)`);

    ctx.report.text(
      'What the unit learned',
      `Weight ${weight.toFixed(4)} (exact 1.8) and bias ${bias.toFixed(4)} (exact 32) after ${history.epoch.length} epochs; ` +
        `the model predicts ${at100.toFixed(2)} °F for 100 °C. The seven pairs are rounded to whole degrees, so the best ` +
        `possible line through them is 1.7979 · °C + 31.95.`,
    );
    const line = [-50, 110];
    ctx.report.chart(
      'Training pairs and the learned line',
      overlay([
        scatterChart({ x: CELSIUS, y: FAHRENHEIT }, { xTitle: '°C', yTitle: '°F', size: 80 }),
        lineChart({ learned: line.map((c) => weight * c + bias), exact: line.map((c) => 1.8 * c + 32) }, { x: line, points: false }),
      ]),
    );
    await saveToRun(ctx, model);
    return {
      metrics: { weight: round(weight, 5), bias: round(bias, 4), loss: round(loss, 5), fahrenheitAt100: round(at100, 3) },
      epochs: history.epoch.length,
      history: historyOf(history),
    };
  },
};
