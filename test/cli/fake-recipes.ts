/** Tiny recipes for the CLI tests: no model API needed, but every part of the report is exercised. */
import * as nb from 'nabla';
import * as viz from '../../src/viz/index.js';
import type { Recipe } from '../../src/recipes/types.js';

export const fakeRecipe: Recipe = {
  name: 'fake-fit',
  description: 'Fits a line to noisy points with plain gradient descent (test recipe)',
  defaults: { epochs: 4, batchSize: 8, lr: 0.5 },
  async run(ctx) {
    const { x, y } = nb.datasets.linear({ n: 32, coef: [2], bias: -1, noise: 0.05 });
    let w = 0;
    let b = 0;
    const loss: number[] = [];
    const valLoss: number[] = [];
    const xs = Array.from(x.data());
    const ys = Array.from(y.data());
    const epochs = ctx.epochs ?? 4;
    for (let e = 0; e < epochs; e++) {
      let gw = 0;
      let gb = 0;
      let l = 0;
      xs.forEach((xi, i) => {
        const r = w * xi + b - ys[i]!;
        l += r * r;
        gw += 2 * r * xi;
        gb += 2 * r;
      });
      w -= (ctx.lr! * gw) / xs.length;
      b -= (ctx.lr! * gb) / xs.length;
      loss.push(l / xs.length);
      valLoss.push((l / xs.length) * 1.1);
      ctx.log(`epoch ${e + 1}/${epochs} - loss: ${(l / xs.length).toFixed(4)}`);
    }
    ctx.report.text('About', 'A line fitted by gradient descent.\nTwo parameters: w and b.');
    ctx.report.chart('Data and fit', viz.scatterChart({ x: xs, y: ys }, { title: 'points <&>' }));
    ctx.report.image('Some pixels', viz.imageGrid(nb.rand([4, 5, 5, 1]), { scale: 3 }), 'pixels');
    ctx.report.table('Parameters', ['name', 'value'], [['w', w], ['b', b]]);
    ctx.report.model('Layer   Params\nlinear  2', 'model');
    return {
      metrics: { mse: loss[loss.length - 1]!, w, b, seedSeen: ctx.seed, batchSize: ctx.batchSize!, perClass: { a: 1, b: 0.5 } },
      epochs,
      history: { loss, val_loss: valLoss },
    };
  },
};

export const failingRecipe: Recipe = {
  name: 'fake-fail',
  description: 'Always fails (test recipe)',
  defaults: {},
  async run(ctx) {
    ctx.log('about to fail');
    throw new nb.DataError('fake-fail: the data went missing');
  },
};
