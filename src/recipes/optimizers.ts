/**
 * optimizers: the notes' "zoo of momentum methods" (seed 003's table: SGD, Momentum, NAG, Adagrad,
 * Adadelta, RMSprop, Adam; seed 004: momentum, Adagrad, Adam) side by side.
 *
 * 1. The same network (2-16-16-1, tanh, the same initial weights and the same batch order) learns
 *    the two-moons problem with each optimizer: loss curves per epoch.
 * 2. Each optimizer walks down Rosenbrock's valley f(x, y) = (1 − x)² + 100 (y − x²)² from
 *    (−1.5, 2) for 500 steps: the paths drawn over the loss surface ("a ball rolling down the loss
 *    landscape", seed 003), minimum at (1, 1).
 *
 * Learning rates are ones commonly used for each method on such problems (Adadelta at 1.0, its
 * original form, since Keras's 0.001 barely moves); `--lr` sets one rate for all.
 */
import { moons } from '../data/datasets/synthetic.js';
import { scalar, tensor } from '../ops/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { seed as seedGlobal } from '../random.js';
import { dense } from '../nn/layers/index.js';
import type { Optimizer } from '../optim/optimizer.js';
import { adadelta, adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd } from '../optim/optimizers.js';
import { sequential } from '../train/sequential.js';
import { barChart, lineChart } from '../viz/charts.js';
import { fieldLayer, layered, pathsLayer, sampleFunction, surfacePng } from './common/surface.js';
import { round } from './common/training.js';
import type { Recipe, RecipeResult } from './types.js';

const EPOCHS = 40;
const ROSENBROCK_STEPS = 500;
const START: readonly [number, number] = [-1.5, 2];

interface Contender {
  /** Learning rate for the network problem and for Rosenbrock's valley. */
  lr: { net: number; valley: number };
  make: (lr: number, params?: Tensor[]) => Optimizer;
}

const CONTENDERS: Record<string, Contender> = {
  sgd: { lr: { net: 0.1, valley: 1e-3 }, make: (lr, p) => sgd({ learningRate: lr }, p) },
  momentum: { lr: { net: 0.05, valley: 1e-3 }, make: (lr, p) => momentum({ learningRate: lr, momentum: 0.9 }, p) },
  nesterov: { lr: { net: 0.05, valley: 1e-3 }, make: (lr, p) => nesterov({ learningRate: lr, momentum: 0.9 }, p) },
  adagrad: { lr: { net: 0.1, valley: 1.5 }, make: (lr, p) => adagrad({ learningRate: lr }, p) },
  adadelta: { lr: { net: 1, valley: 1 }, make: (lr, p) => adadelta({ learningRate: lr }, p) },
  rmsprop: { lr: { net: 0.01, valley: 0.02 }, make: (lr, p) => rmsprop({ learningRate: lr }, p) },
  adam: { lr: { net: 0.01, valley: 0.1 }, make: (lr, p) => adam({ learningRate: lr }, p) },
  adamw: { lr: { net: 0.01, valley: 0.1 }, make: (lr, p) => adamw({ learningRate: lr }, p) },
};

function network() {
  return sequential([
    dense({ units: 16, activation: 'tanh', inputShape: [2] }),
    dense({ units: 16, activation: 'tanh' }),
    dense({ units: 1, activation: 'sigmoid' }),
  ]);
}

/** Rosenbrock's function on tensors (differentiable) and on numbers. */
const rosenbrock = (x: Tensor, y: Tensor): Tensor => scalar(1).sub(x).square().add(y.sub(x.square()).square().mul(100));
const rosenbrockValue = (x: number, y: number): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

/** The path of `opt` from START: positions after each step (START first) and f at each. */
function descend(make: (params: Tensor[]) => Optimizer, steps: number): { path: [number, number][]; values: number[] } {
  const x = tensor(START[0], { requiresGrad: true });
  const y = tensor(START[1], { requiresGrad: true });
  const opt = make([x, y]);
  const path: [number, number][] = [[START[0], START[1]]];
  const values: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const f = rosenbrock(x, y);
    values.push(f.item());
    f.backward();
    opt.step();
    path.push([x.item(), y.item()]);
  }
  values.push(rosenbrockValue(x.item(), y.item()));
  return { path, values };
}

export const optimizers: Recipe = {
  name: 'optimizers',
  description: 'SGD, momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW on one network and on Rosenbrock’s valley',
  defaults: { epochs: EPOCHS, batchSize: 32 },
  async run(ctx): Promise<RecipeResult> {
    const epochs = ctx.epochs ?? EPOCHS;
    const { x, y } = moons({ n: 400, noise: 0.2, seed: ctx.seed });
    const targets = y.cast('float32').reshape([y.shape[0]!, 1]);
    const initial = network().getWeights();

    const finalLoss: Record<string, number> = {};
    const finalAccuracy: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    for (const [name, c] of Object.entries(CONTENDERS)) {
      const model = network();
      model.setWeights(initial);
      model.compile({ optimizer: c.make(ctx.lr ?? c.lr.net), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      seedGlobal(ctx.seed); // the same batch order for every optimizer
      const h = await model.fit(x, targets, { epochs, batchSize: ctx.batchSize ?? 32, verbose: 0 });
      curves[name] = h.history.loss!.slice();
      finalLoss[name] = round(curves[name]!.at(-1)!, 5);
      finalAccuracy[name] = round(h.history.accuracy!.at(-1)!, 4);
      ctx.log(`${name.padEnd(9)} lr ${String(ctx.lr ?? c.lr.net).padEnd(5)} loss ${curves[name]![0]!.toFixed(4)} → ${finalLoss[name]!.toFixed(4)} after ${h.epoch.length} epochs (accuracy ${finalAccuracy[name]!.toFixed(3)})`);
    }

    const paths: Record<string, [number, number][]> = {};
    const valleyCurves: Record<string, number[]> = {};
    const rosenbrockLoss: Record<string, number> = {};
    for (const [name, c] of Object.entries(CONTENDERS)) {
      const { path, values } = descend((p) => c.make(ctx.lr ?? c.lr.valley, p), ROSENBROCK_STEPS);
      paths[name] = path;
      valleyCurves[name] = values;
      rosenbrockLoss[name] = Number(values.at(-1)!.toPrecision(5));
      const [px, py] = path.at(-1)!;
      ctx.log(`${name.padEnd(9)} Rosenbrock: (${START.join(', ')}) → (${px.toFixed(3)}, ${py.toFixed(3)}), f = ${values.at(-1)!.toExponential(3)} after ${ROSENBROCK_STEPS} steps`);
    }

    ctx.report.text(
      'The problems',
      `Network: 2-16-16-1 tanh network, 400 two-moons points (noise 0.2), batches of ${ctx.batchSize ?? 32}, binary cross-entropy, ` +
        `the same initial weights and batch order for every optimizer. Valley: Rosenbrock's function from (${START.join(', ')}), ${ROSENBROCK_STEPS} steps. ` +
        `Learning rates (network / valley): ${Object.entries(CONTENDERS).map(([n, c]) => `${n} ${ctx.lr ?? c.lr.net} / ${ctx.lr ?? c.lr.valley}`).join(', ')}.`,
    );
    ctx.report.chart('Training loss per epoch, every optimizer (two moons)', lineChart(curves, { xTitle: 'epoch', yTitle: 'loss', points: false, width: 520 }));
    ctx.report.chart('Final training loss (two moons)', barChart(finalLoss, { yTitle: 'loss after the last epoch' }));
    const surface = sampleFunction({ x: [-2, 2], y: [-1, 3] }, 48, (a, b) => Math.log10(rosenbrockValue(a, b) + 1e-3));
    const thin = Object.fromEntries(Object.entries(paths).map(([n, p]) => [n, p.filter((_, i) => i % 5 === 0 || i === p.length - 1)]));
    ctx.report.chart(
      'Paths on Rosenbrock’s valley (colour: log₁₀ f; minimum at (1, 1))',
      layered(
        [
          fieldLayer(surface, { scheme: 'greys', title: 'log₁₀ f', xTitle: 'x', yTitle: 'y' }),
          pathsLayer(thin, { title: 'optimizer' }),
          {
            data: { values: [{ x: 1, y: 1, label: 'minimum' }, { x: START[0], y: START[1], label: 'start' }] },
            mark: { type: 'point', shape: 'cross', size: 160, color: 'black', strokeWidth: 2 },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
          },
        ],
        { width: 460, height: 460 },
      ),
    );
    const fine = sampleFunction({ x: [-2, 2], y: [-1, 3] }, 120, (a, b) => Math.log10(rosenbrockValue(a, b) + 1e-3));
    const colours = ['blue', 'orange', 'red', 'teal', 'green', 'yellow', 'purple', 'pink'];
    ctx.report.image(
      `The same paths as a PNG (darker: higher f); ${Object.keys(paths).map((n, i) => `${n} ${colours[i]}`).join(', ')}; a dot marks where each ended`,
      surfacePng(fine, { scale: 4, domain: 'auto', colors: 'greys', paths }),
      'rosenbrock-paths.png',
    );
    ctx.report.chart(
      'f along each path (log scale)',
      lineChart(
        Object.fromEntries(Object.entries(valleyCurves).map(([n, v]) => [n, v.map((f) => Math.max(f, 1e-12))])),
        { xTitle: 'step', yTitle: 'f(x, y)', logY: true, points: false, width: 520 },
      ),
    );
    return {
      metrics: { finalLoss, finalAccuracy, rosenbrockLoss },
      epochs,
      history: Object.fromEntries(Object.entries(curves).map(([n, v]) => [`loss_${n}`, v])),
    };
  },
};
